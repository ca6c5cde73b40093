//! The content of `truth.json`: what was planted and what Madad's analysis must reproduce.

use serde::{Deserialize, Serialize};

use crate::DemoConfig;
use crate::calendar::SeasonWindow;

/// Everything planted in a demo municipality, and the exact expected results for the hours log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Truth {
    /// The seed (also inside `config`; repeated for convenience).
    pub seed: u64,
    /// The configuration the files were generated with.
    pub config: DemoConfig,
    /// Names of the files written, relative to the output directory.
    pub files: Files,
    /// First and last day of the hours log, `yyyy-mm-dd`.
    pub period: Period,
    /// Program start, `2024-09-01`: the date of the planted level change.
    pub program_start: String,
    /// The planted level change in active volunteers and sessions.
    pub level_change: LevelChange,
    /// The planted seasonality.
    pub seasonality: SeasonalityTruth,
    /// The planted pre→post change in loneliness.
    pub loneliness_effect: LonelinessEffect,
    /// Summary of the registry (`volunteers.xlsx`).
    pub registry: RegistryTruth,
    /// Exact expected results for `hours_log.csv`.
    pub hours_log: HoursLogTruth,
    /// What is in `loneliness_survey.csv`.
    pub survey: SurveyTruth,
    /// What is in `population.csv`.
    pub population: PopulationTruth,
}

/// File names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Files {
    /// `hours_log.csv`
    pub hours_log: String,
    /// `volunteers.xlsx`
    pub registry: String,
    /// `loneliness_survey.csv`
    pub survey: String,
    /// `population.csv`
    pub population: String,
    /// `truth.json`
    pub truth: String,
}

/// A closed date range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Period {
    /// First day, `yyyy-mm-dd`.
    pub start: String,
    /// Last day (inclusive), `yyyy-mm-dd`.
    pub end: String,
}

/// The level change at the program start.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LevelChange {
    /// Date of the step, `yyyy-mm-dd`.
    pub date: String,
    /// Planted relative increase of the expected number of registered-active volunteers (and
    /// so of sessions): 0.175 means +17.5 %.
    pub planted_relative_increase: f64,
    /// Observed in the written log: mean monthly active volunteers (≥ 1 approved row) over
    /// Sep 2024–Aug 2025 divided by the mean over Sep 2023–Aug 2024, minus 1 (same calendar
    /// months, so seasonality cancels), rounded to 4 decimals.
    pub observed_year_on_year_increase: f64,
    /// How it was planted.
    pub description: String,
}

/// The seasonality model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeasonalityTruth {
    /// Plain-language description.
    pub description: String,
    /// Day-of-week multipliers, Sunday first, for all departments except emergency.
    pub weekday_factors: Vec<f64>,
    /// Day-of-week multipliers for the emergency department.
    pub weekday_factors_emergency: Vec<f64>,
    /// Holiday and school-holiday windows.
    pub windows: Vec<SeasonWindow>,
}

/// Planted loneliness effect (expected pre→post change in the UCLA-3 total, 3–9 scale).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LonelinessEffect {
    /// Expected change in the intervention group (−1.0).
    pub intervention: f64,
    /// Expected change in the comparison group (−0.1).
    pub comparison: f64,
    /// `UCLA-3`.
    pub instrument: String,
}

/// Registry summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegistryTruth {
    /// Rows (volunteers) in the registry.
    pub volunteers: u32,
    /// Born in 1960 or earlier (65+ by the end of 2025).
    pub born_1960_or_earlier: u32,
    /// Rows with a leave date.
    pub with_leave_date: u32,
    /// Rows with a blank gender cell.
    pub blank_gender: u32,
    /// Registered volunteers with no row at all in the hours log.
    pub never_in_log: u32,
    /// Recruits who joined in the program-start burst (1–14 Sep 2024).
    pub program_recruits: u32,
}

/// Exact expected results of analysing `hours_log.csv`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HoursLogTruth {
    /// Physical records after the header, blank lines and dirty rows included.
    pub rows_total: u64,
    /// Rows that are neither rejected nor skipped (includes `status.unknown` rows).
    pub rows_used: u64,
    /// Rows with an error-severity diagnostic.
    pub rows_rejected: u64,
    /// Blank lines.
    pub rows_skipped: u64,
    /// Distinct volunteer ids with at least one approved used row.
    pub volunteers: u64,
    /// Sum of hours over approved used rows (exact: summed in hundredths).
    pub approved_hours: f64,
    /// Used rows with status `מאושר`.
    pub approved_activities: u64,
    /// Used rows with status `ממתין`.
    pub pending_activities: u64,
    /// Used rows with status `נדחה`.
    pub rejected_activities: u64,
    /// One entry per calendar month of the period (36).
    pub monthly_active: Vec<MonthTruth>,
    /// Planted problems, by row.
    pub diagnostics: Vec<ExpectedDiagnostic>,
}

/// Expected per-month results (approved used rows only).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MonthTruth {
    /// `yyyy-mm`.
    pub month: String,
    /// Distinct volunteers with at least one approved row in the month.
    pub volunteers: u64,
    /// Approved rows in the month.
    pub approved_activities: u64,
    /// Approved hours in the month (exact, 2 decimals).
    pub approved_hours: f64,
}

/// A diagnostic Madad must report for a planted dirty row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpectedDiagnostic {
    /// 1-based physical row (the header is row 1).
    pub row: u64,
    /// Diagnostic code, e.g. `date.invalid`.
    pub code: String,
    /// Severity: `error` (row rejected) or `warning` (row kept).
    pub severity: String,
    /// Header of the offending column, when the problem is in one cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The raw offending cell value, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// For `row.duplicate`: the row number of the original.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_row: Option<u64>,
}

/// Survey summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SurveyTruth {
    /// Distinct respondents.
    pub respondents: u32,
    /// Respondents whose id is a volunteer id from the registry.
    pub volunteer_respondents: u32,
    /// Respondents in the intervention group.
    pub intervention: u32,
    /// Respondents in the comparison group.
    pub comparison: u32,
    /// Respondents with no post wave.
    pub dropouts: u32,
    /// Data rows (pre rows + post rows).
    pub rows: u32,
    /// Blank item cells.
    pub blank_item_cells: u32,
    /// Planted out-of-range item answers.
    pub out_of_range: Vec<SurveyCell>,
    /// Planted mean of the pre-wave UCLA-3 total in the population (5.5).
    pub planted_baseline_mean: f64,
    /// Observed mean change (post − pre) of the UCLA-3 total among respondents with all three
    /// items valid (1–3) in both waves, by group, rounded to 4 decimals.
    pub observed_ucla_change: GroupChange,
}

/// A survey cell.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SurveyCell {
    /// 1-based physical row (the header is row 1).
    pub row: u32,
    /// Column header, e.g. `ucla_2`.
    pub column: String,
    /// Value written.
    pub value: String,
}

/// Per-group observed change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupChange {
    /// Intervention group mean change.
    pub intervention: f64,
    /// Complete pairs in the intervention group.
    pub intervention_pairs: u32,
    /// Comparison group mean change.
    pub comparison: f64,
    /// Complete pairs in the comparison group.
    pub comparison_pairs: u32,
}

/// Population table summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PopulationTruth {
    /// Sum of all cells.
    pub residents: u32,
    /// Residents aged 65+.
    pub residents_65_plus: u32,
    /// Data rows.
    pub rows: u32,
}
