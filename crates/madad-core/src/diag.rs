//! Diagnostics: data problems returned as data, never thrown.
//!
//! A diagnostic names the file, the 1-based row as a spreadsheet shows it (the header is row 1),
//! the physical line where that row starts (as a text editor shows it), the column header, a
//! stable code and parameters. Hosts translate the code; the core never builds sentences.
//! Values from identifier-like columns are never placed in `params`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    /// The row was rejected: it is not used in any computation.
    Error,
    /// The row was used, but something about it deserves attention.
    Warning,
}

/// One problem found in the input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    /// Stable machine-readable code, e.g. `date.invalid`; see `docs/diagnostics.md`.
    pub code: String,
    /// Whether the row was rejected or only flagged.
    pub severity: Severity,
    /// The file name as the user supplied it.
    pub file: String,
    /// The sheet, for a spreadsheet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// 1-based row as a spreadsheet shows it (header = row 1); absent for file-level problems.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub row: Option<u64>,
    /// 1-based physical line where the row starts, as a text editor shows it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The column header (as written in the file) the problem is in, when it is about one cell.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// Code-specific parameters for the translated message (never identifier values).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
}

impl Diagnostic {
    /// A row-level diagnostic.
    pub fn row(code: &str, severity: Severity, file: &str, row: u64, line: u64) -> Self {
        Diagnostic {
            code: code.to_owned(),
            severity,
            file: file.to_owned(),
            sheet: None,
            row: Some(row),
            line: Some(line),
            column: None,
            params: BTreeMap::new(),
        }
    }

    /// A file-level diagnostic (no row).
    pub fn file(code: &str, severity: Severity, file: &str) -> Self {
        Diagnostic {
            code: code.to_owned(),
            severity,
            file: file.to_owned(),
            sheet: None,
            row: None,
            line: None,
            column: None,
            params: BTreeMap::new(),
        }
    }

    /// Names the column the problem is in.
    pub fn in_column(mut self, column: &str) -> Self {
        self.column = Some(column.to_owned());
        self
    }

    /// Adds a parameter for the message.
    pub fn with(mut self, key: &str, value: impl ToString) -> Self {
        self.params.insert(key.to_owned(), value.to_string());
        self
    }
}
