//! Two independent samples: Welch's t-test, and the least-squares trend of an outcome on an
//! ordinal score.
//!
//! * Welch (1947): `t = (x̄ − ȳ)/√(s²ₓ/nₓ + s²ᵧ/nᵧ)` with Welch–Satterthwaite df
//!   `(vₓ + vᵧ)²/(vₓ²/(nₓ − 1) + vᵧ²/(nᵧ − 1))`, `v = s²/n` (scipy `ttest_ind(x, y,
//!   equal_var=False)`, R `t.test(x, y)`).
//! * Trend: simple regression slope `b = Sxy/Sxx`, `se = √(SSE/(n − 2)/Sxx)`, t on `n − 2` df
//!   (scipy `linregress`). With scores 0, 1, 2 for ordered groups this is the linear-contrast
//!   trend test on individual observations.

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, StudentsT};

use super::paired::{Alternative, mean_sd};
use super::roots::t_quantile;
use super::{Interval, NotApplicable, StatResult, z_two_sided};

/// Welch's t-test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WelchT {
    /// Size of the first sample.
    pub n1: usize,
    /// Size of the second sample.
    pub n2: usize,
    /// Mean of the first sample.
    pub mean1: f64,
    /// Mean of the second sample.
    pub mean2: f64,
    /// SD of the first sample.
    pub sd1: f64,
    /// SD of the second sample.
    pub sd2: f64,
    /// `mean1 − mean2`.
    pub difference: f64,
    /// Standard error of the difference.
    pub se: f64,
    /// t statistic.
    pub t: f64,
    /// Welch–Satterthwaite degrees of freedom.
    pub df: f64,
    /// p-value.
    pub p: f64,
    /// CI for the difference.
    pub ci: Interval,
    /// Alternative.
    pub alternative: Alternative,
}

fn t_dist(df: f64) -> StatResult<StudentsT> {
    StudentsT::new(0.0, 1.0, df)
        .map_err(|_| NotApplicable::new("bad_parameter", "degrees of freedom"))
}

fn p_value(dist: &StudentsT, t: f64, alt: Alternative) -> f64 {
    match alt {
        Alternative::TwoSided => (2.0 * dist.cdf(-t.abs())).min(1.0),
        Alternative::Less => dist.cdf(t),
        Alternative::Greater => dist.sf(t),
    }
}

/// Welch's t-test of `x` against `y`. Not applicable: a sample with fewer than 2 values
/// (`too_few`) or both samples constant (`constant`).
pub fn welch_t(x: &[f64], y: &[f64], alternative: Alternative, level: f64) -> StatResult<WelchT> {
    z_two_sided(level)?;
    if x.len() < 2 || y.len() < 2 {
        return Err(NotApplicable::new(
            "too_few",
            "each group needs at least 2 values",
        ));
    }
    let (m1, s1) = mean_sd(x);
    let (m2, s2) = mean_sd(y);
    let (n1, n2) = (x.len() as f64, y.len() as f64);
    let v1 = s1 * s1 / n1;
    let v2 = s2 * s2 / n2;
    if (v1 + v2).is_nan() || v1 + v2 <= 0.0 {
        return Err(NotApplicable::new(
            "constant",
            "neither group varies: the standard error is zero",
        ));
    }
    let se = libm::sqrt(v1 + v2);
    let df = (v1 + v2) * (v1 + v2) / (v1 * v1 / (n1 - 1.0) + v2 * v2 / (n2 - 1.0));
    let t = (m1 - m2) / se;
    let dist = t_dist(df)?;
    let tc = t_quantile(1.0 - (1.0 - level) / 2.0, df);
    Ok(WelchT {
        n1: x.len(),
        n2: y.len(),
        mean1: m1,
        mean2: m2,
        sd1: s1,
        sd2: s2,
        difference: m1 - m2,
        se,
        t,
        df,
        p: p_value(&dist, t, alternative),
        ci: Interval {
            lower: m1 - m2 - tc * se,
            upper: m1 - m2 + tc * se,
            level,
        },
        alternative,
    })
}

/// A least-squares trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Trend {
    /// Observations.
    pub n: usize,
    /// Slope per unit of the score.
    pub slope: f64,
    /// Intercept.
    pub intercept: f64,
    /// Standard error of the slope.
    pub se: f64,
    /// `slope/se`.
    pub t: f64,
    /// `n − 2`.
    pub df: f64,
    /// Two-sided p-value.
    pub p: f64,
    /// CI for the slope.
    pub ci: Interval,
}

/// Least-squares trend of `y` on `x`. Not applicable: fewer than 3 points (`too_few`), a
/// constant `x` (`constant_score`) or a perfect fit (`perfect_fit`, zero residual variance).
pub fn linear_trend(x: &[f64], y: &[f64], level: f64) -> StatResult<Trend> {
    z_two_sided(level)?;
    if x.len() != y.len() {
        return Err(NotApplicable::new(
            "length_mismatch",
            "x and y need the same length",
        ));
    }
    let n = x.len();
    if n < 3 {
        return Err(NotApplicable::new(
            "too_few",
            "a trend needs at least 3 observations",
        ));
    }
    let (mx, _) = mean_sd(x);
    let (my, _) = mean_sd(y);
    let sxx: f64 = x.iter().map(|v| (v - mx) * (v - mx)).sum();
    let sxy: f64 = x.iter().zip(y).map(|(a, b)| (a - mx) * (b - my)).sum();
    if sxx.is_nan() || sxx <= 0.0 {
        return Err(NotApplicable::new(
            "constant_score",
            "every observation has the same score",
        ));
    }
    let slope = sxy / sxx;
    let intercept = my - slope * mx;
    let sse: f64 = x
        .iter()
        .zip(y)
        .map(|(a, b)| {
            let r = b - intercept - slope * a;
            r * r
        })
        .sum();
    let df = (n - 2) as f64;
    let se = libm::sqrt(sse / df / sxx);
    if se.is_nan() || se <= 0.0 {
        return Err(NotApplicable::new(
            "perfect_fit",
            "the points lie exactly on a line",
        ));
    }
    let t = slope / se;
    let dist = t_dist(df)?;
    let tc = t_quantile(1.0 - (1.0 - level) / 2.0, df);
    Ok(Trend {
        n,
        slope,
        intercept,
        se,
        t,
        df,
        p: p_value(&dist, t, Alternative::TwoSided),
        ci: Interval {
            lower: slope - tc * se,
            upper: slope + tc * se,
            level,
        },
    })
}
