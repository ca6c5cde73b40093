//! The identifier gate as ingest runs it: every column of every file is probed
//! ([`ColumnProbe`]), the user's decisions ([`GateDecision`], by header) are applied, and a file
//! with a flagged column that has no decision stops with the fatal error
//! `privacy.identifier_column` (reliability notes §1.4, "hard stop before any statistic").
//!
//! When verdicts are checked:
//!
//! * **Text files**: on the rows of the sniffing window (the first
//!   [`SNIFF_BYTES`](crate::dataset::SNIFF_BYTES) of the file, or all of a smaller file), before
//!   any row is mapped ([`check_window`]).
//! * **Spreadsheets** (fed row by row, with no byte window): after the first
//!   [`SHEET_WINDOW_ROWS`] data rows; rows mapped until then are removed with the file.
//! * **At the end of every file**, on all its rows: a column that needs a decision only after
//!   the window (an e-mail in row 200,000) stops the file then, and its rows are removed.
//!
//! Every cell of the first [`FULL_PROBE_ROWS`] data rows is probed; beyond them, to keep
//! ingest fast on files of millions of rows, every [`SAMPLE_EVERY`]th row (a systematic
//! sample: the shares the verdict rests on stay unbiased) and every cell containing `@` (a
//! single e-mail address flags a column).
//!
//! Decisions apply from the first row, whatever the verdict: `Drop` unmaps the column (a
//! required field, such as the volunteer id, cannot be dropped: the file stops with
//! `privacy.drop_required`, to be pseudonymised instead); `Pseudonymise` replaces each value by
//! its keyed pseudonym before it is interned, so the person dictionary only ever holds
//! pseudonyms; `Keep` leaves the values. The pseudonym's kind is that of the **value** (a valid
//! Israeli ID number → `tz`, else an Israeli phone → `phone`, else an e-mail → `email`, else
//! `ref`; [`value_kind`]), so the same identifier gets the same pseudonym in every file and
//! survey wave, however each file's column was classified.
//!
//! Nothing here keeps or reports a value in clear: verdicts carry masked examples only, and the
//! ledger records per column the kind and the action ([`IdentifierDecision`]).

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::detect::{ColumnProbe, ColumnVerdict, Confidence, IdentifierKind, Verdict};
use super::gate::{GateAction, GateDecision, check_decisions};
use super::key::PseudonymKey;
use super::samples::{ColumnSamples, SAMPLE_ROWS, may_show};
use super::{email, israeli_id, phone};
use crate::error::Error;
use crate::ingest::cells::{Cell, RowView};
use crate::ingest::ledger::ColumnMapping;
use crate::schema::headers::normalize;

/// Data rows of a spreadsheet probed before its verdicts are first checked.
pub const SHEET_WINDOW_ROWS: u64 = 5_000;
/// Data rows of a file whose every cell is probed; beyond them, one row in [`SAMPLE_EVERY`]
/// is, and every cell containing `@`.
pub const FULL_PROBE_ROWS: u64 = 1 << 16;
/// The sampling step beyond [`FULL_PROBE_ROWS`].
pub const SAMPLE_EVERY: u64 = 64;
/// Most pseudonyms remembered per file.
const CACHE_LIMIT: usize = 1 << 17;

/// Whether a cell contains `@` (a possible e-mail address: one is enough to flag a column).
fn has_at_sign(cell: Cell<'_>) -> bool {
    match cell {
        Cell::Raw(b) => memchr::memchr(b'@', b).is_some(),
        Cell::Text(s) => s.contains('@'),
        _ => false,
    }
}

/// What was decided for one identifier column of a file (recorded in its ledger; no values).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct IdentifierDecision {
    /// The column header.
    pub column: String,
    /// What the detector found (`null`: nothing, the user decided anyway).
    pub kind: Option<IdentifierKind>,
    /// The action applied.
    pub action: GateAction,
}

/// The gate of one file. Its `Debug` shows the headers, the actions and the row count only:
/// the probes and the pseudonym cache hold values in clear.
#[derive(Clone, Default)]
pub struct IngestGate {
    decisions: Vec<GateDecision>,
    key: Option<PseudonymKey>,
    headers: Vec<String>,
    /// The decided action of each column (empty when there are no decisions).
    actions: Vec<Option<GateAction>>,
    probes: Vec<ColumnProbe>,
    /// A few values of each column, from the first [`SAMPLE_ROWS`] rows (shown only where
    /// [`may_show`] allows).
    samples: Vec<ColumnSamples>,
    rows: u64,
    /// Whether the early (window) check has been done.
    window_checked: bool,
    /// Verdicts of the whole file, once finished.
    verdicts: Vec<ColumnVerdict>,
    /// Pseudonyms by value: a file names the same people on many rows, and an HMAC costs
    /// more than a lookup. Lives as long as the file.
    cache: RefCell<FxHashMap<Box<str>, Box<str>>>,
}

impl std::fmt::Debug for IngestGate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IngestGate")
            .field("decisions", &self.decisions)
            .field("key", &self.key)
            .field("headers", &self.headers)
            .field("actions", &self.actions)
            .field("rows", &self.rows)
            .finish_non_exhaustive()
    }
}

impl IngestGate {
    /// A gate applying `decisions`, pseudonymising with `key`.
    pub fn new(decisions: Vec<GateDecision>, key: Option<PseudonymKey>) -> Self {
        IngestGate {
            decisions,
            key,
            ..IngestGate::default()
        }
    }

    /// Marks the early check as done (a text file's window was checked before its rows).
    pub fn window_done(mut self) -> Self {
        self.window_checked = true;
        self
    }

    /// Sets up one probe per column and the decided action of each column.
    pub fn on_header(&mut self, headers: &[String]) {
        self.headers = headers.to_vec();
        self.probes = headers.iter().map(|h| ColumnProbe::new(h)).collect();
        self.samples = vec![ColumnSamples::default(); headers.len()];
        self.actions = if self.decisions.is_empty() {
            Vec::new()
        } else {
            headers.iter().map(|h| self.decision(h)).collect()
        };
    }

    fn decision(&self, header: &str) -> Option<GateAction> {
        decision_for(&self.decisions, header)
    }

    /// The decided action of column `i`.
    #[inline]
    pub fn action(&self, i: usize) -> Option<GateAction> {
        self.actions.get(i).copied().flatten()
    }

    /// Columns whose decision is `Drop`.
    pub fn dropped(&self) -> impl Iterator<Item = usize> + '_ {
        self.actions
            .iter()
            .enumerate()
            .filter(|(_, a)| **a == Some(GateAction::Drop))
            .map(|(i, _)| i)
    }

    /// The value the analysis sees for a value of a column decided `action`: empty when
    /// dropped, the keyed pseudonym when pseudonymised (empty without a key, which
    /// [`DatasetBuilder::new`](crate::DatasetBuilder::new) does not allow), the value when kept.
    pub fn apply(&self, action: GateAction, value: &str) -> String {
        if action == GateAction::Pseudonymise
            && let Some(p) = self.cache.borrow().get(value)
        {
            return p.to_string();
        }
        let out = action
            .apply(value_kind(value), self.key.as_ref(), value)
            .ok()
            .flatten()
            .unwrap_or_default();
        if action == GateAction::Pseudonymise {
            let mut cache = self.cache.borrow_mut();
            if cache.len() < CACHE_LIMIT {
                cache.insert(value.into(), out.as_str().into());
            }
        }
        out
    }

    /// Whether the next data row must go through the mapper's general path, where the gate
    /// probes it and rewrites its values: every row while a column is dropped or pseudonymised,
    /// the first [`FULL_PROBE_ROWS`] rows, one row in [`SAMPLE_EVERY`] after them, and any row
    /// with an `@` (`raw_has_at`: e-mails inside free text). Otherwise a fast path may take the
    /// row, and must then call [`IngestGate::skip_row`] so the sampling stays on the row count.
    pub fn must_see_next(&self, raw_has_at: bool) -> bool {
        raw_has_at
            || self
                .actions
                .iter()
                .any(|a| matches!(a, Some(GateAction::Drop | GateAction::Pseudonymise)))
            || self.rows < FULL_PROBE_ROWS
            || self.rows.is_multiple_of(SAMPLE_EVERY)
    }

    /// Counts a data row that a fast path took without the gate (see
    /// [`IngestGate::must_see_next`]).
    pub fn skip_row(&mut self) {
        self.rows += 1;
    }

    /// Probes one data row; returns the fatal error when the spreadsheet window has just closed
    /// with a column still needing a decision.
    pub fn probe_row(&mut self, row: &dyn RowView, file: &str) -> Option<Error> {
        let every = self.rows < FULL_PROBE_ROWS || self.rows.is_multiple_of(SAMPLE_EVERY);
        for (i, p) in self.probes.iter_mut().enumerate().take(row.len()) {
            let cell = row.cell(i);
            if every || has_at_sign(cell) {
                p.push_cell(cell);
            }
        }
        if self.rows < SAMPLE_ROWS {
            for (i, s) in self.samples.iter_mut().enumerate().take(row.len()) {
                s.push_cell(row.cell(i));
            }
        }
        self.rows += 1;
        if !self.window_checked && self.rows >= SHEET_WINDOW_ROWS {
            self.window_checked = true;
            let verdicts: Vec<ColumnVerdict> = self
                .probes
                .iter()
                .cloned()
                .map(ColumnProbe::finish)
                .collect();
            return self.check(&verdicts, file);
        }
        None
    }

    /// Checks verdicts against the decisions: the fatal error when a column still blocks.
    pub fn check(&self, verdicts: &[ColumnVerdict], file: &str) -> Option<Error> {
        gate_error(verdicts, &self.decisions, self.key.is_some(), file)
    }

    /// The verdicts of the whole file, checked: the fatal error when a column still blocks.
    pub fn finish(&mut self, file: &str) -> Option<Error> {
        self.verdicts = std::mem::take(&mut self.probes)
            .into_iter()
            .map(ColumnProbe::finish)
            .collect();
        self.check(&self.verdicts, file)
    }

    /// `columns` (the file's header row, mapped) with the sample values of every column that
    /// may show them (after [`IngestGate::finish`]; see [`may_show`]).
    pub fn with_samples(&self, mut columns: Vec<ColumnMapping>) -> Vec<ColumnMapping> {
        for (i, c) in columns.iter_mut().enumerate() {
            // Probes, verdicts and actions are in header order.
            let verdict = self.verdicts.get(i);
            let decided = self.action(i).is_some();
            if may_show(&c.header, c.field.as_deref(), verdict, decided)
                && let Some(s) = self.samples.get(i)
            {
                c.samples = s.values().to_vec();
            }
        }
        columns
    }

    /// What was decided per column (after [`IngestGate::finish`]): every column with a decision
    /// or a verdict needing one, with its kind and action.
    pub fn ledger(&self) -> Vec<IdentifierDecision> {
        self.headers
            .iter()
            .enumerate()
            .filter_map(|(i, h)| {
                let kind = self
                    .verdicts
                    .get(i)
                    .filter(|v| v.needs_decision())
                    .and_then(|v| v.kind);
                let action = self.decision(h)?;
                Some(IdentifierDecision {
                    column: h.clone(),
                    kind,
                    action,
                })
            })
            .collect()
    }
}

/// The decision for `header` (compared after header normalisation, as the column mapping is).
pub fn decision_for(decisions: &[GateDecision], header: &str) -> Option<GateAction> {
    let key = normalize(header);
    decisions
        .iter()
        .find(|d| d.column == header || normalize(&d.column) == key)
        .map(|d| d.action)
}

/// The fatal error `privacy.identifier_column` for the verdicts still blocking, or `None`.
///
/// Params (masked examples only, never a value in clear): `columns` (the headers, `, `-joined),
/// `kinds` (`column: kind` pairs), `examples` (`column: e1 | e2` groups, `; `-joined), `count`
/// and `details`, a JSON array of `{column, issue, verdict, kind, confidence, share, examples}`
/// for a host that asks the user column by column (`issue`: `identifier_undecided`,
/// `identifier_kept` or `key_required`).
pub fn gate_error(
    verdicts: &[ColumnVerdict],
    decisions: &[GateDecision],
    have_key: bool,
    file: &str,
) -> Option<Error> {
    // Decisions are matched like the mapping: after header normalisation.
    let resolved: Vec<GateDecision> = verdicts
        .iter()
        .filter_map(|v| {
            decision_for(decisions, &v.column).map(|action| GateDecision {
                column: v.column.clone(),
                action,
            })
        })
        .collect();
    let issues = check_decisions(verdicts, &resolved, have_key);
    if issues.is_empty() {
        return None;
    }
    let mut columns = Vec::new();
    let mut kinds = Vec::new();
    let mut examples = Vec::new();
    let mut details = Vec::new();
    for issue in &issues {
        let Some(v) = verdicts.iter().find(|v| v.column == issue.column) else {
            continue;
        };
        let kind = v.kind.map_or("", IdentifierKind::code);
        columns.push(v.column.clone());
        kinds.push(format!("{}: {kind}", v.column));
        if !v.examples.is_empty() {
            examples.push(format!("{}: {}", v.column, v.examples.join(" | ")));
        }
        details.push(Detail {
            column: &v.column,
            issue: &issue.code,
            verdict: v.verdict,
            kind: v.kind,
            confidence: v.confidence,
            share: permille(v.share),
            examples: &v.examples,
        });
    }
    Some(
        Error::in_file("privacy.identifier_column", file)
            .with("columns", columns.join(", "))
            .with("kinds", kinds.join(", "))
            .with("examples", examples.join("; "))
            .with("count", columns.len())
            .with(
                "details",
                serde_json::to_string(&details).unwrap_or_default(),
            ),
    )
}

/// One column of the `details` parameter.
#[derive(Serialize)]
struct Detail<'a> {
    column: &'a str,
    issue: &'a str,
    verdict: Verdict,
    kind: Option<IdentifierKind>,
    confidence: Confidence,
    /// The share as a decimal string with three places (`"0.975"`).
    share: String,
    examples: &'a [String],
}

/// `x` in [0, 1] with three decimals, by integer arithmetic.
fn permille(x: f64) -> String {
    let m = libm::round(x.clamp(0.0, 1.0) * 1000.0) as u32;
    format!("{}.{:03}", m / 1000, m % 1000)
}

/// The kind a value is pseudonymised as: a valid Israeli ID number (check digit, leading zeros
/// restored, `39337423.0` read as `39337423`) → [`IdentifierKind::IsraeliId`]; else an Israeli
/// phone number → [`IdentifierKind::Phone`]; else an e-mail address →
/// [`IdentifierKind::Email`]; anything else → [`IdentifierKind::Reference`].
pub fn value_kind(value: &str) -> IdentifierKind {
    let v = value.trim();
    let digits = v
        .strip_suffix(".0")
        .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
        .unwrap_or(v);
    if israeli_id::normalize(digits)
        .is_some_and(|d| israeli_id::is_valid(&d) && !israeli_id::is_placeholder(&d))
    {
        IdentifierKind::IsraeliId
    } else if phone::normalize(v).is_some_and(|d| phone::classify_normalized(&d).is_some()) {
        IdentifierKind::Phone
    } else if email::is_email(v) {
        IdentifierKind::Email
    } else {
        IdentifierKind::Reference
    }
}
