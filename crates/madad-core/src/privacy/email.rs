//! E-mail addresses, as a whole cell and inside free text.
//!
//! A whole cell is an address when it matches the WHATWG HTML "valid e-mail address" grammar:
//! `local@label(.label)*` with `local` from ``[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+`` and each label
//! 1–63 characters of `[A-Za-z0-9-]` neither starting nor ending with `-`. Inside text an
//! address is a maximal run of characters other than white space, `@`, `<`, `>`, `(`, `)`,
//! `"` on each side of an `@`, whose domain contains a dot followed by at least two ASCII letters
//! at its end (reliability notes §1.4, the pattern `[^\s@<>()"]+@[^\s@<>()"]+\.[A-Za-z]{2,}`).
//! Hand-written scanners, linear in the input.

/// Whether the whole (trimmed) cell is an e-mail address (WHATWG grammar).
pub fn is_email(value: &str) -> bool {
    let v = value.trim();
    let Some((local, domain)) = v.split_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b".!#$%&'*+/=?^_`{|}~-".contains(&b));
    local_ok
        && !domain.is_empty()
        && domain.split('.').all(|label| {
            let b = label.as_bytes();
            !b.is_empty()
                && b.len() <= 63
                && b.iter().all(|&c| c.is_ascii_alphanumeric() || c == b'-')
                && b[0] != b'-'
                && b[b.len() - 1] != b'-'
        })
}

/// Byte ranges of the e-mail addresses inside `text`.
pub fn find_in_text(text: &str) -> Vec<std::ops::Range<usize>> {
    let stop = |c: char| c.is_whitespace() || matches!(c, '@' | '<' | '>' | '(' | ')' | '"');
    let mut out = Vec::new();
    for (at, _) in text.match_indices('@') {
        let start = text[..at]
            .char_indices()
            .rev()
            .find(|&(_, c)| stop(c))
            .map_or(0, |(i, c)| i + c.len_utf8());
        let rest = &text[at + 1..];
        let len = rest.find(stop).unwrap_or(rest.len());
        let mut domain = &rest[..len];
        // A sentence's final punctuation is not part of the address.
        domain = domain.trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
        if start == at
            || out
                .last()
                .is_some_and(|r: &std::ops::Range<usize>| r.end > start)
        {
            continue;
        }
        let tld_ok = domain.rsplit_once('.').is_some_and(|(head, tld)| {
            !head.is_empty() && tld.len() >= 2 && tld.bytes().all(|b| b.is_ascii_alphabetic())
        });
        if tld_ok {
            out.push(start..at + 1 + domain.len());
        }
    }
    out
}

/// Whether `text` contains an e-mail address.
pub fn contains_email(text: &str) -> bool {
    text.contains('@') && !find_in_text(text).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_cell() {
        assert!(is_email("dana.cohen@example.co.il"));
        assert!(is_email(" a+b@x.org "));
        assert!(!is_email("dana@"));
        assert!(!is_email("@example.org"));
        assert!(!is_email("dana@-example.org"));
        assert!(!is_email("dana cohen@example.org"));
        assert!(!is_email("dana@exa_mple.org"));
    }

    // Reliability notes test A8: an address inside Hebrew free text.
    #[test]
    fn inside_text() {
        let t = "נא לחזור אל dana.cohen@example.co.il.";
        let r = find_in_text(t);
        assert_eq!(r.len(), 1);
        assert_eq!(&t[r[0].clone()], "dana.cohen@example.co.il");
        assert!(contains_email("mail: a@b.com, b@c.org"));
        assert_eq!(find_in_text("a@b.com, b@c.org").len(), 2);
        assert!(!contains_email("@home"));
        assert!(!contains_email("price @ 5"));
        assert!(!contains_email("x@localhost"));
    }
}
