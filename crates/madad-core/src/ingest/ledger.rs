//! The per-file ledger: every input row is used, rejected (with a reason) or skipped.
//!
//! Invariant, checked by property tests: `rows_total == rows_used + rows_rejected + rows_skipped`,
//! where `rows_total` counts every record after the header row (blank lines included).

use serde::{Deserialize, Serialize};

use super::encoding::{EncodingEvidence, TextEncoding};
use crate::diag::Severity;

/// What one file contributed, and what happened to each of its rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct FileLedger {
    /// The file name as supplied.
    pub name: String,
    /// SHA-256 of the file's bytes, lower-case hex.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
    /// The detected format.
    pub format: FileFormat,
    /// The sheet read, for a spreadsheet.
    pub sheet: Option<String>,
    /// The encoding the text was decoded with (`null` for a spreadsheet).
    pub encoding: Option<TextEncoding>,
    /// Why that encoding was chosen.
    pub encoding_evidence: Option<EncodingEvidence>,
    /// Whether the file started with a byte-order mark.
    pub bom: bool,
    /// The field delimiter, as a one-character string (`"\t"` for tab; `null` for a spreadsheet).
    pub delimiter: Option<String>,
    /// The role of the file in the data set.
    pub role: FileRole,
    /// 1-based row of the header.
    pub header_row: u64,
    /// Every header of the file and the canonical field it was mapped to (`null`: ignored).
    pub columns: Vec<ColumnMapping>,
    /// How the day/month order of the date column was decided, when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_order: Option<DateOrderDecision>,
    /// Physical lines in the file.
    pub physical_lines: u64,
    /// Every record except the header row: the data rows, plus blank or title rows above the
    /// header (those are counted as skipped).
    pub rows_total: u64,
    /// Rows used in the analysis.
    pub rows_used: u64,
    /// Rows rejected, each with an error diagnostic.
    pub rows_rejected: u64,
    /// Blank rows, counted and otherwise ignored.
    pub rows_skipped: u64,
    /// Counts of diagnostics by code.
    pub problems: Vec<ProblemCount>,
    /// What the workbook hides, for a spreadsheet (`null` for text files).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workbook: Option<WorkbookNotes>,
    /// What was decided for each identifier column (kind and action, never a value).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<crate::privacy::ingest_gate::IdentifierDecision>,
}

/// What a workbook hides from its reader, listed so the user knows what was and was not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct WorkbookNotes {
    /// Hidden and very hidden sheets (not read unless chosen).
    pub hidden_sheets: Vec<String>,
    /// Merged regions in the sheet read (only the top-left cell holds a value).
    pub merged_regions: u64,
    /// Hidden or filtered-out rows in the sheet read (read like any other row).
    pub hidden_rows: u64,
}

/// The format a file was read as (sniffed from its bytes, not its name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum FileFormat {
    /// Delimited text.
    Csv,
    /// Office Open XML workbook (Excel 2007 and later).
    Xlsx,
    /// Excel 97–2003 workbook.
    Xls,
    /// OpenDocument spreadsheet (LibreOffice).
    Ods,
}

/// The role of a file, detected from its columns (or chosen by the user).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum FileRole {
    /// An hours log: one row per activity or session.
    ActivityLog,
    /// A volunteer registry: one row per volunteer.
    Registry,
    /// Survey responses (loneliness questionnaires), long or wide layout.
    Survey,
    /// Residents by neighbourhood, age band, gender and group.
    Population,
    /// Volunteering opportunities: places and hours needed and filled.
    Opportunities,
}

impl FileRole {
    /// The role of a camelCase name.
    pub fn from_name(name: &str) -> Option<FileRole> {
        [
            FileRole::ActivityLog,
            FileRole::Registry,
            FileRole::Survey,
            FileRole::Population,
            FileRole::Opportunities,
        ]
        .into_iter()
        .find(|r| r.name() == name)
    }

    /// The camelCase name.
    pub fn name(self) -> &'static str {
        match self {
            FileRole::ActivityLog => "activityLog",
            FileRole::Registry => "registry",
            FileRole::Survey => "survey",
            FileRole::Population => "population",
            FileRole::Opportunities => "opportunities",
        }
    }
}

/// One header and the canonical field it maps to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMapping {
    /// The header as written in the file, trimmed of white space and invisible marks (BOM,
    /// bidi marks); renamed when unusable (see `renamedFrom`).
    pub header: String,
    /// The canonical field (camelCase name), or `null` when the column is ignored.
    pub field: Option<String>,
    /// The header as written, when it had to be renamed (empty, repeated or reserved).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renamed_from: Option<String>,
    /// The user's mapping decided this column (rather than a synonym).
    #[serde(default)]
    pub user_mapped: bool,
    /// Up to three values from the first rows, for the mapping screen; empty for any column
    /// that could identify a person (see [`crate::privacy::samples`]). Never in a report.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub samples: Vec<String>,
}

/// How the day/month order of a date column was decided.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct DateOrderDecision {
    /// `dmy` (day first) or `mdy` (month first).
    pub order: String,
    /// `evidence`: a value could only be read one way; `default`: every value was ambiguous
    /// and the Israeli default (day first) was taken.
    pub basis: String,
    /// A value from the file that shows the decision, with the date it was read as.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<DateExample>,
}

/// A raw date value and how it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct DateExample {
    /// As written in the file.
    pub raw: String,
    /// ISO 8601 reading.
    pub iso: String,
}

/// How many diagnostics of one code a file produced.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct ProblemCount {
    /// The diagnostic code.
    pub code: String,
    /// Its severity.
    pub severity: Severity,
    /// How many times it occurred.
    pub count: u64,
}
