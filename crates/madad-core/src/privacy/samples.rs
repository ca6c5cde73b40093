//! Sample values for the column-mapping screen: up to [`MAX_SAMPLES`] distinct values per column
//! from the first [`SAMPLE_ROWS`] data rows, so the user can see what a column holds before
//! mapping it (ecosystem notes §6.2, "a confidence badge and 3 sample values each").
//!
//! Samples are shown only where no person can be recognised from them ([`may_show`]): never for
//! a column the identifier gate flagged or the user decided (drop, pseudonymise, keep), nor a
//! column whose header announces an identifier, nor a person-id field (`volunteerId`,
//! `personId`), nor a birth-date or address column ([`super::quasi`]). Each value that still
//! looks like an identifier is masked ([`super::mask::mask_if_identifier`]) and long text is cut
//! to [`MAX_SAMPLE_CHARS`] characters. Samples live in the file's ledger only; a report's
//! `sources` drop them ([`crate::report::analyze`]).

use super::detect::ColumnVerdict;
use super::mask::mask_if_identifier;
use super::quasi::{QuasiKind, find_quasi_identifiers};
use crate::ingest::cells::Cell;
use crate::schema::coerce;

/// Most sample values kept per column.
pub const MAX_SAMPLES: usize = 3;
/// Data rows of a file that samples are taken from.
pub const SAMPLE_ROWS: u64 = 1_000;
/// Longest sample shown, in characters (longer values end with `…`).
pub const MAX_SAMPLE_CHARS: usize = 40;

/// Fields that name a person: never sampled, whatever the detector says.
const PERSON_FIELDS: &[&str] = &["volunteerId", "personId"];

/// Up to [`MAX_SAMPLES`] distinct display values of one column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnSamples {
    values: Vec<String>,
}

impl ColumnSamples {
    /// Adds a cell's value when it is new and there is room (text and numbers, as a spreadsheet
    /// shows them; blank cells, error values, date-time cells and booleans are skipped).
    pub fn push_cell(&mut self, cell: Cell<'_>) {
        if self.values.len() >= MAX_SAMPLES {
            return;
        }
        // Date cells and booleans are left out: a date column's samples come from its text
        // cells, and the core stays small (no date formatting here).
        let text = match cell {
            Cell::Raw(b) => String::from_utf8_lossy(b).trim().to_owned(),
            Cell::Text(s) => s.trim().to_owned(),
            Cell::Number(x) => coerce::display_number(x),
            _ => return,
        };
        if text.is_empty() {
            return;
        }
        let shown = shorten(&mask_if_identifier(&text));
        if !self.values.contains(&shown) {
            self.values.push(shown);
        }
    }

    /// The values kept, in the order first seen.
    pub fn values(&self) -> &[String] {
        &self.values
    }
}

/// `s` cut to [`MAX_SAMPLE_CHARS`] characters, with `…` when cut.
fn shorten(s: &str) -> String {
    if s.chars().count() <= MAX_SAMPLE_CHARS {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(MAX_SAMPLE_CHARS - 1).collect();
    out.push('…');
    out
}

/// Whether samples of a column may be shown: its `field` is not a person id, its `header` is
/// not a birth date or an address, the detector's `verdict` (when there is one) found nothing
/// and no header announcing an identifier, and the user took no identifier decision on it.
pub fn may_show(
    header: &str,
    field: Option<&str>,
    verdict: Option<&ColumnVerdict>,
    decided: bool,
) -> bool {
    if decided || field.is_some_and(|f| PERSON_FIELDS.contains(&f)) {
        return false;
    }
    if verdict.is_some_and(|v| v.needs_decision() || v.header_match || v.kind.is_some()) {
        return false;
    }
    let quasi = find_quasi_identifiers(&[header]);
    !quasi.is_some_and(|q| q.columns.iter().any(|(_, k)| *k != QuasiKind::Gender))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::detect::detect_column;

    fn samples(cells: &[Cell<'_>]) -> Vec<String> {
        let mut s = ColumnSamples::default();
        for c in cells {
            s.push_cell(*c);
        }
        s.values().to_vec()
    }

    #[test]
    fn keeps_three_distinct_values_in_order() {
        let got = samples(&[
            Cell::Text("רווחה"),
            Cell::Empty,
            Cell::Text(" רווחה "),
            Cell::Text("חינוך"),
            Cell::Number(2.5),
            Cell::Text("ספורט"),
        ]);
        assert_eq!(got, ["רווחה", "חינוך", "2.5"]);
    }

    #[test]
    fn numbers_read_as_a_spreadsheet_shows_them_and_other_typed_cells_are_skipped() {
        let got = samples(&[
            Cell::DateTime(45383.0),
            Cell::Number(10234.0),
            Cell::Bool(true),
        ]);
        assert_eq!(got, ["10234"]);
        assert!(samples(&[Cell::Error("#N/A"), Cell::FormulaWithoutValue]).is_empty());
    }

    #[test]
    fn identifier_like_values_are_masked_and_long_text_cut() {
        let long = "א".repeat(60);
        let got = samples(&[Cell::Text("טלפון 050-1234567"), Cell::Text(&long)]);
        assert_eq!(got[0], mask_if_identifier("טלפון 050-1234567"));
        assert!(!got[0].contains("1234567"));
        assert_eq!(got[1].chars().count(), MAX_SAMPLE_CHARS);
        assert!(got[1].ends_with('…'));
    }

    #[test]
    fn identifying_columns_are_never_shown() {
        let ids = detect_column(
            "מספר",
            &["039337423", "000000018", "123456782", "011111119"],
        );
        assert!(ids.needs_decision());
        assert!(!may_show("מספר", None, Some(&ids), false));
        let plain = detect_column("מחלקה", &["רווחה", "חינוך", "רווחה"]);
        assert!(may_show("מחלקה", Some("department"), Some(&plain), false));
        // A decision, a person-id field, a birth date or an address: hidden whatever the values.
        assert!(!may_show("מחלקה", Some("department"), Some(&plain), true));
        assert!(!may_show("קוד", Some("volunteerId"), None, false));
        assert!(!may_show("קוד", Some("personId"), None, false));
        assert!(!may_show("תאריך לידה", None, None, false));
        assert!(!may_show("כתובת", None, None, false));
        // Gender alone identifies no one.
        assert!(may_show("מגדר", Some("gender"), None, false));
    }
}
