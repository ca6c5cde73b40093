//! The blank data template opened as a spreadsheet program would (calamine for cells, the ZIP
//! parts for the sheet XML), and a round trip: its header row plus a few filled rows, saved as
//! CSV, ingested by the core with no role given — every column must map to the field the
//! template meant, in Hebrew, Arabic and English. The expected fields below are written out
//! here, not taken from the template code.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::io::Read;

use calamine::{Data, Reader, Xlsx};
use madad_core::ingest::ledger::FileRole;
use madad_core::loneliness::apa::Lang;
use madad_core::{AnalysisOptions, IngestOptions, Severity, SourceFile, analyze, ingest};
use madad_report_xlsx::template_xlsx;

const LANGS: [Lang; 3] = [Lang::He, Lang::Ar, Lang::En];

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

fn open(bytes: &[u8]) -> Xlsx<std::io::Cursor<Vec<u8>>> {
    Xlsx::new(std::io::Cursor::new(bytes.to_vec())).unwrap()
}

fn header_row(bytes: &[u8], sheet: &str) -> Vec<String> {
    let range = open(bytes).worksheet_range(sheet).unwrap();
    range
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|d| match d {
            Data::String(s) => s.clone(),
            other => panic!("header is not text: {other:?}"),
        })
        .collect()
}

/// The sheets in order: instructions, hours log, registry, survey, population, opportunities,
/// lists.
fn expected_sheets(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::He => [
            "הוראות",
            "יומן שעות",
            "מאגר מתנדבים",
            "סקר בדידות",
            "אוכלוסייה",
            "הזדמנויות",
            "רשימות",
        ],
        Lang::Ar => [
            "تعليمات",
            "سجل الساعات",
            "سجل المتطوعين",
            "استطلاع الوحدة",
            "السكان",
            "الفرص",
            "قوائم",
        ],
        Lang::En => [
            "Instructions",
            "Hours log",
            "Volunteer registry",
            "Loneliness survey",
            "Population",
            "Opportunities",
            "Lists",
        ],
    }
}

/// The role and the fields each data sheet is meant to fill, in column order.
fn intended() -> [(FileRole, &'static [&'static str]); 5] {
    [
        (
            FileRole::ActivityLog,
            &[
                "volunteerId",
                "date",
                "hours",
                "status",
                "department",
                "organisation",
                "role",
            ],
        ),
        (
            FileRole::Registry,
            &[
                "volunteerId",
                "birthYear",
                "gender",
                "populationGroup",
                "neighbourhood",
                "departments",
                "joinDate",
                "leaveDate",
            ],
        ),
        (
            FileRole::Survey,
            &[
                "personId",
                "wave",
                "date",
                "group",
                "municipality",
                "livesAlone",
                // Answer columns: UCLA 3-item, items 1–3.
                "ucla.1",
                "ucla.2",
                "ucla.3",
            ],
        ),
        (
            FileRole::Population,
            &[
                "neighbourhood",
                "ageBand",
                "gender",
                "populationGroup",
                "residents",
            ],
        ),
        (
            FileRole::Opportunities,
            &[
                "opportunity",
                "department",
                "organisation",
                "slotsNeeded",
                "slotsFilled",
                "hoursNeeded",
                "startDate",
                "endDate",
            ],
        ),
    ]
}

/// A plausible value a coordinator would type for `field` (the words each language uses).
fn value(field: &str, lang: Lang, row: usize) -> String {
    let three = |he: &str, ar: &str, en: &str| {
        match lang {
            Lang::He => he,
            Lang::Ar => ar,
            Lang::En => en,
        }
        .to_owned()
    };
    match field {
        "volunteerId" => format!("V{:03}", row + 1),
        // Three respondents, each before (rows 0–2) and after (rows 3–5).
        "personId" => format!("V{:03}", row % 3 + 1),
        "date" | "joinDate" | "startDate" => format!("{:02}/03/2025", row + 1),
        "leaveDate" | "endDate" => String::new(),
        "hours" => "2.5".into(),
        "status" => three("מאושר", "معتمد", "approved"),
        "department" | "departments" => three("רווחה", "الرفاه", "Welfare"),
        "organisation" => "Org".into(),
        "role" => "Visit".into(),
        "birthYear" => "1950".into(),
        "gender" => three("אישה", "أنثى", "female"),
        "populationGroup" | "neighbourhood" | "municipality" | "ageBand" | "opportunity" => {
            "A".into()
        }
        "wave" => {
            if row < 3 {
                three("לפני", "قبل", "pre")
            } else {
                three("אחרי", "بعد", "post")
            }
        }
        "group" => three("התערבות", "تدخل", "intervention"),
        "livesAlone" => three("כן", "نعم", "yes"),
        "residents" => "1200".into(),
        "slotsNeeded" | "slotsFilled" | "hoursNeeded" => "4".into(),
        _ => "2".into(), // survey items (UCLA 3-item codes 1–3)
    }
}

fn csv_line(cells: &[String]) -> String {
    cells
        .iter()
        .map(|c| format!("\"{}\"", c.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(",")
}

#[test]
fn sheets_headers_rtl_and_validation() {
    for lang in LANGS {
        let bytes = template_xlsx(lang).unwrap();
        assert_eq!(&bytes[..4], b"PK\x03\x04");
        let names = open(&bytes).sheet_names();
        assert_eq!(names, expected_sheets(lang).map(String::from).to_vec());
        let workbook = part(&bytes, "xl/workbook.xml");
        assert!(workbook.contains("sheetId=\"2\""), "{workbook}");
        for i in 1..=7 {
            let xml = part(&bytes, &format!("xl/worksheets/sheet{i}.xml"));
            assert_eq!(
                xml.contains("rightToLeft=\"1\""),
                lang != Lang::En,
                "sheet {i} right-to-left in {lang:?}"
            );
            if (2..=7).contains(&i) {
                assert!(xml.contains("state=\"frozen\""), "sheet {i} header frozen");
            }
        }
        // The hours log: a date rule, hours 0–24, the status words, the department list.
        let log = part(&bytes, "xl/worksheets/sheet2.xml");
        assert!(log.contains("<dataValidations"), "{log}");
        assert!(log.contains("type=\"date\""));
        assert!(log.contains("type=\"decimal\""));
        assert!(log.contains("<formula1>0</formula1><formula2>24</formula2>"));
        let status = match lang {
            Lang::He => "\"מאושר,ממתין,נדחה\"",
            Lang::Ar => "\"معتمد,قيد الانتظار,مرفوض\"",
            Lang::En => "\"approved,pending,rejected\"",
        };
        assert!(log.contains(status), "status list {status} in {lang:?}");
        let lists = expected_sheets(lang)[6];
        assert!(
            log.contains(&format!("'{lists}'!$A$2:$A$31")),
            "department list on {lists}"
        );
        // The survey: UCLA 3-item answers are whole numbers 1–3.
        let survey = part(&bytes, "xl/worksheets/sheet4.xml");
        assert!(survey.contains("type=\"whole\""));
        assert!(survey.contains("<formula1>1</formula1><formula2>3</formula2>"));
        // Dates display as dd/mm/yyyy.
        assert!(part(&bytes, "xl/styles.xml").contains("formatCode=\"dd/mm/yyyy\""));
        // No data rows on the role sheets: only the header.
        for sheet in &expected_sheets(lang)[1..6] {
            let range = open(&bytes).worksheet_range(sheet).unwrap();
            assert_eq!(range.height(), 1, "{sheet} has only its header");
        }
        // The lists sheet: a header and five departments, editable.
        let range = open(&bytes).worksheet_range(lists).unwrap();
        assert_eq!(range.height(), 6);
    }
}

#[test]
fn no_author_no_file_name_no_clock() {
    for lang in LANGS {
        let bytes = template_xlsx(lang).unwrap();
        assert_eq!(bytes, template_xlsx(lang).unwrap(), "deterministic");
        let core = part(&bytes, "docProps/core.xml");
        assert!(
            core.contains("<dc:creator></dc:creator>"),
            "no author: {core}"
        );
        assert!(core.contains("1980-01-01"), "fixed date: {core}");
        assert!(!core.contains(".xlsx"));
    }
}

#[test]
fn instructions_name_every_column_and_the_date_format() {
    for lang in LANGS {
        let bytes = template_xlsx(lang).unwrap();
        let range = open(&bytes)
            .worksheet_range(expected_sheets(lang)[0])
            .unwrap();
        let text: String = range.rows().flatten().map(|d| format!("{d}\n")).collect();
        assert!(text.contains("dd/mm/yyyy"));
        for sheet in &expected_sheets(lang)[1..6] {
            for header in header_row(&bytes, sheet) {
                assert!(text.contains(&header), "{header} explained");
            }
        }
    }
}

#[test]
fn filled_template_round_trips_through_the_core() {
    for lang in LANGS {
        let bytes = template_xlsx(lang).unwrap();
        let sheets = expected_sheets(lang);
        let mut csvs = Vec::new();
        for (i, (_, fields)) in intended().iter().enumerate() {
            let headers = header_row(&bytes, sheets[i + 1]);
            assert_eq!(headers.len(), fields.len(), "{} columns", sheets[i + 1]);
            let mut text = csv_line(&headers) + "\n";
            for row in 0..6 {
                let cells: Vec<String> = fields.iter().map(|f| value(f, lang, row)).collect();
                text += &(csv_line(&cells) + "\n");
            }
            csvs.push((format!("sheet{i}.csv"), text.into_bytes()));
        }
        let files: Vec<SourceFile<'_>> = csvs
            .iter()
            .map(|(name, bytes)| SourceFile { name, bytes })
            .collect();
        let ds = ingest(
            &files,
            &IngestOptions {
                as_of: Some("2025-12-31".into()),
                ..IngestOptions::default()
            },
        )
        .unwrap();
        for (ledger, (role, fields)) in ds.ledgers.iter().zip(intended()) {
            assert_eq!(ledger.role, role, "{lang:?}: role of {}", ledger.name);
            let mapped: Vec<&str> = ledger
                .columns
                .iter()
                .map(|c| c.field.as_deref().unwrap_or(""))
                .collect();
            assert_eq!(mapped, fields.to_vec(), "{lang:?}: {role:?}");
            assert_eq!(ledger.rows_used, 6, "{lang:?}: {role:?} rows used");
            assert_eq!(ledger.rows_rejected, 0, "{lang:?}: {role:?}");
        }
        let errors: Vec<&str> = ds
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.code.as_str())
            .collect();
        assert!(errors.is_empty(), "{lang:?}: {errors:?}");
        // The analysis reads the filled template: six approved activity records, a loneliness
        // section from the survey sheet.
        let report = analyze(&ds, &AnalysisOptions::default());
        assert_eq!(report.summary.activities.approved, 6, "{lang:?}");
        assert!(report.loneliness.is_some(), "{lang:?}: loneliness section");
    }
}
