//! Change by subgroup with Holm and Benjamini–Hochberg adjustment, through the gate.

use crate::Dataset;
use crate::loneliness::linking::Pair;
use crate::loneliness::subgroups::{SubgroupInput, subgroup_changes};
use crate::privacy::suppress::{Published, Suppressor};
use crate::schema::survey::Group;
use crate::stats::{NotApplicable, StatResult};

use super::change::t_stat;
use super::*;

pub(super) fn age_band(age: i32) -> &'static str {
    match age {
        i32::MIN..=64 => "under65",
        65..=74 => "65to74",
        75..=84 => "75to84",
        _ => "85plus",
    }
}

pub(super) fn group_name(g: Group) -> &'static str {
    match g {
        Group::Intervention => "intervention",
        Group::Comparison => "comparison",
        Group::Unknown => "unknown",
        Group::NotGiven => "notGiven",
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn subgroup_summary(
    ds: &Dataset,
    pairs: &[Pair],
    dims: &[String],
    in_log: &rustc_hash::FxHashSet<u32>,
    pre_day: &dyn Fn(u32) -> Option<i32>,
    level: f64,
    sup: &mut Suppressor,
) -> StatResult<SubgroupSummary> {
    use chrono::Datelike;
    let reg: rustc_hash::FxHashMap<u32, &crate::schema::registry::RegistryEntry> =
        ds.registry.entries.iter().map(|e| (e.person, e)).collect();
    // Survey attributes: each person's first response that gives them, in file order.
    let mut survey_attrs: rustc_hash::FxHashMap<u32, (Option<&str>, Option<bool>)> =
        rustc_hash::FxHashMap::default();
    for r in &ds.survey.responses {
        let e = survey_attrs.entry(r.person).or_insert((None, None));
        if e.0.is_none() {
            e.0 = ds
                .survey
                .municipalities
                .get(r.municipality)
                .filter(|s| !s.is_empty());
        }
        if e.1.is_none() {
            e.1 = r.lives_alone;
        }
    }
    let labels_of = |p: &Pair| -> Vec<(String, String)> {
        let mut out = Vec::new();
        for d in dims {
            let level = match d.as_str() {
                "group" => Some(group_name(p.group).to_owned()),
                // Without an hours log nobody's role is known.
                "role" if ds.activities.volunteer.is_empty() => None,
                "role" => Some(
                    if in_log.contains(&p.person) {
                        "volunteer"
                    } else {
                        "recipient"
                    }
                    .to_owned(),
                ),
                "municipality" => survey_attrs
                    .get(&p.person)
                    .and_then(|a| a.0)
                    .map(str::to_owned),
                "livingAlone" => survey_attrs
                    .get(&p.person)
                    .and_then(|a| a.1)
                    .map(|b| if b { "yes" } else { "no" }.to_owned()),
                "gender" => reg
                    .get(&p.person)
                    .and_then(|e| ds.registry.genders.get(e.gender))
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned),
                "ageBand" => reg.get(&p.person).and_then(|e| {
                    let age = e.age.map(i32::from).or_else(|| {
                        let year = pre_day(p.person)
                            .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)?
                            .year();
                        e.birth_year.map(|b| year - b)
                    })?;
                    Some(age_band(age).to_owned())
                }),
                _ => None,
            };
            if let Some(l) = level {
                out.push((d.clone(), l));
            }
        }
        out
    };
    let all: Vec<SubgroupInput> = pairs
        .iter()
        .map(|p| SubgroupInput {
            change: p.after - p.before,
            labels: labels_of(p),
        })
        .collect();
    let k = sup.k() as usize;
    // Subgroups under K leave the adjustment family: their p-values are never published, and
    // an adjusted p that depended on them would say something about them.
    let size = |d: &str, l: &str| {
        all.iter()
            .filter(|i| i.labels.iter().any(|(a, b)| a == d && b == l))
            .count()
    };
    let big: Vec<SubgroupInput> = all
        .iter()
        .map(|i| SubgroupInput {
            change: i.change,
            labels: i
                .labels
                .iter()
                .filter(|(d, l)| size(d, l) >= k)
                .cloned()
                .collect(),
        })
        .collect();
    let dim_refs: Vec<&str> = dims.iter().map(String::as_str).collect();
    let tested = subgroup_changes(&big, &dim_refs, level)?;
    let mut g = Gate {
        sup,
        prefix: "loneliness/subgroups".to_owned(),
    };
    let mut rows: Vec<SubgroupCell> = Vec::new();
    for d in dims {
        let first = rows.len();
        let mut levels: Vec<String> = Vec::new();
        for i in &all {
            for (a, b) in &i.labels {
                if a == d && !levels.contains(b) {
                    levels.push(b.clone());
                }
            }
        }
        for l in levels {
            let n = size(d, &l);
            let name = format!("{d}/{l}");
            let row = tested
                .rows
                .iter()
                .find(|r| &r.dimension == d && r.level == l);
            let change = row.map_or_else(
                || Err(NotApplicable::new("too_few", "fewer than K people")),
                |r| r.test.as_ref().map(t_stat).map_err(Clone::clone),
            );
            let adj = |p: Option<f64>| {
                p.ok_or_else(|| NotApplicable::new("no_test", "the subgroup has no test"))
            };
            rows.push(SubgroupCell {
                dimension: d.clone(),
                level: l.clone(),
                n: g.count(&format!("{name}/n"), n),
                change: g.paired(&format!("{name}/change"), n, change),
                p_holm: g.paired(&format!("{name}/pHolm"), n, adj(row.and_then(|r| r.p_holm))),
                p_bh: g.paired(&format!("{name}/pBh"), n, adj(row.and_then(|r| r.p_bh))),
            });
        }
        // The levels of a dimension add up to the published pairs (less the unlabelled).
        let sizes: Vec<u64> = rows[first..]
            .iter()
            .map(|r| size(d, &r.level) as u64)
            .collect();
        let members: Vec<(u64, bool)> = sizes
            .iter()
            .zip(&rows[first..])
            .map(|(&n, r)| (n, r.n.suppressed))
            .collect();
        let hidden = pairs.len() as u64 - sizes.iter().sum::<u64>();
        for i in complementary(&members, hidden, g.sup.k()) {
            let r = &mut rows[first + i];
            let name = format!("{}/{}", r.dimension, r.level);
            r.n = Published {
                value: None,
                suppressed: true,
            };
            g.complement(&format!("{name}/n"));
            if !r.change.suppressed {
                r.change = GatedStat::withheld();
                r.p_holm = GatedStat::withheld();
                r.p_bh = GatedStat::withheld();
                g.complement(&format!("{name}/change"));
            }
        }
    }
    if rows.is_empty() {
        return Err(NotApplicable::new(
            "no_labels",
            "no linked person has a label in the chosen subgroup dimensions",
        ));
    }
    Ok(SubgroupSummary {
        family: tested.family as u64,
        rows,
    })
}
