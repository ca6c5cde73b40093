//! The demo's calendar: the three-year period, date formatting and the seasonality model.
//!
//! Days are `i32` offsets from the first day of the period (2023-01-01 = day 0); days before the
//! period are negative (volunteers who joined earlier).

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use crate::names::{DEPARTMENTS, DEPT_EDUCATION, DEPT_EMERGENCY, DEPT_YOUTH};

/// First day of the hours log.
pub const PERIOD_START: (i32, u32, u32) = (2023, 1, 1);
/// Last day of the hours log (inclusive).
pub const PERIOD_END: (i32, u32, u32) = (2025, 12, 31);
/// Start of the planted program (level change).
pub const PROGRAM_START: (i32, u32, u32) = (2024, 9, 1);
/// Number of days in the period (2024 is a leap year).
pub const PERIOD_DAYS: i32 = 1096;
/// Number of calendar months in the period.
pub const PERIOD_MONTHS: usize = 36;

/// A date from a (y, m, d) constant that is known to be valid; falls back to the epoch so the
/// function stays total (the constants are checked by a unit test).
pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn start_date() -> NaiveDate {
    ymd(PERIOD_START.0, PERIOD_START.1, PERIOD_START.2)
}

/// Day offset of a calendar date.
pub fn day_of(date: NaiveDate) -> i32 {
    date.num_days_from_ce() - start_date().num_days_from_ce()
}

/// Day offset of a (y, m, d) triple.
pub fn day_of_ymd(y: i32, m: u32, d: u32) -> i32 {
    day_of(ymd(y, m, d))
}

/// Calendar date of a day offset.
pub fn date_of(day: i32) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(start_date().num_days_from_ce() + day).unwrap_or_default()
}

/// `dd/mm/yyyy`, the Israeli spreadsheet convention.
pub fn fmt_dmy(date: NaiveDate) -> String {
    format!("{:02}/{:02}/{:04}", date.day(), date.month(), date.year())
}

/// `yyyy-mm-dd`.
pub fn fmt_iso(date: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", date.year(), date.month(), date.day())
}

/// Excel serial date number (1900 date system, days since 1899-12-30).
pub fn excel_serial(date: NaiveDate) -> f64 {
    f64::from(date.num_days_from_ce() - ymd(1899, 12, 30).num_days_from_ce())
}

/// Month index within the period (0 = 2023-01) of an in-period day.
pub fn month_index(day: i32) -> usize {
    let d = date_of(day);
    ((d.year() - PERIOD_START.0) * 12 + d.month0() as i32).clamp(0, PERIOD_MONTHS as i32 - 1)
        as usize
}

/// `yyyy-mm` label of a month index.
pub fn month_label(index: usize) -> String {
    format!(
        "{:04}-{:02}",
        PERIOD_START.0 + (index / 12) as i32,
        index % 12 + 1
    )
}

/// One seasonal window: between `start` and `end` (inclusive) the activity of the listed
/// departments is multiplied by `factor`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SeasonWindow {
    /// Short name, e.g. `tishrei-2023`.
    pub name: String,
    /// First day, `yyyy-mm-dd`.
    pub start: String,
    /// Last day (inclusive), `yyyy-mm-dd`.
    pub end: String,
    /// Departments affected (Hebrew names as written in the log).
    pub departments: Vec<String>,
    /// Multiplier on the expected number of sessions.
    pub factor: f64,
}

struct WindowDef {
    name: &'static str,
    start: (i32, u32, u32),
    end: (i32, u32, u32),
    /// `None` = every department.
    departments: Option<&'static [usize]>,
    factor: f64,
}

const SCHOOL: &[usize] = &[DEPT_EDUCATION, DEPT_YOUTH];

/// Approximate holiday windows, fixed per year (Gregorian dates of the Jewish holidays move
/// every year, so they are tabulated rather than computed):
/// * Tishrei: Rosh Hashana eve to the end of Sukkot / Simchat Torah
///   (2023-09-15..10-08, 2024-10-02..10-25, 2025-09-22..10-15);
/// * Passover week incl. the eve (2023-04-05..04-13, 2024-04-22..04-30, 2025-04-12..04-20);
/// * school summer holiday, 1 July – 31 August, education and youth departments only.
const WINDOWS: &[WindowDef] = &[
    WindowDef {
        name: "passover-2023",
        start: (2023, 4, 5),
        end: (2023, 4, 13),
        departments: None,
        factor: 0.5,
    },
    WindowDef {
        name: "summer-2023",
        start: (2023, 7, 1),
        end: (2023, 8, 31),
        departments: Some(SCHOOL),
        factor: 0.25,
    },
    WindowDef {
        name: "tishrei-2023",
        start: (2023, 9, 15),
        end: (2023, 10, 8),
        departments: None,
        factor: 0.5,
    },
    WindowDef {
        name: "passover-2024",
        start: (2024, 4, 22),
        end: (2024, 4, 30),
        departments: None,
        factor: 0.5,
    },
    WindowDef {
        name: "summer-2024",
        start: (2024, 7, 1),
        end: (2024, 8, 31),
        departments: Some(SCHOOL),
        factor: 0.25,
    },
    WindowDef {
        name: "tishrei-2024",
        start: (2024, 10, 2),
        end: (2024, 10, 25),
        departments: None,
        factor: 0.5,
    },
    WindowDef {
        name: "passover-2025",
        start: (2025, 4, 12),
        end: (2025, 4, 20),
        departments: None,
        factor: 0.5,
    },
    WindowDef {
        name: "summer-2025",
        start: (2025, 7, 1),
        end: (2025, 8, 31),
        departments: Some(SCHOOL),
        factor: 0.25,
    },
    WindowDef {
        name: "tishrei-2025",
        start: (2025, 9, 22),
        end: (2025, 10, 15),
        departments: None,
        factor: 0.5,
    },
];

// Day-of-week factors, Sunday first. The Israeli week: Sunday–Thursday full, Friday a half day,
/// Saturday (Shabbat) very little, except the emergency department, which works every day.
/// Day-of-week factors (Sunday first) for every department except emergency.
pub const WEEKDAY: [f64; 7] = [1.0, 1.0, 1.0, 1.0, 1.0, 0.45, 0.12];
/// Day-of-week factors (Sunday first) for the emergency department.
pub const WEEKDAY_EMERGENCY: [f64; 7] = [1.0, 1.0, 1.0, 1.0, 1.0, 0.8, 0.6];

/// A precomputed table of seasonal factors, `[day][department]`, for the whole period.
#[derive(Debug, Clone)]
pub struct Seasonality {
    factors: Vec<[f64; DEPARTMENTS.len()]>,
}

impl Seasonality {
    /// Builds the table for all [`PERIOD_DAYS`].
    pub fn new() -> Self {
        let mut factors = Vec::with_capacity(PERIOD_DAYS as usize);
        for day in 0..PERIOD_DAYS {
            let date = date_of(day);
            let dow = date.weekday().num_days_from_sunday() as usize;
            let mut row = [0.0; DEPARTMENTS.len()];
            for (dept, f) in row.iter_mut().enumerate() {
                *f = if dept == DEPT_EMERGENCY {
                    WEEKDAY_EMERGENCY[dow]
                } else {
                    WEEKDAY[dow]
                };
            }
            for w in WINDOWS {
                let (s, e) = (
                    ymd(w.start.0, w.start.1, w.start.2),
                    ymd(w.end.0, w.end.1, w.end.2),
                );
                if date >= s && date <= e {
                    for (dept, f) in row.iter_mut().enumerate() {
                        if w.departments.is_none_or(|ds| ds.contains(&dept)) {
                            *f *= w.factor;
                        }
                    }
                }
            }
            factors.push(row);
        }
        Self { factors }
    }

    /// Factor of `dept` on in-period `day`.
    pub fn factor(&self, day: i32, dept: usize) -> f64 {
        self.factors.get(day as usize).map_or(0.0, |row| row[dept])
    }

    /// The windows, for truth.json.
    pub fn windows() -> Vec<SeasonWindow> {
        WINDOWS
            .iter()
            .map(|w| SeasonWindow {
                name: w.name.to_string(),
                start: fmt_iso(ymd(w.start.0, w.start.1, w.start.2)),
                end: fmt_iso(ymd(w.end.0, w.end.1, w.end.2)),
                departments: match w.departments {
                    None => DEPARTMENTS.iter().map(|d| d.to_string()).collect(),
                    Some(ds) => ds.iter().map(|d| DEPARTMENTS[*d].to_string()).collect(),
                },
                factor: w.factor,
            })
            .collect()
    }
}

impl Default for Seasonality {
    fn default() -> Self {
        Self::new()
    }
}

/// Whether a date is a Saturday (used only in docs/tests).
pub fn is_shabbat(date: NaiveDate) -> bool {
    date.weekday() == Weekday::Sat
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn constants_are_valid_dates() {
        for (y, m, d) in [PERIOD_START, PERIOD_END, PROGRAM_START] {
            assert!(NaiveDate::from_ymd_opt(y, m, d).is_some());
        }
        for w in WINDOWS {
            assert!(NaiveDate::from_ymd_opt(w.start.0, w.start.1, w.start.2).is_some());
            assert!(NaiveDate::from_ymd_opt(w.end.0, w.end.1, w.end.2).is_some());
        }
        assert_eq!(
            day_of_ymd(PERIOD_END.0, PERIOD_END.1, PERIOD_END.2),
            PERIOD_DAYS - 1
        );
        assert_eq!(month_index(PERIOD_DAYS - 1), PERIOD_MONTHS - 1);
        assert_eq!(month_label(20), "2024-09");
        assert_eq!(fmt_dmy(date_of(0)), "01/01/2023");
        assert_eq!(excel_serial(ymd(2023, 1, 1)), 44927.0);
        assert!(is_shabbat(ymd(2023, 1, 7)));
    }
}
