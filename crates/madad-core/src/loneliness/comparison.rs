//! Intervention against comparison group: difference-in-differences on change scores (Welch)
//! and as a long-format regression with person-clustered standard errors, ANCOVA with
//! adjusted means, and Morris (2008) d_ppc2.
//!
//! * DiD = (Ȳ_T,post − Ȳ_T,pre) − (Ȳ_C,post − Ȳ_C,pre); negative = the intervention group's
//!   loneliness fell more.
//! * Regression: `y = β₀ + β₁T + β₂Post + β₃T·Post` on the stacked pre and post rows of the
//!   linked people, CR1 cluster-robust covariance by person (statsmodels
//!   `cov_type="cluster"`; normal reference by default, Student t with G − 1 df on request).
//!   With complete pairs β₃ equals the DiD.
//! * ANCOVA (Vickers & Altman 2001 *BMJ* 323:1123): `post = β₀ + β₁·pre + β₂·T`, classical
//!   OLS; adjusted means at the grand mean of pre; `F = t²(β₂)` on (1, n − 3) and partial
//!   η² = F/(F + n − 3) (= pingouin `ancova`, Type II).
//! * d_ppc2: see [`crate::stats::effect_size::dppc2`].

use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};

use super::linking::Pair;
use crate::stats::effect_size::{Dppc2, GroupPrePost, dppc2};
use crate::stats::linear::{Covariance, Reference, ols};
use crate::stats::paired::{Alternative, mean_sd};
use crate::stats::two_sample::{WelchT, welch_t};
use crate::stats::{Interval, NotApplicable, StatResult};

/// Pre / post summary of one group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupSummary {
    /// Linked people.
    pub n: usize,
    /// Mean before.
    pub mean_pre: f64,
    /// SD before.
    pub sd_pre: f64,
    /// Mean after.
    pub mean_post: f64,
    /// SD after.
    pub sd_post: f64,
    /// Mean change (after − before).
    pub mean_change: f64,
    /// SD of the change.
    pub sd_change: f64,
}

fn summarise(p: &[Pair]) -> GroupSummary {
    let pre: Vec<f64> = p.iter().map(|x| x.before).collect();
    let post: Vec<f64> = p.iter().map(|x| x.after).collect();
    let d: Vec<f64> = p.iter().map(|x| x.after - x.before).collect();
    let (mean_pre, sd_pre) = mean_sd(&pre);
    let (mean_post, sd_post) = mean_sd(&post);
    let (mean_change, sd_change) = mean_sd(&d);
    GroupSummary {
        n: p.len(),
        mean_pre,
        sd_pre,
        mean_post,
        sd_post,
        mean_change,
        sd_change,
    }
}

/// An estimate with its test and interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Estimate {
    /// Point estimate.
    pub estimate: f64,
    /// Standard error.
    pub std_error: f64,
    /// Estimate / SE.
    pub statistic: f64,
    /// Two-sided p-value.
    pub p: f64,
    /// Confidence interval.
    pub ci: Interval,
    /// Degrees of freedom of the t reference (`None` = standard normal).
    pub df: Option<f64>,
}

/// The DiD regression.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DidRegression {
    /// β₃, the interaction.
    pub did: Estimate,
    /// Coefficients β₀…β₃.
    pub params: Vec<f64>,
    /// Rows (2 per person).
    pub n_obs: usize,
    /// Clusters (people).
    pub n_clusters: usize,
    /// Covariance and reference used.
    pub method: String,
}

/// ANCOVA of post on pre and group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ancova {
    /// β₂: the adjusted difference intervention − comparison.
    pub group_effect: Estimate,
    /// β₁: slope on the baseline score.
    pub pre_slope: f64,
    /// Grand mean of pre, where the adjusted means are taken.
    pub grand_mean_pre: f64,
    /// Adjusted mean of the intervention group.
    pub adjusted_mean_intervention: Estimate,
    /// Adjusted mean of the comparison group.
    pub adjusted_mean_comparison: Estimate,
    /// `F = t²` for the group on (1, n − 3) df.
    pub f: f64,
    /// Residual df `n − 3`.
    pub df_resid: f64,
    /// Partial η² = F/(F + df_resid).
    pub partial_eta_squared: f64,
}

/// The comparison-group analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonAnalysis {
    /// `after − before`, negative = less lonely.
    pub sign_convention: String,
    /// Intervention group.
    pub intervention: GroupSummary,
    /// Comparison group.
    pub comparison: GroupSummary,
    /// Difference in mean changes.
    pub did: f64,
    /// Welch t on the change scores (intervention − comparison).
    pub welch: StatResult<WelchT>,
    /// Long-format regression with person-clustered SEs.
    pub regression: StatResult<DidRegression>,
    /// ANCOVA.
    pub ancova: StatResult<Ancova>,
    /// Morris (2008) d_ppc2.
    pub dppc2: StatResult<Dppc2>,
}

/// Reference distribution for the clustered DiD regression.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum ClusterReference {
    /// Standard normal (statsmodels default).
    #[default]
    Normal,
    /// Student t with G − 1 df (Stata `vce(cluster)`).
    StudentT,
}

fn did_regression(
    t: &[Pair],
    c: &[Pair],
    reference: ClusterReference,
    level: f64,
) -> StatResult<DidRegression> {
    let n = 2 * (t.len() + c.len());
    let mut x = Array2::<f64>::zeros((n, 4));
    let mut y = Array1::<f64>::zeros(n);
    let mut groups = Vec::with_capacity(n);
    let mut row = 0;
    for (treated, list) in [(1.0, t), (0.0, c)] {
        for p in list {
            for (post, value) in [(0.0, p.before), (1.0, p.after)] {
                x[[row, 0]] = 1.0;
                x[[row, 1]] = treated;
                x[[row, 2]] = post;
                x[[row, 3]] = treated * post;
                y[row] = value;
                groups.push(u64::from(p.person));
                row += 1;
            }
        }
    }
    let reference_kind = match reference {
        ClusterReference::Normal => Reference::Default,
        ClusterReference::StudentT => Reference::StudentT,
    };
    let fit = ols(
        x.view(),
        y.view(),
        &Covariance::Cluster { groups },
        reference_kind,
        level,
    )?;
    Ok(DidRegression {
        did: Estimate {
            estimate: fit.params[3],
            std_error: fit.std_errors[3],
            statistic: fit.statistics[3],
            p: fit.p_values[3],
            ci: fit.conf_int[3],
            df: fit.df_inference,
        },
        params: fit.params.clone(),
        n_obs: fit.nobs,
        n_clusters: fit.n_groups.unwrap_or(0),
        method: fit.method,
    })
}

fn ancova(t: &[Pair], c: &[Pair], level: f64) -> StatResult<Ancova> {
    let n = t.len() + c.len();
    let mut x = Array2::<f64>::zeros((n, 3));
    let mut y = Array1::<f64>::zeros(n);
    let mut pre_sum = 0.0;
    for (i, (treated, p)) in t
        .iter()
        .map(|p| (1.0, p))
        .chain(c.iter().map(|p| (0.0, p)))
        .enumerate()
    {
        x[[i, 0]] = 1.0;
        x[[i, 1]] = p.before;
        x[[i, 2]] = treated;
        y[i] = p.after;
        pre_sum += p.before;
    }
    let fit = ols(
        x.view(),
        y.view(),
        &Covariance::Classical,
        Reference::Default,
        level,
    )?;
    let grand = pre_sum / n as f64;
    let est = |row: [f64; 3]| -> StatResult<Estimate> {
        let lc = fit.linear_combination(&row, level)?;
        Ok(Estimate {
            estimate: lc.estimate,
            std_error: lc.std_error,
            statistic: lc.statistic,
            p: lc.p_value,
            ci: lc.conf_int,
            df: fit.df_inference,
        })
    };
    let group_effect = est([0.0, 0.0, 1.0])?;
    let df_resid = fit.df_resid as f64;
    let f = group_effect.statistic * group_effect.statistic;
    Ok(Ancova {
        pre_slope: fit.params[1],
        grand_mean_pre: grand,
        adjusted_mean_intervention: est([1.0, grand, 1.0])?,
        adjusted_mean_comparison: est([1.0, grand, 0.0])?,
        f,
        df_resid,
        partial_eta_squared: f / (f + df_resid),
        group_effect,
    })
}

/// Compares the change of the intervention group `t` with that of the comparison group `c`.
/// `too_few` when either group has fewer than 2 linked people.
pub fn compare_groups(
    t: &[Pair],
    c: &[Pair],
    reference: ClusterReference,
    level: f64,
) -> StatResult<ComparisonAnalysis> {
    if t.len() < 2 || c.len() < 2 {
        return Err(NotApplicable::new(
            "too_few",
            "each group needs at least 2 linked people",
        ));
    }
    let st = summarise(t);
    let sc = summarise(c);
    let dt: Vec<f64> = t.iter().map(|p| p.after - p.before).collect();
    let dc: Vec<f64> = c.iter().map(|p| p.after - p.before).collect();
    let gpp = |p: &[Pair]| {
        let pre: Vec<f64> = p.iter().map(|x| x.before).collect();
        let post: Vec<f64> = p.iter().map(|x| x.after).collect();
        GroupPrePost::from_scores(&pre, &post).ok_or_else(|| {
            NotApplicable::new(
                "constant",
                "a wave does not vary within a group: no pre–post correlation",
            )
        })
    };
    let d = match (gpp(t), gpp(c)) {
        (Ok(a), Ok(b)) => dppc2(&a, &b, level),
        (Err(e), _) | (_, Err(e)) => Err(e),
    };
    Ok(ComparisonAnalysis {
        sign_convention: "after − before (negative = less lonely)".to_owned(),
        did: st.mean_change - sc.mean_change,
        intervention: st,
        comparison: sc,
        welch: welch_t(&dt, &dc, Alternative::TwoSided, level),
        regression: did_regression(t, c, reference, level),
        ancova: ancova(t, c, level),
        dppc2: d,
    })
}
