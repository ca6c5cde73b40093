//! The population table: residents by neighbourhood, age band, gender and population group —
//! the denominators of every rate. The count is required; a row without a readable count is
//! rejected.

use super::mapper::{FileMapper, Outcome, RowRules, text_of};
use super::tables::{Dict, Tables};
use crate::diag::Severity;
use crate::ingest::cells::RowView;

/// One cell of the population table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
#[derive(Debug, Default, Clone, serde::Serialize, serde::Deserialize)]
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
    let residents = match super::coerce::parse_count(&count) {
        Ok(n) => {
            m.warn_if_padded(row, "residents", out);
            n
        }
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
