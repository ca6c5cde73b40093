//! Which loneliness instruments a survey holds.

use crate::Dataset;
use crate::loneliness::instruments::{InstrumentId, Ucla3Coding, check_ucla3_coding};
use crate::loneliness::score::MissingRule;
use crate::loneliness::survey_input::{WaveAnswers, answers_for};

/// Instruments present in the survey, in analysis priority: UCLA (3-item when its items number
/// at most 3 — the 5-option variant when the answers show it — else Version 3), De Jong
/// Gierveld (6-item when at most 6 items, else 11), the direct question (CBS 4-option when a
/// code 4 or a CBS-only label appears, else ONS 3-option).
pub fn detect_instruments(ds: &Dataset) -> Vec<InstrumentId> {
    let items = &ds.survey.items;
    let max = |p: &str| {
        items
            .iter()
            .filter(|k| k.instrument == p)
            .map(|k| k.number)
            .max()
    };
    let mut out = Vec::new();
    if let Some(m) = max("ucla") {
        out.push(if m <= 3 {
            ucla3_form(&answers_for(&ds.survey, "ucla"))
        } else {
            InstrumentId::Ucla20
        });
    }
    if let Some(m) = max("djg") {
        out.push(if m <= 6 {
            InstrumentId::Djg6
        } else {
            InstrumentId::Djg11
        });
    }
    if max("lone").is_some() {
        let answers = answers_for(&ds.survey, "lone");
        let cbs = answers.iter().flat_map(|w| w.answers.iter()).any(|a| {
            use crate::loneliness::score::ItemAnswer;
            match a {
                ItemAnswer::Code(4) => true,
                ItemAnswer::Text(t) => {
                    let inst = InstrumentId::DirectCbs4.definition();
                    let ons = InstrumentId::DirectOns3.definition();
                    inst.options.iter().any(|o| o.matches(t))
                        && !ons.options.iter().any(|o| o.matches(t))
                }
                _ => false,
            }
        });
        out.push(if cbs {
            InstrumentId::DirectCbs4
        } else {
            InstrumentId::DirectOns3
        });
    }
    out
}

/// The UCLA 3-item form of a set of answers: the 5-option form when a label only it has
/// appears or when codes 4 and 5 make up at least [`FIVE_OPTION_SHARE`] of the coded answers;
/// otherwise the 3-option form, whose stray 4s and 5s are data-entry errors
/// ([`strip_stray_ucla3_codes`]).
pub(super) fn ucla3_form(answers: &[WaveAnswers]) -> InstrumentId {
    use crate::loneliness::score::ItemAnswer;
    if !matches!(
        check_ucla3_coding(answers.iter().flat_map(|w| w.answers.iter())),
        Ok(Ucla3Coding::FiveOption)
    ) {
        return InstrumentId::Ucla3;
    }
    let three = InstrumentId::Ucla3.definition();
    let five = InstrumentId::Ucla3Five.definition();
    let mut coded = 0usize;
    let mut high = 0usize;
    let mut five_label = false;
    for a in answers.iter().flat_map(|w| w.answers.iter()) {
        match a {
            ItemAnswer::Code(c) => {
                coded += 1;
                high += usize::from(*c == 4 || *c == 5);
            }
            ItemAnswer::Text(t) => {
                five_label |= five.options.iter().any(|o| o.matches(t))
                    && !three.options.iter().any(|o| o.matches(t));
            }
            _ => {}
        }
    }
    if five_label || (coded > 0 && high as f64 >= FIVE_OPTION_SHARE * coded as f64) {
        InstrumentId::Ucla3Five
    } else {
        InstrumentId::Ucla3
    }
}

/// Share of coded UCLA-3 answers that must be 4 or 5 before the survey is read as the
/// 5-option form (a real 5-option survey uses them far more often; a few are typing errors).
pub const FIVE_OPTION_SHARE: f64 = 0.05;

/// For the 3-option UCLA-3: codes other than 1–3 become invalid answers (reported among the
/// answer issues, left out of the total) instead of being read as the 5-option form.
pub(super) fn strip_stray_ucla3_codes(answers: &mut [WaveAnswers]) {
    use crate::loneliness::score::ItemAnswer;
    for a in answers.iter_mut().flat_map(|w| w.answers.iter_mut()) {
        if let ItemAnswer::Code(c) = a
            && !(1..=3).contains(c)
        {
            *a = ItemAnswer::Invalid;
        }
    }
}

pub(super) fn rule_name(rule: MissingRule) -> String {
    match rule {
        MissingRule::CompleteCase => "completeCase".to_owned(),
        MissingRule::Prorate { min_answered } => format!("prorate(minAnswered={min_answered})"),
        MissingRule::CountAnswered { max_missing } => {
            format!("countAnswered(maxMissing={max_missing})")
        }
    }
}
