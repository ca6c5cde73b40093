//! Every indicator on a small fixture whose expected values are worked out by hand below
//! (`tests/fixtures/indicators/`). Intervals are checked against statsmodels 0.15.0; each
//! expected interval names the exact call that produced it.
//!
//! The fixture (counted = approved; as of 2025-12-31; calendar years):
//!
//! | volunteer | counted activities (day, hours, department, role) |
//! |---|---|
//! | v1 | 2024-03-10 2 welfare visits; 2025-01-15 3 welfare visits; 2025-02-15 3 welfare visits + 1 welfare calls |
//! | v2 | 2025-01-15 1 education; 2025-01-16 1 welfare; 2025-01-17 1 youth (three departments, role tutor) |
//! | v3 | 2023-05-01 4 youth visits; 2025-06-01 1 youth visits |
//! | v4 | 2024-07-01 5 welfare visits |
//! | v5 | 2025-03-01 10 pending (never counted) |
//! | v6 | 2025-04-01 2 "training volunteers" (training: out of hours unless counted) |
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use madad_core::definitions::DefinitionOptions;
use madad_core::indicators::Proportion;
use madad_core::indicators::diversity::{CategoryKind, Dimension};
use madad_core::report::Indicators;
use madad_core::{AnalysisOptions, IngestOptions, Report, SourceFile, analyze, ingest};

mod support;

fn fixture(name: &str) -> Vec<u8> {
    support::read_fixture(&format!("indicators/{name}"))
}

/// statsmodels confint_proportions_2indep(3, 90, 2, 90, method='newcomb', compare='diff',
/// alpha=0.05)
const NEWCOMBE_3_2_OF_90: (f64, f64) = (-0.048308066394600266, 0.07337017530108146);

const ALL: &[(&str, &str)] = &[
    ("activity.csv", "activityLog"),
    ("registry.csv", "registry"),
    ("population.csv", "population"),
    ("opportunities.csv", "opportunities"),
    ("survey.csv", "survey"),
];

fn report_of(files: &[(&str, &str)], as_of: &str, defs: DefinitionOptions) -> Report {
    let ds = support::ingest_fixtures("indicators", files, as_of);
    for l in &ds.ledgers {
        assert_eq!(l.rows_rejected, 0, "{}: {:?}", l.name, ds.diagnostics);
    }
    analyze(
        &ds,
        &AnalysisOptions {
            suppression_threshold: 1,
            definitions: defs,
            ..AnalysisOptions::default()
        },
    )
}

fn all(defs: DefinitionOptions) -> Indicators {
    report_of(ALL, "2025-12-31", defs).indicators
}

fn v<T: Copy>(p: &madad_core::privacy::suppress::Published<T>) -> T {
    p.value.expect("published")
}

fn close(a: f64, b: f64) {
    assert!(
        (a - b).abs() <= 1e-9 * b.abs().max(1.0),
        "{a} differs from {b}"
    );
}

fn share(p: &Proportion) -> (u64, u64, f64) {
    (v(&p.numerator), v(&p.denominator), v(&p.value))
}

#[test]
fn volume_v1_v3_v4_v7_v9() {
    let i = all(DefinitionOptions::default());
    let vol = i.volume.unwrap();
    // The reporting period is 2025, the latest complete calendar year by 2025-12-31.
    assert_eq!((vol.period.as_str(), vol.partial), ("2025", false));
    // V1: v1, v2, v3 (v4 not in 2025, v5 pending only, v6 training only).
    assert_eq!(v(&vol.volunteers), 3);
    // V3: h = v1 3+3+1 = 7, v2 1+1+1 = 3, v3 1: H = 11; training (v6) 2 reported apart.
    close(v(&vol.hours), 11.0);
    close(v(&vol.training_hours), 2.0);
    // V4: mean 11/3; median of [1, 3, 7] = 3; P90 type 7: h = 2 × 0.9 = 1.8 → 3 + 0.8 × 4 = 6.2.
    close(v(&vol.mean_hours), 11.0 / 3.0);
    close(v(&vol.median_hours), 3.0);
    close(v(&vol.p90_hours), 6.2);
    // V7: sessions v1 2 (two rows on 2025-02-15 are one session), v2 3, v3 1 = 6; 11/6 h.
    assert_eq!(v(&vol.sessions), 6);
    close(v(&vol.mean_session_hours), 11.0 / 6.0);
    // V9: 11 ÷ 2184 (a year).
    close(v(&vol.fte), 11.0 / 2184.0);
    // V1 by department (a volunteer in three departments): welfare {v1, v2} 7+1 = 8 h;
    // education {v2} 1 h; youth {v2, v3} 2 h. 2 + 1 + 2 = 5 > 3: not additive.
    let d: Vec<(Option<&str>, u64, f64)> = vol
        .by_department
        .iter()
        .map(|s| (s.label.as_deref(), v(&s.volunteers), v(&s.hours)))
        .collect();
    assert_eq!(
        d,
        vec![
            (Some("education"), 1, 1.0),
            (Some("welfare"), 2, 8.0),
            (Some("youth"), 2, 2.0)
        ]
    );
    // Organisation: v3's activities name none ("not supplied", listed first).
    assert_eq!(vol.by_organisation[0].label, None);
    assert_eq!(v(&vol.by_organisation[0].volunteers), 1);
    // No wage basis: no V10, no V11.
    assert!(vol.economic_value.is_none() && vol.rovi.is_none());
}

#[test]
fn training_hours_count_when_asked() {
    let i = all(DefinitionOptions {
        count_training_hours: true,
        ..DefinitionOptions::default()
    });
    let vol = i.volume.unwrap();
    // v6 joins: N = 4, H = 11 + 2 = 13.
    assert_eq!(v(&vol.volunteers), 4);
    close(v(&vol.hours), 13.0);
}

#[test]
fn economic_value_and_rovi_are_intervals() {
    let i = all(DefinitionOptions {
        wage_low_per_hour: Some(30.0),
        wage_high_per_hour: Some(60.0),
        fringe_rate: 0.12,
        program_cost: Some(500.0),
        ..DefinitionOptions::default()
    });
    let vol = i.volume.unwrap();
    // V10: [11 × 30 × 1.12, 11 × 60 × 1.12] = [369.6, 739.2]; V11: ÷ 500.
    let value = v(&vol.economic_value.unwrap());
    close(value.low, 369.6);
    close(value.high, 739.2);
    let rovi = v(&vol.rovi.unwrap());
    close(rovi.low, 369.6 / 500.0);
    close(rovi.high, 739.2 / 500.0);
}

#[test]
fn series_retention_and_segments_r3_r4_r8() {
    let i = all(DefinitionOptions::default());
    // V(2023) = {v3}; V(2024) = {v1, v4}; V(2025) = {v1, v2, v3}.
    let s: Vec<(&str, u64)> = i
        .volume_series
        .iter()
        .map(|p| (p.period.as_str(), v(&p.volunteers)))
        .collect();
    assert_eq!(s, vec![("2023", 1), ("2024", 2), ("2025", 3)]);
    let r = &i.retention_series;
    assert!(r[0].retention.is_none());
    // 2024: RR = |{v3} ∩ {v1, v4}| / 1 = 0; New v1, v4; Lapsed v3.
    assert_eq!(share(r[1].retention.as_ref().unwrap()), (0, 1, 0.0));
    assert_eq!(
        (
            v(&r[1].new),
            v(&r[1].retained),
            v(&r[1].reactivated),
            v(&r[1].lapsed)
        ),
        (2, 0, 0, 1)
    );
    // 2025: Retained v1, New v2, Reactivated v3, Lapsed v4; RR = 1/2, churn 1/2.
    assert_eq!(share(r[2].retention.as_ref().unwrap()), (1, 2, 0.5));
    close(v(&r[2].churn), 0.5);
    assert_eq!(
        (
            v(&r[2].new),
            v(&r[2].retained),
            v(&r[2].reactivated),
            v(&r[2].lapsed)
        ),
        (1, 1, 1, 1)
    );
    // |V(2025)| = New + Retained + Reactivated.
    assert_eq!(v(&r[2].new) + v(&r[2].retained) + v(&r[2].reactivated), 3);
    // Wilson 1/2: statsmodels proportion_confint(1, 2, alpha=0.05, method='wilson')
    let ci = r[2].retention.as_ref().unwrap().ci.unwrap();
    close(ci.lower, 0.09453120573423068);
    close(ci.upper, 0.9054687942657693);
    // Change 1/2 − 0/1: statsmodels confint_proportions_2indep(1, 2, 0, 1, method='newcomb',
    // compare='diff', alpha=0.05) = (-0.39104934410983594, 0.9054687942657693).
    let ch = r[2].retention_change.as_ref().unwrap();
    close(ch.difference, 0.5);
    close(ch.ci.lower, -0.39104934410983594);
    close(ch.ci.upper, 0.9054687942657693);
    assert!(!ch.significant);
    // R8 from the registry: 2025 starters v2, leavers v4 (moved): net 0; 2024 starters v1, v4.
    assert_eq!(
        (
            v(r[2].starters.as_ref().unwrap()),
            v(r[2].leavers.as_ref().unwrap())
        ),
        (1, 1)
    );
    assert_eq!(v(r[2].net_change.as_ref().unwrap()), 0);
    assert_eq!(v(r[1].starters.as_ref().unwrap()), 2);
    let reasons = i.leaving_reasons.unwrap();
    assert_eq!(reasons.reasons.len(), 1);
    assert_eq!(reasons.reasons[0].label.as_deref(), Some("moved"));
    assert_eq!(v(&reasons.reasons[0].count), 1);
}

#[test]
fn active_rule_and_engagement_r1_r2() {
    // T = 6 months: (2025-06-30, 2025-12-31] holds no counted activity.
    let i = all(DefinitionOptions::default());
    let a = i.active.unwrap();
    assert_eq!((a.window_after.as_str(), v(&a.active)), ("2025-06-30", 0));
    // T = 12 months: v1, v2, v3 are active; enrolled = v1, v2, v3 (v4 left 2025-01-31): 3/3.
    let i = all(DefinitionOptions {
        active_window_months: 12,
        ..DefinitionOptions::default()
    });
    let a = i.active.unwrap();
    assert_eq!(v(&a.active), 3);
    assert_eq!(share(a.engagement.as_ref().unwrap()), (3, 3, 1.0));
    // With at least 3 hours in the window: v1 (7 h) and v2 (3 h), not v3 (1 h).
    let i = all(DefinitionOptions {
        active_window_months: 12,
        active_min_hours: Some(3.0),
        ..DefinitionOptions::default()
    });
    assert_eq!(v(&i.active.unwrap().active), 2);
}

#[test]
fn commitment_and_funnel_r7_r10() {
    let i = all(DefinitionOptions::default());
    // R7: ended by t: v1 (2025-01-31; last activity 2025-02-15: served) and v2 (2025-06-30;
    // last 2025-01-17: not); v3's ends in 2026. 1/2.
    assert_eq!(share(i.commitment_retention.as_ref().unwrap()), (1, 2, 0.5));
    let f = i.funnel.unwrap();
    // Registered 4; all have a session, so approved 4/4 and first 4/4; second (≥ 2 days):
    // v1, v2, v3 = 3/4; active ≥ 90 days after the first: v1 and v3 (v2 stops after 2 days),
    // all three eligible: 2/3.
    assert_eq!(v(&f.registered), 4);
    assert_eq!(share(&f.approved), (4, 4, 1.0));
    assert_eq!(share(&f.first_session), (4, 4, 1.0));
    assert_eq!(share(&f.second_session), (3, 4, 0.75));
    assert_eq!(share(&f.still_active), (2, 3, 2.0 / 3.0));
    // Days to first session: v1 9, v2 5, v3 30 (join date stands in), v4 16: median 12.5.
    close(v(&f.median_days_to_first_session), 12.5);
}

#[test]
fn a_cohort_too_young_for_the_funnel_horizon_is_not_counted() {
    // As of 2025-03-31 (later rows rejected as future): second-session people v1 (first
    // 2024-03-10) and v2 (first 2025-01-15, + 90 days = 2025-04-15 > t: not eligible). Only
    // v1 is eligible, and is still active: 1/1, not a flattering 1/2 or 2/2.
    let bytes = fixture("activity.csv");
    let text = String::from_utf8(bytes).unwrap();
    let kept: Vec<&str> = text
        .lines()
        .filter(|l| !l.contains("2025-06-01") && !l.contains("2025-04-01"))
        .collect();
    let activity = kept.join("\n");
    let registry = fixture("registry.csv");
    let ds = ingest(
        &[
            SourceFile {
                name: "a.csv",
                bytes: activity.as_bytes(),
            },
            SourceFile {
                name: "r.csv",
                bytes: &registry,
            },
        ],
        &IngestOptions {
            as_of: Some("2025-03-31".into()),
            roles: [("a.csv", "activityLog"), ("r.csv", "registry")]
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
                .into(),
            ..IngestOptions::default()
        },
    )
    .unwrap();
    let r = analyze(
        &ds,
        &AnalysisOptions {
            suppression_threshold: 1,
            ..AnalysisOptions::default()
        },
    );
    let f = r.indicators.funnel.unwrap();
    assert_eq!(share(&f.second_session), (2, 4, 0.5));
    assert_eq!(share(&f.still_active), (1, 1, 1.0));
}

fn dim<'a>(i: &'a Indicators, name: &str) -> &'a Dimension {
    i.diversity
        .as_ref()
        .unwrap()
        .dimensions
        .iter()
        .find(|d| d.dimension == name)
        .unwrap()
}

#[test]
fn diversity_v2_d1_d2_d3_d4() {
    let i = all(DefinitionOptions::default());
    let d = i.diversity.as_ref().unwrap();
    // V2: adults = volunteers of age ≥ 18 or unknown = 3; Pop_adult = 18-64 (80) + 65+ (10).
    assert!(d.adults_only);
    let vr = d.volunteer_rate.as_ref().unwrap();
    assert_eq!(share(vr), (3, 90, 3.0 / 90.0));
    // statsmodels proportion_confint(3, 90, alpha=0.05, method='wilson')
    close(vr.ci.unwrap().lower, 0.011400390222806277);
    close(vr.ci.unwrap().upper, 0.09347286030389876);
    // ΔV2 against 2024 (v1, v4: 2/90): statsmodels confint_proportions_2indep(3, 90, 2, 90,
    // method='newcomb', compare='diff', alpha=0.05)
    assert_eq!(
        share(d.previous_volunteer_rate.as_ref().unwrap()),
        (2, 90, 2.0 / 90.0)
    );
    let ch = d.volunteer_rate_change.as_ref().unwrap();
    close(ch.difference, 1.0 / 90.0);
    close(ch.ci.lower, NEWCOMBE_3_2_OF_90.0);
    close(ch.ci.upper, NEWCOMBE_3_2_OF_90.1);

    // D1 age band: v1 75 → 65+, v2 35 → 18-64, v3 unknown → not supplied; 0-17 has none.
    let age = dim(&i, "ageBand");
    let cats: Vec<(Option<&str>, CategoryKind, u64)> = age
        .categories
        .iter()
        .map(|c| (c.label.as_deref(), c.kind, v(&c.share.numerator)))
        .collect();
    assert_eq!(
        cats,
        vec![
            (Some("0-17"), CategoryKind::Value, 0),
            (Some("18-64"), CategoryKind::Value, 1),
            (Some("65+"), CategoryKind::Value, 1),
            (None, CategoryKind::NotSupplied, 1),
        ]
    );
    // D3: 65+ 1/10; D2: p' = 1/2 (two supplied) over population share 10/100 = 5.
    let senior = &age.categories[2];
    assert_eq!(share(senior.rate.as_ref().unwrap()), (1, 10, 0.1));
    // statsmodels proportion_confint(1, 10, alpha=0.05, method='wilson')
    close(
        senior.rate.as_ref().unwrap().ci.unwrap().lower,
        0.017876213095072924,
    );
    let rr = senior.representation.as_ref().unwrap();
    close(v(&rr.ratio), 5.0);
    close(rr.population_share, 0.1);
    // Its interval: Wilson(1, 2) ÷ 0.1, from proportion_confint(1, 2, method='wilson').
    close(rr.ci.unwrap().lower, 0.09453120573423068 / 0.1);
    close(rr.ci.unwrap().upper, 0.9054687942657693 / 0.1);
    // 18-64: 0.5 / 0.8 = 0.625.
    close(
        v(&age.categories[1].representation.as_ref().unwrap().ratio),
        0.625,
    );

    // Gender: F v1, M v2, v3 "prefer not to say" kept as its own category.
    let g = dim(&i, "gender");
    let kinds: Vec<(Option<&str>, CategoryKind, u64)> = g
        .categories
        .iter()
        .map(|c| (c.label.as_deref(), c.kind, v(&c.share.numerator)))
        .collect();
    assert_eq!(
        kinds,
        vec![
            (Some("F"), CategoryKind::Value, 1),
            (Some("M"), CategoryKind::Value, 1),
            (None, CategoryKind::PreferNotToSay, 1),
        ]
    );
    // F: rate 1/50; RR (1/2) ÷ (50/100) = 1; Blau 1 − (¼ + ¼) = ½.
    assert_eq!(share(g.categories[0].rate.as_ref().unwrap()), (1, 50, 0.02));
    close(
        v(&g.categories[0].representation.as_ref().unwrap().ratio),
        1.0,
    );
    close(v(&g.blau), 0.5);

    // Population group: v3's is empty → not supplied.
    let pg = dim(&i, "populationGroup");
    assert_eq!(
        pg.categories.last().unwrap().kind,
        CategoryKind::NotSupplied
    );
    // Neighbourhood: North {v1, v3}, South {v2}: Blau = 1 − (4/9 + 1/9) = 4/9.
    close(v(&dim(&i, "neighbourhood").blau), 4.0 / 9.0);

    // Departments overlap: welfare 2/3, education 1/3, youth 2/3 (sum > 1, not additive).
    let dep = dim(&i, "department");
    assert!(!dep.additive);
    let s: f64 = dep.categories.iter().map(|c| v(&c.share.value)).sum();
    close(s, 5.0 / 3.0);
    // D4 breadth: roles visits, calls, tutor; departments welfare, education, youth.
    assert_eq!((d.distinct_roles, d.distinct_departments), (3, 3));
}

#[test]
fn seniors_l9() {
    let i = all(DefinitionOptions::default());
    let s = i.seniors.unwrap();
    // Senior volunteers of 2025: v1 (75). VR_65 = 1 / 10.
    assert_eq!(v(&s.volunteers), 1);
    assert_eq!(v(&s.unknown_age), 1);
    assert_eq!(share(s.rate.as_ref().unwrap()), (1, 10, 0.1));
    // Meaningful: v1 has 7 h in roles over 2025-01..12 = 0.58 h/month < 4: 0/1.
    assert_eq!(share(&s.meaningful_roles), (0, 1, 0.0));
    // Reserve units with T = 6: nobody active at 2025-12-31: 0 of the 4 departments named
    // (education, welfare, youth in the log; seniors in the opportunities file).
    assert_eq!(share(&s.reserve_coverage), (0, 4, 0.0));
    // Senior bands: v1 has 3 h in January and 4 h in February 2025 (2 sessions): mean 7/12,
    // population SD √((9 + 16)/12 − (7/12)²) = 1.3202, CV 2.26 > 1 → irregular.
    let bands: Vec<u64> = s.intensity.iter().map(|b| v(&b.numerator)).collect();
    assert_eq!(bands, vec![0, 1, 0, 0]);
    // Senior retention: seniors of 2024 = {v1} (v4 is 45), still volunteering in 2025: 1/1.
    assert_eq!(share(&s.retention), (1, 1, 1.0));

    let i = all(DefinitionOptions {
        active_window_months: 12,
        meaningful_hours_per_month: 0.5,
        municipal_departments: vec!["welfare".into(), "youth".into()],
        ..DefinitionOptions::default()
    });
    let s = i.seniors.unwrap();
    assert_eq!(share(&s.meaningful_roles), (1, 1, 1.0));
    // v1 active in welfare: 1 of the 2 municipal departments.
    assert_eq!(share(&s.reserve_coverage), (1, 2, 0.5));
    assert_eq!(v(&s.reserve_units[0].active_seniors), 1);
}

#[test]
fn operations_v12_v13_r9() {
    let o = all(DefinitionOptions::default()).operations.unwrap();
    assert_eq!(o.opportunities, 3);
    // V13: A min(8, 10) of 10, B min(6, 5) of 5 (overfilled, capped): 13/15.
    let sf = o.slot_fill.as_ref().unwrap();
    assert_eq!(share(sf), (13, 15, 13.0 / 15.0));
    // statsmodels proportion_confint(13, 15, alpha=0.05, method='wilson')
    close(sf.ci.unwrap().lower, 0.6211801716767763);
    close(sf.ci.unwrap().upper, 0.9626387408969347);
    // Hours: (80 + 25) / (100 + 20).
    close(o.hours_coverage.unwrap(), 105.0 / 120.0);
    // R9: attended 6 + 5 of due (8 − 1) + 6 = 11/13; no-show 1 / (7 + 5) = 1/12.
    assert_eq!(share(o.attendance.as_ref().unwrap()), (11, 13, 11.0 / 13.0));
    assert_eq!(share(o.no_show.as_ref().unwrap()), (1, 12, 1.0 / 12.0));
    // V12: home visits (40 + 5) / (80 + 10) h = 0.5/h, 5 per 10 h; calls 30 / 25 = 1.2.
    let out: Vec<(&str, f64)> = o
        .outputs_per_hour
        .iter()
        .map(|r| (r.output_type.as_str(), r.per_hour.unwrap()))
        .collect();
    assert_eq!(out, vec![("home visits", 0.5), ("phone calls", 1.2)]);
    close(o.outputs_per_hour[0].per_10_hours.unwrap(), 5.0);
}

#[test]
fn experience_q1_to_q5() {
    let e = all(DefinitionOptions::default()).experience.unwrap();
    // Q1: sat ≥ 4: p1 (5), p3 (4) of 3.
    assert_eq!(
        share(&e.satisfaction.as_ref().unwrap().share),
        (2, 3, 2.0 / 3.0)
    );
    // statsmodels proportion_confint(2, 3, alpha=0.05, method='wilson')
    let ci = e.satisfaction.as_ref().unwrap().share.ci.unwrap();
    close(ci.lower, 0.2076596008020477);
    close(ci.upper, 0.9385080552796037);
    // Q1 by age: no respondent is in the registry, so one band, "not supplied": 2/3.
    assert_eq!(e.satisfaction_by_age.len(), 1);
    assert_eq!(e.satisfaction_by_age[0].band, None);
    assert_eq!(share(&e.satisfaction_by_age[0].share), (2, 3, 2.0 / 3.0));
    // Q2: burden_1 agree p1 only; burden_2 p2 only.
    let b: Vec<(&str, (u64, u64, f64))> = e
        .burden
        .iter()
        .map(|x| (x.item.as_str(), share(&x.share)))
        .collect();
    assert_eq!(
        b,
        vec![
            ("burden.1", (1, 3, 1.0 / 3.0)),
            ("burden.2", (1, 3, 1.0 / 3.0))
        ]
    );
    // Q3: VSI support scores 4.5, 2.5, 5 → mean 4.
    assert_eq!(e.vsi.len(), 1);
    assert_eq!(e.vsi[0].scale, "vsi.support");
    assert_eq!(v(&e.vsi[0].respondents), 3);
    close(v(&e.vsi[0].mean), 4.0);
    // Cronbach's α of items (4, 2, 5) and (5, 3, 5): item variances 7/3 and 4/3, total (9, 5,
    // 10) variance 7, so α = 2·(1 − (11/3)/7) = 20/21; not below 0.7.
    close(v(e.vsi[0].alpha.as_ref().unwrap()), 20.0 / 21.0);
    assert!(!e.vsi[0].alpha_warning && !e.vsi[0].reverse_scoring_suspected);
    assert!(e.vsi[0].alpha_ci.is_some());
    // Q4: VFI values complete for p1 (6.5) and p3 (4): mean 5.25; p2 has a missing item.
    assert_eq!(v(&e.vfi[0].respondents), 2);
    close(v(&e.vfi[0].mean), 5.25);
    // α of (7, 4) and (6, 4): variances 4.5 and 2, total (13, 8) variance 12.5: 2·(1 − 6.5/12.5).
    close(v(e.vfi[0].alpha.as_ref().unwrap()), 0.96);
    // Q5: intent ≥ 4: p1, p2; recommend ≥ 4: p2, p3.
    assert_eq!(share(&e.intent.as_ref().unwrap().share), (2, 3, 2.0 / 3.0));
    assert_eq!(
        share(&e.recommend.as_ref().unwrap().share),
        (2, 3, 2.0 / 3.0)
    );
}

#[test]
fn periods_of_other_types() {
    // School year: 2024/25 = 2024-09..2025-08 holds v1 (Jan, Feb), v2 (Jan), v3 (Jun 2025):
    // the latest complete school year by 2025-12-31.
    let i = all(DefinitionOptions {
        period_type: madad_core::definitions::PeriodType::SchoolYear,
        ..DefinitionOptions::default()
    });
    let vol = i.volume.unwrap();
    assert_eq!((vol.period.as_str(), v(&vol.volunteers)), ("2024/25", 3));
    // Quarter: 2025-Q4 is the latest complete quarter; nobody volunteered in it.
    let i = all(DefinitionOptions {
        period_type: madad_core::definitions::PeriodType::Quarter,
        ..DefinitionOptions::default()
    });
    let vol = i.volume.unwrap();
    assert_eq!((vol.period.as_str(), v(&vol.volunteers)), ("2025-Q4", 0));
    // FTE of a quarter: H ÷ (2184 × 3/12). 2025-Q1 holds v1 (7 h) and v2 (3 h).
    let q1 = i
        .volume_series
        .iter()
        .find(|p| p.period == "2025-Q1")
        .unwrap();
    close(v(&q1.fte), 10.0 / (2184.0 / 4.0));
}

#[test]
fn edge_cases_no_activity_one_volunteer_all_pending() {
    // Only a registry: no counted activity, as of the host's date.
    let r = report_of(
        &[("registry.csv", "registry")],
        "2025-12-31",
        Default::default(),
    );
    let vol = r.indicators.volume.unwrap();
    assert_eq!(v(&vol.volunteers), 0);
    assert_eq!(vol.mean_hours.value, None);
    assert!(!vol.mean_hours.suppressed);
    assert!(r.indicators.volume_series.is_empty());

    // All pending: nothing counts.
    let ds = ingest(
        &[SourceFile {
            name: "p.csv",
            bytes: b"volunteer id,date,hours,status\nv1,2025-01-05,2,pending\nv2,2025-01-06,1,pending\n",
        }],
        &IngestOptions {
            as_of: Some("2025-12-31".into()),
            ..IngestOptions::default()
        },
    )
    .unwrap();
    let opts = AnalysisOptions {
        suppression_threshold: 1,
        ..AnalysisOptions::default()
    };
    let r = analyze(&ds, &opts);
    assert_eq!(v(&r.indicators.volume.unwrap().volunteers), 0);
    // Counting pending too (a definitions choice) makes them volunteers.
    let r = analyze(
        &ds,
        &AnalysisOptions {
            definitions: DefinitionOptions {
                counted_statuses: vec![
                    madad_core::schema::coerce::Status::Approved,
                    madad_core::schema::coerce::Status::Pending,
                ],
                ..DefinitionOptions::default()
            },
            ..opts.clone()
        },
    );
    assert_eq!(v(&r.indicators.volume.unwrap().volunteers), 2);

    // One volunteer: every statistic is that volunteer's; with K = 10 all are withheld.
    let ds = ingest(
        &[SourceFile {
            name: "o.csv",
            bytes: b"volunteer id,date,hours\nv1,2025-01-05,2\nv1,2025-02-05,3\n",
        }],
        &IngestOptions {
            as_of: Some("2025-12-31".into()),
            ..IngestOptions::default()
        },
    )
    .unwrap();
    let vol = analyze(&ds, &opts).indicators.volume.unwrap();
    assert_eq!(v(&vol.volunteers), 1);
    close(v(&vol.median_hours), 5.0);
    close(v(&vol.p90_hours), 5.0);
    let r = analyze(&ds, &AnalysisOptions::default());
    let vol = r.indicators.volume.unwrap();
    assert!(vol.volunteers.suppressed && vol.hours.suppressed && vol.p90_hours.suppressed);
    assert!(
        r.suppression
            .iter()
            .any(|n| n.cell == "volume/volunteers" && n.reason == "count_below_k")
    );
}

#[test]
fn without_a_host_date_the_last_activity_stands_in() {
    let ds = ingest(
        &[SourceFile {
            name: "o.csv",
            bytes: b"volunteer id,date,hours\nv1,2025-01-05,2\nv2,2025-02-05,3\n",
        }],
        &IngestOptions::default(),
    )
    .unwrap();
    let r = analyze(
        &ds,
        &AnalysisOptions {
            suppression_threshold: 1,
            ..AnalysisOptions::default()
        },
    );
    assert_eq!(
        r.definitions.indicators_as_of.as_deref(),
        Some("2025-02-05")
    );
    assert_eq!(
        r.definitions.as_of_source,
        madad_core::indicators::base::AsOfSource::LastActivity
    );
}

#[test]
fn small_cells_are_withheld_with_their_rates() {
    // K = 3: the 2025 retention 1/2 has a numerator of 1 → count, rate and CI withheld.
    let ds = support::ingest_fixtures("indicators", ALL, "2025-12-31");
    let r = analyze(
        &ds,
        &AnalysisOptions {
            suppression_threshold: 3,
            ..AnalysisOptions::default()
        },
    );
    let rr = r.indicators.retention_series[2].retention.clone().unwrap();
    assert!(rr.numerator.suppressed && rr.value.suppressed && rr.ci.is_none());
    // V1 = 3 is published; its mean is a statistic of 3 people: published at K = 3.
    let vol = r.indicators.volume.unwrap();
    assert_eq!(vol.volunteers.value, Some(3));
    assert!(vol.mean_hours.value.is_some());
    // Every withheld value is in the audit list.
    assert!(
        r.suppression
            .iter()
            .any(|n| n.cell == "retention/2025/numerator")
    );
}

#[test]
fn satisfaction_by_age_band_with_complementary_suppression() {
    // Ages in 2025: a1–a4 born 1955 (70 → 65-74), b1–b2 born 1995 (30 → 18-34); the default
    // bands apply (no population table). sat_1: a 5, 5, 4, 2 → 3/4; b 5, 1 → 1/2.
    let registry =
        "volunteer id,birth year\na1,1955\na2,1955\na3,1955\na4,1955\nb1,1995\nb2,1995\n";
    let survey = "person id,sat_1\na1,5\na2,5\na3,4\na4,2\nb1,5\nb2,1\n";
    let ds = ingest(
        &[
            SourceFile {
                name: "r.csv",
                bytes: registry.as_bytes(),
            },
            SourceFile {
                name: "s.csv",
                bytes: survey.as_bytes(),
            },
        ],
        &IngestOptions {
            as_of: Some("2025-12-31".into()),
            roles: [("r.csv", "registry"), ("s.csv", "survey")]
                .map(|(a, b)| (a.to_owned(), b.to_owned()))
                .into(),
            ..IngestOptions::default()
        },
    )
    .unwrap();
    let by_age = |k: u32| {
        analyze(
            &ds,
            &AnalysisOptions {
                suppression_threshold: k,
                ..AnalysisOptions::default()
            },
        )
        .indicators
        .experience
        .unwrap()
        .satisfaction_by_age
    };
    let open = by_age(1);
    assert_eq!(open.len(), 2);
    assert_eq!(open[0].band.as_deref(), Some("18-34"));
    assert_eq!(share(&open[0].share), (1, 2, 0.5));
    assert_eq!(open[1].band.as_deref(), Some("65-74"));
    assert_eq!(share(&open[1].share), (3, 4, 0.75));
    // K = 3: cells (satisfied, not, respondents) are 18-34 (1, 1, 2) and 65-74 (3, 1, 4), with
    // the overall 4 of 6 published. Primary: 1, 1, 2 and 65-74's "not" 1. Its row then has one
    // withheld cell → 65-74's satisfied 3 goes; the respondents column has one (2) → 4 goes.
    // Nothing in the table can be published.
    let k3 = by_age(3);
    for b in &k3 {
        assert!(
            b.share.numerator.suppressed && b.share.value.suppressed,
            "{b:?}"
        );
        assert!(b.share.denominator.suppressed && b.share.ci.is_none());
    }
}

/// Without a registry nobody's gender, age band or neighbourhood is known: the group rates are
/// absent (not 0%) and no population category is invented with 0 volunteers.
#[test]
fn group_rates_need_the_volunteers_attributes() {
    let r = report_of(
        &[
            ("activity.csv", "activityLog"),
            ("population.csv", "population"),
        ],
        "2025-12-31",
        DefinitionOptions::default(),
    );
    let d = r.indicators.diversity.as_ref().unwrap();
    for dim in &d.dimensions {
        for c in &dim.categories {
            assert!(
                c.rate.is_none(),
                "{}: {:?} has a rate without attributes",
                dim.dimension,
                c.label
            );
            // Registry attributes: only "not supplied" is known (departments come from the log).
            if dim.dimension != "department" {
                assert_ne!(
                    c.kind,
                    CategoryKind::Value,
                    "{}: {:?} invented",
                    dim.dimension,
                    c.label
                );
            }
        }
    }
}
