//! A small dense linear-programming solver for the disclosure audit.
//!
//! Solves `min c·x` subject to `A x = b`, `x ≥ 0` with the two-phase simplex method on a dense
//! tableau and Bland's smallest-index rule for both the entering and the leaving variable, which
//! cannot cycle (Bland 1977, "New finite pivoting rules for the simplex method", Math. Oper.
//! Res. 2(2)). Phase 1 minimises the sum of one artificial variable per row; artificial
//! variables left in the basis at level zero are pivoted out or their (redundant) rows dropped.
//!
//! Sized for the audit of small tables (tens of variables and constraints). The tables'
//! constraint matrices are totally unimodular with entries 0 and ±1 (see
//! [`table`](super::table)), so every pivot element is ±1 and the `f64` arithmetic stays exact
//! on integer data; a tolerance of 1e-9 guards the comparisons.

const EPS: f64 = 1e-9;
const MAX_PIVOTS: usize = 50_000;

/// The outcome of a linear program.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LpOutcome {
    /// The optimal objective value.
    Optimal(f64),
    /// The objective is unbounded below.
    Unbounded,
    /// No `x ≥ 0` satisfies the constraints.
    Infeasible,
    /// The pivot limit was reached (not expected with Bland's rule).
    PivotLimit,
}

/// An equality-constrained problem `A x = b`, `x ≥ 0`, with `A` dense row-major.
#[derive(Debug, Clone)]
pub struct EqualityLp {
    rows: Vec<Vec<f64>>,
    rhs: Vec<f64>,
    n: usize,
}

impl EqualityLp {
    /// A problem over `n` variables with no constraints yet.
    pub fn new(n: usize) -> Self {
        EqualityLp {
            rows: Vec::new(),
            rhs: Vec::new(),
            n,
        }
    }

    /// Adds the constraint `Σ coef·x[var] = rhs` (repeated variables add up).
    pub fn add(&mut self, terms: &[(usize, f64)], rhs: f64) {
        let mut row = vec![0.0; self.n];
        for &(v, c) in terms {
            if let Some(slot) = row.get_mut(v) {
                *slot += c;
            }
        }
        self.rows.push(row);
        self.rhs.push(rhs);
    }

    /// Minimises `c·x`.
    pub fn minimize(&self, c: &[f64]) -> LpOutcome {
        let m = self.rows.len();
        let n = self.n;
        let width = n + m + 1;
        // Tableau with b ≥ 0 and one artificial per row.
        let mut t: Vec<Vec<f64>> = Vec::with_capacity(m);
        for (i, (row, &b)) in self.rows.iter().zip(&self.rhs).enumerate() {
            let sign = if b < 0.0 { -1.0 } else { 1.0 };
            let mut r = vec![0.0; width];
            for (j, &a) in row.iter().enumerate() {
                r[j] = sign * a;
            }
            r[n + i] = 1.0;
            r[width - 1] = sign * b;
            t.push(r);
        }
        let mut basis: Vec<usize> = (n..n + m).collect();
        let mut pivots = 0;

        // Phase 1.
        let mut phase1 = vec![0.0; n + m];
        for a in phase1.iter_mut().skip(n) {
            *a = 1.0;
        }
        match run(&mut t, &mut basis, &phase1, n + m, &mut pivots) {
            Step::Optimal => {}
            Step::Unbounded => return LpOutcome::Infeasible,
            Step::Limit => return LpOutcome::PivotLimit,
        }
        let infeasibility: f64 = basis
            .iter()
            .zip(&t)
            .filter(|(b, _)| **b >= n)
            .map(|(_, r)| r[width - 1])
            .sum();
        if infeasibility > 1e-7 {
            return LpOutcome::Infeasible;
        }
        // Drive artificials out of the basis; drop redundant rows.
        let mut i = 0;
        while i < t.len() {
            if basis[i] >= n {
                if let Some(j) = (0..n).find(|&j| t[i][j].abs() > EPS) {
                    pivot(&mut t, &mut basis, i, j);
                    i += 1;
                } else {
                    t.remove(i);
                    basis.remove(i);
                }
            } else {
                i += 1;
            }
        }
        // Phase 2 over the original variables only.
        let mut cost = vec![0.0; n + m];
        cost[..n].copy_from_slice(&c[..n.min(c.len())]);
        match run(&mut t, &mut basis, &cost, n, &mut pivots) {
            Step::Optimal => {
                let z = basis
                    .iter()
                    .zip(&t)
                    .map(|(&b, r)| cost[b] * r[width - 1])
                    .sum();
                LpOutcome::Optimal(z)
            }
            Step::Unbounded => LpOutcome::Unbounded,
            Step::Limit => LpOutcome::PivotLimit,
        }
    }

    /// Maximises `c·x` (reported as the maximum, not its negation).
    pub fn maximize(&self, c: &[f64]) -> LpOutcome {
        let neg: Vec<f64> = c.iter().map(|v| -v).collect();
        match self.minimize(&neg) {
            LpOutcome::Optimal(z) => LpOutcome::Optimal(-z),
            other => other,
        }
    }
}

enum Step {
    Optimal,
    Unbounded,
    Limit,
}

/// Simplex iterations with Bland's rule; only columns `< allowed` may enter.
fn run(
    t: &mut [Vec<f64>],
    basis: &mut [usize],
    cost: &[f64],
    allowed: usize,
    pivots: &mut usize,
) -> Step {
    let width = t.first().map_or(0, Vec::len);
    loop {
        if *pivots > MAX_PIVOTS {
            return Step::Limit;
        }
        // Reduced costs r_j = c_j − Σ c_B(i) t[i][j]; enter the first negative one.
        let entering = (0..allowed).find(|&j| {
            if basis.contains(&j) {
                return false;
            }
            let r = cost[j]
                - basis
                    .iter()
                    .zip(t.iter())
                    .map(|(&b, row)| cost[b] * row[j])
                    .sum::<f64>();
            r < -EPS
        });
        let Some(j) = entering else {
            return Step::Optimal;
        };
        let mut leave: Option<(usize, f64)> = None;
        for (i, row) in t.iter().enumerate() {
            if row[j] > EPS {
                let ratio = row[width - 1] / row[j];
                let better = match leave {
                    None => true,
                    Some((k, best)) => {
                        ratio < best - EPS || (ratio <= best + EPS && basis[i] < basis[k])
                    }
                };
                if better {
                    leave = Some((i, ratio));
                }
            }
        }
        let Some((i, _)) = leave else {
            return Step::Unbounded;
        };
        pivot(t, basis, i, j);
        *pivots += 1;
    }
}

fn pivot(t: &mut [Vec<f64>], basis: &mut [usize], i: usize, j: usize) {
    let p = t[i][j];
    for v in t[i].iter_mut() {
        *v /= p;
    }
    let pivot_row = t[i].clone();
    for (k, row) in t.iter_mut().enumerate() {
        if k != i {
            let f = row[j];
            if f != 0.0 {
                for (v, &pv) in row.iter_mut().zip(&pivot_row) {
                    *v -= f * pv;
                }
            }
        }
    }
    basis[i] = j;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textbook_problems() {
        // x + y = 4, x − y = 2 → x = 3, y = 1.
        let mut lp = EqualityLp::new(2);
        lp.add(&[(0, 1.0), (1, 1.0)], 4.0);
        lp.add(&[(0, 1.0), (1, -1.0)], 2.0);
        assert_eq!(lp.minimize(&[1.0, 0.0]), LpOutcome::Optimal(3.0));
        assert_eq!(lp.maximize(&[0.0, 1.0]), LpOutcome::Optimal(1.0));
        // x + y + s = 4 (s slack): max x + 2y = 8 at y = 4.
        let mut lp = EqualityLp::new(3);
        lp.add(&[(0, 1.0), (1, 1.0), (2, 1.0)], 4.0);
        assert_eq!(lp.maximize(&[1.0, 2.0, 0.0]), LpOutcome::Optimal(8.0));
        assert_eq!(lp.minimize(&[1.0, 2.0, 0.0]), LpOutcome::Optimal(0.0));
        // x − y = 1: x unbounded above.
        let mut lp = EqualityLp::new(2);
        lp.add(&[(0, 1.0), (1, -1.0)], 1.0);
        assert_eq!(lp.maximize(&[1.0, 0.0]), LpOutcome::Unbounded);
        assert_eq!(lp.minimize(&[1.0, 0.0]), LpOutcome::Optimal(1.0));
        // x + y = −1 has no non-negative solution.
        let mut lp = EqualityLp::new(2);
        lp.add(&[(0, 1.0), (1, 1.0)], -1.0);
        assert_eq!(lp.minimize(&[1.0, 0.0]), LpOutcome::Infeasible);
        // Redundant rows.
        let mut lp = EqualityLp::new(2);
        lp.add(&[(0, 1.0), (1, 1.0)], 5.0);
        lp.add(&[(0, 2.0), (1, 2.0)], 10.0);
        assert_eq!(lp.maximize(&[1.0, 0.0]), LpOutcome::Optimal(5.0));
        // No constraints.
        let lp = EqualityLp::new(1);
        assert_eq!(lp.minimize(&[1.0]), LpOutcome::Optimal(0.0));
        assert_eq!(lp.maximize(&[1.0]), LpOutcome::Unbounded);
    }
}
