//! Everything read from the files, by role, and the dictionary of people shared by all roles:
//! the same id in an activity log, the registry and a survey is one person.

use rustc_hash::FxHashMap;

use super::activity::ActivityColumns;
use super::opportunities::OpportunityTable;
use super::population::PopulationTable;
use super::registry::RegistryTable;
use super::survey::SurveyTable;

/// Code for a missing value in a dictionary-encoded column.
pub const NONE: u32 = u32::MAX;

/// Interned strings: a dense code per distinct value, in order of first appearance.
///
/// Serialised as the list of values (the lookup index is rebuilt when read back).
#[derive(Debug, Default, Clone)]
pub struct Dict {
    codes: FxHashMap<Box<str>, u32>,
    values: Vec<Box<str>>,
}

impl serde::Serialize for Dict {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.values.serialize(s)
    }
}

impl<'de> serde::Deserialize<'de> for Dict {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let values = Vec::<Box<str>>::deserialize(d)?;
        let mut codes = FxHashMap::default();
        for (i, v) in values.iter().enumerate() {
            let code = u32::try_from(i).map_err(serde::de::Error::custom)?;
            if codes.insert(v.clone(), code).is_some() {
                return Err(serde::de::Error::custom("a dictionary value appears twice"));
            }
        }
        Ok(Dict { codes, values })
    }
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

    /// The code of `value`, or [`NONE`] for an empty value.
    pub fn intern_opt(&mut self, value: &str) -> u32 {
        if value.is_empty() {
            NONE
        } else {
            self.intern(value)
        }
    }

    /// Number of distinct values.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there are no values.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Forgets the values from code `len` on (those of a file that failed).
    pub(crate) fn truncate(&mut self, len: usize) {
        for v in self.values.drain(len.min(self.values.len())..) {
            self.codes.remove(&v);
        }
    }

    /// The value of `code`.
    pub fn get(&self, code: u32) -> Option<&str> {
        self.values.get(code as usize).map(|v| &**v)
    }
}

/// All tables being built.
#[derive(Debug, Default, Clone)]
pub struct Tables {
    /// Person ids (volunteers, respondents, recipients) across every file.
    pub people: Dict,
    /// Activity rows.
    pub activities: ActivityColumns,
    /// The volunteer registry.
    pub registry: RegistryTable,
    /// Survey responses.
    pub survey: SurveyTable,
    /// Population counts.
    pub population: PopulationTable,
    /// Volunteering opportunities.
    pub opportunities: OpportunityTable,
}

/// The sizes of the tables before a file was read, to undo it.
#[derive(Debug, Clone, Copy, Default)]
pub struct Checkpoint {
    people: usize,
    activities: usize,
    registry: usize,
    survey: usize,
    population: usize,
    opportunities: usize,
}

impl Tables {
    /// The current sizes.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            people: self.people.len(),
            activities: self.activities.len(),
            registry: self.registry.len(),
            survey: self.survey.len(),
            population: self.population.len(),
            opportunities: self.opportunities.len(),
        }
    }

    /// Removes what file `file_index` added since `at` (a failed or abandoned file is in no
    /// ledger, so none of its rows may stay), and the people only it named (codes given before
    /// it are unchanged).
    pub fn rollback(&mut self, at: Checkpoint, file_index: usize) {
        self.activities.truncate(at.activities, file_index);
        self.registry.truncate(at.registry);
        self.survey.truncate(at.survey);
        self.population.truncate(at.population);
        self.opportunities.truncate(at.opportunities);
        // Last: the rows naming these people are gone. A file stopped by the identifier gate
        // may have named people by values in clear; none may stay.
        self.people.truncate(at.people);
    }

    /// Drops the indexes used only while reading.
    pub fn seal(&mut self) {
        self.activities.seal();
        self.registry.seal();
        self.survey.seal();
    }
}
