//! The report's loneliness section: the whole analysis of the survey, through the small-cell
//! rule, ready to display (issue 6).
//!
//! [`loneliness_section`] detects (or takes) the instrument, scores every response
//! ([`super::pipeline::score_waves`]), summarises each wave, computes the reliability of the
//! items per wave, links the waves by person ([`super::linking::link`]), analyses the change
//! between the two chosen waves ([`super::change::analyse_change`]), compares the intervention
//! group with the comparison group when the survey names both
//! ([`super::comparison::compare_groups`]), relates the change to the hours volunteered
//! ([`super::dose::dose_response`]), splits the change by subgroup with Holm and
//! Benjamini–Hochberg adjustment ([`super::subgroups::subgroup_changes`]), gives the minimum
//! detectable effect of the matched sample ([`crate::stats::power::paired_mde`]) and writes the
//! APA table and sentence in Hebrew, Arabic and English ([`super::apa`]).
//!
//! Privacy: every count goes through [`Suppressor::count`], every statistic of a group of
//! people through [`Suppressor::derived`] and every change statistic through
//! [`Suppressor::paired`] with the number of matched pairs, so with threshold K nothing computed
//! from fewer than K people or pairs is published, and each withheld value is named in the
//! report's suppression list (cells `loneliness/…`). A withheld statistic carries no
//! not-applicable reason either (a reason such as "every change is the same" would disclose
//! the members of a small group). Shares go through [`Suppressor::share`] (complement rule);
//! their Wilson interval is published only with the share. Counts that add up to a published
//! total (improved / unchanged / worsened, the reliable-change classes, dose bands, the levels
//! of a subgroup dimension) get complementary suppression ([`complementary`]), so a withheld
//! one cannot be worked out by subtraction. The histogram of the change scores
//! ([`ChangeHistogram`], rule in [`crate::loneliness::histogram`]) takes the decision of those
//! three shares for its three sides and splits a published side only into bins of at least K
//! people, with the reliable-change threshold as a bin edge, so it discloses nothing the shares
//! withhold. The categories of a banded instrument (De Jong Gierveld) get the Stuart–Maxwell
//! test ([`CategorySummary`]); the lonely flag gets McNemar's χ² with and without continuity
//! correction, the exact p and the mid-p ([`FlagSummary`]), each withheld below K pairs. Person codes never leave this module: the section
//! holds aggregates only.
//!
//! Layout: [`options`](LonelinessOptions) and the result [`types`](LonelinessSection) are
//! re-exported here; the parts are computed in `detect` (instruments present), `waves`
//! (per-wave summaries, reliability, linking), `change` (change and comparison group), `dose`
//! and `subgroups`, each through the small-cell `gate`.
//!
//! Dose rule (L8): a survey respondent is a volunteer when the hours log has at least one
//! approved activity of the same person code ([`crate::Dataset::people`] is shared by every
//! file). Hours per week = approved hours dated from the person's earlier survey date to the
//! later one, both inclusive, divided by (days in that span) / 7. A missing survey date is
//! replaced by the median date of that wave's responses; a person whose span is empty or
//! negative is left out. Dose bands are those of HEAL-HOA: < 1, 1 to < 2, ≥ 2 hours a week.

mod change;
mod detect;
mod dose;
mod gate;
mod options;
mod subgroups;
mod types;
mod waves;

pub use detect::{FIVE_OPTION_SHARE, detect_instruments};
pub use dose::DOSE_RULE;
pub use gate::complementary;
pub use options::*;
pub use types::*;

use change::{change_summary, comparison_summary};
use detect::strip_stray_ucla3_codes;
use dose::dose_summary;
use gate::{Gate, wave_name};
use options::{display_name, prefix};
use subgroups::subgroup_summary;
use types::{INDICATOR_PATHS, runs};
use waves::{linking_summary, summarise_instrument};

use crate::Dataset;
use crate::loneliness::apa::{self, Lang};
use crate::loneliness::change::{BootstrapOptions, ChangeAnalysis, ChangeOptions, analyse_change};
use crate::loneliness::instruments::{Category, InstrumentId};
use crate::loneliness::linking::{DuplicatePolicy, link};
use crate::loneliness::pipeline::{ScoredWaves, instrument_alpha, score_waves};
use crate::loneliness::rci::{RciOptions, ReliabilitySource, default_reliability};
use crate::loneliness::score::ScoringOptions;
use crate::loneliness::survey_input::{WaveAnswers, answers_for};
use crate::privacy::suppress::Suppressor;
use crate::schema::coerce::Status;
use crate::schema::survey::{Group, Wave};
use crate::stats::power::{Sides, paired_mde};
use crate::stats::{NotApplicable, z_two_sided};

fn apa_text(rows: &[(String, &ChangeAnalysis)], main: &ChangeAnalysis, lang: Lang) -> ApaText {
    let table = apa::results_table(rows, lang);
    ApaText {
        lang: lang_key(lang).to_owned(),
        sentence: runs(apa::change_sentence(main, lang)),
        columns: table.columns.into_iter().map(runs).collect(),
        rows: table
            .rows
            .into_iter()
            .map(|r| r.into_iter().map(runs).collect())
            .collect(),
        note: runs(table.note),
    }
}

fn group_label(instrument: &str, group: Group, lang: Lang) -> String {
    let g = match (group, lang) {
        (Group::Intervention, Lang::En) => "intervention",
        (Group::Intervention, Lang::He) => "התערבות",
        (Group::Intervention, Lang::Ar) => "تدخل",
        (Group::Comparison, Lang::En) => "comparison",
        (Group::Comparison, Lang::He) => "השוואה",
        (Group::Comparison, Lang::Ar) => "مقارنة",
        _ => return instrument.to_owned(),
    };
    format!("{instrument}, {g}")
}

fn note(part: &str, e: &NotApplicable) -> LonelinessNote {
    LonelinessNote {
        part: part.to_owned(),
        code: e.code.clone(),
        reason: e.reason.clone(),
    }
}

/// The loneliness section of `ds`, every number through `sup`. `None` when the dataset has
/// no survey responses to a loneliness instrument (`ucla`, `djg` or `lone` items).
pub fn loneliness_section(
    ds: &Dataset,
    options: &LonelinessOptions,
    sup: &mut Suppressor,
) -> Option<LonelinessSection> {
    if ds.survey.is_empty() {
        return None;
    }
    let found = detect_instruments(ds);
    if found.is_empty() {
        return None;
    }
    let mut notes = Vec::new();
    let level = if z_two_sided(options.level).is_ok() {
        options.level
    } else {
        notes.push(LonelinessNote {
            part: "options".to_owned(),
            code: "bad_level".to_owned(),
            reason: format!("level {} is not in (0, 1); 0.95 is used", options.level),
        });
        0.95
    };
    let primary = match options.instrument.id() {
        None => found.first().copied(),
        Some(id) if found.iter().any(|f| prefix(*f) == prefix(id)) => Some(id),
        Some(id) => {
            notes.push(LonelinessNote {
                part: "instrument".to_owned(),
                code: "instrument_absent".to_owned(),
                reason: format!(
                    "the survey has no `{}_…` answer columns for {}",
                    prefix(id),
                    display_name(id)
                ),
            });
            None
        }
    };
    let mut listed: Vec<InstrumentId> = Vec::new();
    if let Some(p) = primary {
        listed.push(p);
    }
    for f in &found {
        if !listed.iter().any(|l| prefix(*l) == prefix(*f)) {
            listed.push(*f);
        }
    }
    let mut instruments = Vec::new();
    let mut primary_data: Option<(InstrumentId, Vec<WaveAnswers>, ScoringOptions, ScoredWaves)> =
        None;
    for id in listed {
        let is_primary = Some(id) == primary;
        let scoring = if is_primary {
            ScoringOptions {
                missing: options.missing.rule(),
                cutoff: options.cutoff,
                code_map: None,
            }
        } else {
            ScoringOptions::default()
        };
        let mut answers = answers_for(&ds.survey, prefix(id));
        // Only when detection read the survey as the 3-option form: a user who names UCLA-3
        // for 5-option answers gets the core's `coding_mismatch` instead.
        if id == InstrumentId::Ucla3 && found.contains(&InstrumentId::Ucla3) {
            strip_stray_ucla3_codes(&mut answers);
        }
        let scored = score_waves(id, &answers, &scoring);
        instruments.push(summarise_instrument(
            id, is_primary, &answers, &scoring, &scored, level, sup,
        ));
        if is_primary {
            match scored {
                Ok(s) => primary_data = Some((id, answers, scoring, s)),
                Err(e) => notes.push(note("instrument", &e)),
            }
        }
    }
    let mut section = LonelinessSection {
        instrument: primary.map(InstrumentChoice::of),
        options: options.clone(),
        instruments,
        linking: None,
        change: None,
        comparison_change: None,
        comparison: None,
        dose: None,
        subgroups: None,
        power: None,
        apa: Vec::new(),
        indicators: INDICATOR_PATHS
            .iter()
            .map(|(id, path)| LonelinessIndicatorPath {
                id: (*id).to_owned(),
                path: (*path).to_owned(),
            })
            .collect(),
        not_applicable: Vec::new(),
    };
    let Some((id, answers, scoring, scored)) = primary_data else {
        section.not_applicable = notes;
        return Some(section);
    };
    let waves = options.waves.waves();
    let linked = link(&scored.scores, DuplicatePolicy::Exclude);
    section.linking = Some(linking_summary(&linked, waves, level, sup));
    let all_pairs = linked.pairs(waves.0, waves.1, None);
    if all_pairs.is_empty() {
        notes.push(LonelinessNote {
            part: "change".to_owned(),
            code: "no_pairs".to_owned(),
            reason: format!(
                "no person is scored at both the {} and the {} wave",
                wave_name(waves.0),
                wave_name(waves.1)
            ),
        });
        section.not_applicable = notes;
        return Some(section);
    }
    let treated = linked.pairs(waves.0, waves.1, Some(Group::Intervention));
    let control = linked.pairs(waves.0, waves.1, Some(Group::Comparison));
    let has_comparison = !treated.is_empty() && !control.is_empty();
    let main_pairs = if has_comparison {
        treated.clone()
    } else {
        all_pairs.clone()
    };

    // Reliable change: the chosen reliability, else this sample's baseline alpha.
    let sample_alpha = || {
        instrument_alpha(id, &answers, waves.0, &scoring, level)
            .ok()
            .filter(|a| a.alpha > 0.0 && a.alpha < 1.0)
            .map(|a| ReliabilitySource::SampleAlpha {
                value: a.alpha,
                n: a.n,
            })
    };
    let reliability = match &options.rci_reliability {
        RciReliability::Published => default_reliability(id).or_else(sample_alpha),
        RciReliability::SampleAlpha => sample_alpha(),
        RciReliability::Given { value, source } => Some(ReliabilitySource::PublishedTestRetest {
            value: *value,
            source: source.clone(),
        }),
    };
    let cutoff = scoring.cutoff.or(id.definition().default_cutoff);
    let change_opts = ChangeOptions {
        level,
        rci: reliability.map(|r| RciOptions {
            reliability: r,
            sd_pre: None,
            critical: z_two_sided(level).unwrap_or(1.959_963_984_540_054),
            cutoff,
        }),
        bootstrap: options.bootstrap.then_some(BootstrapOptions {
            resamples: options.resamples,
            seed: options.seed,
        }),
        ..ChangeOptions::default()
    };
    let main_label = if has_comparison {
        "intervention"
    } else {
        "all"
    };
    let given = matches!(options.rci_reliability, RciReliability::Given { .. });
    let bands: Vec<Category> = id.definition().bands.iter().map(|b| b.category).collect();
    let main = analyse_change(&main_pairs, &change_opts);
    section.change = Some(change_summary(
        &main, main_label, waves, level, given, &bands, sup,
    ));
    let control_change = has_comparison.then(|| analyse_change(&control, &change_opts));
    if let Some(cc) = &control_change {
        section.comparison_change = Some(change_summary(
            cc,
            "comparison",
            waves,
            level,
            given,
            &bands,
            sup,
        ));
        section.comparison = Some(comparison_summary(&treated, &control, level, sup));
    } else {
        notes.push(LonelinessNote {
            part: "comparison".to_owned(),
            code: "no_comparison_group".to_owned(),
            reason: "the survey names no comparison group with linked people".to_owned(),
        });
    }

    // Survey dates and who is in the hours log.
    let mut days: rustc_hash::FxHashMap<(u32, Wave), i32> = rustc_hash::FxHashMap::default();
    for r in &ds.survey.responses {
        if let Some(d) = r.day {
            days.entry((r.person, r.wave)).or_insert(d);
        }
    }
    let in_log: rustc_hash::FxHashSet<u32> = ds
        .activities
        .volunteer
        .iter()
        .zip(&ds.activities.status)
        .filter(|(_, s)| **s == Status::Approved)
        .map(|(v, _)| *v)
        .collect();
    if options.dose {
        match dose_summary(ds, &main_pairs, &days, waves, &in_log, level, sup) {
            Ok(d) => section.dose = Some(d),
            Err(e) => notes.push(note("dose", &e)),
        }
    }
    if !options.subgroups.is_empty() {
        let pre_day = |p: u32| days.get(&(p, waves.0)).copied();
        match subgroup_summary(
            ds,
            &main_pairs,
            &options.subgroups,
            &in_log,
            &pre_day,
            level,
            sup,
        ) {
            Ok(s) => section.subgroups = Some(s),
            Err(e) => notes.push(note("subgroups", &e)),
        }
    }

    // Power of the matched sample of the analysed group.
    let n = main_pairs.len();
    // Rounded so that 1 − 0.95 shows as 0.05.
    let alpha = libm::round((1.0 - level) * 1e12) / 1e12;
    let mde = paired_mde(n as f64, 0.8, alpha, Sides::Two);
    let sd_change = main
        .as_ref()
        .ok()
        .and_then(|c| c.t.as_ref().ok())
        .map(|t| t.sd_difference);
    let mut g = Gate {
        sup,
        prefix: "loneliness/power".to_owned(),
    };
    section.power = Some(PowerSummary {
        pairs: g.count("pairs", n),
        alpha,
        power: 0.8,
        mde_dz: g.paired("mdeDz", n, mde.clone()),
        mde_points: g.paired(
            "mdePoints",
            n,
            mde.and_then(|m| {
                sd_change.map(|s| m * s).ok_or_else(|| {
                    NotApplicable::new("too_few", "the SD of the change is not defined")
                })
            }),
        ),
    });

    // APA text, only when the analysed change is published.
    if let Ok(m) = &main
        && section
            .change
            .as_ref()
            .is_some_and(|c| c.t.value.is_some() || c.mean_before.value.is_some())
    {
        let name = display_name(id);
        let comparison_ok = section
            .comparison_change
            .as_ref()
            .is_some_and(|c| c.mean_before.value.is_some());
        let main_group = if has_comparison {
            Group::Intervention
        } else {
            Group::NotGiven
        };
        section.apa = [Lang::He, Lang::Ar, Lang::En]
            .into_iter()
            .map(|lang| {
                let mut rows: Vec<(String, &ChangeAnalysis)> =
                    vec![(group_label(name, main_group, lang), m)];
                if comparison_ok && let Some(Ok(cc)) = &control_change {
                    rows.push((group_label(name, Group::Comparison, lang), cc));
                }
                apa_text(&rows, m, lang)
            })
            .collect();
    }
    section.not_applicable = notes;
    Some(section)
}

fn lang_key(l: Lang) -> &'static str {
    match l {
        Lang::He => "he",
        Lang::Ar => "ar",
        Lang::En => "en",
    }
}
