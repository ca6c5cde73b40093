//! Header handling and the user's choices: renaming of unusable headers, column mapping,
//! header-row choice, file-level warnings about decisions taken, and the row limit.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::collections::BTreeMap;

use madad_core::{AnalysisOptions, Diagnostic, IngestOptions, Report, SourceFile, analyze, ingest};

fn run(bytes: &[u8], options: IngestOptions) -> Result<Report, madad_core::Error> {
    let options = IngestOptions {
        as_of: Some("2025-06-30".into()),
        ..options
    };
    let ds = ingest(
        &[SourceFile {
            name: "f.csv",
            bytes,
        }],
        &options,
    )?;
    Ok(analyze(
        &ds,
        &AnalysisOptions {
            suppression_threshold: 1,
            ..Default::default()
        },
    ))
}

fn file_level(r: &Report) -> Vec<&Diagnostic> {
    r.diagnostics
        .iter()
        .filter(|d| d.code.starts_with("schema.") || d.row.is_none())
        .collect()
}

#[test]
fn unusable_headers_are_renamed_and_reported() {
    // Reliability case 74: duplicate, empty and `__proto__` headers.
    let csv = "מזהה מתנדב,תאריך,שעות,,שעות,__proto__\n1,05/01/2025,2,x,9,y\n";
    let r = run(csv.as_bytes(), IngestOptions::default()).unwrap();
    let cols: Vec<(String, Option<String>, Option<String>)> = r.sources[0]
        .columns
        .iter()
        .map(|c| (c.header.clone(), c.field.clone(), c.renamed_from.clone()))
        .collect();
    assert_eq!(cols[3], ("column_D".into(), None, Some(String::new())));
    assert_eq!(cols[4], ("שעות (2)".into(), None, Some("שעות".into())));
    assert_eq!(
        cols[5],
        ("__proto___".into(), None, Some("__proto__".into()))
    );
    // The first "hours" column is the one used.
    assert_eq!(r.summary.approved_hours.value, Some(2.0));
    let renamed: Vec<(&str, &str)> = file_level(&r)
        .iter()
        .filter(|d| d.code == "schema.header_renamed")
        .map(|d| (d.params["columnLetter"].as_str(), d.params["to"].as_str()))
        .collect();
    assert_eq!(
        renamed,
        vec![("D", "column_D"), ("E", "שעות (2)"), ("F", "__proto___")]
    );
    assert_eq!(r.sources[0].rows_used, 1);
}

#[test]
fn the_users_mapping_takes_precedence_over_synonyms() {
    let csv = "Person,When,Time spent,שעות\nA7,05/01/2025,1.5,99\nA8,06/01/2025,2,99\n";
    assert_eq!(
        run(csv.as_bytes(), IngestOptions::default())
            .unwrap_err()
            .code,
        "schema.missing_columns"
    );
    let mapping: BTreeMap<String, String> = [
        ("person".to_owned(), "volunteerId".to_owned()),
        ("When".to_owned(), "date".to_owned()),
        ("Time spent".to_owned(), "hours".to_owned()),
        ("שעות".to_owned(), String::new()),
    ]
    .into();
    let r = run(
        csv.as_bytes(),
        IngestOptions {
            mapping,
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(r.summary.approved_hours.value, Some(3.5));
    let c = &r.sources[0].columns;
    assert!(c[0].user_mapped && c[3].user_mapped && c[3].field.is_none());
    let bad: BTreeMap<String, String> = [("x".to_owned(), "salary".to_owned())].into();
    let e = madad_core::DatasetBuilder::new(IngestOptions {
        mapping: bad,
        ..Default::default()
    })
    .unwrap_err();
    assert_eq!(
        (e.code, e.params["value"].as_str()),
        ("options.invalid", "salary")
    );
}

#[test]
fn a_chosen_header_row_skips_title_rows() {
    let csv = "דוח שעות התנדבות 2025\nהופק מהמערכת\nמזהה מתנדב,תאריך,שעות\n1,05/01/2025,2\n";
    // Without a choice, the title is taken as the header and the file cannot be read.
    assert_eq!(
        run(csv.as_bytes(), IngestOptions::default())
            .unwrap_err()
            .code,
        "schema.missing_columns"
    );
    let r = run(
        csv.as_bytes(),
        IngestOptions {
            header_row: Some(3),
            ..Default::default()
        },
    )
    .unwrap();
    let l = &r.sources[0];
    assert_eq!(
        (l.header_row, l.rows_total, l.rows_used, l.rows_skipped),
        (3, 3, 1, 2)
    );
}

#[test]
fn decisions_taken_for_the_user_are_reported() {
    // Every date reads both ways: day first is assumed, with an example.
    let csv = "מזהה מתנדב,תאריך,שעות\n1,03/04/2025,2\n2,05/06/2025,1\n";
    let r = run(csv.as_bytes(), IngestOptions::default()).unwrap();
    let d = file_level(&r)
        .into_iter()
        .find(|d| d.code == "date.order_assumed")
        .unwrap();
    assert_eq!(
        (d.params["value"].as_str(), d.params["read"].as_str()),
        ("03/04/2025", "2025-04-03")
    );
    // High bytes that are neither Hebrew nor Arabic letters (windows-1255 curly quotes).
    let mut bytes = b"volunteer id,date,hours,note\n1,05/01/2025,2,".to_vec();
    bytes.extend_from_slice(b"\x93ok\x94\n");
    let r = run(&bytes, IngestOptions::default()).unwrap();
    assert_eq!(file_level(&r)[0].code, "encoding.uncertain");
    // UTF-16LE without a BOM (reliability case 65).
    let text = "volunteer id\tdate\thours\n1\t05/01/2025\t2\n";
    let utf16: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let r = run(&utf16, IngestOptions::default()).unwrap();
    assert_eq!(file_level(&r)[0].code, "encoding.utf16_without_bom");
    assert_eq!(r.summary.approved_hours.value, Some(2.0));
    // A decision the user made is not reported as a guess.
    let r = run(
        csv.as_bytes(),
        IngestOptions {
            date_order: Some(madad_core::schema::coerce::DateOrder::Mdy),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(file_level(&r).is_empty());
    assert_eq!(r.summary.first_date.as_deref(), Some("2025-03-04"));
}

#[test]
fn the_row_limit_is_a_typed_error() {
    let csv = "מזהה מתנדב,תאריך,שעות\n1,05/01/2025,2\n2,05/01/2025,2\n3,05/01/2025,2\n";
    let e = run(
        csv.as_bytes(),
        IngestOptions {
            max_rows: 2,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert_eq!((e.code, e.params["max"].as_str()), ("limit.rows", "2"));
    assert!(
        run(
            csv.as_bytes(),
            IngestOptions {
                max_rows: 3,
                ..Default::default()
            }
        )
        .is_ok()
    );
}

#[test]
fn a_saved_profile_reads_next_months_export_the_same_way() {
    use madad_core::MappingProfile;
    // A Windows-1255 export with a title row, a semicolon and columns only the user could map.
    let text = "דוח חודשי\nמס;יום;משך;הערה\n7;03/04/2025;1.5;א\n8;05/06/2025;2;ב\n";
    let bytes = encoding_rs::WINDOWS_1255.encode(text).0.into_owned();
    let mapping: BTreeMap<String, String> = [
        ("מס".to_owned(), "volunteerId".to_owned()),
        ("יום".to_owned(), "date".to_owned()),
        ("משך".to_owned(), "hours".to_owned()),
    ]
    .into();
    let first = IngestOptions {
        header_row: Some(2),
        mapping,
        date_order: Some(madad_core::schema::coerce::DateOrder::Mdy),
        ..Default::default()
    };
    let r1 = run(&bytes, first).unwrap();
    let profile = MappingProfile::from_ledger("דוח חודשי – רווחה", &r1.sources[0]);
    // Round trip through JSON, as the host stores it.
    let json = serde_json::to_string(&profile).unwrap();
    let profile: MappingProfile = serde_json::from_str(&json).unwrap();
    assert_eq!(profile.columns.get("הערה").map(String::as_str), Some(""));
    let mut next = IngestOptions::default();
    profile.apply(&mut next).unwrap();
    let r2 = run(&bytes, next).unwrap();
    assert_eq!(r2.summary, r1.summary);
    assert_eq!(r2.summary.first_date.as_deref(), Some("2025-03-04"));
    let newer = MappingProfile {
        version: 99,
        ..profile
    };
    assert_eq!(
        newer.apply(&mut IngestOptions::default()).unwrap_err().code,
        "profile.unsupported"
    );
}

#[test]
fn a_header_wider_than_the_limit_reports_its_true_width() {
    // Reliability case 57 (found by the fixture corpus: the count was capped at 501).
    let header: Vec<String> = (0..1200).map(|i| format!("c{i}")).collect();
    let csv = format!("{}\n", header.join(","));
    let e = run(csv.as_bytes(), IngestOptions::default()).unwrap_err();
    assert_eq!(
        (e.code, e.params["found"].as_str(), e.params["max"].as_str()),
        ("limit.columns", "1200", "500")
    );
}

#[test]
fn hours_can_come_from_start_and_end_times() {
    let csv = "מזהה מתנדב,תאריך,שעת התחלה,שעת סיום\n\
               1,05/01/2025,16:00,18:30\n\
               2,05/01/2025,22:00,01:00\n\
               3,05/01/2025,9:00,בבוקר\n\
               4,05/01/2025,05/01/2025 08:15,05/01/2025 09:00\n";
    let r = run(csv.as_bytes(), IngestOptions::default()).unwrap();
    let l = &r.sources[0];
    assert_eq!(l.role, madad_core::ingest::ledger::FileRole::ActivityLog);
    assert_eq!((l.rows_used, l.rows_rejected), (3, 1));
    // 2.5 h + 3 h across midnight + 0.75 h.
    assert_eq!(r.summary.approved_hours.value, Some(6.25));
    let codes: Vec<(u64, &str)> = r
        .diagnostics
        .iter()
        .map(|d| (d.row.unwrap_or(0), d.code.as_str()))
        .collect();
    assert!(
        codes.contains(&(3, "hours.crosses_midnight")) && codes.contains(&(4, "time.invalid")),
        "{codes:?}"
    );
    // Spreadsheet time cells (fractions of a day) work the same way.
    use madad_core::{Cell, DatasetBuilder, FileFormat, SheetInfo};
    let mut b = DatasetBuilder::new(IngestOptions::default()).unwrap();
    b.begin_sheet(
        "t.xlsx",
        "s",
        SheetInfo {
            format: FileFormat::Xlsx,
            bytes: 1,
            sha256: String::new(),
            hidden_sheets: vec!["Archive".into()],
            merged_regions: 2,
            hidden_rows: 0,
        },
    )
    .unwrap();
    b.push_row(
        1,
        &[
            Cell::Text("volunteer id"),
            Cell::Text("date"),
            Cell::Text("start time"),
            Cell::Text("end time"),
        ],
    )
    .unwrap();
    b.push_row(
        2,
        &[
            Cell::Number(7.0),
            Cell::DateTime(45662.0),
            Cell::DateTime(0.5),
            Cell::DateTime(0.625),
        ],
    )
    .unwrap();
    b.end_file().unwrap();
    let r = analyze(
        &b.finish(),
        &AnalysisOptions {
            suppression_threshold: 1,
            ..Default::default()
        },
    );
    assert_eq!(r.summary.approved_hours.value, Some(3.0));
    let notes: Vec<&str> = r.diagnostics.iter().map(|d| d.code.as_str()).collect();
    assert_eq!(notes, vec!["workbook.hidden_sheets", "sheet.merged_cells"]);
    assert_eq!(
        r.sources[0]
            .workbook
            .as_ref()
            .map(|w| w.hidden_sheets.clone()),
        Some(vec!["Archive".to_owned()])
    );
    // Neither hours nor both times: the closest role and what it lacks.
    let e = run(
        "מזהה מתנדב,תאריך,שעת התחלה\n1,05/01/2025,16:00\n".as_bytes(),
        IngestOptions::default(),
    )
    .unwrap_err();
    assert_eq!(
        (e.params["role"].as_str(), e.params["missing"].as_str()),
        ("activityLog", "hours")
    );
}
