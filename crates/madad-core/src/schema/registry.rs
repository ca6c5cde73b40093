//! The volunteer registry: one row per volunteer with who they are and when they joined and
//! left. Only the id is required; an attribute that cannot be read is left empty with a
//! `value.ignored` warning (the volunteer still counts), and a second row for the same person
//! is rejected (`registry.duplicate_person`).

use rustc_hash::FxHashMap;

use super::mapper::{FileMapper, Outcome, RowRules, Value, text_of};
use super::tables::{Dict, Tables};
use crate::diag::Severity;
use crate::ingest::cells::RowView;

/// One volunteer.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RegistryEntry {
    /// Person code (see [`Tables::people`]).
    pub person: u32,
    /// Year of birth (from a birth year or a birth date).
    pub birth_year: Option<i32>,
    /// Age as written, when the file gives an age instead of a birth year.
    pub age: Option<u8>,
    /// Gender label code, or [`NONE`](super::tables::NONE).
    pub gender: u32,
    /// Population group label code, or `NONE`.
    pub population_group: u32,
    /// Neighbourhood code, or `NONE`.
    pub neighbourhood: u32,
    /// Department codes (a volunteer may serve several).
    pub departments: Vec<u32>,
    /// Join date (days from CE).
    pub join_day: Option<i32>,
    /// Leave date (days from CE).
    pub leave_day: Option<i32>,
    /// Leaving reason code, or `NONE`.
    pub leave_reason: u32,
    /// End of the volunteer's commitment (days from CE), for commitment-based retention (R7).
    pub commitment_end: Option<i32>,
    /// Application date (days from CE), the start of the funnel (R10).
    pub application_day: Option<i32>,
    /// Approval date (days from CE), a funnel stage (R10).
    pub approval_day: Option<i32>,
    /// File index and row, for diagnostics.
    pub source: (usize, u64),
}

/// The registry, with its label dictionaries.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct RegistryTable {
    /// One entry per volunteer.
    pub entries: Vec<RegistryEntry>,
    /// Gender labels as written (normalised for display by the host).
    pub genders: Dict,
    /// Population group labels.
    pub groups: Dict,
    /// Neighbourhood names.
    pub neighbourhoods: Dict,
    /// Department names.
    pub departments: Dict,
    /// Leaving reasons.
    pub leave_reasons: Dict,
    #[serde(skip)]
    by_person: FxHashMap<u32, (usize, u64)>,
}

impl RegistryTable {
    /// Number of volunteers.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether the registry is empty.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub(crate) fn truncate(&mut self, len: usize) {
        for e in self.entries.drain(len.min(self.entries.len())..) {
            self.by_person.remove(&e.person);
        }
    }

    pub(crate) fn seal(&mut self) {
        self.by_person = FxHashMap::default();
    }
}

/// Splits a multi-valued cell (`רווחה; חינוך`) on `;`, `,`, `|` and `/`.
fn split_list(s: &str) -> impl Iterator<Item = &str> {
    s.split([';', ',', '|', '/', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// Coerces one registry row and appends it.
pub(crate) fn map_row(
    m: &mut FileMapper,
    row: &dyn RowView,
    rules: &RowRules,
    t: &mut Tables,
    out: &mut Outcome<'_>,
) {
    let Some(id) = m.required_text(row, "volunteerId", rules, out) else {
        return;
    };
    let person = t.people.intern(&id);
    if let Some(&(file, first_row)) = t.registry.by_person.get(&person) {
        let mut d = m
            .row_diag("registry.duplicate_person", Severity::Error, row)
            .with("firstRow", first_row);
        if file != m.file_index {
            d = d.with("firstFileIndex", file);
        }
        out.push(d);
        return;
    }
    let ignored =
        |m: &FileMapper, out: &mut Outcome<'_>, field: &str, shown: &str, reason: &str| {
            out.push(
                m.cell_diag("value.ignored", Severity::Warning, row, field, shown)
                    .with("reason", reason),
            );
        };
    let this_year = rules
        .latest_day
        .and_then(chrono::NaiveDate::from_num_days_from_ce_opt)
        .map_or(2100, |d| chrono::Datelike::year(&d));
    let mut birth_year = None;
    if let Some(v) = m
        .value(row, "birthYear", false, rules, out)
        .filter(|v| !v.is_empty())
    {
        let year = match &v {
            Value::Number(n) if n.fract() == 0.0 => Some(*n as i64),
            Value::Text(s) => s.parse::<i64>().ok(),
            _ => None,
        };
        match year
            .and_then(|y| i32::try_from(y).ok())
            .filter(|y| (1900..=this_year).contains(y))
        {
            Some(y) => birth_year = Some(y),
            None => ignored(m, out, "birthYear", &v.as_text(), "value.out_of_range"),
        }
    }
    if let Some(v) = m
        .value(row, "birthDate", false, rules, out)
        .filter(|v| !v.is_empty())
    {
        match m.day(&v, rules) {
            Ok(day) => {
                birth_year = birth_year.or_else(|| {
                    chrono::NaiveDate::from_num_days_from_ce_opt(day)
                        .map(|d| chrono::Datelike::year(&d))
                })
            }
            Err(code) => ignored(m, out, "birthDate", &v.as_text(), code),
        }
    }
    let mut age = None;
    if let Some(v) = m
        .value(row, "age", false, rules, out)
        .filter(|v| !v.is_empty())
    {
        let n = match &v {
            Value::Number(n) if n.fract() == 0.0 => Some(*n as i64),
            Value::Text(s) => s.parse::<i64>().ok(),
            _ => None,
        };
        match n.and_then(|n| u8::try_from(n).ok()).filter(|n| *n <= 120) {
            Some(n) => age = Some(n),
            None => ignored(m, out, "age", &v.as_text(), "value.out_of_range"),
        }
    }
    let day_of = |m: &mut FileMapper, out: &mut Outcome<'_>, field: &str| -> Option<i32> {
        let v = m
            .value(row, field, false, rules, out)
            .filter(|v| !v.is_empty())?;
        match m.day(&v, rules) {
            Ok(day) => Some(day),
            Err(code) => {
                ignored(m, out, field, &v.as_text(), code);
                None
            }
        }
    };
    let join_day = day_of(m, out, "joinDate");
    let leave_day = day_of(m, out, "leaveDate");
    let commitment_end = day_of(m, out, "commitmentEnd");
    let application_day = day_of(m, out, "applicationDate");
    let approval_day = day_of(m, out, "approvalDate");
    if let (Some(j), Some(l)) = (join_day, leave_day)
        && l < j
    {
        out.push(m.row_diag("registry.leave_before_join", Severity::Warning, row));
    }
    let r = &mut t.registry;
    let gender = r
        .genders
        .intern_opt(&text_of(&m.value(row, "gender", false, rules, out)));
    let population_group = r.groups.intern_opt(&text_of(&m.value(
        row,
        "populationGroup",
        false,
        rules,
        out,
    )));
    let neighbourhood =
        r.neighbourhoods
            .intern_opt(&text_of(&m.value(row, "neighbourhood", false, rules, out)));
    let leave_reason =
        r.leave_reasons
            .intern_opt(&text_of(&m.value(row, "leaveReason", false, rules, out)));
    let departments_text = text_of(&m.value(row, "departments", false, rules, out)).into_owned();
    let departments = split_list(&departments_text)
        .map(|d| r.departments.intern(d))
        .collect();
    r.by_person.insert(person, (m.file_index, row.row()));
    r.entries.push(RegistryEntry {
        person,
        birth_year,
        age,
        gender,
        population_group,
        neighbourhood,
        departments,
        join_day,
        leave_day,
        leave_reason,
        commitment_end,
        application_day,
        approval_day,
        source: (m.file_index, row.row()),
    });
}
