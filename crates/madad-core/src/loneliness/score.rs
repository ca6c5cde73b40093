//! Scoring one person's answers to an instrument, with an explicit code → option mapping and
//! a missing-item rule. Out-of-range codes and unknown labels are reported, never clamped.
//!
//! Missing-item rules (stats anchors §1.7), stored with every score:
//! * `completeCase`: any missing item makes the score missing.
//! * `prorate { minAnswered }`: score = mean of the answered (recoded) items × k, unrounded,
//!   when at least `minAnswered` items are answered. A subscale of `m` items needs
//!   ⌈minAnswered · m / k⌉ answered items.
//! * `countAnswered { maxMissing }` (De Jong Gierveld only): the manual's rule — the total is
//!   the count of lonely answers over the answered items when at most `maxMissing` items are
//!   missing (the manual: 1 for the 6-item scale), with no prorating; a subscale is missing if
//!   any of its items is. Source: the manual's SPSS syntax `if (mlones>1) lones=-1`.

use serde::{Deserialize, Serialize};

use super::instruments::{Category, Instrument, InstrumentId, Keying};
use crate::stats::{NotApplicable, StatResult};

/// One item answer as given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ItemAnswer {
    /// No answer.
    Missing,
    /// A whole-number code.
    Code(i16),
    /// A text label in Hebrew, Arabic or English.
    Text(String),
    /// Not a valid answer (e.g. a fraction); treated as missing and reported.
    Invalid,
}

/// A missing-item rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum MissingRule {
    /// Every item must be answered.
    CompleteCase,
    /// Prorate the mean of the answered items when at least `min_answered` are answered.
    Prorate {
        /// Minimum number of answered items.
        min_answered: u16,
    },
    /// De Jong Gierveld manual: count over the answered items, at most `max_missing` missing.
    CountAnswered {
        /// Largest number of missing items for the total.
        max_missing: u16,
    },
}

/// A code → option assignment overriding the instrument's default codes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeMapping {
    /// The code as it appears in the data.
    pub code: i16,
    /// The option key it means (e.g. `yes`, `more_or_less`, `no`).
    pub option: String,
}

/// The reversed De Jong Gierveld coding seen in many data sets: 1 = yes, 2 = more or less,
/// 3 = no (the manual's syntax assumes 1 = no, 3 = yes).
pub fn djg_reversed_coding() -> Vec<CodeMapping> {
    [(1, "yes"), (2, "more_or_less"), (3, "no")]
        .into_iter()
        .map(|(code, option)| CodeMapping {
            code,
            option: option.to_owned(),
        })
        .collect()
}

/// Scoring options (the default uses the instrument's own rule, cut-off and codes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub struct ScoringOptions {
    /// Missing-item rule; `None` = the instrument's default (`countAnswered { maxMissing: 1 }`
    /// for the De Jong Gierveld 6-item scale, `completeCase` otherwise).
    pub missing: Option<MissingRule>,
    /// Cut-off for "lonely" (total ≥ cut-off); `None` = the instrument's default.
    pub cutoff: Option<f64>,
    /// Code → option mapping; `None` = the instrument's own codes.
    pub code_map: Option<Vec<CodeMapping>>,
}

/// A problem with one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum AnswerIssue {
    /// A code the instrument does not define (never clamped).
    OutOfRange {
        /// 1-based item.
        item: u16,
        /// The code.
        code: i16,
    },
    /// A label no option of the instrument carries.
    UnknownLabel {
        /// 1-based item.
        item: u16,
        /// The label.
        text: String,
    },
    /// An invalid answer (a fraction, a date).
    Invalid {
        /// 1-based item.
        item: u16,
    },
    /// More answers than the instrument has items.
    ExtraItem {
        /// 1-based item.
        item: u16,
    },
}

impl AnswerIssue {
    /// Stable diagnostic code, e.g. `loneliness.out_of_range`.
    pub fn code(&self) -> &'static str {
        match self {
            AnswerIssue::OutOfRange { .. } => "loneliness.out_of_range",
            AnswerIssue::UnknownLabel { .. } => "loneliness.unknown_label",
            AnswerIssue::Invalid { .. } => "loneliness.invalid_answer",
            AnswerIssue::ExtraItem { .. } => "loneliness.extra_item",
        }
    }
}

/// One person's score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonScore {
    /// The instrument.
    pub instrument: InstrumentId,
    /// Total (higher = lonelier); `None` when the missing rule leaves it missing.
    pub total: Option<f64>,
    /// De Jong Gierveld emotional subscale.
    pub emotional: Option<f64>,
    /// De Jong Gierveld social subscale.
    pub social: Option<f64>,
    /// Category of the total.
    pub category: Option<Category>,
    /// Lonely flag (total ≥ cut-off), when the instrument or the options give a cut-off.
    pub lonely: Option<bool>,
    /// De Jong Gierveld 6-item: emotional subscale ≥ 1.
    pub emotional_lonely: Option<bool>,
    /// De Jong Gierveld 6-item: social subscale ≥ 1.
    pub social_lonely: Option<bool>,
    /// Items with a usable answer.
    pub answered: u16,
    /// Items without one (missing, invalid, out of range, unknown label).
    pub missing: u16,
    /// The missing-item rule applied.
    pub rule: MissingRule,
    /// Whether the total was prorated.
    pub prorated: bool,
    /// Problems with single answers.
    pub issues: Vec<AnswerIssue>,
}

/// The instrument's default missing-item rule.
pub fn default_rule(id: InstrumentId) -> MissingRule {
    match id {
        InstrumentId::Djg6 => MissingRule::CountAnswered { max_missing: 1 },
        _ => MissingRule::CompleteCase,
    }
}

/// Checks options against the instrument: a code map naming unknown options, a count-answered
/// rule on a Likert scale or a prorating minimum above the item count give `bad_options`.
pub fn validate_options(inst: &Instrument, opts: &ScoringOptions) -> StatResult<MissingRule> {
    let rule = opts.missing.unwrap_or_else(|| default_rule(inst.id));
    match (rule, inst.keying) {
        (MissingRule::CountAnswered { .. }, Keying::Likert { .. }) => {
            return Err(NotApplicable::new(
                "bad_options",
                "the count-over-answered rule is defined only for the De Jong Gierveld scales",
            ));
        }
        (MissingRule::Prorate { min_answered }, _)
            if min_answered == 0 || min_answered > inst.items =>
        {
            return Err(NotApplicable::new(
                "bad_options",
                format!(
                    "prorating needs between 1 and {} answered items, not {min_answered}",
                    inst.items
                ),
            ));
        }
        _ => {}
    }
    if let Some(map) = &opts.code_map {
        for m in map {
            if !inst.options.iter().any(|o| o.key == m.option) {
                return Err(NotApplicable::new(
                    "bad_options",
                    format!("code {} maps to unknown option `{}`", m.code, m.option),
                ));
            }
        }
    }
    Ok(rule)
}

/// The option index (into `inst.options`) an answer names.
fn option_of(
    inst: &Instrument,
    opts: &ScoringOptions,
    item: u16,
    answer: &ItemAnswer,
    issues: &mut Vec<AnswerIssue>,
) -> Option<usize> {
    match answer {
        ItemAnswer::Missing => None,
        ItemAnswer::Invalid => {
            issues.push(AnswerIssue::Invalid { item });
            None
        }
        ItemAnswer::Code(code) => {
            let found = match &opts.code_map {
                Some(map) => map
                    .iter()
                    .find(|m| m.code == *code)
                    .and_then(|m| inst.options.iter().position(|o| o.key == m.option)),
                None => inst.options.iter().position(|o| o.code == *code),
            };
            if found.is_none() {
                issues.push(AnswerIssue::OutOfRange { item, code: *code });
            }
            found
        }
        ItemAnswer::Text(text) => {
            let key = crate::schema::headers::normalize(text);
            let found = inst.options.iter().position(|o| o.matches_normalized(&key));
            if found.is_none() {
                issues.push(AnswerIssue::UnknownLabel {
                    item,
                    text: text.clone(),
                });
            }
            found
        }
    }
}

/// The scored value of option `opt` at 1-based `item`.
fn item_value(inst: &Instrument, item: u16, opt: usize) -> f64 {
    let option = &inst.options[opt];
    match inst.keying {
        Keying::Likert { reversed } => {
            let (lo, hi) = inst.code_range();
            let x = f64::from(option.code);
            if reversed.contains(&item) {
                f64::from(lo) + f64::from(hi) - x
            } else {
                x
            }
        }
        Keying::Dichotomous { negative, .. } => {
            let lonely = if negative.contains(&item) {
                option.key != "no"
            } else {
                option.key != "yes"
            };
            if lonely { 1.0 } else { 0.0 }
        }
    }
}

/// Scores one sub-scale (or the whole scale) over `members` (1-based items).
fn sum_over(
    values: &[Option<f64>],
    members: &[u16],
    rule: MissingRule,
    k_total: u16,
    whole: bool,
) -> (Option<f64>, bool) {
    let m = members.len();
    let answered: Vec<f64> = members
        .iter()
        .filter_map(|&i| values.get(usize::from(i) - 1).copied().flatten())
        .collect();
    let n_ans = answered.len();
    let sum: f64 = answered.iter().sum();
    match rule {
        MissingRule::CompleteCase => ((n_ans == m).then_some(sum), false),
        MissingRule::CountAnswered { max_missing } => {
            let ok = if whole {
                m - n_ans <= usize::from(max_missing)
            } else {
                n_ans == m
            };
            (ok.then_some(sum), false)
        }
        MissingRule::Prorate { min_answered } => {
            let need = if whole {
                usize::from(min_answered)
            } else {
                (usize::from(min_answered) * m).div_ceil(usize::from(k_total))
            };
            if n_ans == m {
                (Some(sum), false)
            } else if n_ans >= need.max(1) {
                (Some(sum / n_ans as f64 * m as f64), true)
            } else {
                (None, false)
            }
        }
    }
}

/// Scores one person. `answers[i]` is the answer to item `i + 1`; a shorter slice means the
/// remaining items are missing, a longer one is reported as `extraItem`.
pub fn score_person(
    id: InstrumentId,
    answers: &[ItemAnswer],
    opts: &ScoringOptions,
) -> StatResult<PersonScore> {
    let inst = id.definition();
    let rule = validate_options(&inst, opts)?;
    let k = inst.items;
    let mut issues = Vec::new();
    let mut values: Vec<Option<f64>> = Vec::with_capacity(usize::from(k));
    for item in 1..=k {
        let a = answers
            .get(usize::from(item) - 1)
            .unwrap_or(&ItemAnswer::Missing);
        let v = option_of(&inst, opts, item, a, &mut issues).map(|o| item_value(&inst, item, o));
        values.push(v);
    }
    for (i, a) in answers.iter().enumerate().skip(usize::from(k)) {
        if *a != ItemAnswer::Missing {
            issues.push(AnswerIssue::ExtraItem {
                item: u16::try_from(i + 1).unwrap_or(u16::MAX),
            });
        }
    }
    let answered = u16::try_from(values.iter().filter(|v| v.is_some()).count()).unwrap_or(k);
    let all: Vec<u16> = (1..=k).collect();
    let (total, prorated) = sum_over(&values, &all, rule, k, true);
    let (emotional, social) = match inst.keying {
        Keying::Dichotomous { negative, positive } => (
            sum_over(&values, negative, rule, k, false).0,
            sum_over(&values, positive, rule, k, false).0,
        ),
        Keying::Likert { .. } => (None, None),
    };
    let cutoff = opts.cutoff.or(inst.default_cutoff);
    let category = total.and_then(|t| inst.category(t, cutoff));
    let lonely = match (total, cutoff) {
        (Some(t), Some(c)) => Some(t >= c),
        _ => None,
    };
    let sub_flag = |s: Option<f64>| {
        if id == InstrumentId::Djg6 {
            s.map(|v| v >= 1.0)
        } else {
            None
        }
    };
    Ok(PersonScore {
        instrument: id,
        total,
        emotional,
        social,
        category,
        lonely,
        emotional_lonely: sub_flag(emotional),
        social_lonely: sub_flag(social),
        answered,
        missing: k - answered,
        rule,
        prorated,
        issues,
    })
}

/// The recoded item values of one person (reversed items reversed, De Jong Gierveld items
/// dichotomised), `None` where unusable: the input of [`crate::stats::reliability`].
pub fn item_values(
    id: InstrumentId,
    answers: &[ItemAnswer],
    opts: &ScoringOptions,
) -> StatResult<Vec<Option<f64>>> {
    let inst = id.definition();
    validate_options(&inst, opts)?;
    let mut sink = Vec::new();
    Ok((1..=inst.items)
        .map(|item| {
            let a = answers
                .get(usize::from(item) - 1)
                .unwrap_or(&ItemAnswer::Missing);
            option_of(&inst, opts, item, a, &mut sink).map(|o| item_value(&inst, item, o))
        })
        .collect())
}
