//! Ingest: file bytes to records. Encoding detection and decoding, delimiter sniffing, and
//! CSV tokenising with our own row numbering; the ledger type that accounts for every row.

pub mod cells;
pub mod csv;
pub mod encoding;
pub mod ledger;
pub mod sniff;
