//! Trend methods against reference implementations on fixed inputs. Inputs, expected values
//! and the exact producing call of each case are in `tests/fixtures/stats/trends/trends.json`,
//! written by `generate_trends.py` beside it (pymannkendall 1.4.3, scipy 1.17.1,
//! statsmodels 0.15.0, lifelines 0.30.3). Deterministic results agree to a relative 1e-9.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use madad_core::stats::linear::Covariance;
use madad_core::trends::change::count_change;
use madad_core::trends::forecast::project;
use madad_core::trends::its::{ItsOptions, interrupted_time_series};
use madad_core::trends::kendall::{hamed_rao, kendall_tau_b, mann_kendall, seasonal_mann_kendall};
use madad_core::trends::linear_trend::linear_trend;
use madad_core::trends::survival::{kaplan_meier, log_rank};
use serde_json::Value;

const FIXTURE: &str = include_str!("../../../tests/fixtures/stats/trends/trends.json");

fn fixture() -> Value {
    serde_json::from_str(FIXTURE).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

fn fv(v: &Value) -> Vec<f64> {
    v.as_array().unwrap().iter().map(f).collect()
}

#[track_caller]
fn assert_close(got: f64, want: f64, what: &str) {
    let tol = 1e-9 * want.abs().max(1e-300);
    assert!(
        (got - want).abs() <= tol || (want == 0.0 && got.abs() < 1e-12),
        "{what}: got {got}, want {want}"
    );
}

fn indexed(x: &[f64]) -> Vec<(f64, f64)> {
    x.iter().enumerate().map(|(i, v)| (i as f64, *v)).collect()
}

/// `mk.original_test(x, alpha=0.05)`.
#[test]
fn mann_kendall_matches_pymannkendall() {
    let c = &fixture()["mk_original"];
    let r = mann_kendall(&indexed(&fv(&c["x"])), 0.95).unwrap();
    assert_close(r.s, f(&c["s"]), "s");
    assert_close(r.var_s, f(&c["var_s"]), "var_s");
    assert_close(r.z, f(&c["z"]), "z");
    assert_close(r.p_value, f(&c["p"]), "p");
    assert_close(r.tau, f(&c["tau"]), "tau");
    assert_close(r.sen_slope, f(&c["slope"]), "slope");
    assert_close(r.intercept, f(&c["intercept"]), "intercept");
}

/// `mk.hamed_rao_modification_test(x, alpha=0.05)`; the plain test on the same series must
/// carry the autocorrelation note.
#[test]
fn hamed_rao_matches_pymannkendall() {
    let c = &fixture()["mk_hamed_rao"];
    let pts = indexed(&fv(&c["x"]));
    let r = hamed_rao(&pts, 0.95, None).unwrap();
    assert_close(r.s, f(&c["s"]), "s");
    assert_close(r.var_s, f(&c["var_s"]), "var_s");
    assert_close(r.z, f(&c["z"]), "z");
    assert_close(r.p_value, f(&c["p"]), "p");
    assert_close(r.sen_slope, f(&c["slope"]), "slope");
    let plain = mann_kendall(&pts, 0.95).unwrap();
    assert_close(plain.var_s, f(&c["original_var_s"]), "original var_s");
    assert_close(plain.lag1_autocorrelation.unwrap(), f(&c["acf1"]), "acf1");
    assert!(
        plain.notes.iter().any(|n| n.contains("Hamed–Rao")),
        "{:?}",
        plain.notes
    );
}

/// `mk.seasonal_test(x, period=12, alpha=0.05)` with two gaps and an incomplete last year.
#[test]
fn seasonal_matches_pymannkendall() {
    let c = &fixture()["mk_seasonal"];
    let x: Vec<Option<f64>> = c["x"]
        .as_array()
        .unwrap()
        .iter()
        .map(Value::as_f64)
        .collect();
    let r = seasonal_mann_kendall(&x, 12, 0.95).unwrap();
    assert_close(r.s, f(&c["s"]), "s");
    assert_close(r.var_s, f(&c["var_s"]), "var_s");
    assert_close(r.z, f(&c["z"]), "z");
    assert_close(r.p_value, f(&c["p"]), "p");
    assert_close(r.tau, f(&c["tau"]), "tau");
    assert_close(r.sen_slope, f(&c["slope"]), "slope");
    assert_close(r.intercept, f(&c["intercept"]), "intercept");
}

/// `scipy.stats.kendalltau(x, y, method='asymptotic')`.
#[test]
fn kendall_tau_b_matches_scipy() {
    let c = &fixture()["kendall_tau_b"];
    let r = kendall_tau_b(&fv(&c["x"]), &fv(&c["y"])).unwrap();
    assert_close(r.tau_b, f(&c["tau"]), "tau");
    assert_close(r.p_value, f(&c["p"]), "p");
}

/// `sm.OLS(y, sm.add_constant(t)).fit()` and `durbin_watson(res.resid)`.
#[test]
fn linear_trend_matches_statsmodels() {
    let c = &fixture()["linear_trend"];
    let pts: Vec<(f64, f64)> = fv(&c["t"]).into_iter().zip(fv(&c["y"])).collect();
    let r = linear_trend(&pts, &Covariance::Classical, 0.95).unwrap();
    assert_close(r.slope, f(&c["slope"]), "slope");
    assert_close(r.intercept, f(&c["intercept"]), "intercept");
    assert_close(r.std_error, f(&c["se"]), "se");
    assert_close(r.p_value, f(&c["p"]), "p");
    let ci = fv(&c["ci"]);
    assert_close(r.slope_ci.lower, ci[0], "lower");
    assert_close(r.slope_ci.upper, ci[1], "upper");
    assert_close(r.r_squared, f(&c["r2"]), "r2");
    assert_close(r.durbin_watson, f(&c["dw"]), "dw");
}

/// Segmented regression with month dummies, `fit(cov_type='HAC', cov_kwds={'maxlags': 3})`
/// (3 = the default rule for n = 48), `fit.t_test(level + 12·slope change)`.
#[test]
fn its_matches_statsmodels() {
    let v = fixture();
    let c = &v["its"];
    let pts: Vec<(f64, f64)> = fv(&c["time"]).into_iter().zip(fv(&c["y"])).collect();
    let opts = ItsOptions {
        start: f(&c["start"]),
        horizon: 12,
        lags: None,
        seasonal_period: Some(12),
        level: 0.95,
    };
    let r = interrupted_time_series(&pts, &opts).unwrap();
    assert_eq!(r.hac_lags as f64, f(&c["lags"]));
    for (g, w) in r.fit.params.iter().zip(fv(&c["params"])) {
        assert_close(*g, w, "param");
    }
    for (g, w) in r.fit.std_errors.iter().zip(fv(&c["bse"])) {
        assert_close(*g, w, "bse");
    }
    for (g, w) in r.fit.p_values.iter().zip(fv(&c["pvalues"])) {
        assert_close(*g, w, "p");
    }
    assert_close(r.effect_at_horizon.estimate, f(&c["effect"]), "effect");
    assert_close(
        r.effect_at_horizon.std_error,
        f(&c["effect_se"]),
        "effect se",
    );
    assert_close(r.effect_at_horizon.p_value, f(&c["effect_p"]), "effect p");
    let ci = fv(&c["effect_ci"]);
    assert_close(r.effect_at_horizon.conf_int.lower, ci[0], "effect lower");
    assert_close(r.effect_at_horizon.conf_int.upper, ci[1], "effect upper");
    assert_close(r.post_slope.estimate, f(&c["post_slope"]), "post slope");
    assert_close(
        r.post_slope.std_error,
        f(&c["post_slope_se"]),
        "post slope se",
    );
    assert_close(
        r.counterfactual_at_horizon,
        f(&c["counterfactual"]),
        "counterfactual",
    );
    assert_close(r.durbin_watson, f(&c["dw"]), "dw");
    assert_eq!((r.n_pre, r.n_post), (24, 24));

    let c = &v["its_plain"];
    let opts = ItsOptions {
        lags: Some(2),
        seasonal_period: None,
        ..opts
    };
    let r = interrupted_time_series(&pts, &opts).unwrap();
    for (g, w) in r.fit.params.iter().zip(fv(&c["params"])) {
        assert_close(*g, w, "param");
    }
    for (g, w) in r.fit.std_errors.iter().zip(fv(&c["bse"])) {
        assert_close(*g, w, "bse");
    }
    let ci: Vec<Vec<f64>> = c["conf_int"].as_array().unwrap().iter().map(fv).collect();
    for (g, w) in r.fit.conf_int.iter().zip(&ci) {
        assert_close(g.lower, w[0], "lower");
        assert_close(g.upper, w[1], "upper");
    }
    assert_close(r.level_change.estimate, fv(&c["params"])[2], "level change");
    assert_close(
        r.slope_change.p_value,
        fv(&c["pvalues"])[3],
        "slope change p",
    );
    assert_close(r.durbin_watson, f(&c["dw"]), "dw");
}

/// `sm.OLS(y, [1, t, month dummies]).fit().get_prediction(Xnew).summary_frame(alpha=0.05)`.
#[test]
fn projection_matches_statsmodels() {
    let c = &fixture()["forecast"];
    let pts: Vec<(f64, f64)> = fv(&c["time"]).into_iter().zip(fv(&c["y"])).collect();
    let r = project(&pts, Some(12), 6, 0.95).unwrap();
    assert!(r.method.starts_with("projection"));
    let (m, ml, mu, ol, ou) = (
        fv(&c["mean"]),
        fv(&c["mean_ci_lower"]),
        fv(&c["mean_ci_upper"]),
        fv(&c["obs_ci_lower"]),
        fv(&c["obs_ci_upper"]),
    );
    for (i, p) in r.points.iter().enumerate() {
        assert_close(p.mean, m[i], "mean");
        assert_close(p.mean_ci.lower, ml[i], "mean lower");
        assert_close(p.mean_ci.upper, mu[i], "mean upper");
        assert_close(p.prediction_interval.lower, ol[i], "obs lower");
        assert_close(p.prediction_interval.upper, ou[i], "obs upper");
    }
    assert_eq!(
        project(&pts[..23], Some(12), 6, 0.95).unwrap_err().code,
        "too_few"
    );
}

fn km_case(name: &str) {
    let v = fixture();
    let c = &v[name];
    let data: Vec<(f64, bool)> = fv(&c["T"])
        .into_iter()
        .zip(fv(&c["E"]))
        .map(|(t, e)| (t, e == 1.0))
        .collect();
    let km = kaplan_meier(&data, 0.95).unwrap();
    let (tl, s, lo, hi) = (
        fv(&c["timeline"]),
        fv(&c["survival"]),
        fv(&c["lower"]),
        fv(&c["upper"]),
    );
    for (i, t) in tl.iter().enumerate() {
        if *t == 0.0 {
            continue; // lifelines adds time 0 with S = 1.
        }
        let at = km.survival_at(*t).unwrap();
        assert_close(at.survival, s[i], "survival");
        if s[i] < 1.0 && s[i] > 0.0 {
            assert_close(at.ci.lower, lo[i], "lower");
            assert_close(at.ci.upper, hi[i], "upper");
        }
    }
    assert_close(km.median.unwrap(), f(&c["median"]), "median");
    let mci = &c["median_ci"];
    assert_eq!(km.median_ci.lower, mci[0].as_f64());
    assert_eq!(km.median_ci.upper, mci[1].as_f64());
    for (tau, want) in c["rmst"].as_object().unwrap() {
        let tau: f64 = tau.parse().unwrap();
        assert_close(km.rmst(tau).unwrap().estimate, f(want), "rmst");
    }
    let se = km.rmst(f(&c["rmst_var_tau"])).unwrap().std_error;
    assert_close(se * se, f(&c["rmst_var_first_tau"]), "rmst var");
    for (t, want) in c["at"].as_object().unwrap() {
        let t: f64 = t.parse().unwrap();
        assert_close(km.survival_at(t).unwrap().survival, f(want), "predict");
    }
}

/// `KaplanMeierFitter().fit(T, E, alpha=0.05)` on the Freireich arms: survival, log(−log)
/// bands, median and its interval, RMST, `predict`.
#[test]
fn kaplan_meier_matches_lifelines() {
    km_case("km_placebo");
    km_case("km_6mp");
}

/// `logrank_test(...)` (2 groups) and `multivariate_logrank_test(T, G, E)` (3 groups).
#[test]
fn log_rank_matches_lifelines() {
    let v = fixture();
    let c = &v["logrank_freireich"];
    let mut data: Vec<(f64, bool, u8)> = Vec::new();
    let km6 = &v["km_6mp"];
    for t in fv(&v["km_placebo"]["T"]) {
        data.push((t, true, 0));
    }
    for (t, e) in fv(&km6["T"]).into_iter().zip(fv(&km6["E"])) {
        data.push((t, e == 1.0, 1));
    }
    let r = log_rank(&data).unwrap();
    assert_close(r.chi2, f(&c["chi2"]), "chi2");
    assert_close(r.chi2, f(&c["multivariate_chi2"]), "chi2 multivariate");
    assert_close(r.p_value, f(&c["p"]), "p");

    let c = &v["logrank_3"];
    let g: Vec<&str> = c["G"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let data: Vec<(f64, bool, &str)> = fv(&c["T"])
        .into_iter()
        .zip(fv(&c["E"]))
        .zip(g)
        .map(|((t, e), g)| (t, e == 1.0, g))
        .collect();
    let r = log_rank(&data).unwrap();
    assert_eq!(r.df as f64, f(&c["df"]));
    assert_close(r.chi2, f(&c["chi2"]), "chi2");
    assert_close(r.p_value, f(&c["p"]), "p");
}

/// Exact conditional ratio interval (scipy `beta.ppf`) and Wald difference interval
/// (`confint_poisson_2indep(..., method='wald', compare='diff')`).
#[test]
fn count_change_matches_scipy_and_statsmodels() {
    let v = fixture();
    for c in v["count_change"]["cases"].as_array().unwrap() {
        let prev = c["previous"].as_u64().unwrap();
        let cur = c["current"].as_u64().unwrap();
        let r = count_change(prev, cur, 0.95).unwrap();
        let ci = r.ratio_ci.unwrap();
        assert_close(ci.lower, f(&c["ratio_lower"]), "ratio lower");
        match c["ratio_upper"].as_f64() {
            Some(u) => assert_close(ci.upper.unwrap(), u, "ratio upper"),
            None => assert!(ci.upper.is_none()),
        }
        assert_close(r.difference_ci.lower, f(&c["diff_lower"]), "diff lower");
        assert_close(r.difference_ci.upper, f(&c["diff_upper"]), "diff upper");
    }
}
