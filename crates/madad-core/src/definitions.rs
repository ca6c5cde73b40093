//! The definitions registry: the choices behind every indicator ([`DefinitionOptions`], part of
//! [`AnalysisOptions`](crate::AnalysisOptions)) and the catalogue of indicators ([`INDICATORS`]:
//! id, names in Hebrew, Arabic and English, formula, caveats, source) with the program goals
//! they serve ([`GOALS`]).
//!
//! This module is the single source of the definitions: the report copies the options in force
//! and the catalogue, and `docs/indicators.md` is generated from it (a test fails when the
//! generated file is stale). Formulas and sources follow the mission anchors, §(c).

use serde::{Deserialize, Serialize};

use crate::schema::coerce::Status;

/// The period type of the series (V1, V3, retention, segments…).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum PeriodType {
    /// Calendar month.
    Month,
    /// Calendar quarter.
    Quarter,
    /// Calendar year (January–December).
    CalendarYear,
    /// Israeli school year (September–August).
    SchoolYear,
    /// Fiscal year starting in `fiscalYearStartMonth`.
    FiscalYear,
}

/// The definitions in force. Every default is stated; the host may change any of them, and the
/// report prints the values used beside the numbers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase", default)]
pub struct DefinitionOptions {
    /// R1: a volunteer is active at the as-of date t when they have a counted activity dated in
    /// (t − T months, t]. Default T = 6 (Bloomerang).
    pub active_window_months: u32,
    /// R1 variant: also require at least this many counted hours inside the window (fgdb.rb's
    /// "hours over the last 90 days"). Default none.
    pub active_min_hours: Option<f64>,
    /// Statuses whose activities count (default approved only, as Galaxy and TeamKinetic).
    pub counted_statuses: Vec<Status>,
    /// Whether training hours count as volunteering hours (default false: Deedmob's "Impact
    /// Hours" exclude training). Training activities are recognised by their role.
    pub count_training_hours: bool,
    /// A role whose name contains one of these (after normalisation) is training.
    pub training_role_keywords: Vec<String>,
    /// The period type of the series.
    pub period_type: PeriodType,
    /// First month (1–12) of the fiscal year (default 4, April–March).
    pub fiscal_year_start_month: u32,
    /// V9: full-time hours per year (default 2,184 = 42 h/week × 52; VSys uses 2,000).
    pub full_time_hours_per_year: f64,
    /// V10: the low wage per hour (e.g. the minimum wage), in the currency of the report.
    pub wage_low_per_hour: Option<f64>,
    /// V10: the high wage per hour (e.g. the average wage or a replacement wage).
    pub wage_high_per_hour: Option<f64>,
    /// V10: a label for the wage basis, shown with the value ("minimum–average wage 2025").
    pub wage_basis: String,
    /// V10: fringe-benefit mark-up f added to the wage (Independent Sector uses 0.12; default 0).
    pub fringe_rate: f64,
    /// V11: program cost (coordinator time, training, recognition) for ROVI; none by default.
    pub program_cost: Option<f64>,
    /// V2: the youngest age counted as adult in the population denominator (default 18; CBS
    /// publishes 20+ and the ILO 15+, so compare with care).
    pub adult_min_age: u32,
    /// Seniors are volunteers aged at least this in the as-of year (default 65).
    pub senior_age: u32,
    /// V6: months, of the last 12 complete months, with a counted activity that make a
    /// volunteer regular (default 12: "at least once a month", UK CLS).
    pub regular_min_months: u32,
    /// V5: a volunteer whose 12 monthly hour totals have a coefficient of variation above this
    /// is "irregular" (default 1.0: activity in fewer than half of the months).
    pub irregular_cv: f64,
    /// L9: hours a month, on average over the last 12 complete months, in a defined role that
    /// make a senior's role "meaningful" (default 4; the program sets x).
    pub meaningful_hours_per_month: f64,
    /// L9: the municipal departments (the denominator of reserve-unit coverage). Empty: every
    /// department named in any file.
    pub municipal_departments: Vec<String>,
    /// A proportion whose denominator is below this is flagged `smallN` (default 30).
    pub min_n: u32,
    /// R10: days after the first session within which a volunteer must still be active to count
    /// as "still active after 3 months" (default 90).
    pub funnel_active_days: u32,
}

impl Default for DefinitionOptions {
    fn default() -> Self {
        DefinitionOptions {
            active_window_months: 6,
            active_min_hours: None,
            counted_statuses: vec![Status::Approved],
            count_training_hours: false,
            training_role_keywords: ["training", "הכשרה", "הכשרת", "השתלמות", "تدريب", "تأهيل"]
                .map(str::to_owned)
                .to_vec(),
            period_type: PeriodType::CalendarYear,
            fiscal_year_start_month: 4,
            full_time_hours_per_year: 2184.0,
            wage_low_per_hour: None,
            wage_high_per_hour: None,
            wage_basis: String::new(),
            fringe_rate: 0.0,
            program_cost: None,
            adult_min_age: 18,
            senior_age: 65,
            regular_min_months: 12,
            irregular_cv: 1.0,
            meaningful_hours_per_month: 4.0,
            municipal_departments: Vec::new(),
            min_n: 30,
            funnel_active_days: 90,
        }
    }
}

/// Version of the definitions catalogue; raised whenever a formula or default changes.
pub const DEFINITIONS_VERSION: &str = "1.1.0";

/// Where an indicator is computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Availability {
    /// Computed by `crate::indicators` (or the trends section) and published in the report.
    Computed,
    /// Defined here but computed by another module (named), or not yet.
    Elsewhere(&'static str),
}

/// One indicator of the catalogue.
#[derive(Debug, Clone, Copy)]
pub struct IndicatorDef {
    /// Stable id (`V1`, `R3`…).
    pub id: &'static str,
    /// Name in Hebrew.
    pub he: &'static str,
    /// Name in Arabic.
    pub ar: &'static str,
    /// Name in English.
    pub en: &'static str,
    /// The formula, in plain notation.
    pub formula: &'static str,
    /// What to keep in mind when reading it: Hebrew, Arabic, English.
    pub caveats: [&'static str; 3],
    /// Where the definition comes from (citations stay in their own script; the prose around
    /// them is translated): Hebrew, Arabic, English.
    pub source: [&'static str; 3],
    /// Where it is computed.
    pub availability: Availability,
    /// Where the report carries it (JSON paths).
    pub reported_in: &'static str,
}

#[allow(clippy::too_many_arguments)]
const fn def(
    id: &'static str,
    he: &'static str,
    ar: &'static str,
    en: &'static str,
    formula: &'static str,
    caveats: [&'static str; 3],
    source: [&'static str; 3],
    availability: Availability,
    reported_in: &'static str,
) -> IndicatorDef {
    IndicatorDef {
        id,
        he,
        ar,
        en,
        formula,
        caveats,
        source,
        availability,
        reported_in,
    }
}

use Availability::{Computed, Elsewhere};

/// The catalogue, in display order.
pub const INDICATORS: &[IndicatorDef] = &[
    def(
        "V1",
        "מתנדבים (ללא כפילויות)",
        "المتطوعون (دون تكرار)",
        "Volunteers (unduplicated)",
        "N_V = |{i : h_i(P) > 0}|, counted activities only; sub-totals N_V,u by department, organisation and role",
        [
            "תתי־הסכומים אינם מצטברים: Σ_u N_V,u ≥ N_V כי אדם אחד יכול להתנדב בכמה יחידות. אין לחבר אותם.",
            "المجاميع الفرعية لا تُجمع: Σ_u N_V,u ≥ N_V لأن الشخص الواحد قد يتطوع في عدة وحدات. لا تجمعوها أبدًا.",
            "Sub-totals do not add up: Σ_u N_V,u ≥ N_V because one person may serve several units. Never sum them.",
        ],
        [
            "הגדרת עבודת ההתנדבות של ILOSTAT; Volgistics; VSys (עוגני המשימה §c V1)",
            "تعريف العمل التطوعي في ILOSTAT؛ Volgistics؛ VSys (مرتكزات المهمة §c V1)",
            "ILOSTAT volunteer-work definition; Volgistics; VSys (mission anchors §c V1)",
        ],
        Computed,
        "indicators.volume.volunteers, byDepartment, byOrganisation, byRole; indicators.volumeSeries[].volunteers",
    ),
    def(
        "V2",
        "שיעור התנדבות באוכלוסייה",
        "نسبة التطوع من السكان",
        "Volunteer rate",
        "VR = N_V,adult ÷ Pop_adult; VR_g = N_V,g ÷ Pop_g for each population group, with a Wilson 95% CI",
        [
            "מתנדבים שגילם אינו ידוע נספרים כמבוגרים. גיל הבגרות נקבע ב־adultMinAge; הלמ\"ס משתמשת ב־20+, ה־ILO ב־15+. התוויות חייבות להתאים בדיוק לטבלת האוכלוסייה. ההנחה היא שהמתנדבים הם תושבי הרשות.",
            "يُعدّ المتطوعون مجهولو العمر بالغين. سن البلوغ يحدده adultMinAge؛ دائرة الإحصاء المركزية تستخدم 20+، ومنظمة العمل الدولية 15+. يجب أن تطابق التسميات جدول السكان تمامًا. يُفترض أن المتطوعين من سكان السلطة المحلية.",
            "Volunteers of unknown age count as adults. The adult age follows adultMinAge; CBS uses 20+, the ILO 15+. Labels must match the population table exactly. Volunteers are assumed to be residents.",
        ],
        [
            "הסקר החברתי של הלמ\"ס 2018; ILO (עוגני המשימה §c V2)",
            "المسح الاجتماعي لدائرة الإحصاء المركزية 2018؛ ILO (مرتكزات المهمة §c V2)",
            "CBS Social Survey 2018; ILO (mission anchors §c V2)",
        ],
        Computed,
        "indicators.diversity.volunteerRate, previousVolunteerRate, volunteerRateChange; dimensions[].categories[].rate",
    ),
    def(
        "V3",
        "שעות התנדבות",
        "ساعات التطوع",
        "Hours",
        "H = Σ_i h_i(P); volunteering and training hours reported apart",
        [
            "רק סטטוסים נספרים. שעות הכשרה מתווספות ל־H רק כאשר countTrainingHours מופעל.",
            "الحالات المحتسبة فقط. تُضاف ساعات التدريب إلى H فقط عند تفعيل countTrainingHours.",
            "Only counted statuses. Training hours are added to H only when countTrainingHours is set.",
        ],
        [
            "Deedmob Impact Hours; כל מערכות ניהול המתנדבים (עוגני המשימה §c V3)",
            "Deedmob Impact Hours؛ جميع أنظمة إدارة المتطوعين (مرتكزات المهمة §c V3)",
            "Deedmob Impact Hours; all VMS (mission anchors §c V3)",
        ],
        Computed,
        "indicators.volume.hours, trainingHours; indicators.volumeSeries[].hours",
    ),
    def(
        "V4",
        "שעות למתנדב",
        "ساعات لكل متطوع",
        "Hours per volunteer",
        "mean = H ÷ N_V; median and P90 of h_i (P90: linear interpolation between order statistics, type 7)",
        [
            "ההתפלגות מוטה: קראו את החציון ואת P90 לצד הממוצע.",
            "التوزيع ملتوٍ: اقرؤوا الوسيط وP90 بجانب المتوسط.",
            "The distribution is skewed: read the median and P90 beside the mean.",
        ],
        [
            "VRMS #42 (עוגני המשימה §c V4)",
            "VRMS #42 (مرتكزات المهمة §c V4)",
            "VRMS #42 (mission anchors §c V4)",
        ],
        Computed,
        "indicators.volume.meanHours, medianHours, p90Hours",
    ),
    def(
        "V5",
        "רצועות היקף חודשי (בהשוואה ללמ\"ס)",
        "فئات الساعات الشهرية (مقارنة بدائرة الإحصاء)",
        "Monthly intensity bands (CBS-comparable)",
        "Over the last 12 complete months: one-time = exactly one session; irregular = CV of the 12 monthly hour totals > irregularCv; else up to 9 h (mean monthly hours < 10) or 10+ h",
        [
            "רצועות הלמ\"ס מבוססות על דיווח עצמי, ושלנו על שעות רשומות: השוו את הצורה, לא שיעורים מדויקים.",
            "فئات دائرة الإحصاء مبنية على التصريح الذاتي، وفئاتنا على الساعات المسجلة: قارنوا الشكل لا النسب الدقيقة.",
            "CBS bands are self-reported; ours come from logged hours, so compare shapes, not exact shares.",
        ],
        [
            "הסקר החברתי של הלמ\"ס 2018 (40% עד 9 שעות, 36% 10 שעות ומעלה, 18% לא סדיר, 5% פעם בשנה)",
            "المسح الاجتماعي لدائرة الإحصاء المركزية 2018 (40% حتى 9 ساعات، 36% 10 ساعات فأكثر، 18% غير منتظم، 5% مرة في السنة)",
            "CBS Social Survey 2018 (40% up to 9 h, 36% 10+ h, 18% irregular, 5% once a year)",
        ],
        Computed,
        "indicators.intensity.oneTime, irregular, upTo9Hours, tenPlusHours; indicators.seniors.intensity",
    ),
    def(
        "V6",
        "מתנדבים קבועים",
        "متطوعون منتظمون",
        "Regular volunteers",
        "share of volunteers of the last 12 complete months active in ≥ regularMinMonths of them",
        [
            "ברירת המחדל 12 מתוך 12 = לפחות פעם בחודש (ההגדרה של סקר CLS בבריטניה).",
            "الافتراضي 12 من 12 = مرة في الشهر على الأقل (تعريف مسح CLS في المملكة المتحدة).",
            "Default 12 of 12 = at least once a month (UK CLS definition).",
        ],
        [
            "UK Community Life Survey (עוגני המשימה §c V6)",
            "UK Community Life Survey (مرتكزات المهمة §c V6)",
            "UK Community Life Survey (mission anchors §c V6)",
        ],
        Computed,
        "indicators.intensity.regular",
    ),
    def(
        "V7",
        "מפגשי התנדבות",
        "جلسات التطوع",
        "Contributions and session length",
        "C_i = distinct dated sessions of volunteer i (one per day); mean session length = H ÷ Σ C_i",
        [
            "שתי פעילויות של אותו מתנדב באותו יום הן מפגש אחד.",
            "نشاطان للمتطوع نفسه في اليوم نفسه يُعدّان جلسة واحدة.",
            "Two activities of one volunteer on one day are one session.",
        ],
        [
            "Bloomerang Volunteer (עוגני המשימה §c V7)",
            "Bloomerang Volunteer (مرتكزات المهمة §c V7)",
            "Bloomerang Volunteer (mission anchors §c V7)",
        ],
        Computed,
        "indicators.volume.sessions, meanSessionHours",
    ),
    def(
        "V8",
        "ספירת צוותים ואנונימיים",
        "عدد الفرق والمجهولين",
        "Team and anonymous headcount",
        "over the reporting period, counted statuses: team members = Σ (partySize − 1) over rows with a volunteer id and partySize > 1; anonymous people = Σ partySize over rows without a volunteer id; headcount = team members + anonymous people (participations); entries and anonymous hours beside them",
        [
            "ספירת השתתפויות, לא אנשים ללא כפילויות: אדם לא מזוהה שהגיע פעמיים נספר פעמיים. לעולם אינה מתווספת ל־V1 ואינה נכנסת למדדי שימור. רשומת צוות = שורה עם מזהה מתנדב ו־partySize גדול מ־1 (המתנדב המזוהה נספר ב־V1, ושאר partySize − 1 כאן); רשומה אנונימית = שורה בלי מזהה מתנדב ועם partySize (כולם כאן). שעות הרשומות האנונימיות מדווחות כאן ולא ב־V3.",
            "عدد مشاركات لا عدد أشخاص دون تكرار: الشخص غير المعرَّف الذي حضر مرتين يُعدّ مرتين. لا يُضاف أبدًا إلى V1 ولا يدخل في مؤشرات الاستبقاء. سجل فريق = صف فيه رقم متطوع و partySize أكبر من 1 (المتطوع المعرَّف في V1، والباقون partySize − 1 هنا)؛ سجل مجهول = صف بلا رقم متطوع وفيه partySize (جميعهم هنا). ساعات السجلات المجهولة تُعرض هنا لا في V3.",
            "Counts of participations, not unduplicated people: an unidentified person who comes twice is counted twice. Never added to V1 or used in retention. Team entry = a row with a volunteer id and partySize > 1 (the named volunteer is in V1, the other partySize − 1 here); anonymous entry = a row without a volunteer id and with a partySize (all of them here). Hours of anonymous entries are reported here, not in V3.",
        ],
        [
            "VSys (ספירה עם צוות); VolunteerHub (גודל קבוצה); Galaxy (שעות אנונימיות)",
            "VSys (العد مع الفريق)؛ VolunteerHub (حجم المجموعة)؛ Galaxy (الساعات المجهولة)",
            "VSys (count w/team); VolunteerHub (party size); Galaxy (anonymous hours)",
        ],
        Computed,
        "indicators.headcount",
    ),
    def(
        "V9",
        "משרות מלאות (FTE)",
        "وظائف بدوام كامل",
        "Full-time equivalents",
        "FTE_p = H_p ÷ (H_FT × months(p) ÷ 12) per period",
        [
            "ברירת המחדל ל־H_FT היא 2,184 שעות (42 שעות בשבוע × 52; יש לבדוק את שבוע העבודה החוקי); VSys משתמשת ב־2,000.",
            "القيمة الافتراضية لـ H_FT هي 2,184 ساعة (42 ساعة أسبوعيًا × 52؛ تحققوا من أسبوع العمل القانوني)؛ ويستخدم VSys القيمة 2,000.",
            "H_FT defaults to 2,184 h (42 h/week × 52; check the statutory week); VSys uses 2,000.",
        ],
        [
            "VSys (עוגני המשימה §c V9)",
            "VSys (مرتكزات المهمة §c V9)",
            "VSys (mission anchors §c V9)",
        ],
        Computed,
        "indicators.volume.fte; indicators.volumeSeries[].fte",
    ),
    def(
        "V10",
        "שווי כלכלי (טווח)",
        "القيمة الاقتصادية (مدى)",
        "Economic value (interval)",
        "[H × w_low × (1 + f), H × w_high × (1 + f)]",
        [
            "רק כאשר נמסר בסיס שכר; תווית הבסיס מוצגת לצד הערך.",
            "فقط عند تحديد أساس للأجر؛ تُعرض تسمية الأساس مع القيمة.",
            "Only when the host gives a wage basis; the basis label is printed with the value.",
        ],
        [
            "עלות החלפה לפי ILO; Independent Sector; Dostál & Vyskočil",
            "كلفة الاستبدال وفق ILO؛ Independent Sector؛ Dostál & Vyskočil",
            "ILO replacement cost; Independent Sector; Dostál & Vyskočil",
        ],
        Computed,
        "indicators.volume.economicValue",
    ),
    def(
        "V11",
        "תשואה על ההשקעה בהתנדבות (ROVI)",
        "العائد على الاستثمار في التطوع",
        "Return on volunteer investment (ROVI)",
        "ROVI = Value ÷ program cost, as an interval from V10",
        [
            "רק כאשר נמסרה עלות התוכנית.",
            "فقط عند تحديد كلفة البرنامج.",
            "Only when a program cost is given.",
        ],
        [
            "Leighty Foundation / Verified Volunteers",
            "Leighty Foundation / Verified Volunteers",
            "Leighty Foundation / Verified Volunteers",
        ],
        Computed,
        "indicators.volume.rovi",
    ),
    def(
        "V12",
        "תפוקות לשעה",
        "مخرجات لكل ساعة",
        "Outputs per hour",
        "for each output type o: O_o ÷ H_o, also per 10 hours; from the opportunities file",
        [
            "נדרשים outputType, outputs ו־hoursFilled בקובץ ההזדמנויות.",
            "يتطلب outputType و outputs و hoursFilled في ملف الفرص.",
            "Needs outputType, outputs and hoursFilled in the opportunities file.",
        ],
        [
            "תפוקות ב־Better Impact; רשומות חשבון ב־VSys",
            "مخرجات Better Impact؛ سجلات الحسابات في VSys",
            "Better Impact outputs; VSys account records",
        ],
        Computed,
        "indicators.operations.outputsPerHour",
    ),
    def(
        "V13",
        "כיסוי צרכים ומילוי משבצות",
        "تغطية الاحتياجات وملء الأماكن",
        "Slot fill and need coverage",
        "slot fill = Σ min(filled, needed) ÷ Σ needed; hours coverage = Σ hoursFilled ÷ Σ hoursNeeded",
        [
            "משבצות הן מקומות, לא אנשים; אדם אחד יכול למלא כמה.",
            "الأماكن مواقع لا أشخاص؛ قد يملأ الشخص الواحد عدة أماكن.",
            "Slots are places, not people; one person may fill several.",
        ],
        [
            "docsbay; Salesforce; ChurchCRM",
            "docsbay؛ Salesforce؛ ChurchCRM",
            "docsbay; Salesforce; ChurchCRM",
        ],
        Computed,
        "indicators.operations.slotFill, hoursCoverage",
    ),
    def(
        "R1",
        "כלל מתנדב פעיל",
        "قاعدة المتطوع النشط",
        "Active volunteer (rule)",
        "active_i(t) = 1[last counted activity in (t − T months, t]] (and Σ h_i in that window ≥ x when set)",
        [
            "t הוא תאריך הייחוס שנמסר, לעולם לא השעון; בהיעדרו – תאריך הפעילות הנספרת האחרונה.",
            "t هو تاريخ المرجع المُعطى، لا الساعة أبدًا؛ وفي غيابه تاريخ آخر نشاط محتسب.",
            "t is the host's as-of date, never the clock; without one, the last counted activity date.",
        ],
        [
            "Bloomerang Volunteer; fgdb.rb",
            "Bloomerang Volunteer؛ fgdb.rb",
            "Bloomerang Volunteer; fgdb.rb",
        ],
        Computed,
        "indicators.active.active",
    ),
    def(
        "R2",
        "שיעור מעורבות",
        "نسبة الانخراط",
        "Engagement rate",
        "active ÷ enrolled; enrolled = registry entries not left by t",
        [
            "נדרש מאגר מתנדבים.",
            "يتطلب سجل المتطوعين.",
            "Needs a volunteer registry.",
        ],
        ["docsbay", "docsbay", "docsbay"],
        Computed,
        "indicators.active.engagement",
    ),
    def(
        "R3",
        "שימור ונשירה בין תקופות",
        "الاستبقاء والتسرب بين الفترات",
        "Period retention and churn",
        "RR(t) = |V(t−1) ∩ V(t)| ÷ |V(t−1)|; churn = 1 − RR (we use this formula, not (N_end − N_new) ÷ N_start)",
        [
            "השוו בתוך הארגון; אמות מידה תלויות בהקשר. לשינוי בין שני שיעורים עוקבים יש רווח סמך של Newcombe.",
            "قارنوا داخل المنظمة؛ المعايير المرجعية تتوقف على السياق. للتغير بين نسبتين متتاليتين فترة ثقة Newcombe.",
            "Compare within the organisation; benchmarks depend on context. The change between consecutive rates has a Newcombe CI.",
        ],
        [
            "Candid; volunteero; costcalculator (עוגני המשימה §c R3)",
            "Candid؛ volunteero؛ costcalculator (مرتكزات المهمة §c R3)",
            "Candid; volunteero; costcalculator (mission anchors §c R3)",
        ],
        Computed,
        "indicators.retentionSeries[].retention, churn, retentionChange; indicators.seniors.retention",
    ),
    def(
        "R4",
        "חדשים, נשארים, חוזרים ונושרים",
        "جدد ومستمرون وعائدون ومنقطعون",
        "Lifecycle segments",
        "New = in V(t), never before; Retained = V(t) ∩ V(t−1); Reactivated = in V(t), not V(t−1), active before; Lapsed = V(t−1) \\ V(t); |V(t)| = New + Retained + Reactivated",
        [
            "בתקופה הראשונה שיש בה נתונים כל מתנדב נספר כחדש.",
            "في أول فترة فيها بيانات يُعدّ كل متطوع جديدًا.",
            "Before the first period with data every volunteer is New.",
        ],
        [
            "הגדרות NationBuilder, בהתאמה",
            "تعريفات NationBuilder، بتصرف",
            "NationBuilder definitions, adapted",
        ],
        Computed,
        "indicators.retentionSeries[].new, retained, reactivated, lapsed",
    ),
    def(
        "R5",
        "שימור לפי מחזור הצטרפות",
        "الاستبقاء حسب دفعة الانضمام",
        "Cohort retention",
        "r_c(k) = |{i ∈ c : active in month c + k}| ÷ |c|, eligible cohorts only",
        [
            "מחושב בפרק המגמות; מחזורים חודשיים; מחזורים של פחות מ־K מתנדבים מוסתרים; מוצגים רק חודשים שהסתיימו עד תאריך הייחוס.",
            "يُحسب في قسم الاتجاهات؛ دفعات شهرية؛ تُحجب الدفعات التي تضم أقل من K متطوعين؛ تُعرض فقط الأشهر المكتملة حتى تاريخ المرجع.",
            "Computed in the trends section; monthly cohorts; cohorts of fewer than K volunteers are withheld; only months complete at the as-of date are shown.",
        ],
        [
            "דפוס שימור לפי מחזור (עוגני המשימה §c R5)",
            "نمط الاستبقاء حسب الدفعة (مرتكزات المهمة §c R5)",
            "cohort-retention pattern (mission anchors §c R5)",
        ],
        Computed,
        "trends.retention.cohorts",
    ),
    def(
        "R6",
        "ותק והישרדות (קפלן–מאייר)",
        "الأقدمية والبقاء (كابلان–ماير)",
        "Tenure and survival (Kaplan–Meier)",
        "tenure_i = last − first activity; Kaplan–Meier with right-censoring for active volunteers",
        [
            "מחושב בפרק המגמות; מתנדב מצונזר כאשר הוא פעיל (חלון R1) בתאריך הייחוס; העקומה מתפרסמת רק היכן שלפחות K נמצאים בסיכון.",
            "يُحسب في قسم الاتجاهات؛ يُعدّ المتطوع مراقَبًا (censored) إذا كان نشطًا (نافذة R1) في تاريخ المرجع؛ يُنشر المنحنى فقط حيث يكون K على الأقل معرّضين للخطر.",
            "Computed in the trends section; a volunteer is censored when active (R1 window) at the as-of date; the curve is published only where at least K are at risk.",
        ],
        [
            "VSys Tenure; תאריכי ראשון/אחרון ב־Salesforce",
            "VSys Tenure؛ تواريخ الأول/الأخير في Salesforce",
            "VSys Tenure; Salesforce first/last dates",
        ],
        Computed,
        "trends.retention.overall, seniors, byDepartment, byCohortYear",
    ),
    def(
        "R7",
        "שימור לפי התחייבות",
        "الاستبقاء حسب الالتزام",
        "Commitment-based retention",
        "share of volunteers whose commitment ended by t whose last counted activity is on or after the commitment end",
        [
            "נדרש commitmentEnd במאגר המתנדבים.",
            "يتطلب commitmentEnd في سجل المتطوعين.",
            "Needs commitmentEnd in the registry.",
        ],
        [
            "Energize (Ellis & Jackson)",
            "Energize (Ellis & Jackson)",
            "Energize (Ellis & Jackson)",
        ],
        Computed,
        "indicators.commitmentRetention",
    ),
    def(
        "R8",
        "מצטרפים ועוזבים",
        "المنضمون والمغادرون",
        "Starters and leavers",
        "Starters(P) = join date in P; Leavers(P) = leave date in P; net = Starters − Leavers; leaving reasons of the leavers",
        [
            "מתאריכי ההצטרפות והעזיבה במאגר.",
            "من تواريخ الانضمام والمغادرة في السجل.",
            "From the registry's join and leave dates.",
        ],
        [
            "SSAFA; סיבות העברה לארכיון ב־Better Impact; רווחים/הפסדים ב־VSys",
            "SSAFA؛ أسباب الأرشفة في Better Impact؛ المكاسب/الخسائر في VSys",
            "SSAFA; Better Impact archive reasons; VSys gains/losses",
        ],
        Computed,
        "indicators.retentionSeries[].starters, leavers, netChange; indicators.leavingReasons",
    ),
    def(
        "R9",
        "נוכחות ואי-הגעה",
        "الحضور وعدم الحضور",
        "Attendance and no-show",
        "attendance = attended ÷ (slotsFilled − excused); no-show = noShows ÷ (attended + noShows); excused is excluded",
        [
            "נדרשים attended, noShows (ו־excused) בקובץ ההזדמנויות.",
            "يتطلب attended و noShows (و excused) في ملف الفرص.",
            "Needs attended, noShows (and excused) in the opportunities file.",
        ],
        [
            "Salesforce AttendanceRate; POINT",
            "Salesforce AttendanceRate؛ POINT",
            "Salesforce AttendanceRate; POINT",
        ],
        Computed,
        "indicators.operations.attendance, noShow",
    ),
    def(
        "R10",
        "משפך גיוס וזמן לשיבוץ ראשון",
        "مسار التجنيد والوقت حتى أول نشاط",
        "Funnel conversion and time to first placement",
        "registered → approved → 1st session → 2nd session → active ≥ funnelActiveDays after the 1st; conv_k = N_{k+1} ÷ N_k; time to first placement = median(first session − application date)",
        [
            "תאריך הבקשה: applicationDate, ובהיעדרו joinDate. מאושר: יש approvalDate, או מפגש כלשהו.",
            "تاريخ الطلب: applicationDate، وإلا joinDate. معتمد: إذا وُجد approvalDate أو أي جلسة.",
            "Application date: applicationDate, else joinDate. Approved: approvalDate given, or any session.",
        ],
        [
            "Track It Forward; סטטוסים ב־Better Impact; HubVentures #12",
            "Track It Forward؛ الحالات في Better Impact؛ HubVentures #12",
            "Track It Forward; Better Impact statuses; HubVentures #12",
        ],
        Computed,
        "indicators.funnel",
    ),
    def(
        "D1",
        "הרכב המתנדבים",
        "تركيبة المتطوعين",
        "Composition",
        "p_g = N_V,g ÷ N_V by age band, gender, population group, neighbourhood and department",
        [
            "\"מעדיף/ה לא לומר\" ו\"לא נמסר\" נשמרות כקטגוריות. מחלקות חופפות (אדם יכול להתנדב בכמה).",
            "«أفضّل عدم القول» و«غير مُعطى» تبقيان فئتين. الأقسام متداخلة (قد يتطوع الشخص في عدة أقسام).",
            "\"Prefer not to say\" and \"not supplied\" are kept as categories. Departments overlap (a person may serve several).",
        ],
        [
            "דוח הגיוון של SSAFA; פילוחי הלמ\"ס",
            "تقرير التنوع لدى SSAFA؛ تفصيلات دائرة الإحصاء المركزية",
            "SSAFA diversity report; CBS breakdowns",
        ],
        Computed,
        "indicators.diversity.dimensions[].categories[].share",
    ),
    def(
        "D2",
        "יחס ייצוג",
        "نسبة التمثيل",
        "Representation ratio",
        "RR_g = p_g ÷ (Pop_g ÷ Pop), p_g among volunteers whose value is supplied; CI = Wilson CI of p_g ÷ population share",
        [
            "מתחת ל־1: ייצוג חסר. חלק הקבוצה באוכלוסייה נלקח כמדויק.",
            "أقل من 1: تمثيل ناقص. تؤخذ حصة الفئة من السكان كقيمة دقيقة.",
            "Below 1: under-represented. The population share is taken as exact.",
        ],
        ["docsbay", "docsbay", "docsbay"],
        Computed,
        "indicators.diversity.dimensions[].categories[].representation",
    ),
    def(
        "D3",
        "שיעור התנדבות לפי קבוצה",
        "نسبة التطوع حسب الفئة",
        "Group-specific rate",
        "VR_g = N_V,g ÷ Pop_g for seniors, population groups and neighbourhoods",
        [
            "השוו לנתוני הלמ\"ס הארציים (24% יהודים, 5–6% ערבים, 16% בני 65+); ההגדרות שונות.",
            "قارنوا بالأرقام الوطنية لدائرة الإحصاء المركزية (24% يهود، 5–6% عرب، 16% من هم 65+)؛ التعريفات مختلفة.",
            "Compare with CBS national figures (24% Jews, 5–6% Arabs, 16% aged 65+); definitions differ.",
        ],
        [
            "הלמ\"ס 2018 ו־2020",
            "دائرة الإحصاء المركزية 2018 و2020",
            "CBS 2018 and 2020",
        ],
        Computed,
        "indicators.diversity.dimensions[].categories[].rate; indicators.seniors.rate",
    ),
    def(
        "D4",
        "מדד גיוון ורוחב תפקידים",
        "مؤشر التنوع واتساع الأدوار",
        "Diversity index and role breadth",
        "Blau = 1 − Σ_g p_g² over supplied categories; distinct roles and departments with ≥ 1 volunteer",
        [
            "הצעה שלנו, ללא עוגן חיצוני.",
            "اقتراحنا، دون مرجع خارجي.",
            "Our proposal, no external anchor.",
        ],
        [
            "— (עוגני המשימה §c D4)",
            "— (مرتكزات المهمة §c D4)",
            "— (mission anchors §c D4)",
        ],
        Computed,
        "indicators.diversity.dimensions[].blau, distinctRoles, distinctDepartments",
    ),
    def(
        "Q1",
        "שביעות רצון",
        "الرضا",
        "Satisfaction",
        "share answering 4 or 5 (fairly or very satisfied) on the 5-point item sat_1",
        [
            "פריטי סקר: sat_1 (1–5).",
            "بنود الاستبيان: sat_1 (1–5).",
            "Survey items: sat_1 (1–5).",
        ],
        [
            "NCVO Time Well Spent",
            "NCVO Time Well Spent",
            "NCVO Time Well Spent",
        ],
        Computed,
        "indicators.experience.satisfaction",
    ),
    def(
        "Q2",
        "פריטי עומס",
        "بنود العبء",
        "Burden items",
        "per item burden_k: share agreeing (4 or 5 on 5 points)",
        [
            "burden_1 דומה מדי לעבודה בשכר, burden_2 ציפיות לא סבירות, burden_3 לחץ רב מדי.",
            "burden_1 يشبه العمل المأجور أكثر من اللازم، burden_2 توقعات غير معقولة، burden_3 ضغط زائد.",
            "burden_1 too much like paid work, burden_2 unreasonable expectations, burden_3 too much stress.",
        ],
        [
            "NCVO Time Well Spent",
            "NCVO Time Well Spent",
            "NCVO Time Well Spent",
        ],
        Computed,
        "indicators.experience.burden",
    ),
    def(
        "Q3",
        "מדד שביעות רצון המתנדב (VSI)",
        "مؤشر رضا المتطوع",
        "Volunteer Satisfaction Index subscales",
        "scale score = mean of the subscale's items, complete answers only; Cronbach's α per subscale, warning below 0.7",
        [
            "פריטים vsi_support_k, vsi_efficacy_k, vsi_empowerment_k, vsi_integration_k. α מתחת ל־0.7: תת־הסולם אינו מהימן דיו כדי לקרוא אותו כציון אחד.",
            "البنود vsi_support_k و vsi_efficacy_k و vsi_empowerment_k و vsi_integration_k. α أقل من 0.7: المقياس الفرعي غير موثوق بما يكفي لقراءته درجةً واحدة.",
            "Items vsi_support_k, vsi_efficacy_k, vsi_empowerment_k, vsi_integration_k. α below 0.7: the subscale is not reliable enough to read as one score.",
        ],
        [
            "Galindo-Kuhn & Guzley",
            "Galindo-Kuhn & Guzley",
            "Galindo-Kuhn & Guzley",
        ],
        Computed,
        "indicators.experience.vsi",
    ),
    def(
        "Q4",
        "פונקציות ההתנדבות (VFI)",
        "وظائف التطوع",
        "Volunteer Functions Inventory",
        "function score = mean of its items on the 1–7 scale, complete answers only; α per function",
        [
            "פריטים vfi_values_k, vfi_understanding_k, vfi_social_k, vfi_career_k, vfi_protective_k, vfi_enhancement_k. α מתחת ל־0.7: הפונקציה אינה מהימנה דיה כדי לקרוא אותה כציון אחד.",
            "البنود vfi_values_k و vfi_understanding_k و vfi_social_k و vfi_career_k و vfi_protective_k و vfi_enhancement_k. α أقل من 0.7: الوظيفة غير موثوقة بما يكفي لقراءتها درجةً واحدة.",
            "Items vfi_values_k, vfi_understanding_k, vfi_social_k, vfi_career_k, vfi_protective_k, vfi_enhancement_k. α below 0.7: the function is not reliable enough to read as one score.",
        ],
        [
            "Clary et al. 1998",
            "Clary et al. 1998",
            "Clary et al. 1998",
        ],
        Computed,
        "indicators.experience.vfi",
    ),
    def(
        "Q5",
        "כוונה להמשיך או להמליץ",
        "نية الاستمرار أو التوصية",
        "Intent to continue or recommend",
        "share answering 4 or 5 on intent_1 (stay 12 months) and recommend_1",
        [
            "פריטי סקר בסולם של 5 נקודות.",
            "بنود استبيان على مقياس من 5 نقاط.",
            "Survey items on 5 points.",
        ],
        [
            "NCVO Time Well Spent (69% ימליצו)",
            "NCVO Time Well Spent (69% سيوصون)",
            "NCVO Time Well Spent (69% would recommend)",
        ],
        Computed,
        "indicators.experience.intent, recommend",
    ),
    def(
        "L1",
        "ציון בדידות UCLA-3",
        "درجة الوحدة UCLA-3",
        "UCLA-3 loneliness score",
        "U = Σ_{j=1..3} x_j with x ∈ {1, 2, 3} (3–9); lonely = 1[U ≥ 6]; per wave: mean, SD and lonely share with a Wilson 95% CI",
        [
            "סולם סינון, לא אבחנה; שיעור הבודדים תלוי בנקודת החתך (6). מהימנות, כלל התשובות החסרות והפירוט – בתצוגת הבדידות.",
            "مقياس فرز لا تشخيص؛ نسبة من يشعرون بالوحدة تتوقف على نقطة القطع (6). الموثوقية وقاعدة الإجابات الناقصة والتفاصيل في عرض الوحدة.",
            "A screening scale, not a diagnosis; the lonely share depends on the cut-off (6). Reliability, the missing-answer rule and details are in the loneliness view.",
        ],
        [
            "ONS; Hughes et al. 2004 (עוגני המשימה §c L1)",
            "ONS؛ Hughes et al. 2004 (مرتكزات المهمة §c L1)",
            "ONS; Hughes et al. 2004 (mission anchors §c L1)",
        ],
        Computed,
        "loneliness.instruments[instrument=ucla3].waves",
    ),
    def(
        "L2",
        "שכיחות בדידות בשאלה ישירה",
        "انتشار الوحدة بسؤال مباشر",
        "Direct-question prevalence",
        "share answering often/always (ONS), or often or sometimes (to compare with CBS: 29% of 65+ in 2018), with a Wilson 95% CI",
        [
            "השיעור תלוי בתשובות הנחשבות בדידות; השוו ללמ\"ס רק בנוסח השאלה של הלמ\"ס.",
            "النسبة تتوقف على الإجابات التي تُعدّ وحدة؛ قارنوا بدائرة الإحصاء المركزية فقط بصيغة سؤالها.",
            "The share depends on which answers count as lonely; compare with CBS only under the CBS wording.",
        ],
        [
            "ONS; הסקר החברתי של הלמ\"ס 2018",
            "ONS؛ المسح الاجتماعي لدائرة الإحصاء المركزية 2018",
            "ONS; CBS Social Survey 2018",
        ],
        Computed,
        "loneliness.instruments[instrument=directCbs4|directOns3].waves",
    ),
    def(
        "L3",
        "סולם דה יונג גירוולד (6 פריטים)",
        "مقياس دي يونغ جيرفلد (6 بنود)",
        "De Jong Gierveld 6-item scale",
        "items dichotomised (items 2, 3 and 5 reversed); DJG = Σ (0–6): 0–1 not lonely, 2–4 moderate, 5–6 severe; emotional and social subscales 0–3",
        [
            "הניקוד ונקודות החתך לפי המדריך; הפירוט בתצוגת הבדידות.",
            "التصحيح ونقاط القطع وفق الدليل؛ التفاصيل في عرض الوحدة.",
            "Scoring and cut-offs as in the manual; details in the loneliness view.",
        ],
        [
            "CBS הולנד; מדריך VU",
            "دائرة الإحصاء الهولندية؛ دليل VU",
            "CBS Netherlands; VU manual",
        ],
        Computed,
        "loneliness.instruments[instrument=djg6].waves",
    ),
    def(
        "L4",
        "כלי CEL",
        "أداة CEL",
        "CEL tool",
        "3 positive items on a 5-point scale; 0–4 per item, 0–12 in total, higher = lonelier (to verify against the CEL guide)",
        [
            "לא מחושב: הניקוד טרם אומת מול מדריך CEL. לא לסינון.",
            "لا يُحسب: لم يُتحقق من التصحيح مقابل دليل CEL. ليس للفرز.",
            "Not computed: the scoring is not yet verified against the CEL guide. Not for screening.",
        ],
        [
            "measure-wellbeing.org; מדריך CEL",
            "measure-wellbeing.org؛ دليل CEL",
            "measure-wellbeing.org; CEL guide",
        ],
        Elsewhere("not computed yet (CEL scoring to verify against the guide)"),
        "—",
    ),
    def(
        "L5",
        "שינוי אצל אותו אדם",
        "التغير لدى الشخص نفسه",
        "Within-person change",
        "Δ_i = post_i − pre_i; mean Δ with a 95% CI; paired t-test and Wilcoxon signed-rank; d_z, g_av, d_rm",
        [
            "רק אנשים שקושרו בשני הגלים; בלי קבוצת השוואה שינוי אינו הוכחה להשפעת התוכנית (רגרסיה לממוצע, עונות).",
            "فقط الأشخاص المربوطون في الموجتين؛ من دون مجموعة مقارنة لا يُعدّ التغير دليلًا على أثر البرنامج (الانحدار نحو المتوسط، المواسم).",
            "Only people linked across both waves; without a comparison group a change is no proof of the program's effect (regression to the mean, seasons).",
        ],
        [
            "Becker 1988; Morris 2008 (עוגני המשימה §c L5)",
            "Becker 1988؛ Morris 2008 (مرتكزات المهمة §c L5)",
            "Becker 1988; Morris 2008 (mission anchors §c L5)",
        ],
        Computed,
        "loneliness.change",
    ),
    def(
        "L6",
        "גודל אפקט מול קבוצת השוואה",
        "حجم الأثر مقارنةً بمجموعة المقارنة",
        "Effect size against a comparison group",
        "d_ppc2 = [(M_post,T − M_pre,T) − (M_post,C − M_pre,C)] ÷ SD_pre,pooled × c(n_T + n_C − 2)",
        [
            "נדרשת קבוצת השוואה שנסקרה באותם גלים; הקבוצות לא הוקצו באקראי, לכן זו הערכה ולא הוכחה.",
            "يتطلب مجموعة مقارنة شملها المسح في الموجات نفسها؛ المجموعتان غير معيّنتين عشوائيًا، لذا هذا تقدير لا برهان.",
            "Needs a comparison group surveyed at the same waves; the groups are not randomised, so read it as an estimate, not proof.",
        ],
        ["Morris 2008", "Morris 2008", "Morris 2008"],
        Computed,
        "loneliness.comparison.dPpc2",
    ),
    def(
        "L7",
        "שינוי בשיעור הבודדים",
        "التغير في نسبة من يشعرون بالوحدة",
        "Change in lonely prevalence",
        "p_post − p_pre on the paired lonely flag; McNemar χ² = (|b − c| − 1)² ÷ (b + c), exact binomial p when b + c is small",
        [
            "רק לכלים עם נקודת חתך, ורק לזוגות מקושרים.",
            "فقط للأدوات التي لها نقطة قطع، وللأزواج المربوطة فقط.",
            "Only for instruments with a cut-off, on linked pairs only.",
        ],
        [
            "McNemar 1947 (מבחן סטנדרטי)",
            "McNemar 1947 (اختبار معياري)",
            "McNemar 1947 (standard test)",
        ],
        Computed,
        "loneliness.change.lonely",
    ),
    def(
        "L8",
        "מינון–תגובה",
        "الجرعة والاستجابة",
        "Dose–response",
        "change by volunteering dose band: < 1, 1–2, ≥ 2 h/week; share still volunteering ≥ 2 h/week at follow-up",
        [
            "המינון נלקח מיומן השעות של האנשים המקושרים; רצועות של פחות מ־K אנשים מוסתרות.",
            "الجرعة مأخوذة من سجل ساعات الأشخاص المربوطين؛ تُحجب الفئات التي تضم أقل من K أشخاص.",
            "The dose comes from the hours log of the linked people; bands of fewer than K people are withheld.",
        ],
        ["HEAL-HOA", "HEAL-HOA", "HEAL-HOA"],
        Computed,
        "loneliness.dose",
    ),
    def(
        "L9",
        "ותיקים בתפקידים משמעותיים ויחידות מילואים",
        "كبار السن في أدوار هادفة ووحدات الاحتياط",
        "Seniors in meaningful roles and reserve-unit coverage",
        "senior rate VR_65 = N_V,65+ ÷ Pop_65+; meaningful = seniors with ≥ x h/month in a defined role; coverage = departments with ≥ 1 active senior ÷ municipal departments",
        [
            "x = meaningfulHoursPerMonth; הגיל בשנת הייחוס לפי מאגר המתנדבים.",
            "x = meaningfulHoursPerMonth؛ العمر في سنة المرجع من سجل المتطوعين.",
            "x = meaningfulHoursPerMonth; age in the as-of year from the registry.",
        ],
        [
            "תקציר תוכנית מתחברים (נוסח היעד)",
            "موجز برنامج «متحبريم» (نص الهدف)",
            "Mitchabrim (מתחברים) program brief (goal text)",
        ],
        Computed,
        "indicators.seniors",
    ),
];

/// A program goal and the indicators that serve it.
#[derive(Debug, Clone, Copy)]
pub struct GoalDef {
    /// Stable id, e.g. `mahar.moreVolunteers`.
    pub id: &'static str,
    /// The program: `mahar` (מה"ר) or `mitchabrim` (מתחברים).
    pub program: &'static str,
    /// Name in Hebrew.
    pub he: &'static str,
    /// Name in Arabic.
    pub ar: &'static str,
    /// Name in English.
    pub en: &'static str,
    /// Indicator ids, in display order (L1–L8 are computed by the loneliness section).
    pub indicators: &'static [&'static str],
}

/// The program goals (mission anchors §c, "Mapping the program goals to indicators").
pub const GOALS: &[GoalDef] = &[
    GoalDef {
        id: "mahar.policy",
        program: "mahar",
        he: "מדיניות התנדבות עירונית",
        ar: "سياسة التطوع البلدية",
        en: "Municipal volunteering policy",
        indicators: &["L9"],
    },
    GoalDef {
        id: "mahar.opportunities",
        program: "mahar",
        he: "יותר הזדמנויות ומגוונות יותר",
        ar: "فرص أكثر وأكثر تنوعا",
        en: "More and more diverse opportunities",
        indicators: &["D4", "V13", "V12"],
    },
    GoalDef {
        id: "mahar.moreVolunteers",
        program: "mahar",
        he: "יותר מתנדבים",
        ar: "متطوعون أكثر",
        en: "More volunteers",
        indicators: &[
            "V1", "V2", "V3", "V4", "V5", "V6", "V7", "V8", "V9", "V10", "V11", "R1", "R2", "R3",
            "R4", "R5", "R6", "R7", "R8", "R9", "R10",
        ],
    },
    GoalDef {
        id: "mahar.diverseAudiences",
        program: "mahar",
        he: "קהלים מגוונים יותר",
        ar: "جماهير أكثر تنوعا",
        en: "More diverse audiences",
        indicators: &["D1", "D2", "D3", "D4"],
    },
    GoalDef {
        id: "mahar.quality",
        program: "mahar",
        he: "איכות חוויית ההתנדבות",
        ar: "جودة تجربة التطوع",
        en: "Quality of the experience",
        indicators: &["Q1", "Q2", "Q3", "Q4", "Q5"],
    },
    GoalDef {
        id: "mitchabrim.reduceLoneliness",
        program: "mitchabrim",
        he: "צמצום בדידות",
        ar: "الحد من الوحدة",
        en: "Reduce loneliness",
        indicators: &["L1", "L2", "L3", "L4", "L5", "L6", "L7", "L8"],
    },
    GoalDef {
        id: "mitchabrim.seniorsMeaningfulRoles",
        program: "mitchabrim",
        he: "יותר ותיקים בתפקידים משמעותיים",
        ar: "المزيد من كبار السن في أدوار هادفة",
        en: "More seniors in meaningful roles",
        indicators: &["L9", "V2", "D3", "V5", "R3", "R4", "R5", "R6"],
    },
];

/// The catalogue entry of `id`.
pub fn indicator(id: &str) -> Option<&'static IndicatorDef> {
    INDICATORS.iter().find(|d| d.id == id)
}

/// An indicator definition as published in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct IndicatorDefinition {
    /// Stable id.
    pub id: String,
    /// Names: Hebrew, Arabic, English.
    pub name: LocalizedName,
    /// The formula.
    pub formula: String,
    /// Caveats in Hebrew, Arabic and English.
    pub caveats: LocalizedName,
    /// Source in Hebrew, Arabic and English.
    pub source: LocalizedName,
    /// `null` when computed here, else the module that computes it.
    pub computed_by: Option<String>,
    /// Where the report carries it (JSON paths).
    pub reported_in: String,
}

/// A name or text in the three report languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
pub struct LocalizedName {
    /// Hebrew.
    pub he: String,
    /// Arabic.
    pub ar: String,
    /// English.
    pub en: String,
}

impl LocalizedName {
    /// From `[he, ar, en]`.
    pub fn of([he, ar, en]: [&str; 3]) -> Self {
        LocalizedName {
            he: he.to_owned(),
            ar: ar.to_owned(),
            en: en.to_owned(),
        }
    }
}

impl From<&IndicatorDef> for IndicatorDefinition {
    fn from(d: &IndicatorDef) -> Self {
        IndicatorDefinition {
            id: d.id.to_owned(),
            name: LocalizedName {
                he: d.he.to_owned(),
                ar: d.ar.to_owned(),
                en: d.en.to_owned(),
            },
            formula: d.formula.to_owned(),
            caveats: LocalizedName::of(d.caveats),
            source: LocalizedName::of(d.source),
            computed_by: match d.availability {
                Computed => None,
                Elsewhere(m) => Some(m.to_owned()),
            },
            reported_in: d.reported_in.to_owned(),
        }
    }
}

/// A program goal as published in the report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct GoalSection {
    /// Stable id.
    pub id: String,
    /// `mahar` or `mitchabrim`.
    pub program: String,
    /// Names.
    pub name: LocalizedName,
    /// Indicator ids under this goal.
    pub indicators: Vec<String>,
}

impl From<&GoalDef> for GoalSection {
    fn from(g: &GoalDef) -> Self {
        GoalSection {
            id: g.id.to_owned(),
            program: g.program.to_owned(),
            name: LocalizedName {
                he: g.he.to_owned(),
                ar: g.ar.to_owned(),
                en: g.en.to_owned(),
            },
            indicators: g.indicators.iter().map(|s| (*s).to_owned()).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_goals_name_known_indicators() {
        for (i, a) in INDICATORS.iter().enumerate() {
            assert!(INDICATORS[i + 1..].iter().all(|b| b.id != a.id), "{}", a.id);
        }
        for g in GOALS {
            for id in g.indicators {
                assert!(indicator(id).is_some(), "{} names {id}", g.id);
            }
        }
    }
}
