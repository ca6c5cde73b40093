//! Internal consistency of a multi-item scale: Cronbach's α with the Feldt interval,
//! item-total correlations, α-if-item-deleted, and KR-20 for dichotomous items.
//!
//! Input: one row per respondent, one column per item, `None` for a missing answer. Rows with
//! any missing item are deleted (listwise, as psych `alpha(use = "complete.obs")`; pingouin's
//! default is pairwise) and the number used is reported.
//!
//! * α = k/(k − 1)·(1 − Σ s²ᵢ / s²_X) with sample variances (Cronbach 1951).
//! * Standardised α = k·r̄/(1 + (k − 1)·r̄), r̄ the mean inter-item correlation.
//! * Feldt, Woodruff & Salih (1987) *Appl Psychol Meas* 11:93–103: with ν₁ = n − 1 and
//!   ν₂ = (n − 1)(k − 1), lower = 1 − (1 − α)·F_{1−γ/2}(ν₁, ν₂), upper = 1 − (1 − α)·
//!   F_{γ/2}(ν₁, ν₂) (as pingouin `cronbach_alpha`, which rounds it to 3 decimals).
//! * KR-20 = k/(k − 1)·(1 − Σ pᵢqᵢ / σ²_X) with the population variance σ²_X (Kuder &
//!   Richardson 1937); with consistent variances it equals α on 0/1 items.
//!
//! A negative α means the items covary negatively on average — almost always an item that
//! should have been reverse-scored (e.g. the UCLA Version 3 items 1, 5, 6, 9, 10, 15, 16, 19
//! and 20); `reverse_scoring_suspected` flags it and `suspect_items` lists the items with a
//! negative corrected item-total correlation.

use serde::{Deserialize, Serialize};

use super::roots::f_quantile;
use super::{Interval, NotApplicable, StatResult, z_two_sided};

/// Per-item statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemStats {
    /// Mean over the rows used.
    pub mean: f64,
    /// Sample SD.
    pub sd: f64,
    /// Corrected item-total correlation (item vs the sum of the other items); `None` if the
    /// item or the rest is constant.
    pub item_rest_correlation: Option<f64>,
    /// α of the scale without this item; `None` when fewer than 2 items would remain or the
    /// rest has no variance.
    pub alpha_if_deleted: Option<f64>,
}

/// Cronbach's α.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Alpha {
    /// Rows used (complete on every item).
    pub n: usize,
    /// Rows deleted for a missing item.
    pub n_excluded: usize,
    /// Number of items.
    pub k: usize,
    /// Cronbach's α.
    pub alpha: f64,
    /// Standardised α; `None` when an item is constant.
    pub standardized_alpha: Option<f64>,
    /// Feldt interval.
    pub ci: Interval,
    /// Item statistics, in column order.
    pub items: Vec<ItemStats>,
    /// α < 0: an item was probably not reverse-scored.
    pub reverse_scoring_suspected: bool,
    /// 0-based items with a negative corrected item-total correlation.
    pub suspect_items: Vec<usize>,
}

/// KR-20 for dichotomous (0/1) items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Kr20 {
    /// Rows used.
    pub n: usize,
    /// Rows deleted for a missing item.
    pub n_excluded: usize,
    /// Number of items.
    pub k: usize,
    /// KR-20.
    pub kr20: f64,
    /// Feldt interval (as for α).
    pub ci: Interval,
    /// Share answering 1, per item.
    pub p: Vec<f64>,
}

/// Complete rows as a dense matrix; errors on ragged input or non-finite values.
fn complete_rows(rows: &[Vec<Option<f64>>]) -> StatResult<(Vec<Vec<f64>>, usize, usize)> {
    let k = rows.first().map_or(0, Vec::len);
    if rows.iter().any(|r| r.len() != k) {
        return Err(NotApplicable::new(
            "ragged",
            "every row needs the same number of items",
        ));
    }
    if k < 2 {
        return Err(NotApplicable::new(
            "too_few_items",
            "internal consistency needs at least 2 items",
        ));
    }
    let mut used = Vec::new();
    for r in rows {
        if r.iter().all(|v| v.is_some_and(f64::is_finite)) {
            used.push(r.iter().map(|v| v.unwrap_or(0.0)).collect::<Vec<f64>>());
        }
    }
    let excluded = rows.len() - used.len();
    if used.len() < 2 {
        return Err(NotApplicable::new(
            "too_few",
            format!(
                "{} complete row(s) after listwise deletion; at least 2 are needed",
                used.len()
            ),
        ));
    }
    Ok((used, excluded, k))
}

fn column(m: &[Vec<f64>], j: usize) -> Vec<f64> {
    m.iter().map(|r| r[j]).collect()
}

fn var(x: &[f64], ddof: f64) -> f64 {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - ddof)
}

fn corr(x: &[f64], y: &[f64]) -> Option<f64> {
    super::effect_size::pearson(x, y)
}

/// α of the columns `cols` of `m`; `None` when the total has no variance.
fn alpha_of(m: &[Vec<f64>], cols: &[usize]) -> Option<f64> {
    let k = cols.len() as f64;
    let item_var: f64 = cols.iter().map(|&j| var(&column(m, j), 1.0)).sum();
    let totals: Vec<f64> = m.iter().map(|r| cols.iter().map(|&j| r[j]).sum()).collect();
    let total_var = var(&totals, 1.0);
    (total_var > 0.0).then(|| k / (k - 1.0) * (1.0 - item_var / total_var))
}

fn feldt(alpha: f64, n: usize, k: usize, level: f64) -> StatResult<Interval> {
    z_two_sided(level)?;
    let d1 = (n - 1) as f64;
    let d2 = d1 * (k - 1) as f64;
    let g = 1.0 - level;
    Ok(Interval {
        lower: 1.0 - (1.0 - alpha) * f_quantile(1.0 - g / 2.0, d1, d2),
        upper: 1.0 - (1.0 - alpha) * f_quantile(g / 2.0, d1, d2),
        level,
    })
}

/// Cronbach's α of `rows` (respondents × items, listwise deletion) with the Feldt interval
/// at `level`. Not applicable: fewer than 2 items (`too_few_items`), fewer than 2 complete
/// rows (`too_few`), ragged rows (`ragged`) or a constant total score (`constant`).
pub fn cronbach_alpha(rows: &[Vec<Option<f64>>], level: f64) -> StatResult<Alpha> {
    let (m, n_excluded, k) = complete_rows(rows)?;
    let n = m.len();
    let all: Vec<usize> = (0..k).collect();
    let alpha = alpha_of(&m, &all).ok_or_else(|| {
        NotApplicable::new("constant", "the total score is the same for everyone")
    })?;
    let ci = feldt(alpha, n, k, level)?;
    let cols: Vec<Vec<f64>> = all.iter().map(|&j| column(&m, j)).collect();
    let mut items = Vec::with_capacity(k);
    let mut suspect_items = Vec::new();
    for (j, col_j) in cols.iter().enumerate() {
        let rest_cols: Vec<usize> = all.iter().copied().filter(|&i| i != j).collect();
        let rest: Vec<f64> = m
            .iter()
            .map(|r| rest_cols.iter().map(|&i| r[i]).sum())
            .collect();
        let irc = corr(col_j, &rest);
        if irc.is_some_and(|r| r < 0.0) {
            suspect_items.push(j);
        }
        let mean = col_j.iter().sum::<f64>() / n as f64;
        items.push(ItemStats {
            mean,
            sd: libm::sqrt(var(col_j, 1.0)),
            item_rest_correlation: irc,
            alpha_if_deleted: if k >= 3 {
                alpha_of(&m, &rest_cols)
            } else {
                None
            },
        });
    }
    let mut sum_r = 0.0;
    let mut pairs = 0.0;
    let mut standardizable = true;
    for i in 0..k {
        for j in i + 1..k {
            match corr(&cols[i], &cols[j]) {
                Some(r) => {
                    sum_r += r;
                    pairs += 1.0;
                }
                None => standardizable = false,
            }
        }
    }
    let standardized_alpha = standardizable.then(|| {
        let rbar = sum_r / pairs;
        k as f64 * rbar / (1.0 + (k as f64 - 1.0) * rbar)
    });
    Ok(Alpha {
        n,
        n_excluded,
        k,
        alpha,
        standardized_alpha,
        ci,
        items,
        reverse_scoring_suspected: alpha < 0.0,
        suspect_items,
    })
}

/// KR-20 of dichotomous items (every value 0 or 1; otherwise `not_dichotomous`), listwise
/// deletion, with the Feldt interval.
pub fn kr20(rows: &[Vec<Option<f64>>], level: f64) -> StatResult<Kr20> {
    let (m, n_excluded, k) = complete_rows(rows)?;
    if m.iter().flatten().any(|&v| v != 0.0 && v != 1.0) {
        return Err(NotApplicable::new(
            "not_dichotomous",
            "KR-20 needs items scored 0 or 1",
        ));
    }
    let n = m.len();
    let p: Vec<f64> = (0..k)
        .map(|j| column(&m, j).iter().sum::<f64>() / n as f64)
        .collect();
    let pq: f64 = p.iter().map(|p| p * (1.0 - p)).sum();
    let totals: Vec<f64> = m.iter().map(|r| r.iter().sum()).collect();
    let total_var = var(&totals, 0.0);
    if total_var.is_nan() || total_var <= 0.0 {
        return Err(NotApplicable::new(
            "constant",
            "the total score is the same for everyone",
        ));
    }
    let kf = k as f64;
    let kr = kf / (kf - 1.0) * (1.0 - pq / total_var);
    Ok(Kr20 {
        n,
        n_excluded,
        k,
        kr20: kr,
        ci: feldt(kr, n, k, level)?,
        p,
    })
}
