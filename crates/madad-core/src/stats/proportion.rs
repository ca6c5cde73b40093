//! Confidence intervals for proportions, differences of proportions and Poisson counts.
//!
//! Small-number honesty: every share and rate Madad shows carries one of these intervals.
//! References: Wilson (1927) *JASA* 22:209; Newcombe (1998) *Statistics in Medicine*
//! 17:873–890 (method 10, the hybrid score interval); Garwood (1936) *Biometrika* 28:437 (exact
//! Poisson limits). Checked against statsmodels `proportion_confint(method="wilson")`,
//! `confint_proportions_2indep(method="newcomb")` and scipy `chi2.ppf` in the tests.

use super::{Interval, NotApplicable, StatResult, z_two_sided};
use statrs::distribution::{ContinuousCDF, Gamma};

/// Wilson score interval for `successes / n`:
///
/// `(p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)`.
///
/// Unlike the Wald interval it stays inside [0, 1] and is usable at 0% and 100%.
/// `n = 0` gives `too_few`; `successes > n` gives `bad_count`.
pub fn wilson(successes: u64, n: u64, level: f64) -> StatResult<Interval> {
    if n == 0 {
        return Err(NotApplicable::new(
            "too_few",
            "a proportion needs at least one observation",
        ));
    }
    if successes > n {
        return Err(NotApplicable::new(
            "bad_count",
            format!("{successes} successes out of {n}"),
        ));
    }
    let z = z_two_sided(level)?;
    let n_f = n as f64;
    let p = successes as f64 / n_f;
    let z2 = z * z;
    let denom = 1.0 + z2 / n_f;
    let centre = p + z2 / (2.0 * n_f);
    let half = z * libm::sqrt(p * (1.0 - p) / n_f + z2 / (4.0 * n_f * n_f));
    // At 0 and n the exact bound is 0 or 1; rounding could otherwise leave 1e-17 outside.
    let lower = if successes == 0 {
        0.0
    } else {
        ((centre - half) / denom).max(0.0)
    };
    let upper = if successes == n {
        1.0
    } else {
        ((centre + half) / denom).min(1.0)
    };
    Ok(Interval {
        lower,
        upper,
        level,
    })
}

/// Newcombe's hybrid score interval (method 10) for the difference `p₁ − p₂` of two
/// independent proportions, built from the Wilson limits `(l₁, u₁)` and `(l₂, u₂)`:
///
/// `δ − √((p₁−l₁)² + (u₂−p₂)²)`, `δ + √((u₁−p₁)² + (p₂−l₂)²)`.
pub fn newcombe_difference(x1: u64, n1: u64, x2: u64, n2: u64, level: f64) -> StatResult<Interval> {
    let w1 = wilson(x1, n1, level)?;
    let w2 = wilson(x2, n2, level)?;
    let p1 = x1 as f64 / n1 as f64;
    let p2 = x2 as f64 / n2 as f64;
    let d = p1 - p2;
    let lower = d - libm::sqrt((p1 - w1.lower).powi(2) + (w2.upper - p2).powi(2));
    let upper = d + libm::sqrt((w1.upper - p1).powi(2) + (p2 - w2.lower).powi(2));
    Ok(Interval {
        lower,
        upper,
        level,
    })
}

/// Exact (Garwood) interval for the mean of a Poisson count `k`:
///
/// lower = `Γ⁻¹(α/2; k, 1)` (0 when `k = 0`), upper = `Γ⁻¹(1 − α/2; k + 1, 1)`,
/// i.e. `χ²_{α/2, 2k}/2` and `χ²_{1−α/2, 2k+2}/2`.
pub fn poisson_exact(count: u64, level: f64) -> StatResult<Interval> {
    z_two_sided(level)?;
    let alpha = 1.0 - level;
    let k = count as f64;
    let lower = if count == 0 {
        0.0
    } else {
        gamma_quantile(k, alpha / 2.0)?
    };
    let upper = gamma_quantile(k + 1.0, 1.0 - alpha / 2.0)?;
    Ok(Interval {
        lower,
        upper,
        level,
    })
}

fn gamma_quantile(shape: f64, p: f64) -> StatResult<f64> {
    let dist = Gamma::new(shape, 1.0)
        .map_err(|e| NotApplicable::new("bad_parameter", format!("gamma({shape}, 1): {e}")))?;
    Ok(dist.inverse_cdf(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs().max(1e-300)
    }

    /// statsmodels 0.15.0: `proportion_confint(count, nobs, alpha=0.05, method="wilson")`.
    #[test]
    fn wilson_matches_statsmodels() {
        let cases = [
            (21u64, 100u64, 0.141656540619153, 0.29979968834089865),
            (0, 12, 0.0, 0.24249400665524096),
            (12, 12, 0.7575059933447589, 0.9999999999999999),
            (3, 7, 0.15821985525146964, 0.7495416354723428),
        ];
        for (x, n, lo, hi) in cases {
            let ci = wilson(x, n, 0.95).unwrap();
            assert!(
                close(ci.lower, lo, 1e-12) || (lo == 0.0 && ci.lower == 0.0),
                "{x}/{n}: {ci:?}"
            );
            assert!(close(ci.upper, hi, 1e-12), "{x}/{n}: {ci:?}");
        }
    }

    /// Newcombe (1998) Table II, example (a): 56/70 vs 48/80 → (0.0524, 0.3339); statsmodels
    /// 0.15.0 `confint_proportions_2indep(56, 70, 48, 80, method="newcomb")` gives the digits.
    #[test]
    fn newcombe_published_example() {
        let ci = newcombe_difference(56, 70, 48, 80, 0.95).unwrap();
        assert!(close(ci.lower, 0.05243147240236498, 1e-9), "{ci:?}");
        assert!(close(ci.upper, 0.33387265403690614, 1e-9), "{ci:?}");
    }

    /// scipy 1.17.1: `chi2.ppf(0.025, 2k)/2`, `chi2.ppf(0.975, 2k+2)/2`.
    #[test]
    fn poisson_matches_scipy() {
        let ci = poisson_exact(10, 0.95).unwrap();
        assert!(close(ci.lower, 4.7953886961324335, 1e-9), "{ci:?}");
        assert!(close(ci.upper, 18.39035604201778, 1e-9), "{ci:?}");
        let zero = poisson_exact(0, 0.95).unwrap();
        assert_eq!(zero.lower, 0.0);
        assert!(close(zero.upper, 3.6888794541139354, 1e-9), "{zero:?}");
    }

    #[test]
    fn degenerate_inputs_are_not_applicable() {
        assert_eq!(wilson(0, 0, 0.95).unwrap_err().code, "too_few");
        assert_eq!(wilson(5, 4, 0.95).unwrap_err().code, "bad_count");
        assert_eq!(wilson(1, 4, 1.5).unwrap_err().code, "bad_level");
    }
}
