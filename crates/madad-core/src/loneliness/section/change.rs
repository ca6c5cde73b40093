//! Within-person change and the comparison with the comparison group, through the gate.

use crate::loneliness::change::ChangeAnalysis;
use crate::loneliness::comparison::{ClusterReference, compare_groups};
use crate::loneliness::histogram::{MagnitudeBin, side_bins};
use crate::loneliness::instruments::Category;
use crate::loneliness::linking::Pair;
use crate::loneliness::rci::ReliabilitySource;
use crate::privacy::suppress::{Published, Suppressor};
use crate::schema::survey::Wave;
use crate::stats::{NotApplicable, StatResult};

use super::*;

pub(super) fn t_stat(t: &crate::stats::paired::PairedT) -> TestSummary {
    TestSummary {
        statistic: t.t,
        df: Some(t.df),
        p: t.p,
        estimate: Some(t.mean_difference),
        ci: Some(t.ci),
    }
}

pub(super) fn change_summary(
    c: &StatResult<ChangeAnalysis>,
    label: &str,
    (from, to): (Wave, Wave),
    level: f64,
    given_reliability: bool,
    bands: &[Category],
    sup: &mut Suppressor,
) -> ChangeSummary {
    let mut g = Gate {
        sup,
        prefix: format!("loneliness/change/{label}"),
    };
    let n = c.as_ref().map(|c| c.n).unwrap_or(0);
    let pairs = g.count("pairs", n);
    let na = |c: &StatResult<ChangeAnalysis>| match c {
        Ok(_) => NotApplicable::new("too_few", "no linked pairs"),
        Err(e) => e.clone(),
    };
    let field = |f: &dyn Fn(&ChangeAnalysis) -> StatResult<f64>| match c {
        Ok(c) => f(c),
        Err(_) => Err(na(c)),
    };
    let mean_before = g.paired("meanBefore", n, field(&|c| Ok(c.mean_before)));
    let sd_before = g.paired("sdBefore", n, field(&|c| Ok(c.sd_before)));
    let mean_after = g.paired("meanAfter", n, field(&|c| Ok(c.mean_after)));
    let sd_after = g.paired("sdAfter", n, field(&|c| Ok(c.sd_after)));
    let Ok(ca) = c else {
        let e = na(c);
        let empty = ShareEstimate {
            share: Published {
                value: None,
                suppressed: false,
            },
            ci: None,
        };
        return ChangeSummary {
            group: label.to_owned(),
            from: wave_name(from).to_owned(),
            to: wave_name(to).to_owned(),
            sign_convention: "after − before (negative = less lonely)".to_owned(),
            pairs,
            mean_before,
            sd_before,
            mean_after,
            sd_after,
            t: GatedStat::of(Err(e.clone())),
            mean_change_bca: None,
            wilcoxon: GatedStat::of(Err(e.clone())),
            rank_biserial: GatedStat::of(Err(e.clone())),
            sign_p: GatedStat::of(Err(e.clone())),
            d_z: GatedStat::of(Err(e.clone())),
            g_av: GatedStat::of(Err(e.clone())),
            d_rm: GatedStat::of(Err(e.clone())),
            improved: empty.clone(),
            unchanged: empty.clone(),
            worsened: empty,
            rci: GatedStat::of(Err(e)),
            distribution: ChangeHistogram {
                rule: HISTOGRAM_RULE.to_owned(),
                bins: Vec::new(),
            },
            lonely: None,
            categories: None,
        };
    };
    let t = g.paired("t", n, ca.t.as_ref().map(t_stat).map_err(Clone::clone));
    let mean_change_bca = ca.mean_change_bca.as_ref().map(|b| {
        g.paired(
            "meanChangeBca",
            n,
            b.as_ref().map(|b| b.ci).map_err(Clone::clone),
        )
    });
    let wilcoxon = g.paired(
        "wilcoxon",
        n,
        ca.wilcoxon
            .as_ref()
            .map(|w| TestSummary {
                statistic: w.r_plus,
                df: None,
                p: w.p,
                estimate: None,
                ci: None,
            })
            .map_err(Clone::clone),
    );
    let rank_biserial = g.paired(
        "rankBiserial",
        n,
        ca.wilcoxon
            .as_ref()
            .map(|w| w.rank_biserial)
            .map_err(Clone::clone),
    );
    let sign_p = g.paired(
        "signP",
        n,
        ca.sign.as_ref().map(|s| s.p).map_err(Clone::clone),
    );
    let fx = ca.effects.as_ref().map_err(Clone::clone);
    let d_z = g.paired(
        "dZ",
        n,
        fx.clone().map(|f| EffectEstimate {
            estimate: f.dz,
            ci: Some(f.dz_ci),
        }),
    );
    let g_av = g.paired("gAv", n, fx.clone().map(|f| f.g_av));
    let d_rm = g.paired(
        "dRm",
        n,
        fx.and_then(|f| {
            f.d_rm.ok_or_else(|| {
                NotApplicable::new("constant", "d_rm needs a defined pre–post correlation")
            })
        }),
    );
    let mut improved = g.share_of("improved", &ca.improved, n);
    let mut unchanged = g.share_of("unchanged", &ca.unchanged, n);
    let mut worsened = g.share_of("worsened", &ca.worsened, n);
    g.protect_shares(
        &mut [
            ("improved", ca.improved.count, &mut improved),
            ("unchanged", ca.unchanged.count, &mut unchanged),
            ("worsened", ca.worsened.count, &mut worsened),
        ],
        0,
    );
    let distribution = change_histogram(&mut g, ca, n, [&improved, &unchanged, &worsened]);
    let rci_result: StatResult<crate::loneliness::rci::Rci> = match &ca.rci {
        Some(r) => r.clone(),
        None => Err(NotApplicable::new(
            "no_reliability",
            "no reliability coefficient is available for this instrument",
        )),
    };
    let rci = if g.sup.paired(&g.cell("rci"), n as u64, ()).suppressed {
        GatedStat::withheld()
    } else {
        match rci_result {
            Err(e) => GatedStat::of(Err(e)),
            Ok(r) => {
                let (kind, source) = match &r.reliability {
                    ReliabilitySource::PublishedTestRetest { source, .. } if given_reliability => {
                        ("given", source.clone())
                    }
                    ReliabilitySource::PublishedTestRetest { source, .. } => {
                        ("publishedTestRetest", source.clone())
                    }
                    ReliabilitySource::PublishedAlpha { source, .. } => {
                        ("publishedAlpha", source.clone())
                    }
                    ReliabilitySource::SampleAlpha { n, .. } => (
                        "sampleAlpha",
                        format!("Cronbach's alpha of this sample's baseline items (n = {n})"),
                    ),
                };
                let ci = |c: usize| crate::stats::proportion::wilson(c as u64, r.n as u64, level);
                let mut improved = g.share("rci/improved", r.improved, r.n, ci(r.improved));
                let mut unchanged = g.share("rci/unchanged", r.unchanged, r.n, ci(r.unchanged));
                let mut deteriorated =
                    g.share("rci/deteriorated", r.deteriorated, r.n, ci(r.deteriorated));
                g.protect_shares(
                    &mut [
                        ("rci/improved", r.improved, &mut improved),
                        ("rci/unchanged", r.unchanged, &mut unchanged),
                        ("rci/deteriorated", r.deteriorated, &mut deteriorated),
                    ],
                    0,
                );
                GatedStat::of(Ok(RciSummary {
                    reliability: r.reliability.value(),
                    reliability_kind: kind.to_owned(),
                    reliability_source: source,
                    reliable_change: r.reliable_change,
                    improved,
                    unchanged,
                    deteriorated,
                    recovered: r.recovered.map(|c| g.share("rci/recovered", c, r.n, ci(c))),
                }))
            }
        }
    };
    let lonely = ca.flag.as_ref().map(|f| {
        let before = g.share_of("lonely/before", &f.before, f.n);
        let after = g.share_of("lonely/after", &f.after, f.n);
        // With one share withheld, the difference would give it away.
        let difference = if before.share.suppressed || after.share.suppressed {
            if f.n as u64 >= g.sup.k() {
                g.complement("lonely/difference");
            }
            GatedStat::withheld()
        } else {
            g.paired("lonely/difference", f.n, Ok(f.after.share - f.before.share))
        };
        FlagSummary {
            pairs: g.count("lonely/pairs", f.n),
            before,
            after,
            difference,
            mcnemar: g.paired(
                "lonely/mcnemar",
                f.n,
                f.mcnemar
                    .as_ref()
                    .map(|m| TestSummary {
                        statistic: m.chi2_corrected,
                        df: Some(1.0),
                        p: m.p_chi2_corrected,
                        estimate: None,
                        ci: None,
                    })
                    .map_err(Clone::clone),
            ),
            mcnemar_exact_p: g.paired(
                "lonely/mcnemarExactP",
                f.n,
                f.mcnemar.as_ref().map(|m| m.p_exact).map_err(Clone::clone),
            ),
            mcnemar_mid_p: g.paired(
                "lonely/mcnemarMidP",
                f.n,
                f.mcnemar.as_ref().map(|m| m.p_mid).map_err(Clone::clone),
            ),
            mcnemar_uncorrected: g.paired(
                "lonely/mcnemarUncorrected",
                f.n,
                f.mcnemar
                    .as_ref()
                    .map(|m| TestSummary {
                        statistic: m.chi2,
                        df: Some(1.0),
                        p: m.p_chi2,
                        estimate: None,
                        ci: None,
                    })
                    .map_err(Clone::clone),
            ),
        }
    });
    let categories = match &ca.categories {
        Some(cc) if !bands.is_empty() => {
            let m: usize = cc.table.iter().flatten().map(|&x| x as usize).sum();
            Some(CategorySummary {
                categories: bands.iter().map(|c| category_name(*c).to_owned()).collect(),
                pairs: g.count("categories/pairs", m),
                stuart_maxwell: g.paired(
                    "categories/stuartMaxwell",
                    m,
                    cc.stuart_maxwell
                        .as_ref()
                        .map(|x| TestSummary {
                            statistic: x.chi2,
                            df: Some(x.df),
                            p: x.p,
                            estimate: None,
                            ci: None,
                        })
                        .map_err(Clone::clone),
                ),
            })
        }
        _ => None,
    };
    ChangeSummary {
        group: label.to_owned(),
        from: wave_name(from).to_owned(),
        to: wave_name(to).to_owned(),
        sign_convention: ca.sign_convention.clone(),
        pairs,
        mean_before,
        sd_before,
        mean_after,
        sd_after,
        t,
        mean_change_bca,
        wilcoxon,
        rank_biserial,
        sign_p,
        d_z,
        g_av,
        d_rm,
        improved,
        unchanged,
        worsened,
        rci,
        distribution,
        lonely,
        categories,
    }
}

/// The stable name of a category (its JSON spelling).
fn category_name(c: Category) -> &'static str {
    match c {
        Category::NotLonely => "notLonely",
        Category::Lonely => "lonely",
        Category::ModeratelyLonely => "moderatelyLonely",
        Category::SeverelyLonely => "severelyLonely",
        Category::VerySeverelyLonely => "verySeverelyLonely",
    }
}

/// The rule of the change histogram, as the report states it.
pub(super) const HISTOGRAM_RULE: &str = "Change d = after − before in whole scale points of its size (bin m holds m − 1 < |d| ≤ m); improved (d < 0), unchanged (d = 0) and worsened (d > 0) never share a bin, nor do reliable and not reliable changes when the reliable change index applies and each holds at least K people (the first reliable bin starts at the threshold rounded up). On each side, adjacent bins are merged from the smallest change outward until each holds at least K people; people left over at the far end join the last bin, which is open-ended (the largest change is never shown). The unchanged bin is the unchanged share; a side whose share is withheld, or whose changes that are not reliable number 1 to K−1, is one bin.";

/// The change histogram of `ca` (see [`crate::loneliness::histogram`]): the three sides take
/// the publication decision of their shares (`[improved, unchanged, worsened]`, already
/// through the suppressor and its complementary suppression); a published side is split into
/// merged bins of at least K people, each published as a share of the `n` pairs.
fn change_histogram(
    g: &mut Gate<'_>,
    ca: &ChangeAnalysis,
    n: usize,
    [improved, unchanged, worsened]: [&ShareEstimate; 3],
) -> ChangeHistogram {
    let mut bins = Vec::new();
    if n > 0 {
        let reliable = match (&ca.reliable, &ca.rci) {
            (Some(flags), Some(Ok(r))) => Some((flags.as_slice(), r.reliable_change)),
            _ => None,
        };
        let side = |g: &mut Gate<'_>, name: &str, improved_side: bool, s: &ShareEstimate| {
            let merged = side_bins(&ca.differences, reliable, improved_side, g.sup.k());
            publish_side(g, name, &merged, s, n)
        };
        let low = side(g, "improved", true, improved);
        let high = side(g, "worsened", false, worsened);
        bins.extend(low.into_iter().rev());
        bins.push(ChangeBin {
            side: "unchanged".to_owned(),
            from: 0,
            to: Some(0),
            share: unchanged.share,
        });
        bins.extend(high);
    }
    ChangeHistogram {
        rule: HISTOGRAM_RULE.to_owned(),
        bins,
    }
}

/// The published bins of one side, from the smallest change outward.
fn publish_side(
    g: &mut Gate<'_>,
    side: &str,
    merged: &[MagnitudeBin],
    published: &ShareEstimate,
    n: usize,
) -> Vec<ChangeBin> {
    let whole = |share: Published<f64>| {
        vec![ChangeBin {
            side: side.to_owned(),
            from: 1,
            to: None,
            share,
        }]
    };
    if published.share.suppressed || published.share.value.is_none() {
        return whole(published.share);
    }
    match merged.len() {
        0 => return Vec::new(),
        // One bin is the side itself: its share is already published.
        1 => return whole(published.share),
        _ => {}
    }
    let mut out = Vec::with_capacity(merged.len());
    for b in merged {
        let cell = g.cell(&format!("distribution/{side}/{}", b.from));
        let share = g.sup.share(&cell, b.count, n as u64);
        if share.suppressed {
            // Not reached with bins of at least K inside a published side; if it were, a
            // lone withheld bin could be worked out from the side's published share.
            return whole(published.share);
        }
        out.push(ChangeBin {
            side: side.to_owned(),
            from: b.from,
            to: b.to,
            share,
        });
    }
    out
}

pub(super) fn comparison_summary(
    t: &[Pair],
    c: &[Pair],
    level: f64,
    sup: &mut Suppressor,
) -> ComparisonSummary {
    let mut g = Gate {
        sup,
        prefix: "loneliness/comparison".to_owned(),
    };
    let r = compare_groups(t, c, ClusterReference::Normal, level);
    let smaller = t.len().min(c.len());
    let group_row = |g: &mut Gate<'_>,
                     name: &str,
                     p: &[Pair],
                     s: Option<&crate::loneliness::comparison::GroupSummary>| {
        let n = p.len();
        let get = |f: fn(&crate::loneliness::comparison::GroupSummary) -> f64| {
            s.map(f).ok_or_else(|| {
                NotApplicable::new("too_few", "each group needs at least 2 linked people")
            })
        };
        GroupChangeRow {
            n: g.count(&format!("{name}/n"), n),
            mean_pre: g.paired(&format!("{name}/meanPre"), n, get(|s| s.mean_pre)),
            mean_post: g.paired(&format!("{name}/meanPost"), n, get(|s| s.mean_post)),
            mean_change: g.paired(&format!("{name}/meanChange"), n, get(|s| s.mean_change)),
            sd_change: g.paired(&format!("{name}/sdChange"), n, get(|s| s.sd_change)),
        }
    };
    let ok = r.as_ref().ok();
    let intervention = group_row(&mut g, "intervention", t, ok.map(|a| &a.intervention));
    let comparison = group_row(&mut g, "comparison", c, ok.map(|a| &a.comparison));
    let err = |r: &StatResult<crate::loneliness::comparison::ComparisonAnalysis>| match r {
        Ok(_) => NotApplicable::new("too_few", "not applicable"),
        Err(e) => e.clone(),
    };
    let did = g.paired(
        "did",
        smaller,
        r.as_ref().map(|a| a.did).map_err(|_| err(&r)),
    );
    let welch = g.paired(
        "welch",
        smaller,
        r.as_ref()
            .map_err(|_| err(&r))
            .and_then(|a| a.welch.clone())
            .map(|w| TestSummary {
                statistic: w.t,
                df: Some(w.df),
                p: w.p,
                estimate: Some(w.difference),
                ci: Some(w.ci),
            }),
    );
    let regression = g.paired(
        "regression",
        smaller,
        r.as_ref()
            .map_err(|_| err(&r))
            .and_then(|a| a.regression.clone())
            .map(|x| TestSummary {
                statistic: x.did.statistic,
                df: x.did.df,
                p: x.did.p,
                estimate: Some(x.did.estimate),
                ci: Some(x.did.ci),
            }),
    );
    let ancova = g.paired(
        "ancova",
        smaller,
        r.as_ref()
            .map_err(|_| err(&r))
            .and_then(|a| a.ancova.clone())
            .map(|x| AncovaSummary {
                adjusted_intervention: EffectEstimate {
                    estimate: x.adjusted_mean_intervention.estimate,
                    ci: Some(x.adjusted_mean_intervention.ci),
                },
                adjusted_comparison: EffectEstimate {
                    estimate: x.adjusted_mean_comparison.estimate,
                    ci: Some(x.adjusted_mean_comparison.ci),
                },
                group_effect: TestSummary {
                    statistic: x.group_effect.statistic,
                    df: x.group_effect.df,
                    p: x.group_effect.p,
                    estimate: Some(x.group_effect.estimate),
                    ci: Some(x.group_effect.ci),
                },
                partial_eta_squared: x.partial_eta_squared,
            }),
    );
    let d_ppc2 = g.paired(
        "dPpc2",
        smaller,
        r.as_ref()
            .map_err(|_| err(&r))
            .and_then(|a| a.dppc2.clone())
            .map(|d| EffectEstimate {
                estimate: d.d,
                ci: Some(d.ci),
            }),
    );
    ComparisonSummary {
        intervention,
        comparison,
        did,
        welch,
        regression,
        ancova,
        d_ppc2,
    }
}
