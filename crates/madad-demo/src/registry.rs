//! The volunteer population and `volunteers.xlsx`.
//!
//! # Who is in the registry
//!
//! The registry is built so that the expected number of *registered-active* volunteers is flat
//! before the program and steps up by [`LEVEL_CHANGE`] at the program start, with realistic
//! churn in both periods:
//!
//! * **Stock** (`N₀` people active on 2023-01-01). Tenure is exponential with mean
//!   [`MEAN_TENURE_DAYS`] — the memoryless choice, so a stock in steady state has time-since-join
//!   and time-to-leave both exponential with the same mean. Join dates therefore reach back
//!   years before the period.
//! * **Flow** — new volunteers join at `N₀ / T` per day before the program start and
//!   `(1 + L)·N₀ / T` after it, each with an exponential tenure. Joins balance leavers, so the
//!   expected active count stays at `N₀` before the program.
//! * **Program recruits** — a burst of `L·N₀` people joining on 1–14 September 2024. Their number
//!   decays through churn exactly as fast as the raised join rate builds up, so the expected
//!   active count is `(1 + L)·N₀` from September 2024 on: a clean level change.
//! * **Historic** (8 %) — joined 2017–2021 and left before 2023; in the registry, never in the
//!   log.
//! * **Never active** (4 %) — registered but never logged an hour (the "registered, never
//!   placed" group every VMS has).
//!
//! Per-person attributes: age group (14 % youth aged 14–17 at joining, 58 % adults,
//! 28 % born 1933–1960, i.e. 65+ by 2025 — the senior share of volunteers in CBS-like data is
//! roughly a quarter); an activity rate from a Pareto(1, 1.5) distribution capped at 25
//! (volunteer effort is heavy-tailed: a few people do most sessions), × 1.3 for seniors and × 0.8
//! for youth; one to three departments chosen with age-specific affinities; an organisation and
//! one or two roles per department; and an hours-rounding habit (whole, half or quarter hours),
//! which gives the heaping seen in real self-reported hours.

use std::io;
use std::path::Path;

use chrono::Datelike;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

use crate::calendar::{PERIOD_DAYS, PROGRAM_START, date_of, day_of_ymd, excel_serial};
use crate::names::{
    DEPARTMENTS, DEPT_CULTURE, DEPT_EDUCATION, DEPT_EMERGENCY, DEPT_SENIORS, DEPT_WELFARE,
    DEPT_YOUTH, GENDERS, GROUPS, HOODS, LEAVE_REASONS, ORGS, ROLES,
};
use crate::rng::{Rng, Stream};

/// Planted relative level change at the program start (+17.5 %).
pub const LEVEL_CHANGE: f64 = 0.175;
/// Mean tenure of a volunteer, in days (≈ 2.5 years).
pub const MEAN_TENURE_DAYS: f64 = 913.0;
/// Share of the registry that left before the period.
const HISTORIC_SHARE: f64 = 0.08;
/// Share of the registry that never logged an hour.
const NEVER_ACTIVE_SHARE: f64 = 0.04;
/// Largest registry the 5-digit id space (10000–99999) can hold with room for gaps.
pub const MAX_VOLUNTEERS: u32 = 89_000;

/// Age group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgeGroup {
    /// Aged 14–17 when joining.
    Youth,
    /// Born 1961–2004.
    Adult,
    /// Born 1933–1960.
    Senior,
}

/// How the registry row came about (see the module docs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Active on the first day of the period.
    Stock,
    /// Joined during the period at the background rate.
    Flow,
    /// Joined in the program-start burst.
    Recruit,
    /// Left before the period.
    Historic,
    /// Registered, never active.
    NeverActive,
}

/// How a volunteer rounds the hours they report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rounding {
    /// Whole hours (at least 1).
    Whole,
    /// Half hours.
    Half,
    /// Quarter hours.
    Quarter,
}

/// One department a volunteer works in.
#[derive(Debug, Clone)]
pub struct Assignment {
    /// Department index.
    pub dept: usize,
    /// Share of the volunteer's sessions spent here.
    pub share: f64,
    /// Organisation index (fixed per volunteer and department).
    pub org: usize,
    /// Primary role index.
    pub role: usize,
    /// Optional second role (a quarter of sessions).
    pub second_role: Option<usize>,
}

/// One registry row plus the hidden parameters that drive the hours log.
#[derive(Debug, Clone)]
pub struct Volunteer {
    /// 5-digit internal id.
    pub id: u32,
    /// Birth year.
    pub birth_year: i32,
    /// Age group.
    pub age_group: AgeGroup,
    /// Gender (`None` = blank cell).
    pub gender: Option<&'static str>,
    /// Population group.
    pub group: &'static str,
    /// Neighbourhood index.
    pub hood: usize,
    /// Departments (1–3).
    pub assignments: Vec<Assignment>,
    /// Join day (offset from 2023-01-01; negative = before the period).
    pub join: i32,
    /// Leave day: no activity on or after it. `None` = still active at the end of 2025.
    pub leave: Option<i32>,
    /// Reason for leaving (only with a leave day; occasionally blank).
    pub leave_reason: Option<&'static str>,
    /// Relative activity rate (0 for never-active).
    pub rate: f64,
    /// Hours rounding habit.
    pub rounding: Rounding,
    /// How the row came about.
    pub kind: Kind,
}

impl Volunteer {
    /// The id as written in every file.
    pub fn id_text(&self) -> String {
        self.id.to_string()
    }
}

fn dept_affinity(group: AgeGroup) -> [f64; 6] {
    let mut a = [0.0; 6];
    let set = |a: &mut [f64; 6], d: usize, v: f64| a[d] = v;
    match group {
        AgeGroup::Youth => {
            set(&mut a, DEPT_WELFARE, 0.05);
            set(&mut a, DEPT_EDUCATION, 0.25);
            set(&mut a, DEPT_YOUTH, 0.6);
            set(&mut a, DEPT_SENIORS, 0.05);
            set(&mut a, DEPT_CULTURE, 0.05);
        }
        AgeGroup::Adult => {
            set(&mut a, DEPT_WELFARE, 0.25);
            set(&mut a, DEPT_EDUCATION, 0.2);
            set(&mut a, DEPT_YOUTH, 0.1);
            set(&mut a, DEPT_SENIORS, 0.15);
            set(&mut a, DEPT_EMERGENCY, 0.12);
            set(&mut a, DEPT_CULTURE, 0.18);
        }
        AgeGroup::Senior => {
            set(&mut a, DEPT_WELFARE, 0.25);
            set(&mut a, DEPT_EDUCATION, 0.1);
            set(&mut a, DEPT_YOUTH, 0.02);
            set(&mut a, DEPT_SENIORS, 0.4);
            set(&mut a, DEPT_EMERGENCY, 0.05);
            set(&mut a, DEPT_CULTURE, 0.18);
        }
    }
    a
}

fn assignments(rng: &mut Rng, group: AgeGroup) -> Vec<Assignment> {
    let k = match rng.uniform() {
        u if u < 0.55 => 1,
        u if u < 0.87 => 2,
        _ => 3,
    };
    let shares: &[f64] = match k {
        1 => &[1.0],
        2 => &[0.7, 0.3],
        _ => &[0.6, 0.25, 0.15],
    };
    let mut affinity = dept_affinity(group);
    let mut out = Vec::with_capacity(k);
    for share in shares {
        if affinity.iter().all(|a| *a <= 0.0) {
            break;
        }
        let dept = rng.weighted(&affinity);
        affinity[dept] = 0.0;
        // Organisations: Zipf-like preference for the first-listed ones serving the department.
        let orgs: Vec<usize> = (0..ORGS.len())
            .filter(|o| ORGS[*o].departments.contains(&dept))
            .collect();
        let org_w: Vec<f64> = (0..orgs.len()).map(|r| 1.0 / (r as f64 + 1.0)).collect();
        let org = orgs.get(rng.weighted(&org_w)).copied().unwrap_or(0);
        let roles: Vec<usize> = (0..ROLES.len())
            .filter(|r| ROLES[*r].departments.contains(&dept))
            .collect();
        let ri = rng.below(roles.len() as u32) as usize;
        let role = roles.get(ri).copied().unwrap_or(0);
        let second_role = if roles.len() > 1 && rng.bernoulli(0.3) {
            let mut rj = rng.below(roles.len() as u32 - 1) as usize;
            if rj >= ri {
                rj += 1;
            }
            roles.get(rj).copied()
        } else {
            None
        };
        out.push(Assignment {
            dept,
            share: *share,
            org,
            role,
            second_role,
        });
    }
    out
}

fn leave_reason(rng: &mut Rng, group: AgeGroup) -> Option<&'static str> {
    if rng.bernoulli(0.05) {
        return None;
    }
    let w: [f64; 5] = match group {
        AgeGroup::Senior => [0.15, 0.3, 0.35, 0.02, 0.18],
        AgeGroup::Youth => [0.2, 0.5, 0.03, 0.12, 0.15],
        AgeGroup::Adult => [0.25, 0.35, 0.08, 0.2, 0.12],
    };
    LEAVE_REASONS.get(rng.weighted(&w)).copied()
}

/// Draws the registry for `n` volunteers. Depends only on `seed` and `n`, never on the number of
/// activities.
pub fn generate(seed: u64, n: u32) -> io::Result<Vec<Volunteer>> {
    if !(10..=MAX_VOLUNTEERS).contains(&n) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("volunteers must be between 10 and {MAX_VOLUNTEERS}, got {n}"),
        ));
    }
    let mut rng = Rng::stream(seed, Stream::Registry);
    let ps = day_of_ymd(PROGRAM_START.0, PROGRAM_START.1, PROGRAM_START.2);
    let days = f64::from(PERIOD_DAYS);
    let t = MEAN_TENURE_DAYS;
    let l = LEVEL_CHANGE;

    let n_f = f64::from(n);
    let n_never = libm::round(n_f * NEVER_ACTIVE_SHARE) as u32;
    let n_hist = libm::round(n_f * HISTORIC_SHARE) as u32;
    let m = n - n_never - n_hist;
    // Expected flow over the period, per unit of N₀.
    let pre = f64::from(ps);
    let post = days - pre;
    let flow_per_n0 = (pre + (1.0 + l) * post) / t;
    let n0 = libm::round(f64::from(m) / (1.0 + flow_per_n0 + l)) as u32;
    let n_recruit = libm::round(f64::from(n0) * l) as u32;
    let n_flow = m - n0 - n_recruit;

    let mut kinds = Vec::with_capacity(n as usize);
    kinds.extend(std::iter::repeat_n(Kind::Stock, n0 as usize));
    kinds.extend(std::iter::repeat_n(Kind::Flow, n_flow as usize));
    kinds.extend(std::iter::repeat_n(Kind::Recruit, n_recruit as usize));
    kinds.extend(std::iter::repeat_n(Kind::Historic, n_hist as usize));
    kinds.extend(std::iter::repeat_n(Kind::NeverActive, n_never as usize));

    let earliest = day_of_ymd(2008, 1, 1);
    let mut vols = Vec::with_capacity(n as usize);
    for kind in kinds {
        let tenure = |rng: &mut Rng| 1 + libm::floor(rng.exponential(t)) as i32;
        let (join, leave) = match kind {
            Kind::Stock => {
                let join = (-1 - libm::floor(rng.exponential(t)) as i32).max(earliest);
                (join, libm::floor(rng.exponential(t)) as i32)
            }
            Kind::Flow => {
                // Inverse CDF of the piecewise-uniform join density (rate 1 before, 1 + L after).
                let mass_pre = pre;
                let total = pre + (1.0 + l) * post;
                let x = rng.uniform() * total;
                let day = if x < mass_pre {
                    x
                } else {
                    pre + (x - mass_pre) / (1.0 + l)
                };
                let join = (libm::floor(day) as i32).clamp(0, PERIOD_DAYS - 1);
                (join, join + tenure(&mut rng))
            }
            Kind::Recruit => {
                let join = ps + rng.below(14) as i32;
                (join, join + tenure(&mut rng))
            }
            Kind::Historic => {
                let join = day_of_ymd(2017, 1, 1) + rng.below(5 * 365) as i32;
                let span = (-1 - join - 30).max(1) as u32;
                (join, join + 30 + rng.below(span) as i32)
            }
            Kind::NeverActive => {
                let join = -700 + rng.below(PERIOD_DAYS as u32 + 670) as i32;
                let leave = if rng.bernoulli(0.3) {
                    join + 60 + rng.below(300) as i32
                } else {
                    PERIOD_DAYS
                };
                (join, leave)
            }
        };
        let age_group = match rng.uniform() {
            u if u < 0.14 => AgeGroup::Youth,
            u if u < 0.72 => AgeGroup::Adult,
            _ => AgeGroup::Senior,
        };
        let join_year = date_of(join).year();
        let birth_year = match age_group {
            AgeGroup::Youth => join_year - 14 - rng.below(4) as i32,
            AgeGroup::Adult => 1961 + rng.below(44) as i32,
            AgeGroup::Senior => (1960 - libm::floor(rng.exponential(8.0)) as i32).max(1933),
        };
        let gender = if rng.bernoulli(0.03) {
            None
        } else {
            GENDERS
                .get(rng.weighted(&[0.58, 0.37, 0.01, 0.04]))
                .copied()
        };
        let group_i = rng.weighted(&[0.80, 0.15, 0.05]);
        let group = GROUPS.get(group_i).copied().unwrap_or(GROUPS[0]);
        let arab_hood = |h: usize| h >= HOODS.len() - 2;
        let hood_w: Vec<f64> = HOODS
            .iter()
            .enumerate()
            .map(|(i, h)| {
                let base = f64::from(h.residents);
                match (group_i == 1, arab_hood(i)) {
                    (true, true) => base * 12.0,
                    (true, false) | (false, true) => base * 0.08,
                    (false, false) => base,
                }
            })
            .collect();
        let hood = rng.weighted(&hood_w);
        let assignments = assignments(&mut rng, age_group);
        let mut rate = rng.pareto(1.0, 1.5).min(25.0);
        rate *= match age_group {
            AgeGroup::Senior => 1.3,
            AgeGroup::Youth => 0.8,
            AgeGroup::Adult => 1.0,
        };
        if kind == Kind::NeverActive {
            rate = 0.0;
        }
        let rounding = match rng.weighted(&[0.35, 0.25, 0.40]) {
            0 => Rounding::Whole,
            1 => Rounding::Half,
            _ => Rounding::Quarter,
        };
        let leave = (leave < PERIOD_DAYS).then_some(leave.max(join + 1));
        let leave_reason = if leave.is_some() {
            leave_reason(&mut rng, age_group)
        } else {
            None
        };
        vols.push(Volunteer {
            id: 0,
            birth_year,
            age_group,
            gender,
            group,
            hood,
            assignments,
            join,
            leave,
            leave_reason,
            rate,
            rounding,
            kind,
        });
    }
    // Ids are issued in order of joining, with small gaps (deleted or test records).
    vols.sort_by_key(|v| v.join);
    let spare = 89_999 - n;
    let max_gap = (spare / n).min(3);
    let mut id = 10_000 + rng.below(20);
    for v in &mut vols {
        id += 1 + rng.below(max_gap + 1);
        v.id = id;
    }
    Ok(vols)
}

/// Creation time stamped into the workbook, fixed so that the file is reproducible.
const FIXED_CREATION: (u16, u8, u8) = (2026, 1, 1);

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> io::Error {
    io::Error::other(e)
}

/// Header of the registry sheet.
pub const REGISTRY_HEADER: [&str; 9] = [
    "מזהה מתנדב",
    "שנת לידה",
    "מגדר",
    "מגזר",
    "שכונה",
    "מחלקות",
    "תאריך הצטרפות",
    "תאריך עזיבה",
    "סיבת עזיבה",
];

/// Sheet name.
pub const REGISTRY_SHEET: &str = "מתנדבים";

/// Writes `volunteers.xlsx`: one right-to-left sheet, ids and birth years as numbers, dates as
/// real Excel dates formatted `dd/mm/yyyy`. The document properties carry a fixed creation time
/// and no author, so the same registry gives the same bytes.
pub fn write_xlsx(path: &Path, vols: &[Volunteer]) -> io::Result<()> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(FIXED_CREATION.0, FIXED_CREATION.1, FIXED_CREATION.2)
        .map_err(xlsx_err)?;
    let props = DocProperties::new().set_creation_datetime(&created);
    wb.set_properties(&props);
    let header_fmt = Format::new().set_bold();
    let date_fmt = Format::new().set_num_format("dd/mm/yyyy");
    let ws = wb.add_worksheet();
    ws.set_name(REGISTRY_SHEET).map_err(xlsx_err)?;
    ws.set_right_to_left(true);
    for (c, h) in REGISTRY_HEADER.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &header_fmt)
            .map_err(xlsx_err)?;
    }
    let widths = [12.0, 10.0, 16.0, 8.0, 14.0, 30.0, 14.0, 14.0, 16.0];
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w).map_err(xlsx_err)?;
    }
    ws.set_freeze_panes(1, 0).map_err(xlsx_err)?;
    for (i, v) in vols.iter().enumerate() {
        let r = (i + 1) as u32;
        ws.write_number(r, 0, f64::from(v.id)).map_err(xlsx_err)?;
        ws.write_number(r, 1, f64::from(v.birth_year))
            .map_err(xlsx_err)?;
        if let Some(g) = v.gender {
            ws.write_string(r, 2, g).map_err(xlsx_err)?;
        }
        ws.write_string(r, 3, v.group).map_err(xlsx_err)?;
        ws.write_string(r, 4, HOODS[v.hood].name)
            .map_err(xlsx_err)?;
        let depts: Vec<&str> = v.assignments.iter().map(|a| DEPARTMENTS[a.dept]).collect();
        ws.write_string(r, 5, depts.join(";")).map_err(xlsx_err)?;
        ws.write_number_with_format(r, 6, excel_serial(date_of(v.join)), &date_fmt)
            .map_err(xlsx_err)?;
        if let Some(leave) = v.leave {
            ws.write_number_with_format(r, 7, excel_serial(date_of(leave)), &date_fmt)
                .map_err(xlsx_err)?;
        }
        if let Some(reason) = v.leave_reason {
            ws.write_string(r, 8, reason).map_err(xlsx_err)?;
        }
    }
    wb.save(path).map_err(xlsx_err)
}
