//! Options of the loneliness section.

use serde::{Deserialize, Serialize};

use crate::loneliness::instruments::InstrumentId;
use crate::loneliness::score::MissingRule;
use crate::schema::survey::Wave;

/// The default bootstrap seed (documented so that anyone can reproduce the interval).
pub const DEFAULT_SEED: u64 = 20_261_122;

/// The default number of bootstrap resamples.
pub const DEFAULT_RESAMPLES: usize = 2000;

/// Which loneliness instrument to analyse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum InstrumentChoice {
    /// Detect it from the answer columns (UCLA first, then De Jong Gierveld, then the direct
    /// question; see [`detect_instruments`](super::detect_instruments)).
    #[default]
    Auto,
    /// UCLA 3-item, 3 options.
    Ucla3,
    /// UCLA 3-item, 5 options.
    Ucla3Five,
    /// UCLA Version 3, 20 items.
    Ucla20,
    /// Revised UCLA (1980), 20 items.
    UclaRevised1980,
    /// De Jong Gierveld 6-item.
    Djg6,
    /// De Jong Gierveld 11-item.
    Djg11,
    /// Direct question, CBS 4-option form.
    DirectCbs4,
    /// Direct question, ONS 3-option form.
    DirectOns3,
}

impl InstrumentChoice {
    /// The instrument, or `None` for `auto`.
    pub fn id(self) -> Option<InstrumentId> {
        Some(match self {
            InstrumentChoice::Auto => return None,
            InstrumentChoice::Ucla3 => InstrumentId::Ucla3,
            InstrumentChoice::Ucla3Five => InstrumentId::Ucla3Five,
            InstrumentChoice::Ucla20 => InstrumentId::Ucla20,
            InstrumentChoice::UclaRevised1980 => InstrumentId::UclaRevised1980,
            InstrumentChoice::Djg6 => InstrumentId::Djg6,
            InstrumentChoice::Djg11 => InstrumentId::Djg11,
            InstrumentChoice::DirectCbs4 => InstrumentId::DirectCbs4,
            InstrumentChoice::DirectOns3 => InstrumentId::DirectOns3,
        })
    }

    /// The choice naming `id`.
    pub fn of(id: InstrumentId) -> Self {
        match id {
            InstrumentId::Ucla3 => InstrumentChoice::Ucla3,
            InstrumentId::Ucla3Five => InstrumentChoice::Ucla3Five,
            InstrumentId::Ucla20 => InstrumentChoice::Ucla20,
            InstrumentId::UclaRevised1980 => InstrumentChoice::UclaRevised1980,
            InstrumentId::Djg6 => InstrumentChoice::Djg6,
            InstrumentId::Djg11 => InstrumentChoice::Djg11,
            InstrumentId::DirectCbs4 => InstrumentChoice::DirectCbs4,
            InstrumentId::DirectOns3 => InstrumentChoice::DirectOns3,
        }
    }
}

/// The answer-column prefix of an instrument's items (`ucla_1`, `djg_3`, `lone_1`).
pub(super) fn prefix(id: InstrumentId) -> &'static str {
    match id {
        InstrumentId::Ucla3
        | InstrumentId::Ucla3Five
        | InstrumentId::Ucla20
        | InstrumentId::UclaRevised1980 => "ucla",
        InstrumentId::Djg6 | InstrumentId::Djg11 => "djg",
        InstrumentId::DirectCbs4 | InstrumentId::DirectOns3 => "lone",
    }
}

/// A short display name, the same in every language (the instruments are known by it).
pub(super) fn display_name(id: InstrumentId) -> &'static str {
    match id {
        InstrumentId::Ucla3 => "UCLA-3",
        InstrumentId::Ucla3Five => "UCLA-3 (1–5)",
        InstrumentId::Ucla20 => "UCLA-20 (v3)",
        InstrumentId::UclaRevised1980 => "R-UCLA (1980)",
        InstrumentId::Djg6 => "DJG-6",
        InstrumentId::Djg11 => "DJG-11",
        InstrumentId::DirectCbs4 => "Direct (CBS)",
        InstrumentId::DirectOns3 => "Direct (ONS)",
    }
}

/// The missing-item rule of the analysed instrument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum MissingItems {
    /// The instrument's own rule (complete case; De Jong Gierveld 6: at most one missing).
    #[default]
    InstrumentDefault,
    /// Every item must be answered.
    CompleteCase,
    /// Prorate the mean of the answered items when at least `minAnswered` are answered.
    Prorate {
        /// Minimum answered items.
        #[serde(rename = "minAnswered")]
        min_answered: u16,
    },
    /// De Jong Gierveld manual: count over the answered items, at most `maxMissing` missing.
    CountAnswered {
        /// Largest number of missing items.
        #[serde(rename = "maxMissing")]
        max_missing: u16,
    },
}

impl MissingItems {
    pub(super) fn rule(self) -> Option<MissingRule> {
        match self {
            MissingItems::InstrumentDefault => None,
            MissingItems::CompleteCase => Some(MissingRule::CompleteCase),
            MissingItems::Prorate { min_answered } => Some(MissingRule::Prorate { min_answered }),
            MissingItems::CountAnswered { max_missing } => {
                Some(MissingRule::CountAnswered { max_missing })
            }
        }
    }
}

/// Which two waves the change compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum WaveComparison {
    /// Baseline to post (default).
    #[default]
    PrePost,
    /// Post to follow-up (is the change sustained?).
    PostFollowUp,
    /// Baseline to follow-up.
    PreFollowUp,
}

impl WaveComparison {
    pub(super) fn waves(self) -> (Wave, Wave) {
        match self {
            WaveComparison::PrePost => (Wave::Pre, Wave::Post),
            WaveComparison::PostFollowUp => (Wave::Post, Wave::FollowUp),
            WaveComparison::PreFollowUp => (Wave::Pre, Wave::FollowUp),
        }
    }
}

/// Where the reliability of the reliable change index comes from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum RciReliability {
    /// The instrument's published coefficient (UCLA-20: test–retest .73, Russell 1996; UCLA-3:
    /// α .72, Hughes et al. 2004), else this sample's baseline α (default).
    #[default]
    Published,
    /// Cronbach's α of this sample's baseline items.
    SampleAlpha,
    /// A coefficient the user gives, with its source.
    Given {
        /// The coefficient, in (0, 1).
        value: f64,
        /// Its citation.
        source: String,
    },
}

/// Options of the loneliness section. Every field has a default, so `{}` is valid.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase", default)]
pub struct LonelinessOptions {
    /// The instrument analysed (default: detected from the answer columns).
    pub instrument: InstrumentChoice,
    /// "Lonely" cut-off (total ≥ cut-off) of the analysed instrument; `None` = its default
    /// (UCLA-3: ≥ 6).
    pub cutoff: Option<f64>,
    /// Missing-item rule of the analysed instrument.
    pub missing: MissingItems,
    /// Which waves the change compares (default pre → post).
    pub waves: WaveComparison,
    /// Reliability used by the reliable change index.
    pub rci_reliability: RciReliability,
    /// Bootstrap BCa interval of the mean change (default on).
    pub bootstrap: bool,
    /// Seed of the bootstrap (default [`DEFAULT_SEED`] = 20261122).
    pub seed: u64,
    /// Bootstrap resamples (default [`DEFAULT_RESAMPLES`] = 2000).
    pub resamples: usize,
    /// Confidence level (default 0.95; tests at α = 1 − level).
    pub level: f64,
    /// Subgroup dimensions: `group` (study group), `role` (volunteer in the hours log or
    /// not), `gender` and `ageBand` (from the volunteer registry, for people found in it),
    /// `municipality` and `livingAlone` (from the survey's own columns, each person's first
    /// response that gives them). Default: `role`, `municipality`, `livingAlone` (a dimension
    /// the files do not supply adds no row and no test to the adjustment family).
    pub subgroups: Vec<String>,
    /// Dose–response on the hours log (default on).
    pub dose: bool,
}

impl Default for LonelinessOptions {
    fn default() -> Self {
        LonelinessOptions {
            instrument: InstrumentChoice::Auto,
            cutoff: None,
            missing: MissingItems::InstrumentDefault,
            waves: WaveComparison::PrePost,
            rci_reliability: RciReliability::Published,
            bootstrap: true,
            seed: DEFAULT_SEED,
            resamples: DEFAULT_RESAMPLES,
            level: 0.95,
            subgroups: vec![
                "role".to_owned(),
                "municipality".to_owned(),
                "livingAlone".to_owned(),
            ],
            dose: true,
        }
    }
}
