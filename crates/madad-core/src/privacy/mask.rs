//! Masking of identifier-like values before they can appear in a diagnostic.
//!
//! A value is identifier-like when, ignoring spaces, hyphens, dots between digit groups and a
//! leading `+`, it is a run of seven or more digits (Israeli ID numbers have nine digits, phone
//! numbers nine or ten) and not a date such as `2024-01-31`; or when it contains an `@`
//! (an e-mail address, also inside longer text). Such values are shown with their
//! first four and last character and the rest replaced by `*` (`0393****3`), as the reliability
//! notes §1.4 specify. The full identifier gate (check digits, names) builds on this.

/// Returns `value`, masked when it looks like an identifier.
pub fn mask_if_identifier(value: &str) -> String {
    if is_identifier_like(value) {
        mask(value)
    } else {
        value.to_owned()
    }
}

/// Whether `value` looks like an ID number, a phone number or contains an e-mail address.
pub fn is_identifier_like(value: &str) -> bool {
    if value.contains('@') {
        return true;
    }
    let v = value.trim().trim_start_matches('+');
    let groups: Vec<&str> = v.split([' ', '-']).filter(|g| !g.is_empty()).collect();
    if groups.is_empty() || !groups.iter().all(|g| g.bytes().all(|b| b.is_ascii_digit())) {
        return false;
    }
    let looks_like_date = groups.len() == 3
        && (groups[0].len() == 4 || groups[2].len() == 4)
        && groups.iter().filter(|g| g.len() <= 2).count() == 2;
    let digits: usize = groups.iter().map(|g| g.len()).sum();
    digits >= 7 && !looks_like_date
}

/// Masks all but the first four and the last character (all of a value of five or fewer).
pub fn mask(value: &str) -> String {
    let chars: Vec<char> = value.trim().chars().collect();
    if chars.len() <= 5 {
        return "*".repeat(chars.len().max(1));
    }
    let mut out: String = chars[..4].iter().collect();
    out.extend(std::iter::repeat_n('*', chars.len() - 5));
    out.push(chars[chars.len() - 1]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_ids_phones_and_emails_only() {
        assert_eq!(mask_if_identifier("039337423"), "0393****3");
        assert_eq!(mask_if_identifier("050-1234567"), "050-******7");
        assert_eq!(mask_if_identifier("dana@example.org"), "dana***********g");
        assert_eq!(mask_if_identifier("31/02/2024"), "31/02/2024");
        assert_eq!(mask_if_identifier("2024-13-45"), "2024-13-45");
        assert_eq!(mask_if_identifier("050 123 4567"), "050 *******7");
        assert_eq!(mask_if_identifier("1e309"), "1e309");
        assert_eq!(mask_if_identifier("שלוש"), "שלוש");
    }
}
