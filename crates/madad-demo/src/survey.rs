//! `loneliness_survey.csv`: a pre/post loneliness survey of older adults, long layout.
//!
//! # Model
//!
//! * 300 respondents aged 65+. Up to 120 (≈ 40 %) are senior volunteers from the registry who
//!   were active when the pre wave ran (fewer when the registry is small); the rest are service
//!   recipients `R0001`…. 60 % are in the intervention group (`התערבות`), the rest in the
//!   comparison group (`השוואה`).
//! * **UCLA-3** (Hughes et al. 2004; items 1–3, 1 = hardly ever, 2 = some of the time,
//!   3 = often; total 3–9, higher = lonelier). The pre-wave total is a normal distribution
//!   discretised onto 3..=9, with σ = 1.6 and its centre solved so that the mean is exactly
//!   [`BASELINE_MEAN`] = 5.5. The post-wave total is `clamp(pre + D, 3, 9)`, where `D` is a
//!   discretised normal (σ = 1.1) whose centre is solved so that `E[post − pre]` is exactly the
//!   planted effect (−1.0 intervention, −0.1 comparison) *after* clamping. A total is split into
//!   items by adding its `total − 3` extra points one at a time to random items below 3.
//! * **De Jong Gierveld 6** (stats-anchors §1.3; items in CBS/LISS order; emotional = 1, 4, 6,
//!   social = 2, 3, 5; coded 1 = yes, 2 = more or less, 3 = no). Each item is "lonely" with
//!   probability `0.12 + 0.6·(UCLA − 3)/6`, so both instruments move together. A lonely
//!   emotional answer is *yes* (60 %) or *more or less*; a lonely social answer is
//!   *more or less* or *no* (50/50). Non-lonely answers are *no* (emotional) or *yes* (social).
//!   Scoring: emotional item lonely ⇔ code 1 or 2; social item lonely ⇔ code 2 or 3.
//! * ≈ 10 % drop-outs (no post row), ≈ 3 % blank item cells, and five out-of-range answers
//!   (`4`, `0`, `4`, `5`, `0`) on 1–3 items, listed in truth.json.
//! * Pre wave fielded 15/07–28/08/2024, before the program start; post wave 01/06–15/07/2025.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::calendar::{date_of, day_of_ymd, fmt_dmy};
use crate::csvw::{UTF8_BOM, join_quoted};
use crate::registry::{AgeGroup, Volunteer};
use crate::rng::{Rng, Stream};
use crate::truth::{GroupChange, SurveyCell, SurveyTruth};

/// Planted mean UCLA-3 total at baseline.
pub const BASELINE_MEAN: f64 = 5.5;
/// Planted expected change, intervention group.
pub const EFFECT_INTERVENTION: f64 = -1.0;
/// Planted expected change, comparison group.
pub const EFFECT_COMPARISON: f64 = -0.1;

const RESPONDENTS: usize = 300;
const MAX_VOLUNTEER_RESPONDENTS: usize = 120;
const BASELINE_SD: f64 = 1.6;
const CHANGE_SD: f64 = 1.1;
const OUT_OF_RANGE: [&str; 5] = ["4", "0", "4", "5", "0"];

/// Header of the survey file.
pub const SURVEY_HEADER: [&str; 13] = [
    "מזהה משיב",
    "גל",
    "תאריך",
    "קבוצה",
    "ucla_1",
    "ucla_2",
    "ucla_3",
    "djg_1",
    "djg_2",
    "djg_3",
    "djg_4",
    "djg_5",
    "djg_6",
];
/// Wave labels.
pub const WAVE_PRE: &str = "לפני";
/// Post wave label.
pub const WAVE_POST: &str = "אחרי";
/// Group labels.
pub const GROUP_INTERVENTION: &str = "התערבות";
/// Comparison group label.
pub const GROUP_COMPARISON: &str = "השוואה";

/// Standard normal CDF via `libm::erfc`.
fn phi(x: f64) -> f64 {
    0.5 * libm::erfc(-x / core::f64::consts::SQRT_2)
}

/// A normal(μ, σ) discretised onto the integers `lo..=hi` (tails folded into the ends).
fn discretised(mu: f64, sd: f64, lo: i32, hi: i32) -> Vec<f64> {
    (lo..=hi)
        .map(|k| {
            let upper = if k == hi {
                1.0
            } else {
                phi((f64::from(k) + 0.5 - mu) / sd)
            };
            let lower = if k == lo {
                0.0
            } else {
                phi((f64::from(k) - 0.5 - mu) / sd)
            };
            upper - lower
        })
        .collect()
}

/// Solves `f(x) = target` for increasing `f` on `[lo, hi]` by bisection.
fn solve(mut lo: f64, mut hi: f64, target: f64, f: impl Fn(f64) -> f64) -> f64 {
    for _ in 0..100 {
        let mid = 0.5 * (lo + hi);
        if f(mid) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

fn mean_total(pmf: &[f64]) -> f64 {
    pmf.iter()
        .enumerate()
        .map(|(i, p)| p * (i as f64 + 3.0))
        .sum()
}

/// Expected `clamp(T + D, 3, 9) − T`.
fn expected_change(pre: &[f64], change: &[f64]) -> f64 {
    let mut e = 0.0;
    for (ti, pt) in pre.iter().enumerate() {
        for (di, pd) in change.iter().enumerate() {
            let t = ti as i32 + 3;
            let post = (t + di as i32 - 6).clamp(3, 9);
            e += pt * pd * f64::from(post - t);
        }
    }
    e
}

/// Baseline pmf on 3..=9 and the change pmfs on −6..=6 for the two groups.
fn calibrate() -> (Vec<f64>, Vec<f64>, Vec<f64>) {
    let mu = solve(0.0, 12.0, BASELINE_MEAN, |m| {
        mean_total(&discretised(m, BASELINE_SD, 3, 9))
    });
    let pre = discretised(mu, BASELINE_SD, 3, 9);
    let change_for = |target: f64| {
        let delta = solve(-6.0, 6.0, target, |d| {
            expected_change(&pre, &discretised(d, CHANGE_SD, -6, 6))
        });
        discretised(delta, CHANGE_SD, -6, 6)
    };
    let ci = change_for(EFFECT_INTERVENTION);
    let cc = change_for(EFFECT_COMPARISON);
    (pre, ci, cc)
}

fn split_total(rng: &mut Rng, total: i32) -> [u8; 3] {
    let mut items = [1u8; 3];
    for _ in 0..(total - 3).clamp(0, 6) {
        let open: Vec<usize> = (0..3).filter(|i| items[*i] < 3).collect();
        if let Some(&i) = open.get(rng.below(open.len() as u32) as usize) {
            items[i] += 1;
        }
    }
    items
}

fn djg_items(rng: &mut Rng, ucla_total: i32) -> [u8; 6] {
    let p = 0.12 + 0.6 * f64::from(ucla_total - 3) / 6.0;
    let mut out = [0u8; 6];
    for (i, slot) in out.iter_mut().enumerate() {
        let emotional = matches!(i, 0 | 3 | 5);
        let lonely = rng.bernoulli(p);
        *slot = match (emotional, lonely) {
            (true, true) => {
                if rng.bernoulli(0.6) {
                    1
                } else {
                    2
                }
            }
            (true, false) => 3,
            (false, true) => {
                if rng.bernoulli(0.5) {
                    2
                } else {
                    3
                }
            }
            (false, false) => 1,
        };
    }
    out
}

struct Resp {
    id: String,
    intervention: bool,
    pre: (i32, [String; 9]),
    post: Option<(i32, [String; 9])>,
}

fn cells(rng: &mut Rng, total: i32) -> [String; 9] {
    let u = split_total(rng, total);
    let d = djg_items(rng, total);
    let mut out: [String; 9] = Default::default();
    for (i, v) in u.iter().chain(d.iter()).enumerate() {
        out[i] = if rng.bernoulli(0.03) {
            String::new()
        } else {
            v.to_string()
        };
    }
    out
}

/// Writes `loneliness_survey.csv` (UTF-8 with BOM, LF).
pub fn write_survey(path: &Path, seed: u64, vols: &[Volunteer]) -> io::Result<SurveyTruth> {
    let mut rng = Rng::stream(seed, Stream::Survey);
    let (pre_pmf, change_int, change_cmp) = calibrate();
    let pre_start = day_of_ymd(2024, 7, 15);
    let post_start = day_of_ymd(2025, 6, 1);

    let mut eligible: Vec<&Volunteer> = vols
        .iter()
        .filter(|v| {
            v.age_group == AgeGroup::Senior
                && v.rate > 0.0
                && v.join <= pre_start
                && v.leave.is_none_or(|l| l > pre_start + 45)
        })
        .collect();
    rng.shuffle(&mut eligible);
    eligible.truncate(MAX_VOLUNTEER_RESPONDENTS);
    eligible.sort_by_key(|v| v.id);
    let mut ids: Vec<String> = eligible.iter().map(|v| v.id.to_string()).collect();
    let n_vol = ids.len();
    ids.extend((1..=RESPONDENTS - n_vol).map(|i| format!("R{i:04}")));

    let mut order: Vec<usize> = (0..ids.len()).collect();
    rng.shuffle(&mut order);
    let n_int = (ids.len() * 3).div_ceil(5);
    let mut intervention = vec![false; ids.len()];
    for &i in order.iter().take(n_int) {
        intervention[i] = true;
    }

    let mut resps = Vec::with_capacity(ids.len());
    for (i, id) in ids.into_iter().enumerate() {
        let pre_total = rng.weighted(&pre_pmf) as i32 + 3;
        let change = if intervention[i] {
            &change_int
        } else {
            &change_cmp
        };
        let post_total = (pre_total + rng.weighted(change) as i32 - 6).clamp(3, 9);
        let pre_day = pre_start + rng.below(45) as i32;
        let post_day = post_start + rng.below(45) as i32;
        let dropout = rng.bernoulli(0.10);
        let pre = (pre_day, cells(&mut rng, pre_total));
        let post = if dropout {
            None
        } else {
            Some((post_day, cells(&mut rng, post_total)))
        };
        resps.push(Resp {
            id,
            intervention: intervention[i],
            pre,
            post,
        });
    }

    // Rows: all pre rows, then all post rows (two survey rounds appended).
    struct Line<'a> {
        resp: &'a Resp,
        post: bool,
        day: i32,
        items: [String; 9],
    }
    let mut lines: Vec<Line<'_>> = resps
        .iter()
        .map(|r| Line {
            resp: r,
            post: false,
            day: r.pre.0,
            items: r.pre.1.clone(),
        })
        .collect();
    lines.extend(resps.iter().filter_map(|r| {
        r.post.as_ref().map(|(d, items)| Line {
            resp: r,
            post: true,
            day: *d,
            items: items.clone(),
        })
    }));

    // Out-of-range answers in distinct non-blank cells.
    let mut out_of_range = Vec::new();
    let mut planted = 0;
    while planted < OUT_OF_RANGE.len() && !lines.is_empty() {
        let li = rng.below(lines.len() as u32) as usize;
        let ci = rng.below(9) as usize;
        let cell = &mut lines[li].items[ci];
        if cell.is_empty() || !matches!(cell.as_str(), "1" | "2" | "3") {
            continue;
        }
        *cell = OUT_OF_RANGE[planted].to_string();
        out_of_range.push(SurveyCell {
            row: li as u32 + 2,
            column: SURVEY_HEADER[4 + ci].to_string(),
            value: OUT_OF_RANGE[planted].to_string(),
        });
        planted += 1;
    }
    out_of_range.sort_by_key(|c| (c.row, SURVEY_HEADER.iter().position(|h| *h == c.column)));

    let mut out = BufWriter::new(File::create(path)?);
    out.write_all(UTF8_BOM)?;
    writeln!(out, "{}", join_quoted(SURVEY_HEADER))?;
    let mut blank = 0u32;
    for l in &lines {
        blank += l.items.iter().filter(|c| c.is_empty()).count() as u32;
        let date = fmt_dmy(date_of(l.day));
        let mut fields: Vec<&str> = vec![
            &l.resp.id,
            if l.post { WAVE_POST } else { WAVE_PRE },
            &date,
            if l.resp.intervention {
                GROUP_INTERVENTION
            } else {
                GROUP_COMPARISON
            },
        ];
        fields.extend(l.items.iter().map(String::as_str));
        writeln!(out, "{}", join_quoted(fields))?;
    }
    out.flush()?;

    // Observed change among complete, valid pairs (as written, after corruption).
    let ucla = |items: &[String; 9]| -> Option<i32> {
        items[..3]
            .iter()
            .map(|c| c.parse::<i32>().ok().filter(|v| (1..=3).contains(v)))
            .sum::<Option<i32>>()
    };
    let n_pre = resps.len();
    let mut sums = [(0.0, 0u32); 2];
    for (i, r) in resps.iter().enumerate() {
        let Some(post_idx) = lines[n_pre..]
            .iter()
            .position(|l| std::ptr::eq(l.resp, r))
            .map(|p| p + n_pre)
        else {
            continue;
        };
        if let (Some(a), Some(b)) = (ucla(&lines[i].items), ucla(&lines[post_idx].items)) {
            let g = usize::from(!r.intervention);
            sums[g].0 += f64::from(b - a);
            sums[g].1 += 1;
        }
    }
    let mean = |(s, n): (f64, u32)| {
        if n == 0 {
            0.0
        } else {
            libm::round(s / f64::from(n) * 10_000.0) / 10_000.0
        }
    };
    let n_int = resps.iter().filter(|r| r.intervention).count() as u32;
    Ok(SurveyTruth {
        respondents: resps.len() as u32,
        volunteer_respondents: n_vol as u32,
        intervention: n_int,
        comparison: resps.len() as u32 - n_int,
        dropouts: resps.iter().filter(|r| r.post.is_none()).count() as u32,
        rows: lines.len() as u32,
        blank_item_cells: blank,
        out_of_range,
        planted_baseline_mean: BASELINE_MEAN,
        observed_ucla_change: GroupChange {
            intervention: mean(sums[0]),
            intervention_pairs: sums[0].1,
            comparison: mean(sums[1]),
            comparison_pairs: sums[1].1,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn calibration_hits_the_planted_values() {
        let (pre, ci, cc) = calibrate();
        assert!((mean_total(&pre) - BASELINE_MEAN).abs() < 1e-9);
        assert!((expected_change(&pre, &ci) - EFFECT_INTERVENTION).abs() < 1e-9);
        assert!((expected_change(&pre, &cc) - EFFECT_COMPARISON).abs() < 1e-9);
    }

    #[test]
    fn items_add_up_to_the_total() {
        let mut rng = Rng::stream(3, Stream::Survey);
        for t in 3..=9 {
            let items = split_total(&mut rng, t);
            assert_eq!(items.iter().map(|v| i32::from(*v)).sum::<i32>(), t);
            assert!(items.iter().all(|v| (1..=3).contains(v)));
        }
    }
}
