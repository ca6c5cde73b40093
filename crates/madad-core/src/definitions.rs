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
pub const DEFINITIONS_VERSION: &str = "1.0.0";

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
    /// What to keep in mind when reading it.
    pub caveats: &'static str,
    /// Where the definition comes from.
    pub source: &'static str,
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
    caveats: &'static str,
    source: &'static str,
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
        "Sub-totals do not add up: Σ_u N_V,u ≥ N_V because one person may serve several units. Never sum them.",
        "ILOSTAT volunteer-work definition; Volgistics; VSys (mission anchors §c V1)",
        Computed,
        "indicators.volume.volunteers, byDepartment, byOrganisation, byRole; indicators.volumeSeries[].volunteers",
    ),
    def(
        "V2",
        "שיעור התנדבות באוכלוסייה",
        "نسبة التطوع من السكان",
        "Volunteer rate",
        "VR = N_V,adult ÷ Pop_adult; VR_g = N_V,g ÷ Pop_g for each population group, with a Wilson 95% CI",
        "Volunteers of unknown age count as adults. The adult age follows adultMinAge; CBS uses 20+, the ILO 15+. Labels must match the population table exactly. Volunteers are assumed to be residents.",
        "CBS Social Survey 2018; ILO (mission anchors §c V2)",
        Computed,
        "indicators.diversity.volunteerRate, previousVolunteerRate, volunteerRateChange; dimensions[].categories[].rate",
    ),
    def(
        "V3",
        "שעות התנדבות",
        "ساعات التطوع",
        "Hours",
        "H = Σ_i h_i(P); volunteering and training hours reported apart",
        "Only counted statuses. Training hours are added to H only when countTrainingHours is set.",
        "Deedmob Impact Hours; all VMS (mission anchors §c V3)",
        Computed,
        "indicators.volume.hours, trainingHours; indicators.volumeSeries[].hours",
    ),
    def(
        "V4",
        "שעות למתנדב",
        "ساعات لكل متطوع",
        "Hours per volunteer",
        "mean = H ÷ N_V; median and P90 of h_i (P90: linear interpolation between order statistics, type 7)",
        "The distribution is skewed: read the median and P90 beside the mean.",
        "VRMS #42 (mission anchors §c V4)",
        Computed,
        "indicators.volume.meanHours, medianHours, p90Hours",
    ),
    def(
        "V5",
        "רצועות היקף חודשי (בהשוואה ללמ\"ס)",
        "فئات الساعات الشهرية (مقارنة بدائرة الإحصاء)",
        "Monthly intensity bands (CBS-comparable)",
        "Over the last 12 complete months: one-time = exactly one session; irregular = CV of the 12 monthly hour totals > irregularCv; else up to 9 h (mean monthly hours < 10) or 10+ h",
        "CBS bands are self-reported; ours come from logged hours, so compare shapes, not exact shares.",
        "CBS Social Survey 2018 (40% up to 9 h, 36% 10+ h, 18% irregular, 5% once a year)",
        Computed,
        "indicators.intensity.oneTime, irregular, upTo9Hours, tenPlusHours; indicators.seniors.intensity",
    ),
    def(
        "V6",
        "מתנדבים קבועים",
        "متطوعون منتظمون",
        "Regular volunteers",
        "share of volunteers of the last 12 complete months active in ≥ regularMinMonths of them",
        "Default 12 of 12 = at least once a month (UK CLS definition).",
        "UK Community Life Survey (mission anchors §c V6)",
        Computed,
        "indicators.intensity.regular",
    ),
    def(
        "V7",
        "מפגשי התנדבות",
        "جلسات التطوع",
        "Contributions and session length",
        "C_i = distinct dated sessions of volunteer i (one per day); mean session length = H ÷ Σ C_i",
        "Two activities of one volunteer on one day are one session.",
        "Bloomerang Volunteer (mission anchors §c V7)",
        Computed,
        "indicators.volume.sessions, meanSessionHours",
    ),
    def(
        "V8",
        "ספירת צוותים ואנונימיים",
        "عدد الفرق والمجهولين",
        "Team and anonymous headcount",
        "team-size and anonymous entries counted as people, kept out of identified-volunteer metrics",
        "Needs a party-size column and anonymous rows in the activity log, which the schema does not read yet.",
        "VSys count w/team; VolunteerHub party size; Galaxy anonymous hours",
        Elsewhere("activity-log schema (party size, anonymous rows)"),
        "—",
    ),
    def(
        "V9",
        "משרות מלאות (FTE)",
        "وظائف بدوام كامل",
        "Full-time equivalents",
        "FTE_p = H_p ÷ (H_FT × months(p) ÷ 12) per period",
        "H_FT defaults to 2,184 h (42 h/week × 52; check the statutory week); VSys uses 2,000.",
        "VSys (mission anchors §c V9)",
        Computed,
        "indicators.volume.fte; indicators.volumeSeries[].fte",
    ),
    def(
        "V10",
        "שווי כלכלי (טווח)",
        "القيمة الاقتصادية (مدى)",
        "Economic value (interval)",
        "[H × w_low × (1 + f), H × w_high × (1 + f)]",
        "Only when the host gives a wage basis; the basis label is printed with the value.",
        "ILO replacement cost; Independent Sector; Dostál & Vyskočil",
        Computed,
        "indicators.volume.economicValue",
    ),
    def(
        "V11",
        "תשואה על ההשקעה בהתנדבות (ROVI)",
        "العائد على الاستثمار في التطوع",
        "Return on volunteer investment (ROVI)",
        "ROVI = Value ÷ program cost, as an interval from V10",
        "Only when a program cost is given.",
        "Leighty Foundation / Verified Volunteers",
        Computed,
        "indicators.volume.rovi",
    ),
    def(
        "V12",
        "תפוקות לשעה",
        "مخرجات لكل ساعة",
        "Outputs per hour",
        "for each output type o: O_o ÷ H_o, also per 10 hours; from the opportunities file",
        "Needs outputType, outputs and hoursFilled in the opportunities file.",
        "Better Impact outputs; VSys account records",
        Computed,
        "indicators.operations.outputsPerHour",
    ),
    def(
        "V13",
        "כיסוי צרכים ומילוי משבצות",
        "تغطية الاحتياجات وملء الأماكن",
        "Slot fill and need coverage",
        "slot fill = Σ min(filled, needed) ÷ Σ needed; hours coverage = Σ hoursFilled ÷ Σ hoursNeeded",
        "Slots are places, not people; one person may fill several.",
        "docsbay; Salesforce; ChurchCRM",
        Computed,
        "indicators.operations.slotFill, hoursCoverage",
    ),
    def(
        "R1",
        "כלל מתנדב פעיל",
        "قاعدة المتطوع النشط",
        "Active volunteer (rule)",
        "active_i(t) = 1[last counted activity in (t − T months, t]] (and Σ h_i in that window ≥ x when set)",
        "t is the host's as-of date, never the clock; without one, the last counted activity date.",
        "Bloomerang Volunteer; fgdb.rb",
        Computed,
        "indicators.active.active",
    ),
    def(
        "R2",
        "שיעור מעורבות",
        "نسبة الانخراط",
        "Engagement rate",
        "active ÷ enrolled; enrolled = registry entries not left by t",
        "Needs a volunteer registry.",
        "docsbay",
        Computed,
        "indicators.active.engagement",
    ),
    def(
        "R3",
        "שימור ונשירה בין תקופות",
        "الاستبقاء والتسرب بين الفترات",
        "Period retention and churn",
        "RR(t) = |V(t−1) ∩ V(t)| ÷ |V(t−1)|; churn = 1 − RR (we use this formula, not (N_end − N_new) ÷ N_start)",
        "Compare within the organisation; benchmarks depend on context. The change between consecutive rates has a Newcombe CI.",
        "Candid; volunteero; costcalculator (mission anchors §c R3)",
        Computed,
        "indicators.retentionSeries[].retention, churn, retentionChange; indicators.seniors.retention",
    ),
    def(
        "R4",
        "חדשים, נשארים, חוזרים ונושרים",
        "جدد ومستمرون وعائدون ومنقطعون",
        "Lifecycle segments",
        "New = in V(t), never before; Retained = V(t) ∩ V(t−1); Reactivated = in V(t), not V(t−1), active before; Lapsed = V(t−1) \\ V(t); |V(t)| = New + Retained + Reactivated",
        "Before the first period with data every volunteer is New.",
        "NationBuilder definitions, adapted",
        Computed,
        "indicators.retentionSeries[].new, retained, reactivated, lapsed",
    ),
    def(
        "R5",
        "שימור לפי מחזור הצטרפות",
        "الاستبقاء حسب دفعة الانضمام",
        "Cohort retention",
        "r_c(k) = |{i ∈ c : active in month c + k}| ÷ |c|, eligible cohorts only",
        "Computed in the trends section; monthly cohorts; cohorts of fewer than K volunteers are withheld; only months complete at the as-of date are shown.",
        "cohort-retention pattern (mission anchors §c R5)",
        Computed,
        "trends.retention.cohorts",
    ),
    def(
        "R6",
        "ותק והישרדות (קפלן–מאייר)",
        "الأقدمية والبقاء (كابلان–ماير)",
        "Tenure and survival (Kaplan–Meier)",
        "tenure_i = last − first activity; Kaplan–Meier with right-censoring for active volunteers",
        "Computed in the trends section; a volunteer is censored when active (R1 window) at the as-of date; the curve is published only where at least K are at risk.",
        "VSys Tenure; Salesforce first/last dates",
        Computed,
        "trends.retention.overall, seniors, byDepartment, byCohortYear",
    ),
    def(
        "R7",
        "שימור לפי התחייבות",
        "الاستبقاء حسب الالتزام",
        "Commitment-based retention",
        "share of volunteers whose commitment ended by t whose last counted activity is on or after the commitment end",
        "Needs commitmentEnd in the registry.",
        "Energize (Ellis & Jackson)",
        Computed,
        "indicators.commitmentRetention",
    ),
    def(
        "R8",
        "מצטרפים ועוזבים",
        "المنضمون والمغادرون",
        "Starters and leavers",
        "Starters(P) = join date in P; Leavers(P) = leave date in P; net = Starters − Leavers; leaving reasons of the leavers",
        "From the registry's join and leave dates.",
        "SSAFA; Better Impact archive reasons; VSys gains/losses",
        Computed,
        "indicators.retentionSeries[].starters, leavers, netChange; indicators.leavingReasons",
    ),
    def(
        "R9",
        "נוכחות ואי-הגעה",
        "الحضور وعدم الحضور",
        "Attendance and no-show",
        "attendance = attended ÷ (slotsFilled − excused); no-show = noShows ÷ (attended + noShows); excused is excluded",
        "Needs attended, noShows (and excused) in the opportunities file.",
        "Salesforce AttendanceRate; POINT",
        Computed,
        "indicators.operations.attendance, noShow",
    ),
    def(
        "R10",
        "משפך גיוס וזמן לשיבוץ ראשון",
        "مسار التجنيد والوقت حتى أول نشاط",
        "Funnel conversion and time to first placement",
        "registered → approved → 1st session → 2nd session → active ≥ funnelActiveDays after the 1st; conv_k = N_{k+1} ÷ N_k; time to first placement = median(first session − application date)",
        "Application date: applicationDate, else joinDate. Approved: approvalDate given, or any session.",
        "Track It Forward; Better Impact statuses; HubVentures #12",
        Computed,
        "indicators.funnel",
    ),
    def(
        "D1",
        "הרכב המתנדבים",
        "تركيبة المتطوعين",
        "Composition",
        "p_g = N_V,g ÷ N_V by age band, gender, population group, neighbourhood and department",
        "\"Prefer not to say\" and \"not supplied\" are kept as categories. Departments overlap (a person may serve several).",
        "SSAFA diversity report; CBS breakdowns",
        Computed,
        "indicators.diversity.dimensions[].categories[].share",
    ),
    def(
        "D2",
        "יחס ייצוג",
        "نسبة التمثيل",
        "Representation ratio",
        "RR_g = p_g ÷ (Pop_g ÷ Pop), p_g among volunteers whose value is supplied; CI = Wilson CI of p_g ÷ population share",
        "Below 1: under-represented. The population share is taken as exact.",
        "docsbay",
        Computed,
        "indicators.diversity.dimensions[].categories[].representation",
    ),
    def(
        "D3",
        "שיעור התנדבות לפי קבוצה",
        "نسبة التطوع حسب الفئة",
        "Group-specific rate",
        "VR_g = N_V,g ÷ Pop_g for seniors, population groups and neighbourhoods",
        "Compare with CBS national figures (24% Jews, 5–6% Arabs, 16% aged 65+); definitions differ.",
        "CBS 2018 and 2020",
        Computed,
        "indicators.diversity.dimensions[].categories[].rate; indicators.seniors.rate",
    ),
    def(
        "D4",
        "מדד גיוון ורוחב תפקידים",
        "مؤشر التنوع واتساع الأدوار",
        "Diversity index and role breadth",
        "Blau = 1 − Σ_g p_g² over supplied categories; distinct roles and departments with ≥ 1 volunteer",
        "Our proposal, no external anchor.",
        "— (mission anchors §c D4)",
        Computed,
        "indicators.diversity.dimensions[].blau, distinctRoles, distinctDepartments",
    ),
    def(
        "Q1",
        "שביעות רצון",
        "الرضا",
        "Satisfaction",
        "share answering 4 or 5 (fairly or very satisfied) on the 5-point item sat_1",
        "Survey items: sat_1 (1–5).",
        "NCVO Time Well Spent",
        Computed,
        "indicators.experience.satisfaction",
    ),
    def(
        "Q2",
        "פריטי עומס",
        "بنود العبء",
        "Burden items",
        "per item burden_k: share agreeing (4 or 5 on 5 points)",
        "burden_1 too much like paid work, burden_2 unreasonable expectations, burden_3 too much stress.",
        "NCVO Time Well Spent",
        Computed,
        "indicators.experience.burden",
    ),
    def(
        "Q3",
        "מדד שביעות רצון המתנדב (VSI)",
        "مؤشر رضا المتطوع",
        "Volunteer Satisfaction Index subscales",
        "scale score = mean of the subscale's items, complete answers only; Cronbach's α per subscale, warning below 0.7",
        "Items vsi_support_k, vsi_efficacy_k, vsi_empowerment_k, vsi_integration_k. α is wired from the reliability module.",
        "Galindo-Kuhn & Guzley",
        Computed,
        "indicators.experience.vsi",
    ),
    def(
        "Q4",
        "פונקציות ההתנדבות (VFI)",
        "وظائف التطوع",
        "Volunteer Functions Inventory",
        "function score = mean of its items on the 1–7 scale, complete answers only; α per function",
        "Items vfi_values_k, vfi_understanding_k, vfi_social_k, vfi_career_k, vfi_protective_k, vfi_enhancement_k.",
        "Clary et al. 1998",
        Computed,
        "indicators.experience.vfi",
    ),
    def(
        "Q5",
        "כוונה להמשיך או להמליץ",
        "نية الاستمرار أو التوصية",
        "Intent to continue or recommend",
        "share answering 4 or 5 on intent_1 (stay 12 months) and recommend_1",
        "Survey items on 5 points.",
        "NCVO Time Well Spent (69% would recommend)",
        Computed,
        "indicators.experience.intent, recommend",
    ),
    def(
        "L9",
        "ותיקים בתפקידים משמעותיים ויחידות מילואים",
        "كبار السن في أدوار هادفة ووحدات الاحتياط",
        "Seniors in meaningful roles and reserve-unit coverage",
        "senior rate VR_65 = N_V,65+ ÷ Pop_65+; meaningful = seniors with ≥ x h/month in a defined role; coverage = departments with ≥ 1 active senior ÷ municipal departments",
        "x = meaningfulHoursPerMonth; age in the as-of year from the registry.",
        "מתחברים program brief (goal text)",
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
    /// Indicator ids, in display order (L1–L8 are the loneliness module's).
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
    /// Caveats.
    pub caveats: String,
    /// Source.
    pub source: String,
    /// `null` when computed here, else the module that computes it.
    pub computed_by: Option<String>,
    /// Where the report carries it (JSON paths).
    pub reported_in: String,
}

/// A name in the three report languages.
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
            caveats: d.caveats.to_owned(),
            source: d.source.to_owned(),
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
                assert!(
                    indicator(id).is_some() || id.starts_with('L'),
                    "{} names {id}",
                    g.id
                );
            }
        }
    }
}
