//! Volunteering opportunities: what the municipality offers and needs, by department and
//! organisation — places needed and filled, hours needed — the denominators of need coverage
//! and slot fill. Only the opportunity's name is required; a count that cannot be read is left
//! empty with a `value.ignored` warning.

use super::coerce::{self, MICRO};
use super::mapper::{FileMapper, Outcome, RowRules, Value, text_of};
use super::tables::{Dict, Tables};
use crate::diag::Severity;
use crate::ingest::cells::RowView;

/// One opportunity.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Opportunity {
    /// Name code.
    pub name: u32,
    /// Department code, or `NONE`.
    pub department: u32,
    /// Organisation code, or `NONE`.
    pub organisation: u32,
    /// Places (volunteers) needed.
    pub slots_needed: Option<u64>,
    /// Places filled.
    pub slots_filled: Option<u64>,
    /// Hours needed, in millionths.
    pub micro_hours_needed: Option<i64>,
    /// First and last day (days from CE).
    pub span: (Option<i32>, Option<i32>),
    /// Hours delivered against the need, in millionths (V13).
    pub micro_hours_filled: Option<i64>,
    /// Volunteers who attended (R9).
    pub attended: Option<u64>,
    /// Volunteers who did not show up (R9).
    pub no_shows: Option<u64>,
    /// Volunteers excused in advance (R9: excluded from attendance).
    pub excused: Option<u64>,
    /// Output type code, or `NONE` (V12).
    pub output_type: u32,
    /// Outputs delivered (visits, calls, meals…) (V12).
    pub outputs: Option<u64>,
}

/// All opportunities with their dictionaries.
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
pub struct OpportunityTable {
    /// In file order.
    pub rows: Vec<Opportunity>,
    /// Names.
    pub names: Dict,
    /// Departments.
    pub departments: Dict,
    /// Organisations.
    pub organisations: Dict,
    /// Output types.
    pub output_types: Dict,
}

impl OpportunityTable {
    /// Number of opportunities.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub(crate) fn truncate(&mut self, len: usize) {
        self.rows.truncate(len);
    }
}

/// Coerces one opportunity row and appends it.
pub(crate) fn map_row(
    m: &mut FileMapper,
    row: &dyn RowView,
    rules: &RowRules,
    t: &mut Tables,
    out: &mut Outcome<'_>,
) {
    let Some(name) = m.required_text(row, "opportunity", rules, out) else {
        return;
    };
    let ignored =
        |m: &FileMapper, out: &mut Outcome<'_>, field: &str, v: &Value<'_>, reason: &str| {
            out.push(
                m.cell_diag("value.ignored", Severity::Warning, row, field, &v.as_text())
                    .with("reason", reason),
            );
        };
    let count = |m: &FileMapper, out: &mut Outcome<'_>, field: &str| -> Option<u64> {
        let v = m
            .value(row, field, false, rules, out)
            .filter(|v| !v.is_empty())?;
        let n = coerce::parse_count(&v)
            .map_err(|code| ignored(m, out, field, &v, code))
            .ok()?;
        m.warn_if_padded(row, field, out);
        Some(n)
    };
    let slots_needed = count(m, out, "slotsNeeded");
    let slots_filled = count(m, out, "slotsFilled");
    let micro_hours_needed = read_hours(m, row, rules, out, "hoursNeeded");
    let micro_hours_filled = read_hours(m, row, rules, out, "hoursFilled");
    let attended = count(m, out, "attended");
    let no_shows = count(m, out, "noShows");
    let excused = count(m, out, "excused");
    let outputs = count(m, out, "outputs");
    let output_type = text_of(&m.value(row, "outputType", false, rules, out)).into_owned();
    if let (Some(need), Some(filled)) = (slots_needed, slots_filled)
        && filled > need
    {
        out.push(
            m.row_diag("opportunity.overfilled", Severity::Warning, row)
                .with("expected", need)
                .with("found", filled),
        );
    }
    let day_of = |m: &mut FileMapper, out: &mut Outcome<'_>, field: &str| -> Option<i32> {
        let v = m
            .value(row, field, false, rules, out)
            .filter(|v| !v.is_empty())?;
        m.day(&v, rules)
            .map_err(|code| ignored(m, out, field, &v, code))
            .ok()
    };
    let span = (day_of(m, out, "startDate"), day_of(m, out, "endDate"));
    let department = text_of(&m.value(row, "department", false, rules, out)).into_owned();
    let organisation = text_of(&m.value(row, "organisation", false, rules, out)).into_owned();
    let o = &mut t.opportunities;
    o.rows.push(Opportunity {
        name: o.names.intern(&name),
        department: o.departments.intern_opt(&department),
        organisation: o.organisations.intern_opt(&organisation),
        slots_needed,
        slots_filled,
        micro_hours_needed,
        span,
        micro_hours_filled,
        attended,
        no_shows,
        excused,
        output_type: o.output_types.intern_opt(&output_type),
        outputs,
    });
}

/// Reads an optional hours cell (a whole or decimal number of hours) in millionths; a value
/// that cannot be read is left empty with a `value.ignored` warning.
fn read_hours(
    m: &mut FileMapper,
    row: &dyn RowView,
    rules: &RowRules,
    out: &mut Outcome<'_>,
    field: &str,
) -> Option<i64> {
    m.value(row, field, false, rules, out)
        .filter(|v| !v.is_empty())
        .and_then(|v| {
            let parsed = match &v {
                Value::Number(n) if *n >= 0.0 && n.is_finite() => {
                    Ok(libm::round(n * MICRO as f64) as i64)
                }
                Value::Text(s) => coerce::parse_count(&v)
                    .map(|n| i64::try_from(n).unwrap_or(i64::MAX).saturating_mul(MICRO))
                    .or_else(|_| {
                        super::decimal::parse_f64(s)
                            .filter(|h| *h >= 0.0 && h.is_finite())
                            .map(|h| libm::round(h * MICRO as f64) as i64)
                            .ok_or("number.invalid")
                    }),
                _ => Err("number.invalid"),
            };
            parsed
                .map_err(|code| {
                    out.push(
                        m.cell_diag("value.ignored", Severity::Warning, row, field, &v.as_text())
                            .with("reason", code),
                    );
                })
                .ok()
        })
}
