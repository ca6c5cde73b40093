//! The [`Report`]: everything a host may show or export, already through the privacy layer.
//!
//! Field order is stable and names are camelCase, so the JSON is byte-identical natively and the
//! object deep-equal in JavaScript for the same inputs and options.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::diag::Diagnostic;
use crate::indicators::activity::{self, ActivitySummary};
use crate::ingest::ledger::FileLedger;
use crate::options::AnalysisOptions;
use crate::privacy::suppress::{Published, SuppressionNote, Suppressor};
use crate::schema::coerce::iso;
use crate::{Dataset, VERSION};

/// Version of the report's JSON shape.
pub const SCHEMA_VERSION: u32 = 1;

/// Most diagnostics of one code and file carried in a report (the ledgers keep exact counts).
pub const REPORT_DIAGNOSTICS_PER_CODE: usize = 100;

/// The analysis result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// Version of this JSON shape.
    pub schema_version: u32,
    /// The Madad version that produced it.
    pub madad_version: String,
    /// The input is the built-in demo municipality ("sample data").
    pub sample_data: bool,
    /// The host's "as of" date (ISO), when given.
    pub as_of: Option<String>,
    /// The definitions in force.
    pub definitions: Definitions,
    /// One ledger per input file.
    pub sources: Vec<FileLedger>,
    /// Headline numbers.
    pub summary: Summary,
    /// Active volunteers per calendar month.
    pub monthly_active: Vec<MonthCell>,
    /// Data problems (capped per code and file; exact counts are in `sources[].problems`).
    pub diagnostics: Vec<Diagnostic>,
    /// Every value withheld by the small-cell rule, with its reason.
    pub suppression: Vec<SuppressionNote>,
}

/// The definitions behind the numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Definitions {
    /// Statuses whose activities are counted.
    pub counted_statuses: Vec<String>,
    /// How a volunteer is identified.
    pub volunteer_key: String,
    /// What makes a volunteer active in a month.
    pub monthly_active_rule: String,
    /// Small-cell threshold K.
    pub suppression_threshold: u32,
    /// Largest hours one record may carry.
    pub max_hours_per_record: u32,
}

/// Headline numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Unduplicated volunteers with at least one approved activity (V1).
    pub volunteers: Published<u64>,
    /// Total approved hours (V3).
    pub approved_hours: Published<f64>,
    /// Approved hours per volunteer, mean (V4).
    pub mean_hours_per_volunteer: Published<f64>,
    /// Approved hours per volunteer, median (V4).
    pub median_hours_per_volunteer: Published<f64>,
    /// Activity rows by status (counts of records, not people).
    pub activities: ActivityCounts,
    /// First counted activity date (ISO).
    pub first_date: Option<String>,
    /// Last counted activity date (ISO).
    pub last_date: Option<String>,
}

/// Activity rows by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct ActivityCounts {
    /// Approved.
    pub approved: u64,
    /// Pending.
    pub pending: u64,
    /// Rejected.
    pub rejected: u64,
    /// Unrecognised status.
    pub unknown: u64,
}

/// Active volunteers in one calendar month.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct MonthCell {
    /// `YYYY-MM`.
    pub month: String,
    /// Distinct volunteers with an approved activity in the month.
    pub volunteers: Published<u64>,
    /// The month contains the "as of" date and has not ended.
    pub partial: bool,
}

/// Analyses a dataset. Pure: the same dataset and options give the same report.
pub fn analyze(ds: &Dataset, options: &AnalysisOptions) -> Report {
    let s = activity::summarize(ds);
    let mut sup = Suppressor::new(options.suppression_threshold);
    let summary = publish_summary(&s, &mut sup);
    let monthly_active = s
        .monthly_active
        .iter()
        .map(|&(m, n)| {
            let month = month_label(m);
            MonthCell {
                volunteers: sup.count(&format!("monthlyActive/{month}"), n),
                partial: ds.as_of.is_some_and(|d| is_partial(m, d)),
                month,
            }
        })
        .collect();
    Report {
        schema_version: SCHEMA_VERSION,
        madad_version: VERSION.to_owned(),
        sample_data: options.sample_data,
        as_of: ds.as_of.map(iso),
        definitions: Definitions {
            counted_statuses: vec!["approved".to_owned()],
            volunteer_key: "volunteerId".to_owned(),
            monthly_active_rule: "atLeastOneApprovedActivityInMonth".to_owned(),
            suppression_threshold: u32::try_from(sup.k()).unwrap_or(u32::MAX),
            max_hours_per_record: ds.max_hours_per_record,
        },
        sources: ds.ledgers.clone(),
        summary,
        monthly_active,
        diagnostics: capped_diagnostics(&ds.diagnostics),
        suppression: sup.into_notes(),
    }
}

fn publish_summary(s: &ActivitySummary, sup: &mut Suppressor) -> Summary {
    let n = s.volunteers;
    let iso = |d: i32| NaiveDate::from_num_days_from_ce_opt(d).map(iso);
    Summary {
        volunteers: sup.count("summary/volunteers", n),
        approved_hours: sup.derived("summary/approvedHours", n, s.approved_hours()),
        mean_hours_per_volunteer: match s.mean_hours() {
            Some(v) => sup.derived("summary/meanHoursPerVolunteer", n, v),
            None => Published {
                value: None,
                suppressed: false,
            },
        },
        median_hours_per_volunteer: match s.median_hours {
            Some(v) => sup.derived("summary/medianHoursPerVolunteer", n, v),
            None => Published {
                value: None,
                suppressed: false,
            },
        },
        activities: ActivityCounts {
            approved: s.by_status[0],
            pending: s.by_status[1],
            rejected: s.by_status[2],
            unknown: s.by_status[3],
        },
        first_date: s.span.and_then(|(lo, _)| iso(lo)),
        last_date: s.span.and_then(|(_, hi)| iso(hi)),
    }
}

fn month_label(m: i32) -> String {
    format!("{:04}-{:02}", m.div_euclid(12), m.rem_euclid(12) + 1)
}

fn is_partial(month: i32, as_of: NaiveDate) -> bool {
    let same_month = as_of.year() * 12 + as_of.month0() as i32 == month;
    let last_day = as_of
        .succ_opt()
        .is_none_or(|next| next.month() != as_of.month());
    same_month && !last_day
}

fn capped_diagnostics(all: &[Diagnostic]) -> Vec<Diagnostic> {
    let mut seen: Vec<(&str, &str, usize)> = Vec::new();
    let mut out = Vec::new();
    for d in all {
        let n = match seen
            .iter_mut()
            .find(|(f, c, _)| *f == d.file && *c == d.code)
        {
            Some((_, _, n)) => {
                *n += 1;
                *n
            }
            None => {
                seen.push((&d.file, &d.code, 1));
                1
            }
        };
        if n <= REPORT_DIAGNOSTICS_PER_CODE {
            out.push(d.clone());
        }
    }
    out
}
