//! APA-style results in Hebrew, Arabic and English, as rich-text segments the UI and the PDF
//! render (italic statistic symbols, subscripts), e.g.
//! *t*(47) = 4.12, *p* < .001, *d*<sub>z</sub> = 0.59, 95% CI [0.29, 0.90].
//!
//! Conventions (APA Publication Manual, 7th ed., §6.36–6.46): statistics to two decimals; p to
//! three decimals without a leading zero, `p < .001` below that; no leading zero for values
//! that cannot exceed 1 (p, r); the minus sign is U+2212; statistical symbols stay Latin and
//! italic in every language; only words are translated.

use serde::{Deserialize, Serialize};

use super::change::ChangeAnalysis;
use crate::stats::Interval;
use crate::stats::effect_size::PairedEffects;
use crate::stats::paired::{McNemar, PairedT, Wilcoxon};

/// Output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Lang {
    /// Hebrew.
    He,
    /// Arabic.
    Ar,
    /// English.
    En,
}

/// A run of text with its style.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Segment {
    /// The text.
    pub text: String,
    /// Italic (statistical symbols).
    pub italic: bool,
    /// Subscript (e.g. the `z` of d_z).
    pub subscript: bool,
}

/// Rich text: segments in logical order.
pub type Rich = Vec<Segment>;

fn plain(s: &str) -> Segment {
    Segment {
        text: s.to_owned(),
        italic: false,
        subscript: false,
    }
}

fn ital(s: &str) -> Segment {
    Segment {
        text: s.to_owned(),
        italic: true,
        subscript: false,
    }
}

fn sub(s: &str) -> Segment {
    Segment {
        text: s.to_owned(),
        italic: false,
        subscript: true,
    }
}

/// The plain text of rich text (styles dropped).
pub fn to_plain(r: &Rich) -> String {
    r.iter().map(|s| s.text.as_str()).collect()
}

/// Rich text with `*italic*` and `_{subscript}` markers, for logs and tests.
pub fn to_marked(r: &Rich) -> String {
    r.iter()
        .map(|s| {
            if s.italic {
                format!("*{}*", s.text)
            } else if s.subscript {
                format!("_{{{}}}", s.text)
            } else {
                s.text.clone()
            }
        })
        .collect()
}

/// Merges neighbouring segments of the same style.
fn tidy(r: Rich) -> Rich {
    let mut out: Rich = Vec::new();
    for s in r {
        if s.text.is_empty() {
            continue;
        }
        match out.last_mut() {
            Some(last) if last.italic == s.italic && last.subscript == s.subscript => {
                last.text.push_str(&s.text);
            }
            _ => out.push(s),
        }
    }
    out
}

/// `x` to `decimals` places, with U+2212 for negative values (and no "−0.00").
pub fn number(x: f64, decimals: usize) -> String {
    let s = format!("{:.*}", decimals, x.abs());
    let zero = s.chars().all(|c| c == '0' || c == '.');
    if x < 0.0 && !zero {
        format!("\u{2212}{s}")
    } else {
        s
    }
}

/// A value bounded by 1 without its leading zero (`.59`, `−.12`).
pub fn no_leading_zero(x: f64, decimals: usize) -> String {
    let s = number(x, decimals);
    s.replacen("0.", ".", 1)
}

/// Degrees of freedom: whole numbers bare, fractional ones to two decimals.
fn df_text(df: f64) -> String {
    if df.fract() == 0.0 {
        format!("{df:.0}")
    } else {
        number(df, 2)
    }
}

/// `p < .001`, `p = .023`, `p > .999`.
pub fn p_value(p: f64) -> Rich {
    let rest = if p < 0.001 {
        " < .001".to_owned()
    } else if p > 0.999 {
        " > .999".to_owned()
    } else {
        format!(" = {}", no_leading_zero(p, 3))
    };
    vec![ital("p"), plain(&rest)]
}

fn ci_words(lang: Lang, level: f64) -> String {
    let pct = number(level * 100.0, 0);
    match lang {
        Lang::En => format!("{pct}% CI"),
        Lang::He => format!("רווח סמך {pct}%"),
        Lang::Ar => format!("فترة ثقة {pct}%"),
    }
}

/// `95% CI [0.29, 0.90]` in the language.
pub fn interval(ci: &Interval, decimals: usize, lang: Lang) -> Rich {
    vec![plain(&format!(
        "{} [{}, {}]",
        ci_words(lang, ci.level),
        number(ci.lower, decimals),
        number(ci.upper, decimals)
    ))]
}

/// `t(47) = 4.12, p < .001` plus, when given, `d_z = 0.59, 95% CI [0.29, 0.90]`.
pub fn paired_t_text(t: &PairedT, effects: Option<&PairedEffects>, lang: Lang) -> Rich {
    let mut r = vec![
        ital("t"),
        plain(&format!("({}) = {}, ", df_text(t.df), number(t.t, 2))),
    ];
    r.extend(p_value(t.p));
    if let Some(fx) = effects {
        r.push(plain(", "));
        r.push(ital("d"));
        r.push(sub("z"));
        r.push(plain(&format!(" = {}, ", number(fx.dz, 2))));
        r.extend(interval(&fx.dz_ci, 2, lang));
    }
    tidy(r)
}

/// `V = 40, p = .020, r_rb = .78` (R's V = r+, rank-biserial correlation).
pub fn wilcoxon_text(w: &Wilcoxon) -> Rich {
    let decimals = if w.r_plus.fract() == 0.0 { 0 } else { 1 };
    let mut r = vec![
        ital("V"),
        plain(&format!(" = {}, ", number(w.r_plus, decimals))),
    ];
    r.extend(p_value(w.p));
    r.push(plain(", "));
    r.push(ital("r"));
    r.push(sub("rb"));
    r.push(plain(&format!(
        " = {}",
        no_leading_zero(w.rank_biserial, 2)
    )));
    tidy(r)
}

/// `χ²(1) = 16.82, p < .001` (continuity-corrected) or the exact p when `exact`.
pub fn mcnemar_text(m: &McNemar, exact: bool) -> Rich {
    if exact {
        let mut r = vec![ital("b")];
        r.push(plain(&format!(" = {}, ", m.b)));
        r.push(ital("c"));
        r.push(plain(&format!(" = {}, ", m.c)));
        r.push(plain("exact "));
        r.extend(p_value(m.p_exact));
        return tidy(r);
    }
    let mut r = vec![
        ital("χ"),
        plain(&format!("²(1) = {}, ", number(m.chi2_corrected, 2))),
    ];
    r.extend(p_value(m.p_chi2_corrected));
    tidy(r)
}

fn m_sd(mean: f64, sd: f64) -> Rich {
    vec![
        ital("M"),
        plain(&format!(" = {} (", number(mean, 2))),
        ital("SD"),
        plain(&format!(" = {})", number(sd, 2))),
    ]
}

/// A sentence on the change, e.g. "Loneliness decreased from M = 6.10 (SD = 1.20) to
/// M = 5.20 (SD = 1.30), t(47) = −4.12, p < .001, d_z = −0.59, 95% CI [−0.90, −0.29]."
/// Falls back to the means alone when the t-test does not apply.
pub fn change_sentence(c: &ChangeAnalysis, lang: Lang) -> Rich {
    let delta = c.mean_after - c.mean_before;
    let verb = match (lang, delta.partial_cmp(&0.0)) {
        (Lang::En, Some(std::cmp::Ordering::Less)) => "Loneliness decreased from ",
        (Lang::En, Some(std::cmp::Ordering::Greater)) => "Loneliness increased from ",
        (Lang::En, _) => "Loneliness did not change: from ",
        (Lang::He, Some(std::cmp::Ordering::Less)) => "ציון הבדידות ירד: לפני ",
        (Lang::He, Some(std::cmp::Ordering::Greater)) => "ציון הבדידות עלה: לפני ",
        (Lang::He, _) => "ציון הבדידות לא השתנה: לפני ",
        (Lang::Ar, Some(std::cmp::Ordering::Less)) => "انخفضت درجة الوحدة: قبل ",
        (Lang::Ar, Some(std::cmp::Ordering::Greater)) => "ارتفعت درجة الوحدة: قبل ",
        (Lang::Ar, _) => "لم تتغير درجة الوحدة: قبل ",
    };
    let (to, sep, end) = match lang {
        Lang::En => (" to ", ", ", "."),
        Lang::He => (", אחרי ", "; ", "."),
        Lang::Ar => ("، بعد ", "؛ ", "."),
    };
    let mut r = vec![plain(verb)];
    r.extend(m_sd(c.mean_before, c.sd_before));
    r.push(plain(to));
    r.extend(m_sd(c.mean_after, c.sd_after));
    if let Ok(t) = &c.t {
        r.push(plain(sep));
        r.extend(paired_t_text(t, c.effects.as_ref().ok(), lang));
    }
    r.push(plain(end));
    tidy(r)
}

/// A results table: caption, column headers and rows of rich cells.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApaTable {
    /// Column headers.
    pub columns: Vec<Rich>,
    /// Rows.
    pub rows: Vec<Vec<Rich>>,
    /// Note under the table (sign convention, test used).
    pub note: Rich,
}

/// One table row per analysed measure: measure, n, M (SD) before, M (SD) after, t, df, p,
/// d_z with its CI. Cells of a test that does not apply show "—".
pub fn results_table(rows: &[(String, &ChangeAnalysis)], lang: Lang) -> ApaTable {
    let (measure, before, after, effect) = match lang {
        Lang::En => ("Measure", "Before", "After", "Effect size"),
        Lang::He => ("מדד", "לפני", "אחרי", "גודל אפקט"),
        Lang::Ar => ("المقياس", "قبل", "بعد", "حجم الأثر"),
    };
    let level = rows
        .iter()
        .find_map(|(_, c)| c.t.as_ref().ok().map(|t| t.ci.level))
        .unwrap_or(0.95);
    let columns = vec![
        vec![plain(measure)],
        vec![ital("n")],
        tidy(vec![
            plain(before),
            plain(" "),
            ital("M"),
            plain(" ("),
            ital("SD"),
            plain(")"),
        ]),
        tidy(vec![
            plain(after),
            plain(" "),
            ital("M"),
            plain(" ("),
            ital("SD"),
            plain(")"),
        ]),
        vec![ital("t")],
        vec![ital("df")],
        vec![ital("p")],
        tidy(vec![
            plain(effect),
            plain(" "),
            ital("d"),
            sub("z"),
            plain(&format!(" [{}]", ci_words(lang, level))),
        ]),
    ];
    let dash = || vec![plain("—")];
    let body = rows
        .iter()
        .map(|(label, c)| {
            let (t, df, p) = match &c.t {
                Ok(t) => (
                    vec![plain(&number(t.t, 2))],
                    vec![plain(&df_text(t.df))],
                    vec![plain(&match t.p {
                        p if p < 0.001 => "< .001".to_owned(),
                        p if p > 0.999 => "> .999".to_owned(),
                        p => no_leading_zero(p, 3),
                    })],
                ),
                Err(_) => (dash(), dash(), dash()),
            };
            let fx = match &c.effects {
                Ok(fx) => vec![plain(&format!(
                    "{} [{}, {}]",
                    number(fx.dz, 2),
                    number(fx.dz_ci.lower, 2),
                    number(fx.dz_ci.upper, 2)
                ))],
                Err(_) => dash(),
            };
            vec![
                vec![plain(label)],
                vec![plain(&c.n.to_string())],
                vec![plain(&format!(
                    "{} ({})",
                    number(c.mean_before, 2),
                    number(c.sd_before, 2)
                ))],
                vec![plain(&format!(
                    "{} ({})",
                    number(c.mean_after, 2),
                    number(c.sd_after, 2)
                ))],
                t,
                df,
                p,
                fx,
            ]
        })
        .collect();
    let note = match lang {
        Lang::En => tidy(vec![
            ital("Note."),
            plain(" Paired "),
            ital("t"),
            plain(" tests on after − before; negative values mean less loneliness. "),
            ital("d"),
            sub("z"),
            plain(" = mean change / SD of change, noncentral-"),
            ital("t"),
            plain(" confidence interval."),
        ]),
        Lang::He => tidy(vec![
            ital("הערה."),
            plain(" מבחני "),
            ital("t"),
            plain(" למדגמים מזווגים על ההפרש אחרי פחות לפני; ערך שלילי פירושו פחות בדידות. "),
            ital("d"),
            sub("z"),
            plain(" = השינוי הממוצע חלקי סטיית התקן של השינוי, רווח סמך לפי התפלגות "),
            ital("t"),
            plain(" לא־מרכזית."),
        ]),
        Lang::Ar => tidy(vec![
            ital("ملاحظة."),
            plain(" اختبارات "),
            ital("t"),
            plain(" للعينات المزدوجة على الفرق بعد ناقص قبل؛ القيمة السالبة تعني وحدة أقل. "),
            ital("d"),
            sub("z"),
            plain(" = متوسط التغير مقسوما على الانحراف المعياري للتغير، وفترة الثقة من توزيع "),
            ital("t"),
            plain(" غير المركزي."),
        ]),
    };
    ApaTable {
        columns,
        rows: body,
        note,
    }
}
