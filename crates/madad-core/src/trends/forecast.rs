//! Short-horizon projection: a linear trend plus season dummies fitted by OLS, extrapolated
//! with prediction intervals
//! `ŷ₀ ± t_{1−α/2, n−k} · √(s²(1 + x₀ᵀ(XᵀX)⁻¹x₀))` (statsmodels
//! `OLS(...).fit().get_prediction(x0).summary_frame()` `obs_ci_lower/upper`).
//!
//! This is a **projection**, not a forecast of what will happen: it assumes the past trend and
//! seasonal pattern simply continue. It is refused below 24 points.

use super::its::{season_columns, season_of};
use crate::stats::linear::{Covariance, Reference, ols};
use crate::stats::{Interval, NotApplicable, StatResult, z_two_sided};
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, StudentsT};

/// Minimum number of points for a projection.
pub const MIN_POINTS: usize = 24;

/// One projected period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ProjectedPoint {
    /// Period index.
    pub time: f64,
    /// Projected mean.
    pub mean: f64,
    /// Interval for the mean (the trend line itself).
    pub mean_ci: Interval,
    /// Prediction interval for a new observation.
    pub prediction_interval: Interval,
}

/// A labelled projection.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Projection {
    /// Method name; always says "projection".
    pub method: String,
    /// Assumptions.
    pub notes: Vec<String>,
    /// Points used in the fit.
    pub n: usize,
    /// Trend slope per period.
    pub slope: f64,
    /// Projected periods, following the last observed one.
    pub points: Vec<ProjectedPoint>,
}

/// Projects `horizon` periods after the last point of `(time, value)` points (period indices,
/// strictly increasing), with season dummies when `seasonal_period` is given and at least two
/// full cycles are observed.
///
/// Errors: `too_few` (fewer than 24 points), `bad_parameter`, `collinear`, `perfect_fit`,
/// `bad_level`.
pub fn project(
    points: &[(f64, f64)],
    seasonal_period: Option<usize>,
    horizon: usize,
    level: f64,
) -> StatResult<Projection> {
    z_two_sided(level)?;
    let n = points.len();
    if n < MIN_POINTS {
        return Err(NotApplicable::new(
            "too_few",
            format!("{n} points; a projection needs at least {MIN_POINTS}"),
        ));
    }
    if points.windows(2).any(|w| w[1].0 <= w[0].0) {
        return Err(NotApplicable::new(
            "bad_parameter",
            "times must be strictly increasing",
        ));
    }
    if horizon == 0 {
        return Err(NotApplicable::new(
            "bad_parameter",
            "the horizon must be at least 1",
        ));
    }
    if points.iter().all(|p| p.1 == points[0].1) && !points.is_empty() {
        return Err(NotApplicable::new(
            "constant",
            "all values are equal: nothing to model",
        ));
    }
    let mut notes = vec![
        "projection: assumes the past linear trend and seasonal pattern continue unchanged"
            .to_owned(),
        "prediction intervals assume independent, normally distributed errors with constant \
         variance; autocorrelation makes them too narrow"
            .to_owned(),
    ];
    let times: Vec<f64> = points.iter().map(|p| p.0).collect();
    let t_first = times[0];
    let span = times[n - 1] - t_first + 1.0;
    let seasons = match seasonal_period.filter(|p| *p >= 2) {
        Some(p) if span >= 2.0 * p as f64 => Some((p, season_columns(&times, p))),
        Some(p) => {
            notes.push(format!(
                "fewer than two full cycles of {p} periods: no seasonal terms"
            ));
            None
        }
        None => None,
    };
    let row = |t: f64| -> Vec<f64> {
        let mut r = vec![1.0, t - t_first];
        if let Some((p, cols)) = &seasons {
            let s = season_of(t, *p);
            r.extend(cols.iter().map(|c| if *c == s { 1.0 } else { 0.0 }));
        }
        r
    };
    let k = row(t_first).len();
    let mut x = Array2::<f64>::zeros((n, k));
    for (i, t) in times.iter().enumerate() {
        for (j, v) in row(*t).into_iter().enumerate() {
            x[[i, j]] = v;
        }
    }
    let y: Array1<f64> = points.iter().map(|p| p.1).collect();
    let fit = ols(
        x.view(),
        y.view(),
        &Covariance::Classical,
        Reference::StudentT,
        level,
    )?;
    let df = fit.df_resid as f64;
    let q = StudentsT::new(0.0, 1.0, df)
        .map_err(|e| NotApplicable::new("bad_parameter", format!("Student t({df}): {e}")))?
        .inverse_cdf(1.0 - (1.0 - level) / 2.0);
    let mut out = Vec::with_capacity(horizon);
    let last = times[n - 1];
    for h in 1..=horizon {
        let t = last + h as f64;
        let r = row(t);
        let mean: f64 = r.iter().zip(&fit.params).map(|(a, b)| a * b).sum();
        let var_mean = fit.mean_variance(&r);
        let se_mean = libm::sqrt(var_mean);
        let se_obs = libm::sqrt(var_mean + fit.scale);
        out.push(ProjectedPoint {
            time: t,
            mean,
            mean_ci: Interval {
                lower: mean - q * se_mean,
                upper: mean + q * se_mean,
                level,
            },
            prediction_interval: Interval {
                lower: mean - q * se_obs,
                upper: mean + q * se_obs,
                level,
            },
        });
    }
    Ok(Projection {
        method: match &seasons {
            Some((p, _)) => format!("projection: OLS linear trend with {p} season dummies"),
            None => "projection: OLS linear trend".to_owned(),
        },
        notes,
        n,
        slope: fit.params[1],
        points: out,
    })
}
