//! Within-person change from one wave to a later one: mean change with CI, paired t,
//! Wilcoxon, sign test, effect sizes, shares improved / unchanged / worsened (and the changes
//! themselves for the histogram of [`super::histogram`]), reliable change and McNemar /
//! Stuart–Maxwell on the categories.
//!
//! Sign convention (reported as `signConvention`): `d = after − before`; loneliness scores
//! rise with loneliness, so a negative `d` is an improvement.

use serde::{Deserialize, Serialize};

use super::instruments::Category;
use super::linking::Pair;
use super::rci::{Rci, RciOptions, reliable_change};
use crate::stats::bootstrap::{Bca, bca};
use crate::stats::effect_size::{PairedEffects, paired_effects};
use crate::stats::paired::{
    Alternative, McNemar, PairedT, SignTest, StuartMaxwell, Wilcoxon, WilcoxonOptions, mcnemar,
    mean_sd, paired_t, sign_test, stuart_maxwell, wilcoxon,
};
use crate::stats::proportion::wilson;
use crate::stats::{Interval, NotApplicable, StatResult};

/// Options of the change analysis.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeOptions {
    /// Confidence level.
    pub level: f64,
    /// Wilcoxon options (default: scipy 1.17's `wilcoxon(d)`).
    pub wilcoxon: WilcoxonOptions,
    /// Reliable change index, when a reliability is available.
    pub rci: Option<RciOptions>,
    /// Bootstrap BCa interval of the mean change, when asked.
    pub bootstrap: Option<BootstrapOptions>,
}

/// Bootstrap settings: resamples and the caller's seed (same seed, same interval, natively
/// and in wasm).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BootstrapOptions {
    /// Number of resamples (e.g. 10,000).
    pub resamples: usize,
    /// Seed of the SplitMix64 generator.
    pub seed: u64,
}

impl Default for ChangeOptions {
    fn default() -> Self {
        Self {
            level: 0.95,
            wilcoxon: WilcoxonOptions::default(),
            rci: None,
            bootstrap: None,
        }
    }
}

/// A count with its share and Wilson interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Share {
    /// Count.
    pub count: usize,
    /// Count / n.
    pub share: f64,
    /// Wilson interval of the share.
    pub ci: StatResult<Interval>,
}

fn share(count: usize, n: usize, level: f64) -> Share {
    Share {
        count,
        share: if n > 0 { count as f64 / n as f64 } else { 0.0 },
        ci: wilson(count as u64, n as u64, level),
    }
}

/// The lonely / not-lonely flag before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlagChange {
    /// Pairs with both flags.
    pub n: usize,
    /// Table, rows = before (lonely, not lonely), columns = after (lonely, not lonely).
    pub table: [[u64; 2]; 2],
    /// Lonely before.
    pub before: Share,
    /// Lonely after.
    pub after: Share,
    /// McNemar (b = lonely → not lonely, c = not lonely → lonely).
    pub mcnemar: StatResult<McNemar>,
}

/// Categories before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CategoryChange {
    /// The categories in table order.
    pub categories: Vec<Category>,
    /// Rows = before, columns = after.
    pub table: Vec<Vec<u64>>,
    /// Stuart–Maxwell marginal homogeneity (more than two categories).
    pub stuart_maxwell: StatResult<StuartMaxwell>,
}

/// Within-person change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeAnalysis {
    /// `after − before`.
    pub sign_convention: String,
    /// Pairs.
    pub n: usize,
    /// Mean before.
    pub mean_before: f64,
    /// SD before.
    pub sd_before: f64,
    /// Mean after.
    pub mean_after: f64,
    /// SD after.
    pub sd_after: f64,
    /// Paired t with the CI of the mean change.
    pub t: StatResult<PairedT>,
    /// Wilcoxon signed-rank test.
    pub wilcoxon: StatResult<Wilcoxon>,
    /// Sign test.
    pub sign: StatResult<SignTest>,
    /// d_z (noncentral-t CI), g_z, d_av, g_av, d_rm.
    pub effects: StatResult<PairedEffects>,
    /// `after < before`.
    pub improved: Share,
    /// `after = before`.
    pub unchanged: Share,
    /// `after > before`.
    pub worsened: Share,
    /// The changes `after − before` (rounded to 1e-10), in pair order, for the histogram
    /// ([`super::histogram`]); internal to the core, never published as such.
    pub differences: Vec<f64>,
    /// Per change, whether it is a reliable change (the classes of `rci`), when the RCI
    /// applies.
    pub reliable: Option<Vec<bool>>,
    /// BCa interval of the mean change, when asked.
    pub mean_change_bca: Option<StatResult<Bca>>,
    /// Reliable change, when options were given.
    pub rci: Option<StatResult<Rci>>,
    /// Lonely flag change, when flags exist.
    pub flag: Option<FlagChange>,
    /// Category change, when categories exist.
    pub categories: Option<CategoryChange>,
}

/// Differences rounded to 1e-10 so that scores prorated in floating point do not create
/// spurious rank ties or tie breaks (scipy's documented caveat for `wilcoxon(x, y)`).
fn differences(pairs: &[Pair]) -> Vec<f64> {
    pairs
        .iter()
        .map(|p| libm::round((p.after - p.before) * 1e10) / 1e10)
        .collect()
}

/// Analyses the change in `pairs`. `too_few` with no pairs at all; each test carries its own
/// not-applicable reason otherwise (fewer than 2 pairs, no change, identical changes).
pub fn analyse_change(pairs: &[Pair], opts: &ChangeOptions) -> StatResult<ChangeAnalysis> {
    if pairs.is_empty() {
        return Err(NotApplicable::new("too_few", "no linked pairs"));
    }
    let level = opts.level;
    let n = pairs.len();
    let before: Vec<f64> = pairs.iter().map(|p| p.before).collect();
    let after: Vec<f64> = pairs.iter().map(|p| p.after).collect();
    let d = differences(pairs);
    let (mean_before, sd_before) = mean_sd(&before);
    let (mean_after, sd_after) = mean_sd(&after);
    let improved = d.iter().filter(|&&v| v < 0.0).count();
    let worsened = d.iter().filter(|&&v| v > 0.0).count();

    let flagged: Vec<(bool, bool)> = pairs
        .iter()
        .filter_map(|p| Some((p.before_lonely?, p.after_lonely?)))
        .collect();
    let flag = (!flagged.is_empty()).then(|| {
        let mut table = [[0u64; 2]; 2];
        for &(b, a) in &flagged {
            table[usize::from(!b)][usize::from(!a)] += 1;
        }
        let m = flagged.len();
        FlagChange {
            n: m,
            table,
            before: share((table[0][0] + table[0][1]) as usize, m, level),
            after: share((table[0][0] + table[1][0]) as usize, m, level),
            mcnemar: mcnemar(table[0][1], table[1][0]),
        }
    });

    let cats: Vec<(Category, Category)> = pairs
        .iter()
        .filter_map(|p| Some((p.before_category?, p.after_category?)))
        .collect();
    let categories = (!cats.is_empty()).then(|| {
        let mut list: Vec<Category> = Vec::new();
        for &(a, b) in &cats {
            for c in [a, b] {
                if !list.contains(&c) {
                    list.push(c);
                }
            }
        }
        list.sort_by_key(|c| category_rank(*c));
        let k = list.len();
        let mut table = vec![vec![0u64; k]; k];
        for &(a, b) in &cats {
            let i = list.iter().position(|c| *c == a).unwrap_or(0);
            let j = list.iter().position(|c| *c == b).unwrap_or(0);
            table[i][j] += 1;
        }
        let sm = if k > 2 {
            stuart_maxwell(&table)
        } else {
            Err(NotApplicable::new(
                "two_categories",
                "with two categories use McNemar's test",
            ))
        };
        CategoryChange {
            categories: list,
            table,
            stuart_maxwell: sm,
        }
    });

    let rci = opts.rci.as_ref().map(|o| reliable_change(pairs, o));
    Ok(ChangeAnalysis {
        sign_convention: "after − before (negative = less lonely)".to_owned(),
        n,
        mean_before,
        sd_before,
        mean_after,
        sd_after,
        t: paired_t(&d, Alternative::TwoSided, level),
        wilcoxon: wilcoxon(&d, opts.wilcoxon),
        sign: sign_test(&d, Alternative::TwoSided),
        effects: paired_effects(&before, &after, level),
        improved: share(improved, n, level),
        unchanged: share(n - improved - worsened, n, level),
        worsened: share(worsened, n, level),
        reliable: rci.as_ref().and_then(|r| r.as_ref().ok()).and_then(|r| {
            let z = opts.rci.as_ref()?.critical;
            Some(r.index.iter().map(|&v| v <= -z || v >= z).collect())
        }),
        rci,
        differences: d.clone(),
        mean_change_bca: opts.bootstrap.map(|b| {
            let mean = |idx: &[usize]| {
                (!idx.is_empty()).then(|| idx.iter().map(|&i| d[i]).sum::<f64>() / idx.len() as f64)
            };
            bca(d.len(), mean, b.resamples, b.seed, level)
        }),
        flag,
        categories,
    })
}

fn category_rank(c: Category) -> u8 {
    match c {
        Category::NotLonely => 0,
        Category::Lonely => 1,
        Category::ModeratelyLonely => 2,
        Category::SeverelyLonely => 3,
        Category::VerySeverelyLonely => 4,
    }
}
