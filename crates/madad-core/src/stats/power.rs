//! Power, sample size and minimum detectable effect for the paired t-test.
//!
//! `power = P(T′ > t_c) + P(T′ < −t_c)` (two-sided; one-sided keeps the first term with
//! `t_c = t_{1−α, n−1}`), `T′ ~ noncentral t(n − 1, δ = d_z·√n)`, `t_c = t_{1−α/2, n−1}`
//! (Cohen 1988 ch. 2; statsmodels `TTestPower`, R `pwr.t.test(type = "paired")`). The effect
//! size is **d_z** (mean change / SD of the changes), not d_av. Sample size and minimum
//! detectable effect solve the power equation in real `n` or `d_z` with Brent's method.

use serde::{Deserialize, Serialize};

use super::noncentral_t::{cdf_unchecked, sf_unchecked};
use super::roots::{brent, t_quantile};
use super::{NotApplicable, StatResult};

/// Sidedness of the planned test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum Sides {
    /// Two-sided test at level α.
    #[default]
    Two,
    /// One-sided test at level α in the direction of the effect.
    One,
}

fn check_alpha(alpha: f64) -> StatResult<()> {
    if !(alpha > 0.0 && alpha < 1.0) {
        return Err(NotApplicable::new(
            "bad_parameter",
            format!("α = {alpha} is not in (0, 1)"),
        ));
    }
    Ok(())
}

fn power_real(dz: f64, n: f64, alpha: f64, sides: Sides) -> f64 {
    let df = n - 1.0;
    let nc = dz * libm::sqrt(n);
    match sides {
        Sides::Two => {
            let tc = t_quantile(1.0 - alpha / 2.0, df);
            sf_unchecked(tc, df, nc) + cdf_unchecked(-tc, df, nc)
        }
        Sides::One => {
            let tc = t_quantile(1.0 - alpha, df);
            sf_unchecked(tc, df, nc.abs())
        }
    }
}

/// Power of a paired t-test with `n` pairs (real `n ≥ 2` allowed, as statsmodels) to detect
/// `dz` at level `alpha`.
pub fn paired_power(dz: f64, n: f64, alpha: f64, sides: Sides) -> StatResult<f64> {
    check_alpha(alpha)?;
    if !(n >= 2.0 && n.is_finite() && dz.is_finite()) {
        return Err(NotApplicable::new(
            "bad_parameter",
            "power needs n ≥ 2 and a finite effect size",
        ));
    }
    Ok(power_real(dz, n, alpha, sides))
}

/// The sample size that reaches a target power.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SampleSize {
    /// The real-valued solution (statsmodels `solve_power`).
    pub n_exact: f64,
    /// Pairs to recruit: `⌈n_exact⌉`.
    pub n: u64,
    /// Power at `n`.
    pub power_at_n: f64,
}

/// Number of pairs for power `power` to detect `dz` at level `alpha`.
/// `bad_parameter` for `dz = 0` or a power outside (α, 1).
pub fn paired_sample_size(dz: f64, power: f64, alpha: f64, sides: Sides) -> StatResult<SampleSize> {
    check_alpha(alpha)?;
    if dz == 0.0 || !dz.is_finite() || !(power > alpha && power < 1.0) {
        return Err(NotApplicable::new(
            "bad_parameter",
            "sample size needs a non-zero effect and a power between α and 1",
        ));
    }
    let g = |n: f64| power_real(dz, n, alpha, sides) - power;
    let mut hi = 4.0;
    while g(hi) < 0.0 {
        hi *= 2.0;
        if hi > 1e8 {
            return Err(NotApplicable::new(
                "no_convergence",
                "the effect is too small for any practical sample size",
            ));
        }
    }
    let lo = 2.0;
    let n_exact = if g(lo) >= 0.0 {
        lo
    } else {
        brent(g, lo, hi, 1e-10)
            .ok_or_else(|| NotApplicable::new("no_convergence", "sample-size search failed"))?
    };
    let n = libm::ceil(n_exact - 1e-9).max(2.0);
    Ok(SampleSize {
        n_exact,
        n: n as u64,
        power_at_n: power_real(dz, n, alpha, sides),
    })
}

/// The minimum detectable d_z (positive) with `n` pairs at power `power` and level `alpha`.
pub fn paired_mde(n: f64, power: f64, alpha: f64, sides: Sides) -> StatResult<f64> {
    check_alpha(alpha)?;
    if !(n >= 2.0 && n.is_finite() && power > alpha && power < 1.0) {
        return Err(NotApplicable::new(
            "bad_parameter",
            "the minimum detectable effect needs n ≥ 2 and a power between α and 1",
        ));
    }
    let g = |d: f64| power_real(d, n, alpha, sides) - power;
    let mut hi = 1.0;
    while g(hi) < 0.0 {
        hi *= 2.0;
        if hi > 1e4 {
            return Err(NotApplicable::new(
                "no_convergence",
                "no effect reaches that power",
            ));
        }
    }
    brent(g, 0.0, hi, 1e-12)
        .ok_or_else(|| NotApplicable::new("no_convergence", "effect-size search failed"))
}
