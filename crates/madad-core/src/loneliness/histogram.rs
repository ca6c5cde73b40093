//! The distribution of change scores as a histogram that never shows a bin of 1 to K−1 people.
//!
//! Rule (documented in the report as `ChangeHistogram::rule`):
//! 1. Each change `d = after − before` falls in one of three sides: improved (`d < 0`),
//!    unchanged (`d = 0`) and worsened (`d > 0`). The sides are the improved / unchanged /
//!    worsened shares the report already publishes, and a bin never straddles two sides, so the
//!    histogram adds nothing that the three shares withhold.
//! 2. Within a side, the fine bins are whole scale points of the size of the change:
//!    magnitude `m = ⌈|d|⌉`, so an integer change of −2 is bin 2 of the improved side and a
//!    prorated change of −1.5 falls in the same bin (`1 < |d| ≤ 2`).
//! 3. Merging ([`merge_magnitudes`]): from the smallest magnitude outward, adjacent fine bins are
//!    joined until the joined bin holds at least K people; then a new bin starts. People left
//!    over at the far end (fewer than K) join the last bin. The outermost bin of each side is
//!    open (`≤ −m` / `≥ +m`): the largest change anyone made is never shown (top-coding).
//!    A side with fewer than K people is one bin. When the reliable change index applies, its
//!    threshold is an edge too ([`side_bins`]), so the bins and the reliable-change classes
//!    cannot be differenced.
//! 4. Publication ([`crate::loneliness::section`]): the unchanged bin is the unchanged share,
//!    withheld exactly when that share is; a side whose share is withheld is one withheld bin;
//!    every other bin holds at least K people and goes through the suppressor as a share of
//!    the matched pairs.
//!
//! Sources: the small-cell rule of the reliability notes §1.2–1.3 (K = 10 by default; "no
//! cell of 1–9 and none derivable"); collapsing sparse tails into an open-ended class is the
//! usual statistical-disclosure remedy ("collapse, coarsen, suppress", CMS cell suppression
//! policy).

use serde::{Deserialize, Serialize};

/// One merged bin of one side: magnitudes `from ..= to` (`to = None`: `from` and beyond).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MagnitudeBin {
    /// Smallest magnitude in the bin (≥ 1).
    pub from: u32,
    /// Largest magnitude, `None` for the open outermost bin.
    pub to: Option<u32>,
    /// People in the bin.
    pub count: u64,
}

/// The size of a change in whole scale points, `m = ⌈|d|⌉` (≥ 1 for `d ≠ 0`).
fn magnitude(x: f64) -> u32 {
    // The cast saturates for absurd values, never panics.
    libm::ceil(x.abs()).max(1.0) as u32
}

/// Counts by magnitude from `first`: entry `i` counts magnitude `first + i`.
fn counts_from(ms: &[u32], first: u32) -> Vec<u64> {
    let mut counts: Vec<u64> = Vec::new();
    for &m in ms {
        let i = (m - first) as usize;
        if counts.len() <= i {
            counts.resize(i + 1, 0);
        }
        counts[i] += 1;
    }
    counts
}

/// Merges fine bins (`counts[i]` = magnitude `first + i`) into bins of at least `k` people,
/// from the smallest magnitude outward; the remainder (fewer than `k`) joins the last bin.
/// The first bin starts at `first`; the last bin is open (`to = None`). Empty when nobody.
pub fn merge_magnitudes(counts: &[u64], first: u32, k: u64) -> Vec<MagnitudeBin> {
    let k = k.max(1);
    if counts.iter().sum::<u64>() == 0 {
        return Vec::new();
    }
    let mut bins: Vec<MagnitudeBin> = Vec::new();
    let mut start: Option<u32> = None;
    let mut acc = 0u64;
    for (i, &c) in counts.iter().enumerate() {
        let m = first.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
        let from = *start.get_or_insert(m);
        acc += c;
        if acc >= k {
            bins.push(MagnitudeBin {
                from,
                to: Some(m),
                count: acc,
            });
            start = None;
            acc = 0;
        }
    }
    if acc > 0 {
        match bins.last_mut() {
            Some(last) => last.count += acc,
            None => bins.push(MagnitudeBin {
                from: first,
                to: None,
                count: acc,
            }),
        }
    }
    if let Some(last) = bins.last_mut() {
        last.to = None;
    }
    bins
}

/// The merged bins of one side (`improved`: `d < 0`, else `d > 0`) of the changes `d`, with
/// threshold `k`.
///
/// `reliable` (one flag per change, the reliable-change classes of
/// [`super::rci::reliable_change`], whose shares the report also publishes) makes the
/// reliable-change threshold a bin edge: the changes that are not reliable and those that are
/// get separate bins, the first reliable bin starting at `b = ⌈c⌉` for the threshold `c`, so
/// that no bin straddles the threshold and the two partitions cannot be differenced. When a
/// class has 1 to K−1 people on the side, or when a change of magnitude `b` is below the
/// threshold (prorated scores), the side is one open bin from 1 (its share is the side's
/// share).
pub fn side_bins(
    d: &[f64],
    reliable: Option<(&[bool], f64)>,
    improved: bool,
    k: u64,
) -> Vec<MagnitudeBin> {
    let on_side = |x: f64| x.is_finite() && if improved { x < 0.0 } else { x > 0.0 };
    let total = d.iter().filter(|&&x| on_side(x)).count() as u64;
    if total == 0 {
        return Vec::new();
    }
    let whole = vec![MagnitudeBin {
        from: 1,
        to: None,
        count: total,
    }];
    let Some((flags, threshold)) = reliable else {
        let ms: Vec<u32> = d
            .iter()
            .filter(|&&x| on_side(x))
            .map(|&x| magnitude(x))
            .collect();
        return merge_magnitudes(&counts_from(&ms, 1), 1, k);
    };
    if flags.len() != d.len() || !(threshold.is_finite() && threshold > 0.0) {
        return whole;
    }
    let b = magnitude(threshold);
    let mut below: Vec<u32> = Vec::new();
    let mut above: Vec<u32> = Vec::new();
    for (&x, &r) in d.iter().zip(flags) {
        if on_side(x) {
            if r {
                above.push(magnitude(x));
            } else {
                below.push(magnitude(x));
            }
        }
    }
    let small = |n: usize| n > 0 && (n as u64) < k.max(1);
    if small(below.len()) || below.iter().any(|&m| m >= b) || above.iter().any(|&m| m < b) {
        return whole;
    }
    if small(above.len()) {
        let mut all = below;
        all.extend(above);
        return merge_magnitudes(&counts_from(&all, 1), 1, k);
    }
    let mut bins = Vec::new();
    if !below.is_empty() {
        let mut counts = counts_from(&below, 1);
        counts.resize((b - 1) as usize, 0);
        bins = merge_magnitudes(&counts, 1, k);
        if let Some(last) = bins.last_mut() {
            last.to = (!above.is_empty()).then_some(b - 1);
        }
    }
    if !above.is_empty() {
        let first = if below.is_empty() { 1 } else { b };
        bins.extend(merge_magnitudes(&counts_from(&above, first), first, k));
    }
    bins
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bin(from: u32, to: Option<u32>, count: u64) -> MagnitudeBin {
        MagnitudeBin { from, to, count }
    }

    #[test]
    fn merging_keeps_every_bin_at_k_or_more_and_opens_the_tail() {
        // Magnitudes 1..=5 with 12, 3, 8, 0, 1 people, K = 10.
        assert_eq!(
            merge_magnitudes(&[12, 3, 8, 0, 1], 1, 10),
            vec![bin(1, Some(1), 12), bin(2, None, 12)]
        );
        assert!(merge_magnitudes(&[0, 0], 1, 10).is_empty());
        assert_eq!(merge_magnitudes(&[2, 3], 1, 10), vec![bin(1, None, 5)]);
    }

    #[test]
    fn magnitudes_round_up() {
        let d = [-1.0, -1.5, -2.0, 0.0, 3.0, 0.5];
        assert_eq!(
            side_bins(&d, None, true, 1),
            vec![bin(1, Some(1), 1), bin(2, None, 2)]
        );
        assert_eq!(
            side_bins(&d, None, false, 1),
            vec![bin(1, Some(1), 1), bin(2, None, 1)]
        );
    }

    #[test]
    fn the_reliable_change_threshold_is_a_bin_edge() {
        // Threshold 2.4 → b = 3; 4 + 3 not reliable (|d| 1, 2), 2 + 2 reliable (|d| 3, 5).
        let d = [
            -1.0, -1.0, -1.0, -1.0, -2.0, -2.0, -2.0, -3.0, -3.0, -5.0, -5.0,
        ];
        let r = [
            false, false, false, false, false, false, false, true, true, true, true,
        ];
        assert_eq!(
            side_bins(&d, Some((&r, 2.4)), true, 3),
            vec![bin(1, Some(1), 4), bin(2, Some(2), 3), bin(3, None, 4)]
        );
        // A reliable class of 1 to K−1 people (withheld): merged as without the threshold, so
        // no bin starts at or beyond it.
        let d3 = [[-1.0; 6].as_slice(), &[-2.0; 6], &[-3.0; 2]].concat();
        let r3 = [[false; 12].as_slice(), &[true; 2]].concat();
        assert_eq!(
            side_bins(&d3, Some((&r3, 2.4)), true, 5),
            vec![bin(1, Some(1), 6), bin(2, None, 8)]
        );
        // Changes that are not reliable, 1 to K−1 people: the side is one bin.
        let d4 = [[-1.0; 2].as_slice(), &[-3.0; 10]].concat();
        let r4 = [[false; 2].as_slice(), &[true; 10]].concat();
        assert_eq!(
            side_bins(&d4, Some((&r4, 2.4)), true, 5),
            vec![bin(1, None, 12)]
        );
        // A prorated change below the threshold in the threshold's bin: one bin.
        let d2 = [-2.5, -1.0, -3.0];
        let r2 = [false, false, true];
        assert_eq!(
            side_bins(&d2, Some((&r2, 2.6)), true, 1),
            vec![bin(1, None, 3)]
        );
    }
}
