//! The activity summary: how many people volunteered, for how many approved hours, and how many
//! were active each month.
//!
//! Definitions (the defaults of the definitions registry):
//! - **Counted activity**: a used row of an activity log whose status is *approved*. A file with
//!   no status column is taken as approved throughout (stated in the report). Pending,
//!   rejected and unrecognised statuses are counted separately and never in hours or people.
//! - **Volunteer**: a distinct volunteer id (exact text after trimming) across all files.
//! - **Unduplicated volunteers** (V1): N = |{i : i has ≥ 1 counted activity}|. Sub-totals by
//!   department or organisation would not add up to N, and are never summed.
//! - **Approved hours** (V3): H = Σ hours over counted activities, summed exactly in millionths
//!   of an hour.
//! - **Hours per volunteer** (V4): mean = H / N; median of h_i over the N volunteers (the mean of
//!   the two middle values when N is even).
//! - **Monthly active volunteers**: for each calendar month m from the first to the last month
//!   with a counted activity, A_m = |{i : i has ≥ 1 counted activity dated in m}|. Months with
//!   none inside that span are published as 0.

use crate::Dataset;
use crate::schema::coerce::{MICRO, Status};

/// The summary before publication rules.
#[derive(Debug, Clone, PartialEq)]
pub struct ActivitySummary {
    /// N: volunteers with at least one counted activity.
    pub volunteers: u64,
    /// H in millionths of an hour.
    pub approved_micro_hours: i64,
    /// Median of per-volunteer hours, in hours (`None` when N = 0).
    pub median_hours: Option<f64>,
    /// Activity rows by status: approved, pending, rejected, unknown.
    pub by_status: [u64; 4],
    /// First and last counted activity dates (days from CE).
    pub span: Option<(i32, i32)>,
    /// (month index = year × 12 + month − 1, active volunteers) for every month of the span.
    pub monthly_active: Vec<(i32, u64)>,
}

impl ActivitySummary {
    /// H in hours.
    pub fn approved_hours(&self) -> f64 {
        self.approved_micro_hours as f64 / MICRO as f64
    }

    /// H / N in hours (`None` when N = 0).
    pub fn mean_hours(&self) -> Option<f64> {
        (self.volunteers > 0).then(|| self.approved_hours() / self.volunteers as f64)
    }
}

/// Month index of a day from CE: year × 12 + (month − 1).
pub fn month_index(day: i32) -> i32 {
    use chrono::Datelike;
    chrono::NaiveDate::from_num_days_from_ce_opt(day)
        .map_or(0, |d| d.year() * 12 + d.month0() as i32)
}

/// Computes the summary. Linear in rows; memory: one accumulator per volunteer and one bit per
/// (volunteer, month).
pub fn summarize(ds: &Dataset) -> ActivitySummary {
    let a = &ds.activities;
    let n_vol = ds.people.len();
    let mut per_volunteer: Vec<i64> = vec![0; n_vol];
    let mut active: Vec<bool> = vec![false; n_vol];
    let mut by_status = [0u64; 4];
    let mut span: Option<(i32, i32)> = None;
    let mut total: i64 = 0;
    for i in 0..a.len() {
        let status = a.status[i];
        by_status[status as usize] += 1;
        if status != Status::Approved {
            continue;
        }
        let v = a.volunteer[i] as usize;
        per_volunteer[v] += a.micro_hours[i];
        active[v] = true;
        total += a.micro_hours[i];
        let d = a.day[i];
        span = Some(span.map_or((d, d), |(lo, hi)| (lo.min(d), hi.max(d))));
    }
    let mut hours: Vec<i64> = per_volunteer
        .iter()
        .zip(&active)
        .filter(|&(_, &on)| on)
        .map(|(&h, _)| h)
        .collect();
    hours.sort_unstable();
    let volunteers = hours.len() as u64;
    let median_hours = median_micro(&hours).map(|m| m / MICRO as f64);

    let monthly_active = match span {
        None => Vec::new(),
        Some((lo, hi)) => {
            let (m0, m1) = (month_index(lo), month_index(hi));
            let months = usize::try_from(m1 - m0 + 1).unwrap_or(0);
            let mut seen = vec![0u64; (months * n_vol).div_ceil(64)];
            let mut counts = vec![0u64; months];
            for i in 0..a.len() {
                if a.status[i] != Status::Approved {
                    continue;
                }
                let m = usize::try_from(month_index(a.day[i]) - m0).unwrap_or(0);
                let bit = m * n_vol + a.volunteer[i] as usize;
                let (word, mask) = (bit / 64, 1u64 << (bit % 64));
                if seen[word] & mask == 0 {
                    seen[word] |= mask;
                    counts[m] += 1;
                }
            }
            counts
                .into_iter()
                .enumerate()
                .map(|(k, c)| (m0 + k as i32, c))
                .collect()
        }
    };
    ActivitySummary {
        volunteers,
        approved_micro_hours: total,
        median_hours,
        by_status,
        span,
        monthly_active,
    }
}

/// Median of sorted integer values, as f64 (mean of the two middle values for even n).
fn median_micro(sorted: &[i64]) -> Option<f64> {
    let n = sorted.len();
    if n == 0 {
        return None;
    }
    Some(if n % 2 == 1 {
        sorted[n / 2] as f64
    } else {
        (sorted[n / 2 - 1] as f64 + sorted[n / 2] as f64) / 2.0
    })
}
