//! The container sets the two wasm modules link (`Formats::ZIP` in the XLSX/ODS module,
//! `Formats::OLE` in the XLS module): each reads its containers exactly as `Formats::ALL` (the
//! CLI) does and refuses the other's; and the patched calamine (vendor/README.md), whose
//! compound-file directory names no longer go through encoding_rs, still finds an encrypted
//! package and still reads XLS.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::Cursor;

use calamine::{Reader, Xlsx, XlsxError};
use common::*;
use madad_xlsx::{Formats, ReadOptions, SheetSummary, WorkbookInfo, WorkbookLimits};

type Read = (Vec<(u64, Vec<String>)>, WorkbookInfo, SheetSummary);

fn read_with(formats: Formats, bytes: &[u8]) -> Result<Read, madad_core::Error> {
    let mut rows = Vec::new();
    let (info, summary) =
        formats.read_workbook(bytes, "book", &ReadOptions::default(), &mut |row, cells| {
            rows.push((row, cells.iter().map(|c| format!("{c:?}")).collect()));
            Ok(())
        })?;
    Ok((rows, info, summary))
}

fn small_ods() -> Vec<u8> {
    ods(
        concat!(
            r#"<table:table table:name="גיליון">"#,
            r#"<table:table-row><table:table-cell office:value-type="string"><text:p>מזהה</text:p></table:table-cell></table:table-row>"#,
            r#"<table:table-row><table:table-cell office:value-type="float" office:value="101"><text:p>101</text:p></table:table-cell></table:table-row>"#,
            r#"</table:table>"#,
        ),
        "",
    )
}

#[test]
fn each_set_reads_its_containers_as_all_formats_does() {
    for (name, bytes, set) in [
        ("small.xls", fixture("small.xls"), Formats::OLE),
        ("small-1904.xls", fixture("small-1904.xls"), Formats::OLE),
        (
            "hours-small.xlsx",
            fixture("hours-small.xlsx"),
            Formats::ZIP,
        ),
        ("small.ods", small_ods(), Formats::ZIP),
    ] {
        let all = read_with(Formats::ALL, &bytes).unwrap();
        assert!(!all.0.is_empty(), "{name}: rows read");
        assert_eq!(read_with(set, &bytes).unwrap(), all, "{name}");
    }
}

#[test]
fn each_set_refuses_the_other_container() {
    let limits = WorkbookLimits::default();
    let xls = fixture("small.xls");
    let xlsx = fixture("hours-small.xlsx");
    for (set, bytes, container) in [
        (Formats::ZIP, &xls, "ole"),
        (Formats::OLE, &xlsx, "zip"),
        (Formats::OLE, &small_ods(), "zip"),
    ] {
        let e = set.prescan(bytes, "book", &limits).unwrap_err();
        assert_eq!(
            (e.code, e.params.get("format").map(String::as_str)),
            ("format.unsupported", Some(container))
        );
        let e = read_with(set, bytes).unwrap_err();
        assert_eq!(e.code, "format.unsupported");
    }
    // A pre-scan result handed to the reader of the other container.
    let info = Formats::ALL.prescan(&xls, "book", &limits).unwrap();
    let e = Formats::ZIP
        .read_sheet(&xls, "book", &info, &ReadOptions::default(), &mut |_, _| {
            Ok(())
        })
        .unwrap_err();
    assert_eq!(
        (e.code, e.params.get("format").map(String::as_str)),
        ("format.unsupported", Some("ole"))
    );
    // What no set reads is refused by each with the same code as before the split.
    for set in [Formats::ALL, Formats::ZIP, Formats::OLE] {
        let e = set.prescan(b"id,date\n1,2\n", "book", &limits).unwrap_err();
        assert_eq!(e.code, "format.unsupported");
        assert_eq!(
            set.prescan(b"", "book", &limits).unwrap_err().code,
            "file.empty"
        );
    }
}

#[test]
fn patched_calamine_still_names_compound_file_entries_like_encoding_rs() {
    // The reference: encoding_rs's UTF-16LE decoding, which calamine used before the patch,
    // strips a byte-order mark.
    let bom_name: Vec<u8> = "\u{FEFF}EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    assert_eq!(
        encoding_rs::UTF_16LE.decode(&bom_name).0,
        "EncryptedPackage"
    );
    for names in [
        ["EncryptionInfo", "EncryptedPackage"],
        ["EncryptionInfo", "\u{FEFF}EncryptedPackage"],
    ] {
        let bytes = cfb_with_streams(&names);
        let err = Xlsx::new(Cursor::new(bytes)).err().expect("refused");
        assert!(matches!(err, XlsxError::Password), "{names:?}: {err}");
    }
    // A compound file without the encrypted package is not taken for one.
    let err = Xlsx::new(Cursor::new(cfb_with_streams(&["Workbook"])))
        .err()
        .expect("not a zip");
    assert!(!matches!(err, XlsxError::Password), "{err}");
}
