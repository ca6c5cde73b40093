//! Ordinary least squares with a choice of coefficient covariance: classical, HC1,
//! Newey–West HAC and cluster-robust (CR1).
//!
//! With `β̂ = (XᵀX)⁻¹Xᵀy`, residuals `e = y − Xβ̂`, `n` rows and `k` columns:
//!
//! * classical: `V = s²(XᵀX)⁻¹`, `s² = eᵀe/(n − k)`;
//! * HC1 (MacKinnon & White 1985): `V = n/(n−k) · (XᵀX)⁻¹ (Σ eᵢ² xᵢxᵢᵀ) (XᵀX)⁻¹`;
//! * Newey–West (1987) HAC with Bartlett weights `w_l = 1 − l/(L+1)`:
//!   `Ŝ = Σ_t e_t² x_t x_tᵀ + Σ_{l=1}^{L} w_l Σ_{t>l} e_t e_{t−l}(x_t x_{t−l}ᵀ + x_{t−l} x_tᵀ)`,
//!   `V = (XᵀX)⁻¹ Ŝ (XᵀX)⁻¹`, optionally × `n/(n−k)`. The default lag is
//!   `L = floor(4 (n/100)^{2/9})`, the rule used by statsmodels `cov_hac` and Stata `newey`
//!   guidance (Newey & West 1994);
//! * cluster-robust CR1 (Liang & Zeger 1986; Cameron & Miller 2015):
//!   `V = G/(G−1) · (n−1)/(n−k) · (XᵀX)⁻¹ (Σ_g u_g u_gᵀ) (XᵀX)⁻¹`, `u_g = Σ_{i∈g} eᵢ xᵢ`.
//!
//! Reference implementation: statsmodels 0.15.0 `OLS(y, X).fit(cov_type=...)` with
//! `"nonrobust"`, `"HC1"`, `"HAC"` (`maxlags`, `use_correction=False`) and `"cluster"`
//! (`groups`); the defaults for the test distribution follow statsmodels too: Student t with
//! `n − k` degrees of freedom for the classical covariance, the standard normal for the
//! robust ones, and with [`Reference::StudentT`] forced on a cluster fit, `G − 1` degrees of
//! freedom (statsmodels `df_resid_inference`, Stata `vce(cluster)`).

use super::matrix::least_squares;
use super::{Interval, NotApplicable, StatResult, z_two_sided};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2, Axis, Slice};
use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF, FisherSnedecor, Normal, StudentsT};

/// How the covariance of the coefficients is estimated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase", tag = "type")]
pub enum Covariance {
    /// `s²(XᵀX)⁻¹`: homoskedastic, independent errors.
    Classical,
    /// White's heteroskedasticity-consistent estimator with the `n/(n−k)` correction.
    Hc1,
    /// Newey–West heteroskedasticity- and autocorrelation-consistent estimator.
    #[serde(rename_all = "camelCase")]
    NeweyWest {
        /// Number of lags `L`; `None` uses `floor(4 (n/100)^{2/9})`.
        lags: Option<usize>,
        /// Multiply by `n/(n−k)` (statsmodels `use_correction=True`); statsmodels' default is
        /// `false`.
        small_sample_correction: bool,
    },
    /// Cluster-robust CR1 with one group id per row.
    #[serde(rename_all = "camelCase")]
    Cluster {
        /// Group (cluster) id of each row, e.g. the person; ids need not be contiguous.
        groups: Vec<u64>,
    },
}

/// The reference distribution for tests and intervals on the coefficients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub enum Reference {
    /// statsmodels' default: Student t for the classical covariance, normal for robust ones.
    Default,
    /// Student t with `n − k` degrees of freedom (`G − 1` for cluster fits).
    StudentT,
    /// Standard normal.
    Normal,
}

/// The default Newey–West lag `floor(4 (n/100)^{2/9})` (statsmodels `cov_hac`, Newey & West
/// 1994).
pub fn newey_west_default_lags(n: usize) -> usize {
    libm::floor(4.0 * libm::pow(n as f64 / 100.0, 2.0 / 9.0)) as usize
}

/// A fitted OLS model.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct OlsFit {
    /// The method, e.g. "OLS, Newey–West HAC covariance (Bartlett, 3 lags)".
    pub method: String,
    /// Assumptions and conventions used.
    pub notes: Vec<String>,
    /// Covariance type: `classical`, `hc1`, `newey_west` or `cluster`.
    pub cov_type: String,
    /// Newey–West lag actually used.
    pub hac_lags: Option<usize>,
    /// Number of clusters.
    pub n_groups: Option<usize>,
    /// Number of observations `n`.
    pub nobs: usize,
    /// Residual degrees of freedom `n − k`.
    pub df_resid: usize,
    /// Degrees of freedom of the t reference (`None` when the normal is used).
    pub df_inference: Option<f64>,
    /// Coefficients `β̂`.
    pub params: Vec<f64>,
    /// Coefficient covariance (row-major `k × k`).
    pub cov_params: Vec<Vec<f64>>,
    /// Standard errors `√diag(V)`.
    pub std_errors: Vec<f64>,
    /// `β̂ / SE` (t or z statistic).
    pub statistics: Vec<f64>,
    /// Two-sided p-values.
    pub p_values: Vec<f64>,
    /// Confidence intervals `β̂ ± q·SE`.
    pub conf_int: Vec<Interval>,
    /// Fitted values `Xβ̂`.
    pub fitted: Vec<f64>,
    /// Residuals `y − Xβ̂`.
    pub residuals: Vec<f64>,
    /// Residual sum of squares.
    pub ssr: f64,
    /// `s² = SSR/(n − k)`.
    pub scale: f64,
    /// R² (centred when the design spans a constant, otherwise uncentred, as statsmodels).
    pub r_squared: f64,
    /// Adjusted R².
    pub adj_r_squared: f64,
    /// Confidence level of `conf_int`.
    pub level: f64,
    /// `(XᵀX)⁻¹`, kept for predictions (row-major).
    pub xtx_inv: Vec<Vec<f64>>,
}

/// Estimate, SE, test and interval of a linear combination `cᵀβ`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct LinearCombination {
    /// `cᵀβ̂`.
    pub estimate: f64,
    /// `√(cᵀVc)`.
    pub std_error: f64,
    /// `cᵀβ̂ / SE`.
    pub statistic: f64,
    /// Two-sided p-value against 0.
    pub p_value: f64,
    /// `cᵀβ̂ ± q·SE`.
    pub conf_int: Interval,
}

/// Fits `y = Xβ + e` by least squares (Householder QR) with the chosen covariance.
///
/// Errors (never NaN): `too_few` (`n ≤ k`, or fewer than 2 clusters), `collinear`,
/// `non_finite`, `bad_shape`, `perfect_fit` (zero residual sum of squares: no uncertainty can
/// be estimated), `bad_level`.
pub fn ols(
    x: ArrayView2<f64>,
    y: ArrayView1<f64>,
    covariance: &Covariance,
    reference: Reference,
    level: f64,
) -> StatResult<OlsFit> {
    z_two_sided(level)?;
    let (n, k) = x.dim();
    if n <= k {
        return Err(NotApplicable::new(
            "too_few",
            format!("{n} observations for {k} coefficients: no residual degrees of freedom"),
        ));
    }
    let ls = least_squares(x, y)?;
    let fitted = x.dot(&ls.beta);
    let resid: Array1<f64> = &y - &fitted;
    let ssr: f64 = resid.iter().map(|e| e * e).sum();
    let tss_uncentered: f64 = y.iter().map(|v| v * v).sum();
    if ssr <= 1e-24 * tss_uncentered.max(f64::MIN_POSITIVE) {
        return Err(NotApplicable::new(
            "perfect_fit",
            "the model fits the data exactly; standard errors are not estimable",
        ));
    }
    let df_resid = n - k;
    let scale = ssr / df_resid as f64;
    let has_const = (0..k).any(|j| {
        let c = x.column(j);
        c[0] != 0.0 && c.iter().all(|v| *v == c[0])
    });
    let (r2, adj) = if has_const {
        let mean = y.sum() / n as f64;
        let tss: f64 = y.iter().map(|v| (v - mean) * (v - mean)).sum();
        if tss > 0.0 {
            let r2 = 1.0 - ssr / tss;
            (r2, 1.0 - (1.0 - r2) * (n as f64 - 1.0) / df_resid as f64)
        } else {
            (0.0, 0.0)
        }
    } else {
        let r2 = 1.0 - ssr / tss_uncentered;
        (r2, 1.0 - (1.0 - r2) * n as f64 / df_resid as f64)
    };

    let xtx_inv = &ls.xtx_inv;
    let mut notes = Vec::new();
    let (cov, cov_type, hac_lags, n_groups, method): (
        Array2<f64>,
        &str,
        Option<usize>,
        Option<usize>,
        String,
    ) = match covariance {
        Covariance::Classical => (
            xtx_inv * scale,
            "classical",
            None,
            None,
            "OLS, classical covariance s²(XᵀX)⁻¹".to_owned(),
        ),
        Covariance::Hc1 => {
            let scores = scores(x, &resid);
            let meat = scores.t().dot(&scores);
            let c = sandwich(xtx_inv, &meat) * (n as f64 / df_resid as f64);
            notes.push("HC1: heteroskedasticity-robust, errors assumed independent".to_owned());
            (
                c,
                "hc1",
                None,
                None,
                "OLS, HC1 heteroskedasticity-robust covariance".to_owned(),
            )
        }
        Covariance::NeweyWest {
            lags,
            small_sample_correction,
        } => {
            let l = match lags {
                Some(l) => *l,
                None => {
                    notes.push(format!(
                        "Newey–West lag from the rule floor(4(n/100)^(2/9)) with n = {n}"
                    ));
                    newey_west_default_lags(n)
                }
            };
            let l = l.min(n - 1);
            let scores = scores(x, &resid);
            let mut meat = scores.t().dot(&scores);
            for lag in 1..=l {
                let w = 1.0 - lag as f64 / (l as f64 + 1.0);
                let a = scores.slice_axis(Axis(0), Slice::from(lag..));
                let b = scores.slice_axis(Axis(0), Slice::from(..n - lag));
                let s = a.t().dot(&b);
                meat = meat + (&s + &s.t()) * w;
            }
            let mut c = sandwich(xtx_inv, &meat);
            if *small_sample_correction {
                c *= n as f64 / df_resid as f64;
                notes.push("small-sample correction n/(n−k) applied".to_owned());
            }
            notes.push(
                "Newey–West HAC: Bartlett kernel; robust to heteroskedasticity and to \
                 autocorrelation up to the chosen lag"
                    .to_owned(),
            );
            (
                c,
                "newey_west",
                Some(l),
                None,
                format!("OLS, Newey–West HAC covariance (Bartlett kernel, {l} lags)"),
            )
        }
        Covariance::Cluster { groups } => {
            if groups.len() != n {
                return Err(NotApplicable::new(
                    "bad_shape",
                    format!("{} group ids for {n} rows", groups.len()),
                ));
            }
            let mut ids: Vec<u64> = groups.clone();
            ids.sort_unstable();
            ids.dedup();
            let g = ids.len();
            if g < 2 {
                return Err(NotApplicable::new(
                    "too_few",
                    "cluster-robust standard errors need at least 2 clusters",
                ));
            }
            let scores = scores(x, &resid);
            let mut sums = Array2::<f64>::zeros((g, k));
            for (i, gid) in groups.iter().enumerate() {
                let pos = ids.binary_search(gid).unwrap_or(0);
                let mut row = sums.row_mut(pos);
                row += &scores.row(i);
            }
            let meat = sums.t().dot(&sums);
            let corr = (g as f64 / (g as f64 - 1.0)) * ((n as f64 - 1.0) / (n as f64 - k as f64));
            notes.push(format!(
                "cluster-robust CR1 over {g} clusters, correction G/(G−1)·(n−1)/(n−k); \
                 errors may correlate within a cluster, clusters independent"
            ));
            (
                sandwich(xtx_inv, &meat) * corr,
                "cluster",
                None,
                Some(g),
                format!("OLS, cluster-robust (CR1) covariance, {g} clusters"),
            )
        }
    };
    let use_t = match reference {
        Reference::StudentT => true,
        Reference::Normal => false,
        Reference::Default => matches!(covariance, Covariance::Classical),
    };
    let df_inference = if use_t {
        Some(match n_groups {
            Some(g) => g as f64 - 1.0,
            None => df_resid as f64,
        })
    } else {
        None
    };
    notes.push(match df_inference {
        Some(df) => format!("tests and intervals use Student t with {df} df"),
        None => "tests and intervals use the standard normal".to_owned(),
    });
    let mut fit = OlsFit {
        method,
        notes,
        cov_type: cov_type.to_owned(),
        hac_lags,
        n_groups,
        nobs: n,
        df_resid,
        df_inference,
        params: ls.beta.to_vec(),
        cov_params: to_rows(&cov),
        std_errors: Vec::new(),
        statistics: Vec::new(),
        p_values: Vec::new(),
        conf_int: Vec::new(),
        fitted: fitted.to_vec(),
        residuals: resid.to_vec(),
        ssr,
        scale,
        r_squared: r2,
        adj_r_squared: adj,
        level,
        xtx_inv: to_rows(xtx_inv),
    };
    for j in 0..k {
        let mut c = vec![0.0; k];
        c[j] = 1.0;
        let lc = fit.linear_combination(&c, level)?;
        fit.std_errors.push(lc.std_error);
        fit.statistics.push(lc.statistic);
        fit.p_values.push(lc.p_value);
        fit.conf_int.push(lc.conf_int);
    }
    Ok(fit)
}

/// A joint Wald test of `Rβ = 0`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct WaldTest {
    /// `F` (t-reference fits) or `χ²` (normal-reference fits).
    pub statistic: f64,
    /// `"F"` or `"chi2"`.
    pub distribution: String,
    /// Numerator degrees of freedom `q` (rows of `R`).
    pub df_num: usize,
    /// Denominator degrees of freedom for `F`.
    pub df_denom: Option<f64>,
    /// p-value.
    pub p_value: f64,
}

impl OlsFit {
    /// Joint Wald test of `Rβ = 0` with `W = (Rβ̂)ᵀ(RVRᵀ)⁻¹(Rβ̂)` using the fit's covariance:
    /// `F = W/q` on `(q, df)` for t-reference fits, `χ²_q = W` otherwise (statsmodels
    /// `fit.wald_test(R, use_f=fit.use_t, scalar=True)`).
    ///
    /// Errors: `bad_shape`, `singular` (`RVRᵀ` not positive definite, e.g. dependent rows).
    pub fn wald_test(&self, r: &[Vec<f64>]) -> StatResult<WaldTest> {
        let k = self.params.len();
        let q = r.len();
        if q == 0 || r.iter().any(|row| row.len() != k) {
            return Err(NotApplicable::new(
                "bad_shape",
                format!("the restriction matrix must have 1+ rows of {k} weights"),
            ));
        }
        let rb: Array1<f64> = r
            .iter()
            .map(|row| row.iter().zip(&self.params).map(|(a, b)| a * b).sum())
            .collect();
        let mut rvr = Array2::<f64>::zeros((q, q));
        for (i, ri) in r.iter().enumerate() {
            for (j, rj) in r.iter().enumerate() {
                rvr[[i, j]] = quadratic(ri, &self.cov_params, rj);
            }
        }
        let sol = super::matrix::solve_spd(rvr.view(), rb.view()).map_err(|_| {
            NotApplicable::new(
                "singular",
                "the restrictions are dependent or have no variance",
            )
        })?;
        let w = rb.dot(&sol);
        match self.df_inference {
            Some(df) => {
                let f = w / q as f64;
                let dist = FisherSnedecor::new(q as f64, df).map_err(|e| {
                    NotApplicable::new("bad_parameter", format!("F({q}, {df}): {e}"))
                })?;
                Ok(WaldTest {
                    statistic: f,
                    distribution: "F".to_owned(),
                    df_num: q,
                    df_denom: Some(df),
                    p_value: dist.sf(f),
                })
            }
            None => {
                let dist = ChiSquared::new(q as f64)
                    .map_err(|e| NotApplicable::new("bad_parameter", format!("chi2({q}): {e}")))?;
                Ok(WaldTest {
                    statistic: w,
                    distribution: "chi2".to_owned(),
                    df_num: q,
                    df_denom: None,
                    p_value: dist.sf(w),
                })
            }
        }
    }

    /// Estimate, standard error `√(cᵀVc)`, test against 0 and interval of `cᵀβ`, using the
    /// fit's covariance and reference distribution.
    ///
    /// Errors: `bad_shape` when `c` has the wrong length, `zero_variance` when `cᵀVc ≤ 0`,
    /// `bad_level`.
    pub fn linear_combination(&self, c: &[f64], level: f64) -> StatResult<LinearCombination> {
        let z = z_two_sided(level)?;
        let k = self.params.len();
        if c.len() != k {
            return Err(NotApplicable::new(
                "bad_shape",
                format!("{} weights for {k} coefficients", c.len()),
            ));
        }
        let estimate: f64 = c.iter().zip(&self.params).map(|(a, b)| a * b).sum();
        let mut var = 0.0;
        for i in 0..k {
            for j in 0..k {
                var += c[i] * self.cov_params[i][j] * c[j];
            }
        }
        if var.is_nan() || var <= 0.0 || var.is_infinite() {
            return Err(NotApplicable::new(
                "zero_variance",
                "the linear combination has no sampling variance",
            ));
        }
        let se = libm::sqrt(var);
        let stat = estimate / se;
        let (p, q) = self.p_and_quantile(stat, level, z)?;
        Ok(LinearCombination {
            estimate,
            std_error: se,
            statistic: stat,
            p_value: p,
            conf_int: Interval {
                lower: estimate - q * se,
                upper: estimate + q * se,
                level,
            },
        })
    }

    /// Two-sided p-value of `stat` and the two-sided critical value at `level` under the fit's
    /// reference distribution (`z` is the normal critical value).
    pub fn p_and_quantile(&self, stat: f64, level: f64, z: f64) -> StatResult<(f64, f64)> {
        match self.df_inference {
            Some(df) => {
                let t = StudentsT::new(0.0, 1.0, df).map_err(|e| {
                    NotApplicable::new("bad_parameter", format!("Student t({df}): {e}"))
                })?;
                Ok((
                    (2.0 * t.sf(stat.abs())).min(1.0),
                    t.inverse_cdf(1.0 - (1.0 - level) / 2.0),
                ))
            }
            None => {
                let nd = Normal::standard();
                Ok(((2.0 * nd.sf(stat.abs())).min(1.0), z))
            }
        }
    }

    /// The variance `xᵀ V x` of a prediction's mean at design row `x` (no error term).
    pub fn mean_variance(&self, row: &[f64]) -> f64 {
        let k = self.params.len();
        let mut v = 0.0;
        for i in 0..k.min(row.len()) {
            for j in 0..k.min(row.len()) {
                v += row[i] * self.cov_params[i][j] * row[j];
            }
        }
        v
    }
}

/// `aᵀ M b` for a row-major matrix `M`.
fn quadratic(a: &[f64], m: &[Vec<f64>], b: &[f64]) -> f64 {
    a.iter()
        .zip(m)
        .map(|(ai, row)| ai * row.iter().zip(b).map(|(mij, bj)| mij * bj).sum::<f64>())
        .sum()
}

fn scores(x: ArrayView2<f64>, resid: &Array1<f64>) -> Array2<f64> {
    let mut s = x.to_owned();
    for (mut row, e) in s.rows_mut().into_iter().zip(resid.iter()) {
        row *= *e;
    }
    s
}

fn sandwich(bread: &Array2<f64>, meat: &Array2<f64>) -> Array2<f64> {
    let c = bread.dot(meat).dot(bread);
    // Symmetrise: rounding leaves ~1e-17 asymmetry that would show in cᵀVc.
    (&c + &c.t()) * 0.5
}

fn to_rows(a: &Array2<f64>) -> Vec<Vec<f64>> {
    a.rows().into_iter().map(|r| r.to_vec()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_lag_rule() {
        // floor(4 (n/100)^(2/9)): n = 36 → 3, n = 60 → 3, n = 100 → 4, n = 10 → 2.
        assert_eq!(newey_west_default_lags(36), 3);
        assert_eq!(newey_west_default_lags(60), 3);
        assert_eq!(newey_west_default_lags(100), 4);
        assert_eq!(newey_west_default_lags(10), 2);
    }

    #[test]
    fn degenerate() {
        let x = ndarray::array![[1.0, 0.0], [1.0, 1.0]];
        let y = ndarray::array![1.0, 2.0];
        let e = ols(
            x.view(),
            y.view(),
            &Covariance::Classical,
            Reference::Default,
            0.95,
        );
        assert_eq!(e.unwrap_err().code, "too_few");
        let x = ndarray::array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]];
        let y = ndarray::array![1.0, 2.0, 3.0];
        let e = ols(
            x.view(),
            y.view(),
            &Covariance::Classical,
            Reference::Default,
            0.95,
        );
        assert_eq!(e.unwrap_err().code, "perfect_fit");
    }
}
