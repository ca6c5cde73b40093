//! Header matching: normalisation and the Hebrew, Arabic and English synonyms of each
//! canonical field.
//!
//! Normalisation (ecosystem notes §2.3): fold precomposed letters to their base letter and drop
//! combining marks, so NFC and NFD spellings of a header are equal (é → e, שׁ → ש, أ → ا; table in
//! [`super::decompose`]), remove bidi controls and BOMs, map NBSP and other
//! spaces to a space, strip Hebrew niqqud and cantillation (U+0591–U+05C7 except maqaf),
//! Arabic harakat (U+064B–U+065F, U+0670) and tatweel, unify Arabic alef forms (أ إ آ → ا),
//! alef maqsura (ى → ي) and teh marbuta (ة → ه), lower-case ASCII letters, drop punctuation
//! (geresh, gershayim, quotes, dots, underscores, hyphens and maqaf become separators), and
//! collapse white space. Two headers match when their normalised forms are equal.

use serde::{Deserialize, Serialize};

/// A canonical field of the activity log.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ActivityField {
    /// Who volunteered (an internal number, or a pseudonym).
    VolunteerId,
    /// When (the activity date).
    Date,
    /// How long, in hours (decimal or h:mm).
    Hours,
    /// Approval status (approved, pending, rejected).
    Status,
    /// Municipal department (welfare, education, …).
    Department,
    /// Organisation the activity was done with.
    Organisation,
    /// Role or activity type.
    Role,
}

impl ActivityField {
    /// All fields, in canonical order.
    pub const ALL: [ActivityField; 7] = [
        ActivityField::VolunteerId,
        ActivityField::Date,
        ActivityField::Hours,
        ActivityField::Status,
        ActivityField::Department,
        ActivityField::Organisation,
        ActivityField::Role,
    ];

    /// Fields without which an activity log cannot be analysed.
    pub const REQUIRED: [ActivityField; 3] = [
        ActivityField::VolunteerId,
        ActivityField::Date,
        ActivityField::Hours,
    ];

    /// The camelCase name used in reports and mapping profiles.
    pub fn name(self) -> &'static str {
        super::fields::ACTIVITY[self as usize].name
    }

    /// The field of a camelCase name, as used in mappings and profiles.
    pub fn from_name(name: &str) -> Option<ActivityField> {
        ActivityField::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Header synonyms in Hebrew, Arabic and English (compared after [`normalize`]).
    pub fn synonyms(self) -> &'static [&'static str] {
        super::fields::ACTIVITY[self as usize].synonyms
    }

    /// The field a header names, if any.
    pub fn match_header(header: &str) -> Option<ActivityField> {
        let key = normalize(header);
        if key.is_empty() {
            return None;
        }
        ActivityField::ALL
            .into_iter()
            .find(|f| f.synonyms().iter().any(|s| normalize(s) == key))
    }
}

/// Normalises a header or category label for matching (see the module docs).
pub fn normalize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        let c = super::decompose::base_letter(c).unwrap_or(c);
        let mapped = match c {
            '\u{0300}'..='\u{036F}' => continue,
            '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{061C}' => continue,
            '\u{0591}'..='\u{05BD}'
            | '\u{05BF}'
            | '\u{05C1}'..='\u{05C2}'
            | '\u{05C4}'..='\u{05C5}'
            | '\u{05C7}' => continue,
            '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => continue,
            'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
            'ى' => 'ي',
            'ة' => 'ه',
            c if c.is_whitespace() => ' ',
            '_' | '-' | '־' | '.' | '\'' | '"' | '׳' | '״' | '`' | '’' | '‘' | '”' | '“' | '/'
            | '\\' | '(' | ')' | ':' | '#' => ' ',
            c => c,
        };
        if mapped == ' ' {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        // Hebrew and Arabic have no letter case; ASCII folding keeps Unicode case tables out
        // of the wasm module.
        out.push(mapped.to_ascii_lowercase());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_marks_spaces_and_punctuation() {
        assert_eq!(
            normalize("\u{FEFF} מזהה\u{00A0}מתנדב\u{200F} "),
            "מזהה מתנדב"
        );
        assert_eq!(normalize("מס׳ מתנדב"), normalize("מס' מתנדב"));
        assert_eq!(normalize("ת״ז"), normalize("ת\"ז"));
        assert_eq!(normalize("שָׁעוֹת"), "שעות");
        assert_eq!(normalize("Volunteer_ID"), "volunteer id");
        assert_eq!(normalize("عدد الساعـات"), "عدد الساعات");
        assert_eq!(normalize("الجمعيّة"), "الجمعيه");
    }

    /// Every precomposed character of the Latin, Hebrew and Arabic blocks normalises like its
    /// canonical decomposition (fixture from Python's `unicodedata`, see its generate.py).
    #[test]
    fn nfc_and_nfd_spellings_normalise_alike() {
        let fixture = include_str!("../../../../tests/fixtures/unicode/nfd-pairs.tsv");
        let mut checked = 0;
        for line in fixture.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = line.split('\t');
            let cp = |h: &str| char::from_u32(u32::from_str_radix(h, 16).unwrap()).unwrap();
            let composed = cp(cols.next().unwrap());
            let decomposed: String = cols.next().unwrap().split(' ').map(cp).collect();
            let (a, b) = (format!("x{composed}y"), format!("x{decomposed}y"));
            assert_eq!(normalize(&a), normalize(&b), "U+{:04X}", composed as u32);
            checked += 1;
        }
        assert_eq!(checked, 294);
        assert_eq!(normalize("Département"), normalize("Departement"));
        assert_eq!(normalize("\u{FB2A}עות"), normalize("שעות"));
    }

    #[test]
    fn matches_synonyms_in_three_languages() {
        assert_eq!(
            ActivityField::match_header("מזהה מתנדב"),
            Some(ActivityField::VolunteerId)
        );
        assert_eq!(
            ActivityField::match_header("Hours"),
            Some(ActivityField::Hours)
        );
        assert_eq!(
            ActivityField::match_header("تاريخ النشاط"),
            Some(ActivityField::Date)
        );
        assert_eq!(ActivityField::match_header("הערות"), None);
        assert_eq!(ActivityField::match_header("  "), None);
    }
}
