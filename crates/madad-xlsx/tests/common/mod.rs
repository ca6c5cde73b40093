//! Builders of tiny (often hostile) workbooks, written part by part with the `zip` crate.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::io::{Cursor, Write};
use std::time::{Duration, Instant};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

pub const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;

pub const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const NS_MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const NS_REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// One sheet of a hand-made workbook.
pub struct SheetSpec<'a> {
    pub name: &'a str,
    /// `None`, `Some("hidden")` or `Some("veryHidden")`.
    pub state: Option<&'a str>,
    /// The whole worksheet XML.
    pub xml: String,
}

pub fn sheet_xml(dimension: Option<&str>, sheet_data: &str, after: &str) -> String {
    let dim = dimension
        .map(|d| format!(r#"<dimension ref="{d}"/>"#))
        .unwrap_or_default();
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">{dim}<sheetData>{sheet_data}</sheetData>{after}</worksheet>"#
    )
}

pub fn workbook_xml(sheets: &[SheetSpec<'_>], date1904: bool) -> String {
    let mut s = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{NS_MAIN}" xmlns:r="{NS_REL}">"#
    );
    if date1904 {
        s.push_str(r#"<workbookPr date1904="1"/>"#);
    }
    s.push_str("<sheets>");
    for (i, sh) in sheets.iter().enumerate() {
        let state = sh
            .state
            .map(|st| format!(r#" state="{st}""#))
            .unwrap_or_default();
        s.push_str(&format!(
            r#"<sheet name="{}" sheetId="{}"{state} r:id="rId{}"/>"#,
            sh.name,
            i + 1,
            i + 1
        ));
    }
    s.push_str("</sheets></workbook>");
    s
}

pub fn workbook_rels(n: usize) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for i in 1..=n {
        s.push_str(&format!(r#"<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>"#));
    }
    s.push_str(&format!(r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>"#, n + 1));
    s.push_str(&format!(r#"<Relationship Id="rId{}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>"#, n + 2));
    s.push_str("</Relationships>");
    s
}

pub fn shared_strings_xml(strings: &[&str], declared: Option<(u64, u64)>) -> String {
    let (count, unique) = declared.unwrap_or((strings.len() as u64, strings.len() as u64));
    let mut s = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{NS_MAIN}" count="{count}" uniqueCount="{unique}">"#
    );
    for t in strings {
        s.push_str(&format!("<si><t>{t}</t></si>"));
    }
    s.push_str("</sst>");
    s
}

/// A zip of `(name, content)` parts, deflated.
pub fn zip_parts(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, data) in parts {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// Cell formats: index 1 is a date (built-in format 14, `m/d/yyyy`), 2 a `[h]:mm` duration.
pub const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="[h]:mm"/></numFmts><cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"#;

/// A whole XLSX from sheets and shared strings.
pub fn xlsx(sheets: &[SheetSpec<'_>], shared: Option<String>, date1904: bool) -> Vec<u8> {
    xlsx_with_styles(sheets, shared, date1904, None)
}

/// A whole XLSX from sheets, shared strings and a styles part.
pub fn xlsx_with_styles(
    sheets: &[SheetSpec<'_>],
    shared: Option<String>,
    date1904: bool,
    styles: Option<&str>,
) -> Vec<u8> {
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("[Content_Types].xml".into(), CONTENT_TYPES.into()),
        ("_rels/.rels".into(), ROOT_RELS.into()),
        (
            "xl/workbook.xml".into(),
            workbook_xml(sheets, date1904).into_bytes(),
        ),
        (
            "xl/_rels/workbook.xml.rels".into(),
            workbook_rels(sheets.len()).into_bytes(),
        ),
    ];
    for (i, sh) in sheets.iter().enumerate() {
        parts.push((
            format!("xl/worksheets/sheet{}.xml", i + 1),
            sh.xml.clone().into_bytes(),
        ));
    }
    if let Some(ss) = shared {
        parts.push(("xl/sharedStrings.xml".into(), ss.into_bytes()));
    }
    if let Some(st) = styles {
        parts.push(("xl/styles.xml".into(), st.as_bytes().to_vec()));
    }
    let refs: Vec<(&str, Vec<u8>)> = parts.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
    zip_parts(&refs)
}

/// A one-sheet XLSX with the given sheet data.
pub fn simple_xlsx(dimension: Option<&str>, sheet_data: &str, shared: Option<String>) -> Vec<u8> {
    xlsx(
        &[SheetSpec {
            name: "Sheet1",
            state: None,
            xml: sheet_xml(dimension, sheet_data, ""),
        }],
        shared,
        false,
    )
}

/// Runs `f`, asserting it takes less than `bound` (generous: CI machines are slow; the measured
/// figures are reported separately).
#[allow(clippy::disallowed_methods)] // A test's own stopwatch; the library never reads a clock.
pub fn timed<T>(bound: Duration, f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    assert!(took < bound, "took {took:?}, bound {bound:?}");
    (out, took)
}

/// A minimal OLE2 (CFB v3) container holding empty streams with these names: header, one FAT
/// sector, one directory sector.
pub fn cfb_with_streams(names: &[&str]) -> Vec<u8> {
    assert!(names.len() <= 3, "one directory sector holds 4 entries");
    let mut out = vec![0u8; 512 * 3];
    out[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    out[0x18..0x1A].copy_from_slice(&0x3Eu16.to_le_bytes()); // minor version
    out[0x1A..0x1C].copy_from_slice(&3u16.to_le_bytes()); // major version 3
    out[0x1C..0x1E].copy_from_slice(&0xFFFEu16.to_le_bytes()); // byte order
    out[0x1E..0x20].copy_from_slice(&9u16.to_le_bytes()); // 512-byte sectors
    out[0x20..0x22].copy_from_slice(&6u16.to_le_bytes()); // 64-byte mini sectors
    out[0x2C..0x30].copy_from_slice(&1u32.to_le_bytes()); // one FAT sector
    out[0x30..0x34].copy_from_slice(&1u32.to_le_bytes()); // directory at sector 1
    out[0x38..0x3C].copy_from_slice(&4096u32.to_le_bytes()); // mini stream cutoff
    out[0x3C..0x40].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no mini FAT
    out[0x44..0x48].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes()); // no DIFAT sectors
    for i in 0..109 {
        let v: u32 = if i == 0 { 0 } else { 0xFFFF_FFFF };
        out[0x4C + 4 * i..0x50 + 4 * i].copy_from_slice(&v.to_le_bytes());
    }
    // FAT (sector 0 at offset 512): sector 0 is a FAT sector, sector 1 ends the directory chain.
    let fat = 512;
    out[fat..fat + 4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes());
    out[fat + 4..fat + 8].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    for i in 2..128 {
        out[fat + 4 * i..fat + 4 * i + 4].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
    }
    // Directory (sector 1 at offset 1024).
    let dir = 1024;
    let mut entry = |slot: usize, name: &str, kind: u8, child: u32, right: u32| {
        let at = dir + 128 * slot;
        let units: Vec<u16> = name.encode_utf16().collect();
        for (i, u) in units.iter().enumerate() {
            out[at + 2 * i..at + 2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        out[at + 0x40..at + 0x42].copy_from_slice(&(((units.len() + 1) * 2) as u16).to_le_bytes());
        out[at + 0x42] = kind;
        out[at + 0x43] = 1; // black
        out[at + 0x44..at + 0x48].copy_from_slice(&0xFFFF_FFFFu32.to_le_bytes());
        out[at + 0x48..at + 0x4C].copy_from_slice(&right.to_le_bytes());
        out[at + 0x4C..at + 0x50].copy_from_slice(&child.to_le_bytes());
        out[at + 0x74..at + 0x78].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
    };
    let none = 0xFFFF_FFFF;
    entry(
        0,
        "Root Entry",
        5,
        if names.is_empty() { none } else { 1 },
        none,
    );
    for (i, name) in names.iter().enumerate() {
        let right = if i + 1 < names.len() {
            (i + 2) as u32
        } else {
            none
        };
        entry(i + 1, name, 2, none, right);
    }
    out
}

/// Peak resident memory of this process so far (Linux `VmHWM`), in bytes.
pub fn peak_rss() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// A minimal ODS: `mimetype` first (stored) and `content.xml` with the given body.
pub fn ods(office_body: &str, automatic_styles: &str) -> Vec<u8> {
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" office:version="1.2"><office:automatic-styles>{automatic_styles}</office:automatic-styles><office:body><office:spreadsheet>{office_body}</office:spreadsheet></office:body></office:document-content>"#
    );
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    let deflated = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    w.start_file("mimetype", stored).unwrap();
    w.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    w.start_file("content.xml", deflated).unwrap();
    w.write_all(content.as_bytes()).unwrap();
    w.start_file("META-INF/manifest.xml", deflated).unwrap();
    w.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    w.finish().unwrap().into_inner()
}

/// The committed fixture `tests/fixtures/xlsx/<name>`.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/xlsx")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Sets the last-row field of every BIFF8 DIMENSIONS record in an XLS file to `rows`.
pub fn patch_xls_dimensions(bytes: &mut [u8], rows: u32) -> usize {
    let mut n = 0;
    for at in 0..bytes.len().saturating_sub(18) {
        if bytes[at..at + 4] == [0x00, 0x02, 0x0E, 0x00] {
            bytes[at + 8..at + 12].copy_from_slice(&rows.to_le_bytes());
            n += 1;
        }
    }
    n
}
