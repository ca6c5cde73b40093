//! The canonical fields of each file role, with their header synonyms in Hebrew, Arabic and
//! English, and how a file's role is recognised from its headers.
//!
//! Headers are compared after [`normalize`](super::headers::normalize). A role qualifies when
//! its required fields are present (and, for a survey, at least one answer column); among the
//! qualifying roles the one with the most matched fields wins, ties going to the earlier role
//! in [`ROLES`]. The user can name the role of a file instead.

use crate::ingest::ledger::FileRole;
use crate::loneliness::apa::Lang;

/// A canonical field: its camelCase name and the headers that name it.
#[derive(Debug, Clone, Copy)]
pub struct FieldSpec {
    /// The camelCase name used in reports, mappings and profiles.
    pub name: &'static str,
    /// Header synonyms (compared after normalisation).
    pub synonyms: &'static [&'static str],
}

const fn f(name: &'static str, synonyms: &'static [&'static str]) -> FieldSpec {
    FieldSpec { name, synonyms }
}

const VOLUNTEER_ID: &[&str] = &[
    "volunteerId",
    "volunteer id",
    "volunteer",
    "volunteer number",
    "volunteer no",
    "id",
    "person id",
    "member id",
    "מזהה מתנדב",
    "מספר מתנדב",
    "מס' מתנדב",
    "קוד מתנדב",
    "מתנדב",
    "מזהה",
    "ת\"ז",
    "תעודת זהות",
    "מספר זהות",
    "رقم المتطوع",
    "معرف المتطوع",
    "رمز المتطوع",
    "المتطوع",
    "رقم الهوية",
];
const NEIGHBOURHOOD: &[&str] = &[
    "neighbourhood",
    "neighborhood",
    "area",
    "quarter",
    "שכונה",
    "אזור",
    "רובע",
    "الحي",
    "المنطقة",
];
const GENDER: &[&str] = &["gender", "sex", "מגדר", "מין", "الجنس", "النوع الاجتماعي"];
const POPULATION_GROUP: &[&str] = &[
    "population group",
    "sector",
    "community",
    "מגזר",
    "קבוצת אוכלוסייה",
    "אוכלוסייה",
    "الوسط",
    "المجموعة السكانية",
    "القطاع",
];

/// Fields of an activity log (hours log), in [`ActivityField`](super::headers::ActivityField) order.
pub const ACTIVITY: &[FieldSpec] = &[
    f("volunteerId", VOLUNTEER_ID),
    f(
        "date",
        &[
            "date",
            "activity date",
            "session date",
            "day",
            "תאריך",
            "תאריך פעילות",
            "תאריך התנדבות",
            "יום",
            "التاريخ",
            "تاريخ النشاط",
            "تاريخ التطوع",
            "اليوم",
        ],
    ),
    f(
        "hours",
        &[
            "hours",
            "hours volunteered",
            "volunteer hours",
            "duration",
            "duration hours",
            "שעות",
            "מספר שעות",
            "שעות התנדבות",
            "משך",
            "משך בשעות",
            "ساعات",
            "عدد الساعات",
            "ساعات التطوع",
            "المدة",
        ],
    ),
    f(
        "status",
        &[
            "status",
            "approval status",
            "approval",
            "סטטוס",
            "סטטוס אישור",
            "אישור",
            "מצב",
            "الحالة",
            "حالة الموافقة",
        ],
    ),
    f(
        "department",
        &[
            "department",
            "dept",
            "domain",
            "unit",
            "מחלקה",
            "אגף",
            "תחום",
            "القسم",
            "الدائرة",
            "المجال",
        ],
    ),
    f(
        "organisation",
        &[
            "organisation",
            "organization",
            "org",
            "ארגון",
            "עמותה",
            "גוף",
            "المؤسسة",
            "الجمعية",
            "المنظمة",
        ],
    ),
    f(
        "role",
        &[
            "role",
            "activity",
            "activity type",
            "תפקיד",
            "סוג פעילות",
            "פעילות",
            "الدور",
            "نوع النشاط",
            "النشاط",
        ],
    ),
    f(
        "startTime",
        &[
            "start time",
            "start",
            "from",
            "time from",
            "שעת התחלה",
            "התחלה",
            "משעה",
            "שעת כניסה",
            "وقت البدء",
            "من الساعة",
            "البداية",
        ],
    ),
    f(
        "endTime",
        &[
            "end time",
            "end",
            "to",
            "time to",
            "שעת סיום",
            "סיום",
            "עד שעה",
            "שעת יציאה",
            "وقت الانتهاء",
            "حتى الساعة",
            "النهاية",
        ],
    ),
    // V8: how many people the row stands for (a team or party, or an anonymous group).
    f(
        "partySize",
        &[
            "party size",
            "group size",
            "team size",
            "participants",
            "number of participants",
            "headcount",
            "גודל קבוצה",
            "גודל צוות",
            "מספר משתתפים",
            "משתתפים",
            "כמות משתתפים",
            "حجم المجموعة",
            "حجم الفريق",
            "عدد المشاركين",
            "المشاركون",
        ],
    ),
];

/// Fields of a volunteer registry.
pub const REGISTRY: &[FieldSpec] = &[
    f("volunteerId", VOLUNTEER_ID),
    f(
        "birthYear",
        &["birth year", "year of birth", "שנת לידה", "سنة الميلاد"],
    ),
    f(
        "birthDate",
        &[
            "birth date",
            "date of birth",
            "dob",
            "תאריך לידה",
            "تاريخ الميلاد",
        ],
    ),
    f("age", &["age", "גיל", "العمر", "السن"]),
    f("gender", GENDER),
    f("populationGroup", POPULATION_GROUP),
    f("neighbourhood", NEIGHBOURHOOD),
    f(
        "departments",
        &[
            "departments",
            "department",
            "מחלקות",
            "מחלקה",
            "אגפים",
            "אגף",
            "الأقسام",
            "القسم",
        ],
    ),
    f(
        "joinDate",
        &[
            "join date",
            "start date",
            "registration date",
            "date joined",
            "תאריך הצטרפות",
            "תאריך התחלה",
            "תאריך רישום",
            "تاريخ الانضمام",
            "تاريخ التسجيل",
        ],
    ),
    f(
        "leaveDate",
        &[
            "leave date",
            "end date",
            "date left",
            "תאריך עזיבה",
            "תאריך סיום",
            "تاريخ المغادرة",
            "تاريخ الانتهاء",
        ],
    ),
    f(
        "leaveReason",
        &[
            "leave reason",
            "reason for leaving",
            "סיבת עזיבה",
            "سبب المغادرة",
        ],
    ),
    f(
        "commitmentEnd",
        &[
            "commitment end",
            "commitment end date",
            "committed until",
            "סיום התחייבות",
            "התחייבות עד",
            "نهاية الالتزام",
        ],
    ),
    f(
        "applicationDate",
        &[
            "application date",
            "applied on",
            "תאריך פנייה",
            "תאריך הגשת מועמדות",
            "تاريخ الطلب",
        ],
    ),
    f(
        "approvalDate",
        &[
            "approval date",
            "approved on",
            "תאריך אישור",
            "تاريخ الموافقة",
        ],
    ),
];

/// Fields of a survey (the answer columns are recognised by pattern; see `survey`).
pub const SURVEY: &[FieldSpec] = &[
    f(
        "personId",
        &[
            "respondent id",
            "participant id",
            "person id",
            "respondent",
            "id",
            "מזהה משיב",
            "מזהה משתתף",
            "מספר משיב",
            "מזהה",
            "מזהה מתנדב",
            "رقم المستجيب",
            "معرف المشارك",
            "المعرف",
        ],
    ),
    f(
        "wave",
        &[
            "wave",
            "timepoint",
            "time point",
            "measurement",
            "גל",
            "מועד",
            "מדידה",
            "מועד מדידה",
            "الموجة",
            "مرحلة القياس",
        ],
    ),
    f(
        "date",
        &[
            "date",
            "survey date",
            "תאריך",
            "תאריך מילוי",
            "التاريخ",
            "تاريخ التعبئة",
        ],
    ),
    f(
        "group",
        &[
            "group",
            "arm",
            "condition",
            "study group",
            "קבוצה",
            "קבוצת מחקר",
            "المجموعة",
            "مجموعة الدراسة",
        ],
    ),
    f(
        "municipality",
        &[
            "municipality",
            "local authority",
            "רשות",
            "רשות מקומית",
            "יישוב",
            "البلدية",
            "السلطة المحلية",
        ],
    ),
    f(
        "livesAlone",
        &[
            "lives alone",
            "living alone",
            "גר לבד",
            "גרה לבד",
            "מתגורר לבד",
            "يعيش وحده",
            "يعيش بمفرده",
        ],
    ),
];

/// Fields of a population table (residents by neighbourhood, age band, gender and group).
pub const POPULATION: &[FieldSpec] = &[
    f("neighbourhood", NEIGHBOURHOOD),
    f(
        "ageBand",
        &[
            "age band",
            "age group",
            "ages",
            "קבוצת גיל",
            "שכבת גיל",
            "גילאים",
            "الفئة العمرية",
        ],
    ),
    f("gender", GENDER),
    f("populationGroup", POPULATION_GROUP),
    f(
        "residents",
        &[
            "residents",
            "population",
            "count",
            "number of residents",
            "תושבים",
            "מספר תושבים",
            "סה\"כ",
            "סך הכל",
            "السكان",
            "عدد السكان",
        ],
    ),
];

/// Fields of an opportunities file (what is offered and needed).
pub const OPPORTUNITIES: &[FieldSpec] = &[
    f(
        "opportunity",
        &[
            "opportunity",
            "opportunity id",
            "position",
            "volunteer position",
            "program",
            "programme",
            "הזדמנות",
            "הזדמנות התנדבות",
            "משרה",
            "משרת התנדבות",
            "תוכנית",
            "פרויקט",
            "فرصة",
            "فرصة تطوع",
            "البرنامج",
            "المشروع",
        ],
    ),
    f(
        "department",
        &["department", "dept", "מחלקה", "אגף", "القسم", "الدائرة"],
    ),
    f(
        "organisation",
        &[
            "organisation",
            "organization",
            "org",
            "ארגון",
            "עמותה",
            "المؤسسة",
            "الجمعية",
        ],
    ),
    f(
        "slotsNeeded",
        &[
            "slots",
            "places",
            "volunteers needed",
            "slots needed",
            "מקומות",
            "מספר מקומות",
            "מתנדבים נדרשים",
            "נדרשים",
            "عدد الأماكن",
            "المتطوعون المطلوبون",
        ],
    ),
    f(
        "slotsFilled",
        &[
            "filled",
            "slots filled",
            "placed",
            "volunteers placed",
            "אוישו",
            "מקומות מאוישים",
            "משובצים",
            "שובצו",
            "الأماكن المشغولة",
            "تم شغلها",
        ],
    ),
    f(
        "hoursNeeded",
        &[
            "hours needed",
            "required hours",
            "שעות נדרשות",
            "היקף שעות",
            "الساعات المطلوبة",
        ],
    ),
    f(
        "startDate",
        &[
            "start date",
            "from date",
            "תאריך התחלה",
            "מתאריך",
            "تاريخ البدء",
        ],
    ),
    f(
        "endDate",
        &[
            "end date",
            "to date",
            "תאריך סיום",
            "עד תאריך",
            "تاريخ الانتهاء",
        ],
    ),
    f(
        "hoursFilled",
        &[
            "hours filled",
            "hours delivered",
            "שעות שבוצעו",
            "שעות בפועל",
            "الساعات المنجزة",
        ],
    ),
    f(
        "attended",
        &["attended", "checked in", "הגיעו", "נכחו", "حضروا"],
    ),
    f(
        "noShows",
        &["no shows", "no show", "לא הגיעו", "לא הופיעו", "لم يحضروا"],
    ),
    f(
        "excused",
        &["excused", "dismissed", "בוטלו מראש", "פטורים", "معذورون"],
    ),
    f("outputType", &["output type", "סוג תפוקה", "نوع المخرج"]),
    f(
        "outputs",
        &[
            "outputs",
            "output count",
            "תפוקות",
            "מספר תפוקות",
            "المخرجات",
            "عدد المخرجات",
        ],
    ),
];

/// Roles in the order that breaks ties.
pub const ROLES: [FileRole; 5] = [
    FileRole::ActivityLog,
    FileRole::Survey,
    FileRole::Population,
    FileRole::Opportunities,
    FileRole::Registry,
];

/// The fields of `role`.
pub fn fields(role: FileRole) -> &'static [FieldSpec] {
    match role {
        FileRole::ActivityLog => ACTIVITY,
        FileRole::Registry => REGISTRY,
        FileRole::Survey => SURVEY,
        FileRole::Population => POPULATION,
        FileRole::Opportunities => OPPORTUNITIES,
    }
}

/// Fields that must be present for a file to have `role`.
pub fn required(role: FileRole) -> &'static [&'static str] {
    match role {
        // Hours may instead come from a start and an end time (see `hours_or_times`).
        FileRole::ActivityLog => &["volunteerId", "date"],
        FileRole::Registry => &["volunteerId"],
        FileRole::Survey => &["personId"],
        FileRole::Population => &["residents"],
        FileRole::Opportunities => &["opportunity"],
    }
}

/// Fields of which at least one must be present (beyond the required ones).
pub fn any_of(role: FileRole) -> &'static [&'static str] {
    match role {
        FileRole::ActivityLog | FileRole::Survey => &[],
        FileRole::Registry => &[
            "birthYear",
            "birthDate",
            "age",
            "gender",
            "populationGroup",
            "neighbourhood",
            "departments",
            "joinDate",
            "leaveDate",
        ],
        FileRole::Population => &["neighbourhood", "ageBand", "gender", "populationGroup"],
        FileRole::Opportunities => &["slotsNeeded", "slotsFilled", "hoursNeeded"],
    }
}

/// For an activity log: an hours column, or both a start and an end time, must be present.
pub fn hours_or_times(mapped: &dyn Fn(&str) -> bool) -> bool {
    mapped("hours") || (mapped("startTime") && mapped("endTime"))
}

/// Whether `text` is written in `lang`'s script: a Hebrew or an Arabic letter for `he` / `ar`;
/// for `en`, ASCII only. Synonym lists mix the three languages; this picks a language's words.
pub fn is_in(text: &str, lang: Lang) -> bool {
    match lang {
        Lang::He => text.chars().any(|c| ('\u{05D0}'..='\u{05EA}').contains(&c)),
        Lang::Ar => text.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c)),
        Lang::En => text.is_ascii(),
    }
}

/// The first word of `list` written in `lang` (see [`is_in`]).
pub fn word_in(list: &'static [&'static str], lang: Lang) -> Option<&'static str> {
    list.iter().copied().find(|w| is_in(w, lang))
}

/// The header a file in `lang` would give field `name` of `role`: the first synonym in that
/// language, passing over a camelCase spelling (`volunteerId` → `volunteer id`). `None` for a
/// field `role` lacks.
pub fn header_in(role: FileRole, name: &str, lang: Lang) -> Option<&'static str> {
    let spec = fields(role).iter().find(|f| f.name == name)?;
    spec.synonyms
        .iter()
        .copied()
        .find(|w| !w.chars().any(char::is_uppercase) && is_in(w, lang))
        .or_else(|| word_in(spec.synonyms, lang))
}

/// Whether `name` is a field of any role (for validating user mappings).
pub fn is_known_field(name: &str) -> bool {
    ROLES
        .iter()
        .any(|&r| fields(r).iter().any(|f| f.name == name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::schema::coerce::{Status, parse_status, status_label};
    use crate::schema::survey::{Wave, parse_wave, wave_label};

    #[test]
    fn a_language_s_header_is_one_of_the_field_s_synonyms_in_that_script() {
        let h = |lang| header_in(FileRole::ActivityLog, "volunteerId", lang);
        assert_eq!(h(Lang::He), Some("מזהה מתנדב"));
        assert_eq!(h(Lang::Ar), Some("رقم المتطوع"));
        assert_eq!(h(Lang::En), Some("volunteer id"));
        assert_eq!(
            header_in(FileRole::ActivityLog, "hours", Lang::En),
            Some("hours")
        );
        assert_eq!(
            header_in(FileRole::ActivityLog, "birthYear", Lang::He),
            None
        );
        // Every field of every role has a header in every language.
        for role in ROLES {
            for f in fields(role) {
                for lang in [Lang::He, Lang::Ar, Lang::En] {
                    let got = header_in(role, f.name, lang).unwrap();
                    assert!(is_in(got, lang), "{} {lang:?}: {got}", f.name);
                }
            }
        }
    }

    #[test]
    fn labels_read_back_as_what_they_name() {
        for lang in [Lang::He, Lang::Ar, Lang::En] {
            for s in [Status::Approved, Status::Pending, Status::Rejected] {
                assert_eq!(parse_status(status_label(s, lang).unwrap()), s, "{lang:?}");
            }
            for w in [Wave::Pre, Wave::Post, Wave::FollowUp] {
                assert_eq!(
                    parse_wave(wave_label(w, lang).unwrap()),
                    Some(w),
                    "{lang:?}"
                );
            }
        }
        assert_eq!(status_label(Status::Approved, Lang::He), Some("מאושר"));
        assert_eq!(status_label(Status::Unknown, Lang::En), None);
    }
}
