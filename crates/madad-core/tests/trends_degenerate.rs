//! Degenerate inputs give an explicit not-applicable code, never NaN or a panic; series
//! bucketing, changes along a series and the cohort table on small hand-checked inputs.

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use chrono::NaiveDate;
use madad_core::stats::linear::Covariance;
use madad_core::trends::change::{
    centered_moving_average, count_change, count_changes, moving_average, proportion_change,
    rolling_sum,
};
use madad_core::trends::cohort::{cohort_retention, tenure};
use madad_core::trends::forecast::project;
use madad_core::trends::its::{ItsOptions, interrupted_time_series};
use madad_core::trends::kendall::{
    hamed_rao, kendall_tau_b, mann_kendall, seasonal_mann_kendall, sen_slope,
};
use madad_core::trends::linear_trend::linear_trend;
use madad_core::trends::series::{
    Aggregation, EmptyPeriods, PeriodType, SeriesOptions, bucket_distinct, bucket_values,
};
use madad_core::trends::survival::{kaplan_meier, log_rank};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn pts(v: &[f64]) -> Vec<(f64, f64)> {
    v.iter().enumerate().map(|(i, x)| (i as f64, *x)).collect()
}

#[test]
fn trend_tests_refuse_degenerate_series() {
    assert_eq!(
        mann_kendall(&pts(&[1.0, 2.0]), 0.95).unwrap_err().code,
        "too_few"
    );
    assert_eq!(
        mann_kendall(&pts(&[4.0; 10]), 0.95).unwrap_err().code,
        "constant"
    );
    assert_eq!(
        hamed_rao(&pts(&[4.0; 10]), 0.95, None).unwrap_err().code,
        "constant"
    );
    assert_eq!(mann_kendall(&[], 0.95).unwrap_err().code, "too_few");
    assert_eq!(
        mann_kendall(&pts(&[1.0, f64::NAN, 3.0]), 0.95)
            .unwrap_err()
            .code,
        "non_finite"
    );
    assert_eq!(
        mann_kendall(&[(1.0, 1.0), (1.0, 2.0), (2.0, 3.0)], 0.95)
            .unwrap_err()
            .code,
        "bad_parameter"
    );
    assert_eq!(
        mann_kendall(&pts(&[1.0, 2.0, 3.0]), 1.0).unwrap_err().code,
        "bad_level"
    );
    assert_eq!(sen_slope(&pts(&[1.0])).unwrap_err().code, "too_few");
    let seasonal_const: Vec<Option<f64>> = vec![Some(2.0); 36];
    assert_eq!(
        seasonal_mann_kendall(&seasonal_const, 12, 0.95)
            .unwrap_err()
            .code,
        "constant"
    );
    let one_year: Vec<Option<f64>> = (0..12).map(|i| Some(f64::from(i))).collect();
    assert_eq!(
        seasonal_mann_kendall(&one_year, 12, 0.95).unwrap_err().code,
        "too_few"
    );
    assert_eq!(
        kendall_tau_b(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0])
            .unwrap_err()
            .code,
        "constant"
    );
    assert_eq!(
        linear_trend(&pts(&[3.0; 5]), &Covariance::Classical, 0.95)
            .unwrap_err()
            .code,
        "constant"
    );
    assert_eq!(
        linear_trend(&pts(&[1.0, 2.0]), &Covariance::Classical, 0.95)
            .unwrap_err()
            .code,
        "too_few"
    );
}

#[test]
fn mann_kendall_small_sample_has_no_interval_but_no_nan() {
    let r = mann_kendall(&pts(&[1.0, 3.0, 2.0]), 0.95).unwrap();
    assert!(r.slope_ci.is_none());
    assert!(r.z.is_finite() && r.p_value.is_finite());
    let json = serde_json::to_string(&r).unwrap();
    assert!(!json.contains("NaN"), "{json}");
}

#[test]
fn its_and_projection_refuse_degenerate_series() {
    let opts = ItsOptions {
        start: 10.0,
        horizon: 3,
        lags: None,
        seasonal_period: None,
        level: 0.95,
    };
    let short = pts(&[1.0, 2.0, 4.0, 3.0, 5.0, 6.0, 5.0, 7.0, 8.0, 9.0, 10.0, 12.0]);
    assert_eq!(
        interrupted_time_series(&short, &opts).unwrap_err().code,
        "too_few"
    );
    let flat = pts(&[5.0; 20]);
    assert_eq!(
        interrupted_time_series(&flat, &opts).unwrap_err().code,
        "constant"
    );
    let zero_h = ItsOptions { horizon: 0, ..opts };
    assert_eq!(
        interrupted_time_series(&pts(&[1.0; 20]), &zero_h)
            .unwrap_err()
            .code,
        "bad_parameter"
    );
    assert_eq!(
        project(&pts(&[1.0; 30]), None, 3, 0.95).unwrap_err().code,
        "constant"
    );
    assert_eq!(
        project(&pts(&[1.0; 10]), None, 3, 0.95).unwrap_err().code,
        "too_few"
    );
}

#[test]
fn survival_refuses_degenerate_data() {
    let censored = [(3.0, false), (5.0, false), (8.0, false)];
    assert_eq!(
        kaplan_meier(&censored, 0.95).unwrap_err().code,
        "all_censored"
    );
    assert_eq!(kaplan_meier(&[], 0.95).unwrap_err().code, "too_few");
    assert_eq!(
        kaplan_meier(&[(-1.0, true)], 0.95).unwrap_err().code,
        "bad_parameter"
    );
    let one_group = [(1.0, true, "a"), (2.0, false, "a")];
    assert_eq!(log_rank(&one_group).unwrap_err().code, "too_few");
    let no_events = [(1.0, false, "a"), (2.0, false, "b")];
    assert_eq!(log_rank(&no_events).unwrap_err().code, "no_events");
    // Everyone leaves at once: S drops to 0, the band collapses, nothing is NaN.
    let km = kaplan_meier(&[(2.0, true), (2.0, true)], 0.95).unwrap();
    let row = &km.table[0];
    assert_eq!((row.survival, row.ci.lower, row.ci.upper), (0.0, 0.0, 0.0));
    assert_eq!(km.median, Some(2.0));
    assert_eq!(km.survival_at(5.0).unwrap_err().code, "beyond_follow_up");
    assert_eq!(km.rmst(3.0).unwrap_err().code, "beyond_follow_up");
    assert!((km.rmst(2.0).unwrap().estimate - 2.0).abs() < 1e-12);
    let at = km.survival_at_times(&madad_core::trends::survival::RETENTION_MONTHS);
    assert_eq!(at[0].as_ref().unwrap_err().code, "beyond_follow_up");
    // Median not reached.
    let km = kaplan_meier(&[(1.0, true), (2.0, false), (3.0, false)], 0.95).unwrap();
    assert_eq!(km.median, None);
    assert!(km.notes.iter().any(|n| n.contains("not reached")));
}

#[test]
fn changes_along_a_series() {
    let obs: Vec<(NaiveDate, &str)> = vec![
        (d(2023, 1, 3), "a"),
        (d(2023, 1, 9), "b"),
        (d(2023, 2, 1), "a"),
        (d(2023, 4, 1), "c"),
        (d(2024, 1, 5), "a"),
        (d(2024, 1, 6), "a"),
        (d(2024, 1, 7), "b"),
        (d(2024, 1, 8), "c"),
        (d(2024, 2, 8), "c"),
    ];
    let opts = SeriesOptions {
        period: PeriodType::Month,
        as_of: d(2024, 2, 15),
        start: None,
        empty: EmptyPeriods::Zero,
    };
    let s = bucket_distinct(&obs, Aggregation::DistinctCount, &opts).unwrap();
    assert_eq!(s.points.len(), 14);
    assert_eq!(s.points[0].value, Some(2.0));
    assert_eq!(s.points[12].value, Some(3.0));
    assert!(!s.points[13].complete);
    assert_eq!(s.analysable(false).len(), 13);
    let yoy = count_changes(&s, 12, 0.95).unwrap();
    assert_eq!(yoy.len(), 2);
    assert_eq!(
        (yoy[0].from.as_str(), yoy[0].to.as_str()),
        ("2023-01", "2024-01")
    );
    let c = yoy[0].change.as_ref().unwrap();
    assert!(yoy[0].not_applicable.is_none());
    assert_eq!((c.previous, c.current, c.difference), (2, 3, 1.0));
    assert!(!yoy[1].complete);
    let pop = count_changes(&s, 1, 0.95).unwrap();
    // 2023-05 (0) → 2023-06 (0): nothing to compare.
    assert_eq!(pop[4].not_applicable.as_ref().unwrap().code, "too_few");
    let r12 = rolling_sum(&s, 12);
    assert_eq!(r12[11], Some(4.0));
    assert_eq!(r12[12], Some(5.0));
    assert_eq!(r12[13], None); // incomplete period
    let ma = moving_average(&s, 3);
    assert_eq!(ma[2], Some(1.0));
    let cma = centered_moving_average(&s, 2);
    assert_eq!(cma[1], Some((0.5 * 2.0 + 1.0 + 0.5 * 0.0) / 2.0));

    // Gaps stay gaps with the default.
    let hours = [(d(2023, 1, 3), 2.0), (d(2023, 3, 3), 1.0)];
    let gap_opts = SeriesOptions {
        empty: EmptyPeriods::Gap,
        ..opts
    };
    let s = bucket_values(&hours, Aggregation::Sum, &gap_opts).unwrap();
    assert_eq!(s.points[1].value, None);
    let pop = count_changes(&s, 1, 0.95).unwrap();
    assert_eq!(pop[0].not_applicable.as_ref().unwrap().code, "gap");
    assert_eq!(
        count_changes(
            &bucket_values(
                &[(d(2023, 1, 3), 2.5), (d(2023, 2, 3), 1.0)],
                Aggregation::Sum,
                &gap_opts
            )
            .unwrap(),
            1,
            0.95
        )
        .unwrap()[0]
            .not_applicable
            .as_ref()
            .unwrap()
            .code,
        "not_a_count"
    );
    assert_eq!(rolling_sum(&s, 3)[2], None);
}

#[test]
fn count_and_share_changes() {
    let c = count_change(40, 52, 0.95).unwrap();
    assert_eq!(c.ratio, Some(1.3));
    assert!((c.percent_change.unwrap() - 30.0).abs() < 1e-9);
    let z = count_change(0, 4, 0.95).unwrap();
    assert_eq!(z.ratio, None);
    assert!(z.ratio_ci.unwrap().upper.is_none());
    assert_eq!(count_change(0, 0, 0.95).unwrap_err().code, "too_few");
    // Newcombe (1998) example (a) with the later share first: 56/70 vs 48/80.
    let p = proportion_change(48, 80, 56, 70, 0.95).unwrap();
    assert!((p.difference - 0.2).abs() < 1e-12);
    assert!((p.difference_ci.lower - 0.05243147240236498).abs() < 1e-9);
    assert_eq!(
        proportion_change(0, 0, 1, 2, 0.95).unwrap_err().code,
        "too_few"
    );
}

#[test]
fn cohort_table_uses_only_complete_months() {
    let act = vec![
        ("a", d(2024, 1, 5)),
        ("a", d(2024, 2, 5)),
        ("b", d(2024, 1, 20)),
        ("b", d(2024, 3, 2)),
        ("c", d(2024, 2, 1)),
        ("c", d(2024, 4, 1)), // in the incomplete month
        ("d", d(2024, 5, 1)), // after as-of
    ];
    let t = cohort_retention(&act, d(2024, 4, 10), 6, 0.95).unwrap();
    assert_eq!(t.rows.len(), 2);
    let jan = &t.rows[0];
    assert_eq!((jan.cohort.as_str(), jan.size), ("2024-01", 2));
    let shares: Vec<f64> = jan.cells.iter().map(|c| c.share).collect();
    assert_eq!(shares, vec![1.0, 0.5, 0.5]); // Jan, Feb, Mar; April not complete
    let feb = &t.rows[1];
    assert_eq!(feb.cells.len(), 2);
    assert_eq!(feb.cells[1].active, 0);
    let none: Vec<(&str, NaiveDate)> = vec![];
    assert_eq!(
        cohort_retention(&none, d(2024, 1, 1), 6, 0.95)
            .unwrap_err()
            .code,
        "no_data"
    );
}

#[test]
fn tenure_censors_active_volunteers() {
    let (m, left) = tenure(d(2023, 1, 1), d(2023, 7, 2), d(2024, 1, 1), 90).unwrap();
    assert!(left);
    assert!((m - 182.0 / (365.25 / 12.0)).abs() < 1e-12);
    let (m, left) = tenure(d(2023, 1, 1), d(2023, 12, 1), d(2024, 1, 1), 90).unwrap();
    assert!(!left);
    assert!((m - 365.0 / (365.25 / 12.0)).abs() < 1e-12);
    assert_eq!(
        tenure(d(2023, 5, 1), d(2023, 1, 1), d(2024, 1, 1), 90)
            .unwrap_err()
            .code,
        "bad_date"
    );
}

#[test]
fn trend_summary_runs_what_applies() {
    use madad_core::trends::summary::trend_summary;
    // 30 months of counts with an upward drift and a seasonal bump; as-of mid-month so the
    // last month is incomplete and left out.
    let mut obs = Vec::new();
    for m in 0..31u32 {
        let (y, mo) = (2022 + (m / 12) as i32, m % 12 + 1);
        let n = 5 + m / 3 + if mo == 9 { 4 } else { 0 } + (m * 7) % 3;
        for k in 0..n {
            obs.push((d(y, mo, 1 + k % 28), 1.0));
        }
    }
    let opts = SeriesOptions {
        period: PeriodType::Month,
        as_of: d(2024, 7, 15),
        start: None,
        empty: EmptyPeriods::Zero,
    };
    let s = bucket_values(&obs, Aggregation::Count, &opts).unwrap();
    let t = trend_summary(&s, 0.95);
    assert_eq!(t.n, 30);
    let direct = mann_kendall(&s.analysable(false), 0.95).unwrap();
    assert_eq!(t.mann_kendall.as_ref().unwrap(), &direct);
    assert!(t.linear.unwrap().slope > 0.0);
    assert!(t.hamed_rao.is_some());
    assert!(t.seasonal.is_some(), "{:?}", t.skipped);
    assert!(t.skipped.is_empty());

    let short = SeriesOptions {
        as_of: d(2022, 4, 30),
        ..opts
    };
    let s = bucket_values(&obs, Aggregation::Count, &short).unwrap();
    let t = trend_summary(&s, 0.95);
    assert!(t.linear.is_some() && t.mann_kendall.is_some());
    let codes: Vec<(&str, &str)> = t
        .skipped
        .iter()
        .map(|s| (s.test.as_str(), s.reason.code.as_str()))
        .collect();
    assert_eq!(codes, vec![("seasonal", "too_few")]);
}
