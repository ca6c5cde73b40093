//! Exports written by the core, with the hygiene every output path shares.

pub mod csv;
