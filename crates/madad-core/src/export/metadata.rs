//! Document metadata for exported files (reliability notes test D42).
//!
//! XLSX `docProps/core.xml` / `app.xml` and a PDF's info dictionary are filled from
//! [`DocumentMetadata::for_report`] only: a fixed creator (`Madad <version>`), a title the host
//! chooses, no author, company, last-modified-by, source file name or path. A host that writes
//! a title checks it with [`is_safe_metadata_text`], which refuses text that looks like a path,
//! a file name or contains an identifier-like value.

use serde::{Deserialize, Serialize};

use crate::privacy::mask::is_identifier_like;

/// Metadata every exporter writes, and nothing else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct DocumentMetadata {
    /// Document title.
    pub title: String,
    /// Creating application: `Madad <version>`.
    pub creator: String,
    /// Author: always empty (never the OS user name).
    pub author: String,
}

impl DocumentMetadata {
    /// Metadata for a report export; an unsafe title is replaced by `Madad report`.
    pub fn for_report(title: &str) -> Self {
        let title = if is_safe_metadata_text(title) {
            title.to_owned()
        } else {
            "Madad report".to_owned()
        };
        DocumentMetadata {
            title,
            creator: format!("Madad {}", crate::VERSION),
            author: String::new(),
        }
    }
}

/// Whether `text` may go into document metadata: no path separators, no drive letter, no file
/// extension of a spreadsheet or text file, no identifier-like value, no control characters.
pub fn is_safe_metadata_text(text: &str) -> bool {
    let lower = crate::lowercase::lowercase(text);
    let extensions = [
        ".csv", ".xlsx", ".xls", ".ods", ".txt", ".json", ".pdf", ".tsv",
    ];
    !text.contains(['/', '\\'])
        && !text.chars().any(char::is_control)
        && lower.as_bytes().get(1).is_none_or(|&b| b != b':')
        && !extensions.iter().any(|e| lower.contains(e))
        && !is_identifier_like(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_file_names_and_ids_are_refused() {
        assert!(is_safe_metadata_text("דוח התנדבות 2025"));
        assert!(!is_safe_metadata_text("C:\\Users\\dana\\hours.xlsx"));
        assert!(!is_safe_metadata_text("/home/dana/report"));
        assert!(!is_safe_metadata_text("hours.csv"));
        assert!(!is_safe_metadata_text("dana@example.org"));
        let m = DocumentMetadata::for_report("/home/dana/x");
        assert_eq!(m.title, "Madad report");
        assert!(m.author.is_empty());
    }
}
