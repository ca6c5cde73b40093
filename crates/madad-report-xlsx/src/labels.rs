//! The workbook's fixed words in Hebrew, Arabic and English: sheet names, column headers and
//! row labels. Indicator names, APA tables and definitions come from the report itself (its
//! definitions registry carries them in the three languages); only the frame is here. The
//! wording follows the dashboard's message catalogs (`web/src/i18n/*.json`), so a coordinator
//! reads the same terms on the screen and in the file.

use madad_core::loneliness::apa::Lang;

/// `[he, ar, en]` of a frame label.
fn entry(key: &str) -> Option<[&'static str; 3]> {
    Some(match key {
        "sheet.summary" => ["סיכום", "ملخص", "Summary"],
        "sheet.apa" => ["טבלאות APA", "جداول APA", "APA tables"],
        "sheet.indicators" => ["מדדים", "المؤشرات", "Indicators"],
        "sheet.dictionary" => ["מילון נתונים", "قاموس البيانات", "Data dictionary"],
        "sheet.excluded" => ["שורות שהוצאו", "الصفوف المستبعدة", "Excluded rows"],
        "sheet.settings" => ["הגדרות", "الإعدادات", "Settings"],
        "sheet.suppression" => ["ביקורת הסתרה", "تدقيق الإخفاء", "Suppression audit"],
        "title" => [
            "דוח מדד: התנדבות ברשות",
            "تقرير مدد: التطوع في السلطة",
            "Madad report: volunteering in the municipality",
        ],
        "sample" => [
            "נתוני דוגמה: מספרים מומצאים של רשות דמיונית; אינם מתארים אף אדם אמיתי.",
            "بيانات تجريبية: أرقام مختلَقة لبلدية خيالية؛ لا تصف أي شخص حقيقي.",
            "Sample data: invented numbers of a made-up municipality; they describe no real person.",
        ],
        "asOf" => ["נכון לתאריך", "حتى تاريخ", "As of"],
        "periodFrom" => ["פעילויות מתאריך", "نشاطات من تاريخ", "Activities from"],
        "periodTo" => ["פעילויות עד תאריך", "نشاطات حتى تاريخ", "Activities to"],
        "threshold" => [
            "סף הסתרה (K)",
            "عتبة الإخفاء (K)",
            "Suppression threshold (K)",
        ],
        "kpi.volunteers" => ["מתנדבים פעילים", "المتطوعون الناشطون", "Active volunteers"],
        "kpi.approvedHours" => ["שעות מאושרות", "الساعات المعتمدة", "Approved hours"],
        "kpi.meanHours" => [
            "ממוצע שעות למתנדב",
            "متوسط الساعات لكل متطوع",
            "Mean hours per volunteer",
        ],
        "kpi.medianHours" => [
            "חציון שעות למתנדב",
            "وسيط الساعات لكل متطوع",
            "Median hours per volunteer",
        ],
        "activities.approved" => [
            "רשומות פעילות מאושרות",
            "سجلات نشاط معتمدة",
            "Approved activity records",
        ],
        "activities.pending" => [
            "רשומות פעילות ממתינות",
            "سجلات نشاط قيد الانتظار",
            "Pending activity records",
        ],
        "activities.rejected" => [
            "רשומות פעילות שנדחו",
            "سجلات نشاط مرفوضة",
            "Rejected activity records",
        ],
        "activities.unknown" => [
            "רשומות בסטטוס לא מוכר",
            "سجلات بحالة غير معروفة",
            "Records with an unknown status",
        ],
        "rows.total" => ["שורות", "الصفوف", "Rows"],
        "rows.used" => ["בשימוש", "مستخدمة", "Used"],
        "rows.rejected" => ["הוצאו", "مستبعَدة", "Excluded"],
        "rows.skipped" => ["ריקות", "فارغة", "Blank"],
        "suppressedNote" => [
            "„<K” = מוסתר כדי להגן על הפרטיות (פחות מ־K אנשים); „—” = אין ערך.",
            "„<K” = مخفي لحماية الخصوصية (أقل من K أشخاص)؛ „—” = لا قيمة.",
            "\"<K\" = hidden to protect privacy (fewer than K people); \"—\" = no value.",
        ],
        "col.id" => ["מזהה", "المعرّف", "ID"],
        "col.name" => ["שם", "الاسم", "Name"],
        "col.measure" => ["נתון", "القيمة المقيسة", "Measure"],
        "col.value" => ["ערך", "القيمة", "Value"],
        "col.ciLower" => [
            "גבול תחתון (רווח סמך 95%)",
            "الحد الأدنى (فاصل ثقة 95%)",
            "95% CI lower",
        ],
        "col.ciUpper" => [
            "גבול עליון (רווח סמך 95%)",
            "الحد الأعلى (فاصل ثقة 95%)",
            "95% CI upper",
        ],
        "col.n" => ["n", "n", "n"],
        "col.formula" => ["נוסחה", "الصيغة", "Formula"],
        "col.caveats" => ["הסתייגויות", "تحفظات", "Caveats"],
        "col.source" => ["מקור", "المصدر", "Source"],
        "col.reportedIn" => ["מיקום בדוח", "الموضع في التقرير", "Where in the report"],
        "col.section" => ["יעד התוכנית", "هدف البرنامج", "Program goal"],
        "col.file" => ["קובץ", "الملف", "File"],
        "col.sheet" => ["גיליון", "الورقة", "Sheet"],
        "col.format" => ["פורמט", "الصيغة", "Format"],
        "col.encoding" => ["קידוד", "الترميز", "Encoding"],
        "col.problem" => ["קוד הבעיה", "رمز المشكلة", "Problem code"],
        "col.severity" => ["חומרה", "الخطورة", "Severity"],
        "col.count" => ["מספר", "العدد", "Count"],
        "col.key" => ["הגדרה", "الإعداد", "Setting"],
        "col.cell" => ["תא", "الخلية", "Cell"],
        "col.reason" => ["סיבה", "السبب", "Reason"],
        "severity.error" => [
            "שגיאה (השורה הוצאה)",
            "خطأ (استُبعد الصف)",
            "error (row excluded)",
        ],
        "severity.warning" => ["אזהרה", "تحذير", "warning"],
        "excluded.note" => [
            "ספירות לפי סיבה בלבד. השורות שהוצאו עצמן נשמרות רק בקובץ ה־CSV להורדה שבמסך הקבצים, ולא כאן.",
            "أعداد حسب السبب فقط. الصفوف المستبعدة نفسها تُحفظ فقط في ملف CSV القابل للتنزيل في شاشة الملفات، وليس هنا.",
            "Counts by reason only. The excluded rows themselves are only in the downloadable CSV of the files screen, not here.",
        ],
        "files" => ["קבצים", "الملفات", "Files"],
        "problems" => [
            "בעיות לפי קובץ וסיבה",
            "المشكلات حسب الملف والسبب",
            "Problems by file and reason",
        ],
        "settings.madadVersion" => ["גרסת מדד", "إصدار مدد", "Madad version"],
        "settings.schemaVersion" => [
            "גרסת מבנה הדוח",
            "إصدار بنية التقرير",
            "Report schema version",
        ],
        "settings.definitionsVersion" => ["גרסת ההגדרות", "إصدار التعريفات", "Definitions version"],
        "settings.benchmarksVersion" => [
            "גרסת טבלת ההשוואה",
            "إصدار جدول المقارنة",
            "Benchmark table version",
        ],
        "settings.indicatorsAsOf" => ["תאריך המדדים", "تاريخ المؤشرات", "Indicators as of"],
        "settings.asOfSource" => [
            "מקור תאריך המדדים",
            "مصدر تاريخ المؤشرات",
            "Indicators date taken from",
        ],
        "settings.countedStatuses" => ["סטטוסים שנספרים", "الحالات المحتسبة", "Counted statuses"],
        "settings.volunteerKey" => ["זיהוי מתנדב", "تعريف المتطوع", "Volunteer identified by"],
        "settings.monthlyActiveRule" => ["פעיל בחודש", "نشط في الشهر", "Active in a month"],
        "settings.maxHoursPerRecord" => [
            "מקסימום שעות לרשומה",
            "الحد الأقصى للساعات لكل سجل",
            "Most hours per record",
        ],
        "settings.view" => ["תצוגה מסוננת", "عرض مُصفّى", "Filtered view"],
        "settings.viewFrom" => ["מתאריך", "من تاريخ", "From"],
        "settings.viewAsOf" => ["עד תאריך (נכון ל־)", "حتى تاريخ", "To (as of)"],
        "settings.viewDepartments" => ["מחלקות", "الأقسام", "Departments"],
        "settings.viewNeighbourhoods" => ["שכונות", "الأحياء", "Neighbourhoods"],
        "settings.viewNotes" => ["הערות התצוגה", "ملاحظات العرض", "View notes"],
        "settings.tests" => ["מבחנים שבשימוש", "الاختبارات المستخدمة", "Tests used"],
        "suppression.intro" => [
            "כל ערך שמבוסס על פחות מ־K אנשים מוסתר כדי להגן על פרטיות. הרשימה מפרטת כל תא מוסתר וסיבתו.",
            "كل قيمة مبنية على أقل من K أشخاص تُخفى لحماية الخصوصية. تعرض القائمة كل خلية مخفية وسببها.",
            "Every value based on fewer than K people is hidden to protect privacy. The list gives every hidden cell and the reason.",
        ],
        "suppression.none" => [
            "לא הוסתר אף ערך.",
            "لم تُخفَ أي قيمة.",
            "No value was hidden.",
        ],
        "suppress.count_below_k" => [
            "ספירה של פחות מ־K אנשים",
            "عدد أقل من K أشخاص",
            "a count of fewer than K people",
        ],
        "suppress.derived_from_fewer_than_k" => [
            "חושב מפחות מ־K אנשים",
            "محسوب من أقل من K أشخاص",
            "computed from fewer than K people",
        ],
        "suppress.pairs_below_k" => ["פחות מ־K זוגות", "أقل من K أزواج", "fewer than K pairs"],
        "suppress.complement_below_k" => [
            "המשלים קטן מ־K (אפשר היה לחשב אותו)",
            "المكمّل أقل من K (يمكن حسابه)",
            "its complement is below K (it could be worked out)",
        ],
        "suppress.share_all_or_none" => [
            "שיעור של 0% או 100% חושף את כולם",
            "نسبة 0% أو 100% تكشف الجميع",
            "a share of 0% or 100% discloses everyone",
        ],
        "suppress.complementary" => [
            "הסתרה משלימה: אחרת אפשר לחשב תא מוסתר",
            "إخفاء تكميلي: وإلا أمكن حساب خلية مخفية",
            "complementary: otherwise a hidden cell could be worked out",
        ],
        "suppress.nested_view_difference" => [
            "ההפרש בין שתי טבלאות חופפות קטן מ־K",
            "الفرق بين جدولين متداخلين أقل من K",
            "the difference of two nested tables is below K",
        ],
        "suppress.cumulative_increment_below_k" => [
            "התוספת המצטברת קטנה מ־K",
            "الزيادة التراكمية أقل من K",
            "the cumulative increment is below K",
        ],
        "suppress.rare_category_collapsed" => [
            "קטגוריה נדירה אוחדה",
            "فئة نادرة دُمجت",
            "a rare category was merged",
        ],
        "apa.table" => ["טבלה 1", "جدول 1", "Table 1"],
        "apa.title" => [
            "ציוני בדידות לפני ואחרי, מדגמים מזווגים",
            "درجات الوحدة قبل وبعد، عينات مزدوجة",
            "Loneliness scores before and after, paired samples",
        ],
        "apa.none" => [
            "אין בדוח סקר בדידות, ולכן אין טבלת APA.",
            "لا يتضمن التقرير استطلاع وحدة، لذا لا يوجد جدول APA.",
            "The report has no loneliness survey, so there is no APA table.",
        ],
        "apa.sentence" => ["ניסוח התוצאה", "صياغة النتيجة", "Results sentence"],
        "yes" => ["כן", "نعم", "yes"],
        "no" => ["לא", "لا", "no"],
        _ => return None,
    })
}

/// The label `key` in `lang`; the key itself when unknown (never expected: tests cover every key).
pub fn label(lang: Lang, key: &str) -> String {
    match entry(key) {
        Some([he, ar, en]) => match lang {
            Lang::He => he,
            Lang::Ar => ar,
            Lang::En => en,
        }
        .to_owned(),
        None => key.to_owned(),
    }
}

/// `label` with every `K` after a space, `־` or `(` replaced by the threshold (`<10`, `מ־10`).
pub fn label_k(lang: Lang, key: &str, k: u32) -> String {
    let text = label(lang, key);
    let mut out = String::with_capacity(text.len() + 4);
    let mut prev: Option<char> = None;
    for c in text.chars() {
        if c == 'K' && matches!(prev, Some(' ' | '־' | '(' | '<')) {
            out.push_str(&k.to_string());
        } else {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

/// Whether `key` has a label (for tests and for optional rows).
pub fn has(key: &str) -> bool {
    entry(key).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn threshold_is_filled_in_only_where_it_stands_for_k() {
        assert_eq!(
            label_k(Lang::En, "suppress.count_below_k", 10),
            "a count of fewer than 10 people"
        );
        assert_eq!(
            label_k(Lang::He, "suppress.count_below_k", 5),
            "ספירה של פחות מ־5 אנשים"
        );
        assert_eq!(label(Lang::Ar, "nope"), "nope");
        assert!(has("sheet.summary") && !has("nope"));
    }
}
