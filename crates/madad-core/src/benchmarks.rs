//! National benchmarks: published Israeli CBS figures, each with its source and the definition
//! behind it, shown beside the municipality's own figure where the definitions are comparable.
//!
//! Only figures quoted in the mission anchors (§B3, CBS Social Survey) are listed. The table is
//! versioned: a new release adds rows and raises [`BENCHMARKS_VERSION`]; a row never changes.

use serde::{Deserialize, Serialize};

/// Version of the benchmark table.
pub const BENCHMARKS_VERSION: &str = "cbs-2018-2020.1";

/// One published figure.
#[derive(Debug, Clone, Copy)]
pub struct BenchmarkDef {
    /// Stable id.
    pub id: &'static str,
    /// The indicator it compares with (`V2`, `D3`, `V5`, `L2`).
    pub indicator: &'static str,
    /// The group or band it describes (`all`, `65+`, `jews`, `arabs`, `upTo9h`…).
    pub group: &'static str,
    /// The share, 0–1 (a range gives its low and high ends).
    pub low: f64,
    /// High end (equal to `low` for a single figure).
    pub high: f64,
    /// Survey year.
    pub year: u16,
    /// The definition behind the figure (S4: label every benchmark with its definition).
    pub definition: &'static str,
    /// Where it is published.
    pub source: &'static str,
}

const CBS_2018: &str =
    "CBS Social Survey 2018 (20il.co.il summary; israelnationalnews.com/news/188147)";
const VOLUNTEERED_20: &str = "Self-reported volunteering in the past year, residents aged 20+ (CBS Social Survey). Not the same as logged activity: the Hebrew University poll found 42.5% with another definition.";
const BANDS: &str =
    "Self-reported hours per month among volunteers aged 20+ (CBS Social Survey 2018).";

/// The table.
pub const BENCHMARKS: &[BenchmarkDef] = &[
    BenchmarkDef {
        id: "cbs2018.volunteerRate.all",
        indicator: "V2",
        group: "all",
        low: 0.21,
        high: 0.21,
        year: 2018,
        definition: VOLUNTEERED_20,
        source: CBS_2018,
    },
    BenchmarkDef {
        id: "cbs2018.volunteerRate.65plus",
        indicator: "D3",
        group: "65+",
        low: 0.16,
        high: 0.16,
        year: 2018,
        definition: VOLUNTEERED_20,
        source: CBS_2018,
    },
    BenchmarkDef {
        id: "cbs2018.volunteerRate.20to64",
        indicator: "D3",
        group: "20-64",
        low: 0.22,
        high: 0.22,
        year: 2018,
        definition: VOLUNTEERED_20,
        source: CBS_2018,
    },
    BenchmarkDef {
        id: "cbs2018.volunteerRate.men",
        indicator: "D3",
        group: "men",
        low: 0.22,
        high: 0.22,
        year: 2018,
        definition: VOLUNTEERED_20,
        source: CBS_2018,
    },
    BenchmarkDef {
        id: "cbs2018.volunteerRate.women",
        indicator: "D3",
        group: "women",
        low: 0.19,
        high: 0.19,
        year: 2018,
        definition: VOLUNTEERED_20,
        source: CBS_2018,
    },
    BenchmarkDef {
        id: "cbs2018-2020.volunteerRate.jews",
        indicator: "D3",
        group: "jews",
        low: 0.24,
        high: 0.24,
        year: 2020,
        definition: VOLUNTEERED_20,
        source: "CBS Social Survey 2018 and 2020 (newsru.co.il/israel/3dec2021/volont301.html)",
    },
    BenchmarkDef {
        id: "cbs2018-2020.volunteerRate.arabs",
        indicator: "D3",
        group: "arabs",
        low: 0.05,
        high: 0.06,
        year: 2020,
        definition: VOLUNTEERED_20,
        source: "CBS Social Survey 2018 (6%) and 2020 (5%) (newsru.co.il/israel/3dec2021/volont301.html)",
    },
    BenchmarkDef {
        id: "cbs2020.volunteerRate.all",
        indicator: "V2",
        group: "all",
        low: 0.21,
        high: 0.21,
        year: 2020,
        definition: VOLUNTEERED_20,
        source: "CBS Social Survey 2020 (newsru.co.il/israel/3dec2021/volont301.html)",
    },
    BenchmarkDef {
        id: "cbs2018.hourBands.upTo9h",
        indicator: "V5",
        group: "upTo9h",
        low: 0.40,
        high: 0.40,
        year: 2018,
        definition: BANDS,
        source: CBS_2018,
    },
    BenchmarkDef {
        id: "cbs2018.hourBands.10hPlus",
        indicator: "V5",
        group: "tenPlus",
        low: 0.36,
        high: 0.36,
        year: 2018,
        definition: BANDS,
        source: CBS_2018,
    },
    BenchmarkDef {
        id: "cbs2018.hourBands.irregular",
        indicator: "V5",
        group: "irregular",
        low: 0.18,
        high: 0.18,
        year: 2018,
        definition: BANDS,
        source: CBS_2018,
    },
    BenchmarkDef {
        id: "cbs2018.hourBands.oneTime",
        indicator: "V5",
        group: "oneTime",
        low: 0.05,
        high: 0.05,
        year: 2018,
        definition: BANDS,
        source: CBS_2018,
    },
    BenchmarkDef {
        id: "cbs2018.lonely.65plus",
        indicator: "L2",
        group: "65+",
        low: 0.29,
        high: 0.29,
        year: 2018,
        definition: "Feel lonely often or sometimes, aged 65+ (CBS Social Survey 2018).",
        source: "CBS Social Survey 2018 (davar1.co.il/195930/)",
    },
];

/// A benchmark as published in the report, beside the municipality's own figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Benchmark {
    /// Stable id.
    pub id: String,
    /// The indicator it compares with.
    pub indicator: String,
    /// The group or band.
    pub group: String,
    /// Low end of the published share.
    pub low: f64,
    /// High end.
    pub high: f64,
    /// Survey year.
    pub year: u16,
    /// The definition behind the figure.
    pub definition: String,
    /// Where it is published.
    pub source: String,
    /// The municipality's own figure for the same indicator and group, when computed and
    /// published (`null` otherwise).
    pub local: Option<f64>,
}

impl Benchmark {
    /// The published row with the local figure beside it.
    pub fn with_local(d: &BenchmarkDef, local: Option<f64>) -> Self {
        Benchmark {
            id: d.id.to_owned(),
            indicator: d.indicator.to_owned(),
            group: d.group.to_owned(),
            low: d.low,
            high: d.high,
            year: d.year,
            definition: d.definition.to_owned(),
            source: d.source.to_owned(),
            local,
        }
    }
}
