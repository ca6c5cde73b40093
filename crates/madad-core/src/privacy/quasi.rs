//! Quasi-identifiers: columns that identify in combination (reliability notes §1.4, test A11).
//!
//! A full date of birth, a street address and gender together single out most people (Sweeney
//! 2000: ZIP code, sex and full date of birth identified about 87 % of the US population). Such
//! columns are recognised by header ([`normalize_header`](super::keywords::normalize_header) then
//! keywords in Hebrew, Arabic, English and Russian) and must be coarsened before publication: a
//! birth date to a birth year or age band, a street address to a neighbourhood or statistical
//! area. Gender alone is not a finding; it raises a birth date or an address to a combination.

use serde::{Deserialize, Serialize};

use super::keywords::normalize_header;
use crate::diag::{Diagnostic, Severity};

/// A kind of quasi-identifier column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum QuasiKind {
    /// A full date of birth.
    BirthDate,
    /// A street address.
    Address,
    /// Gender or sex.
    Gender,
}

/// Quasi-identifier columns found among a file's headers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct QuasiIdentifiers {
    /// Each recognised column with its kind, in header order.
    pub columns: Vec<(String, QuasiKind)>,
    /// A birth date or address together with another quasi-identifier.
    pub combination: bool,
}

const BIRTH: &[&str] = &[
    "תאריך לידה",
    "ת לידה",
    "date of birth",
    "birth date",
    "birthdate",
    "dob",
    "تاريخ الميلاد",
    "дата рождения",
];
const ADDRESS: &[&str] = &[
    "כתובת",
    "רחוב",
    "address",
    "street",
    "عنوان",
    "العنوان",
    "شارع",
    "адрес",
    "улица",
];
const GENDER: &[&str] = &["מין", "מגדר", "gender", "sex", "الجنس", "пол"];

fn matches(norm: &str, keywords: &[&str]) -> bool {
    let tokens: Vec<&str> = norm.split(' ').collect();
    keywords.iter().any(|k| {
        let kt: Vec<&str> = k.split(' ').collect();
        tokens.windows(kt.len()).any(|w| w == kt.as_slice())
    })
}

/// The quasi-identifier columns among `headers`; `None` when there is no birth date or
/// address column (gender alone is not a finding).
pub fn find_quasi_identifiers<S: AsRef<str>>(headers: &[S]) -> Option<QuasiIdentifiers> {
    let columns: Vec<(String, QuasiKind)> = headers
        .iter()
        .filter_map(|h| {
            let norm = normalize_header(h.as_ref());
            let kind = if matches(&norm, BIRTH) {
                QuasiKind::BirthDate
            } else if matches(&norm, ADDRESS) {
                QuasiKind::Address
            } else if matches(&norm, GENDER) {
                QuasiKind::Gender
            } else {
                return None;
            };
            Some((h.as_ref().to_owned(), kind))
        })
        .collect();
    let strong = columns
        .iter()
        .filter(|(_, k)| *k != QuasiKind::Gender)
        .count();
    if strong == 0 {
        return None;
    }
    Some(QuasiIdentifiers {
        combination: columns.len() >= 2,
        columns,
    })
}

impl QuasiIdentifiers {
    /// A file-level warning `privacy.quasi_identifiers` naming the columns (headers only).
    pub fn to_diagnostic(&self, file: &str) -> Diagnostic {
        let names: Vec<&str> = self.columns.iter().map(|(c, _)| c.as_str()).collect();
        Diagnostic::file("privacy.quasi_identifiers", Severity::Warning, file)
            .with("columns", names.join(" | "))
            .with("combination", self.combination)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reliability notes test A11.
    #[test]
    fn birth_date_gender_street() {
        let q = find_quasi_identifiers(&["תאריך לידה", "מין", "רחוב", "שעות"]).unwrap();
        assert!(q.combination);
        assert_eq!(
            q.columns.iter().map(|c| c.1).collect::<Vec<_>>(),
            [QuasiKind::BirthDate, QuasiKind::Gender, QuasiKind::Address]
        );
        assert_eq!(q.to_diagnostic("f.csv").code, "privacy.quasi_identifiers");
        let q = find_quasi_identifiers(&["Date of Birth"]).unwrap();
        assert!(!q.combination);
        assert!(find_quasi_identifiers(&["gender", "hours"]).is_none());
        assert!(find_quasi_identifiers(&["שנת לידה", "שכונה"]).is_none());
    }
}
