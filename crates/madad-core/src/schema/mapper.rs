//! The per-file mapper: reads the header row, renames unusable headers, recognises the file's
//! role, maps columns to fields (the user's mapping first, then synonyms), accounts for every
//! row (used, rejected or skipped) and keeps the diagnostics. The role modules
//! (`activity`, `registry`, `survey`, `population`) only coerce a row's cells.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use super::coerce::{self, DateOrder, Status};
use super::fields::{self, ROLES};
use super::headers::normalize;
use super::survey::{self, ItemColumn};
use super::tables::Tables;
use crate::diag::{Diagnostic, Severity};
use crate::ingest::cells::{Cell, RowView};
use crate::ingest::csv::RecordProblem;
use crate::ingest::ledger::{ColumnMapping, FileRole, ProblemCount};
use crate::privacy::gate::GateAction;
use crate::privacy::ingest_gate::IngestGate;
use crate::privacy::mask::{mask, mask_if_identifier};

/// Limits and choices that apply while mapping rows.
#[derive(Debug, Clone, Copy)]
pub struct RowRules {
    /// The 1-based header row, when the user chose one.
    pub header_row: Option<u64>,
    /// Most data rows in one file.
    pub max_rows: u64,
    /// Most columns a header may have.
    pub max_columns: usize,
    /// Day/month order for text dates.
    pub date_order: DateOrder,
    /// Latest acceptable activity date (days from CE), from the host's "as of" date.
    pub latest_day: Option<i32>,
    /// Largest number of hours one record may carry.
    pub max_hours: u32,
    /// Keep exact duplicate rows instead of rejecting them.
    pub keep_duplicates: bool,
    /// The file's text went through a decoder that replaced undecodable bytes.
    pub had_replacements: bool,
    /// Stored diagnostics per code in one file (counts stay exact beyond it).
    pub max_diagnostics_per_code: u64,
}

/// A mapped cell as a value: text (trimmed), or a typed spreadsheet value.
#[derive(Debug, Clone)]
pub enum Value<'a> {
    /// Text, trimmed of white space and invisible marks (empty when the cell is empty).
    Text(Cow<'a, str>),
    /// A number from a spreadsheet.
    Number(f64),
    /// An Excel date-time serial.
    DateTime(f64),
}

impl Value<'_> {
    /// The value as text (numbers as a spreadsheet shows them in a text field).
    pub fn as_text(&self) -> Cow<'_, str> {
        match self {
            Value::Text(s) => Cow::Borrowed(s),
            Value::Number(n) | Value::DateTime(n) => Cow::Owned(coerce::display_number(*n)),
        }
    }

    /// The value as a user recognises it in a date column: a typed spreadsheet date as its ISO
    /// date (not the serial `46381`), anything else as text.
    pub fn as_date_text(&self) -> Cow<'_, str> {
        let date = match self {
            Value::DateTime(n) => coerce::serial_to_date(*n).ok(),
            Value::Number(n) => coerce::number_to_date(*n).ok(),
            Value::Text(_) => None,
        };
        match date {
            Some(d) => Cow::Owned(coerce::iso(d)),
            None => self.as_text(),
        }
    }

    /// Whether the value is empty text.
    pub fn is_empty(&self) -> bool {
        matches!(self, Value::Text(s) if s.is_empty())
    }
}

/// Per-file state: header mapping, role, counts and diagnostics.
#[derive(Debug)]
pub struct FileMapper {
    file: String,
    /// The sheet, for a spreadsheet.
    sheet: Option<String>,
    /// Position of the file among all files read.
    pub file_index: usize,
    /// The role recognised (or chosen) once the header is read.
    pub role: Option<FileRole>,
    /// The role the user chose for this file.
    role_choice: Option<FileRole>,
    /// Column index of each mapped field.
    index: ColumnIndex,
    /// Answer columns, for a survey.
    pub items: Vec<ItemColumn>,
    headers: Vec<String>,
    /// Set once the header row has been read.
    pub header_row: Option<u64>,
    /// Records after the header.
    pub rows_total: u64,
    /// Used rows.
    pub rows_used: u64,
    /// Rejected rows.
    pub rows_rejected: u64,
    /// Blank rows.
    pub rows_skipped: u64,
    problems: Vec<ProblemCount>,
    /// Diagnostics kept for the report (capped per code).
    pub diagnostics: Vec<Diagnostic>,
    /// A fatal error found while reading the header.
    pub fatal: Option<crate::Error>,
    /// The user's column mapping: header → field name (`None`: ignore the column).
    mapping: Vec<(String, Option<String>)>,
    /// The headers as written, before renaming.
    renamed_from: Vec<String>,
    /// Which columns the user's mapping decided.
    user_mapped: Vec<bool>,
    /// File-level diagnostics waiting to be noted.
    pending: Vec<Diagnostic>,
    /// The rejected rows, for the user to download and fix (identifier-like values masked).
    pub excluded: Vec<ExcludedRow>,
    /// Rejected rows beyond [`MAX_EXCLUDED_ROWS`], counted but not kept.
    pub excluded_dropped: u64,
    date_cache: FxHashMap<Box<str>, Result<i32, &'static str>>,
    /// Parsed hours by raw text (activity logs).
    pub(crate) hours_cache: FxHashMap<Box<str>, Result<i64, &'static str>>,
    /// Parsed statuses by raw text (activity logs).
    pub(crate) status_cache: FxHashMap<Box<str>, Result<Status, ()>>,
    /// The identifier gate: probes every column, applies the user's decisions.
    pub gate: IngestGate,
}

impl FileMapper {
    /// A mapper for file number `file_index` named `file`.
    pub fn new(file: &str, file_index: usize) -> Self {
        FileMapper {
            file: file.to_owned(),
            sheet: None,
            file_index,
            role: None,
            role_choice: None,
            index: ColumnIndex::default(),
            items: Vec::new(),
            headers: Vec::new(),
            header_row: None,
            rows_total: 0,
            rows_used: 0,
            rows_rejected: 0,
            rows_skipped: 0,
            problems: Vec::new(),
            diagnostics: Vec::new(),
            fatal: None,
            mapping: Vec::new(),
            renamed_from: Vec::new(),
            user_mapped: Vec::new(),
            pending: Vec::new(),
            excluded: Vec::new(),
            excluded_dropped: 0,
            date_cache: FxHashMap::default(),
            hours_cache: FxHashMap::default(),
            status_cache: FxHashMap::default(),
            gate: IngestGate::default(),
        }
    }

    /// A mapper for a spreadsheet's sheet.
    pub fn for_sheet(file: &str, sheet: &str, file_index: usize) -> Self {
        FileMapper {
            sheet: Some(sheet.to_owned()),
            ..FileMapper::new(file, file_index)
        }
    }

    /// Uses the user's column mapping (header → field name, `None` to ignore the column).
    pub fn with_mapping(mut self, mapping: Vec<(String, Option<String>)>) -> Self {
        self.mapping = mapping;
        self
    }

    /// Uses the identifier gate `gate` (the user's decisions and the key).
    pub fn with_gate(mut self, gate: IngestGate) -> Self {
        self.gate = gate;
        self
    }

    /// Uses the role the user chose for the file instead of recognising it.
    pub fn with_role(mut self, role: Option<FileRole>) -> Self {
        self.role_choice = role;
        self
    }

    /// The file name.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Column index of `field`, when mapped.
    pub fn column(&self, field: &str) -> Option<usize> {
        self.index.get(field).copied()
    }

    /// Columns that hold dates (for deciding the day/month order).
    pub fn date_columns(&self) -> Vec<usize> {
        [
            "date",
            "joinDate",
            "leaveDate",
            "birthDate",
            "startDate",
            "endDate",
        ]
        .iter()
        .filter_map(|f| self.column(f))
        .collect()
    }

    /// Adds a file-level diagnostic (encoding or date-order decisions).
    pub fn note_file(&mut self, code: &str, params: &[(&str, String)]) {
        let mut d = Diagnostic::file(code, Severity::Warning, &self.file);
        d.sheet.clone_from(&self.sheet);
        for (k, v) in params {
            d = d.with(k, v);
        }
        self.pending.push(d);
    }

    /// Moves waiting file-level diagnostics into the counts and the list.
    pub fn flush_file_notes(&mut self, rules: &RowRules) {
        for d in std::mem::take(&mut self.pending) {
            self.note(d, rules);
        }
    }

    /// The header row, mapped: each header with its field.
    pub fn columns(&self) -> Vec<ColumnMapping> {
        self.headers
            .iter()
            .enumerate()
            .map(|(i, h)| ColumnMapping {
                header: h.clone(),
                field: self
                    .index
                    .iter()
                    .find(|&&(_, c)| c == i)
                    .map(|(f, _)| (*f).to_owned())
                    .or_else(|| {
                        self.items
                            .iter()
                            .find(|it| it.column == i)
                            .map(ItemColumn::field_name)
                    }),
                renamed_from: self.renamed_from.get(i).filter(|o| *o != h).cloned(),
                user_mapped: self.user_mapped.get(i).copied().unwrap_or(false),
                samples: Vec::new(),
            })
            .collect()
    }

    /// The headers (after renaming).
    pub fn headers(&self) -> &[String] {
        &self.headers
    }

    /// Counts of diagnostics by code.
    pub fn problem_counts(&self) -> Vec<ProblemCount> {
        // `note` keeps them ordered by code.
        self.problems.clone()
    }

    /// Reads the header row: renames unusable headers (empty → `column_C` after the column
    /// letter; a repeat → `name (2)`; the JavaScript-reserved `__proto__`, `constructor` and
    /// `prototype` → `name_`), each with a `schema.header_renamed` warning; then recognises the
    /// role and maps the columns. Sets [`FileMapper::fatal`] when no role fits or there are more
    /// than `max_columns` columns.
    pub fn read_header(&mut self, row: &dyn RowView, max_columns: usize) {
        self.header_row = Some(row.row());
        // The tokenizer stops storing fields at the cap; its problem carries the true count.
        let found = match row.problem() {
            Some(RecordProblem::TooManyFields { fields }) => fields,
            _ => row.len(),
        };
        if found > max_columns {
            self.fatal = Some(
                crate::Error::in_file("limit.columns", &self.file)
                    .with("max", max_columns)
                    .with("found", found),
            );
            return;
        }
        let originals: Vec<String> = (0..row.len())
            .map(|i| clean(&cell_text(row.cell(i))).to_owned())
            .collect();
        self.headers = rename_headers(&originals);
        self.gate.on_header(&self.headers);
        for (i, (original, header)) in originals.iter().zip(&self.headers).enumerate() {
            if original != header {
                let mut d = Diagnostic::row(
                    "schema.header_renamed",
                    Severity::Warning,
                    &self.file,
                    row.row(),
                    row.line(),
                )
                .in_column(header)
                .with("columnLetter", column_letter(i))
                .with("from", original)
                .with("to", header);
                d.sheet.clone_from(&self.sheet);
                self.pending.push(d);
            }
        }
        // The user's mapping, by normalised header.
        let user: Vec<Option<Option<&str>>> = originals
            .iter()
            .map(|o| {
                let key = normalize(o);
                self.mapping
                    .iter()
                    .find(|(h, _)| normalize(h) == key)
                    .map(|(_, f)| f.as_deref())
            })
            .collect();
        self.user_mapped = user.iter().map(Option::is_some).collect();
        let candidates: Vec<FileRole> = match self.role_choice {
            Some(r) => vec![r],
            None => ROLES.to_vec(),
        };
        let mut best: Option<(FileRole, ColumnIndex, Vec<ItemColumn>, usize)> = None;
        let mut closest: Option<(FileRole, Vec<&'static str>, usize)> = None;
        for role in candidates {
            let (index, items) = map_columns(role, &originals, &user);
            let missing: Vec<&'static str> = fields::required(role)
                .iter()
                .copied()
                .filter(|f| !index.contains_key(f))
                .collect();
            let any = fields::any_of(role);
            let any_ok = any.is_empty() || any.iter().any(|f| index.contains_key(f));
            let items_ok = role != FileRole::Survey || !items.is_empty();
            let hours_ok =
                role != FileRole::ActivityLog || fields::hours_or_times(&|f| index.contains_key(f));
            let score = index.len() + items.len();
            if missing.is_empty() && any_ok && items_ok && hours_ok {
                if best.as_ref().is_none_or(|b| score > b.3) {
                    best = Some((role, index, items, score));
                }
            } else if closest.as_ref().is_none_or(|c| score > c.2) {
                let mut missing = missing;
                if !any_ok {
                    missing.extend(any.iter().take(1));
                }
                if !items_ok {
                    missing.push("answers");
                }
                if !hours_ok {
                    missing.push("hours");
                }
                closest = Some((role, missing, score));
            }
        }
        self.renamed_from = originals;
        match (best, closest) {
            (Some((role, index, items, _)), _) => {
                self.role = Some(role);
                self.index = index;
                self.items = items;
                self.drop_columns(role);
            }
            (None, Some((role, missing, _))) => {
                self.fatal = Some(
                    crate::Error::in_file("schema.missing_columns", &self.file)
                        .with("role", role.name())
                        .with("missing", missing.join(","))
                        .with("headers", self.headers.join(" | ")),
                );
            }
            (None, None) => {
                self.fatal = Some(crate::Error::in_file("schema.missing_columns", &self.file));
            }
        }
    }

    /// Unmaps the columns the user dropped (a required field cannot be dropped: the file stops
    /// with `privacy.drop_required`), and warns about quasi-identifier headers that identify in
    /// combination (`privacy.quasi_identifiers`).
    fn drop_columns(&mut self, role: FileRole) {
        let dropped: Vec<usize> = self.gate.dropped().collect();
        for i in dropped {
            let field = self.index.iter().find(|&&(_, c)| c == i).map(|&(f, _)| f);
            self.index.0.retain(|&(_, c)| c != i);
            self.items.retain(|it| it.column != i);
            let index = &self.index;
            let has = |f: &str| index.contains_key(f);
            let any = fields::any_of(role);
            let still_fits = fields::required(role).iter().all(|f| has(f))
                && (any.is_empty() || any.iter().any(|f| has(f)))
                && (role != FileRole::Survey || !self.items.is_empty())
                && (role != FileRole::ActivityLog || fields::hours_or_times(&has));
            if !still_fits {
                self.fatal = Some(
                    crate::Error::in_file("privacy.drop_required", &self.file)
                        .with("column", self.header_at(i))
                        .with("field", field.unwrap_or_default()),
                );
                return;
            }
        }
        if let Some(q) =
            crate::privacy::quasi::find_quasi_identifiers(&self.headers).filter(|q| q.combination)
        {
            let mut d = q.to_diagnostic(&self.file);
            d.sheet.clone_from(&self.sheet);
            self.pending.push(d);
        }
    }

    fn note(&mut self, d: Diagnostic, rules: &RowRules) {
        let count = match self.problems.binary_search_by(|p| p.code.cmp(&d.code)) {
            Ok(i) => match self.problems.get_mut(i) {
                Some(p) => {
                    p.count += 1;
                    p.count
                }
                None => 0,
            },
            Err(i) => {
                self.problems.insert(
                    i,
                    ProblemCount {
                        code: d.code.clone(),
                        severity: d.severity,
                        count: 1,
                    },
                );
                1
            }
        };
        if count <= rules.max_diagnostics_per_code {
            self.diagnostics.push(d);
        }
    }

    /// The header of `field`'s column (empty when the field is not mapped).
    pub fn header_name(&self, field: &str) -> &str {
        self.column(field)
            .and_then(|i| self.headers.get(i))
            .map_or("", String::as_str)
    }

    /// The header of column `i`.
    pub fn header_at(&self, i: usize) -> &str {
        self.headers.get(i).map_or("", String::as_str)
    }

    /// A row-level diagnostic for this file.
    pub fn row_diag(&self, code: &str, severity: Severity, row: &dyn RowView) -> Diagnostic {
        let mut d = Diagnostic::row(code, severity, &self.file, row.row(), row.line());
        d.sheet.clone_from(&self.sheet);
        d
    }

    /// `number.surrounding_space`, a warning, when `field`'s cell is text with white space
    /// before or after it. The number is read without it (reliability notes case 75: `"5 "` is 5
    /// with a warning): padding typed by hand or added by an export is harmless on its own, but
    /// the user should know the cell was not exactly a number. Call it once the value is read.
    pub fn warn_if_padded(&self, row: &dyn RowView, field: &str, out: &mut Outcome<'_>) {
        let Some(i) = self.column(field) else {
            return;
        };
        let text = match row.cell(i) {
            Cell::Raw(b) => String::from_utf8_lossy(b),
            Cell::Text(s) => Cow::Borrowed(s),
            _ => return,
        };
        if is_padded(&text) {
            out.push(self.cell_diag(
                "number.surrounding_space",
                Severity::Warning,
                row,
                field,
                &text,
            ));
        }
    }

    /// A diagnostic about `field`'s cell, showing `shown` (masked when identifier-like).
    pub fn cell_diag(
        &self,
        code: &str,
        severity: Severity,
        row: &dyn RowView,
        field: &str,
        shown: &str,
    ) -> Diagnostic {
        let mut d = self
            .row_diag(code, severity, row)
            .in_column(self.header_name(field));
        if !shown.is_empty() {
            d = d.with("value", mask_if_identifier(shown));
        }
        d
    }

    /// Problems with the shape of the row (quoting, cell length, field count).
    fn structural_problems(
        &self,
        row: &dyn RowView,
        errors: &mut Vec<Diagnostic>,
        warnings: &mut Vec<Diagnostic>,
    ) {
        match row.problem() {
            Some(RecordProblem::UnterminatedQuote { quote_line }) => errors.push(
                self.row_diag("csv.unterminated_quote", Severity::Error, row)
                    .with("quoteLine", quote_line),
            ),
            Some(RecordProblem::CellTooLong { field }) => {
                errors.push(
                    self.row_diag("csv.cell_too_long", Severity::Error, row)
                        .in_column(self.header_at(field)),
                );
            }
            Some(RecordProblem::TooManyFields { fields }) => errors.push(
                self.row_diag("csv.too_many_fields", Severity::Error, row)
                    .with("expected", self.headers.len())
                    .with("found", fields),
            ),
            None => {}
        }
        let width = self.headers.len();
        if !errors.is_empty() {
            return;
        }
        if row.len() > width {
            if !(width..row.len()).all(|i| row.cell(i).is_blank()) {
                errors.push(
                    self.row_diag("csv.too_many_fields", Severity::Error, row)
                        .with("expected", width)
                        .with("found", row.len()),
                );
            }
        } else if row.len() < width && self.sheet.is_none() {
            // A spreadsheet row simply ends at its last non-empty cell; only text files are ragged.
            warnings.push(
                self.row_diag("csv.too_few_fields", Severity::Warning, row)
                    .with("expected", width)
                    .with("found", row.len()),
            );
        }
    }

    /// Maps one data row into `tables`, counting it as used, rejected or skipped.
    pub fn map_record(&mut self, row: &dyn RowView, rules: &RowRules, tables: &mut Tables) {
        self.rows_total += 1;
        if row.problem().is_none() && row.is_blank() {
            self.rows_skipped += 1;
            return;
        }
        if let Some(e) = self.gate.probe_row(row, &self.file) {
            self.fatal = Some(e);
            return;
        }
        let mut errors: Vec<Diagnostic> = Vec::new();
        let mut warnings: Vec<Diagnostic> = Vec::new();
        self.structural_problems(row, &mut errors, &mut warnings);
        if errors.is_empty() {
            let mut out = Outcome {
                errors: &mut errors,
                warnings: &mut warnings,
            };
            match self.role {
                Some(FileRole::ActivityLog) => {
                    super::activity::map_row(self, row, rules, tables, &mut out)
                }
                Some(FileRole::Registry) => {
                    super::registry::map_row(self, row, rules, tables, &mut out)
                }
                Some(FileRole::Survey) => survey::map_row(self, row, rules, tables, &mut out),
                Some(FileRole::Population) => {
                    super::population::map_row(self, row, rules, tables, &mut out)
                }
                Some(FileRole::Opportunities) => {
                    super::opportunities::map_row(self, row, rules, tables, &mut out)
                }
                None => {}
            }
        }
        if errors.is_empty() {
            self.rows_used += 1;
        } else {
            self.rows_rejected += 1;
            self.keep_excluded(row, &errors);
        }
        if !errors.is_empty() || !warnings.is_empty() {
            for d in errors.into_iter().chain(warnings) {
                self.note(d, rules);
            }
        }
    }

    fn keep_excluded(&mut self, row: &dyn RowView, errors: &[Diagnostic]) {
        if self.excluded.len() >= MAX_EXCLUDED_ROWS {
            self.excluded_dropped += 1;
            return;
        }
        let mut reasons: Vec<String> = errors.iter().map(|d| d.code.clone()).collect();
        reasons.dedup();
        self.excluded.push(ExcludedRow {
            row: row.row(),
            line: row.line(),
            reasons,
            cells: (0..row.len())
                .map(|i| match self.gate.action(i) {
                    None | Some(GateAction::Keep) => mask_if_identifier(&cell_text(row.cell(i))),
                    Some(GateAction::Drop) => String::new(),
                    Some(GateAction::Pseudonymise) => mask(&cell_text(row.cell(i))),
                })
                .collect(),
        });
    }

    /// The text of a required field, or `None` when the row is rejected: the cell is empty
    /// (`value.missing`) or unreadable (an Excel error, a formula without a value).
    pub fn required_text(
        &self,
        row: &dyn RowView,
        field: &str,
        rules: &RowRules,
        out: &mut Outcome<'_>,
    ) -> Option<String> {
        let text = text_of(&self.value(row, field, true, rules, out)).into_owned();
        if out.rejected() {
            return None;
        }
        if text.is_empty() {
            out.push(self.cell_diag("value.missing", Severity::Error, row, field, ""));
            return None;
        }
        Some(text)
    }

    /// The value of `field` in `row` (`None` when the field is not mapped). An Excel error or a
    /// formula without a cached value is an error when `required` and a warning otherwise, and
    /// reads as empty; invalid text bytes are a warning.
    pub fn value<'r>(
        &self,
        row: &'r dyn RowView,
        field: &str,
        required: bool,
        rules: &RowRules,
        out: &mut Outcome<'_>,
    ) -> Option<Value<'r>> {
        let i = self.column(field)?;
        Some(self.value_at(row, i, required, rules, out))
    }

    /// The value of column `i` (see [`FileMapper::value`]), after the identifier gate: a
    /// pseudonymised column gives the value's keyed pseudonym.
    pub fn value_at<'r>(
        &self,
        row: &'r dyn RowView,
        i: usize,
        required: bool,
        rules: &RowRules,
        out: &mut Outcome<'_>,
    ) -> Value<'r> {
        let value = self.cell_value_at(row, i, required, rules, out);
        match self.gate.action(i) {
            None | Some(GateAction::Keep) => value,
            Some(action) => Value::Text(Cow::Owned(self.gate.apply(action, &value.as_text()))),
        }
    }

    fn cell_value_at<'r>(
        &self,
        row: &'r dyn RowView,
        i: usize,
        required: bool,
        rules: &RowRules,
        out: &mut Outcome<'_>,
    ) -> Value<'r> {
        let column = self.header_at(i);
        let severity = if required {
            Severity::Error
        } else {
            Severity::Warning
        };
        match row.cell(i) {
            Cell::Empty => Value::Text(Cow::Borrowed("")),
            Cell::Raw(bytes) if is_excel_error(bytes) => {
                // An error value Excel wrote into a CSV: never data (not a volunteer named #N/A).
                let shown = String::from_utf8_lossy(bytes);
                out.push(
                    self.row_diag("excel.error_value", severity, row)
                        .in_column(column)
                        .with("value", clean(&shown)),
                );
                Value::Text(Cow::Borrowed(""))
            }
            Cell::Raw(bytes) => {
                let (text, bad_bytes) = match std::str::from_utf8(bytes) {
                    Ok(s) => (
                        Cow::Borrowed(clean(s)),
                        rules.had_replacements && s.contains('\u{FFFD}'),
                    ),
                    Err(_) => (
                        Cow::Owned(clean(&String::from_utf8_lossy(bytes)).to_owned()),
                        true,
                    ),
                };
                if bad_bytes {
                    out.warnings.push(
                        self.row_diag("encoding.invalid_byte", Severity::Warning, row)
                            .in_column(column),
                    );
                }
                Value::Text(text)
            }
            Cell::Text(s) => Value::Text(Cow::Borrowed(clean(s))),
            Cell::Number(n) => Value::Number(n),
            Cell::DateTime(n) => Value::DateTime(n),
            Cell::Bool(b) => Value::Text(Cow::Borrowed(if b { "TRUE" } else { "FALSE" })),
            Cell::Error(e) => {
                let d = self
                    .row_diag("excel.error_value", severity, row)
                    .in_column(column)
                    .with("value", e);
                out.push(d);
                Value::Text(Cow::Borrowed(""))
            }
            Cell::FormulaWithoutValue => {
                out.push(
                    self.row_diag("excel.formula_without_value", severity, row)
                        .in_column(column),
                );
                Value::Text(Cow::Borrowed(""))
            }
        }
    }

    /// Reads a date value as days from CE: text through the cached parser, numbers as Excel
    /// serial days, date-time cells as serials. Errors are diagnostic codes.
    pub fn day(&mut self, value: &Value<'_>, rules: &RowRules) -> Result<i32, &'static str> {
        let to_day = |d: chrono::NaiveDate| chrono::Datelike::num_days_from_ce(&d);
        match value {
            Value::Text(raw) if raw.is_empty() => Err("value.missing"),
            Value::Text(raw) => cached(&mut self.date_cache, raw, |raw| {
                coerce::parse_date(raw, rules.date_order).map(to_day)
            }),
            Value::Number(n) => coerce::number_to_date(*n).map(to_day),
            Value::DateTime(n) => coerce::serial_to_date(*n).map(to_day),
        }
    }
}

/// Field name → column index.
#[derive(Debug, Clone, Default)]
pub struct ColumnIndex(Vec<(&'static str, usize)>);

impl ColumnIndex {
    /// The column of `field`.
    pub fn get(&self, field: &str) -> Option<&usize> {
        self.0.iter().find(|(f, _)| *f == field).map(|(_, c)| c)
    }

    /// Whether `field` is mapped.
    pub fn contains_key(&self, field: &str) -> bool {
        self.get(field).is_some()
    }

    /// Maps `field` to `column` unless it is mapped already (the first column wins).
    pub fn insert_first(&mut self, field: &'static str, column: usize) {
        if !self.contains_key(field) {
            self.0.push((field, column));
        }
    }

    /// Number of mapped fields.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether no field is mapped.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// (field, column) pairs.
    pub fn iter(&self) -> impl Iterator<Item = &(&'static str, usize)> {
        self.0.iter()
    }
}

/// Most rejected rows kept per file for the download (all are counted in the ledger).
pub const MAX_EXCLUDED_ROWS: usize = 100_000;

/// A rejected row as the user can download it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExcludedRow {
    /// 1-based row.
    pub row: u64,
    /// 1-based physical line.
    pub line: u64,
    /// The error codes that rejected it.
    pub reasons: Vec<String>,
    /// The cells as text, identifier-like values masked.
    pub cells: Vec<String>,
}

/// Where a row's diagnostics go while it is mapped.
#[derive(Debug)]
pub struct Outcome<'a> {
    /// Errors: the row is rejected when there is any.
    pub errors: &'a mut Vec<Diagnostic>,
    /// Warnings: the row is used.
    pub warnings: &'a mut Vec<Diagnostic>,
}

impl Outcome<'_> {
    /// Files a diagnostic by its severity.
    pub fn push(&mut self, d: Diagnostic) {
        match d.severity {
            Severity::Error => self.errors.push(d),
            Severity::Warning => self.warnings.push(d),
        }
    }

    /// Whether the row has been rejected.
    pub fn rejected(&self) -> bool {
        !self.errors.is_empty()
    }
}

/// Maps the columns of a header to `role`'s fields: the user's choices first, then synonyms
/// (the first matching column wins); survey answer columns by pattern.
fn map_columns(
    role: FileRole,
    originals: &[String],
    user: &[Option<Option<&str>>],
) -> (ColumnIndex, Vec<ItemColumn>) {
    let specs = fields::fields(role);
    // Normalised once per header row, not once per header and synonym.
    let normalized: Vec<Vec<String>> = specs
        .iter()
        .map(|s| s.synonyms.iter().map(|syn| normalize(syn)).collect())
        .collect();
    let mut index = ColumnIndex::default();
    for (i, choice) in user.iter().enumerate() {
        if let Some(Some(name)) = choice
            && let Some(spec) = specs.iter().find(|s| s.name == *name)
        {
            index.insert_first(spec.name, i);
        }
    }
    for (i, original) in originals.iter().enumerate() {
        if user.get(i).is_some_and(Option::is_some) {
            continue;
        }
        let key = normalize(original);
        if key.is_empty() {
            continue;
        }
        if let Some(spec) = specs
            .iter()
            .zip(&normalized)
            .find(|(_, syns)| syns.contains(&key))
            .map(|(s, _)| s)
        {
            index.insert_first(spec.name, i);
        }
    }
    let items = if role == FileRole::Survey {
        let mapped: Vec<usize> = index.iter().map(|&(_, c)| c).collect();
        originals
            .iter()
            .enumerate()
            .filter(|(i, _)| !mapped.contains(i) && user.get(*i).is_none_or(Option::is_none))
            .filter_map(|(i, h)| survey::item_column(i, h))
            .collect()
    } else {
        Vec::new()
    };
    (index, items)
}

/// The text of an optional value (empty when the field is not mapped), borrowed when possible:
/// interning copies a value only the first time it is seen.
pub fn text_of<'a>(v: &'a Option<Value<'_>>) -> Cow<'a, str> {
    v.as_ref().map_or(Cow::Borrowed(""), Value::as_text)
}

/// Most distinct raw values remembered per cache; beyond it values are parsed every time.
const CACHE_LIMIT: usize = 1 << 16;

/// Parses `raw` with `parse`, remembering the result: coercion is a pure function of the raw
/// text, and a file repeats the same few dates, hour values and labels on many rows.
pub fn cached<T: Copy, E: Copy>(
    cache: &mut FxHashMap<Box<str>, Result<T, E>>,
    raw: &str,
    parse: impl FnOnce(&str) -> Result<T, E>,
) -> Result<T, E> {
    if let Some(&hit) = cache.get(raw) {
        return hit;
    }
    let value = parse(raw);
    if cache.len() < CACHE_LIMIT {
        cache.insert(raw.into(), value);
    }
    value
}

/// The error values Excel writes into a CSV in place of a result.
const EXCEL_ERRORS: [&str; 11] = [
    "#N/A",
    "#DIV/0!",
    "#VALUE!",
    "#REF!",
    "#NAME?",
    "#NUM!",
    "#NULL!",
    "#GETTING_DATA",
    "#SPILL!",
    "#CALC!",
    "#FIELD!",
];

/// Whether CSV cell bytes are exactly an Excel error value (ignoring surrounding white space).
pub(crate) fn is_excel_error(bytes: &[u8]) -> bool {
    let t = bytes.trim_ascii();
    t.first() == Some(&b'#')
        && EXCEL_ERRORS
            .iter()
            .any(|e| e.as_bytes().eq_ignore_ascii_case(t))
}

/// Trims white space and strips invisible bidi marks and BOMs from a cell.
pub fn clean(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    })
}

/// Whether `s` has white space before or after it (see [`FileMapper::warn_if_padded`]).
pub fn is_padded(s: &str) -> bool {
    s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace)
}

/// A cell as header text.
fn cell_text(cell: Cell<'_>) -> Cow<'_, str> {
    match cell {
        Cell::Empty | Cell::FormulaWithoutValue => Cow::Borrowed(""),
        Cell::Raw(b) => String::from_utf8_lossy(b),
        Cell::Text(s) | Cell::Error(s) => Cow::Borrowed(s),
        Cell::Number(n) | Cell::DateTime(n) => Cow::Owned(coerce::display_number(n)),
        Cell::Bool(b) => Cow::Borrowed(if b { "TRUE" } else { "FALSE" }),
    }
}

/// Renames headers that cannot serve as names (see [`FileMapper::read_header`]).
fn rename_headers(originals: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(originals.len());
    let mut taken: Vec<String> = Vec::with_capacity(originals.len());
    for (i, h) in originals.iter().enumerate() {
        let mut name = if h.is_empty() {
            format!("column_{}", column_letter(i))
        } else if matches!(h.as_str(), "__proto__" | "constructor" | "prototype") {
            format!("{h}_")
        } else {
            h.clone()
        };
        if taken.contains(&name) {
            let base = name.clone();
            let mut n = 2;
            while taken.contains(&format!("{base} ({n})")) {
                n += 1;
            }
            name = format!("{base} ({n})");
        }
        taken.push(name.clone());
        out.push(name);
    }
    out
}

/// The spreadsheet letter of 0-based column `i` (A, …, Z, AA, …).
pub fn column_letter(i: usize) -> String {
    let mut n = i + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.iter().rev().map(|&b| char::from(b)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_renamed_deterministically() {
        let h = |v: &[&str]| rename_headers(&v.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(
            h(&["a", "", "a", "__proto__", "a (2)", "constructor", ""]),
            vec![
                "a",
                "column_B",
                "a (2)",
                "__proto___",
                "a (2) (2)",
                "constructor_",
                "column_G"
            ]
        );
        assert_eq!(
            (
                column_letter(0),
                column_letter(25),
                column_letter(26),
                column_letter(701)
            ),
            ("A".into(), "Z".into(), "AA".into(), "ZZ".into())
        );
    }
}
