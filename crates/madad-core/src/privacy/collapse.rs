//! Rare categories collapsed into "other" before publication (reliability notes test C32).
//!
//! Every category with 1 to K − 1 people is merged into the "other" category (an existing
//! category with that label is merged too). If "other" then holds 1 to K − 1 people, the
//! smallest remaining category (ties: first in input order) is merged as well, until "other"
//! reaches K or no category is left to merge. Empty categories stay (a zero is publishable). A
//! free-text label used by one person ("other: Eritrean-born") thus never appears.

use serde::{Deserialize, Serialize};

use super::suppress::SuppressionNote;

/// Categories after collapsing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Collapsed {
    /// The categories kept, in input order, then "other" when anything was merged.
    pub categories: Vec<(String, u64)>,
    /// One note per merged category (`rare_category_collapsed`), naming the table only; the
    /// merged labels themselves are not repeated (a rare free-text label can identify).
    pub notes: Vec<SuppressionNote>,
}

/// Collapses rare categories of `table` into `other_label`.
pub fn collapse_rare(
    table: &str,
    categories: &[(String, u64)],
    k: u32,
    other_label: &str,
) -> Collapsed {
    let k = u64::from(k.max(1));
    let mut merged = vec![false; categories.len()];
    let mut other = 0u64;
    for (i, (label, n)) in categories.iter().enumerate() {
        if (*n > 0 && *n < k) || label == other_label {
            merged[i] = true;
            other += n;
        }
    }
    while other > 0 && other < k {
        let next = categories
            .iter()
            .enumerate()
            .filter(|(i, (_, n))| !merged[*i] && *n > 0)
            .min_by_key(|(i, (_, n))| (*n, *i));
        match next {
            Some((i, (_, n))) => {
                merged[i] = true;
                other += n;
            }
            None => break,
        }
    }
    let mut kept: Vec<(String, u64)> = categories
        .iter()
        .zip(&merged)
        .filter(|(_, m)| !**m)
        .map(|(c, _)| c.clone())
        .collect();
    let n_merged = merged.iter().filter(|m| **m).count();
    if n_merged > 0 {
        kept.push((other_label.to_owned(), other));
    }
    let notes = (0..n_merged)
        .map(|_| SuppressionNote {
            cell: format!("{table}/{other_label}"),
            reason: "rare_category_collapsed".to_owned(),
        })
        .collect();
    Collapsed {
        categories: kept,
        notes,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rare_labels_merge_until_other_reaches_k() {
        let cats = vec![
            ("ישראל".to_owned(), 40),
            ("אתיופיה".to_owned(), 12),
            ("other: Eritrean-born".to_owned(), 1),
            ("צרפת".to_owned(), 3),
            ("ריק".to_owned(), 0),
        ];
        let c = collapse_rare("origin", &cats, 10, "אחר");
        assert_eq!(
            c.categories,
            vec![
                ("ישראל".to_owned(), 40),
                ("ריק".to_owned(), 0),
                ("אחר".to_owned(), 16)
            ]
        );
        assert_eq!(c.notes.len(), 3);
        assert!(c.notes.iter().all(|n| !n.cell.contains("Eritrean")));
        // Nothing rare: unchanged.
        let c = collapse_rare("t", &[("a".into(), 10), ("b".into(), 0)], 10, "other");
        assert_eq!(c.categories, vec![("a".into(), 10), ("b".into(), 0)]);
        assert!(c.notes.is_empty());
    }
}
