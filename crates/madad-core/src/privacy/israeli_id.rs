//! Israeli ID numbers (מספר זהות, ת"ז): normalisation and the check digit.
//!
//! Algorithm (python-stdnum `stdnum/il/idnr.py`; reliability notes §1.4): remove spaces and
//! hyphens, require 1–9 ASCII digits, left-pad with `0` to nine digits (Excel drops leading zeros,
//! so `39337423` is `039337423`), reject `000000000`; the number is valid when
//! `Σ digits(dᵢ·wᵢ) ≡ 0 (mod 10)` with weights `w = 1,2,1,2,1,2,1,2,1` from the left, where
//! `digits(p)` adds the decimal digits of `p` (`p − 9` for `p > 9`). Companies, non-profits
//! (amutot, `58…`), partnerships and co-ops use the same check digit.

/// The nine-digit form of `raw`: spaces and hyphens removed, left-padded with zeros; `None` when
/// it is not 1–9 ASCII digits or is all zeros.
pub fn normalize(raw: &str) -> Option<String> {
    let digits: String = raw
        .trim()
        .chars()
        .filter(|&c| c != ' ' && c != '-')
        .collect();
    if digits.is_empty() || digits.len() > 9 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if digits.bytes().all(|b| b == b'0') {
        return None;
    }
    Some(format!("{digits:0>9}"))
}

/// Whether `raw` is a valid Israeli ID number (check digit included).
pub fn is_valid(raw: &str) -> bool {
    normalize(raw).is_some_and(|d| weighted_sum(d.as_bytes()).is_multiple_of(10))
}

/// The check digit completing the first eight digits `first8` (left-padded to eight); `None`
/// when `first8` is not 1–8 ASCII digits.
pub fn check_digit(first8: &str) -> Option<u8> {
    if first8.is_empty() || first8.len() > 8 || !first8.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let padded = format!("{first8:0>8}");
    let s = weighted_sum(padded.as_bytes());
    Some(((10 - s % 10) % 10) as u8)
}

/// A value typed as a placeholder rather than an ID: one digit repeated (`000000000`,
/// `999999999`, `0`).
pub fn is_placeholder(raw: &str) -> bool {
    let d: Vec<u8> = raw
        .trim()
        .bytes()
        .filter(|&b| b != b' ' && b != b'-')
        .collect();
    !d.is_empty() && d.iter().all(u8::is_ascii_digit) && d.iter().all(|&b| b == d[0])
}

fn weighted_sum(digits: &[u8]) -> u32 {
    digits
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            let p = u32::from(b - b'0') * if i % 2 == 0 { 1 } else { 2 };
            if p > 9 { p - 9 } else { p }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Vectors: reliability notes §1.4 (computed there with python-stdnum's algorithm).
    #[test]
    fn published_vectors() {
        for v in [
            "039337423",
            "39337423",
            "03933742-3",
            "000000018",
            "18",
            "123456782",
            "111111118",
            "999999998",
            "222222226",
        ] {
            assert!(is_valid(v), "{v}");
        }
        for v in [
            "039337422",
            "123456789",
            "000000000",
            "1234567890",
            "12345678a",
            "300000006",
        ] {
            assert!(!is_valid(v), "{v}");
        }
        assert_eq!(check_digit("12345678"), Some(2));
        assert_eq!(check_digit("03933742"), Some(3));
        assert_eq!(normalize(" 3933742-3 ").as_deref(), Some("039337423"));
    }

    #[test]
    fn placeholders() {
        assert!(is_placeholder("000000000"));
        assert!(is_placeholder("0"));
        assert!(is_placeholder("999999999"));
        assert!(!is_placeholder("039337423"));
        assert!(!is_placeholder(""));
        assert!(!is_valid("999999999"));
        assert!(!is_valid("0"));
    }
}
