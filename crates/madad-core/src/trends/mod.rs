//! Trend analysis of indicator series: bucketing by period, change with confidence intervals,
//! robust trend tests, interrupted time series, retention survival and short projections.
