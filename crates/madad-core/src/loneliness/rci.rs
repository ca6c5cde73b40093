//! Jacobson–Truax reliable change index.
//!
//! Jacobson & Truax (1991) *J Consult Clin Psychol* 59:12–19: `SE = s₁√(1 − r_xx)`,
//! `S_diff = √(2·SE²)`, `RCI = (x_post − x_pre)/S_diff`. Change is reliable when
//! `|RCI| > z` (1.96). Lower loneliness is better, so `RCI ≤ −z` is a reliable improvement.
//! "Recovered" = reliably improved, at or above the cut-off before and below it after
//! (criterion c of Jacobson & Truax, or any cut-off the caller gives).

use serde::{Deserialize, Serialize};

use super::instruments::InstrumentId;
use super::linking::Pair;
use crate::stats::paired::mean_sd;
use crate::stats::{NotApplicable, StatResult};

/// Where the reliability coefficient comes from (reported with the result).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum ReliabilitySource {
    /// A published test–retest coefficient (preferred).
    PublishedTestRetest {
        /// Coefficient.
        value: f64,
        /// Citation.
        source: String,
    },
    /// A published internal-consistency coefficient.
    PublishedAlpha {
        /// Coefficient.
        value: f64,
        /// Citation.
        source: String,
    },
    /// Cronbach's α computed on this sample's baseline items.
    SampleAlpha {
        /// Coefficient.
        value: f64,
        /// Rows it was computed on.
        n: usize,
    },
}

impl ReliabilitySource {
    /// The coefficient.
    pub fn value(&self) -> f64 {
        match self {
            ReliabilitySource::PublishedTestRetest { value, .. }
            | ReliabilitySource::PublishedAlpha { value, .. }
            | ReliabilitySource::SampleAlpha { value, .. } => *value,
        }
    }
}

/// The published default reliability of an instrument, if the stats anchors give one:
/// UCLA Version 3 test–retest .73 over one year (Russell 1996); UCLA 3-item α .72 (Hughes
/// et al. 2004).
pub fn default_reliability(id: InstrumentId) -> Option<ReliabilitySource> {
    match id {
        InstrumentId::Ucla20 => Some(ReliabilitySource::PublishedTestRetest {
            value: 0.73,
            source: "Russell (1996), one-year test-retest".to_owned(),
        }),
        InstrumentId::Ucla3 => Some(ReliabilitySource::PublishedAlpha {
            value: 0.72,
            source: "Hughes et al. (2004), Cronbach's alpha".to_owned(),
        }),
        _ => None,
    }
}

/// Options of the reliable change index.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RciOptions {
    /// The reliability coefficient and its source.
    pub reliability: ReliabilitySource,
    /// SD of the baseline used for SE: a norm SD, or `None` for this sample's baseline SD.
    pub sd_pre: Option<f64>,
    /// Critical value (1.96).
    pub critical: f64,
    /// Clinical cut-off (total ≥ cut-off = lonely), for "recovered".
    pub cutoff: Option<f64>,
}

/// Reliable change counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Rci {
    /// Pairs.
    pub n: usize,
    /// The reliability used and where it comes from.
    pub reliability: ReliabilitySource,
    /// The baseline SD used.
    pub sd_pre: f64,
    /// Whether `sd_pre` is this sample's (else a norm given by the caller).
    pub sd_from_sample: bool,
    /// `SE = s₁√(1 − r_xx)`.
    pub se_measurement: f64,
    /// `S_diff = √2·SE`.
    pub s_diff: f64,
    /// Smallest change that is reliable: `critical·S_diff`.
    pub reliable_change: f64,
    /// RCI ≤ −critical.
    pub improved: usize,
    /// |RCI| < critical.
    pub unchanged: usize,
    /// RCI ≥ critical.
    pub deteriorated: usize,
    /// Reliably improved and crossed the cut-off from lonely to not lonely.
    pub recovered: Option<usize>,
    /// The RCI of each pair, in input order.
    pub index: Vec<f64>,
}

/// The reliable change index of each pair. Not applicable: no pairs (`too_few`), a
/// reliability outside (0, 1) (`bad_reliability`), or a zero baseline SD (`constant`).
pub fn reliable_change(pairs: &[Pair], opts: &RciOptions) -> StatResult<Rci> {
    let r = opts.reliability.value();
    if !(r > 0.0 && r < 1.0) {
        return Err(NotApplicable::new(
            "bad_reliability",
            format!("reliability {r} is not in (0, 1)"),
        ));
    }
    if pairs.len() < 2 && opts.sd_pre.is_none() {
        return Err(NotApplicable::new(
            "too_few",
            "the sample SD needs at least 2 people",
        ));
    }
    if pairs.is_empty() {
        return Err(NotApplicable::new("too_few", "no pairs"));
    }
    let pre: Vec<f64> = pairs.iter().map(|p| p.before).collect();
    let (sd_pre, from_sample) = match opts.sd_pre {
        Some(s) => (s, false),
        None => (mean_sd(&pre).1, true),
    };
    if !(sd_pre > 0.0 && sd_pre.is_finite()) {
        return Err(NotApplicable::new(
            "constant",
            "the baseline SD is zero: reliable change is undefined",
        ));
    }
    let se = sd_pre * libm::sqrt(1.0 - r);
    let s_diff = libm::sqrt(2.0 * se * se);
    let index: Vec<f64> = pairs
        .iter()
        .map(|p| (p.after - p.before) / s_diff)
        .collect();
    let z = opts.critical;
    let improved = index.iter().filter(|&&v| v <= -z).count();
    let deteriorated = index.iter().filter(|&&v| v >= z).count();
    let recovered = opts.cutoff.map(|c| {
        pairs
            .iter()
            .zip(&index)
            .filter(|(p, v)| **v <= -z && p.before >= c && p.after < c)
            .count()
    });
    Ok(Rci {
        n: pairs.len(),
        reliability: opts.reliability.clone(),
        sd_pre,
        sd_from_sample: from_sample,
        se_measurement: se,
        s_diff,
        reliable_change: z * s_diff,
        improved,
        unchanged: pairs.len() - improved - deteriorated,
        deteriorated,
        recovered,
        index,
    })
}
