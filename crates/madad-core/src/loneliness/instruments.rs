//! Loneliness instruments as data: items, keyed direction, response options with their codes
//! and their Hebrew, Arabic and English labels, categories and the default missing-item rule.
//!
//! Sources (stats anchors §1):
//! * UCLA 3-item: Hughes, Waite, Hawkley & Cacioppo (2004) *Research on Aging* 26:655–672.
//!   1 = hardly ever, 2 = some of the time, 3 = often; total 3–9. The authors define no
//!   cut-off; the research convention ≥ 6 = lonely is the (configurable) default.
//! * UCLA 3-item, 5-option variant (1 never … 5 all of the time; total 3–15). Its own
//!   instrument: the two codings are never mixed (see [`check_ucla3_coding`]).
//! * UCLA Loneliness Scale Version 3: Russell (1996) *J Pers Assess* 66:20–40. 20 items,
//!   1 never … 4 often; items 1, 5, 6, 9, 10, 15, 16, 19, 20 reversed as 5 − x; total 20–80.
//! * Revised UCLA (1980): Russell, Peplau & Cutrona (1980) *JPSP* 39:472–480. Same options;
//!   also reverses item 4. A separate instrument, never silently substituted for Version 3.
//! * De Jong Gierveld 6-item: de Jong Gierveld & van Tilburg (2006) *Research on Aging*
//!   28:582–598 and the manual's SPSS syntax. Manual coding 1 = no, 2 = more or less,
//!   3 = yes; the neutral answer counts as lonely.
//! * De Jong Gierveld 11-item: de Jong Gierveld & Kamphuis (1985) *Appl Psychol Meas*
//!   9:289–299; categories of van Tilburg & de Jong Gierveld (1999).
//! * The direct question, in the Israel CBS 4-option form (never / rarely / sometimes / often)
//!   and the ONS/ELSA 3-option form (hardly ever or never / some of the time / often).

use serde::{Deserialize, Serialize};

/// Which instrument.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum InstrumentId {
    /// UCLA 3-item, 3 options per item (Hughes et al. 2004).
    Ucla3,
    /// UCLA 3-item with 5 options per item (1 never … 5 all of the time).
    Ucla3Five,
    /// UCLA Loneliness Scale Version 3 (Russell 1996), 20 items.
    Ucla20,
    /// Revised UCLA Loneliness Scale (Russell, Peplau & Cutrona 1980), 20 items, item 4 also
    /// reversed.
    UclaRevised1980,
    /// De Jong Gierveld 6-item (2006).
    Djg6,
    /// De Jong Gierveld 11-item (1985).
    Djg11,
    /// Direct question, Israel CBS Social Survey form (never / rarely / sometimes / often).
    DirectCbs4,
    /// Direct question, ONS / ELSA form (hardly ever or never / some of the time / often).
    DirectOns3,
}

/// A response option: its stable key, its default code, and label synonyms per language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResponseOption {
    /// Stable key, e.g. `hardly_ever`, `more_or_less`.
    pub key: &'static str,
    /// The code the instrument's authors use (for De Jong Gierveld: the manual's syntax).
    pub code: i16,
    /// English labels (the first is the display label).
    pub en: &'static [&'static str],
    /// Hebrew labels (the first is the display label).
    pub he: &'static [&'static str],
    /// Arabic labels (the first is the display label).
    pub ar: &'static [&'static str],
}

impl ResponseOption {
    /// The display label in `lang` (`he`, `ar`, otherwise English).
    pub fn label(&self, lang: &str) -> &'static str {
        let list = match lang {
            "he" => self.he,
            "ar" => self.ar,
            _ => self.en,
        };
        list.first().copied().unwrap_or(self.key)
    }

    /// Whether a text answer names this option (compared after
    /// [`crate::schema::headers::normalize`]).
    pub fn matches(&self, text: &str) -> bool {
        self.matches_normalized(&crate::schema::headers::normalize(text))
    }

    /// Whether an already normalised text answer names this option.
    pub fn matches_normalized(&self, key: &str) -> bool {
        self.en
            .iter()
            .chain(self.he)
            .chain(self.ar)
            .any(|l| crate::schema::headers::normalize(l) == key)
    }
}

/// How the items of an instrument turn into a score.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keying {
    /// Likert sum of the option codes; `reversed` items (1-based) score `max + min − x`.
    Likert {
        /// 1-based reversed items.
        reversed: &'static [u16],
    },
    /// De Jong Gierveld dichotomisation: `negative` (emotional) items score 1 for "yes" or
    /// "more or less"; `positive` (social) items score 1 for "no" or "more or less".
    Dichotomous {
        /// 1-based negatively worded (emotional loneliness) items.
        negative: &'static [u16],
        /// 1-based positively worded (social loneliness) items.
        positive: &'static [u16],
    },
}

/// A category band `[from, to]` of the total score (inclusive), with its stable code.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Band {
    /// Lowest total in the band.
    pub from: f64,
    /// Highest total in the band.
    pub to: f64,
    /// The category.
    pub category: Category,
}

/// A loneliness category.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Category {
    /// Below the cut-off.
    NotLonely,
    /// At or above the cut-off (instruments with a single cut-off).
    Lonely,
    /// De Jong Gierveld "moderately lonely".
    ModeratelyLonely,
    /// De Jong Gierveld "severely lonely".
    SeverelyLonely,
    /// De Jong Gierveld 11-item "very severely lonely" (total 11).
    VerySeverelyLonely,
}

/// An instrument definition.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Instrument {
    /// Which instrument.
    pub id: InstrumentId,
    /// Number of items.
    pub items: u16,
    /// Response options, in code order.
    pub options: &'static [ResponseOption],
    /// How items are keyed and summed.
    pub keying: Keying,
    /// The default cut-off for "lonely" (total ≥ cut-off), if the instrument has one.
    pub default_cutoff: Option<f64>,
    /// Published category bands, if any (De Jong Gierveld).
    pub bands: &'static [Band],
    /// Where the scoring comes from.
    pub citation: &'static str,
}

const UCLA3_OPTIONS: &[ResponseOption] = &[
    ResponseOption {
        key: "hardly_ever",
        code: 1,
        en: &[
            "hardly ever",
            "hardly ever or never",
            "never or hardly ever",
            "almost never",
        ],
        he: &[
            "כמעט אף פעם",
            "אף פעם או כמעט אף פעם",
            "כמעט אף פעם או אף פעם",
            "כמעט לא",
        ],
        ar: &[
            "نادرا أو أبدا",
            "أبدا تقريبا",
            "تقريبا أبدا",
            "بالكاد",
            "نادرا جدا",
        ],
    },
    ResponseOption {
        key: "some_of_the_time",
        code: 2,
        en: &["some of the time"],
        he: &["חלק מהזמן", "מדי פעם"],
        ar: &["بعض الوقت", "في بعض الأحيان"],
    },
    ResponseOption {
        key: "often",
        code: 3,
        en: &["often"],
        he: &["לעתים קרובות", "לעיתים קרובות", "הרבה פעמים", "הרבה"],
        ar: &["غالبا", "كثيرا", "في كثير من الأحيان"],
    },
];

const FIVE_OPTIONS: &[ResponseOption] = &[
    ResponseOption {
        key: "never",
        code: 1,
        en: &["never"],
        he: &["אף פעם", "לעולם לא", "אף פעם לא"],
        ar: &["أبدا", "مطلقا"],
    },
    ResponseOption {
        key: "rarely",
        code: 2,
        en: &["rarely", "seldom"],
        he: &["לעתים רחוקות", "לעיתים רחוקות", "רק לעתים רחוקות"],
        ar: &["نادرا"],
    },
    ResponseOption {
        key: "sometimes",
        code: 3,
        en: &["sometimes"],
        he: &["לפעמים"],
        ar: &["أحيانا"],
    },
    ResponseOption {
        key: "often",
        code: 4,
        en: &["often"],
        he: &["לעתים קרובות", "לעיתים קרובות", "הרבה פעמים"],
        ar: &["غالبا", "كثيرا"],
    },
    ResponseOption {
        key: "all_of_the_time",
        code: 5,
        en: &["all of the time", "always"],
        he: &["כל הזמן", "תמיד"],
        ar: &["طوال الوقت", "دائما"],
    },
];

const FOUR_OPTIONS: &[ResponseOption] = &[
    ResponseOption {
        key: "never",
        code: 1,
        en: &["never"],
        he: &["אף פעם", "לעולם לא", "אף פעם לא"],
        ar: &["أبدا", "مطلقا"],
    },
    ResponseOption {
        key: "rarely",
        code: 2,
        en: &["rarely", "seldom"],
        he: &["לעתים רחוקות", "לעיתים רחוקות", "רק לעתים רחוקות"],
        ar: &["نادرا"],
    },
    ResponseOption {
        key: "sometimes",
        code: 3,
        en: &["sometimes"],
        he: &["לפעמים"],
        ar: &["أحيانا"],
    },
    ResponseOption {
        key: "often",
        code: 4,
        // Some reproductions of Russell (1996) label the top option "always".
        en: &["often", "always"],
        he: &["לעתים קרובות", "לעיתים קרובות", "תמיד"],
        ar: &["غالبا", "كثيرا", "دائما"],
    },
];

/// The De Jong Gierveld options in the manual's coding (1 = no, 2 = more or less, 3 = yes).
///
/// The written form can offer five answers, "yes!", "yes", "more or less", "no", "no!" (stats
/// anchors §1.3); the emphatic answers are the same answer for scoring ("yes!" is yes, "no!"
/// is no), so they are labels of the yes and no options, with and without a space before the
/// exclamation mark, in English, Hebrew and Arabic. Numeric 1–5 codings of the five-answer
/// form are not the manual's coding: their 4 and 5 are out of range unless a code mapping is
/// given.
const DJG_OPTIONS: &[ResponseOption] = &[
    ResponseOption {
        key: "no",
        code: 1,
        en: &["no", "no!", "no !"],
        he: &["לא", "לא!", "לא !"],
        ar: &["لا", "لا!", "لا !"],
    },
    ResponseOption {
        key: "more_or_less",
        code: 2,
        en: &["more or less", "somewhat"],
        he: &["פחות או יותר", "במידה מסוימת", "במידה מסויימת"],
        ar: &["إلى حد ما", "نوعا ما", "أكثر أو أقل"],
    },
    ResponseOption {
        key: "yes",
        code: 3,
        en: &["yes", "yes!", "yes !"],
        he: &["כן", "כן!", "כן !"],
        ar: &["نعم", "نعم!", "نعم !"],
    },
];

const DIRECT_ONS_OPTIONS: &[ResponseOption] = &[
    ResponseOption {
        key: "hardly_ever",
        code: 1,
        en: &["hardly ever or never", "hardly ever", "never"],
        he: &["כמעט אף פעם או אף פעם", "כמעט אף פעם", "אף פעם"],
        ar: &["نادرا أو أبدا", "نادرا", "أبدا"],
    },
    ResponseOption {
        key: "some_of_the_time",
        code: 2,
        en: &["some of the time", "sometimes"],
        he: &["חלק מהזמן", "לפעמים"],
        ar: &["بعض الوقت", "أحيانا"],
    },
    ResponseOption {
        key: "often",
        code: 3,
        en: &["often", "always", "often or always"],
        he: &["לעתים קרובות", "לעיתים קרובות", "תמיד"],
        ar: &["غالبا", "دائما"],
    },
];

const DJG6_BANDS: &[Band] = &[
    Band {
        from: 0.0,
        to: 1.0,
        category: Category::NotLonely,
    },
    Band {
        from: 2.0,
        to: 4.0,
        category: Category::ModeratelyLonely,
    },
    Band {
        from: 5.0,
        to: 6.0,
        category: Category::SeverelyLonely,
    },
];

const DJG11_BANDS: &[Band] = &[
    Band {
        from: 0.0,
        to: 2.0,
        category: Category::NotLonely,
    },
    Band {
        from: 3.0,
        to: 8.0,
        category: Category::ModeratelyLonely,
    },
    Band {
        from: 9.0,
        to: 10.0,
        category: Category::SeverelyLonely,
    },
    Band {
        from: 11.0,
        to: 11.0,
        category: Category::VerySeverelyLonely,
    },
];

impl InstrumentId {
    /// Every instrument.
    pub const ALL: [InstrumentId; 8] = [
        InstrumentId::Ucla3,
        InstrumentId::Ucla3Five,
        InstrumentId::Ucla20,
        InstrumentId::UclaRevised1980,
        InstrumentId::Djg6,
        InstrumentId::Djg11,
        InstrumentId::DirectCbs4,
        InstrumentId::DirectOns3,
    ];

    /// The instrument's definition.
    pub fn definition(self) -> Instrument {
        match self {
            InstrumentId::Ucla3 => Instrument {
                id: self,
                items: 3,
                options: UCLA3_OPTIONS,
                keying: Keying::Likert { reversed: &[] },
                default_cutoff: Some(6.0),
                bands: &[],
                citation: "Hughes, Waite, Hawkley & Cacioppo (2004), Research on Aging 26:655-672; cut-off >= 6 is a research convention",
            },
            InstrumentId::Ucla3Five => Instrument {
                id: self,
                items: 3,
                options: FIVE_OPTIONS,
                keying: Keying::Likert { reversed: &[] },
                default_cutoff: None,
                bands: &[],
                citation: "UCLA 3-item with 5 response options (1 never ... 5 all of the time); no published cut-off",
            },
            InstrumentId::Ucla20 => Instrument {
                id: self,
                items: 20,
                options: FOUR_OPTIONS,
                keying: Keying::Likert {
                    reversed: &[1, 5, 6, 9, 10, 15, 16, 19, 20],
                },
                default_cutoff: None,
                bands: &[],
                citation: "Russell (1996), J Pers Assess 66:20-40 (UCLA Loneliness Scale Version 3)",
            },
            InstrumentId::UclaRevised1980 => Instrument {
                id: self,
                items: 20,
                options: FOUR_OPTIONS,
                keying: Keying::Likert {
                    reversed: &[1, 4, 5, 6, 9, 10, 15, 16, 19, 20],
                },
                default_cutoff: None,
                bands: &[],
                citation: "Russell, Peplau & Cutrona (1980), JPSP 39:472-480 (Revised UCLA Loneliness Scale)",
            },
            InstrumentId::Djg6 => Instrument {
                id: self,
                items: 6,
                options: DJG_OPTIONS,
                keying: Keying::Dichotomous {
                    negative: &[1, 4, 6],
                    positive: &[2, 3, 5],
                },
                default_cutoff: Some(2.0),
                bands: DJG6_BANDS,
                citation: "de Jong Gierveld & van Tilburg (2006), Research on Aging 28:582-598; manual SPSS syntax (CBS/LISS item order)",
            },
            InstrumentId::Djg11 => Instrument {
                id: self,
                items: 11,
                options: DJG_OPTIONS,
                keying: Keying::Dichotomous {
                    negative: &[2, 3, 5, 6, 9, 10],
                    positive: &[1, 4, 7, 8, 11],
                },
                default_cutoff: Some(3.0),
                bands: DJG11_BANDS,
                citation: "de Jong Gierveld & Kamphuis (1985), Appl Psychol Meas 9:289-299; categories van Tilburg & de Jong Gierveld (1999)",
            },
            InstrumentId::DirectCbs4 => Instrument {
                id: self,
                items: 1,
                options: FOUR_OPTIONS,
                keying: Keying::Likert { reversed: &[] },
                default_cutoff: Some(3.0),
                bands: &[],
                citation: "Israel CBS Social Survey: lonely = often or sometimes",
            },
            InstrumentId::DirectOns3 => Instrument {
                id: self,
                items: 1,
                options: DIRECT_ONS_OPTIONS,
                keying: Keying::Likert { reversed: &[] },
                default_cutoff: Some(3.0),
                bands: &[],
                citation: "ONS / ELSA direct question: lonely = often",
            },
        }
    }
}

impl Instrument {
    /// Lowest and highest option code.
    pub fn code_range(&self) -> (i16, i16) {
        let lo = self.options.iter().map(|o| o.code).min().unwrap_or(0);
        let hi = self.options.iter().map(|o| o.code).max().unwrap_or(0);
        (lo, hi)
    }

    /// Lowest and highest possible total.
    pub fn total_range(&self) -> (f64, f64) {
        let k = f64::from(self.items);
        match self.keying {
            Keying::Likert { .. } => {
                let (lo, hi) = self.code_range();
                (k * f64::from(lo), k * f64::from(hi))
            }
            Keying::Dichotomous { .. } => (0.0, k),
        }
    }

    /// The category of a total: the published band when the instrument has bands, otherwise
    /// lonely / not lonely at `cutoff` (`None` when there is no cut-off).
    pub fn category(&self, total: f64, cutoff: Option<f64>) -> Option<Category> {
        if !self.bands.is_empty() {
            // The band whose lower edge is the highest at or below the total: a prorated
            // (fractional) total between two bands takes the lower band.
            return self
                .bands
                .iter()
                .rev()
                .find(|b| total >= b.from)
                .map(|b| b.category);
        }
        cutoff.map(|c| {
            if total >= c {
                Category::Lonely
            } else {
                Category::NotLonely
            }
        })
    }
}

/// The UCLA-3 coding a set of answers uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Ucla3Coding {
    /// 1–3 (hardly ever / some of the time / often).
    ThreeOption,
    /// 1–5 (never … all of the time).
    FiveOption,
    /// Only codes 1–3 and labels both forms share: either coding.
    Undetermined,
}

/// Decides which UCLA-3 coding a set of answers uses, refusing a mix.
///
/// Evidence for the 5-option form: codes 4 or 5, or labels only that form has (`never`,
/// `rarely`, `all of the time`…). Evidence for the 3-option form: labels only it has
/// (`hardly ever`, `some of the time`…). Codes 1–3 and shared labels (`often`) prove nothing
/// (`undetermined`). Both kinds of evidence give `mixed_coding`.
pub fn check_ucla3_coding<'a>(
    answers: impl IntoIterator<Item = &'a super::score::ItemAnswer>,
) -> crate::stats::StatResult<Ucla3Coding> {
    use super::score::ItemAnswer;
    let mut three = 0usize;
    let mut five = 0usize;
    for a in answers {
        match a {
            ItemAnswer::Code(c) if *c == 4 || *c == 5 => five += 1,
            ItemAnswer::Text(t) => {
                let in3 = UCLA3_OPTIONS.iter().any(|o| o.matches(t));
                let in5 = FIVE_OPTIONS.iter().any(|o| o.matches(t));
                if in3 && !in5 {
                    three += 1;
                } else if in5 && !in3 {
                    five += 1;
                }
            }
            _ => {}
        }
    }
    match (three > 0, five > 0) {
        (true, true) => Err(crate::stats::NotApplicable::new(
            "mixed_coding",
            format!(
                "UCLA-3 answers mix the 3-option coding ({three} answers) and the 5-option coding ({five} answers); score them as separate instruments"
            ),
        )),
        (false, true) => Ok(Ucla3Coding::FiveOption),
        (true, false) => Ok(Ucla3Coding::ThreeOption),
        (false, false) => Ok(Ucla3Coding::Undetermined),
    }
}
