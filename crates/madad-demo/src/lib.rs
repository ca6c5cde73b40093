//! Deterministic demo municipality for Madad.
//!
//! [`write_demo`] writes the files a volunteering coordinator in a ~30,000-resident Israeli town
//! would hand over, with realistic structure and realistic mess, plus `truth.json`: the planted
//! parameters and the **exact** results Madad's analysis of the hours log must reproduce.
//!
//! | file | format | content |
//! |---|---|---|
//! | `hours_log.csv` | windows-1255, CRLF, RFC 4180 | activity log 2023–2025 with planted dirty rows ([`hours`]) |
//! | `volunteers.xlsx` | XLSX, one RTL sheet `מתנדבים` | volunteer registry ([`registry`]) |
//! | `loneliness_survey.csv` | UTF-8 + BOM, LF | UCLA-3 and DJG-6, pre/post, long layout ([`survey`]) |
//! | `population.csv` | UTF-8 + BOM, LF | residents by neighbourhood × age band × gender ([`population`]) |
//! | `truth.json` | UTF-8 JSON | [`Truth`] |
//!
//! [`write_bench`] writes instead only `hours.csv`, the same activity log in the six-column
//! UTF-8 layout of the benchmark workload (`madad demo --layout bench`).
//!
//! **Determinism.** The same [`DemoConfig`] gives byte-identical files on every platform: all
//! randomness comes from the seeded PCG32 in [`rng`] (one independent stream per file, so the
//! registry does not change when only `activities` changes), all transcendental math from
//! `libm`, no hash-map iteration order reaches the output, and the workbook carries a fixed
//! creation time and no author.
//!
//! **Streaming.** The hours log is written row by row through a `BufWriter`; memory is
//! proportional to the number of volunteers, not of activities, so 10 million activities are
//! fine.

pub mod calendar;
pub mod csvw;
pub mod hours;
pub mod names;
pub mod population;
pub mod registry;
pub mod rng;
pub mod survey;
mod truth;

use std::fs;
use std::io;
use std::path::Path;

use serde::{Deserialize, Serialize};

pub use truth::{
    ExpectedDiagnostic, Files, GroupChange, HoursLogTruth, LevelChange, LonelinessEffect,
    MonthTruth, Period, PopulationTruth, RegistryTruth, SeasonalityTruth, SurveyCell, SurveyTruth,
    Truth,
};

use calendar::{PERIOD_END, PERIOD_START, PROGRAM_START, fmt_iso, ymd};
use registry::{Kind, LEVEL_CHANGE};

/// File name of the hours log.
pub const HOURS_LOG_FILE: &str = "hours_log.csv";
/// File name of the registry workbook.
pub const REGISTRY_FILE: &str = "volunteers.xlsx";
/// File name of the loneliness survey.
pub const SURVEY_FILE: &str = "loneliness_survey.csv";
/// File name of the population table.
pub const POPULATION_FILE: &str = "population.csv";
/// File name of the truth.
pub const TRUTH_FILE: &str = "truth.json";
/// File name of the bench-layout log ([`write_bench`]).
pub const BENCH_FILE: &str = "hours.csv";

/// What to generate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DemoConfig {
    /// Seed of every random stream.
    pub seed: u64,
    /// Rows of the registry (10–89,000; ids are 5-digit). About 88 % of them are active at some
    /// point in 2023–2025.
    pub volunteers: u32,
    /// Activities generated for the hours log. Planted problems replace generated activities,
    /// while the planted exact duplicates and blank lines are extra lines, so the log has
    /// `activities + duplicates + blank lines` data records (`activities + 9` for the default
    /// config).
    pub activities: u64,
}

impl Default for DemoConfig {
    /// Seed 42, 2,000 volunteers, 60,000 activities.
    fn default() -> Self {
        Self {
            seed: 42,
            volunteers: 2000,
            activities: 60_000,
        }
    }
}

/// Writes only the benchmark workload, [`BENCH_FILE`], into `out_dir` (created if missing): the
/// hours log of the same municipality in the six-column UTF-8 layout of perf-anchors §4.1 (see
/// [`hours::write_bench_log`]). Nothing else is written; the demo files are untouched.
pub fn write_bench(out_dir: &Path, cfg: &DemoConfig) -> io::Result<hours::BenchOutcome> {
    fs::create_dir_all(out_dir)?;
    let vols = registry::generate(cfg.seed, cfg.volunteers)?;
    hours::write_bench_log(&out_dir.join(BENCH_FILE), cfg.seed, cfg.activities, &vols)
}

/// Writes all demo files into `out_dir` (created if missing) and returns the truth that was also
/// written as `truth.json`.
pub fn write_demo(out_dir: &Path, cfg: &DemoConfig) -> io::Result<Truth> {
    fs::create_dir_all(out_dir)?;
    let vols = registry::generate(cfg.seed, cfg.volunteers)?;
    registry::write_xlsx(&out_dir.join(REGISTRY_FILE), &vols)?;
    let hours = hours::write_hours_log(
        &out_dir.join(HOURS_LOG_FILE),
        cfg.seed,
        cfg.activities,
        &vols,
    )?;
    let survey = survey::write_survey(&out_dir.join(SURVEY_FILE), cfg.seed, &vols)?;
    let population = population::write_population(&out_dir.join(POPULATION_FILE), cfg.seed)?;

    let count =
        |f: &dyn Fn(&registry::Volunteer) -> bool| vols.iter().filter(|v| f(v)).count() as u32;
    let registry_truth = RegistryTruth {
        volunteers: vols.len() as u32,
        born_1960_or_earlier: count(&|v| v.birth_year <= 1960),
        with_leave_date: count(&|v| v.leave.is_some()),
        blank_gender: count(&|v| v.gender.is_none()),
        never_in_log: vols.len() as u32 - hours.volunteers_in_log,
        program_recruits: count(&|v| v.kind == Kind::Recruit),
    };
    let program_start = fmt_iso(ymd(PROGRAM_START.0, PROGRAM_START.1, PROGRAM_START.2));
    let truth = Truth {
        seed: cfg.seed,
        config: cfg.clone(),
        files: Files {
            hours_log: HOURS_LOG_FILE.to_string(),
            registry: REGISTRY_FILE.to_string(),
            survey: SURVEY_FILE.to_string(),
            population: POPULATION_FILE.to_string(),
            truth: TRUTH_FILE.to_string(),
        },
        period: Period {
            start: fmt_iso(ymd(PERIOD_START.0, PERIOD_START.1, PERIOD_START.2)),
            end: fmt_iso(ymd(PERIOD_END.0, PERIOD_END.1, PERIOD_END.2)),
        },
        program_start: program_start.clone(),
        level_change: LevelChange {
            date: program_start,
            planted_relative_increase: LEVEL_CHANGE,
            observed_year_on_year_increase: hours.year_on_year,
            description: format!(
                "Expected registered-active volunteers are flat before {date} and {pct}% higher \
                 from then on: a burst of recruits joins on 1-14 Sep 2024 and the join rate rises \
                 by the same {pct}%, so churn of the burst and build-up of the raised intake \
                 cancel. Recruits draw activity rates from the same distribution, so monthly \
                 active volunteers and sessions step up by about the same share.",
                date = "2024-09-01",
                pct = LEVEL_CHANGE * 100.0
            ),
        },
        seasonality: SeasonalityTruth {
            description: "Expected sessions per day are multiplied by: a day-of-week factor \
                (Sun-Thu 1, Fri 0.45, Sat 0.12; emergency department Fri 0.8, Sat 0.6); 0.5 in \
                the Tishrei holidays (Rosh Hashana eve to Simchat Torah) and Passover week, all \
                departments; 0.25 in July-August for education and youth (school summer \
                holiday); and day-to-day log-normal noise (sigma 0.12)."
                .to_string(),
            weekday_factors: calendar::WEEKDAY.to_vec(),
            weekday_factors_emergency: calendar::WEEKDAY_EMERGENCY.to_vec(),
            windows: calendar::Seasonality::windows(),
        },
        loneliness_effect: LonelinessEffect {
            intervention: survey::EFFECT_INTERVENTION,
            comparison: survey::EFFECT_COMPARISON,
            instrument: "UCLA-3".to_string(),
        },
        registry: registry_truth,
        hours_log: hours.truth,
        survey,
        population,
    };
    let mut json = serde_json::to_vec_pretty(&truth).map_err(io::Error::other)?;
    json.push(b'\n');
    fs::write(out_dir.join(TRUTH_FILE), json)?;
    Ok(truth)
}
