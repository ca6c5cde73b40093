//! Cohort retention table and volunteer tenure for survival analysis.
//!
//! A volunteer's cohort is the calendar month of their first activity. The cell
//! (cohort `c`, `m` months since) is the share of the cohort with at least one activity in
//! month `c + m`. A cell is *eligible* only when month `c + m` is complete at the as-of date;
//! other cells are left empty rather than shown as a drop (a partly observed month would look
//! like churn). Each share carries a Wilson interval.

use super::series::PeriodType;
use crate::schema::coerce::iso;
use crate::stats::proportion::wilson;
use crate::stats::{Interval, NotApplicable, StatResult};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One cell of the retention table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RetentionCell {
    /// Months since the cohort month (0 = the cohort month).
    pub months_since: u32,
    /// Cohort members active in that month.
    pub active: u64,
    /// `active / cohort size`.
    pub share: f64,
    /// Wilson interval of the share.
    pub ci: Interval,
}

/// One cohort (row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CohortRow {
    /// Cohort month label, `YYYY-MM`.
    pub cohort: String,
    /// Number of volunteers whose first activity is in that month.
    pub size: u64,
    /// Eligible cells, `months_since` ascending from 0.
    pub cells: Vec<RetentionCell>,
}

/// The cohort retention table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CohortTable {
    /// Method name.
    pub method: String,
    /// Definitions and caveats.
    pub notes: Vec<String>,
    /// As-of date (ISO 8601).
    pub as_of: String,
    /// Cohorts in time order.
    pub rows: Vec<CohortRow>,
}

/// Builds the retention table from `(volunteer key, activity date)` rows up to `max_months`
/// months since the cohort month. Activities after `as_of` are ignored.
///
/// Errors: `no_data` (no activity on or before `as_of`), `bad_level`.
pub fn cohort_retention<K: std::hash::Hash + Eq + Clone>(
    activity: &[(K, NaiveDate)],
    as_of: NaiveDate,
    max_months: u32,
    level: f64,
) -> StatResult<CohortTable> {
    let pt = PeriodType::Month;
    // One entry per row; sorted and deduplicated per volunteer below (cheaper than a set).
    let mut months: rustc_hash::FxHashMap<K, Vec<i64>> = rustc_hash::FxHashMap::default();
    for (k, d) in activity {
        if *d <= as_of {
            let m = pt.index_of(*d)?;
            let v = months.entry(k.clone()).or_default();
            // Rows usually come in date order: skip the repeats the dedup below would drop.
            if v.last() != Some(&m) {
                v.push(m);
            }
        }
    }
    if months.is_empty() {
        return Err(NotApplicable::new(
            "no_data",
            "no activity on or before the as-of date",
        ));
    }
    let as_of_period = pt.period_of(as_of)?;
    // Last complete month.
    let last_complete = if as_of_period.end == iso(as_of) {
        as_of_period.index
    } else {
        as_of_period.index - 1
    };
    let mut cohorts: BTreeMap<i64, Vec<Vec<i64>>> = BTreeMap::new();
    for (_, mut set) in months {
        set.sort_unstable();
        set.dedup();
        if let Some(first) = set.first() {
            cohorts.entry(*first).or_default().push(set);
        }
    }
    let mut rows = Vec::new();
    for (c, members) in &cohorts {
        let size = members.len() as u64;
        let mut cells = Vec::new();
        for m in 0..=max_months {
            let month = c + i64::from(m);
            if month > last_complete {
                break;
            }
            let active = members
                .iter()
                .filter(|s| s.binary_search(&month).is_ok())
                .count() as u64;
            cells.push(RetentionCell {
                months_since: m,
                active,
                share: active as f64 / size as f64,
                ci: wilson(active, size, level)?,
            });
        }
        rows.push(CohortRow {
            cohort: pt.period_at(*c)?.label,
            size,
            cells,
        });
    }
    Ok(CohortTable {
        method: "cohort retention: share of each first-activity-month cohort active in each \
                 later month, Wilson intervals"
            .to_owned(),
        notes: vec![
            "a volunteer counts as active in a month with at least one activity in it".to_owned(),
            "only months complete at the as-of date are shown; later cells are not eligible"
                .to_owned(),
            "small cohorts give wide intervals; compare cohorts by their intervals".to_owned(),
        ],
        as_of: iso(as_of),
        rows,
    })
}

/// Average month length in days (365.25/12) used to express tenure in months.
pub const DAYS_PER_MONTH: f64 = 365.25 / 12.0;

/// Tenure of one volunteer for [`super::survival::kaplan_meier`], in months.
///
/// A volunteer has *left* (event) when their last activity is more than
/// `inactive_after_days` before `as_of`; the tenure is then first → last activity. Otherwise
/// they are still active and censored at `as_of` with tenure first activity → `as_of`.
///
/// Errors: `bad_date` when `last < first` or `first > as_of`.
pub fn tenure(
    first: NaiveDate,
    last: NaiveDate,
    as_of: NaiveDate,
    inactive_after_days: i64,
) -> StatResult<(f64, bool)> {
    if last < first || first > as_of {
        return Err(NotApplicable::new(
            "bad_date",
            "the first activity must precede the last activity and the as-of date",
        ));
    }
    let left = (as_of - last).num_days() > inactive_after_days;
    let end = if left { last } else { as_of };
    Ok(((end - first).num_days() as f64 / DAYS_PER_MONTH, left))
}
