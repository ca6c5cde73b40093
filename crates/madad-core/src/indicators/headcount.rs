//! V8: team and anonymous headcounts, kept apart from identified volunteers (mission anchors
//! §c V8: VSys "count w/team", VolunteerHub party size, Galaxy anonymous hours).
//!
//! Over the reporting period (the same period as [`Volume`](super::volume::Volume)), among
//! entries of a counted status (training rows only when training hours count):
//! - a **team entry** is an activity row with a volunteer id and `partySize` p > 1: its named
//!   volunteer is an identified volunteer (V1, V3, retention…), and its other p − 1 people are
//!   **team members** counted here;
//! - an **anonymous entry** is a row without a volunteer id and with a `partySize` p ≥ 1: its p
//!   **anonymous people** are counted here, and its hours are reported here, not in V3.
//!
//! headcount = team members + anonymous people. These are participations, not unduplicated
//! people (an unidentified person who comes twice counts twice), so the headcount is **never
//! added to V1** and never enters a rate, a retention or a cohort.

use serde::{Deserialize, Serialize};

use super::base::{PartyRow, Prepared};
use super::volume::{hours, periods_of, reporting_period};
use super::{complementary, count_forced, open, primary};
use crate::privacy::suppress::{Published, Suppressor};

/// V8 over the reporting period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Headcount {
    /// The reporting period's label (as in `volume.period`).
    pub period: String,
    /// Team entries (rows of a named volunteer with `partySize` > 1).
    pub team_entries: Published<u64>,
    /// Σ (partySize − 1) over team entries: people beside the named volunteers.
    pub team_members: Published<u64>,
    /// Anonymous entries (rows without a volunteer id).
    pub anonymous_entries: Published<u64>,
    /// Σ partySize over anonymous entries.
    pub anonymous_people: Published<u64>,
    /// Hours logged on anonymous entries (not in V3).
    pub anonymous_hours: Published<f64>,
    /// team members + anonymous people: participations, never added to V1.
    pub headcount: Published<u64>,
}

/// V8, or `None` when no activity log has a party-size column or there is no as-of date.
pub fn headcount(p: &Prepared<'_>, sup: &mut Suppressor) -> Option<Headcount> {
    if !p.ds.activities.party_size_mapped {
        return None;
    }
    let periods = periods_of(p);
    let key = reporting_period(p, &periods)?;
    let (from, to) = periods.days(key);
    let in_period = |r: &&PartyRow| r.day >= from && r.day <= to;
    let (mut team_entries, mut team_members) = (0u64, 0u64);
    let (mut anon_entries, mut anon_people, mut anon_micro) = (0u64, 0u64, 0i64);
    for r in p.parties.iter().filter(in_period) {
        let size = u64::from(r.size);
        if r.anonymous {
            anon_entries += 1;
            anon_people += size;
            anon_micro += r.micro;
        } else {
            team_entries += 1;
            team_members += size.saturating_sub(1);
        }
    }
    let total = team_members + anon_people;
    // The total is published: when one part is a small count, the other goes with it
    // (complementary suppression), and what is derived from a withheld part goes too.
    let k = sup.k();
    let w = complementary(
        &[team_members, anon_people],
        &[
            primary(team_members, None, k),
            primary(anon_people, None, k),
        ],
        &[vec![0, 1]],
    );
    // Entries and hours describe the people of their part: withheld with it, and plainly 0
    // when the part is empty (no entries at all).
    let by_part = |sup: &mut Suppressor, cell: &str, people: u64, withheld: bool, x: u64| {
        if people == 0 {
            open(x)
        } else {
            sup.derived(cell, if withheld { 0 } else { people }, x)
        }
    };
    Some(Headcount {
        period: periods.label(key),
        team_entries: by_part(
            sup,
            "headcount/teamEntries",
            team_members,
            w[0],
            team_entries,
        ),
        team_members: count_forced(sup, "headcount/teamMembers", team_members, w[0]),
        anonymous_entries: by_part(
            sup,
            "headcount/anonymousEntries",
            anon_people,
            w[1],
            anon_entries,
        ),
        anonymous_people: count_forced(sup, "headcount/anonymousPeople", anon_people, w[1]),
        anonymous_hours: if anon_people == 0 {
            open(0.0)
        } else {
            sup.derived(
                "headcount/anonymousHours",
                if w[1] { 0 } else { anon_people },
                hours(anon_micro),
            )
        },
        headcount: sup.count("headcount/headcount", total),
    })
}
