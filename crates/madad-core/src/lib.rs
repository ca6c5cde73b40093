//! Madad's pure core: municipal volunteering files in, indicators and statistics out.
//!
//! The core performs no I/O, reads no clock and holds no global random state: the host (the
//! wasm binding, the CLI or a test) passes file bytes, the "as of" date and any seed. The same
//! inputs therefore give the same [`Report`] natively, in Node and in every browser.
//!
//! Data flow: file bytes → [`ingest`] (encoding, CSV tokenising with our own row numbering) →
//! [`schema`] (header matching, coercion, one ledger entry per input row) → [`Dataset`] →
//! [`indicators`] → [`privacy`] (small-cell suppression) → [`Report`].

pub mod benchmarks;
pub mod bundle;
pub mod dataset;
pub mod definitions;
pub mod diag;
pub mod error;
pub mod export;
pub mod indicators;
pub mod ingest;
pub mod loneliness;
pub mod lowercase;
pub mod options;
pub mod privacy;
pub mod report;
pub mod schema;
pub mod stats;
pub mod transfer;
pub mod trends;
pub mod view;

pub use dataset::{Dataset, DatasetBuilder, SheetInfo, SourceFile, ingest};
pub use diag::{Diagnostic, Severity};
pub use error::{Error, Result};
pub use ingest::cells::{Cell, RowStreamWriter};
pub use ingest::ledger::FileFormat;
pub use ingest::ledger::FileLedger;
pub use options::{AnalysisOptions, IngestOptions};
pub use report::{Report, analyze, try_analyze};
pub use schema::profile::MappingProfile;

/// The library version, written into every report.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
