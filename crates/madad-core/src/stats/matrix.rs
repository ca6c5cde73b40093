//! Small dense linear algebra on `ndarray` without LAPACK: Householder QR least squares and
//! Cholesky solves for the k×k systems of regression models (k is at most a few dozen).
//!
//! References: Golub & Van Loan, *Matrix Computations* (4th ed., 2013), §5.2 (Householder QR)
//! and §4.2 (Cholesky). QR is used for least squares because it works on `X` itself, so the
//! condition number is not squared as it would be with the normal equations `XᵀX`.

use super::{NotApplicable, StatResult};
use ndarray::{Array1, Array2, ArrayView1, ArrayView2};

/// Relative tolerance on `|R_jj| / max|R_ii|` below which a design column counts as a linear
/// combination of the previous ones.
pub const RANK_TOLERANCE: f64 = 1e-10;

/// The least-squares solution of `X β ≈ y` and the unscaled covariance `(XᵀX)⁻¹`.
#[derive(Debug, Clone, PartialEq)]
pub struct LeastSquares {
    /// Coefficients `β̂ = R⁻¹ Qᵀ y`.
    pub beta: Array1<f64>,
    /// `(XᵀX)⁻¹ = R⁻¹ R⁻ᵀ`.
    pub xtx_inv: Array2<f64>,
}

/// Solves `min ‖y − Xβ‖²` by Householder QR (`X = QR`, `β = R⁻¹Qᵀy`).
///
/// Errors: `too_few` when `n < k` or `k = 0`, `bad_shape` when `y` and `X` disagree,
/// `non_finite` for NaN/∞ input, `collinear` when a column of `X` is (numerically) a linear
/// combination of the others (`|R_jj| < 1e-10 · max|R_ii|`).
pub fn least_squares(x: ArrayView2<f64>, y: ArrayView1<f64>) -> StatResult<LeastSquares> {
    let (n, k) = x.dim();
    if y.len() != n {
        return Err(NotApplicable::new(
            "bad_shape",
            format!("{} responses for {n} design rows", y.len()),
        ));
    }
    if k == 0 || n < k {
        return Err(NotApplicable::new(
            "too_few",
            format!("{n} observations for {k} coefficients"),
        ));
    }
    if x.iter().chain(y.iter()).any(|v| !v.is_finite()) {
        return Err(NotApplicable::new(
            "non_finite",
            "the design or the response contains NaN or infinity",
        ));
    }
    let mut a = x.to_owned();
    let mut b = y.to_owned();
    for j in 0..k {
        let norm = libm::sqrt((j..n).map(|i| a[[i, j]] * a[[i, j]]).sum::<f64>());
        if norm == 0.0 {
            continue;
        }
        let alpha = if a[[j, j]] > 0.0 { -norm } else { norm };
        let mut v: Vec<f64> = (j..n).map(|i| a[[i, j]]).collect();
        v[0] -= alpha;
        let vv: f64 = v.iter().map(|e| e * e).sum();
        if vv == 0.0 {
            continue;
        }
        for c in j..k {
            let dot: f64 = (j..n).map(|i| v[i - j] * a[[i, c]]).sum();
            let f = 2.0 * dot / vv;
            for i in j..n {
                a[[i, c]] -= f * v[i - j];
            }
        }
        let dot: f64 = (j..n).map(|i| v[i - j] * b[i]).sum();
        let f = 2.0 * dot / vv;
        for i in j..n {
            b[i] -= f * v[i - j];
        }
    }
    let max_diag = (0..k).map(|j| a[[j, j]].abs()).fold(0.0_f64, f64::max);
    if max_diag == 0.0 || (0..k).any(|j| a[[j, j]].abs() < RANK_TOLERANCE * max_diag) {
        return Err(NotApplicable::new(
            "collinear",
            "the design matrix is rank deficient (a column is a combination of others)",
        ));
    }
    // R⁻¹ by back substitution, column by column of the identity.
    let mut r_inv = Array2::<f64>::zeros((k, k));
    for c in 0..k {
        for i in (0..=c).rev() {
            let mut s = if i == c { 1.0 } else { 0.0 };
            for m in (i + 1)..=c {
                s -= a[[i, m]] * r_inv[[m, c]];
            }
            r_inv[[i, c]] = s / a[[i, i]];
        }
    }
    let qty: Array1<f64> = b.iter().take(k).copied().collect();
    let beta = r_inv.dot(&qty);
    let xtx_inv = r_inv.dot(&r_inv.t());
    Ok(LeastSquares { beta, xtx_inv })
}

/// Cholesky factor `L` (lower triangular, `A = LLᵀ`) of a symmetric positive-definite matrix.
///
/// Errors: `bad_shape` for a non-square matrix, `not_positive_definite` when a pivot is not
/// positive (relative to the largest diagonal element).
pub fn cholesky(a: ArrayView2<f64>) -> StatResult<Array2<f64>> {
    let (n, m) = a.dim();
    if n != m {
        return Err(NotApplicable::new(
            "bad_shape",
            format!("{n}×{m} matrix is not square"),
        ));
    }
    let scale = (0..n).map(|i| a[[i, i]].abs()).fold(0.0_f64, f64::max);
    let mut l = Array2::<f64>::zeros((n, n));
    for j in 0..n {
        let mut d = a[[j, j]];
        for p in 0..j {
            d -= l[[j, p]] * l[[j, p]];
        }
        if d.is_nan() || d <= RANK_TOLERANCE * scale || d.is_infinite() {
            return Err(NotApplicable::new(
                "not_positive_definite",
                "the matrix is singular or not positive definite",
            ));
        }
        let djj = libm::sqrt(d);
        l[[j, j]] = djj;
        for i in (j + 1)..n {
            let mut s = a[[i, j]];
            for p in 0..j {
                s -= l[[i, p]] * l[[j, p]];
            }
            l[[i, j]] = s / djj;
        }
    }
    Ok(l)
}

/// Solves `A x = b` for symmetric positive-definite `A` through its Cholesky factor.
pub fn solve_spd(a: ArrayView2<f64>, b: ArrayView1<f64>) -> StatResult<Array1<f64>> {
    let l = cholesky(a)?;
    let n = l.nrows();
    if b.len() != n {
        return Err(NotApplicable::new(
            "bad_shape",
            format!("right-hand side of length {} for a {n}×{n} system", b.len()),
        ));
    }
    let mut z = Array1::<f64>::zeros(n);
    for i in 0..n {
        let mut s = b[i];
        for p in 0..i {
            s -= l[[i, p]] * z[p];
        }
        z[i] = s / l[[i, i]];
    }
    let mut x = Array1::<f64>::zeros(n);
    for i in (0..n).rev() {
        let mut s = z[i];
        for p in (i + 1)..n {
            s -= l[[p, i]] * x[p];
        }
        x[i] = s / l[[i, i]];
    }
    Ok(x)
}

/// The inverse of a symmetric positive-definite matrix, column by column through
/// [`solve_spd`].
pub fn invert_spd(a: ArrayView2<f64>) -> StatResult<Array2<f64>> {
    let n = a.nrows();
    let mut inv = Array2::<f64>::zeros((n, n));
    for c in 0..n {
        let mut e = Array1::<f64>::zeros(n);
        e[c] = 1.0;
        let col = solve_spd(a, e.view())?;
        inv.column_mut(c).assign(&col);
    }
    Ok(inv)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn least_squares_recovers_exact_line() {
        let x = array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0], [1.0, 3.0]];
        let y = array![1.0, 3.0, 5.0, 7.0];
        let ls = least_squares(x.view(), y.view()).unwrap();
        assert!((ls.beta[0] - 1.0).abs() < 1e-12 && (ls.beta[1] - 2.0).abs() < 1e-12);
        // (XᵀX)⁻¹ for t = 0..3: XᵀX = [[4, 6], [6, 14]], det 20.
        assert!((ls.xtx_inv[[0, 0]] - 0.7).abs() < 1e-12);
        assert!((ls.xtx_inv[[0, 1]] + 0.3).abs() < 1e-12);
        assert!((ls.xtx_inv[[1, 1]] - 0.2).abs() < 1e-12);
    }

    #[test]
    fn collinear_design_is_not_applicable() {
        let x = array![[1.0, 2.0], [1.0, 2.0], [1.0, 2.0]];
        let y = array![1.0, 2.0, 3.0];
        assert_eq!(
            least_squares(x.view(), y.view()).unwrap_err().code,
            "collinear"
        );
        let few = array![[1.0, 2.0]];
        assert_eq!(
            least_squares(few.view(), array![1.0].view())
                .unwrap_err()
                .code,
            "too_few"
        );
    }

    #[test]
    fn spd_inverse() {
        let a = array![[4.0, 2.0], [2.0, 3.0]];
        let inv = invert_spd(a.view()).unwrap();
        let id = a.dot(&inv);
        for i in 0..2 {
            for j in 0..2 {
                let e = if i == j { 1.0 } else { 0.0 };
                assert!((id[[i, j]] - e).abs() < 1e-12);
            }
        }
        let sing = array![[1.0, 1.0], [1.0, 1.0]];
        assert_eq!(
            invert_spd(sing.view()).unwrap_err().code,
            "not_positive_definite"
        );
    }
}
