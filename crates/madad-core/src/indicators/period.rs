//! Periods of the series: month, quarter, calendar year, school year (September–August) and
//! fiscal year (starting in a chosen month), on month indexes m = year × 12 + (month − 1).
//!
//! A year-like period with offset o (0 for the calendar year, 8 for the school year, s − 1 for a
//! fiscal year starting in month s) has key ⌊(m − o) ÷ 12⌋ and starts at month key × 12 + o.

use chrono::{Datelike, NaiveDate};

use crate::definitions::PeriodType;

/// A period type with its fiscal-year start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Periods {
    /// The type.
    pub kind: PeriodType,
    /// First month (1–12) of the fiscal year.
    pub fiscal_start: u32,
}

impl Periods {
    /// A period scheme; a fiscal start outside 1–12 is taken as 1.
    pub fn new(kind: PeriodType, fiscal_start: u32) -> Self {
        Periods {
            kind,
            fiscal_start: if (1..=12).contains(&fiscal_start) {
                fiscal_start
            } else {
                1
            },
        }
    }

    fn offset(&self) -> i32 {
        match self.kind {
            PeriodType::Month | PeriodType::Quarter | PeriodType::CalendarYear => 0,
            PeriodType::SchoolYear => 8,
            PeriodType::FiscalYear => self.fiscal_start as i32 - 1,
        }
    }

    /// Months in one period.
    pub fn months(&self) -> i32 {
        match self.kind {
            PeriodType::Month => 1,
            PeriodType::Quarter => 3,
            _ => 12,
        }
    }

    /// The key of the period holding month `m`.
    pub fn key(&self, m: i32) -> i32 {
        match self.kind {
            PeriodType::Month => m,
            PeriodType::Quarter => m.div_euclid(3),
            _ => (m - self.offset()).div_euclid(12),
        }
    }

    /// The first month of period `key`.
    pub fn start_month(&self, key: i32) -> i32 {
        match self.kind {
            PeriodType::Month => key,
            PeriodType::Quarter => key * 3,
            _ => key * 12 + self.offset(),
        }
    }

    /// The label: `2025-03`, `2025-Q1`, `2025`, `2024/25` (school year), `FY2024/25` (fiscal
    /// year not starting in January) or `FY2025`.
    pub fn label(&self, key: i32) -> String {
        let start = self.start_month(key);
        let (y, mo) = (start.div_euclid(12), start.rem_euclid(12) + 1);
        match self.kind {
            PeriodType::Month => format!("{y:04}-{mo:02}"),
            PeriodType::Quarter => format!("{y:04}-Q{}", (mo - 1) / 3 + 1),
            PeriodType::CalendarYear => format!("{y:04}"),
            PeriodType::SchoolYear => format!("{y:04}/{:02}", (y + 1).rem_euclid(100)),
            PeriodType::FiscalYear if self.offset() == 0 => format!("FY{y:04}"),
            PeriodType::FiscalYear => format!("FY{y:04}/{:02}", (y + 1).rem_euclid(100)),
        }
    }

    /// First and last day (days from CE) of period `key`.
    pub fn days(&self, key: i32) -> (i32, i32) {
        let start = self.start_month(key);
        (
            first_day(start),
            first_day(start + self.months()).saturating_sub(1),
        )
    }
}

/// Month index of a day from CE.
pub fn month_of(day: i32) -> i32 {
    NaiveDate::from_num_days_from_ce_opt(day).map_or(0, |d| d.year() * 12 + d.month0() as i32)
}

/// The first day (days from CE) of month index `m`.
pub fn first_day(m: i32) -> i32 {
    NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1)
        .map_or(0, |d| d.num_days_from_ce())
}

/// `day` minus `months` calendar months (clamped to the month's end, as chrono does).
pub fn months_before(day: i32, months: u32) -> i32 {
    NaiveDate::from_num_days_from_ce_opt(day)
        .and_then(|d| d.checked_sub_months(chrono::Months::new(months)))
        .map_or(i32::MIN, |d| d.num_days_from_ce())
}

/// The last 12 complete months before the as-of date: (first month, last month). The as-of
/// month counts as complete only when the as-of date is its last day.
pub fn last_twelve_months(as_of: i32) -> (i32, i32) {
    let m = month_of(as_of);
    let complete = first_day(m + 1) - 1 == as_of;
    let last = if complete { m } else { m - 1 };
    (last - 11, last)
}

/// The year of a day from CE.
pub fn year_of(day: i32) -> i32 {
    NaiveDate::from_num_days_from_ce_opt(day).map_or(0, |d| d.year())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> i32 {
        NaiveDate::from_ymd_opt(y, m, d).unwrap().num_days_from_ce()
    }

    #[test]
    fn school_and_fiscal_years_start_in_their_month() {
        let school = Periods::new(PeriodType::SchoolYear, 1);
        // August 2025 is in 2024/25; September 2025 starts 2025/26.
        assert_eq!(
            school.label(school.key(month_of(day(2025, 8, 31)))),
            "2024/25"
        );
        assert_eq!(
            school.label(school.key(month_of(day(2025, 9, 1)))),
            "2025/26"
        );
        assert_eq!(
            school.days(school.key(month_of(day(2025, 9, 1)))),
            (day(2025, 9, 1), day(2026, 8, 31))
        );
        let fiscal = Periods::new(PeriodType::FiscalYear, 4);
        assert_eq!(
            fiscal.label(fiscal.key(month_of(day(2025, 3, 31)))),
            "FY2024/25"
        );
        assert_eq!(
            fiscal.label(fiscal.key(month_of(day(2025, 4, 1)))),
            "FY2025/26"
        );
        let q = Periods::new(PeriodType::Quarter, 1);
        assert_eq!(q.label(q.key(month_of(day(2025, 5, 2)))), "2025-Q2");
        assert_eq!(
            q.days(q.key(month_of(day(2025, 5, 2)))),
            (day(2025, 4, 1), day(2025, 6, 30))
        );
    }

    #[test]
    fn twelve_complete_months() {
        let m = |y: i32, mo: i32| y * 12 + mo - 1;
        assert_eq!(
            last_twelve_months(day(2025, 6, 30)),
            (m(2024, 7), m(2025, 6))
        );
        assert_eq!(
            last_twelve_months(day(2025, 6, 29)),
            (m(2024, 6), m(2025, 5))
        );
        assert_eq!(months_before(day(2025, 8, 31), 6), day(2025, 2, 28));
    }
}
