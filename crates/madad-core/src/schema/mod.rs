//! Schema: header matching, cell coercion, and the typed activity columns built from records.

pub mod activity;
pub mod coerce;
pub mod headers;
pub mod profile;
