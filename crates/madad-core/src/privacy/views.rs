//! Differencing between nested views (reliability notes §1.3 and tests C27, C28).
//!
//! When a reader can see a count for a group and for a subgroup of it — "all volunteers" and
//! "all except 80+", or a cumulative monthly count in January and February — the difference is
//! itself a published count. Every offered pair of nested views must therefore differ by 0 or
//! by at least K; otherwise the inner view is refused (`nested_view_difference`). Statistics
//! offices solve the same problem with cell-key perturbation; refusing the view is the
//! deterministic equivalent for our small counts.

use serde::{Deserialize, Serialize};

use super::suppress::SuppressionNote;

/// A pair of nested views: `inner` is a subset of `outer`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct NestedPair {
    /// The larger view, e.g. `volunteers/all`.
    pub outer: String,
    /// People in the larger view.
    pub outer_count: u64,
    /// The view inside it, e.g. `volunteers/allExcept80plus`.
    pub inner: String,
    /// People in the inner view (at most `outer_count`).
    pub inner_count: u64,
}

/// The inner views that must be refused: those whose difference from their outer view is
/// between 1 and K − 1 (a count below 0 — an inner view larger than its outer one — is an
/// input error and also refused).
pub fn check_nested(pairs: &[NestedPair], k: u32) -> Vec<SuppressionNote> {
    let k = u64::from(k.max(1));
    pairs
        .iter()
        .filter(|p| {
            p.inner_count > p.outer_count || {
                let d = p.outer_count - p.inner_count;
                d > 0 && d < k
            }
        })
        .map(|p| SuppressionNote {
            cell: p.inner.clone(),
            reason: "nested_view_difference".to_owned(),
        })
        .collect()
}

/// Checks a cumulative series (`label`, running count), where each point contains the previous
/// one: a point whose increment is between 1 and K − 1 is refused.
pub fn check_cumulative(series: &[(String, u64)], k: u32) -> Vec<SuppressionNote> {
    let pairs: Vec<NestedPair> = series
        .windows(2)
        .map(|w| NestedPair {
            outer: w[1].0.clone(),
            outer_count: w[1].1,
            inner: w[0].0.clone(),
            inner_count: w[0].1,
        })
        .collect();
    // The later point reveals the increment; it is the one withheld.
    check_nested(&pairs, k)
        .into_iter()
        .filter_map(|n| {
            pairs
                .iter()
                .find(|p| p.inner == n.cell)
                .map(|p| SuppressionNote {
                    cell: p.outer.clone(),
                    reason: "cumulative_increment_below_k".to_owned(),
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_but_one_group() {
        // Test C27: n = 57 and n = 56 → the 80+ group (n = 1) is derivable.
        let pairs = [NestedPair {
            outer: "all".into(),
            outer_count: 57,
            inner: "allExcept80plus".into(),
            inner_count: 56,
        }];
        let notes = check_nested(&pairs, 10);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].cell, "allExcept80plus");
        let ok = [NestedPair {
            outer: "all".into(),
            outer_count: 57,
            inner: "allExceptYoung".into(),
            inner_count: 40,
        }];
        assert!(check_nested(&ok, 10).is_empty());
    }

    #[test]
    fn cumulative_months() {
        // Test C28: Jan = 40, Feb = 41 → implied new = 1.
        let s = vec![
            ("2024-01".to_owned(), 40),
            ("2024-02".to_owned(), 41),
            ("2024-03".to_owned(), 41),
            ("2024-04".to_owned(), 60),
        ];
        let notes = check_cumulative(&s, 10);
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].cell, "2024-02");
    }
}
