//! Aggregate bundles: sealing, verification, what they leave out, and the merge rules
//! (issue 7 part 5). Expected values are worked out here by hand from the inputs.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::BTreeMap;

use madad_core::bundle::merge::{Combined, merge};
use madad_core::bundle::{Bundle, Measure, MeasureValue, Period, open};
use madad_core::stats::meta::Moments;
use madad_core::{AnalysisOptions, IngestOptions, SourceFile, analyze, ingest};

const HOURS: &[u8] = include_bytes!("../../../tests/fixtures/golden/hours-small.csv");

fn report(k: u32) -> madad_core::Report {
    let ds = ingest(
        &[SourceFile {
            name: "hours-small.csv",
            bytes: HOURS,
        }],
        &IngestOptions {
            as_of: Some("2025-06-30".into()),
            ..IngestOptions::default()
        },
    )
    .unwrap();
    analyze(
        &ds,
        &AnalysisOptions {
            suppression_threshold: k,
            ..AnalysisOptions::default()
        },
    )
}

fn bundle(name: &str, k: u32, measures: Vec<(&str, MeasureValue)>) -> Bundle {
    Bundle {
        format: "madad-bundle".into(),
        version: 1,
        madad_version: "0.1.0".into(),
        municipality: name.into(),
        period: Period {
            from: Some("2024-01-01".into()),
            to: Some("2024-12-31".into()),
        },
        sample_data: false,
        suppression_threshold: k,
        definitions: BTreeMap::from([("maxHoursPerRecord".to_owned(), "16".to_owned())]),
        measures: measures
            .into_iter()
            .map(|(id, value)| Measure {
                id: id.into(),
                value,
            })
            .collect(),
        content_sha256: String::new(),
    }
    .sealed()
    .unwrap()
}

#[test]
fn a_bundle_round_trips_and_carries_no_file_detail() {
    let r = report(1);
    let b = Bundle::from_report(&r, "  שדרות ").unwrap();
    assert_eq!(b.municipality, "שדרות");
    assert_eq!(b.content_sha256.len(), 64);
    let json = b.to_json().unwrap();
    let text = String::from_utf8(json.clone()).unwrap();
    assert!(
        !text.contains("hours-small"),
        "file names stay home: {text}"
    );
    assert!(!text.contains("diagnostic"));
    assert!(!text.contains("NaN") && !text.contains("Infinity"));
    assert_eq!(open(&json, "b.json").unwrap(), b);
    // The same report gives the same bytes.
    assert_eq!(
        Bundle::from_report(&r, "שדרות").unwrap().to_json().unwrap(),
        json
    );
    let volunteers = b
        .measures
        .iter()
        .find(|m| m.id == "summary/volunteers")
        .unwrap();
    assert_eq!(
        volunteers.value,
        MeasureValue::Distinct {
            value: r.summary.volunteers.value
        }
    );
}

#[test]
fn suppressed_values_stay_suppressed_in_the_bundle() {
    let r = report(1000);
    let b = Bundle::from_report(&r, "x").unwrap();
    for m in &b.measures {
        if m.id != "activities/approved" {
            assert!(
                m.value.is_suppressed(),
                "{m:?} should be withheld at K = 1000"
            );
        }
    }
}

#[test]
fn tampering_and_foreign_files_are_refused() {
    let b = Bundle::from_report(&report(1), "x").unwrap();
    let text = String::from_utf8(b.to_json().unwrap()).unwrap();
    let forged = text.replacen("\"municipality\":\"x\"", "\"municipality\":\"y\"", 1);
    assert_ne!(forged, text);
    assert_eq!(
        open(forged.as_bytes(), "f.json").unwrap_err().code,
        "bundle.hash_mismatch"
    );
    let other = text.replacen("madad-bundle", "something-else", 1);
    assert_eq!(
        open(other.as_bytes(), "f.json").unwrap_err().code,
        "bundle.format"
    );
    let newer = text.replacen("\"version\":1", "\"version\":2", 1);
    assert_eq!(
        open(newer.as_bytes(), "f.json").unwrap_err().code,
        "bundle.version"
    );
    let err = open(b"volunteer,hours\n1,2\n", "hours.csv").unwrap_err();
    assert_eq!(
        (err.code, err.file.as_deref()),
        ("bundle.invalid", Some("hours.csv"))
    );
}

#[test]
fn merge_adds_counts_bounds_suppressed_totals_and_keeps_distinct_apart() {
    let a = bundle(
        "A",
        10,
        vec![
            ("sessions", MeasureValue::Count { value: Some(12) }),
            ("hours", MeasureValue::Sum { value: Some(30.5) }),
            ("volunteers", MeasureValue::Distinct { value: Some(11) }),
            (
                "meanHours",
                MeasureValue::Mean {
                    n: Some(11),
                    value: Some(2.0),
                },
            ),
            ("medianHours", MeasureValue::Median { value: Some(1.5) }),
        ],
    );
    let mut b = bundle(
        "B",
        10,
        vec![
            ("sessions", MeasureValue::Count { value: None }),
            ("hours", MeasureValue::Sum { value: None }),
            ("volunteers", MeasureValue::Distinct { value: Some(15) }),
            (
                "meanHours",
                MeasureValue::Mean {
                    n: Some(15),
                    value: Some(3.0),
                },
            ),
        ],
    );
    b.definitions
        .insert("maxHoursPerRecord".into(), "24".into());
    let b = b.sealed().unwrap();
    let c = bundle(
        "C",
        5,
        vec![
            ("sessions", MeasureValue::Count { value: Some(20) }),
            ("hours", MeasureValue::Sum { value: Some(10.0) }),
        ],
    );
    let m = merge(&[a, b, c]);
    let get = |id: &str| m.measures.iter().find(|x| x.id == id).unwrap();

    // 12 + 20 published; B's suppressed count is 1..9 (its K = 10).
    let sessions = get("sessions");
    assert_eq!(
        sessions.combined,
        Some(Combined::Total {
            published: 32.0,
            lower: 33.0,
            upper: Some(41.0),
            exact: false
        })
    );
    assert_eq!((sessions.suppressed_in, sessions.missing_in), (1, 0));
    // A suppressed sum has no upper bound.
    assert_eq!(
        get("hours").combined,
        Some(Combined::Total {
            published: 40.5,
            lower: 40.5,
            upper: None,
            exact: false
        })
    );
    // Unduplicated counts and medians: per municipality only.
    let v = get("volunteers");
    assert!(!v.additive && v.combined.is_none());
    assert_eq!(
        v.per_municipality
            .iter()
            .map(|p| p.value)
            .collect::<Vec<_>>(),
        vec![Some(11.0), Some(15.0), None]
    );
    assert_eq!(v.missing_in, 1);
    assert!(!get("medianHours").additive);
    // (11·2 + 15·3) / 26.
    assert_eq!(
        get("meanHours").combined,
        Some(Combined::Mean {
            n: 26,
            value: 67.0 / 26.0
        })
    );
    // B counts 24 hours per record at most, A and C 16.
    assert_eq!(m.definition_mismatches.len(), 1);
    assert_eq!(m.definition_mismatches[0].name, "maxHoursPerRecord");
    assert!(m.warnings.is_empty(), "{:?}", m.warnings);
}

#[test]
fn merge_pools_moments_exactly_and_effects_by_random_effects() {
    let m1 = Moments::of(&[1.5, 2.0, 7.25, 3.0]);
    let m2 = Moments::of(&[10.0, -2.0, 4.5, 0.5]);
    let a = bundle(
        "A",
        1,
        vec![("change", MeasureValue::Moments { value: Some(m1) })],
    );
    let b = bundle(
        "B",
        1,
        vec![("change", MeasureValue::Moments { value: Some(m2) })],
    );
    let merged = merge(&[a, b]);
    let Some(Combined::Moments { moments, sd }) = &merged.measures[0].combined else {
        panic!("{merged:?}")
    };
    // numpy on the 8 values: mean 3.34375, var(ddof=1) 14.6953125.
    assert_eq!(moments.n, 8);
    assert!((moments.mean - 3.34375).abs() < 1e-14);
    assert!((sd.unwrap() - libm::sqrt(14.6953125)).abs() < 1e-12);

    // The BCG trials as 13 municipalities: the pooled effect is the DerSimonian–Laird estimate
    // (statsmodels `combine_effects(y, v, method_re="dl")`: -0.7141172220732269, τ² 0.30876…).
    let trials: [(f64, f64, f64, f64); 13] = [
        (4., 119., 11., 128.),
        (6., 300., 29., 274.),
        (3., 228., 11., 209.),
        (62., 13536., 248., 12619.),
        (33., 5036., 47., 5761.),
        (180., 1361., 372., 1079.),
        (8., 2537., 10., 619.),
        (505., 87886., 499., 87892.),
        (29., 7470., 45., 7232.),
        (17., 1699., 65., 1600.),
        (186., 50448., 141., 27197.),
        (5., 2493., 3., 2338.),
        (27., 16886., 29., 17825.),
    ];
    let mut bundles: Vec<Bundle> = trials
        .iter()
        .enumerate()
        .map(|(i, &(a, b, c, d))| {
            let y = libm::log((a / (a + b)) / (c / (c + d)));
            let se = libm::sqrt(1.0 / a - 1.0 / (a + b) + 1.0 / c - 1.0 / (c + d));
            bundle(
                &format!("M{i}"),
                10,
                vec![(
                    "effect",
                    MeasureValue::Effect {
                        estimate: Some(y),
                        se: Some(se),
                        n: Some(100),
                    },
                )],
            )
        })
        .collect();
    // A municipality that suppressed its effect is left out of the pooling.
    bundles.push(bundle(
        "small",
        10,
        vec![(
            "effect",
            MeasureValue::Effect {
                estimate: None,
                se: None,
                n: None,
            },
        )],
    ));
    let merged = merge(&bundles);
    let Some(Combined::Pooled { random_effects }) = &merged.measures[0].combined else {
        panic!("{merged:?}")
    };
    assert_eq!(random_effects.k, 13);
    assert!((random_effects.estimate - -0.7141172220732269).abs() < 1e-9);
    assert!((random_effects.tau2 - 0.30876026286237634).abs() < 1e-9);
    assert_eq!(merged.measures[0].suppressed_in, 1);
}

#[test]
fn merge_warns_about_duplicates_versions_and_sample_data() {
    let a = bundle("A", 10, vec![]);
    let mut b = bundle("A", 10, vec![]);
    b.madad_version = "0.2.0".into();
    b.sample_data = true;
    let m = merge(&[a, b.sealed().unwrap()]);
    let codes: Vec<&str> = m.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(
        codes,
        ["duplicate_municipality", "mixed_versions", "sample_data"]
    );
}

#[test]
fn merged_totals_do_not_depend_on_bundle_order() {
    let bs: Vec<Bundle> = (0..5u64)
        .map(|i| {
            bundle(
                &format!("M{i}"),
                10,
                vec![(
                    "n",
                    MeasureValue::Count {
                        value: if i == 2 { None } else { Some(10 + i) },
                    },
                )],
            )
        })
        .collect();
    let forward = merge(&bs).measures[0].combined.clone();
    let mut reversed = bs.clone();
    reversed.reverse();
    assert_eq!(merge(&reversed).measures[0].combined, forward);
}
