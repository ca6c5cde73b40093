//! Schema: header matching and role recognition, cell coercion, and the typed tables built from
//! rows (activity log, registry, survey, population).

pub mod activity;
pub mod coerce;
pub mod decimal;
pub mod decompose;
pub mod fields;
pub mod headers;
pub mod mapper;
pub mod opportunities;
pub mod population;
pub mod profile;
pub mod registry;
pub mod survey;
pub mod tables;
