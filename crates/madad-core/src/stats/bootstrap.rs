//! Bootstrap BCa confidence intervals with a caller-given seed.
//!
//! Random numbers: SplitMix64 (Steele, Lea & Flood 2014, "Fast splittable pseudorandom number
//! generators", OOPSLA; the reference constants of Vigna's `splitmix64.c`). Indices in
//! `[0, n)` use Lemire's (2019) multiply-and-reject method ("Fast random integer generation in
//! an interval", *ACM TOMACS* 29(1)), so they are unbiased. Only integer arithmetic is
//! involved, so a seed gives the same resamples natively and in wasm.
//!
//! BCa (Efron 1987; Efron & Tibshirani 1993 §14.3, eq. 14.14–14.15), following scipy 1.17
//! `_bca_interval`: `z₀ = Φ⁻¹((#{θ*_b < θ̂} + #{θ*_b ≤ θ̂})/(2B))`; jackknife acceleration
//! `a = ΣU³/(6(ΣU²)^{3/2})`, `Uᵢ = (n − 1)(θ̄₍.₎ − θ̂₍ᵢ₎)`; levels
//! `αₖ = Φ(z₀ + (z₀ + z)/(1 − a(z₀ + z)))` for `z = Φ⁻¹(γ/2)` and `Φ⁻¹(1 − γ/2)`; limits are
//! the linearly interpolated (type 7, numpy's default) percentiles of the θ*.

use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal};

use super::{Interval, NotApplicable, StatResult, normal_quantile, z_two_sided};

/// SplitMix64 generator.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A uniform integer in `[0, n)` (`n > 0`), by Lemire's method.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 {
            return 0;
        }
        let mut m = u128::from(self.next_u64()) * u128::from(n);
        let mut low = m as u64;
        if low < n {
            let threshold = n.wrapping_neg() % n;
            while low < threshold {
                m = u128::from(self.next_u64()) * u128::from(n);
                low = m as u64;
            }
        }
        (m >> 64) as u64
    }
}

/// `b` resamples of `n` indices drawn with replacement, from `seed`.
pub fn resample_indices(n: usize, b: usize, seed: u64) -> Vec<Vec<usize>> {
    let mut rng = SplitMix64::new(seed);
    (0..b)
        .map(|_| {
            (0..n)
                .map(|_| usize::try_from(rng.below(n as u64)).unwrap_or(0))
                .collect()
        })
        .collect()
}

/// A BCa interval with its ingredients.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Bca {
    /// The statistic on the full sample.
    pub estimate: f64,
    /// The interval.
    pub ci: Interval,
    /// Bias correction `z₀`.
    pub z0: f64,
    /// Acceleration `a`.
    pub acceleration: f64,
    /// Adjusted lower percentile level α₁.
    pub alpha1: f64,
    /// Adjusted upper percentile level α₂.
    pub alpha2: f64,
    /// Number of resamples.
    pub resamples: usize,
    /// The seed, when the resamples were drawn here.
    pub seed: Option<u64>,
}

/// numpy `percentile(x, 100q)` with linear interpolation on sorted `x`.
fn quantile7(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let lo = libm::floor(h);
    let i = lo as usize;
    if i + 1 >= sorted.len() {
        return sorted[sorted.len() - 1];
    }
    let frac = h - lo;
    sorted[i] + frac * (sorted[i + 1] - sorted[i])
}

/// BCa interval for `statistic` (a function of the indices of the observations it uses) over
/// the given resamples. Not applicable: fewer than 2 observations or resamples (`too_few`), a
/// statistic that fails on the sample or a resample (`statistic_failed`), or every resample
/// on one side of the estimate (`degenerate_bootstrap`, z₀ infinite) or a jackknife with no
/// spread (`degenerate_jackknife`).
pub fn bca_with_resamples(
    n: usize,
    statistic: impl Fn(&[usize]) -> Option<f64>,
    resamples: &[Vec<usize>],
    level: f64,
) -> StatResult<Bca> {
    z_two_sided(level)?;
    if n < 2 || resamples.len() < 2 {
        return Err(NotApplicable::new(
            "too_few",
            "the bootstrap needs at least 2 observations and 2 resamples",
        ));
    }
    let failed = || NotApplicable::new("statistic_failed", "the statistic is undefined");
    let all: Vec<usize> = (0..n).collect();
    let theta = statistic(&all)
        .filter(|v| v.is_finite())
        .ok_or_else(failed)?;
    let mut boot = Vec::with_capacity(resamples.len());
    for r in resamples {
        boot.push(statistic(r).filter(|v| v.is_finite()).ok_or_else(failed)?);
    }
    let b = boot.len() as f64;
    let below = boot.iter().filter(|&&t| t < theta).count() as f64;
    let at_or_below = boot.iter().filter(|&&t| t <= theta).count() as f64;
    let share = (below + at_or_below) / (2.0 * b);
    if !(share > 0.0 && share < 1.0) {
        return Err(NotApplicable::new(
            "degenerate_bootstrap",
            "every bootstrap estimate lies on one side of the estimate",
        ));
    }
    let z0 = normal_quantile(share);
    let mut jack = Vec::with_capacity(n);
    for i in 0..n {
        let idx: Vec<usize> = (0..n).filter(|&j| j != i).collect();
        jack.push(
            statistic(&idx)
                .filter(|v| v.is_finite())
                .ok_or_else(failed)?,
        );
    }
    let nf = n as f64;
    let jmean = jack.iter().sum::<f64>() / nf;
    let u: Vec<f64> = jack.iter().map(|t| (nf - 1.0) * (jmean - t)).collect();
    let num: f64 = u.iter().map(|v| v * v * v).sum::<f64>() / (nf * nf * nf);
    let den: f64 = u.iter().map(|v| v * v).sum::<f64>() / (nf * nf);
    if den.is_nan() || den <= 0.0 {
        return Err(NotApplicable::new(
            "degenerate_jackknife",
            "the statistic does not vary when single observations are left out",
        ));
    }
    let a = num / (6.0 * libm::pow(den, 1.5));
    let za = normal_quantile((1.0 - level) / 2.0);
    let norm = Normal::standard();
    let adj = |z: f64| {
        let s = z0 + z;
        norm.cdf(z0 + s / (1.0 - a * s))
    };
    let alpha1 = adj(za);
    let alpha2 = adj(-za);
    let mut sorted = boot;
    sorted.sort_by(f64::total_cmp);
    Ok(Bca {
        estimate: theta,
        ci: Interval {
            lower: quantile7(&sorted, alpha1),
            upper: quantile7(&sorted, alpha2),
            level,
        },
        z0,
        acceleration: a,
        alpha1,
        alpha2,
        resamples: resamples.len(),
        seed: None,
    })
}

/// BCa interval with `b` resamples drawn from `seed` (see [`resample_indices`]).
pub fn bca(
    n: usize,
    statistic: impl Fn(&[usize]) -> Option<f64>,
    b: usize,
    seed: u64,
    level: f64,
) -> StatResult<Bca> {
    let resamples = resample_indices(n, b, seed);
    let mut out = bca_with_resamples(n, statistic, &resamples, level)?;
    out.seed = Some(seed);
    Ok(out)
}
