//! Cell coercion with explicit rules: dates, hours and approval statuses.
//!
//! Every function returns the value or a stable diagnostic code; none guesses silently.

use crate::loneliness::apa::Lang;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Day/month order of slash-, dot- or dash-separated dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum DateOrder {
    /// Day first (`31/12/2024`), the Israeli convention.
    Dmy,
    /// Month first (`12/31/2024`).
    Mdy,
}

impl DateOrder {
    /// Short label (`dmy` / `mdy`).
    pub fn label(self) -> &'static str {
        match self {
            DateOrder::Dmy => "dmy",
            DateOrder::Mdy => "mdy",
        }
    }
}

/// Replaces Arabic-Indic (U+0660–0669) and Extended Arabic-Indic (U+06F0–06F9) digits with
/// ASCII digits and the Arabic decimal separator (U+066B) with `.`; other text is unchanged.
pub fn ascii_digits(s: &str) -> std::borrow::Cow<'_, str> {
    if s.is_ascii() {
        return std::borrow::Cow::Borrowed(s);
    }
    std::borrow::Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
                '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
                '\u{066B}' => '.',
                c => c,
            })
            .collect(),
    )
}

/// The numeric parts of a date written with separators: `(first, second, year, year_digits)`
/// for d/m/y-style input, or the ISO reading when the year comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DateShape {
    /// `yyyy-mm-dd` (also with `/` or `.`).
    YearFirst { y: i32, m: u32, d: u32 },
    /// `a/b/y` where the order of `a` and `b` depends on the column.
    YearLast { a: u32, b: u32, y: i32 },
    /// A whole number: an Excel serial day.
    Serial(i64),
}

fn shape(raw: &str) -> Option<DateShape> {
    let s = raw.trim();
    // A time part after the date (`01/02/2024 00:00`, `2024-02-01T10:00`) is dropped.
    let s = s.split([' ', 'T']).next().unwrap_or(s);
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok().map(DateShape::Serial);
    }
    let sep = s.bytes().find(|b| matches!(b, b'/' | b'.' | b'-'))?;
    let parts: Vec<&str> = s.split(char::from(sep)).collect();
    let [p0, p1, p2] = parts.as_slice() else {
        return None;
    };
    let num = |p: &str| -> Option<u32> {
        if p.is_empty() || p.len() > 4 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        p.parse().ok()
    };
    let (a, b, c) = (num(p0)?, num(p1)?, num(p2)?);
    if p0.len() == 4 {
        return Some(DateShape::YearFirst {
            y: i32::try_from(a).ok()?,
            m: b,
            d: c,
        });
    }
    if p0.len() > 2 || p1.len() > 2 {
        return None;
    }
    let y = match p2.len() {
        4 => i32::try_from(c).ok()?,
        // Two-digit years: 00–69 are 2000–2069, 70–99 are 1970–1999 (POSIX strptime's pivot).
        2 => i32::try_from(if c < 70 { 2000 + c } else { 1900 + c }).ok()?,
        _ => return None,
    };
    Some(DateShape::YearLast { a, b, y })
}

/// What a single value says about the day/month order of its column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderEvidence {
    /// Only day-first reads it as a date (`25/03/2024`).
    DayFirst,
    /// Only month-first reads it as a date (`03/25/2024`).
    MonthFirst,
    /// Both orders give a date (`03/04/2024`), or the order does not matter.
    Ambiguous,
    /// Not a d/m/y value.
    None,
}

/// Classifies one raw value for the per-column order decision.
pub fn order_evidence(raw: &str) -> OrderEvidence {
    let digits = ascii_digits(raw);
    match shape(&digits) {
        Some(DateShape::YearLast { a, b, y }) => {
            let dmy = NaiveDate::from_ymd_opt(y, b, a).is_some();
            let mdy = NaiveDate::from_ymd_opt(y, a, b).is_some();
            match (dmy, mdy) {
                (true, false) => OrderEvidence::DayFirst,
                (false, true) => OrderEvidence::MonthFirst,
                (true, true) => OrderEvidence::Ambiguous,
                (false, false) => OrderEvidence::None,
            }
        }
        _ => OrderEvidence::None,
    }
}

/// Formats a date as ISO 8601 `YYYY-MM-DD` (without chrono's strftime machinery).
pub fn iso(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// Parses a strict ISO 8601 `YYYY-MM-DD` date (options and profiles; not user cells).
pub fn parse_iso(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let n = |r: std::ops::Range<usize>| s.get(r)?.parse::<u32>().ok();
    NaiveDate::from_ymd_opt(i32::try_from(n(0..4)?).ok()?, n(5..7)?, n(8..10)?)
}

/// Excel serial-day numbers accepted in a date column (1927-05-18 to 2173-10-14); smaller or
/// larger whole numbers are far more likely to be something else.
const SERIAL_RANGE: std::ops::RangeInclusive<i64> = 10_000..=100_000;

/// Parses a date cell. Errors: `date.invalid`; `date.excel_1900_leap_day` for serial 60, the
/// fictitious 1900-02-29 of Excel's 1900 date system.
pub fn parse_date(raw: &str, order: DateOrder) -> Result<NaiveDate, &'static str> {
    let digits = ascii_digits(raw);
    let date = match shape(&digits).ok_or("date.invalid")? {
        DateShape::YearFirst { y, m, d } => NaiveDate::from_ymd_opt(y, m, d),
        DateShape::YearLast { a, b, y } => match order {
            DateOrder::Dmy => NaiveDate::from_ymd_opt(y, b, a),
            DateOrder::Mdy => NaiveDate::from_ymd_opt(y, a, b),
        },
        DateShape::Serial(60) => return Err("date.excel_1900_leap_day"),
        DateShape::Serial(n) if SERIAL_RANGE.contains(&n) => excel_serial(n),
        DateShape::Serial(_) => None,
    };
    date.filter(|d| (1900..=2200).contains(&d.year()))
        .ok_or("date.invalid")
}

/// Reads an Excel 1900-system date-time serial (a date-formatted cell): the whole part is the
/// day, where day 1 is 1900-01-01 and Excel's fictitious 1900-02-29 is day 60 (an error here).
pub fn serial_to_date(serial: f64) -> Result<NaiveDate, &'static str> {
    if !(1.0..=2_958_465.0).contains(&serial) {
        return Err("date.invalid");
    }
    let day = libm::floor(serial) as i64;
    let date = match day {
        60 => return Err("date.excel_1900_leap_day"),
        1..=59 => NaiveDate::from_ymd_opt(1899, 12, 31)
            .and_then(|d| d.checked_add_days(chrono::Days::new(u64::try_from(day).ok()?))),
        _ => excel_serial(day),
    };
    date.filter(|d| (1900..=2200).contains(&d.year()))
        .ok_or("date.invalid")
}

/// Reads a plain number in a date column: an Excel serial day written without a date format,
/// accepted only when whole and in the plausible range (as for text serials).
pub fn number_to_date(n: f64) -> Result<NaiveDate, &'static str> {
    if n.fract() != 0.0 || !n.is_finite() {
        return Err("date.invalid");
    }
    match n as i64 {
        60 => Err("date.excel_1900_leap_day"),
        d if SERIAL_RANGE.contains(&d) => excel_serial(d).ok_or("date.invalid"),
        _ => Err("date.invalid"),
    }
}

/// Converts an Excel 1900-system serial day (> 60) to a date: day 61 is 1900-03-01.
fn excel_serial(n: i64) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(1899, 12, 30)?
        .checked_add_days(chrono::Days::new(u64::try_from(n).ok()?))
}

/// Reads a count of people: a whole number, with `,` allowed as a thousands separator in groups
/// of three digits (`12,345`); never negative.
pub fn parse_count(value: &super::mapper::Value<'_>) -> Result<u64, &'static str> {
    match value {
        super::mapper::Value::Text(s) if s.is_empty() => Err("value.missing"),
        super::mapper::Value::Text(s) => {
            let digits = ascii_digits(s);
            let groups: Vec<&str> = digits.split(',').collect();
            let grouped = groups.len() > 1
                && !groups[0].is_empty()
                && groups[0].len() <= 3
                && groups[1..].iter().all(|g| g.len() == 3);
            if groups.len() > 1 && !grouped {
                return Err("number.invalid");
            }
            let plain: String = groups.concat();
            if plain.starts_with('-') {
                return Err("value.out_of_range");
            }
            plain.parse::<u64>().map_err(|_| "number.invalid")
        }
        super::mapper::Value::Number(n) if n.fract() == 0.0 && *n >= 0.0 && *n < 1e15 => {
            Ok(*n as u64)
        }
        super::mapper::Value::Number(n) if *n < 0.0 => Err("value.out_of_range"),
        _ => Err("number.invalid"),
    }
}

/// Hours are stored as integer millionths of an hour, so that sums are exact and do not depend
/// on row order (a float sum does).
pub const MICRO: i64 = 1_000_000;

/// Parses an hours cell: a decimal number with `.` (`2.5`), or a duration `h:mm[:ss]`.
/// Arabic-Indic digits are accepted. Errors: `value.missing`, `number.ambiguous_decimal`
/// (`1,5`: decimal comma or thousands separator?), `number.non_finite` (`NaN`, `inf`, `1e309`),
/// `number.invalid`, `hours.out_of_range` (negative, or above `max_hours`).
pub fn parse_hours(raw: &str, max_hours: u32) -> Result<i64, &'static str> {
    let digits = ascii_digits(raw);
    let s = digits.trim();
    if s.is_empty() {
        return Err("value.missing");
    }
    let hours = if s.contains(':') {
        parse_duration(s).ok_or("number.invalid")?
    } else {
        if s.contains(',') {
            let plain = s.replace(',', "");
            return if super::decimal::is_f64(&plain) {
                Err("number.ambiguous_decimal")
            } else {
                Err("number.invalid")
            };
        }
        let lower = s.to_ascii_lowercase();
        let word = lower.trim_start_matches(['+', '-']);
        if matches!(word, "nan" | "inf" | "infinity") {
            return Err("number.non_finite");
        }
        if !s
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+' | b'e' | b'E'))
        {
            return Err("number.invalid");
        }
        let v: f64 = super::decimal::parse_f64(s).ok_or("number.invalid")?;
        if !v.is_finite() {
            return Err("number.non_finite");
        }
        v
    };
    hours_from_number(hours, max_hours)
}

/// Checks a number of hours and converts it to millionths: `number.non_finite` for NaN and
/// infinities, `hours.out_of_range` below 0 or above `max_hours`.
pub fn hours_from_number(hours: f64, max_hours: u32) -> Result<i64, &'static str> {
    if !hours.is_finite() {
        return Err("number.non_finite");
    }
    if !(0.0..=f64::from(max_hours)).contains(&hours) {
        return Err("hours.out_of_range");
    }
    Ok(libm::round(hours * MICRO as f64) as i64)
}

/// Writes a number as a spreadsheet shows it in a text context: whole numbers without a
/// decimal point (`10234`, not `10234.0`: ids stored as numbers), others with up to six
/// decimals, trailing zeros removed. Integer arithmetic only, so no float-formatting code.
pub fn display_number(n: f64) -> String {
    if !n.is_finite() {
        return if n.is_nan() {
            "NaN".to_owned()
        } else if n > 0.0 {
            "inf".to_owned()
        } else {
            "-inf".to_owned()
        };
    }
    let scaled = libm::round(n.abs() * 1e6);
    if scaled >= 9.0e18 {
        return format!(
            "{}{}",
            if n < 0.0 { "-" } else { "" },
            libm::round(n.abs()) as u64
        );
    }
    let scaled = scaled as u64;
    let (whole, frac) = (scaled / 1_000_000, scaled % 1_000_000);
    let sign = if n < 0.0 && scaled > 0 { "-" } else { "" };
    if frac == 0 {
        return format!("{sign}{whole}");
    }
    let digits = format!("{frac:06}");
    format!("{sign}{whole}.{}", digits.trim_end_matches('0'))
}

/// Reads a time of day as hours since midnight: `h:mm`, `h:mm:ss`, or a date-time whose time
/// part is taken (`01/02/2024 16:30`). Error: `time.invalid`.
pub fn time_of_day(raw: &str) -> Result<f64, &'static str> {
    let digits = ascii_digits(raw);
    let s = digits.trim();
    let time = s.rsplit([' ', 'T']).next().unwrap_or(s);
    let h = parse_duration(time).ok_or("time.invalid")?;
    if h >= 24.0 {
        Err("time.invalid")
    } else {
        Ok(h)
    }
}

/// `h:mm` or `h:mm:ss` with minutes and seconds below 60.
fn parse_duration(s: &str) -> Option<f64> {
    let mut parts = s.split(':');
    let h: u32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let sec: u32 = match parts.next() {
        Some(p) => p.parse().ok()?,
        None => 0,
    };
    if parts.next().is_some() || m >= 60 || sec >= 60 {
        return None;
    }
    Some(f64::from(h) + f64::from(m) / 60.0 + f64::from(sec) / 3600.0)
}

/// Approval status of an activity record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum Status {
    /// Approved by the coordinator: counted by default.
    Approved,
    /// Awaiting approval.
    Pending,
    /// Rejected by the coordinator.
    Rejected,
    /// A value Madad does not recognise (reported; not counted).
    Unknown,
}

/// Words read as [`Status::Approved`] (compared after normalisation).
const APPROVED: &[&str] = &[
    "approved",
    "confirmed",
    "verified",
    "yes",
    "מאושר",
    "מאושרת",
    "אושר",
    "אושרה",
    "כן",
    "معتمد",
    "موافق عليه",
    "تمت الموافقة",
    "مقبول",
    "نعم",
];
/// Words read as [`Status::Pending`].
const PENDING: &[&str] = &[
    "pending",
    "awaiting approval",
    "submitted",
    "ממתין",
    "ממתינה",
    "ממתין לאישור",
    "בהמתנה",
    "قيد الانتظار",
    "معلق",
    "بانتظار الموافقة",
];
/// Words read as [`Status::Rejected`].
const REJECTED: &[&str] = &[
    "rejected",
    "declined",
    "no",
    "נדחה",
    "נדחתה",
    "לא אושר",
    "לא",
    "مرفوض",
    "رفض",
    "لا",
];

/// Reads a status label in Hebrew, Arabic or English (case- and mark-insensitive).
pub fn parse_status(raw: &str) -> Status {
    let key = super::headers::normalize(raw);
    let is = |list: &[&str]| list.iter().any(|s| super::headers::normalize(s) == key);
    if is(APPROVED) {
        Status::Approved
    } else if is(PENDING) {
        Status::Pending
    } else if is(REJECTED) {
        Status::Rejected
    } else {
        Status::Unknown
    }
}

/// The status word a file in `lang` would use (the first word of that script in the lists
/// [`parse_status`] reads), e.g. for a template's drop-down list; `None` for
/// [`Status::Unknown`].
pub fn status_label(status: Status, lang: Lang) -> Option<&'static str> {
    let list = match status {
        Status::Approved => APPROVED,
        Status::Pending => PENDING,
        Status::Rejected => REJECTED,
        Status::Unknown => return None,
    };
    super::fields::word_in(list, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_in_every_common_form() {
        assert_eq!(parse_date("03/04/2024", DateOrder::Dmy), Ok(d(2024, 4, 3)));
        assert_eq!(parse_date("03/04/2024", DateOrder::Mdy), Ok(d(2024, 3, 4)));
        assert_eq!(parse_date("3.4.24", DateOrder::Dmy), Ok(d(2024, 4, 3)));
        assert_eq!(parse_date("2024-04-03", DateOrder::Mdy), Ok(d(2024, 4, 3)));
        assert_eq!(
            parse_date("03/04/2024 00:00", DateOrder::Dmy),
            Ok(d(2024, 4, 3))
        );
        assert_eq!(parse_date("٠٣/٠٤/٢٠٢٤", DateOrder::Dmy), Ok(d(2024, 4, 3)));
        // Reliability case 80: serial 45292 is 2024-01-01; serial 60 is Excel's fictitious day.
        assert_eq!(parse_date("45292", DateOrder::Dmy), Ok(d(2024, 1, 1)));
        assert_eq!(
            parse_date("60", DateOrder::Dmy),
            Err("date.excel_1900_leap_day")
        );
        for bad in [
            "31/02/2024",
            "2024-13-45",
            "אתמול",
            "00/00/0000",
            "",
            "12",
            "1/2/3/4",
        ] {
            assert_eq!(
                parse_date(bad, DateOrder::Dmy),
                Err("date.invalid"),
                "{bad}"
            );
        }
    }

    #[test]
    fn typed_cells_from_spreadsheets() {
        assert_eq!(serial_to_date(45292.75), Ok(d(2024, 1, 1)));
        assert_eq!(serial_to_date(1.0), Ok(d(1900, 1, 1)));
        assert_eq!(serial_to_date(59.0), Ok(d(1900, 2, 28)));
        assert_eq!(serial_to_date(60.0), Err("date.excel_1900_leap_day"));
        assert_eq!(serial_to_date(61.0), Ok(d(1900, 3, 1)));
        assert_eq!(number_to_date(45292.0), Ok(d(2024, 1, 1)));
        assert_eq!(number_to_date(45292.5), Err("date.invalid"));
        assert_eq!(number_to_date(12.0), Err("date.invalid"));
        assert_eq!(hours_from_number(2.5, 24), Ok(2_500_000));
        assert_eq!(hours_from_number(f64::NAN, 24), Err("number.non_finite"));
        assert_eq!(hours_from_number(25.0, 24), Err("hours.out_of_range"));
        assert_eq!(display_number(10234.0), "10234");
        assert_eq!(display_number(-2.5), "-2.5");
        assert_eq!(display_number(0.1), "0.1");
        assert_eq!(display_number(1.0 / 3.0), "0.333333");
    }

    #[test]
    fn counts() {
        use super::super::mapper::Value;
        use std::borrow::Cow;
        let t = |s: &'static str| parse_count(&Value::Text(Cow::Borrowed(s)));
        assert_eq!(t("12,345"), Ok(12345));
        assert_eq!(t("1234"), Ok(1234));
        assert_eq!(t("١٢٣"), Ok(123));
        assert_eq!(t("1,5"), Err("number.invalid"));
        assert_eq!(t("-3"), Err("value.out_of_range"));
        assert_eq!(t(""), Err("value.missing"));
        assert_eq!(parse_count(&Value::Number(2.5)), Err("number.invalid"));
    }

    #[test]
    fn order_evidence_per_value() {
        assert_eq!(order_evidence("25/03/2024"), OrderEvidence::DayFirst);
        assert_eq!(order_evidence("03/25/2024"), OrderEvidence::MonthFirst);
        assert_eq!(order_evidence("03/04/2024"), OrderEvidence::Ambiguous);
        assert_eq!(order_evidence("2024-03-04"), OrderEvidence::None);
    }

    #[test]
    fn hours_rules() {
        assert_eq!(parse_hours("2.5", 24), Ok(2_500_000));
        assert_eq!(parse_hours(" 3 ", 24), Ok(3_000_000));
        assert_eq!(parse_hours("1:45", 24), Ok(1_750_000));
        assert_eq!(parse_hours("٢٫٥", 24), Ok(2_500_000));
        assert_eq!(parse_hours("", 24), Err("value.missing"));
        assert_eq!(parse_hours("1,5", 24), Err("number.ambiguous_decimal"));
        for s in ["NaN", "inf", "-Infinity", "1e309"] {
            assert_eq!(parse_hours(s, 24), Err("number.non_finite"), "{s}");
        }
        assert_eq!(parse_hours("שלוש", 24), Err("number.invalid"));
        assert_eq!(parse_hours("1:75", 24), Err("number.invalid"));
        assert_eq!(parse_hours("-2", 24), Err("hours.out_of_range"));
        assert_eq!(parse_hours("30", 24), Err("hours.out_of_range"));
    }

    #[test]
    fn statuses_in_three_languages() {
        assert_eq!(parse_status("מאושר"), Status::Approved);
        assert_eq!(parse_status(" Approved "), Status::Approved);
        assert_eq!(parse_status("قيد الانتظار"), Status::Pending);
        assert_eq!(parse_status("נדחה"), Status::Rejected);
        assert_eq!(parse_status("מאשר"), Status::Unknown);
    }
}
