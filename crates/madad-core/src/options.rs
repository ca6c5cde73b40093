//! Options the host passes in. Nothing here is read from the environment: "today" is an input.

use serde::{Deserialize, Serialize};

use crate::ingest::encoding::TextEncoding;
use crate::privacy::gate::GateDecision;
use crate::privacy::key::KeyInput;
use crate::schema::coerce::DateOrder;

/// How files are read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase", default)]
pub struct IngestOptions {
    /// The "as of" date (ISO `YYYY-MM-DD`), normally today as the host sees it. Activities
    /// dated after it are rejected (`date.future`) and its month is marked partial.
    pub as_of: Option<String>,
    /// Decode with this encoding instead of the detected one.
    pub encoding: Option<TextEncoding>,
    /// Use this delimiter (one character) instead of the sniffed one.
    pub delimiter: Option<String>,
    /// Use this day/month order instead of deciding it per column.
    pub date_order: Option<DateOrder>,
    /// Largest number of whole hours one activity record may carry (default 24).
    pub max_hours_per_record: u32,
    /// Keep exact duplicate rows instead of rejecting them (default false).
    pub keep_duplicates: bool,
    /// Most characters in one cell (default 32,767, Excel's limit).
    pub max_cell_chars: usize,
    /// Most columns in a file (default 500).
    pub max_columns: usize,
    /// Most bytes in one file (default 2 GiB).
    pub max_file_bytes: u64,
    /// Most data rows in one file (default 20,000,000).
    pub max_rows: u64,
    /// The user's column mapping: header as written → field name (`volunteerId`, `date`,
    /// `hours`, `birthYear`, `residents`…; see `docs/fields.md`), or `""` to ignore the column.
    /// It takes precedence over the header synonyms; headers are compared after normalisation.
    pub mapping: std::collections::BTreeMap<String, String>,
    /// The role of a file by its name (`activityLog`, `registry`, `survey`, `population`),
    /// instead of recognising it from its columns.
    pub roles: std::collections::BTreeMap<String, String>,
    /// The 1-based row that holds the headers (default: the first non-blank row). Rows above it
    /// are counted as skipped.
    pub header_row: Option<u64>,
    /// What to do with each identifier column, by header as written (compared after
    /// normalisation, like `mapping`): `drop`, `pseudonymise` or `keep` (see
    /// [`crate::privacy::ingest_gate`]). A file with a flagged column and no decision stops with
    /// `privacy.identifier_column`. Saved in mapping profiles.
    pub identifiers: Vec<GateDecision>,
    /// The pseudonymisation key: `{"keyFile": <key file JSON>, "passphrase": "…"}` (the
    /// passphrase only for a passphrase key file; see [`crate::privacy::key`]). Required when a
    /// column is pseudonymised. Never serialised: options written back (profiles, reports) do
    /// not carry it.
    #[serde(skip_serializing)]
    pub pseudonym_key: Option<KeyInput>,
    /// How single files are read: encoding, delimiter and header row for the file `name` only
    /// (they take precedence over `encoding`, `delimiter` and `headerRow`), so that a
    /// windows-1255 CSV and a workbook with a title row can each be corrected on their own.
    pub files: Vec<FileReadOptions>,
}

/// How one file is read (every field optional: `null` keeps the run-wide choice or detection).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase", default)]
pub struct FileReadOptions {
    /// The file name, as given.
    pub name: String,
    /// Decode this file with this encoding.
    pub encoding: Option<TextEncoding>,
    /// This file's delimiter (one character).
    pub delimiter: Option<String>,
    /// This file's 1-based header row.
    pub header_row: Option<u64>,
}

/// The read choices in force for one file: its entry in [`IngestOptions::files`] where it has
/// one, else the run-wide `encoding`, `delimiter` and `headerRow`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadChoice<'a> {
    /// Decode with this encoding instead of the detected one.
    pub encoding: Option<TextEncoding>,
    /// This delimiter instead of the sniffed one.
    pub delimiter: Option<&'a str>,
    /// The 1-based header row.
    pub header_row: Option<u64>,
}

impl IngestOptions {
    /// The read choices for the file named `name`.
    pub fn read_for(&self, name: &str) -> ReadChoice<'_> {
        let f = self.files.iter().find(|f| f.name == name);
        ReadChoice {
            encoding: f.and_then(|f| f.encoding).or(self.encoding),
            delimiter: f
                .and_then(|f| f.delimiter.as_deref())
                .or(self.delimiter.as_deref()),
            header_row: f.and_then(|f| f.header_row).or(self.header_row),
        }
    }
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            as_of: None,
            encoding: None,
            delimiter: None,
            date_order: None,
            max_hours_per_record: 24,
            keep_duplicates: false,
            max_cell_chars: 32_767,
            max_columns: 500,
            max_file_bytes: 2 * 1024 * 1024 * 1024,
            max_rows: 20_000_000,
            mapping: std::collections::BTreeMap::new(),
            roles: std::collections::BTreeMap::new(),
            header_row: None,
            identifiers: Vec::new(),
            pseudonym_key: None,
            files: Vec::new(),
        }
    }
}

/// How the analysis is done and published.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase", default)]
pub struct AnalysisOptions {
    /// Small-cell threshold K: counts from 1 to K−1 people, and every statistic computed from
    /// fewer than K people, are suppressed (default 10; presets 5 and 11).
    pub suppression_threshold: u32,
    /// The input is the built-in demo municipality; the report says "sample data".
    pub sample_data: bool,
    /// The definitions registry: active rule, counted statuses, training hours, period type,
    /// full-time hours, wage basis… (see `docs/indicators.md`). The as-of date is the host's
    /// (`IngestOptions::as_of`), never the clock.
    pub definitions: crate::definitions::DefinitionOptions,
    /// The trends section: period type, program start (interrupted time series), horizons,
    /// incomplete period, inactivity threshold and level.
    pub trends: crate::trends::section::TrendOptions,
    /// The loneliness section: instrument, cut-off, missing-item rule, waves, RCI reliability,
    /// bootstrap seed, level, subgroups, dose (see `loneliness::section`).
    pub loneliness: crate::loneliness::section::LonelinessOptions,
    /// A filtered view (date range, departments, neighbourhoods; see [`crate::view`]). Absent:
    /// the whole data and no `view` in the report; `{}`: the whole data, with `view` stating
    /// the filter levels on offer.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filter: Option<crate::view::ViewFilter>,
}

impl Default for AnalysisOptions {
    fn default() -> Self {
        AnalysisOptions {
            suppression_threshold: 10,
            sample_data: false,
            definitions: crate::definitions::DefinitionOptions::default(),
            trends: crate::trends::section::TrendOptions::default(),
            loneliness: crate::loneliness::section::LonelinessOptions::default(),
            filter: None,
        }
    }
}
