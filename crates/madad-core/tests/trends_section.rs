//! The report's trends section (`trends::section`): the demo municipality's planted level
//! change, suppression, gaps, degenerate data, and R5/R6 on a hand-computed fixture.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use madad_core::trends::kendall::mann_kendall;
use madad_core::trends::section::{TrendOptions, TrendSection, TrendSeries};
use madad_core::{AnalysisOptions, Dataset, analyze};

mod support;

fn dataset(files: &[(&str, &[u8], &str)], as_of: &str) -> Dataset {
    let ds = support::ingest_named(files, as_of);
    // The demo's log carries planted errors; the hand-made fixtures must be clean.
    if !files.iter().any(|f| f.0 == "hours_log.csv") {
        for l in &ds.ledgers {
            assert_eq!(l.rows_rejected, 0, "{}: {:?}", l.name, ds.diagnostics);
        }
    }
    ds
}

fn section(ds: &Dataset, k: u32, trends: TrendOptions) -> TrendSection {
    analyze(
        ds,
        &AnalysisOptions {
            suppression_threshold: k,
            trends,
            ..AnalysisOptions::default()
        },
    )
    .trends
    .expect("a trends section")
}

fn demo() -> Dataset {
    support::ingest_fixtures(
        "",
        &[
            ("demo-small/hours_log.csv", "activityLog"),
            ("indicators/demo-volunteers.csv", "registry"),
        ],
        "2025-12-31",
    )
}

fn series<'a>(s: &'a TrendSection, id: &str) -> &'a TrendSeries {
    s.series.iter().find(|x| x.id == id).expect(id)
}

fn truth() -> serde_json::Value {
    serde_json::from_slice(&support::read_fixture("demo-small/truth.json")).unwrap()
}

/// truth.json plants a 17.5 % step in expected active volunteers from 2024-09-01 (the
/// programme start) and seasonality. With that start, the ITS level change of monthly active
/// volunteers is positive and its interval, relative to the counterfactual, covers 0.175.
#[test]
fn demo_level_change_is_found() {
    let t = truth();
    assert_eq!(t["programStart"], "2024-09-01");
    let planted = t["levelChange"]["plantedRelativeIncrease"]
        .as_f64()
        .unwrap();
    let s = section(
        &demo(),
        10,
        TrendOptions {
            program_start: Some("2024-09-01".into()),
            ..TrendOptions::default()
        },
    );
    assert_eq!(s.program_start.as_deref(), Some("2024-09-01"));
    let ids: Vec<&str> = s.series.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "activeVolunteers",
            "newVolunteers",
            "sessions",
            "approvedHours",
            "seniorShare"
        ]
    );
    let active = series(&s, "activeVolunteers");
    // 2023-01 … 2025-12, every month complete at 2025-12-31 and none withheld at K = 10.
    assert_eq!(active.points.len(), 36);
    assert!(active.points.iter().all(|p| p.complete && !p.suppressed));
    let its = active.its.as_ref().expect("ITS");
    assert_eq!(its.start_period, "2024-09");
    assert_eq!((its.n_pre, its.n_post), (20, 16));
    assert!(its.level_change.estimate > 0.0, "{its:?}");
    let ci = its.relative_level_change_ci.unwrap();
    assert!(
        ci.lower <= planted && planted <= ci.upper,
        "relative level change CI {ci:?} misses the planted {planted}"
    );
    // Monthly data: the seasonal Kendall test runs; 36 points allow a projection.
    assert!(active.summary.seasonal.is_some(), "{:?}", active.summary);
    let proj = active.projection.as_ref().expect("projection");
    assert_eq!(proj.label, "projection");
    assert_eq!(proj.points.len(), 6);
    assert_eq!(proj.points[0].period.label, "2026-01");
    // The headline names its method and carries what the sentence needs.
    let h = active.headline.as_ref().unwrap();
    assert!(["mann_kendall", "hamed_rao"].contains(&h.method.as_str()));
    assert_eq!(h.per, "month");
    // Period-over-period and year-over-year on the last complete month.
    assert_eq!(active.period_change.from.as_deref(), Some("2025-11"));
    assert_eq!(active.year_over_year.from.as_deref(), Some("2024-12"));
    assert!(active.period_change.count.is_some());
    // Hours are not counts: no Poisson interval.
    let hours = series(&s, "approvedHours");
    assert_eq!(
        hours.period_change.not_applicable.as_ref().unwrap().code,
        "not_a_count"
    );
    assert!(hours.points[11].rolling_year.is_some());
    assert!(hours.points[10].rolling_year.is_none());
    // Senior share changes use Newcombe intervals.
    let share = series(&s, "seniorShare");
    assert!(
        share.period_change.proportion.is_some() || share.period_change.not_applicable.is_some()
    );
    // Retention: Kaplan–Meier overall and log-rank seniors vs others.
    let r = &s.retention;
    let km = r.overall.as_ref().expect("overall survival");
    assert!(km.curve.iter().all(|p| p.at_risk >= 10));
    assert!(r.seniors.is_some());
    assert!(r.cohorts.is_some());
}

/// With K above every monthly count every non-zero point is withheld (a zero count discloses
/// nobody and stays) and every test says why.
#[test]
fn everything_withheld_when_k_exceeds_every_count() {
    let s = section(
        &demo(),
        100_000,
        TrendOptions {
            program_start: Some("2024-09-01".into()),
            ..TrendOptions::default()
        },
    );
    for x in &s.series {
        assert!(
            x.points.iter().all(|p| p.value.is_none_or(|v| v == 0.0)),
            "{}: a point is published",
            x.id
        );
        assert!(x.points.iter().all(|p| p.rolling_year.is_none()));
        assert!(x.points.iter().all(|p| p.moving_average.is_none()));
        assert!(x.summary.linear.is_none() && x.summary.mann_kendall.is_none());
        assert!(x.summary.hamed_rao.is_none() && x.summary.seasonal.is_none());
        let tests: Vec<&str> = x.summary.skipped.iter().map(|t| t.test.as_str()).collect();
        assert_eq!(tests, ["linear", "mann_kendall", "hamed_rao", "seasonal"]);
        assert!(x.headline.is_none() && x.headline_not_applicable.is_some());
        assert!(
            x.its.is_none() && x.its_not_applicable.is_some(),
            "{}",
            x.id
        );
        assert!(x.projection.is_none() && x.projection_not_applicable.is_some());
        assert!(x.period_change.not_applicable.is_some());
        assert!(x.year_over_year.not_applicable.is_some());
    }
    assert_eq!(series(&s, "activeVolunteers").withheld_points, 36);
    let r = &s.retention;
    assert_eq!(r.overall_not_applicable.as_ref().unwrap().code, "below_k");
    for g in [&r.seniors, &r.by_department, &r.by_cohort_year] {
        let g = g.as_ref().unwrap();
        assert!(g.log_rank.is_none() && g.not_applicable.is_some());
        assert!(g.groups.iter().all(|x| x.survival.is_none()));
    }
    let c = r.cohorts.as_ref().unwrap();
    assert!(
        c.rows
            .iter()
            .all(|row| row.size.suppressed && row.cells.is_empty())
    );
}

/// The tiny fixture (approved, 1 hour each; as of 2025-06-30; K = 1 unless said):
///
/// | volunteer | dept | activities | first → last | status at 2025-06-30 |
/// |---|---|---|---|---|
/// | a | welfare | 2024-01-01, 2024-02-10, 2024-04-01 | 91 days | left |
/// | b | welfare | 2024-01-15, 2024-02-20, 2024-07-15 | 182 days | left |
/// | c | youth | 2024-02-01, 2024-03-05, 2025-06-01 | censored: 2024-02-01 → as-of = 515 days | active |
/// | d | youth | 2024-03-01 | 0 days | left |
/// | e | youth | 2025-01-10, 2025-05-10 | censored: 171 days | active |
///
/// Active window 6 months: active when the last activity is after 2024-12-30, i.e. left when
/// as-of − last > 181 days. Tenure in months = days ÷ 30.4375.
const TINY: &str = "volunteer id,date,hours,status,department
a,2024-01-01,1,approved,welfare
a,2024-02-10,1,approved,welfare
a,2024-04-01,1,approved,welfare
b,2024-01-15,1,approved,welfare
b,2024-02-20,1,approved,welfare
b,2024-07-15,1,approved,welfare
c,2024-02-01,1,approved,youth
c,2024-03-05,1,approved,youth
c,2025-06-01,1,approved,youth
d,2024-03-01,1,approved,youth
e,2025-01-10,1,approved,youth
e,2025-05-10,1,approved,youth
";

fn tiny() -> Dataset {
    dataset(
        &[("tiny.csv", TINY.as_bytes(), "activityLog")],
        "2025-06-30",
    )
}

fn close(a: f64, b: f64) {
    assert!((a - b).abs() <= 1e-9 * b.abs().max(1.0), "{a} vs {b}");
}

/// R6 by hand: times (months) d 0 (left), a 2.989733 (left), e 5.618070 (censored),
/// b 5.979466 (left), c 16.919918 (censored).
/// Ŝ = 4/5 = 0.8 from 0; × 3/4 = 0.6 from 2.99; × 1/2 = 0.3 from 5.98 (2 at risk).
/// Median = 5.979466 (first Ŝ ≤ 0.5). S(3) = 0.6, S(6) = S(12) = 0.3, S(24): nobody at risk.
/// RMST(12) = 0.8·a + 0.6·(b − a) + 0.3·(12 − b) = 5.991786.
/// lifelines 0.30: `KaplanMeierFitter().fit(T, E)` with T = [91, 182, 515, 0, 171]/30.4375,
/// E = [1, 1, 0, 1, 0]: survival_function_ 0.8, 0.6, 0.6, 0.3, 0.3; median_survival_time_
/// 5.979466119096509; `restricted_mean_survival_time(kmf, t=12)` = 5.991786447638604.
/// Log-rank welfare {a, b} vs youth {c, d, e}: `logrank_test([91/m, 182/m], [515/m, 0, 171/m],
/// [1, 1], [0, 1, 0])` → 0.48648648648648674, p = 0.485498802644282.
#[test]
fn r6_survival_on_the_tiny_fixture() {
    let s = section(&tiny(), 1, TrendOptions::default());
    let r = &s.retention;
    assert_eq!(r.inactive_after_days, 181);
    let km = r.overall.as_ref().unwrap();
    assert_eq!(km.volunteers, 5);
    assert_eq!(km.left.value, Some(3));
    close(km.median.unwrap(), 5.979466119096509);
    for (i, expected) in [0.6, 0.3, 0.3].into_iter().enumerate() {
        close(km.at_months[i].point.as_ref().unwrap().survival, expected);
    }
    assert!(km.at_months[3].point.is_none());
    assert_eq!(
        km.at_months[3].not_applicable.as_ref().unwrap().code,
        "at_risk_below_k"
    );
    close(km.rmst[0].estimate.unwrap(), 5.991786447638604);
    assert!(km.rmst[1].estimate.is_none());
    // Whole months 0…16 (c, censored at 16.92, is the last at risk).
    assert_eq!(km.curve.len(), 17);
    let expected = [
        (5, 0.8),
        (4, 0.8),
        (4, 0.8),
        (3, 0.6),
        (3, 0.6),
        (3, 0.6),
        (1, 0.3),
    ];
    for (p, (n, s)) in km.curve.iter().zip(expected) {
        assert_eq!(p.at_risk, n);
        close(p.survival, s);
    }
    let dept = r.by_department.as_ref().unwrap();
    let lr = dept.log_rank.as_ref().unwrap();
    close(lr.chi2, 0.48648648648648674);
    close(lr.p_value, 0.485498802644282);
    assert_eq!(lr.groups, ["welfare", "youth"]);
    // Cohort years 2024 {a, b, c, d} and 2025 {e}: 2025 has no event.
    let years = r.by_cohort_year.as_ref().unwrap();
    assert_eq!(
        years.groups[1]
            .not_applicable
            .as_ref()
            .map(|x| x.code.as_str()),
        Some("all_censored")
    );
    // No registry: no ages, no senior comparison and no senior share series.
    assert!(r.seniors.is_none());
    assert!(s.series.iter().all(|x| x.id != "seniorShare"));

    // K = 2: the curve stops at 6 months (1 at risk); the median (2 at risk) stays.
    let s = section(&tiny(), 2, TrendOptions::default());
    let km = s.retention.overall.as_ref().unwrap();
    assert_eq!(km.curve.len(), 6);
    close(km.median.unwrap(), 5.979466119096509);
    assert!(km.at_months[1].point.is_none());
}

/// R5 by hand. Cohorts by first month: 2024-01 {a, b}, 2024-02 {c}, 2024-03 {d}, 2025-01 {e}.
/// 2024-01: months since 0 (Jan) 2/2, 1 (Feb) 2/2, 2 (Mar) 0, 3 (Apr) a 1/2, 4–5 0, 6 (Jul)
/// b 1/2, then 0 to 17 (2025-06, the last complete month): 18 cells.
/// 2025-01 {e}: 0 (Jan) 1, 4 (May) 1, cells 0–5.
/// Wilson 1/2: statsmodels `proportion_confint(1, 2, alpha=0.05, method='wilson')` =
/// (0.09453120573423068, 0.9054687942657693).
#[test]
fn r5_cohort_table_on_the_tiny_fixture() {
    let s = section(&tiny(), 1, TrendOptions::default());
    let c = s.retention.cohorts.as_ref().unwrap();
    let labels: Vec<&str> = c.rows.iter().map(|r| r.cohort.as_str()).collect();
    assert_eq!(labels, ["2024-01", "2024-02", "2024-03", "2025-01"]);
    let jan = &c.rows[0];
    assert_eq!(jan.size.value, Some(2));
    assert_eq!(jan.cells.len(), 18);
    let active: Vec<Option<u64>> = jan.cells.iter().map(|x| x.active.value).collect();
    let some = |v: &[u64]| v.iter().map(|&x| Some(x)).collect::<Vec<_>>();
    assert_eq!(&active[..8], &some(&[2, 2, 0, 1, 0, 0, 1, 0])[..]);
    close(jan.cells[3].ci.unwrap().lower, 0.09453120573423068);
    close(jan.cells[3].ci.unwrap().upper, 0.9054687942657693);
    let e = &c.rows[3];
    let active: Vec<Option<u64>> = e.cells.iter().map(|x| x.active.value).collect();
    assert_eq!(active, some(&[1, 0, 0, 0, 1, 0]));

    // K = 2: only the two-person cohort is published, and in it a month with 1 of 2 active
    // (1 active, 1 not: both below K) is withheld with its share and interval.
    let s = section(&tiny(), 2, TrendOptions::default());
    let c = s.retention.cohorts.as_ref().unwrap();
    let shown: Vec<bool> = c.rows.iter().map(|r| !r.cells.is_empty()).collect();
    assert_eq!(shown, [true, false, false, false]);
    assert!(c.rows[1].size.suppressed);
    let jan = &c.rows[0];
    let active: Vec<Option<u64>> = jan.cells.iter().map(|x| x.active.value).collect();
    assert_eq!(
        &active[..8],
        &[
            Some(2),
            Some(2),
            Some(0),
            None,
            Some(0),
            Some(0),
            None,
            Some(0)
        ]
    );
    assert!(jan.cells[3].share.is_none() && jan.cells[3].ci.is_none());
    assert_eq!(jan.cells[0].share, Some(1.0));
}

/// Monthly active volunteers of the tiny fixture: 2024-01 2, 02 3, 03 2, 04 1, 05 0, 06 0,
/// 07 1, 08–12 0, 2025-01 1, 02–04 0, 05 1, 06 1. With K = 2 the ones are withheld: gaps
/// that every test skips (the zeros are published).
#[test]
fn withheld_points_are_gaps_for_every_test() {
    let s = section(&tiny(), 2, TrendOptions::default());
    let a = series(&s, "activeVolunteers");
    let values: Vec<Option<f64>> = a.points.iter().map(|p| p.value).collect();
    let mut expected = vec![Some(0.0); 18];
    expected[..3].copy_from_slice(&[Some(2.0), Some(3.0), Some(2.0)]);
    for i in [3, 6, 12, 16, 17] {
        expected[i] = None;
    }
    assert_eq!(values, expected);
    assert_eq!(a.withheld_points, 5);
    assert!(a.points[3].suppressed && !a.points[4].suppressed);
    // The tests see the 13 published points only.
    let published: Vec<(f64, f64)> = a
        .points
        .iter()
        .filter_map(|p| p.value.map(|v| (p.period.index as f64, v)))
        .collect();
    assert_eq!(a.summary.n, 13);
    assert_eq!(
        a.summary.mann_kendall.as_ref().unwrap(),
        &mann_kendall(&published, 0.95).unwrap()
    );
    // The latest month (2025-06) is withheld: no change against it.
    assert_eq!(a.period_change.not_applicable.as_ref().unwrap().code, "gap");
    // A moving average never spans a withheld point.
    assert!(a.points[3..6].iter().all(|p| p.moving_average.is_none()));
    assert_eq!(a.points[2].moving_average, Some(7.0 / 3.0));
    assert!(a.notes.iter().any(|n| n.contains("5 points withheld")));
}

/// One month of data: every test is not applicable, with a reason.
#[test]
fn one_month_is_not_applicable() {
    let csv = "volunteer id,date,hours,status\na,2025-03-02,1,approved\nb,2025-03-05,2,approved\n";
    let ds = dataset(&[("one.csv", csv.as_bytes(), "activityLog")], "2025-03-31");
    let s = section(
        &ds,
        1,
        TrendOptions {
            program_start: Some("2025-03-01".into()),
            ..TrendOptions::default()
        },
    );
    for x in &s.series {
        assert_eq!(x.points.len(), 1);
        assert_eq!(x.summary.n, 1);
        // One value is both too few and constant; either reason is given.
        let degenerate = |code: &str| ["too_few", "constant"].contains(&code);
        let tests: Vec<&str> = x.summary.skipped.iter().map(|t| t.test.as_str()).collect();
        assert_eq!(tests, ["linear", "mann_kendall", "hamed_rao", "seasonal"]);
        assert!(x.summary.skipped.iter().all(|t| degenerate(&t.reason.code)));
        assert!(degenerate(
            &x.headline_not_applicable.as_ref().unwrap().code
        ));
        assert!(degenerate(&x.its_not_applicable.as_ref().unwrap().code));
        assert!(degenerate(
            &x.projection_not_applicable.as_ref().unwrap().code
        ));
        assert_eq!(
            x.period_change.not_applicable.as_ref().unwrap().code,
            "too_few"
        );
    }
    // Both still active: nobody has left, survival stays at 1.
    assert_eq!(
        s.retention.overall_not_applicable.as_ref().unwrap().code,
        "all_censored"
    );
    // Without activities there is no section.
    let csv = "volunteer id,date,hours,status\na,2025-03-02,1,pending\n";
    let ds = dataset(&[("none.csv", csv.as_bytes(), "activityLog")], "2025-03-31");
    let r = analyze(&ds, &AnalysisOptions::default());
    assert!(r.trends.is_none());
}

/// Options deserialise from camelCase JSON with defaults.
#[test]
fn options_from_json() {
    let o: TrendOptions = serde_json::from_str(
        r#"{"periodType":{"type":"quarter"},"programStart":"2024-09-01","hacLags":{"rule":"fixed","lags":2}}"#,
    )
    .unwrap();
    assert_eq!(o.its_horizon, 12);
    assert_eq!(o.projection_horizon, 6);
    assert_eq!(o.level, 0.95);
    assert!(!o.include_incomplete);
    let a: AnalysisOptions = serde_json::from_str("{}").unwrap();
    assert_eq!(a.trends, TrendOptions::default());
}

/// The options reach the analysis: quarters, a fixed Newey–West lag, the incomplete period.
#[test]
fn options_change_the_analysis() {
    let s = section(
        &demo(),
        10,
        TrendOptions {
            period_type: madad_core::trends::series::PeriodType::Quarter,
            program_start: Some("2024-09-01".into()),
            hac_lags: madad_core::trends::section::HacLagRule::Fixed { lags: 1 },
            its_horizon: 4,
            ..TrendOptions::default()
        },
    );
    let a = series(&s, "activeVolunteers");
    assert_eq!(a.points.len(), 12);
    assert_eq!(a.points[0].period.label, "2023-Q1");
    let its = a.its.as_ref().unwrap();
    assert_eq!(
        (its.start_period.as_str(), its.hac_lags, its.horizon),
        ("2024-Q3", 1, 4)
    );
    assert_eq!(a.headline.as_ref().unwrap().per, "quarter");
    // Year over year is 4 quarters back.
    assert_eq!(a.year_over_year.lag, 4);
    assert_eq!(a.year_over_year.from.as_deref(), Some("2024-Q4"));
    // Rolling year: 4 quarters.
    assert!(a.points[3].rolling_year.is_none());
    assert!(series(&s, "sessions").points[3].rolling_year.is_some());

    // As of 2025-06-15 the tiny fixture's June is incomplete: left out unless asked.
    let ds = dataset(
        &[("tiny.csv", TINY.as_bytes(), "activityLog")],
        "2025-06-15",
    );
    let s = section(&ds, 1, TrendOptions::default());
    let a = series(&s, "activeVolunteers");
    assert!(!a.points.last().unwrap().complete);
    assert_eq!(a.period_change.to.as_deref(), Some("2025-05"));
    assert_eq!(a.summary.n, 17);
    let s = section(
        &ds,
        1,
        TrendOptions {
            include_incomplete: true,
            ..TrendOptions::default()
        },
    );
    let a = series(&s, "activeVolunteers");
    assert_eq!(a.period_change.to.as_deref(), Some("2025-06"));
    assert_eq!(a.summary.n, 18);
}
