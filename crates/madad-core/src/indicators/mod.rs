//! Indicators computed from a [`Dataset`](crate::Dataset). Each is a pure function of the data
//! and the [definitions](crate::definitions::DefinitionOptions); every count, statistic and
//! proportion leaves through the small-cell [`Suppressor`] before it reaches the report.
//!
//! Results never depend on row order: people and labels are aggregated into sorted maps, hours
//! are summed exactly in millionths, and breakdowns are listed in label order.

pub mod activity;
pub mod base;
pub mod diversity;
pub mod experience;
pub mod headcount;
pub mod operations;
pub mod period;
pub mod retention;
pub mod seniors;
pub mod volume;

use serde::{Deserialize, Serialize};

use crate::privacy::suppress::{Published, Suppressor};
use crate::stats::Interval;
use crate::stats::proportion::{newcombe_difference, wilson};

/// The confidence level of every interval in the indicators.
pub const LEVEL: f64 = 0.95;

/// A published proportion x ÷ n with its Wilson 95% interval (S1).
///
/// Publication: x and n are counts of people (or places) and go through the small-cell rule;
/// x is also withheld when n − x is a small non-zero count (the complement would follow by
/// subtraction); the share and its interval are withheld whenever x or n is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Proportion {
    /// x.
    pub numerator: Published<u64>,
    /// n.
    pub denominator: Published<u64>,
    /// x ÷ n (`null` when n = 0 or withheld).
    pub value: Published<f64>,
    /// Wilson score interval at 95% (`null` when the value is).
    pub ci: Option<Interval>,
    /// n is below the definitions' `minN`: read with care.
    pub small_n: bool,
}

/// Publishes x ÷ n under `cell`.
pub fn proportion(sup: &mut Suppressor, cell: &str, x: u64, n: u64, min_n: u32) -> Proportion {
    proportion_forced(sup, cell, x, n, min_n, false)
}

/// Publishes x ÷ n under `cell`; with `force` the numerator, the share and its interval are
/// withheld by complementary suppression (the audit cell ends in `/complementary`).
pub fn proportion_forced(
    sup: &mut Suppressor,
    cell: &str,
    x: u64,
    n: u64,
    min_n: u32,
    force: bool,
) -> Proportion {
    // With n published, x reveals n − x: a small complement withholds x as well.
    let complement = n.saturating_sub(x);
    let small_complement = complement > 0 && complement < sup.k();
    let numerator = count_forced(
        sup,
        &format!("{cell}/numerator"),
        x,
        force || small_complement,
    );
    let denominator = sup.count(&format!("{cell}/denominator"), n);
    let withheld = numerator.suppressed || denominator.suppressed;
    let (value, ci) = if n == 0 {
        (none(), None)
    } else {
        let v = sup.derived(cell, if withheld { 0 } else { n }, x as f64 / n as f64);
        let ci = if v.value.is_some() {
            wilson(x, n, LEVEL).ok()
        } else {
            None
        };
        (v, ci)
    };
    Proportion {
        numerator,
        denominator,
        value,
        ci,
        small_n: n < u64::from(min_n),
    }
}

/// The difference of two published proportions (later − earlier) with its Newcombe hybrid
/// score 95% interval (S3: a change is reported only with its CI). `None` when either is
/// withheld or empty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// p_later − p_earlier.
    pub difference: f64,
    /// Newcombe (1998) method 10 interval at 95%.
    pub ci: Interval,
    /// The interval excludes 0.
    pub significant: bool,
}

/// The change from `earlier` (x0 of n0) to `later` (x1 of n1), when both are published.
pub fn change(
    earlier: &Proportion,
    later: &Proportion,
    (x0, n0): (u64, u64),
    (x1, n1): (u64, u64),
) -> Option<Change> {
    earlier.value.value?;
    later.value.value?;
    let ci = newcombe_difference(x1, n1, x0, n0, LEVEL).ok()?;
    Some(Change {
        difference: x1 as f64 / n1 as f64 - x0 as f64 / n0 as f64,
        significant: ci.lower > 0.0 || ci.upper < 0.0,
        ci,
    })
}

/// Publishes a count of people; with `force` (and not already below K) it is withheld by
/// complementary suppression, recorded as `<cell>/complementary`.
pub fn count_forced(sup: &mut Suppressor, cell: &str, n: u64, force: bool) -> Published<u64> {
    if force && !(n > 0 && n < sup.k()) {
        sup.derived(&format!("{cell}/complementary"), 0, n)
    } else {
        sup.count(cell, n)
    }
}

/// Whether a count is withheld by the primary rule: 0 < x < K, or (for a share of a published
/// n) 0 < n − x < K.
pub fn primary(x: u64, n: Option<u64>, k: u64) -> bool {
    let small = |v: u64| v > 0 && v < k;
    small(x) || n.is_some_and(|n| small(n.saturating_sub(x)))
}

/// Complementary suppression (reliability notes §1.3, step 2) over additive relations whose
/// total is published: while a relation has exactly one withheld member, also withhold its
/// unwithheld member with the smallest size > 0 (ties: lowest index). Relations are visited in
/// order until nothing changes. Returns the full withheld set (primary included).
///
/// The LP audit of step 3 is not run here: every relation this module publishes is a single
/// partition (or two sharing one cell), where one extra cell per relation is enough.
pub fn complementary(sizes: &[u64], primary: &[bool], relations: &[Vec<usize>]) -> Vec<bool> {
    let mut w = primary.to_vec();
    loop {
        let mut changed = false;
        for r in relations {
            if r.iter().filter(|&&i| w[i]).count() != 1 {
                continue;
            }
            let pick = r
                .iter()
                .copied()
                .filter(|&i| !w[i] && sizes[i] > 0)
                .min_by_key(|&i| (sizes[i], i));
            if let Some(i) = pick {
                w[i] = true;
                changed = true;
            }
        }
        if !changed {
            return w;
        }
    }
}

/// An unpublished value (not computed, nothing withheld).
pub fn none<T>() -> Published<T> {
    Published {
        value: None,
        suppressed: false,
    }
}

/// A value that describes no people (a setting, a population count): published as is.
pub fn open<T>(value: T) -> Published<T> {
    Published {
        value: Some(value),
        suppressed: false,
    }
}

/// Why an indicator has no value in this report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Missing {
    /// The indicator id.
    pub indicator: String,
    /// Stable code: `no_registry`, `no_population`, `no_survey`, `no_opportunities`,
    /// `no_wage_basis`, `no_program_cost`, `no_as_of`, `elsewhere`, `needs_columns`.
    pub code: String,
}

impl Missing {
    /// A missing-input note.
    pub fn new(indicator: &str, code: &str) -> Self {
        Missing {
            indicator: indicator.to_owned(),
            code: code.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_withheld_cell_of_a_partition_takes_the_next_smallest_with_it() {
        // K = 10: (3, 40, 12, 25): 3 is primary; 12 is the smallest other cell.
        let w = complementary(
            &[3, 40, 12, 25],
            &[true, false, false, false],
            &[vec![0, 1, 2, 3]],
        );
        assert_eq!(w, vec![true, false, true, false]);
        // Two relations sharing a cell: [new, retained, reactivated] and [retained, lapsed].
        // Lapsed 4 is primary → retained (the only other member) goes → the first relation now
        // has one withheld → its smallest other non-zero member (reactivated 11) goes too.
        let w = complementary(
            &[50, 30, 11, 4],
            &[false, false, false, true],
            &[vec![0, 1, 2], vec![1, 3]],
        );
        assert_eq!(w, vec![false, true, true, true]);
        // Zeros are not picked: nothing to hide behind.
        let w = complementary(&[5, 0, 20], &[true, false, false], &[vec![0, 1, 2]]);
        assert_eq!(w, vec![true, false, true]);
    }
}
