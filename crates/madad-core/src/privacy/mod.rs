//! Privacy by construction: identifier masking in diagnostics and small-cell suppression before
//! anything leaves the core.

pub mod mask;
pub mod suppress;
