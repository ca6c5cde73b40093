//! The report's loneliness section (issue 6): the demo municipality's planted effect, the
//! small-cell rule, a wide-layout survey, a survey with a comparison group and an hours log,
//! and degenerate input.
//!
//! Reference values: `tests/fixtures/demo-small/truth.json` (what the demo generator planted
//! and observed) and `tests/fixtures/stats/loneliness-section/reference.json`, written by
//! `generate.py` beside it (scipy 1.17.1 / statsmodels 0.15.0; each value is stored with the
//! exact call that produced it). Where a value has no independent reference, the section is
//! checked against the already-tested core functions called directly on the same numbers.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use madad_core::loneliness::change::{BootstrapOptions, ChangeOptions, analyse_change};
use madad_core::loneliness::instruments::InstrumentId;
use madad_core::loneliness::linking::{DuplicatePolicy, link};
use madad_core::loneliness::pipeline::score_waves;
use madad_core::loneliness::score::{ItemAnswer, ScoringOptions};
use madad_core::loneliness::section::{
    DEFAULT_SEED, InstrumentChoice, LonelinessOptions, LonelinessSection, RciReliability,
    WaveComparison, loneliness_section,
};
use madad_core::loneliness::survey_input::answers_for;
use madad_core::privacy::suppress::Suppressor;
use madad_core::schema::survey::{Group, Wave};
use madad_core::{AnalysisOptions, Dataset, analyze};
use serde_json::Value;

mod support;
use support::read_fixture as read;

fn dataset(files: &[(&str, &[u8], &str)]) -> Dataset {
    support::ingest_named(files, "2025-12-31")
}

fn demo() -> Dataset {
    let log = read("demo-small/hours_log.csv");
    let survey = read("demo-small/loneliness_survey.csv");
    dataset(&[
        ("hours_log.csv", &log, "activityLog"),
        ("loneliness_survey.csv", &survey, "survey"),
    ])
}

fn section(ds: &Dataset, k: u32, opts: &LonelinessOptions) -> (LonelinessSection, Suppressor) {
    let mut sup = Suppressor::new(k);
    let s = loneliness_section(ds, opts, &mut sup).expect("a loneliness survey");
    (s, sup)
}

fn reference() -> Value {
    serde_json::from_slice(&read("stats/loneliness-section/reference.json")).unwrap()
}

fn rv(r: &Value, section: &str, name: &str) -> Value {
    r[section][name]["value"].clone()
}

fn rf(r: &Value, section: &str, name: &str) -> f64 {
    rv(r, section, name).as_f64().unwrap()
}

fn close(actual: f64, expected: f64, tol: f64, what: &str) {
    let scale = expected.abs().max(1e-300);
    assert!(
        (actual - expected).abs() <= tol * scale.max(1.0),
        "{what}: {actual} vs {expected}"
    );
}

fn truth() -> Value {
    serde_json::from_slice(&read("demo-small/truth.json")).unwrap()
}

/// The demo survey: the section finds UCLA-3 (the stray 4 and 5 the generator planted are
/// reported, not read as the 5-option form), links exactly the pairs the generator reports,
/// and recovers the planted change of each group within its CI.
#[test]
fn demo_recovers_the_planted_loneliness_effect() {
    let t = truth();
    let ds = demo();
    let (s, sup) = section(&ds, 10, &LonelinessOptions::default());
    assert_eq!(s.instrument, Some(InstrumentChoice::Ucla3));
    assert_eq!(t["lonelinessEffect"]["instrument"], "UCLA-3");
    let observed = &t["survey"]["observedUclaChange"];
    let n_t = observed["interventionPairs"].as_u64().unwrap();
    let n_c = observed["comparisonPairs"].as_u64().unwrap();
    let linking = s.linking.as_ref().unwrap();
    assert_eq!(linking.matched.value, Some(n_t + n_c));
    assert_eq!(linking.follow_up.value, Some(0));

    let ch = s.change.as_ref().unwrap();
    assert_eq!(ch.group, "intervention");
    assert_eq!(ch.pairs.value, Some(n_t));
    let tt = ch.t.value.as_ref().unwrap();
    let est = tt.estimate.unwrap();
    // truth.json rounds the observed change to 4 decimals.
    assert!(
        (est - observed["intervention"].as_f64().unwrap()).abs() < 5e-5,
        "{est}"
    );
    let planted = t["lonelinessEffect"]["intervention"].as_f64().unwrap();
    let ci = tt.ci.unwrap();
    assert!(ci.lower < planted && planted < ci.upper, "{ci:?}");
    let bca = ch.mean_change_bca.as_ref().unwrap().value.unwrap();
    assert!(bca.lower < planted && planted < bca.upper, "{bca:?}");

    let cc = s.comparison_change.as_ref().unwrap();
    assert_eq!(cc.pairs.value, Some(n_c));
    let ct = cc.t.value.as_ref().unwrap();
    assert!((ct.estimate.unwrap() - observed["comparison"].as_f64().unwrap()).abs() < 5e-5);
    let planted_c = t["lonelinessEffect"]["comparison"].as_f64().unwrap();
    let cci = ct.ci.unwrap();
    assert!(cci.lower < planted_c && planted_c < cci.upper, "{cci:?}");

    // Difference in differences: the planted −1.0 − (−0.1) = −0.9 lies in both intervals.
    let cmp = s.comparison.as_ref().unwrap();
    let did = planted - planted_c;
    for (what, ci) in [
        ("welch", cmp.welch.value.as_ref().unwrap().ci.unwrap()),
        (
            "regression",
            cmp.regression.value.as_ref().unwrap().ci.unwrap(),
        ),
    ] {
        assert!(ci.lower < did && did < ci.upper, "{what} {ci:?}");
    }
    assert!(cmp.d_ppc2.value.as_ref().unwrap().estimate < 0.0);

    // The lonely flag (UCLA-3 ≥ 6) and McNemar are there; the RCI uses the published α .72.
    let lonely = ch.lonely.as_ref().unwrap();
    assert_eq!(lonely.pairs.value, Some(n_t));
    assert!(lonely.mcnemar.value.is_some());
    let rci = ch.rci.value.as_ref().unwrap();
    assert_eq!(rci.reliability, 0.72);
    assert_eq!(rci.reliability_kind, "publishedAlpha");

    // Both instruments of the file are summarised; DJG-6 is not the analysed one.
    let names: Vec<_> = s
        .instruments
        .iter()
        .map(|i| (i.instrument, i.analysed))
        .collect();
    assert_eq!(
        names,
        vec![
            (InstrumentChoice::Ucla3, true),
            (InstrumentChoice::Djg6, false)
        ]
    );
    let ucla = &s.instruments[0];
    assert_eq!(
        ucla.answer_issues, 2,
        "the planted ucla_2 = 4 and ucla_3 = 5"
    );
    assert_eq!(ucla.reliability.len(), 2);
    assert!(ucla.reliability[0].alpha.value.is_some());
    assert!(s.instruments[1].reliability[0].kr20.is_some());

    // APA in three languages; the English sentence names the paired t of the matched pairs.
    let langs: Vec<_> = s.apa.iter().map(|a| a.lang.as_str()).collect();
    assert_eq!(langs, ["he", "ar", "en"]);
    let en: String = s.apa[2].sentence.iter().map(|r| r.text.as_str()).collect();
    assert!(en.starts_with("Loneliness decreased"), "{en}");
    assert!(en.contains(&format!("({})", n_t - 1)), "{en}");
    assert_eq!(s.apa[2].rows.len(), 2, "intervention and comparison rows");

    // Power: the minimum detectable d_z of 128 pairs.
    let mde = s.power.as_ref().unwrap().mde_dz.value.unwrap();
    let direct = madad_core::stats::power::paired_mde(
        n_t as f64,
        0.8,
        1.0 - 0.95,
        madad_core::stats::power::Sides::Two,
    )
    .unwrap();
    assert_eq!(mde, direct);

    // Every withheld value is in the suppression list under `loneliness/`.
    assert!(
        sup.notes()
            .iter()
            .all(|n| n.cell.starts_with("loneliness/"))
    );
    assert!(
        sup.notes()
            .iter()
            .any(|n| n.cell == "loneliness/change/intervention/worsened")
    );
    assert!(ch.worsened.share.suppressed);
    // Improved + unchanged + worsened = the published pairs: a second share is withheld so
    // the 2 who worsened cannot be worked out.
    let shown = [&ch.improved, &ch.unchanged, &ch.worsened]
        .iter()
        .filter(|x| !x.share.suppressed)
        .count();
    assert_eq!(shown, 1);
    assert!(sup.notes().iter().any(
        |n| n.cell == "loneliness/change/intervention/unchanged" && n.reason == "complementary"
    ));
}

/// The section's change statistics equal the core functions called directly on the same
/// pairs (scored, linked and analysed by hand through the public API).
#[test]
fn demo_change_equals_the_core_functions_on_the_same_pairs() {
    let ds = demo();
    let (s, _) = section(&ds, 10, &LonelinessOptions::default());
    let mut answers = answers_for(&ds.survey, "ucla");
    for a in answers.iter_mut().flat_map(|w| w.answers.iter_mut()) {
        if matches!(a, ItemAnswer::Code(c) if !(1..=3).contains(c)) {
            *a = ItemAnswer::Invalid;
        }
    }
    let scored = score_waves(InstrumentId::Ucla3, &answers, &ScoringOptions::default()).unwrap();
    let linked = link(&scored.scores, DuplicatePolicy::Exclude);
    let pairs = linked.pairs(Wave::Pre, Wave::Post, Some(Group::Intervention));
    let opts = ChangeOptions {
        bootstrap: Some(BootstrapOptions {
            resamples: 2000,
            seed: DEFAULT_SEED,
        }),
        ..ChangeOptions::default()
    };
    let c = analyse_change(&pairs, &opts).unwrap();
    let ch = s.change.as_ref().unwrap();
    let t = c.t.as_ref().unwrap();
    let st = ch.t.value.as_ref().unwrap();
    assert_eq!(st.statistic, t.t);
    assert_eq!(st.p, t.p);
    assert_eq!(st.ci, Some(t.ci));
    assert_eq!(ch.mean_before.value, Some(c.mean_before));
    assert_eq!(ch.sd_after.value, Some(c.sd_after));
    let w = c.wilcoxon.as_ref().unwrap();
    assert_eq!(ch.wilcoxon.value.as_ref().unwrap().p, w.p);
    assert_eq!(ch.rank_biserial.value, Some(w.rank_biserial));
    let fx = c.effects.as_ref().unwrap();
    assert_eq!(ch.d_z.value.as_ref().unwrap().estimate, fx.dz);
    assert_eq!(ch.d_z.value.as_ref().unwrap().ci, Some(fx.dz_ci));
    assert_eq!(ch.g_av.value, Some(fx.g_av));
    assert_eq!(ch.sign_p.value, Some(c.sign.as_ref().unwrap().p));
    let bca = c.mean_change_bca.as_ref().unwrap().as_ref().unwrap();
    assert_eq!(ch.mean_change_bca.as_ref().unwrap().value, Some(bca.ci));
    assert_eq!(ch.improved.share.value, Some(c.improved.share));

    // The seed is a parameter: same seed, same interval; another seed, another one.
    let (again, _) = section(&ds, 10, &LonelinessOptions::default());
    assert_eq!(again, s);
    let (other, _) = section(
        &ds,
        10,
        &LonelinessOptions {
            seed: 1,
            ..LonelinessOptions::default()
        },
    );
    assert_ne!(
        other.change.as_ref().unwrap().mean_change_bca,
        ch.mean_change_bca
    );
    let (off, _) = section(
        &ds,
        10,
        &LonelinessOptions {
            bootstrap: false,
            ..LonelinessOptions::default()
        },
    );
    assert!(off.change.as_ref().unwrap().mean_change_bca.is_none());
}

/// Walks a JSON value, calling `f(path, value)` on every leaf.
fn walk(v: &Value, path: &str, f: &mut dyn FnMut(&str, &Value)) {
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                walk(x, &format!("{path}/{k}"), f);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                walk(x, &format!("{path}/{i}"), f);
            }
        }
        _ => f(path, v),
    }
}

/// With K above the matched n every statistic is withheld, nothing computed from the people
/// remains in the section, and the suppression list names the withheld cells.
#[test]
fn k_above_the_matched_n_withholds_every_statistic() {
    let ds = demo();
    let (s, sup) = section(&ds, 1000, &LonelinessOptions::default());
    let json = serde_json::to_value(&s).unwrap();
    let mut numbers = Vec::new();
    walk(&json, "", &mut |path, v| {
        // A count of 0 is published at any K (it says nothing about anyone).
        if v.is_number() && v.as_f64() != Some(0.0) {
            numbers.push(path.to_owned());
        }
    });
    // The only other numbers left are settings, not data.
    let allowed = |p: &str| {
        p.starts_with("/options/")
            || p.ends_with("/cutoff")
            || p.ends_with("/answerIssues")
            || p == "/power/alpha"
            || p == "/power/power"
            || p == "/subgroups/family"
            // The edges of a withheld side's single bin (1 and beyond) are fixed by the rule.
            || (p.contains("/distribution/bins/") && p.ends_with("/from"))
    };
    let leaked: Vec<_> = numbers.iter().filter(|p| !allowed(p)).collect();
    assert!(leaked.is_empty(), "published with K = 1000: {leaked:?}");
    let ch = s.change.as_ref().unwrap();
    assert!(ch.pairs.suppressed && ch.t.suppressed && ch.d_z.suppressed);
    assert!(
        ch.t.not_applicable.is_none(),
        "no reason that could disclose"
    );
    assert!(s.apa.is_empty(), "no APA text from withheld numbers");
    let cells: Vec<&str> = sup.notes().iter().map(|n| n.cell.as_str()).collect();
    for cell in [
        "loneliness/linking/matched",
        "loneliness/instruments/ucla3/pre/mean",
        "loneliness/change/intervention/pairs",
        "loneliness/change/intervention/t",
        "loneliness/change/intervention/dZ",
        "loneliness/change/intervention/wilcoxon",
        "loneliness/change/intervention/rci",
        "loneliness/change/intervention/lonely/mcnemar",
        "loneliness/comparison/did",
        "loneliness/comparison/dPpc2",
        "loneliness/power/mdeDz",
        "loneliness/subgroups/role/recipient/n",
    ] {
        assert!(cells.contains(&cell), "{cell} not in {cells:?}");
    }
    let reasons = |cell: &str| {
        sup.notes()
            .iter()
            .find(|n| n.cell == cell)
            .map(|n| n.reason.clone())
    };
    assert_eq!(
        reasons("loneliness/change/intervention/t").as_deref(),
        Some("pairs_below_k")
    );
    assert_eq!(
        reasons("loneliness/linking/matched").as_deref(),
        Some("count_below_k")
    );

    // Through `analyze` the report's suppression list carries the same cells.
    let report = analyze(
        &ds,
        &AnalysisOptions {
            suppression_threshold: 1000,
            ..AnalysisOptions::default()
        },
    );
    assert!(
        report
            .suppression
            .iter()
            .any(|n| n.cell == "loneliness/change/intervention/t")
    );
}

/// No person code, in any form, reaches the section.
#[test]
fn person_identifiers_never_appear() {
    let ds = demo();
    let (s, _) = section(&ds, 10, &LonelinessOptions::default());
    let json = serde_json::to_value(&s).unwrap();
    let text = String::from_utf8(read("demo-small/loneliness_survey.csv")).unwrap();
    let ids: Vec<String> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .map(str::to_owned)
        .collect();
    assert!(ids.len() > 500);
    walk(&json, "", &mut |path, v| {
        assert!(!path.to_ascii_lowercase().contains("person"), "{path}");
        if let Some(s) = v.as_str() {
            assert!(!ids.iter().any(|id| s.contains(id.as_str())), "{path}: {s}");
        }
    });
}

fn wide() -> Dataset {
    let survey = read("stats/loneliness-section/wide.csv");
    dataset(&[("wide.csv", &survey, "survey")])
}

/// Wide layout (`ucla_1_pre … ucla_3_post` in one row per person): the waves are linked from
/// the columns; values against scipy (reference.json `wide`).
#[test]
fn wide_layout_survey() {
    let r = reference();
    let ds = wide();
    let (s, _) = section(&ds, 3, &LonelinessOptions::default());
    assert_eq!(s.instrument, Some(InstrumentChoice::Ucla3));
    let pre = &s.instruments[0].waves[0];
    assert_eq!(pre.wave, "pre");
    assert_eq!(pre.n.value, Some(rv(&r, "wide", "n_pre").as_u64().unwrap()));
    close(
        pre.mean.value.unwrap(),
        rf(&r, "wide", "mean_pre"),
        1e-12,
        "mean pre",
    );
    close(
        pre.sd.value.unwrap(),
        rf(&r, "wide", "sd_pre"),
        1e-12,
        "sd pre",
    );
    close(
        pre.lonely.share.value.unwrap(),
        rf(&r, "wide", "lonely_pre"),
        1e-12,
        "lonely",
    );
    let wilson = rv(&r, "wide", "lonely_pre_wilson");
    let ci = pre.lonely.ci.unwrap();
    close(ci.lower, wilson[0].as_f64().unwrap(), 1e-9, "wilson lower");
    close(ci.upper, wilson[1].as_f64().unwrap(), 1e-9, "wilson upper");
    let post = &s.instruments[0].waves[1];
    assert_eq!(
        post.n.value,
        Some(rv(&r, "wide", "n_post").as_u64().unwrap())
    );

    let linking = s.linking.as_ref().unwrap();
    let matched = rv(&r, "wide", "matched").as_u64().unwrap();
    assert_eq!(linking.matched.value, Some(matched));
    // w13 answered only the baseline, w14's post total is missing: two drop-outs (< K = 3).
    assert!(linking.attrition.dropouts.n.suppressed);
    assert_eq!(linking.attrition.completers.n.value, Some(matched));

    let ch = s.change.as_ref().unwrap();
    assert_eq!(ch.group, "all", "no comparison group in this file");
    let t = ch.t.value.as_ref().unwrap();
    close(t.statistic, rf(&r, "wide", "t"), 1e-9, "t");
    close(t.p, rf(&r, "wide", "t_p"), 1e-9, "p");
    assert_eq!(t.df, Some(matched as f64 - 1.0));
    let tci = rv(&r, "wide", "t_ci");
    close(
        t.ci.unwrap().lower,
        tci[0].as_f64().unwrap(),
        1e-9,
        "ci lower",
    );
    close(
        t.ci.unwrap().upper,
        tci[1].as_f64().unwrap(),
        1e-9,
        "ci upper",
    );
    close(
        t.estimate.unwrap(),
        rf(&r, "wide", "mean_change"),
        1e-12,
        "mean change",
    );
    close(
        ch.d_z.value.as_ref().unwrap().estimate,
        rf(&r, "wide", "d_z"),
        1e-12,
        "d_z",
    );
    let w = ch.wilcoxon.value.as_ref().unwrap();
    close(w.p, rf(&r, "wide", "wilcoxon_p"), 1e-9, "wilcoxon p");
    close(w.statistic, rf(&r, "wide", "r_plus"), 1e-12, "V");
    let improved = rv(&r, "wide", "improved").as_u64().unwrap() as f64;
    close(
        ch.improved.share.value.unwrap(),
        improved / matched as f64,
        1e-12,
        "improved",
    );
    // 2 unchanged of 12: below K = 3, withheld.
    assert_eq!(rv(&r, "wide", "unchanged").as_u64(), Some(2));
    assert!(ch.unchanged.share.suppressed);
    let exact = ch.lonely.as_ref().unwrap().mcnemar_exact_p.value.unwrap();
    close(
        exact,
        rf(&r, "wide", "mcnemar_exact_p"),
        1e-9,
        "McNemar exact p",
    );
    // No comparison group, no hours log: reasons, no panic.
    let parts: Vec<_> = s
        .not_applicable
        .iter()
        .map(|n| (n.part.as_str(), n.code.as_str()))
        .collect();
    assert!(
        parts.contains(&("comparison", "no_comparison_group")),
        "{parts:?}"
    );
    assert!(parts.contains(&("dose", "not_in_log")), "{parts:?}");
    assert!(parts.contains(&("subgroups", "no_labels")), "{parts:?}");
    assert!(s.comparison.is_none() && s.dose.is_none());
}

fn groups() -> Dataset {
    let survey = read("stats/loneliness-section/groups.csv");
    let log = read("stats/loneliness-section/groups_hours.csv");
    dataset(&[
        ("groups.csv", &survey, "survey"),
        ("groups_hours.csv", &log, "activityLog"),
    ])
}

/// A survey with an intervention and a comparison group, survey dates, and an hours log for
/// some of the intervention group: DiD (Welch and clustered regression), ANCOVA, d_ppc2,
/// dose–response and subgroups against scipy / statsmodels (reference.json `groups`).
#[test]
fn comparison_group_dose_and_subgroups() {
    let r = reference();
    let ds = groups();
    let (s, _) = section(&ds, 2, &LonelinessOptions::default());
    let ch = s.change.as_ref().unwrap();
    assert_eq!(ch.group, "intervention");
    assert_eq!(ch.pairs.value, rv(&r, "groups", "pairs_t").as_u64());
    let cc = s.comparison_change.as_ref().unwrap();
    assert_eq!(cc.pairs.value, rv(&r, "groups", "pairs_c").as_u64());

    let c = s.comparison.as_ref().unwrap();
    close(c.did.value.unwrap(), rf(&r, "groups", "did"), 1e-12, "DiD");
    let w = c.welch.value.as_ref().unwrap();
    close(w.statistic, rf(&r, "groups", "welch_t"), 1e-9, "Welch t");
    close(
        w.df.unwrap(),
        rf(&r, "groups", "welch_df"),
        1e-9,
        "Welch df",
    );
    close(w.p, rf(&r, "groups", "welch_p"), 1e-9, "Welch p");
    let wci = rv(&r, "groups", "welch_ci");
    close(
        w.ci.unwrap().lower,
        wci[0].as_f64().unwrap(),
        1e-9,
        "Welch lower",
    );
    close(
        w.ci.unwrap().upper,
        wci[1].as_f64().unwrap(),
        1e-9,
        "Welch upper",
    );
    let reg = c.regression.value.as_ref().unwrap();
    close(
        reg.estimate.unwrap(),
        rf(&r, "groups", "reg_did"),
        1e-9,
        "β3",
    );
    close(
        reg.estimate.unwrap() / reg.statistic,
        rf(&r, "groups", "reg_se"),
        1e-9,
        "cluster SE",
    );
    close(reg.p, rf(&r, "groups", "reg_p"), 1e-9, "cluster p");
    assert_eq!(reg.df, None, "normal reference, as statsmodels");
    let an = c.ancova.value.as_ref().unwrap();
    close(
        an.group_effect.estimate.unwrap(),
        rf(&r, "groups", "ancova_effect"),
        1e-9,
        "ANCOVA effect",
    );
    close(
        an.group_effect.p,
        rf(&r, "groups", "ancova_p"),
        1e-9,
        "ANCOVA p",
    );
    close(
        an.adjusted_intervention.estimate,
        rf(&r, "groups", "ancova_adj_t"),
        1e-9,
        "adjusted T",
    );
    close(
        an.adjusted_comparison.estimate,
        rf(&r, "groups", "ancova_adj_c"),
        1e-9,
        "adjusted C",
    );
    close(
        c.d_ppc2.value.as_ref().unwrap().estimate,
        rf(&r, "groups", "d_ppc2"),
        1e-9,
        "d_ppc2",
    );

    // Dose: hours between each volunteer's own survey dates (inclusive), the day-before and
    // pending activities left out.
    let d = s.dose.as_ref().unwrap();
    assert_eq!(d.people.value, rv(&r, "groups", "dose_people").as_u64());
    for (i, band) in d.bands.iter().enumerate() {
        let n = rv(&r, "groups", &format!("dose_band{i}_n"))
            .as_u64()
            .unwrap();
        assert_eq!(band.n.value, Some(n), "{}", band.band);
        let m = band.change.value.as_ref().unwrap().estimate.unwrap();
        close(
            m,
            rf(&r, "groups", &format!("dose_band{i}_mean")),
            1e-12,
            &band.band,
        );
    }
    let trend = d.trend.value.as_ref().unwrap();
    close(
        trend.estimate.unwrap(),
        rf(&r, "groups", "dose_slope"),
        1e-9,
        "slope",
    );
    close(trend.p, rf(&r, "groups", "dose_trend_p"), 1e-9, "trend p");

    // Subgroups by role (in the hours log or not), Holm and BH over the two tests.
    let sub = s.subgroups.as_ref().unwrap();
    assert_eq!(sub.family, 2);
    let holm = rv(&r, "groups", "sub_holm");
    let bh = rv(&r, "groups", "sub_bh");
    for (i, (level, p)) in [
        ("volunteer", "sub_volunteer_p"),
        ("recipient", "sub_recipient_p"),
    ]
    .iter()
    .enumerate()
    {
        let row = sub.rows.iter().find(|x| x.level == *level).unwrap();
        close(
            row.change.value.as_ref().unwrap().p,
            rf(&r, "groups", p),
            1e-9,
            level,
        );
        close(
            row.p_holm.value.unwrap(),
            holm[i].as_f64().unwrap(),
            1e-9,
            "Holm",
        );
        close(row.p_bh.value.unwrap(), bh[i].as_f64().unwrap(), 1e-9, "BH");
    }

    // With K = 5 the 4 recipients are withheld and leave the adjustment family.
    let (s5, sup5) = section(&ds, 5, &LonelinessOptions::default());
    let sub5 = s5.subgroups.as_ref().unwrap();
    assert_eq!(sub5.family, 1);
    let rec = sub5.rows.iter().find(|x| x.level == "recipient").unwrap();
    assert!(rec.n.suppressed && rec.change.suppressed && rec.p_holm.suppressed);
    // The 8 volunteers would give the 4 recipients away (12 pairs are published): withheld
    // as their complement.
    let vol = sub5.rows.iter().find(|x| x.level == "volunteer").unwrap();
    assert!(vol.n.suppressed && vol.change.suppressed && vol.p_holm.suppressed);
    let reason = |cell: &str| {
        sup5.notes()
            .iter()
            .find(|n| n.cell == cell)
            .map(|n| n.reason.as_str())
    };
    assert_eq!(
        reason("loneliness/subgroups/role/recipient/change"),
        Some("pairs_below_k")
    );
    assert_eq!(
        reason("loneliness/subgroups/role/volunteer/n"),
        Some("complementary")
    );
    // Dose bands of 3 and 2 people are withheld at K = 5.
    let d5 = s5.dose.as_ref().unwrap();
    assert!(
        d5.bands
            .iter()
            .all(|b| b.n.suppressed && b.change.suppressed)
    );
}

/// A survey that really uses the 5-option UCLA-3 coding is read as such; naming the 3-option
/// form for it gives the core's `coding_mismatch`, not silently dropped answers.
#[test]
fn five_option_ucla3_is_detected() {
    let csv = "respondent id,wave,ucla_1,ucla_2,ucla_3\n\
               a1,pre,4,5,3\na2,pre,2,4,4\na3,pre,5,5,1\na1,post,3,4,2\na2,post,1,2,3\na3,post,2,2,2\n";
    let ds = dataset(&[("s.csv", csv.as_bytes(), "survey")]);
    let (s, _) = section(&ds, 1, &LonelinessOptions::default());
    assert_eq!(s.instrument, Some(InstrumentChoice::Ucla3Five));
    assert_eq!(s.instruments[0].answer_issues, 0);
    assert_eq!(s.linking.as_ref().unwrap().matched.value, Some(3));
    let (s, _) = section(
        &ds,
        1,
        &LonelinessOptions {
            instrument: InstrumentChoice::Ucla3,
            ..LonelinessOptions::default()
        },
    );
    let na = s.instruments[0].not_applicable.as_ref().unwrap();
    assert_eq!(na.code, "coding_mismatch");
    assert!(s.change.is_none());
}

/// The line rule for one additive relation, by hand.
#[test]
fn complementary_suppression_of_one_relation() {
    use madad_core::loneliness::section::complementary;
    // One withheld member (2 < K): its smallest positive partner goes too (2 + 9 ≥ K).
    assert_eq!(
        complementary(&[(9, false), (2, true), (42, false)], 0, 10),
        [0]
    );
    // Two withheld members adding up to less than K: a third.
    assert_eq!(
        complementary(&[(1, true), (2, true), (50, false)], 0, 10),
        [2]
    );
    // Nothing withheld: nothing to add.
    assert!(complementary(&[(20, false), (30, false)], 0, 10).is_empty());
    // An unpublished remainder of 3 people counts as withheld.
    assert_eq!(complementary(&[(20, false), (30, false)], 3, 10), [0]);
    // Zero members are the last resort.
    assert_eq!(
        complementary(&[(0, false), (5, true), (20, false)], 0, 10),
        [2]
    );
    assert_eq!(complementary(&[(0, false), (5, true)], 0, 10), [0]);
}

/// One wave only, or no wave at all: the section says why there is no change analysis.
#[test]
fn one_wave_only_is_not_applicable() {
    let csv = "respondent id,wave,ucla_1,ucla_2,ucla_3\n\
               a1,pre,1,2,3\na2,pre,2,2,2\na3,pre,3,3,1\na4,pre,1,1,1\n";
    let ds = dataset(&[("s.csv", csv.as_bytes(), "survey")]);
    let (s, _) = section(&ds, 2, &LonelinessOptions::default());
    assert!(s.change.is_none() && s.comparison.is_none() && s.power.is_none());
    assert!(s.apa.is_empty());
    assert_eq!(s.not_applicable[0].part, "change");
    assert_eq!(s.not_applicable[0].code, "no_pairs");
    assert_eq!(s.linking.as_ref().unwrap().matched.value, Some(0));
    assert_eq!(s.instruments[0].waves.len(), 1);

    // No wave column: single measurements, counted and not linked.
    let csv = "respondent id,ucla_1,ucla_2,ucla_3\na1,1,2,3\na2,2,2,2\na3,3,3,1\n";
    let ds = dataset(&[("s.csv", csv.as_bytes(), "survey")]);
    let (s, _) = section(&ds, 2, &LonelinessOptions::default());
    assert_eq!(s.instruments[0].waves[0].wave, "single");
    assert_eq!(s.linking.as_ref().unwrap().single_wave.value, Some(3));
    assert!(s.change.is_none());

    // Post → follow-up asked of a pre/post survey.
    let (s, _) = section(
        &wide(),
        3,
        &LonelinessOptions {
            waves: WaveComparison::PostFollowUp,
            ..LonelinessOptions::default()
        },
    );
    assert!(s.change.is_none());
    assert_eq!(s.not_applicable[0].code, "no_pairs");
}

/// Surveys without loneliness items and datasets without a survey give no section; asking
/// for an instrument the survey lacks gives a reason.
#[test]
fn no_survey_no_section() {
    let log = "volunteer id,date,hours\nv1,2024-01-02,2\n";
    let ds = dataset(&[("log.csv", log.as_bytes(), "activityLog")]);
    let mut sup = Suppressor::new(10);
    assert!(loneliness_section(&ds, &LonelinessOptions::default(), &mut sup).is_none());
    assert!(
        analyze(&ds, &AnalysisOptions::default())
            .loneliness
            .is_none()
    );

    let csv = "respondent id,wave,sat_1,sat_2\na1,pre,4,5\na2,pre,3,4\n";
    let ds = dataset(&[("s.csv", csv.as_bytes(), "survey")]);
    assert!(loneliness_section(&ds, &LonelinessOptions::default(), &mut sup).is_none());

    let (s, _) = section(
        &wide(),
        3,
        &LonelinessOptions {
            instrument: InstrumentChoice::Djg6,
            ..LonelinessOptions::default()
        },
    );
    assert_eq!(s.instrument, None);
    assert_eq!(s.not_applicable[0].code, "instrument_absent");
    assert!(s.linking.is_none() && s.change.is_none());
    assert_eq!(
        s.instruments.len(),
        1,
        "the UCLA-3 items are still summarised"
    );
}

/// Options: `{}` gives the documented defaults; camelCase names; the report options carry
/// them under `loneliness`.
#[test]
fn options_defaults_and_json_names() {
    let o: LonelinessOptions = serde_json::from_str("{}").unwrap();
    assert_eq!(o, LonelinessOptions::default());
    assert_eq!(o.seed, 20_261_122);
    assert_eq!(o.resamples, 2000);
    assert_eq!(o.level, 0.95);
    assert!(o.bootstrap && o.dose);
    assert_eq!(o.waves, WaveComparison::PrePost);
    let o: LonelinessOptions = serde_json::from_str(
        r#"{"instrument":"djg6","cutoff":3,"waves":"postFollowUp","missing":{"prorate":{"minAnswered":2}},
            "rciReliability":{"given":{"value":0.8,"source":"manual"}},"subgroups":["group","gender"]}"#,
    )
    .unwrap();
    assert_eq!(o.instrument, InstrumentChoice::Djg6);
    assert_eq!(o.cutoff, Some(3.0));
    assert_eq!(
        o.rci_reliability,
        RciReliability::Given {
            value: 0.8,
            source: "manual".into()
        }
    );
    let a: AnalysisOptions = serde_json::from_str(r#"{"loneliness":{"bootstrap":false}}"#).unwrap();
    assert!(!a.loneliness.bootstrap);
    let a: AnalysisOptions = serde_json::from_str("{}").unwrap();
    assert_eq!(a.loneliness, LonelinessOptions::default());
}

/// A given reliability is used by the RCI and named with its source.
#[test]
fn given_reliability_reaches_the_rci() {
    let (s, _) = section(
        &wide(),
        1,
        &LonelinessOptions {
            rci_reliability: RciReliability::Given {
                value: 0.8,
                source: "test".into(),
            },
            ..LonelinessOptions::default()
        },
    );
    let rci = s.change.as_ref().unwrap().rci.value.as_ref().unwrap();
    assert_eq!(rci.reliability, 0.8);
    assert_eq!(rci.reliability_source, "test");
    assert_eq!(rci.reliability_kind, "given");
    let (s, _) = section(
        &wide(),
        1,
        &LonelinessOptions {
            rci_reliability: RciReliability::SampleAlpha,
            ..LonelinessOptions::default()
        },
    );
    let rci = s.change.as_ref().unwrap().rci.value.as_ref().unwrap();
    assert_eq!(rci.reliability_kind, "sampleAlpha");
}

fn djg_text() -> Dataset {
    let survey = read("stats/loneliness-section/djg_text.csv");
    dataset(&[("djg_text.csv", &survey, "survey")])
}

fn djg_reference() -> Value {
    serde_json::from_slice(&read("stats/loneliness-section/djg_reference.json")).unwrap()
}

fn djg_options() -> LonelinessOptions {
    LonelinessOptions {
        rci_reliability: RciReliability::Given {
            value: 0.8,
            source: "test".into(),
        },
        ..LonelinessOptions::default()
    }
}

/// A De Jong Gierveld 6-item survey answered in words (English with the written form's
/// "Yes!" / "No!", Hebrew "כן!" / "לא!", Arabic "نعم!" / "لا!"): every answer is read, the
/// totals are the manual's, and the categories get Stuart–Maxwell, the lonely flag McNemar in
/// all its variants (reference: djg_reference.json, statsmodels / scipy, scored in Python
/// from the manual).
#[test]
fn djg_text_survey_categories_and_mcnemar() {
    let r = djg_reference();
    let v = |k: &str| r[k]["value"].clone();
    let f = |k: &str| v(k).as_f64().unwrap();
    let (s, _) = section(&djg_text(), 5, &djg_options());
    assert_eq!(s.instrument, Some(InstrumentChoice::Djg6));
    let ins = &s.instruments[0];
    assert_eq!(
        ins.answer_issues, 0,
        "every word is a label of the instrument"
    );
    assert_eq!(ins.waves[0].n.value, v("n_pre").as_u64());
    close(
        ins.waves[0].mean.value.unwrap(),
        f("mean_pre"),
        1e-12,
        "mean pre",
    );
    close(
        ins.waves[1].mean.value.unwrap(),
        f("mean_post"),
        1e-12,
        "mean post",
    );

    let ch = s.change.as_ref().unwrap();
    assert_eq!(ch.pairs.value, v("matched").as_u64());
    let cat = ch.categories.as_ref().expect("DJG-6 has three categories");
    assert_eq!(
        cat.categories,
        ["notLonely", "moderatelyLonely", "severelyLonely"]
    );
    assert_eq!(cat.pairs.value, v("matched").as_u64());
    let sm = cat.stuart_maxwell.value.as_ref().unwrap();
    close(
        sm.statistic,
        f("stuart_maxwell_chi2"),
        1e-9,
        "Stuart–Maxwell χ²",
    );
    assert_eq!(sm.df, Some(f("stuart_maxwell_df")));
    close(sm.p, f("stuart_maxwell_p"), 1e-9, "Stuart–Maxwell p");

    let l = ch.lonely.as_ref().unwrap();
    let cc = l.mcnemar.value.as_ref().unwrap();
    close(cc.statistic, f("mcnemar_chi2_cc"), 1e-12, "χ² corrected");
    close(cc.p, f("mcnemar_p_cc"), 1e-9, "p corrected");
    let un = l.mcnemar_uncorrected.value.as_ref().unwrap();
    close(un.statistic, f("mcnemar_chi2"), 1e-12, "χ²");
    close(un.p, f("mcnemar_p"), 1e-9, "p");
    close(
        l.mcnemar_exact_p.value.unwrap(),
        f("mcnemar_exact_p"),
        1e-9,
        "exact p",
    );
    close(
        l.mcnemar_mid_p.value.unwrap(),
        f("mcnemar_mid_p"),
        1e-9,
        "mid-p",
    );

    // Fewer matched pairs than K: the test is withheld, with its cell in the audit list.
    let (s, sup) = section(&djg_text(), 60, &djg_options());
    let cat = s.change.as_ref().unwrap().categories.as_ref().unwrap();
    assert!(cat.stuart_maxwell.suppressed && cat.stuart_maxwell.value.is_none());
    assert!(cat.pairs.suppressed);
    assert!(sup.notes().iter().any(
        |n| n.cell == "loneliness/change/all/categories/stuartMaxwell"
            && n.reason == "pairs_below_k"
    ));
    // UCLA-3 has two categories: McNemar, no Stuart–Maxwell block.
    let (s, _) = section(&wide(), 3, &LonelinessOptions::default());
    assert!(s.change.as_ref().unwrap().categories.is_none());
}

/// The change histogram: bins of whole scale points merged to at least K people, the
/// reliable-change threshold as an edge, the open outer bin, and the sides whose shares are
/// withheld shown as one withheld bin (reference: djg_reference.json `hist_*`, the rule
/// re-implemented in Python from its text).
#[test]
fn djg_text_survey_change_histogram() {
    let r = djg_reference();
    let v = |k: &str| r[k]["value"].clone();
    let (s, sup) = section(&djg_text(), 5, &djg_options());
    let ch = s.change.as_ref().unwrap();
    let n = v("matched").as_f64().unwrap();
    let rci = ch.rci.value.as_ref().unwrap();
    close(
        rci.reliable_change,
        v("rci_threshold").as_f64().unwrap(),
        1e-12,
        "RCI threshold",
    );
    let bins = &ch.distribution.bins;
    let side = |name: &str| -> Vec<(u32, Option<u32>, Option<f64>, bool)> {
        bins.iter()
            .filter(|b| b.side == name)
            .map(|b| (b.from, b.to, b.share.value, b.share.suppressed))
            .collect()
    };
    let expect = |key: &str, published: bool| -> Vec<(u32, Option<u32>, Option<f64>, bool)> {
        v(key)
            .as_array()
            .unwrap()
            .iter()
            .map(|b| {
                let count = b[2].as_f64().unwrap();
                (
                    b[0].as_u64().unwrap() as u32,
                    b[1].as_u64().map(|x| x as u32),
                    published.then_some(count / n),
                    !published,
                )
            })
            .collect()
    };
    // Improved side: most improved first in the report.
    let mut improved = expect("hist_improved", true);
    improved.reverse();
    assert_eq!(side("improved"), improved);
    // 2 worsened (< K = 5): the side is one withheld bin; the unchanged bin is the unchanged
    // share, withheld as its complement.
    assert_eq!(v("worsened").as_u64(), Some(2));
    assert_eq!(side("worsened"), expect("hist_worsened", false));
    assert_eq!(side("unchanged"), vec![(0, Some(0), None, true)]);
    assert!(ch.unchanged.share.suppressed);
    // No published bin holds 1 to K−1 people, and the published shares add up to the
    // improved share.
    let published: Vec<f64> = bins.iter().filter_map(|b| b.share.value).collect();
    assert!(published.iter().all(|x| x * n >= 5.0 - 1e-9));
    close(
        published.iter().sum::<f64>(),
        ch.improved.share.value.unwrap(),
        1e-12,
        "bins add up to the improved share",
    );
    assert!(!ch.distribution.rule.is_empty());
    assert!(
        !sup.notes()
            .iter()
            .any(|x| x.cell.contains("/distribution/")),
        "bins inside a published side are never withheld"
    );
    // At K = 60 (> 47 pairs) every side is withheld.
    let (s, _) = section(&djg_text(), 60, &djg_options());
    let bins = &s.change.as_ref().unwrap().distribution.bins;
    assert_eq!(bins.len(), 3);
    assert!(
        bins.iter()
            .all(|b| b.share.suppressed && b.share.value.is_none())
    );
}

/// The demo's histogram adds up to the published improved / unchanged / worsened shares and
/// never shows a bin of 1 to K−1 people, at K = 10 and at K = 100 (more than either group).
#[test]
fn demo_change_histogram_is_consistent_with_the_shares() {
    let ds = demo();
    for k in [10u32, 100] {
        let (s, _) = section(&ds, k, &LonelinessOptions::default());
        let bins = &s.change.as_ref().unwrap().distribution.bins;
        if k == 10 {
            // 84 of 128 improved: the side is split into several bins.
            assert!(
                bins.iter()
                    .filter(|b| b.side == "improved" && b.share.value.is_some())
                    .count()
                    >= 2
            );
        }
        for ch in [
            s.change.as_ref().unwrap(),
            s.comparison_change.as_ref().unwrap(),
        ] {
            let n = ch.pairs.value.map(|x| x as f64);
            for (name, share) in [
                ("improved", &ch.improved),
                ("unchanged", &ch.unchanged),
                ("worsened", &ch.worsened),
            ] {
                let bins: Vec<_> = ch
                    .distribution
                    .bins
                    .iter()
                    .filter(|b| b.side == name)
                    .collect();
                assert!(!bins.is_empty(), "{k} {name}");
                if share.share.suppressed {
                    assert_eq!(bins.len(), 1);
                    assert!(bins[0].share.suppressed);
                } else {
                    let sum: f64 = bins.iter().map(|b| b.share.value.unwrap()).sum();
                    close(sum, share.share.value.unwrap(), 1e-12, name);
                    for b in &bins {
                        assert!(b.share.value.unwrap() * n.unwrap() >= f64::from(k) - 1e-9);
                    }
                }
            }
        }
    }
}

/// Subgroups by municipality and living alone (issue 6 §7), from the survey's own columns given
/// on the pre row only, against scipy `ttest_1samp` and statsmodels `multipletests` (Holm, BH)
/// over the five subgroup tests (`subgroups_reference.json`, `generate_subgroups.py`).
#[test]
fn subgroups_by_municipality_and_living_alone() {
    let r: Value =
        serde_json::from_slice(&read("stats/loneliness-section/subgroups_reference.json")).unwrap();
    let v = |k: &str| r[k]["value"].clone();
    let survey = read("stats/loneliness-section/subgroups.csv");
    let ds = dataset(&[("subgroups.csv", &survey, "survey")]);
    // "maybe" is not a yes/no answer: a warning on that cell, the row still used.
    let ledger = &ds.ledgers[0];
    assert_eq!(ledger.rows_rejected, 0);
    assert!(
        ledger.problems.iter().any(|p| p.code == "value.ignored"),
        "{:?}",
        ledger.problems
    );
    let opts = LonelinessOptions {
        subgroups: vec!["municipality".to_owned(), "livingAlone".to_owned()],
        ..LonelinessOptions::default()
    };
    let (s, _) = section(&ds, 2, &opts);
    let sub = s.subgroups.as_ref().unwrap();
    assert_eq!(sub.family, v("family").as_u64().unwrap());
    assert_eq!(sub.rows.len(), 5);
    for row in &sub.rows {
        let key = format!("{}/{}", row.dimension, row.level);
        assert_eq!(row.n.value, v(&format!("{key}/n")).as_u64(), "{key} n");
        let t = row.change.value.as_ref().unwrap();
        close(
            t.estimate.unwrap(),
            v(&format!("{key}/mean")).as_f64().unwrap(),
            1e-12,
            &key,
        );
        close(t.p, v(&format!("{key}/p")).as_f64().unwrap(), 1e-9, &key);
        close(
            row.p_holm.value.unwrap(),
            v(&format!("{key}/holm")).as_f64().unwrap(),
            1e-9,
            &key,
        );
        close(
            row.p_bh.value.unwrap(),
            v(&format!("{key}/bh")).as_f64().unwrap(),
            1e-9,
            &key,
        );
    }
}
