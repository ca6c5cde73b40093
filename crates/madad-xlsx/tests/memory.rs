//! Bounded memory for the hostile cases (E44–E50, the XLS and ODS extent bombs): one test, run
//! alone in its own binary, so the process's peak resident memory (Linux `VmHWM`) measures
//! what the pre-scan and the sparse reader allocate. Without the pre-scan calamine asks for
//! 4.8 GB (E44), 550 GB (E46) or aborts on a capacity overflow (XLS DIMENSIONS).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::time::Instant;

use common::*;
use madad_xlsx::{ReadOptions, WorkbookLimits, prescan, read_workbook};

const MIB: u64 = 1024 * 1024;

#[test]
#[allow(clippy::disallowed_methods)] // A test's own stopwatch; the library never reads a clock.
fn hostile_workbooks_stay_within_bounded_memory() {
    // Build every input first, so building does not count.
    let one = r#"<row r="1"><c r="A1" t="s"><v>0</v></c></row>"#;
    let e44 = simple_xlsx(
        Some("A1"),
        one,
        Some(shared_strings_xml(&["x"], Some((200_000_000, 200_000_000)))),
    );
    let e45 = simple_xlsx(
        Some("A1"),
        one,
        Some(shared_strings_xml(&["x"], Some((100_000_000, 100_000_000)))),
    );
    let e46 = simple_xlsx(
        Some("A1:XFD1048576"),
        r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>"#,
        None,
    );
    let e47 = simple_xlsx(
        Some("A1:CV200000"),
        r#"<row r="1"><c r="A1"><v>1</v></c></row><row r="200000"><c r="CV200000"><v>2</v></c></row>"#,
        None,
    );
    let e48 = simple_xlsx(Some("A1"), &" ".repeat(8 * 1024 * 1024), None);
    let e50 = xlsx(
        &[SheetSpec {
            name: "S",
            state: None,
            xml: format!(
                r#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "{}"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&c;</t></is></c></row></sheetData></worksheet>"#,
                "x".repeat(1000)
            ),
        }],
        None,
        false,
    );
    let mut xls = fixture("small.xls");
    patch_xls_dimensions(&mut xls, 0x7FFF_FFFF);
    let ods_bomb = ods(
        r#"<table:table table:name="S"><table:table-row><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"/></table:table-row><table:table-row table:number-rows-repeated="1048574"><table:table-cell/></table:table-row><table:table-row><table:table-cell office:value-type="float" office:value="1"/></table:table-row></table:table>"#,
        "",
    );

    // Reset the high-water mark to the current resident size (Linux ≥ 4.0), so the inputs'
    // construction is not what is measured.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let before = peak_rss();
    let limits = WorkbookLimits::default();
    let options = ReadOptions::default();
    let cases: [(&str, &[u8]); 8] = [
        ("E44", &e44),
        ("E45", &e45),
        ("E46", &e46),
        ("E47", &e47),
        ("E48", &e48),
        ("E50", &e50),
        ("XLS DIMENSIONS", &xls),
        ("ODS extent", &ods_bomb),
    ];
    for (case, bytes) in cases {
        let start = Instant::now();
        let outcome = match prescan(bytes, "hostile", &limits) {
            Err(e) => e.code.to_owned(),
            Ok(_) => {
                let mut cells = 0usize;
                read_workbook(bytes, "hostile", &options, &mut |_, c| {
                    cells += c.len();
                    Ok(())
                })
                .map(|(_, s)| format!("read {} cells", s.cells_read))
                .unwrap_or_else(|e| e.code.to_owned())
            }
        };
        eprintln!(
            "{case}: {outcome} in {:?} ({} bytes)",
            start.elapsed(),
            bytes.len()
        );
    }
    if let (Some(before), Some(after)) = (before, peak_rss()) {
        let growth = after.saturating_sub(before);
        eprintln!("peak RSS growth: {:.1} MiB", growth as f64 / MIB as f64);
        assert!(growth < 64 * MIB, "peak RSS grew by {growth} bytes");
    }
}
