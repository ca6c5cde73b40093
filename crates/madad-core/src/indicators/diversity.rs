//! Diversity and reach (V2, D1, D2, D3, D4) for the volunteers of the reporting period V(P).
//!
//! - D1: p_g = N_V,g ÷ N_V by age band, gender, population group, neighbourhood (registry) and
//!   department (activities; a person may serve several, so department shares add up to more
//!   than 1). "Prefer not to say" and "not supplied" stay as categories.
//! - D2: RR_g = p'_g ÷ (Pop_g ÷ Pop), p'_g = N_V,g ÷ N_V,supplied (both special categories out),
//!   Pop = residents of the population cells that name the dimension. Its interval is the
//!   Wilson interval of p'_g divided by the population share (taken as exact).
//! - D3 / V2 by group: VR_g = N_V,g ÷ Pop_g with a Wilson interval.
//! - V2: VR = N_V,adult ÷ Pop_adult, where adults are volunteers of known age ≥ adultMinAge or of
//!   unknown age, and Pop_adult the residents of age bands starting at ≥ adultMinAge (all
//!   residents when the table has no age bands).
//! - ΔV2: VR(P) − VR(P − 1) on the same population, with a Newcombe hybrid score interval.
//! - D4: Blau = 1 − Σ_g p'_g² over supplied categories; distinct roles and departments.
//!
//! Labels are matched to the population table after normalisation (case, marks, punctuation).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::base::{Prepared, people};
use super::volume::{periods_of, reporting_period};
use super::{LEVEL, Proportion, complementary, none, primary, proportion, proportion_forced};
use crate::privacy::suppress::{Published, Suppressor};
use crate::schema::headers::normalize;
use crate::schema::population::PopulationCell;
use crate::schema::tables::{Dict, NONE};
use crate::stats::Interval;
use crate::stats::proportion::wilson;

/// What a composition category stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum CategoryKind {
    /// A supplied value.
    Value,
    /// The person chose not to say.
    PreferNotToSay,
    /// The file gives nothing (no registry entry, or an empty cell).
    NotSupplied,
}

/// D2.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Representation {
    /// RR_g.
    pub ratio: Published<f64>,
    /// Wilson interval of p'_g ÷ population share.
    pub ci: Option<Interval>,
    /// Pop_g ÷ Pop.
    pub population_share: f64,
}

/// One category of a dimension.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Category {
    /// The label (`null` for the two special kinds).
    pub label: Option<String>,
    /// Kind.
    pub kind: CategoryKind,
    /// D1: N_V,g ÷ N_V.
    pub share: Proportion,
    /// Residents of the group (`null` without a matching population cell).
    pub residents: Option<u64>,
    /// D3 / V2 by group: N_V,g ÷ Pop_g.
    pub rate: Option<Proportion>,
    /// D2.
    pub representation: Option<Representation>,
}

/// One dimension (age band, gender…).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Dimension {
    /// `ageBand`, `gender`, `populationGroup`, `neighbourhood` or `department`.
    pub dimension: String,
    /// Shares add up to 1 (false for departments: people serve several).
    pub additive: bool,
    /// Categories: values in label order, then prefer-not-to-say, then not supplied.
    pub categories: Vec<Category>,
    /// D4: Blau index over supplied categories.
    pub blau: Published<f64>,
}

/// V2 and D1–D4 for the reporting period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Diversity {
    /// The reporting period.
    pub period: String,
    /// V2 (`null` without a population table).
    pub volunteer_rate: Option<Proportion>,
    /// V2 in the period before the reporting period, on the same population.
    pub previous_volunteer_rate: Option<Proportion>,
    /// ΔV2 = VR(P) − VR(P − 1) with its Newcombe interval (S3).
    pub volunteer_rate_change: Option<super::Change>,
    /// The population denominator counts adults only (false: the table has no age bands).
    pub adults_only: bool,
    /// D1–D3 by dimension.
    pub dimensions: Vec<Dimension>,
    /// D4: distinct roles with at least one volunteer.
    pub distinct_roles: u64,
    /// D4: distinct departments with at least one volunteer.
    pub distinct_departments: u64,
}

const PREFER_NOT: &[&str] = &[
    "prefer not to say",
    "prefer not to answer",
    "declined",
    "decline to state",
    "מעדיף לא לומר",
    "מעדיפה לא לומר",
    "מעדיף/ה לא לומר",
    "מעדיף.ה לא לומר",
    "מעדיפ/ה לא לומר",
    "לא מעוניין לומר",
    "לא מעוניינת לומר",
    "מסרב",
    "מסרבת",
    "أفضل عدم القول",
    "أفضل عدم الإجابة",
    "أفضل عدم الاجابة",
];

/// Whether a label says "prefer not to say".
pub fn is_prefer_not(label: &str) -> bool {
    let n = normalize(label);
    PREFER_NOT.iter().any(|p| normalize(p) == n)
}

/// An age band read from its label: `65-74` → (65, Some(74)), `75+` or `75 ומעלה` → (75, None).
pub fn parse_age_band(label: &str) -> Option<(i32, Option<i32>)> {
    let nums: Vec<i32> = label
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .filter_map(|s| s.parse().ok())
        .collect();
    match nums.as_slice() {
        [lo] => Some((*lo, None)),
        [lo, hi] if hi >= lo => Some((*lo, Some(*hi))),
        _ => None,
    }
}

/// The default bands when the population table names none.
const DEFAULT_BANDS: &[&str] = &["0-17", "18-34", "35-49", "50-64", "65-74", "75+"];

/// The age bands in force: the population table's, else [`DEFAULT_BANDS`].
pub(crate) fn age_bands(p: &Prepared<'_>) -> Vec<(String, (i32, Option<i32>))> {
    let d = &p.ds.population.age_bands;
    let mut v: Vec<(String, (i32, Option<i32>))> = (0..d.len() as u32)
        .filter_map(|c| d.get(c))
        .filter_map(|l| parse_age_band(l).map(|b| (l.to_owned(), b)))
        .collect();
    if v.is_empty() {
        v = DEFAULT_BANDS
            .iter()
            .filter_map(|l| parse_age_band(l).map(|b| ((*l).to_owned(), b)))
            .collect();
    }
    v.sort_by_key(|(_, b)| *b);
    v
}

/// Residents of the cells whose age band starts at `min_age` or later (`None` when no cell has
/// a readable age band).
pub(crate) fn residents_aged(p: &Prepared<'_>, min_age: i32) -> Option<u64> {
    let pop = &p.ds.population;
    let mut any = false;
    let mut sum = 0u64;
    for c in &pop.cells {
        if let Some((lo, _)) = pop.age_bands.get(c.age_band).and_then(parse_age_band) {
            any = true;
            if lo >= min_age {
                sum += c.residents;
            }
        }
    }
    any.then_some(sum)
}

type Key = (CategoryKind, Option<String>);

fn key_of(dict: &Dict, code: u32) -> Key {
    match dict.get(code).filter(|_| code != NONE) {
        None => (CategoryKind::NotSupplied, None),
        Some(l) if is_prefer_not(l) => (CategoryKind::PreferNotToSay, None),
        Some(l) => (CategoryKind::Value, Some(l.to_owned())),
    }
}

/// Builds one dimension from each volunteer's categories and the population by label.
#[allow(clippy::too_many_arguments)]
fn dimension(
    name: &str,
    additive: bool,
    n: u64,
    members: &BTreeMap<Key, u64>,
    population: Option<&PopulationBy>,
    sup: &mut Suppressor,
    min_n: u32,
) -> Dimension {
    let supplied: u64 = if additive {
        members
            .iter()
            .filter(|((k, _), _)| *k == CategoryKind::Value)
            .map(|(_, x)| x)
            .sum()
    } else {
        n
    };
    let pop_total: u64 = population.map_or(0, |m| m.values().map(|(_, r)| r).sum());
    // Population groups with no volunteer are categories too (a rate of 0 is a finding) — but
    // only when the files say who is in which group: with no volunteer's attribute supplied
    // (no registry), a 0 would be a claim the data cannot make.
    let population = population.filter(|_| supplied > 0);
    let mut members = members.clone();
    if let Some(pop) = population {
        for (norm, (label, _)) in pop {
            let present = members
                .keys()
                .any(|(_, l)| l.as_deref().is_some_and(|l| normalize(l) == *norm));
            if !present {
                members.insert((CategoryKind::Value, Some(label.clone())), 0);
            }
        }
    }
    let mut keys: Vec<&Key> = members.keys().collect();
    keys.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    // An additive dimension partitions the volunteers (a published total).
    let sizes: Vec<u64> = keys.iter().map(|k| members[*k]).collect();
    let kk = sup.k();
    let first: Vec<bool> = sizes.iter().map(|&x| primary(x, Some(n), kk)).collect();
    let withheld = if additive {
        complementary(&sizes, &first, &[(0..sizes.len()).collect()])
    } else {
        vec![false; sizes.len()]
    };
    let categories = keys
        .into_iter()
        .zip(withheld)
        .map(|(key, forced)| {
            let x = members[key];
            let shown = key.1.clone().unwrap_or_else(|| format!("({:?})", key.0));
            let cell = format!("diversity/{name}/{shown}");
            let share = proportion_forced(sup, &format!("{cell}/share"), x, n, min_n, forced);
            let residents = key
                .1
                .as_ref()
                .and_then(|l| population.and_then(|m| m.get(&normalize(l)).map(|(_, r)| *r)));
            let rate = residents.map(|r| {
                proportion_forced(
                    sup,
                    &format!("{cell}/rate"),
                    x,
                    r,
                    min_n,
                    share.value.suppressed,
                )
            });
            let representation = match residents {
                Some(r) if pop_total > 0 && supplied > 0 && r > 0 => {
                    let pop_share = r as f64 / pop_total as f64;
                    let ratio = if share.value.suppressed {
                        sup.derived(&format!("{cell}/representation"), 0, 0.0)
                    } else {
                        sup.derived(
                            &format!("{cell}/representation"),
                            supplied,
                            x as f64 / supplied as f64 / pop_share,
                        )
                    };
                    let ci = ratio
                        .value
                        .and_then(|_| wilson(x, supplied, LEVEL).ok())
                        .map(|w| Interval {
                            lower: w.lower / pop_share,
                            upper: w.upper / pop_share,
                            level: w.level,
                        });
                    Some(Representation {
                        ratio,
                        ci,
                        population_share: pop_share,
                    })
                }
                _ => None,
            };
            Category {
                label: key.1.clone(),
                kind: key.0,
                share,
                residents,
                rate,
                representation,
            }
        })
        .collect();
    let blau = if supplied == 0 {
        none()
    } else {
        let s: f64 = members
            .iter()
            .filter(|((k, _), _)| *k == CategoryKind::Value)
            .map(|(_, &x)| {
                let q = x as f64 / supplied as f64;
                q * q
            })
            .sum();
        sup.derived(&format!("diversity/{name}/blau"), supplied, 1.0 - s)
    };
    Dimension {
        dimension: name.to_owned(),
        additive,
        categories,
        blau,
    }
}

/// Residents by normalised label: (smallest spelling of the label, residents).
type PopulationBy = BTreeMap<String, (String, u64)>;

fn population_by(
    cells: &[PopulationCell],
    dict: &Dict,
    code: impl Fn(&PopulationCell) -> u32,
) -> Option<PopulationBy> {
    let mut m: PopulationBy = BTreeMap::new();
    for c in cells {
        if let Some(l) = dict.get(code(c)).filter(|_| code(c) != NONE) {
            let e = m.entry(normalize(l)).or_insert_with(|| (l.to_owned(), 0));
            // The smallest spelling, so that row order cannot change the label shown.
            if l < e.0.as_str() {
                e.0 = l.to_owned();
            }
            e.1 += c.residents;
        }
    }
    (!m.is_empty()).then_some(m)
}

/// V2 and D1–D4 (`None` without an as-of date).
pub fn diversity(p: &Prepared<'_>, sup: &mut Suppressor) -> Option<Diversity> {
    let periods = periods_of(p);
    let key = reporting_period(p, &periods)?;
    let (from, to) = periods.days(key);
    let vols = people(p.rows_between(from, to));
    let n = vols.len() as u64;
    let min_n = p.defs.min_n;
    let r = &p.ds.registry;
    let pop = &p.ds.population;
    let bands = age_bands(p);
    let mut dims = Vec::new();

    // Age band.
    let mut m: BTreeMap<Key, u64> = BTreeMap::new();
    for &v in &vols {
        let k = match p.age(v) {
            None => (CategoryKind::NotSupplied, None),
            Some(a) => match bands
                .iter()
                .find(|(_, (lo, hi))| a >= *lo && hi.is_none_or(|h| a <= h))
            {
                Some((l, _)) => (CategoryKind::Value, Some(l.clone())),
                None => (CategoryKind::NotSupplied, None),
            },
        };
        *m.entry(k).or_default() += 1;
    }
    let pop_age = population_by(&pop.cells, &pop.age_bands, |c| c.age_band);
    dims.push(dimension(
        "ageBand",
        true,
        n,
        &m,
        pop_age.as_ref(),
        sup,
        min_n,
    ));

    // Registry attributes.
    type Pick = fn(&crate::schema::registry::RegistryEntry) -> u32;
    type PopPick = fn(&PopulationCell) -> u32;
    let attrs: [(&str, Pick, &Dict, &Dict, PopPick); 3] = [
        (
            "gender",
            |e| e.gender,
            &r.genders,
            &pop.genders,
            |c| c.gender,
        ),
        (
            "populationGroup",
            |e| e.population_group,
            &r.groups,
            &pop.groups,
            |c| c.population_group,
        ),
        (
            "neighbourhood",
            |e| e.neighbourhood,
            &r.neighbourhoods,
            &pop.neighbourhoods,
            |c| c.neighbourhood,
        ),
    ];
    for (name, pick, dict, pop_dict, pop_pick) in attrs {
        // Counted per code first: a label is read (and normalised) once, not per volunteer.
        let mut by_code: BTreeMap<Option<u32>, u64> = BTreeMap::new();
        for &v in &vols {
            *by_code.entry(p.entry(v).map(pick)).or_default() += 1;
        }
        let mut m: BTreeMap<Key, u64> = BTreeMap::new();
        for (code, count) in by_code {
            let k = match code {
                None => (CategoryKind::NotSupplied, None),
                Some(c) => key_of(dict, c),
            };
            *m.entry(k).or_default() += count;
        }
        let by = population_by(&pop.cells, pop_dict, pop_pick);
        dims.push(dimension(name, true, n, &m, by.as_ref(), sup, min_n));
    }

    // Departments (a person may serve several).
    let a = &p.ds.activities;
    let mut pairs: Vec<(u32, u32)> = p
        .rows_between(from, to)
        .map(|r| (r.department, r.person))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut by_code: BTreeMap<u32, u64> = BTreeMap::new();
    for (d, _) in &pairs {
        *by_code.entry(*d).or_default() += 1;
    }
    let mut m: BTreeMap<Key, u64> = BTreeMap::new();
    for (d, count) in by_code {
        *m.entry(key_of(&a.departments, d)).or_default() += count;
    }
    dims.push(dimension("department", false, n, &m, None, sup, min_n));

    let mut roles: Vec<u32> = p
        .rows_between(from, to)
        .map(|r| r.role)
        .filter(|&r| r != NONE)
        .collect();
    roles.sort_unstable();
    roles.dedup();
    let mut depts: Vec<u32> = pairs
        .iter()
        .map(|(d, _)| *d)
        .filter(|&d| d != NONE)
        .collect();
    depts.dedup();

    // V2.
    let adult = i32::try_from(p.defs.adult_min_age).unwrap_or(i32::MAX);
    let pop_adult = residents_aged(p, adult);
    let adults_only = pop_adult.is_some();
    let pop_all: u64 = pop.cells.iter().map(|c| c.residents).sum();
    let adults = |vols: &[u32]| {
        vols.iter()
            .filter(|&&v| p.age(v).is_none_or(|a| a >= adult))
            .count() as u64
    };
    let denominator = pop_adult.unwrap_or(pop_all);
    let (x, x_prev) = (
        adults(&vols),
        adults(&people(p.rows_between(
            periods.days(key - 1).0,
            periods.days(key - 1).1,
        ))),
    );
    let volunteer_rate = (!pop.is_empty())
        .then(|| proportion(sup, "diversity/volunteerRate", x, denominator, min_n));
    let previous_volunteer_rate = (!pop.is_empty()).then(|| {
        proportion(
            sup,
            "diversity/previousVolunteerRate",
            x_prev,
            denominator,
            min_n,
        )
    });
    let volunteer_rate_change = match (&previous_volunteer_rate, &volunteer_rate) {
        (Some(a), Some(b)) => super::change(a, b, (x_prev, denominator), (x, denominator)),
        _ => None,
    };
    Some(Diversity {
        period: periods.label(key),
        volunteer_rate,
        previous_volunteer_rate,
        volunteer_rate_change,
        adults_only,
        dimensions: dims,
        distinct_roles: roles.len() as u64,
        distinct_departments: depts.len() as u64,
    })
}
