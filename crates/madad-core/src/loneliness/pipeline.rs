//! Scoring every response of a survey with one instrument, ready for [`super::linking::link`],
//! and the reliability of the instrument's items in this sample.

use serde::{Deserialize, Serialize};

use super::instruments::{InstrumentId, Keying, Ucla3Coding, check_ucla3_coding};
use super::linking::WaveScore;
use super::score::{AnswerIssue, ScoringOptions, item_values, score_person};
use super::survey_input::WaveAnswers;
use crate::schema::survey::Wave;
use crate::stats::reliability::{Alpha, Kr20, cronbach_alpha, kr20};
use crate::stats::{NotApplicable, StatResult};

/// An answer problem with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResponseIssue {
    /// Person code.
    pub person: u32,
    /// Wave.
    pub wave: Wave,
    /// File index and row.
    pub source: (usize, u64),
    /// The problem.
    pub issue: AnswerIssue,
}

/// Scores of every response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoredWaves {
    /// The instrument.
    pub instrument: InstrumentId,
    /// One score per response, in input order.
    pub scores: Vec<WaveScore>,
    /// Responses whose total is missing under the missing-item rule.
    pub unscored: usize,
    /// Answer problems (out of range, unknown label, invalid, extra item).
    pub issues: Vec<ResponseIssue>,
}

/// Scores every response with `id`. For the UCLA 3-item forms the whole set must use one
/// coding: a mix of 3- and 5-option evidence gives `mixed_coding`, and evidence for the other
/// form than `id` gives `coding_mismatch` (score it as that instrument instead).
pub fn score_waves(
    id: InstrumentId,
    answers: &[WaveAnswers],
    opts: &ScoringOptions,
) -> StatResult<ScoredWaves> {
    if matches!(id, InstrumentId::Ucla3 | InstrumentId::Ucla3Five) {
        let coding = check_ucla3_coding(answers.iter().flat_map(|w| w.answers.iter()))?;
        let clash = matches!(
            (id, coding),
            (InstrumentId::Ucla3, Ucla3Coding::FiveOption)
                | (InstrumentId::Ucla3Five, Ucla3Coding::ThreeOption)
        );
        if clash {
            return Err(NotApplicable::new(
                "coding_mismatch",
                format!("the answers use the {coding:?} UCLA-3 coding, not the one of {id:?}"),
            ));
        }
    }
    let mut scores = Vec::with_capacity(answers.len());
    let mut issues = Vec::new();
    let mut unscored = 0;
    for w in answers {
        let s = score_person(id, &w.answers, opts)?;
        if s.total.is_none() {
            unscored += 1;
        }
        issues.extend(s.issues.iter().map(|i| ResponseIssue {
            person: w.person,
            wave: w.wave,
            source: w.source,
            issue: i.clone(),
        }));
        scores.push(WaveScore {
            person: w.person,
            wave: w.wave,
            group: w.group,
            score: s.total,
            lonely: s.lonely,
            category: s.category,
        });
    }
    Ok(ScoredWaves {
        instrument: id,
        scores,
        unscored,
        issues,
    })
}

/// The recoded item matrix of the responses at `wave` (rows = responses).
fn item_matrix(
    id: InstrumentId,
    answers: &[WaveAnswers],
    wave: Wave,
    opts: &ScoringOptions,
) -> StatResult<Vec<Vec<Option<f64>>>> {
    answers
        .iter()
        .filter(|w| w.wave == wave)
        .map(|w| item_values(id, &w.answers, opts))
        .collect()
}

/// Cronbach's α (Feldt CI, item-total correlations, α-if-deleted) of the recoded items at one
/// wave, listwise deletion.
pub fn instrument_alpha(
    id: InstrumentId,
    answers: &[WaveAnswers],
    wave: Wave,
    opts: &ScoringOptions,
    level: f64,
) -> StatResult<Alpha> {
    cronbach_alpha(&item_matrix(id, answers, wave, opts)?, level)
}

/// KR-20 of the dichotomised De Jong Gierveld items at one wave; `not_dichotomous` for the
/// Likert instruments.
pub fn instrument_kr20(
    id: InstrumentId,
    answers: &[WaveAnswers],
    wave: Wave,
    opts: &ScoringOptions,
    level: f64,
) -> StatResult<Kr20> {
    if !matches!(id.definition().keying, Keying::Dichotomous { .. }) {
        return Err(NotApplicable::new(
            "not_dichotomous",
            "KR-20 applies to the dichotomised De Jong Gierveld items",
        ));
    }
    kr20(&item_matrix(id, answers, wave, opts)?, level)
}
