//! Disclosure control of a two-way table of person counts with row, column and grand totals.
//!
//! Rows are groups (e.g. neighbourhoods), columns are categories of an attribute (e.g. lonely /
//! not lonely). The table is handled as its augmented `(R+1) × (C+1)` grid: interior cells,
//! row totals in column `C`, column totals in row `R`, the grand total at `(R, C)`. Every row
//! and every column of the grid is one additive relation ("line"): its interior members add up
//! to its last member. Seen as a network, cell `(i, j)` is an edge between row node `i` and
//! column node `j` of a complete bipartite graph and each line is flow conservation at a node,
//! so the constraint matrix is a network matrix — totally unimodular — and the LP bounds of the
//! audit are integer and exact.
//!
//! Algorithm (reliability notes §1.3; deterministic):
//!
//! 1. **Primary suppression**: every cell of the grid (totals included) with `0 < x < K`
//!    (`count_below_k`). With the share rule on and at least two categories, a group whose whole
//!    total sits in one category (100 %) has that cell and the group's zero cells (0 %)
//!    suppressed (`share_all_or_none`).
//! 2. **Line rule**: while some line has exactly one suppressed member, suppress a partner in
//!    that line: the unsuppressed non-total member with the smallest positive value (ties: lowest
//!    index); if there is none, the line's total; if that is published too, a zero member
//!    (`complementary`).
//! 3. **Audit**: compute every suppressed cell's feasible interval ([`audit`](super::audit)). The
//!    protection requirement is `upper − lower ≥ P` (protection width, default `P = K`): such a
//!    cell can never be pinned to one value nor proven to be below K. For the first failing cell
//!    (lowest index), candidates are the unsuppressed members of its row and column, ordered
//!    non-totals before totals, positive before zero, smaller before larger, lower index first;
//!    the first candidate that widens the failing cell's interval is suppressed
//!    (`complementary`), or the first candidate if none does, or — when its lines are fully
//!    suppressed — the first unsuppressed cell of the grid in the same order. Then back to 2.
//!
//! With base-5 rounding on, published cells and totals are rounded independently from their
//! raw values after suppression; the audit is computed on the unrounded values, so it bounds
//! what a reader of the rounded table can learn from above.
//!
//! The loop ends: each round suppresses one more cell, and with every cell suppressed each cell
//! can grow without bound along the cycle cell → row total → grand total → column total. The
//! result is safe but not minimal (τ-ARGUS' optimal method minimises the suppressed total).

use serde::{Deserialize, Serialize};

use super::audit::{FeasibleInterval, Relation, feasible_intervals, feasible_intervals_of};
use super::suppress::{Published, SuppressionNote};

/// Which suppression rules apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase", default)]
pub struct DisclosureRules {
    /// Threshold K: counts 1…K−1 are suppressed (default 10; presets 5 and 11).
    pub k: u32,
    /// Protection width P: each suppressed cell's feasible interval must be at least this wide
    /// (default: K).
    pub protection: Option<u32>,
    /// The 0 % / 100 % group rule (default on).
    pub share_rule: bool,
    /// Round published counts to base 5, totals from their raw values (default off).
    pub round_base5: bool,
}

impl Default for DisclosureRules {
    fn default() -> Self {
        DisclosureRules {
            k: 10,
            protection: None,
            share_rule: true,
            round_base5: false,
        }
    }
}

impl DisclosureRules {
    /// Rules with threshold `k` and the defaults otherwise.
    pub fn with_k(k: u32) -> Self {
        DisclosureRules {
            k,
            ..DisclosureRules::default()
        }
    }

    /// The effective protection width.
    pub fn protection_width(&self) -> u64 {
        u64::from(self.protection.unwrap_or(self.k).max(1))
    }
}

/// A two-way table of person counts (interior cells; totals are computed).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct CountTable {
    /// Name used in suppression notes (`<name>/<row>/<column>`).
    pub name: String,
    /// Row (group) labels.
    pub row_labels: Vec<String>,
    /// Column (category) labels.
    pub col_labels: Vec<String>,
    /// Interior counts, row-major, `rows × cols`.
    pub cells: Vec<u64>,
}

/// Label used for totals in cell names.
pub const TOTAL_LABEL: &str = "total";

impl CountTable {
    /// A table; `None` when `cells.len() != rows × cols` or a dimension is zero.
    pub fn new(
        name: &str,
        row_labels: Vec<String>,
        col_labels: Vec<String>,
        cells: Vec<u64>,
    ) -> Option<Self> {
        let (r, c) = (row_labels.len(), col_labels.len());
        if r == 0 || c == 0 || cells.len() != r * c {
            return None;
        }
        Some(CountTable {
            name: name.to_owned(),
            row_labels,
            col_labels,
            cells,
        })
    }

    /// A table with labels `r1…`, `c1…` (for tests and tools).
    pub fn unlabelled(rows: usize, cols: usize, cells: Vec<u64>) -> Option<Self> {
        CountTable::new(
            "table",
            (1..=rows).map(|i| format!("r{i}")).collect(),
            (1..=cols).map(|j| format!("c{j}")).collect(),
            cells,
        )
    }

    /// Number of rows (groups).
    pub fn rows(&self) -> usize {
        self.row_labels.len()
    }

    /// Number of columns (categories).
    pub fn cols(&self) -> usize {
        self.col_labels.len()
    }

    /// The augmented grid, row-major `(rows+1) × (cols+1)`, totals in the last row and column.
    pub fn augmented(&self) -> Vec<u64> {
        let (r, c) = (self.rows(), self.cols());
        let w = c + 1;
        let mut g = vec![0u64; (r + 1) * w];
        for i in 0..r {
            for j in 0..c {
                let x = self.cells[i * c + j];
                g[i * w + j] = x;
                g[i * w + c] += x;
                g[r * w + j] += x;
                g[r * w + c] += x;
            }
        }
        g
    }

    /// The lines of the augmented grid as relations (members in order, the total last).
    pub fn relations(&self) -> Vec<Relation> {
        lines(self.rows(), self.cols())
            .into_iter()
            .map(|l| {
                let last = l.len() - 1;
                l.iter()
                    .enumerate()
                    .map(|(k, &c)| (c, if k == last { -1 } else { 1 }))
                    .collect()
            })
            .collect()
    }

    /// The name of augmented cell `index` in notes: `<name>/<row>/<column>`, with `total` for
    /// margins.
    pub fn cell_name(&self, index: usize) -> String {
        let w = self.cols() + 1;
        let (i, j) = (index / w, index % w);
        let row = self.row_labels.get(i).map_or(TOTAL_LABEL, String::as_str);
        let col = self.col_labels.get(j).map_or(TOTAL_LABEL, String::as_str);
        format!("{}/{row}/{col}", self.name)
    }
}

/// The lines of an `(r+1) × (c+1)` grid: each row, then each column, as cell indices with the
/// total last.
fn lines(r: usize, c: usize) -> Vec<Vec<usize>> {
    let w = c + 1;
    let mut out = Vec::with_capacity(r + c + 2);
    for i in 0..=r {
        out.push((0..=c).map(|j| i * w + j).collect());
    }
    for j in 0..=c {
        out.push((0..=r).map(|i| i * w + j).collect());
    }
    out
}

/// A table after disclosure control.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct ProtectedTable {
    /// Row labels.
    pub row_labels: Vec<String>,
    /// Column labels.
    pub col_labels: Vec<String>,
    /// The augmented grid, row-major `(rows+1) × (cols+1)`, totals last.
    pub cells: Vec<Published<u64>>,
    /// Every suppression with its reason, in grid order.
    pub notes: Vec<SuppressionNote>,
    /// Feasible interval of every suppressed cell, given everything published.
    pub audit: Vec<FeasibleInterval>,
    /// The threshold K.
    pub k: u32,
    /// The protection width P.
    pub protection: u64,
}

impl ProtectedTable {
    /// Interior cell `(i, j)`.
    pub fn cell(&self, i: usize, j: usize) -> Published<u64> {
        self.at(i, j)
    }

    /// Total of row `i`.
    pub fn row_total(&self, i: usize) -> Published<u64> {
        self.at(i, self.col_labels.len())
    }

    /// Total of column `j`.
    pub fn col_total(&self, j: usize) -> Published<u64> {
        self.at(self.row_labels.len(), j)
    }

    /// The grand total.
    pub fn grand_total(&self) -> Published<u64> {
        self.at(self.row_labels.len(), self.col_labels.len())
    }

    fn at(&self, i: usize, j: usize) -> Published<u64> {
        let w = self.col_labels.len() + 1;
        self.cells.get(i * w + j).copied().unwrap_or(Published {
            value: None,
            suppressed: true,
        })
    }

    /// Whether every suppressed cell's feasible interval is at least the protection width.
    pub fn is_protected(&self) -> bool {
        self.audit
            .iter()
            .all(|iv| iv.width() >= self.protection as f64)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Why {
    Published,
    BelowK,
    Share,
    Complementary,
}

impl Why {
    fn code(self) -> &'static str {
        match self {
            Why::Published => "",
            Why::BelowK => "count_below_k",
            Why::Share => "share_all_or_none",
            Why::Complementary => "complementary",
        }
    }
}

/// Applies primary and complementary suppression (module documentation) to `table`.
pub fn protect(table: &CountTable, rules: &DisclosureRules) -> ProtectedTable {
    let grid = table.augmented();
    let (r, c) = (table.rows(), table.cols());
    let w = c + 1;
    let totals: Vec<bool> = (0..grid.len()).map(|i| i % w == c || i / w == r).collect();
    let why = primary(&grid, &[(table, 0)], rules);
    let (why, audit) = complete(&grid, &lines(r, c), &totals, why, rules);
    finish(table, &grid, &why, audit, rules)
}

/// Protects two tables that share their columns and column totals — the same people counted
/// by two groupings, e.g. lonely / not lonely by gender and by age band (reliability notes test
/// C30). The column-total row is one set of cells for both, so suppression and the audit see
/// every relation a reader could combine. `None` when the column labels or the column totals
/// differ.
pub fn protect_linked(
    a: &CountTable,
    b: &CountTable,
    rules: &DisclosureRules,
) -> Option<(ProtectedTable, ProtectedTable)> {
    if a.col_labels != b.col_labels {
        return None;
    }
    let c = a.cols();
    let w = c + 1;
    let (ga, gb) = (a.augmented(), b.augmented());
    let (ra, rb) = (a.rows(), b.rows());
    if ga[ra * w..] != gb[rb * w..] {
        return None;
    }
    // Pool: all of A's grid, then B's rows without its column-total row.
    let mut pool = ga.clone();
    pool.extend_from_slice(&gb[..rb * w]);
    let b_index = |i: usize| {
        if i >= rb * w {
            ra * w + (i - rb * w)
        } else {
            ga.len() + i
        }
    };
    let mut all_lines = lines(ra, c);
    for line in lines(rb, c) {
        all_lines.push(line.into_iter().map(b_index).collect());
    }
    let mut totals: Vec<bool> = (0..ga.len()).map(|i| i % w == c || i / w == ra).collect();
    totals.extend((0..rb * w).map(|i| i % w == c));
    let why = primary(&pool, &[(a, 0), (b, ga.len())], rules);
    let (why, audit) = complete(&pool, &all_lines, &totals, why, rules);
    let why_b: Vec<Why> = (0..gb.len()).map(|i| why[b_index(i)]).collect();
    let audit_b: Vec<FeasibleInterval> = (0..gb.len())
        .filter_map(|i| {
            audit
                .iter()
                .find(|iv| iv.cell == b_index(i))
                .map(|iv| FeasibleInterval { cell: i, ..*iv })
        })
        .collect();
    let audit_a: Vec<FeasibleInterval> = audit
        .iter()
        .filter(|iv| iv.cell < ga.len())
        .copied()
        .collect();
    Some((
        finish(a, &ga, &why[..ga.len()], audit_a, rules),
        finish(b, &gb, &why_b, audit_b, rules),
    ))
}

/// Primary suppression over a pool holding each table's augmented grid at its offset (a
/// linked table's column-total row is the first table's, so its offset range is shorter).
fn primary(pool: &[u64], tables: &[(&CountTable, usize)], rules: &DisclosureRules) -> Vec<Why> {
    let k = u64::from(rules.k.max(1));
    let mut why: Vec<Why> = pool
        .iter()
        .map(|&x| {
            if x > 0 && x < k {
                Why::BelowK
            } else {
                Why::Published
            }
        })
        .collect();
    if rules.share_rule {
        // With one category every member is "100 %" by definition: nothing is disclosed.
        for &(t, off) in tables.iter().filter(|(t, _)| t.cols() > 1) {
            let (r, c) = (t.rows(), t.cols());
            let w = c + 1;
            for i in 0..r {
                let total = pool[off + i * w + c];
                if total > 0 && (0..c).any(|j| pool[off + i * w + j] == total) {
                    for j in 0..c {
                        let idx = off + i * w + j;
                        if (pool[idx] == total || pool[idx] == 0) && why[idx] == Why::Published {
                            why[idx] = Why::Share;
                        }
                    }
                }
            }
        }
    }
    why
}

/// Steps 2 and 3 of the module documentation over any set of lines.
fn complete(
    pool: &[u64],
    all_lines: &[Vec<usize>],
    totals: &[bool],
    mut why: Vec<Why>,
    rules: &DisclosureRules,
) -> (Vec<Why>, Vec<FeasibleInterval>) {
    let p = rules.protection_width() as f64;
    let relations: Vec<Relation> = all_lines
        .iter()
        .map(|l| {
            let last = l.len() - 1;
            l.iter()
                .enumerate()
                .map(|(k, &c)| (c, if k == last { -1 } else { 1 }))
                .collect()
        })
        .collect();
    // Candidate order: non-totals first, positive before zero, smaller first, lower index.
    let order_key = |idx: usize| (totals[idx], pool[idx] == 0, pool[idx], idx);
    let mut audit = Vec::new();
    for _ in 0..=pool.len() + 1 {
        line_rule(pool, all_lines, &mut why);
        let published: Vec<bool> = why.iter().map(|&y| y == Why::Published).collect();
        audit = feasible_intervals(pool, &published, &relations);
        let Some(fail) = audit.iter().find(|iv| iv.width() < p) else {
            break;
        };
        let s = fail.cell;
        let base_width = fail.width();
        let mut candidates: Vec<usize> = all_lines
            .iter()
            .filter(|l| l.contains(&s))
            .flatten()
            .copied()
            .filter(|&idx| why[idx] == Why::Published)
            .collect();
        candidates.sort_by_key(|&idx| order_key(idx));
        candidates.dedup();
        if candidates.is_empty() {
            candidates = (0..pool.len())
                .filter(|&idx| why[idx] == Why::Published)
                .collect();
            candidates.sort_by_key(|&idx| order_key(idx));
        }
        let widens = |cand: usize| {
            let mut pubd = published.clone();
            pubd[cand] = false;
            feasible_intervals_of(pool, &pubd, &relations, &[s])
                .first()
                .is_some_and(|iv| iv.width() > base_width)
        };
        let chosen = candidates
            .iter()
            .copied()
            .find(|&cand| widens(cand))
            .or_else(|| candidates.first().copied());
        match chosen {
            Some(cand) => why[cand] = Why::Complementary,
            None => break,
        }
    }
    (why, audit)
}

fn finish(
    table: &CountTable,
    grid: &[u64],
    why: &[Why],
    audit: Vec<FeasibleInterval>,
    rules: &DisclosureRules,
) -> ProtectedTable {
    let cells = grid
        .iter()
        .zip(why)
        .map(|(&x, &y)| match y {
            Why::Published => Published {
                value: Some(if rules.round_base5 {
                    super::rounding::round_base5(x)
                } else {
                    x
                }),
                suppressed: false,
            },
            _ => Published {
                value: None,
                suppressed: true,
            },
        })
        .collect();
    let notes = why
        .iter()
        .enumerate()
        .filter(|(_, y)| **y != Why::Published)
        .map(|(idx, y)| SuppressionNote {
            cell: table.cell_name(idx),
            reason: y.code().to_owned(),
        })
        .collect();
    ProtectedTable {
        row_labels: table.row_labels.clone(),
        col_labels: table.col_labels.clone(),
        cells,
        notes,
        audit,
        k: rules.k,
        protection: rules.protection_width(),
    }
}

fn line_rule(grid: &[u64], all_lines: &[Vec<usize>], why: &mut [Why]) {
    loop {
        let mut changed = false;
        for line in all_lines {
            let hidden = line.iter().filter(|&&i| why[i] != Why::Published).count();
            if hidden != 1 {
                continue;
            }
            let (members, total) = line.split_at(line.len() - 1);
            let positive = members
                .iter()
                .copied()
                .filter(|&i| why[i] == Why::Published && grid[i] > 0)
                .min_by_key(|&i| (grid[i], i));
            let zero = members.iter().copied().find(|&i| why[i] == Why::Published);
            let total = total.first().copied().filter(|&t| why[t] == Why::Published);
            if let Some(pick) = positive.or(total).or(zero) {
                why[pick] = Why::Complementary;
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Reliability notes test C23: A:(12, 3 | 15), B:(20, 18 | 38), totals (32, 21 | 53), K = 10.
    #[test]
    fn worked_two_by_two() {
        let t = CountTable::unlabelled(2, 2, vec![12, 3, 20, 18]).unwrap();
        let p = protect(&t, &DisclosureRules::with_k(10));
        assert!(p.cell(0, 1).suppressed);
        let reasons: Vec<(&str, &str)> = p
            .notes
            .iter()
            .map(|n| (n.cell.as_str(), n.reason.as_str()))
            .collect();
        eprintln!("{reasons:?} {:?}", p.audit);
        assert!(reasons.contains(&("table/r1/c2", "count_below_k")));
        assert!(p.is_protected(), "{:?}", p.audit);
        // No line has exactly one suppressed member.
        let w = 3;
        for i in 0..3 {
            let n = (0..3).filter(|&j| p.cells[i * w + j].suppressed).count();
            assert_ne!(n, 1);
            let n = (0..3).filter(|&j| p.cells[j * w + i].suppressed).count();
            assert_ne!(n, 1);
        }
        assert_eq!(p.grand_total().value, Some(53));
    }
}
