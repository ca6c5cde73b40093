//! The small-cell gate of the section and complementary suppression of additive relations.

use crate::loneliness::change::Share;
use crate::privacy::suppress::{Published, SuppressionNote, Suppressor};
use crate::schema::survey::Wave;
use crate::stats::{Interval, StatResult};

use super::*;

pub(super) fn wave_name(w: Wave) -> &'static str {
    match w {
        Wave::Pre => "pre",
        Wave::Post => "post",
        Wave::FollowUp => "followUp",
        Wave::Single => "single",
    }
}

/// The small-cell gate of one part of the section.
pub(super) struct Gate<'a> {
    pub(super) sup: &'a mut Suppressor,
    pub(super) prefix: String,
}

impl Gate<'_> {
    pub(super) fn cell(&self, name: &str) -> String {
        format!("{}/{name}", self.prefix)
    }

    pub(super) fn count(&mut self, name: &str, n: usize) -> Published<u64> {
        let cell = self.cell(name);
        self.sup.count(&cell, n as u64)
    }

    /// A statistic of `n` people (nothing to withhold from nobody: `n = 0` is not applicable).
    pub(super) fn derived<T>(&mut self, name: &str, n: usize, r: StatResult<T>) -> GatedStat<T> {
        if n == 0 {
            return GatedStat::of(r);
        }
        let cell = self.cell(name);
        if self.sup.derived(&cell, n as u64, ()).suppressed {
            return GatedStat::withheld();
        }
        GatedStat::of(r)
    }

    /// A change statistic of `pairs` matched pairs.
    pub(super) fn paired<T>(&mut self, name: &str, pairs: usize, r: StatResult<T>) -> GatedStat<T> {
        if pairs == 0 {
            return GatedStat::of(r);
        }
        let cell = self.cell(name);
        if self.sup.paired(&cell, pairs as u64, ()).suppressed {
            return GatedStat::withheld();
        }
        GatedStat::of(r)
    }

    /// A plain value of `n` people (published or withheld).
    pub(super) fn value(&mut self, name: &str, n: usize, v: Option<f64>) -> Published<f64> {
        let cell = self.cell(name);
        match v {
            Some(v) => self.sup.derived(&cell, n as u64, v),
            None => {
                if n > 0 && (n as u64) < self.sup.k() {
                    self.sup.derived::<f64>(&cell, n as u64, 0.0);
                    Published {
                        value: None,
                        suppressed: true,
                    }
                } else {
                    Published {
                        value: None,
                        suppressed: false,
                    }
                }
            }
        }
    }

    pub(super) fn share(
        &mut self,
        name: &str,
        count: usize,
        n: usize,
        ci: StatResult<Interval>,
    ) -> ShareEstimate {
        if n == 0 {
            return ShareEstimate {
                share: Published {
                    value: None,
                    suppressed: false,
                },
                ci: None,
            };
        }
        let cell = self.cell(name);
        let share = self.sup.share(&cell, count as u64, n as u64);
        ShareEstimate {
            ci: if share.suppressed { None } else { ci.ok() },
            share,
        }
    }

    pub(super) fn share_of(&mut self, name: &str, s: &Share, n: usize) -> ShareEstimate {
        self.share(name, s.count, n, s.ci.clone())
    }

    /// Records a complementary suppression of `name`.
    pub(super) fn complement(&mut self, name: &str) {
        let cell = self.cell(name);
        self.sup.extend_notes([SuppressionNote {
            cell,
            reason: "complementary".to_owned(),
        }]);
    }

    /// Withholds the shares of `cells` chosen by [`complementary`] (shares of one group that
    /// add up to its published size).
    pub(super) fn protect_shares(
        &mut self,
        cells: &mut [(&str, usize, &mut ShareEstimate)],
        hidden: u64,
    ) {
        let members: Vec<(u64, bool)> = cells
            .iter()
            .map(|(_, c, s)| (*c as u64, s.share.suppressed))
            .collect();
        for i in complementary(&members, hidden, self.sup.k()) {
            let (name, _, s) = &mut cells[i];
            s.share = Published {
                value: None,
                suppressed: true,
            };
            s.ci = None;
            let name = (*name).to_owned();
            self.complement(&name);
        }
    }
}

/// The members of one additive relation (counts that add up to a published total) to withhold
/// besides the primary suppressions, so that no withheld member can be worked out from the
/// others (the line rule of [`crate::privacy::table`] for a single line): while exactly one
/// member is withheld, or the withheld members add up to less than K, withhold the published
/// member with the smallest positive count (else a zero member). `hidden` is a part of the
/// total that is never published (e.g. people without a label); it counts as withheld when it
/// is 1 to K−1.
pub fn complementary(members: &[(u64, bool)], hidden: u64, k: u64) -> Vec<usize> {
    let mut withheld: Vec<bool> = members.iter().map(|m| m.1).collect();
    let hidden_small = hidden > 0 && hidden < k;
    let mut added = Vec::new();
    loop {
        let count = withheld.iter().filter(|&&w| w).count() + usize::from(hidden_small);
        if count == 0 {
            break;
        }
        let sum: u64 = members
            .iter()
            .zip(&withheld)
            .filter(|(_, w)| **w)
            .map(|(m, _)| m.0)
            .sum::<u64>()
            + if hidden_small { hidden } else { 0 };
        if count >= 2 && sum >= k {
            break;
        }
        let pick = members
            .iter()
            .enumerate()
            .filter(|(i, _)| !withheld[*i])
            .min_by_key(|(i, m)| (m.0 == 0, m.0, *i))
            .map(|(i, _)| i);
        match pick {
            Some(i) => {
                withheld[i] = true;
                added.push(i);
            }
            None => break,
        }
    }
    added
}
