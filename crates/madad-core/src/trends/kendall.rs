//! Rank-based trend tests: Mann–Kendall with tie correction, Sen's slope with Gilbert's
//! confidence interval, the Hamed–Rao autocorrelation correction, the seasonal Kendall test and
//! Kendall's τ-b.
//!
//! * `S = Σ_{i<j} sgn(x_j − x_i)`, `Var S = [n(n−1)(2n+5) − Σ_p t_p(t_p−1)(2t_p+5)]/18` over tie
//!   groups `p` of the values; `Z = (S − sgn S)/√Var S`; two-sided `p = 2·(1 − Φ(|Z|))`
//!   computed as `2·Φ̄(|Z|)` (Mann 1945; Kendall 1975; Gilbert 1987 §16.4).
//! * Sen (1968) slope: the median of `(x_j − x_i)/(t_j − t_i)` over pairs with `t_j ≠ t_i`,
//!   on the real time axis; Conover intercept `median(x) − slope·median(t)`.
//! * Gilbert (1987) slope interval: `C = z_{1−α/2}√Var S`, `M₁ = (N′ − C)/2`,
//!   `M₂ = (N′ + C)/2 + 1`, limits = the sorted slopes at ranks `M₁` and `M₂` with linear
//!   interpolation (EnvStats `kendallTrendTest`; reproduces USEPA 2009 Example 17-7).
//! * Hamed & Rao (1998): `Var* S = Var S · (1 + 2/(n(n−1)(n−2)) Σ_{i} (n−i)(n−i−1)(n−i−2) ρ_i)`
//!   over lags `i` whose rank autocorrelation `ρ_i` of the Sen-detrended series is significant
//!   at the chosen level (pymannkendall `hamed_rao_modification_test`).
//! * Seasonal Kendall (Hirsch, Slack & Smith 1982; Hirsch & Slack 1984 without the covariance
//!   term): `S = Σ_s S_s`, `Var S = Σ_s Var S_s`; slope = median of within-season slopes per
//!   cycle (pymannkendall `seasonal_test`, `seasonal_sens_slope`).
//!
//! Reference implementations: pymannkendall 1.4.3, EnvStats `kendallTrendTest`,
//! scipy `kendalltau(method="asymptotic")`.

use crate::stats::{Interval, NotApplicable, StatResult, z_two_sided};
use serde::{Deserialize, Serialize};
use statrs::distribution::{ContinuousCDF, Normal};

/// The result of a Mann–Kendall-type trend test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct MannKendall {
    /// Method name.
    pub method: String,
    /// Assumptions and conventions.
    pub notes: Vec<String>,
    /// Number of values used.
    pub n: usize,
    /// Kendall score `S`.
    pub s: f64,
    /// Variance of `S` (tie-corrected; Hamed–Rao corrected where stated).
    pub var_s: f64,
    /// Normal score with continuity correction.
    pub z: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// Kendall's τ_a = `S / (n(n−1)/2)` (summed over seasons for the seasonal test).
    pub tau: f64,
    /// `increasing`, `decreasing` or `no_trend` at the chosen level.
    pub trend: String,
    /// Sen's slope per time unit (per cycle for the seasonal test).
    pub sen_slope: f64,
    /// Conover intercept `median(x) − slope·median(t)`.
    pub intercept: f64,
    /// Gilbert's interval for the slope; `None` when the sample is too small for it.
    pub slope_ci: Option<Interval>,
    /// Lag-1 autocorrelation of the Sen-detrended values (`None` for the seasonal test).
    pub lag1_autocorrelation: Option<f64>,
    /// Confidence level.
    pub level: f64,
}

/// Kendall's τ-b between two variables.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct KendallTau {
    /// Method name.
    pub method: String,
    /// Assumptions.
    pub notes: Vec<String>,
    /// τ-b = `(C − D)/√((n₀ − n₁)(n₀ − n₂))`.
    pub tau_b: f64,
    /// Normal score `(C − D)/√Var`.
    pub z: f64,
    /// Two-sided asymptotic p-value.
    pub p_value: f64,
    /// Number of pairs of observations.
    pub n: usize,
}

fn sign(v: f64) -> f64 {
    if v > 0.0 {
        1.0
    } else if v < 0.0 {
        -1.0
    } else {
        0.0
    }
}

/// Tie group sizes of `values` (exact equality).
fn tie_groups(values: &[f64]) -> Vec<f64> {
    let mut v = values.to_vec();
    v.sort_by(f64::total_cmp);
    let mut out = Vec::new();
    let mut i = 0;
    while i < v.len() {
        let mut j = i + 1;
        while j < v.len() && v[j] == v[i] {
            j += 1;
        }
        out.push((j - i) as f64);
        i = j;
    }
    out
}

fn mk_score(values: &[f64]) -> f64 {
    let mut s = 0.0;
    for i in 0..values.len() {
        for j in (i + 1)..values.len() {
            s += sign(values[j] - values[i]);
        }
    }
    s
}

fn mk_variance(values: &[f64]) -> f64 {
    let n = values.len() as f64;
    let ties: f64 = tie_groups(values)
        .iter()
        .map(|t| t * (t - 1.0) * (2.0 * t + 5.0))
        .sum();
    (n * (n - 1.0) * (2.0 * n + 5.0) - ties) / 18.0
}

fn z_score(s: f64, var_s: f64) -> f64 {
    if s > 0.0 {
        (s - 1.0) / libm::sqrt(var_s)
    } else if s < 0.0 {
        (s + 1.0) / libm::sqrt(var_s)
    } else {
        0.0
    }
}

fn two_sided_p(z: f64) -> f64 {
    (2.0 * Normal::standard().sf(z.abs())).min(1.0)
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

fn trend_word(z: f64, p: f64, level: f64) -> String {
    if p < 1.0 - level {
        if z > 0.0 { "increasing" } else { "decreasing" }.to_owned()
    } else {
        "no_trend".to_owned()
    }
}

/// Pairwise slopes `(x_j − x_i)/(t_j − t_i)` for `i < j`, `t_j ≠ t_i`, sorted.
fn pair_slopes(points: &[(f64, f64)]) -> Vec<f64> {
    let mut out = Vec::with_capacity(points.len() * points.len().saturating_sub(1) / 2);
    for i in 0..points.len() {
        for j in (i + 1)..points.len() {
            let dt = points[j].0 - points[i].0;
            if dt != 0.0 {
                out.push((points[j].1 - points[i].1) / dt);
            }
        }
    }
    out.sort_by(f64::total_cmp);
    out
}

/// Sen's slope and Conover's intercept of `(time, value)` points.
///
/// Errors: `too_few` (fewer than 2 distinct times), `non_finite`.
pub fn sen_slope(points: &[(f64, f64)]) -> StatResult<(f64, f64)> {
    check_points(points, 2)?;
    let mut slopes = pair_slopes(points);
    if slopes.is_empty() {
        return Err(NotApplicable::new(
            "too_few",
            "Sen's slope needs at least two distinct times",
        ));
    }
    let slope = median(&mut slopes);
    let mut ys: Vec<f64> = points.iter().map(|p| p.1).collect();
    let mut ts: Vec<f64> = points.iter().map(|p| p.0).collect();
    Ok((slope, median(&mut ys) - slope * median(&mut ts)))
}

fn check_points(points: &[(f64, f64)], min: usize) -> StatResult<()> {
    if points.iter().any(|(t, v)| !t.is_finite() || !v.is_finite()) {
        return Err(NotApplicable::new(
            "non_finite",
            "a time or value is NaN or infinite",
        ));
    }
    if points.len() < min {
        return Err(NotApplicable::new(
            "too_few",
            format!("{} points; at least {min} are needed", points.len()),
        ));
    }
    if points.windows(2).any(|w| w[1].0 <= w[0].0) {
        return Err(NotApplicable::new(
            "bad_parameter",
            "times must be strictly increasing",
        ));
    }
    Ok(())
}

/// Linear interpolation at 1-based rank `m` in sorted `v` (R `approx(1:N, v, xout = m)`).
fn interpolate_rank(v: &[f64], m: f64) -> Option<f64> {
    let n = v.len() as f64;
    if !(1.0..=n).contains(&m) {
        return None;
    }
    let lo = libm::floor(m);
    let i = lo as usize - 1;
    let frac = m - lo;
    if frac == 0.0 || i + 1 >= v.len() {
        return Some(v[i]);
    }
    Some(v[i] + frac * (v[i + 1] - v[i]))
}

/// Lag-`k` sample autocorrelations `ρ_0..ρ_max` with the biased (1/n) autocovariance, as
/// statsmodels `acf` and pymannkendall `__acf`.
pub fn autocorrelations(values: &[f64], max_lag: usize) -> Vec<f64> {
    let n = values.len();
    let mean = values.iter().sum::<f64>() / n as f64;
    let y: Vec<f64> = values.iter().map(|v| v - mean).collect();
    let c0: f64 = y.iter().map(|v| v * v).sum::<f64>() / n as f64;
    (0..=max_lag.min(n.saturating_sub(1)))
        .map(|k| {
            let ck: f64 = (0..n - k).map(|t| y[t] * y[t + k]).sum::<f64>() / n as f64;
            if c0 > 0.0 { ck / c0 } else { 0.0 }
        })
        .collect()
}

/// Mann–Kendall test with tie correction, Sen's slope and Gilbert's slope interval on
/// `(time, value)` points (times strictly increasing; gaps simply absent).
///
/// A note flags a lag-1 autocorrelation of the detrended values beyond `z/√n`, where the
/// ordinary test is too liberal and [`hamed_rao`] should be read instead.
///
/// Errors: `too_few` (n < 3), `constant` (all values tied), `non_finite`, `bad_parameter`,
/// `bad_level`.
pub fn mann_kendall(points: &[(f64, f64)], level: f64) -> StatResult<MannKendall> {
    mk_core(points, level, None)
}

/// Mann–Kendall test with the Hamed & Rao (1998) variance correction for autocorrelation.
/// `max_lag` limits the lags considered (`None`: all, as pymannkendall's default).
pub fn hamed_rao(
    points: &[(f64, f64)],
    level: f64,
    max_lag: Option<usize>,
) -> StatResult<MannKendall> {
    mk_core(points, level, Some(max_lag))
}

fn mk_core(
    points: &[(f64, f64)],
    level: f64,
    hamed_rao: Option<Option<usize>>,
) -> StatResult<MannKendall> {
    let z_crit = z_two_sided(level)?;
    check_points(points, 3)?;
    let values: Vec<f64> = points.iter().map(|p| p.1).collect();
    let n = values.len();
    let nf = n as f64;
    let s = mk_score(&values);
    let mut var_s = mk_variance(&values);
    if var_s <= 0.0 {
        return Err(NotApplicable::new(
            "constant",
            "all values are equal: there is no ordering to test",
        ));
    }
    let (slope, intercept) = sen_slope(points)?;
    let slopes = pair_slopes(points);
    let detrended: Vec<f64> = points.iter().map(|(t, v)| v - slope * t).collect();
    let acf1 = autocorrelations(&detrended, 1).get(1).copied();
    let mut notes = vec![
        "S counts concordant minus discordant pairs in time order; ties in the values reduce \
         Var S; Z uses a continuity correction of 1"
            .to_owned(),
        "Sen's slope is per unit of the time axis; interval after Gilbert (1987) with linear \
         interpolation between ordered slopes"
            .to_owned(),
    ];
    let mut method = "Mann–Kendall trend test with Sen's slope".to_owned();
    if let Some(max_lag) = hamed_rao {
        let ranks = average_ranks(&detrended);
        let lag = match max_lag {
            Some(l) => (l + 1).min(n),
            None => n,
        };
        let acf = autocorrelations(&ranks, lag.saturating_sub(1));
        let bound = z_crit / libm::sqrt(nf);
        let mut sni = 0.0;
        for (i, r) in acf.iter().enumerate().skip(1) {
            if r.abs() > bound {
                let fi = i as f64;
                sni += (nf - fi) * (nf - fi - 1.0) * (nf - fi - 2.0) * r;
            }
        }
        let factor = 1.0 + 2.0 / (nf * (nf - 1.0) * (nf - 2.0)) * sni;
        var_s *= factor;
        if var_s <= 0.0 {
            return Err(NotApplicable::new(
                "degenerate_correction",
                "the Hamed–Rao correction gave a non-positive variance",
            ));
        }
        method = "Mann–Kendall trend test, Hamed–Rao (1998) autocorrelation-corrected variance, \
                  with Sen's slope"
            .to_owned();
        notes.push(format!(
            "variance multiplied by n/n* = {factor:.6} from the significant rank \
             autocorrelations of the Sen-detrended series"
        ));
    } else if let Some(r) = acf1
        && r.abs() > z_crit / libm::sqrt(nf)
    {
        notes.push(format!(
            "lag-1 autocorrelation of the detrended series is {r:.3}: the test assumes \
             independent values and is too liberal here; read the Hamed–Rao corrected test"
        ));
    }
    let z = z_score(s, var_s);
    let p = two_sided_p(z);
    let big_n = slopes.len() as f64;
    let c = z_crit * libm::sqrt(var_s);
    let lo = interpolate_rank(&slopes, (big_n - c) / 2.0);
    let hi = interpolate_rank(&slopes, (big_n + c) / 2.0 + 1.0);
    let slope_ci = match (lo, hi) {
        (Some(lower), Some(upper)) => Some(Interval {
            lower,
            upper,
            level,
        }),
        _ => {
            notes.push(
                "too few points for Gilbert's normal-approximation slope interval".to_owned(),
            );
            None
        }
    };
    Ok(MannKendall {
        method,
        notes,
        n,
        s,
        var_s,
        z,
        p_value: p,
        tau: s / (0.5 * nf * (nf - 1.0)),
        trend: trend_word(z, p, level),
        sen_slope: slope,
        intercept,
        slope_ci,
        lag1_autocorrelation: acf1,
        level,
    })
}

/// Average ranks (1-based), ties sharing the mean rank (scipy `rankdata`).
pub fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut idx: Vec<usize> = (0..values.len()).collect();
    idx.sort_by(|a, b| values[*a].total_cmp(&values[*b]));
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < idx.len() {
        let mut j = i + 1;
        while j < idx.len() && values[idx[j]] == values[idx[i]] {
            j += 1;
        }
        let r = (i + j + 1) as f64 / 2.0;
        for k in &idx[i..j] {
            ranks[*k] = r;
        }
        i = j;
    }
    ranks
}

/// Seasonal Kendall test for an equally spaced series with `period` seasons per cycle (12 for
/// months), gaps as `None`; position `i` belongs to season `i mod period`.
///
/// Errors: `too_few` (fewer than 2 values in every season), `constant`, `bad_parameter`.
pub fn seasonal_mann_kendall(
    values: &[Option<f64>],
    period: usize,
    level: f64,
) -> StatResult<MannKendall> {
    z_two_sided(level)?;
    if period < 2 {
        return Err(NotApplicable::new(
            "bad_parameter",
            "the seasonal test needs at least 2 seasons per cycle",
        ));
    }
    if values.iter().flatten().any(|v| !v.is_finite()) {
        return Err(NotApplicable::new(
            "non_finite",
            "a value is NaN or infinite",
        ));
    }
    let (mut s, mut var_s, mut denom) = (0.0, 0.0, 0.0);
    let mut slopes = Vec::new();
    let mut seasons_used = 0;
    for season in 0..period {
        let pts: Vec<(f64, f64)> = values
            .iter()
            .enumerate()
            .skip(season)
            .step_by(period)
            .filter_map(|(i, v)| v.map(|v| ((i / period) as f64, v)))
            .collect();
        if pts.len() < 2 {
            continue;
        }
        seasons_used += 1;
        let vals: Vec<f64> = pts.iter().map(|p| p.1).collect();
        let m = vals.len() as f64;
        s += mk_score(&vals);
        var_s += mk_variance(&vals);
        denom += 0.5 * m * (m - 1.0);
        slopes.extend(pair_slopes(&pts));
    }
    if seasons_used == 0 {
        return Err(NotApplicable::new(
            "too_few",
            "no season has two or more values",
        ));
    }
    if var_s <= 0.0 {
        return Err(NotApplicable::new(
            "constant",
            "within every season all values are equal",
        ));
    }
    let z = z_score(s, var_s);
    let p = two_sided_p(z);
    let slope = median(&mut slopes);
    let mut all: Vec<f64> = values.iter().flatten().copied().collect();
    let mut pos: Vec<f64> = values
        .iter()
        .enumerate()
        .filter_map(|(i, v)| v.map(|_| i as f64))
        .collect();
    let n = all.len();
    let intercept = median(&mut all) - median(&mut pos) / period as f64 * slope;
    Ok(MannKendall {
        method: format!(
            "Seasonal Kendall test (Hirsch & Slack), {period} seasons, with seasonal Sen slope"
        ),
        notes: vec![
            "S and Var S are sums over seasons; seasons are assumed independent (no \
             covariance term)"
                .to_owned(),
            "the slope is the median of within-season slopes, per full cycle (per year for \
             monthly data)"
                .to_owned(),
        ],
        n,
        s,
        var_s,
        z,
        p_value: p,
        tau: s / denom,
        trend: trend_word(z, p, level),
        sen_slope: slope,
        intercept,
        slope_ci: None,
        lag1_autocorrelation: None,
        level,
    })
}

/// Kendall's τ-b with the tie-corrected asymptotic normal test (scipy
/// `kendalltau(x, y, method="asymptotic")`):
/// `Var = (n(n−1)(2n+5) − Σu(u−1)(2u+5) − Σv(v−1)(2v+5))/18 + Σu(u−1)Σv(v−1)/(2n(n−1))
/// + Σu(u−1)(u−2)Σv(v−1)(v−2)/(9n(n−1)(n−2))`.
///
/// Errors: `too_few` (n < 3), `constant` (either variable constant), `bad_shape`.
pub fn kendall_tau_b(x: &[f64], y: &[f64]) -> StatResult<KendallTau> {
    if x.len() != y.len() {
        return Err(NotApplicable::new("bad_shape", "x and y differ in length"));
    }
    if x.iter().chain(y).any(|v| !v.is_finite()) {
        return Err(NotApplicable::new(
            "non_finite",
            "a value is NaN or infinite",
        ));
    }
    let n = x.len();
    if n < 3 {
        return Err(NotApplicable::new(
            "too_few",
            "Kendall's τ needs at least 3 pairs",
        ));
    }
    let mut cd = 0.0;
    for i in 0..n {
        for j in (i + 1)..n {
            cd += sign(x[j] - x[i]) * sign(y[j] - y[i]);
        }
    }
    let nf = n as f64;
    let m = nf * (nf - 1.0);
    let (tx, ty) = (tie_groups(x), tie_groups(y));
    let sum = |t: &[f64], f: &dyn Fn(f64) -> f64| t.iter().map(|u| f(*u)).sum::<f64>();
    let xtie = sum(&tx, &|u| u * (u - 1.0) / 2.0);
    let ytie = sum(&ty, &|u| u * (u - 1.0) / 2.0);
    let tot = m / 2.0;
    if xtie >= tot || ytie >= tot {
        return Err(NotApplicable::new(
            "constant",
            "one of the variables is constant",
        ));
    }
    let tau = cd / libm::sqrt(tot - xtie) / libm::sqrt(tot - ytie);
    let x0 = sum(&tx, &|u| u * (u - 1.0) * (u - 2.0));
    let y0 = sum(&ty, &|u| u * (u - 1.0) * (u - 2.0));
    let x1 = sum(&tx, &|u| u * (u - 1.0) * (2.0 * u + 5.0));
    let y1 = sum(&ty, &|u| u * (u - 1.0) * (2.0 * u + 5.0));
    let var = (m * (2.0 * nf + 5.0) - x1 - y1) / 18.0
        + (2.0 * xtie * ytie) / m
        + x0 * y0 / (9.0 * m * (nf - 2.0));
    let z = cd / libm::sqrt(var);
    Ok(KendallTau {
        method: "Kendall's tau-b, asymptotic normal test with tie correction".to_owned(),
        notes: vec![
            "measures monotone association; pairs assumed independent".to_owned(),
            "normal approximation to the null distribution".to_owned(),
        ],
        tau_b: tau,
        z,
        p_value: two_sided_p(z),
        n,
    })
}
