//! Merging many municipalities' bundles into one program-wide view.
//!
//! Rules, by [`MeasureValue`] kind: counts and sums add; means pool as `Σ nᵢ·x̄ᵢ / Σ nᵢ`;
//! moments pool exactly; unduplicated counts and medians are shown per municipality only
//! (flagged not additive); effects pool by DerSimonian–Laird random effects. A total with
//! suppressed contributors is a bound: each suppressed count lies in `1 … Kᵢ−1` for its bundle's
//! `Kᵢ`, a suppressed sum is at least 0 with no upper bound. Definitions that differ between
//! bundles are listed, never silently merged.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Bundle, MeasureValue, Period};
use crate::stats::meta::{Moments, RandomEffects, StudyEffect, dersimonian_laird};

/// The merged view.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Merged {
    /// One entry per bundle, in input order.
    pub municipalities: Vec<MunicipalityInfo>,
    /// Definitions whose values differ between bundles.
    pub definition_mismatches: Vec<DefinitionMismatch>,
    /// Every measure id found in any bundle, in first-seen order.
    pub measures: Vec<MergedMeasure>,
    /// Things the reader must know (duplicate labels, mixed versions, sample data…).
    pub warnings: Vec<MergeWarning>,
}

/// Who contributed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct MunicipalityInfo {
    /// The label.
    pub municipality: String,
    /// The period covered.
    pub period: Period,
    /// The producing Madad version.
    pub madad_version: String,
    /// Threshold K of that bundle.
    pub suppression_threshold: u32,
    /// Built from demo data.
    pub sample_data: bool,
    /// The bundle's content hash.
    pub content_sha256: String,
}

/// A definition that is not the same everywhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct DefinitionMismatch {
    /// The definition's name.
    pub name: String,
    /// Each municipality's value (`None`: not stated in that bundle).
    pub values: Vec<(String, Option<String>)>,
}

/// A warning about the merge, with a stable code (translated as `merge.<code>`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct MergeWarning {
    /// `duplicate_municipality`, `mixed_versions`, `sample_data`, `kind_mismatch`.
    pub code: String,
    /// Parameters of the message.
    pub params: BTreeMap<String, String>,
}

/// One measure across municipalities.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct MergedMeasure {
    /// The measure id.
    pub id: String,
    /// Its kind (`count`, `sum`, `distinct`, `mean`, `moments`, `median`, `effect`).
    pub kind: String,
    /// Whether a program-wide combination exists for this kind.
    pub additive: bool,
    /// The combination, when additive and at least one value is published.
    pub combined: Option<Combined>,
    /// Each municipality's own value (`None`: suppressed or absent), in bundle order.
    pub per_municipality: Vec<MunicipalityValue>,
    /// Bundles in which the value was suppressed.
    pub suppressed_in: u32,
    /// Bundles that do not carry this measure.
    pub missing_in: u32,
}

/// One municipality's value of a measure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct MunicipalityValue {
    /// The municipality.
    pub municipality: String,
    /// Its value (the estimate for effects), `None` when suppressed or absent.
    pub value: Option<f64>,
    /// The value was suppressed there.
    pub suppressed: bool,
}

/// A program-wide combination.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum Combined {
    /// A total; exact when nothing was suppressed, else the interval `[lower, upper]`
    /// (`upper = None`: unbounded).
    #[serde(rename_all = "camelCase")]
    Total {
        /// Sum of the published values.
        published: f64,
        /// Smallest possible total.
        lower: f64,
        /// Largest possible total, when bounded.
        upper: Option<f64>,
        /// The total is exact (no contributor suppressed).
        exact: bool,
    },
    /// A pooled mean over the published contributors.
    #[serde(rename_all = "camelCase")]
    Mean {
        /// People behind it.
        n: u64,
        /// `Σ nᵢ·x̄ᵢ / Σ nᵢ`.
        value: f64,
    },
    /// Pooled moments, with the pooled standard deviation when `n ≥ 2`.
    #[serde(rename_all = "camelCase")]
    Moments {
        /// The pooled moments.
        moments: Moments,
        /// `√(M2/(n−1))`.
        sd: Option<f64>,
    },
    /// A random-effects pooled effect.
    #[serde(rename_all = "camelCase")]
    Pooled {
        /// The meta-analysis.
        random_effects: RandomEffects,
    },
}

/// Merges bundles (already verified by [`super::open`] or [`super::verify`]).
pub fn merge(bundles: &[Bundle]) -> Merged {
    let mut warnings = Vec::new();
    let mut seen = BTreeMap::new();
    for b in bundles {
        *seen.entry(b.municipality.as_str()).or_insert(0u32) += 1;
    }
    for (name, count) in seen.iter().filter(|(_, c)| **c > 1) {
        warnings.push(warning(
            "duplicate_municipality",
            &[("municipality", name), ("count", &count.to_string())],
        ));
    }
    let versions: std::collections::BTreeSet<&str> =
        bundles.iter().map(|b| b.madad_version.as_str()).collect();
    if versions.len() > 1 {
        let list = versions.into_iter().collect::<Vec<_>>().join(", ");
        warnings.push(warning("mixed_versions", &[("versions", &list)]));
    }
    for b in bundles.iter().filter(|b| b.sample_data) {
        warnings.push(warning("sample_data", &[("municipality", &b.municipality)]));
    }

    let municipalities = bundles
        .iter()
        .map(|b| MunicipalityInfo {
            municipality: b.municipality.clone(),
            period: b.period.clone(),
            madad_version: b.madad_version.clone(),
            suppression_threshold: b.suppression_threshold,
            sample_data: b.sample_data,
            content_sha256: b.content_sha256.clone(),
        })
        .collect();

    let mut names: Vec<&str> = Vec::new();
    for b in bundles {
        for k in b.definitions.keys() {
            if !names.contains(&k.as_str()) {
                names.push(k);
            }
        }
    }
    let definition_mismatches = names
        .into_iter()
        .filter_map(|name| {
            let values: Vec<(String, Option<String>)> = bundles
                .iter()
                .map(|b| (b.municipality.clone(), b.definitions.get(name).cloned()))
                .collect();
            let first = values.first().map(|(_, v)| v);
            values
                .iter()
                .any(|(_, v)| Some(v) != first)
                .then(|| DefinitionMismatch {
                    name: name.to_owned(),
                    values,
                })
        })
        .collect();

    let mut ids: Vec<&str> = Vec::new();
    for b in bundles {
        for m in &b.measures {
            if !ids.contains(&m.id.as_str()) {
                ids.push(&m.id);
            }
        }
    }
    let measures = ids
        .into_iter()
        .map(|id| merge_measure(id, bundles, &mut warnings))
        .collect();

    Merged {
        municipalities,
        definition_mismatches,
        measures,
        warnings,
    }
}

fn warning(code: &str, params: &[(&str, &str)]) -> MergeWarning {
    MergeWarning {
        code: code.to_owned(),
        params: params
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

fn merge_measure(id: &str, bundles: &[Bundle], warnings: &mut Vec<MergeWarning>) -> MergedMeasure {
    let entries: Vec<(&Bundle, Option<&MeasureValue>)> = bundles
        .iter()
        .map(|b| (b, b.measures.iter().find(|m| m.id == id).map(|m| &m.value)))
        .collect();
    let kind = entries
        .iter()
        .find_map(|(_, v)| v.map(MeasureValue::kind))
        .unwrap_or("count");
    let kinds_differ = entries
        .iter()
        .any(|(_, v)| v.is_some_and(|v| v.kind() != kind));
    if kinds_differ {
        warnings.push(warning("kind_mismatch", &[("measure", id)]));
    }
    let per_municipality = entries
        .iter()
        .map(|(b, v)| MunicipalityValue {
            municipality: b.municipality.clone(),
            value: v.and_then(scalar),
            suppressed: v.is_some_and(MeasureValue::is_suppressed),
        })
        .collect();
    let suppressed_in = entries
        .iter()
        .filter(|(_, v)| v.is_some_and(MeasureValue::is_suppressed))
        .count() as u32;
    let missing_in = entries.iter().filter(|(_, v)| v.is_none()).count() as u32;
    let additive = matches!(kind, "count" | "sum" | "mean" | "moments" | "effect") && !kinds_differ;
    let combined = if additive {
        combine(kind, &entries)
    } else {
        None
    };
    MergedMeasure {
        id: id.to_owned(),
        kind: kind.to_owned(),
        additive,
        combined,
        per_municipality,
        suppressed_in,
        missing_in,
    }
}

/// The one number shown per municipality.
fn scalar(v: &MeasureValue) -> Option<f64> {
    match v {
        MeasureValue::Count { value } | MeasureValue::Distinct { value } => value.map(|x| x as f64),
        MeasureValue::Sum { value } | MeasureValue::Median { value } => *value,
        MeasureValue::Mean { value, .. } => *value,
        MeasureValue::Moments { value } => value.map(|m| m.mean),
        MeasureValue::Effect { estimate, .. } => *estimate,
    }
}

fn combine(kind: &str, entries: &[(&Bundle, Option<&MeasureValue>)]) -> Option<Combined> {
    let present = entries.iter().filter_map(|(b, v)| v.map(|v| (*b, v)));
    match kind {
        "count" | "sum" => {
            let (mut published, mut lower, mut upper, mut exact, mut any) =
                (0.0, 0.0, Some(0.0), true, false);
            for (b, v) in present {
                match v {
                    MeasureValue::Count { value: Some(x) } => {
                        let x = *x as f64;
                        published += x;
                        lower += x;
                        upper = upper.map(|u| u + x);
                        any = true;
                    }
                    MeasureValue::Count { value: None } => {
                        exact = false;
                        lower += 1.0;
                        upper =
                            upper.map(|u| u + f64::from(b.suppression_threshold.saturating_sub(1)));
                    }
                    MeasureValue::Sum { value: Some(x) } => {
                        published += x;
                        lower += x;
                        upper = upper.map(|u| u + x);
                        any = true;
                    }
                    MeasureValue::Sum { value: None } => {
                        exact = false;
                        upper = None;
                    }
                    _ => {}
                }
            }
            any.then_some(Combined::Total {
                published,
                lower,
                upper,
                exact,
            })
        }
        "mean" => {
            let (mut n, mut sum) = (0u64, 0.0);
            for (_, v) in present {
                if let MeasureValue::Mean {
                    n: Some(k),
                    value: Some(x),
                } = v
                {
                    n += k;
                    sum += *k as f64 * x;
                }
            }
            (n > 0).then(|| Combined::Mean {
                n,
                value: sum / n as f64,
            })
        }
        "moments" => {
            let pooled = present
                .filter_map(|(_, v)| match v {
                    MeasureValue::Moments { value: Some(m) } => Some(*m),
                    _ => None,
                })
                .fold(Moments::default(), |acc, m| acc.combine(&m));
            (pooled.n > 0).then(|| Combined::Moments {
                moments: pooled,
                sd: pooled.variance().ok().map(libm::sqrt),
            })
        }
        "effect" => {
            let studies: Vec<StudyEffect> = present
                .filter_map(|(b, v)| match v {
                    MeasureValue::Effect {
                        estimate: Some(e),
                        se: Some(se),
                        n: Some(_),
                    } => Some(StudyEffect {
                        label: b.municipality.clone(),
                        estimate: *e,
                        se: *se,
                    }),
                    _ => None,
                })
                .collect();
            dersimonian_laird(&studies, 0.95)
                .ok()
                .map(|random_effects| Combined::Pooled { random_effects })
        }
        _ => None,
    }
}
