//! Interrupted time series by segmented regression (Wagner et al. 2002, *J Clin Pharm Ther*
//! 27:299; Bernal, Cummins & Gasparrini 2017, *IJE* 46:348):
//!
//! `Y_t = β₀ + β₁(t − t₁) + β₂·I(t ≥ T₀) + β₃·(t − T₀ + 1)·I(t ≥ T₀) [+ season dummies] + e_t`,
//!
//! where `t₁` is the first period and `T₀` the first period of the programme. `β₂` is the
//! level change and `β₃` the slope change; the first post period has time-after = 1, so the
//! effect at the `h`-th post period is `β₂ + β₃·h`. Standard errors are Newey–West HAC
//! (Bartlett kernel, lag `floor(4(n/100)^{2/9})` unless given, no small-sample correction,
//! normal reference), as statsmodels `OLS(...).fit(cov_type="HAC", cov_kwds={"maxlags": L})`.

use super::linear_trend::durbin_watson;
use crate::stats::linear::{Covariance, LinearCombination, OlsFit, Reference, ols};
use crate::stats::{NotApplicable, StatResult};
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

/// Options of [`interrupted_time_series`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ItsOptions {
    /// Time (period index) of the first period of the programme, `T₀`.
    pub start: f64,
    /// The effect is estimated at the `horizon`-th post period (1 = the first).
    pub horizon: u32,
    /// Newey–West lags; `None` uses `floor(4(n/100)^{2/9})`.
    pub lags: Option<usize>,
    /// Seasons per cycle for season dummies (12 for months); `None` for no seasonal terms.
    pub seasonal_period: Option<usize>,
    /// Confidence level.
    pub level: f64,
}

/// The result of a segmented regression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct InterruptedTimeSeries {
    /// Method name.
    pub method: String,
    /// Assumptions and conventions.
    pub notes: Vec<String>,
    /// Points before the programme.
    pub n_pre: usize,
    /// Points from the programme start on.
    pub n_post: usize,
    /// Names of the coefficients, in design order.
    pub coefficient_names: Vec<String>,
    /// Pre-programme slope `β₁` per period.
    pub pre_slope: LinearCombination,
    /// Level change `β₂` at the programme start.
    pub level_change: LinearCombination,
    /// Slope change `β₃` per period.
    pub slope_change: LinearCombination,
    /// Post-programme slope `β₁ + β₃`.
    pub post_slope: LinearCombination,
    /// Horizon `h` of [`Self::effect_at_horizon`].
    pub horizon: u32,
    /// `β₂ + β₃·h`, the difference from the projected pre-programme trend at the `h`-th post
    /// period.
    pub effect_at_horizon: LinearCombination,
    /// The counterfactual (pre-trend projection, with the season term) at the horizon.
    pub counterfactual_at_horizon: f64,
    /// `effect / counterfactual` (no interval), `None` when the counterfactual is 0.
    pub relative_effect: Option<f64>,
    /// Durbin–Watson statistic of the residuals.
    pub durbin_watson: f64,
    /// Newey–West lags used.
    pub hac_lags: usize,
    /// The full model fit.
    pub fit: OlsFit,
}

/// Zero-based season of a period index (`index mod period`; month index `12y + m − 1` → `m − 1`).
pub(crate) fn season_of(time: f64, period: usize) -> usize {
    (libm::round(time) as i64).rem_euclid(period as i64) as usize
}

/// Season dummy columns for the seasons present, the first present season being the
/// reference level. Returns the seasons that got a column.
pub(crate) fn season_columns(times: &[f64], period: usize) -> Vec<usize> {
    let mut present: Vec<usize> = times.iter().map(|t| season_of(*t, period)).collect();
    present.sort_unstable();
    present.dedup();
    present.into_iter().skip(1).collect()
}

/// Segmented regression of `(time, value)` points (times are period indices, strictly
/// increasing) around a programme start.
///
/// Errors: `too_few` (fewer than 3 points before or from the start), `bad_parameter`
/// (horizon 0, unordered times), `collinear`, `perfect_fit`, `non_finite`, `bad_level`.
pub fn interrupted_time_series(
    points: &[(f64, f64)],
    options: &ItsOptions,
) -> StatResult<InterruptedTimeSeries> {
    if points.iter().any(|(t, v)| !t.is_finite() || !v.is_finite()) || !options.start.is_finite() {
        return Err(NotApplicable::new(
            "non_finite",
            "a time or value is NaN or infinite",
        ));
    }
    if points.windows(2).any(|w| w[1].0 <= w[0].0) {
        return Err(NotApplicable::new(
            "bad_parameter",
            "times must be strictly increasing",
        ));
    }
    if options.horizon == 0 {
        return Err(NotApplicable::new(
            "bad_parameter",
            "the horizon counts post periods from 1",
        ));
    }
    if points.iter().all(|p| p.1 == points[0].1) && !points.is_empty() {
        return Err(NotApplicable::new(
            "constant",
            "all values are equal: nothing to model",
        ));
    }
    let t0 = options.start;
    let n_pre = points.iter().filter(|p| p.0 < t0).count();
    let n_post = points.len() - n_pre;
    if n_pre < 3 || n_post < 3 {
        return Err(NotApplicable::new(
            "too_few",
            format!(
                "{n_pre} points before and {n_post} from the start; at least 3 each are needed"
            ),
        ));
    }
    let t_first = points[0].0;
    let times: Vec<f64> = points.iter().map(|p| p.0).collect();
    let seasons = options
        .seasonal_period
        .filter(|p| *p >= 2)
        .map(|p| (p, season_columns(&times, p)));
    let mut names: Vec<String> = ["intercept", "time", "level_change", "slope_change"]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    if let Some((_, cols)) = &seasons {
        names.extend(cols.iter().map(|s| format!("season_{}", s + 1)));
    }
    let k = names.len();
    let row = |t: f64| -> Vec<f64> {
        let post = if t >= t0 { 1.0 } else { 0.0 };
        let mut r = vec![1.0, t - t_first, post, post * (t - t0 + 1.0)];
        if let Some((p, cols)) = &seasons {
            let s = season_of(t, *p);
            r.extend(cols.iter().map(|c| if *c == s { 1.0 } else { 0.0 }));
        }
        r
    };
    let n = points.len();
    let mut x = Array2::<f64>::zeros((n, k));
    for (i, p) in points.iter().enumerate() {
        for (j, v) in row(p.0).into_iter().enumerate() {
            x[[i, j]] = v;
        }
    }
    let y: Array1<f64> = points.iter().map(|p| p.1).collect();
    let cov = Covariance::NeweyWest {
        lags: options.lags,
        small_sample_correction: false,
    };
    let fit = ols(x.view(), y.view(), &cov, Reference::Default, options.level)?;
    let unit = |j: usize| {
        let mut c = vec![0.0; k];
        c[j] = 1.0;
        c
    };
    let level = options.level;
    let pre_slope = fit.linear_combination(&unit(1), level)?;
    let level_change = fit.linear_combination(&unit(2), level)?;
    let slope_change = fit.linear_combination(&unit(3), level)?;
    let mut post = unit(1);
    post[3] = 1.0;
    let post_slope = fit.linear_combination(&post, level)?;
    let h = f64::from(options.horizon);
    let mut eff = unit(2);
    eff[3] = h;
    let effect = fit.linear_combination(&eff, level)?;
    let t_h = t0 + h - 1.0;
    let mut cf_row = row(t_h);
    cf_row[2] = 0.0;
    cf_row[3] = 0.0;
    let counterfactual: f64 = cf_row.iter().zip(&fit.params).map(|(a, b)| a * b).sum();
    let relative = (counterfactual != 0.0).then(|| effect.estimate / counterfactual);
    let dw = durbin_watson(&fit.residuals);
    let hac_lags = fit.hac_lags.unwrap_or(0);
    let mut notes = vec![
        "time-after is coded 1 in the first programme period, so the level change is the jump \
         relative to the pre-trend projected to that period"
            .to_owned(),
        "assumes the pre-programme trend would have continued (no other change at the start) \
         and a linear trend in each segment"
            .to_owned(),
    ];
    notes.extend(fit.notes.iter().cloned());
    if n_pre < 8 || n_post < 8 {
        notes.push("fewer than 8 points in a segment: estimates are fragile".to_owned());
    }
    if points.windows(2).any(|w| w[1].0 - w[0].0 != 1.0) {
        notes.push(
            "the series has gaps; Newey–West lags and Durbin–Watson treat neighbours in the \
             data as adjacent periods"
                .to_owned(),
        );
    }
    if let Some((p, _)) = &seasons {
        notes.push(format!("season dummies with {p} seasons per cycle"));
    }
    notes.push(format!(
        "Durbin–Watson {dw:.3} (near 2: little lag-1 autocorrelation left in the residuals)"
    ));
    Ok(InterruptedTimeSeries {
        method: format!(
            "segmented regression (interrupted time series), Newey–West HAC standard errors \
             with {hac_lags} lags"
        ),
        notes,
        n_pre,
        n_post,
        coefficient_names: names,
        pre_slope,
        level_change,
        slope_change,
        post_slope,
        horizon: options.horizon,
        effect_at_horizon: effect,
        counterfactual_at_horizon: counterfactual,
        relative_effect: relative,
        durbin_watson: dw,
        hac_lags,
        fit,
    })
}
