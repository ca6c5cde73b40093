//! Quality of the volunteer experience (Q1–Q5) from survey items.
//!
//! Items are recognised by their column prefix (see `schema::survey`): `sat_1` (Q1), `burden_1..3`
//! (Q2), `vsi_<subscale>_k` (Q3), `vfi_<function>_k` (Q4), `intent_1` and `recommend_1` (Q5).
//! Each person counts once per item: their latest answered response (by date, then wave).
//! Only whole-number codes count; labels and invalid answers are left out.
//!
//! - Q1, Q2, Q5: share answering 4 or 5 among answers 1–5 (top-two box of a 5-point item);
//!   Q1 also by age band of the respondent (registry), with complementary suppression.
//! - Q3, Q4: a respondent's scale score is the mean of the scale's items, only when every item
//!   of the scale is answered within 1–7 (complete cases); the published score is the mean of
//!   the respondents' scores. Cronbach's α comes from the reliability module
//!   ([`scale_matrix`] gives its input); below 0.7 the report warns.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::base::Prepared;
use super::diversity::age_bands;
use super::{Proportion, complementary, count_forced, none, primary, proportion};
use crate::Dataset;
use crate::privacy::suppress::{Published, Suppressor};
use crate::schema::survey::Answer;

/// A scale score (Q3 subscale or Q4 function).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct ScaleScore {
    /// The instrument, e.g. `vsi.support` or `vfi.values`.
    pub scale: String,
    /// Item numbers of the scale.
    pub items: Vec<u16>,
    /// Respondents with every item answered.
    pub respondents: Published<u64>,
    /// Mean scale score.
    pub mean: Published<f64>,
    /// Cronbach's α of the complete cases (`null` when it cannot be computed: fewer than two
    /// items or respondents, or a constant total), withheld below K respondents.
    pub alpha: Option<Published<f64>>,
    /// Feldt's 95% interval of α, when α is published.
    pub alpha_ci: Option<crate::stats::Interval>,
    /// α is published and below 0.7: the scale is not reliable enough to report as one score.
    pub alpha_warning: bool,
    /// α is strongly negative: an item is probably coded in reverse.
    pub reverse_scoring_suspected: bool,
}

/// One top-two-box item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct ItemShare {
    /// The item, e.g. `burden.2`.
    pub item: String,
    /// Share answering 4 or 5.
    pub share: Proportion,
}

/// A share within one age band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct BandShare {
    /// The age band; `null` when the respondent's age is not supplied.
    pub band: Option<String>,
    /// Share answering 4 or 5 in the band.
    pub share: Proportion,
}

/// Q1–Q5.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Experience {
    /// Q1 (`sat.1`).
    pub satisfaction: Option<ItemShare>,
    /// Q1 by age band (registry age in the as-of year; `null` label: age not supplied).
    pub satisfaction_by_age: Vec<BandShare>,
    /// Q2 by item.
    pub burden: Vec<ItemShare>,
    /// Q3 subscales.
    pub vsi: Vec<ScaleScore>,
    /// Q4 functions.
    pub vfi: Vec<ScaleScore>,
    /// Q5 intent to stay (`intent.1`).
    pub intent: Option<ItemShare>,
    /// Q5 would recommend (`recommend.1`).
    pub recommend: Option<ItemShare>,
}

/// Each person's latest code for every item of `instrument`: person → item number → code.
fn latest(ds: &Dataset, instrument: &str) -> BTreeMap<u32, BTreeMap<u16, i16>> {
    let s = &ds.survey;
    // (person, item) → ((date, wave) of the answer kept, code).
    type Kept = ((Option<i32>, crate::schema::survey::Wave), i16);
    let mut best: BTreeMap<(u32, u16), Kept> = BTreeMap::new();
    for r in &s.responses {
        for &(item, answer) in &r.answers {
            let Some(key) = s.items.get(item as usize) else {
                continue;
            };
            if key.instrument != instrument {
                continue;
            }
            if let Answer::Code(c) = answer {
                let order = (r.day, r.wave);
                let e = best.entry((r.person, key.number)).or_insert((order, c));
                if order >= e.0 {
                    *e = (order, c);
                }
            }
        }
    }
    let mut out: BTreeMap<u32, BTreeMap<u16, i16>> = BTreeMap::new();
    for ((person, number), (_, c)) in best {
        out.entry(person).or_default().insert(number, c);
    }
    out
}

fn top_two(ds: &Dataset, instrument: &str, sup: &mut Suppressor, min_n: u32) -> Vec<ItemShare> {
    let answers = latest(ds, instrument);
    let mut by_item: BTreeMap<u16, (u64, u64)> = BTreeMap::new();
    for items in answers.values() {
        for (&k, &c) in items {
            if (1..=5).contains(&c) {
                let e = by_item.entry(k).or_default();
                e.1 += 1;
                if c >= 4 {
                    e.0 += 1;
                }
            }
        }
    }
    by_item
        .into_iter()
        .map(|(k, (x, n))| {
            let item = format!("{instrument}.{k}");
            ItemShare {
                share: proportion(sup, &format!("experience/{item}"), x, n, min_n),
                item,
            }
        })
        .collect()
}

/// The complete-case item matrix of a scale: one row per respondent (person order), one column
/// per item (item order), values as answered. The input of Cronbach's α.
pub fn scale_matrix(ds: &Dataset, instrument: &str) -> (Vec<u16>, Vec<Vec<f64>>) {
    let mut items: Vec<u16> = ds
        .survey
        .items
        .iter()
        .filter(|k| k.instrument == instrument)
        .map(|k| k.number)
        .collect();
    items.sort_unstable();
    items.dedup();
    let rows = latest(ds, instrument)
        .into_values()
        .filter_map(|answers| {
            items
                .iter()
                .map(|k| {
                    answers
                        .get(k)
                        .filter(|c| (1..=7).contains(*c))
                        .map(|&c| f64::from(c))
                })
                .collect::<Option<Vec<f64>>>()
        })
        .collect();
    (items, rows)
}

fn scales(ds: &Dataset, prefix: &str, sup: &mut Suppressor) -> Vec<ScaleScore> {
    let mut names: Vec<&str> = ds
        .survey
        .items
        .iter()
        .map(|k| k.instrument.as_str())
        .filter(|i| i.starts_with(prefix))
        .collect();
    names.sort_unstable();
    names.dedup();
    names
        .into_iter()
        .map(|scale| {
            let (items, rows) = scale_matrix(ds, scale);
            let n = rows.len() as u64;
            let k = items.len().max(1) as f64;
            let mean = if n == 0 {
                none()
            } else {
                let total: f64 = rows.iter().map(|r| r.iter().sum::<f64>() / k).sum();
                sup.derived(&format!("experience/{scale}/mean"), n, total / n as f64)
            };
            let rel = reliability(&rows);
            let alpha = rel
                .as_ref()
                .map(|a| sup.derived(&format!("experience/{scale}/alpha"), n, a.alpha));
            let shown = alpha.as_ref().and_then(|a| a.value);
            ScaleScore {
                scale: scale.to_owned(),
                items,
                respondents: sup.count(&format!("experience/{scale}/respondents"), n),
                mean,
                alpha_ci: shown.and(rel.as_ref().map(|a| a.ci)),
                alpha_warning: shown.is_some_and(|a| a < ALPHA_WARNING),
                reverse_scoring_suspected: shown.is_some()
                    && rel.as_ref().is_some_and(|a| a.reverse_scoring_suspected),
                alpha,
            }
        })
        .collect()
}

/// Below this Cronbach's α a scale is flagged (Nunnally 1978's 0.7 convention).
const ALPHA_WARNING: f64 = 0.7;

/// Cronbach's α with Feldt's interval ([`crate::stats::reliability::cronbach_alpha`]) of a
/// complete-case item matrix; `None` when it does not apply.
fn reliability(rows: &[Vec<f64>]) -> Option<crate::stats::reliability::Alpha> {
    let rows: Vec<Vec<Option<f64>>> = rows
        .iter()
        .map(|r| r.iter().copied().map(Some).collect())
        .collect();
    crate::stats::reliability::cronbach_alpha(&rows, 0.95).ok()
}

/// Q1 by age band. The band × (satisfied, not) table has published margins (Q1 itself), so
/// small cells are protected by complementary suppression over its rows and columns.
fn satisfaction_by_age(p: &Prepared<'_>, sup: &mut Suppressor, min_n: u32) -> Vec<BandShare> {
    let bands = age_bands(p);
    let mut by: BTreeMap<Option<String>, (u64, u64)> = BTreeMap::new();
    for (person, items) in latest(p.ds, "sat") {
        let Some(&c) = items.get(&1).filter(|c| (1..=5).contains(*c)) else {
            continue;
        };
        let band = p.age(person).and_then(|a| {
            bands
                .iter()
                .find(|(_, (lo, hi))| a >= *lo && hi.is_none_or(|h| a <= h))
                .map(|(l, _)| l.clone())
        });
        let e = by.entry(band).or_default();
        e.1 += 1;
        if c >= 4 {
            e.0 += 1;
        }
    }
    // Cells 3g, 3g+1, 3g+2 = satisfied, not satisfied, respondents of band g.
    let g = by.len();
    let mut sizes = Vec::with_capacity(3 * g);
    for &(x, n) in by.values() {
        sizes.extend([x, n - x, n]);
    }
    let k = sup.k();
    let first: Vec<bool> = sizes.iter().map(|&v| primary(v, None, k)).collect();
    let mut relations: Vec<Vec<usize>> =
        (0..g).map(|i| vec![3 * i, 3 * i + 1, 3 * i + 2]).collect();
    for col in 0..3 {
        relations.push((0..g).map(|i| 3 * i + col).collect());
    }
    let w = complementary(&sizes, &first, &relations);
    by.into_iter()
        .enumerate()
        .map(|(i, (band, (x, n)))| {
            let cell = format!(
                "experience/sat.1/byAge/{}",
                band.as_deref().unwrap_or("(not supplied)")
            );
            let share = if w[3 * i] || w[3 * i + 1] || w[3 * i + 2] {
                Proportion {
                    numerator: count_forced(sup, &format!("{cell}/numerator"), x, true),
                    denominator: count_forced(sup, &format!("{cell}/denominator"), n, w[3 * i + 2]),
                    value: sup.derived(&cell, 0, 0.0),
                    ci: None,
                    small_n: n < u64::from(min_n),
                }
            } else {
                proportion(sup, &cell, x, n, min_n)
            };
            BandShare { band, share }
        })
        .collect()
}

/// Q1–Q5 (`None` when the survey has none of their items).
pub fn experience(p: &Prepared<'_>, sup: &mut Suppressor, min_n: u32) -> Option<Experience> {
    let ds = p.ds;
    let known = ["sat", "burden", "intent", "recommend"];
    if !ds.survey.items.iter().any(|k| {
        known.contains(&k.instrument.as_str())
            || k.instrument.starts_with("vsi.")
            || k.instrument.starts_with("vfi.")
    }) {
        return None;
    }
    let first = |v: Vec<ItemShare>| v.into_iter().find(|s| s.item.ends_with(".1"));
    Some(Experience {
        satisfaction: first(top_two(ds, "sat", sup, min_n)),
        satisfaction_by_age: satisfaction_by_age(p, sup, min_n),
        burden: top_two(ds, "burden", sup, min_n),
        vsi: scales(ds, "vsi.", sup),
        vfi: scales(ds, "vfi.", sup),
        intent: first(top_two(ds, "intent", sup, min_n)),
        recommend: first(top_two(ds, "recommend", sup, min_n)),
    })
}
