//! Standardised effect sizes for pre/post designs and their confidence intervals.
//!
//! Sources: Cohen (1988); Lakens (2013) *Front Psychol* 4:863 (d_z, d_av, d_rm); Cumming
//! (2012) (d_av); Hedges (1981) (the exact small-sample factor J); Steiger & Fouladi (1997)
//! and MBESS `ci.sm` (noncentral-t interval for d_z); Morris (2008) *Organizational Research
//! Methods* 11:364–386 (d_ppc2 and its variance, eq. 16 and 25); Borenstein et al. (2009).

use serde::{Deserialize, Serialize};
use statrs::function::gamma::ln_gamma;

use super::noncentral_t::delta_interval;
use super::paired::{check_differences, mean_sd};
use super::{Interval, NotApplicable, StatResult, z_two_sided};

/// Hedges' exact small-sample factor `J(ν) = Γ(ν/2) / (√(ν/2)·Γ((ν − 1)/2))` (Hedges 1981;
/// the `c(m)` of Morris 2008). `ν ≤ 1` gives `bad_parameter`.
pub fn hedges_j(df: f64) -> StatResult<f64> {
    if !(df > 1.0 && df.is_finite()) {
        return Err(NotApplicable::new(
            "bad_parameter",
            format!("Hedges' J needs more than 1 degree of freedom, not {df}"),
        ));
    }
    Ok(libm::exp(
        ln_gamma(df / 2.0) - ln_gamma((df - 1.0) / 2.0) - 0.5 * libm::log(df / 2.0),
    ))
}

/// Effect sizes of a paired (pre/post) comparison; all use `d = post − pre`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PairedEffects {
    /// Number of pairs.
    pub n: usize,
    /// `d_z = mean(d)/s_d`.
    pub dz: f64,
    /// Exact CI for d_z: the noncentral-t interval for δ at `t = d_z·√n`, divided by `√n`.
    pub dz_ci: Interval,
    /// Approximate CI `d_z ± z·√(1/n + d_z²/(2n))`.
    pub dz_ci_approx: Interval,
    /// Hedges-corrected `g_z = d_z·J(n − 1)`.
    pub gz: f64,
    /// `d_av = mean(d)/√((s_pre² + s_post²)/2)` (Cumming 2012; pingouin `compute_effsize(post,
    /// pre, paired=True)`).
    pub d_av: f64,
    /// `g_av = d_av·J(n − 1)` (exact J with `n − 1` degrees of freedom; pingouin uses
    /// `1 − 3/(4·2n − 9)` instead).
    pub g_av: f64,
    /// `d_rm = mean(d)/√(s_pre² + s_post² − 2r·s_pre·s_post)·√(2(1 − r))` (Lakens 2013,
    /// eq. 9), `None` when `r` is undefined (a constant wave).
    pub d_rm: Option<f64>,
    /// Pre–post Pearson correlation `r`, when both waves vary.
    pub r: Option<f64>,
    /// Standardised mean change with the pre SD, `g = J(n − 1)·mean(d)/s_pre` (Becker 1988;
    /// metafor `SMCR`), `None` when the pre scores are constant.
    pub g_pre: Option<f64>,
}

/// Pearson correlation; `None` if either variable is constant.
pub(crate) fn pearson(x: &[f64], y: &[f64]) -> Option<f64> {
    let (mx, _) = mean_sd(x);
    let (my, _) = mean_sd(y);
    let mut sxy = 0.0;
    let mut sxx = 0.0;
    let mut syy = 0.0;
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx > 0.0 && syy > 0.0 {
        Some(sxy / libm::sqrt(sxx * syy))
    } else {
        None
    }
}

/// Effect sizes for paired scores `pre[i]`, `post[i]`. Not applicable: unequal lengths
/// (`length_mismatch`), fewer than 3 pairs, no change or identical changes (see
/// [`super::paired::paired_t`]).
pub fn paired_effects(pre: &[f64], post: &[f64], level: f64) -> StatResult<PairedEffects> {
    if pre.len() != post.len() {
        return Err(NotApplicable::new(
            "length_mismatch",
            "pre and post need the same number of scores",
        ));
    }
    let d: Vec<f64> = post.iter().zip(pre).map(|(b, a)| b - a).collect();
    check_differences(&d)?;
    let z = z_two_sided(level)?;
    let n = d.len();
    if n <= 2 {
        // Hedges' J(1) is undefined (Γ(0)).
        return Err(NotApplicable::new(
            "too_few",
            "standardised effect sizes with Hedges' correction need at least 3 pairs",
        ));
    }
    let nf = n as f64;
    let (md, sd) = mean_sd(&d);
    let (_, s_pre) = mean_sd(pre);
    let (_, s_post) = mean_sd(post);
    let dz = md / sd;
    let sqrt_n = libm::sqrt(nf);
    let ci = delta_interval(dz * sqrt_n, nf - 1.0, level)?;
    let half = z * libm::sqrt(1.0 / nf + dz * dz / (2.0 * nf));
    let j = hedges_j(nf - 1.0)?;
    let av_sd = libm::sqrt((s_pre * s_pre + s_post * s_post) / 2.0);
    let d_av = md / av_sd;
    let r = pearson(pre, post);
    let d_rm = r.map(|r| {
        md / libm::sqrt(s_pre * s_pre + s_post * s_post - 2.0 * r * s_pre * s_post)
            * libm::sqrt(2.0 * (1.0 - r))
    });
    Ok(PairedEffects {
        n,
        dz,
        dz_ci: Interval {
            lower: ci.lower / sqrt_n,
            upper: ci.upper / sqrt_n,
            level,
        },
        dz_ci_approx: Interval {
            lower: dz - half,
            upper: dz + half,
            level,
        },
        gz: dz * j,
        d_av: if av_sd > 0.0 { d_av } else { 0.0 },
        g_av: if av_sd > 0.0 { d_av * j } else { 0.0 },
        d_rm,
        r,
        g_pre: (s_pre > 0.0).then(|| j * md / s_pre),
    })
}

/// Summary statistics of one group at pre and post.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupPrePost {
    /// Number of people with both scores.
    pub n: usize,
    /// Mean at pre.
    pub mean_pre: f64,
    /// Mean at post.
    pub mean_post: f64,
    /// SD at pre (ddof = 1).
    pub sd_pre: f64,
    /// Pre–post correlation.
    pub r: f64,
}

impl GroupPrePost {
    /// Summaries of paired scores; `None` when fewer than 2 pairs, lengths differ or a wave
    /// is constant (no correlation).
    pub fn from_scores(pre: &[f64], post: &[f64]) -> Option<Self> {
        if pre.len() != post.len() || pre.len() < 2 {
            return None;
        }
        let (mean_pre, sd_pre) = mean_sd(pre);
        let (mean_post, _) = mean_sd(post);
        Some(Self {
            n: pre.len(),
            mean_pre,
            mean_post,
            sd_pre,
            r: pearson(pre, post)?,
        })
    }
}

/// Morris (2008) pretest–posttest–control effect size.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Dppc2 {
    /// `d_ppc2 = c_p·[(M_post,T − M_pre,T) − (M_post,C − M_pre,C)]/SD_pre,pooled`.
    pub d: f64,
    /// The bias correction `c_p = J(n_T + n_C − 2)` (exact gamma form).
    pub c_p: f64,
    /// `SD_pre,pooled`.
    pub sd_pre_pooled: f64,
    /// The pooled pre–post correlation `ρ` used in the variance (sample-size weighted).
    pub rho: f64,
    /// Variance from Morris (2008) eq. 25 with `Δ` estimated by `d`.
    pub variance: f64,
    /// `d ± z·√variance`.
    pub ci: Interval,
}

/// Morris (2008) `d_ppc2` for a treatment (`t`) and comparison (`c`) group, with
/// `SD_pre,pooled = √[((n_T − 1)s²_pre,T + (n_C − 1)s²_pre,C)/(n_T + n_C − 2)]` and variance
///
/// `2c_p²(1 − ρ)·(n_T + n_C)/(n_T n_C)·(n_T + n_C − 2)/(n_T + n_C − 4)·
///  [1 + d²/(2(1 − ρ)(n_T + n_C)/(n_T n_C))] − d²`,
///
/// where ρ is the sample-size-weighted mean of the two pre–post correlations (Morris assumes
/// a common ρ). A negative `d` means the treatment group's loneliness fell more.
/// Not applicable: `n_T + n_C ≤ 4` (`too_few`) or constant pre scores (`constant`).
pub fn dppc2(t: &GroupPrePost, c: &GroupPrePost, level: f64) -> StatResult<Dppc2> {
    let z = z_two_sided(level)?;
    let (nt, nc) = (t.n as f64, c.n as f64);
    if nt + nc <= 4.0 {
        return Err(NotApplicable::new(
            "too_few",
            "d_ppc2 needs more than 4 people across the two groups",
        ));
    }
    let sd_pool = libm::sqrt(
        ((nt - 1.0) * t.sd_pre * t.sd_pre + (nc - 1.0) * c.sd_pre * c.sd_pre) / (nt + nc - 2.0),
    );
    if sd_pool.is_nan() || sd_pool <= 0.0 {
        return Err(NotApplicable::new("constant", "the pre scores do not vary"));
    }
    let c_p = hedges_j(nt + nc - 2.0)?;
    let d = c_p * ((t.mean_post - t.mean_pre) - (c.mean_post - c.mean_pre)) / sd_pool;
    let rho = (nt * t.r + nc * c.r) / (nt + nc);
    let h = (nt + nc) / (nt * nc);
    let variance = 2.0
        * c_p
        * c_p
        * (1.0 - rho)
        * h
        * ((nt + nc - 2.0) / (nt + nc - 4.0))
        * (1.0 + d * d / (2.0 * (1.0 - rho) * h))
        - d * d;
    let se = libm::sqrt(variance.max(0.0));
    Ok(Dppc2 {
        d,
        c_p,
        sd_pre_pooled: sd_pool,
        rho,
        variance,
        ci: Interval {
            lower: d - z * se,
            upper: d + z * se,
            level,
        },
    })
}
