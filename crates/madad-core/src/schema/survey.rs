//! Survey responses (loneliness questionnaires), in long layout (one row per person and wave)
//! or wide layout (pre and post answer columns in one row).
//!
//! Answer columns are recognised by their headers: an instrument prefix and an item number,
//! optionally followed by a wave (`ucla_1`, `UCLA 2`, `djg3_pre`, `שאלה 4 אחרי`, `سؤال 5 قبل`).
//! Answers are kept as written: a whole-number code, a label (normalised text, mapped to codes
//! by the instrument when scored), missing, or invalid (a fraction or a date: reported with
//! `survey.answer_invalid`, never rounded or clamped). Scoring and ranges are the instrument's
//! business, not ingest's.

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use super::headers::normalize;
use super::mapper::{FileMapper, Outcome, RowRules, Value, text_of};
use super::tables::{Dict, Tables};
use crate::diag::Severity;
use crate::ingest::cells::RowView;
use crate::loneliness::apa::Lang;

/// A measurement wave.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Wave {
    /// Before the intervention (baseline).
    Pre,
    /// After the intervention.
    Post,
    /// A later follow-up.
    FollowUp,
    /// The file names no wave (a single measurement).
    Single,
}

/// Study group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Group {
    /// Received the intervention.
    Intervention,
    /// Comparison (control) group.
    Comparison,
    /// A label Madad does not recognise (reported).
    Unknown,
    /// The file names no group.
    NotGiven,
}

/// One answer as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Answer {
    /// No answer.
    Missing,
    /// A whole-number code.
    Code(i16),
    /// A text label (code in [`SurveyTable::labels`]).
    Label(u32),
    /// Not a valid answer (a fraction, a date): reported, never rounded or clamped.
    Invalid,
}

/// An item of an instrument.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ItemKey {
    /// The instrument prefix, normalised: `ucla`, `djg`, `lone`, `item`, or a volunteer-experience
    /// scale (`sat`, `burden`, `intent`, `recommend`, `vsi.<subscale>`, `vfi.<function>`).
    pub instrument: String,
    /// The item number as written.
    pub number: u16,
}

/// An answer column of a survey file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemColumn {
    /// 0-based column.
    pub column: usize,
    /// Which item.
    pub key: ItemKey,
    /// The wave, in wide layout.
    pub wave: Option<Wave>,
}

impl ItemColumn {
    /// The field name shown in the ledger, e.g. `ucla.1` or `djg.3.pre`.
    pub fn field_name(&self) -> String {
        match self.wave {
            Some(w) => format!(
                "{}.{}.{}",
                self.key.instrument,
                self.key.number,
                wave_name(w)
            ),
            None => format!("{}.{}", self.key.instrument, self.key.number),
        }
    }
}

fn wave_name(w: Wave) -> &'static str {
    match w {
        Wave::Pre => "pre",
        Wave::Post => "post",
        Wave::FollowUp => "followUp",
        Wave::Single => "single",
    }
}

/// One person's answers at one wave.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Response {
    /// Person code (see [`Tables::people`]).
    pub person: u32,
    /// The wave.
    pub wave: Wave,
    /// The date the survey was filled in (days from CE).
    pub day: Option<i32>,
    /// The study group.
    pub group: Group,
    /// Municipality label code in [`SurveyTable::municipalities`], or `NONE` (for subgroups).
    pub municipality: u32,
    /// Whether the person lives alone, as answered (for subgroups).
    pub lives_alone: Option<bool>,
    /// (item index in [`SurveyTable::items`], answer).
    pub answers: Vec<(u16, Answer)>,
    /// File index and row.
    pub source: (usize, u64),
}

/// All survey responses.
#[derive(Debug, Default, Clone, Serialize, Deserialize)]
pub struct SurveyTable {
    /// Items seen in any file.
    pub items: Vec<ItemKey>,
    /// Responses in file order.
    pub responses: Vec<Response>,
    /// Answer labels (normalised).
    pub labels: Dict,
    /// Municipality labels as written.
    pub municipalities: Dict,
    #[serde(skip)]
    seen: FxHashMap<(u32, Wave), (usize, u64)>,
}

impl SurveyTable {
    /// Number of responses.
    pub fn len(&self) -> usize {
        self.responses.len()
    }

    /// Whether there are no responses.
    pub fn is_empty(&self) -> bool {
        self.responses.is_empty()
    }

    pub(crate) fn truncate(&mut self, len: usize) {
        for r in self.responses.drain(len.min(self.responses.len())..) {
            self.seen.remove(&(r.person, r.wave));
        }
    }

    pub(crate) fn seal(&mut self) {
        self.seen = FxHashMap::default();
    }

    fn item_index(&mut self, key: &ItemKey) -> u16 {
        match self.items.iter().position(|k| k == key) {
            Some(i) => u16::try_from(i).unwrap_or(u16::MAX),
            None => {
                self.items.push(key.clone());
                u16::try_from(self.items.len() - 1).unwrap_or(u16::MAX)
            }
        }
    }
}

/// Instrument prefixes and their canonical names.
const INSTRUMENTS: &[(&str, &str)] = &[
    ("ucla", "ucla"),
    ("djg", "djg"),
    ("dejong", "djg"),
    ("dejonggierveld", "djg"),
    ("jong", "djg"),
    ("lone", "lone"),
    ("q", "item"),
    ("item", "item"),
    ("שאלה", "item"),
    ("פריט", "item"),
    ("سؤال", "item"),
    ("بند", "item"),
    // Volunteer-experience instruments (Q1–Q5): one prefix per scale or subscale.
    ("sat", "sat"),
    ("satisfaction", "sat"),
    ("burden", "burden"),
    ("intent", "intent"),
    ("recommend", "recommend"),
    ("vsisupport", "vsi.support"),
    ("vsiefficacy", "vsi.efficacy"),
    ("vsiempowerment", "vsi.empowerment"),
    ("vsiintegration", "vsi.integration"),
    ("vfivalues", "vfi.values"),
    ("vfiunderstanding", "vfi.understanding"),
    ("vfisocial", "vfi.social"),
    ("vficareer", "vfi.career"),
    ("vfiprotective", "vfi.protective"),
    ("vfienhancement", "vfi.enhancement"),
];

/// Words read as [`Wave::Pre`].
const PRE: &[&str] = &[
    "pre",
    "before",
    "baseline",
    "t0",
    "1",
    "לפני",
    "טרום",
    "התחלה",
    "פתיחה",
    "قبل",
    "قبلي",
    "بداية",
];
/// Words read as [`Wave::Post`].
const POST: &[&str] = &[
    "post",
    "after",
    "t1",
    "2",
    "אחרי",
    "סיום",
    "בסוף",
    "بعد",
    "بعدي",
    "نهاية",
];
/// Words read as [`Wave::FollowUp`].
const FOLLOW_UP: &[&str] = &[
    "followup",
    "follow up",
    "follow",
    "t2",
    "3",
    "מעקב",
    "متابعة",
];

/// Reads a wave label (`pre`, `אחרי`, `قبل`, `T1`, `2`…).
pub fn parse_wave(raw: &str) -> Option<Wave> {
    let key: String = normalize(raw)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let is = |list: &[&str]| {
        list.iter().any(|s| {
            normalize(s)
                .chars()
                .filter(|c| !c.is_whitespace())
                .eq(key.chars())
        })
    };
    if is(PRE) {
        Some(Wave::Pre)
    } else if is(POST) {
        Some(Wave::Post)
    } else if is(FOLLOW_UP) {
        Some(Wave::FollowUp)
    } else {
        None
    }
}

/// Words read as [`Group::Intervention`].
const INTERVENTION: &[&str] = &[
    "intervention",
    "treatment",
    "experimental",
    "התערבות",
    "ניסוי",
    "ניסויית",
    "تدخل",
    "تجريبية",
];
/// Words read as [`Group::Comparison`].
const COMPARISON: &[&str] = &[
    "comparison",
    "control",
    "השוואה",
    "ביקורת",
    "مقارنة",
    "ضابطة",
];

/// Reads a study-group label; `None` for an empty cell.
pub fn parse_group(raw: &str) -> Option<Group> {
    let key = normalize(raw);
    if key.is_empty() {
        return None;
    }
    // Candidates go through the same normalisation as the cell (ة → ه, ؤ → و…).
    let is = |list: &[&str]| list.iter().any(|s| normalize(s) == key);
    Some(if is(INTERVENTION) {
        Group::Intervention
    } else if is(COMPARISON) {
        Group::Comparison
    } else {
        Group::Unknown
    })
}

/// Words read as yes.
const YES: &[&str] = &["yes", "y", "true", "1", "כן", "نعم"];
/// Words read as no.
const NO: &[&str] = &["no", "n", "false", "0", "לא", "لا"];

/// Reads a yes/no answer in Hebrew, Arabic or English (`1`/`0` too): `None` for an empty cell,
/// `Some(None)` for anything else.
pub fn parse_yes_no(raw: &str) -> Option<Option<bool>> {
    let key = normalize(raw);
    if key.is_empty() {
        return None;
    }
    let is = |list: &[&str]| list.iter().any(|s| normalize(s) == key);
    Some(if is(YES) {
        Some(true)
    } else if is(NO) {
        Some(false)
    } else {
        None
    })
}

/// The word a file in `lang` would use for `wave` (the first of that script that
/// [`parse_wave`] reads), e.g. for a template's drop-down list; `None` for [`Wave::Single`].
pub fn wave_label(wave: Wave, lang: Lang) -> Option<&'static str> {
    let list = match wave {
        Wave::Pre => PRE,
        Wave::Post => POST,
        Wave::FollowUp => FOLLOW_UP,
        Wave::Single => return None,
    };
    super::fields::word_in(list, lang)
}

/// The word a file in `lang` would use for a study group (see [`parse_group`]); `None` for
/// an unknown or absent group.
pub fn group_label(group: Group, lang: Lang) -> Option<&'static str> {
    match group {
        Group::Intervention => super::fields::word_in(INTERVENTION, lang),
        Group::Comparison => super::fields::word_in(COMPARISON, lang),
        Group::Unknown | Group::NotGiven => None,
    }
}

/// The words a file in `lang` would use for yes and for no (see [`parse_yes_no`]).
pub fn yes_no_labels(lang: Lang) -> Option<(&'static str, &'static str)> {
    // Single letters (`y`, `n`) are read but are not what a person types in a template.
    let pick = |list: &'static [&'static str]| {
        list.iter()
            .copied()
            .find(|w| w.chars().count() > 1 && super::fields::is_in(w, lang))
    };
    Some((pick(YES)?, pick(NO)?))
}

/// Recognises an answer column from its header.
pub fn item_column(column: usize, header: &str) -> Option<ItemColumn> {
    // Words, with letters and digits glued together split apart (`ucla1pre` → ucla, 1, pre).
    let mut tokens: Vec<String> = Vec::new();
    for word in normalize(header).split(' ') {
        let mut current = String::new();
        let mut digits = false;
        for c in word.chars() {
            let is_digit = c.is_ascii_digit();
            if !current.is_empty() && is_digit != digits {
                tokens.push(std::mem::take(&mut current));
            }
            digits = is_digit;
            current.push(c);
        }
        if !current.is_empty() {
            tokens.push(current);
        }
    }
    let number_at = tokens
        .iter()
        .position(|t| t.chars().all(|c| c.is_ascii_digit()))?;
    let prefix: String = tokens[..number_at].concat();
    let instrument = INSTRUMENTS
        .iter()
        .find(|(p, _)| normalize(p) == prefix)
        .map(|(_, name)| *name)?;
    let number: u16 = tokens[number_at].parse().ok()?;
    let rest: String = tokens[number_at + 1..].concat();
    let wave = if rest.is_empty() {
        None
    } else {
        Some(parse_wave(&rest)?)
    };
    Some(ItemColumn {
        column,
        key: ItemKey {
            instrument: instrument.to_owned(),
            number,
        },
        wave,
    })
}

fn parse_answer(value: &Value<'_>, labels: &mut Dict) -> Answer {
    match value {
        Value::Text(s) if s.is_empty() => Answer::Missing,
        Value::Text(s) => {
            let digits = super::coerce::ascii_digits(s);
            if let Ok(n) = digits.parse::<i16>() {
                Answer::Code(n)
            } else if super::decimal::is_f64(&digits) {
                Answer::Invalid
            } else {
                Answer::Label(labels.intern(&normalize(s)))
            }
        }
        Value::Number(n) if n.fract() == 0.0 && n.abs() < 32_000.0 => Answer::Code(*n as i16),
        _ => Answer::Invalid,
    }
}

/// Coerces one survey row into one response (long layout) or one per wave (wide layout).
pub(crate) fn map_row(
    m: &mut FileMapper,
    row: &dyn RowView,
    rules: &RowRules,
    t: &mut Tables,
    out: &mut Outcome<'_>,
) {
    let Some(id) = m.required_text(row, "personId", rules, out) else {
        return;
    };
    let wave_cell = m.value(row, "wave", true, rules, out);
    let group_text = text_of(&m.value(row, "group", false, rules, out)).into_owned();
    let municipality_text = text_of(&m.value(row, "municipality", false, rules, out)).into_owned();
    let alone_text = text_of(&m.value(row, "livesAlone", false, rules, out)).into_owned();
    let date = m
        .value(row, "date", false, rules, out)
        .filter(|v| !v.is_empty());
    if out.rejected() {
        return;
    }
    let row_wave = match &wave_cell {
        None => None,
        Some(v) if v.is_empty() => {
            out.push(m.cell_diag("value.missing", Severity::Error, row, "wave", ""));
            return;
        }
        Some(v) => match parse_wave(&v.as_text()) {
            Some(w) => Some(w),
            None => {
                out.push(m.cell_diag(
                    "survey.wave_unknown",
                    Severity::Error,
                    row,
                    "wave",
                    &v.as_text(),
                ));
                return;
            }
        },
    };
    let group = match parse_group(&group_text) {
        None => Group::NotGiven,
        Some(Group::Unknown) => {
            out.push(m.cell_diag(
                "survey.group_unknown",
                Severity::Warning,
                row,
                "group",
                &group_text,
            ));
            Group::Unknown
        }
        Some(g) => g,
    };
    let lives_alone = match parse_yes_no(&alone_text) {
        None => None,
        Some(Some(b)) => Some(b),
        Some(None) => {
            out.push(
                m.cell_diag(
                    "value.ignored",
                    Severity::Warning,
                    row,
                    "livesAlone",
                    &alone_text,
                )
                .with("reason", "not_yes_no"),
            );
            None
        }
    };
    let day = match date {
        None => None,
        Some(v) => match m.day(&v, rules) {
            Ok(d) => Some(d),
            Err(code) => {
                out.push(
                    m.cell_diag(
                        "value.ignored",
                        Severity::Warning,
                        row,
                        "date",
                        &v.as_text(),
                    )
                    .with("reason", code),
                );
                None
            }
        },
    };
    // Answers by wave: the row's wave (long layout) or each column's (wide layout).
    let columns = m.items.clone();
    let mut by_wave: Vec<(Wave, Vec<(u16, Answer)>)> = Vec::new();
    for col in &columns {
        let value = m.value_at(row, col.column, false, rules, out);
        let answer = parse_answer(&value, &mut t.survey.labels);
        if answer == Answer::Invalid {
            out.push(
                m.row_diag("survey.answer_invalid", Severity::Warning, row)
                    .in_column(m.header_at(col.column))
                    .with("value", value.as_text()),
            );
        }
        let wave = col.wave.or(row_wave).unwrap_or(Wave::Single);
        let item = t.survey.item_index(&col.key);
        match by_wave.iter_mut().find(|(w, _)| *w == wave) {
            Some((_, answers)) => answers.push((item, answer)),
            None => by_wave.push((wave, vec![(item, answer)])),
        }
    }
    // In wide layout, a wave with no answer at all is a wave the person did not take part in.
    let wide = columns.iter().any(|c| c.wave.is_some());
    if wide {
        by_wave.retain(|(_, answers)| answers.iter().any(|(_, a)| *a != Answer::Missing));
    }
    let person = t.people.intern(&id);
    let municipality = t.survey.municipalities.intern_opt(municipality_text.trim());
    for (wave, _) in &by_wave {
        if let Some(&(_, first_row)) = t.survey.seen.get(&(person, *wave)) {
            out.push(
                m.row_diag("survey.duplicate_response", Severity::Error, row)
                    .with("firstRow", first_row)
                    .with("wave", wave_name(*wave)),
            );
            return;
        }
    }
    for (wave, answers) in by_wave {
        t.survey
            .seen
            .insert((person, wave), (m.file_index, row.row()));
        t.survey.responses.push(Response {
            person,
            wave,
            day,
            group,
            municipality,
            lives_alone,
            answers,
            source: (m.file_index, row.row()),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answer_columns_are_recognised_in_three_languages() {
        let c = |h: &str| item_column(0, h).map(|c| c.field_name());
        assert_eq!(c("ucla_1").as_deref(), Some("ucla.1"));
        assert_eq!(c("UCLA 2").as_deref(), Some("ucla.2"));
        assert_eq!(c("djg3_pre").as_deref(), Some("djg.3.pre"));
        assert_eq!(c("De Jong 4 post").as_deref(), Some("djg.4.post"));
        assert_eq!(c("שאלה 4 אחרי").as_deref(), Some("item.4.post"));
        assert_eq!(c("سؤال 5 قبل").as_deref(), Some("item.5.pre"));
        assert_eq!(c("שנת לידה"), None);
        assert_eq!(c("year 2024"), None);
        assert_eq!(c("ucla_1_whenever"), None);
    }

    /// Arabic labels with teh marbuta or hamza match however the cell spells them.
    #[test]
    fn arabic_labels_match_after_normalisation() {
        assert_eq!(parse_wave("متابعة"), Some(Wave::FollowUp));
        assert_eq!(parse_wave("متابعه"), Some(Wave::FollowUp));
        assert_eq!(parse_wave("Follow-up"), Some(Wave::FollowUp));
        assert_eq!(parse_group("ضابطة"), Some(Group::Comparison));
        assert_eq!(parse_group("تجريبية"), Some(Group::Intervention));
        assert_eq!(parse_group("مقارنة"), Some(Group::Comparison));
        let c = |h: &str| item_column(0, h).map(|c| c.field_name());
        assert_eq!(c("سؤال 5 قبل").as_deref(), Some("item.5.pre"));
        assert_eq!(
            c("\u{0633}\u{0648}\u{0654}\u{0627}\u{0644} 5 قبل").as_deref(),
            Some("item.5.pre")
        );
    }

    #[test]
    fn waves_and_groups() {
        assert_eq!(parse_wave("לפני"), Some(Wave::Pre));
        assert_eq!(parse_wave("Follow-up"), Some(Wave::FollowUp));
        assert_eq!(parse_wave("بعد"), Some(Wave::Post));
        assert_eq!(parse_wave("אמצע"), None);
        assert_eq!(parse_group("התערבות"), Some(Group::Intervention));
        assert_eq!(parse_group("Control"), Some(Group::Comparison));
        assert_eq!(parse_group(""), None);
        assert_eq!(parse_group("x"), Some(Group::Unknown));
    }
}
