//! Resource limits for reading a workbook. Every limit is checked by [`crate::prescan`] before
//! calamine sees the bytes, or while the chosen sheet is streamed.

use serde::{Deserialize, Serialize};

const MIB: u64 = 1024 * 1024;

/// Limits on a workbook's container and contents. The defaults are far above any real municipal
/// file (KB to a few MB, tens of zip entries, thousands of rows) and far below what would exhaust
/// a 32-bit wasm instance (one allocation > 2 GiB traps; linear memory never shrinks).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct WorkbookLimits {
    /// Largest workbook file accepted, in bytes. Default 512 MiB: the same order as the total
    /// inflated size, since even a stored (uncompressed) archive cannot exceed it usefully.
    pub max_file_bytes: u64,
    /// Most zip entries. Default 10,000: real XLSX files have 10 to 40 entries, a few hundred with
    /// many sheets and images; a larger count only costs central-directory memory (case E52).
    pub max_entries: u64,
    /// Largest total declared uncompressed size of all entries. Default 512 MiB (case E48).
    pub max_total_uncompressed: u64,
    /// Largest declared uncompressed size of one entry. Default 256 MiB: one sheet of five million
    /// cells is about 100 MiB of XML (case E48).
    pub max_entry_uncompressed: u64,
    /// Largest compression ratio (uncompressed / compressed) of an entry larger than
    /// [`ratio_floor`](Self::ratio_floor). Default 200: real sheets compress 5–20×, repetitive
    /// `styles.xml` up to ~100×; deflate cannot exceed ~1,032× and zip bombs sit there.
    pub max_ratio: u64,
    /// Entries up to this uncompressed size are never rejected for their ratio. Default 1 MiB:
    /// a small highly repetitive part is harmless, and Apache POI's ratio-only rule raises false
    /// alarms on such parts.
    pub ratio_floor: u64,
    /// Most shared strings (`xl/sharedStrings.xml` `count`, `uniqueCount` and the `<si>` elements
    /// actually present). Default 5,000,000. calamine reserves `uniqueCount` strings before any
    /// other check can run (calamine#684; case E44/E45), so an implausible declaration — more
    /// strings than the part has bytes / 5 — is rejected whatever the limit.
    pub max_shared_strings: u64,
    /// Most cells in one sheet: the declared `<dimension>` extent of a sheet large enough to hold
    /// that many cells (cases E46/E47), the densified extent of an XLS or ODS sheet (calamine
    /// builds a dense `rows × columns` range for those formats), and the cells streamed from an
    /// XLSX sheet. Default 5,000,000: the core's row store is the next bottleneck.
    pub max_sheet_cells: u64,
    /// Most cells calamine may hold densified for an XLS or ODS workbook: the sum over its sheets
    /// of the used range's `rows × columns`. calamine reads every sheet of those formats into a
    /// dense `Range` when the workbook is opened (about 32 bytes a cell, twice that for ODS with
    /// its parallel formula grid), so this bounds its memory to roughly 130 MiB. Default
    /// 2,000,000.
    pub max_dense_cells: u64,
    /// Most cell formats (`<xf>` elements in `xl/styles.xml`, cell and style formats together).
    /// calamine materialises a full style (font, fill, borders…) for each when the workbook is
    /// opened. Default 131,072: Excel itself allows 64,000 cell formats.
    pub max_cell_formats: u64,
    /// Most sheets in a workbook. Default 1,000 (case E52).
    pub max_sheets: u64,
    /// Longest run of missing rows between two used rows that is passed on as empty rows (so row
    /// numbers and the skipped count match what Excel shows). A longer run is passed on as a jump
    /// in row numbers and counted in [`SheetSummary::empty_rows_omitted`](crate::SheetSummary).
    /// Default 10,000.
    pub max_empty_row_run: u64,
}

impl Default for WorkbookLimits {
    fn default() -> Self {
        WorkbookLimits {
            max_file_bytes: 512 * MIB,
            max_entries: 10_000,
            max_total_uncompressed: 512 * MIB,
            max_entry_uncompressed: 256 * MIB,
            max_ratio: 200,
            ratio_floor: MIB,
            max_shared_strings: 5_000_000,
            max_sheet_cells: 5_000_000,
            max_dense_cells: 2_000_000,
            max_cell_formats: 131_072,
            max_sheets: 1_000,
            max_empty_row_run: 10_000,
        }
    }
}
