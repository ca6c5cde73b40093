//! Least-squares linear trend `y_t = a + b·t + e_t` with a confidence interval for the slope,
//! and the residual diagnostics shared with the interrupted time series: lag-1
//! autocorrelation and the Durbin–Watson statistic `DW = Σ(e_t − e_{t−1})² / Σe_t²`
//! (Durbin & Watson 1950; statsmodels `durbin_watson`).

use super::kendall::autocorrelations;
use crate::stats::linear::{Covariance, Reference, ols};
use crate::stats::{Interval, NotApplicable, StatResult, z_two_sided};
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

/// An OLS trend line.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct LinearTrend {
    /// Method name, including the covariance used.
    pub method: String,
    /// Assumptions and conventions.
    pub notes: Vec<String>,
    /// Number of points.
    pub n: usize,
    /// Slope per unit of the time axis.
    pub slope: f64,
    /// Intercept at time 0 of the time axis given.
    pub intercept: f64,
    /// Standard error of the slope.
    pub std_error: f64,
    /// t (or z) statistic of the slope.
    pub statistic: f64,
    /// Two-sided p-value of the slope.
    pub p_value: f64,
    /// Confidence interval of the slope.
    pub slope_ci: Interval,
    /// R².
    pub r_squared: f64,
    /// Lag-1 autocorrelation of the residuals.
    pub lag1_autocorrelation: f64,
    /// Durbin–Watson statistic of the residuals.
    pub durbin_watson: f64,
}

/// Durbin–Watson statistic `Σ_{t≥2}(e_t − e_{t−1})² / Σ_t e_t²`; about 2 without
/// autocorrelation, towards 0 with positive autocorrelation.
pub fn durbin_watson(residuals: &[f64]) -> f64 {
    let num: f64 = residuals
        .windows(2)
        .map(|w| (w[1] - w[0]) * (w[1] - w[0]))
        .sum();
    let den: f64 = residuals.iter().map(|e| e * e).sum();
    if den > 0.0 { num / den } else { 0.0 }
}

/// Fits `y = a + b·t` to `(time, value)` points with the chosen covariance (classical
/// `s²(XᵀX)⁻¹` with t(n−2) inference is the textbook choice; Newey–West when the residuals are
/// autocorrelated). A note flags a lag-1 residual autocorrelation beyond `z/√n`.
///
/// Errors: `too_few` (n < 3), `constant` (all times equal → `collinear`; all values equal →
/// `perfect_fit`), `non_finite`, `bad_level`.
pub fn linear_trend(
    points: &[(f64, f64)],
    covariance: &Covariance,
    level: f64,
) -> StatResult<LinearTrend> {
    let z = z_two_sided(level)?;
    let n = points.len();
    if n < 3 {
        return Err(NotApplicable::new(
            "too_few",
            format!("{n} points; a trend line with an interval needs at least 3"),
        ));
    }
    if points.iter().all(|p| p.1 == points[0].1) {
        return Err(NotApplicable::new("constant", "all values are equal"));
    }
    let mut x = Array2::<f64>::ones((n, 2));
    for (i, p) in points.iter().enumerate() {
        x[[i, 1]] = p.0;
    }
    let y: Array1<f64> = points.iter().map(|p| p.1).collect();
    let fit = ols(x.view(), y.view(), covariance, Reference::Default, level)?;
    let r1 = autocorrelations(&fit.residuals, 1)
        .get(1)
        .copied()
        .unwrap_or(0.0);
    let dw = durbin_watson(&fit.residuals);
    let mut notes = fit.notes.clone();
    if r1.abs() > z / libm::sqrt(n as f64)
        && matches!(covariance, Covariance::Classical | Covariance::Hc1)
    {
        notes.push(format!(
            "lag-1 residual autocorrelation {r1:.3} (Durbin–Watson {dw:.3}): classical \
             standard errors are too small; use Newey–West or the Hamed–Rao Mann–Kendall test"
        ));
    }
    Ok(LinearTrend {
        method: format!("linear trend, {}", fit.method),
        notes,
        n,
        slope: fit.params[1],
        intercept: fit.params[0],
        std_error: fit.std_errors[1],
        statistic: fit.statistics[1],
        p_value: fit.p_values[1],
        slope_ci: fit.conf_int[1],
        r_squared: fit.r_squared,
        lag1_autocorrelation: r1,
        durbin_watson: dw,
    })
}
