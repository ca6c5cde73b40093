//! Change between two periods with confidence intervals, period-over-period and
//! year-over-year changes along a series, rolling sums and moving averages.
//!
//! * Counts (volunteers, sessions) are treated as Poisson counts over equal exposure.
//!   The ratio `current/previous` gets the exact conditional interval: given the total
//!   `x₁ + x₂`, `x₂` is binomial with `p = λ₂/(λ₁ + λ₂)`; the Clopper–Pearson limits
//!   `p_L = B⁻¹(α/2; x₂, x₁ + 1)`, `p_U = B⁻¹(1 − α/2; x₂ + 1, x₁)` map to the ratio by
//!   `p/(1 − p)` (Clopper & Pearson 1934; Ulm 1990; Breslow & Day 1987 §2.3).
//!   The difference `x₂ − x₁` gets the Wald interval `± z√(x₁ + x₂)` (statsmodels
//!   `confint_poisson_2indep(..., method="wald", compare="diff")`).
//! * Rates (a share such as the senior share) get Newcombe's hybrid score interval for the
//!   difference in percentage points ([`crate::stats::proportion::newcombe_difference`]).

use super::series::Series;
use crate::stats::proportion::newcombe_difference;
use crate::stats::{Interval, NotApplicable, StatResult, z_two_sided};
use serde::{Deserialize, Serialize};
use statrs::distribution::{Beta, ContinuousCDF};

/// Change between two counts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct CountChange {
    /// Method name.
    pub method: String,
    /// Assumptions.
    pub notes: Vec<String>,
    /// Earlier count.
    pub previous: u64,
    /// Later count.
    pub current: u64,
    /// `current − previous`.
    pub difference: f64,
    /// Wald interval of the difference.
    pub difference_ci: Interval,
    /// `current / previous`, `None` when `previous = 0`.
    pub ratio: Option<f64>,
    /// Exact conditional interval of the ratio; the upper limit is `None` (unbounded) when
    /// `previous = 0`.
    pub ratio_ci: Option<RatioInterval>,
    /// `100·(ratio − 1)`.
    pub percent_change: Option<f64>,
}

/// An interval for a ratio whose upper limit may be unbounded.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RatioInterval {
    /// Lower limit.
    pub lower: f64,
    /// Upper limit, `None` for +∞.
    pub upper: Option<f64>,
    /// Confidence level.
    pub level: f64,
}

/// Change between two proportions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ProportionChange {
    /// Method name.
    pub method: String,
    /// Assumptions.
    pub notes: Vec<String>,
    /// Earlier share.
    pub previous: f64,
    /// Later share.
    pub current: f64,
    /// `current − previous` (a proportion; ×100 for percentage points).
    pub difference: f64,
    /// Newcombe hybrid score interval.
    pub difference_ci: Interval,
}

/// Change of a count from `previous` to `current`.
///
/// Errors: `too_few` when both counts are 0 (nothing to compare), `bad_level`.
pub fn count_change(previous: u64, current: u64, level: f64) -> StatResult<CountChange> {
    let z = z_two_sided(level)?;
    if previous == 0 && current == 0 {
        return Err(NotApplicable::new(
            "too_few",
            "both counts are zero: no change can be estimated",
        ));
    }
    let (x1, x2) = (previous as f64, current as f64);
    let diff = x2 - x1;
    let half = z * libm::sqrt(x1 + x2);
    let alpha = 1.0 - level;
    let p_lower = if current == 0 {
        0.0
    } else {
        beta_quantile(x2, x1 + 1.0, alpha / 2.0)?
    };
    let p_upper = if previous == 0 {
        1.0
    } else {
        beta_quantile(x2 + 1.0, x1, 1.0 - alpha / 2.0)?
    };
    let to_ratio = |p: f64| p / (1.0 - p);
    let ratio_ci = RatioInterval {
        lower: to_ratio(p_lower),
        upper: (previous > 0).then(|| to_ratio(p_upper)),
        level,
    };
    let ratio = (previous > 0).then(|| x2 / x1);
    Ok(CountChange {
        method: "change in a count: exact conditional (binomial) interval for the ratio, Wald \
                 interval for the difference"
            .to_owned(),
        notes: vec![
            "counts are treated as Poisson over equal exposure (same period length and \
             population)"
                .to_owned(),
        ],
        previous,
        current,
        difference: diff,
        difference_ci: Interval {
            lower: diff - half,
            upper: diff + half,
            level,
        },
        ratio,
        ratio_ci: Some(ratio_ci),
        percent_change: ratio.map(|r| 100.0 * (r - 1.0)),
    })
}

fn beta_quantile(a: f64, b: f64, p: f64) -> StatResult<f64> {
    let dist = Beta::new(a, b)
        .map_err(|e| NotApplicable::new("bad_parameter", format!("beta({a}, {b}): {e}")))?;
    Ok(dist.inverse_cdf(p))
}

/// Change of a share from `x1/n1` to `x2/n2` with Newcombe's interval.
pub fn proportion_change(
    x1: u64,
    n1: u64,
    x2: u64,
    n2: u64,
    level: f64,
) -> StatResult<ProportionChange> {
    let ci = newcombe_difference(x2, n2, x1, n1, level)?;
    let (p1, p2) = (x1 as f64 / n1 as f64, x2 as f64 / n2 as f64);
    Ok(ProportionChange {
        method: "difference of two proportions, Newcombe hybrid score interval".to_owned(),
        notes: vec![
            "the two periods are treated as independent samples; the same volunteers in both \
             periods make the interval conservative"
                .to_owned(),
        ],
        previous: p1,
        current: p2,
        difference: p2 - p1,
        difference_ci: ci,
    })
}

/// A change between two points of a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct SeriesChange {
    /// Label of the earlier period.
    pub from: String,
    /// Label of the later period.
    pub to: String,
    /// `false` when the later period is the incomplete one.
    pub complete: bool,
    /// The change, when it applies.
    pub change: Option<CountChange>,
    /// Why there is no change (gap, zero counts, non-integer values).
    pub not_applicable: Option<NotApplicable>,
}

/// Changes between each point and the one `lag` periods earlier (1 = period over period,
/// 12 for monthly year over year, 4 for quarterly). The values must be counts; non-integer
/// values give `not_a_count`, gaps give `gap`.
pub fn count_changes(series: &Series, lag: usize, level: f64) -> StatResult<Vec<SeriesChange>> {
    z_two_sided(level)?;
    if lag == 0 {
        return Err(NotApplicable::new(
            "bad_parameter",
            "the lag must be at least 1",
        ));
    }
    let pts = &series.points;
    let as_count = |v: Option<f64>| -> StatResult<u64> {
        match v {
            None => Err(NotApplicable::new("gap", "no data in one of the periods")),
            Some(x) if x >= 0.0 && x.fract() == 0.0 && x < 9.0e15 => Ok(x as u64),
            Some(_) => Err(NotApplicable::new(
                "not_a_count",
                "Poisson intervals apply to non-negative whole counts",
            )),
        }
    };
    Ok((lag..pts.len())
        .map(|i| {
            let (a, b) = (&pts[i - lag], &pts[i]);
            let change = as_count(a.value)
                .and_then(|x1| as_count(b.value).map(|x2| (x1, x2)))
                .and_then(|(x1, x2)| count_change(x1, x2, level));
            let (change, not_applicable) = match change {
                Ok(c) => (Some(c), None),
                Err(e) => (None, Some(e)),
            };
            SeriesChange {
                from: a.period.label.clone(),
                to: b.period.label.clone(),
                complete: b.complete,
                change,
                not_applicable,
            }
        })
        .collect())
}

/// Trailing sums over `window` periods (e.g. rolling 12 months), aligned with the points:
/// `None` until `window` values are available and wherever the window holds a gap or the
/// incomplete period.
pub fn rolling_sum(series: &Series, window: usize) -> Vec<Option<f64>> {
    trailing(series, window, |w| w.iter().sum())
}

/// Trailing moving average over `window` periods, with the same rules as [`rolling_sum`].
pub fn moving_average(series: &Series, window: usize) -> Vec<Option<f64>> {
    trailing(series, window, |w| w.iter().sum::<f64>() / w.len() as f64)
}

/// Centred moving average over an odd `window`; for an even window (e.g. 12) the 2×`window`
/// centred average with half weights at both ends (the classical seasonal-adjustment trend).
pub fn centered_moving_average(series: &Series, window: usize) -> Vec<Option<f64>> {
    let vals: Vec<Option<f64>> = series
        .points
        .iter()
        .map(|p| if p.complete { p.value } else { None })
        .collect();
    let n = vals.len();
    let half = window / 2;
    (0..n)
        .map(|i| {
            if window == 0 || i < half || i + half >= n {
                return None;
            }
            let slice = &vals[i - half..=i + half];
            let w: Option<Vec<f64>> = slice.iter().copied().collect();
            let w = w?;
            if window % 2 == 1 {
                Some(w.iter().sum::<f64>() / window as f64)
            } else {
                let last = w.len() - 1;
                let inner: f64 = w[1..last].iter().sum();
                Some((inner + 0.5 * (w[0] + w[last])) / window as f64)
            }
        })
        .collect()
}

fn trailing(series: &Series, window: usize, f: impl Fn(&[f64]) -> f64) -> Vec<Option<f64>> {
    let vals: Vec<Option<f64>> = series
        .points
        .iter()
        .map(|p| if p.complete { p.value } else { None })
        .collect();
    (0..vals.len())
        .map(|i| {
            if window == 0 || i + 1 < window {
                return None;
            }
            let w: Option<Vec<f64>> = vals[i + 1 - window..=i].iter().copied().collect();
            w.map(|w| f(&w))
        })
        .collect()
}
