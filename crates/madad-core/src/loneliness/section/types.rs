//! The result types of the loneliness section (what the report carries).

use serde::{Deserialize, Serialize};

use crate::loneliness::apa::Rich;
use crate::privacy::suppress::Published;
use crate::stats::{Interval, NotApplicable, StatResult};

use super::*;

/// A statistic through the small-cell rule: a value, withheld, or not applicable.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct GatedStat<T> {
    /// The value; `null` when withheld or not applicable.
    pub value: Option<T>,
    /// Withheld because it comes from fewer than K people or pairs (see the suppression list).
    pub suppressed: bool,
    /// Why the method does not apply (never given for a withheld value).
    pub not_applicable: Option<NotApplicable>,
}

impl<T> GatedStat<T> {
    pub(super) fn withheld() -> Self {
        GatedStat {
            value: None,
            suppressed: true,
            not_applicable: None,
        }
    }

    pub(super) fn of(r: StatResult<T>) -> Self {
        match r {
            Ok(v) => GatedStat {
                value: Some(v),
                suppressed: false,
                not_applicable: None,
            },
            Err(e) => GatedStat {
                value: None,
                suppressed: false,
                not_applicable: Some(e),
            },
        }
    }
}

/// A test: statistic, degrees of freedom, p-value, and the estimate it tests with its CI.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct TestSummary {
    /// The test statistic (t, V, z, χ²…).
    pub statistic: f64,
    /// Degrees of freedom (`null` for a normal or exact reference).
    pub df: Option<f64>,
    /// Two-sided p-value.
    pub p: f64,
    /// The estimate tested (a mean change, a difference), when there is one.
    pub estimate: Option<f64>,
    /// Its confidence interval.
    pub ci: Option<Interval>,
}

/// An effect size with its confidence interval.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct EffectEstimate {
    /// The estimate.
    pub estimate: f64,
    /// Its confidence interval, when defined.
    pub ci: Option<Interval>,
}

/// A share of a group with its Wilson interval (the interval is published only with the
/// share).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct ShareEstimate {
    /// The share in [0, 1].
    pub share: Published<f64>,
    /// Wilson interval.
    pub ci: Option<Interval>,
}

/// One wave of one instrument.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct LonelinessWave {
    /// `pre`, `post`, `followUp` or `single`.
    pub wave: String,
    /// Scored responses.
    pub n: Published<u64>,
    /// Mean total.
    pub mean: Published<f64>,
    /// SD of the total.
    pub sd: Published<f64>,
    /// Share at or above the cut-off.
    pub lonely: ShareEstimate,
}

/// Internal consistency of the items at one wave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct ReliabilityRow {
    /// The wave.
    pub wave: String,
    /// Responses complete on every item.
    pub n: Published<u64>,
    /// Cronbach's α with its Feldt interval.
    pub alpha: GatedStat<EffectEstimate>,
    /// KR-20 with its interval (De Jong Gierveld, dichotomised items).
    pub kr20: Option<GatedStat<EffectEstimate>>,
    /// α below 0.7: the scores are noisy for individual change.
    pub low: bool,
    /// α < 0 or a negative item–rest correlation: an item was probably not reverse-scored.
    pub reverse_scoring_suspected: bool,
    /// The suspect items (1-based).
    pub suspect_items: Vec<u32>,
}

/// One instrument found in the survey.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct InstrumentSummary {
    /// The instrument.
    pub instrument: InstrumentChoice,
    /// Its display name.
    pub name: String,
    /// Whether the change analysis uses it.
    pub analysed: bool,
    /// Where it comes from.
    pub citation: String,
    /// The "lonely" cut-off in force (total ≥ cut-off).
    pub cutoff: Option<f64>,
    /// The missing-item rule in force, e.g. `completeCase`.
    pub missing_rule: String,
    /// Responses with at least one of its items answered.
    pub responses: Published<u64>,
    /// Responses whose total stays missing under the rule.
    pub unscored: Published<u64>,
    /// Answers out of range, unknown, invalid or extra (answers, not people). In a 3-option
    /// UCLA-3 survey, codes outside 1–3 count here as invalid.
    pub answer_issues: u64,
    /// Per wave.
    pub waves: Vec<LonelinessWave>,
    /// Reliability per wave.
    pub reliability: Vec<ReliabilityRow>,
    /// Why it could not be scored (e.g. a mix of UCLA-3 codings).
    pub not_applicable: Option<NotApplicable>,
}

/// Baseline of one attrition group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct BaselineRow {
    /// People.
    pub n: Published<u64>,
    /// Mean baseline score.
    pub mean: Published<f64>,
    /// SD of the baseline score.
    pub sd: Published<f64>,
    /// Lonely at baseline.
    pub lonely: ShareEstimate,
}

/// Completers against drop-outs at baseline (the pre wave, whichever waves are compared).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct AttritionTable {
    /// The later wave that defines completion.
    pub to: String,
    /// Scored at baseline and at `to`.
    pub completers: BaselineRow,
    /// Scored at baseline only.
    pub dropouts: BaselineRow,
    /// Welch test of the baseline means (completers − drop-outs).
    pub difference: GatedStat<TestSummary>,
    /// Standardised mean difference (pooled SD).
    pub smd: GatedStat<f64>,
}

/// Linking of the waves by person.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct LinkingSummary {
    /// People with a response at a named wave.
    pub people: Published<u64>,
    /// Scored at baseline.
    pub pre: Published<u64>,
    /// Scored at post.
    pub post: Published<u64>,
    /// Scored at follow-up.
    pub follow_up: Published<u64>,
    /// Scored at both waves of the comparison (the matched pairs).
    pub matched: Published<u64>,
    /// Scored at pre and post.
    pub matched_pre_post: Published<u64>,
    /// Scored at all three waves.
    pub matched_all: Published<u64>,
    /// People with several responses at one wave (left out of that wave).
    pub duplicates: Published<u64>,
    /// People whose study group differs between waves (the first is kept).
    pub group_conflicts: Published<u64>,
    /// Responses without a wave (not linked).
    pub single_wave: Published<u64>,
    /// Completers against drop-outs.
    pub attrition: AttritionTable,
}

/// Reliable change (Jacobson & Truax 1991).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct RciSummary {
    /// The reliability coefficient.
    pub reliability: f64,
    /// `publishedTestRetest`, `publishedAlpha`, `sampleAlpha` or `given`.
    pub reliability_kind: String,
    /// Its source.
    pub reliability_source: String,
    /// Smallest reliable change in scale points (`z · S_diff`).
    pub reliable_change: f64,
    /// Reliably improved.
    pub improved: ShareEstimate,
    /// No reliable change.
    pub unchanged: ShareEstimate,
    /// Reliably worse.
    pub deteriorated: ShareEstimate,
    /// Reliably improved and crossed from lonely to not lonely.
    pub recovered: Option<ShareEstimate>,
}

/// The lonely flag before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct FlagSummary {
    /// Pairs with both flags.
    pub pairs: Published<u64>,
    /// Lonely before.
    pub before: ShareEstimate,
    /// Lonely after.
    pub after: ShareEstimate,
    /// Change in the lonely share (after − before, percentage points / 100).
    pub difference: GatedStat<f64>,
    /// McNemar, continuity-corrected χ²(1) (`statistic`, `p`) — see `mcnemarExactP`.
    pub mcnemar: GatedStat<TestSummary>,
    /// McNemar's exact (binomial) p.
    pub mcnemar_exact_p: GatedStat<f64>,
    /// McNemar's mid-p (exact p less half the probability of the observed table; Fagerland,
    /// Lydersen & Laake 2013).
    pub mcnemar_mid_p: GatedStat<f64>,
    /// McNemar χ²(1) without continuity correction.
    pub mcnemar_uncorrected: GatedStat<TestSummary>,
}

/// The categories of a banded instrument (De Jong Gierveld) before and after.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct CategorySummary {
    /// The instrument's categories, in order (`notLonely`, `moderatelyLonely`, …).
    pub categories: Vec<String>,
    /// Pairs with a category at both waves.
    pub pairs: Published<u64>,
    /// Stuart–Maxwell test of marginal homogeneity over the categories observed
    /// (`statistic` = χ², `df` = categories observed − 1); statsmodels
    /// `SquareTable(t, shift_zeros=False).homogeneity("stuart_maxwell")`.
    pub stuart_maxwell: GatedStat<TestSummary>,
}

/// One bin of the change-score histogram.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct ChangeBin {
    /// `improved` (after < before), `unchanged` or `worsened`.
    pub side: String,
    /// Smallest size of change in the bin, in whole scale points (`m − 1 < |d| ≤ m`); 0 for
    /// the unchanged bin.
    pub from: u32,
    /// Largest size of change; `null` for the open outermost bin of a side.
    pub to: Option<u32>,
    /// Share of the matched pairs in the bin.
    pub share: Published<f64>,
}

/// The distribution of the change scores, binned so that no bin holds 1 to K−1 people (see
/// [`crate::loneliness::histogram`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct ChangeHistogram {
    /// How the bins are formed.
    pub rule: String,
    /// The bins, from the largest improvement to the largest worsening.
    pub bins: Vec<ChangeBin>,
}

/// Within-person change of one group between the two waves.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct ChangeSummary {
    /// `all`, `intervention` or `comparison`.
    pub group: String,
    /// Earlier wave.
    pub from: String,
    /// Later wave.
    pub to: String,
    /// `after − before (negative = less lonely)`.
    pub sign_convention: String,
    /// Matched pairs.
    pub pairs: Published<u64>,
    /// Mean before.
    pub mean_before: GatedStat<f64>,
    /// SD before.
    pub sd_before: GatedStat<f64>,
    /// Mean after.
    pub mean_after: GatedStat<f64>,
    /// SD after.
    pub sd_after: GatedStat<f64>,
    /// Paired t; `estimate` = mean change with its CI.
    pub t: GatedStat<TestSummary>,
    /// Bootstrap BCa interval of the mean change (seeded).
    pub mean_change_bca: Option<GatedStat<Interval>>,
    /// Wilcoxon signed-rank (`statistic` = V = R⁺, scipy's default p).
    pub wilcoxon: GatedStat<TestSummary>,
    /// Matched-pairs rank-biserial correlation.
    pub rank_biserial: GatedStat<f64>,
    /// Sign test, exact binomial two-sided p (the counts behind it are `improved` and
    /// `worsened`, published under the share rule).
    pub sign_p: GatedStat<f64>,
    /// d_z with its noncentral-t CI.
    pub d_z: GatedStat<EffectEstimate>,
    /// g_av (Hedges-corrected d_av).
    pub g_av: GatedStat<f64>,
    /// d_rm (repeated-measures d).
    pub d_rm: GatedStat<f64>,
    /// Share less lonely after.
    pub improved: ShareEstimate,
    /// Share unchanged.
    pub unchanged: ShareEstimate,
    /// Share lonelier after.
    pub worsened: ShareEstimate,
    /// Histogram of the change scores.
    pub distribution: ChangeHistogram,
    /// Reliable change.
    pub rci: GatedStat<RciSummary>,
    /// The lonely flag, when the instrument has a cut-off.
    pub lonely: Option<FlagSummary>,
    /// The categories before and after, when the instrument has more than two (De Jong
    /// Gierveld bands).
    pub categories: Option<CategorySummary>,
}

/// Pre/post summary of one group of the comparison.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct GroupChangeRow {
    /// Linked people.
    pub n: Published<u64>,
    /// Mean before.
    pub mean_pre: GatedStat<f64>,
    /// Mean after.
    pub mean_post: GatedStat<f64>,
    /// Mean change.
    pub mean_change: GatedStat<f64>,
    /// SD of the change.
    pub sd_change: GatedStat<f64>,
}

/// ANCOVA of the later score on the earlier one and the group (Vickers & Altman 2001).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct AncovaSummary {
    /// Adjusted mean of the intervention group (at the grand mean of the earlier score).
    pub adjusted_intervention: EffectEstimate,
    /// Adjusted mean of the comparison group.
    pub adjusted_comparison: EffectEstimate,
    /// Group effect (intervention − comparison) with its t test.
    pub group_effect: TestSummary,
    /// Partial η².
    pub partial_eta_squared: f64,
}

/// Intervention against comparison group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct ComparisonSummary {
    /// Intervention group.
    pub intervention: GroupChangeRow,
    /// Comparison group.
    pub comparison: GroupChangeRow,
    /// Difference in differences (negative = the intervention group's loneliness fell more).
    pub did: GatedStat<f64>,
    /// Welch test on the change scores.
    pub welch: GatedStat<TestSummary>,
    /// Long-format regression, person-clustered SE (CR1, normal reference): the interaction.
    pub regression: GatedStat<TestSummary>,
    /// ANCOVA.
    pub ancova: GatedStat<AncovaSummary>,
    /// Morris (2008) d_ppc2 with its CI.
    pub d_ppc2: GatedStat<EffectEstimate>,
}

/// The change in one dose band.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct DoseBandRow {
    /// `underOne`, `oneToTwo` or `twoOrMore` (hours a week).
    pub band: String,
    /// People.
    pub n: Published<u64>,
    /// Mean change with its paired-t CI and p.
    pub change: GatedStat<TestSummary>,
}

/// Dose–response (L8).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct DoseSummary {
    /// How hours per week are computed.
    pub rule: String,
    /// Matched survey respondents found in the hours log.
    pub people: Published<u64>,
    /// Per band.
    pub bands: Vec<DoseBandRow>,
    /// Linear trend of the change on the band score 0, 1, 2 (`estimate` = slope).
    pub trend: GatedStat<TestSummary>,
    /// Share volunteering ≥ 2 hours a week.
    pub two_or_more: ShareEstimate,
}

/// The change in one subgroup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct SubgroupCell {
    /// Dimension.
    pub dimension: String,
    /// Level.
    pub level: String,
    /// People.
    pub n: Published<u64>,
    /// Paired t (`estimate` = mean change).
    pub change: GatedStat<TestSummary>,
    /// Holm-adjusted p.
    pub p_holm: GatedStat<f64>,
    /// Benjamini–Hochberg-adjusted p.
    pub p_bh: GatedStat<f64>,
}

/// Subgroups with adjusted p-values.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct SubgroupSummary {
    /// Tests adjusted together (subgroups of at least K people whose test applies).
    pub family: u64,
    /// Rows.
    pub rows: Vec<SubgroupCell>,
}

/// Power of the matched sample.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct PowerSummary {
    /// Matched pairs.
    pub pairs: Published<u64>,
    /// Two-sided α.
    pub alpha: f64,
    /// Power.
    pub power: f64,
    /// Minimum detectable d_z.
    pub mde_dz: GatedStat<f64>,
    /// The same in scale points (d_z × SD of the change).
    pub mde_points: GatedStat<f64>,
}

/// A run of styled text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct ApaRun {
    /// The text.
    pub text: String,
    /// Italic (statistical symbols).
    pub italic: bool,
    /// Subscript.
    pub subscript: bool,
}

pub(super) fn runs(r: Rich) -> Vec<ApaRun> {
    r.into_iter()
        .map(|s| ApaRun {
            text: s.text,
            italic: s.italic,
            subscript: s.subscript,
        })
        .collect()
}

/// APA results in one language.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct ApaText {
    /// `he`, `ar` or `en`.
    pub lang: String,
    /// The sentence on the change of the analysed group.
    pub sentence: Vec<ApaRun>,
    /// Table column headers.
    pub columns: Vec<Vec<ApaRun>>,
    /// Table rows (one per group), cells of runs.
    pub rows: Vec<Vec<Vec<ApaRun>>>,
    /// Note under the table.
    pub note: Vec<ApaRun>,
}

/// Where an L indicator is in this section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct LonelinessIndicatorPath {
    /// L1–L8.
    pub id: String,
    /// JSON path under `loneliness`.
    pub path: String,
}

/// A part of the analysis that does not apply, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct LonelinessNote {
    /// `instrument`, `change`, `comparison`, `dose`, `subgroups`, `power`.
    pub part: String,
    /// Stable code.
    pub code: String,
    /// English explanation.
    pub reason: String,
}

/// The loneliness section of the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct LonelinessSection {
    /// The instrument the change analysis uses.
    pub instrument: Option<InstrumentChoice>,
    /// The options in force.
    pub options: LonelinessOptions,
    /// Every instrument found, scored per wave.
    pub instruments: Vec<InstrumentSummary>,
    /// Linking of the waves.
    pub linking: Option<LinkingSummary>,
    /// Change of the analysed group (the intervention group when a comparison group exists,
    /// else everyone) — L5, L7.
    pub change: Option<ChangeSummary>,
    /// Change of the comparison group.
    pub comparison_change: Option<ChangeSummary>,
    /// Intervention against comparison — L6.
    pub comparison: Option<ComparisonSummary>,
    /// Dose–response — L8.
    pub dose: Option<DoseSummary>,
    /// Subgroups.
    pub subgroups: Option<SubgroupSummary>,
    /// Power of the matched sample.
    pub power: Option<PowerSummary>,
    /// APA table and sentence in he, ar, en (only when the change is published).
    pub apa: Vec<ApaText>,
    /// Where L1–L8 are in this section.
    pub indicators: Vec<LonelinessIndicatorPath>,
    /// Parts that do not apply, and why.
    pub not_applicable: Vec<LonelinessNote>,
}

pub(super) const INDICATOR_PATHS: &[(&str, &str)] = &[
    ("L1", "instruments[instrument=ucla3].waves"),
    ("L2", "instruments[instrument=directCbs4|directOns3].waves"),
    ("L3", "instruments[instrument=djg6].waves"),
    ("L5", "change"),
    ("L6", "comparison.dPpc2"),
    ("L7", "change.lonely"),
    ("L8", "dose"),
];
