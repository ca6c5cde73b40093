//! Filtered views of a dataset (the dashboard's filter bar): a date range, departments and
//! neighbourhoods. A view is a derived [`Dataset`] that the unchanged analysis then reads, so
//! every indicator keeps its definition; only the rows change.
//!
//! - **As of** (`asOf`, the range's end): the view's "as of t" date (definitions.rs, e.g. R1 is
//!   "active at t"). Activity rows dated after it are not in the view, and the dataset's as-of
//!   becomes the earlier of the host's and the view's, exactly as the host's as-of is used.
//! - **From** (`from`, the range's start): the published series (monthly table, volume and
//!   retention series, trend points) start at the period holding this date. Indicators that
//!   need history (new volunteers, retention, cohorts) still read every earlier row, so a
//!   volunteer seen before `from` is never counted as new; the trend tests run on the whole
//!   history (`view.trend_tests_whole_history`).
//! - **Departments**: only activity rows of those departments; the view's volunteers are the
//!   people with a row left; the registry is restricted to them; opportunities to those
//!   departments. Population denominators stay municipal (`view.population_municipal`).
//! - **Neighbourhoods**: only volunteers whose registry neighbourhood is in the list (their
//!   activity rows and registry entries) and the population rows of those neighbourhoods.
//!
//! Team and anonymous entries (V8) with no named volunteer cannot be placed in a department or a
//! neighbourhood and are left out of such a view. The survey has no department or neighbourhood,
//! so the loneliness and experience figures are unfiltered by them (`view.survey_unfiltered`).
//!
//! **Differencing** (reliability notes §1.3, "Differencing across views"): a view is the data
//! minus a left-out part; the difference between the view and the unfiltered report describes
//! the left-out people. If they are 1 to K − 1, the view is refused (`filter.small_complement`,
//! with the dimension and table), by the nested-view rule of [`crate::privacy::views`]. Each
//! one-dimension view is checked against the date-only view, and a two-dimension view against
//! each one-dimension view (each of them is itself on offer). Levels with fewer than K people
//! are not offered ([`FilterLevels`]).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Dataset;
use crate::error::{Error, Result};
use crate::privacy::suppress::{Published, Suppressor};
use crate::privacy::views::{NestedPair, check_nested};
use crate::report::Report;
use crate::schema::coerce::{Status, iso, parse_iso};
use crate::schema::headers::normalize;
use crate::schema::tables::NONE;

/// The view the host asks for (every field optional: the default is the whole data).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase", default)]
pub struct ViewFilter {
    /// The range's start (ISO `YYYY-MM-DD`): series and monthly tables start at its period.
    pub from: Option<String>,
    /// The range's end (ISO): the view's as-of date; later activity rows are left out.
    pub as_of: Option<String>,
    /// Department names (as in [`FilterLevels::departments`]); empty: every department.
    pub departments: Vec<String>,
    /// Neighbourhood names (as in [`FilterLevels::neighbourhoods`]); empty: every one.
    pub neighbourhoods: Vec<String>,
}

/// The applied view, as the report states it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct ReportView {
    /// The filter, echoed (dates normalised to ISO).
    pub filter: ViewFilter,
    /// Whether anything is filtered (`false` for an empty filter).
    pub active: bool,
    /// Rows and people left out, per table (`activities`, `registry`, `population`,
    /// `opportunities`, `parties`).
    pub left_out: Vec<LeftOut>,
    /// Stable codes of what the reader must know: `view.population_municipal`,
    /// `view.survey_unfiltered`, `view.parties_unplaced`, `view.trend_tests_whole_history`,
    /// `view.as_of_earlier`.
    pub notes: Vec<String>,
    /// The levels a filter may choose (from the whole data, not the view).
    pub levels: FilterLevels,
    /// Set when the view was refused: the report then holds no figures (see [`try_analyze`]).
    ///
    /// [`try_analyze`]: crate::report::try_analyze
    pub refused: Option<Refusal>,
}

/// Why a view was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Refusal {
    /// The error code, e.g. `filter.small_complement`.
    pub code: String,
    /// `departments` or `neighbourhoods` (for `filter.small_complement`).
    pub dimension: Option<String>,
    /// `activities`, `approvedActivities`, `countedActivities` or `registry` (for
    /// `filter.small_complement`).
    pub table: Option<String>,
}

/// What a view leaves out of one table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct LeftOut {
    /// `activities`, `registry`, `population`, `opportunities` or `parties`.
    pub table: String,
    /// Rows left out (records, not people).
    pub rows: u64,
    /// Distinct people left out (activities and registry; 0 or at least K, else the view is
    /// refused), through the small-cell rule.
    pub people: Option<Published<u64>>,
}

/// The filter levels on offer: aggregate labels with at least K people each, sorted.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct FilterLevels {
    /// Departments of the activity log with at least K distinct volunteers.
    pub departments: Vec<String>,
    /// Registry neighbourhoods with at least K volunteers.
    pub neighbourhoods: Vec<String>,
}

/// Levels with at least `k` people: departments by distinct activity volunteers, neighbourhoods
/// by registry entries.
pub fn filter_levels(ds: &Dataset, k: u32) -> FilterLevels {
    let k = u64::from(k.max(1));
    let a = &ds.activities;
    let mut per_dept: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); a.departments.len()];
    for (&d, &v) in a.department.iter().zip(&a.volunteer) {
        if let Some(s) = per_dept.get_mut(d as usize) {
            s.insert(v);
        }
    }
    let mut departments: Vec<String> = per_dept
        .iter()
        .enumerate()
        .filter(|(_, s)| s.len() as u64 >= k)
        .filter_map(|(c, _)| a.departments.get(u32::try_from(c).ok()?).map(str::to_owned))
        .collect();
    departments.sort();
    let r = &ds.registry;
    let mut per_hood: Vec<BTreeSet<u32>> = vec![BTreeSet::new(); r.neighbourhoods.len()];
    for e in &r.entries {
        if let Some(s) = per_hood.get_mut(e.neighbourhood as usize) {
            s.insert(e.person);
        }
    }
    let mut neighbourhoods: Vec<String> = per_hood
        .iter()
        .enumerate()
        .filter(|(_, s)| s.len() as u64 >= k)
        .filter_map(|(c, _)| {
            r.neighbourhoods
                .get(u32::try_from(c).ok()?)
                .map(str::to_owned)
        })
        .collect();
    neighbourhoods.sort();
    FilterLevels {
        departments,
        neighbourhoods,
    }
}

/// A view derived from a dataset: the filtered dataset and what the report says about it.
pub struct View {
    /// The filtered dataset the analysis reads.
    pub dataset: Dataset,
    /// The view as the report states it.
    pub report: ReportView,
    /// `from`, parsed.
    pub from: Option<NaiveDate>,
}

/// Which people each dimension keeps (`None`: the dimension is not filtered).
struct Keep {
    /// Per activity row: in the date range.
    by_date: Vec<bool>,
    /// Per activity row: of a chosen department.
    by_dept: Option<Vec<bool>>,
    /// Per person code: registry neighbourhood chosen.
    by_hood: Option<Vec<bool>>,
}

fn bad_date(field: &str) -> Error {
    Error::general("filter.invalid_date").with("field", field)
}

fn parse(field: &str, v: Option<&str>) -> Result<Option<NaiveDate>> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => parse_iso(s).map(Some).ok_or_else(|| bad_date(field)),
    }
}

fn names(list: &[String]) -> BTreeSet<String> {
    list.iter().map(|s| normalize(s)).collect()
}

/// Distinct people of a view (after the date restriction), by the populations a published
/// figure may count: `[activity rows of any status, approved rows (the summary's V1), rows of a
/// counted status (the indicators), registry entries]`. Each is checked, so that a left-out part
/// of at least K people that holds 1 to K − 1 approved volunteers is still refused.
fn people(ds: &Dataset, keep: &Keep, dept: bool, hood: bool, counted: &[Status]) -> [u64; 4] {
    let a = &ds.activities;
    let mut act = BTreeSet::new();
    let mut approved = BTreeSet::new();
    let mut counted_people = BTreeSet::new();
    for (i, &v) in a.volunteer.iter().enumerate() {
        if row_kept(keep, i, v, dept, hood) {
            act.insert(v);
            let status = a.status.get(i).copied();
            if status == Some(Status::Approved) {
                approved.insert(v);
            }
            if status.is_some_and(|s| counted.contains(&s)) {
                counted_people.insert(v);
            }
        }
    }
    let reg = ds
        .registry
        .entries
        .iter()
        .filter(|e| registry_kept(keep, &act, e.person, dept, hood))
        .map(|e| e.person)
        .collect::<BTreeSet<u32>>();
    [
        act.len() as u64,
        approved.len() as u64,
        counted_people.len() as u64,
        reg.len() as u64,
    ]
}

/// The tables of [`people`], as named in `filter.small_complement`.
const PEOPLE_TABLES: [&str; 4] = [
    "activities",
    "approvedActivities",
    "countedActivities",
    "registry",
];

fn row_kept(keep: &Keep, i: usize, person: u32, dept: bool, hood: bool) -> bool {
    keep.by_date.get(i).copied().unwrap_or(false)
        && (!dept
            || keep
                .by_dept
                .as_ref()
                .is_none_or(|d| d.get(i).copied().unwrap_or(false)))
        && (!hood || person_in_hood(keep, person))
}

fn person_in_hood(keep: &Keep, person: u32) -> bool {
    keep.by_hood
        .as_ref()
        .is_none_or(|h| h.get(person as usize).copied().unwrap_or(false))
}

fn registry_kept(keep: &Keep, act: &BTreeSet<u32>, person: u32, dept: bool, hood: bool) -> bool {
    (!dept || keep.by_dept.is_none() || act.contains(&person))
        && (!hood || person_in_hood(keep, person))
}

/// Derives the view of `filter` from `ds`, or refuses it (`filter.small_complement` with the
/// `dimension` and `table`; `filter.invalid_date`; `filter.empty_range` when `from` is after
/// `asOf`). `counted`: the statuses the indicators count (definitions).
pub fn derive(ds: &Dataset, filter: &ViewFilter, k: u32, counted: &[Status]) -> Result<View> {
    let from = parse("from", filter.from.as_deref())?;
    let view_as_of = parse("asOf", filter.as_of.as_deref())?;
    if let (Some(f), Some(t)) = (from, view_as_of)
        && f > t
    {
        return Err(Error::general("filter.empty_range"));
    }
    let as_of = match (ds.as_of, view_as_of) {
        (Some(h), Some(v)) => Some(h.min(v)),
        (h, v) => h.or(v),
    };
    let last_day = view_as_of.map(|d| chrono::Datelike::num_days_from_ce(&d));
    let a = &ds.activities;
    let keep = Keep {
        by_date: a
            .day
            .iter()
            .map(|&d| last_day.is_none_or(|t| d <= t))
            .collect(),
        by_dept: (!filter.departments.is_empty()).then(|| {
            let chosen = names(&filter.departments);
            let codes: Vec<bool> = (0..a.departments.len())
                .map(|c| {
                    u32::try_from(c)
                        .ok()
                        .and_then(|c| a.departments.get(c))
                        .is_some_and(|n| chosen.contains(&normalize(n)))
                })
                .collect();
            a.department
                .iter()
                .map(|&d| codes.get(d as usize).copied().unwrap_or(false))
                .collect()
        }),
        by_hood: (!filter.neighbourhoods.is_empty()).then(|| {
            let chosen = names(&filter.neighbourhoods);
            let r = &ds.registry;
            let mut by_person = vec![false; ds.people.len()];
            for e in &r.entries {
                let n = r.neighbourhoods.get(e.neighbourhood).map(normalize);
                if n.is_some_and(|n| chosen.contains(&n))
                    && let Some(slot) = by_person.get_mut(e.person as usize)
                {
                    *slot = true;
                }
            }
            by_person
        }),
    };
    refuse_small_complements(ds, &keep, k, counted)?;

    let dept = keep.by_dept.is_some();
    let hood = keep.by_hood.is_some();
    let mut out = ds.clone();
    out.as_of = as_of;
    let mut left = Vec::new();
    let mut sup = Suppressor::new(k);

    // Activity rows.
    let rows: Vec<bool> = (0..a.len())
        .map(|i| {
            row_kept(
                &keep,
                i,
                a.volunteer.get(i).copied().unwrap_or(NONE),
                true,
                true,
            )
        })
        .collect();
    let kept_people: BTreeSet<u32> = a
        .volunteer
        .iter()
        .zip(&rows)
        .filter(|(_, k)| **k)
        .map(|(v, _)| *v)
        .collect();
    let all_people: BTreeSet<u32> = a.volunteer.iter().copied().collect();
    {
        let o = &mut out.activities;
        retain(&mut o.volunteer, &rows);
        retain(&mut o.day, &rows);
        retain(&mut o.micro_hours, &rows);
        retain(&mut o.status, &rows);
        retain(&mut o.department, &rows);
        retain(&mut o.organisation, &rows);
        retain(&mut o.role, &rows);
    }
    let act_rows_out = rows.iter().filter(|k| !**k).count() as u64;
    let act_people_out = (all_people.len() - kept_people.len()) as u64;
    left.push(LeftOut {
        table: "activities".to_owned(),
        rows: act_rows_out,
        people: Some(sup.count("view/leftOut/activities/people", act_people_out)),
    });

    // Team and anonymous entries.
    let before = out.activities.parties.len();
    out.activities.parties.retain(|p| {
        last_day.is_none_or(|t| p.day <= t)
            && ((!dept && !hood) || (p.volunteer != NONE && kept_people.contains(&p.volunteer)))
    });
    let parties_out = (before - out.activities.parties.len()) as u64;
    if ds.activities.party_size_mapped {
        left.push(LeftOut {
            table: "parties".to_owned(),
            rows: parties_out,
            people: None,
        });
    }

    // Registry.
    let reg_before = out.registry.entries.len();
    out.registry.entries.retain(|e| {
        (!dept || kept_people.contains(&e.person)) && (!hood || person_in_hood(&keep, e.person))
    });
    let reg_out = (reg_before - out.registry.entries.len()) as u64;
    if !ds.registry.entries.is_empty() {
        let before: BTreeSet<u32> = ds.registry.entries.iter().map(|e| e.person).collect();
        let after: BTreeSet<u32> = out.registry.entries.iter().map(|e| e.person).collect();
        left.push(LeftOut {
            table: "registry".to_owned(),
            rows: reg_out,
            people: Some(sup.count(
                "view/leftOut/registry/people",
                (before.len() - after.len()) as u64,
            )),
        });
    }

    // Population: the chosen neighbourhoods' rows.
    if hood && !ds.population.cells.is_empty() {
        let p = &mut out.population;
        let rows = keep_named(
            &mut p.cells,
            &p.neighbourhoods,
            &filter.neighbourhoods,
            |c| c.neighbourhood,
        );
        left.push(LeftOut {
            table: "population".to_owned(),
            rows,
            people: None,
        });
    }

    // Opportunities: the chosen departments' rows.
    if dept && !ds.opportunities.rows.is_empty() {
        let o = &mut out.opportunities;
        let rows = keep_named(&mut o.rows, &o.departments, &filter.departments, |r| {
            r.department
        });
        left.push(LeftOut {
            table: "opportunities".to_owned(),
            rows,
            people: None,
        });
    }

    let mut notes = Vec::new();
    if dept && !hood && !ds.population.cells.is_empty() {
        notes.push("view.population_municipal".to_owned());
    }
    if (dept || hood) && !ds.survey.responses.is_empty() {
        notes.push("view.survey_unfiltered".to_owned());
    }
    if (dept || hood) && parties_out > 0 {
        notes.push("view.parties_unplaced".to_owned());
    }
    if from.is_some() {
        notes.push("view.trend_tests_whole_history".to_owned());
    }
    if let (Some(h), Some(v)) = (ds.as_of, view_as_of)
        && h < v
    {
        notes.push("view.as_of_earlier".to_owned());
    }
    let echoed = ViewFilter {
        from: from.map(iso),
        as_of: view_as_of.map(iso),
        departments: filter.departments.clone(),
        neighbourhoods: filter.neighbourhoods.clone(),
    };
    let active = from.is_some() || view_as_of.is_some() || dept || hood;
    Ok(View {
        dataset: out,
        report: ReportView {
            filter: echoed,
            active,
            left_out: left,
            notes,
            levels: filter_levels(ds, k),
            refused: None,
        },
        from,
    })
}

/// Keeps the rows whose name (`code` in `dict`) is one of `chosen` (compared normalised);
/// returns how many were left out.
fn keep_named<T>(
    rows: &mut Vec<T>,
    dict: &crate::schema::tables::Dict,
    chosen: &[String],
    code: impl Fn(&T) -> u32,
) -> u64 {
    let chosen = names(chosen);
    let before = rows.len();
    rows.retain(|r| {
        dict.get(code(r))
            .is_some_and(|n| chosen.contains(&normalize(n)))
    });
    (before - rows.len()) as u64
}

fn retain<T: Copy>(v: &mut Vec<T>, keep: &[bool]) {
    let mut i = 0;
    v.retain(|_| {
        let k = keep.get(i).copied().unwrap_or(false);
        i += 1;
        k
    });
}

/// Refuses a view whose left-out part, against any view it is nested in that is itself on
/// offer, has 1 to K − 1 people (activity volunteers or registry entries).
fn refuse_small_complements(ds: &Dataset, keep: &Keep, k: u32, counted: &[Status]) -> Result<()> {
    let dept = keep.by_dept.is_some();
    let hood = keep.by_hood.is_some();
    if !dept && !hood {
        return Ok(());
    }
    let base = people(ds, keep, false, false, counted);
    let d = people(ds, keep, true, false, counted);
    let h = people(ds, keep, false, true, counted);
    let both = people(ds, keep, true, true, counted);
    // (dimension, outer view's people, inner view's people), by [`PEOPLE_TABLES`].
    type Counts = [u64; 4];
    let mut pairs: Vec<(&str, Counts, Counts)> = Vec::new();
    if dept {
        pairs.push(("departments", base, d));
    }
    if hood {
        pairs.push(("neighbourhoods", base, h));
    }
    if dept && hood {
        pairs.push(("neighbourhoods", d, both));
        pairs.push(("departments", h, both));
    }
    for (dimension, outer, inner) in pairs {
        for ((table, o), i) in PEOPLE_TABLES.iter().zip(outer).zip(inner) {
            let pair = NestedPair {
                outer: "view/outer".to_owned(),
                outer_count: o,
                inner: "view/inner".to_owned(),
                inner_count: i,
            };
            if !check_nested(&[pair], k).is_empty() {
                return Err(Error::general("filter.small_complement")
                    .with("dimension", dimension)
                    .with("table", table));
            }
        }
    }
    Ok(())
}

/// Trims the published series of `report` to the periods ending on or after `from` (the
/// monthly table, the volume and retention series by month or quarter label, the trend points).
pub fn trim_series(report: &mut Report, from: NaiveDate) {
    let from_iso = iso(from);
    let from_month = &from_iso[..7.min(from_iso.len())];
    report
        .monthly_active
        .retain(|m| m.month.as_str() >= from_month);
    report
        .indicators
        .volume_series
        .retain(|p| label_kept(&p.period, from));
    report
        .indicators
        .retention_series
        .retain(|p| label_kept(&p.period, from));
    if let Some(t) = report.trends.as_mut() {
        for s in &mut t.series {
            s.points
                .retain(|p| p.period.end.as_str() >= from_iso.as_str());
        }
    }
}

/// Whether a period label (`YYYY-MM`, `YYYY-Qn` or a year) ends on or after `from`.
fn label_kept(label: &str, from: NaiveDate) -> bool {
    use chrono::Datelike;
    let y: i32 = label
        .get(..4)
        .and_then(|s| s.parse().ok())
        .unwrap_or(i32::MAX);
    let rest = label.get(5..).unwrap_or("");
    let (fy, fm) = (from.year(), from.month());
    if let Some(q) = rest.strip_prefix('Q').and_then(|q| q.parse::<u32>().ok()) {
        return (y, q * 3) >= (fy, fm);
    }
    match rest.parse::<u32>() {
        Ok(m) if label.len() == 7 && label.as_bytes().get(4) == Some(&b'-') => (y, m) >= (fy, fm),
        _ => y >= fy,
    }
}
