//! Dose–response on the hours log (the rule is [`DOSE_RULE`]).

use crate::Dataset;
use crate::loneliness::dose::{DoseBand, DoseInput, Role, dose_response};
use crate::loneliness::linking::Pair;
use crate::privacy::suppress::{Published, Suppressor};
use crate::schema::coerce::{MICRO, Status};
use crate::schema::survey::Wave;
use crate::stats::{NotApplicable, StatResult};

use super::*;

/// Approved hours per person code within `[from, to]` days (inclusive), and who is in the log.
pub(super) fn hours_between(ds: &Dataset, person: u32, from: i32, to: i32) -> f64 {
    let a = &ds.activities;
    let mut micro: i64 = 0;
    for i in 0..a.volunteer.len() {
        if a.volunteer[i] == person
            && a.status[i] == Status::Approved
            && a.day[i] >= from
            && a.day[i] <= to
        {
            micro += a.micro_hours[i];
        }
    }
    micro as f64 / MICRO as f64
}

pub(super) fn median_day(days: &mut [i32]) -> Option<i32> {
    if days.is_empty() {
        return None;
    }
    days.sort_unstable();
    Some(days[(days.len() - 1) / 2])
}

pub(super) fn band_key(b: DoseBand) -> &'static str {
    match b {
        DoseBand::UnderOne => "underOne",
        DoseBand::OneToTwo => "oneToTwo",
        DoseBand::TwoOrMore => "twoOrMore",
    }
}

/// The dose rule, as stated in the report.
pub const DOSE_RULE: &str = "Survey respondents with at least one approved activity in the hours log (same person id). Hours per week = approved hours dated from the earlier survey date to the later one (inclusive) / (days in that span / 7); a missing survey date is replaced by the wave's median date. Bands: < 1, 1 to < 2, >= 2 hours a week (HEAL-HOA).";

pub(super) fn dose_summary(
    ds: &Dataset,
    pairs: &[Pair],
    days: &rustc_hash::FxHashMap<(u32, Wave), i32>,
    (from, to): (Wave, Wave),
    in_log: &rustc_hash::FxHashSet<u32>,
    level: f64,
    sup: &mut Suppressor,
) -> StatResult<DoseSummary> {
    let wave_median = |w: Wave| {
        let mut d: Vec<i32> = days
            .iter()
            .filter(|((_, x), _)| *x == w)
            .map(|(_, &d)| d)
            .collect();
        median_day(&mut d)
    };
    let (m_from, m_to) = (wave_median(from), wave_median(to));
    let mut inputs = Vec::new();
    for p in pairs.iter().filter(|p| in_log.contains(&p.person)) {
        let start = days.get(&(p.person, from)).copied().or(m_from);
        let end = days.get(&(p.person, to)).copied().or(m_to);
        let (Some(start), Some(end)) = (start, end) else {
            continue;
        };
        if end <= start {
            continue;
        }
        let weeks = f64::from(end - start + 1) / 7.0;
        inputs.push(DoseInput {
            person: p.person,
            change: p.after - p.before,
            hours_per_week: hours_between(ds, p.person, start, end) / weeks,
            role: Role::Volunteer,
        });
    }
    if inputs.is_empty() {
        return Err(NotApplicable::new(
            "not_in_log",
            "no matched survey respondent appears in the hours log with survey dates",
        ));
    }
    let r = dose_response(&inputs, level)?;
    let v = &r.all;
    let mut g = Gate {
        sup,
        prefix: "loneliness/dose".to_owned(),
    };
    let mut bands: Vec<DoseBandRow> = v
        .bands
        .iter()
        .map(|b| {
            let key = band_key(b.band);
            let change = match (&b.ci, b.mean_change, b.sd_change, b.p) {
                (Ok(ci), Some(m), Some(sd), Some(p)) if sd > 0.0 => Ok(TestSummary {
                    // The band's paired t: mean / (SD / √n).
                    statistic: m / (sd / libm::sqrt(b.n as f64)),
                    df: Some(b.n as f64 - 1.0),
                    p,
                    estimate: Some(m),
                    ci: Some(*ci),
                }),
                (Err(e), ..) => Err(e.clone()),
                _ => Err(NotApplicable::new(
                    "too_few",
                    "the band has too few people or no variation",
                )),
            };
            DoseBandRow {
                band: key.to_owned(),
                n: g.count(&format!("{key}/n"), b.n),
                change: g.paired(&format!("{key}/change"), b.n, change),
            }
        })
        .collect();
    // The bands add up to the published number of people.
    let members: Vec<(u64, bool)> = v
        .bands
        .iter()
        .zip(&bands)
        .map(|(b, row)| (b.n as u64, row.n.suppressed))
        .collect();
    for i in complementary(&members, 0, g.sup.k()) {
        let key = bands[i].band.clone();
        bands[i].n = Published {
            value: None,
            suppressed: true,
        };
        g.complement(&format!("{key}/n"));
        if !bands[i].change.suppressed {
            bands[i].change = GatedStat::withheld();
            g.complement(&format!("{key}/change"));
        }
    }
    let top = v
        .bands
        .iter()
        .find(|b| b.band == DoseBand::TwoOrMore)
        .map_or(0, |b| b.n);
    let top_withheld = bands
        .iter()
        .any(|b| b.band == band_key(DoseBand::TwoOrMore) && b.n.suppressed);
    Ok(DoseSummary {
        rule: DOSE_RULE.to_owned(),
        people: g.count("people", v.n),
        bands,
        trend: g.paired(
            "trend",
            v.n,
            v.trend.clone().map(|t| TestSummary {
                statistic: t.t,
                df: Some(t.df),
                p: t.p,
                estimate: Some(t.slope),
                ci: Some(t.ci),
            }),
        ),
        two_or_more: if top_withheld && top >= g.sup.k() as usize {
            g.complement("shareTwoOrMore");
            ShareEstimate {
                share: Published {
                    value: None,
                    suppressed: true,
                },
                ci: None,
            }
        } else {
            g.share("shareTwoOrMore", top, v.n, v.share_two_or_more_ci.clone())
        },
    })
}
