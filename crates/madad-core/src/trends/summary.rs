//! All trend tests of one series in one call: the OLS slope, Mann–Kendall with Sen's slope,
//! the Hamed–Rao corrected test and, for monthly or quarterly series covering at least two
//! years, the seasonal Kendall test. Each test that does not apply says why.
//!
//! The incomplete last period and gaps are left out ([`Series::analysable`]); slopes are per
//! period of the series (per month, per quarter or per year).

use super::kendall::{MannKendall, hamed_rao, mann_kendall, seasonal_mann_kendall};
use super::linear_trend::{LinearTrend, linear_trend};
use super::series::Series;
use crate::stats::NotApplicable;
use crate::stats::linear::Covariance;
use serde::{Deserialize, Serialize};

/// A method that did not apply and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    /// Which test: `linear`, `mann_kendall`, `hamed_rao` or `seasonal`.
    pub test: String,
    /// Why it does not apply.
    pub reason: NotApplicable,
}

/// The trend tests of a series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "tsify", derive(tsify::Tsify))]
#[serde(rename_all = "camelCase")]
pub struct TrendSummary {
    /// Method name.
    pub method: String,
    /// Conventions: which points were used.
    pub notes: Vec<String>,
    /// Points used.
    pub n: usize,
    /// OLS slope per period with a classical interval.
    pub linear: Option<LinearTrend>,
    /// Mann–Kendall with Sen's slope per period.
    pub mann_kendall: Option<MannKendall>,
    /// Mann–Kendall with the Hamed–Rao variance correction.
    pub hamed_rao: Option<MannKendall>,
    /// Seasonal Kendall test (slope per year).
    pub seasonal: Option<MannKendall>,
    /// Tests that did not apply.
    pub skipped: Vec<Skipped>,
}

/// Runs every applicable trend test on the complete, non-missing points of `series`.
pub fn trend_summary(series: &Series, level: f64) -> TrendSummary {
    let pts = series.analysable(false);
    let mut skipped = Vec::new();
    let linear = keep(
        &mut skipped,
        "linear",
        linear_trend(&pts, &Covariance::Classical, level),
    );
    let mk = keep(&mut skipped, "mann_kendall", mann_kendall(&pts, level));
    let hr = keep(&mut skipped, "hamed_rao", hamed_rao(&pts, level, None));
    let period = series.period_type.periods_per_year() as usize;
    let seasonal = if period >= 2 {
        let values = series.regular_values(false);
        // Leading gaps would shift the seasons; the series starts at its first period anyway.
        if values.len() >= 2 * period {
            keep(
                &mut skipped,
                "seasonal",
                seasonal_mann_kendall(&values, period, level),
            )
        } else {
            keep(
                &mut skipped,
                "seasonal",
                Err(NotApplicable::new(
                    "too_few",
                    "the seasonal test needs at least two full years",
                )),
            )
        }
    } else {
        None
    };
    let mut notes = vec![
        "gaps and the incomplete last period are left out".to_owned(),
        "slopes are per period of the series; the seasonal slope is per year".to_owned(),
    ];
    if let Some(m) = &mk
        && let Some(r) = m.lag1_autocorrelation
        && m.notes.iter().any(|n| n.contains("Hamed–Rao"))
    {
        notes.push(format!(
            "lag-1 autocorrelation {r:.3}: prefer the Hamed–Rao result to the plain Mann–Kendall test"
        ));
    }
    TrendSummary {
        method: "trend tests: OLS slope, Mann–Kendall/Sen, Hamed–Rao, seasonal Kendall".to_owned(),
        notes,
        n: pts.len(),
        linear,
        mann_kendall: mk,
        hamed_rao: hr,
        seasonal,
        skipped,
    }
}

fn keep<T>(skipped: &mut Vec<Skipped>, test: &str, r: Result<T, NotApplicable>) -> Option<T> {
    match r {
        Ok(v) => Some(v),
        Err(reason) => {
            skipped.push(Skipped {
                test: test.to_owned(),
                reason,
            });
            None
        }
    }
}
