//! A small, seeded, portable random number generator and the distributions the demo needs.
//!
//! # Algorithms
//!
//! * **PCG32 (XSH-RR 64/32)**: M. E. O'Neill, *PCG: A Family of Simple Fast Space-Efficient
//!   Statistically Good Algorithms for Random Number Generation*, Harvey Mudd College
//!   HMC-CS-2014-0905 (2014). A 64-bit linear congruential state advanced with the multiplier
//!   6364136223846793005 and an odd increment (the *stream*), output permuted by an
//!   xorshift-high followed by a random rotation. Different increments give independent streams,
//!   which is how each demo file gets its own stream (changing `activities` does not reshuffle the
//!   registry).
//! * **SplitMix64**: G. L. Steele Jr., D. Lea and C. H. Flood, *Fast Splittable Pseudorandom
//!   Number Generators*, OOPSLA 2014. Used only to expand the user's 64-bit seed into a
//!   well-mixed PCG initial state, so that seeds 1, 2, 3… do not start from correlated states.
//!
//! Nothing here touches a global or OS RNG. All floating-point transcendental functions come from
//! `libm`, so a given seed produces bit-identical numbers on every platform (native and wasm).

/// SplitMix64 (Steele, Lea & Flood 2014): a 64-bit counter passed through a strong mixer.
#[derive(Debug, Clone)]
pub struct SplitMix64 {
    state: u64,
}

impl SplitMix64 {
    /// Starts the sequence at `seed`.
    pub fn new(seed: u64) -> Self {
        Self { state: seed }
    }

    /// Next 64-bit output.
    pub fn next_u64(&mut self) -> u64 {
        self.state = self.state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// Independent random streams, one per part of the demo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u64)]
pub enum Stream {
    /// Volunteer registry (people, dates, departments, rates).
    Registry = 1,
    /// Daily noise on the activity level.
    DayNoise = 2,
    /// The hours-log rows themselves.
    Hours = 3,
    /// Placement and content of the planted dirty rows.
    Dirty = 4,
    /// The loneliness survey.
    Survey = 5,
    /// The population table.
    Population = 6,
}

/// PCG32 XSH-RR 64/32 (O'Neill 2014).
#[derive(Debug, Clone)]
pub struct Rng {
    state: u64,
    inc: u64,
}

const PCG_MULT: u64 = 6_364_136_223_846_793_005;

impl Rng {
    /// The reference `pcg32_srandom_r(initstate, initseq)`.
    pub fn from_state(initstate: u64, initseq: u64) -> Self {
        let mut rng = Self {
            state: 0,
            inc: (initseq << 1) | 1,
        };
        rng.next_u32();
        rng.state = rng.state.wrapping_add(initstate);
        rng.next_u32();
        rng
    }

    /// The generator for `stream` under the user's `seed`: SplitMix64 mixes the seed into the
    /// initial state and the stream number selects the PCG increment.
    pub fn stream(seed: u64, stream: Stream) -> Self {
        let mut sm = SplitMix64::new(seed);
        let initstate = sm.next_u64();
        let salt = sm.next_u64();
        Self::from_state(
            initstate ^ (stream as u64).wrapping_mul(salt | 1),
            stream as u64,
        )
    }

    /// Next 32-bit output.
    pub fn next_u32(&mut self) -> u32 {
        let old = self.state;
        self.state = old.wrapping_mul(PCG_MULT).wrapping_add(self.inc);
        let xorshifted = (((old >> 18) ^ old) >> 27) as u32;
        let rot = (old >> 59) as u32;
        xorshifted.rotate_right(rot)
    }

    /// Next 64-bit output (two 32-bit outputs, high word first).
    pub fn next_u64(&mut self) -> u64 {
        let hi = u64::from(self.next_u32());
        let lo = u64::from(self.next_u32());
        (hi << 32) | lo
    }

    /// Uniform on [0, 1) with 53 random bits.
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform on (0, 1]: safe to take the logarithm of.
    pub fn uniform_open0(&mut self) -> f64 {
        1.0 - self.uniform()
    }

    /// Unbiased integer in `0..n` (PCG's `bounded_rand`, rejection of the low remainder).
    /// Returns 0 when `n == 0`.
    pub fn below(&mut self, n: u32) -> u32 {
        if n <= 1 {
            return 0;
        }
        let threshold = n.wrapping_neg() % n;
        loop {
            let r = self.next_u32();
            if r >= threshold {
                return r % n;
            }
        }
    }

    /// Integer uniform on the inclusive range `lo..=hi` (`lo` if the range is empty).
    pub fn range_i64(&mut self, lo: i64, hi: i64) -> i64 {
        if hi <= lo {
            return lo;
        }
        let span = (hi - lo + 1) as u64;
        if span <= u64::from(u32::MAX) {
            lo + i64::from(self.below(span as u32))
        } else {
            lo + (self.next_u64() % span) as i64
        }
    }

    /// True with probability `p`.
    pub fn bernoulli(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Standard normal by the Box–Muller transform (one of the pair; the other is discarded so
    /// that the stream position never depends on a cached value).
    pub fn normal(&mut self) -> f64 {
        let u1 = self.uniform_open0();
        let u2 = self.uniform();
        libm::sqrt(-2.0 * libm::log(u1)) * libm::cos(2.0 * core::f64::consts::PI * u2)
    }

    /// Normal with the given mean and standard deviation.
    pub fn normal_with(&mut self, mean: f64, sd: f64) -> f64 {
        mean + sd * self.normal()
    }

    /// Log-normal: `exp(mu + sigma·Z)`. Median `exp(mu)`.
    pub fn lognormal(&mut self, mu: f64, sigma: f64) -> f64 {
        libm::exp(mu + sigma * self.normal())
    }

    /// Exponential with the given mean (inverse CDF).
    pub fn exponential(&mut self, mean: f64) -> f64 {
        -mean * libm::log(self.uniform_open0())
    }

    /// Pareto (type I) with scale `xm` and shape `alpha`, by inversion: `xm · U^(−1/α)`.
    pub fn pareto(&mut self, xm: f64, alpha: f64) -> f64 {
        xm * libm::exp(-libm::log(self.uniform_open0()) / alpha)
    }

    /// Poisson with mean `lambda`. Knuth's multiplication method below 30; above, the
    /// transformed-rejection method PTRS of Hörmann (1993), which needs only `libm`.
    pub fn poisson(&mut self, lambda: f64) -> u64 {
        if lambda <= 0.0 || lambda.is_nan() {
            return 0;
        }
        if lambda < 30.0 {
            let limit = libm::exp(-lambda);
            let mut k = 0u64;
            let mut p = self.uniform_open0();
            while p > limit {
                k += 1;
                p *= self.uniform_open0();
            }
            return k;
        }
        let slam = libm::sqrt(lambda);
        let loglam = libm::log(lambda);
        let b = 0.931 + 2.53 * slam;
        let a = -0.059 + 0.024_83 * b;
        let inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
        let vr = 0.9277 - 3.6224 / (b - 2.0);
        loop {
            let u = self.uniform() - 0.5;
            let v = self.uniform_open0();
            let us = 0.5 - u.abs();
            let k = libm::floor((2.0 * a / us + b) * u + lambda + 0.43);
            if us >= 0.07 && v <= vr {
                return k as u64;
            }
            if k < 0.0 || (us < 0.013 && v > us) {
                continue;
            }
            let lhs = libm::log(v) + libm::log(inv_alpha) - libm::log(a / (us * us) + b);
            let rhs = -lambda + k * loglam - libm::lgamma(k + 1.0);
            if lhs <= rhs {
                return k as u64;
            }
        }
    }

    /// Index drawn with probability proportional to `weights[i]` (linear scan; for short lists).
    /// Returns 0 for an empty or all-zero list.
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        if total <= 0.0 {
            return 0;
        }
        let mut x = self.uniform() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        // Rounding fell off the end: the last entry with positive weight.
        weights.iter().rposition(|w| *w > 0.0).unwrap_or(0)
    }

    /// Index into a non-decreasing cumulative-weight array, by binary search.
    /// `cumulative.last()` is the total. Returns 0 for an empty array.
    pub fn pick_cumulative(&mut self, cumulative: &[f64]) -> usize {
        let Some(total) = cumulative.last().copied() else {
            return 0;
        };
        let x = self.uniform() * total;
        let i = cumulative.partition_point(|c| *c <= x);
        i.min(cumulative.len() - 1)
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below((i + 1) as u32) as usize;
            items.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference `pcg32-demo` output for `pcg32_srandom_r(&rng, 42u, 54u)`.
    #[test]
    fn pcg32_matches_reference_vector() {
        let mut rng = Rng::from_state(42, 54);
        let got: Vec<u32> = (0..6).map(|_| rng.next_u32()).collect();
        assert_eq!(
            got,
            [
                0xa15c_02b7,
                0x7b47_f409,
                0xba1d_3330,
                0x83d2_f293,
                0xbfa4_784b,
                0xcbed_606e
            ]
        );
    }

    /// The SplitMix64 reference outputs for seed 1234567 (from the authors' C code).
    #[test]
    fn splitmix_matches_reference_vector() {
        let mut sm = SplitMix64::new(1_234_567);
        assert_eq!(sm.next_u64(), 6_457_827_717_110_365_317);
        assert_eq!(sm.next_u64(), 3_203_168_211_198_807_973);
    }

    #[test]
    fn distributions_have_the_right_means() {
        let mut rng = Rng::stream(1, Stream::Hours);
        let n = 200_000;
        let mean = |f: &mut dyn FnMut() -> f64| (0..n).map(|_| f()).sum::<f64>() / n as f64;
        let m = mean(&mut || rng.normal());
        assert!(m.abs() < 0.01, "normal mean {m}");
        let m = mean(&mut || rng.poisson(4.0) as f64);
        assert!((m - 4.0).abs() < 0.03, "poisson(4) mean {m}");
        let m = mean(&mut || rng.poisson(120.0) as f64);
        assert!((m - 120.0).abs() < 0.2, "poisson(120) mean {m}");
        let m = mean(&mut || rng.exponential(3.0));
        assert!((m - 3.0).abs() < 0.05, "exponential mean {m}");
        // Pareto(1, 3) has mean 3/2.
        let m = mean(&mut || rng.pareto(1.0, 3.0));
        assert!((m - 1.5).abs() < 0.02, "pareto mean {m}");
        let hits = (0..n).filter(|_| rng.below(7) == 3).count() as f64 / n as f64;
        assert!((hits - 1.0 / 7.0).abs() < 0.005);
    }
}
