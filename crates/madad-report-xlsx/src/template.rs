//! The blank data template: a workbook a coordinator fills in when starting from scratch, one
//! sheet per file role Madad reads (activity log, volunteer registry, loneliness survey,
//! population, opportunities), plus an instructions sheet and an editable lists sheet
//! (ecosystem anchors §6.2, points 1 and 6).
//!
//! Every header is a name the core's column mapper recognises in the chosen language: taken
//! from the core's synonym lists ([`madad_core::schema::fields::header_in`]), never from a list
//! of its own. The status, wave, group and yes/no drop-downs use the core's own words
//! ([`status_label`], [`wave_label`], [`group_label`], [`yes_no_labels`]); the survey items'
//! whole-number range is the instrument's ([`InstrumentId::Ucla3`]'s option codes). Dates are
//! validated as dates and shown as dd/mm/yyyy; hours as a decimal 0–24.
//!
//! No personal data: no rows at all, no author, no file name; the document date is fixed (no
//! clock), so the same language always gives the same bytes.

use madad_core::export::metadata::DocumentMetadata;
use madad_core::ingest::ledger::FileRole;
use madad_core::loneliness::apa::Lang;
use madad_core::loneliness::instruments::InstrumentId;
use madad_core::schema::coerce::{Status, status_label};
use madad_core::schema::fields::{header_in, required};
use madad_core::schema::survey::{Group, Wave, group_label, wave_label, yes_no_labels};
use rust_xlsxwriter::{
    DataValidation, DataValidationRule, DocProperties, ExcelDateTime, Format, FormatAlign,
    FormatBorder, Formula, Workbook, Worksheet, XlsxError,
};

/// Data rows that carry the validation rules (below the header).
pub const TEMPLATE_ROWS: u32 = 1000;

/// Rows of the editable department list on the lists sheet (below its header).
const LIST_ROWS: u32 = 30;

/// How a column's cells are checked.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Check {
    /// Free text.
    Text,
    /// A date (dd/mm/yyyy).
    Date,
    /// A decimal number in `[lo, hi]`.
    Decimal(f64, f64),
    /// A whole number in `[lo, hi]`.
    Whole(i32, i32),
    /// One of the core's status words.
    Status,
    /// One of the departments on the lists sheet.
    Department,
    /// One of the core's wave words.
    Wave,
    /// One of the core's study-group words.
    Group,
    /// Yes or no, in the core's words.
    YesNo,
}

/// A template column: the core field and its check.
struct Column {
    field: &'static str,
    check: Check,
}

const fn col(field: &'static str, check: Check) -> Column {
    Column { field, check }
}

/// The template's sheets: a role and the fields it lays out (a subset of the role's fields:
/// no birth date, identity number or free-text fields that invite personal data).
fn layout() -> Vec<(FileRole, Vec<Column>)> {
    let (lo, hi) = InstrumentId::Ucla3.definition().code_range();
    let item = Check::Whole(i32::from(lo), i32::from(hi));
    vec![
        (
            FileRole::ActivityLog,
            vec![
                col("volunteerId", Check::Text),
                col("date", Check::Date),
                col("hours", Check::Decimal(0.0, 24.0)),
                col("status", Check::Status),
                col("department", Check::Department),
                col("organisation", Check::Text),
                col("role", Check::Text),
            ],
        ),
        (
            FileRole::Registry,
            vec![
                col("volunteerId", Check::Text),
                col("birthYear", Check::Whole(1900, 2100)),
                col("gender", Check::Text),
                col("populationGroup", Check::Text),
                col("neighbourhood", Check::Text),
                col("departments", Check::Text),
                col("joinDate", Check::Date),
                col("leaveDate", Check::Date),
            ],
        ),
        (
            FileRole::Survey,
            vec![
                col("personId", Check::Text),
                col("wave", Check::Wave),
                col("date", Check::Date),
                col("group", Check::Group),
                col("municipality", Check::Text),
                col("livesAlone", Check::YesNo),
                col("ucla1", item),
                col("ucla2", item),
                col("ucla3", item),
            ],
        ),
        (
            FileRole::Population,
            vec![
                col("neighbourhood", Check::Text),
                col("ageBand", Check::Text),
                col("gender", Check::Text),
                col("populationGroup", Check::Text),
                col("residents", Check::Whole(0, 10_000_000)),
            ],
        ),
        (
            FileRole::Opportunities,
            vec![
                col("opportunity", Check::Text),
                col("department", Check::Department),
                col("organisation", Check::Text),
                col("slotsNeeded", Check::Whole(0, 100_000)),
                col("slotsFilled", Check::Whole(0, 100_000)),
                col("hoursNeeded", Check::Decimal(0.0, 1_000_000.0)),
                col("startDate", Check::Date),
                col("endDate", Check::Date),
            ],
        ),
    ]
}

/// `[he, ar, en]` of a word of the template's frame.
fn words(key: &str) -> [&'static str; 3] {
    match key {
        "title" => [
            "תבנית נתונים של מדד",
            "قالب بيانات مدد",
            "Madad data template",
        ],
        "sheet.instructions" => ["הוראות", "تعليمات", "Instructions"],
        "sheet.lists" => ["רשימות", "قوائم", "Lists"],
        "sheet.activityLog" => ["יומן שעות", "سجل الساعات", "Hours log"],
        "sheet.registry" => ["מאגר מתנדבים", "سجل المتطوعين", "Volunteer registry"],
        "sheet.survey" => ["סקר בדידות", "استطلاع الوحدة", "Loneliness survey"],
        "sheet.population" => ["אוכלוסייה", "السكان", "Population"],
        "sheet.opportunities" => ["הזדמנויות", "الفرص", "Opportunities"],
        "intro1" => [
            "כל גיליון הוא קובץ אחד. מלאו שורה לכל רשומה מתחת לשורת הכותרת, ואל תשנו את הכותרות: לפיהן מדד מזהה את העמודות.",
            "كل ورقة هي ملف واحد. املأوا صفًا لكل سجل تحت صف العناوين، ولا تغيّروا العناوين: بها يتعرّف مدد على الأعمدة.",
            "Each sheet is one file. Fill one row per record below the header row and keep the headers: Madad recognises the columns by them.",
        ],
        "intro2" => [
            "מדד קורא גיליון אחד מכל קובץ: שמרו כל גיליון שמילאתם כקובץ נפרד (XLSX או CSV UTF-8), או בחרו את הגיליון בעת ההעלאה.",
            "يقرأ مدد ورقة واحدة من كل ملف: احفظوا كل ورقة ملأتموها كملف منفصل (XLSX أو CSV UTF-8)، أو اختاروا الورقة عند الرفع.",
            "Madad reads one sheet per file: save each sheet you filled as its own file (XLSX or CSV UTF-8), or choose the sheet when uploading.",
        ],
        "intro3" => [
            "תאריכים בתבנית dd/mm/yyyy (יום/חודש/שנה), למשל 03/04/2025.",
            "التواريخ بصيغة dd/mm/yyyy (يوم/شهر/سنة)، مثلًا 03/04/2025.",
            "Dates as dd/mm/yyyy (day/month/year), e.g. 03/04/2025.",
        ],
        "intro4" => [
            "אל תרשמו מספרי תעודת זהות, שמות, טלפונים או כתובות. השתמשו בקוד מתנדב קבוע (שם בדוי) שזהה בכל הקבצים.",
            "لا تُدخلوا أرقام هوية أو أسماء أو هواتف أو عناوين. استخدموا رمز متطوع ثابتًا (اسمًا مستعارًا) يتطابق في كل الملفات.",
            "Leave out identity numbers, names, phone numbers and addresses. Use a fixed volunteer code (a pseudonym) that is the same in every file.",
        ],
        "intro5" => [
            "את רשימת המחלקות אפשר לערוך בגיליון \"רשימות\"; עמודות המחלקה מציעות את הערכים שבה.",
            "يمكن تعديل قائمة الأقسام في ورقة \"قوائم\"؛ أعمدة القسم تقترح قيمها.",
            "The department list can be edited on the \"Lists\" sheet; the department columns offer its values.",
        ],
        "h.sheet" => ["גיליון", "الورقة", "Sheet"],
        "h.column" => ["עמודה", "العمود", "Column"],
        "h.required" => ["חובה", "إلزامي", "Required"],
        "h.meaning" => ["משמעות", "المعنى", "Meaning"],
        "h.format" => ["ערכים", "القيم", "Values"],
        "yes" => ["כן", "نعم", "yes"],
        "no" => ["לא", "لا", "no"],
        "f.text" => ["טקסט", "نص", "text"],
        "f.date" => ["תאריך dd/mm/yyyy", "تاريخ dd/mm/yyyy", "date dd/mm/yyyy"],
        "f.list" => ["מתוך רשימה", "من قائمة", "from a list"],
        "f.number" => ["מספר", "رقم", "number"],
        "departments" => ["מחלקות", "الأقسام", "Departments"],
        "dept1" => ["רווחה", "الرفاه", "Welfare"],
        "dept2" => ["חינוך", "التربية", "Education"],
        "dept3" => ["קהילה", "المجتمع", "Community"],
        "dept4" => ["ותיקים", "كبار السن", "Seniors"],
        "dept5" => ["נוער", "الشباب", "Youth"],
        "invalid.title" => ["ערך לא תקין", "قيمة غير صالحة", "Invalid value"],
        "invalid.message" => [
            "הערך אינו בטווח או ברשימה של העמודה. ראו את גיליון ההוראות.",
            "القيمة خارج نطاق العمود أو قائمته. انظروا ورقة التعليمات.",
            "The value is outside the column's range or list. See the Instructions sheet.",
        ],
        _ => ["", "", ""],
    }
}

/// A column's meaning, `[he, ar, en]`.
fn meaning(field: &str) -> [&'static str; 3] {
    match field {
        "volunteerId" => [
            "קוד המתנדב (שם בדוי קבוע, לא ת\"ז)",
            "رمز المتطوع (اسم مستعار ثابت، ليس رقم الهوية)",
            "The volunteer's code (a fixed pseudonym, not an ID number)",
        ],
        "personId" => [
            "קוד המשיב (אותו קוד בכל גל; לא ת\"ז)",
            "رمز المستجيب (الرمز نفسه في كل موجة؛ ليس رقم الهوية)",
            "The respondent's code (the same in every wave; not an ID number)",
        ],
        "date" => [
            "תאריך הפעילות או המילוי",
            "تاريخ النشاط أو التعبئة",
            "Date of the activity or of the answers",
        ],
        "hours" => [
            "שעות התנדבות באותו יום (0–24, למשל 2.5)",
            "ساعات التطوع في ذلك اليوم (0–24، مثلًا 2.5)",
            "Hours volunteered that day (0–24, e.g. 2.5)",
        ],
        "status" => [
            "סטטוס אישור הדיווח",
            "حالة الموافقة على التقرير",
            "Approval status of the record",
        ],
        "department" | "departments" => [
            "המחלקה ברשות",
            "القسم في السلطة",
            "The municipal department",
        ],
        "organisation" => ["הארגון המפעיל", "المؤسسة المشغّلة", "The organisation"],
        "role" => ["סוג הפעילות", "نوع النشاط", "Type of activity"],
        "birthYear" => ["שנת לידה", "سنة الميلاد", "Year of birth"],
        "gender" => ["מגדר", "الجنس", "Gender"],
        "populationGroup" => ["מגזר", "الوسط", "Population group"],
        "neighbourhood" => ["שכונה", "الحي", "Neighbourhood"],
        "joinDate" => [
            "תאריך הצטרפות",
            "تاريخ الانضمام",
            "Date the volunteer joined",
        ],
        "leaveDate" => [
            "תאריך עזיבה (ריק אם עדיין פעיל)",
            "تاريخ المغادرة (فارغ إن كان لا يزال ناشطًا)",
            "Date the volunteer left (empty if still active)",
        ],
        "wave" => [
            "מועד המדידה: לפני, אחרי או מעקב",
            "موعد القياس: قبل أو بعد أو متابعة",
            "Measurement: before, after or follow-up",
        ],
        "group" => [
            "קבוצת התערבות או השוואה",
            "مجموعة التدخل أو المقارنة",
            "Intervention or comparison group",
        ],
        "municipality" => ["הרשות", "السلطة المحلية", "Municipality"],
        "livesAlone" => ["גר/ה לבד", "يعيش وحده", "Lives alone"],
        "ucla1" | "ucla2" | "ucla3" => [
            "פריט בסולם UCLA בן 3 הפריטים: 1 כמעט אף פעם, 2 לפעמים, 3 לעתים קרובות",
            "بند في مقياس UCLA ذي البنود الثلاثة: 1 نادرًا، 2 أحيانًا، 3 غالبًا",
            "Item of the UCLA 3-item scale: 1 hardly ever, 2 some of the time, 3 often",
        ],
        "ageBand" => [
            "קבוצת גיל (למשל 65-74)",
            "الفئة العمرية (مثلًا 65-74)",
            "Age band (e.g. 65-74)",
        ],
        "residents" => ["מספר התושבים", "عدد السكان", "Number of residents"],
        "opportunity" => ["שם ההזדמנות", "اسم الفرصة", "The opportunity's name"],
        "slotsNeeded" => ["מקומות נדרשים", "الأماكن المطلوبة", "Places needed"],
        "slotsFilled" => ["מקומות שאוישו", "الأماكن المشغولة", "Places filled"],
        "hoursNeeded" => ["שעות נדרשות", "الساعات المطلوبة", "Hours needed"],
        "startDate" => ["תאריך התחלה", "تاريخ البدء", "Start date"],
        "endDate" => ["תאריך סיום", "تاريخ الانتهاء", "End date"],
        _ => ["", "", ""],
    }
}

fn pick(lang: Lang, three: [&'static str; 3]) -> &'static str {
    match lang {
        Lang::He => three[0],
        Lang::Ar => three[1],
        Lang::En => three[2],
    }
}

fn w(lang: Lang, key: &str) -> &'static str {
    pick(lang, words(key))
}

fn role_key(role: FileRole) -> &'static str {
    match role {
        FileRole::ActivityLog => "sheet.activityLog",
        FileRole::Registry => "sheet.registry",
        FileRole::Survey => "sheet.survey",
        FileRole::Population => "sheet.population",
        FileRole::Opportunities => "sheet.opportunities",
    }
}

/// The header of `field` in `lang`: the core's synonym (survey items are named by the
/// pattern the core reads, `ucla1` … in every language).
fn header(role: FileRole, field: &str, lang: Lang) -> String {
    header_in(role, field, lang)
        .map(str::to_owned)
        .unwrap_or_else(|| field.to_owned())
}

/// Whether the role cannot be read without the column (the activity log needs hours or both
/// times; the template has the hours column).
fn is_required(role: FileRole, field: &str) -> bool {
    required(role).contains(&field) || (role == FileRole::ActivityLog && field == "hours")
}

/// The names of the template's sheets in `lang`, in order: instructions, the five roles, lists.
pub fn template_sheet_names(lang: Lang) -> Vec<&'static str> {
    let mut names = vec![w(lang, "sheet.instructions")];
    names.extend(layout().iter().map(|(role, _)| w(lang, role_key(*role))));
    names.push(w(lang, "sheet.lists"));
    names
}

/// The headers of each role's sheet in `lang` (what the template writes in row 1).
pub fn template_headers(lang: Lang) -> Vec<(FileRole, Vec<String>)> {
    layout()
        .into_iter()
        .map(|(role, cols)| {
            let headers = cols.iter().map(|c| header(role, c.field, lang)).collect();
            (role, headers)
        })
        .collect()
}

fn list_words(check: Check, lang: Lang) -> Vec<&'static str> {
    match check {
        Check::Status => [Status::Approved, Status::Pending, Status::Rejected]
            .iter()
            .filter_map(|s| status_label(*s, lang))
            .collect(),
        Check::Wave => [Wave::Pre, Wave::Post, Wave::FollowUp]
            .iter()
            .filter_map(|v| wave_label(*v, lang))
            .collect(),
        Check::Group => [Group::Intervention, Group::Comparison]
            .iter()
            .filter_map(|g| group_label(*g, lang))
            .collect(),
        Check::YesNo => yes_no_labels(lang)
            .map(|(y, n)| vec![y, n])
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

struct Formats {
    header: Format,
    required: Format,
    date: Format,
    wrap: Format,
    bold: Format,
}

fn validation(
    check: Check,
    lang: Lang,
    lists_sheet: &str,
) -> Result<Option<DataValidation>, XlsxError> {
    let v = DataValidation::new();
    let v = match check {
        Check::Text => return Ok(None),
        Check::Date => v.allow_date(DataValidationRule::Between(
            ExcelDateTime::from_ymd(1900, 1, 1)?,
            ExcelDateTime::from_ymd(2100, 12, 31)?,
        )),
        Check::Decimal(lo, hi) => v.allow_decimal_number(DataValidationRule::Between(lo, hi)),
        Check::Whole(lo, hi) => v.allow_whole_number(DataValidationRule::Between(lo, hi)),
        Check::Department => v.allow_list_formula(Formula::new(format!(
            "='{}'!$A$2:$A${}",
            lists_sheet.replace('\'', "''"),
            LIST_ROWS + 1
        ))),
        Check::Status | Check::Wave | Check::Group | Check::YesNo => {
            v.allow_list_strings(&list_words(check, lang))?
        }
    };
    Ok(Some(
        v.set_error_title(w(lang, "invalid.title"))?
            .set_error_message(w(lang, "invalid.message"))?,
    ))
}

fn format_words(check: Check, lang: Lang) -> String {
    match check {
        Check::Text => w(lang, "f.text").to_owned(),
        Check::Date => w(lang, "f.date").to_owned(),
        Check::Decimal(lo, hi) => format!("{} {lo}–{hi}", w(lang, "f.number")),
        Check::Whole(lo, hi) => format!("{} {lo}–{hi}", w(lang, "f.number")),
        Check::Department => format!("{} ({})", w(lang, "f.list"), w(lang, "sheet.lists")),
        _ => list_words(check, lang).join(" / "),
    }
}

fn role_sheet(
    ws: &mut Worksheet,
    role: FileRole,
    cols: &[Column],
    lang: Lang,
    fmt: &Formats,
    lists_sheet: &str,
) -> Result<(), XlsxError> {
    for (i, c) in cols.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        let head = header(role, c.field, lang);
        let f = if is_required(role, c.field) {
            &fmt.required
        } else {
            &fmt.header
        };
        ws.write_string_with_format(0, col, &head, f)?;
        let width = (head.chars().count() + 4).clamp(12, 28);
        ws.set_column_width(col, width as f64)?;
        if c.check == Check::Date {
            ws.set_column_format(col, &fmt.date)?;
        }
        if let Some(v) = validation(c.check, lang, lists_sheet)? {
            ws.add_data_validation(1, col, TEMPLATE_ROWS, col, &v)?;
        }
    }
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

fn instructions(
    ws: &mut Worksheet,
    lang: Lang,
    fmt: &Formats,
    title: &str,
) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, title, &fmt.bold)?;
    let mut row = 2;
    for key in ["intro1", "intro2", "intro3", "intro4", "intro5"] {
        ws.write_string(row, 0, w(lang, key))?;
        row += 1;
    }
    row += 1;
    for (i, key) in ["h.sheet", "h.column", "h.required", "h.meaning", "h.format"]
        .iter()
        .enumerate()
    {
        ws.write_string_with_format(row, i as u16, w(lang, key), &fmt.header)?;
    }
    for (role, cols) in layout() {
        for c in &cols {
            row += 1;
            ws.write_string(row, 0, w(lang, role_key(role)))?;
            ws.write_string(row, 1, header(role, c.field, lang))?;
            let req = if is_required(role, c.field) {
                "yes"
            } else {
                "no"
            };
            ws.write_string(row, 2, w(lang, req))?;
            ws.write_string_with_format(row, 3, pick(lang, meaning(c.field)), &fmt.wrap)?;
            ws.write_string(row, 4, format_words(c.check, lang))?;
        }
    }
    for (col, width) in [(0u16, 20.0), (1, 22.0), (2, 9.0), (3, 60.0), (4, 30.0)] {
        ws.set_column_width(col, width)?;
    }
    Ok(())
}

fn lists(ws: &mut Worksheet, lang: Lang, fmt: &Formats) -> Result<(), XlsxError> {
    ws.write_string_with_format(0, 0, w(lang, "departments"), &fmt.header)?;
    for (i, key) in ["dept1", "dept2", "dept3", "dept4", "dept5"]
        .iter()
        .enumerate()
    {
        ws.write_string(i as u32 + 1, 0, w(lang, key))?;
    }
    ws.set_column_width(0, 24.0)?;
    ws.set_freeze_panes(1, 0)?;
    Ok(())
}

/// The blank data template in `lang`, as XLSX bytes. Fails (`export.xlsx_failed`) only if the
/// writer refuses a value, which the tests guard against.
pub fn template_xlsx(lang: Lang) -> madad_core::Result<Vec<u8>> {
    let fail = |e: XlsxError| {
        madad_core::Error::general("export.xlsx_failed").with("detail", e.to_string())
    };
    let title = w(lang, "title");
    let meta = DocumentMetadata::for_report(title);
    let (y, m, d) = super::NO_DATE;
    let created = ExcelDateTime::from_ymd(y, m, d).map_err(fail)?;
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(&meta.title)
            .set_author(&meta.author)
            .set_comment(&meta.creator)
            .set_creation_datetime(&created),
    );
    let border = FormatBorder::Thin;
    let fmt = Formats {
        header: Format::new()
            .set_bold()
            .set_background_color(0xE7EEF7)
            .set_border_bottom(border),
        required: Format::new()
            .set_bold()
            .set_background_color(0xFCE8B2)
            .set_border_bottom(border),
        date: Format::new().set_num_format("dd/mm/yyyy"),
        wrap: Format::new().set_text_wrap().set_align(FormatAlign::Top),
        bold: Format::new().set_bold().set_font_size(14),
    };
    let rtl = lang != Lang::En;
    let lists_name = w(lang, "sheet.lists");
    let ws = wb.add_worksheet();
    ws.set_name(w(lang, "sheet.instructions")).map_err(fail)?;
    ws.set_right_to_left(rtl);
    instructions(ws, lang, &fmt, &meta.title).map_err(fail)?;
    for (role, cols) in layout() {
        let ws = wb.add_worksheet();
        ws.set_name(w(lang, role_key(role))).map_err(fail)?;
        ws.set_right_to_left(rtl);
        role_sheet(ws, role, &cols, lang, &fmt, lists_name).map_err(fail)?;
    }
    let ws = wb.add_worksheet();
    ws.set_name(lists_name).map_err(fail)?;
    ws.set_right_to_left(rtl);
    lists(ws, lang, &fmt).map_err(fail)?;
    wb.save_to_buffer().map_err(fail)
}
