//! Operations from the opportunities file (V12, V13, R9). Every row of the file counts (an
//! opportunity file describes one planning period).
//!
//! - V13 slot fill = Σ min(filled, needed) ÷ Σ needed over rows with both; hours coverage =
//!   Σ hoursFilled ÷ Σ hoursNeeded over rows with both (may exceed 1).
//! - R9 attendance = Σ attended ÷ Σ (slotsFilled − excused) over rows with attended and
//!   slotsFilled; no-show rate = Σ noShows ÷ Σ (attended + noShows) over rows with both.
//!   Excused ("dismissed") places are out of both.
//! - V12 outputs per hour, by output type o: O_o ÷ H_o over rows with outputType, outputs and
//!   hoursFilled; also per 10 hours.
//!
//! Filled places, attendances and no-shows stand for people, so the shares go through the
//! small-cell rule like any other; outputs and hours are not people and are published as is.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::volume::hours;
use super::{Proportion, proportion};
use crate::Dataset;
use crate::privacy::suppress::Suppressor;
use crate::schema::tables::NONE;

/// V12 for one output type.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct OutputRate {
    /// The output type.
    pub output_type: String,
    /// O_o.
    pub outputs: u64,
    /// H_o.
    pub hours: f64,
    /// O_o ÷ H_o.
    pub per_hour: Option<f64>,
    /// 10 × O_o ÷ H_o.
    pub per_10_hours: Option<f64>,
}

/// V12, V13 and R9.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Operations {
    /// Opportunities read.
    pub opportunities: u64,
    /// V13 slot fill (`null` when no row gives both counts).
    pub slot_fill: Option<Proportion>,
    /// V13 hours coverage Σ hoursFilled ÷ Σ hoursNeeded.
    pub hours_coverage: Option<f64>,
    /// R9 attendance.
    pub attendance: Option<Proportion>,
    /// R9 no-show rate.
    pub no_show: Option<Proportion>,
    /// V12 by output type, in label order.
    pub outputs_per_hour: Vec<OutputRate>,
}

/// V12, V13 and R9 (`None` without an opportunities file).
pub fn operations(ds: &Dataset, sup: &mut Suppressor, min_n: u32) -> Option<Operations> {
    let o = &ds.opportunities;
    if o.is_empty() {
        return None;
    }
    let (mut filled, mut needed, mut slot_rows) = (0u64, 0u64, false);
    let (mut h_filled, mut h_needed, mut hour_rows) = (0i64, 0i64, false);
    let (mut att, mut due, mut att_rows) = (0u64, 0u64, false);
    let (mut ns, mut ns_due, mut ns_rows) = (0u64, 0u64, false);
    let mut outputs: BTreeMap<String, (u64, i64)> = BTreeMap::new();
    for r in &o.rows {
        if let (Some(n), Some(f)) = (r.slots_needed, r.slots_filled) {
            needed += n;
            filled += f.min(n);
            slot_rows = true;
        }
        if let (Some(n), Some(f)) = (r.micro_hours_needed, r.micro_hours_filled) {
            h_needed += n;
            h_filled += f;
            hour_rows = true;
        }
        if let (Some(a), Some(f)) = (r.attended, r.slots_filled) {
            att += a;
            due += f.saturating_sub(r.excused.unwrap_or(0));
            att_rows = true;
        }
        if let (Some(a), Some(x)) = (r.attended, r.no_shows) {
            ns += x;
            ns_due += a + x;
            ns_rows = true;
        }
        if let (Some(n), Some(h)) = (r.outputs, r.micro_hours_filled)
            && r.output_type != NONE
            && let Some(label) = o.output_types.get(r.output_type)
        {
            let e = outputs.entry(label.to_owned()).or_default();
            e.0 += n;
            e.1 += h;
        }
    }
    Some(Operations {
        opportunities: o.len() as u64,
        slot_fill: slot_rows.then(|| proportion(sup, "operations/slotFill", filled, needed, min_n)),
        hours_coverage: (hour_rows && h_needed > 0).then(|| h_filled as f64 / h_needed as f64),
        // Attended can exceed the places due (walk-ins): the share is then capped at 1 by
        // counting at most the places due.
        attendance: att_rows
            .then(|| proportion(sup, "operations/attendance", att.min(due), due, min_n)),
        no_show: ns_rows.then(|| proportion(sup, "operations/noShow", ns, ns_due, min_n)),
        outputs_per_hour: outputs
            .into_iter()
            .map(|(output_type, (n, micro))| {
                let h = hours(micro);
                OutputRate {
                    output_type,
                    outputs: n,
                    hours: h,
                    per_hour: (h > 0.0).then(|| n as f64 / h),
                    per_10_hours: (h > 0.0).then(|| 10.0 * n as f64 / h),
                }
            })
            .collect(),
    })
}
