//! Volume and contribution (V1, V3, V4, V5, V6, V7, V9, V10, V11), over the reporting period
//! and as a series of periods.
//!
//! The **reporting period** P is the latest complete period of the chosen type that ends on or
//! before the as-of date (even when nobody volunteered in it); when every counted activity is
//! later than that period, the period holding the as-of date (flagged partial). Formulas (mission anchors §c):
//! - V1: N_V = |{i : i has a counted activity in P}|; sub-totals N_V,u by department,
//!   organisation and role, which do not add up (Σ_u N_V,u ≥ N_V).
//! - V3: H = Σ hours of counted activities in P; training hours reported apart.
//! - V4: mean H ÷ N_V, median and P90 of h_i (type 7 quantile).
//! - V7: C_i = distinct days with a counted activity; mean session length = H ÷ Σ C_i.
//! - V9: FTE = H ÷ (H_FT × months(P) ÷ 12).
//! - V10: [H × w_low × (1 + f), H × w_high × (1 + f)]; V11: V10 ÷ program cost.
//! - V5 and V6 use the last 12 complete months (see [`Intensity`]).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::base::{Prepared, Row, people, quantile_sorted};
use super::period::{Periods, first_day, last_twelve_months, month_of};
use super::{Proportion, complementary, none, primary, proportion, proportion_forced};
use crate::privacy::suppress::{Published, Suppressor};
use crate::schema::coerce::{MICRO, iso};
use crate::schema::tables::{Dict, NONE};

/// A sub-total for one unit (department, organisation or role).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Subtotal {
    /// The unit's name; `null` for activities that name none ("not supplied").
    pub label: Option<String>,
    /// Distinct volunteers in the unit (not additive across units).
    pub volunteers: Published<u64>,
    /// Counted hours in the unit (additive).
    pub hours: Published<f64>,
}

/// An interval of money.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct ValueRange {
    /// Low end.
    pub low: f64,
    /// High end.
    pub high: f64,
}

/// V1, V3, V4, V7, V9, V10, V11 over the reporting period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Volume {
    /// The reporting period's label.
    pub period: String,
    /// First day (ISO).
    pub from: String,
    /// Last day (ISO).
    pub to: String,
    /// The period has not ended by the as-of date.
    pub partial: bool,
    /// V1.
    pub volunteers: Published<u64>,
    /// V1 by department (not additive).
    pub by_department: Vec<Subtotal>,
    /// V1 by organisation (not additive).
    pub by_organisation: Vec<Subtotal>,
    /// V1 by role (not additive).
    pub by_role: Vec<Subtotal>,
    /// V3: counted hours.
    pub hours: Published<f64>,
    /// V3: training hours of counted statuses (in `hours` only when training counts).
    pub training_hours: Published<f64>,
    /// V4: mean hours per volunteer.
    pub mean_hours: Published<f64>,
    /// V4: median.
    pub median_hours: Published<f64>,
    /// V4: 90th percentile.
    pub p90_hours: Published<f64>,
    /// V7: Σ C_i, distinct volunteer-days.
    pub sessions: Published<u64>,
    /// V7: H ÷ Σ C_i.
    pub mean_session_hours: Published<f64>,
    /// V9.
    pub fte: Published<f64>,
    /// V10 (`null` without a wage basis).
    pub economic_value: Option<Published<ValueRange>>,
    /// V11 (`null` without a wage basis and a program cost).
    pub rovi: Option<Published<ValueRange>>,
}

/// One period of the V1 / V3 / V9 series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct VolumePoint {
    /// Label.
    pub period: String,
    /// Not ended by the as-of date.
    pub partial: bool,
    /// V1.
    pub volunteers: Published<u64>,
    /// V3.
    pub hours: Published<f64>,
    /// V9.
    pub fte: Published<f64>,
}

/// V5 and V6 over the last 12 complete months.
///
/// For each volunteer with a counted activity in the window: **one-time** = exactly one session;
/// else **irregular** = coefficient of variation (population SD ÷ mean) of the 12 monthly hour
/// totals above `irregularCv`; else **up to 9 h** when mean monthly hours (total ÷ 12) < 10,
/// else **10+ h**. **Regular** (V6) = active in at least `regularMinMonths` of the 12 months.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Intensity {
    /// First month (`YYYY-MM`).
    pub from: String,
    /// Last month.
    pub to: String,
    /// Volunteers in the window.
    pub volunteers: Published<u64>,
    /// V5 one-time.
    pub one_time: Proportion,
    /// V5 irregular.
    pub irregular: Proportion,
    /// V5 up to 9 hours a month.
    pub up_to_9_hours: Proportion,
    /// V5 10 or more hours a month.
    pub ten_plus_hours: Proportion,
    /// V6 regular volunteers.
    pub regular: Proportion,
}

pub(crate) fn hours(micro: i64) -> f64 {
    micro as f64 / MICRO as f64
}

fn iso_day(day: i32) -> String {
    chrono::NaiveDate::from_num_days_from_ce_opt(day)
        .map(iso)
        .unwrap_or_default()
}

fn month_label(m: i32) -> String {
    format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
}

/// V9 for `h` hours over one period; `None` when the full-time hours are not a positive number.
fn fte_of(p: &Prepared<'_>, periods: &Periods, h: f64) -> Option<f64> {
    let ft = p.defs.full_time_hours_per_year;
    (ft.is_finite() && ft > 0.0).then(|| h / (ft * f64::from(periods.months() as u32) / 12.0))
}

/// The reporting period's key, or `None` without an as-of date.
pub fn reporting_period(p: &Prepared<'_>, periods: &Periods) -> Option<i32> {
    let t = p.as_of?;
    let current = periods.key(month_of(t));
    let last_complete = if periods.days(current).1 <= t {
        current
    } else {
        current - 1
    };
    let end = periods.days(last_complete).1;
    if p.rows.iter().any(|r| r.day <= end) {
        Some(last_complete)
    } else {
        Some(current)
    }
}

/// The period scheme of the definitions.
pub fn periods_of(p: &Prepared<'_>) -> Periods {
    Periods::new(p.defs.period_type, p.defs.fiscal_year_start_month)
}

fn subtotals(
    rows: &[&Row],
    unit: impl Fn(&Row) -> u32,
    dict: &Dict,
    sup: &mut Suppressor,
    cell: &str,
) -> Vec<Subtotal> {
    // Gathered per code first (a label is looked up once per unit, not once per row), then
    // merged by label.
    let mut by_code: rustc_hash::FxHashMap<u32, (Vec<u32>, i64)> = Default::default();
    for r in rows {
        let e = by_code.entry(unit(r)).or_default();
        e.0.push(r.person);
        e.1 += r.micro;
    }
    let mut by: BTreeMap<Option<String>, (Vec<u32>, i64)> = BTreeMap::new();
    for (u, (ps, micro)) in by_code {
        let label = if u == NONE {
            None
        } else {
            dict.get(u).map(str::to_owned)
        };
        let e = by.entry(label).or_default();
        e.0.extend(ps);
        e.1 += micro;
    }
    let units: Vec<(Option<String>, u64, i64)> = by
        .into_iter()
        .map(|(label, (mut ps, micro))| {
            ps.sort_unstable();
            ps.dedup();
            (label, ps.len() as u64, micro)
        })
        .collect();
    // Hours add up to the published total: a unit's withheld hours must not be recoverable by
    // subtraction (volunteer counts overlap across units and are not additive).
    let k = sup.k();
    let sizes: Vec<u64> = units
        .iter()
        .map(|u| u64::try_from(u.2).unwrap_or(0))
        .collect();
    let first: Vec<bool> = units.iter().map(|u| u.1 < k).collect();
    let withheld = complementary(&sizes, &first, &[(0..units.len()).collect()]);
    units
        .into_iter()
        .zip(withheld)
        .map(|((label, n, micro), w)| {
            let name = label.clone().unwrap_or_else(|| "(not supplied)".to_owned());
            let hours_cell = format!("{cell}/{name}/hours");
            Subtotal {
                volunteers: sup.count(&format!("{cell}/{name}/volunteers"), n),
                hours: if w && n >= k {
                    sup.derived(&format!("{hours_cell}/complementary"), 0, hours(micro))
                } else {
                    sup.derived(&hours_cell, n, hours(micro))
                },
                label,
            }
        })
        .collect()
}

/// V1, V3, V4, V7, V9, V10, V11 over the reporting period.
pub fn volume(p: &Prepared<'_>, sup: &mut Suppressor) -> Option<Volume> {
    let periods = periods_of(p);
    let key = reporting_period(p, &periods)?;
    let t = p.as_of?;
    let (from, to) = periods.days(key);
    let rows: Vec<&Row> = p.rows_between(from, to).collect();
    let a = &p.ds.activities;
    let mut per: rustc_hash::FxHashMap<u32, i64> = Default::default();
    for r in &rows {
        *per.entry(r.person).or_default() += r.micro;
    }
    let n = per.len() as u64;
    let total: i64 = rows.iter().map(|r| r.micro).sum();
    let mut h: Vec<f64> = per.values().map(|m| hours(*m)).collect();
    h.sort_by(f64::total_cmp);
    let sessions = volunteer_days(rows.iter().copied());
    let training: i64 = p
        .training_rows
        .iter()
        .filter(|r| r.day >= from && r.day <= to)
        .map(|r| r.micro)
        .sum();
    let h_total = hours(total);
    let fte = fte_of(p, &periods, h_total);
    let d = p.defs;
    let value = match (d.wage_low_per_hour, d.wage_high_per_hour) {
        (Some(lo), Some(hi)) => Some(ValueRange {
            low: h_total * lo.min(hi) * (1.0 + d.fringe_rate),
            high: h_total * lo.max(hi) * (1.0 + d.fringe_rate),
        }),
        (Some(w), None) | (None, Some(w)) => Some(ValueRange {
            low: h_total * w * (1.0 + d.fringe_rate),
            high: h_total * w * (1.0 + d.fringe_rate),
        }),
        (None, None) => None,
    };
    let rovi = match (&value, d.program_cost) {
        (Some(v), Some(c)) if c > 0.0 => Some(ValueRange {
            low: v.low / c,
            high: v.high / c,
        }),
        _ => None,
    };
    let opt = |sup: &mut Suppressor, cell: &str, v: Option<f64>| match v {
        Some(v) => sup.derived(cell, n, v),
        None => none(),
    };
    Some(Volume {
        period: periods.label(key),
        from: iso_day(from),
        to: iso_day(to),
        partial: to > t,
        volunteers: sup.count("volume/volunteers", n),
        by_department: subtotals(
            &rows,
            |r| r.department,
            &a.departments,
            sup,
            "volume/byDepartment",
        ),
        by_organisation: subtotals(
            &rows,
            |r| r.organisation,
            &a.organisations,
            sup,
            "volume/byOrganisation",
        ),
        by_role: subtotals(&rows, |r| r.role, &a.roles, sup, "volume/byRole"),
        hours: sup.derived("volume/hours", n, h_total),
        training_hours: sup.derived("volume/trainingHours", n, hours(training)),
        mean_hours: opt(sup, "volume/meanHours", (n > 0).then(|| h_total / n as f64)),
        median_hours: opt(sup, "volume/medianHours", quantile_sorted(&h, 0.5)),
        p90_hours: opt(sup, "volume/p90Hours", quantile_sorted(&h, 0.9)),
        sessions: sup.derived("volume/sessions", n, sessions),
        mean_session_hours: opt(
            sup,
            "volume/meanSessionHours",
            (sessions > 0).then(|| h_total / sessions as f64),
        ),
        fte: match fte {
            Some(f) => sup.derived("volume/fte", n, f),
            None => none(),
        },
        economic_value: value.map(|v| sup.derived("volume/economicValue", n, v)),
        rovi: rovi.map(|v| sup.derived("volume/rovi", n, v)),
    })
}

/// V1, V3 and V9 for every period from the first with a counted activity to the one holding
/// the as-of date.
pub fn series(p: &Prepared<'_>, sup: &mut Suppressor) -> Vec<VolumePoint> {
    let periods = periods_of(p);
    let Some(t) = p.as_of else {
        return Vec::new();
    };
    let Some(first) = p.rows.iter().map(|r| r.day).min() else {
        return Vec::new();
    };
    let (k0, k1) = (periods.key(month_of(first)), periods.key(month_of(t)));
    (k0..=k1)
        .map(|k| {
            let (from, to) = periods.days(k);
            let n = people(p.rows_between(from, to)).len() as u64;
            let h = hours(p.rows_between(from, to).map(|r| r.micro).sum());
            let label = periods.label(k);
            VolumePoint {
                volunteers: sup.count(&format!("series/{label}/volunteers"), n),
                hours: sup.derived(&format!("series/{label}/hours"), n, h),
                fte: match fte_of(p, &periods, h) {
                    Some(f) => sup.derived(&format!("series/{label}/fte"), n, f),
                    None => none(),
                },
                partial: to > t,
                period: label,
            }
        })
        .collect()
}

/// Distinct (volunteer, day) pairs of rows in [`Prepared::rows`] order (sorted by day, then
/// person), where equal pairs are adjacent.
pub(crate) fn volunteer_days<'r>(rows: impl Iterator<Item = &'r Row>) -> u64 {
    let mut prev: Option<(i32, u32)> = None;
    let mut n = 0;
    for r in rows {
        if prev != Some((r.day, r.person)) {
            n += 1;
            prev = Some((r.day, r.person));
        }
    }
    n
}

/// One volunteer's (person, monthly hours in millionths, sessions) over 12 months.
pub(crate) type MonthlyHours = (u32, [i64; 12], u64);

/// Per-volunteer activity in the last 12 complete months: (person, 12 monthly hour totals in
/// millionths, sessions).
pub(crate) fn twelve_months(p: &Prepared<'_>) -> Option<((i32, i32), Vec<MonthlyHours>)> {
    let t = p.as_of?;
    let (m0, m1) = last_twelve_months(t);
    let (from, to) = (first_day(m0), first_day(m1 + 1) - 1);
    // Per person: monthly sums, the last day seen and the distinct days (the rows come in day
    // order, so a new day for a person is one unlike the last seen).
    let mut per: rustc_hash::FxHashMap<u32, ([i64; 12], i32, u64)> = Default::default();
    for r in p.rows_between(from, to) {
        let e = per.entry(r.person).or_insert(([0; 12], r.day, 0));
        let k = usize::try_from(month_of(r.day) - m0).unwrap_or(0).min(11);
        e.0[k] += r.micro;
        if e.2 == 0 || e.1 != r.day {
            e.1 = r.day;
            e.2 += 1;
        }
    }
    let mut out: Vec<MonthlyHours> = per
        .into_iter()
        .map(|(person, (months, _, days))| (person, months, days))
        .collect();
    out.sort_unstable_by_key(|v| v.0);
    Some(((m0, m1), out))
}

/// The V5 band of one volunteer: 0 one-time, 1 irregular, 2 up to 9 h, 3 10+ h.
pub(crate) fn band(months: &[i64; 12], sessions: u64, irregular_cv: f64) -> usize {
    if sessions == 1 {
        return 0;
    }
    let h: Vec<f64> = months.iter().map(|&m| hours(m)).collect();
    let mean = h.iter().sum::<f64>() / 12.0;
    if mean <= 0.0 {
        return 2;
    }
    let var = h.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / 12.0;
    if libm::sqrt(var) / mean > irregular_cv {
        1
    } else if mean < 10.0 {
        2
    } else {
        3
    }
}

/// V5 and V6.
pub fn intensity(p: &Prepared<'_>, sup: &mut Suppressor) -> Option<Intensity> {
    let ((m0, m1), vols) = twelve_months(p)?;
    let n = vols.len() as u64;
    let mut bands = [0u64; 4];
    let mut regular = 0u64;
    for (_, months, sessions) in &vols {
        bands[band(months, *sessions, p.defs.irregular_cv)] += 1;
        if months.iter().filter(|&&m| m > 0).count() as u32 >= p.defs.regular_min_months {
            regular += 1;
        }
    }
    let min_n = p.defs.min_n;
    // The four bands partition the volunteers (a published total).
    let k = sup.k();
    let first: Vec<bool> = bands.iter().map(|&x| primary(x, Some(n), k)).collect();
    let w = complementary(&bands, &first, &[vec![0, 1, 2, 3]]);
    Some(Intensity {
        from: month_label(m0),
        to: month_label(m1),
        volunteers: sup.count("intensity/volunteers", n),
        one_time: proportion_forced(sup, "intensity/oneTime", bands[0], n, min_n, w[0]),
        irregular: proportion_forced(sup, "intensity/irregular", bands[1], n, min_n, w[1]),
        up_to_9_hours: proportion_forced(sup, "intensity/upTo9Hours", bands[2], n, min_n, w[2]),
        ten_plus_hours: proportion_forced(sup, "intensity/tenPlusHours", bands[3], n, min_n, w[3]),
        regular: proportion(sup, "intensity/regular", regular, n, min_n),
    })
}

#[cfg(test)]
mod tests {
    use super::volunteer_days;
    use crate::indicators::base::{Row, sort_rows};
    use std::collections::BTreeSet;

    #[test]
    fn volunteer_days_counts_distinct_pairs_of_sorted_rows() {
        let mut rows: Vec<Row> = (0..3_000u32)
            .map(|i| Row {
                day: i32::try_from((i * 7919) % 97).unwrap_or(0),
                person: (i * 104_729) % 61,
                micro: i64::from(i % 5),
                department: i % 3,
                organisation: 0,
                role: 0,
            })
            .collect();
        sort_rows(&mut rows);
        let pairs: BTreeSet<(u32, i32)> = rows.iter().map(|r| (r.person, r.day)).collect();
        assert_eq!(volunteer_days(rows.iter()), pairs.len() as u64);
        assert_eq!(volunteer_days([].iter()), 0);
    }
}
