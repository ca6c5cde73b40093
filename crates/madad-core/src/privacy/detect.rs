//! Column-level detection of direct identifiers (reliability notes §1.4).
//!
//! One value proves little (a random nine-digit number passes the ID check digit one time in
//! ten), so a column is judged on the share of its non-empty values of each shape, together with
//! its header ([`keywords`](super::keywords)). Rules, applied in this order to `n` non-empty
//! values:
//!
//! 1. **E-mail** — any value containing an address (WHATWG grammar, or inside free text):
//!    blocking.
//! 2. **Phone, by header** — a phone header and ≥ 50 % phone-shaped values: blocking (a 9-digit
//!    landline may pass the ID check digit by chance).
//! 3. **ID candidates** — ≥ 80 % of the values (placeholders such as `000000000` set aside) are
//!    5–9 digits after removing spaces and hyphens; numbers from a spreadsheet are taken as
//!    integers and left-padded (Excel drops leading zeros). With `p` the share passing the
//!    check digit: an **organisation number** when the header says so or ≥ 95 % are nine digits
//!    starting with `5`, and `p ≥ 90 %` (user confirms); an **Israeli ID** when `p ≥ 90 %`
//!    (≈ 10 % by chance), or `p ≥ 50 %` with an ID header: blocking.
//! 4. **Phone, by values** — ≥ 80 % phone-shaped: blocking.
//! 5. **Reference numbers** — ID candidates with an ID, organisation or reference header, or
//!    ≥ 80 % of seven or more digits: identifier-like, not for publication (user confirms).
//! 6. **Possible names** — ≥ 80 % of the values are 1–4 words of letters only (Hebrew, Arabic,
//!    Cyrillic or Latin), the median length is 3–25 characters and more than 70 % of those values
//!    are distinct: with a name header, high confidence; without one (and at least 20 values),
//!    low confidence. Names cannot be detected reliably, so the user must drop or confirm.
//!
//! Values are never kept in clear: the verdict carries at most three masked examples.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::keywords::{HeaderHint, header_hint};
use super::{email, israeli_id, mask, phone};
use crate::diag::{Diagnostic, Severity};
use crate::ingest::cells::Cell;

/// What kind of identifier a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum IdentifierKind {
    /// Israeli ID numbers (check digit valid).
    IsraeliId,
    /// Organisation numbers (non-profits, companies): same check digit, not a person.
    OrganisationId,
    /// Israeli phone numbers.
    Phone,
    /// E-mail addresses, whole or inside text.
    Email,
    /// Possibly personal names.
    PersonName,
    /// Other identifier-like reference numbers (case, file numbers).
    Reference,
}

impl IdentifierKind {
    /// Stable snake_case code.
    pub fn code(self) -> &'static str {
        match self {
            IdentifierKind::IsraeliId => "israeli_id",
            IdentifierKind::OrganisationId => "organisation_id",
            IdentifierKind::Phone => "phone",
            IdentifierKind::Email => "email",
            IdentifierKind::PersonName => "person_name",
            IdentifierKind::Reference => "reference",
        }
    }
}

/// What the gate requires before analysis continues.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum Verdict {
    /// Nothing found.
    Clear,
    /// A direct identifier: the column must be dropped or pseudonymised.
    Block,
    /// Possibly identifying: the user must drop, pseudonymise or explicitly keep it.
    Confirm,
}

/// How sure the detector is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum Confidence {
    /// Value shape only.
    Low,
    /// Value shape clearly above chance, or a header with weaker values.
    Medium,
    /// Header and values agree, or overwhelming value evidence.
    High,
}

/// The detector's verdict on one column.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct ColumnVerdict {
    /// The column header as written.
    pub column: String,
    /// What must happen before analysis.
    pub verdict: Verdict,
    /// The identifier kind, when one was found.
    pub kind: Option<IdentifierKind>,
    /// How sure the detector is (`Low` when nothing was found).
    pub confidence: Confidence,
    /// Share of the non-empty values supporting `kind` (for IDs: the check-digit pass rate).
    pub share: f64,
    /// Non-empty values seen.
    pub non_empty: u64,
    /// Values supporting `kind`.
    pub matching: u64,
    /// Whether the header announces an identifier.
    pub header_match: bool,
    /// Placeholder values such as `000000000` or `0` in an ID-like column.
    pub placeholders: u64,
    /// ID-shaped values whose check digit fails (reported, never repaired).
    pub invalid_check_digit: u64,
    /// Up to three masked examples (`0393****3`).
    pub examples: Vec<String>,
}

impl ColumnVerdict {
    /// Whether the column needs a decision before analysis continues.
    pub fn needs_decision(&self) -> bool {
        self.verdict != Verdict::Clear
    }

    /// A file-level diagnostic `privacy.identifier_column` describing the verdict (masked
    /// examples only), or `None` for a clear column.
    pub fn to_diagnostic(&self, file: &str) -> Option<Diagnostic> {
        let kind = self.kind?;
        let severity = match self.verdict {
            Verdict::Clear => return None,
            Verdict::Block => Severity::Error,
            Verdict::Confirm => Severity::Warning,
        };
        let confidence = match self.confidence {
            Confidence::Low => "low",
            Confidence::Medium => "medium",
            Confidence::High => "high",
        };
        let mut d = Diagnostic::file("privacy.identifier_column", severity, file)
            .in_column(&self.column)
            .with("kind", kind.code())
            .with("confidence", confidence)
            .with("share", three_decimals(self.share))
            .with("matching", self.matching)
            .with("nonEmpty", self.non_empty)
            .with("examples", self.examples.join(" | "));
        if self.placeholders > 0 {
            d = d.with("placeholders", self.placeholders);
        }
        if self.invalid_check_digit > 0 {
            d = d.with("invalidCheckDigit", self.invalid_check_digit);
        }
        Some(d)
    }
}

const MAX_EXAMPLES: usize = 3;
const MAX_LENGTHS: usize = 10_000;
/// Lengths above the longest name-shaped median (25) are counted together.
const LONG: usize = 26;

/// The median (the `seen / 2`-th smallest, 0-based, as in a sorted list) of `seen` lengths
/// counted in `histogram`; 0 when there are none.
fn median_length(histogram: &[u32; LONG + 1], seen: usize) -> usize {
    let k = seen / 2;
    let mut below = 0usize;
    for (length, &count) in histogram.iter().enumerate() {
        below += count as usize;
        if below > k {
            return length;
        }
    }
    0
}
const MAX_DISTINCT: usize = 50_000;

/// Accumulates one column's values and classifies it ([`ColumnProbe::finish`]).
#[derive(Debug, Clone)]
pub struct ColumnProbe {
    column: String,
    hint: Option<HeaderHint>,
    non_empty: u64,
    id_candidates: u64,
    id_valid: u64,
    id_seven_plus: u64,
    org_shaped: u64,
    placeholders: u64,
    phones: u64,
    email_whole: u64,
    email_any: u64,
    name_shaped: u64,
    /// How many values have each length in characters, lengths above 25 counted at 26: only
    /// whether the median is 3–25 matters, and a histogram finds it without sorting.
    lengths: [u32; LONG + 1],
    /// Values counted in `lengths`.
    lengths_seen: usize,
    distinct_names: BTreeSet<String>,
    id_examples: Vec<String>,
    phone_examples: Vec<String>,
    email_examples: Vec<String>,
    name_examples: Vec<String>,
}

impl ColumnProbe {
    /// A probe for the column with this header.
    pub fn new(header: &str) -> Self {
        ColumnProbe {
            column: header.to_owned(),
            hint: header_hint(header),
            non_empty: 0,
            id_candidates: 0,
            id_valid: 0,
            id_seven_plus: 0,
            org_shaped: 0,
            placeholders: 0,
            phones: 0,
            email_whole: 0,
            email_any: 0,
            name_shaped: 0,
            lengths: [0; LONG + 1],
            lengths_seen: 0,
            distinct_names: BTreeSet::new(),
            id_examples: Vec::new(),
            phone_examples: Vec::new(),
            email_examples: Vec::new(),
            name_examples: Vec::new(),
        }
    }

    /// Adds a typed cell (CSV text, spreadsheet text or number; other cells count as text
    /// of their own or are skipped when empty).
    pub fn push_cell(&mut self, cell: Cell<'_>) {
        match cell {
            Cell::Empty | Cell::FormulaWithoutValue | Cell::Error(_) => {}
            Cell::Raw(b) => self.push_text(&String::from_utf8_lossy(b)),
            Cell::Text(s) => self.push_text(s),
            Cell::Number(x) => self.push_number(x),
            Cell::DateTime(_) | Cell::Bool(_) => {
                // Not identifier-shaped, but part of the column.
                self.non_empty += 1;
            }
        }
    }

    /// Adds a spreadsheet number: an integer is read as its digits (`39337423.0` → `39337423`).
    pub fn push_number(&mut self, x: f64) {
        if (0.0..1e15).contains(&x) && x.fract() == 0.0 {
            // Exact: an integer below 10¹⁵ (integer formatting keeps float printing out of wasm).
            self.push_text(&(x as u64).to_string());
        } else {
            self.non_empty += 1;
        }
    }

    /// Adds a text value.
    pub fn push_text(&mut self, raw: &str) {
        let v = raw.trim();
        if v.is_empty() {
            return;
        }
        self.non_empty += 1;
        if self.lengths_seen < MAX_LENGTHS {
            self.lengths_seen += 1;
            if let Some(slot) = self.lengths.get_mut(v.chars().count().min(LONG)) {
                *slot += 1;
            }
        }
        if v.contains('@') {
            let whole = email::is_email(v);
            if whole || email::contains_email(v) {
                self.email_whole += u64::from(whole);
                self.email_any += 1;
                let shown = if whole {
                    v.to_owned()
                } else {
                    email::find_in_text(v)
                        .first()
                        .map_or_else(String::new, |r| v[r.clone()].to_owned())
                };
                push_example(&mut self.email_examples, &shown);
                return;
            }
        }
        // Excel-through-text artefact "39337423.0".
        let digits_form = v
            .strip_suffix(".0")
            .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
            .unwrap_or(v);
        // The digits without spaces and hyphens; only built (allocated) for a value of digits,
        // which is all the checks below read it for.
        let mut separated = digits_form.bytes().filter(|&b| b != b' ' && b != b'-');
        let digit_shaped =
            separated.clone().next().is_some() && separated.all(|b| b.is_ascii_digit());
        let compact: String = if digit_shaped {
            digits_form
                .chars()
                .filter(|&c| c != ' ' && c != '-')
                .collect()
        } else {
            String::new()
        };
        // `2025-01-15` is a date, not the eight digits `20250115`.
        let all_digits = digit_shaped && !is_hyphen_date(v);
        if all_digits && israeli_id::is_placeholder(&compact) {
            self.placeholders += 1;
        } else if all_digits && (5..=9).contains(&compact.len()) {
            self.id_candidates += 1;
            if compact.len() >= 7 {
                self.id_seven_plus += 1;
            }
            if israeli_id::is_valid(&compact) {
                self.id_valid += 1;
                push_example(&mut self.id_examples, digits_form);
            }
            if compact.len() == 9 && compact.starts_with('5') {
                self.org_shaped += 1;
            }
        }
        if phone::classify(digits_form).is_some() {
            self.phones += 1;
            push_example(&mut self.phone_examples, digits_form);
        }
        if is_name_shaped(v) {
            self.name_shaped += 1;
            // Kept in memory only, to measure uniqueness; never hashed, never output.
            if self.distinct_names.len() < MAX_DISTINCT {
                self.distinct_names.insert(crate::lowercase::lowercase(v));
            }
            push_example(&mut self.name_examples, v);
        }
    }

    /// The verdict.
    pub fn finish(self) -> ColumnVerdict {
        let n = self.non_empty;
        let share = |k: u64| if n == 0 { 0.0 } else { k as f64 / n as f64 };
        let hint = self.hint;
        let mut out = ColumnVerdict {
            column: self.column.clone(),
            verdict: Verdict::Clear,
            kind: None,
            confidence: Confidence::Low,
            share: 0.0,
            non_empty: n,
            matching: 0,
            header_match: hint.is_some(),
            placeholders: self.placeholders,
            invalid_check_digit: 0,
            examples: Vec::new(),
        };
        if n == 0 {
            return out;
        }
        let mut set = |kind, verdict, confidence, matching: u64, sh: f64, ex: &[String]| {
            out.kind = Some(kind);
            out.verdict = verdict;
            out.confidence = confidence;
            out.matching = matching;
            out.share = sh;
            out.examples = ex.to_vec();
        };
        // 1. E-mail.
        if self.email_any > 0 {
            let conf = if hint == Some(HeaderHint::Email) || share(self.email_whole) >= 0.8 {
                Confidence::High
            } else {
                Confidence::Medium
            };
            set(
                IdentifierKind::Email,
                Verdict::Block,
                conf,
                self.email_any,
                share(self.email_any),
                &self.email_examples,
            );
            return out;
        }
        // 2. Phone by header.
        let phone_share = share(self.phones);
        if hint == Some(HeaderHint::Phone) && phone_share >= 0.5 {
            set(
                IdentifierKind::Phone,
                Verdict::Block,
                Confidence::High,
                self.phones,
                phone_share,
                &self.phone_examples,
            );
            return out;
        }
        // 3. ID candidates.
        let judged = n - self.placeholders;
        let cand_share = if judged == 0 {
            0.0
        } else {
            self.id_candidates as f64 / judged as f64
        };
        let candidates = cand_share >= 0.8 && self.id_candidates > 0;
        let pass = if self.id_candidates == 0 {
            0.0
        } else {
            self.id_valid as f64 / self.id_candidates as f64
        };
        if candidates {
            let org_share = self.org_shaped as f64 / self.id_candidates as f64;
            if (hint == Some(HeaderHint::Organisation) || org_share >= 0.95) && pass >= 0.9 {
                set(
                    IdentifierKind::OrganisationId,
                    Verdict::Confirm,
                    if hint.is_some() {
                        Confidence::High
                    } else {
                        Confidence::Medium
                    },
                    self.id_valid,
                    pass,
                    &self.id_examples,
                );
                out.invalid_check_digit = self.id_candidates - self.id_valid;
                return out;
            }
            let id_header = hint == Some(HeaderHint::IsraeliId);
            if pass >= 0.9 || (id_header && pass >= 0.5) {
                let conf = if id_header || self.id_candidates >= 20 {
                    Confidence::High
                } else {
                    Confidence::Medium
                };
                set(
                    IdentifierKind::IsraeliId,
                    Verdict::Block,
                    conf,
                    self.id_valid,
                    pass,
                    &self.id_examples,
                );
                out.invalid_check_digit = self.id_candidates - self.id_valid;
                return out;
            }
        }
        // 4. Phone by values.
        if phone_share >= 0.8 {
            set(
                IdentifierKind::Phone,
                Verdict::Block,
                Confidence::Medium,
                self.phones,
                phone_share,
                &self.phone_examples,
            );
            return out;
        }
        // 5. Reference numbers.
        let seven_share = self.id_seven_plus as f64 / self.id_candidates.max(1) as f64;
        let numbered_header = matches!(
            hint,
            Some(HeaderHint::IsraeliId | HeaderHint::Organisation | HeaderHint::Reference)
        );
        if candidates && (numbered_header || seven_share >= 0.8) {
            set(
                IdentifierKind::Reference,
                Verdict::Confirm,
                if numbered_header {
                    Confidence::Medium
                } else {
                    Confidence::Low
                },
                self.id_candidates,
                cand_share,
                &[],
            );
            out.examples = Vec::new();
            return out;
        }
        // 6. Possible names.
        let name_share = share(self.name_shaped);
        let median = median_length(&self.lengths, self.lengths_seen);
        let unique = self.distinct_names.len() as f64 / self.name_shaped.max(1) as f64;
        let shaped = name_share >= 0.8 && (3..=25).contains(&median) && unique > 0.7;
        let name_header = hint == Some(HeaderHint::PersonName);
        if shaped && (name_header || n >= 20) {
            set(
                IdentifierKind::PersonName,
                Verdict::Confirm,
                if name_header {
                    Confidence::High
                } else {
                    Confidence::Low
                },
                self.name_shaped,
                name_share,
                &self.name_examples,
            );
        } else if name_header && name_share >= 0.5 {
            set(
                IdentifierKind::PersonName,
                Verdict::Confirm,
                Confidence::Medium,
                self.name_shaped,
                name_share,
                &self.name_examples,
            );
        }
        out
    }
}

/// Classifies a column of text values.
pub fn detect_column<S: AsRef<str>>(header: &str, values: &[S]) -> ColumnVerdict {
    let mut p = ColumnProbe::new(header);
    for v in values {
        p.push_text(v.as_ref());
    }
    p.finish()
}

/// `x` with three decimals exactly as `format!("{x:.3}")` prints it (the exact binary value,
/// rounded half to even), for `|x| < 2^53`, in integer arithmetic: the float-formatting code of
/// `core::fmt` (≈ 20 KB of wasm) stays out of the core module.
fn three_decimals(x: f64) -> String {
    let bits = x.to_bits();
    let sign = if bits >> 63 == 1 { "-" } else { "" };
    let biased = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1 << 52) - 1);
    // |x| = m · 2^e
    let (m, e) = if biased == 0 {
        (fraction, -1074)
    } else {
        (fraction | 1 << 52, biased - 1075)
    };
    let n = u128::from(m) * 1000;
    let thousandths = if e >= 0 {
        n.checked_shl(e.unsigned_abs()).unwrap_or(u128::MAX)
    } else if e <= -128 {
        0
    } else {
        let shift = e.unsigned_abs();
        let (q, r) = (n >> shift, n & ((1 << shift) - 1));
        let half = 1 << (shift - 1);
        if r > half || (r == half && q & 1 == 1) {
            q + 1
        } else {
            q
        }
    };
    format!("{sign}{}.{:03}", thousandths / 1000, thousandths % 1000)
}

fn push_example(list: &mut Vec<String>, value: &str) {
    if list.len() < MAX_EXAMPLES {
        let m = mask::mask(value);
        if !list.contains(&m) {
            list.push(m);
        }
    }
}

/// Three hyphen-separated numbers that read as a date: `2025-01-15` (year first) or
/// `15-01-2025`, `1-5-25` (day and month, either order, then a two- or four-digit year).
pub fn is_hyphen_date(v: &str) -> bool {
    let mut split = v.split('-');
    let (Some(a), Some(b), Some(c), None) =
        (split.next(), split.next(), split.next(), split.next())
    else {
        return false;
    };
    if ![a, b, c]
        .iter()
        .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
    {
        return false;
    }
    let n = |p: &str| p.parse::<u32>().unwrap_or(0);
    let day_month = |d: &str, m: &str| {
        d.len() <= 2 && m.len() <= 2 && (1..=31).contains(&n(d)) && (1..=12).contains(&n(m))
    };
    if a.len() == 4 {
        day_month(c, b)
    } else if c.len() == 4 || c.len() == 2 {
        day_month(a, b) || day_month(b, a)
    } else {
        false
    }
}

/// 1–4 words of letters (Hebrew, Arabic, Cyrillic, Latin), apostrophes, gershayim and hyphens
/// allowed inside a word; no digits.
pub fn is_name_shaped(v: &str) -> bool {
    let letter = |c: char| {
        c.is_ascii_alphabetic()
            || ('\u{00C0}'..='\u{024F}').contains(&c)
            || ('\u{0400}'..='\u{04FF}').contains(&c)
            || ('\u{05D0}'..='\u{05EA}').contains(&c)
            || ('\u{0620}'..='\u{064A}').contains(&c)
            || ('\u{0671}'..='\u{06D3}').contains(&c)
    };
    let joiner = |c: char| matches!(c, '\'' | '-' | '׳' | '״' | '"' | '’');
    // One pass, no allocation: at most 4 words, each a letter then letters or joiners.
    let mut words = 0;
    for w in v.split_whitespace() {
        words += 1;
        let mut chars = w.chars();
        if words > 4 || !chars.next().is_some_and(letter) || !chars.all(|c| letter(c) || joiner(c))
        {
            return false;
        }
    }
    words > 0
}

#[cfg(test)]
mod tests {
    use super::{LONG, median_length};

    /// The histogram median equals the middle element of the sorted lengths (the former
    /// `sort_unstable` + `lengths[len / 2]`), lengths above 25 clamped, for many short lists.
    #[test]
    fn median_length_matches_the_sorted_middle() {
        let mut state = 12345u64;
        for n in 0..200usize {
            let mut lengths = Vec::new();
            let mut histogram = [0u32; LONG + 1];
            for _ in 0..n {
                // A small LCG: lengths 0..40, so some exceed the clamp.
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let len = ((state >> 33) % 40) as usize;
                lengths.push(len);
                histogram[len.min(LONG)] += 1;
            }
            lengths.sort_unstable();
            let want = lengths.get(n / 2).copied().unwrap_or(0).min(LONG);
            assert_eq!(median_length(&histogram, n), want, "n = {n}");
        }
        assert_eq!(median_length(&[0; LONG + 1], 0), 0);
    }

    /// The shape checks as first written (with vectors), kept as the reference of the
    /// allocation-free versions.
    fn name_shaped_reference(v: &str) -> bool {
        let words: Vec<&str> = v.split_whitespace().collect();
        if words.is_empty() || words.len() > 4 {
            return false;
        }
        words.iter().all(|w| {
            let chars: Vec<char> = w.chars().collect();
            let letter = |c: char| {
                c.is_ascii_alphabetic()
                    || ('\u{00C0}'..='\u{024F}').contains(&c)
                    || ('\u{0400}'..='\u{04FF}').contains(&c)
                    || ('\u{05D0}'..='\u{05EA}').contains(&c)
                    || ('\u{0620}'..='\u{064A}').contains(&c)
                    || ('\u{0671}'..='\u{06D3}').contains(&c)
            };
            let joiner = |c: char| matches!(c, '\'' | '-' | '׳' | '״' | '"' | '’');
            chars.first().is_some_and(|&c| letter(c))
                && chars.iter().all(|&c| letter(c) || joiner(c))
        })
    }

    fn hyphen_date_reference(v: &str) -> bool {
        let parts: Vec<&str> = v.split('-').collect();
        if parts.len() != 3
            || !parts
                .iter()
                .all(|p| !p.is_empty() && p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit()))
        {
            return false;
        }
        let n = |p: &str| p.parse::<u32>().unwrap_or(0);
        let day_month = |d: &str, m: &str| {
            d.len() <= 2 && m.len() <= 2 && (1..=31).contains(&n(d)) && (1..=12).contains(&n(m))
        };
        let (a, b, c) = (parts[0], parts[1], parts[2]);
        if a.len() == 4 {
            day_month(c, b)
        } else if c.len() == 4 || c.len() == 2 {
            day_month(a, b) || day_month(b, a)
        } else {
            false
        }
    }

    #[test]
    fn shape_checks_equal_their_reference() {
        let words = [
            "",
            " ",
            "a",
            "Dana",
            "דנה",
            "כהן-לוי",
            "O'Neil",
            "ג׳ורג׳",
            "محمد",
            "Иван",
            "Émile",
            "x1",
            "12",
            "2025",
            "01",
            "15",
            "-",
            "--",
            "'a",
            "a'",
            "\"q\"",
            "מרכז",
            "קהילתי",
            "a-b-c",
            "2025-01-15",
            "15-01-2025",
            "1-2-25",
            "00972",
            "@",
            "٣",
            "\u{200F}",
        ];
        let mut values = Vec::new();
        for a in words {
            values.push(a.to_owned());
            for b in words {
                for sep in [" ", "-", "  ", "\t"] {
                    values.push(format!("{a}{sep}{b}"));
                    values.push(format!("{a}{sep}{b} {a} {b}"));
                }
            }
        }
        for v in &values {
            assert_eq!(super::is_name_shaped(v), name_shaped_reference(v), "{v:?}");
            assert_eq!(super::is_hyphen_date(v), hyphen_date_reference(v), "{v:?}");
        }
        assert!(values.iter().any(|v| super::is_name_shaped(v)));
        assert!(values.iter().any(|v| super::is_hyphen_date(v)));
    }

    #[test]
    fn three_decimals_prints_as_format() {
        let mut xs: Vec<f64> = vec![
            0.0,
            -0.0,
            1.0,
            0.0005,
            0.0625,
            0.1875,
            0.1235,
            0.9995,
            1e-300,
            5e-324,
            123456.7895,
            9e15,
        ];
        for n in 1..=400_u32 {
            for k in 0..=n {
                xs.push(f64::from(k) / f64::from(n));
            }
        }
        // Pseudo-random bit patterns in [0, 2^20).
        let mut state = 0x9E37_79B9_7F4A_7C15_u64;
        for _ in 0..100_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            xs.push(
                f64::from_bits(state >> 12 | 0x3FF0_0000_0000_0000)
                    * f64::from((state & 0xFFFFF) as u32),
            );
        }
        for x in xs {
            assert_eq!(three_decimals(x), format!("{x:.3}"), "{x:e}");
        }
    }

    use super::*;

    #[test]
    fn hyphen_dates_are_not_numbers() {
        for d in ["2025-01-15", "15-01-2025", "1-5-25", "12-31-2024"] {
            assert!(is_hyphen_date(d), "{d}");
        }
        for v in [
            "03933742-3",
            "972-3-6123456",
            "050-1234567",
            "03-612-3456",
            "2025-13-40",
        ] {
            assert!(!is_hyphen_date(v), "{v}");
        }
        let dates: Vec<String> = (1..=28).map(|d| format!("2025-01-{d:02}")).collect();
        assert_eq!(detect_column("date", &dates).verdict, Verdict::Clear);
    }

    #[test]
    fn name_shape() {
        assert!(is_name_shaped("דנה כהן"));
        assert!(is_name_shaped("محمد عبد الله"));
        assert!(is_name_shaped("Иван Петров"));
        assert!(is_name_shaped("O'Brien-Smith"));
        assert!(!is_name_shaped("דנה 2"));
        assert!(!is_name_shaped("a b c d e"));
        assert!(!is_name_shaped(""));
    }
}
