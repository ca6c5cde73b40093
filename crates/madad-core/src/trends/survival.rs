//! Volunteer retention as survival: Kaplan–Meier with right-censoring, Greenwood standard
//! errors, log(−log) intervals, median tenure, survival at fixed times, restricted mean survival
//! time and the log-rank test between groups.
//!
//! * Kaplan & Meier (1958): `Ŝ(t) = Π_{t_i ≤ t} (1 − d_i/n_i)`; at a tied time events come
//!   before censorings, `n_i` counts everyone with duration `≥ t_i`.
//! * Greenwood (1926): `Var Ŝ = Ŝ² Σ d_i/(n_i(n_i − d_i))` (terms with `n_i = d_i` dropped,
//!   as lifelines).
//! * Log(−log) ("exponential Greenwood") interval, lifelines' default (Kalbfleisch & Prentice
//!   2002): `exp(−exp(log(−log Ŝ) ± z·√Σ/|log Ŝ|))`.
//! * Median: the smallest time with `Ŝ ≤ 0.5` (lifelines `median_survival_time_`); its
//!   interval is where the interval bands cross 0.5 (lifelines `median_survival_times` of
//!   `confidence_interval_`).
//! * RMST(τ) = `∫₀^τ Ŝ(u) du` (lifelines `restricted_mean_survival_time`); its variance
//!   `Σ_{t_i ≤ τ} A_i² d_i/(n_i(n_i − d_i))` with `A_i = ∫_{t_i}^τ Ŝ(u) du` (Klein &
//!   Moeschberger 2003, §4.5).
//! * Log-rank (Mantel 1966; Peto & Peto 1972): `O_g − E_g` with `E_g = Σ_j d_j n_{gj}/n_j` and
//!   hypergeometric covariance `V_gh = Σ_j d_j (n_gj/n_j)(δ_gh − n_hj/n_j)(n_j − d_j)/(n_j − 1)`;
//!   `χ² = (O − E)ᵀV⁻(O − E)` over the first `G − 1` groups, `G − 1` df (R `survdiff`, lifelines
//!   `multivariate_logrank_test`).

use crate::stats::matrix::solve_spd;
use crate::stats::{Interval, NotApplicable, StatResult, z_two_sided};
use ndarray::{Array1, Array2};
use serde::{Deserialize, Serialize};
use statrs::distribution::{ChiSquared, ContinuousCDF};
use std::collections::{BTreeMap, BTreeSet};

/// The tenures (in months) at which retention is usually reported.
pub const RETENTION_MONTHS: [f64; 4] = [3.0, 6.0, 12.0, 24.0];

/// One row of the Kaplan–Meier table, at a distinct observed time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct KmRow {
    /// Time.
    pub time: f64,
    /// Number at risk just before the time.
    pub at_risk: u64,
    /// Events (departures) at the time.
    pub events: u64,
    /// Censored at the time.
    pub censored: u64,
    /// `Ŝ(t)` after the time.
    pub survival: f64,
    /// Greenwood standard error of `Ŝ(t)`.
    pub std_error: f64,
    /// Log(−log) confidence interval of `Ŝ(t)`.
    pub ci: Interval,
}

/// A Kaplan–Meier estimate.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct KaplanMeier {
    /// Method name.
    pub method: String,
    /// Assumptions and conventions.
    pub notes: Vec<String>,
    /// Number of subjects.
    pub n: usize,
    /// Number of events.
    pub events: usize,
    /// Number censored.
    pub censored: usize,
    /// The table at every distinct observed time.
    pub table: Vec<KmRow>,
    /// Median survival time, `None` when `Ŝ` never reaches 0.5.
    pub median: Option<f64>,
    /// Interval for the median: `lower`/`upper` are `None` when the band never reaches 0.5.
    pub median_ci: MedianInterval,
    /// Confidence level.
    pub level: f64,
}

/// An interval for the median that may be open above.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct MedianInterval {
    /// First time at which the lower band is ≤ 0.5.
    pub lower: Option<f64>,
    /// First time at which the upper band is ≤ 0.5 (`None`: not reached, open above).
    pub upper: Option<f64>,
    /// Confidence level.
    pub level: f64,
}

/// `Ŝ` at a chosen time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct SurvivalAt {
    /// The time asked for.
    pub time: f64,
    /// `Ŝ(time)`.
    pub survival: f64,
    /// Greenwood standard error.
    pub std_error: f64,
    /// Log(−log) interval.
    pub ci: Interval,
    /// Number still at risk just after `time`.
    pub at_risk: u64,
}

/// Restricted mean survival time up to `tau`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Rmst {
    /// Method name.
    pub method: String,
    /// Assumptions.
    pub notes: Vec<String>,
    /// The restriction time τ.
    pub tau: f64,
    /// `∫₀^τ Ŝ(u) du`.
    pub estimate: f64,
    /// Standard error (Klein & Moeschberger §4.5).
    pub std_error: f64,
    /// Normal interval `estimate ± z·SE`, clipped to `[0, τ]`.
    pub ci: Interval,
}

/// Log-rank test result.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct LogRank {
    /// Method name.
    pub method: String,
    /// Assumptions.
    pub notes: Vec<String>,
    /// Group labels, sorted.
    pub groups: Vec<String>,
    /// Subjects per group.
    pub n: Vec<usize>,
    /// Observed events per group.
    pub observed: Vec<f64>,
    /// Expected events per group under equal hazards.
    pub expected: Vec<f64>,
    /// χ² statistic.
    pub chi2: f64,
    /// Degrees of freedom `G − 1`.
    pub df: usize,
    /// p-value.
    pub p_value: f64,
}

fn check_durations(data: &[(f64, bool)]) -> StatResult<()> {
    if data.is_empty() {
        return Err(NotApplicable::new("too_few", "no subjects"));
    }
    if data.iter().any(|(t, _)| !t.is_finite() || *t < 0.0) {
        return Err(NotApplicable::new(
            "bad_parameter",
            "durations must be finite and non-negative",
        ));
    }
    Ok(())
}

/// Distinct times with (at risk, events, censored), ascending.
fn risk_table(data: &[(f64, bool)]) -> Vec<(f64, u64, u64, u64)> {
    let mut sorted: Vec<(f64, bool)> = data.to_vec();
    sorted.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut at_risk = sorted.len() as u64;
    let mut out = Vec::new();
    let mut i = 0;
    while i < sorted.len() {
        let t = sorted[i].0;
        let (mut d, mut c) = (0u64, 0u64);
        while i < sorted.len() && sorted[i].0 == t {
            if sorted[i].1 {
                d += 1;
            } else {
                c += 1;
            }
            i += 1;
        }
        out.push((t, at_risk, d, c));
        at_risk -= d + c;
    }
    out
}

fn loglog_ci(s: f64, greenwood_sum: f64, z: f64, level: f64) -> Interval {
    if s <= 0.0 || s >= 1.0 {
        // log(−log Ŝ) is undefined; the band collapses onto the estimate.
        return Interval {
            lower: s,
            upper: s,
            level,
        };
    }
    let v = libm::log(s);
    let a = libm::log(-v);
    let h = z * libm::sqrt(greenwood_sum) / v.abs();
    Interval {
        lower: libm::exp(-libm::exp(a + h)),
        upper: libm::exp(-libm::exp(a - h)),
        level,
    }
}

/// Kaplan–Meier estimate of `(duration, event)` pairs, `event = false` meaning censored
/// (still active at the as-of date).
///
/// Errors: `too_few` (no subjects), `all_censored` (no event: Ŝ stays 1), `bad_parameter`
/// (negative or non-finite durations), `bad_level`.
pub fn kaplan_meier(data: &[(f64, bool)], level: f64) -> StatResult<KaplanMeier> {
    let z = z_two_sided(level)?;
    check_durations(data)?;
    let events = data.iter().filter(|d| d.1).count();
    if events == 0 {
        return Err(NotApplicable::new(
            "all_censored",
            "no subject has an event (everyone is still active): survival stays at 1",
        ));
    }
    let mut s = 1.0;
    let mut gw = 0.0;
    let mut table = Vec::new();
    for (t, n, d, c) in risk_table(data) {
        if d > 0 {
            s *= 1.0 - d as f64 / n as f64;
            if n > d {
                gw += d as f64 / (n as f64 * (n - d) as f64);
            }
        }
        table.push(KmRow {
            time: t,
            at_risk: n,
            events: d,
            censored: c,
            survival: s,
            std_error: s * libm::sqrt(gw),
            ci: loglog_ci(s, gw, z, level),
        });
    }
    let first_at_or_below =
        |f: &dyn Fn(&KmRow) -> f64| table.iter().find(|r| f(r) <= 0.5).map(|r| r.time);
    let median = first_at_or_below(&|r| r.survival);
    let median_ci = MedianInterval {
        lower: first_at_or_below(&|r| r.ci.lower),
        upper: first_at_or_below(&|r| r.ci.upper),
        level,
    };
    let mut notes = vec![
        "right-censored subjects (still active at the as-of date) count as at risk until \
         their censoring time; at tied times events come first"
            .to_owned(),
        "assumes censoring is unrelated to the chance of leaving".to_owned(),
        "Greenwood standard errors; log(−log) confidence intervals".to_owned(),
    ];
    if median.is_none() {
        notes.push(
            "median not reached: more than half are still active at the last time".to_owned(),
        );
    }
    Ok(KaplanMeier {
        method: "Kaplan–Meier estimator".to_owned(),
        notes,
        n: data.len(),
        events,
        censored: data.len() - events,
        table,
        median,
        median_ci,
        level,
    })
}

impl KaplanMeier {
    /// `Ŝ(time)`, its SE and interval (the step function is right-continuous; 1 before the
    /// first event). Errors with `beyond_follow_up` after the last observed time.
    pub fn survival_at(&self, time: f64) -> StatResult<SurvivalAt> {
        let last = self.table.last().map(|r| r.time).unwrap_or(0.0);
        if time > last {
            return Err(NotApplicable::new(
                "beyond_follow_up",
                format!("{time} is after the last observed time {last}"),
            ));
        }
        let row = self.table.iter().rev().find(|r| r.time <= time);
        Ok(match row {
            Some(r) => SurvivalAt {
                time,
                survival: r.survival,
                std_error: r.std_error,
                ci: r.ci,
                at_risk: r.at_risk - r.events - r.censored,
            },
            None => SurvivalAt {
                time,
                survival: 1.0,
                std_error: 0.0,
                ci: Interval {
                    lower: 1.0,
                    upper: 1.0,
                    level: self.level,
                },
                at_risk: self.n as u64,
            },
        })
    }

    /// `Ŝ` at each of `times` (e.g. [`RETENTION_MONTHS`]); times after the last observed
    /// time give `beyond_follow_up`.
    pub fn survival_at_times(&self, times: &[f64]) -> Vec<StatResult<SurvivalAt>> {
        times.iter().map(|t| self.survival_at(*t)).collect()
    }

    /// Restricted mean survival time up to `tau` with its standard error.
    ///
    /// Errors: `bad_parameter` for `tau ≤ 0`, `beyond_follow_up` when `tau` exceeds the last
    /// observed time (the curve is unknown there).
    pub fn rmst(&self, tau: f64) -> StatResult<Rmst> {
        let z = z_two_sided(self.level)?;
        if !(tau.is_finite() && tau > 0.0) {
            return Err(NotApplicable::new("bad_parameter", "τ must be positive"));
        }
        let last = self.table.last().map(|r| r.time).unwrap_or(0.0);
        if tau > last {
            return Err(NotApplicable::new(
                "beyond_follow_up",
                format!("τ = {tau} is after the last observed time {last}"),
            ));
        }
        // Step points (time, Ŝ after it) at event times up to τ.
        let steps: Vec<&KmRow> = self
            .table
            .iter()
            .filter(|r| r.events > 0 && r.time <= tau)
            .collect();
        let area_from = |start: f64, s_start: f64, from_idx: usize| -> f64 {
            let mut area = 0.0;
            let mut t = start;
            let mut s = s_start;
            for r in &steps[from_idx..] {
                area += s * (r.time - t);
                t = r.time;
                s = r.survival;
            }
            area + s * (tau - t)
        };
        let estimate = area_from(0.0, 1.0, 0);
        let mut var = 0.0;
        for (i, r) in steps.iter().enumerate() {
            let n = r.at_risk as f64;
            let d = r.events as f64;
            if n > d {
                let a = area_from(r.time, r.survival, i + 1);
                var += a * a * d / (n * (n - d));
            }
        }
        let se = libm::sqrt(var);
        Ok(Rmst {
            method: "restricted mean survival time (area under the Kaplan–Meier curve)".to_owned(),
            notes: vec![
                format!("mean time active within the first {tau} time units"),
                "standard error from the Greenwood-type variance (Klein & Moeschberger §4.5); \
                 normal interval"
                    .to_owned(),
            ],
            tau,
            estimate,
            std_error: se,
            ci: Interval {
                lower: (estimate - z * se).max(0.0),
                upper: (estimate + z * se).min(tau),
                level: self.level,
            },
        })
    }
}

/// Log-rank test of equal survival across groups of `(duration, event, group)` records.
///
/// Errors: `too_few` (fewer than 2 groups), `no_events`, `singular` (degenerate covariance),
/// `bad_parameter`.
pub fn log_rank<G: Ord + Clone + std::fmt::Display>(
    data: &[(f64, bool, G)],
) -> StatResult<LogRank> {
    let pairs: Vec<(f64, bool)> = data.iter().map(|(t, e, _)| (*t, *e)).collect();
    check_durations(&pairs)?;
    let sorted: Vec<G> = data
        .iter()
        .map(|(_, _, g)| g.clone())
        .collect::<BTreeSet<G>>()
        .into_iter()
        .collect();
    let gi: BTreeMap<G, usize> = sorted
        .iter()
        .cloned()
        .enumerate()
        .map(|(i, g)| (g, i))
        .collect();
    let k = sorted.len();
    if k < 2 {
        return Err(NotApplicable::new(
            "too_few",
            "the log-rank test needs at least 2 groups",
        ));
    }
    if !data.iter().any(|d| d.1) {
        return Err(NotApplicable::new("no_events", "no events in any group"));
    }
    let mut rows: Vec<(f64, bool, usize)> = data
        .iter()
        .map(|(t, e, g)| (*t, *e, gi.get(g).copied().unwrap_or(0)))
        .collect();
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut at_risk = vec![0f64; k];
    let mut n_per = vec![0usize; k];
    for r in &rows {
        at_risk[r.2] += 1.0;
        n_per[r.2] += 1;
    }
    let mut observed = vec![0f64; k];
    let mut expected = vec![0f64; k];
    let mut v = Array2::<f64>::zeros((k, k));
    let mut i = 0;
    while i < rows.len() {
        let t = rows[i].0;
        let mut d_g = vec![0f64; k];
        let mut leave = vec![0f64; k];
        while i < rows.len() && rows[i].0 == t {
            if rows[i].1 {
                d_g[rows[i].2] += 1.0;
            }
            leave[rows[i].2] += 1.0;
            i += 1;
        }
        let d: f64 = d_g.iter().sum();
        let n: f64 = at_risk.iter().sum();
        if d > 0.0 {
            for g in 0..k {
                observed[g] += d_g[g];
                expected[g] += d * at_risk[g] / n;
            }
            if n > 1.0 {
                let f = d * (n - d) / (n - 1.0);
                for g in 0..k {
                    for h in 0..k {
                        let delta = if g == h { 1.0 } else { 0.0 };
                        v[[g, h]] += f * (at_risk[g] / n) * (delta - at_risk[h] / n);
                    }
                }
            }
        }
        for g in 0..k {
            at_risk[g] -= leave[g];
        }
    }
    let m = k - 1;
    let u: Array1<f64> = (0..m).map(|g| observed[g] - expected[g]).collect();
    let mut vm = Array2::<f64>::zeros((m, m));
    for g in 0..m {
        for h in 0..m {
            vm[[g, h]] = v[[g, h]];
        }
    }
    let sol = solve_spd(vm.view(), u.view()).map_err(|_| {
        NotApplicable::new(
            "singular",
            "the log-rank covariance is singular (a group has no one at risk at any event)",
        )
    })?;
    let chi2 = u.dot(&sol);
    let dist = ChiSquared::new(m as f64)
        .map_err(|e| NotApplicable::new("bad_parameter", format!("χ²({m}): {e}")))?;
    Ok(LogRank {
        method: "log-rank test (Mantel–Haenszel)".to_owned(),
        notes: vec![
            "tests equal hazards over the whole follow-up; most powerful when hazards are \
             proportional"
                .to_owned(),
            "assumes censoring is unrelated to the chance of leaving in every group".to_owned(),
        ],
        groups: sorted.iter().map(|g| g.to_string()).collect(),
        n: n_per,
        observed,
        expected,
        chi2,
        df: m,
        p_value: dist.sf(chi2),
    })
}
