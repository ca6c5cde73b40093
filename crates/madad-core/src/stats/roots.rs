//! One-dimensional root finding and quantile polishing shared by the statistics modules.
//!
//! [`brent`] is Brent's (1973) method (*Algorithms for Minimization without Derivatives*,
//! ch. 4; the `zeroin` algorithm as in Numerical Recipes §9.3). [`t_quantile`] and
//! [`f_quantile`] start from statrs's `inverse_cdf` and polish it with Newton steps on the
//! CDF, because the incomplete-beta inversion in statrs is accurate to only about 1e-10 and
//! the test references (scipy `t.ppf`, `f.ppf`) are accurate to the last few ulps.

use statrs::distribution::{Continuous, ContinuousCDF, FisherSnedecor, StudentsT};

/// A root of `f` in `[a, b]`, where `f(a)` and `f(b)` have opposite signs (or one is zero),
/// to an absolute tolerance `tol` (plus a few ulps of the root). `None` when the bracket
/// does not straddle a root or `f` gives a non-finite value.
pub fn brent(mut f: impl FnMut(f64) -> f64, a: f64, b: f64, tol: f64) -> Option<f64> {
    let (mut a, mut b) = (a, b);
    let mut fa = f(a);
    let mut fb = f(b);
    if !fa.is_finite() || !fb.is_finite() {
        return None;
    }
    if fa == 0.0 {
        return Some(a);
    }
    if fb == 0.0 {
        return Some(b);
    }
    if (fa > 0.0) == (fb > 0.0) {
        return None;
    }
    let (mut c, mut fc) = (b, fb);
    let mut d = b - a;
    let mut e = d;
    for _ in 0..300 {
        if (fb > 0.0) == (fc > 0.0) {
            c = a;
            fc = fa;
            d = b - a;
            e = d;
        }
        if fc.abs() < fb.abs() {
            a = b;
            b = c;
            c = a;
            fa = fb;
            fb = fc;
            fc = fa;
        }
        let tol1 = 2.0 * f64::EPSILON * b.abs() + 0.5 * tol;
        let xm = 0.5 * (c - b);
        if xm.abs() <= tol1 || fb == 0.0 {
            return Some(b);
        }
        if e.abs() >= tol1 && fa.abs() > fb.abs() {
            let s = fb / fa;
            let (mut p, mut q);
            if a == c {
                p = 2.0 * xm * s;
                q = 1.0 - s;
            } else {
                let qq = fa / fc;
                let r = fb / fc;
                p = s * (2.0 * xm * qq * (qq - r) - (b - a) * (r - 1.0));
                q = (qq - 1.0) * (r - 1.0) * (s - 1.0);
            }
            if p > 0.0 {
                q = -q;
            }
            p = p.abs();
            let min1 = 3.0 * xm * q - (tol1 * q).abs();
            let min2 = (e * q).abs();
            if 2.0 * p < min1.min(min2) {
                e = d;
                d = p / q;
            } else {
                d = xm;
                e = d;
            }
        } else {
            d = xm;
            e = d;
        }
        a = b;
        fa = fb;
        if d.abs() > tol1 {
            b += d;
        } else {
            b += if xm >= 0.0 { tol1 } else { -tol1 };
        }
        fb = f(b);
        if !fb.is_finite() {
            return None;
        }
    }
    Some(b)
}

/// Expands `[lo, hi]` outwards (doubling the step) until `g(lo)` and `g(hi)` have opposite
/// signs, for a monotone `g`; at most 60 doublings.
pub fn bracket(mut g: impl FnMut(f64) -> f64, mut lo: f64, mut hi: f64) -> Option<(f64, f64)> {
    let mut step = (hi - lo).abs().max(1.0);
    for _ in 0..60 {
        let (gl, gh) = (g(lo), g(hi));
        if !gl.is_finite() || !gh.is_finite() {
            return None;
        }
        if (gl > 0.0) != (gh > 0.0) || gl == 0.0 || gh == 0.0 {
            return Some((lo, hi));
        }
        lo -= step;
        hi += step;
        step *= 2.0;
    }
    None
}

/// Newton polishing of a quantile `x0` of a continuous distribution: at most 8 steps of
/// `x ← x − (F(x) − p)/f(x)`, keeping the best point.
fn polish(cdf: impl Fn(f64) -> f64, pdf: impl Fn(f64) -> f64, x0: f64, p: f64) -> f64 {
    let mut x = x0;
    let mut best = (f64::INFINITY, x0);
    for _ in 0..8 {
        let err = cdf(x) - p;
        if err.abs() < best.0 {
            best = (err.abs(), x);
        }
        if err == 0.0 {
            break;
        }
        let dens = pdf(x);
        if dens.is_nan() || dens <= 0.0 || !dens.is_finite() {
            break;
        }
        let next = x - err / dens;
        if !next.is_finite() || next == x {
            break;
        }
        x = next;
    }
    best.1
}

/// The Student t quantile `t_{p, df}` for `0 < p < 1` and `df > 0` (`NaN`-free: callers
/// validate). For `p > ½` the upper tail is used, so `1 − p` keeps its precision.
pub fn t_quantile(p: f64, df: f64) -> f64 {
    let Ok(t) = StudentsT::new(0.0, 1.0, df) else {
        return f64::NAN;
    };
    if !(p > 0.0 && p < 1.0) {
        return if p <= 0.0 {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
    }
    if p > 0.5 {
        return -t_quantile(1.0 - p, df);
    }
    let x0 = t.inverse_cdf(p);
    polish(|x| t.cdf(x), |x| t.pdf(x), x0, p)
}

/// The F quantile `F_{p; d1, d2}` for `0 < p < 1`. Upper-tail probabilities are polished on
/// the survival function so `F_{.975}` keeps full precision.
pub fn f_quantile(p: f64, d1: f64, d2: f64) -> f64 {
    let Ok(f) = FisherSnedecor::new(d1, d2) else {
        return f64::NAN;
    };
    if !(p > 0.0 && p < 1.0) {
        return if p <= 0.0 { 0.0 } else { f64::INFINITY };
    }
    let x0 = f.inverse_cdf(p);
    if p > 0.5 {
        let q = 1.0 - p;
        polish(|x| -f.sf(x), |x| f.pdf(x), x0, -q)
    } else {
        polish(|x| f.cdf(x), |x| f.pdf(x), x0, p)
    }
}
