//! The attacker's view of a protected table: the feasible interval of every suppressed cell.
//!
//! Given the published cells and the additive relations a reader knows (row, column and grand
//! totals; relations shared between linked tables; nested views), a suppressed cell `s` can be
//! anything in `[min x_s, max x_s]` over non-negative solutions of the relations with every
//! published cell fixed — the τ-ARGUS / sdcTable `attack()` bounds (reliability notes §1.3,
//! step 3). The bounds come from two linear programs per cell ([`lp`](super::lp)). For a
//! single two-way table with margins the constraint matrix is totally unimodular (see
//! [`table`](super::table)), so the LP bounds are attained by integer tables and equal the
//! bounds of an exhaustive integer search; for linked tables they are the (outer) LP bounds
//! τ-ARGUS reports.

use serde::{Deserialize, Serialize};

use super::lp::{EqualityLp, LpOutcome};

/// One additive relation `Σ coef · x[cell] = 0` between cells (e.g. `a + b − total = 0`).
pub type Relation = Vec<(usize, i64)>;

/// The feasible interval of one suppressed cell.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct FeasibleInterval {
    /// Index of the cell.
    pub cell: usize,
    /// Smallest value consistent with everything published.
    pub lower: f64,
    /// Largest value, `None` when unbounded.
    pub upper: Option<f64>,
}

impl FeasibleInterval {
    /// `upper − lower` (infinite when unbounded).
    pub fn width(&self) -> f64 {
        self.upper.map_or(f64::INFINITY, |u| u - self.lower)
    }
}

/// Feasible intervals of the cells with `published[c] == false`, given the true `values`
/// (published ones are fixed to them) and the `relations`. A cell whose programme fails
/// (never expected: the true values are feasible) is reported as pinned to its true value,
/// which can only cause more suppression.
pub fn feasible_intervals(
    values: &[u64],
    published: &[bool],
    relations: &[Relation],
) -> Vec<FeasibleInterval> {
    let hidden: Vec<usize> = (0..values.len())
        .filter(|&c| !published.get(c).copied().unwrap_or(true))
        .collect();
    feasible_intervals_of(values, published, relations, &hidden)
}

/// Like [`feasible_intervals`], for the suppressed cells in `cells` only (published ones in
/// `cells` are skipped).
pub fn feasible_intervals_of(
    values: &[u64],
    published: &[bool],
    relations: &[Relation],
    cells: &[usize],
) -> Vec<FeasibleInterval> {
    let hidden: Vec<usize> = (0..values.len())
        .filter(|&c| !published.get(c).copied().unwrap_or(true))
        .collect();
    let var_of = |c: usize| hidden.iter().position(|&h| h == c);
    let mut lp = EqualityLp::new(hidden.len());
    for rel in relations {
        let mut terms = Vec::new();
        let mut rhs = 0.0;
        for &(c, coef) in rel {
            match var_of(c) {
                Some(v) => terms.push((v, coef as f64)),
                None => rhs -= coef as f64 * values.get(c).copied().unwrap_or(0) as f64,
            }
        }
        if !terms.is_empty() {
            lp.add(&terms, rhs);
        }
    }
    hidden
        .iter()
        .enumerate()
        .filter(|(_, c)| cells.contains(c))
        .map(|(v, &c)| {
            let mut obj = vec![0.0; hidden.len()];
            obj[v] = 1.0;
            let truth = values.get(c).copied().unwrap_or(0) as f64;
            let lower = match lp.minimize(&obj) {
                LpOutcome::Optimal(z) => z,
                _ => truth,
            };
            let upper = match lp.maximize(&obj) {
                LpOutcome::Optimal(z) => Some(z),
                LpOutcome::Unbounded => None,
                LpOutcome::Infeasible | LpOutcome::PivotLimit => Some(truth),
            };
            FeasibleInterval {
                cell: c,
                lower: clean(lower),
                upper: upper.map(clean),
            }
        })
        .collect()
}

// Integer data and ±1 pivots give integers up to rounding noise; snap it away.
fn clean(x: f64) -> f64 {
    let r = libm::round(x);
    if (x - r).abs() < 1e-6 { r } else { x }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_by_two_with_margins() {
        // a b | a+b ; c d | c+d ; totals. Cells 0..=8 in a 3×3 augmented grid.
        let v = [3u64, 12, 15, 20, 18, 38, 23, 30, 53];
        let rel: Vec<Relation> = vec![
            vec![(0, 1), (1, 1), (2, -1)],
            vec![(3, 1), (4, 1), (5, -1)],
            vec![(6, 1), (7, 1), (8, -1)],
            vec![(0, 1), (3, 1), (6, -1)],
            vec![(1, 1), (4, 1), (7, -1)],
            vec![(2, 1), (5, 1), (8, -1)],
        ];
        // Hide the four interior cells: a ∈ [max(0, 15−30), min(15, 23)] = [0, 15].
        let mut published = [true; 9];
        for c in [0, 1, 3, 4] {
            published[c] = false;
        }
        let iv = feasible_intervals(&v, &published, &rel);
        assert_eq!(iv[0].lower, 0.0);
        assert_eq!(iv[0].upper, Some(15.0));
        // c = 23 − a ∈ [8, 23]; d = 15 + a ∈ [15, 30].
        assert_eq!((iv[2].lower, iv[2].upper), (8.0, Some(23.0)));
        assert_eq!((iv[3].lower, iv[3].upper), (15.0, Some(30.0)));
        // Hide one cell only: pinned.
        let mut published = [true; 9];
        published[0] = false;
        let iv = feasible_intervals(&v, &published, &rel);
        assert_eq!((iv[0].lower, iv[0].upper), (3.0, Some(3.0)));
        // Hide everything: unbounded.
        let iv = feasible_intervals(&v, &[false; 9], &rel);
        assert!(iv.iter().all(|i| i.upper.is_none() && i.lower == 0.0));
    }
}
