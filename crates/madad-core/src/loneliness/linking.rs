//! Linking pre / post / follow-up scores by pseudonymous person id: matched counts,
//! duplicates, and the attrition table (baseline of completers against drop-outs).

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::instruments::Category;
use crate::schema::survey::{Group, Wave};
use crate::stats::paired::{Alternative, mean_sd};
use crate::stats::proportion::wilson;
use crate::stats::two_sample::{WelchT, welch_t};
use crate::stats::{Interval, StatResult};

/// One person's scored response at one wave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WaveScore {
    /// Pseudonymous person code.
    pub person: u32,
    /// Wave.
    pub wave: Wave,
    /// Study group.
    pub group: Group,
    /// Total score (`None` when the missing rule left it missing).
    pub score: Option<f64>,
    /// Lonely flag.
    pub lonely: Option<bool>,
    /// Category.
    pub category: Option<Category>,
}

/// What to do with a person who has more than one response at a wave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase")]
pub enum DuplicatePolicy {
    /// Leave the person out of that wave (the responses cannot be told apart).
    #[default]
    Exclude,
    /// Keep the first response in input order.
    KeepFirst,
}

/// A person with several responses at one wave.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Duplicate {
    /// Person code.
    pub person: u32,
    /// Wave.
    pub wave: Wave,
    /// Number of responses.
    pub count: usize,
}

/// A person's scores across waves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinkedPerson {
    /// Person code.
    pub person: u32,
    /// Group (the first one given).
    pub group: Group,
    /// Baseline.
    pub pre: Option<WaveScore>,
    /// Post.
    pub post: Option<WaveScore>,
    /// Follow-up.
    pub follow_up: Option<WaveScore>,
}

impl LinkedPerson {
    /// The score at `wave`, if scored.
    pub fn at(&self, wave: Wave) -> Option<&WaveScore> {
        match wave {
            Wave::Pre => self.pre.as_ref(),
            Wave::Post => self.post.as_ref(),
            Wave::FollowUp => self.follow_up.as_ref(),
            Wave::Single => None,
        }
    }
}

/// Linked waves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Linked {
    /// People in order of first appearance.
    pub people: Vec<LinkedPerson>,
    /// People with several responses at a wave.
    pub duplicates: Vec<Duplicate>,
    /// The duplicate policy applied.
    pub policy: DuplicatePolicy,
    /// People whose group differs between waves (the first group is kept).
    pub group_conflicts: Vec<u32>,
    /// Responses without a wave (`single`), not linked.
    pub single_wave: usize,
    /// People with a scored baseline.
    pub n_pre: usize,
    /// People with a scored post.
    pub n_post: usize,
    /// People with a scored follow-up.
    pub n_follow_up: usize,
    /// People with scored pre and post.
    pub matched_pre_post: usize,
    /// People with scored pre and follow-up.
    pub matched_pre_follow_up: usize,
    /// People scored at all three waves.
    pub matched_all: usize,
}

/// A pair of scores of one person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pair {
    /// Person code.
    pub person: u32,
    /// Group.
    pub group: Group,
    /// Earlier score.
    pub before: f64,
    /// Later score.
    pub after: f64,
    /// Earlier lonely flag.
    pub before_lonely: Option<bool>,
    /// Later lonely flag.
    pub after_lonely: Option<bool>,
    /// Earlier category.
    pub before_category: Option<Category>,
    /// Later category.
    pub after_category: Option<Category>,
}

/// Links scores by person. Responses with no score still count as present for duplicates
/// but not for matching.
pub fn link(scores: &[WaveScore], policy: DuplicatePolicy) -> Linked {
    let mut counts: FxHashMap<(u32, Wave), usize> = FxHashMap::default();
    for s in scores {
        *counts.entry((s.person, s.wave)).or_insert(0) += 1;
    }
    let mut duplicates: Vec<Duplicate> = Vec::new();
    let mut index: FxHashMap<u32, usize> = FxHashMap::default();
    let mut people: Vec<LinkedPerson> = Vec::new();
    let mut group_conflicts = Vec::new();
    let mut single_wave = 0;
    for s in scores {
        if s.wave == Wave::Single {
            single_wave += 1;
            continue;
        }
        let count = counts.get(&(s.person, s.wave)).copied().unwrap_or(1);
        let slot = *index.entry(s.person).or_insert_with(|| {
            people.push(LinkedPerson {
                person: s.person,
                group: s.group,
                pre: None,
                post: None,
                follow_up: None,
            });
            people.len() - 1
        });
        let p = &mut people[slot];
        if p.group != s.group && !group_conflicts.contains(&s.person) {
            group_conflicts.push(s.person);
        }
        let target = match s.wave {
            Wave::Pre => &mut p.pre,
            Wave::Post => &mut p.post,
            _ => &mut p.follow_up,
        };
        if count > 1 {
            if !duplicates
                .iter()
                .any(|d| d.person == s.person && d.wave == s.wave)
            {
                duplicates.push(Duplicate {
                    person: s.person,
                    wave: s.wave,
                    count,
                });
            }
            if policy == DuplicatePolicy::Exclude || target.is_some() {
                continue;
            }
        }
        *target = Some(s.clone());
    }
    let scored = |w: Option<&WaveScore>| w.is_some_and(|s| s.score.is_some());
    let n_pre = people.iter().filter(|p| scored(p.pre.as_ref())).count();
    let n_post = people.iter().filter(|p| scored(p.post.as_ref())).count();
    let n_follow_up = people
        .iter()
        .filter(|p| scored(p.follow_up.as_ref()))
        .count();
    let matched_pre_post = people
        .iter()
        .filter(|p| scored(p.pre.as_ref()) && scored(p.post.as_ref()))
        .count();
    let matched_pre_follow_up = people
        .iter()
        .filter(|p| scored(p.pre.as_ref()) && scored(p.follow_up.as_ref()))
        .count();
    let matched_all = people
        .iter()
        .filter(|p| {
            scored(p.pre.as_ref()) && scored(p.post.as_ref()) && scored(p.follow_up.as_ref())
        })
        .count();
    Linked {
        people,
        duplicates,
        policy,
        group_conflicts,
        single_wave,
        n_pre,
        n_post,
        n_follow_up,
        matched_pre_post,
        matched_pre_follow_up,
        matched_all,
    }
}

impl Linked {
    /// Pairs of scores from wave `from` to wave `to` (people scored at both), optionally only
    /// one group.
    pub fn pairs(&self, from: Wave, to: Wave, group: Option<Group>) -> Vec<Pair> {
        self.people
            .iter()
            .filter(|p| group.is_none_or(|g| p.group == g))
            .filter_map(|p| {
                let a = p.at(from)?;
                let b = p.at(to)?;
                Some(Pair {
                    person: p.person,
                    group: p.group,
                    before: a.score?,
                    after: b.score?,
                    before_lonely: a.lonely,
                    after_lonely: b.lonely,
                    before_category: a.category,
                    after_category: b.category,
                })
            })
            .collect()
    }
}

/// Baseline summary of one attrition group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BaselineSummary {
    /// People.
    pub n: usize,
    /// Mean baseline score (`None` when empty).
    pub mean: Option<f64>,
    /// SD of the baseline score (`None` with fewer than 2 people).
    pub sd: Option<f64>,
    /// Lonely at baseline, among those with a flag.
    pub lonely: usize,
    /// People with a lonely flag.
    pub flagged: usize,
    /// Wilson interval for the lonely share.
    pub lonely_ci: StatResult<Interval>,
}

/// Baseline of completers against drop-outs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Attrition {
    /// The later wave defining completion.
    pub to: Wave,
    /// Scored at baseline and at `to`.
    pub completers: BaselineSummary,
    /// Scored at baseline, not at `to`.
    pub dropouts: BaselineSummary,
    /// Welch test of the baseline means (completers − drop-outs).
    pub difference: StatResult<WelchT>,
    /// Standardised difference (completers − drop-outs)/pooled SD, when defined.
    pub smd: Option<f64>,
}

fn summary(scores: &[&WaveScore], level: f64) -> BaselineSummary {
    let x: Vec<f64> = scores.iter().filter_map(|s| s.score).collect();
    let (mean, sd) = if x.is_empty() {
        (None, None)
    } else {
        let (m, s) = mean_sd(&x);
        (Some(m), (x.len() > 1).then_some(s))
    };
    let flagged = scores.iter().filter(|s| s.lonely.is_some()).count();
    let lonely = scores.iter().filter(|s| s.lonely == Some(true)).count();
    BaselineSummary {
        n: x.len(),
        mean,
        sd,
        lonely,
        flagged,
        lonely_ci: wilson(lonely as u64, flagged as u64, level),
    }
}

/// The attrition table up to wave `to`.
pub fn attrition(linked: &Linked, to: Wave, level: f64) -> Attrition {
    let mut done: Vec<&WaveScore> = Vec::new();
    let mut lost: Vec<&WaveScore> = Vec::new();
    for p in &linked.people {
        let Some(pre) = p.pre.as_ref().filter(|s| s.score.is_some()) else {
            continue;
        };
        if p.at(to).is_some_and(|s| s.score.is_some()) {
            done.push(pre);
        } else {
            lost.push(pre);
        }
    }
    let x: Vec<f64> = done.iter().filter_map(|s| s.score).collect();
    let y: Vec<f64> = lost.iter().filter_map(|s| s.score).collect();
    let difference = welch_t(&x, &y, Alternative::TwoSided, level);
    let smd = if x.len() >= 2 && y.len() >= 2 {
        let (mx, sx) = mean_sd(&x);
        let (my, sy) = mean_sd(&y);
        let (n1, n2) = (x.len() as f64, y.len() as f64);
        let pooled = libm::sqrt(((n1 - 1.0) * sx * sx + (n2 - 1.0) * sy * sy) / (n1 + n2 - 2.0));
        (pooled > 0.0).then(|| (mx - my) / pooled)
    } else {
        None
    };
    Attrition {
        to,
        completers: summary(&done, level),
        dropouts: summary(&lost, level),
        difference,
        smd,
    }
}
