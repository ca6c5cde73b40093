//! Primary small-cell suppression with threshold K (reliability notes §1.3, step 1 and step 4).
//!
//! A count of people `x` is published only when `x == 0` or `x >= K`; any statistic computed
//! from `n` people (a sum of their hours, a mean, an SD, a CI, a p-value, a rate) is published
//! only when `n >= K`; a change between waves only when the matched pairs number at least K. A
//! share `c / n` is published only when `n >= K`, `c ∉ [1, K−1]`, `n − c ∉ [1, K−1]` (the
//! complement rule: CMS's "no derivable 1–10") and, with the group rule on, `0 < c < n` (a 0 %
//! or 100 % share discloses the attribute of every member). Optional base-5 rounding applies to
//! published counts. Every suppression is recorded with its reason so the report can list it;
//! a withheld value displays as `<K` ([`Suppressor::marker`]). Complementary suppression (step
//! 2) is needed only where suppressed cells sit in an additive relation with published totals:
//! tables go through [`table::protect`](super::table::protect); the activity summary publishes
//! no such relation (monthly unduplicated counts do not add up to the total).
//!
//! Reason codes: `count_below_k`, `derived_from_fewer_than_k`, `pairs_below_k`,
//! `complement_below_k`, `share_all_or_none`, `complementary`, `nested_view_difference`,
//! `cumulative_increment_below_k`, `rare_category_collapsed`.

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

impl<T: std::fmt::Display> Published<T> {
    /// The text every output path shows: the value, `marker` (`<K`) when suppressed, `—` when
    /// there is no value.
    pub fn display(&self, marker: &str) -> String {
        match (&self.value, self.suppressed) {
            (_, true) => marker.to_owned(),
            (Some(v), false) => v.to_string(),
            (None, false) => "—".to_owned(),
        }
    }
}

/// The display marker of a suppressed value for threshold `k`: `<10`.
pub fn suppressed_marker(k: u64) -> String {
    format!("<{k}")
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
    share_rule: bool,
    round5: bool,
    notes: Vec<SuppressionNote>,
}

impl Suppressor {
    /// A suppressor with threshold `k` (at least 1; 1 disables suppression).
    pub fn new(k: u32) -> Self {
        Suppressor {
            k: u64::from(k.max(1)),
            share_rule: true,
            round5: false,
            notes: Vec::new(),
        }
    }

    /// Turns the 0 % / 100 % group rule for shares on or off (default on).
    pub fn with_share_rule(mut self, on: bool) -> Self {
        self.share_rule = on;
        self
    }

    /// Turns base-5 rounding of published counts on or off (default off).
    pub fn with_base5_rounding(mut self, on: bool) -> Self {
        self.round5 = on;
        self
    }

    /// How a withheld value displays: `<K`.
    pub fn marker(&self) -> String {
        suppressed_marker(self.k)
    }

    /// The threshold.
    pub fn k(&self) -> u64 {
        self.k
    }

    /// Publishes a count of people (rounded to base 5 when rounding is on).
    pub fn count(&mut self, cell: &str, n: u64) -> Published<u64> {
        if n > 0 && n < self.k {
            self.withhold(cell, "count_below_k")
        } else {
            Published {
                value: Some(if self.round5 {
                    super::rounding::round_base5(n)
                } else {
                    n
                }),
                suppressed: false,
            }
        }
    }

    /// Publishes the count `c` of people with an attribute in a group of `n` whose size is
    /// published: withheld when `c` or `n − c` is 1…K−1 (complement rule) or, with the group rule
    /// on, when `c` is 0 or `n` (with `n > 0`).
    pub fn count_in_group(&mut self, cell: &str, c: u64, n: u64) -> Published<u64> {
        let k = self.k;
        let small = |x: u64| x > 0 && x < k;
        if small(c) || c > n {
            return self.withhold(cell, "count_below_k");
        }
        if small(n - c) {
            return self.withhold(cell, "complement_below_k");
        }
        if self.share_rule && n > 0 && (c == 0 || c == n) {
            return self.withhold(cell, "share_all_or_none");
        }
        self.count(cell, c)
    }

    /// Publishes the count `c` of a group of `n` whose size is published, with the complement
    /// rule only: withheld when `c` or `n − c` is 1…K−1. For tables where 0 % and 100 % are the
    /// statistic itself rather than an attribute of the group's members (a cohort is 100 %
    /// active in its first month by construction), so the group rule would withhold every
    /// such cell without protecting anyone.
    pub fn count_with_complement(&mut self, cell: &str, c: u64, n: u64) -> Published<u64> {
        let k = self.k;
        let small = |x: u64| x > 0 && x < k;
        if small(c) || c > n {
            return self.withhold(cell, "count_below_k");
        }
        if small(n - c) {
            return self.withhold(cell, "complement_below_k");
        }
        self.count(cell, c)
    }

    /// Publishes the share `numerator / denominator` of a group (a proportion in [0, 1]).
    pub fn share(&mut self, cell: &str, numerator: u64, denominator: u64) -> Published<f64> {
        let k = self.k;
        let small = |x: u64| x > 0 && x < k;
        if denominator < k {
            return self.withhold(cell, "derived_from_fewer_than_k");
        }
        if numerator > denominator {
            return self.withhold(cell, "derived_from_fewer_than_k");
        }
        if small(numerator) {
            return self.withhold(cell, "count_below_k");
        }
        if small(denominator - numerator) {
            return self.withhold(cell, "complement_below_k");
        }
        if self.share_rule && (numerator == 0 || numerator == denominator) {
            return self.withhold(cell, "share_all_or_none");
        }
        Published {
            value: Some(numerator as f64 / denominator as f64),
            suppressed: false,
        }
    }

    /// Publishes a change statistic over `pairs` matched pairs (pre/post).
    pub fn paired<T>(&mut self, cell: &str, pairs: u64, value: T) -> Published<T> {
        if pairs < self.k {
            self.withhold(cell, "pairs_below_k")
        } else {
            Published {
                value: Some(value),
                suppressed: false,
            }
        }
    }

    /// Adds suppressions decided elsewhere (a protected table, refused views, collapsed
    /// categories) to the audit list.
    pub fn extend_notes(&mut self, notes: impl IntoIterator<Item = SuppressionNote>) {
        self.notes.extend(notes);
    }

    /// The audit list so far.
    pub fn notes(&self) -> &[SuppressionNote] {
        &self.notes
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
