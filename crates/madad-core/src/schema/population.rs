//! The population table: residents by neighbourhood, age band, gender and population group —
//! the denominators of every rate. The count is required; a row without a readable count is
//! rejected.

use super::mapper::{FileMapper, Outcome, RowRules, Value, text_of};
use super::tables::{Dict, Tables};
use crate::diag::Severity;
use crate::ingest::cells::RowView;

/// One cell of the population table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PopulationCell {
    /// Neighbourhood code, or `NONE`.
    pub neighbourhood: u32,
    /// Age band code (as written, e.g. `65-74`), or `NONE`.
    pub age_band: u32,
    /// Gender label code, or `NONE`.
    pub gender: u32,
    /// Population group code, or `NONE`.
    pub population_group: u32,
    /// Residents.
    pub residents: u64,
}

/// The population table with its label dictionaries.
#[derive(Debug, Default, Clone)]
pub struct PopulationTable {
    /// The cells, in file order.
    pub cells: Vec<PopulationCell>,
    /// Neighbourhood names.
    pub neighbourhoods: Dict,
    /// Age bands.
    pub age_bands: Dict,
    /// Gender labels.
    pub genders: Dict,
    /// Population groups.
    pub groups: Dict,
}

impl PopulationTable {
    /// Number of cells.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub(crate) fn truncate(&mut self, len: usize) {
        self.cells.truncate(len);
    }
}

/// Reads a count of people: a whole number, with `,` allowed as a thousands separator in groups
/// of three digits (`12,345`); never negative.
pub fn parse_count(value: &Value<'_>) -> Result<u64, &'static str> {
    match value {
        Value::Text(s) if s.is_empty() => Err("value.missing"),
        Value::Text(s) => {
            let digits = super::coerce::ascii_digits(s);
            let groups: Vec<&str> = digits.split(',').collect();
            let grouped = groups.len() > 1
                && !groups[0].is_empty()
                && groups[0].len() <= 3
                && groups[1..].iter().all(|g| g.len() == 3);
            if groups.len() > 1 && !grouped {
                return Err("number.invalid");
            }
            let plain: String = groups.concat();
            if plain.starts_with('-') {
                return Err("value.out_of_range");
            }
            plain.parse::<u64>().map_err(|_| "number.invalid")
        }
        Value::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 1e15 => Ok(*n as u64),
        Value::Number(n) if *n < 0.0 => Err("value.out_of_range"),
        _ => Err("number.invalid"),
    }
}

/// Coerces one population row and appends it.
pub(crate) fn map_row(
    m: &mut FileMapper,
    row: &dyn RowView,
    rules: &RowRules,
    t: &mut Tables,
    out: &mut Outcome<'_>,
) {
    let count = m
        .value(row, "residents", true, rules, out)
        .unwrap_or_default();
    let neighbourhood = text_of(&m.value(row, "neighbourhood", false, rules, out)).into_owned();
    let age_band = text_of(&m.value(row, "ageBand", false, rules, out)).into_owned();
    let gender = text_of(&m.value(row, "gender", false, rules, out)).into_owned();
    let group = text_of(&m.value(row, "populationGroup", false, rules, out)).into_owned();
    if out.rejected() {
        return;
    }
    let residents = match parse_count(&count) {
        Ok(n) => n,
        Err(code) => {
            out.push(m.cell_diag(code, Severity::Error, row, "residents", &count.as_text()));
            return;
        }
    };
    let p = &mut t.population;
    let cell = PopulationCell {
        neighbourhood: p.neighbourhoods.intern_opt(&neighbourhood),
        age_band: p.age_bands.intern_opt(&age_band),
        gender: p.genders.intern_opt(&gender),
        population_group: p.groups.intern_opt(&group),
        residents,
    };
    p.cells.push(cell);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    #[test]
    fn counts() {
        let t = |s: &'static str| parse_count(&Value::Text(Cow::Borrowed(s)));
        assert_eq!(t("12,345"), Ok(12345));
        assert_eq!(t("1234"), Ok(1234));
        assert_eq!(t("١٢٣"), Ok(123));
        assert_eq!(t("1,5"), Err("number.invalid"));
        assert_eq!(t("-3"), Err("value.out_of_range"));
        assert_eq!(t(""), Err("value.missing"));
        assert_eq!(parse_count(&Value::Number(2.5)), Err("number.invalid"));
    }
}
