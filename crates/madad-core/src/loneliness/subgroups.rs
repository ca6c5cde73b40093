//! Change by subgroup (municipality, gender, age band, living alone, role…) with Holm and
//! Benjamini–Hochberg adjusted p-values.
//!
//! Each subgroup gets a paired t on its change scores. The adjustment family is every
//! subgroup test of the call that produced a p-value (stated in `family`); subgroups where the
//! test does not apply keep their reason and no adjusted p. Small-cell suppression is applied
//! later by [`crate::privacy`], not here.

use serde::{Deserialize, Serialize};

use crate::stats::multiplicity::{Adjustment, adjust};
use crate::stats::paired::{Alternative, PairedT, paired_t};
use crate::stats::{StatResult, z_two_sided};

/// One person's change and subgroup labels.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubgroupInput {
    /// Change `after − before`.
    pub change: f64,
    /// `(dimension, level)` pairs, e.g. `("gender", "female")`, `("livingAlone", "yes")`.
    pub labels: Vec<(String, String)>,
}

/// The change in one subgroup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SubgroupRow {
    /// Dimension, e.g. `municipality`.
    pub dimension: String,
    /// Level, e.g. `Sderot`.
    pub level: String,
    /// People.
    pub n: usize,
    /// Paired t on the changes.
    pub test: StatResult<PairedT>,
    /// Holm-adjusted p.
    pub p_holm: Option<f64>,
    /// Benjamini–Hochberg-adjusted p.
    pub p_bh: Option<f64>,
}

/// Subgroup results.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Subgroups {
    /// Rows in order of dimension (as given) then level (first appearance).
    pub rows: Vec<SubgroupRow>,
    /// Number of tests adjusted together.
    pub family: usize,
}

/// Paired t per subgroup of each dimension in `dimensions`, with Holm and BH adjustments
/// over all the tests.
pub fn subgroup_changes(
    inputs: &[SubgroupInput],
    dimensions: &[&str],
    level: f64,
) -> StatResult<Subgroups> {
    z_two_sided(level)?;
    let mut rows = Vec::new();
    for &dim in dimensions {
        let mut levels: Vec<&str> = Vec::new();
        for i in inputs {
            for (d, l) in &i.labels {
                if d == dim && !levels.contains(&l.as_str()) {
                    levels.push(l);
                }
            }
        }
        for lev in levels {
            let d: Vec<f64> = inputs
                .iter()
                .filter(|i| i.labels.iter().any(|(a, b)| a == dim && b == lev))
                .map(|i| i.change)
                .collect();
            rows.push(SubgroupRow {
                dimension: dim.to_owned(),
                level: lev.to_owned(),
                n: d.len(),
                test: paired_t(&d, Alternative::TwoSided, level),
                p_holm: None,
                p_bh: None,
            });
        }
    }
    let idx: Vec<usize> = rows
        .iter()
        .enumerate()
        .filter(|(_, r)| r.test.is_ok())
        .map(|(i, _)| i)
        .collect();
    let p: Vec<f64> = idx
        .iter()
        .filter_map(|&i| rows[i].test.as_ref().ok().map(|t| t.p))
        .collect();
    let holm = adjust(&p, Adjustment::Holm)?;
    let bh = adjust(&p, Adjustment::BenjaminiHochberg)?;
    for (j, &i) in idx.iter().enumerate() {
        rows[i].p_holm = Some(holm[j]);
        rows[i].p_bh = Some(bh[j]);
    }
    Ok(Subgroups {
        family: p.len(),
        rows,
    })
}
