//! The loneliness analyses end to end: linking, attrition, change, reliable change,
//! comparison group, dose–response, subgroups and APA text, against the statsmodels / scipy /
//! pingouin values in `tests/fixtures/stats/loneliness/reference.json` (calls stored there).
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::path::Path;

use madad_core::loneliness::apa::{
    Lang, change_sentence, mcnemar_text, paired_t_text, results_table, to_marked, to_plain,
    wilcoxon_text,
};
use madad_core::loneliness::change::{BootstrapOptions, ChangeOptions, analyse_change};
use madad_core::loneliness::comparison::{ClusterReference, compare_groups};
use madad_core::loneliness::dose::{DoseInput, Role, dose_response};
use madad_core::loneliness::instruments::Category;
use madad_core::loneliness::linking::{DuplicatePolicy, Pair, WaveScore, attrition, link};
use madad_core::loneliness::rci::{RciOptions, ReliabilitySource, reliable_change};
use madad_core::loneliness::subgroups::{SubgroupInput, subgroup_changes};
use madad_core::schema::survey::{Group, Wave};
use madad_core::stats::effect_size::paired_effects;
use madad_core::stats::paired::{Alternative, WilcoxonOptions, mcnemar, paired_t, wilcoxon};
use serde_json::Value;

fn reference() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/stats/loneliness/reference.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn vec_of(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

#[track_caller]
fn close(actual: f64, expected: f64, rel: f64) {
    let tol = rel * expected.abs().max(1e-300);
    assert!(
        (actual - expected).abs() <= tol,
        "actual {actual} expected {expected}"
    );
}

fn num(v: &Value, key: &str) -> f64 {
    v["value"][key].as_f64().unwrap()
}

fn pairs(pre: &[f64], post: &[f64], first_id: u32, group: Group, cutoff: f64) -> Vec<Pair> {
    pre.iter()
        .zip(post)
        .enumerate()
        .map(|(i, (&a, &b))| Pair {
            person: first_id + i as u32,
            group,
            before: a,
            after: b,
            before_lonely: Some(a >= cutoff),
            after_lonely: Some(b >= cutoff),
            before_category: Some(if a >= cutoff {
                Category::Lonely
            } else {
                Category::NotLonely
            }),
            after_category: Some(if b >= cutoff {
                Category::Lonely
            } else {
                Category::NotLonely
            }),
        })
        .collect()
}

fn ws(person: u32, wave: Wave, score: Option<f64>) -> WaveScore {
    WaveScore {
        person,
        wave,
        group: Group::Intervention,
        score,
        lonely: score.map(|s| s >= 6.0),
        category: None,
    }
}

#[test]
fn linking_counts_duplicates_and_attrition() {
    let r = reference();
    let pre_a = vec_of(&r["data"]["pre_a"]);
    let post_a = vec_of(&r["data"]["post_a"]);
    let mut scores = Vec::new();
    for (i, &s) in pre_a.iter().enumerate() {
        scores.push(ws(i as u32, Wave::Pre, Some(s)));
        if i < 30 {
            scores.push(ws(i as u32, Wave::Post, Some(post_a[i])));
        }
    }
    scores.push(ws(0, Wave::FollowUp, Some(4.0)));
    scores.push(ws(1, Wave::FollowUp, None));
    // Person 2 answered the post survey twice; person 99 only a post survey.
    scores.push(ws(2, Wave::Post, Some(9.0)));
    scores.push(ws(99, Wave::Post, Some(5.0)));
    let l = link(&scores, DuplicatePolicy::Exclude);
    assert_eq!(l.duplicates.len(), 1);
    assert_eq!(
        (
            l.duplicates[0].person,
            l.duplicates[0].wave,
            l.duplicates[0].count
        ),
        (2, Wave::Post, 2)
    );
    assert_eq!(l.n_pre, 40);
    assert_eq!(l.n_post, 30); // 29 + person 99, person 2 excluded
    assert_eq!(l.matched_pre_post, 29);
    assert_eq!(l.matched_pre_follow_up, 1);
    assert_eq!(l.matched_all, 1);
    let k = link(&scores, DuplicatePolicy::KeepFirst);
    assert_eq!(k.matched_pre_post, 30);
    assert_eq!(k.pairs(Wave::Pre, Wave::Post, None)[2].after, post_a[2]);
    // Attrition with the first response kept: completers are people 0–29.
    let a = attrition(&k, Wave::Post, 0.95);
    assert_eq!((a.completers.n, a.dropouts.n), (30, 10));
    let e = &r["attrition"]["a"];
    let w = a.difference.as_ref().unwrap();
    close(w.t, num(e, "t"), 1e-9);
    close(w.p, num(e, "p"), 1e-9);
    assert!(a.smd.is_some());
}

#[test]
fn change_analysis_combines_the_tests() {
    let r = reference();
    let pre = vec_of(&r["data"]["pre_a"]);
    let post = vec_of(&r["data"]["post_a"]);
    let p = pairs(&pre, &post, 0, Group::Intervention, 6.0);
    let c = analyse_change(&p, &ChangeOptions::default()).unwrap();
    let t = c.t.as_ref().unwrap();
    close(t.t, num(&r["paired_t"]["a"], "t"), 1e-9);
    let w = c.wilcoxon.as_ref().unwrap();
    close(w.p, num(&r["wilcoxon"]["a_wilcox_auto"], "p"), 1e-9);
    let fx = c.effects.as_ref().unwrap();
    close(fx.dz, num(&r["effects"]["a"], "dz"), 1e-9);
    let d: Vec<f64> = post.iter().zip(&pre).map(|(b, a)| b - a).collect();
    assert_eq!(c.improved.count, d.iter().filter(|&&v| v < 0.0).count());
    assert_eq!(c.worsened.count, d.iter().filter(|&&v| v > 0.0).count());
    assert_eq!(c.improved.count + c.unchanged.count + c.worsened.count, c.n);
    // McNemar on the lonely flag, from the table's discordant cells.
    let flag = c.flag.as_ref().unwrap();
    let b = pre
        .iter()
        .zip(&post)
        .filter(|(a, p)| **a >= 6.0 && **p < 6.0)
        .count() as u64;
    let cc = pre
        .iter()
        .zip(&post)
        .filter(|(a, p)| **a < 6.0 && **p >= 6.0)
        .count() as u64;
    assert_eq!((flag.table[0][1], flag.table[1][0]), (b, cc));
    assert_eq!(flag.mcnemar.as_ref().unwrap(), &mcnemar(b, cc).unwrap());
    // Two categories: Stuart–Maxwell defers to McNemar.
    assert_eq!(
        c.categories
            .as_ref()
            .unwrap()
            .stuart_maxwell
            .as_ref()
            .unwrap_err()
            .code,
        "two_categories"
    );
    // A BCa interval of the mean change, reproducible from its seed.
    let boot = ChangeOptions {
        bootstrap: Some(BootstrapOptions {
            resamples: 2000,
            seed: 7,
        }),
        ..ChangeOptions::default()
    };
    let b1 = analyse_change(&p, &boot)
        .unwrap()
        .mean_change_bca
        .unwrap()
        .unwrap();
    let b2 = analyse_change(&p, &boot)
        .unwrap()
        .mean_change_bca
        .unwrap()
        .unwrap();
    assert_eq!(b1, b2);
    close(b1.estimate, t.mean_difference, 1e-12);
    assert!(b1.ci.lower < t.mean_difference && t.mean_difference < b1.ci.upper);
    // Degenerate: nobody changed.
    let same = pairs(&pre, &pre, 0, Group::Intervention, 6.0);
    let c = analyse_change(&same, &ChangeOptions::default()).unwrap();
    assert_eq!(c.t.unwrap_err().code, "no_change");
    assert_eq!(c.wilcoxon.unwrap_err().code, "no_change");
    assert_eq!(c.flag.unwrap().mcnemar.unwrap_err().code, "no_discordant");
    assert_eq!(
        analyse_change(&[], &ChangeOptions::default())
            .unwrap_err()
            .code,
        "too_few"
    );
}

#[test]
fn category_change_uses_stuart_maxwell_beyond_two_categories() {
    // De Jong Gierveld 6-item categories before and after (rows = before).
    let table = [[20u64, 5, 2], [3, 15, 6], [1, 2, 10]];
    let cats = [
        Category::NotLonely,
        Category::ModeratelyLonely,
        Category::SeverelyLonely,
    ];
    let mut p = Vec::new();
    for (i, row) in table.iter().enumerate() {
        for (j, &n) in row.iter().enumerate() {
            for _ in 0..n {
                p.push(Pair {
                    person: p.len() as u32,
                    group: Group::NotGiven,
                    before: i as f64 * 2.0,
                    after: j as f64 * 2.0,
                    before_lonely: None,
                    after_lonely: None,
                    before_category: Some(cats[i]),
                    after_category: Some(cats[j]),
                });
            }
        }
    }
    let c = analyse_change(&p, &ChangeOptions::default()).unwrap();
    let cc = c.categories.unwrap();
    assert_eq!(cc.categories, cats.to_vec());
    assert_eq!(
        cc.table,
        table.iter().map(|r| r.to_vec()).collect::<Vec<_>>()
    );
    let e = &reference()["stuart_maxwell"]["k3"];
    close(cc.stuart_maxwell.unwrap().chi2, num(e, "chi2"), 1e-9);
    assert!(c.flag.is_none());
}

#[test]
fn reliable_change_index_jacobson_truax() {
    // SE = s1·√(1 − r), S_diff = √2·SE, RCI = (post − pre)/S_diff; with s1 = 10 (norm) and
    // r = .73: SE = 10·√.27 = 5.196152422706632, S_diff = 7.348469228349534.
    let p = pairs(
        &[50.0, 40.0, 60.0],
        &[30.0, 45.0, 60.0],
        0,
        Group::Intervention,
        45.0,
    );
    let o = RciOptions {
        reliability: ReliabilitySource::PublishedTestRetest {
            value: 0.73,
            source: "Russell (1996)".into(),
        },
        sd_pre: Some(10.0),
        critical: 1.96,
        cutoff: Some(45.0),
    };
    let rci = reliable_change(&p, &o).unwrap();
    close(rci.se_measurement, 10.0 * libm::sqrt(0.27), 1e-12);
    close(rci.s_diff, libm::sqrt(2.0 * 100.0 * 0.27), 1e-12);
    close(rci.index[0], -20.0 / libm::sqrt(54.0), 1e-12);
    assert_eq!((rci.improved, rci.unchanged, rci.deteriorated), (1, 2, 0));
    assert_eq!(rci.recovered, Some(1));
    assert!(!rci.sd_from_sample);
    let bad = RciOptions {
        reliability: ReliabilitySource::SampleAlpha { value: 1.0, n: 10 },
        ..o
    };
    assert_eq!(
        reliable_change(&p, &bad).unwrap_err().code,
        "bad_reliability"
    );
}

#[test]
fn comparison_group_did_ancova_and_dppc2() {
    let r = reference();
    let t = pairs(
        &vec_of(&r["data"]["pre_a"]),
        &vec_of(&r["data"]["post_a"]),
        0,
        Group::Intervention,
        6.0,
    );
    let c = pairs(
        &vec_of(&r["data"]["pre_c"]),
        &vec_of(&r["data"]["post_c"]),
        100,
        Group::Comparison,
        6.0,
    );
    let cmp = compare_groups(&t, &c, ClusterReference::Normal, 0.95).unwrap();
    let e = &r["comparison"]["did_cluster"];
    let reg = cmp.regression.as_ref().unwrap();
    close(reg.did.estimate, num(e, "est"), 1e-9);
    close(cmp.did, num(e, "est"), 1e-9);
    close(reg.did.std_error, num(e, "se"), 1e-9);
    close(reg.did.p, num(e, "p"), 1e-9);
    close(reg.did.ci.lower, num(e, "lo"), 1e-9);
    close(reg.did.ci.upper, num(e, "hi"), 1e-9);
    assert_eq!((reg.n_obs, reg.n_clusters), (140, 70));
    let cmp_t = compare_groups(&t, &c, ClusterReference::StudentT, 0.95).unwrap();
    let e = &r["comparison"]["did_cluster_t"];
    let reg = cmp_t.regression.as_ref().unwrap();
    close(reg.did.p, num(e, "p"), 1e-9);
    close(reg.did.ci.lower, num(e, "lo"), 1e-9);
    close(reg.did.ci.upper, num(e, "hi"), 1e-9);
    let e = &r["comparison"]["did_welch"];
    let w = cmp.welch.as_ref().unwrap();
    close(w.t, num(e, "t"), 1e-9);
    close(w.df, num(e, "df"), 1e-9);
    close(w.p, num(e, "p"), 1e-9);
    let e = &r["comparison"]["ancova"];
    let a = cmp.ancova.as_ref().unwrap();
    close(a.group_effect.estimate, num(e, "b_treat"), 1e-9);
    close(a.group_effect.std_error, num(e, "se"), 1e-9);
    close(a.group_effect.p, num(e, "p"), 1e-9);
    close(a.group_effect.ci.lower, num(e, "lo"), 1e-9);
    close(a.group_effect.ci.upper, num(e, "hi"), 1e-9);
    close(a.pre_slope, num(e, "b_pre"), 1e-9);
    close(a.adjusted_mean_intervention.estimate, num(e, "adj_t"), 1e-9);
    close(
        a.adjusted_mean_intervention.std_error,
        num(e, "adj_t_se"),
        1e-9,
    );
    close(a.adjusted_mean_comparison.estimate, num(e, "adj_c"), 1e-9);
    close(
        a.adjusted_mean_comparison.ci.lower,
        num(e, "adj_c_lo"),
        1e-9,
    );
    close(
        a.adjusted_mean_comparison.ci.upper,
        num(e, "adj_c_hi"),
        1e-9,
    );
    close(a.f, num(e, "F"), 1e-9);
    close(a.partial_eta_squared, num(e, "np2"), 1e-9);
    let e = &r["comparison"]["dppc2"];
    let d = cmp.dppc2.as_ref().unwrap();
    close(d.d, num(e, "d"), 1e-9);
    close(d.ci.lower, num(e, "lo"), 1e-9);
    close(d.ci.upper, num(e, "hi"), 1e-9);
    assert_eq!(
        compare_groups(&t[..1], &c, ClusterReference::Normal, 0.95)
            .unwrap_err()
            .code,
        "too_few"
    );
}

#[test]
fn dose_response_by_band_and_role() {
    let r = reference();
    let d = vec_of(&r["data"]["d_a"]);
    let hours = vec_of(&r["data"]["hours"]);
    let roles: Vec<&str> = r["data"]["roles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let mut inputs: Vec<DoseInput> = (0..d.len())
        .map(|i| DoseInput {
            person: i as u32,
            change: d[i],
            hours_per_week: hours[i],
            role: if roles[i] == "volunteer" {
                Role::Volunteer
            } else {
                Role::Recipient
            },
        })
        .collect();
    inputs.push(DoseInput {
        person: 999,
        change: -1.0,
        hours_per_week: -3.0,
        role: Role::Volunteer,
    });
    let dr = dose_response(&inputs, 0.95).unwrap();
    assert_eq!(dr.excluded, 1);
    for (name, view) in [
        ("all", &dr.all),
        ("volunteers", &dr.volunteers),
        ("recipients", &dr.recipients),
    ] {
        let e = &r["dose"][name];
        let trend = view.trend.as_ref().unwrap();
        close(trend.slope, num(e, "slope"), 1e-9);
        close(trend.p, num(e, "p"), 1e-9);
        close(view.share_two_or_more, num(e, "share2"), 1e-12);
        for (b, want) in view
            .bands
            .iter()
            .zip(e["value"]["bands"].as_array().unwrap())
        {
            assert_eq!(b.n as u64, want["n"].as_u64().unwrap());
            if let Some(m) = want["mean"].as_f64() {
                close(b.mean_change.unwrap(), m, 1e-12);
            }
            match (want["p"].as_f64(), &b.ci) {
                (Some(p), Ok(ci)) => {
                    close(b.p.unwrap(), p, 1e-9);
                    close(ci.lower, want["lo"].as_f64().unwrap(), 1e-9);
                }
                (None, Err(_)) => {}
                other => panic!("{name}: {other:?}"),
            }
        }
    }
}

#[test]
fn subgroups_with_holm_and_bh() {
    let r = reference();
    let d = vec_of(&r["data"]["d_a"]);
    let strs = |k: &str| -> Vec<String> {
        r["data"][k]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let gender = strs("gender");
    let town = strs("town");
    let inputs: Vec<SubgroupInput> = (0..d.len())
        .map(|i| SubgroupInput {
            change: d[i],
            labels: vec![
                ("gender".into(), gender[i].clone()),
                ("town".into(), town[i].clone()),
            ],
        })
        .collect();
    let s = subgroup_changes(&inputs, &["gender", "town"], 0.95).unwrap();
    let e = &r["subgroups"]["d_a"]["value"];
    let names: Vec<String> = s
        .rows
        .iter()
        .map(|row| format!("{}={}", row.dimension, row.level))
        .collect();
    let want_names: Vec<&str> = e["names"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    assert_eq!(names, want_names);
    assert_eq!(s.family, 6);
    for (i, row) in s.rows.iter().enumerate() {
        close(
            row.test.as_ref().unwrap().p,
            e["p"][i].as_f64().unwrap(),
            1e-9,
        );
        close(row.p_holm.unwrap(), e["holm"][i].as_f64().unwrap(), 1e-9);
        close(row.p_bh.unwrap(), e["bh"][i].as_f64().unwrap(), 1e-9);
    }
}

#[test]
fn apa_text_in_three_languages() {
    // The R sleep data: t(9) = −4.06, p = .003.
    let g1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0];
    let g2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4];
    let d: Vec<f64> = g1.iter().zip(&g2).map(|(a, b)| a - b).collect();
    let t = paired_t(&d, Alternative::TwoSided, 0.95).unwrap();
    let fx = paired_effects(&g2, &g1, 0.95).unwrap();
    let en = paired_t_text(&t, Some(&fx), Lang::En);
    let want = format!(
        "*t*(9) = \u{2212}4.06, *p* = .003, *d*_{{z}} = \u{2212}1.28, 95% CI [{}, {}]",
        madad_core::loneliness::apa::number(fx.dz_ci.lower, 2),
        madad_core::loneliness::apa::number(fx.dz_ci.upper, 2)
    );
    assert_eq!(to_marked(&en), want);
    let he = to_plain(&paired_t_text(&t, Some(&fx), Lang::He));
    assert!(he.contains("רווח סמך 95%"), "{he}");
    let ar = to_plain(&paired_t_text(&t, Some(&fx), Lang::Ar));
    assert!(ar.contains("فترة ثقة 95%"), "{ar}");
    // p below .001 and Wilcoxon / McNemar strings.
    let m = mcnemar(150, 86).unwrap();
    assert_eq!(
        to_marked(&mcnemar_text(&m, false)),
        "*χ*²(1) = 16.82, *p* < .001"
    );
    assert_eq!(
        to_marked(&mcnemar_text(&mcnemar(3, 9).unwrap(), true)),
        "*b* = 3, *c* = 9, exact *p* = .146"
    );
    let x = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30];
    #[allow(clippy::approx_constant)] // 3.14 is a data value, not π.
    let y = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29];
    let dw: Vec<f64> = x.iter().zip(&y).map(|(a, b)| a - b).collect();
    let w = wilcoxon(&dw, WilcoxonOptions::default()).unwrap();
    assert_eq!(
        to_marked(&wilcoxon_text(&w)),
        "*V* = 40, *p* = .039, *r*_{rb} = .78"
    );
    // A sentence and a table.
    let p = pairs(&g2, &g1, 0, Group::Intervention, 2.0);
    let c = analyse_change(&p, &ChangeOptions::default()).unwrap();
    let s = to_plain(&change_sentence(&c, Lang::En));
    assert!(s.starts_with("Loneliness decreased from M = 2.33 (SD = 2.00) to M = 0.75 (SD = 1.79), t(9) = \u{2212}4.06"), "{s}");
    assert!(to_plain(&change_sentence(&c, Lang::He)).starts_with("ציון הבדידות ירד"));
    assert!(to_plain(&change_sentence(&c, Lang::Ar)).starts_with("انخفضت درجة الوحدة"));
    let table = results_table(&[("UCLA-3".to_owned(), &c)], Lang::He);
    assert_eq!(table.columns.len(), 8);
    assert_eq!(to_plain(&table.rows[0][1]), "10");
    assert_eq!(to_plain(&table.rows[0][6]), ".003");
    assert!(to_plain(&table.columns[7]).contains("גודל אפקט"));
}
