//! Indicator series bucketed by period as of a given date.
//!
//! An observation dated `d` falls in the period containing `d`. The series runs from the
//! period of `start` (or of the earliest observation) to the period containing the as-of
//! date; observations after the as-of date are left out and counted. The period containing
//! the as-of date is *incomplete* unless the as-of date is its last day: it is flagged and,
//! by default, left out of tests ([`Series::analysable`]). A period without observations is a
//! gap (`value: None`) unless [`EmptyPeriods::Zero`] is asked for, e.g. for "new volunteers"
//! where no row truly means zero (see stats-anchors §2.9 on defining monthly aggregates).

use crate::schema::coerce::iso;
use crate::stats::{NotApplicable, StatResult};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// The kind of period a series is bucketed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum PeriodType {
    /// Calendar month, labelled `2024-03`.
    Month,
    /// Calendar quarter, labelled `2024-Q1`.
    Quarter,
    /// Calendar year, labelled `2024`.
    CalendarYear,
    /// School year September–August, labelled `2024/25`.
    SchoolYear,
    /// Fiscal year starting on the first day of `start_month` (1–12), labelled by its first
    /// calendar year (`FY2024`, or `FY2024/25` when it does not start in January).
    #[serde(rename_all = "camelCase")]
    FiscalYear {
        /// First month of the fiscal year (1 = January).
        start_month: u32,
    },
}

impl PeriodType {
    /// Number of periods per year: 12, 4 or 1.
    pub fn periods_per_year(self) -> u32 {
        match self {
            PeriodType::Month => 12,
            PeriodType::Quarter => 4,
            _ => 1,
        }
    }

    fn year_start_month(self) -> u32 {
        match self {
            PeriodType::SchoolYear => 9,
            PeriodType::FiscalYear { start_month } => start_month,
            _ => 1,
        }
    }

    /// The sequential index of the period containing `date` (equal to
    /// `period_of(date)?.index`, without building the labels: it runs once per row).
    pub fn index_of(self, date: NaiveDate) -> StatResult<i64> {
        let (y, m) = (i64::from(date.year()), i64::from(date.month()));
        match self {
            PeriodType::Month => Ok(y * 12 + m - 1),
            PeriodType::Quarter => Ok(y * 4 + (m - 1) / 3),
            _ => {
                let sm = self.year_start_month();
                if !(1..=12).contains(&sm) {
                    return Err(NotApplicable::new(
                        "bad_parameter",
                        format!("fiscal year start month {sm} is not 1–12"),
                    ));
                }
                Ok(if m >= i64::from(sm) { y } else { y - 1 })
            }
        }
    }

    /// The period containing `date`.
    pub fn period_of(self, date: NaiveDate) -> StatResult<Period> {
        let (y, m) = (date.year(), date.month());
        match self {
            PeriodType::Month => {
                let start = ymd(y, m)?;
                Ok(Period {
                    label: format!("{y:04}-{m:02}"),
                    start: iso(start),
                    end: iso(add_months(start, 1)?.pred_opt().unwrap_or(start)),
                    index: i64::from(y) * 12 + i64::from(m) - 1,
                    season: m,
                })
            }
            PeriodType::Quarter => {
                let q = (m - 1) / 3 + 1;
                let start = ymd(y, (q - 1) * 3 + 1)?;
                Ok(Period {
                    label: format!("{y:04}-Q{q}"),
                    start: iso(start),
                    end: iso(add_months(start, 3)?.pred_opt().unwrap_or(start)),
                    index: i64::from(y) * 4 + i64::from(q) - 1,
                    season: q,
                })
            }
            _ => {
                let sm = self.year_start_month();
                if !(1..=12).contains(&sm) {
                    return Err(NotApplicable::new(
                        "bad_parameter",
                        format!("fiscal year start month {sm} is not 1–12"),
                    ));
                }
                let sy = if m >= sm { y } else { y - 1 };
                let start = ymd(sy, sm)?;
                let label = match self {
                    PeriodType::CalendarYear => format!("{sy:04}"),
                    PeriodType::SchoolYear => format!("{sy:04}/{:02}", (sy + 1).rem_euclid(100)),
                    _ if sm == 1 => format!("FY{sy:04}"),
                    _ => format!("FY{sy:04}/{:02}", (sy + 1).rem_euclid(100)),
                };
                Ok(Period {
                    label,
                    start: iso(start),
                    end: iso(add_months(start, 12)?.pred_opt().unwrap_or(start)),
                    index: i64::from(sy),
                    season: 1,
                })
            }
        }
    }

    /// The period with the given sequential `index` (as in [`Period::index`]).
    pub fn period_at(self, index: i64) -> StatResult<Period> {
        let bad = || NotApplicable::new("bad_parameter", format!("period index {index}"));
        let date = match self {
            PeriodType::Month => ymd(
                i32::try_from(index.div_euclid(12)).map_err(|_| bad())?,
                index.rem_euclid(12) as u32 + 1,
            )?,
            PeriodType::Quarter => ymd(
                i32::try_from(index.div_euclid(4)).map_err(|_| bad())?,
                index.rem_euclid(4) as u32 * 3 + 1,
            )?,
            _ => ymd(
                i32::try_from(index).map_err(|_| bad())?,
                self.year_start_month(),
            )?,
        };
        self.period_of(date)
    }
}

/// One period of a series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Period {
    /// Display label, e.g. `2024-03`, `2024-Q1`, `2024/25`.
    pub label: String,
    /// First day (ISO 8601).
    pub start: String,
    /// Last day (ISO 8601).
    pub end: String,
    /// Sequential index: months since year 0 (`12·y + m − 1`), quarters (`4·y + q − 1`), or
    /// the first calendar year of a yearly period. Consecutive periods differ by 1.
    pub index: i64,
    /// Season within the year: month 1–12, quarter 1–4, or 1 for yearly periods.
    pub season: u32,
}

/// How observations in one period are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum Aggregation {
    /// Sum of the values (e.g. hours).
    Sum,
    /// Number of observations (e.g. sessions).
    Count,
    /// Mean of the values (e.g. mean age).
    Mean,
    /// Number of distinct keys (e.g. active volunteers); only for keyed input.
    DistinctCount,
}

/// What a period without any observation becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum EmptyPeriods {
    /// A gap: no value (the default; "no data" is not "zero").
    Gap,
    /// Zero, for counts and sums where no row means none happened.
    Zero,
}

/// Options of [`bucket_values`] and [`bucket_distinct`] (not serialised: dates are chrono
/// values passed by the host).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeriesOptions {
    /// Period type.
    pub period: PeriodType,
    /// The as-of date (passed by the host; the core reads no clock).
    pub as_of: NaiveDate,
    /// First date of the series; `None` starts at the earliest observation.
    pub start: Option<NaiveDate>,
    /// Treatment of periods without observations.
    pub empty: EmptyPeriods,
}

/// One point of a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct SeriesPoint {
    /// The period.
    pub period: Period,
    /// The aggregated value, `None` for a gap.
    pub value: Option<f64>,
    /// Number of observations in the period.
    pub observations: usize,
    /// `false` for the period containing the as-of date when the as-of date is not its last day.
    pub complete: bool,
}

/// A bucketed series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Series {
    /// How the series was built.
    pub method: String,
    /// Conventions and caveats.
    pub notes: Vec<String>,
    /// Period type.
    pub period_type: PeriodType,
    /// Aggregation.
    pub aggregation: Aggregation,
    /// As-of date (ISO 8601).
    pub as_of: String,
    /// Points in period order, gaps included.
    pub points: Vec<SeriesPoint>,
    /// Observations dated after the as-of date (left out).
    pub excluded_after_as_of: usize,
    /// Observations dated before `start` (left out).
    pub excluded_before_start: usize,
}

impl Series {
    /// `(period index, value)` of the points usable in a test: gaps skipped, and the
    /// incomplete last period skipped unless `include_incomplete`.
    pub fn analysable(&self, include_incomplete: bool) -> Vec<(f64, f64)> {
        self.points
            .iter()
            .filter(|p| include_incomplete || p.complete)
            .filter_map(|p| p.value.map(|v| (p.period.index as f64, v)))
            .collect()
    }

    /// The values in period order with gaps as `None`, the incomplete last period dropped
    /// unless `include_incomplete` (the input of the seasonal Mann–Kendall test).
    pub fn regular_values(&self, include_incomplete: bool) -> Vec<Option<f64>> {
        self.points
            .iter()
            .filter(|p| include_incomplete || p.complete)
            .map(|p| p.value)
            .collect()
    }
}

/// Buckets dated values with [`Aggregation::Sum`], [`Aggregation::Count`] or
/// [`Aggregation::Mean`].
///
/// Errors: `no_data` (no observation on or before the as-of date and no `start`),
/// `bad_parameter` (distinct count on values, non-finite values, start after as-of).
pub fn bucket_values(
    observations: &[(NaiveDate, f64)],
    aggregation: Aggregation,
    options: &SeriesOptions,
) -> StatResult<Series> {
    if aggregation == Aggregation::DistinctCount {
        return Err(NotApplicable::new(
            "bad_parameter",
            "a distinct count needs keyed observations (bucket_distinct)",
        ));
    }
    if observations.iter().any(|(_, v)| !v.is_finite()) {
        return Err(NotApplicable::new(
            "non_finite",
            "an observation is NaN or infinite",
        ));
    }
    let dates: Vec<NaiveDate> = observations.iter().map(|(d, _)| *d).collect();
    build(&dates, aggregation, options, |idx| {
        let vals: Vec<f64> = idx.iter().map(|&i| observations[i].1).collect();
        match aggregation {
            Aggregation::Count => vals.len() as f64,
            Aggregation::Mean => vals.iter().sum::<f64>() / vals.len() as f64,
            _ => vals.iter().sum(),
        }
    })
}

/// Buckets dated keys (e.g. volunteer ids) with [`Aggregation::DistinctCount`] or
/// [`Aggregation::Count`].
pub fn bucket_distinct<K: Ord>(
    observations: &[(NaiveDate, K)],
    aggregation: Aggregation,
    options: &SeriesOptions,
) -> StatResult<Series> {
    if !matches!(aggregation, Aggregation::DistinctCount | Aggregation::Count) {
        return Err(NotApplicable::new(
            "bad_parameter",
            "keyed observations support distinct count and count",
        ));
    }
    let dates: Vec<NaiveDate> = observations.iter().map(|(d, _)| *d).collect();
    build(&dates, aggregation, options, |idx| {
        if aggregation == Aggregation::Count {
            return idx.len() as f64;
        }
        // Sorted and deduplicated: the count of a set, without a tree node per key.
        let mut keys: Vec<&K> = idx.iter().map(|&i| &observations[i].1).collect();
        keys.sort_unstable();
        keys.dedup();
        keys.len() as f64
    })
}

/// Buckets rows given by their dates: `combine` gets the indexes (ascending) of the rows of
/// one period and returns its value, as in [`bucket_values`] and [`bucket_distinct`] (which
/// are this with observations copied out of the rows). For callers that hold the rows already.
pub(crate) fn bucket_rows(
    dates: &[NaiveDate],
    aggregation: Aggregation,
    options: &SeriesOptions,
    combine: impl Fn(&[usize]) -> f64,
) -> StatResult<Series> {
    build(dates, aggregation, options, combine)
}

fn build(
    dates: &[NaiveDate],
    aggregation: Aggregation,
    options: &SeriesOptions,
    combine: impl Fn(&[usize]) -> f64,
) -> StatResult<Series> {
    let as_of = options.as_of;
    let pt = options.period;
    let start = match options.start {
        Some(s) => {
            if s > as_of {
                return Err(NotApplicable::new(
                    "bad_parameter",
                    "the series start is after the as-of date",
                ));
            }
            s
        }
        None => match dates.iter().filter(|d| **d <= as_of).min() {
            Some(d) => *d,
            None => {
                return Err(NotApplicable::new(
                    "no_data",
                    "no observation on or before the as-of date",
                ));
            }
        },
    };
    let first = pt.period_of(start)?.index;
    let last_period = pt.period_of(as_of)?;
    let last = last_period.index;
    let len = usize::try_from(last - first + 1).unwrap_or(0);
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); len];
    let (mut after, mut before) = (0usize, 0usize);
    for (i, d) in dates.iter().enumerate() {
        if *d > as_of {
            after += 1;
            continue;
        }
        if *d < start {
            before += 1;
            continue;
        }
        let idx = pt.index_of(*d)? - first;
        if let Some(m) = usize::try_from(idx).ok().and_then(|i| members.get_mut(i)) {
            m.push(i);
        }
    }
    let last_complete = last_period.end == iso(as_of);
    let mut points = Vec::with_capacity(len);
    for (off, idx) in members.iter().enumerate() {
        let period = pt.period_at(first + off as i64)?;
        let value = if idx.is_empty() {
            match (options.empty, aggregation) {
                (EmptyPeriods::Zero, Aggregation::Mean) => None,
                (EmptyPeriods::Zero, _) => Some(0.0),
                _ => None,
            }
        } else {
            Some(combine(idx))
        };
        points.push(SeriesPoint {
            complete: off + 1 < len || last_complete,
            period,
            value,
            observations: idx.len(),
        });
    }
    let mut notes = vec![format!(
        "periods run from the one containing {} to the one containing the as-of date {}",
        iso(start),
        iso(as_of)
    )];
    if !last_complete {
        notes.push(
            "the last period is incomplete at the as-of date; it is shown but left out of tests"
                .to_owned(),
        );
    }
    notes.push(match options.empty {
        EmptyPeriods::Gap => "periods without observations are gaps, not zeros".to_owned(),
        EmptyPeriods::Zero => "periods without observations count as zero".to_owned(),
    });
    if after > 0 {
        notes.push(format!(
            "{after} observations after the as-of date left out"
        ));
    }
    if before > 0 {
        notes.push(format!("{before} observations before the start left out"));
    }
    let agg = match aggregation {
        Aggregation::Sum => "sum",
        Aggregation::Count => "count",
        Aggregation::Mean => "mean",
        Aggregation::DistinctCount => "distinct count",
    };
    let per = match pt {
        PeriodType::Month => "month".to_owned(),
        PeriodType::Quarter => "quarter".to_owned(),
        PeriodType::CalendarYear => "calendar year".to_owned(),
        PeriodType::SchoolYear => "school year (September–August)".to_owned(),
        PeriodType::FiscalYear { start_month } => {
            format!("fiscal year starting in month {start_month}")
        }
    };
    Ok(Series {
        method: format!("{agg} per {per}"),
        notes,
        period_type: pt,
        aggregation,
        as_of: iso(as_of),
        points,
        excluded_after_as_of: after,
        excluded_before_start: before,
    })
}

fn ymd(y: i32, m: u32) -> StatResult<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, 1)
        .ok_or_else(|| NotApplicable::new("bad_date", format!("{y}-{m:02}-01")))
}

fn add_months(d: NaiveDate, months: u32) -> StatResult<NaiveDate> {
    d.checked_add_months(chrono::Months::new(months))
        .ok_or_else(|| NotApplicable::new("bad_date", "date out of range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn opts(period: PeriodType, as_of: NaiveDate) -> SeriesOptions {
        SeriesOptions {
            period,
            as_of,
            start: None,
            empty: EmptyPeriods::Gap,
        }
    }

    #[test]
    fn index_of_equals_the_period_index_every_day() {
        let types = [
            PeriodType::Month,
            PeriodType::Quarter,
            PeriodType::CalendarYear,
            PeriodType::SchoolYear,
            PeriodType::FiscalYear { start_month: 1 },
            PeriodType::FiscalYear { start_month: 4 },
            PeriodType::FiscalYear { start_month: 12 },
        ];
        let mut day = d(2023, 1, 1);
        while day <= d(2025, 12, 31) {
            for pt in types {
                assert_eq!(pt.index_of(day).unwrap(), pt.period_of(day).unwrap().index);
            }
            day = day.succ_opt().unwrap();
        }
        assert!(
            PeriodType::FiscalYear { start_month: 13 }
                .index_of(day)
                .is_err()
        );
    }

    #[test]
    fn bucket_rows_gives_the_series_of_bucket_distinct_and_bucket_values() {
        // Unordered dates, some after the as-of date, keys repeating within a month.
        let obs: Vec<(NaiveDate, u32, f64)> = (0..500u32)
            .map(|i| {
                let day = d(2024, 1, 1) + chrono::Days::new(u64::from((i * 37) % 420));
                (day, (i * 13) % 17, f64::from(i % 7) * 0.25)
            })
            .collect();
        let dates: Vec<NaiveDate> = obs.iter().map(|o| o.0).collect();
        let mut o = opts(PeriodType::Month, d(2024, 12, 15));
        o.start = Some(d(2024, 1, 1));
        let keyed: Vec<(NaiveDate, u32)> = obs.iter().map(|x| (x.0, x.1)).collect();
        let values: Vec<(NaiveDate, f64)> = obs.iter().map(|x| (x.0, x.2)).collect();
        let distinct = bucket_rows(&dates, Aggregation::DistinctCount, &o, |idx| {
            let mut v: Vec<u32> = idx.iter().map(|&i| obs[i].1).collect();
            v.sort_unstable();
            v.dedup();
            v.len() as f64
        })
        .unwrap();
        assert_eq!(
            distinct,
            bucket_distinct(&keyed, Aggregation::DistinctCount, &o).unwrap()
        );
        let sum = bucket_rows(&dates, Aggregation::Sum, &o, |idx| {
            idx.iter().map(|&i| obs[i].2).sum()
        })
        .unwrap();
        assert_eq!(sum, bucket_values(&values, Aggregation::Sum, &o).unwrap());
        // The distinct count is not the row count here.
        assert!(
            distinct
                .points
                .iter()
                .any(|p| p.value.is_some_and(|v| (v as usize) < p.observations))
        );
    }

    #[test]
    fn period_labels() {
        let day = d(2024, 10, 15);
        assert_eq!(PeriodType::Month.period_of(day).unwrap().label, "2024-10");
        let q = PeriodType::Quarter.period_of(day).unwrap();
        assert_eq!(
            (q.label.as_str(), q.end.as_str()),
            ("2024-Q4", "2024-12-31")
        );
        let s = PeriodType::SchoolYear.period_of(day).unwrap();
        assert_eq!(
            (s.label.as_str(), s.start.as_str(), s.end.as_str()),
            ("2024/25", "2024-09-01", "2025-08-31")
        );
        let s = PeriodType::SchoolYear.period_of(d(2025, 8, 31)).unwrap();
        assert_eq!(s.label, "2024/25");
        let f = PeriodType::FiscalYear { start_month: 4 }
            .period_of(d(2025, 3, 1))
            .unwrap();
        assert_eq!(
            (f.label.as_str(), f.start.as_str()),
            ("FY2024/25", "2024-04-01")
        );
        let feb = PeriodType::Month.period_of(d(2024, 2, 3)).unwrap();
        assert_eq!(feb.end, "2024-02-29");
        for pt in [
            PeriodType::Month,
            PeriodType::Quarter,
            PeriodType::SchoolYear,
        ] {
            let p = pt.period_of(day).unwrap();
            assert_eq!(pt.index_of(day).unwrap(), p.index);
            assert_eq!(pt.period_at(p.index).unwrap(), p);
        }
    }

    #[test]
    fn gaps_incomplete_and_as_of() {
        let obs = [
            (d(2024, 1, 5), 2.0),
            (d(2024, 1, 20), 3.0),
            (d(2024, 3, 1), 1.0),
            (d(2024, 4, 2), 7.0),
            (d(2024, 5, 1), 9.0), // after as-of
        ];
        let s = bucket_values(
            &obs,
            Aggregation::Sum,
            &opts(PeriodType::Month, d(2024, 4, 15)),
        )
        .unwrap();
        let vals: Vec<Option<f64>> = s.points.iter().map(|p| p.value).collect();
        assert_eq!(vals, vec![Some(5.0), None, Some(1.0), Some(7.0)]);
        assert!(!s.points[3].complete && s.points[2].complete);
        assert_eq!(s.excluded_after_as_of, 1);
        assert_eq!(s.analysable(false), vec![(24288.0, 5.0), (24290.0, 1.0)]);
        let mut o = opts(PeriodType::Month, d(2024, 4, 30));
        o.empty = EmptyPeriods::Zero;
        let s = bucket_values(&obs, Aggregation::Count, &o).unwrap();
        assert!(s.points[3].complete);
        assert_eq!(s.points[1].value, Some(0.0));
    }

    #[test]
    fn distinct_keys() {
        let obs = [
            (d(2024, 1, 5), "a"),
            (d(2024, 1, 6), "a"),
            (d(2024, 1, 7), "b"),
            (d(2024, 2, 7), "b"),
        ];
        let s = bucket_distinct(
            &obs,
            Aggregation::DistinctCount,
            &opts(PeriodType::Quarter, d(2024, 6, 30)),
        )
        .unwrap();
        assert_eq!(s.points.len(), 2);
        assert_eq!(s.points[0].value, Some(2.0));
        assert_eq!(s.points[1].value, None);
        assert!(s.points[1].complete);
        let none: [(NaiveDate, f64); 0] = [];
        let e = bucket_values(
            &none,
            Aggregation::Sum,
            &opts(PeriodType::Month, d(2024, 1, 1)),
        );
        assert_eq!(e.unwrap_err().code, "no_data");
    }
}
