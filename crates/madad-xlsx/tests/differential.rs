//! Reliability case G82: the same sheet as CSV and as XLSX gives the same statistics, ledger
//! counts and diagnostics.
//!
//! Each CSV is written as an XLSX the way Excel would store it after opening the CSV in an
//! Israeli locale: valid dd/mm/yyyy dates become real dates (serials with a `dd/mm/yyyy` format),
//! plain decimals become numbers, `h:mm` becomes a time (`h:mm` format), everything else stays
//! text. Volunteer ids are text in one variant and numbers in the other. `MADAD_REGENERATE=1`
//! rewrites the committed fixtures under `tests/fixtures/xlsx/`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use madad_core::{
    AnalysisOptions, DatasetBuilder, IngestOptions, Report, SourceFile, analyze, ingest,
};
use madad_xlsx::{ReadOptions, ingest_workbook};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Splits one CSV line (no embedded newlines in these fixtures) into fields.
fn split_csv(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if field.is_empty() => quoted = true,
            (',', false) => out.push(std::mem::take(&mut field)),
            (c, _) => field.push(c),
        }
    }
    out.push(field);
    out
}

fn as_date(s: &str) -> Option<ExcelDateTime> {
    let parts: Vec<&str> = s.split('/').collect();
    if parts.len() != 3 || parts[2].len() != 4 {
        return None;
    }
    let d: u8 = parts[0].parse().ok()?;
    let m: u8 = parts[1].parse().ok()?;
    let y: u16 = parts[2].parse().ok()?;
    let days_in_month = match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if y.is_multiple_of(4) && (!y.is_multiple_of(100) || y.is_multiple_of(400)) => 29,
        2 => 28,
        _ => return None,
    };
    if d == 0 || d > days_in_month {
        return None; // Excel keeps 31/02/2025 as text
    }
    ExcelDateTime::from_ymd(y, m, d).ok()
}

fn is_plain_decimal(s: &str) -> bool {
    let s = s.strip_prefix('-').unwrap_or(s);
    let mut parts = s.splitn(2, '.');
    let int = parts.next().unwrap_or("");
    let frac = parts.next();
    !int.is_empty()
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac.is_none_or(|f| !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()))
}

fn as_time(s: &str) -> Option<f64> {
    let (h, m) = s.split_once(':')?;
    if m.len() != 2 {
        return None;
    }
    let h: u32 = h.parse().ok()?;
    let m: u32 = m.parse().ok()?;
    (m < 60).then(|| (f64::from(h) * 60.0 + f64::from(m)) / 1440.0)
}

/// Writes the CSV text as a one-sheet XLSX. Row `i` of the CSV (0-based line) is Excel row
/// `i + 1`; blank lines are simply absent rows.
fn csv_to_xlsx(text: &str, ids_as_numbers: bool) -> Vec<u8> {
    let mut wb = Workbook::new();
    // A fixed creation time keeps the generated file byte-identical from run to run.
    let created = ExcelDateTime::from_ymd(2025, 1, 1).unwrap();
    wb.set_properties(&DocProperties::new().set_creation_datetime(&created));
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let time = Format::new().set_num_format("h:mm");
    let ws = wb.add_worksheet();
    ws.set_name("יומן שעות").unwrap();
    for (r, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let r = r as u32;
        for (c, v) in split_csv(line).iter().enumerate() {
            let c = c as u16;
            if v.is_empty() {
                continue;
            }
            if r == 0 || (c == 0 && !ids_as_numbers) {
                ws.write_string(r, c, v).unwrap();
            } else if let Some(d) = as_date(v) {
                ws.write_datetime_with_format(r, c, &d, &date).unwrap();
            } else if let Some(t) = as_time(v) {
                ws.write_number_with_format(r, c, t, &time).unwrap();
            } else if is_plain_decimal(v) {
                ws.write_number(r, c, v.parse::<f64>().unwrap()).unwrap();
            } else {
                ws.write_string(r, c, v).unwrap();
            }
        }
    }
    wb.save_to_buffer().unwrap()
}

fn opts(as_of: &str) -> IngestOptions {
    IngestOptions {
        as_of: Some(as_of.to_owned()),
        ..IngestOptions::default()
    }
}

fn analysis() -> AnalysisOptions {
    AnalysisOptions {
        suppression_threshold: 1,
        ..AnalysisOptions::default()
    }
}

fn csv_report(name: &str, bytes: &[u8], as_of: &str) -> Report {
    let ds = ingest(&[SourceFile { name, bytes }], &opts(as_of)).unwrap();
    analyze(&ds, &analysis())
}

fn xlsx_report(name: &str, bytes: &[u8], as_of: &str) -> Report {
    let mut b = DatasetBuilder::new(opts(as_of)).unwrap();
    let read = ingest_workbook(&mut b, name, bytes, &ReadOptions::default()).unwrap();
    assert_eq!(read.sheet.sheet, "יומן שעות");
    analyze(&b.finish(), &analysis())
}

type DiagKey = (Option<u64>, String, Option<String>);

fn diags(r: &Report) -> Vec<DiagKey> {
    let mut d: Vec<DiagKey> = r
        .diagnostics
        .iter()
        .map(|d| (d.row, d.code.clone(), d.column.clone()))
        .collect();
    d.sort();
    d
}

fn counts(r: &Report) -> (u64, u64, u64, u64, u64) {
    let s = &r.sources[0];
    (
        s.header_row,
        s.rows_total,
        s.rows_used,
        s.rows_rejected,
        s.rows_skipped,
    )
}

/// Writes or checks the committed fixture.
fn fixture(name: &str, bytes: &[u8]) {
    let path = root().join("tests/fixtures/xlsx").join(name);
    if std::env::var_os("MADAD_REGENERATE").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap();
    }
    assert!(bytes.len() < 200 * 1024, "{name} is {} bytes", bytes.len());
    if let Ok(committed) = std::fs::read(&path) {
        assert_eq!(
            committed, bytes,
            "{name} differs: re-run with MADAD_REGENERATE=1"
        );
    }
}

struct Compared {
    csv: Report,
    xlsx: Report,
}

fn compare(
    csv_name: &str,
    csv_bytes: &[u8],
    text: &str,
    ids_as_numbers: bool,
    as_of: &str,
    fixture_name: &str,
) -> Compared {
    let xlsx = csv_to_xlsx(text, ids_as_numbers);
    fixture(fixture_name, &xlsx);
    let c = csv_report(csv_name, csv_bytes, as_of);
    let x = xlsx_report(fixture_name, &xlsx, as_of);
    assert_eq!(x.summary, c.summary, "{fixture_name}: summary");
    assert_eq!(
        x.monthly_active, c.monthly_active,
        "{fixture_name}: monthly series"
    );
    assert_eq!(counts(&x), counts(&c), "{fixture_name}: ledger counts");
    assert_eq!(
        x.sources[0].columns, c.sources[0].columns,
        "{fixture_name}: column mapping"
    );
    // Diagnostic parameters may differ where the XLSX cell is typed: a `value` param shows the
    // cell as the core read it. Listed, not asserted.
    for (dc, dx) in c.diagnostics.iter().zip(&x.diagnostics) {
        if dc.params != dx.params {
            eprintln!(
                "{fixture_name}: row {:?} {}: csv {:?} / xlsx {:?}",
                dc.row, dc.code, dc.params, dx.params
            );
        }
    }
    Compared { csv: c, xlsx: x }
}

#[test]
fn g82_golden_hours_small_csv_and_xlsx_agree() {
    let path = root().join("tests/fixtures/golden/hours-small.csv");
    let bytes = std::fs::read(&path).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    for (ids_as_numbers, name) in [
        (false, "hours-small.xlsx"),
        (true, "hours-small-numeric-ids.xlsx"),
    ] {
        let r = compare(
            "hours-small.csv",
            &bytes,
            &text,
            ids_as_numbers,
            "2025-06-30",
            name,
        );
        // Identical, row 16's 8th field under no header included: the core reports it as
        // `csv.too_many_fields` for a sheet row too.
        assert_eq!(diags(&r.xlsx), diags(&r.csv), "{name}: diagnostics");
    }
}

#[test]
fn g82_demo_hours_log_csv_and_xlsx_agree() {
    let bytes = std::fs::read(root().join("tests/fixtures/demo-small/hours_log.csv")).unwrap();
    let (text, _, had_errors) = encoding_rs::WINDOWS_1255.decode(&bytes);
    assert!(!had_errors);
    for (ids_as_numbers, name) in [
        (false, "demo-hours.xlsx"),
        (true, "demo-hours-numeric-ids.xlsx"),
    ] {
        let r = compare(
            "hours_log.csv",
            &bytes,
            &text,
            ids_as_numbers,
            "2026-11-22",
            name,
        );
        assert_eq!(diags(&r.xlsx), diags(&r.csv), "{name}: diagnostics");
    }
}
