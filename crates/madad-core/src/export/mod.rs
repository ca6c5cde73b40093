//! Exports written by the core, with the hygiene every output path shares: formula
//! neutralisation in CSV ([`csv`]), JSON-safe numbers ([`json`]), bidi controls in labels
//! ([`bidi`]) and clean document metadata ([`metadata`]).

pub mod bidi;
pub mod csv;
pub mod json;
pub mod metadata;
