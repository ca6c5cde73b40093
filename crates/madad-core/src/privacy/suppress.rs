//! Primary small-cell suppression with threshold K (reliability notes §1.3, step 1 and step 4).
//!
//! A count of people `x` is published only when `x == 0` or `x >= K`; any statistic computed
//! from `n` people (a sum of their hours, a mean, a median) is published only when `n >= K`.
//! Every suppression is recorded with its reason so the report can list it. Complementary
//! suppression (step 2) is needed only where suppressed cells sit in an additive relation with
//! published totals; the activity summary publishes none (monthly unduplicated counts do not
//! add up to the total), so primary suppression is complete for it.

use serde::{Deserialize, Serialize};

/// A published value: `value` is `null` when `suppressed` is true.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Published<T> {
    /// The value, or `null` when suppressed.
    pub value: Option<T>,
    /// Whether the value was withheld to protect small groups.
    pub suppressed: bool,
}

/// One suppression, for the report's audit list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct SuppressionNote {
    /// Which cell, e.g. `monthlyActive/2024-07` or `summary/medianHoursPerVolunteer`.
    pub cell: String,
    /// `count_below_k`: a count of 1 to K−1 people; `derived_from_fewer_than_k`: a statistic of
    /// fewer than K people.
    pub reason: String,
}

/// Applies threshold K and keeps the audit list.
#[derive(Debug, Clone)]
pub struct Suppressor {
    k: u64,
    notes: Vec<SuppressionNote>,
}

impl Suppressor {
    /// A suppressor with threshold `k` (at least 1; 1 disables suppression).
    pub fn new(k: u32) -> Self {
        Suppressor {
            k: u64::from(k.max(1)),
            notes: Vec::new(),
        }
    }

    /// The threshold.
    pub fn k(&self) -> u64 {
        self.k
    }

    /// Publishes a count of people.
    pub fn count(&mut self, cell: &str, n: u64) -> Published<u64> {
        if n > 0 && n < self.k {
            self.withhold(cell, "count_below_k")
        } else {
            Published {
                value: Some(n),
                suppressed: false,
            }
        }
    }

    /// Publishes a statistic computed from `n` people.
    pub fn derived<T>(&mut self, cell: &str, n: u64, value: T) -> Published<T> {
        if n < self.k {
            self.withhold(cell, "derived_from_fewer_than_k")
        } else {
            Published {
                value: Some(value),
                suppressed: false,
            }
        }
    }

    fn withhold<T>(&mut self, cell: &str, reason: &str) -> Published<T> {
        self.notes.push(SuppressionNote {
            cell: cell.to_owned(),
            reason: reason.to_owned(),
        });
        Published {
            value: None,
            suppressed: true,
        }
    }

    /// The audit list.
    pub fn into_notes(self) -> Vec<SuppressionNote> {
        self.notes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_below_k_and_statistics_of_few_people_are_withheld() {
        let mut s = Suppressor::new(10);
        assert_eq!(s.count("a", 0).value, Some(0));
        assert!(s.count("b", 9).suppressed);
        assert_eq!(s.count("c", 10).value, Some(10));
        assert!(s.derived("d", 9, 1.5).suppressed);
        assert_eq!(s.derived("e", 10, 1.5).value, Some(1.5));
        let notes = s.into_notes();
        assert_eq!(
            notes.iter().map(|n| n.cell.as_str()).collect::<Vec<_>>(),
            vec!["b", "d"]
        );
    }
}
