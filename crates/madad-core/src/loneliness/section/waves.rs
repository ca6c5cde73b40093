//! Per-instrument wave summaries, reliability, and the linking of the waves.

use crate::loneliness::instruments::{InstrumentId, Keying};
use crate::loneliness::linking::{Linked, attrition};
use crate::loneliness::pipeline::{ScoredWaves, instrument_alpha, instrument_kr20};
use crate::loneliness::score::ScoringOptions;
use crate::loneliness::survey_input::WaveAnswers;
use crate::privacy::suppress::{Published, Suppressor};
use crate::schema::survey::Wave;
use crate::stats::paired::mean_sd;
use crate::stats::{NotApplicable, StatResult};

use super::detect::rule_name;
use super::*;

pub(super) fn summarise_instrument(
    id: InstrumentId,
    analysed: bool,
    answers: &[WaveAnswers],
    scoring: &ScoringOptions,
    scored: &StatResult<ScoredWaves>,
    level: f64,
    sup: &mut Suppressor,
) -> InstrumentSummary {
    let def = id.definition();
    let key = match serde_json::to_value(InstrumentChoice::of(id)) {
        Ok(serde_json::Value::String(s)) => s,
        _ => display_name(id).to_owned(),
    };
    let mut g = Gate {
        sup,
        prefix: format!("loneliness/instruments/{key}"),
    };
    let rule = scoring
        .missing
        .unwrap_or_else(|| crate::loneliness::score::default_rule(id));
    let cutoff = scoring.cutoff.or(def.default_cutoff);
    let mut summary = InstrumentSummary {
        instrument: InstrumentChoice::of(id),
        name: display_name(id).to_owned(),
        analysed,
        citation: def.citation.to_owned(),
        cutoff,
        missing_rule: rule_name(rule),
        responses: g.count("responses", answers.len()),
        unscored: Published {
            value: None,
            suppressed: false,
        },
        answer_issues: 0,
        waves: Vec::new(),
        reliability: Vec::new(),
        not_applicable: None,
    };
    let scored = match scored {
        Ok(s) => s,
        Err(e) => {
            summary.not_applicable = Some(e.clone());
            return summary;
        }
    };
    summary.unscored = g.count("unscored", scored.unscored);
    summary.answer_issues = scored.issues.len() as u64;
    for wave in [Wave::Pre, Wave::Post, Wave::FollowUp, Wave::Single] {
        let at: Vec<_> = scored.scores.iter().filter(|s| s.wave == wave).collect();
        if at.is_empty() {
            continue;
        }
        let w = wave_name(wave);
        let x: Vec<f64> = at.iter().filter_map(|s| s.score).collect();
        let n = x.len();
        let (mean, sd) = if x.is_empty() {
            (None, None)
        } else {
            let (m, s) = mean_sd(&x);
            (Some(m), (n > 1).then_some(s))
        };
        let flagged = at.iter().filter(|s| s.lonely.is_some()).count();
        let lonely = at.iter().filter(|s| s.lonely == Some(true)).count();
        let ci = crate::stats::proportion::wilson(lonely as u64, flagged as u64, level);
        summary.waves.push(LonelinessWave {
            wave: w.to_owned(),
            n: g.count(&format!("{w}/n"), n),
            mean: g.value(&format!("{w}/mean"), n, mean),
            sd: g.value(&format!("{w}/sd"), n, sd),
            lonely: g.share(&format!("{w}/lonely"), lonely, flagged, ci),
        });
        let alpha = instrument_alpha(id, answers, wave, scoring, level);
        let rows = alpha.as_ref().map(|a| a.n).unwrap_or(0);
        let dichotomous = matches!(def.keying, Keying::Dichotomous { .. });
        let a_stat = g.derived(
            &format!("{w}/alpha"),
            rows,
            alpha.clone().map(|a| EffectEstimate {
                estimate: a.alpha,
                ci: Some(a.ci),
            }),
        );
        let kr = dichotomous.then(|| {
            let k = instrument_kr20(id, answers, wave, scoring, level);
            let n = k.as_ref().map(|k| k.n).unwrap_or(0);
            g.derived(
                &format!("{w}/kr20"),
                n,
                k.map(|k| EffectEstimate {
                    estimate: k.kr20,
                    ci: Some(k.ci),
                }),
            )
        });
        let shown = a_stat.value.is_some();
        let (low, reverse, suspect) = match (&alpha, shown) {
            (Ok(a), true) => (
                a.alpha < 0.7,
                a.reverse_scoring_suspected,
                a.suspect_items
                    .iter()
                    .map(|&i| u32::try_from(i + 1).unwrap_or(u32::MAX))
                    .collect(),
            ),
            _ => (false, false, Vec::new()),
        };
        summary.reliability.push(ReliabilityRow {
            wave: w.to_owned(),
            n: g.count(&format!("{w}/reliabilityN"), rows),
            alpha: a_stat,
            kr20: kr,
            low,
            reverse_scoring_suspected: reverse,
            suspect_items: suspect,
        });
    }
    summary
}

pub(super) fn baseline_row(
    g: &mut Gate<'_>,
    name: &str,
    b: &crate::loneliness::linking::BaselineSummary,
) -> BaselineRow {
    BaselineRow {
        n: g.count(&format!("{name}/n"), b.n),
        mean: g.value(&format!("{name}/mean"), b.n, b.mean),
        sd: g.value(&format!("{name}/sd"), b.n, b.sd),
        lonely: g.share(
            &format!("{name}/lonely"),
            b.lonely,
            b.flagged,
            b.lonely_ci.clone(),
        ),
    }
}

pub(super) fn linking_summary(
    linked: &Linked,
    (from, to): (Wave, Wave),
    level: f64,
    sup: &mut Suppressor,
) -> LinkingSummary {
    let mut g = Gate {
        sup,
        prefix: "loneliness/linking".to_owned(),
    };
    let matched = linked.pairs(from, to, None).len();
    let dup_people = {
        let mut p: Vec<u32> = linked.duplicates.iter().map(|d| d.person).collect();
        p.sort_unstable();
        p.dedup();
        p.len()
    };
    let a = attrition(linked, to, level);
    let completers = baseline_row(&mut g, "attrition/completers", &a.completers);
    let dropouts = baseline_row(&mut g, "attrition/dropouts", &a.dropouts);
    let smaller = a.completers.n.min(a.dropouts.n);
    let difference = g.derived(
        "attrition/difference",
        smaller,
        a.difference.map(|w| TestSummary {
            statistic: w.t,
            df: Some(w.df),
            p: w.p,
            estimate: Some(w.difference),
            ci: Some(w.ci),
        }),
    );
    let smd = g.derived(
        "attrition/smd",
        smaller,
        a.smd.ok_or_else(|| {
            NotApplicable::new(
                "too_few",
                "each attrition group needs 2 people and a nonzero SD",
            )
        }),
    );
    LinkingSummary {
        people: g.count("people", linked.people.len()),
        pre: g.count("pre", linked.n_pre),
        post: g.count("post", linked.n_post),
        follow_up: g.count("followUp", linked.n_follow_up),
        matched: g.count("matched", matched),
        matched_pre_post: g.count("matchedPrePost", linked.matched_pre_post),
        matched_all: g.count("matchedAll", linked.matched_all),
        duplicates: g.count("duplicates", dup_people),
        group_conflicts: g.count("groupConflicts", linked.group_conflicts.len()),
        single_wave: g.count("singleWave", linked.single_wave),
        attrition: AttritionTable {
            to: wave_name(to).to_owned(),
            completers,
            dropouts,
            difference,
            smd,
        },
    }
}
