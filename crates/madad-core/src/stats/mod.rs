//! Statistical building blocks shared by [`crate::indicators`], [`crate::trends`] and
//! [`crate::loneliness`]: intervals, proportions, distributions and linear models.
//!
//! Every function is pure and deterministic. Distributions come from `statrs`, design matrices
//! and linear algebra from `ndarray`; transcendental functions go through `libm` so native and
//! wasm builds agree to the last bit. A method that cannot be applied to its input (too few
//! observations, a constant series, every value censored…) returns [`NotApplicable`] with a
//! stable code, never `NaN` and never a panic.

pub mod bootstrap;
pub mod effect_size;
pub mod linear;
pub mod matrix;
pub mod meta;
pub mod multiplicity;
pub mod noncentral_t;
pub mod paired;
pub mod power;
pub mod proportion;
pub mod reliability;
pub mod roots;
pub mod two_sample;

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal};

/// A two-sided confidence or prediction interval.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct Interval {
    /// Lower bound.
    pub lower: f64,
    /// Upper bound.
    pub upper: f64,
    /// Confidence level, e.g. `0.95`.
    pub level: f64,
}

/// Why a method gave no result. `code` is stable and translated by the hosts as `na.<code>`;
/// `reason` is an English sentence for logs and the CLI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
pub struct NotApplicable {
    /// Stable code, e.g. `too_few`, `constant`, `all_censored`.
    pub code: String,
    /// Human-readable explanation in English.
    pub reason: String,
}

impl NotApplicable {
    /// A not-applicable result with a code and an explanation.
    pub fn new(code: &str, reason: impl Into<String>) -> Self {
        Self {
            code: code.to_owned(),
            reason: reason.into(),
        }
    }
}

/// The result of a statistical method: a value, or the reason it does not apply.
pub type StatResult<T> = Result<T, NotApplicable>;

/// The standard normal quantile `Φ⁻¹(p)` for `p` in (0, 1) (statrs: `erf_inv` based).
///
/// Returns `NaN`-free results only for `0 < p < 1`; callers pass levels validated by
/// [`z_two_sided`] or their own checks.
pub fn normal_quantile(p: f64) -> f64 {
    if !(p > 0.0 && p < 1.0) {
        return if p <= 0.0 {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    Normal::standard().inverse_cdf(p)
}

/// The two-sided critical value `z = Φ⁻¹(1 − (1 − level)/2)`, e.g. 1.959963984540054 for 0.95.
///
/// Levels outside (0, 1) give [`NotApplicable`] with code `bad_level`.
pub fn z_two_sided(level: f64) -> StatResult<f64> {
    if !(level > 0.0 && level < 1.0) {
        return Err(NotApplicable::new(
            "bad_level",
            format!("confidence level {level} is not in (0, 1)"),
        ));
    }
    Ok(normal_quantile(1.0 - (1.0 - level) / 2.0))
}
