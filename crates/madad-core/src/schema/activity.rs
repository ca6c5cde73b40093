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
use super::headers::ActivityField;
use crate::diag::{Diagnostic, Severity};
use crate::ingest::csv::{Record, RecordProblem};
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
    date_cache: FxHashMap<Box<str>, Result<i32, &'static str>>,
    hours_cache: FxHashMap<Box<str>, Result<i64, &'static str>>,
    status_cache: FxHashMap<Box<str>, Result<Status, ()>>,
}

impl FileMapper {
    /// A mapper for file number `file_index` named `file`.
    pub fn new(file: &str, file_index: usize) -> Self {
        FileMapper {
            file: file.to_owned(),
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
            date_cache: FxHashMap::default(),
            hours_cache: FxHashMap::default(),
            status_cache: FxHashMap::default(),
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

    /// Reads the header record. Sets [`FileMapper::fatal`] when required fields are missing or
    /// there are more than `max_columns` columns.
    pub fn read_header(&mut self, record: &Record<'_>, max_columns: usize) {
        self.header_row = Some(record.row);
        if record.len() > max_columns
            || matches!(record.problem, Some(RecordProblem::TooManyFields { .. }))
        {
            self.fatal = Some(
                crate::Error::in_file("limit.columns", &self.file)
                    .with("max", max_columns)
                    .with("found", record.len()),
            );
            return;
        }
        self.headers = record
            .fields()
            .map(|f| String::from_utf8_lossy(f).trim().to_owned())
            .collect();
        for (i, h) in self.headers.iter().enumerate() {
            if let Some(field) = ActivityField::match_header(h) {
                self.index.entry(field).or_insert(i);
            }
        }
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

    fn row_diag(&self, code: &str, severity: Severity, record: &Record<'_>) -> Diagnostic {
        Diagnostic::row(code, severity, &self.file, record.row, record.line)
    }

    /// Problems with the shape of the record (quoting, cell length, field count).
    fn structural_problems(
        &self,
        record: &Record<'_>,
        errors: &mut Vec<Diagnostic>,
        warnings: &mut Vec<Diagnostic>,
    ) {
        match record.problem {
            Some(RecordProblem::UnterminatedQuote { quote_line }) => errors.push(
                self.row_diag("csv.unterminated_quote", Severity::Error, record)
                    .with("quoteLine", quote_line),
            ),
            Some(RecordProblem::CellTooLong { field }) => {
                let header = self.headers.get(field).map_or("", String::as_str);
                errors.push(
                    self.row_diag("csv.cell_too_long", Severity::Error, record)
                        .in_column(header),
                );
            }
            Some(RecordProblem::TooManyFields { fields }) => errors.push(
                self.row_diag("csv.too_many_fields", Severity::Error, record)
                    .with("expected", self.headers.len())
                    .with("found", fields),
            ),
            None => {}
        }
        let width = self.headers.len();
        if !errors.is_empty() {
            return;
        }
        if record.len() > width {
            let extra_blank = (width..record.len()).all(|i| {
                record
                    .field(i)
                    .is_some_and(|f| f.iter().all(u8::is_ascii_whitespace))
            });
            if !extra_blank {
                errors.push(
                    self.row_diag("csv.too_many_fields", Severity::Error, record)
                        .with("expected", width)
                        .with("found", record.len()),
                );
            }
        } else if record.len() < width {
            warnings.push(
                self.row_diag("csv.too_few_fields", Severity::Warning, record)
                    .with("expected", width)
                    .with("found", record.len()),
            );
        }
    }

    /// Maps one data record into `cols`, counting it as used, rejected or skipped.
    pub fn map_record(
        &mut self,
        record: &Record<'_>,
        rules: &RowRules,
        cols: &mut ActivityColumns,
    ) {
        self.rows_total += 1;
        if record.problem.is_none() && record.is_blank() {
            self.rows_skipped += 1;
            return;
        }
        let mut errors: Vec<Diagnostic> = Vec::new();
        let mut warnings: Vec<Diagnostic> = Vec::new();
        self.structural_problems(record, &mut errors, &mut warnings);
        if errors.is_empty() {
            self.map_cells(record, rules, cols, &mut errors, &mut warnings);
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

    /// Coerces the mapped cells of a well-formed record and appends it to `cols`.
    fn map_cells(
        &mut self,
        record: &Record<'_>,
        rules: &RowRules,
        cols: &mut ActivityColumns,
        errors: &mut Vec<Diagnostic>,
        warnings: &mut Vec<Diagnostic>,
    ) {
        // Cells borrow the record's bytes; only invalid UTF-8 allocates.
        let mut cells: [Cow<'_, str>; 7] = Default::default();
        for (&field, &i) in &self.index {
            let bytes = record.field(i).unwrap_or_default();
            let (text, bad_bytes) = match std::str::from_utf8(bytes) {
                Ok(s) => (
                    Cow::Borrowed(s),
                    rules.had_replacements && s.contains('\u{FFFD}'),
                ),
                Err(_) => (String::from_utf8_lossy(bytes), true),
            };
            if bad_bytes {
                warnings.push(
                    self.row_diag("encoding.invalid_byte", Severity::Warning, record)
                        .in_column(self.header_name(field)),
                );
            }
            cells[field as usize] = text;
        }
        let cell = |f: ActivityField| clean(&cells[f as usize]);

        let volunteer_id = cell(ActivityField::VolunteerId);
        if volunteer_id.is_empty() {
            errors.push(
                self.row_diag("value.missing", Severity::Error, record)
                    .in_column(self.header_name(ActivityField::VolunteerId)),
            );
            return;
        }
        let raw_date = cell(ActivityField::Date);
        let day = if raw_date.is_empty() {
            Err("value.missing")
        } else {
            cached(&mut self.date_cache, raw_date, |raw| {
                coerce::parse_date(raw, rules.date_order)
                    .map(|d| chrono::Datelike::num_days_from_ce(&d))
            })
        };
        let day = match day {
            Ok(day) if rules.latest_day.is_some_and(|latest| day > latest) => Err("date.future"),
            other => other,
        };
        let day = match day {
            Ok(day) => day,
            Err(code) => {
                let mut d = self
                    .row_diag(code, Severity::Error, record)
                    .in_column(self.header_name(ActivityField::Date));
                if !raw_date.is_empty() {
                    d = d.with("value", mask_if_identifier(raw_date));
                }
                errors.push(d);
                return;
            }
        };
        let raw_hours = cell(ActivityField::Hours);
        let micro = match cached(&mut self.hours_cache, raw_hours, |raw| {
            coerce::parse_hours(raw, rules.max_hours)
        }) {
            Ok(v) => v,
            Err(code) => {
                let mut d = self
                    .row_diag(code, Severity::Error, record)
                    .in_column(self.header_name(ActivityField::Hours));
                if !raw_hours.is_empty() {
                    d = d.with("value", mask_if_identifier(raw_hours));
                }
                if code == "hours.out_of_range" {
                    d = d.with("max", rules.max_hours);
                }
                errors.push(d);
                return;
            }
        };
        let status = if self.index.contains_key(&ActivityField::Status) {
            let raw = cell(ActivityField::Status);
            let s = *cached(&mut self.status_cache, raw, |r| {
                Ok::<_, ()>(coerce::parse_status(r))
            })
            .as_ref()
            .unwrap_or(&Status::Unknown);
            if s == Status::Unknown {
                warnings.push(
                    self.row_diag("status.unknown", Severity::Warning, record)
                        .in_column(self.header_name(ActivityField::Status))
                        .with("value", mask_if_identifier(raw)),
                );
            }
            s
        } else {
            Status::Approved
        };

        let volunteer = cols.volunteers.intern(volunteer_id);
        let code_of = |dict: &mut Dict, f: ActivityField| {
            let v = cell(f);
            if v.is_empty() { NONE } else { dict.intern(v) }
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
                    .row_diag("row.duplicate", Severity::Error, record)
                    .with("firstRow", first_row);
                if file_index != self.file_index {
                    d = d.with("firstFileIndex", file_index);
                }
                errors.push(d);
                return;
            }
            cols.seen.insert(key, (self.file_index, record.row));
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
