//! Arbitrary small inputs never panic and never give NaN/∞: every method either returns
//! finite numbers or an explicit not-applicable code.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use madad_core::stats::linear::Covariance;
use madad_core::trends::change::count_change;
use madad_core::trends::its::{ItsOptions, interrupted_time_series};
use madad_core::trends::kendall::{hamed_rao, mann_kendall, seasonal_mann_kendall};
use madad_core::trends::linear_trend::linear_trend;
use madad_core::trends::survival::{kaplan_meier, log_rank};
use proptest::prelude::*;

fn pts(v: &[u8]) -> Vec<(f64, f64)> {
    v.iter()
        .enumerate()
        .map(|(i, x)| (i as f64, f64::from(*x % 5)))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn kendall_family_is_finite_or_not_applicable(v in prop::collection::vec(any::<u8>(), 0..40)) {
        let p = pts(&v);
        for r in [mann_kendall(&p, 0.95), hamed_rao(&p, 0.95, None)] {
            match r {
                Ok(r) => {
                    prop_assert!(r.z.is_finite() && r.p_value.is_finite() && r.tau.is_finite());
                    prop_assert!(r.sen_slope.is_finite() && r.intercept.is_finite());
                    prop_assert!((0.0..=1.0).contains(&r.p_value));
                    if let Some(ci) = r.slope_ci {
                        prop_assert!(ci.lower.is_finite() && ci.upper.is_finite() && ci.lower <= ci.upper);
                    }
                }
                Err(e) => prop_assert!(!e.code.is_empty()),
            }
        }
        let seasonal: Vec<Option<f64>> = v.iter().map(|x| (x % 7 != 0).then_some(f64::from(x % 5))).collect();
        if let Ok(r) = seasonal_mann_kendall(&seasonal, 4, 0.95) {
            prop_assert!(r.z.is_finite() && r.p_value.is_finite() && r.sen_slope.is_finite());
        }
        if let Ok(r) = linear_trend(&p, &Covariance::NeweyWest { lags: None, small_sample_correction: false }, 0.95) {
            prop_assert!(r.slope.is_finite() && r.std_error.is_finite() && r.p_value.is_finite());
        }
        let opts = ItsOptions { start: 6.0, horizon: 3, lags: None, seasonal_period: Some(4), level: 0.95 };
        if let Ok(r) = interrupted_time_series(&p, &opts) {
            prop_assert!(r.effect_at_horizon.estimate.is_finite());
            prop_assert!(r.effect_at_horizon.std_error.is_finite());
            prop_assert!(r.durbin_watson.is_finite());
        }
    }

    #[test]
    fn survival_is_finite_or_not_applicable(
        v in prop::collection::vec((0u8..20, any::<bool>(), 0u8..3), 0..40)
    ) {
        let data: Vec<(f64, bool)> = v.iter().map(|(t, e, _)| (f64::from(*t), *e)).collect();
        match kaplan_meier(&data, 0.95) {
            Ok(km) => {
                for r in &km.table {
                    prop_assert!((0.0..=1.0).contains(&r.survival));
                    prop_assert!(r.std_error.is_finite());
                    prop_assert!(r.ci.lower <= r.survival + 1e-12 && r.survival <= r.ci.upper + 1e-12);
                    prop_assert!(r.ci.lower >= 0.0 && r.ci.upper <= 1.0);
                }
                let last = km.table.last().unwrap().time;
                if last > 0.0 {
                    let rm = km.rmst(last).unwrap();
                    prop_assert!(rm.estimate.is_finite() && rm.std_error.is_finite());
                }
            }
            Err(e) => prop_assert!(["too_few", "all_censored"].contains(&e.code.as_str())),
        }
        let grouped: Vec<(f64, bool, u8)> = v.iter().map(|(t, e, g)| (f64::from(*t), *e, *g)).collect();
        if let Ok(r) = log_rank(&grouped) {
            prop_assert!(r.chi2.is_finite() && r.chi2 >= -1e-9);
            prop_assert!((0.0..=1.0).contains(&r.p_value));
        }
    }

    #[test]
    fn count_change_is_finite(a in 0u64..500, b in 0u64..500) {
        if let Ok(c) = count_change(a, b, 0.95) {
            prop_assert!(c.difference_ci.lower.is_finite() && c.difference_ci.upper.is_finite());
            let r = c.ratio_ci.unwrap();
            prop_assert!(r.lower.is_finite() && r.lower >= 0.0);
            if let Some(u) = r.upper {
                prop_assert!(u.is_finite() && u >= r.lower);
            }
        }
    }
}
