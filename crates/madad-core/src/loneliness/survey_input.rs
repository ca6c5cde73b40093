//! Adapter from the ingested [`SurveyTable`] to the per-person item answers scoring takes.

use serde::{Deserialize, Serialize};

use super::score::ItemAnswer;
use crate::schema::survey::{Answer, Group, SurveyTable, Wave};

/// One person's answers at one wave to one instrument's items.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WaveAnswers {
    /// Person code (see [`crate::Dataset::people`]).
    pub person: u32,
    /// The wave.
    pub wave: Wave,
    /// The study group.
    pub group: Group,
    /// `answers[i]` answers item `i + 1`.
    pub answers: Vec<ItemAnswer>,
    /// File index and row the response came from.
    pub source: (usize, u64),
}

/// The answers to the items whose header prefix is `instrument` (`ucla`, `djg`, `lone`,
/// `item`), one entry per response that answered at least one of them. Labels are resolved
/// through [`SurveyTable::labels`]; items are placed by their number (items numbered above
/// the instrument's count are kept, so scoring reports them as extra).
pub fn answers_for(table: &SurveyTable, instrument: &str) -> Vec<WaveAnswers> {
    let mut out = Vec::new();
    for r in &table.responses {
        let mut answers: Vec<ItemAnswer> = Vec::new();
        let mut any = false;
        for &(idx, answer) in &r.answers {
            let Some(key) = table.items.get(usize::from(idx)) else {
                continue;
            };
            if key.instrument != instrument || key.number == 0 {
                continue;
            }
            let slot = usize::from(key.number) - 1;
            if answers.len() <= slot {
                answers.resize(slot + 1, ItemAnswer::Missing);
            }
            answers[slot] = match answer {
                Answer::Missing => ItemAnswer::Missing,
                Answer::Code(c) => ItemAnswer::Code(c),
                Answer::Label(l) => match table.labels.get(l) {
                    Some(text) => ItemAnswer::Text(text.to_owned()),
                    None => ItemAnswer::Invalid,
                },
                Answer::Invalid => ItemAnswer::Invalid,
            };
            any |= answers[slot] != ItemAnswer::Missing;
        }
        if any {
            out.push(WaveAnswers {
                person: r.person,
                wave: r.wave,
                group: r.group,
                answers,
                source: r.source,
            });
        }
    }
    out
}
