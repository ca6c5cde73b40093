//! The activity log in columns, and the per-file mapping of records into it.
//!
//! Each used row becomes one entry in every column; strings are dictionary-encoded (a code per
//! distinct value) so a million rows take about 40 bytes each. A volunteer is identified by the
//! exact text of the volunteer-id cell after trimming and removing invisible bidi marks; the same
//! id in several files is one person.

use std::borrow::Cow;
use std::collections::BTreeMap;

use rustc_hash::{FxBuildHasher, FxHashMap};

use super::coerce::{self, DateOrder, Status};
use super::headers::{ActivityField, normalize};
use crate::diag::{Diagnostic, Severity};
use crate::ingest::cells::{Cell, RowView};
use crate::ingest::csv::RecordProblem;
use crate::ingest::ledger::{ColumnMapping, ProblemCount};
use crate::privacy::mask::mask_if_identifier;

/// Code for a missing cell in a column whose field has no value.
pub const NONE: u32 = u32::MAX;

/// Interned strings: a dense code per distinct value, in order of first appearance.
#[derive(Debug, Default, Clone)]
pub struct Dict {
    codes: FxHashMap<Box<str>, u32>,
    values: Vec<Box<str>>,
}

impl Dict {
    /// The code of `value`, adding it when new.
    pub fn intern(&mut self, value: &str) -> u32 {
        if let Some(&c) = self.codes.get(value) {
            return c;
        }
        let code = u32::try_from(self.values.len()).unwrap_or(NONE - 1);
        self.codes.insert(value.into(), code);
        self.values.push(value.into());
        code
    }

    /// Number of distinct values.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The value of `code`.
    pub fn get(&self, code: u32) -> Option<&str> {
        self.values.get(code as usize).map(|v| &**v)
    }
}

/// The used activity rows of all files, as columns.
#[derive(Debug, Default, Clone)]
pub struct ActivityColumns {
    /// Volunteer code (see [`ActivityColumns::volunteers`]).
    pub volunteer: Vec<u32>,
    /// Days since 0001-01-01 (chrono's `num_days_from_ce`).
    pub day: Vec<i32>,
    /// Hours in millionths ([`coerce::MICRO`]).
    pub micro_hours: Vec<i64>,
    /// Approval status.
    pub status: Vec<Status>,
    /// Department code or [`NONE`].
    pub department: Vec<u32>,
    /// Organisation code or [`NONE`].
    pub organisation: Vec<u32>,
    /// Role code or [`NONE`].
    pub role: Vec<u32>,
    /// Volunteer ids.
    pub volunteers: Dict,
    /// Department names.
    pub departments: Dict,
    /// Organisation names.
    pub organisations: Dict,
    /// Role names.
    pub roles: Dict,
    /// Exact-duplicate detection: record hash → (file index, row) of the first occurrence.
    seen: FxHashMap<u64, (usize, u64)>,
}

impl ActivityColumns {
    /// Number of rows.
    pub fn len(&self) -> usize {
        self.volunteer.len()
    }

    /// Whether there are no rows.
    pub fn is_empty(&self) -> bool {
        self.volunteer.is_empty()
    }

    /// Forgets the duplicate-detection entries of file `file_index`.
    pub(crate) fn forget_file(&mut self, file_index: usize) {
        self.seen.retain(|_, v| v.0 != file_index);
    }

    /// Drops the duplicate-detection index once ingest is over.
    pub(crate) fn seal(&mut self) {
        self.seen = FxHashMap::with_hasher(FxBuildHasher);
    }
}

/// Limits and choices that apply while mapping rows.
#[derive(Debug, Clone, Copy)]
pub struct RowRules {
    /// The 1-based header row, when the user chose one.
    pub header_row: Option<u64>,
    /// Most data rows in one file.
    pub max_rows: u64,
    /// Most columns a header may have.
    pub max_columns: usize,
    /// Day/month order for the date column.
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

/// Per-file state: header mapping, counts and diagnostics.
#[derive(Debug)]
pub struct FileMapper {
    file: String,
    /// The sheet, for a spreadsheet.
    sheet: Option<String>,
    file_index: usize,
    /// Column index of each mapped field.
    index: BTreeMap<ActivityField, usize>,
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
    problems: BTreeMap<String, (Severity, u64)>,
    /// Diagnostics kept for the report (capped per code).
    pub diagnostics: Vec<Diagnostic>,
    /// A fatal error found while reading the header.
    pub fatal: Option<crate::Error>,
    /// The user's column mapping: header → field (`None`: ignore the column).
    mapping: Vec<(String, Option<ActivityField>)>,
    /// The headers as written, before renaming.
    renamed_from: Vec<String>,
    /// Which columns the user's mapping decided.
    user_mapped: Vec<bool>,
    /// File-level diagnostics waiting to be noted.
    pending: Vec<Diagnostic>,
    date_cache: FxHashMap<Box<str>, Result<i32, &'static str>>,
    hours_cache: FxHashMap<Box<str>, Result<i64, &'static str>>,
    status_cache: FxHashMap<Box<str>, Result<Status, ()>>,
}

impl FileMapper {
    /// A mapper for file number `file_index` named `file`.
    pub fn new(file: &str, file_index: usize) -> Self {
        FileMapper {
            file: file.to_owned(),
            sheet: None,
            file_index,
            index: BTreeMap::new(),
            headers: Vec::new(),
            header_row: None,
            rows_total: 0,
            rows_used: 0,
            rows_rejected: 0,
            rows_skipped: 0,
            problems: BTreeMap::new(),
            diagnostics: Vec::new(),
            fatal: None,
            mapping: Vec::new(),
            renamed_from: Vec::new(),
            user_mapped: Vec::new(),
            pending: Vec::new(),
            date_cache: FxHashMap::default(),
            hours_cache: FxHashMap::default(),
            status_cache: FxHashMap::default(),
        }
    }

    /// A mapper for a spreadsheet's sheet.
    pub fn for_sheet(file: &str, sheet: &str, file_index: usize) -> Self {
        FileMapper {
            sheet: Some(sheet.to_owned()),
            ..FileMapper::new(file, file_index)
        }
    }

    /// The file name.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Uses the user's column mapping (header → field, `None` to ignore the column).
    pub fn with_mapping(mut self, mapping: Vec<(String, Option<ActivityField>)>) -> Self {
        self.mapping = mapping;
        self
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
                    .find(|&(_, &c)| c == i)
                    .map(|(f, _)| f.name().to_owned()),
                renamed_from: self.renamed_from.get(i).filter(|o| *o != h).cloned(),
                user_mapped: self.user_mapped.get(i).copied().unwrap_or(false),
            })
            .collect()
    }

    /// Counts of diagnostics by code.
    pub fn problem_counts(&self) -> Vec<ProblemCount> {
        self.problems
            .iter()
            .map(|(code, &(severity, count))| ProblemCount {
                code: code.clone(),
                severity,
                count,
            })
            .collect()
    }

    /// Column index of the date field, once the header is known.
    pub fn date_column(&self) -> Option<usize> {
        self.index.get(&ActivityField::Date).copied()
    }

    /// Reads the header row. Headers are renamed deterministically where they could not serve
    /// as names (empty → `column_C` after the column letter; a repeat → `name (2)`; the
    /// JavaScript-reserved `__proto__`, `constructor` and `prototype` → `name_`), each with a
    /// `schema.header_renamed` warning. Columns are mapped by the user's mapping first, then by
    /// synonyms (the first matching column wins). Sets [`FileMapper::fatal`] when required
    /// fields are missing or there are more than `max_columns` columns.
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
        for (i, (original, header)) in originals.iter().zip(&self.headers).enumerate() {
            if original != header {
                let mut d =
                    Diagnostic::file("schema.header_renamed", Severity::Warning, &self.file)
                        .in_column(header)
                        .with("columnLetter", column_letter(i))
                        .with("from", original)
                        .with("to", header);
                d.sheet.clone_from(&self.sheet);
                d.row = Some(row.row());
                d.line = Some(row.line());
                self.pending.push(d);
            }
        }
        let mut user_mapped = vec![false; self.headers.len()];
        for (i, original) in originals.iter().enumerate() {
            let key = normalize(original);
            let chosen = self
                .mapping
                .iter()
                .find(|(h, _)| normalize(h) == key)
                .map(|(_, f)| *f);
            match chosen {
                Some(Some(field)) => {
                    user_mapped[i] = true;
                    self.index.entry(field).or_insert(i);
                }
                Some(None) => user_mapped[i] = true,
                None => {}
            }
        }
        for (i, original) in originals.iter().enumerate() {
            if user_mapped[i] {
                continue;
            }
            if let Some(field) = ActivityField::match_header(original) {
                self.index.entry(field).or_insert(i);
            }
        }
        self.user_mapped = user_mapped;
        self.renamed_from = originals;
        let missing: Vec<&str> = ActivityField::REQUIRED
            .iter()
            .filter(|f| !self.index.contains_key(f))
            .map(|f| f.name())
            .collect();
        if !missing.is_empty() {
            self.fatal = Some(
                crate::Error::in_file("schema.missing_columns", &self.file)
                    .with("missing", missing.join(","))
                    .with("headers", self.headers.join(" | ")),
            );
        }
    }

    fn note(&mut self, d: Diagnostic, rules: &RowRules) {
        let entry = self
            .problems
            .entry(d.code.clone())
            .or_insert((d.severity, 0));
        entry.1 += 1;
        if entry.1 <= rules.max_diagnostics_per_code {
            self.diagnostics.push(d);
        }
    }

    fn header_name(&self, field: ActivityField) -> &str {
        self.index
            .get(&field)
            .and_then(|&i| self.headers.get(i))
            .map_or("", String::as_str)
    }

    fn row_diag(&self, code: &str, severity: Severity, row: &dyn RowView) -> Diagnostic {
        let mut d = Diagnostic::row(code, severity, &self.file, row.row(), row.line());
        d.sheet.clone_from(&self.sheet);
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
                let header = self.headers.get(field).map_or("", String::as_str);
                errors.push(
                    self.row_diag("csv.cell_too_long", Severity::Error, row)
                        .in_column(header),
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

    /// Maps one data row into `cols`, counting it as used, rejected or skipped.
    pub fn map_record(&mut self, row: &dyn RowView, rules: &RowRules, cols: &mut ActivityColumns) {
        self.rows_total += 1;
        if row.problem().is_none() && row.is_blank() {
            self.rows_skipped += 1;
            return;
        }
        let mut errors: Vec<Diagnostic> = Vec::new();
        let mut warnings: Vec<Diagnostic> = Vec::new();
        self.structural_problems(row, &mut errors, &mut warnings);
        if errors.is_empty() {
            self.map_cells(row, rules, cols, &mut errors, &mut warnings);
        }
        if errors.is_empty() {
            self.rows_used += 1;
        } else {
            self.rows_rejected += 1;
        }
        if !errors.is_empty() || !warnings.is_empty() {
            for d in errors.into_iter().chain(warnings) {
                self.note(d, rules);
            }
        }
    }

    /// Reads the mapped cells of a row as values. Text borrows the row; only invalid UTF-8 and
    /// numbers in text fields allocate. An Excel error value or a formula without a cached value
    /// is an error in a required field and a warning (read as empty) in any other.
    fn values<'r>(
        &self,
        row: &'r dyn RowView,
        rules: &RowRules,
        errors: &mut Vec<Diagnostic>,
        warnings: &mut Vec<Diagnostic>,
    ) -> [Value<'r>; 7] {
        let mut values: [Value<'r>; 7] = Default::default();
        for (&field, &i) in &self.index {
            let column = self.header_name(field);
            let required = ActivityField::REQUIRED.contains(&field);
            let severity = if required {
                Severity::Error
            } else {
                Severity::Warning
            };
            values[field as usize] = match row.cell(i) {
                Cell::Empty => Value::Text(Cow::Borrowed("")),
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
                        warnings.push(
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
                    if required {
                        errors.push(d)
                    } else {
                        warnings.push(d)
                    }
                    Value::Text(Cow::Borrowed(""))
                }
                Cell::FormulaWithoutValue => {
                    let d = self
                        .row_diag("excel.formula_without_value", severity, row)
                        .in_column(column);
                    if required {
                        errors.push(d)
                    } else {
                        warnings.push(d)
                    }
                    Value::Text(Cow::Borrowed(""))
                }
            };
        }
        values
    }

    /// Coerces the mapped cells of a well-formed row and appends it to `cols`.
    fn map_cells(
        &mut self,
        row: &dyn RowView,
        rules: &RowRules,
        cols: &mut ActivityColumns,
        errors: &mut Vec<Diagnostic>,
        warnings: &mut Vec<Diagnostic>,
    ) {
        let values = self.values(row, rules, errors, warnings);
        if !errors.is_empty() {
            return;
        }
        let text = |f: ActivityField| values[f as usize].as_text();

        let volunteer_id = text(ActivityField::VolunteerId);
        if volunteer_id.is_empty() {
            errors.push(
                self.row_diag("value.missing", Severity::Error, row)
                    .in_column(self.header_name(ActivityField::VolunteerId)),
            );
            return;
        }
        let date_value = &values[ActivityField::Date as usize];
        let day = match date_value {
            Value::Text(raw) if raw.is_empty() => Err("value.missing"),
            Value::Text(raw) => cached(&mut self.date_cache, raw, |raw| {
                coerce::parse_date(raw, rules.date_order)
                    .map(|d| chrono::Datelike::num_days_from_ce(&d))
            }),
            Value::Number(n) => {
                coerce::number_to_date(*n).map(|d| chrono::Datelike::num_days_from_ce(&d))
            }
            Value::DateTime(n) => {
                coerce::serial_to_date(*n).map(|d| chrono::Datelike::num_days_from_ce(&d))
            }
        };
        let day = match day {
            Ok(day) if rules.latest_day.is_some_and(|latest| day > latest) => Err("date.future"),
            other => other,
        };
        let day = match day {
            Ok(day) => day,
            Err(code) => {
                let mut d = self
                    .row_diag(code, Severity::Error, row)
                    .in_column(self.header_name(ActivityField::Date));
                let shown = date_value.as_text();
                if !shown.is_empty() {
                    d = d.with("value", mask_if_identifier(&shown));
                }
                errors.push(d);
                return;
            }
        };
        let hours_value = &values[ActivityField::Hours as usize];
        let micro = match hours_value {
            Value::Text(raw) => cached(&mut self.hours_cache, raw, |raw| {
                coerce::parse_hours(raw, rules.max_hours)
            }),
            Value::Number(n) => coerce::hours_from_number(*n, rules.max_hours),
            // A time-formatted duration (2:30 is stored as 0.104166… of a day).
            Value::DateTime(n) if (0.0..1.0).contains(n) => {
                coerce::hours_from_number(n * 24.0, rules.max_hours)
            }
            Value::DateTime(_) => Err("number.invalid"),
        };
        let micro = match micro {
            Ok(v) => v,
            Err(code) => {
                let mut d = self
                    .row_diag(code, Severity::Error, row)
                    .in_column(self.header_name(ActivityField::Hours));
                let shown = hours_value.as_text();
                if !shown.is_empty() {
                    d = d.with("value", mask_if_identifier(&shown));
                }
                if code == "hours.out_of_range" {
                    d = d.with("max", rules.max_hours);
                }
                errors.push(d);
                return;
            }
        };
        let status = if self.index.contains_key(&ActivityField::Status) {
            let raw = text(ActivityField::Status);
            let s = *cached(&mut self.status_cache, &raw, |r| {
                Ok::<_, ()>(coerce::parse_status(r))
            })
            .as_ref()
            .unwrap_or(&Status::Unknown);
            if s == Status::Unknown {
                warnings.push(
                    self.row_diag("status.unknown", Severity::Warning, row)
                        .in_column(self.header_name(ActivityField::Status))
                        .with("value", mask_if_identifier(&raw)),
                );
            }
            s
        } else {
            Status::Approved
        };

        let volunteer = cols.volunteers.intern(&volunteer_id);
        let code_of = |dict: &mut Dict, f: ActivityField| {
            let v = text(f);
            if v.is_empty() { NONE } else { dict.intern(&v) }
        };
        let department = code_of(&mut cols.departments, ActivityField::Department);
        let organisation = code_of(&mut cols.organisations, ActivityField::Organisation);
        let role = code_of(&mut cols.roles, ActivityField::Role);
        if !rules.keep_duplicates {
            let key = record_hash(
                volunteer,
                day,
                micro,
                status,
                department,
                organisation,
                role,
            );
            if let Some(&(file_index, first_row)) = cols.seen.get(&key) {
                let mut d = self
                    .row_diag("row.duplicate", Severity::Error, row)
                    .with("firstRow", first_row);
                if file_index != self.file_index {
                    d = d.with("firstFileIndex", file_index);
                }
                errors.push(d);
                return;
            }
            cols.seen.insert(key, (self.file_index, row.row()));
        }
        cols.volunteer.push(volunteer);
        cols.day.push(day);
        cols.micro_hours.push(micro);
        cols.status.push(status);
        cols.department.push(department);
        cols.organisation.push(organisation);
        cols.role.push(role);
    }
}

/// A mapped cell as a value: text (trimmed), or a typed spreadsheet value.
#[derive(Debug, Clone)]
enum Value<'a> {
    Text(Cow<'a, str>),
    Number(f64),
    DateTime(f64),
}

impl Default for Value<'_> {
    fn default() -> Self {
        Value::Text(Cow::Borrowed(""))
    }
}

impl Value<'_> {
    /// The value as text (numbers as a spreadsheet shows them in a text field).
    fn as_text(&self) -> Cow<'_, str> {
        match self {
            Value::Text(s) => Cow::Borrowed(s),
            Value::Number(n) | Value::DateTime(n) => Cow::Owned(coerce::display_number(*n)),
        }
    }
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

/// Most distinct raw values remembered per cache; beyond it values are parsed every time.
const CACHE_LIMIT: usize = 1 << 16;

/// Parses `raw` with `parse`, remembering the result: coercion is a pure function of the raw
/// text, and a log repeats the same few dates, hour values and statuses on many rows.
fn cached<T: Copy, E: Copy>(
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

/// Trims white space and strips invisible bidi marks and BOMs from a cell.
fn clean(s: &str) -> &str {
    s.trim_matches(|c: char| {
        c.is_whitespace() || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
    })
}

/// FNV-1a over the coerced record: equal records always hash equal, and a 64-bit collision
/// between different records of one municipality's log is negligible (p ≈ n²/2⁶⁵).
fn record_hash(v: u32, day: i32, micro: i64, s: Status, d: u32, o: u32, r: u32) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    eat(&v.to_le_bytes());
    eat(&day.to_le_bytes());
    eat(&micro.to_le_bytes());
    eat(&[s as u8]);
    eat(&d.to_le_bytes());
    eat(&o.to_le_bytes());
    eat(&r.to_le_bytes());
    h
}

/// Renames headers that cannot serve as names (see [`FileMapper::read_header`]).
fn rename_headers(originals: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(originals.len());
    let mut taken: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
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
        taken.insert(name.clone());
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
