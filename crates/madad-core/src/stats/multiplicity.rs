//! Multiple-testing adjustments of p-values.
//!
//! On the sorted `p₍₁₎ ≤ … ≤ p₍ₘ₎`, capped at 1 (R `p.adjust`, statsmodels `multipletests`):
//! * Bonferroni: `m·p`.
//! * Holm (1979): `adj₍ᵢ₎ = max_{j≤i} (m − j + 1)·p₍ⱼ₎`.
//! * Hochberg (1988): `adj₍ᵢ₎ = min_{j≥i} (m − j + 1)·p₍ⱼ₎`.
//! * Benjamini & Hochberg (1995): `adj₍ᵢ₎ = min_{j≥i} m·p₍ⱼ₎/j`.
//! * Benjamini & Yekutieli (2001): the BH value × `Σ_{i=1}^{m} 1/i`.

use serde::{Deserialize, Serialize};

use super::{NotApplicable, StatResult};

/// An adjustment method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Adjustment {
    /// Bonferroni (family-wise error).
    Bonferroni,
    /// Holm step-down (family-wise error).
    Holm,
    /// Hochberg step-up (family-wise error, independent or positively dependent tests).
    Hochberg,
    /// Benjamini–Hochberg (false discovery rate).
    BenjaminiHochberg,
    /// Benjamini–Yekutieli (false discovery rate under any dependence).
    BenjaminiYekutieli,
}

/// Adjusted p-values in the input order. `bad_p` for a value outside [0, 1] or not a number;
/// an empty input gives an empty output.
pub fn adjust(p: &[f64], method: Adjustment) -> StatResult<Vec<f64>> {
    if p.iter().any(|v| !(0.0..=1.0).contains(v)) {
        return Err(NotApplicable::new(
            "bad_p",
            "p-values must be numbers in [0, 1]",
        ));
    }
    let m = p.len();
    if m == 0 {
        return Ok(Vec::new());
    }
    let mf = m as f64;
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]).then(a.cmp(&b)));
    let mut sorted_adj = vec![0.0; m];
    match method {
        Adjustment::Bonferroni => {
            for (i, &o) in order.iter().enumerate() {
                sorted_adj[i] = (mf * p[o]).min(1.0);
            }
        }
        Adjustment::Holm => {
            let mut running: f64 = 0.0;
            for (i, &o) in order.iter().enumerate() {
                running = running.max((mf - i as f64) * p[o]);
                sorted_adj[i] = running.min(1.0);
            }
        }
        Adjustment::Hochberg => {
            let mut running: f64 = 1.0;
            for i in (0..m).rev() {
                running = running.min((mf - i as f64) * p[order[i]]);
                sorted_adj[i] = running.min(1.0);
            }
        }
        Adjustment::BenjaminiHochberg | Adjustment::BenjaminiYekutieli => {
            let c = if method == Adjustment::BenjaminiYekutieli {
                (1..=m).map(|i| 1.0 / i as f64).sum()
            } else {
                1.0
            };
            let mut running: f64 = 1.0;
            for i in (0..m).rev() {
                running = running.min(c * mf * p[order[i]] / (i + 1) as f64);
                sorted_adj[i] = running.min(1.0);
            }
        }
    }
    let mut out = vec![0.0; m];
    for (i, &o) in order.iter().enumerate() {
        out[o] = sorted_adj[i];
    }
    Ok(out)
}
