//! Senior volunteers, shared with the מתחברים loneliness program (L9, and the senior rate of V2).
//!
//! - Senior rate VR_65 = N_V,senior ÷ Pop_senior: volunteers of the reporting period aged at
//!   least `seniorAge` in the as-of year ÷ residents of age bands starting at `seniorAge` or later.
//! - Seniors in meaningful roles: senior volunteers whose hours in activities that name a role,
//!   over the last 12 complete months, average at least x a month (x = meaningfulHoursPerMonth),
//!   as a share of the seniors active in those months.
//! - Senior intensity bands (V5) over the last 12 complete months, and senior retention (R3)
//!   from the period before the reporting period.
//! - Reserve-unit coverage: municipal departments with at least one senior who is active at the
//!   as-of date (R1) ÷ municipal departments (the `municipalDepartments` list, else every
//!   department named in the activity log, the registry or the opportunities file).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::base::{Prepared, people};
use super::diversity::residents_aged;
use super::period::{first_day, last_twelve_months, months_before};
use super::volume::{band, hours, periods_of, reporting_period, twelve_months};
use super::{Proportion, complementary, primary, proportion, proportion_forced};
use crate::privacy::suppress::{Published, Suppressor};
use crate::schema::headers::normalize;
use crate::schema::tables::NONE;

/// One department's reserve unit.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct ReserveUnit {
    /// Department.
    pub department: String,
    /// Active seniors in it.
    pub active_seniors: Published<u64>,
}

/// L9.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Seniors {
    /// Senior volunteers of the reporting period.
    pub volunteers: Published<u64>,
    /// Volunteers of the reporting period of unknown age (not counted as seniors).
    pub unknown_age: Published<u64>,
    /// VR_65 (`null` without population age bands).
    pub rate: Option<Proportion>,
    /// Seniors in meaningful roles ÷ seniors active in the last 12 complete months.
    pub meaningful_roles: Proportion,
    /// Departments with ≥ 1 active senior ÷ municipal departments.
    pub reserve_coverage: Proportion,
    /// Active seniors by department.
    pub reserve_units: Vec<ReserveUnit>,
    /// V5 bands of the senior volunteers of the last 12 complete months (one-time, irregular,
    /// up to 9 h, 10+ h; definitions as in `intensity`).
    pub intensity: Vec<Proportion>,
    /// R3 for seniors: seniors of the previous period still volunteering in the reporting period.
    pub retention: Proportion,
}

/// L9 (`None` without an as-of date or a registry).
pub fn seniors(p: &Prepared<'_>, sup: &mut Suppressor) -> Option<Seniors> {
    let t = p.as_of?;
    if p.ds.registry.is_empty() {
        return None;
    }
    let periods = periods_of(p);
    let key = reporting_period(p, &periods)?;
    let (from, to) = periods.days(key);
    let vols = people(p.rows_between(from, to));
    let seniors: Vec<u32> = vols
        .iter()
        .copied()
        .filter(|&v| p.is_senior(v) == Some(true))
        .collect();
    let unknown = vols.iter().filter(|&&v| p.age(v).is_none()).count() as u64;
    let min_n = p.defs.min_n;
    let senior_age = i32::try_from(p.defs.senior_age).unwrap_or(i32::MAX);
    let rate = residents_aged(p, senior_age)
        .map(|pop| proportion(sup, "seniors/rate", seniors.len() as u64, pop, min_n));

    // Meaningful roles over the last 12 complete months.
    let (m0, m1) = last_twelve_months(t);
    let (w0, w1) = (first_day(m0), first_day(m1 + 1) - 1);
    let mut in_role: BTreeMap<u32, i64> = BTreeMap::new();
    for r in p.rows_between(w0, w1) {
        if p.is_senior(r.person) == Some(true) {
            let e = in_role.entry(r.person).or_default();
            if r.role != NONE {
                *e += r.micro;
            }
        }
    }
    let meaningful = in_role
        .values()
        .filter(|&&m| hours(m) / 12.0 >= p.defs.meaningful_hours_per_month)
        .count() as u64;
    let meaningful_roles = proportion(
        sup,
        "seniors/meaningfulRoles",
        meaningful,
        in_role.len() as u64,
        min_n,
    );

    // Reserve units: active seniors (R1) by department.
    let after = months_before(t, p.defs.active_window_months);
    let a = &p.ds.activities;
    // Gathered per department code first: the name is normalised once per department, not per row.
    let mut by_code: rustc_hash::FxHashMap<u32, Vec<u32>> = rustc_hash::FxHashMap::default();
    for r in p.rows.iter().filter(|r| r.day > after && r.day <= t) {
        if r.department != NONE && p.is_senior(r.person) == Some(true) {
            by_code.entry(r.department).or_default().push(r.person);
        }
    }
    let mut by_dept: BTreeMap<String, BTreeSet<u32>> = BTreeMap::new();
    for (code, people) in by_code {
        if let Some(d) = a.departments.get(code) {
            by_dept.entry(normalize(d)).or_default().extend(people);
        }
    }
    // Departments by normalised name, shown with their smallest spelling.
    let mut departments: BTreeMap<String, String> = BTreeMap::new();
    let mut add = |l: &str| {
        let e = departments
            .entry(normalize(l))
            .or_insert_with(|| l.to_owned());
        if l < e.as_str() {
            *e = l.to_owned();
        }
    };
    if p.defs.municipal_departments.is_empty() {
        let dicts = [
            &a.departments,
            &p.ds.registry.departments,
            &p.ds.opportunities.departments,
        ];
        for d in dicts {
            for c in 0..d.len() as u32 {
                if let Some(l) = d.get(c) {
                    add(l);
                }
            }
        }
    } else {
        for d in &p.defs.municipal_departments {
            add(d);
        }
    }
    let covered = departments
        .keys()
        .filter(|d| by_dept.get(*d).is_some_and(|s| !s.is_empty()))
        .count() as u64;
    // Department coverage counts departments, not people: only the per-department counts of
    // people go through the small-cell rule.
    let reserve_coverage = proportion(
        &mut crate::privacy::suppress::Suppressor::new(1),
        "seniors/reserveCoverage",
        covered,
        departments.len() as u64,
        0,
    );
    let reserve_units = departments
        .iter()
        .map(|(key, shown)| ReserveUnit {
            active_seniors: sup.count(
                &format!("seniors/reserveUnits/{shown}"),
                by_dept.get(key).map_or(0, |s| s.len() as u64),
            ),
            department: shown.clone(),
        })
        .collect();
    // Senior intensity bands, a partition of the seniors of the 12 months.
    let mut bands = [0u64; 4];
    if let Some((_, vols)) = twelve_months(p) {
        for (v, months, sessions) in &vols {
            if p.is_senior(*v) == Some(true) {
                bands[band(months, *sessions, p.defs.irregular_cv)] += 1;
            }
        }
    }
    let n_bands: u64 = bands.iter().sum();
    let k = sup.k();
    let first: Vec<bool> = bands
        .iter()
        .map(|&x| primary(x, Some(n_bands), k))
        .collect();
    let w = complementary(&bands, &first, &[vec![0, 1, 2, 3]]);
    let intensity = ["oneTime", "irregular", "upTo9Hours", "tenPlusHours"]
        .iter()
        .enumerate()
        .map(|(i, name)| {
            proportion_forced(
                sup,
                &format!("seniors/intensity/{name}"),
                bands[i],
                n_bands,
                min_n,
                w[i],
            )
        })
        .collect();
    // Senior retention from the previous period.
    let (pf, pt) = periods.days(key - 1);
    let before: Vec<u32> = people(p.rows_between(pf, pt))
        .into_iter()
        .filter(|&v| p.is_senior(v) == Some(true))
        .collect();
    let kept = before
        .iter()
        .filter(|v| seniors.binary_search(v).is_ok())
        .count() as u64;
    let retention = proportion(sup, "seniors/retention", kept, before.len() as u64, min_n);
    Some(Seniors {
        intensity,
        retention,
        volunteers: sup.count("seniors/volunteers", seniors.len() as u64),
        unknown_age: sup.count("seniors/unknownAge", unknown),
        rate,
        meaningful_roles,
        reserve_coverage,
        reserve_units,
    })
}
