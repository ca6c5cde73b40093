//! Published worked examples named in issue 5.
//!
//! * USEPA (2009) *Unified Guidance* Example 17-7: sodium (ppm) at ten sampling dates; the
//!   data and the EnvStats `kendallTrendTest(Sodium.ppm ~ Year, ci = TRUE)` output are those
//!   reproduced in EnvStats' `EPA.09.Ex.17.7.sodium.df` example script: τ = 0.5555556,
//!   z = 2.146625, p = 0.03182313, slope 1.3333333, intercept −65.9666667,
//!   95% CI 0.3992083 – 2.3333333.
//! * Freireich et al. (1963) 6-MP vs placebo remission times (weeks; Gehan 1965): log-rank
//!   χ² = 16.79, p = 4.17e−05; medians 23 (6-MP) and 8 (placebo) weeks; KM for 6-MP
//!   S(6) = .8571, S(10) = .7529, S(22) = .5378; expected events 10.7 (placebo), 19.3 (6-MP).

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use madad_core::trends::kendall::mann_kendall;
use madad_core::trends::survival::{kaplan_meier, log_rank};

fn close(a: f64, b: f64, rel: f64) -> bool {
    (a - b).abs() <= rel * b.abs()
}

#[test]
fn usepa_example_17_7_mann_kendall_and_sen() {
    let year = [89.6, 90.1, 90.8, 91.1, 92.1, 93.1, 94.1, 95.6, 96.1, 96.3];
    let na = [56.0, 53.0, 51.0, 55.0, 52.0, 60.0, 62.0, 59.0, 61.0, 63.0];
    let pts: Vec<(f64, f64)> = year.iter().copied().zip(na).collect();
    let r = mann_kendall(&pts, 0.95).unwrap();
    // Published values are given to 7 significant digits.
    assert!(close(r.tau, 0.5555556, 1e-6), "{r:?}");
    assert!(close(r.z, 2.146625, 1e-6), "{r:?}");
    assert!(close(r.p_value, 0.03182313, 1e-6), "{r:?}");
    assert!(close(r.sen_slope, 1.3333333, 1e-6), "{r:?}");
    assert!(close(r.intercept, -65.9666667, 1e-6), "{r:?}");
    let ci = r.slope_ci.unwrap();
    assert!(close(ci.lower, 0.3992083, 1e-6), "{ci:?}");
    assert!(close(ci.upper, 2.3333333, 1e-6), "{ci:?}");
    assert_eq!(r.trend, "increasing");
    // No ties: S = 25, Var S = 10·9·25/18 = 125, so τ = 5/9, z = 24/√125, slope = 4/3 exactly.
    assert!(
        close(r.tau, 5.0 / 9.0, 1e-12) && close(r.s, 25.0, 0.0) && close(r.var_s, 125.0, 1e-12)
    );
    assert!(close(r.z, 24.0 / libm::sqrt(125.0), 1e-12));
    assert!(close(r.sen_slope, 4.0 / 3.0, 1e-12));
}

fn freireich() -> Vec<(f64, bool, &'static str)> {
    let placebo = [
        1, 1, 2, 2, 3, 4, 4, 5, 5, 8, 8, 8, 8, 11, 11, 12, 12, 15, 17, 22, 23,
    ];
    // 6-MP; negative = censored (*) in the published table.
    let mp: [i32; 21] = [
        6, 6, 6, -6, 7, -9, 10, -10, -11, 13, 16, -17, -19, -20, 22, 23, -25, -32, -32, -34, -35,
    ];
    let mut d: Vec<(f64, bool, &str)> = placebo
        .iter()
        .map(|t| (f64::from(*t), true, "placebo"))
        .collect();
    d.extend(mp.iter().map(|t| (f64::from(t.abs()), *t > 0, "6-MP")));
    d
}

#[test]
fn freireich_log_rank_and_medians() {
    let data = freireich();
    let lr = log_rank(&data).unwrap();
    assert!((lr.chi2 - 16.79).abs() < 0.005, "{lr:?}");
    assert!(close(lr.p_value, 4.17e-5, 2e-3), "{lr:?}");
    assert_eq!(lr.groups, vec!["6-MP".to_owned(), "placebo".to_owned()]);
    assert!((lr.expected[1] - 10.7).abs() < 0.05 && (lr.expected[0] - 19.3).abs() < 0.05);
    let split = |g: &str| -> Vec<(f64, bool)> {
        data.iter()
            .filter(|r| r.2 == g)
            .map(|r| (r.0, r.1))
            .collect()
    };
    let mp = kaplan_meier(&split("6-MP"), 0.95).unwrap();
    let pl = kaplan_meier(&split("placebo"), 0.95).unwrap();
    assert_eq!(mp.median, Some(23.0));
    assert_eq!(pl.median, Some(8.0));
    for (t, s) in [(6.0, 0.8571), (10.0, 0.7529), (22.0, 0.5378)] {
        let got = mp.survival_at(t).unwrap().survival;
        assert!((got - s).abs() < 5e-5, "S({t}) = {got}");
    }
}
