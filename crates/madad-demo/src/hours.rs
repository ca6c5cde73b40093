//! `hours_log.csv`: the streamed activity log, its planted dirty rows and its exact truth.
//!
//! # How rows are generated
//!
//! The unit of activity is a (volunteer, department) *pair* with weight
//! `rate × department share`. A pair is active on days `max(join, 0) ≤ d < min(leave, end)`,
//! so nobody logs an hour before joining or after leaving.
//!
//! 1. **Pass 1** walks the 1,096 days keeping, per department, the set of active pairs and the
//!    sum of their weights. The day's expected load is
//!    `Σ_dept season(dept, day) × active_weight(dept, day) × noise(day)`, where `season` is the
//!    weekday × holiday × school-holiday factor of [`crate::calendar::Seasonality`] and
//!    `noise(day)` is log-normal with σ = 0.12 (days are not all alike).
//! 2. The `activities` rows are shared out over the days in proportion to that load, by
//!    cumulative rounding, so exactly `activities` activities are generated.
//! 3. **Pass 2** walks the days again. Each of the day's sessions picks a department in
//!    proportion to its seasonal load and then a pair within it in proportion to its weight
//!    (binary search over cumulative weights, rebuilt only on days when someone joins or leaves).
//!    The session length is log-normal around the role's median (σ = 0.35), rounded to the
//!    volunteer's habit (whole / half / quarter hours) and capped at 12 hours. Status is
//!    approved / pending / rejected with probabilities 0.88 / 0.08 / 0.04, independently.
//!
//! Rows are written as they are generated; the generator keeps only per-volunteer state, one
//! day's duplicate-guard set and at most one pending planted duplicate.
//!
//! # Accidental duplicates
//!
//! A busy volunteer could produce two byte-identical rows on one day by chance, which Madad
//! would rightly flag as `row.duplicate` and would spoil the truth. The generator keeps the
//! keys of the day's clean rows and, on a collision, moves the session length to the nearest
//! free quarter hour (or, if all 48 lengths from ¼ to 12 hours are taken, draws the session
//! again). Only the planted duplicates are exact repeats. At the default density collisions are
//! rare; at extreme ones (10 million activities for 2,000 volunteers means ~100 sessions a day
//! for the busiest person) the busiest volunteers' session lengths spread out.
//!
//! # Dirty rows and the row count
//!
//! Planted problems *replace* a generated activity (the activity is written corrupted instead of
//! clean), except the exact duplicates and the blank lines, which are *extra* lines. So the file
//! has `activities + duplicates + blank lines` data records. The 36 planted problems and 3 blank
//! lines (for the default config) are spread evenly through the file; with fewer than 50
//! activities per planted item the list is shortened, keeping every kind while possible.
//!
//! # The bench layout
//!
//! [`write_bench_log`] writes the same sessions (same volunteers, days, departments,
//! organisations and lengths) in the six-column layout of the benchmark workload
//! (perf-anchors §4.1), so peers that read only UTF-8 can take the same file: UTF-8 without BOM,
//! LF line ends, header `volunteer_id,date,hours,domain,organization,neighborhood`, ISO dates,
//! no status column (every row counts), the volunteer's neighbourhood in the last column and
//! organisations with a comma or `"` quoted as RFC 4180 asks. It has no planted problems except
//! one kind: about 0.2 % of rows have an empty `hours` cell ([`BENCH_EMPTY_HOURS`]), which a
//! reader must leave out. Rows stay unique in (volunteer, date, hours, domain, organization).

use std::collections::HashSet;
use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::calendar::{
    PERIOD_DAYS, PERIOD_MONTHS, Seasonality, date_of, fmt_dmy, fmt_iso, month_index, month_label,
};
use crate::csvw::{quote, windows_1255};
use crate::names::{
    DEPARTMENTS, HOODS, ORGS, ROLES, STATUS_APPROVED, STATUS_PENDING, STATUS_REJECTED,
};
use crate::registry::{Rounding, Volunteer};
use crate::rng::{Rng, Stream};
use crate::truth::{ExpectedDiagnostic, HoursLogTruth, MonthTruth};

/// Header of the hours log.
pub const HOURS_HEADER: [&str; 7] = [
    "מזהה מתנדב",
    "תאריך",
    "שעות",
    "סטטוס",
    "מחלקה",
    "ארגון",
    "תפקיד",
];

/// Header of the bench layout (perf-anchors §4.1).
pub const BENCH_HEADER: [&str; 6] = [
    "volunteer_id",
    "date",
    "hours",
    "domain",
    "organization",
    "neighborhood",
];

/// Share of bench-layout rows written with an empty `hours` cell.
pub const BENCH_EMPTY_HOURS: f64 = 0.002;

const N_DEPTS: usize = DEPARTMENTS.len();

/// How the log is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Layout {
    /// The demo municipality's log: windows-1255, CRLF, Hebrew headers, planted problems.
    Demo,
    /// The benchmark layout (see the module docs).
    Bench,
}

/// A planted problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dirty {
    BadDate(&'static str),
    MissingId,
    HoursOutOfRange(&'static str),
    HoursNotNumber(&'static str),
    AmbiguousDecimal(&'static str),
    TooManyFields,
    Duplicate,
    UnknownStatus(&'static str),
    Blank,
}

/// The planted problems, grouped by kind (39 items: 36 diagnostics and 3 blank lines).
fn dirty_groups() -> Vec<Vec<Dirty>> {
    vec![
        [
            "31/02/2024",
            "2024-13-45",
            "אתמול",
            "00/00/0000",
            "32/01/2024",
        ]
        .map(Dirty::BadDate)
        .to_vec(),
        vec![Dirty::MissingId; 5],
        ["-2", "30", "25", "-0.5", "48"]
            .map(Dirty::HoursOutOfRange)
            .to_vec(),
        ["שלוש", "שעתיים", "abc"]
            .map(Dirty::HoursNotNumber)
            .to_vec(),
        ["1,5", "2,5", "0,5", "3,5"]
            .map(Dirty::AmbiguousDecimal)
            .to_vec(),
        vec![Dirty::TooManyFields; 4],
        vec![Dirty::Duplicate; 6],
        ["מאשר", "מאושד", "ממטין", "נדכה"]
            .map(Dirty::UnknownStatus)
            .to_vec(),
        vec![Dirty::Blank; 3],
    ]
}

/// Deterministic placement: `(generated-activity index, problem)`, sorted by index.
fn dirty_plan(rng: &mut Rng, activities: u64) -> Vec<(u64, Dirty)> {
    let groups = dirty_groups();
    // Round-robin over kinds so that a shortened list keeps every kind.
    let longest = groups.iter().map(Vec::len).max().unwrap_or(0);
    let mut items = Vec::new();
    for i in 0..longest {
        for g in &groups {
            if let Some(d) = g.get(i) {
                items.push(*d);
            }
        }
    }
    items.truncate((activities / 50) as usize);
    rng.shuffle(&mut items);
    let n = items.len() as u64;
    if n == 0 {
        return Vec::new();
    }
    let spacing = activities / n;
    items
        .into_iter()
        .enumerate()
        .map(|(k, d)| {
            let jitter = rng.range_i64(0, (spacing / 2) as i64) as u64;
            (k as u64 * spacing + spacing / 4 + jitter, d)
        })
        .collect()
}

/// One (volunteer, department) pair.
struct Pair {
    vol: usize,
    /// Index into the volunteer's assignments.
    assign: usize,
    dept: usize,
    weight: f64,
    start: i32,
    end: i32,
}

/// Active pairs per department, with cumulative weights.
struct Active<'a> {
    pairs: &'a [Pair],
    starts: Vec<Vec<u32>>,
    ends: Vec<Vec<u32>>,
    members: [Vec<u32>; N_DEPTS],
    cumulative: [Vec<f64>; N_DEPTS],
}

impl<'a> Active<'a> {
    fn new(pairs: &'a [Pair]) -> Self {
        let mut starts = vec![Vec::new(); PERIOD_DAYS as usize];
        let mut ends = vec![Vec::new(); PERIOD_DAYS as usize + 1];
        for (i, p) in pairs.iter().enumerate() {
            starts[p.start as usize].push(i as u32);
            ends[p.end as usize].push(i as u32);
        }
        Self {
            pairs,
            starts,
            ends,
            members: Default::default(),
            cumulative: Default::default(),
        }
    }

    /// Applies the joins and leaves of `day` and rebuilds the changed departments.
    fn advance(&mut self, day: i32) {
        let mut changed = [false; N_DEPTS];
        for &i in &self.ends[day as usize] {
            let d = self.pairs[i as usize].dept;
            if let Ok(pos) = self.members[d].binary_search(&i) {
                self.members[d].remove(pos);
                changed[d] = true;
            }
        }
        for &i in &self.starts[day as usize] {
            let d = self.pairs[i as usize].dept;
            if let Err(pos) = self.members[d].binary_search(&i) {
                self.members[d].insert(pos, i);
                changed[d] = true;
            }
        }
        let pairs = self.pairs;
        for ((cumulative, members), _) in self
            .cumulative
            .iter_mut()
            .zip(&self.members)
            .zip(changed)
            .filter(|(_, changed)| *changed)
        {
            let mut acc = 0.0;
            *cumulative = members
                .iter()
                .map(|&i| {
                    acc += pairs[i as usize].weight;
                    acc
                })
                .collect();
        }
    }

    fn total(&self, dept: usize) -> f64 {
        self.cumulative[dept].last().copied().unwrap_or(0.0)
    }
}

/// Hours in hundredths → `3`, `2.5`, `1.25`, `-0.5`.
#[cfg(test)]
fn fmt_hours(cents: i64) -> String {
    let mut buf = Vec::new();
    push_hours(&mut buf, cents);
    String::from_utf8_lossy(&buf).into_owned()
}

/// Identity of a clean row within one day: the pair fixes volunteer, department and
/// organisation; the rest is length, status and role.
fn row_key(pair: u32, cents: i64, status: usize, role: usize) -> u64 {
    (u64::from(pair) << 24) | ((cents as u64) << 8) | ((status as u64) << 5) | role as u64
}

/// Appends [`fmt_hours`] without allocating.
fn push_hours(buf: &mut Vec<u8>, cents: i64) {
    if cents < 0 {
        buf.push(b'-');
    }
    let c = cents.unsigned_abs();
    let (w, f) = (c / 100, c % 100);
    // Writing into a Vec cannot fail.
    let _ = match f {
        0 => write!(buf, "{w}"),
        f if f % 10 == 0 => write!(buf, "{w}.{}", f / 10),
        f => write!(buf, "{w}.{f:02}"),
    };
}

fn draw_cents(rng: &mut Rng, median: f64, rounding: Rounding) -> i64 {
    let x = rng.lognormal(libm::log(median), 0.35).min(12.0);
    let step: i32 = match rounding {
        Rounding::Whole => 100,
        Rounding::Half => 50,
        Rounding::Quarter => 25,
    };
    let steps = libm::round(x * 100.0 / f64::from(step)) as i64;
    (steps * i64::from(step)).clamp(i64::from(step), 1200)
}

/// Pre-encoded windows-1255 bytes of every fixed string.
struct Vocab {
    dates: Vec<Vec<u8>>,
    statuses: [Vec<u8>; 3],
    depts: Vec<Vec<u8>>,
    orgs: Vec<Vec<u8>>,
    orgs_raw: Vec<Vec<u8>>,
    roles: Vec<Vec<u8>>,
    /// Neighbourhood names (bench layout only; empty for the demo).
    hoods: Vec<Vec<u8>>,
}

impl Vocab {
    fn new(layout: Layout) -> io::Result<Self> {
        let enc = |s: &str| match layout {
            Layout::Demo => windows_1255(&quote(s)),
            Layout::Bench => Ok(quote(s).into_owned().into_bytes()),
        };
        let fmt_date = match layout {
            Layout::Demo => fmt_dmy,
            Layout::Bench => fmt_iso,
        };
        Ok(Self {
            dates: (0..PERIOD_DAYS)
                .map(|d| fmt_date(date_of(d)).into_bytes())
                .collect(),
            statuses: [
                enc(STATUS_APPROVED)?,
                enc(STATUS_PENDING)?,
                enc(STATUS_REJECTED)?,
            ],
            depts: DEPARTMENTS
                .iter()
                .map(|s| enc(s))
                .collect::<io::Result<_>>()?,
            orgs: ORGS
                .iter()
                .map(|o| enc(o.name))
                .collect::<io::Result<_>>()?,
            orgs_raw: ORGS
                .iter()
                .map(|o| windows_1255(o.name))
                .collect::<io::Result<_>>()?,
            roles: ROLES
                .iter()
                .map(|r| enc(r.name))
                .collect::<io::Result<_>>()?,
            hoods: match layout {
                Layout::Demo => Vec::new(),
                Layout::Bench => HOODS
                    .iter()
                    .map(|h| enc(h.name))
                    .collect::<io::Result<_>>()?,
            },
        })
    }
}

/// A row before it is written.
#[derive(Clone)]
struct Row {
    vol: usize,
    day: i32,
    cents: i64,
    /// 0 approved, 1 pending, 2 rejected.
    status: usize,
    dept: usize,
    org: usize,
    role: usize,
}

/// Counts everything written, row by row.
struct Tally {
    line: u64,
    used: u64,
    rejected: u64,
    skipped: u64,
    approved: u64,
    pending: u64,
    rejected_status: u64,
    cents: i64,
    month_masks: Vec<u64>,
    /// Volunteers with any row (any status, dirty or not) bearing their id.
    seen: Vec<bool>,
    month_acts: [u64; PERIOD_MONTHS],
    month_cents: [i64; PERIOD_MONTHS],
    diagnostics: Vec<ExpectedDiagnostic>,
}

impl Tally {
    fn diag(&mut self, code: &str, column: Option<&str>, value: Option<&str>) {
        let warning = code == "status.unknown";
        if warning {
            self.used += 1;
        } else {
            self.rejected += 1;
        }
        self.diagnostics.push(ExpectedDiagnostic {
            row: self.line,
            code: code.to_string(),
            severity: if warning { "warning" } else { "error" }.to_string(),
            column: column.map(str::to_string),
            value: value.map(str::to_string),
            first_row: None,
        });
    }

    fn clean(&mut self, row: &Row) {
        self.used += 1;
        self.seen[row.vol] = true;
        match row.status {
            0 => {
                self.approved += 1;
                self.cents += row.cents;
                let m = month_index(row.day);
                self.month_masks[row.vol] |= 1u64 << m;
                self.month_acts[m] += 1;
                self.month_cents[m] += row.cents;
            }
            1 => self.pending += 1,
            _ => self.rejected_status += 1,
        }
    }
}

struct Writer<'a> {
    out: BufWriter<File>,
    vocab: &'a Vocab,
    vols: &'a [Volunteer],
    buf: Vec<u8>,
    layout: Layout,
}

impl Writer<'_> {
    /// Writes one record (already without line ending) plus CRLF (demo) or LF (bench).
    fn line(&mut self, tally: &mut Tally, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.out.write_all(match self.layout {
            Layout::Demo => b"\r\n",
            Layout::Bench => b"\n",
        })?;
        tally.line += 1;
        Ok(())
    }

    /// Serialises `row` in the bench layout into `self.buf`; `empty_hours` leaves the hours
    /// cell blank.
    fn compose_bench(&mut self, row: &Row, empty_hours: bool) {
        let v = self.vocab;
        let vol = &self.vols[row.vol];
        self.buf.clear();
        // Writing into a Vec cannot fail.
        let _ = write!(self.buf, "{},", vol.id);
        self.buf.extend_from_slice(&v.dates[row.day as usize]);
        self.buf.push(b',');
        if !empty_hours {
            push_hours(&mut self.buf, row.cents);
        }
        self.buf.push(b',');
        self.buf.extend_from_slice(&v.depts[row.dept]);
        self.buf.push(b',');
        self.buf.extend_from_slice(&v.orgs[row.org]);
        self.buf.push(b',');
        self.buf.extend_from_slice(&v.hoods[vol.hood]);
    }

    /// Serialises `row` into `self.buf`, with optional replacement fields (already encoded).
    fn compose(
        &mut self,
        row: &Row,
        id: Option<&[u8]>,
        date: Option<&[u8]>,
        hours: Option<&[u8]>,
        status: Option<&[u8]>,
        org: Option<&[u8]>,
    ) {
        let v = self.vocab;
        self.buf.clear();
        match id {
            Some(b) => self.buf.extend_from_slice(b),
            // Writing into a Vec cannot fail.
            None => {
                let _ = write!(self.buf, "{}", self.vols[row.vol].id);
            }
        }
        self.buf.push(b',');
        self.buf
            .extend_from_slice(date.unwrap_or(&v.dates[row.day as usize]));
        self.buf.push(b',');
        match hours {
            Some(b) => self.buf.extend_from_slice(b),
            None => push_hours(&mut self.buf, row.cents),
        }
        self.buf.push(b',');
        self.buf
            .extend_from_slice(status.unwrap_or(&v.statuses[row.status]));
        self.buf.push(b',');
        self.buf.extend_from_slice(&v.depts[row.dept]);
        self.buf.push(b',');
        self.buf.extend_from_slice(org.unwrap_or(&v.orgs[row.org]));
        self.buf.push(b',');
        self.buf.extend_from_slice(&v.roles[row.role]);
    }
}

/// What [`write_hours_log`] found out while writing.
pub struct HoursOutcome {
    /// The exact truth of the file.
    pub truth: HoursLogTruth,
    /// Observed year-on-year change of mean monthly active volunteers (see `LevelChange`).
    pub year_on_year: f64,
    /// Registry volunteers whose id appears on at least one row.
    pub volunteers_in_log: u32,
}

/// Writes `hours_log.csv` and returns its exact truth.
pub fn write_hours_log(
    path: &Path,
    seed: u64,
    activities: u64,
    vols: &[Volunteer],
) -> io::Result<HoursOutcome> {
    write_log(path, seed, activities, vols, Layout::Demo)
}

/// What [`write_bench_log`] wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BenchOutcome {
    /// Data rows (the header not counted).
    pub rows: u64,
    /// Rows with an empty `hours` cell.
    pub empty_hours: u64,
}

/// Writes the log in the bench layout (see the module docs): the same generated sessions as
/// [`write_hours_log`] for the same seed, without planted problems other than empty hours.
pub fn write_bench_log(
    path: &Path,
    seed: u64,
    activities: u64,
    vols: &[Volunteer],
) -> io::Result<BenchOutcome> {
    let o = write_log(path, seed, activities, vols, Layout::Bench)?;
    Ok(BenchOutcome {
        rows: o.truth.rows_total,
        empty_hours: o.truth.rows_rejected,
    })
}

fn write_log(
    path: &Path,
    seed: u64,
    activities: u64,
    vols: &[Volunteer],
    layout: Layout,
) -> io::Result<HoursOutcome> {
    let season = Seasonality::new();
    let vocab = Vocab::new(layout)?;

    // Pairs.
    let mut pairs = Vec::new();
    for (vi, v) in vols.iter().enumerate() {
        let start = v.join.max(0);
        let end = v.leave.unwrap_or(PERIOD_DAYS).min(PERIOD_DAYS);
        if v.rate <= 0.0 || start >= end {
            continue;
        }
        for (ai, a) in v.assignments.iter().enumerate() {
            pairs.push(Pair {
                vol: vi,
                assign: ai,
                dept: a.dept,
                weight: v.rate * a.share,
                start,
                end,
            });
        }
    }

    // Pass 1: daily load.
    let mut noise_rng = Rng::stream(seed, Stream::DayNoise);
    let mut active = Active::new(&pairs);
    let mut load = Vec::with_capacity(PERIOD_DAYS as usize);
    for day in 0..PERIOD_DAYS {
        active.advance(day);
        let base: f64 = (0..N_DEPTS)
            .map(|d| season.factor(day, d) * active.total(d))
            .sum();
        load.push(base * noise_rng.lognormal(0.0, 0.12));
    }
    let total_load: f64 = load.iter().sum();
    if activities > 0 && total_load <= 0.0 {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "no volunteer is active during the period; increase volunteers",
        ));
    }
    let mut per_day = Vec::with_capacity(load.len());
    let (mut acc, mut prev) = (0.0, 0u64);
    for (i, l) in load.iter().enumerate() {
        acc += l;
        let cum = if i + 1 == load.len() {
            activities
        } else {
            (libm::floor(acc / total_load * activities as f64) as u64).min(activities)
        };
        per_day.push(cum.saturating_sub(prev));
        prev = cum.max(prev);
    }

    // Pass 2: rows.
    let mut dirty_rng = Rng::stream(seed, Stream::Dirty);
    let plan = match layout {
        Layout::Demo => dirty_plan(&mut dirty_rng, activities),
        Layout::Bench => Vec::new(),
    };
    let mut next_dirty = 0usize;
    let mut rng = Rng::stream(seed, Stream::Hours);
    let mut active = Active::new(&pairs);
    let mut tally = Tally {
        line: 0,
        used: 0,
        rejected: 0,
        skipped: 0,
        approved: 0,
        pending: 0,
        rejected_status: 0,
        cents: 0,
        month_masks: vec![0; vols.len()],
        seen: vec![false; vols.len()],
        month_acts: [0; PERIOD_MONTHS],
        month_cents: [0; PERIOD_MONTHS],
        diagnostics: Vec::new(),
    };
    let mut w = Writer {
        out: BufWriter::with_capacity(1 << 16, File::create(path)?),
        vocab: &vocab,
        vols,
        buf: Vec::with_capacity(256),
        layout,
    };
    let header = match layout {
        Layout::Demo => windows_1255(&HOURS_HEADER.join(","))?,
        Layout::Bench => BENCH_HEADER.join(",").into_bytes(),
    };
    w.line(&mut tally, &header)?;

    // A planted duplicate waiting to be written: (bytes, original row, rows still to wait).
    let mut pending_dup: Option<(Vec<u8>, u64, u32)> = None;
    let mut day_keys: HashSet<u64> = HashSet::new();
    let comma_orgs: Vec<usize> = (0..ORGS.len())
        .filter(|o| ORGS[*o].name.contains(','))
        .collect();
    let mut generated = 0u64;
    // The bench layout writes neither status nor role, so a row is identified by its pair
    // (volunteer, department, organisation) and length alone.
    let key_of = |pi: u32, cents: i64, status: usize, role: usize| match layout {
        Layout::Demo => row_key(pi, cents, status, role),
        Layout::Bench => row_key(pi, cents, 0, 0),
    };

    for day in 0..PERIOD_DAYS {
        active.advance(day);
        day_keys.clear();
        let dept_load: Vec<f64> = (0..N_DEPTS)
            .map(|d| season.factor(day, d) * active.total(d))
            .collect();
        for _ in 0..per_day[day as usize] {
            // Session. A collision with an earlier row of the same volunteer, day, status and
            // role moves the length to the nearest free quarter hour; if all 48 are taken
            // (only at absurd densities) the session goes to another draw.
            let mut redraws = 0u32;
            let (pi, role, cents, status) = loop {
                let dept = rng.weighted(&dept_load);
                let pick = rng.pick_cumulative(&active.cumulative[dept]);
                let (Some(&pi), true) = (active.members[dept].get(pick), dept_load[dept] > 0.0)
                else {
                    return Err(io::Error::other(
                        "internal: session drawn from an empty department",
                    ));
                };
                let pair = &pairs[pi as usize];
                let v = &vols[pair.vol];
                let a = &v.assignments[pair.assign];
                let role = match a.second_role {
                    Some(r2) if rng.bernoulli(0.25) => r2,
                    _ => a.role,
                };
                let drawn = draw_cents(&mut rng, ROLES[role].median_hours, v.rounding);
                let status = match rng.uniform() {
                    u if u < 0.88 => 0,
                    u if u < 0.96 => 1,
                    _ => 2,
                };
                // Nearest free length: drawn, +¼, −¼, +½, −½, … within ¼..=12 hours.
                let free = (0..96i64)
                    .map(|k| {
                        drawn
                            + if k % 2 == 0 {
                                25 * (k / 2)
                            } else {
                                -25 * (k / 2 + 1)
                            }
                    })
                    .filter(|c| (25..=1200).contains(c))
                    .find(|c| !day_keys.contains(&key_of(pi, *c, status, role)));
                if let Some(cents) = free {
                    break (pi, role, cents, status);
                }
                redraws += 1;
                if redraws > 100_000 {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidInput,
                        "too many activities per volunteer and day to keep rows unique; \
                         raise volunteers or lower activities",
                    ));
                }
            };
            let pair = &pairs[pi as usize];
            let a = &vols[pair.vol].assignments[pair.assign];
            let key = |c: i64| key_of(pi, c, status, role);
            let row = Row {
                vol: pair.vol,
                day,
                cents,
                status,
                dept: pair.dept,
                org: a.org,
                role,
            };

            // Planted problem at this position?
            let mut dirty = None;
            while let Some(&(pos, d)) = plan.get(next_dirty) {
                if pos != generated {
                    break;
                }
                next_dirty += 1;
                if d == Dirty::Blank {
                    w.line(&mut tally, b"")?;
                    tally.skipped += 1;
                } else {
                    dirty = Some(d);
                }
            }
            if layout == Layout::Bench {
                let empty = dirty_rng.bernoulli(BENCH_EMPTY_HOURS);
                if !empty {
                    day_keys.insert(key(cents));
                }
                w.compose_bench(&row, empty);
                let bytes = std::mem::take(&mut w.buf);
                w.line(&mut tally, &bytes)?;
                w.buf = bytes;
                if empty {
                    tally.diag("value.missing", Some("hours"), None);
                } else {
                    tally.clean(&row);
                }
                generated += 1;
                continue;
            }
            match dirty {
                None | Some(Dirty::Duplicate) | Some(Dirty::Blank) => {
                    day_keys.insert(key(cents));
                    w.compose(&row, None, None, None, None, None);
                    let bytes = std::mem::take(&mut w.buf);
                    w.line(&mut tally, &bytes)?;
                    tally.clean(&row);
                    if dirty == Some(Dirty::Duplicate) {
                        let wait = 2 + rng.below(5);
                        pending_dup = Some((bytes.clone(), tally.line, wait));
                    }
                    w.buf = bytes;
                }
                Some(d) => write_dirty(&mut w, &mut tally, &row, d, &comma_orgs)?,
            }
            generated += 1;

            if let Some((bytes, first, wait)) = pending_dup.take() {
                if wait == 0 {
                    emit_duplicate(&mut w, &mut tally, &bytes, first)?;
                } else {
                    pending_dup = Some((bytes, first, wait - 1));
                }
            }
        }
    }
    if let Some((bytes, first, _)) = pending_dup.take() {
        emit_duplicate(&mut w, &mut tally, &bytes, first)?;
    }
    w.out.flush()?;

    let monthly: Vec<MonthTruth> = (0..PERIOD_MONTHS)
        .map(|m| MonthTruth {
            month: month_label(m),
            volunteers: tally
                .month_masks
                .iter()
                .filter(|mask| *mask & (1u64 << m) != 0)
                .count() as u64,
            approved_activities: tally.month_acts[m],
            approved_hours: tally.month_cents[m] as f64 / 100.0,
        })
        .collect();
    let mean = |r: std::ops::Range<usize>| {
        let n = r.len() as f64;
        monthly[r].iter().map(|m| m.volunteers as f64).sum::<f64>() / n
    };
    let (before, after) = (mean(8..20), mean(20..32));
    let yoy = if before > 0.0 {
        libm::round((after / before - 1.0) * 10_000.0) / 10_000.0
    } else {
        0.0
    };

    let volunteers_in_log = tally.seen.iter().filter(|s| **s).count() as u32;
    let truth = HoursLogTruth {
        rows_total: tally.line - 1,
        rows_used: tally.used,
        rows_rejected: tally.rejected,
        rows_skipped: tally.skipped,
        volunteers: tally.month_masks.iter().filter(|m| **m != 0).count() as u64,
        approved_hours: tally.cents as f64 / 100.0,
        approved_activities: tally.approved,
        pending_activities: tally.pending,
        rejected_activities: tally.rejected_status,
        monthly_active: monthly,
        diagnostics: tally.diagnostics,
    };
    Ok(HoursOutcome {
        truth,
        year_on_year: yoy,
        volunteers_in_log,
    })
}

fn emit_duplicate(
    w: &mut Writer<'_>,
    tally: &mut Tally,
    bytes: &[u8],
    first: u64,
) -> io::Result<()> {
    w.line(tally, bytes)?;
    tally.diag("row.duplicate", None, None);
    if let Some(d) = tally.diagnostics.last_mut() {
        d.first_row = Some(first);
    }
    Ok(())
}

fn write_dirty(
    w: &mut Writer<'_>,
    tally: &mut Tally,
    row: &Row,
    d: Dirty,
    comma_orgs: &[usize],
) -> io::Result<()> {
    let [c_id, c_date, c_hours, c_status, ..] = HOURS_HEADER;
    let (code, column, value): (&str, Option<&str>, Option<&str>) = match d {
        Dirty::BadDate(s) => {
            let b = windows_1255(&quote(s))?;
            w.compose(row, None, Some(&b), None, None, None);
            ("date.invalid", Some(c_date), Some(s))
        }
        Dirty::MissingId => {
            w.compose(row, Some(b""), None, None, None, None);
            ("value.missing", Some(c_id), None)
        }
        Dirty::HoursOutOfRange(s) => {
            w.compose(row, None, None, Some(s.as_bytes()), None, None);
            ("hours.out_of_range", Some(c_hours), Some(s))
        }
        Dirty::HoursNotNumber(s) => {
            let b = windows_1255(&quote(s))?;
            w.compose(row, None, None, Some(&b), None, None);
            ("number.invalid", Some(c_hours), Some(s))
        }
        Dirty::AmbiguousDecimal(s) => {
            let b = windows_1255(&quote(s))?;
            w.compose(row, None, None, Some(&b), None, None);
            ("number.ambiguous_decimal", Some(c_hours), Some(s))
        }
        Dirty::TooManyFields => {
            let org = comma_orgs
                .get(row.vol % comma_orgs.len().max(1))
                .copied()
                .unwrap_or(1);
            let raw = w.vocab.orgs_raw[org].clone();
            w.compose(row, None, None, None, None, Some(&raw));
            ("csv.too_many_fields", None, None)
        }
        Dirty::UnknownStatus(s) => {
            let b = windows_1255(&quote(s))?;
            w.compose(row, None, None, None, Some(&b), None);
            ("status.unknown", Some(c_status), Some(s))
        }
        Dirty::Duplicate | Dirty::Blank => return Ok(()),
    };
    let bytes = std::mem::take(&mut w.buf);
    w.line(tally, &bytes)?;
    w.buf = bytes;
    if d != Dirty::MissingId {
        tally.seen[row.vol] = true;
    }
    tally.diag(code, column, value);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_format_uses_at_most_two_decimals() {
        assert_eq!(fmt_hours(300), "3");
        assert_eq!(fmt_hours(250), "2.5");
        assert_eq!(fmt_hours(125), "1.25");
        assert_eq!(fmt_hours(25), "0.25");
        assert_eq!(fmt_hours(-50), "-0.5");
    }

    #[test]
    fn plan_has_every_kind_and_is_well_spaced() {
        let mut rng = Rng::stream(42, Stream::Dirty);
        let plan = dirty_plan(&mut rng, 60_000);
        assert_eq!(plan.len(), 39);
        for pair in plan.windows(2) {
            assert!(pair[1].0 >= pair[0].0 + 20, "{:?}", (pair[0].0, pair[1].0));
        }
        assert!(plan.last().is_some_and(|p| p.0 < 60_000 - 10));
        let short = dirty_plan(&mut rng, 500);
        assert_eq!(short.len(), 10);
    }
}
