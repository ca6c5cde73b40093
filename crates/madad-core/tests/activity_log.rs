//! The activity-log slice end to end through the public API: hand-computed expectations on a
//! small fixture, encodings and line endings, suppression, and the golden report shared with the
//! wasm and JS test layers.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use madad_core::ingest::encoding::TextEncoding;
use madad_core::{AnalysisOptions, IngestOptions, Report, SourceFile, analyze, ingest};

const FIXTURE: &str = include_str!("../../../tests/fixtures/golden/hours-small.csv");

fn opts(as_of: &str) -> IngestOptions {
    IngestOptions {
        as_of: Some(as_of.to_owned()),
        ..IngestOptions::default()
    }
}

fn k(threshold: u32) -> AnalysisOptions {
    AnalysisOptions {
        suppression_threshold: threshold,
        ..AnalysisOptions::default()
    }
}

fn report_of(bytes: &[u8], as_of: &str, threshold: u32) -> Report {
    let ds = ingest(
        &[SourceFile {
            name: "hours-small.csv",
            bytes,
        }],
        &opts(as_of),
    )
    .unwrap();
    analyze(&ds, &k(threshold))
}

fn codes(r: &Report) -> Vec<(u64, String)> {
    r.diagnostics
        .iter()
        .map(|d| (d.row.unwrap_or(0), d.code.clone()))
        .collect()
}

#[test]
fn hand_computed_numbers() {
    let r = report_of(FIXTURE.as_bytes(), "2025-06-30", 1);
    let s = &r.summary;
    // Approved rows: 101 (2 h + 3 h), 102 (1.5 h + 0:30), 105 (2.25 h). Everything else is
    // pending, rejected, unknown-status or an invalid row.
    assert_eq!(s.volunteers.value, Some(3));
    assert_eq!(s.approved_hours.value, Some(9.25));
    assert_eq!(s.mean_hours_per_volunteer.value, Some(9.25 / 3.0));
    // Per-volunteer hours {5, 2, 2.25}: the median is 2.25.
    assert_eq!(s.median_hours_per_volunteer.value, Some(2.25));
    assert_eq!(
        (
            s.activities.approved,
            s.activities.pending,
            s.activities.rejected,
            s.activities.unknown
        ),
        (5, 1, 1, 1)
    );
    assert_eq!(
        (s.first_date.as_deref(), s.last_date.as_deref()),
        (Some("2025-01-05"), Some("2025-03-15"))
    );
    let months: Vec<(&str, Option<u64>)> = r
        .monthly_active
        .iter()
        .map(|m| (m.month.as_str(), m.volunteers.value))
        .collect();
    assert_eq!(
        months,
        vec![
            ("2025-01", Some(2)),
            ("2025-02", Some(1)),
            ("2025-03", Some(1))
        ]
    );

    let src = &r.sources[0];
    assert_eq!(
        (
            src.rows_total,
            src.rows_used,
            src.rows_rejected,
            src.rows_skipped
        ),
        (16, 8, 7, 1)
    );
    assert_eq!(src.encoding, Some(TextEncoding::Utf8));
    assert_eq!(src.delimiter.as_deref(), Some(","));
    let order = src.date_order.as_ref().unwrap();
    assert_eq!(
        (order.order.as_str(), order.basis.as_str()),
        ("dmy", "evidence")
    );
    assert_eq!(
        order.example.as_ref().map(|e| e.iso.as_str()),
        Some("2025-01-20")
    );
    assert_eq!(
        codes(&r),
        vec![
            (8, "date.invalid".to_owned()),
            (10, "row.duplicate".to_owned()),
            (11, "number.ambiguous_decimal".to_owned()),
            (12, "hours.out_of_range".to_owned()),
            (13, "value.missing".to_owned()),
            (14, "status.unknown".to_owned()),
            (16, "csv.too_many_fields".to_owned()),
            (17, "date.future".to_owned()),
        ]
    );
    let dup = r
        .diagnostics
        .iter()
        .find(|d| d.code == "row.duplicate")
        .unwrap();
    assert_eq!(dup.params.get("firstRow").map(String::as_str), Some("6"));
    let missing = r
        .diagnostics
        .iter()
        .find(|d| d.code == "value.missing")
        .unwrap();
    assert_eq!(missing.column.as_deref(), Some("מזהה מתנדב"));
}

#[test]
fn windows_1255_crlf_and_cr_files_give_the_same_numbers() {
    let base = report_of(FIXTURE.as_bytes(), "2025-06-30", 1);
    let (cp1255, _, unmappable) = encoding_rs::WINDOWS_1255.encode(FIXTURE);
    assert!(!unmappable);
    for (bytes, encoding) in [
        (cp1255.to_vec(), TextEncoding::Windows1255),
        (
            FIXTURE.replace('\n', "\r\n").into_bytes(),
            TextEncoding::Utf8,
        ),
        (FIXTURE.replace('\n', "\r").into_bytes(), TextEncoding::Utf8),
        (
            [b"\xEF\xBB\xBF".as_slice(), FIXTURE.as_bytes()].concat(),
            TextEncoding::Utf8,
        ),
    ] {
        let r = report_of(&bytes, "2025-06-30", 1);
        assert_eq!(r.sources[0].encoding, Some(encoding));
        assert_eq!(r.summary, base.summary);
        assert_eq!(r.monthly_active, base.monthly_active);
        assert_eq!(codes(&r), codes(&base));
        assert_eq!(
            r.sources[0].columns, base.sources[0].columns,
            "headers decode identically"
        );
    }
}

#[test]
fn small_cells_are_suppressed_with_an_audit_trail() {
    let r = report_of(FIXTURE.as_bytes(), "2025-06-30", 10);
    let s = &r.summary;
    assert!(s.volunteers.suppressed && s.volunteers.value.is_none());
    assert!(s.approved_hours.suppressed && s.mean_hours_per_volunteer.suppressed);
    assert!(s.median_hours_per_volunteer.suppressed);
    assert!(r.monthly_active.iter().all(|m| m.volunteers.suppressed));
    let cells: Vec<&str> = r.suppression.iter().map(|n| n.cell.as_str()).collect();
    assert!(cells.contains(&"summary/volunteers") && cells.contains(&"monthlyActive/2025-01"));
    // Nothing below K reaches the serialized report.
    let json = serde_json::to_value(&r).unwrap();
    assert!(json["summary"]["volunteers"]["value"].is_null());
}

#[test]
fn as_of_month_is_partial_and_future_rows_are_rejected() {
    let r = report_of(FIXTURE.as_bytes(), "2025-03-20", 1);
    let march = r
        .monthly_active
        .iter()
        .find(|m| m.month == "2025-03")
        .unwrap();
    assert!(march.partial);
    assert!(
        r.monthly_active
            .iter()
            .filter(|m| m.month != "2025-03")
            .all(|m| !m.partial)
    );
    // 21/03/2025 (row 16 is already rejected for its extra field) and 25/12/2026 are after 20/03.
    assert!(codes(&r).contains(&(17, "date.future".to_owned())));
}

#[test]
fn a_file_without_the_required_columns_is_a_clear_error() {
    let e = ingest(
        &[SourceFile {
            name: "x.csv",
            bytes: "שם,עיר\nדנה,שדרות\n".as_bytes(),
        }],
        &opts("2025-01-01"),
    )
    .unwrap_err();
    assert_eq!(e.code, "schema.missing_columns");
    assert_eq!(e.file.as_deref(), Some("x.csv"));
    assert_eq!(
        e.params.get("missing").map(String::as_str),
        Some("volunteerId,date,hours")
    );
    let empty = ingest(
        &[SourceFile {
            name: "e.csv",
            bytes: b"",
        }],
        &opts("2025-01-01"),
    )
    .unwrap_err();
    assert_eq!(empty.code, "file.empty");
    let bad = madad_core::DatasetBuilder::new(opts("31/12/2025")).unwrap_err();
    assert_eq!(bad.code, "options.invalid");
}

#[test]
fn identifier_like_values_never_appear_in_diagnostics() {
    let csv =
        "מזהה מתנדב,תאריך,שעות\n039337423,039337423,2\n039337423,01/01/2025,dana@example.org\n";
    // The identifier gate stops the file (an ID column, an e-mail in the hours column); its
    // error shows the values masked, never in clear.
    let e = ingest(
        &[SourceFile {
            name: "ids.csv",
            bytes: csv.as_bytes(),
        }],
        &opts("2025-06-30"),
    )
    .unwrap_err();
    assert_eq!(e.code, "privacy.identifier_column");
    let json = serde_json::to_string(&e).unwrap();
    assert!(!json.contains("039337423"), "{json}");
    assert!(!json.contains("dana@example.org"), "{json}");
    assert!(json.contains("0393****3"));
}

/// The golden scenario: the same input and options must give this exact report natively, under
/// wasm (crates/madad-wasm/tests) and from the npm package (tests/js). `MADAD_BLESS=1` rewrites it.
#[test]
fn golden_report() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/golden");
    let options: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("hours-small.options.json")).unwrap(),
    )
    .unwrap();
    let ingest_opts: IngestOptions = serde_json::from_value(options["ingest"].clone()).unwrap();
    let analysis: AnalysisOptions = serde_json::from_value(options["analysis"].clone()).unwrap();
    let ds = ingest(
        &[SourceFile {
            name: "hours-small.csv",
            bytes: FIXTURE.as_bytes(),
        }],
        &ingest_opts,
    )
    .unwrap();
    let actual = serde_json::to_string_pretty(&analyze(&ds, &analysis)).unwrap() + "\n";
    let path = dir.join("hours-small.report.json");
    if std::env::var_os("MADAD_BLESS").is_some() {
        std::fs::write(&path, &actual).unwrap();
    }
    let expected = std::fs::read_to_string(&path).unwrap();
    if let Some((i, (a, e))) = actual
        .lines()
        .zip(expected.lines())
        .enumerate()
        .find(|(_, (a, e))| a != e)
    {
        panic!(
            "golden report differs at line {}:\n  actual:   {a}\n  expected: {e}\nreview, then re-run with MADAD_BLESS=1",
            i + 1
        );
    }
    assert_eq!(
        actual.lines().count(),
        expected.lines().count(),
        "golden report length changed"
    );
}

#[test]
fn a_fatal_error_while_streaming_closes_the_file_and_the_builder_stays_usable() {
    let mut b = madad_core::DatasetBuilder::new(opts("2025-06-30")).unwrap();
    b.begin_file("names.csv").unwrap();
    let mut big = "שם,עיר\n".to_owned();
    while big.len() < madad_core::dataset::SNIFF_BYTES + 10 {
        big.push_str("דנה,שדרות\n");
    }
    assert_eq!(
        b.push(big.as_bytes()).unwrap_err().code,
        "schema.missing_columns"
    );
    // The failed file is closed; the next one is read normally and alone.
    b.begin_file("hours-small.csv").unwrap();
    b.push(FIXTURE.as_bytes()).unwrap();
    let ledger = b.end_file().unwrap();
    assert_eq!(ledger.rows_used, 8);
    let r = analyze(&b.finish(), &k(1));
    assert_eq!(r.sources.len(), 1);
    assert_eq!(r.summary.volunteers.value, Some(3));
}

#[test]
fn workbooks_and_web_pages_are_recognised_by_their_bytes_not_their_names() {
    for (bytes, format) in [
        (b"PK\x03\x04\x14\x00\x06\x00".as_slice(), "xlsx"),
        (
            b"<html><body><table><tr><td>1</td></tr></table>".as_slice(),
            "html",
        ),
    ] {
        let e = ingest(
            &[SourceFile {
                name: "hours.csv",
                bytes,
            }],
            &opts("2025-06-30"),
        )
        .unwrap_err();
        assert_eq!(
            (e.code, e.params.get("format").map(String::as_str)),
            ("format.unsupported", Some(format))
        );
        assert_eq!(e.file.as_deref(), Some("hours.csv"));
    }
    // A real CSV renamed to .xlsx is read as the CSV it is.
    let ds = ingest(
        &[SourceFile {
            name: "hours.xlsx",
            bytes: FIXTURE.as_bytes(),
        }],
        &opts("2025-06-30"),
    )
    .unwrap();
    assert_eq!(ds.ledgers[0].rows_used, 8);
}

#[test]
fn spreadsheet_rows_are_read_typed_and_the_row_stream_path_is_identical() {
    use madad_core::{Cell, DatasetBuilder, FileFormat, RowStreamWriter, SheetInfo};
    // 2025-01-05 is Excel serial 45662; 0.125 of a day is a 3:00 duration.
    let header = [
        Cell::Text("מזהה מתנדב"),
        Cell::Text("תאריך"),
        Cell::Text("שעות"),
        Cell::Text("סטטוס"),
    ];
    let rows: Vec<(u64, Vec<Cell<'static>>)> = vec![
        (
            2,
            vec![
                Cell::Number(101.0),
                Cell::DateTime(45662.0),
                Cell::Number(2.0),
                Cell::Text("מאושר"),
            ],
        ),
        (
            3,
            vec![
                Cell::Text("101"),
                Cell::Text("20/01/2025"),
                Cell::DateTime(0.125),
                Cell::Text("approved"),
            ],
        ),
        (4, vec![]),
        (
            5,
            vec![
                Cell::Number(102.0),
                Cell::DateTime(45662.0),
                Cell::Error("#N/A"),
                Cell::Text("מאושר"),
            ],
        ),
        (
            6,
            vec![
                Cell::Number(103.0),
                Cell::FormulaWithoutValue,
                Cell::Number(1.0),
            ],
        ),
        (
            7,
            vec![
                Cell::Number(104.0),
                Cell::Number(45663.0),
                Cell::Number(1.5),
                Cell::Error("#REF!"),
            ],
        ),
    ];
    let info = || SheetInfo {
        format: FileFormat::Xlsx,
        bytes: 1234,
        sha256: "0".repeat(64),
        hidden_sheets: vec![],
        merged_regions: 0,
        hidden_rows: 3,
    };
    let run = |stream: bool| {
        let mut b = DatasetBuilder::new(opts("2025-06-30")).unwrap();
        b.begin_sheet("hours.xlsx", "יומן", info()).unwrap();
        if stream {
            let mut w = RowStreamWriter::new();
            w.push_row(1, &header);
            for (r, cells) in &rows {
                w.push_row(*r, cells);
            }
            b.push_rows(&w.into_bytes()).unwrap();
        } else {
            b.push_row(1, &header).unwrap();
            for (r, cells) in &rows {
                b.push_row(*r, cells).unwrap();
            }
        }
        b.end_file().unwrap();
        analyze(&b.finish(), &k(1))
    };
    let r = run(false);
    assert_eq!(r, run(true));
    let src = &r.sources[0];
    assert_eq!(
        (
            src.format,
            src.sheet.as_deref(),
            src.encoding,
            src.delimiter.as_deref()
        ),
        (FileFormat::Xlsx, Some("יומן"), None, None)
    );
    assert_eq!(
        (
            src.rows_total,
            src.rows_used,
            src.rows_rejected,
            src.rows_skipped
        ),
        (6, 3, 2, 1)
    );
    // Volunteer 101 as a number and as text is one person: 2 h + a 3:00 duration. Rows 5 and 6
    // are rejected, and row 7's status is an Excel error, so 104 is not approved.
    assert_eq!(r.summary.volunteers.value, Some(1));
    assert_eq!(r.summary.approved_hours.value, Some(5.0));
    // An Excel error in the status column is a warning; the row is kept but not approved.
    assert_eq!(
        (r.summary.activities.approved, r.summary.activities.unknown),
        (2, 1)
    );
    let row_diags: Vec<&madad_core::Diagnostic> =
        r.diagnostics.iter().filter(|d| d.row.is_some()).collect();
    // Hidden rows are read like any other, and the ledger and a file-level warning say so.
    assert_eq!(src.workbook.as_ref().map(|w| w.hidden_rows), Some(3));
    assert!(
        r.diagnostics
            .iter()
            .any(|d| d.code == "sheet.hidden_rows" && d.row.is_none())
    );
    let found: Vec<(u64, &str, Option<&str>)> = r
        .diagnostics
        .iter()
        .filter(|d| d.row.is_some())
        .map(|d| (d.row.unwrap(), d.code.as_str(), d.sheet.as_deref()))
        .collect();
    assert_eq!(
        found,
        vec![
            (5, "excel.error_value", Some("יומן")),
            (6, "excel.formula_without_value", Some("יומן")),
            (7, "excel.error_value", Some("יומן")),
            (7, "status.unknown", Some("יומן")),
        ]
    );
    assert_eq!(
        row_diags[0].params.get("value").map(String::as_str),
        Some("#N/A")
    );
    assert_eq!(row_diags[0].severity, madad_core::Severity::Error);
    assert_eq!(row_diags[2].severity, madad_core::Severity::Warning);
}

#[test]
fn excluded_rows_can_be_downloaded_to_fix_them() {
    let ds = ingest(
        &[SourceFile {
            name: "hours-small.csv",
            bytes: FIXTURE.as_bytes(),
        }],
        &opts("2025-06-30"),
    )
    .unwrap();
    let csv = String::from_utf8(ds.excluded_rows_csv(0).unwrap()).unwrap();
    let lines: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert!(lines[0].starts_with(
        "\u{FEFF}מזהה מתנדב,תאריך,שעות,סטטוס,מחלקה,ארגון,תפקיד,madad_row,madad_reasons"
    ));
    // The seven rejected rows of the hand-computed fixture, each with its row and reason.
    assert_eq!(lines.len(), 1 + 7);
    assert_eq!(lines[1], "104,31/02/2025,2,מאושר,תרבות,,,8,date.invalid");
    assert!(lines[3].ends_with(",11,number.ambiguous_decimal") && lines[3].contains("\"1,5\""));
    assert_eq!(lines[5], ",18/03/2025,1,מאושר,חירום,,,13,value.missing");
    assert!(ds.excluded_rows_csv(1).is_none());
    // Identifier-like values are masked, formulas neutralised.
    // (The ID column is pseudonymised, as the identifier gate requires.)
    let hostile = "מזהה מתנדב,תאריך,שעות\n039337423,31/02/2025,=1+1\n";
    let key = madad_core::privacy::key::PseudonymKey::from_random_bytes([7; 32]);
    let ds = ingest(
        &[SourceFile {
            name: "h.csv",
            bytes: hostile.as_bytes(),
        }],
        &IngestOptions {
            identifiers: vec![madad_core::privacy::gate::GateDecision {
                column: "מזהה מתנדב".into(),
                action: madad_core::privacy::gate::GateAction::Pseudonymise,
            }],
            pseudonym_key: Some(madad_core::privacy::key::KeyInput {
                key_file: key.to_random_key_file(),
                passphrase: None,
            }),
            ..opts("2025-06-30")
        },
    )
    .unwrap();
    let csv = String::from_utf8(ds.excluded_rows_csv(0).unwrap()).unwrap();
    assert!(
        csv.contains("0393****3,31/02/2025,'=1+1,2,date.invalid"),
        "{csv}"
    );
}
