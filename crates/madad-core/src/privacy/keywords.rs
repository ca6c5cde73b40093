//! Header keywords that announce an identifier column, in Hebrew, Arabic, English and Russian.
//!
//! A header is normalised before matching (reliability notes §1.4 and test A10): full-width
//! ASCII folded to ASCII and a no-break space to a space (the parts of NFKC that occur in
//! headers; the core carries no Unicode normalisation tables), lower-cased, directional marks
//! and the BOM removed, punctuation (`. " ' ״ ׳ _ - : / # ( )`) turned into token breaks
//! except inside a word where Hebrew abbreviations put it (`ת"ז`, `ת.ז`, `ח.פ`, `דוא"ל`, which
//! become `תז`, `חפ`, `דואל`), and white space collapsed. A keyword matches when its tokens appear
//! as consecutive tokens of the header.

/// What a header keyword announces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HeaderHint {
    /// An Israeli ID number.
    IsraeliId,
    /// An organisation number (non-profit, company).
    Organisation,
    /// A phone number.
    Phone,
    /// An e-mail address.
    Email,
    /// A person's name.
    PersonName,
    /// Some other reference number (case, file, record).
    Reference,
}

const ID: &[&str] = &[
    "תז",
    "תעודת זהות",
    "מספר זהות",
    "מס זהות",
    "זהות",
    "id",
    "tz",
    "teudat",
    "teudat zehut",
    "identity",
    "national id",
    "رقم الهوية",
    "هوية",
    "الهوية",
];
const ORG: &[&str] = &[
    "עמותה",
    "מספר עמותה",
    "ער",
    "חפ",
    "חברה",
    "ngo",
    "organisation number",
    "organization number",
    "company number",
    "جمعية",
];
const PHONE: &[&str] = &[
    "טלפון",
    "טל",
    "נייד",
    "פלאפון",
    "סלולרי",
    "phone",
    "telephone",
    "mobile",
    "tel",
    "cell",
    "هاتف",
    "الهاتف",
    "جوال",
    "تلفون",
    "телефон",
];
const EMAIL: &[&str] = &[
    "דואל",
    "מייל",
    "אימייל",
    "email",
    "e mail",
    "mail",
    "بريد",
    "البريد الإلكتروني",
    "почта",
];
const NAME: &[&str] = &[
    "שם",
    "שם פרטי",
    "שם משפחה",
    "שם מלא",
    "name",
    "first",
    "last",
    "surname",
    "first name",
    "last name",
    "full name",
    "الاسم",
    "اسم",
    "имя",
    "фамилия",
];
// A "name" header about a thing, not a person ("שם הפעילות", "activity name").
const NOT_PERSON: &[&str] = &[
    "פעילות",
    "הפעילות",
    "ארגון",
    "הארגון",
    "עמותה",
    "העמותה",
    "פרויקט",
    "הפרויקט",
    "תוכנית",
    "התוכנית",
    "קבוצה",
    "הקבוצה",
    "שכונה",
    "השכונה",
    "רחוב",
    "הרחוב",
    "עיר",
    "יישוב",
    "היישוב",
    "קובץ",
    "גיליון",
    "activity",
    "organisation",
    "organization",
    "project",
    "program",
    "programme",
    "group",
    "street",
    "city",
    "neighbourhood",
    "neighborhood",
    "file",
    "sheet",
    "file name",
    "النشاط",
    "المشروع",
];
const REFERENCE: &[&str] = &[
    "מספר תיק",
    "תיק",
    "מספר",
    "מס",
    "case",
    "file number",
    "record",
    "number",
    "no",
    "رقم",
];

/// The header in the normalised form keywords are matched against.
pub fn normalize_header(header: &str) -> String {
    let chars: Vec<char> = header
        .chars()
        .filter(|c| {
            !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}' | '\u{061C}')
        })
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{00A0}' | '\u{3000}' => ' ',
            c => c,
        })
        .collect();
    let mut out = String::with_capacity(header.len());
    for (i, &c) in chars.iter().enumerate() {
        let punct = matches!(
            c,
            '.' | '"' | '\'' | '״' | '׳' | '_' | '-' | ':' | '/' | '#' | '(' | ')' | ',' | '`'
        );
        if punct {
            let between_letters = i > 0
                && chars[i - 1].is_alphabetic()
                && chars.get(i + 1).is_some_and(|n| n.is_alphabetic());
            let hebrew_abbrev =
                between_letters && is_hebrew(chars[i - 1]) && matches!(c, '.' | '"' | '״' | '\'');
            if !hebrew_abbrev {
                out.push(' ');
            }
        } else if c.is_whitespace() {
            out.push(' ');
        } else {
            crate::lowercase::push_char_lowercase(c, &mut out);
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_hebrew(c: char) -> bool {
    ('\u{05D0}'..='\u{05EA}').contains(&c)
}

fn has_keyword(tokens: &[&str], keywords: &[&str]) -> bool {
    keywords.iter().any(|k| {
        let kt: Vec<&str> = k.split(' ').collect();
        tokens.windows(kt.len()).any(|w| w == kt.as_slice())
    })
}

/// What the header announces, if anything; the most specific hint wins (an organisation number
/// before an ID, a person's name only when the header is not about a thing).
pub fn header_hint(header: &str) -> Option<HeaderHint> {
    let norm = normalize_header(header);
    let tokens: Vec<&str> = norm.split(' ').filter(|t| !t.is_empty()).collect();
    if tokens.is_empty() {
        return None;
    }
    if has_keyword(&tokens, ORG) {
        Some(HeaderHint::Organisation)
    } else if has_keyword(&tokens, ID) {
        Some(HeaderHint::IsraeliId)
    } else if has_keyword(&tokens, PHONE) {
        Some(HeaderHint::Phone)
    } else if has_keyword(&tokens, EMAIL) {
        Some(HeaderHint::Email)
    } else if has_keyword(&tokens, NAME) && !has_keyword(&tokens, NOT_PERSON) {
        Some(HeaderHint::PersonName)
    } else if has_keyword(&tokens, REFERENCE) {
        Some(HeaderHint::Reference)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reliability notes test A10: obfuscated ID headers.
    #[test]
    fn obfuscated_headers() {
        for h in [
            "tz",
            "teudat_zehut",
            "מס' זהות",
            "מספר זהות\u{200F}",
            "ID\u{00A0}",
            "ת.ז.",
            "ת\"ז",
            "ת״ז",
            "ＩＤ",
            "رقم الهوية",
            "Volunteer ID",
        ] {
            assert_eq!(header_hint(h), Some(HeaderHint::IsraeliId), "{h}");
        }
        assert_eq!(normalize_header("ת.ז."), "תז");
        assert_eq!(normalize_header("מס' זהות"), "מס זהות");
    }

    #[test]
    fn other_hints() {
        assert_eq!(header_hint("טלפון נייד"), Some(HeaderHint::Phone));
        assert_eq!(header_hint("דוא\"ל"), Some(HeaderHint::Email));
        assert_eq!(header_hint("E-mail"), Some(HeaderHint::Email));
        assert_eq!(header_hint("שם מלא"), Some(HeaderHint::PersonName));
        assert_eq!(header_hint("Full name"), Some(HeaderHint::PersonName));
        assert_eq!(header_hint("фамилия"), Some(HeaderHint::PersonName));
        assert_eq!(header_hint("שם הפעילות"), None);
        assert_eq!(header_hint("מספר עמותה"), Some(HeaderHint::Organisation));
        assert_eq!(header_hint("ח.פ"), Some(HeaderHint::Organisation));
        assert_eq!(header_hint("מספר תיק"), Some(HeaderHint::Reference));
        assert_eq!(header_hint("hours"), None);
        assert_eq!(header_hint("identity_hidden"), Some(HeaderHint::IsraeliId));
        assert_eq!(header_hint(""), None);
    }
}
