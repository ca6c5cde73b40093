//! Masking of identifier-like values before they can appear in a diagnostic.
//!
//! A value is identifier-like when it contains, anywhere, a run of seven or more digits (ASCII or
//! Arabic-Indic) separated at most by spaces, hyphens or dots — Israeli ID numbers have nine
//! digits, phone numbers nine or ten — that is not a date; or an `@` (an e-mail address). The
//! whole value is then masked, so no part of the identifier can be read from the rest. Such values are shown with their
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

/// Whether `value` looks like an ID number, a phone number or contains an e-mail address:
/// anywhere in it there is a run of seven or more digits (ASCII or Arabic-Indic) separated at
/// most by spaces, hyphens or dots, that is not a date such as `2024-01-31` or `31.01.2024`.
pub fn is_identifier_like(value: &str) -> bool {
    if value.contains('@') {
        return true;
    }
    let digit = |c: char| {
        c.is_ascii_digit()
            || ('\u{0660}'..='\u{0669}').contains(&c)
            || ('\u{06F0}'..='\u{06F9}').contains(&c)
    };
    let chars: Vec<char> = value.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if !digit(chars[i]) {
            i += 1;
            continue;
        }
        // A run: digit groups joined by single separators.
        let mut groups: Vec<usize> = vec![0];
        let mut j = i;
        while j < chars.len() {
            if digit(chars[j]) {
                if let Some(last) = groups.last_mut() {
                    *last += 1;
                }
                j += 1;
            } else if matches!(chars[j], ' ' | '-' | '.')
                && chars.get(j + 1).is_some_and(|&c| digit(c))
            {
                groups.push(0);
                j += 1;
            } else {
                break;
            }
        }
        let digits: usize = groups.iter().sum();
        let looks_like_date = groups.len() == 3
            && (groups[0] == 4 || groups[2] == 4 || groups[2] == 2)
            && groups.iter().filter(|&&g| g <= 2).count() >= 2;
        if digits >= 7 && !looks_like_date {
            return true;
        }
        i = j.max(i + 1);
    }
    false
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
        // Inside longer text, with dots, in Arabic-Indic digits (found by the fixture corpus).
        assert_eq!(mask_if_identifier("ת.ז 039337423"), "ת.ז ********3");
        assert_eq!(mask_if_identifier("039.337.423"), "039.******3");
        assert_eq!(mask_if_identifier("٠٣٩٣٣٧٤٢٣"), "٠٣٩٣****٣");
        assert_eq!(mask_if_identifier("31.01.2024"), "31.01.2024");
        assert_eq!(mask_if_identifier("1,234,567.5"), "1,234,567.5");
        assert_eq!(mask_if_identifier("שלוש"), "שלוש");
    }
}
