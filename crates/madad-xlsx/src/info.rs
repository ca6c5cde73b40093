//! What the pre-scan learns about a workbook, and what reading a sheet reports.

use serde::Serialize;

/// The container format, sniffed from the bytes (never the file name).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum WorkbookFormat {
    /// Office Open XML workbook (a ZIP with `[Content_Types].xml` and `xl/workbook.xml`).
    Xlsx,
    /// Excel 97–2003 workbook (BIFF in an OLE2 container).
    Xls,
    /// OpenDocument spreadsheet (a ZIP whose `mimetype` entry says so).
    Ods,
}

/// Whether a sheet is shown in the spreadsheet program's tab bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SheetVisibility {
    /// Shown.
    Visible,
    /// Hidden; the user can unhide it.
    Hidden,
    /// Hidden; only a macro can unhide it (Excel's `veryHidden`).
    VeryHidden,
}

/// What kind of sheet it is. Only worksheets hold cells Madad can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum SheetKind {
    /// A grid of cells.
    Worksheet,
    /// A chart on its own tab.
    Chartsheet,
    /// A dialog sheet (Excel 5).
    Dialogsheet,
    /// An Excel 4 macro sheet.
    Macrosheet,
}

/// One sheet of a workbook, as far as the pre-scan could tell without reading its cells.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SheetMeta {
    /// The sheet (tab) name.
    pub name: String,
    /// Shown, hidden or very hidden.
    pub visibility: SheetVisibility,
    /// Worksheet, chartsheet…
    pub kind: SheetKind,
    /// The declared used range (`<dimension ref>` in XLSX, the DIMENSIONS record in XLS), e.g.
    /// `A1:F120`, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dimension: Option<String>,
    /// Rows × columns of that range (or, for ODS and XLS, of the densified used range).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub extent_cells: Option<u64>,
    /// Uncompressed size of the sheet's part (XLSX) or stream section, in bytes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub part_bytes: Option<u64>,
    /// Whether the sheet evidently holds no cell (an XLSX `<sheetData/>`, an empty ODS table).
    pub empty: bool,
    /// Merged regions as A1 ranges (`A5:C5`), the first 1,000. Only the top-left cell of a
    /// merged region holds a value; the others read as empty. (XLS: filled when the sheet is
    /// read.)
    pub merged: Vec<String>,
    /// How many merged regions the sheet has.
    pub merged_count: u64,
    /// 1-based numbers of hidden rows (hidden by hand or by a filter), the first 1,000.
    pub hidden_rows: Vec<u64>,
    /// How many rows are hidden. Hidden rows are read like any other: the ledger lists them so
    /// the user knows the file holds rows Excel does not show.
    pub hidden_rows_count: u64,
    /// Hidden column ranges (`B:C`) (XLSX only).
    pub hidden_columns: Vec<String>,
}

/// The result of [`prescan`](crate::prescan): the workbook's shape, every limit already checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WorkbookInfo {
    /// XLSX, XLS or ODS.
    pub format: WorkbookFormat,
    /// Size of the file in bytes.
    pub bytes: u64,
    /// Whether dates are counted from 1904-01-01 (the old Mac Excel system). Serials from such a
    /// workbook are shifted by 1,462 days before they reach the core.
    pub date1904: bool,
    /// Every sheet, in tab order.
    pub sheets: Vec<SheetMeta>,
    /// Zip entries (0 for XLS).
    pub entries: u64,
    /// Sum of the entries' uncompressed sizes (the file size for XLS).
    pub uncompressed_bytes: u64,
    /// Shared strings actually present (XLSX only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub shared_strings: Option<u64>,
}

impl WorkbookInfo {
    /// Names of the hidden and very hidden sheets, for the ledger.
    pub fn hidden_sheets(&self) -> Vec<&str> {
        self.sheets
            .iter()
            .filter(|s| s.visibility != SheetVisibility::Visible)
            .map(|s| s.name.as_str())
            .collect()
    }

    /// The sheet read when none is named: the first visible worksheet that is not evidently
    /// empty, else the first visible worksheet, else the first worksheet.
    pub fn default_sheet(&self) -> Option<&SheetMeta> {
        let ws = || {
            self.sheets
                .iter()
                .filter(|s| s.kind == SheetKind::Worksheet)
        };
        ws().find(|s| s.visibility == SheetVisibility::Visible && !s.empty)
            .or_else(|| ws().find(|s| s.visibility == SheetVisibility::Visible))
            .or_else(|| ws().next())
    }
}

/// What reading one sheet produced.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SheetSummary {
    /// The sheet that was read.
    pub sheet: String,
    /// Rows passed to the sink, empty gap rows included.
    pub rows_emitted: u64,
    /// Cells read from the sheet (XLSX: `<c>` elements; XLS/ODS: non-empty cells).
    pub cells_read: u64,
    /// The first and last used row (1-based), when the sheet has any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub first_row: Option<u64>,
    /// The last used row (1-based).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_row: Option<u64>,
    /// Missing rows not passed on because their run was longer than
    /// [`max_empty_row_run`](crate::WorkbookLimits::max_empty_row_run).
    pub empty_rows_omitted: u64,
    /// Merged regions of the sheet, as A1 ranges (`B2:D2`), the first 1,000. Only the top-left
    /// cell of a merged region holds a value; the others read as empty.
    pub merged: Vec<String>,
    /// How many merged regions the sheet has.
    pub merged_count: u64,
    /// 1-based numbers of the sheet's hidden rows (by hand or by a filter), the first 1,000.
    /// They are read like any other row.
    pub hidden_rows: Vec<u64>,
    /// How many rows are hidden.
    pub hidden_rows_count: u64,
    /// Hidden column ranges (`B:C`, XLSX only).
    pub hidden_columns: Vec<String>,
    /// Formula cells without a cached value (also passed on as `FormulaWithoutValue`).
    pub formulas_without_value: u64,
    /// Hidden sheets of the workbook (not read), for the ledger.
    pub hidden_sheets: Vec<String>,
}

/// Converts 0-based (row, column) to an A1 reference.
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut c = u64::from(col) + 1;
    while c > 0 {
        let rem = ((c - 1) % 26) as u8;
        letters.push(b'A' + rem);
        c = (c - 1) / 26;
    }
    letters.reverse();
    let mut s = String::from_utf8_lossy(&letters).into_owned();
    s.push_str(&(u64::from(row) + 1).to_string());
    s
}

/// Parses an A1 reference (`XFD1048576`, `$A$1`) into 0-based (row, column).
pub fn parse_a1(s: &str) -> Option<(u64, u64)> {
    let s = s.trim().trim_start_matches('$');
    let split = s.find(|c: char| !c.is_ascii_alphabetic())?;
    let (letters, digits) = s.split_at(split);
    let digits = digits.trim_start_matches('$');
    if letters.is_empty() || letters.len() > 3 || digits.is_empty() || digits.len() > 7 {
        return None;
    }
    let mut col = 0u64;
    for b in letters.bytes() {
        col = col * 26 + u64::from(b.to_ascii_uppercase() - b'A' + 1);
    }
    let row: u64 = digits.parse().ok()?;
    if row == 0 {
        return None;
    }
    Some((row - 1, col - 1))
}

/// Rows × columns of an A1 range (`A1:XFD1048576` or a single cell).
pub fn range_cells(r: &str) -> Option<u64> {
    let (a, b) = match r.split_once(':') {
        Some((a, b)) => (parse_a1(a)?, parse_a1(b)?),
        None => {
            let a = parse_a1(r)?;
            (a, a)
        }
    };
    let rows = a.0.abs_diff(b.0) + 1;
    let cols = a.1.abs_diff(b.1) + 1;
    Some(rows.saturating_mul(cols))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_round_trip() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(1_048_575, 16_383), "XFD1048576");
        assert_eq!(a1(9, 27), "AB10");
        assert_eq!(parse_a1("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_a1("$B$3"), Some((2, 1)));
        assert_eq!(parse_a1("A0"), None);
        assert_eq!(range_cells("A1:XFD1048576"), Some(17_179_869_184));
        assert_eq!(range_cells("A1"), Some(1));
        assert_eq!(range_cells("B2:C4"), Some(6));
    }
}
