//! Filtered views (`AnalysisOptions.filter`, `madad_core::view`) on a hand-worked fixture,
//! `tests/fixtures/view/` (as of 2025-06-30, K = 3):
//!
//! | person | rows (date, hours, department)                        | neighbourhood |
//! |--------|-------------------------------------------------------|---------------|
//! | a1     | 2025-05-10 2 h welfare                                | North         |
//! | a2     | 2025-05-12 3 h welfare                                | North         |
//! | a3     | 2025-06-01 1 h welfare                                | North         |
//! | b1     | 2025-05-03 2 h education                              | South         |
//! | b2     | 2025-06-15 4 h education                              | South         |
//! | b3     | 2025-06-20 1 h education                              | South         |
//! | c1     | 2025-04-01 2 h welfare; 2025-06-10 2 h education      | South         |
//! | d1     | 2025-06-05 5 h sport                                  | North         |
//!
//! Population: North 60 + 40 = 100, South 150 + 50 = 200.
//!
//! Worked by hand:
//! - No filter: 8 volunteers, 2+3+1+2+4+1+2+2+5 = 22 h; months 2025-04 {c1} = 1, 2025-05
//!   {a1, a2, b1} = 3, 2025-06 {a3, b2, b3, c1, d1} = 5.
//! - Levels (≥ 3 people): departments welfare {a1, a2, a3, c1} = 4 and education
//!   {b1, b2, b3, c1} = 4; sport {d1} = 1 is not offered. Neighbourhoods North {a1, a2, a3, d1}
//!   = 4 and South {b1, b2, b3, c1} = 4.
//! - departments = [welfare]: rows a1, a2, a3, c1 (04-01) → 4 volunteers, 2+3+1+2 = 8 h; left
//!   out 5 rows and 4 people (b1, b2, b3, d1 ≥ K) → allowed; registry 4 entries left, 4 out.
//! - departments = [welfare, education]: leaves out d1 alone (1 < K) → `filter.small_complement`
//!   (departments, activities).
//! - neighbourhoods = [North]: a1, a2, a3, d1 → 4 volunteers, 2+3+1+5 = 11 h; population 100.
//! - departments = [welfare] and neighbourhoods = [North]: {a1, a2, a3} — but against the
//!   welfare view {a1, a2, a3, c1} it leaves out c1 alone → refused (neighbourhoods).
//! - asOf = 2025-05-31: rows up to then: a1, a2, b1, c1 (04-01) → 4 volunteers, 2+3+2+2 = 9 h.
//! - from = 2025-06-01: the monthly table is [2025-06: 5]; 2025-06's new volunteers are still
//!   a3, b2, b3, d1 (c1 was first seen in April), as without the filter.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

mod support;

use madad_core::view::ViewFilter;
use madad_core::{AnalysisOptions, Dataset, Report, analyze, try_analyze};
use proptest::prelude::*;

fn dataset() -> Dataset {
    support::ingest_fixtures(
        "view",
        &[
            ("activity.csv", "activityLog"),
            ("registry.csv", "registry"),
            ("population.csv", "population"),
        ],
        "2025-06-30",
    )
}

fn options(filter: Option<ViewFilter>) -> AnalysisOptions {
    AnalysisOptions {
        suppression_threshold: 3,
        filter,
        ..AnalysisOptions::default()
    }
}

fn depts(d: &[&str]) -> ViewFilter {
    ViewFilter {
        departments: d.iter().map(|s| (*s).to_owned()).collect(),
        ..ViewFilter::default()
    }
}

fn hoods(d: &[&str]) -> ViewFilter {
    ViewFilter {
        neighbourhoods: d.iter().map(|s| (*s).to_owned()).collect(),
        ..ViewFilter::default()
    }
}

fn volunteers(r: &Report) -> u64 {
    r.summary.volunteers.value.unwrap()
}

fn hours(r: &Report) -> f64 {
    r.summary.approved_hours.value.unwrap()
}

fn refusal(f: ViewFilter) -> (String, String, String) {
    let e = try_analyze(&dataset(), &options(Some(f))).unwrap_err();
    (
        e.code.to_owned(),
        e.params["dimension"].clone(),
        e.params["table"].clone(),
    )
}

#[test]
fn whole_data_as_worked_by_hand() {
    let r = analyze(&dataset(), &options(None));
    assert_eq!(volunteers(&r), 8);
    assert_eq!(hours(&r), 22.0);
    let months: Vec<(&str, Option<u64>)> = r
        .monthly_active
        .iter()
        .map(|m| (m.month.as_str(), m.volunteers.value))
        .collect();
    // 2025-04 holds one person: withheld at K = 3.
    assert_eq!(
        months,
        [
            ("2025-04", None),
            ("2025-05", Some(3)),
            ("2025-06", Some(5))
        ]
    );
    assert!(r.view.is_none());
}

#[test]
fn levels_offer_only_groups_of_at_least_k() {
    let r = analyze(&dataset(), &options(Some(ViewFilter::default())));
    let v = r.view.unwrap();
    assert!(!v.active);
    assert_eq!(v.levels.departments, ["education", "welfare"]);
    assert_eq!(v.levels.neighbourhoods, ["North", "South"]);
}

#[test]
fn one_department() {
    let r = try_analyze(&dataset(), &options(Some(depts(&["welfare"])))).unwrap();
    assert_eq!(volunteers(&r), 4);
    assert_eq!(hours(&r), 8.0);
    let v = r.view.unwrap();
    assert!(v.active);
    let act = v.left_out.iter().find(|l| l.table == "activities").unwrap();
    assert_eq!(act.rows, 5);
    assert_eq!(act.people.as_ref().unwrap().value, Some(4));
    let reg = v.left_out.iter().find(|l| l.table == "registry").unwrap();
    assert_eq!((reg.rows, reg.people.as_ref().unwrap().value), (4, Some(4)));
    assert!(v.notes.contains(&"view.population_municipal".to_owned()));
}

#[test]
fn one_neighbourhood_restricts_population() {
    let r = try_analyze(&dataset(), &options(Some(hoods(&["North"])))).unwrap();
    assert_eq!(volunteers(&r), 4);
    assert_eq!(hours(&r), 11.0);
    let v = r.view.unwrap();
    let pop = v.left_out.iter().find(|l| l.table == "population").unwrap();
    assert_eq!(pop.rows, 2);
    assert!(!v.notes.contains(&"view.population_municipal".to_owned()));
}

#[test]
fn small_complement_is_refused_with_its_dimension() {
    // Leaves out d1 alone.
    assert_eq!(
        refusal(depts(&["welfare", "education"])),
        (
            "filter.small_complement".into(),
            "departments".into(),
            "activities".into()
        )
    );
    // Against the welfare view, North leaves out c1 alone.
    let both = ViewFilter {
        departments: vec!["welfare".into()],
        neighbourhoods: vec!["North".into()],
        ..ViewFilter::default()
    };
    let (code, dim, _) = refusal(both.clone());
    assert_eq!(
        (code.as_str(), dim.as_str()),
        ("filter.small_complement", "neighbourhoods")
    );
    // `analyze` gives a report with no figures and the reason.
    let r = analyze(&dataset(), &options(Some(both)));
    assert_eq!(r.summary.volunteers.value, Some(0));
    let refused = r.view.unwrap().refused.unwrap();
    assert_eq!(refused.code, "filter.small_complement");
    assert_eq!(refused.dimension.as_deref(), Some("neighbourhoods"));
}

#[test]
fn complement_of_zero_or_at_least_k_is_allowed() {
    // 0 left out.
    let all = try_analyze(
        &dataset(),
        &options(Some(depts(&["welfare", "education", "sport"]))),
    )
    .unwrap();
    assert_eq!(volunteers(&all), 8);
    // Education leaves out a1, a2, a3, d1: 4 people (and 4 registry entries). At K = 4 that
    // is allowed (4 ≥ K, the boundary); at K = 5 it is refused (4 < K).
    let at = |k: u32| {
        try_analyze(
            &dataset(),
            &AnalysisOptions {
                suppression_threshold: k,
                filter: Some(depts(&["education"])),
                ..AnalysisOptions::default()
            },
        )
    };
    assert!(at(4).is_ok());
    assert_eq!(at(5).unwrap_err().code, "filter.small_complement");
}

#[test]
fn as_of_ends_the_view() {
    let f = ViewFilter {
        as_of: Some("2025-05-31".into()),
        ..ViewFilter::default()
    };
    let r = try_analyze(&dataset(), &options(Some(f))).unwrap();
    assert_eq!(volunteers(&r), 4);
    assert_eq!(hours(&r), 9.0);
    assert_eq!(r.as_of.as_deref(), Some("2025-05-31"));
    assert_eq!(r.monthly_active.last().unwrap().month, "2025-05");
}

#[test]
fn from_trims_series_but_keeps_history() {
    let f = ViewFilter {
        from: Some("2025-06-01".into()),
        ..ViewFilter::default()
    };
    let whole = analyze(&dataset(), &options(None));
    let r = try_analyze(&dataset(), &options(Some(f))).unwrap();
    let months: Vec<(&str, Option<u64>)> = r
        .monthly_active
        .iter()
        .map(|m| (m.month.as_str(), m.volunteers.value))
        .collect();
    assert_eq!(months, [("2025-06", Some(5))]);
    // Headline figures are the whole period's.
    assert_eq!(volunteers(&r), 8);
    // New volunteers of June: a3, b2, b3, d1 (not c1, seen in April) — as without the filter.
    {
        let (t, w) = (r.trends.as_ref().unwrap(), whole.trends.as_ref().unwrap());
        let new = |t: &madad_core::trends::section::TrendSection| {
            t.series
                .iter()
                .find(|s| s.id == "newVolunteers")
                .and_then(|s| s.points.iter().find(|p| p.period.label == "2025-06"))
                .and_then(|p| p.value)
        };
        assert_eq!(new(t), Some(4.0));
        assert_eq!(new(w), Some(4.0));
        assert!(t.series.iter().all(|s| {
            s.points
                .iter()
                .all(|p| p.period.end.as_str() >= "2025-06-01")
        }));
    }
}

/// The report JSON without the `view` block.
fn without_view(r: &Report) -> String {
    let mut r = r.clone();
    r.view = None;
    serde_json::to_string(&r).unwrap()
}

#[test]
fn no_filter_is_byte_identical_to_the_demo_report() {
    // The demo report through the support helper (no filter) serialises without `view`, and an
    // empty filter changes nothing but adding `view`.
    let plain = support::demo_report();
    let json = serde_json::to_string(&plain).unwrap();
    assert!(!json.contains("\"view\""));
    let ds = dataset();
    let a = analyze(&ds, &options(None));
    let b = analyze(&ds, &options(Some(ViewFilter::default())));
    assert_eq!(serde_json::to_string(&a).unwrap(), without_view(&b));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(16))]

    /// Every offered level, in any order, is the whole data: the same report but for `view`.
    #[test]
    fn all_levels_equal_no_filter(seed in 0u64..1000, dims in 0u8..3) {
        let ds = dataset();
        let plain = analyze(&ds, &options(None));
        let levels = analyze(&ds, &options(Some(ViewFilter::default()))).view.unwrap().levels;
        let mut d: Vec<String> = levels.departments.clone();
        d.push("sport".into()); // not offered (1 person), but part of "all"
        let mut n = levels.neighbourhoods.clone();
        // A seeded rotation: order must not matter.
        let rot = |v: &mut Vec<String>| { let len = v.len(); if len > 0 { v.rotate_left((seed as usize) % len); } };
        rot(&mut d);
        rot(&mut n);
        let f = ViewFilter {
            departments: if dims != 1 { d } else { Vec::new() },
            neighbourhoods: if dims != 0 { n } else { Vec::new() },
            ..ViewFilter::default()
        };
        let filtered = try_analyze(&ds, &options(Some(f))).unwrap();
        prop_assert_eq!(serde_json::to_string(&plain).unwrap(), without_view(&filtered));
    }
}

#[test]
fn no_bundle_from_a_filtered_view() {
    use madad_core::bundle::Bundle;
    let ds = dataset();
    let filtered = analyze(&ds, &options(Some(depts(&["welfare"]))));
    assert_eq!(
        Bundle::from_report(&filtered, "Town").unwrap_err().code,
        "bundle.filtered_view"
    );
    // An empty filter is the whole data: a bundle may be made.
    let whole = analyze(&ds, &options(Some(ViewFilter::default())));
    assert!(Bundle::from_report(&whole, "Town").is_ok());
}

#[test]
fn bad_dates_are_refused() {
    let f = ViewFilter {
        from: Some("2025-07-01".into()),
        as_of: Some("2025-06-01".into()),
        ..ViewFilter::default()
    };
    let e = try_analyze(&dataset(), &options(Some(f))).unwrap_err();
    assert_eq!(e.code, "filter.empty_range");
    let f = ViewFilter {
        as_of: Some("31/06/2025".into()),
        ..ViewFilter::default()
    };
    let e = try_analyze(&dataset(), &options(Some(f))).unwrap_err();
    assert_eq!(
        (e.code, e.params["field"].as_str()),
        ("filter.invalid_date", "asOf")
    );
}

/// At K = 3, department X holds a, b, c (approved); Y holds d (approved) and e, f (pending only).
/// Choosing X leaves out 3 people (d, e, f: ≥ K), but only 1 approved volunteer (d): the
/// summary's V1 would differ by 1 from the whole data's, so the view is refused.
#[test]
fn a_left_out_part_with_few_approved_volunteers_is_refused() {
    let csv = b"volunteer id,date,hours,status,department\n\
a,2025-05-01,1,approved,X\nb,2025-05-01,1,approved,X\nc,2025-05-01,1,approved,X\n\
d,2025-05-01,1,approved,Y\ne,2025-05-01,1,pending,Y\nf,2025-05-01,1,pending,Y\n";
    let ds = support::ingest_named(&[("log.csv", csv, "activityLog")], "2025-06-30");
    let e = try_analyze(&ds, &options(Some(depts(&["X"])))).unwrap_err();
    assert_eq!(e.code, "filter.small_complement");
    assert_eq!(e.params["table"], "approvedActivities");
}
