//! The noncentral t distribution (statrs has none): CDF, survival function and the
//! confidence interval for the noncentrality parameter.
//!
//! Algorithm: Benton & Krishnamoorthy (2003), "Computing discrete mixtures of continuous
//! distributions: noncentral chisquare, noncentral t and the distribution of the square of
//! the sample multiple correlation coefficient", *Computational Statistics & Data Analysis*
//! 43:249–267, §3. For `t ≥ 0`, with `x = t²/(t² + ν)` and `λ = δ²/2`,
//!
//! `F(t; ν, δ) = Φ(−δ) + ½ Σᵢ [Pᵢ·I_x(i + ½, ν/2) + (δ/√2)·Qᵢ·I_x(i + 1, ν/2)]`,
//!
//! `Pᵢ = e^{−λ} λⁱ / i!`, `Qᵢ = e^{−λ} λⁱ / Γ(i + 3/2)`. The series is summed outwards from
//! its largest term `i = ⌊λ⌋` (unlike Lenth's AS 243, which starts at 0 and underflows for
//! `δ > 37`), stopping when a geometric bound on the rest is below 1e-17. For `t < 0`,
//! `F(t; ν, δ) = 1 − F(−t; ν, −δ)`. `I_x` is statrs's regularised incomplete beta.
//! Checked against scipy `stats.nct` (Boost) in the tests: relative 1e-9 for |δ| ≤ 60; for
//! |δ| > 100 the absolute accuracy is about 1e-11, limited by the log-gamma prefactor of the
//! incomplete beta at parameters near 10⁴.

use statrs::distribution::{ContinuousCDF, Normal};
use statrs::function::beta::beta_reg;
use statrs::function::gamma::ln_gamma;

use super::roots::{bracket, brent};
use super::{Interval, NotApplicable, StatResult, z_two_sided};

fn check(df: f64, delta: f64, t: f64) -> StatResult<()> {
    if !(df > 0.0 && df.is_finite() && delta.is_finite()) || t.is_nan() {
        return Err(NotApplicable::new(
            "bad_parameter",
            format!("noncentral t needs df > 0 and finite δ (df = {df}, δ = {delta})"),
        ));
    }
    Ok(())
}

fn phi(z: f64) -> f64 {
    Normal::standard().cdf(z)
}

/// `F(t; ν, δ)` for `t ≥ 0` (the series above).
fn cdf_nonneg(t: f64, df: f64, delta: f64) -> f64 {
    if t == 0.0 {
        return phi(-delta);
    }
    if t.is_infinite() {
        return 1.0;
    }
    let x = t * t / (t * t + df);
    let b = df / 2.0;
    let lambda = delta * delta / 2.0;
    let ib = |a: f64| beta_reg(a, b, x);
    if lambda == 0.0 {
        return (0.5 + 0.5 * ib(0.5)).clamp(0.0, 1.0);
    }
    let coef = delta / core::f64::consts::SQRT_2;
    let k = libm::floor(lambda);
    let ln_l = libm::log(lambda);
    let p_k = libm::exp(-lambda + k * ln_l - ln_gamma(k + 1.0));
    let q_k = libm::exp(-lambda + k * ln_l - ln_gamma(k + 1.5));
    let mut sum = 0.0;
    // Forward from the mode.
    let (mut p, mut q, mut i) = (p_k, q_k, k);
    for _ in 0..200_000 {
        let term = p * ib(i + 0.5) + coef * q * ib(i + 1.0);
        sum += term;
        let r = lambda / (i + 1.0);
        let weight = p + coef.abs() * q;
        if r < 1.0 && weight * r / (1.0 - r) < 1e-17 {
            break;
        }
        p *= lambda / (i + 1.0);
        q *= lambda / (i + 1.5);
        i += 1.0;
    }
    // Backward from the mode.
    let (mut p, mut q, mut i) = (p_k, q_k, k);
    while i > 0.0 {
        p *= i / lambda;
        q *= (i + 0.5) / lambda;
        i -= 1.0;
        let term = p * ib(i + 0.5) + coef * q * ib(i + 1.0);
        sum += term;
        let r = i / lambda;
        let weight = p + coef.abs() * q;
        if r < 1.0 && weight * r / (1.0 - r) < 1e-17 {
            break;
        }
    }
    (phi(-delta) + 0.5 * sum).clamp(0.0, 1.0)
}

/// The CDF `P(T ≤ t)` of the noncentral t with `df` degrees of freedom and noncentrality
/// `delta`. `bad_parameter` for `df ≤ 0` or a non-finite `delta`.
pub fn cdf(t: f64, df: f64, delta: f64) -> StatResult<f64> {
    check(df, delta, t)?;
    Ok(cdf_unchecked(t, df, delta))
}

/// The survival function `P(T > t)`.
pub fn sf(t: f64, df: f64, delta: f64) -> StatResult<f64> {
    check(df, delta, t)?;
    Ok(sf_unchecked(t, df, delta))
}

pub(crate) fn cdf_unchecked(t: f64, df: f64, delta: f64) -> f64 {
    if t >= 0.0 {
        cdf_nonneg(t, df, delta)
    } else {
        1.0 - cdf_nonneg(-t, df, -delta)
    }
}

pub(crate) fn sf_unchecked(t: f64, df: f64, delta: f64) -> f64 {
    if t >= 0.0 {
        1.0 - cdf_nonneg(t, df, delta)
    } else {
        cdf_nonneg(-t, df, -delta)
    }
}

/// Confidence interval for the noncentrality δ given an observed `t` with `df` degrees of
/// freedom, by inverting the CDF in δ (Steiger & Fouladi 1997; MBESS `conf.limits.nct`):
/// `F(t; df, δ_L) = 1 − α/2`, `F(t; df, δ_U) = α/2`, solved with Brent's method to 1e-13.
pub fn delta_interval(t: f64, df: f64, level: f64) -> StatResult<Interval> {
    check(df, 0.0, t)?;
    if !t.is_finite() {
        return Err(NotApplicable::new("bad_parameter", "t must be finite"));
    }
    z_two_sided(level)?;
    let alpha = 1.0 - level;
    let solve = |target: f64| -> StatResult<f64> {
        let g = |d: f64| cdf_unchecked(t, df, d) - target;
        let (lo, hi) = bracket(g, t - 2.0, t + 2.0)
            .ok_or_else(|| NotApplicable::new("no_convergence", "no bracket for δ"))?;
        brent(g, lo, hi, 1e-13)
            .ok_or_else(|| NotApplicable::new("no_convergence", "root search for δ failed"))
    };
    let lower = solve(1.0 - alpha / 2.0)?;
    let upper = solve(alpha / 2.0)?;
    Ok(Interval {
        lower,
        upper,
        level,
    })
}
