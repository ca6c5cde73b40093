//! Trend analysis of indicator series: bucketing by period, change with confidence intervals,
//! robust trend tests, interrupted time series, retention survival and short projections.
//!
//! Every function is pure and takes plain inputs (dates and values, durations and event flags,
//! group labels); each result names its method and lists its assumptions in `notes`.

pub mod change;
pub mod cohort;
pub mod forecast;
pub mod its;
pub mod kendall;
pub mod linear_trend;
pub mod section;
pub mod series;
pub mod summary;
pub mod survival;
