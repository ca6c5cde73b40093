//! Aggregate bundles: what a municipality may send to the national program office.
//!
//! A bundle is a versioned JSON document holding only published (already suppressed)
//! aggregates — never a row — with the definitions they were computed under, the library version,
//! the period and a municipality label, sealed by a SHA-256 content hash. Many bundles are merged
//! by [`merge::merge`] into a program-wide view.
//!
//! **The content hash** is the SHA-256, in lower-case hex, of the bundle serialised as compact
//! JSON (`serde_json`, fields in the order of [`Bundle`], no white space) with `contentSha256` set
//! to the empty string. [`open`] recomputes it, so a bundle edited by hand (or damaged in
//! transit) is refused with `bundle.hash_mismatch`.

pub mod merge;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::error::{Error, Result};
use crate::privacy::suppress::Published;
use crate::report::Report;

/// The `format` field of every bundle.
pub const BUNDLE_FORMAT: &str = "madad-bundle";

/// Version of the bundle's JSON shape; [`open`] refuses other versions.
pub const BUNDLE_VERSION: u32 = 1;

/// An aggregate bundle (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Bundle {
    /// Always [`BUNDLE_FORMAT`].
    pub format: String,
    /// [`BUNDLE_VERSION`].
    pub version: u32,
    /// The Madad version that produced it.
    pub madad_version: String,
    /// The municipality's label, as the user typed it.
    pub municipality: String,
    /// First and last activity dates covered (ISO), when known.
    pub period: Period,
    /// Made from the built-in demo data ("sample data").
    pub sample_data: bool,
    /// The small-cell threshold K the values were published under.
    pub suppression_threshold: u32,
    /// The definitions in force, flattened to `name → value` so that a merge can compare them.
    pub definitions: BTreeMap<String, String>,
    /// The published aggregates.
    pub measures: Vec<Measure>,
    /// SHA-256 of the content (see the module docs).
    pub content_sha256: String,
}

/// The period a bundle covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Period {
    /// First date (ISO).
    pub from: Option<String>,
    /// Last date (ISO).
    pub to: Option<String>,
}

/// One published aggregate. `id` names it the same way in every bundle (e.g.
/// `summary/approvedHours`, `monthlyActive/2024-07`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Measure {
    /// Stable identifier.
    pub id: String,
    /// The value and how it combines across municipalities.
    pub value: MeasureValue,
}

/// A published value with its combination rule. `None` fields are suppressed (`<K`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum MeasureValue {
    /// A count of records or people that adds across municipalities.
    #[serde(rename_all = "camelCase")]
    Count {
        /// The count, or `None` when suppressed (then it was between 1 and K−1).
        value: Option<u64>,
    },
    /// A sum (e.g. hours) that adds across municipalities; `n` people contributed.
    #[serde(rename_all = "camelCase")]
    Sum {
        /// The sum, or `None` when suppressed (derived from fewer than K people).
        value: Option<f64>,
    },
    /// An unduplicated count of people: not additive (one person may appear in two
    /// municipalities), shown per municipality.
    #[serde(rename_all = "camelCase")]
    Distinct {
        /// The count, or `None` when suppressed.
        value: Option<u64>,
    },
    /// A mean over `n` people: the pooled mean is `Σ nᵢ·meanᵢ / Σ nᵢ`.
    #[serde(rename_all = "camelCase")]
    Mean {
        /// Number of people, or `None` when suppressed.
        n: Option<u64>,
        /// The mean, or `None` when suppressed.
        value: Option<f64>,
    },
    /// Sample moments (`n`, mean, `M2`): pooled exactly ([`crate::stats::meta::Moments`]).
    #[serde(rename_all = "camelCase")]
    Moments {
        /// `n`, mean and `M2`, or `None` when suppressed.
        value: Option<crate::stats::meta::Moments>,
    },
    /// A median (or other quantile): not additive, shown per municipality.
    #[serde(rename_all = "camelCase")]
    Median {
        /// The median, or `None` when suppressed.
        value: Option<f64>,
    },
    /// An effect estimate with its standard error from `n` matched people: pooled by
    /// DerSimonian–Laird random effects ([`crate::stats::meta::dersimonian_laird`]).
    #[serde(rename_all = "camelCase")]
    Effect {
        /// Estimate, or `None` when suppressed.
        estimate: Option<f64>,
        /// Standard error, or `None` when suppressed.
        se: Option<f64>,
        /// Matched people, or `None` when suppressed.
        n: Option<u64>,
    },
}

impl MeasureValue {
    /// The kind's name as written in the JSON (`count`, `sum`, …).
    pub fn kind(&self) -> &'static str {
        match self {
            MeasureValue::Count { .. } => "count",
            MeasureValue::Sum { .. } => "sum",
            MeasureValue::Distinct { .. } => "distinct",
            MeasureValue::Mean { .. } => "mean",
            MeasureValue::Moments { .. } => "moments",
            MeasureValue::Median { .. } => "median",
            MeasureValue::Effect { .. } => "effect",
        }
    }

    /// Whether the value was withheld.
    pub fn is_suppressed(&self) -> bool {
        match self {
            MeasureValue::Count { value } | MeasureValue::Distinct { value } => value.is_none(),
            MeasureValue::Sum { value } | MeasureValue::Median { value } => value.is_none(),
            MeasureValue::Mean { n, value } => n.is_none() || value.is_none(),
            MeasureValue::Moments { value } => value.is_none(),
            MeasureValue::Effect { estimate, se, n } => {
                estimate.is_none() || se.is_none() || n.is_none()
            }
        }
    }
}

impl Bundle {
    /// A bundle of the published parts of `report` for `municipality`, sealed.
    ///
    /// Only values that passed the report's suppression are carried; a suppressed value stays
    /// suppressed (`null`). Diagnostics, file names and ledgers are left out: they describe the
    /// municipality's files, not its volunteering.
    pub fn from_report(report: &Report, municipality: &str) -> Result<Bundle> {
        // A bundle stands for the whole municipality: a filtered view would be pooled as if it
        // were the whole.
        if report
            .view
            .as_ref()
            .is_some_and(|v| v.active || v.refused.is_some())
        {
            return Err(Error::general("bundle.filtered_view"));
        }
        let s = &report.summary;
        let mut measures = vec![
            Measure {
                id: "summary/volunteers".into(),
                value: MeasureValue::Distinct {
                    value: s.volunteers.value,
                },
            },
            Measure {
                id: "summary/approvedHours".into(),
                value: MeasureValue::Sum {
                    value: s.approved_hours.value,
                },
            },
            Measure {
                id: "summary/meanHoursPerVolunteer".into(),
                value: MeasureValue::Mean {
                    n: published_n(&s.volunteers, &s.mean_hours_per_volunteer),
                    value: s.mean_hours_per_volunteer.value,
                },
            },
            Measure {
                id: "summary/medianHoursPerVolunteer".into(),
                value: MeasureValue::Median {
                    value: s.median_hours_per_volunteer.value,
                },
            },
            Measure {
                id: "activities/approved".into(),
                value: MeasureValue::Count {
                    value: Some(s.activities.approved),
                },
            },
        ];
        for m in &report.monthly_active {
            if m.partial {
                continue;
            }
            measures.push(Measure {
                id: format!("monthlyActive/{}", m.month),
                value: MeasureValue::Distinct {
                    value: m.volunteers.value,
                },
            });
        }
        let d = &report.definitions;
        let definitions = BTreeMap::from([
            ("countedStatuses".to_owned(), d.counted_statuses.join(",")),
            ("volunteerKey".to_owned(), d.volunteer_key.clone()),
            (
                "monthlyActiveRule".to_owned(),
                d.monthly_active_rule.clone(),
            ),
            (
                "maxHoursPerRecord".to_owned(),
                d.max_hours_per_record.to_string(),
            ),
        ]);
        Bundle {
            format: BUNDLE_FORMAT.to_owned(),
            version: BUNDLE_VERSION,
            madad_version: report.madad_version.clone(),
            municipality: municipality.trim().to_owned(),
            period: Period {
                from: s.first_date.clone(),
                to: s.last_date.clone(),
            },
            sample_data: report.sample_data,
            suppression_threshold: d.suppression_threshold,
            definitions,
            measures,
            content_sha256: String::new(),
        }
        .sealed()
    }

    /// The content hash of this bundle (see the module docs).
    pub fn content_hash(&self) -> Result<String> {
        let mut unsealed = self.clone();
        unsealed.content_sha256.clear();
        let bytes = serde_json::to_vec(&unsealed)
            .map_err(|e| Error::general("bundle.invalid").with("detail", e.to_string()))?;
        Ok(Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect())
    }

    /// This bundle with its content hash set.
    pub fn sealed(mut self) -> Result<Bundle> {
        self.content_sha256 = self.content_hash()?;
        Ok(self)
    }

    /// The bundle as compact JSON bytes (the form that is hashed, with the hash filled in).
    pub fn to_json(&self) -> Result<Vec<u8>> {
        serde_json::to_vec(self)
            .map_err(|e| Error::general("bundle.invalid").with("detail", e.to_string()))
    }
}

/// The number of people behind a published mean: the published volunteer count, when both are
/// published.
fn published_n(n: &Published<u64>, mean: &Published<f64>) -> Option<u64> {
    mean.value.and(n.value)
}

/// Reads a bundle from JSON bytes named `file`, checking format, version and content hash.
///
/// Errors: `bundle.invalid` (not JSON of a bundle's shape), `bundle.format` (not a Madad
/// bundle), `bundle.version` (a newer or older shape), `bundle.hash_mismatch` (the content
/// changed after sealing).
pub fn open(bytes: &[u8], file: &str) -> Result<Bundle> {
    let bundle: Bundle = serde_json::from_slice(bytes)
        .map_err(|e| Error::in_file("bundle.invalid", file).with("detail", e.to_string()))?;
    verify(bundle, file)
}

/// Checks a bundle already parsed by the host (e.g. by `JSON.parse` in a browser).
pub fn verify(bundle: Bundle, file: &str) -> Result<Bundle> {
    if bundle.format != BUNDLE_FORMAT {
        return Err(Error::in_file("bundle.format", file).with("found", bundle.format.clone()));
    }
    if bundle.version != BUNDLE_VERSION {
        return Err(Error::in_file("bundle.version", file)
            .with("found", bundle.version)
            .with("expected", BUNDLE_VERSION));
    }
    let expected = bundle.content_hash()?;
    if expected != bundle.content_sha256 {
        return Err(Error::in_file("bundle.hash_mismatch", file));
    }
    Ok(bundle)
}
