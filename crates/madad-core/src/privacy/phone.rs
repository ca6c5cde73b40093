//! Israeli phone numbers in the forms people type them.
//!
//! Normalisation (reliability notes §1.4): remove spaces, `-`, `(`, `)`, `.` and directional
//! marks; map a leading `+972`, `00972` or `972` to `0` (and `+972 (0)50…` to `050…`). A
//! number Excel stored as a number has lost its leading zero: nine digits starting with `5` or
//! `7`, or eight starting with `2`, `3`, `4`, `8` or `9`, get it back. Classes (libphonenumber
//! `region_IL` metadata): mobile `05` + 8 digits; geographic landline `0[2-489]` + 7 digits;
//! VoIP / non-geographic `07[2-9]` + 7 digits; business numbers `1800`/`1801`/`1809` + 6,
//! `1700` + 6, `1212` + 4, `1919` + 6, `1599` + 6 digits.

use serde::{Deserialize, Serialize};

/// The kind of an Israeli phone number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum PhoneClass {
    /// `05X-XXXXXXX`.
    Mobile,
    /// `0X-XXXXXXX` for areas 02, 03, 04, 08, 09.
    Landline,
    /// `07X-XXXXXXX` (VoIP and other non-geographic numbers).
    Voip,
    /// Toll-free, premium and shared-cost business numbers (`1-800-…`, `1-700-…`).
    Business,
}

/// The digits of `raw` in national form (`0501234567`), or `None` when it is not shaped like a
/// phone number.
pub fn normalize(raw: &str) -> Option<String> {
    let mut s = String::with_capacity(raw.len());
    let mut separated = false;
    for c in raw.trim().chars() {
        match c {
            ' ' | '-' | '(' | ')' | '.' | '\u{00A0}' => separated = true,
            '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {}
            '+' if s.is_empty() => s.push('+'),
            c if c.is_ascii_digit() => s.push(c),
            _ => return None,
        }
    }
    let national = if let Some(rest) = s.strip_prefix("+972") {
        rest
    } else if let Some(rest) = s.strip_prefix("00972") {
        rest
    } else if s.starts_with('+') {
        return None;
    } else if let Some(rest) = s.strip_prefix("972").filter(|r| r.len() >= 8) {
        rest
    } else if separated {
        // Someone who typed separators typed the leading zero too; "2024-01-31" is a date.
        return Some(s);
    } else {
        return Some(restore_zero(&s));
    };
    // "+972 (0)50 …" keeps the trunk zero.
    let national = national.strip_prefix('0').unwrap_or(national);
    Some(format!("0{national}"))
}

fn restore_zero(digits: &str) -> String {
    let b = digits.as_bytes();
    let lost = match b.first() {
        Some(b'5' | b'7') => b.len() == 9,
        Some(b'2' | b'3' | b'4' | b'8' | b'9') => b.len() == 8,
        _ => false,
    };
    if lost {
        format!("0{digits}")
    } else {
        digits.to_owned()
    }
}

/// The class of `raw` when it is an Israeli phone number in any common form.
pub fn classify(raw: &str) -> Option<PhoneClass> {
    classify_normalized(&normalize(raw)?)
}

/// The class of an already normalised number.
pub fn classify_normalized(d: &str) -> Option<PhoneClass> {
    let b = d.as_bytes();
    if !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    match (b.len(), b.first(), b.get(1), b.get(2)) {
        (10, Some(b'0'), Some(b'5'), _) => Some(PhoneClass::Mobile),
        (10, Some(b'0'), Some(b'7'), Some(b'2'..=b'9')) => Some(PhoneClass::Voip),
        (9, Some(b'0'), Some(b'2' | b'3' | b'4' | b'8' | b'9'), _) => Some(PhoneClass::Landline),
        _ if is_business(d) => Some(PhoneClass::Business),
        _ => None,
    }
}

fn is_business(d: &str) -> bool {
    let tail = |prefix: &str, n: usize| d.strip_prefix(prefix).is_some_and(|r| r.len() == n);
    tail("1800", 6)
        || tail("1801", 6)
        || tail("1809", 6)
        || tail("1700", 6)
        || tail("1212", 4)
        || tail("1919", 6)
        || tail("1599", 6)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reliability notes test A6: every common form normalises and is detected.
    #[test]
    fn common_forms() {
        let cases = [
            ("050-1234567", "0501234567", PhoneClass::Mobile),
            ("+972 50 123 4567", "0501234567", PhoneClass::Mobile),
            ("00972501234567", "0501234567", PhoneClass::Mobile),
            ("(03) 6123456", "036123456", PhoneClass::Landline),
            ("972-3-6123456", "036123456", PhoneClass::Landline),
            ("077-1234567", "0771234567", PhoneClass::Voip),
            ("+972 (0)50-123-4567", "0501234567", PhoneClass::Mobile),
            ("501234567", "0501234567", PhoneClass::Mobile),
            ("36912345", "036912345", PhoneClass::Landline),
            ("1-800-123-456", "1800123456", PhoneClass::Business),
            ("050.123.4567", "0501234567", PhoneClass::Mobile),
        ];
        for (raw, norm, class) in cases {
            assert_eq!(normalize(raw).as_deref(), Some(norm), "{raw}");
            assert_eq!(classify(raw), Some(class), "{raw}");
        }
    }

    #[test]
    fn not_phones() {
        for v in [
            "",
            "abc",
            "12",
            "+44 20 7946 0958",
            "2024-01-31",
            "061234567",
            "*6060",
        ] {
            assert_eq!(classify(v), None, "{v}");
        }
    }
}
