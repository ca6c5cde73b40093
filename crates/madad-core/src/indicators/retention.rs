//! Engagement, retention and lifecycle (R1, R2, R3, R4, R7, R8, R10). R5 (cohort tables) and R6
//! (Kaplan–Meier tenure) belong to [`crate::trends`].
//!
//! - R1: active_i(t) = 1[a counted activity in (t − T months, t]] (and ≥ x hours there when set).
//! - R2: engagement = |active ∩ enrolled| ÷ |enrolled|, enrolled = registry entries that joined
//!   by t (or have no join date) and had not left by t.
//! - R3: RR(t) = |V(t−1) ∩ V(t)| ÷ |V(t−1)| over consecutive periods; churn = 1 − RR. The
//!   change between consecutive RR values carries a Newcombe interval.
//! - R4: New (in V(t), never before), Retained (V(t) ∩ V(t−1)), Reactivated (in V(t), not in
//!   V(t−1), active before), Lapsed (V(t−1) \ V(t)).
//! - R7: among registry entries whose commitment ended by t, the share whose last counted
//!   activity is on or after the commitment end.
//! - R8: starters = join date in P, leavers = leave date in P, net = starters − leavers, and the
//!   leaving reasons of the leavers of the reporting period.
//! - R10: registered → approved → first session → second session → active ≥ D days after the
//!   first session; time to first placement = median(first session − application date), days.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::base::{Prepared, people, quantile_sorted};
use super::period::{month_of, months_before};
use super::volume::{periods_of, reporting_period};
use super::{
    Change, Proportion, change, complementary, count_forced, none, primary, proportion,
    proportion_forced,
};
use crate::privacy::suppress::{Published, Suppressor};
use crate::schema::coerce::iso;
use crate::schema::tables::NONE;

/// R1 and R2 at the as-of date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Active {
    /// t (ISO).
    pub as_of: String,
    /// First day of the window (ISO), exclusive.
    pub window_after: String,
    /// R1: active volunteers at t.
    pub active: Published<u64>,
    /// R2: active among enrolled (`null` without a registry).
    pub engagement: Option<Proportion>,
}

/// One period of the retention series.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct RetentionPoint {
    /// Label.
    pub period: String,
    /// Not ended by the as-of date.
    pub partial: bool,
    /// R3: retained from the previous period (`null` for the first period).
    pub retention: Option<Proportion>,
    /// R3: 1 − retention.
    pub churn: Published<f64>,
    /// Change of the retention rate from the previous period's.
    pub retention_change: Option<Change>,
    /// R4 New.
    pub new: Published<u64>,
    /// R4 Retained.
    pub retained: Published<u64>,
    /// R4 Reactivated.
    pub reactivated: Published<u64>,
    /// R4 Lapsed.
    pub lapsed: Published<u64>,
    /// R8 starters (registry join dates; `null` without a registry).
    pub starters: Option<Published<u64>>,
    /// R8 leavers (registry leave dates).
    pub leavers: Option<Published<u64>>,
    /// R8 starters − leavers (withheld when either is).
    pub net_change: Option<Published<i64>>,
}

/// A labelled count.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct LabelCount {
    /// The label; `null` for "not supplied".
    pub label: Option<String>,
    /// People.
    pub count: Published<u64>,
}

/// R8 leaving reasons of the reporting period's leavers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct LeavingReasons {
    /// The period.
    pub period: String,
    /// Reasons, in label order ("not supplied" first).
    pub reasons: Vec<LabelCount>,
}

/// R10.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Funnel {
    /// Registered (registry entries).
    pub registered: Published<u64>,
    /// approved ÷ registered.
    pub approved: Proportion,
    /// first session ÷ approved.
    pub first_session: Proportion,
    /// second session ÷ first session.
    pub second_session: Proportion,
    /// active ≥ D days after the first session ÷ second session, among those whose first
    /// session is at least D days before t.
    pub still_active: Proportion,
    /// Median days from application to first session.
    pub median_days_to_first_session: Published<f64>,
}

/// R1 and R2.
pub fn active(p: &Prepared<'_>, sup: &mut Suppressor) -> Option<Active> {
    let t = p.as_of?;
    let after = months_before(t, p.defs.active_window_months);
    let mut hours: BTreeMap<u32, i64> = BTreeMap::new();
    for r in p.rows.iter().filter(|r| r.day > after && r.day <= t) {
        *hours.entry(r.person).or_default() += r.micro;
    }
    let min = p
        .defs
        .active_min_hours
        .map(|h| libm::round(h * crate::schema::coerce::MICRO as f64) as i64);
    let active: BTreeSet<u32> = hours
        .into_iter()
        .filter(|&(_, m)| min.is_none_or(|x| m >= x))
        .map(|(v, _)| v)
        .collect();
    let engagement = (!p.ds.registry.is_empty()).then(|| {
        let enrolled: Vec<u32> =
            p.ds.registry
                .entries
                .iter()
                .filter(|e| e.join_day.is_none_or(|j| j <= t) && e.leave_day.is_none_or(|l| l > t))
                .map(|e| e.person)
                .collect();
        let x = enrolled.iter().filter(|v| active.contains(v)).count() as u64;
        proportion(
            sup,
            "active/engagement",
            x,
            enrolled.len() as u64,
            p.defs.min_n,
        )
    });
    Some(Active {
        as_of: day_iso(t),
        window_after: day_iso(after),
        active: sup.count("active/volunteers", active.len() as u64),
        engagement,
    })
}

fn day_iso(d: i32) -> String {
    chrono::NaiveDate::from_num_days_from_ce_opt(d)
        .map(iso)
        .unwrap_or_default()
}

/// R3, R4 and R8 for every period from the first with a counted activity to the as-of period.
pub fn series(p: &Prepared<'_>, sup: &mut Suppressor) -> Vec<RetentionPoint> {
    let periods = periods_of(p);
    let (Some(t), Some(first)) = (p.as_of, p.rows.iter().map(|r| r.day).min()) else {
        return Vec::new();
    };
    let (k0, k1) = (periods.key(month_of(first)), periods.key(month_of(t)));
    let has_registry = !p.ds.registry.is_empty();
    let mut ever: rustc_hash::FxHashSet<u32> = Default::default();
    // The previous period's retention: (retained, |V(t−2)|, published share).
    let mut prev: Option<(u64, u64, Proportion)> = None;
    let mut prev_set: Vec<u32> = Vec::new();
    let mut out = Vec::new();
    for k in k0..=k1 {
        let (from, to) = periods.days(k);
        let label = periods.label(k);
        let cur = people(p.rows_between(from, to));
        // `cur` and `prev_set` are sorted and distinct (`people`).
        let retained = cur
            .iter()
            .filter(|v| prev_set.binary_search(v).is_ok())
            .count() as u64;
        let new = cur.iter().filter(|v| !ever.contains(*v)).count() as u64;
        let reactivated = cur.len() as u64 - retained - new;
        let lapsed = prev_set
            .iter()
            .filter(|v| cur.binary_search(v).is_err())
            .count() as u64;
        let c = format!("retention/{label}");
        // New + Retained + Reactivated = |V(t)| and Retained + Lapsed = |V(t−1)|, both published.
        let segs = [new, retained, reactivated, lapsed];
        let kk = sup.k();
        let first: Vec<bool> = segs.iter().map(|&x| primary(x, None, kk)).collect();
        let w = complementary(&segs, &first, &[vec![0, 1, 2], vec![1, 3]]);
        let (retention, churn, retention_change) = if k == k0 {
            (None, none(), None)
        } else {
            let n = prev_set.len() as u64;
            let rr = proportion_forced(sup, &c, retained, n, p.defs.min_n, w[1] || w[3]);
            let churn = match rr.value.value {
                Some(v) => super::open(1.0 - v),
                None => none(),
            };
            let ch = prev
                .as_ref()
                .and_then(|(x0, n0, p0)| change(p0, &rr, (*x0, *n0), (retained, n)));
            prev = Some((retained, n, rr.clone()));
            (Some(rr), churn, ch)
        };
        let (starters, leavers, net) = if has_registry {
            let s =
                p.ds.registry
                    .entries
                    .iter()
                    .filter(|e| e.join_day.is_some_and(|d| d >= from && d <= to))
                    .count() as u64;
            let l =
                p.ds.registry
                    .entries
                    .iter()
                    .filter(|e| e.leave_day.is_some_and(|d| d >= from && d <= to))
                    .count() as u64;
            let sp = sup.count(&format!("{c}/starters"), s);
            let lp = sup.count(&format!("{c}/leavers"), l);
            let net = if sp.suppressed || lp.suppressed {
                sup.derived(&format!("{c}/netChange"), 0, 0i64)
            } else {
                super::open(s as i64 - l as i64)
            };
            (Some(sp), Some(lp), Some(net))
        } else {
            (None, None, None)
        };
        out.push(RetentionPoint {
            partial: to > t,
            retention,
            churn,
            retention_change,
            new: count_forced(sup, &format!("{c}/new"), new, w[0]),
            retained: count_forced(sup, &format!("{c}/retained"), retained, w[1]),
            reactivated: count_forced(sup, &format!("{c}/reactivated"), reactivated, w[2]),
            lapsed: count_forced(sup, &format!("{c}/lapsed"), lapsed, w[3]),
            starters,
            leavers,
            net_change: net,
            period: label,
        });
        ever.extend(cur.iter().copied());
        prev_set = cur;
    }
    out
}

/// R8 leaving reasons of the reporting period (`None` without a registry).
pub fn leaving_reasons(p: &Prepared<'_>, sup: &mut Suppressor) -> Option<LeavingReasons> {
    if p.ds.registry.is_empty() {
        return None;
    }
    let periods = periods_of(p);
    let key = reporting_period(p, &periods)?;
    let (from, to) = periods.days(key);
    let r = &p.ds.registry;
    let mut by: BTreeMap<Option<String>, u64> = BTreeMap::new();
    for e in r
        .entries
        .iter()
        .filter(|e| e.leave_day.is_some_and(|d| d >= from && d <= to))
    {
        let label = (e.leave_reason != NONE)
            .then(|| r.leave_reasons.get(e.leave_reason).map(str::to_owned))
            .flatten();
        *by.entry(label).or_default() += 1;
    }
    let label = periods.label(key);
    // The reasons partition the period's leavers (published in the series).
    let sizes: Vec<u64> = by.values().copied().collect();
    let kk = sup.k();
    let first: Vec<bool> = sizes.iter().map(|&x| primary(x, None, kk)).collect();
    let w = complementary(&sizes, &first, &[(0..sizes.len()).collect()]);
    Some(LeavingReasons {
        reasons: by
            .into_iter()
            .zip(w)
            .map(|((l, n), w)| LabelCount {
                count: count_forced(
                    sup,
                    &format!(
                        "leavingReasons/{label}/{}",
                        l.as_deref().unwrap_or("(not supplied)")
                    ),
                    n,
                    w,
                ),
                label: l,
            })
            .collect(),
        period: label,
    })
}

/// R7 (`None` when no registry entry has a commitment end by t).
pub fn commitment(p: &Prepared<'_>, sup: &mut Suppressor) -> Option<Proportion> {
    let t = p.as_of?;
    let ended: Vec<_> =
        p.ds.registry
            .entries
            .iter()
            .filter_map(|e| e.commitment_end.filter(|&c| c <= t).map(|c| (e.person, c)))
            .collect();
    if ended.is_empty() {
        return None;
    }
    let last = last_days(p);
    let served = ended
        .iter()
        .filter(|(v, c)| last.get(v).is_some_and(|&(_, l)| l >= *c))
        .count() as u64;
    Some(proportion(
        sup,
        "commitmentRetention",
        served,
        ended.len() as u64,
        p.defs.min_n,
    ))
}

/// First and last counted activity day of each person.
fn last_days(p: &Prepared<'_>) -> rustc_hash::FxHashMap<u32, (i32, i32)> {
    let mut m: rustc_hash::FxHashMap<u32, (i32, i32)> = rustc_hash::FxHashMap::default();
    for r in &p.rows {
        let e = m.entry(r.person).or_insert((r.day, r.day));
        e.0 = e.0.min(r.day);
        e.1 = e.1.max(r.day);
    }
    m
}

/// R10 (`None` without a registry).
pub fn funnel(p: &Prepared<'_>, sup: &mut Suppressor) -> Option<Funnel> {
    let t = p.as_of?;
    if p.ds.registry.is_empty() {
        return None;
    }
    let mut days: rustc_hash::FxHashMap<u32, Vec<i32>> = rustc_hash::FxHashMap::default();
    for r in &p.rows {
        days.entry(r.person).or_default().push(r.day);
    }
    for d in days.values_mut() {
        d.sort_unstable();
        d.dedup();
    }
    let span = i32::try_from(p.defs.funnel_active_days).unwrap_or(i32::MAX);
    let (mut approved, mut first, mut second, mut eligible, mut still) = (0u64, 0, 0, 0, 0);
    let mut waits: Vec<f64> = Vec::new();
    let entries = &p.ds.registry.entries;
    for e in entries {
        let d = days.get(&e.person);
        let has_first = d.is_some_and(|d| !d.is_empty());
        if e.approval_day.is_some() || has_first {
            approved += 1;
        }
        let Some(d) = d.filter(|d| !d.is_empty()) else {
            continue;
        };
        first += 1;
        if let Some(applied) = e.application_day.or(e.join_day)
            && d[0] >= applied
        {
            waits.push(f64::from(d[0] - applied));
        }
        if d.len() >= 2 {
            second += 1;
            if d[0].saturating_add(span) <= t {
                eligible += 1;
                if d.iter().any(|&x| x >= d[0].saturating_add(span)) {
                    still += 1;
                }
            }
        }
    }
    waits.sort_by(f64::total_cmp);
    let n = entries.len() as u64;
    let min_n = p.defs.min_n;
    Some(Funnel {
        registered: sup.count("funnel/registered", n),
        approved: proportion(sup, "funnel/approved", approved, n, min_n),
        first_session: proportion(sup, "funnel/firstSession", first, approved, min_n),
        second_session: proportion(sup, "funnel/secondSession", second, first, min_n),
        still_active: proportion(sup, "funnel/stillActive", still, eligible, min_n),
        median_days_to_first_session: match quantile_sorted(&waits, 0.5) {
            Some(m) => sup.derived("funnel/medianDaysToFirstSession", waits.len() as u64, m),
            None => none(),
        },
    })
}
