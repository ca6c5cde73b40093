//! What every indicator starts from: the counted activities under the definitions in force, the
//! as-of date, and each person's registry entry and age.

use serde::{Deserialize, Serialize};

use crate::Dataset;
use crate::definitions::DefinitionOptions;
use crate::schema::headers::normalize;
use crate::schema::registry::RegistryEntry;
use crate::schema::tables::NONE;

/// Where the as-of date came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum AsOfSource {
    /// Given by the host.
    Host,
    /// Not given: the last counted activity date stands in.
    LastActivity,
    /// Neither: no date-based indicator is computed.
    None,
}

/// One counted activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    /// Person code.
    pub person: u32,
    /// Days from CE.
    pub day: i32,
    /// Hours in millionths.
    pub micro: i64,
    /// Department code (activity log dictionary) or `NONE`.
    pub department: u32,
    /// Organisation code or `NONE`.
    pub organisation: u32,
    /// Role code or `NONE`.
    pub role: u32,
}

/// One team or anonymous entry of a counted status (V8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartyRow {
    /// Days from CE.
    pub day: i32,
    /// Hours in millionths, as logged.
    pub micro: i64,
    /// People the row stands for.
    pub size: u32,
    /// No volunteer id.
    pub anonymous: bool,
}

/// The data as the definitions see it.
#[derive(Debug, Clone)]
pub struct Prepared<'a> {
    /// The dataset.
    pub ds: &'a Dataset,
    /// The definitions.
    pub defs: &'a DefinitionOptions,
    /// Activities of a counted status that count as volunteering (training only when
    /// `countTrainingHours`), sorted by day.
    pub rows: Vec<Row>,
    /// Hours (millionths) of counted-status training activities, whether or not counted.
    pub training_rows: Vec<Row>,
    /// The as-of date (days from CE).
    pub as_of: Option<i32>,
    /// Where it came from.
    pub as_of_source: AsOfSource,
    /// Registry entry index of each person code, or `NONE`.
    pub registry_of: Vec<u32>,
    /// V8: team and anonymous entries of a counted status (training only when counted),
    /// sorted; never part of `rows`' people.
    pub parties: Vec<PartyRow>,
}

impl<'a> Prepared<'a> {
    /// Applies the definitions to the dataset.
    pub fn new(ds: &'a Dataset, defs: &'a DefinitionOptions) -> Self {
        let a = &ds.activities;
        let keywords: Vec<String> = defs
            .training_role_keywords
            .iter()
            .map(|k| normalize(k))
            .filter(|k| !k.is_empty())
            .collect();
        let training_role: Vec<bool> = (0..a.roles.len())
            .map(|r| {
                let name = normalize(a.roles.get(r as u32).unwrap_or(""));
                keywords.iter().any(|k| name.contains(k.as_str()))
            })
            .collect();
        let mut rows = Vec::with_capacity(a.len());
        let mut training_rows = Vec::new();
        for i in 0..a.len() {
            if !defs.counted_statuses.contains(&a.status[i]) {
                continue;
            }
            let row = Row {
                person: a.volunteer[i],
                day: a.day[i],
                micro: a.micro_hours[i],
                department: a.department[i],
                organisation: a.organisation[i],
                role: a.role[i],
            };
            let training = row.role != NONE && training_role[row.role as usize];
            if training {
                training_rows.push(row);
            }
            if !training || defs.count_training_hours {
                rows.push(row);
            }
        }
        // Sorted by day (then by every field, so that row order cannot matter): a period's rows
        // are one contiguous slice, found by binary search.
        sort_rows(&mut rows);
        sort_rows(&mut training_rows);
        let (as_of, as_of_source) = match ds.as_of {
            Some(d) => (
                Some(chrono::Datelike::num_days_from_ce(&d)),
                AsOfSource::Host,
            ),
            None => match rows.iter().map(|r| r.day).max() {
                Some(d) => (Some(d), AsOfSource::LastActivity),
                None => (None, AsOfSource::None),
            },
        };
        let mut parties: Vec<PartyRow> = a
            .parties
            .iter()
            .filter(|e| defs.counted_statuses.contains(&e.status))
            .filter(|e| {
                let training = e.role != NONE && training_role[e.role as usize];
                !training || defs.count_training_hours
            })
            .map(|e| PartyRow {
                day: e.day,
                micro: e.micro,
                size: e.size,
                anonymous: e.volunteer == NONE,
            })
            .collect();
        parties.sort_unstable_by_key(|r| (r.day, r.anonymous, r.size, r.micro));
        let mut registry_of = vec![NONE; ds.people.len()];
        for (k, e) in ds.registry.entries.iter().enumerate() {
            if let Some(slot) = registry_of.get_mut(e.person as usize) {
                *slot = u32::try_from(k).unwrap_or(NONE);
            }
        }
        Prepared {
            ds,
            defs,
            rows,
            training_rows,
            as_of,
            as_of_source,
            registry_of,
            parties,
        }
    }

    /// The registry entry of `person`.
    pub fn entry(&self, person: u32) -> Option<&'a RegistryEntry> {
        let k = *self.registry_of.get(person as usize)?;
        if k == NONE {
            None
        } else {
            self.ds.registry.entries.get(k as usize)
        }
    }

    /// Age of `person` in the as-of year: as-of year − birth year, else the age as written.
    pub fn age(&self, person: u32) -> Option<i32> {
        let e = self.entry(person)?;
        match (e.birth_year, self.as_of) {
            (Some(y), Some(t)) => Some(super::period::year_of(t) - y),
            _ => e.age.map(i32::from),
        }
    }

    /// Whether `person` is a senior (age ≥ `seniorAge`); `None` when the age is unknown.
    pub fn is_senior(&self, person: u32) -> Option<bool> {
        self.age(person)
            .map(|a| a >= i32::try_from(self.defs.senior_age).unwrap_or(i32::MAX))
    }

    /// Rows dated in [from, to].
    pub fn rows_between(&self, from: i32, to: i32) -> impl Iterator<Item = &Row> {
        let lo = self.rows.partition_point(|r| r.day < from);
        let hi = self.rows.partition_point(|r| r.day <= to).max(lo);
        self.rows[lo..hi].iter()
    }
}

/// Sorts rows by day, then by every other field (the order of [`Prepared::rows`]). Rows of
/// equal key are equal, so the result is the one `sort_unstable_by_key` gives; it is reached
/// by distributing the rows to their days first (a counting sort: days span a few thousand
/// values) and sorting each day's rows, which costs far less than one sort of every row.
pub(crate) fn sort_rows(rows: &mut Vec<Row>) {
    let key = |r: &Row| {
        (
            r.day,
            r.person,
            r.micro,
            r.department,
            r.organisation,
            r.role,
        )
    };
    let (Some(lo), Some(hi)) = (
        rows.iter().map(|r| r.day).min(),
        rows.iter().map(|r| r.day).max(),
    ) else {
        return;
    };
    let span = usize::try_from(i64::from(hi) - i64::from(lo) + 1).unwrap_or(usize::MAX);
    let day = |r: &Row| usize::try_from(i64::from(r.day) - i64::from(lo)).unwrap_or(0);
    // Days spread far wider than the rows: one sort is cheaper than the day table.
    if span > rows.len().saturating_mul(4).max(1 << 16) {
        rows.sort_unstable_by_key(key);
        return;
    }
    // `starts[d]..starts[d + 1]`: the positions of day `lo + d` once distributed.
    let mut starts = vec![0usize; span + 1];
    for r in rows.iter() {
        starts[day(r) + 1] += 1;
    }
    for d in 0..span {
        starts[d + 1] += starts[d];
    }
    if !rows.is_sorted_by_key(|r| r.day) {
        let mut next = starts.clone();
        let mut out = rows.clone();
        for r in rows.iter() {
            let slot = &mut next[day(r)];
            out[*slot] = *r;
            *slot += 1;
        }
        *rows = out;
    }
    for w in starts.windows(2) {
        rows[w[0]..w[1]].sort_unstable_by_key(key);
    }
}

/// Sorted, distinct persons of an iterator.
pub fn people<'r>(rows: impl Iterator<Item = &'r Row>) -> Vec<u32> {
    let mut v: Vec<u32> = rows.map(|r| r.person).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Value at quantile `q` of sorted values, linear interpolation between order statistics
/// (Hyndman & Fan type 7, R's default and numpy's `linear`).
pub fn quantile_sorted(sorted: &[f64], q: f64) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
    let lo = libm::floor(h) as usize;
    let hi = (lo + 1).min(n - 1);
    Some(sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo]))
}

#[cfg(test)]
mod tests {
    use super::{Row, sort_rows};

    /// Rows from a small linear congruential generator: `days` distinct days from `day0`,
    /// persons, hours and codes drawn from small ranges so that equal keys occur.
    fn rows(n: usize, day0: i32, days: u32, seed: u64) -> Vec<Row> {
        let mut x = seed;
        let mut next = |m: u32| {
            x = x
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            u32::try_from((x >> 33) % u64::from(m)).unwrap_or(0)
        };
        (0..n)
            .map(|_| Row {
                day: day0 + i32::try_from(next(days)).unwrap_or(0),
                person: next(50),
                micro: i64::from(next(4)) * 250_000,
                department: next(3),
                organisation: next(2),
                role: next(2),
            })
            .collect()
    }

    fn reference(mut v: Vec<Row>) -> Vec<Row> {
        v.sort_unstable_by_key(|r| {
            (
                r.day,
                r.person,
                r.micro,
                r.department,
                r.organisation,
                r.role,
            )
        });
        v
    }

    #[test]
    fn sort_rows_equals_one_full_sort() {
        // Shuffled days, days already in order (the usual log), one day, days far apart (the
        // plain sort), and no rows.
        let mut day_ordered = rows(5_000, 738_000, 400, 3);
        day_ordered.sort_by_key(|r| r.day);
        let mut wide = rows(300, 0, 1, 4);
        for (i, r) in wide.iter_mut().enumerate() {
            r.day = i32::try_from(i).unwrap_or(0) * 100_000 - 3_000_000;
        }
        for input in [
            rows(5_000, 738_000, 400, 1),
            rows(2_000, -20, 40, 2),
            day_ordered,
            rows(1_000, 5, 1, 5),
            wide,
            Vec::new(),
        ] {
            let mut got = input.clone();
            sort_rows(&mut got);
            assert_eq!(got, reference(input));
        }
    }
}
