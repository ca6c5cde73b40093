//! Conventional rounding to base 5 (OECD/Eurostat SDC glossary, term 6898): a last digit of
//! 1–2 rounds down to 0, 3–4 up to 5, 6–7 down to 5, 8–9 up to 10; 0 and 5 stay. That is the
//! nearest multiple of 5, `5 · ⌊(n + 2) / 5⌋`. Totals are rounded from their raw values, not
//! summed from rounded cells, so rounded cells need not add up to rounded totals (the report
//! says so in a footnote). Rounding alone does not protect counts of 1–2 when unrounded totals
//! are published elsewhere; it complements suppression, it does not replace it.

/// `n` rounded to the nearest multiple of 5.
pub fn round_base5(n: u64) -> u64 {
    n.saturating_add(2) / 5 * 5
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reliability notes test C29: 11, 12, 13, 14, 16 → 10, 10, 15, 15, 15.
    #[test]
    fn oecd_base5() {
        let r: Vec<u64> = [11, 12, 13, 14, 16, 0, 5, 18, 19, 20]
            .into_iter()
            .map(round_base5)
            .collect();
        assert_eq!(r, vec![10, 10, 15, 15, 15, 0, 5, 20, 20, 20]);
        // A total is rounded from its raw value: 11 + 12 = 23 → 25, not 10 + 10.
        assert_eq!(round_base5(11 + 12), 25);
    }
}
