//! Mapping profiles: how a municipality's export is read, saved once and reused every month.
//!
//! A profile records the column mapping (every header of the file and its field, or `null` for
//! an ignored column), the encoding, the delimiter, the day/month order, the header row and the identifier-gate decisions (never the key), as
//! they were detected or chosen. Applied to the options of a later run, it makes the same
//! export read the same way with no questions. Profiles are plain JSON (the host stores them in
//! a file or in the browser) and carry a schema name and version so that later versions of
//! Madad can migrate them.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::ingest::encoding::TextEncoding;
use crate::ingest::ledger::FileLedger;
use crate::options::IngestOptions;
use crate::privacy::gate::GateDecision;
use crate::schema::coerce::DateOrder;

/// The `schema` value of every profile.
pub const PROFILE_SCHEMA: &str = "madad.mapping-profile";
/// The profile version this Madad writes and reads.
pub const PROFILE_VERSION: u32 = 1;

/// A saved way of reading one kind of export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct MappingProfile {
    /// Always `madad.mapping-profile`.
    pub schema: String,
    /// The profile format version.
    pub version: u32,
    /// A name the user recognises, e.g. "יומן שעות – מחלקת רווחה".
    pub name: String,
    /// Every header and its field (`""`: the column is ignored).
    pub columns: BTreeMap<String, String>,
    /// The encoding to decode with (`null`: detect).
    pub encoding: Option<TextEncoding>,
    /// The delimiter (`null`: detect).
    pub delimiter: Option<String>,
    /// The day/month order (`null`: decide per column).
    pub date_order: Option<DateOrder>,
    /// The 1-based header row (`null`: the first non-blank row).
    pub header_row: Option<u64>,
    /// What to do with each identifier column (drop, pseudonymise, keep), so that a monthly
    /// repeat asks nothing. Never the pseudonymisation key.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub identifiers: Vec<GateDecision>,
}

impl MappingProfile {
    /// A profile of how `ledger`'s file was read. Renamed headers are stored as written in the
    /// file, so the profile matches the next export.
    pub fn from_ledger(name: &str, ledger: &FileLedger) -> MappingProfile {
        // Inserted one by one (a repeated header keeps its last field, as `collect` would):
        // collecting into a map sorts with a stable sort, a second sort instance in the module.
        let mut columns = BTreeMap::new();
        for c in &ledger.columns {
            let header = c.renamed_from.clone().unwrap_or_else(|| c.header.clone());
            if !header.is_empty() {
                columns.insert(header, c.field.clone().unwrap_or_default());
            }
        }
        let date_order = ledger
            .date_order
            .as_ref()
            .and_then(|d| match d.order.as_str() {
                "mdy" => Some(DateOrder::Mdy),
                "dmy" => Some(DateOrder::Dmy),
                _ => None,
            });
        MappingProfile {
            schema: PROFILE_SCHEMA.to_owned(),
            version: PROFILE_VERSION,
            name: name.to_owned(),
            columns,
            encoding: ledger.encoding,
            delimiter: ledger.delimiter.clone(),
            date_order,
            header_row: (ledger.header_row > 1).then_some(ledger.header_row),
            identifiers: ledger
                .identifiers
                .iter()
                .map(|d| GateDecision {
                    column: d.column.clone(),
                    action: d.action,
                })
                .collect(),
        }
    }

    /// Applies the profile to `options` (its choices replace the detected ones). Errors:
    /// `profile.unsupported` for another schema or a newer version.
    pub fn apply(&self, options: &mut IngestOptions) -> Result<()> {
        if self.schema != PROFILE_SCHEMA || self.version == 0 || self.version > PROFILE_VERSION {
            return Err(Error::general("profile.unsupported")
                .with("schema", &self.schema)
                .with("version", self.version));
        }
        options.mapping = self.columns.clone();
        options.encoding = self.encoding;
        options.delimiter = self.delimiter.clone();
        options.date_order = self.date_order;
        options.header_row = self.header_row;
        options.identifiers = self.identifiers.clone();
        Ok(())
    }
}
