//! CSV for spreadsheet programs: UTF-8 with a byte-order mark (without it, Excel on Windows
//! opens Hebrew and Arabic as mojibake), CRLF line ends, RFC 4180 quoting, and formula-injection
//! neutralisation (reliability notes §2.3): a text cell that a spreadsheet would run as a
//! formula — starting with `=`, `+`, `-`, `@`, a tab or a carriage return, also after leading
//! spaces or invisible bidi marks — gets a leading apostrophe. Numbers stay numbers: `-2.5` is
//! not a formula.

/// Writes rows of text cells as CSV bytes.
#[derive(Debug, Clone)]
pub struct CsvWriter {
    out: Vec<u8>,
}

impl Default for CsvWriter {
    fn default() -> Self {
        CsvWriter::new()
    }
}

impl CsvWriter {
    /// A writer that has written the byte-order mark.
    pub fn new() -> Self {
        CsvWriter {
            out: vec![0xEF, 0xBB, 0xBF],
        }
    }

    /// Writes one row.
    pub fn row<S: AsRef<str>>(&mut self, cells: &[S]) {
        for (i, cell) in cells.iter().enumerate() {
            if i > 0 {
                self.out.push(b',');
            }
            let safe = neutralize(cell.as_ref());
            if safe.contains([',', '"', '\n', '\r']) {
                self.out.push(b'"');
                self.out
                    .extend_from_slice(safe.replace('"', "\"\"").as_bytes());
                self.out.push(b'"');
            } else {
                self.out.extend_from_slice(safe.as_bytes());
            }
        }
        self.out.extend_from_slice(b"\r\n");
    }

    /// The CSV bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }
}

/// Prefixes an apostrophe to text that a spreadsheet would treat as a formula.
pub fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    let start = cell.trim_start_matches(|c: char| {
        c == ' ' || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    });
    let risky = start.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let is_number =
        !start.is_empty() && start.parse::<f64>().is_ok_and(f64::is_finite) && start == cell;
    if risky && !is_number {
        std::borrow::Cow::Owned(format!("'{cell}"))
    } else {
        std::borrow::Cow::Borrowed(cell)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(
            neutralize("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(neutralize("  +1+1"), "'  +1+1");
        assert_eq!(neutralize("\u{200F}@SUM(A1)"), "'\u{200F}@SUM(A1)");
        assert_eq!(neutralize("\tx"), "'\tx");
        assert_eq!(neutralize("-2.5"), "-2.5");
        assert_eq!(neutralize("-"), "'-");
        assert_eq!(neutralize("שלום"), "שלום");
    }

    #[test]
    fn quoting_bom_and_line_ends() {
        let mut w = CsvWriter::new();
        w.row(&["a,b", "say \"hi\"", "x"]);
        assert_eq!(
            w.into_bytes(),
            b"\xEF\xBB\xBF\"a,b\",\"say \"\"hi\"\"\",x\r\n"
        );
    }
}
