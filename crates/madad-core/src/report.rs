//! The [`Report`]: everything a host may show or export, already through the privacy layer.
//!
//! Field order is stable and names are camelCase, so the JSON is byte-identical natively and the
//! object deep-equal in JavaScript for the same inputs and options.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::benchmarks::{BENCHMARKS, BENCHMARKS_VERSION, Benchmark};
use crate::definitions::{
    DEFINITIONS_VERSION, DefinitionOptions, GOALS, GoalSection, INDICATORS, IndicatorDefinition,
};
use crate::diag::Diagnostic;
use crate::indicators::activity::{self, ActivitySummary};
use crate::indicators::base::{AsOfSource, Prepared};
use crate::indicators::diversity::{CategoryKind, Diversity};
use crate::indicators::experience::Experience;
use crate::indicators::headcount::Headcount;
use crate::indicators::operations::Operations;
use crate::indicators::retention::{Active, Funnel, LeavingReasons, RetentionPoint};
use crate::indicators::seniors::Seniors;
use crate::indicators::volume::{Intensity, Volume, VolumePoint};
use crate::indicators::{Missing, Proportion};
use crate::ingest::ledger::FileLedger;
use crate::loneliness::section::{LonelinessSection, loneliness_section};
use crate::options::AnalysisOptions;
use crate::privacy::suppress::{Published, SuppressionNote, Suppressor};
use crate::schema::coerce::iso;
use crate::trends::section::{TrendSection, trend_section};
use crate::view::{self, ReportView};
use crate::{Dataset, VERSION};

/// Version of the report's JSON shape.
pub const SCHEMA_VERSION: u32 = 2;

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
    /// The volunteering indicators (V, R, D, Q, L9) under the definitions in force.
    pub indicators: Indicators,
    /// National benchmarks beside the municipality's own figures (versioned table).
    pub benchmarks: Benchmarks,
    /// The report's sections by program goal (מה"ר and מתחברים), naming indicator ids.
    pub sections: Vec<GoalSection>,
    /// Series by period with changes, trend tests, interrupted time series and projection;
    /// retention survival (R6) and cohort table (R5). `null` without counted activities.
    pub trends: Option<TrendSection>,
    /// The loneliness analysis of the survey (`null` without a loneliness survey).
    pub loneliness: Option<LonelinessSection>,
    /// Data problems (capped per code and file; exact counts are in `sources[].problems`).
    pub diagnostics: Vec<Diagnostic>,
    /// Every value withheld by the small-cell rule, with its reason.
    pub suppression: Vec<SuppressionNote>,
    /// The filtered view this report describes (absent without `AnalysisOptions.filter`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub view: Option<ReportView>,
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
    /// Version of the indicator definitions.
    pub definitions_version: String,
    /// The definitions registry in force for `indicators`.
    pub registry: DefinitionOptions,
    /// The as-of date used by the indicators (ISO), and where it came from.
    pub indicators_as_of: Option<String>,
    /// `host`, `lastActivity` (no host date: the last counted activity) or `none`.
    pub as_of_source: AsOfSource,
    /// Every indicator: id, names in he/ar/en, formula, caveats, source.
    pub indicators: Vec<IndicatorDefinition>,
}

/// The volunteering indicators. A `null` block lacks its input (see `missing`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Indicators {
    /// V1, V3, V4, V7, V9–V11 over the reporting period.
    pub volume: Option<Volume>,
    /// V1, V3, V9 by period.
    pub volume_series: Vec<VolumePoint>,
    /// V5 and V6 over the last 12 complete months.
    pub intensity: Option<Intensity>,
    /// R1 and R2.
    pub active: Option<Active>,
    /// R3, R4 and R8 by period.
    pub retention_series: Vec<RetentionPoint>,
    /// R8 leaving reasons of the reporting period.
    pub leaving_reasons: Option<LeavingReasons>,
    /// R7.
    pub commitment_retention: Option<Proportion>,
    /// R10.
    pub funnel: Option<Funnel>,
    /// V2 and D1–D4.
    pub diversity: Option<Diversity>,
    /// L9 and the senior rate.
    pub seniors: Option<Seniors>,
    /// V12, V13 and R9.
    pub operations: Option<Operations>,
    /// Q1–Q5.
    pub experience: Option<Experience>,
    /// V8: team and anonymous headcounts, apart from the volunteers of V1 (`null` without a
    /// party-size column).
    pub headcount: Option<Headcount>,
    /// Indicators with no value in this report, and why.
    pub missing: Vec<Missing>,
}

/// The benchmark table with its version.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Benchmarks {
    /// Version of the table.
    pub version: String,
    /// The rows.
    pub rows: Vec<Benchmark>,
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
///
/// With a filter the view refuses (see [`crate::view`]), the report holds no figures: it is the
/// analysis of no rows, with `view.refused` stating why. [`try_analyze`] returns the error
/// instead.
pub fn analyze(ds: &Dataset, options: &AnalysisOptions) -> Report {
    match try_analyze(ds, options) {
        Ok(r) => r,
        Err(e) => refused(ds, options, &e),
    }
}

/// Analyses the view of `options.filter` (the whole dataset without one), or refuses it:
/// `filter.small_complement` (with `dimension` and `table`), `filter.invalid_date`,
/// `filter.empty_range`.
pub fn try_analyze(ds: &Dataset, options: &AnalysisOptions) -> crate::Result<Report> {
    let Some(filter) = &options.filter else {
        return Ok(analyze_all(ds, options));
    };
    let v = view::derive(
        ds,
        filter,
        options.suppression_threshold,
        &options.definitions.counted_statuses,
    )?;
    let mut report = analyze_all(&v.dataset, options);
    if let Some(from) = v.from {
        view::trim_series(&mut report, from);
    }
    report.view = Some(v.report);
    Ok(report)
}

/// The report of a refused view: no rows analysed, `view.refused` set.
fn refused(ds: &Dataset, options: &AnalysisOptions, e: &crate::Error) -> Report {
    let mut empty = ds.clone();
    empty.activities = Default::default();
    empty.registry = Default::default();
    empty.survey = Default::default();
    empty.population = Default::default();
    empty.opportunities = Default::default();
    let mut report = analyze_all(&empty, options);
    report.view = Some(ReportView {
        filter: options.filter.clone().unwrap_or_default(),
        active: true,
        left_out: Vec::new(),
        notes: Vec::new(),
        levels: view::filter_levels(ds, options.suppression_threshold),
        refused: Some(view::Refusal {
            code: e.code.to_owned(),
            dimension: e.params.get("dimension").cloned(),
            table: e.params.get("table").cloned(),
        }),
    });
    report
}

fn analyze_all(ds: &Dataset, options: &AnalysisOptions) -> Report {
    let s = activity::summarize(ds);
    let mut sup = Suppressor::new(options.suppression_threshold);
    let summary = publish_summary(&s, &mut sup);
    let prepared = Prepared::new(ds, &options.definitions);
    let indicators = compute_indicators(&prepared, &mut sup);
    let benchmarks = benchmarks(&indicators);
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
    // After every other block, so the suppression audit list keeps its order.
    let trends = prepared
        .as_of
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .and_then(|t| trend_section(&prepared, t, &options.trends, &mut sup));
    let loneliness = loneliness_section(ds, &options.loneliness, &mut sup);
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
            definitions_version: DEFINITIONS_VERSION.to_owned(),
            registry: options.definitions.clone(),
            indicators_as_of: prepared
                .as_of
                .and_then(NaiveDate::from_num_days_from_ce_opt)
                .map(iso),
            as_of_source: prepared.as_of_source,
            indicators: INDICATORS.iter().map(IndicatorDefinition::from).collect(),
        },
        // Sample values are for the mapping screen only: no report carries them.
        sources: ds
            .ledgers
            .iter()
            .map(|l| {
                let mut l = l.clone();
                l.columns.iter_mut().for_each(|c| c.samples.clear());
                l
            })
            .collect(),
        summary,
        monthly_active,
        indicators,
        benchmarks,
        sections: GOALS.iter().map(GoalSection::from).collect(),
        trends,
        loneliness,
        diagnostics: capped_diagnostics(&ds.diagnostics),
        suppression: sup.into_notes(),
        view: None,
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

/// Computes every indicator block, in a fixed order (the suppression audit list follows it).
pub fn compute_indicators(p: &Prepared<'_>, sup: &mut Suppressor) -> Indicators {
    use crate::indicators::{
        diversity, experience, headcount, operations, retention, seniors, volume,
    };
    let min_n = p.defs.min_n;
    let ds = p.ds;
    let ind = Indicators {
        volume: volume::volume(p, sup),
        volume_series: volume::series(p, sup),
        intensity: volume::intensity(p, sup),
        active: retention::active(p, sup),
        retention_series: retention::series(p, sup),
        leaving_reasons: retention::leaving_reasons(p, sup),
        commitment_retention: retention::commitment(p, sup),
        funnel: retention::funnel(p, sup),
        diversity: diversity::diversity(p, sup),
        seniors: seniors::seniors(p, sup),
        operations: operations::operations(ds, sup, min_n),
        experience: experience::experience(p, sup, min_n),
        headcount: headcount::headcount(p, sup),
        missing: Vec::new(),
    };
    let mut missing = Vec::new();
    if ind.headcount.is_none() {
        missing.push(Missing::new("V8", "needs_columns"));
    }
    if p.as_of.is_none() {
        missing.push(Missing::new("V1", "no_as_of"));
    }
    let d = p.defs;
    if d.wage_low_per_hour.is_none() && d.wage_high_per_hour.is_none() {
        missing.push(Missing::new("V10", "no_wage_basis"));
        missing.push(Missing::new("V11", "no_wage_basis"));
    } else if d.program_cost.is_none() {
        missing.push(Missing::new("V11", "no_program_cost"));
    }
    if ds.population.is_empty() {
        for id in ["V2", "D2", "D3"] {
            missing.push(Missing::new(id, "no_population"));
        }
    }
    if ds.registry.is_empty() {
        for id in ["R2", "R7", "R8", "R10", "L9"] {
            missing.push(Missing::new(id, "no_registry"));
        }
    } else if ind.commitment_retention.is_none() {
        missing.push(Missing::new("R7", "needs_columns"));
    }
    if ds.opportunities.is_empty() {
        for id in ["V12", "V13", "R9"] {
            missing.push(Missing::new(id, "no_opportunities"));
        }
    }
    if ind.experience.is_none() {
        for id in ["Q1", "Q2", "Q3", "Q4", "Q5"] {
            missing.push(Missing::new(id, "no_survey"));
        }
    }
    missing.sort_by(|a, b| a.indicator.cmp(&b.indicator).then(a.code.cmp(&b.code)));
    Indicators { missing, ..ind }
}

/// Labels of population groups and genders that CBS benchmarks describe (normalised).
const GROUP_LABELS: &[(&str, &[&str])] = &[
    (
        "jews",
        &["jews", "jewish", "יהודים", "יהודי", "יהודית", "يهود"],
    ),
    (
        "arabs",
        &["arabs", "arab", "ערבים", "ערבי", "ערבית", "عرب", "العرب"],
    ),
    (
        "men",
        &[
            "men",
            "male",
            "m",
            "גברים",
            "גבר",
            "זכר",
            "ز",
            "ذكر",
            "رجال",
        ],
    ),
    (
        "women",
        &[
            "women", "female", "f", "נשים", "אישה", "נקבה", "أنثى", "نساء",
        ],
    ),
];

fn group_rate(d: &Diversity, dimension: &str, group: &str) -> Option<f64> {
    let labels = GROUP_LABELS.iter().find(|(g, _)| *g == group)?.1;
    let dim = d.dimensions.iter().find(|x| x.dimension == dimension)?;
    let cat = dim.categories.iter().find(|c| {
        c.kind == CategoryKind::Value
            && c.label.as_deref().is_some_and(|l| {
                let n = crate::schema::headers::normalize(l);
                labels
                    .iter()
                    .any(|x| crate::schema::headers::normalize(x) == n)
            })
    })?;
    cat.rate.as_ref()?.value.value
}

/// The benchmark table, each row beside the municipality's own published figure.
fn benchmarks(ind: &Indicators) -> Benchmarks {
    let rows = BENCHMARKS
        .iter()
        .map(|b| {
            let local = match (b.indicator, b.group) {
                ("V2", "all") => ind
                    .diversity
                    .as_ref()
                    .and_then(|d| d.volunteer_rate.as_ref())
                    .and_then(|r| r.value.value),
                ("D3", "65+") => ind
                    .seniors
                    .as_ref()
                    .and_then(|s| s.rate.as_ref())
                    .and_then(|r| r.value.value),
                ("D3", g @ ("jews" | "arabs")) => ind
                    .diversity
                    .as_ref()
                    .and_then(|d| group_rate(d, "populationGroup", g)),
                ("D3", g @ ("men" | "women")) => ind
                    .diversity
                    .as_ref()
                    .and_then(|d| group_rate(d, "gender", g)),
                ("V5", g) => ind.intensity.as_ref().and_then(|i| {
                    match g {
                        "upTo9h" => &i.up_to_9_hours,
                        "tenPlus" => &i.ten_plus_hours,
                        "irregular" => &i.irregular,
                        _ => &i.one_time,
                    }
                    .value
                    .value
                }),
                _ => None,
            };
            Benchmark::with_local(b, local)
        })
        .collect();
    Benchmarks {
        version: BENCHMARKS_VERSION.to_owned(),
        rows,
    }
}
