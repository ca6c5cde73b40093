//! Bidirectional control characters in user labels (Trojan Source, CVE-2021-42574; reliability
//! notes §2.3 and test D40).
//!
//! An override (U+202D LRO, U+202E RLO) or an unterminated embedding or isolate in a category
//! label can make `01` display as `10` or reorder a whole table row. Labels leave the core
//! cleaned: the embedding, override and isolate controls (U+202A–U+202E, U+2066–U+2069) are
//! removed, the marks that only nudge neutral characters (U+200E LRM, U+200F RLM, U+061C ALM)
//! are kept, and the result is wrapped in FIRST STRONG ISOLATE … POP DIRECTIONAL ISOLATE
//! (U+2068 … U+2069) by [`isolate_label`] so a Hebrew or Arabic label cannot reorder the numbers
//! next to it.

/// Whether `c` is an embedding, override or isolate control.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `label` without embedding, override and isolate controls.
pub fn strip_bidi_controls(label: &str) -> std::borrow::Cow<'_, str> {
    if label.chars().any(is_bidi_control) {
        std::borrow::Cow::Owned(label.chars().filter(|&c| !is_bidi_control(c)).collect())
    } else {
        std::borrow::Cow::Borrowed(label)
    }
}

/// `label` cleaned and wrapped in FSI … PDI, for text placed next to numbers.
pub fn isolate_label(label: &str) -> String {
    format!("\u{2068}{}\u{2069}", strip_bidi_controls(label))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overrides_removed_and_isolated() {
        assert_eq!(strip_bidi_controls("\u{202E}01"), "01");
        assert_eq!(strip_bidi_controls("a\u{2066}b\u{2069}"), "ab");
        assert_eq!(strip_bidi_controls("שלום\u{200F}"), "שלום\u{200F}");
        assert_eq!(isolate_label("\u{202E}01"), "\u{2068}01\u{2069}");
        assert!(matches!(
            strip_bidi_controls("plain"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
