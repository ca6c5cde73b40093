//! Madad's spreadsheet reader: XLSX, XLS and ODS workbooks, read safely with calamine and passed
//! to the core as typed rows.
//!
//! This crate is deliberately not part of the core wasm module (calamine adds ~300 KB gzip); the
//! host loads it only when a workbook is dropped, as one of two wasm modules chosen by the
//! container ([`Formats`]: XLSX/ODS, or legacy XLS with its code-page tables). Reading a
//! workbook is two steps:
//!
//! 1. [`prescan`] checks the container and the declared contents against [`WorkbookLimits`]
//!    before calamine sees a byte (zip bombs, lying sizes, shared-string and extent declarations
//!    that would make calamine allocate gigabytes, DTDs, encryption) and returns [`WorkbookInfo`];
//! 2. [`read_sheet`] streams the chosen sheet's rows, typed ([`Cell`]), into a sink — for the
//!    core's `DatasetBuilder` see [`ingest_workbook`].
//!
//! Every failure is a [`madad_core::Error`] about the file, with a stable code (see
//! [`prescan`] for the list) and parameters.

mod cfb;
mod formats;
mod info;
mod ingest;
mod limits;
mod ods;
mod prescan;
mod read;
mod xls;

pub use formats::Formats;
pub use info::{SheetKind, SheetMeta, SheetSummary, SheetVisibility, WorkbookFormat, WorkbookInfo};
pub use ingest::{WorkbookLedger, file_format, ingest_workbook, sha256_hex};
pub use limits::WorkbookLimits;
pub use madad_core::Cell;
pub use prescan::prescan;
pub use read::{ReadOptions, RowSink, choose_sheet, read_sheet, read_workbook};
