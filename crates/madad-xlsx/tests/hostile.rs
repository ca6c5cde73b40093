//! Reliability cases E44–E55 (research notes, "Parser resource exhaustion"): tiny hostile
//! workbooks built in the test, each rejected by the pre-scan with its stable code, fast, before
//! calamine sees the bytes — or, for the sparse-extent cases, read sparsely.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Duration;

use common::*;
use madad_xlsx::{Cell, ReadOptions, WorkbookFormat, WorkbookLimits, prescan, read_workbook};

const BOUND: Duration = Duration::from_secs(2);

fn code_of(bytes: &[u8], limits: &WorkbookLimits) -> (String, Duration) {
    let (res, took) = timed(BOUND, || prescan(bytes, "book.xlsx", limits));
    let err = res.expect_err("the pre-scan must reject this workbook");
    assert_eq!(err.file.as_deref(), Some("book.xlsx"));
    eprintln!(
        "{} in {took:?} ({} bytes) {:?}",
        err.code,
        bytes.len(),
        err.params
    );
    (err.code.to_owned(), took)
}

fn rejects(bytes: &[u8], code: &str) {
    assert_eq!(code_of(bytes, &WorkbookLimits::default()).0, code);
}

/// Reads the default sheet and collects `(row, cells)` as owned debug strings.
fn read_all(
    bytes: &[u8],
    options: &ReadOptions,
) -> (Vec<(u64, Vec<String>)>, madad_xlsx::SheetSummary) {
    let mut rows = Vec::new();
    let (_, summary) = read_workbook(bytes, "book.xlsx", options, &mut |row, cells| {
        rows.push((row, cells.iter().map(|c| format!("{c:?}")).collect()));
        Ok(())
    })
    .unwrap();
    (rows, summary)
}

fn one_string_sheet() -> String {
    r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#.to_owned()
}

#[test]
fn e44_unique_count_200m_rejected() {
    let bytes = simple_xlsx(
        Some("A1"),
        &one_string_sheet(),
        Some(shared_strings_xml(&["x"], Some((200_000_000, 200_000_000)))),
    );
    assert!(bytes.len() < 4096);
    rejects(&bytes, "xlsx.shared_strings_limit");
}

#[test]
fn e45_unique_count_100m_rejected_and_implausible_counts_too() {
    let bytes = simple_xlsx(
        Some("A1"),
        &one_string_sheet(),
        Some(shared_strings_xml(&["x"], Some((100_000_000, 100_000_000)))),
    );
    rejects(&bytes, "xlsx.shared_strings_limit");
    // Below the limit but more than a 2 KB part can hold: implausible, rejected.
    let bytes = simple_xlsx(
        Some("A1"),
        &one_string_sheet(),
        Some(shared_strings_xml(&["x"], Some((1, 1_000_000)))),
    );
    let err = prescan(&bytes, "book.xlsx", &WorkbookLimits::default()).unwrap_err();
    assert_eq!(err.code, "xlsx.shared_strings_limit");
    assert_eq!(
        err.params.get("reason").map(String::as_str),
        Some("implausible")
    );
    // More `<si>` elements than the limit, whatever is declared.
    let many: Vec<&str> = vec!["a"; 50];
    let bytes = simple_xlsx(
        Some("A1"),
        &one_string_sheet(),
        Some(shared_strings_xml(&many, Some((1, 1)))),
    );
    let limits = WorkbookLimits {
        max_shared_strings: 10,
        ..WorkbookLimits::default()
    };
    assert_eq!(code_of(&bytes, &limits).0, "xlsx.shared_strings_limit");
}

#[test]
fn e46_full_extent_with_two_cells_is_streamed_sparsely() {
    let data = r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>"#;
    let bytes = simple_xlsx(Some("A1:XFD1048576"), data, None);
    assert!(bytes.len() < 4096);
    let info = prescan(&bytes, "book.xlsx", &WorkbookLimits::default()).unwrap();
    assert_eq!(info.sheets[0].extent_cells, Some(17_179_869_184));
    let ((rows, summary), took) = timed(BOUND, || read_all(&bytes, &ReadOptions::default()));
    eprintln!("E46 streamed in {took:?}");
    assert_eq!(summary.cells_read, 2);
    assert_eq!(rows.len(), 2, "the 1,048,574-row gap is not materialised");
    assert_eq!(summary.empty_rows_omitted, 1_048_574);
    assert_eq!(rows[1].0, 1_048_576);
    assert_eq!(rows[1].1.len(), 16_384);
    assert_eq!(rows[1].1[16_383], "Number(2.0)");
}

#[test]
fn e46_large_part_declaring_full_extent_is_rejected() {
    // A part big enough to hold more cells than the cap, declaring an extent above it.
    let limits = WorkbookLimits {
        max_sheet_cells: 1_000,
        ..WorkbookLimits::default()
    };
    let mut data = String::new();
    for r in 1..=1_000 {
        data.push_str(&format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#));
    }
    let bytes = simple_xlsx(Some("A1:XFD1048576"), &data, None);
    assert_eq!(code_of(&bytes, &limits).0, "xlsx.sheet_extent");
}

#[test]
fn e47_a1_and_cv200000_streamed_sparsely() {
    let data = r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="200000"><c r="CV200000"><v>2</v></c></row>"#;
    let bytes = simple_xlsx(Some("A1:CV200000"), data, None);
    let ((rows, summary), took) = timed(BOUND, || read_all(&bytes, &ReadOptions::default()));
    eprintln!("E47 streamed in {took:?}");
    assert_eq!(summary.cells_read, 2);
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].0, 200_000);
    assert_eq!(rows[1].1.len(), 100);
}

#[test]
fn e48_compression_ratio_rejected() {
    // 4 MiB of white space inside <sheetData> deflates ~1000:1.
    let pad = " ".repeat(4 * 1024 * 1024);
    let bytes = simple_xlsx(Some("A1"), &pad, None);
    assert!(bytes.len() < 64 * 1024);
    rejects(&bytes, "xlsx.compression_ratio");
}

#[test]
fn e48_sizes_over_limits_rejected() {
    let pad = " ".repeat(2 * 1024 * 1024);
    let bytes = simple_xlsx(Some("A1"), &pad, None);
    let entry = WorkbookLimits {
        max_entry_uncompressed: 1024 * 1024,
        ..WorkbookLimits::default()
    };
    let (code, _) = code_of(&bytes, &entry);
    assert_eq!(code, "xlsx.too_large");
    let total = WorkbookLimits {
        max_total_uncompressed: 1024 * 1024,
        ..WorkbookLimits::default()
    };
    assert_eq!(code_of(&bytes, &total).0, "xlsx.too_large");
    let file = WorkbookLimits {
        max_file_bytes: 100,
        ..WorkbookLimits::default()
    };
    assert_eq!(code_of(&bytes, &file).0, "limit.file_bytes");
}

#[test]
fn e48_cell_cap_stops_the_stream() {
    let mut data = String::new();
    for r in 1..=2_000 {
        data.push_str(&format!(
            r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c><c r="B{r}"><v>1</v></c></row>"#
        ));
    }
    // No `<dimension>`: the extent is unknown until the cells are read.
    let bytes = simple_xlsx(None, &data, None);
    let options = ReadOptions {
        limits: WorkbookLimits {
            max_sheet_cells: 1_000,
            ..WorkbookLimits::default()
        },
        ..ReadOptions::default()
    };
    let mut rows = 0;
    let err = read_workbook(&bytes, "book.xlsx", &options, &mut |_, _| {
        rows += 1;
        Ok(())
    })
    .unwrap_err();
    assert_eq!(err.code, "xlsx.too_many_cells");
    assert!(rows <= 500);
}

/// Rewrites the declared uncompressed size of `entry` in its local header and central directory
/// record.
fn under_declare(bytes: &mut [u8], entry: &str, size: u32) {
    let name = entry.as_bytes();
    let mut patched = 0;
    for at in 0..bytes.len().saturating_sub(46) {
        if bytes[at..at + 4] == [0x50, 0x4B, 0x03, 0x04] {
            let n = u16::from_le_bytes([bytes[at + 26], bytes[at + 27]]) as usize;
            if bytes.get(at + 30..at + 30 + n) == Some(name) {
                bytes[at + 22..at + 26].copy_from_slice(&size.to_le_bytes());
                patched += 1;
            }
        }
        if bytes[at..at + 4] == [0x50, 0x4B, 0x01, 0x02] {
            let n = u16::from_le_bytes([bytes[at + 28], bytes[at + 29]]) as usize;
            if bytes.get(at + 46..at + 46 + n) == Some(name) {
                bytes[at + 24..at + 28].copy_from_slice(&size.to_le_bytes());
                patched += 1;
            }
        }
    }
    assert_eq!(patched, 2);
}

#[test]
fn e48_style_amplification_rejected() {
    // calamine materialises a whole style per <xf>: 200,000 × `<xf/>` is 1 MB of XML.
    let xfs = "<xf/>".repeat(200_000);
    let styles = format!(
        r#"<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="200000">{xfs}</cellXfs></styleSheet>"#
    );
    let bytes = xlsx_with_styles(
        &[SheetSpec {
            name: "S",
            state: None,
            xml: sheet_xml(Some("A1"), "", ""),
        }],
        None,
        false,
        Some(&styles),
    );
    let (code, took) = code_of(&bytes, &WorkbookLimits::default());
    eprintln!("E48 styles: {took:?}");
    assert_eq!(code, "xlsx.styles_limit");
}

#[test]
fn e49_under_declared_size_detected_on_the_stream() {
    let mut data = String::new();
    for r in 1..=200 {
        data.push_str(&format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#));
    }
    let mut bytes = simple_xlsx(Some("A1:A200"), &data, None);
    under_declare(&mut bytes, "xl/worksheets/sheet1.xml", 100);
    let (code, _) = code_of(&bytes, &WorkbookLimits::default());
    assert_eq!(code, "xlsx.size_mismatch");
}

const BILLION_LAUGHS: &str = r#"<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>"#;

#[test]
fn e50_billion_laughs_rejected() {
    let bytes = xlsx(
        &[SheetSpec {
            name: "Sheet1",
            state: None,
            xml: BILLION_LAUGHS.to_owned(),
        }],
        None,
        false,
    );
    rejects(&bytes, "xlsx.dtd_not_allowed");
}

#[test]
fn e51_external_entity_rejected_never_resolved() {
    for target in ["file:///etc/passwd", "http://127.0.0.1:9/x"] {
        let ss = format!(
            r#"<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY x SYSTEM "{target}">]><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&x;</t></si></sst>"#
        );
        let bytes = simple_xlsx(Some("A1"), &one_string_sheet(), Some(ss));
        rejects(&bytes, "xlsx.dtd_not_allowed");
    }
}

#[test]
fn e52_too_many_entries_rejected() {
    let parts: Vec<(String, Vec<u8>)> = (0..10_001)
        .map(|i| (format!("x/{i}.txt"), Vec::new()))
        .collect();
    let refs: Vec<(&str, Vec<u8>)> = parts.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
    let bytes = zip_parts(&refs);
    let (code, took) = code_of(&bytes, &WorkbookLimits::default());
    eprintln!("E52 10,001 entries: {took:?}");
    assert_eq!(code, "xlsx.too_many_entries");
}

#[test]
fn e52_too_many_sheets_rejected() {
    let sheets: Vec<SheetSpec<'_>> = (0..1_001)
        .map(|_| SheetSpec {
            name: "S",
            state: None,
            xml: String::new(),
        })
        .collect();
    let parts = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
        ("xl/workbook.xml", workbook_xml(&sheets, false).into_bytes()),
    ];
    rejects(&zip_parts(&parts), "xlsx.too_many_sheets");
}

#[test]
fn e53_encrypted_ooxml_in_cfb_is_format_encrypted() {
    let bytes = cfb_with_streams(&["EncryptionInfo", "EncryptedPackage"]);
    rejects(&bytes, "format.encrypted");
    // An OLE file that is neither XLS nor encrypted OOXML (a .doc, say).
    let doc = cfb_with_streams(&["WordDocument"]);
    let err = prescan(&doc, "book.xlsx", &WorkbookLimits::default()).unwrap_err();
    assert_eq!(err.code, "format.unsupported");
    assert_eq!(err.params["format"], "ole");
}

#[test]
fn e54_sniffed_by_magic_bytes_never_the_name() {
    let cases: [(&[u8], &str); 4] = [
        (b"id,date,hours\n1,01/02/2024,3\n", "text"),
        (
            b"<html><body><table><tr><td>1</td></tr></table></body></html>",
            "html",
        ),
        (b"%PDF-1.7\n", "pdf"),
        (b"<?xml version=\"1.0\"?><Workbook/>", "xml"),
    ];
    for (bytes, format) in cases {
        let err = prescan(bytes, "book.xlsx", &WorkbookLimits::default()).unwrap_err();
        assert_eq!(err.code, "format.unsupported");
        assert_eq!(err.params["format"], format);
    }
    let xlsb = zip_parts(&[
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()),
        ("xl/workbook.bin", vec![0; 16]),
    ]);
    let err = prescan(&xlsb, "book.xlsx", &WorkbookLimits::default()).unwrap_err();
    assert_eq!(
        (err.code, err.params["format"].as_str()),
        ("format.unsupported", "xlsb")
    );
    let docx = zip_parts(&[("word/document.xml", b"<w:document/>".to_vec())]);
    let err = prescan(&docx, "book.xlsx", &WorkbookLimits::default()).unwrap_err();
    assert_eq!(
        (err.code, err.params["format"].as_str()),
        ("format.unsupported", "zip")
    );
    // A real XLSX named .csv is still read as XLSX.
    let ok = simple_xlsx(
        Some("A1"),
        r#"<row r="1"><c r="A1"><v>1</v></c></row>"#,
        None,
    );
    let info = prescan(&ok, "data.csv", &WorkbookLimits::default()).unwrap();
    assert_eq!(info.format, WorkbookFormat::Xlsx);
    assert_eq!(
        prescan(b"", "e.xlsx", &WorkbookLimits::default())
            .unwrap_err()
            .code,
        "file.empty"
    );
}

#[test]
fn e55_truncated_archive_is_corrupt() {
    let mut data = String::new();
    for r in 1..=300 {
        data.push_str(&format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#));
    }
    let bytes = simple_xlsx(Some("A1:A300"), &data, None);
    for cut in [bytes.len() * 6 / 10, bytes.len() - 10, 30] {
        rejects(&bytes[..cut], "xlsx.corrupt");
    }
    // A truncated OLE file.
    let ole = cfb_with_streams(&["Workbook"]);
    rejects(&ole[..1000], "xlsx.corrupt");
}

#[test]
fn no_worksheet_is_no_sheets() {
    let bytes = xlsx(&[], None, false);
    rejects(&bytes, "xlsx.no_sheets");
}

#[test]
fn zip_slip_and_odd_names_are_harmless() {
    // Entry names are only looked up, never used as paths.
    let mut parts = vec![("../../evil.xml", b"<x/>".to_vec())];
    let ok = simple_xlsx(
        Some("A1"),
        r#"<row r="1"><c r="A1"><v>1</v></c></row>"#,
        None,
    );
    let _ = ok;
    parts.push(("[Content_Types].xml", CONTENT_TYPES.as_bytes().to_vec()));
    let err = prescan(&zip_parts(&parts), "b.xlsx", &WorkbookLimits::default()).unwrap_err();
    assert_eq!(err.code, "format.unsupported");
    let _ = Cell::Empty;
}
