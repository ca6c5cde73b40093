//! The activity log (hours log): one row per activity or session, in columns.
//!
//! Each used row becomes one entry in every column; strings are dictionary-encoded, so a million
//! rows take about 40 bytes each. A volunteer is identified by the exact text of the volunteer-id
//! cell after trimming and removing invisible bidi marks (a whole number stored by a spreadsheet
//! reads as its digits), shared with every other file through [`Tables::people`].

use rustc_hash::{FxBuildHasher, FxHashMap};

use super::coerce::{self, Status};
use super::mapper::{FileMapper, Outcome, RowRules, Value, cached, text_of};
use super::tables::{Dict, Tables};
use crate::diag::Severity;
use crate::ingest::cells::RowView;

/// The used activity rows of all files, as columns.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct ActivityColumns {
    /// Person code (see [`Tables::people`]).
    pub volunteer: Vec<u32>,
    /// Days since 0001-01-01 (chrono's `num_days_from_ce`).
    pub day: Vec<i32>,
    /// Hours in millionths ([`coerce::MICRO`]).
    pub micro_hours: Vec<i64>,
    /// Approval status.
    pub status: Vec<Status>,
    /// Department code or [`NONE`](super::tables::NONE).
    pub department: Vec<u32>,
    /// Organisation code or `NONE`.
    pub organisation: Vec<u32>,
    /// Role code or `NONE`.
    pub role: Vec<u32>,
    /// Department names.
    pub departments: Dict,
    /// Organisation names.
    pub organisations: Dict,
    /// Role names.
    pub roles: Dict,
    /// Exact-duplicate detection: record hash → (file index, row) of the first occurrence.
    // 16 bytes a row (rows are capped well below u32::MAX): memory for a 10M-row log matters.
    #[serde(skip)]
    seen: FxHashMap<u64, (u32, u32)>,
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

    pub(crate) fn truncate(&mut self, len: usize, file_index: usize) {
        let file = u32::try_from(file_index).unwrap_or(u32::MAX);
        self.seen.retain(|_, v| v.0 != file);
        self.volunteer.truncate(len);
        self.day.truncate(len);
        self.micro_hours.truncate(len);
        self.status.truncate(len);
        self.department.truncate(len);
        self.organisation.truncate(len);
        self.role.truncate(len);
    }

    pub(crate) fn seal(&mut self) {
        self.seen = FxHashMap::with_hasher(FxBuildHasher);
    }
}

/// Coerces one row of an activity log and appends it. Required: volunteer id, date, hours.
pub(crate) fn map_row(
    m: &mut FileMapper,
    row: &dyn RowView,
    rules: &RowRules,
    t: &mut Tables,
    out: &mut Outcome<'_>,
) {
    let id = m.value(row, "volunteerId", true, rules, out);
    let date = m.value(row, "date", true, rules, out);
    let times_mapped = m.column("startTime").is_some() && m.column("endTime").is_some();
    // Hours are required unless start and end times can stand in for them.
    let hours = m.value(row, "hours", !times_mapped, rules, out);
    let start = m.value(row, "startTime", false, rules, out);
    let end = m.value(row, "endTime", false, rules, out);
    let status_v = m.value(row, "status", false, rules, out);
    let department = m.value(row, "department", false, rules, out);
    let organisation = m.value(row, "organisation", false, rules, out);
    let role = m.value(row, "role", false, rules, out);
    if out.rejected() {
        return;
    }
    let volunteer_id = text_of(&id);
    if volunteer_id.is_empty() {
        out.push(m.cell_diag("value.missing", Severity::Error, row, "volunteerId", ""));
        return;
    }
    let date = date.unwrap_or_default();
    let day = match m.day(&date, rules) {
        Ok(day) if rules.latest_day.is_some_and(|latest| day > latest) => Err("date.future"),
        other => other,
    };
    let day = match day {
        Ok(day) => day,
        Err(code) => {
            out.push(m.cell_diag(code, Severity::Error, row, "date", &date.as_date_text()));
            return;
        }
    };
    let hours = hours.unwrap_or_default();
    let micro = if hours.is_empty() && times_mapped {
        let (start, end) = (start.unwrap_or_default(), end.unwrap_or_default());
        match hours_between(m, row, &start, &end, rules, out) {
            Some(micro) => micro,
            None => return,
        }
    } else {
        let parsed = match &hours {
            Value::Text(raw) => cached(&mut m.hours_cache, raw, |raw| {
                coerce::parse_hours(raw, rules.max_hours)
            }),
            Value::Number(n) => coerce::hours_from_number(*n, rules.max_hours),
            // A time-formatted duration (2:30 is stored as 0.104166… of a day).
            Value::DateTime(n) if (0.0..1.0).contains(n) => {
                coerce::hours_from_number(n * 24.0, rules.max_hours)
            }
            Value::DateTime(_) => Err("number.invalid"),
        };
        match parsed {
            Ok(v) => v,
            Err(code) => {
                let mut d = m.cell_diag(code, Severity::Error, row, "hours", &hours.as_text());
                if code == "hours.out_of_range" {
                    d = d.with("max", rules.max_hours);
                }
                out.push(d);
                return;
            }
        }
    };
    let status = match &status_v {
        None => Status::Approved,
        Some(v) => {
            let raw = v.as_text();
            let s = cached(&mut m.status_cache, &raw, |r| {
                Ok::<_, ()>(coerce::parse_status(r))
            })
            .unwrap_or(Status::Unknown);
            if s == Status::Unknown {
                out.push(m.cell_diag("status.unknown", Severity::Warning, row, "status", &raw));
            }
            s
        }
    };
    let a = &mut t.activities;
    let volunteer = t.people.intern(&volunteer_id);
    let department = a.departments.intern_opt(&text_of(&department));
    let organisation = a.organisations.intern_opt(&text_of(&organisation));
    let role = a.roles.intern_opt(&text_of(&role));
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
        if let Some(&(file_index, first_row)) = a.seen.get(&key) {
            let file_index = file_index as usize;
            let mut d = m
                .row_diag("row.duplicate", Severity::Error, row)
                .with("firstRow", first_row);
            if file_index != m.file_index {
                d = d.with("firstFileIndex", file_index);
            }
            out.push(d);
            return;
        }
        let file = u32::try_from(m.file_index).unwrap_or(u32::MAX);
        a.seen
            .insert(key, (file, u32::try_from(row.row()).unwrap_or(u32::MAX)));
    }
    a.volunteer.push(volunteer);
    a.day.push(day);
    a.micro_hours.push(micro);
    a.status.push(status);
    a.department.push(department);
    a.organisation.push(organisation);
    a.role.push(role);
}

/// Hours between a start and an end time of day, in millionths. An end before the start is a
/// shift that crosses midnight (24 hours are added; reported as `hours.crosses_midnight`).
fn hours_between(
    m: &FileMapper,
    row: &dyn RowView,
    start: &Value<'_>,
    end: &Value<'_>,
    rules: &RowRules,
    out: &mut Outcome<'_>,
) -> Option<i64> {
    let read = |v: &Value<'_>, field: &str, out: &mut Outcome<'_>| -> Option<f64> {
        let hours = match v {
            Value::Text(s) if s.is_empty() => Err("value.missing"),
            Value::Text(s) => coerce::time_of_day(s),
            // A time-formatted cell: the fraction of a day (of a date-time, its time part).
            Value::DateTime(n) | Value::Number(n) if *n >= 0.0 => Ok((n - libm::floor(*n)) * 24.0),
            _ => Err("time.invalid"),
        };
        match hours {
            Ok(h) => Some(h),
            Err(code) => {
                out.push(m.cell_diag(code, Severity::Error, row, field, &v.as_text()));
                None
            }
        }
    };
    let (from, to) = (read(start, "startTime", out), read(end, "endTime", out));
    let (from, to) = (from?, to?);
    let mut duration = to - from;
    if duration < 0.0 {
        duration += 24.0;
        out.push(m.row_diag("hours.crosses_midnight", Severity::Warning, row));
    }
    match coerce::hours_from_number(duration, rules.max_hours) {
        Ok(micro) => Some(micro),
        Err(code) => {
            out.push(
                m.row_diag(code, Severity::Error, row)
                    .in_column(m.header_name("endTime"))
                    .with("max", rules.max_hours),
            );
            None
        }
    }
}

impl Default for Value<'_> {
    fn default() -> Self {
        Value::Text(std::borrow::Cow::Borrowed(""))
    }
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
