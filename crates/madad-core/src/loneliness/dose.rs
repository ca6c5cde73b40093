//! Dose–response: change in loneliness by volunteering dose (< 1, 1–2, ≥ 2 hours a week;
//! HEAL-HOA found the benefit sustained only at ≥ 2 h/week), with a linear trend test across
//! the ordered bands, for everyone and separately for seniors who volunteer and seniors who
//! receive volunteers.
//!
//! Trend: least-squares slope of the individual change on the band score 0, 1, 2 (a
//! linear-contrast test; scipy `linregress`). Hours per week come from the host (the hours
//! log divided by the weeks of participation); this module does not read the log.

use serde::{Deserialize, Serialize};

use crate::stats::paired::{Alternative, mean_sd, paired_t};
use crate::stats::proportion::wilson;
use crate::stats::two_sample::{Trend, linear_trend};
use crate::stats::{Interval, NotApplicable, StatResult};

/// A dose band.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DoseBand {
    /// Under 1 hour a week.
    UnderOne,
    /// 1 to under 2 hours a week.
    OneToTwo,
    /// 2 hours a week or more.
    TwoOrMore,
}

impl DoseBand {
    /// The band of `hours_per_week` (`None` for a negative or non-finite value).
    pub fn of(hours_per_week: f64) -> Option<DoseBand> {
        if !(hours_per_week >= 0.0 && hours_per_week.is_finite()) {
            return None;
        }
        Some(if hours_per_week < 1.0 {
            DoseBand::UnderOne
        } else if hours_per_week < 2.0 {
            DoseBand::OneToTwo
        } else {
            DoseBand::TwoOrMore
        })
    }

    /// Ordinal score for the trend test: 0, 1, 2.
    pub fn score(self) -> f64 {
        match self {
            DoseBand::UnderOne => 0.0,
            DoseBand::OneToTwo => 1.0,
            DoseBand::TwoOrMore => 2.0,
        }
    }

    /// All bands in order.
    pub const ALL: [DoseBand; 3] = [DoseBand::UnderOne, DoseBand::OneToTwo, DoseBand::TwoOrMore];
}

/// The senior's role in the program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Role {
    /// A senior who volunteers.
    Volunteer,
    /// A senior who receives volunteers (visits, calls).
    Recipient,
}

/// One linked person with a dose.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DoseInput {
    /// Person code.
    pub person: u32,
    /// Change `after − before`.
    pub change: f64,
    /// Hours per week (volunteered, or received for recipients).
    pub hours_per_week: f64,
    /// Role.
    pub role: Role,
}

/// Change within one band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BandSummary {
    /// Band.
    pub band: DoseBand,
    /// People.
    pub n: usize,
    /// Mean change (`None` when empty).
    pub mean_change: Option<f64>,
    /// SD of the change (`None` with fewer than 2).
    pub sd_change: Option<f64>,
    /// Paired-t CI of the mean change.
    pub ci: StatResult<Interval>,
    /// p of the paired t within the band.
    pub p: Option<f64>,
}

/// Dose–response for one set of people.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DoseView {
    /// The role, or `None` for everyone.
    pub role: Option<Role>,
    /// People.
    pub n: usize,
    /// Per band.
    pub bands: Vec<BandSummary>,
    /// Linear trend of change on the band score.
    pub trend: StatResult<Trend>,
    /// Share at ≥ 2 hours a week, with its Wilson interval.
    pub share_two_or_more: f64,
    /// Wilson interval of that share.
    pub share_two_or_more_ci: StatResult<Interval>,
}

/// Dose–response overall and by role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DoseResponse {
    /// Band edges, hours a week.
    pub bands: String,
    /// Everyone.
    pub all: DoseView,
    /// Seniors who volunteer.
    pub volunteers: DoseView,
    /// Seniors who receive volunteers.
    pub recipients: DoseView,
    /// Inputs left out (negative or non-finite hours, non-finite change).
    pub excluded: usize,
}

fn view(rows: &[(DoseBand, &DoseInput)], role: Option<Role>, level: f64) -> DoseView {
    let rows: Vec<&(DoseBand, &DoseInput)> = rows
        .iter()
        .filter(|(_, r)| role.is_none_or(|ro| r.role == ro))
        .collect();
    let bands = DoseBand::ALL
        .iter()
        .map(|&band| {
            let d: Vec<f64> = rows
                .iter()
                .filter(|(b, _)| *b == band)
                .map(|(_, r)| r.change)
                .collect();
            let t = paired_t(&d, Alternative::TwoSided, level);
            let (mean, sd) = if d.is_empty() {
                (None, None)
            } else {
                let (m, s) = mean_sd(&d);
                (Some(m), (d.len() > 1).then_some(s))
            };
            BandSummary {
                band,
                n: d.len(),
                mean_change: mean,
                sd_change: sd,
                p: t.as_ref().ok().map(|t| t.p),
                ci: t.map(|t| t.ci),
            }
        })
        .collect();
    let x: Vec<f64> = rows.iter().map(|(b, _)| b.score()).collect();
    let y: Vec<f64> = rows.iter().map(|(_, r)| r.change).collect();
    let top = rows
        .iter()
        .filter(|(b, _)| *b == DoseBand::TwoOrMore)
        .count();
    DoseView {
        role,
        n: rows.len(),
        bands,
        trend: linear_trend(&x, &y, level),
        share_two_or_more: if rows.is_empty() {
            0.0
        } else {
            top as f64 / rows.len() as f64
        },
        share_two_or_more_ci: wilson(top as u64, rows.len() as u64, level),
    }
}

/// Change by dose band with a trend test, overall and per role.
pub fn dose_response(inputs: &[DoseInput], level: f64) -> StatResult<DoseResponse> {
    crate::stats::z_two_sided(level)?;
    let rows: Vec<(DoseBand, &DoseInput)> = inputs
        .iter()
        .filter(|r| r.change.is_finite())
        .filter_map(|r| DoseBand::of(r.hours_per_week).map(|b| (b, r)))
        .collect();
    if rows.is_empty() {
        return Err(NotApplicable::new(
            "too_few",
            "no person has both a change score and hours per week",
        ));
    }
    Ok(DoseResponse {
        bands: "< 1, 1 to < 2, >= 2 hours a week".to_owned(),
        excluded: inputs.len() - rows.len(),
        all: view(&rows, None, level),
        volunteers: view(&rows, Some(Role::Volunteer), level),
        recipients: view(&rows, Some(Role::Recipient), level),
    })
}
