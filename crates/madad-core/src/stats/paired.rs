//! Tests for paired measurements: paired t, Wilcoxon signed-rank, sign test, McNemar and
//! Stuart–Maxwell.
//!
//! Sign convention: differences are `d = post − pre` (for loneliness a negative `d` is an
//! improvement). References: scipy 1.17 `ttest_rel`, `wilcoxon`, `binomtest`; R `t.test`,
//! `wilcox.test`, `mcnemar.test`; statsmodels `mcnemar`, `SquareTable.homogeneity`.

use serde::{Deserialize, Serialize};
use statrs::distribution::{
    Binomial, ChiSquared, ContinuousCDF, Discrete, DiscreteCDF, Normal, StudentsT,
};

use super::roots::t_quantile;
use super::{Interval, NotApplicable, StatResult, z_two_sided};

/// The alternative hypothesis, about the location of `d = post − pre`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum Alternative {
    /// Location ≠ 0.
    #[default]
    TwoSided,
    /// Location < 0 (post lower than pre).
    Less,
    /// Location > 0.
    Greater,
}

/// The p-value of a statistic with CDF `lower(x) = P(X ≤ x)` and `upper(x) = P(X ≥ x)`.
fn p_from_tails(lower: f64, upper: f64, alt: Alternative) -> f64 {
    match alt {
        Alternative::TwoSided => (2.0 * lower.min(upper)).min(1.0),
        Alternative::Less => lower.min(1.0),
        Alternative::Greater => upper.min(1.0),
    }
}

/// Mean and sample standard deviation (ddof = 1), two-pass.
pub(crate) fn mean_sd(x: &[f64]) -> (f64, f64) {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let ss: f64 = x.iter().map(|v| (v - mean) * (v - mean)).sum();
    let sd = if x.len() > 1 {
        libm::sqrt(ss / (n - 1.0))
    } else {
        0.0
    };
    (mean, sd)
}

/// Refuses fewer than two differences, no change at all and identical changes.
pub(crate) fn check_differences(d: &[f64]) -> StatResult<()> {
    if d.iter().any(|v| !v.is_finite()) {
        return Err(NotApplicable::new(
            "non_finite",
            "a difference is not a finite number",
        ));
    }
    if d.len() < 2 {
        return Err(NotApplicable::new(
            "too_few",
            format!("{} pair(s); at least 2 are needed", d.len()),
        ));
    }
    if d.iter().all(|&v| v == 0.0) {
        return Err(NotApplicable::new(
            "no_change",
            "every difference is zero: nobody changed",
        ));
    }
    if d.iter().all(|&v| v == d[0]) {
        return Err(NotApplicable::new(
            "identical_changes",
            "every difference is the same: the variance of the change is zero",
        ));
    }
    Ok(())
}

/// A paired t-test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PairedT {
    /// Number of pairs.
    pub n: usize,
    /// Mean of `d = post − pre`.
    pub mean_difference: f64,
    /// Sample SD of `d`.
    pub sd_difference: f64,
    /// Standard error `s_d/√n`.
    pub se: f64,
    /// `t = mean(d)/(s_d/√n)`.
    pub t: f64,
    /// `n − 1`.
    pub df: f64,
    /// p-value for `alternative`.
    pub p: f64,
    /// The alternative tested.
    pub alternative: Alternative,
    /// Two-sided CI for the mean difference, `mean ± t_{1−α/2, n−1}·se`.
    pub ci: Interval,
}

/// Paired t-test on the differences `d = post − pre` (scipy `ttest_rel(post, pre)`, R
/// `t.test(post, pre, paired = TRUE)`): `t = d̄/(s_d/√n)`, `df = n − 1`.
pub fn paired_t(d: &[f64], alternative: Alternative, level: f64) -> StatResult<PairedT> {
    check_differences(d)?;
    z_two_sided(level)?;
    let n = d.len();
    let (mean, sd) = mean_sd(d);
    let se = sd / libm::sqrt(n as f64);
    let t = mean / se;
    let df = (n - 1) as f64;
    let dist = StudentsT::new(0.0, 1.0, df)
        .map_err(|_| NotApplicable::new("bad_parameter", "degrees of freedom"))?;
    let p = p_from_tails(dist.cdf(t), dist.sf(t), alternative);
    let tc = t_quantile(1.0 - (1.0 - level) / 2.0, df);
    Ok(PairedT {
        n,
        mean_difference: mean,
        sd_difference: sd,
        se,
        t,
        df,
        p,
        alternative,
        ci: Interval {
            lower: mean - tc * se,
            upper: mean + tc * se,
            level,
        },
    })
}

/// How zero differences enter the Wilcoxon signed-rank test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum ZeroMethod {
    /// Drop zeros before ranking (Wilcoxon 1945; scipy and R default).
    #[default]
    Wilcox,
    /// Rank with the zeros, then drop their ranks (Pratt 1959; Cureton 1967 variance).
    Pratt,
    /// Rank with the zeros and split their rank sum between r+ and r−.
    Zsplit,
}

/// How the Wilcoxon p-value is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum WilcoxonMethod {
    /// scipy 1.17 `method="auto"`: exact null distribution when n ≤ 50 without ties or
    /// zeros; exact conditional (sign-flip) distribution when there are ties or zeros and
    /// n ≤ 13 (n counting zeros); otherwise the normal approximation.
    #[default]
    Auto,
    /// R `wilcox.test` default: exact when fewer than 50 non-zero differences and no ties or
    /// zeros; otherwise the normal approximation.
    AutoR,
    /// Exact null distribution without ties or zeros, exact conditional distribution of the
    /// signed ranks given the observed ranks otherwise (= coin `wilcoxsign_test(distribution =
    /// "exact")` and scipy's permutation test), n ≤ 120.
    Exact,
    /// Normal approximation.
    Asymptotic,
}

/// Options of the Wilcoxon signed-rank test.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WilcoxonOptions {
    /// Zero handling.
    pub zero_method: ZeroMethod,
    /// Continuity correction of the normal approximation.
    pub correction: bool,
    /// p-value method.
    pub method: WilcoxonMethod,
    /// Alternative.
    pub alternative: Alternative,
}

impl Default for WilcoxonOptions {
    /// scipy 1.17 `wilcoxon(d)`: zeros dropped, no continuity correction, `method="auto"`.
    fn default() -> Self {
        Self {
            zero_method: ZeroMethod::Wilcox,
            correction: false,
            method: WilcoxonMethod::Auto,
            alternative: Alternative::TwoSided,
        }
    }
}

impl WilcoxonOptions {
    /// R `wilcox.test(post, pre, paired = TRUE)`: zeros dropped, continuity correction,
    /// exact only without ties or zeros and fewer than 50 pairs.
    pub fn r_default() -> Self {
        Self {
            zero_method: ZeroMethod::Wilcox,
            correction: true,
            method: WilcoxonMethod::AutoR,
            alternative: Alternative::TwoSided,
        }
    }
}

/// Which p-value method was used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum WilcoxonPMethod {
    /// Exact null distribution (no ties, no zeros).
    Exact,
    /// Exact conditional distribution given the tied ranks and zeros.
    ExactConditional,
    /// Normal approximation.
    Normal,
}

/// A Wilcoxon signed-rank test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Wilcoxon {
    /// Number of pairs, zeros included.
    pub n: usize,
    /// Number of zero differences.
    pub n_zero: usize,
    /// Whether non-zero |d| (or, for Pratt/zsplit, all |d|) have ties.
    pub has_ties: bool,
    /// Sum of ranks of positive differences (R's `V`).
    pub r_plus: f64,
    /// Sum of ranks of negative differences.
    pub r_minus: f64,
    /// scipy's `statistic`: `min(r+, r−)` two-sided, `r+` one-sided.
    pub statistic: f64,
    /// The z statistic (continuity-corrected when asked), for the normal approximation.
    pub z: Option<f64>,
    /// p-value.
    pub p: f64,
    /// Method used.
    pub p_method: WilcoxonPMethod,
    /// Options used.
    pub options: WilcoxonOptions,
    /// Matched-pairs rank-biserial correlation `(r+ − r−)/(r+ + r−)` (Kerby 2014).
    pub rank_biserial: f64,
}

/// Average ranks of `a` (1-based) and the tie group sizes.
fn average_ranks(a: &[f64]) -> (Vec<f64>, Vec<usize>) {
    let mut idx: Vec<usize> = (0..a.len()).collect();
    idx.sort_by(|&i, &j| a[i].total_cmp(&a[j]));
    let mut ranks = vec![0.0; a.len()];
    let mut ties = Vec::new();
    let mut i = 0;
    while i < idx.len() {
        let mut j = i;
        while j + 1 < idx.len() && a[idx[j + 1]] == a[idx[i]] {
            j += 1;
        }
        let r = (i + j) as f64 / 2.0 + 1.0;
        for &k in &idx[i..=j] {
            ranks[k] = r;
        }
        ties.push(j - i + 1);
        i = j + 1;
    }
    (ranks, ties)
}

/// The distribution of `Σ sᵢ·wᵢ` over all sign vectors `sᵢ ∈ {0, 1}` for integer weights
/// `w` (counts per sum), by dynamic programming over subset sums.
fn subset_sum_counts(w: &[u64]) -> Vec<u128> {
    let total: u64 = w.iter().sum();
    let mut counts = vec![0u128; usize::try_from(total).unwrap_or(0) + 1];
    counts[0] = 1;
    let mut reach = 0usize;
    for &wi in w {
        let wi = usize::try_from(wi).unwrap_or(0);
        for s in (0..=reach).rev() {
            let c = counts[s];
            if c != 0 {
                counts[s + wi] += c;
            }
        }
        reach += wi;
    }
    counts
}

/// Wilcoxon signed-rank test on `d = post − pre`.
///
/// Statistic and normal approximation as scipy 1.17 (`_wilcoxon.py`): ranks of |d| with
/// average ranks; `z = (r+ − μ)/σ` with `μ = n(n+1)/4` and
/// `σ² = n(n+1)(2n+1)/24 − Σ(t³ − t)/48`, where for Pratt `n(n+1)/4` and `n(n+1)(2n+1)/24`
/// lose the zeros' share `n₀(n₀+1)/4`, `n₀(n₀+1)(2n₀+1)/24` and the zero tie group is left out
/// of the tie term (Cureton 1967). The continuity correction subtracts `sign·0.5/σ` from z.
/// The exact distributions are computed by dynamic programming over the (doubled) ranks.
///
/// Not applicable: fewer than 2 pairs (`too_few`), every difference zero (`no_change`),
/// non-finite input.
pub fn wilcoxon(d: &[f64], opts: WilcoxonOptions) -> StatResult<Wilcoxon> {
    if d.iter().any(|v| !v.is_finite()) {
        return Err(NotApplicable::new(
            "non_finite",
            "a difference is not a finite number",
        ));
    }
    if d.len() < 2 {
        return Err(NotApplicable::new(
            "too_few",
            format!("{} pair(s); at least 2 are needed", d.len()),
        ));
    }
    let n_zero = d.iter().filter(|&&v| v == 0.0).count();
    if n_zero == d.len() {
        return Err(NotApplicable::new(
            "no_change",
            "every difference is zero: nobody changed",
        ));
    }
    let used: Vec<f64> = match opts.zero_method {
        ZeroMethod::Wilcox => d.iter().copied().filter(|&v| v != 0.0).collect(),
        _ => d.to_vec(),
    };
    let abs: Vec<f64> = used.iter().map(|v| v.abs()).collect();
    let (ranks, tie_sizes) = average_ranks(&abs);
    let has_ties = tie_sizes.iter().any(|&t| t > 1);
    let mut r_plus: f64 = used
        .iter()
        .zip(&ranks)
        .filter(|(v, _)| **v > 0.0)
        .map(|(_, r)| r)
        .sum();
    let mut r_minus: f64 = used
        .iter()
        .zip(&ranks)
        .filter(|(v, _)| **v < 0.0)
        .map(|(_, r)| r)
        .sum();
    let zero_rank_sum: f64 = used
        .iter()
        .zip(&ranks)
        .filter(|(v, _)| **v == 0.0)
        .map(|(_, r)| r)
        .sum();
    if opts.zero_method == ZeroMethod::Zsplit {
        r_plus += zero_rank_sum / 2.0;
        r_minus += zero_rank_sum / 2.0;
    }
    let count = used.len() as f64;
    let mut mn = count * (count + 1.0) * 0.25;
    let mut var = count * (count + 1.0) * (2.0 * count + 1.0);
    let mut tie_term: f64 = tie_sizes
        .iter()
        .map(|&t| {
            let t = t as f64;
            t * t * t - t
        })
        .sum();
    if opts.zero_method == ZeroMethod::Pratt {
        let n0 = n_zero as f64;
        mn -= n0 * (n0 + 1.0) * 0.25;
        var -= n0 * (n0 + 1.0) * (2.0 * n0 + 1.0);
        if n_zero > 0 {
            tie_term -= n0 * n0 * n0 - n0;
        }
    }
    let se = libm::sqrt((var - tie_term / 2.0) / 24.0);

    let zeros_matter = n_zero > 0;
    let p_method = match opts.method {
        WilcoxonMethod::Auto => {
            if !(has_ties || zeros_matter) && d.len() <= 50 {
                WilcoxonPMethod::Exact
            } else if (has_ties || zeros_matter) && d.len() <= 13 {
                WilcoxonPMethod::ExactConditional
            } else {
                WilcoxonPMethod::Normal
            }
        }
        WilcoxonMethod::AutoR => {
            if !(has_ties || zeros_matter) && d.len() - n_zero < 50 {
                WilcoxonPMethod::Exact
            } else {
                WilcoxonPMethod::Normal
            }
        }
        WilcoxonMethod::Exact => {
            if d.len() > 120 {
                return Err(NotApplicable::new(
                    "too_many_for_exact",
                    "the exact signed-rank distribution is computed for at most 120 pairs",
                ));
            }
            if has_ties || zeros_matter {
                WilcoxonPMethod::ExactConditional
            } else {
                WilcoxonPMethod::Exact
            }
        }
        WilcoxonMethod::Asymptotic => WilcoxonPMethod::Normal,
    };

    let (p, z) = match p_method {
        WilcoxonPMethod::Normal => {
            if se.is_nan() || se <= 0.0 {
                return Err(NotApplicable::new(
                    "no_change",
                    "no non-zero difference is left to rank",
                ));
            }
            let mut z = (r_plus - mn) / se;
            if opts.correction {
                let sign = match opts.alternative {
                    Alternative::Greater => 1.0,
                    Alternative::Less => -1.0,
                    Alternative::TwoSided => {
                        if z > 0.0 {
                            1.0
                        } else if z < 0.0 {
                            -1.0
                        } else {
                            0.0
                        }
                    }
                };
                z -= sign * 0.5 / se;
            }
            let norm = Normal::standard();
            (
                p_from_tails(norm.cdf(z), norm.sf(z), opts.alternative),
                Some(z),
            )
        }
        WilcoxonPMethod::Exact | WilcoxonPMethod::ExactConditional => {
            // Doubled ranks are integers (average ranks are multiples of ½). Zeros (Pratt,
            // zsplit) keep their sign-independent contribution: none for Pratt, half their
            // rank for zsplit, both already in r+.
            let weights: Vec<u64> = used
                .iter()
                .zip(&ranks)
                .filter(|(v, _)| **v != 0.0)
                .map(|(_, r)| libm::round(2.0 * r) as u64)
                .collect();
            let counts = subset_sum_counts(&weights);
            let total: u128 = counts.iter().sum();
            let fixed2 = if opts.zero_method == ZeroMethod::Zsplit {
                libm::round(zero_rank_sum) as i64
            } else {
                0
            };
            let obs2 = libm::round(2.0 * r_plus) as i64 - fixed2;
            let obs2 = usize::try_from(obs2.max(0)).unwrap_or(0);
            let le: u128 = counts.iter().take(obs2 + 1).sum();
            let ge: u128 = counts.iter().skip(obs2).sum();
            let lower = le as f64 / total as f64;
            let upper = ge as f64 / total as f64;
            (p_from_tails(lower, upper, opts.alternative), None)
        }
    };
    let statistic = match opts.alternative {
        Alternative::TwoSided => r_plus.min(r_minus),
        _ => r_plus,
    };
    let rank_biserial = (r_plus - r_minus) / (r_plus + r_minus);
    Ok(Wilcoxon {
        n: d.len(),
        n_zero,
        has_ties,
        r_plus,
        r_minus,
        statistic,
        z,
        p,
        p_method,
        options: opts,
        rank_biserial,
    })
}

/// An exact sign test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SignTest {
    /// Positive differences.
    pub positive: u64,
    /// Negative differences.
    pub negative: u64,
    /// Zero differences (dropped).
    pub zero: u64,
    /// Exact binomial p-value (scipy `binomtest(positive, positive + negative)`).
    pub p: f64,
    /// Alternative.
    pub alternative: Alternative,
}

/// Sign test: `k` positive out of `m` non-zero differences against Binomial(m, ½) (zeros
/// dropped; `too_few` under 2 pairs, `no_change` when every difference is zero); the
/// two-sided p is `min(1, 2·min(P(X ≤ k), P(X ≥ k)))`, which for p = ½ equals scipy's
/// `binomtest` and R's `binom.test`.
pub fn sign_test(d: &[f64], alternative: Alternative) -> StatResult<SignTest> {
    if d.iter().any(|v| !v.is_finite()) {
        return Err(NotApplicable::new(
            "non_finite",
            "a difference is not a finite number",
        ));
    }
    if d.len() < 2 {
        return Err(NotApplicable::new(
            "too_few",
            format!("{} pair(s); at least 2 are needed", d.len()),
        ));
    }
    let positive = d.iter().filter(|&&v| v > 0.0).count() as u64;
    let negative = d.iter().filter(|&&v| v < 0.0).count() as u64;
    let zero = d.len() as u64 - positive - negative;
    let m = positive + negative;
    if m == 0 {
        return Err(NotApplicable::new(
            "no_change",
            "every difference is zero: nobody changed",
        ));
    }
    let b = Binomial::new(0.5, m).map_err(|_| NotApplicable::new("bad_parameter", "binomial"))?;
    let lower = b.cdf(positive);
    let upper = if positive == 0 {
        1.0
    } else {
        b.sf(positive - 1)
    };
    Ok(SignTest {
        positive,
        negative,
        zero,
        p: p_from_tails(lower, upper, alternative),
        alternative,
    })
}

/// McNemar's test on a paired binary outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct McNemar {
    /// Discordant pairs yes → no (for loneliness: lonely before, not after).
    pub b: u64,
    /// Discordant pairs no → yes.
    pub c: u64,
    /// Exact p: `min(1, 2·Binom(min(b, c); b + c, ½))` (statsmodels `mcnemar(exact=True)`).
    pub p_exact: f64,
    /// Mid-p: `2·[Binom.cdf(min) − ½·Binom.pmf(min)]` (Fagerland et al. 2013).
    pub p_mid: f64,
    /// `(b − c)²/(b + c)`.
    pub chi2: f64,
    /// p of `chi2` on 1 df.
    pub p_chi2: f64,
    /// `(|b − c| − 1)²/(b + c)` (R `mcnemar.test` default).
    pub chi2_corrected: f64,
    /// p of `chi2_corrected` on 1 df.
    pub p_chi2_corrected: f64,
}

/// McNemar's test from the discordant counts `b` and `c` (rows = before, columns = after).
/// `no_discordant` when `b + c = 0`.
pub fn mcnemar(b: u64, c: u64) -> StatResult<McNemar> {
    let m = b + c;
    if m == 0 {
        return Err(NotApplicable::new(
            "no_discordant",
            "no pair changed category: McNemar's test needs discordant pairs",
        ));
    }
    let bin = Binomial::new(0.5, m).map_err(|_| NotApplicable::new("bad_parameter", "binomial"))?;
    let k = b.min(c);
    let p_exact = (2.0 * bin.cdf(k)).min(1.0);
    let p_mid = (2.0 * (bin.cdf(k) - 0.5 * bin.pmf(k))).min(1.0);
    let diff = b.abs_diff(c) as f64;
    let chi2 = diff * diff / m as f64;
    let cc = (diff - 1.0) * (diff - 1.0) / m as f64;
    let chi = ChiSquared::new(1.0).map_err(|_| NotApplicable::new("bad_parameter", "χ²"))?;
    Ok(McNemar {
        b,
        c,
        p_exact,
        p_mid,
        chi2,
        p_chi2: chi.sf(chi2),
        chi2_corrected: cc,
        p_chi2_corrected: chi.sf(cc),
    })
}

/// Stuart–Maxwell test of marginal homogeneity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StuartMaxwell {
    /// `χ² = dᵀS⁻¹d`.
    pub chi2: f64,
    /// `k − 1`.
    pub df: f64,
    /// p-value.
    pub p: f64,
}

/// Stuart–Maxwell test on a k×k table (rows = before, columns = after): `dᵢ = nᵢ· − n·ᵢ`
/// for `i < k`, `Sᵢᵢ = nᵢ· + n·ᵢ − 2nᵢᵢ`, `Sᵢⱼ = −(nᵢⱼ + nⱼᵢ)`, `χ² = dᵀS⁻¹d` on `k − 1` df
/// (statsmodels `SquareTable(t, shift_zeros=False).homogeneity("stuart_maxwell")`).
/// `not_square`, `too_few` (k < 2) and `singular` (no off-diagonal information) when it
/// does not apply.
pub fn stuart_maxwell(table: &[Vec<u64>]) -> StatResult<StuartMaxwell> {
    let k = table.len();
    if k < 2 {
        return Err(NotApplicable::new("too_few", "need at least 2 categories"));
    }
    if table.iter().any(|r| r.len() != k) {
        return Err(NotApplicable::new("not_square", "the table must be k × k"));
    }
    let f = |i: usize, j: usize| table[i][j] as f64;
    let m = k - 1;
    let mut s = vec![vec![0.0; m]; m];
    let mut d = vec![0.0; m];
    for i in 0..m {
        let row: f64 = (0..k).map(|j| f(i, j)).sum();
        let col: f64 = (0..k).map(|j| f(j, i)).sum();
        d[i] = row - col;
        for (j, cell) in s[i].iter_mut().enumerate() {
            *cell = if i == j {
                row + col - 2.0 * f(i, i)
            } else {
                -(f(i, j) + f(j, i))
            };
        }
    }
    let x = solve_dense(s, d.clone()).ok_or_else(|| {
        NotApplicable::new(
            "singular",
            "the covariance of the marginal differences is singular (a category never changes)",
        )
    })?;
    let chi2: f64 = d.iter().zip(&x).map(|(a, b)| a * b).sum();
    let df = m as f64;
    let chi = ChiSquared::new(df).map_err(|_| NotApplicable::new("bad_parameter", "χ² df"))?;
    Ok(StuartMaxwell {
        chi2,
        df,
        p: chi.sf(chi2),
    })
}

/// Solves `A x = b` by Gaussian elimination with partial pivoting; `None` when `A` is
/// (numerically) singular.
pub(crate) fn solve_dense(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Option<Vec<f64>> {
    let n = b.len();
    let scale = a
        .iter()
        .flat_map(|r| r.iter())
        .fold(0.0f64, |m, v| m.max(v.abs()));
    if scale.is_nan() || scale <= 0.0 {
        return None;
    }
    for col in 0..n {
        let piv = (col..n).max_by(|&i, &j| a[i][col].abs().total_cmp(&a[j][col].abs()))?;
        if a[piv][col].abs() <= 1e-12 * scale {
            return None;
        }
        a.swap(col, piv);
        b.swap(col, piv);
        for row in col + 1..n {
            let factor = a[row][col] / a[col][col];
            if factor != 0.0 {
                let pivot_row = a[col].clone();
                for (x, p) in a[row].iter_mut().zip(&pivot_row).skip(col) {
                    *x -= factor * p;
                }
                b[row] -= factor * b[col];
            }
        }
    }
    let mut x = vec![0.0; n];
    for i in (0..n).rev() {
        let s: f64 = (i + 1..n).map(|j| a[i][j] * x[j]).sum();
        x[i] = (b[i] - s) / a[i][i];
    }
    Some(x)
}
