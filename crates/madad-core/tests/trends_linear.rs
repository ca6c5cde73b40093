//! `stats::linear` against statsmodels 0.15.0 OLS for each covariance type. The inputs, the
//! expected values and the exact statsmodels call of each case are in
//! `tests/fixtures/stats/trends/linear.json`, written by `generate_linear.py` beside it.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use madad_core::stats::linear::{Covariance, Reference, newey_west_default_lags, ols};
use ndarray::{Array1, Array2};
use serde_json::Value;

const FIXTURE: &str = include_str!("../../../tests/fixtures/stats/trends/linear.json");

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs().max(1e-12)
}

fn vec_f(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

fn check_all(name: &str, got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "{name}");
    for (g, w) in got.iter().zip(want) {
        assert!(close(*g, *w, 1e-9), "{name}: got {got:?}, want {want:?}");
    }
}

fn data() -> (Value, Array2<f64>, Array1<f64>, Vec<u64>) {
    let v: Value = serde_json::from_str(FIXTURE).unwrap();
    let rows: Vec<Vec<f64>> = v["X"].as_array().unwrap().iter().map(vec_f).collect();
    let k = rows[0].len();
    let x = Array2::from_shape_vec((rows.len(), k), rows.concat()).unwrap();
    let y = Array1::from(vec_f(&v["y"]));
    let groups = v["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g.as_u64().unwrap())
        .collect();
    (v, x, y, groups)
}

fn check_case(case: &str, cov: Covariance, reference: Reference) {
    let (v, x, y, _) = data();
    let want = &v["cases"][case];
    let fit = ols(x.view(), y.view(), &cov, reference, 0.95).unwrap();
    check_all(case, &fit.params, &vec_f(&want["params"]));
    check_all(case, &fit.std_errors, &vec_f(&want["bse"]));
    check_all(case, &fit.statistics, &vec_f(&want["tvalues"]));
    check_all(case, &fit.p_values, &vec_f(&want["pvalues"]));
    let ci: Vec<Vec<f64>> = want["conf_int"]
        .as_array()
        .unwrap()
        .iter()
        .map(vec_f)
        .collect();
    for (g, w) in fit.conf_int.iter().zip(&ci) {
        assert!(
            close(g.lower, w[0], 1e-9) && close(g.upper, w[1], 1e-9),
            "{case}: {g:?} vs {w:?}"
        );
    }
    let cov: Vec<Vec<f64>> = want["cov"].as_array().unwrap().iter().map(vec_f).collect();
    for (g, w) in fit.cov_params.iter().zip(&cov) {
        check_all(case, g, w);
    }
    assert!(close(
        fit.r_squared,
        want["rsquared"].as_f64().unwrap(),
        1e-9
    ));
    assert!(close(
        fit.adj_r_squared,
        want["rsquared_adj"].as_f64().unwrap(),
        1e-9
    ));
    assert!(close(fit.ssr, want["ssr"].as_f64().unwrap(), 1e-9));
    assert!(close(fit.scale, want["scale"].as_f64().unwrap(), 1e-9));
    if let Some(wt) = want.get("wald") {
        let r: Vec<Vec<f64>> = wt["R"].as_array().unwrap().iter().map(vec_f).collect();
        let got = fit.wald_test(&r).unwrap();
        assert!(
            close(got.statistic, wt["statistic"].as_f64().unwrap(), 1e-9),
            "{got:?}"
        );
        assert!(
            close(got.p_value, wt["pvalue"].as_f64().unwrap(), 1e-9),
            "{got:?}"
        );
    }
    if let Some(lc) = want.get("lincomb") {
        let c = vec_f(&lc["c"]);
        let r = fit.linear_combination(&c, 0.95).unwrap();
        assert!(
            close(r.estimate, lc["effect"].as_f64().unwrap(), 1e-9),
            "{r:?}"
        );
        assert!(
            close(r.std_error, lc["sd"].as_f64().unwrap(), 1e-9),
            "{r:?}"
        );
        assert!(
            close(r.statistic, lc["stat"].as_f64().unwrap(), 1e-9),
            "{r:?}"
        );
        assert!(
            close(r.p_value, lc["pvalue"].as_f64().unwrap(), 1e-9),
            "{r:?}"
        );
        let w = vec_f(&lc["conf_int"]);
        assert!(close(r.conf_int.lower, w[0], 1e-9) && close(r.conf_int.upper, w[1], 1e-9));
    }
}

/// `sm.OLS(y, X).fit()`.
#[test]
fn classical_matches_statsmodels() {
    check_case("classical", Covariance::Classical, Reference::Default);
}

/// `sm.OLS(y, X).fit(cov_type="HC1")`.
#[test]
fn hc1_matches_statsmodels() {
    check_case("hc1", Covariance::Hc1, Reference::Default);
}

/// `sm.OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": 3})` (use_correction False).
#[test]
fn newey_west_matches_statsmodels() {
    check_case(
        "hac3",
        Covariance::NeweyWest {
            lags: Some(3),
            small_sample_correction: false,
        },
        Reference::Default,
    );
    check_case(
        "hac3_corrected",
        Covariance::NeweyWest {
            lags: Some(3),
            small_sample_correction: true,
        },
        Reference::Default,
    );
    // n = 40: the rule floor(4(n/100)^(2/9)) gives 3.
    check_case(
        "hac_default_lags",
        Covariance::NeweyWest {
            lags: None,
            small_sample_correction: false,
        },
        Reference::Default,
    );
}

/// `sm.OLS(y, X).fit(cov_type="cluster", cov_kwds={"groups": groups})`, with and without
/// `use_t=True` (t with G − 1 df).
#[test]
fn cluster_matches_statsmodels() {
    let (_, _, _, groups) = data();
    check_case(
        "cluster",
        Covariance::Cluster {
            groups: groups.clone(),
        },
        Reference::Default,
    );
    check_case(
        "cluster_t",
        Covariance::Cluster { groups },
        Reference::StudentT,
    );
}

/// `int(np.floor(4 * (n / 100.0) ** (2.0 / 9.0)))` for several n.
#[test]
fn default_lag_rule_matches_statsmodels() {
    let (v, _, _, _) = data();
    for (n, lags) in v["default_lags"].as_object().unwrap() {
        let n: usize = n.parse().unwrap();
        assert_eq!(
            newey_west_default_lags(n) as u64,
            lags.as_u64().unwrap(),
            "n = {n}"
        );
    }
}

#[test]
fn serde_round_trip() {
    let (_, x, y, _) = data();
    let fit = ols(
        x.view(),
        y.view(),
        &Covariance::Hc1,
        Reference::Default,
        0.95,
    )
    .unwrap();
    let json = serde_json::to_string(&fit).unwrap();
    let back: madad_core::stats::linear::OlsFit = serde_json::from_str(&json).unwrap();
    assert_eq!(back.params, fit.params);
}
