//! The activity log (hours log): one row per activity or session, in columns.
//!
//! Each used row becomes one entry in every column; strings are dictionary-encoded, so a million
//! rows take about 40 bytes each. A volunteer is identified by the exact text of the volunteer-id
//! cell after trimming and removing invisible bidi marks (a whole number stored by a spreadsheet
//! reads as its digits), shared with every other file through [`Tables::people`].

use rustc_hash::FxHashMap;

use super::coerce::{self, Status};
use super::mapper::{
    FileMapper, Outcome, RowRules, Value, cached, clean, is_excel_error, is_padded, text_of,
};
use super::tables::{Dict, NONE, Tables};
use crate::diag::Severity;
use crate::ingest::cells::RowView;
use crate::ingest::csv::Record;
use crate::ingest::encoding::Decoder;
use crate::ingest::ledger::FileRole;

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
    /// V8: team and anonymous entries (rows that stand for more people than one named
    /// volunteer), apart from the identified rows above. A team row is also in the columns
    /// above (for its named volunteer); an anonymous row is only here.
    #[serde(default)]
    pub parties: Vec<PartyEntry>,
    /// Some activity log had a party-size column (V8 can be computed, even if all are 1).
    #[serde(default)]
    pub party_size_mapped: bool,
    /// Exact-duplicate detection while reading (dropped by `seal`; not transferred).
    #[serde(skip)]
    dedup: Dedup,
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
        self.parties.retain(|p| p.file != file);
        self.volunteer.truncate(len);
        self.day.truncate(len);
        self.micro_hours.truncate(len);
        self.status.truncate(len);
        self.department.truncate(len);
        self.organisation.truncate(len);
        self.role.truncate(len);
        // The rows of a failed file are in no ledger: forget them as first occurrences too.
        let mut dedup = std::mem::take(&mut self.dedup);
        dedup.truncate(len);
        dedup.rebuild(self);
        self.dedup = dedup;
    }

    pub(crate) fn seal(&mut self) {
        self.dedup = Dedup::default();
    }

    /// The coerced record at `i`.
    fn record(&self, i: usize) -> Option<Rec> {
        Some(Rec {
            volunteer: *self.volunteer.get(i)?,
            day: *self.day.get(i)?,
            micro: *self.micro_hours.get(i)?,
            status: *self.status.get(i)?,
            department: *self.department.get(i)?,
            organisation: *self.organisation.get(i)?,
            role: *self.role.get(i)?,
        })
    }

    /// Appends a used row (without duplicate detection).
    fn push(&mut self, rec: Rec) {
        self.volunteer.push(rec.volunteer);
        self.day.push(rec.day);
        self.micro_hours.push(rec.micro);
        self.status.push(rec.status);
        self.department.push(rec.department);
        self.organisation.push(rec.organisation);
        self.role.push(rec.role);
    }

    /// Appends `rec` unless an equal row was used before, whose (file index, row) is then
    /// returned (one probe of the duplicate table either way).
    fn push_new(&mut self, rec: Rec, file_index: usize, row: u64) -> Option<(u32, u32)> {
        let i = self.volunteer.len();
        let Self {
            volunteer,
            day,
            micro_hours,
            status,
            department,
            organisation,
            role,
            dedup,
            ..
        } = self;
        let same = |j: usize| {
            volunteer.get(j) == Some(&rec.volunteer)
                && day.get(j) == Some(&rec.day)
                && micro_hours.get(j) == Some(&rec.micro)
                && status.get(j) == Some(&rec.status)
                && department.get(j) == Some(&rec.department)
                && organisation.get(j) == Some(&rec.organisation)
                && role.get(j) == Some(&rec.role)
        };
        if let Some(j) = dedup.find_or_insert(rec.day, rec.hash(), i, &same) {
            return Some(dedup.source(j));
        }
        dedup.note_source(i, u32::try_from(file_index).unwrap_or(u32::MAX), row);
        self.push(rec);
        None
    }
}

/// Most people one row may stand for (V8); a larger party size is `value.out_of_range`.
pub const MAX_PARTY_SIZE: u64 = 10_000;

/// A team or anonymous entry of the activity log (V8).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PartyEntry {
    /// Person code of the named volunteer, or [`NONE`] for an anonymous entry.
    pub volunteer: u32,
    /// Days from CE.
    pub day: i32,
    /// Hours of the row as logged, in millionths.
    pub micro: i64,
    /// Status.
    pub status: Status,
    /// Role code or `NONE` (training is recognised by role).
    pub role: u32,
    /// People the row stands for, the named volunteer included (≥ 2 for a team entry, ≥ 1
    /// for an anonymous one).
    pub size: u32,
    /// Index of the file (so a failed file's entries are dropped with its rows).
    pub file: u32,
}

/// A coerced activity record: the values exact-duplicate detection compares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rec {
    volunteer: u32,
    day: i32,
    micro: i64,
    status: Status,
    department: u32,
    organisation: u32,
    role: u32,
}

impl Rec {
    /// A 64-bit mix of the fields (FxHash-style multiply-rotate over four words).
    #[inline]
    fn hash(&self) -> u64 {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let words = [
            u64::from(self.volunteer) | (u64::from(self.day as u32) << 32),
            self.micro as u64,
            u64::from(self.department) | (u64::from(self.organisation) << 32),
            u64::from(self.role) | ((self.status as u64) << 32),
        ];
        let mut h: u64 = 0;
        for w in words {
            h = (h ^ w).wrapping_mul(K).rotate_left(26);
        }
        h.wrapping_mul(K)
    }
}

/// Exact-duplicate detection: for each day, an open-addressing table of the indexes of the
/// used rows of that day, keyed by [`Rec::hash`] and confirmed by comparing the stored columns
/// (two records are duplicates only when every coerced value is equal). Tables per day keep
/// the lookups of a date-ordered log inside a few cache lines. About 11–21 bytes a row, plus
/// the source row of each used row.
#[derive(Debug, Default, Clone)]
struct Dedup {
    /// Table of each day seen.
    by_day: rustc_hash::FxHashMap<i32, u32>,
    /// The last day looked up and its table.
    last: Option<(i32, u32)>,
    tables: Vec<DayTable>,
    /// The file row of each used row.
    rows: Vec<u32>,
    /// (first row index, file index) of each run of rows from one file.
    files: Vec<(usize, u32)>,
}

/// One day's table: slots `(hash high 32 bits) << 32 | (row index + 1)`, 0 when empty, at most
/// three quarters full. The bucket is taken from the stored hash bits, so growing needs no columns.
#[derive(Debug, Default, Clone)]
struct DayTable {
    slots: Vec<u64>,
    used: usize,
}

impl DayTable {
    #[inline]
    fn bucket(&self, tag: u64) -> usize {
        // The tag's top bits pick the bucket (a multiplicative hash's best bits).
        let bits = self.slots.len().trailing_zeros();
        ((tag << 32) >> (64 - bits)) as usize
    }

    /// The row of an equal record, or `None` after inserting `slot`.
    #[inline]
    fn find_or_insert(&mut self, slot: u64, same: &dyn Fn(usize) -> bool) -> Option<usize> {
        self.reserve_one();
        let mask = self.slots.len() - 1;
        let tag = slot >> 32;
        let mut b = self.bucket(tag);
        loop {
            let s = self.slots[b];
            if s == 0 {
                self.slots[b] = slot;
                self.used += 1;
                return None;
            }
            if s >> 32 == tag {
                let i = (s & 0xFFFF_FFFF) as usize - 1;
                if same(i) {
                    return Some(i);
                }
            }
            b = (b + 1) & mask;
        }
    }

    fn insert(&mut self, slot: u64) {
        self.reserve_one();
        self.put(slot);
    }

    fn reserve_one(&mut self) {
        // At most three quarters full: 11–21 bytes a row, and short probes within a cache line.
        if (self.used + 1) * 4 > self.slots.len() * 3 {
            let cap = (self.slots.len() * 2).max(16);
            let old = std::mem::replace(&mut self.slots, vec![0; cap]);
            self.used = 0;
            for s in old.into_iter().filter(|&s| s != 0) {
                self.put(s);
            }
        }
    }

    fn put(&mut self, slot: u64) {
        let mask = self.slots.len() - 1;
        let mut b = self.bucket(slot >> 32);
        while self.slots[b] != 0 {
            b = (b + 1) & mask;
        }
        self.slots[b] = slot;
        self.used += 1;
    }
}

impl Dedup {
    #[inline]
    fn table(&mut self, day: i32) -> Option<usize> {
        if let Some((d, t)) = self.last
            && d == day
        {
            return Some(t as usize);
        }
        let t = *self.by_day.get(&day)?;
        self.last = Some((day, t));
        Some(t as usize)
    }

    /// The index of a used row of `day` with hash `h` for which `same` holds, or `None`
    /// after recording row `i` under that hash.
    fn find_or_insert(
        &mut self,
        day: i32,
        h: u64,
        i: usize,
        same: &dyn Fn(usize) -> bool,
    ) -> Option<usize> {
        let t = self.table_or_new(day);
        self.tables[t].find_or_insert(((h >> 32) << 32) | (i as u64 + 1), same)
    }

    fn table_or_new(&mut self, day: i32) -> usize {
        match self.table(day) {
            Some(t) => t,
            None => {
                let t = self.tables.len();
                self.tables.push(DayTable::default());
                let t32 = u32::try_from(t).unwrap_or(u32::MAX);
                self.by_day.insert(day, t32);
                self.last = Some((day, t32));
                t
            }
        }
    }

    fn insert(&mut self, day: i32, h: u64, i: usize) {
        let t = self.table_or_new(day);
        self.tables[t].insert(((h >> 32) << 32) | (i as u64 + 1));
    }

    fn note_source(&mut self, i: usize, file: u32, row: u64) {
        if self.files.last().is_none_or(|&(_, f)| f != file) {
            self.files.push((i, file));
        }
        self.rows.push(u32::try_from(row).unwrap_or(u32::MAX));
    }

    fn source(&self, i: usize) -> (u32, u32) {
        let at = self.files.partition_point(|&(start, _)| start <= i);
        let file = at.checked_sub(1).map_or(0, |k| self.files[k].1);
        (file, self.rows.get(i).copied().unwrap_or(0))
    }

    /// Keeps only the first `len` rows' sources.
    fn truncate(&mut self, len: usize) {
        self.rows.truncate(len);
        while self.files.last().is_some_and(|&(start, _)| start >= len) {
            self.files.pop();
        }
    }

    /// Rebuilds the tables from the rows whose source is known.
    fn rebuild(&mut self, a: &ActivityColumns) {
        self.by_day.clear();
        self.tables.clear();
        self.last = None;
        for i in 0..self.rows.len() {
            if let Some(rec) = a.record(i) {
                self.insert(rec.day, rec.hash(), i);
            }
        }
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
    let party_v = m.value(row, "partySize", false, rules, out);
    if out.rejected() {
        return;
    }
    if party_v.is_some() {
        t.activities.party_size_mapped = true;
    }
    let volunteer_id = text_of(&id);
    // V8: a row without a volunteer id but with a party size is an anonymous entry.
    let anonymous = volunteer_id.is_empty() && party_v.as_ref().is_some_and(|v| !v.is_empty());
    if volunteer_id.is_empty() && !anonymous {
        out.push(m.cell_diag("value.missing", Severity::Error, row, "volunteerId", ""));
        return;
    }
    let Some(party) = party_size(m, row, party_v.as_ref(), anonymous, out) else {
        return;
    };
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
            Ok(v) => {
                m.warn_if_padded(row, "hours", out);
                v
            }
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
    let department = a.departments.intern_opt(&text_of(&department));
    let organisation = a.organisations.intern_opt(&text_of(&organisation));
    let role = a.roles.intern_opt(&text_of(&role));
    let file = u32::try_from(m.file_index).unwrap_or(u32::MAX);
    if anonymous {
        // Not a person: kept apart, never in the identified columns (nor their duplicate check).
        a.parties.push(PartyEntry {
            volunteer: NONE,
            day,
            micro,
            status,
            role,
            size: party,
            file,
        });
        return;
    }
    let volunteer = t.people.intern(&volunteer_id);
    let team = (party > 1).then_some(PartyEntry {
        volunteer,
        day,
        micro,
        status,
        role,
        size: party,
        file,
    });
    let rec = Rec {
        volunteer,
        day,
        micro,
        status,
        department,
        organisation,
        role,
    };
    if rules.keep_duplicates {
        a.push(rec);
    } else if let Some((file_index, first_row)) = a.push_new(rec, m.file_index, row.row()) {
        out.push(duplicate_diag(m, row, file_index, first_row));
        return;
    }
    a.parties.extend(team);
}

/// The party size of a row (V8): 1 when the column is absent or the cell empty. An unreadable
/// size, 0, or more than [`MAX_PARTY_SIZE`] rejects an anonymous row (it has nothing else to
/// count) and is a `value.ignored` warning on an identified row (read as 1).
fn party_size(
    m: &FileMapper,
    row: &dyn RowView,
    value: Option<&Value<'_>>,
    anonymous: bool,
    out: &mut Outcome<'_>,
) -> Option<u32> {
    let Some(v) = value.filter(|v| !v.is_empty()) else {
        return Some(1);
    };
    let parsed = match coerce::parse_count(v) {
        Ok(n) if n == 0 || n > MAX_PARTY_SIZE => Err("value.out_of_range"),
        other => other,
    };
    match parsed {
        Ok(n) => {
            m.warn_if_padded(row, "partySize", out);
            Some(u32::try_from(n).unwrap_or(1))
        }
        Err(code) if anonymous => {
            out.push(m.cell_diag(code, Severity::Error, row, "partySize", &v.as_text()));
            None
        }
        Err(code) => {
            out.push(
                m.cell_diag(
                    "value.ignored",
                    Severity::Warning,
                    row,
                    "partySize",
                    &v.as_text(),
                )
                .with("reason", code),
            );
            Some(1)
        }
    }
}

fn duplicate_diag(
    m: &FileMapper,
    row: &dyn RowView,
    file_index: u32,
    first_row: u32,
) -> crate::diag::Diagnostic {
    let file_index = file_index as usize;
    let mut d = m
        .row_diag("row.duplicate", Severity::Error, row)
        .with("firstRow", first_row);
    if file_index != m.file_index {
        d = d.with("firstFileIndex", file_index);
    }
    d
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

/// Most distinct raw cells remembered per column by the fast path.
const RAW_CACHE_LIMIT: usize = 1 << 17;

/// A short cell (up to 31 bytes) packed into four words with its length, so a cache lookup
/// hashes and compares integers instead of calling `memcmp`.
type Packed = [u64; 4];

#[inline(always)]
fn pack(raw: &[u8]) -> Option<Packed> {
    if raw.len() > 31 {
        return None;
    }
    let mut words = [0u64; 4];
    let mut rest = raw;
    let mut k = 0;
    while let Some((word, tail)) = rest.split_first_chunk::<8>() {
        words[k] = u64::from_le_bytes(*word);
        rest = tail;
        k += 1;
    }
    let mut last = 0u64;
    for (j, &b) in rest.iter().enumerate() {
        last |= u64::from(b) << (8 * j);
    }
    words[k] = last;
    words[3] |= (raw.len() as u64) << 56;
    Some(words)
}

/// Open addressing from packed cells to values: at most half full, linear probing, the
/// multiply-rotate hash of [`Rec::hash`] over the four words.
#[derive(Debug)]
struct ShortMap<T> {
    keys: Vec<Packed>,
    values: Vec<Option<T>>,
    len: usize,
}

impl<T: Copy> ShortMap<T> {
    fn new() -> Self {
        ShortMap {
            keys: Vec::new(),
            values: Vec::new(),
            len: 0,
        }
    }

    #[inline(always)]
    fn bucket(&self, key: &Packed) -> usize {
        const K: u64 = 0xf135_7aea_2e62_a9c5;
        let mut h: u64 = 0;
        for w in key {
            h = (h ^ w).wrapping_mul(K).rotate_left(26);
        }
        let bits = self.keys.len().trailing_zeros();
        (h.wrapping_mul(K) >> (64 - bits)) as usize
    }

    #[inline(always)]
    fn get(&self, key: &Packed) -> Option<T> {
        if self.len == 0 {
            return None;
        }
        let mask = self.keys.len() - 1;
        let mut b = self.bucket(key);
        loop {
            let v = self.values[b]?;
            if self.keys[b] == *key {
                return Some(v);
            }
            b = (b + 1) & mask;
        }
    }

    fn insert(&mut self, key: Packed, value: T) {
        if (self.len + 1) * 2 > self.keys.len() {
            let cap = (self.keys.len() * 2).max(64);
            let keys = std::mem::replace(&mut self.keys, vec![[0; 4]; cap]);
            let values = std::mem::replace(&mut self.values, vec![None; cap]);
            self.len = 0;
            for (k, v) in keys.into_iter().zip(values) {
                if let Some(v) = v {
                    self.insert(k, v);
                }
            }
        }
        let mask = self.keys.len() - 1;
        let mut b = self.bucket(&key);
        while self.values[b].is_some() && self.keys[b] != key {
            b = (b + 1) & mask;
        }
        if self.values[b].is_none() {
            self.len += 1;
        }
        self.keys[b] = key;
        self.values[b] = Some(value);
    }
}

/// Coerced values by the raw bytes of a cell, with the last value checked first (logs repeat
/// the same date, department or organisation on consecutive rows).
#[derive(Debug)]
struct RawCache<T> {
    keep_last: bool,
    last: Option<(Packed, T)>,
    short: ShortMap<T>,
    long: FxHashMap<Box<[u8]>, T>,
}

impl<T: Copy> RawCache<T> {
    fn new(keep_last: bool) -> Self {
        RawCache {
            keep_last,
            last: None,
            short: ShortMap::new(),
            long: FxHashMap::default(),
        }
    }

    #[inline(always)]
    fn get(&mut self, raw: &[u8]) -> Option<T> {
        let Some(key) = pack(raw) else {
            return self.long.get(raw).copied();
        };
        if let Some((k, v)) = self.last
            && k == key
        {
            return Some(v);
        }
        let v = self.short.get(&key)?;
        if self.keep_last {
            self.last = Some((key, v));
        }
        Some(v)
    }

    fn put(&mut self, raw: &[u8], v: T) {
        match pack(raw) {
            Some(key) => {
                if self.short.len < RAW_CACHE_LIMIT {
                    self.short.insert(key, v);
                }
                if self.keep_last {
                    self.last = Some((key, v));
                }
            }
            None => {
                if self.long.len() < RAW_CACHE_LIMIT {
                    self.long.insert(raw.into(), v);
                }
            }
        }
    }
}

/// Largest id value kept in [`ActivityFast::numeric_ids`] (4 MiB of codes at most).
const NUMERIC_ID_LIMIT: usize = 1 << 20;

/// The value of an id cell written as plain digits without a leading zero (so the value gives
/// back the exact text), when below [`NUMERIC_ID_LIMIT`].
#[inline]
fn numeric_id(raw: &[u8]) -> Option<usize> {
    if raw.is_empty() || raw.len() > 7 || (raw[0] == b'0' && raw.len() > 1) {
        return None;
    }
    let mut n = 0usize;
    for &b in raw {
        if !b.is_ascii_digit() {
            return None;
        }
        n = n * 10 + usize::from(b - b'0');
    }
    (n < NUMERIC_ID_LIMIT).then_some(n)
}

/// The cell as trimmed text, or `None` when reading it would produce a diagnostic (an Excel
/// error value, bytes that are not UTF-8 or were undecodable): such rows take the general path.
fn plain_text<'s>(
    raw: &'s [u8],
    single: Option<&Decoder>,
    scratch: &'s mut Vec<u8>,
) -> Option<&'s str> {
    if is_excel_error(raw) {
        return None;
    }
    let s = match single {
        Some(d) if !raw.is_ascii() => {
            scratch.clear();
            d.decode_cell(raw, scratch);
            std::str::from_utf8(scratch).ok()?
        }
        _ => std::str::from_utf8(raw).ok()?,
    };
    if s.contains('\u{FFFD}') {
        return None;
    }
    Some(clean(s))
}

/// Whether the cell's text has white space around it (the general path warns about it).
fn padded_raw(raw: &[u8], single: Option<&Decoder>, scratch: &mut Vec<u8>) -> bool {
    match single {
        Some(d) if !raw.is_ascii() => {
            scratch.clear();
            d.decode_cell(raw, scratch);
            is_padded(&String::from_utf8_lossy(scratch))
        }
        _ => is_padded(&String::from_utf8_lossy(raw)),
    }
}

/// A label column of the fast path: its index and the codes of the raw cells seen.
#[derive(Debug)]
struct LabelColumn {
    column: Option<usize>,
    codes: RawCache<u32>,
    /// The cleaned text of the current row's cell when it was not in the cache.
    text: String,
}

impl LabelColumn {
    fn new(column: Option<usize>) -> Self {
        LabelColumn {
            column,
            codes: RawCache::new(true),
            text: String::new(),
        }
    }

    /// The cached code of the cell, `Some(None)` when it still has to be interned from
    /// `self.text`, `None` when the row needs the general path.
    #[inline]
    fn read(
        &mut self,
        r: &Record<'_>,
        single: Option<&Decoder>,
        scratch: &mut Vec<u8>,
    ) -> Option<Option<u32>> {
        let Some(c) = self.column else {
            return Some(Some(NONE));
        };
        let raw = r.field(c).unwrap_or_default();
        if let Some(code) = self.codes.get(raw) {
            return Some(Some(code));
        }
        let s = plain_text(raw, single, scratch)?;
        self.text.clear();
        self.text.push_str(s);
        Some(None)
    }

    fn resolve(&mut self, r: &Record<'_>, read: Option<u32>, dict: &mut Dict) -> u32 {
        match read {
            Some(code) => code,
            None => {
                let code = dict.intern_opt(&self.text);
                if let Some(c) = self.column {
                    self.codes.put(r.field(c).unwrap_or_default(), code);
                }
                code
            }
        }
    }
}

/// The fast path for clean rows of a text activity log. A row whose every cell reads without
/// a diagnostic, with the header's width and no tokenising problem, is coerced from caches
/// keyed by the raw cell bytes (for a single-byte code page, before decoding) and appended;
/// anything else (a rejected row, a warning, a duplicate) returns `false` untouched, and the
/// general path ([`FileMapper::map_record`]) reads the row. Both give the same tables,
/// dictionary codes, counts and diagnostics.
#[derive(Debug)]
pub(crate) struct ActivityFast {
    width: usize,
    id: usize,
    date: usize,
    hours: usize,
    status: Option<usize>,
    ids: RawCache<u32>,
    /// Person codes of short numeric ids by value (`NONE` when not seen): most logs use
    /// numbers, and an array lookup beats hashing.
    numeric_ids: Vec<u32>,
    id_text: String,
    days: RawCache<i32>,
    micros: RawCache<i64>,
    statuses: RawCache<Status>,
    department: LabelColumn,
    organisation: LabelColumn,
    role: LabelColumn,
    scratch: Vec<u8>,
}

impl ActivityFast {
    /// The fast path for a file whose header `m` has read, when it is an activity log whose
    /// hours come from an hours column.
    pub(crate) fn new(m: &FileMapper) -> Option<Self> {
        if m.role != Some(FileRole::ActivityLog)
            || m.column("startTime").is_some()
            || m.column("endTime").is_some()
            || m.column("partySize").is_some()
        {
            return None;
        }
        Some(ActivityFast {
            width: m.headers().len(),
            id: m.column("volunteerId")?,
            date: m.column("date")?,
            hours: m.column("hours")?,
            status: m.column("status"),
            ids: RawCache::new(false),
            numeric_ids: Vec::new(),
            id_text: String::new(),
            days: RawCache::new(true),
            micros: RawCache::new(true),
            statuses: RawCache::new(true),
            department: LabelColumn::new(m.column("department")),
            organisation: LabelColumn::new(m.column("organisation")),
            role: LabelColumn::new(m.column("role")),
            scratch: Vec::new(),
        })
    }

    /// Maps `r` when it is a clean row (see the type); `false` leaves everything unchanged
    /// except dictionary entries the general path would add for the same row.
    pub(crate) fn try_row(
        &mut self,
        m: &mut FileMapper,
        rules: &RowRules,
        t: &mut Tables,
        r: &Record<'_>,
        single: Option<&Decoder>,
    ) -> bool {
        if r.problem.is_some() || r.len() != self.width {
            return false;
        }
        let cell = |i: usize| r.field(i).unwrap_or_default();
        let id_raw = cell(self.id);
        let id_number = numeric_id(id_raw);
        let id_code = match id_number {
            Some(n) => self.numeric_ids.get(n).copied().filter(|&c| c != NONE),
            None => self.ids.get(id_raw),
        };
        if id_code.is_none() {
            match plain_text(id_raw, single, &mut self.scratch) {
                Some(s) if !s.is_empty() => {
                    self.id_text.clear();
                    self.id_text.push_str(s);
                }
                _ => return false,
            }
        }
        let date_raw = cell(self.date);
        let day = match self.days.get(date_raw) {
            Some(day) => day,
            None => {
                let Some(s) = plain_text(date_raw, single, &mut self.scratch) else {
                    return false;
                };
                if s.is_empty() {
                    return false;
                }
                let Ok(d) = coerce::parse_date(s, rules.date_order) else {
                    return false;
                };
                let day = chrono::Datelike::num_days_from_ce(&d);
                if rules.latest_day.is_some_and(|latest| day > latest) {
                    return false;
                }
                self.days.put(date_raw, day);
                day
            }
        };
        let hours_raw = cell(self.hours);
        let micro = match self.micros.get(hours_raw) {
            Some(v) => v,
            None => {
                let Some(s) = plain_text(hours_raw, single, &mut self.scratch) else {
                    return false;
                };
                let Ok(v) = coerce::parse_hours(s, rules.max_hours) else {
                    return false;
                };
                // A padded number warns (general path); never cached, so never fast.
                if padded_raw(hours_raw, single, &mut self.scratch) {
                    return false;
                }
                self.micros.put(hours_raw, v);
                v
            }
        };
        let status = match self.status {
            None => Status::Approved,
            Some(c) => {
                let raw = cell(c);
                match self.statuses.get(raw) {
                    Some(s) => s,
                    None => {
                        let Some(s) = plain_text(raw, single, &mut self.scratch) else {
                            return false;
                        };
                        let status = coerce::parse_status(s);
                        if status == Status::Unknown {
                            return false;
                        }
                        self.statuses.put(raw, status);
                        status
                    }
                }
            }
        };
        let Some(department) = self.department.read(r, single, &mut self.scratch) else {
            return false;
        };
        let Some(organisation) = self.organisation.read(r, single, &mut self.scratch) else {
            return false;
        };
        let Some(role) = self.role.read(r, single, &mut self.scratch) else {
            return false;
        };
        // Every cell reads cleanly: intern in the general path's order.
        let volunteer = match id_code {
            Some(code) => code,
            None => {
                let code = t.people.intern(&self.id_text);
                match id_number {
                    Some(n) => {
                        if self.numeric_ids.len() <= n {
                            self.numeric_ids.resize(n + 1, NONE);
                        }
                        self.numeric_ids[n] = code;
                    }
                    None => self.ids.put(id_raw, code),
                }
                code
            }
        };
        let a = &mut t.activities;
        let rec = Rec {
            volunteer,
            day,
            micro,
            status,
            department: self.department.resolve(r, department, &mut a.departments),
            organisation: self
                .organisation
                .resolve(r, organisation, &mut a.organisations),
            role: self.role.resolve(r, role, &mut a.roles),
        };
        if rules.keep_duplicates {
            a.push(rec);
        } else if a.push_new(rec, m.file_index, r.row).is_some() {
            // The general path reports it (with the same codes: they are interned already).
            return false;
        }
        m.rows_total += 1;
        m.rows_used += 1;
        true
    }
}
