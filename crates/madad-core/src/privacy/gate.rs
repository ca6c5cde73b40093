//! The identifier gate: what the user decided for each flagged column, and applying it.
//!
//! Ingest runs [`ColumnProbe`](super::detect::ColumnProbe) over every column. A column with
//! verdict [`Block`](super::detect::Verdict::Block) (ID numbers, phones, e-mails) must be
//! dropped or pseudonymised before analysis continues; one with verdict
//! [`Confirm`](super::detect::Verdict::Confirm) (possible names, organisation and reference
//! numbers) must be dropped, pseudonymised or explicitly kept. [`check_decisions`] lists the
//! columns still blocking; [`GateAction::apply`] turns one value into what the analysis sees.

use serde::{Deserialize, Serialize};

use super::detect::{ColumnVerdict, IdentifierKind, Verdict};
use super::key::PseudonymKey;
use super::pseudonym::{PseudonymError, pseudonymize};

/// What to do with a flagged column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum GateAction {
    /// Remove the column before analysis.
    Drop,
    /// Replace each value by its keyed pseudonym (needs the key).
    Pseudonymise,
    /// Keep the values (allowed only for `Confirm` verdicts: the user says they are not
    /// personal, e.g. activity titles that looked like names).
    Keep,
}

/// The user's decision for one column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct GateDecision {
    /// The column header as written.
    pub column: String,
    /// The action.
    pub action: GateAction,
}

/// A column that still stops the analysis.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct GateIssue {
    /// The column header.
    pub column: String,
    /// `identifier_undecided`: no decision; `identifier_kept`: a blocking column marked `Keep`;
    /// `key_required`: `Pseudonymise` chosen but no key given.
    pub code: String,
}

/// The columns that still block analysis, given the verdicts, the decisions and whether a
/// pseudonymisation key is available. Empty: analysis may continue.
pub fn check_decisions(
    verdicts: &[ColumnVerdict],
    decisions: &[GateDecision],
    have_key: bool,
) -> Vec<GateIssue> {
    let mut issues = Vec::new();
    for v in verdicts.iter().filter(|v| v.needs_decision()) {
        let decision = decisions.iter().find(|d| d.column == v.column);
        let code = match (decision.map(|d| d.action), v.verdict) {
            (None, _) => Some("identifier_undecided"),
            (Some(GateAction::Keep), Verdict::Block) => Some("identifier_kept"),
            (Some(GateAction::Pseudonymise), _) if !have_key => Some("key_required"),
            _ => None,
        };
        if let Some(code) = code {
            issues.push(GateIssue {
                column: v.column.clone(),
                code: code.to_owned(),
            });
        }
    }
    issues
}

impl GateAction {
    /// The value the analysis sees: `Ok(None)` when dropped, the pseudonym when pseudonymised
    /// (an empty cell stays empty), the value itself when kept. A pseudonymisation without a key
    /// drops the value rather than passing it through.
    pub fn apply(
        self,
        kind: IdentifierKind,
        key: Option<&PseudonymKey>,
        value: &str,
    ) -> Result<Option<String>, PseudonymError> {
        match self {
            GateAction::Drop => Ok(None),
            GateAction::Keep => Ok(Some(value.to_owned())),
            GateAction::Pseudonymise => {
                if value.trim().is_empty() {
                    return Ok(Some(String::new()));
                }
                match key {
                    Some(k) => pseudonymize(k, kind, value).map(Some),
                    None => Ok(None),
                }
            }
        }
    }
}
