//! Pooling across municipalities: exact combination of sample moments, and the
//! DerSimonian–Laird random-effects meta-analysis of per-municipality effects.
//!
//! The national office receives aggregate bundles, never rows; these two functions turn the
//! per-municipality `n / mean / M2` and `estimate / SE` pairs into program-wide figures.

use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF, Normal, StudentsT};

use super::{Interval, NotApplicable, StatResult, z_two_sided};

/// Sample moments of one group: size, mean and `M2 = Σ (x − x̄)²`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Moments {
    /// Number of observations.
    pub n: u64,
    /// Mean (0 when `n = 0`).
    pub mean: f64,
    /// Sum of squared deviations from the mean.
    pub m2: f64,
}

impl Moments {
    /// The moments of a sample, by Welford's one-pass update.
    pub fn of(values: &[f64]) -> Moments {
        values.iter().fold(Moments::default(), |acc, &x| {
            acc.combine(&Moments {
                n: 1,
                mean: x,
                m2: 0.0,
            })
        })
    }

    /// The moments of the union of two samples (Chan, Golub & LeVeque 1979, *Updating formulae
    /// and a pairwise algorithm for computing sample variances*):
    /// `n = n_a + n_b`, `δ = x̄_b − x̄_a`, `x̄ = x̄_a + δ·n_b/n`, `M2 = M2_a + M2_b + δ²·n_a·n_b/n`.
    pub fn combine(&self, other: &Moments) -> Moments {
        if self.n == 0 {
            return *other;
        }
        if other.n == 0 {
            return *self;
        }
        let n = self.n + other.n;
        let (na, nb, nf) = (self.n as f64, other.n as f64, n as f64);
        let delta = other.mean - self.mean;
        Moments {
            n,
            mean: self.mean + delta * nb / nf,
            m2: self.m2 + other.m2 + delta * delta * na * nb / nf,
        }
    }

    /// The sample variance `M2 / (n − 1)`; `too_few` below two observations.
    pub fn variance(&self) -> StatResult<f64> {
        if self.n < 2 {
            return Err(NotApplicable::new(
                "too_few",
                "a variance needs two observations",
            ));
        }
        Ok(self.m2 / (self.n - 1) as f64)
    }
}

impl Default for Moments {
    fn default() -> Self {
        Moments {
            n: 0,
            mean: 0.0,
            m2: 0.0,
        }
    }
}

/// One study (municipality) in a meta-analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct StudyEffect {
    /// Label shown in the forest plot.
    pub label: String,
    /// The effect estimate.
    pub estimate: f64,
    /// Its standard error (> 0).
    pub se: f64,
}

/// One row of the forest plot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct ForestRow {
    /// The study's label.
    pub label: String,
    /// Its estimate.
    pub estimate: f64,
    /// Its own confidence interval (`estimate ± z·SE`).
    pub ci: Interval,
    /// Its share of the random-effects weight (sums to 1 over the studies).
    pub weight: f64,
}

/// A random-effects pooled estimate with heterogeneity statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct RandomEffects {
    /// `"DerSimonian–Laird random effects"`.
    pub method: String,
    /// Number of studies `k`.
    pub k: usize,
    /// Pooled estimate `μ̂ = Σ w*ᵢ yᵢ / Σ w*ᵢ`, `w*ᵢ = 1/(SEᵢ² + τ²)`.
    pub estimate: f64,
    /// `1/√Σ w*ᵢ`.
    pub se: f64,
    /// `μ̂ ± z·SE`.
    pub ci: Interval,
    /// `μ̂ / SE`.
    pub z: f64,
    /// Two-sided normal p-value of `z`.
    pub p: f64,
    /// Between-study variance `τ² = max(0, (Q − (k−1)) / (Σwᵢ − Σwᵢ²/Σwᵢ))`.
    pub tau2: f64,
    /// Cochran's `Q = Σ wᵢ (yᵢ − ȳ_FE)²`, `wᵢ = 1/SEᵢ²`.
    pub q: f64,
    /// Degrees of freedom of Q, `k − 1`.
    pub df: usize,
    /// `P(χ²_{k−1} ≥ Q)`.
    pub p_heterogeneity: f64,
    /// `I² = max(0, (Q − (k−1))/Q)` (Higgins & Thompson 2002); 0 when `Q = 0`.
    pub i2: f64,
    /// `H² = Q/(k−1)` (as statsmodels reports it).
    pub h2: f64,
    /// Prediction interval for a new municipality's effect, `μ̂ ± t_{k−2}·√(τ² + SE²)`
    /// (Higgins, Thompson & Spiegelhalter 2009); `None` below three studies.
    pub prediction: Option<Interval>,
    /// The fixed-effect (inverse-variance) estimate, for comparison.
    pub fixed_estimate: f64,
    /// Its standard error `1/√Σwᵢ`.
    pub fixed_se: f64,
    /// The forest plot, in input order.
    pub forest: Vec<ForestRow>,
}

/// DerSimonian & Laird (1986), *Meta-analysis in clinical trials*, Controlled Clinical Trials
/// 7:177–188: the method-of-moments random-effects model (formulas on [`RandomEffects`]).
///
/// Checked against statsmodels `combine_effects(..., method_re="dl")` and metafor's
/// `rma(yi, vi, method = "DL")` on the BCG vaccine trials (Colditz et al. 1994).
/// Fewer than two studies, or a non-positive or non-finite SE, give [`NotApplicable`].
pub fn dersimonian_laird(studies: &[StudyEffect], level: f64) -> StatResult<RandomEffects> {
    let z = z_two_sided(level)?;
    let k = studies.len();
    if k < 2 {
        return Err(NotApplicable::new(
            "too_few",
            "pooling needs at least two municipalities",
        ));
    }
    if let Some(bad) = studies
        .iter()
        .find(|s| !(s.se.is_finite() && s.se > 0.0 && s.estimate.is_finite()))
    {
        return Err(NotApplicable::new(
            "bad_standard_error",
            format!(
                "{}: estimate {} with SE {}",
                bad.label, bad.estimate, bad.se
            ),
        ));
    }
    let w: Vec<f64> = studies.iter().map(|s| 1.0 / (s.se * s.se)).collect();
    let sw: f64 = w.iter().sum();
    let sw2: f64 = w.iter().map(|x| x * x).sum();
    let fixed = studies
        .iter()
        .zip(&w)
        .map(|(s, wi)| wi * s.estimate)
        .sum::<f64>()
        / sw;
    let q: f64 = studies
        .iter()
        .zip(&w)
        .map(|(s, wi)| wi * (s.estimate - fixed) * (s.estimate - fixed))
        .sum();
    let df = k - 1;
    let dff = df as f64;
    let tau2 = ((q - dff) / (sw - sw2 / sw)).max(0.0);
    let w_re: Vec<f64> = studies.iter().map(|s| 1.0 / (s.se * s.se + tau2)).collect();
    let sw_re: f64 = w_re.iter().sum();
    let estimate = studies
        .iter()
        .zip(&w_re)
        .map(|(s, wi)| wi * s.estimate)
        .sum::<f64>()
        / sw_re;
    let se = 1.0 / libm::sqrt(sw_re);
    let zstat = estimate / se;
    let normal = Normal::standard();
    let p = 2.0 * normal.sf(zstat.abs());
    let chi = ChiSquared::new(dff)
        .map_err(|e| NotApplicable::new("bad_parameter", format!("χ²({dff}): {e}")))?;
    let prediction = if k >= 3 {
        let t = StudentsT::new(0.0, 1.0, (k - 2) as f64)
            .map_err(|e| NotApplicable::new("bad_parameter", format!("t({}): {e}", k - 2)))?;
        let tc = t.inverse_cdf(1.0 - (1.0 - level) / 2.0);
        let half = tc * libm::sqrt(tau2 + se * se);
        Some(Interval {
            lower: estimate - half,
            upper: estimate + half,
            level,
        })
    } else {
        None
    };
    let forest = studies
        .iter()
        .zip(&w_re)
        .map(|(s, wi)| ForestRow {
            label: s.label.clone(),
            estimate: s.estimate,
            ci: Interval {
                lower: s.estimate - z * s.se,
                upper: s.estimate + z * s.se,
                level,
            },
            weight: wi / sw_re,
        })
        .collect();
    Ok(RandomEffects {
        method: "DerSimonian–Laird random effects".to_owned(),
        k,
        estimate,
        se,
        ci: Interval {
            lower: estimate - z * se,
            upper: estimate + z * se,
            level,
        },
        z: zstat,
        p,
        tau2,
        q,
        df,
        p_heterogeneity: chi.sf(q),
        i2: if q > 0.0 {
            ((q - dff) / q).max(0.0)
        } else {
            0.0
        },
        h2: q / dff,
        prediction,
        fixed_estimate: fixed,
        fixed_se: 1.0 / libm::sqrt(sw),
        forest,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, rel: f64) -> bool {
        (a - b).abs() <= rel * b.abs()
    }

    /// BCG vaccine trials (Colditz et al. 1994; metafor `dat.bcg`): log relative risks from
    /// `(tpos, tneg, cpos, cneg)`, `yi = ln((a/(a+b))/(c/(c+d)))`, `vi = 1/a − 1/(a+b) + 1/c − 1/(c+d)`.
    fn bcg() -> Vec<StudyEffect> {
        let trials: [(f64, f64, f64, f64); 13] = [
            (4., 119., 11., 128.),
            (6., 300., 29., 274.),
            (3., 228., 11., 209.),
            (62., 13536., 248., 12619.),
            (33., 5036., 47., 5761.),
            (180., 1361., 372., 1079.),
            (8., 2537., 10., 619.),
            (505., 87886., 499., 87892.),
            (29., 7470., 45., 7232.),
            (17., 1699., 65., 1600.),
            (186., 50448., 141., 27197.),
            (5., 2493., 3., 2338.),
            (27., 16886., 29., 17825.),
        ];
        trials
            .iter()
            .enumerate()
            .map(|(i, &(a, b, c, d))| StudyEffect {
                label: format!("trial {}", i + 1),
                estimate: libm::log((a / (a + b)) / (c / (c + d))),
                se: libm::sqrt(1.0 / a - 1.0 / (a + b) + 1.0 / c - 1.0 / (c + d)),
            })
            .collect()
    }

    /// statsmodels 0.15.0: `r = combine_effects(y, v, method_re="dl", use_t=False)`;
    /// `r.mean_effect_re, r.sd_eff_w_re, r.tau2, r.q, r.i2, r.h2, r.mean_effect_fe,
    /// r.sd_eff_w_fe, r.weights_rel_re`; scipy 1.17.1 `chi2.sf(r.q, 12)`, `2*norm.sf(|z|)`,
    /// `t.ppf(0.975, 11)` for the prediction interval. metafor's published output for the same
    /// model: estimate −0.7141, SE 0.1787, τ² 0.3088, I² 92.12%, Q(12) 152.2330.
    #[test]
    fn bcg_matches_statsmodels_and_metafor() {
        let r = dersimonian_laird(&bcg(), 0.95).unwrap();
        let rel = 1e-9;
        assert!(close(r.estimate, -0.7141172220732269, rel), "{r:?}");
        assert!(close(r.se, 0.17874208953540316, rel));
        assert!(close(r.tau2, 0.30876026286237634, rel));
        assert!(close(r.q, 152.23300808237337, rel));
        assert!(close(r.i2, 0.9211734685456205, rel));
        assert!(close(r.h2, 12.686084006864448, rel));
        assert!(close(r.fixed_estimate, -0.43028516365409053, rel));
        assert!(close(r.fixed_se, 0.04049875171086381, rel));
        assert!(close(r.ci.lower, -1.0644452800840507, rel));
        assert!(close(r.ci.upper, -0.363789164062403, rel));
        assert!(close(r.z, -3.9952381888865793, rel));
        assert!(close(r.p, 6.462924304704025e-05, 1e-7));
        assert!(close(r.p_heterogeneity, 1.996764590845891e-26, 1e-6));
        let pi = r.prediction.unwrap();
        assert!(close(pi.lower, -1.9988384957521186, 1e-9), "{pi:?}");
        assert!(close(pi.upper, 0.5706040516056646, 1e-9));
        assert!(close(r.forest[0].weight, 0.05036491683231727, rel));
        assert!(close(r.forest[12].weight, 0.08403914374184747, rel));
        assert!((r.forest.iter().map(|f| f.weight).sum::<f64>() - 1.0).abs() < 1e-12);
        // metafor's printed digits.
        assert_eq!(
            format!("{:.4} {:.4} {:.4} {:.4}", r.estimate, r.se, r.tau2, r.q),
            "-0.7141 0.1787 0.3088 152.2330"
        );
    }

    #[test]
    fn homogeneous_studies_have_zero_tau2() {
        let s = |e: f64| StudyEffect {
            label: String::new(),
            estimate: e,
            se: 1.0,
        };
        let r = dersimonian_laird(&[s(0.5), s(0.5), s(0.5)], 0.95).unwrap();
        assert_eq!(r.tau2, 0.0);
        assert_eq!(r.i2, 0.0);
        assert_eq!(r.estimate, r.fixed_estimate);
    }

    #[test]
    fn degenerate_inputs_are_not_applicable() {
        let s = |se: f64| StudyEffect {
            label: "x".into(),
            estimate: 0.1,
            se,
        };
        assert_eq!(
            dersimonian_laird(&[s(1.0)], 0.95).unwrap_err().code,
            "too_few"
        );
        assert_eq!(
            dersimonian_laird(&[s(1.0), s(0.0)], 0.95).unwrap_err().code,
            "bad_standard_error"
        );
        assert_eq!(
            dersimonian_laird(&[s(1.0), s(f64::NAN)], 0.95)
                .unwrap_err()
                .code,
            "bad_standard_error"
        );
        let two = dersimonian_laird(&[s(1.0), s(2.0)], 0.95).unwrap();
        assert!(two.prediction.is_none());
    }

    /// numpy: `a = [1.5, 2, 7.25, 3]; b = [10, -2, 4.5]; c = [0.5]`, concatenated:
    /// `mean() = 3.34375`, `((x - x.mean())**2).sum() = 102.8671875`, `var(ddof=1) = 14.6953125`.
    #[test]
    fn moments_combine_exactly() {
        let a = Moments::of(&[1.5, 2.0, 7.25, 3.0]);
        let b = Moments::of(&[10.0, -2.0, 4.5]);
        let c = Moments::of(&[0.5]);
        let all = a.combine(&b).combine(&c);
        assert_eq!(all.n, 8);
        assert!(close(all.mean, 3.34375, 1e-15));
        assert!(close(all.m2, 102.8671875, 1e-14));
        assert!(close(all.variance().unwrap(), 14.6953125, 1e-14));
        // Order does not matter.
        let other = c.combine(&a.combine(&b));
        assert!(close(other.m2, all.m2, 1e-14));
        assert_eq!(Moments::default().combine(&a), a);
        assert_eq!(c.variance().unwrap_err().code, "too_few");
    }
}
