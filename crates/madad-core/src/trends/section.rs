//! The report's trends section: indicator series by period with their changes, trend tests,
//! interrupted time series and projection, and volunteer retention as survival (R6) and cohort
//! tables (R5), all through the small-cell rule.
//!
//! Counting follows the indicators ([`crate::indicators::base::Prepared`]): the activities of a
//! counted status that count as volunteering, up to the as-of date.
//!
//! * Active volunteers (V1 by period): distinct volunteers with a counted activity in the period.
//! * New volunteers (R4 New): volunteers whose first counted activity falls in the period.
//! * Sessions (V7 by period): distinct volunteer-days.
//! * Approved hours (V3 by period): the sum of counted hours.
//! * Senior share (D3 among volunteers): active seniors ÷ active volunteers of known age.
//!
//! **Privacy.** Every point goes through the [`Suppressor`] first: counts of 1 to K−1 people,
//! and hours or sessions of fewer than K volunteers, are withheld, and a withheld point is a gap
//! for every test. Changes, rolling sums, moving averages, trend tests, the interrupted time
//! series and the projection use the published points only, so nothing published depends on a
//! withheld count. The survival curve is published only at times where at least K volunteers are
//! still at risk; groups of fewer than K volunteers and cohorts of fewer than K are withheld.
//!
//! Methods: [`super::change`] (Poisson/binomial count changes, Newcombe share changes),
//! [`super::summary::trend_summary`] (OLS, Mann–Kendall/Sen, Hamed–Rao, seasonal Kendall),
//! [`super::its`] (segmented regression with Newey–West errors; Wagner et al. 2002),
//! [`super::forecast`] (linear trend + season dummies), [`super::survival`] (Kaplan–Meier,
//! log-rank, RMST) and [`super::cohort`] (cohort retention, tenure).

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::change::{
    CountChange, ProportionChange, count_changes, moving_average, proportion_change, rolling_sum,
};
use super::cohort::{DAYS_PER_MONTH, cohort_retention, tenure};
use super::forecast::{MIN_POINTS, project};
use super::its::{ItsOptions, interrupted_time_series};
use super::series::{
    Aggregation, EmptyPeriods, Period, PeriodType, Series, SeriesOptions, bucket_distinct,
    bucket_rows, bucket_values,
};
use super::summary::{TrendSummary, trend_summary};
use super::survival::{KaplanMeier, MedianInterval, RETENTION_MONTHS, kaplan_meier, log_rank};
use crate::indicators::base::{Prepared, Row};
use crate::indicators::volume::volunteer_days;
use crate::privacy::suppress::{Published, Suppressor};
use crate::schema::coerce::iso;
use crate::schema::tables::NONE;
use crate::stats::linear::LinearCombination;
use crate::stats::{Interval, NotApplicable, StatResult};

/// How many Newey–West lags the interrupted time series uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase", tag = "rule")]
pub enum HacLagRule {
    /// statsmodels' rule `floor(4 (n/100)^{2/9})` (Newey & West 1994).
    Statsmodels,
    /// A fixed number of lags.
    Fixed {
        /// Lags.
        lags: usize,
    },
}

/// Options of the trends section (all optional in JSON; defaults stated per field).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase", default)]
pub struct TrendOptions {
    /// Period type of the series (default month).
    pub period_type: PeriodType,
    /// Program start (ISO `YYYY-MM-DD`); when given, an interrupted time series is fitted with
    /// the programme starting in the period that contains it. Default none.
    pub program_start: Option<String>,
    /// Periods after the start at which the programme effect is reported (default 12).
    pub its_horizon: u32,
    /// Newey–West lag rule of the interrupted time series (default statsmodels' rule).
    pub hac_lags: HacLagRule,
    /// Use the incomplete last period in tests and changes (default false).
    pub include_incomplete: bool,
    /// Periods projected ahead (default 6; only with at least 24 published points).
    pub projection_horizon: usize,
    /// A volunteer has left when their last counted activity is this many months or more before
    /// the as-of date (default: the definitions' active window, R1).
    pub inactivity_months: Option<u32>,
    /// Confidence level (default 0.95).
    pub level: f64,
}

impl Default for TrendOptions {
    fn default() -> Self {
        TrendOptions {
            period_type: PeriodType::Month,
            program_start: None,
            its_horizon: 12,
            hac_lags: HacLagRule::Statsmodels,
            include_incomplete: false,
            projection_horizon: 6,
            inactivity_months: None,
            level: 0.95,
        }
    }
}

/// The trends section of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct TrendSection {
    /// What the section holds.
    pub method: String,
    /// Conventions: counting, suppression, incomplete period.
    pub notes: Vec<String>,
    /// As-of date (ISO).
    pub as_of: String,
    /// Period type of the series.
    pub period_type: PeriodType,
    /// The programme start used by the interrupted time series (ISO), when given.
    pub program_start: Option<String>,
    /// Confidence level.
    pub level: f64,
    /// The series: `activeVolunteers`, `newVolunteers`, `sessions`, `approvedHours` and, when
    /// ages are known, `seniorShare`.
    pub series: Vec<TrendSeries>,
    /// Retention: tenure survival (R6) and the cohort table (R5).
    pub retention: Retention,
}

/// One published point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    /// The period.
    pub period: Period,
    /// The published value; `null` when withheld (or, for a share, without anyone of known age).
    pub value: Option<f64>,
    /// Withheld by the small-cell rule.
    pub suppressed: bool,
    /// `false` for the period holding the as-of date when it has not ended.
    pub complete: bool,
    /// Sum of the last year of periods (12 months, 4 quarters), published points only and
    /// complete periods only; `null` when one is missing, and for non-additive series.
    pub rolling_year: Option<f64>,
    /// Trailing mean of the last 3 periods (published, complete points only).
    pub moving_average: Option<f64>,
}

/// A change between two periods of a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct PeriodChange {
    /// Periods apart: 1 (period over period) or the periods in a year (year over year).
    pub lag: usize,
    /// Earlier period label.
    pub from: Option<String>,
    /// Later period label (the latest analysable period).
    pub to: Option<String>,
    /// Change of a count (people, sessions): exact ratio and Wald difference intervals.
    pub count: Option<CountChange>,
    /// Change of a share: Newcombe interval of the difference.
    pub proportion: Option<ProportionChange>,
    /// Why no change is given.
    pub not_applicable: Option<NotApplicable>,
}

/// What the plain-language sentence of a series needs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct TrendHeadline {
    /// `increasing`, `decreasing` or `no_trend` at the chosen level.
    pub direction: String,
    /// `mann_kendall` or `hamed_rao` (used when the lag-1 autocorrelation is significant).
    pub method: String,
    /// Sen's slope per period.
    pub slope: f64,
    /// Its interval (Gilbert), when the sample allows.
    pub slope_ci: Option<Interval>,
    /// Two-sided p-value.
    pub p_value: f64,
    /// Unit of the slope: `month`, `quarter` or `year`.
    pub per: String,
    /// Points used.
    pub n: usize,
}

/// The interrupted time series of a series (segmented regression).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct ItsResult {
    /// Method.
    pub method: String,
    /// Assumptions and diagnostics.
    pub notes: Vec<String>,
    /// Label of the first programme period.
    pub start_period: String,
    /// Published points before the start.
    pub n_pre: usize,
    /// Published points from the start.
    pub n_post: usize,
    /// Slope per period before the start.
    pub pre_slope: LinearCombination,
    /// Jump at the first programme period.
    pub level_change: LinearCombination,
    /// Change of the slope per period.
    pub slope_change: LinearCombination,
    /// Slope per period after the start.
    pub post_slope: LinearCombination,
    /// Expected value without the programme at the first programme period.
    pub counterfactual_at_start: f64,
    /// `level_change ÷ counterfactual_at_start` (`null` when the counterfactual is 0).
    pub relative_level_change: Option<f64>,
    /// The level change interval divided by the counterfactual (treated as fixed).
    pub relative_level_change_ci: Option<Interval>,
    /// Periods after the start (1 = the first programme period) of `effect_at_horizon`.
    pub horizon: u32,
    /// `level_change + horizon × slope_change`.
    pub effect_at_horizon: LinearCombination,
    /// Expected value without the programme at the horizon.
    pub counterfactual_at_horizon: f64,
    /// Effect ÷ counterfactual at the horizon.
    pub relative_effect: Option<f64>,
    /// Durbin–Watson statistic of the residuals.
    pub durbin_watson: f64,
    /// Newey–West lags used.
    pub hac_lags: usize,
}

/// One projected period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct ProjectionPoint {
    /// The period.
    pub period: Period,
    /// Projected mean.
    pub mean: f64,
    /// Interval of the mean.
    pub mean_ci: Interval,
    /// Prediction interval of one new value.
    pub prediction_interval: Interval,
}

/// A projection, labelled as such: not a forecast of what will happen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct SeriesProjection {
    /// Always `projection`.
    pub label: String,
    /// Method.
    pub method: String,
    /// Assumptions.
    pub notes: Vec<String>,
    /// Points fitted.
    pub n: usize,
    /// Fitted slope per period.
    pub slope: f64,
    /// Projected periods.
    pub points: Vec<ProjectionPoint>,
}

/// One series with everything computed on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct TrendSeries {
    /// `activeVolunteers`, `newVolunteers`, `sessions`, `approvedHours` or `seniorShare`.
    pub id: String,
    /// The indicator it follows (`V1`, `R4`, `V7`, `V3`, `D3`).
    pub indicator: String,
    /// `people`, `sessions`, `hours` or `share`.
    pub unit: String,
    /// How the series was built.
    pub method: String,
    /// Conventions (gaps, withheld points, incomplete period).
    pub notes: Vec<String>,
    /// Points in period order.
    pub points: Vec<TrendPoint>,
    /// Points withheld by the small-cell rule.
    pub withheld_points: usize,
    /// The latest analysable period against the one before.
    pub period_change: PeriodChange,
    /// The latest analysable period against the same period a year before.
    pub year_over_year: PeriodChange,
    /// Trend tests on the published points.
    pub summary: TrendSummary,
    /// What the plain-language sentence needs.
    pub headline: Option<TrendHeadline>,
    /// Why there is no headline.
    pub headline_not_applicable: Option<NotApplicable>,
    /// Interrupted time series (with a program start).
    pub its: Option<ItsResult>,
    /// Why there is none.
    pub its_not_applicable: Option<NotApplicable>,
    /// Projection (at least 24 published points).
    pub projection: Option<SeriesProjection>,
    /// Why there is none.
    pub projection_not_applicable: Option<NotApplicable>,
}

/// Retention: survival of tenure and the cohort table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Retention {
    /// Method.
    pub method: String,
    /// Definitions and caveats.
    pub notes: Vec<String>,
    /// A volunteer has left when the last counted activity is more than this many days before
    /// the as-of date.
    pub inactive_after_days: i64,
    /// R6 overall.
    pub overall: Option<SurvivalSummary>,
    /// Why there is none.
    pub overall_not_applicable: Option<NotApplicable>,
    /// Seniors vs others (when ages are known).
    pub seniors: Option<GroupComparison>,
    /// By main department (the department with most counted hours).
    pub by_department: Option<GroupComparison>,
    /// By cohort year (year of the first counted activity).
    pub by_cohort_year: Option<GroupComparison>,
    /// R5.
    pub cohorts: Option<CohortRetention>,
    /// Why there is none.
    pub cohorts_not_applicable: Option<NotApplicable>,
}

/// One point of the published survival curve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct SurvivalPoint {
    /// Months of tenure.
    pub months: f64,
    /// Volunteers with a tenure of at least `months` (≥ K when published).
    pub at_risk: u64,
    /// Ŝ(months).
    pub survival: f64,
    /// Log(−log) interval.
    pub ci: Interval,
}

/// Ŝ at a reporting time, or why it is not given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct SurvivalAtMonths {
    /// Months.
    pub months: f64,
    /// The value.
    pub point: Option<SurvivalPoint>,
    /// Why not.
    pub not_applicable: Option<NotApplicable>,
}

/// Restricted mean tenure up to `tau` months.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct RmstAt {
    /// τ in months.
    pub tau: f64,
    /// Mean months active within the first τ.
    pub estimate: Option<f64>,
    /// Its interval.
    pub ci: Option<Interval>,
    /// Why not.
    pub not_applicable: Option<NotApplicable>,
}

/// Kaplan–Meier summary of one group of volunteers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct SurvivalSummary {
    /// Method.
    pub method: String,
    /// Assumptions.
    pub notes: Vec<String>,
    /// Volunteers.
    pub volunteers: u64,
    /// Volunteers who left (withheld when 1…K−1, or when everyone or no one, or n − it, is).
    pub left: Published<u64>,
    /// Ŝ at whole months while at least K are at risk.
    pub curve: Vec<SurvivalPoint>,
    /// Median tenure in months (`null` when not reached or when fewer than K are at risk there).
    pub median: Option<f64>,
    /// Its interval (a bound is `null` when not reached or withheld).
    pub median_ci: MedianInterval,
    /// Ŝ at 3, 6, 12 and 24 months.
    pub at_months: Vec<SurvivalAtMonths>,
    /// RMST at 12 and 24 months.
    pub rmst: Vec<RmstAt>,
}

/// A group's survival.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct SurvivalGroup {
    /// Label; `null` for "not supplied".
    pub label: Option<String>,
    /// Volunteers in the group (withheld below K).
    pub volunteers: Published<u64>,
    /// Survival (only for groups of at least K).
    pub survival: Option<SurvivalSummary>,
    /// Why not.
    pub not_applicable: Option<NotApplicable>,
}

/// Published part of a log-rank test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct LogRankResult {
    /// Method.
    pub method: String,
    /// Assumptions.
    pub notes: Vec<String>,
    /// Groups compared (those of at least K volunteers).
    pub groups: Vec<String>,
    /// χ² statistic.
    pub chi2: f64,
    /// Degrees of freedom.
    pub df: usize,
    /// p-value.
    pub p_value: f64,
}

/// Survival by group with a log-rank test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct GroupComparison {
    /// What the groups are.
    pub grouping: String,
    /// Groups in label order.
    pub groups: Vec<SurvivalGroup>,
    /// Log-rank test across the groups of at least K.
    pub log_rank: Option<LogRankResult>,
    /// Why not.
    pub not_applicable: Option<NotApplicable>,
}

/// One published cell of the cohort table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct CohortCell {
    /// Months since the cohort month.
    pub months_since: u32,
    /// Cohort members active in that month, withheld when it or the members not active are
    /// 1…K−1 (the cohort size is published, so either would give the other away).
    pub active: Published<u64>,
    /// Share of the cohort (`null` when `active` is withheld).
    pub share: Option<f64>,
    /// Wilson interval (`null` when `active` is withheld).
    pub ci: Option<Interval>,
}

/// One cohort.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct CohortLine {
    /// Cohort month, `YYYY-MM`.
    pub cohort: String,
    /// Cohort size (withheld below K).
    pub size: Published<u64>,
    /// Cells; empty when the cohort is withheld.
    pub cells: Vec<CohortCell>,
}

/// R5: the cohort retention table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct CohortRetention {
    /// Method.
    pub method: String,
    /// Definitions and caveats.
    pub notes: Vec<String>,
    /// Most months since the cohort month shown.
    pub max_months: u32,
    /// Cohorts in time order.
    pub rows: Vec<CohortLine>,
}

/// Months since the cohort month shown in the cohort table.
pub const COHORT_MONTHS: u32 = 24;

/// τ (months) of the restricted mean tenure.
pub const RMST_MONTHS: [f64; 2] = [12.0, 24.0];

/// Builds the trends section from the counted activities on or before `as_of`; `None` without
/// any. Every published value passes through `sup` (cells `trends/…`).
pub fn trend_section(
    p: &Prepared<'_>,
    as_of: NaiveDate,
    options: &TrendOptions,
    sup: &mut Suppressor,
) -> Option<TrendSection> {
    let defs = p.defs;
    let t = chrono::Datelike::num_days_from_ce(&as_of);
    // `p.rows` is sorted by day (then person): the rows up to the as-of date are a prefix, and
    // one volunteer's rows of one day are adjacent.
    let upto = &p.rows[..p.rows.partition_point(|r| r.day <= t)];
    let date = |day: i32| NaiveDate::from_num_days_from_ce_opt(day);
    let rows: Vec<&Row> = upto.iter().filter(|r| date(r.day).is_some()).collect();
    let first = date(rows.first()?.day)?;
    let level = options.level;
    let pt = options.period_type;
    // The files cover up to their last counted activity: periods after it are not in the files
    // (an export made for an earlier period), not periods without volunteering. The series
    // ends with the period of that activity, or at the as-of date when that comes first.
    let last = date(rows.last()?.day)?;
    let data_end = pt
        .period_of(last)
        .ok()
        .and_then(|p| NaiveDate::parse_from_str(&p.end, "%Y-%m-%d").ok())
        .unwrap_or(last);
    let series_end = as_of.min(data_end);
    let so = SeriesOptions {
        period: pt,
        as_of: series_end,
        start: Some(first),
        empty: EmptyPeriods::Zero,
    };
    let program_start = options
        .program_start
        .as_deref()
        .map(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| s.to_owned()));

    // Raw series (before suppression), bucketed once by row (`bucket_rows` is what
    // `bucket_distinct` and `bucket_values` do, without copying the rows into observations).
    let dates: Vec<NaiveDate> = rows.iter().filter_map(|r| date(r.day)).collect();
    let active = bucket_rows(&dates, Aggregation::DistinctCount, &so, |idx| {
        let mut v: Vec<u32> = idx.iter().map(|&i| rows[i].person).collect();
        v.sort_unstable();
        v.dedup();
        v.len() as f64
    })
    .ok()?;
    // Distinct volunteer-days: equal (person, day) pairs are adjacent in row order.
    let sessions = bucket_rows(&dates, Aggregation::DistinctCount, &so, |idx| {
        volunteer_days(idx.iter().map(|&i| rows[i])) as f64
    })
    .ok()?;
    let hours = bucket_rows(&dates, Aggregation::Sum, &so, |idx| {
        idx.iter()
            .map(|&i| crate::indicators::volume::hours(rows[i].micro))
            .sum()
    })
    .ok()?;
    // First and last counted day of each volunteer, in person-code order.
    let mut span_of: rustc_hash::FxHashMap<u32, (i32, i32)> = rustc_hash::FxHashMap::default();
    for r in &rows {
        span_of
            .entry(r.person)
            .and_modify(|s| s.1 = r.day)
            .or_insert((r.day, r.day));
    }
    let mut spans: Vec<(u32, NaiveDate, NaiveDate)> = span_of
        .into_iter()
        .filter_map(|(person, (a, b))| Some((person, date(a)?, date(b)?)))
        .collect();
    spans.sort_unstable_by_key(|s| s.0);
    let firsts: Vec<(NaiveDate, f64)> = spans.iter().map(|s| (s.1, 1.0)).collect();
    let new = bucket_values(&firsts, Aggregation::Count, &so).ok()?;

    let n_active: Vec<u64> = active
        .points
        .iter()
        .map(|q| q.value.unwrap_or(0.0) as u64)
        .collect();
    let label = |s: &Series, i: usize| s.points[i].period.label.clone();

    // Counts of people per period are published as counts; sessions and hours of a period's
    // active volunteers are withheld with them (a period without any is a published 0).
    let counted = |raw: &Series, id: &str, sup: &mut Suppressor| {
        publish(raw, sup, |sup, i, v| {
            sup.count(&format!("trends/{id}/{}", label(raw, i)), v as u64)
                .value
                .map(|x| x as f64)
        })
    };
    let derived = |raw: &Series, id: &str, sup: &mut Suppressor| {
        publish(raw, sup, |sup, i, v| {
            if n_active[i] == 0 {
                return Some(0.0);
            }
            sup.derived(&format!("trends/{id}/{}", label(raw, i)), n_active[i], v)
                .value
        })
    };
    let specs = [
        (
            Spec::new("activeVolunteers", "V1", "people", true, false),
            counted(&active, "activeVolunteers", sup),
        ),
        (
            Spec::new("newVolunteers", "R4", "people", true, true),
            counted(&new, "newVolunteers", sup),
        ),
        (
            Spec::new("sessions", "V7", "sessions", true, true),
            derived(&sessions, "sessions", sup),
        ),
        (
            Spec::new("approvedHours", "V3", "hours", false, true),
            derived(&hours, "approvedHours", sup),
        ),
    ];
    let mut series: Vec<TrendSeries> = specs
        .into_iter()
        .map(|(spec, published)| analyse(spec, published, None, options, program_start.as_ref()))
        .collect();

    // Senior share among active volunteers of known age.
    let known: Vec<(NaiveDate, u32)> = rows
        .iter()
        .zip(&dates)
        .filter(|(r, _)| p.is_senior(r.person).is_some())
        .map(|(r, d)| (*d, r.person))
        .collect();
    if !known.is_empty() {
        let seniors: Vec<(NaiveDate, u32)> = known
            .iter()
            .filter(|(_, person)| p.is_senior(*person) == Some(true))
            .copied()
            .collect();
        let den = bucket_distinct(&known, Aggregation::DistinctCount, &so).ok()?;
        let num = bucket_distinct(&seniors, Aggregation::DistinctCount, &so).ok()?;
        let counts: Vec<(u64, u64)> = num
            .points
            .iter()
            .zip(&den.points)
            .map(|(a, b)| (a.value.unwrap_or(0.0) as u64, b.value.unwrap_or(0.0) as u64))
            .collect();
        let mut share = den.clone();
        share.aggregation = Aggregation::Mean;
        for n in &mut share.notes {
            if n.contains("count as zero") {
                *n = "periods without anyone of known age have no share (a gap)".to_owned();
            }
        }
        share.method = format!(
            "active seniors (age ≥ {}) ÷ active volunteers of known age, per {}",
            defs.senior_age,
            per_name(pt)
        );
        let published = publish(&share, sup, |sup, i, _| {
            let (x, n) = counts[i];
            if n == 0 {
                return None;
            }
            sup.share(&format!("trends/seniorShare/{}", label(&den, i)), x, n)
                .value
        });
        let shown: Vec<Option<(u64, u64)>> = published
            .0
            .points
            .iter()
            .zip(&counts)
            .map(|(q, c)| q.value.map(|_| *c))
            .collect();
        series.push(analyse(
            Spec::new("seniorShare", "D3", "share", false, false),
            published,
            Some(&shown),
            options,
            program_start.as_ref(),
        ));
    }

    // Retention.
    let window = options
        .inactivity_months
        .unwrap_or(defs.active_window_months);
    let before = crate::indicators::period::months_before(t, window);
    // R1 counts a volunteer active when the last activity is after t − T months: they have
    // left when t − last ≥ t − (t − T months) days, i.e. more than that minus one.
    let inactive_after_days = i64::from(t - before) - 1;
    let retention = retention(
        p,
        &rows,
        &dates,
        &spans,
        as_of,
        inactive_after_days,
        window,
        level,
        sup,
    );

    let mut notes = vec![
        "counted activities as in the indicators (counted statuses; training only when it \
         counts), up to the as-of date"
            .to_owned(),
        "points with counts of 1 to K−1 people, or hours and sessions of fewer than K \
         volunteers, are withheld; a withheld point is a gap for every test, and every change, \
         average, test and projection uses the published points only"
            .to_owned(),
        "periods without any counted activity count as zero (a share has no value then)".to_owned(),
        format!(
            "the series run from the first to the last period with a counted activity \
             ({} to {}), at most to the as-of date: later periods are not in the files",
            iso(first),
            iso(series_end)
        ),
    ];
    if options.include_incomplete {
        notes.push("the incomplete last period is used in changes and tests (as asked)".to_owned());
    } else {
        notes.push(
            "the incomplete last period is shown but left out of changes and tests".to_owned(),
        );
    }
    Some(TrendSection {
        method: "indicator series by period with changes, trend tests, interrupted time series \
                 and projection; retention survival and cohort table"
            .to_owned(),
        notes,
        as_of: iso(as_of),
        period_type: pt,
        program_start: match &program_start {
            Some(Ok(d)) => Some(iso(*d)),
            _ => None,
        },
        level,
        series,
        retention,
    })
}

/// A published series: the series with withheld points as gaps, and which were withheld.
type PublishedSeries = (Series, Vec<bool>);

fn publish(
    raw: &Series,
    sup: &mut Suppressor,
    mut f: impl FnMut(&mut Suppressor, usize, f64) -> Option<f64>,
) -> PublishedSeries {
    let mut s = raw.clone();
    let mut withheld = vec![false; s.points.len()];
    for (i, q) in s.points.iter_mut().enumerate() {
        if let Some(v) = q.value {
            q.value = f(sup, i, v);
            withheld[i] = q.value.is_none() && !(raw.aggregation == Aggregation::Mean && v == 0.0);
        }
    }
    (s, withheld)
}

struct Spec {
    id: &'static str,
    indicator: &'static str,
    unit: &'static str,
    count: bool,
    additive: bool,
}

impl Spec {
    fn new(
        id: &'static str,
        indicator: &'static str,
        unit: &'static str,
        count: bool,
        additive: bool,
    ) -> Self {
        Spec {
            id,
            indicator,
            unit,
            count,
            additive,
        }
    }
}

fn per_name(pt: PeriodType) -> &'static str {
    match pt {
        PeriodType::Month => "month",
        PeriodType::Quarter => "quarter",
        _ => "year",
    }
}

fn analyse(
    spec: Spec,
    (published, withheld): PublishedSeries,
    shares: Option<&[Option<(u64, u64)>]>,
    options: &TrendOptions,
    program_start: Option<&Result<NaiveDate, String>>,
) -> TrendSeries {
    let level = options.level;
    let pt = published.period_type;
    let ppy = pt.periods_per_year() as usize;
    // The copy the tests see: with `include_incomplete`, the last period counts as complete.
    let mut analysed = published.clone();
    if options.include_incomplete {
        for q in &mut analysed.points {
            q.complete = true;
        }
    }
    let rolling = if spec.additive && ppy > 1 {
        rolling_sum(&analysed, ppy)
    } else {
        vec![None; analysed.points.len()]
    };
    let moving = moving_average(&analysed, 3);
    let points: Vec<TrendPoint> = published
        .points
        .iter()
        .enumerate()
        .map(|(i, q)| TrendPoint {
            period: q.period.clone(),
            value: q.value,
            suppressed: withheld[i],
            complete: q.complete,
            rolling_year: rolling[i],
            moving_average: moving[i],
        })
        .collect();
    let withheld_points = withheld.iter().filter(|w| **w).count();
    let period_change = latest_change(&analysed, &spec, shares, 1, level);
    let year_over_year = latest_change(&analysed, &spec, shares, ppy, level);
    let summary = trend_summary(&analysed, level);
    let (headline, headline_not_applicable) = headline(&summary, pt);
    let pts = analysed.analysable(false);
    let seasonal = (ppy >= 2).then_some(ppy);
    let (its, its_not_applicable) = match program_start {
        None => (
            None,
            Some(NotApplicable::new(
                "no_program_start",
                "no program start date was given",
            )),
        ),
        Some(Err(s)) => (
            None,
            Some(NotApplicable::new(
                "bad_parameter",
                format!("program start {s:?} is not an ISO date"),
            )),
        ),
        Some(Ok(d)) => split(its_of(&pts, *d, options, seasonal)),
    };
    let (projection, projection_not_applicable) = split(
        project(&pts, seasonal, options.projection_horizon, level).and_then(|pr| {
            let points = pr
                .points
                .iter()
                .map(|q| {
                    Ok(ProjectionPoint {
                        period: pt.period_at(libm::round(q.time) as i64)?,
                        mean: q.mean,
                        mean_ci: q.mean_ci,
                        prediction_interval: q.prediction_interval,
                    })
                })
                .collect::<StatResult<Vec<_>>>()?;
            Ok(SeriesProjection {
                label: "projection".to_owned(),
                method: pr.method,
                notes: pr.notes,
                n: pr.n,
                slope: pr.slope,
                points,
            })
        }),
    );
    let mut notes = published.notes.clone();
    if withheld_points > 0 {
        notes.push(format!(
            "{withheld_points} points withheld by the small-cell rule: they are gaps for every \
             change, average and test"
        ));
    }
    if pts.len() < MIN_POINTS {
        notes.push(format!(
            "a projection needs at least {MIN_POINTS} published complete points"
        ));
    }
    TrendSeries {
        id: spec.id.to_owned(),
        indicator: spec.indicator.to_owned(),
        unit: spec.unit.to_owned(),
        method: published.method.clone(),
        notes,
        points,
        withheld_points,
        period_change,
        year_over_year,
        summary,
        headline,
        headline_not_applicable,
        its,
        its_not_applicable,
        projection,
        projection_not_applicable,
    }
}

fn split<T>(r: StatResult<T>) -> (Option<T>, Option<NotApplicable>) {
    match r {
        Ok(v) => (Some(v), None),
        Err(e) => (None, Some(e)),
    }
}

/// The change from `lag` periods before to the latest analysable (complete) period.
fn latest_change(
    s: &Series,
    spec: &Spec,
    shares: Option<&[Option<(u64, u64)>]>,
    lag: usize,
    level: f64,
) -> PeriodChange {
    let mut out = PeriodChange {
        lag,
        from: None,
        to: None,
        count: None,
        proportion: None,
        not_applicable: None,
    };
    let Some(i) = s.points.iter().rposition(|q| q.complete) else {
        out.not_applicable = Some(NotApplicable::new(
            "too_few",
            "no complete period to compare",
        ));
        return out;
    };
    if i < lag {
        out.not_applicable = Some(NotApplicable::new(
            "too_few",
            format!("the series has no period {lag} before the latest complete one"),
        ));
        return out;
    }
    out.from = Some(s.points[i - lag].period.label.clone());
    out.to = Some(s.points[i].period.label.clone());
    let result: StatResult<()> = if let Some(sh) = shares {
        match (sh[i - lag], sh[i]) {
            (Some((x1, n1)), Some((x2, n2))) => {
                proportion_change(x1, n1, x2, n2, level).map(|c| out.proportion = Some(c))
            }
            _ => Err(NotApplicable::new(
                "gap",
                "a period has no published share (withheld or nobody of known age)",
            )),
        }
    } else if !spec.count {
        Err(NotApplicable::new(
            "not_a_count",
            "hours are not a count of events: no Poisson interval; compare the trend tests",
        ))
    } else {
        count_changes(s, lag, level).and_then(|all| {
            let c = all.into_iter().nth(i - lag).ok_or_else(|| {
                NotApplicable::new("too_few", "no change for the latest complete period")
            })?;
            match (c.change, c.not_applicable) {
                (Some(ch), _) => {
                    out.count = Some(ch);
                    Ok(())
                }
                (None, Some(e)) => Err(e),
                (None, None) => Err(NotApplicable::new("too_few", "no change")),
            }
        })
    };
    if let Err(e) = result {
        out.not_applicable = Some(e);
    }
    out
}

fn headline(
    summary: &TrendSummary,
    pt: PeriodType,
) -> (Option<TrendHeadline>, Option<NotApplicable>) {
    let Some(mk) = &summary.mann_kendall else {
        let reason = summary
            .skipped
            .iter()
            .find(|s| s.test == "mann_kendall")
            .map(|s| s.reason.clone())
            .unwrap_or_else(|| NotApplicable::new("too_few", "no trend test applied"));
        return (None, Some(reason));
    };
    // Significant lag-1 autocorrelation: the plain test is anti-conservative (summary notes).
    let autocorrelated = mk.notes.iter().any(|n| n.contains("Hamed–Rao"));
    let (chosen, method) = match (&summary.hamed_rao, autocorrelated) {
        (Some(hr), true) => (hr, "hamed_rao"),
        _ => (mk, "mann_kendall"),
    };
    (
        Some(TrendHeadline {
            direction: chosen.trend.clone(),
            method: method.to_owned(),
            slope: chosen.sen_slope,
            slope_ci: chosen.slope_ci,
            p_value: chosen.p_value,
            per: per_name(pt).to_owned(),
            n: chosen.n,
        }),
        None,
    )
}

fn its_of(
    pts: &[(f64, f64)],
    start: NaiveDate,
    options: &TrendOptions,
    seasonal: Option<usize>,
) -> StatResult<ItsResult> {
    let pt = options.period_type;
    let start_period = pt.period_of(start)?;
    let t0 = start_period.index as f64;
    // Season dummies only with two full years of published points (else they eat the data).
    let seasonal = seasonal.filter(|p| pts.len() >= 2 * p + 4);
    let lags = match options.hac_lags {
        HacLagRule::Statsmodels => None,
        HacLagRule::Fixed { lags } => Some(lags),
    };
    let opts = |horizon| ItsOptions {
        start: t0,
        horizon,
        lags,
        seasonal_period: seasonal,
        level: options.level,
    };
    let at_h = interrupted_time_series(pts, &opts(options.its_horizon))?;
    let at_1 = interrupted_time_series(pts, &opts(1))?;
    let cf0 = at_1.counterfactual_at_horizon;
    let lc = &at_h.level_change;
    let rel_ci = (cf0 > 0.0).then(|| Interval {
        lower: lc.conf_int.lower / cf0,
        upper: lc.conf_int.upper / cf0,
        level: lc.conf_int.level,
    });
    let mut notes = at_h.notes.clone();
    notes.push(
        "the relative level change divides by the counterfactual at the first programme \
         period, treated as fixed"
            .to_owned(),
    );
    Ok(ItsResult {
        method: at_h.method.clone(),
        notes,
        start_period: start_period.label,
        n_pre: at_h.n_pre,
        n_post: at_h.n_post,
        pre_slope: at_h.pre_slope.clone(),
        level_change: at_h.level_change.clone(),
        slope_change: at_h.slope_change.clone(),
        post_slope: at_h.post_slope.clone(),
        counterfactual_at_start: cf0,
        relative_level_change: (cf0 != 0.0).then(|| lc.estimate / cf0),
        relative_level_change_ci: rel_ci,
        horizon: at_h.horizon,
        effect_at_horizon: at_h.effect_at_horizon.clone(),
        counterfactual_at_horizon: at_h.counterfactual_at_horizon,
        relative_effect: at_h.relative_effect,
        durbin_watson: at_h.durbin_watson,
        hac_lags: at_h.hac_lags,
    })
}

/// One volunteer's tenure record.
struct Tenure {
    months: f64,
    left: bool,
    senior: Option<bool>,
    department: Option<String>,
    cohort_year: i32,
}

#[allow(clippy::too_many_arguments)]
fn retention(
    p: &Prepared<'_>,
    rows: &[&Row],
    dates: &[NaiveDate],
    spans: &[(u32, NaiveDate, NaiveDate)],
    as_of: NaiveDate,
    inactive_after_days: i64,
    window: u32,
    level: f64,
    sup: &mut Suppressor,
) -> Retention {
    let k = sup.k();
    // Main department: most counted hours; ties go to the first label in sort order ("not
    // supplied" first), never to a dictionary code, which depends on row order.
    let depts = &p.ds.activities.departments;
    // Summed per (person, department code) in a hash map: this runs over every row.
    let as_of_day = chrono::Datelike::num_days_from_ce(&as_of);
    let mut dept_hours: rustc_hash::FxHashMap<(u32, u32), i64> = rustc_hash::FxHashMap::default();
    for r in &p.rows {
        if r.day <= as_of_day {
            *dept_hours.entry((r.person, r.department)).or_default() += r.micro;
        }
    }
    let label_of = |code: u32| if code == NONE { None } else { depts.get(code) };
    let mut main_dept: rustc_hash::FxHashMap<u32, (Option<&str>, i64)> =
        rustc_hash::FxHashMap::default();
    for ((person, code), h) in dept_hours {
        let label = label_of(code);
        let e = main_dept.entry(person).or_insert((label, h));
        if h > e.1 || (h == e.1 && label < e.0) {
            *e = (label, h);
        }
    }
    let mut tenures = Vec::new();
    for (person, first, last) in spans {
        let Ok((months, left)) = tenure(*first, *last, as_of, inactive_after_days) else {
            continue;
        };
        let department = main_dept
            .get(person)
            .and_then(|(d, _)| d.map(str::to_owned));
        tenures.push(Tenure {
            months,
            left,
            senior: p.is_senior(*person),
            department,
            cohort_year: chrono::Datelike::year(first),
        });
    }
    let all: Vec<(f64, bool)> = tenures.iter().map(|x| (x.months, x.left)).collect();
    let (overall, overall_not_applicable) = split(survival(&all, level, sup, "trends/retention"));
    let group = |name: &str, label: &dyn Fn(&Tenure) -> Option<Option<String>>| {
        let data: Vec<(f64, bool, Option<String>)> = tenures
            .iter()
            .filter_map(|x| label(x).map(|g| (x.months, x.left, g)))
            .collect();
        (name.to_owned(), data)
    };
    let (sn, seniors_data) = group("seniors", &|x| {
        x.senior.map(|s| {
            Some(if s {
                "seniors".to_owned()
            } else {
                "others".to_owned()
            })
        })
    });
    let seniors = (!seniors_data.is_empty()).then(|| {
        compare(
            &sn,
            &seniors_data,
            level,
            k,
            sup,
            "age ≥ senior age vs younger",
        )
    });
    let (dn, dept_data) = group("department", &|x| Some(x.department.clone()));
    let by_department = Some(compare(
        &dn,
        &dept_data,
        level,
        k,
        sup,
        "main department (most counted hours)",
    ));
    let (cn, cohort_data) = group("cohortYear", &|x| Some(Some(x.cohort_year.to_string())));
    let by_cohort_year = Some(compare(
        &cn,
        &cohort_data,
        level,
        k,
        sup,
        "year of the first counted activity",
    ));
    let activity: Vec<(u32, NaiveDate)> = rows
        .iter()
        .zip(dates)
        .map(|(r, d)| (r.person, *d))
        .collect();
    let (cohorts, cohorts_not_applicable) = split(
        cohort_retention(&activity, as_of, COHORT_MONTHS, level).map(|table| {
            let rows = table
                .rows
                .into_iter()
                .map(|row| {
                    let size = sup.count(
                        &format!("trends/retention/cohorts/{}/size", row.cohort),
                        row.size,
                    );
                    let cells = if row.size >= k {
                        row.cells
                            .into_iter()
                            .map(|c| {
                                let active = sup.count_with_complement(
                                    &format!(
                                        "trends/retention/cohorts/{}/{}",
                                        row.cohort, c.months_since
                                    ),
                                    c.active,
                                    row.size,
                                );
                                let shown = !active.suppressed;
                                CohortCell {
                                    months_since: c.months_since,
                                    active,
                                    share: shown.then_some(c.share),
                                    ci: shown.then_some(c.ci),
                                }
                            })
                            .collect()
                    } else {
                        Vec::new()
                    };
                    CohortLine {
                        cohort: row.cohort,
                        size,
                        cells,
                    }
                })
                .collect();
            let mut notes = table.notes;
            notes.push(
                "cohorts of fewer than K volunteers are withheld (size and every cell); in a \
                 published cohort, a month's active count is withheld when it, or the members \
                 not active, number 1 to K−1"
                    .to_owned(),
            );
            CohortRetention {
                method: table.method,
                notes,
                max_months: COHORT_MONTHS,
                rows,
            }
        }),
    );
    Retention {
        method: "tenure survival (Kaplan–Meier, log-rank, RMST) and cohort retention".to_owned(),
        notes: vec![
            format!(
                "tenure runs from the first to the last counted activity; a volunteer with a \
                 counted activity in the last {window} months (the active window) is still \
                 active and censored at the as-of date"
            ),
            format!(
                "months are days ÷ {DAYS_PER_MONTH}; the curve is published at whole months \
                 while at least K volunteers are at risk"
            ),
            "groups of fewer than K volunteers are withheld and left out of the log-rank tests"
                .to_owned(),
        ],
        inactive_after_days,
        overall,
        overall_not_applicable,
        seniors,
        by_department,
        by_cohort_year,
        cohorts,
        cohorts_not_applicable,
    }
}

fn at_risk(data: &[(f64, bool)], t: f64) -> u64 {
    data.iter().filter(|(d, _)| *d >= t).count() as u64
}

/// Kaplan–Meier summary of `data`, published where at least K are at risk.
fn survival(
    data: &[(f64, bool)],
    level: f64,
    sup: &mut Suppressor,
    cell: &str,
) -> StatResult<SurvivalSummary> {
    let k = sup.k();
    let n = data.len() as u64;
    if n < k {
        return Err(NotApplicable::new(
            "below_k",
            "fewer than K volunteers: withheld",
        ));
    }
    let km: KaplanMeier = kaplan_meier(data, level)?;
    let events = km.events as u64;
    let left = sup.count_in_group(&format!("{cell}/left"), events, n);
    let below = |t: f64| {
        NotApplicable::new(
            "at_risk_below_k",
            format!("fewer than K volunteers are at risk at {t} months"),
        )
    };
    let point = |t: f64| -> StatResult<SurvivalPoint> {
        let r = at_risk(data, t);
        if r < k {
            return Err(below(t));
        }
        let s = km.survival_at(t)?;
        Ok(SurvivalPoint {
            months: t,
            at_risk: r,
            survival: s.survival,
            ci: s.ci,
        })
    };
    let mut curve = Vec::new();
    let mut m = 0.0;
    while let Ok(pnt) = point(m) {
        curve.push(pnt);
        m += 1.0;
    }
    let shown = |t: Option<f64>| t.filter(|t| at_risk(data, *t) >= k);
    let median = shown(km.median);
    let median_ci = MedianInterval {
        lower: shown(km.median_ci.lower),
        upper: shown(km.median_ci.upper),
        level,
    };
    let at_months = RETENTION_MONTHS
        .iter()
        .map(|&t| {
            let (point, not_applicable) = split(point(t));
            SurvivalAtMonths {
                months: t,
                point,
                not_applicable,
            }
        })
        .collect();
    let rmst = RMST_MONTHS
        .iter()
        .map(|&tau| {
            let r = if at_risk(data, tau) < k {
                Err(below(tau))
            } else {
                km.rmst(tau)
            };
            match r {
                Ok(r) => RmstAt {
                    tau,
                    estimate: Some(r.estimate),
                    ci: Some(r.ci),
                    not_applicable: None,
                },
                Err(e) => RmstAt {
                    tau,
                    estimate: None,
                    ci: None,
                    not_applicable: Some(e),
                },
            }
        })
        .collect();
    let mut notes = km.notes.clone();
    if km.median.is_some() && median.is_none() {
        notes.push("the median is reached where fewer than K are at risk: withheld".to_owned());
    }
    Ok(SurvivalSummary {
        method: km.method,
        notes,
        volunteers: n,
        left,
        curve,
        median,
        median_ci,
        at_months,
        rmst,
    })
}

fn compare(
    name: &str,
    data: &[(f64, bool, Option<String>)],
    level: f64,
    k: u64,
    sup: &mut Suppressor,
    grouping: &str,
) -> GroupComparison {
    let labels: BTreeSet<Option<String>> = data.iter().map(|d| d.2.clone()).collect();
    let mut groups = Vec::new();
    let mut eligible: Vec<(f64, bool, String)> = Vec::new();
    let mut names = Vec::new();
    for l in labels {
        let members: Vec<(f64, bool)> = data
            .iter()
            .filter(|d| d.2 == l)
            .map(|d| (d.0, d.1))
            .collect();
        let shown = l.clone().unwrap_or_else(|| "(not supplied)".to_owned());
        let cell = format!("trends/retention/{name}/{shown}");
        let volunteers = sup.count(&format!("{cell}/volunteers"), members.len() as u64);
        let (survival, not_applicable) = split(survival(&members, level, sup, &cell));
        if members.len() as u64 >= k {
            eligible.extend(members.iter().map(|m| (m.0, m.1, shown.clone())));
            names.push(shown);
        }
        groups.push(SurvivalGroup {
            label: l,
            volunteers,
            survival,
            not_applicable,
        });
    }
    let (log_rank, not_applicable) = split(if names.len() < 2 {
        Err(NotApplicable::new(
            "too_few",
            "fewer than two groups of at least K volunteers",
        ))
    } else {
        log_rank(&eligible).map(|lr| LogRankResult {
            method: lr.method,
            notes: lr.notes,
            groups: lr.groups,
            chi2: lr.chi2,
            df: lr.df,
            p_value: lr.p_value,
        })
    });
    GroupComparison {
        grouping: grouping.to_owned(),
        groups,
        log_rank,
        not_applicable,
    }
}
