//! Reading sheets as typed rows: cell types (G77, G78, G80), hidden sheets and merged regions
//! (G79), gaps and row numbers (G73), XLS and ODS through the dense reader after the pre-scan.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::*;
use madad_xlsx::{
    ReadOptions, SheetSummary, SheetVisibility, WorkbookFormat, WorkbookInfo, WorkbookLimits,
    prescan, read_workbook,
};

type Rows = Vec<(u64, Vec<String>)>;

fn read(bytes: &[u8], options: &ReadOptions) -> (Rows, WorkbookInfo, SheetSummary) {
    let mut rows = Vec::new();
    let (info, summary) = read_workbook(bytes, "book", options, &mut |row, cells| {
        rows.push((row, cells.iter().map(|c| format!("{c:?}")).collect()));
        Ok(())
    })
    .unwrap();
    (rows, info, summary)
}

fn row(rows: &Rows, n: u64) -> &[String] {
    &rows.iter().find(|(r, _)| *r == n).unwrap().1
}

#[test]
fn g77_g78_types_errors_and_formulas_without_cached_values() {
    let data = concat!(
        r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>שעות</t></is></c></row>"#,
        r#"<row r="2"><c r="A2"><v>101</v></c><c r="B2" t="e"><v>#N/A</v></c><c r="C2" t="e"><v>#DIV/0!</v></c><c r="D2" t="b"><v>1</v></c></row>"#,
        // Formula cells: no <v>, an empty <v>, a cached number, a cached string.
        r#"<row r="3"><c r="A3"><f>A2*2</f></c><c r="B3"><f>1+1</f><v></v></c><c r="C3"><f>1+1</f><v>2</v></c><c r="D3" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>"#,
        // A shared-formula child written as a self-closing <f .../> with no value.
        r#"<row r="4"><c r="A4"><f t="shared" ref="A4:A5" si="0">B4</f><v>7</v></c></row>"#,
        r#"<row r="5"><c r="A5"><f t="shared" si="0"/></c><c r="B5"><v>1</v></c></row>"#,
    );
    let bytes = simple_xlsx(
        Some("A1:D5"),
        data,
        Some(shared_strings_xml(&["מזהה"], None)),
    );
    let (rows, _, summary) = read(&bytes, &ReadOptions::default());
    assert_eq!(row(&rows, 1), ["Text(\"מזהה\")", "Text(\"שעות\")"]);
    assert_eq!(
        row(&rows, 2),
        [
            "Number(101.0)",
            "Error(\"#N/A\")",
            "Error(\"#DIV/0!\")",
            "Bool(true)"
        ]
    );
    assert_eq!(
        row(&rows, 3),
        [
            "FormulaWithoutValue",
            "FormulaWithoutValue",
            "Number(2.0)",
            "Text(\"ab\")"
        ]
    );
    assert_eq!(row(&rows, 4), ["Number(7.0)"]);
    assert_eq!(row(&rows, 5), ["FormulaWithoutValue", "Number(1.0)"]);
    assert_eq!(summary.formulas_without_value, 3);
}

#[test]
fn g80_dates_1900_and_1904_give_the_same_serial() {
    // 2024-01-01 is 45292 in the 1900 system and 43830 in the 1904 system.
    let sheet = |serial: &str| {
        sheet_xml(
            Some("A1:C1"),
            &format!(
                r#"<row r="1"><c r="A1" s="1"><v>{serial}</v></c><c r="B1" s="2"><v>1.5</v></c><c r="C1" s="1"><v>0.25</v></c></row>"#
            ),
            "",
        )
    };
    for (serial, date1904) in [("45292", false), ("43830", true)] {
        let bytes = xlsx_with_styles(
            &[SheetSpec {
                name: "S",
                state: None,
                xml: sheet(serial),
            }],
            None,
            date1904,
            Some(STYLES),
        );
        let (rows, info, _) = read(&bytes, &ReadOptions::default());
        assert_eq!(info.date1904, date1904);
        // Durations and times of day have no epoch and are not shifted.
        assert_eq!(
            row(&rows, 1),
            ["DateTime(45292.0)", "DateTime(1.5)", "DateTime(0.25)"],
            "date1904={date1904}"
        );
    }
}

#[test]
fn g79_hidden_sheets_listed_and_skipped_by_default_merged_regions_listed() {
    let cell = |v: &str| format!(r#"<row r="1"><c r="A1"><v>{v}</v></c></row>"#);
    let merged =
        r#"<mergeCells count="2"><mergeCell ref="A5:C5"/><mergeCell ref="B7:B9"/></mergeCells>"#;
    let bytes = xlsx(
        &[
            SheetSpec {
                name: "מוסתר",
                state: Some("hidden"),
                xml: sheet_xml(Some("A1"), &cell("1"), ""),
            },
            SheetSpec {
                name: "ריק",
                state: None,
                xml: sheet_xml(Some("A1"), "", "")
                    .replace("<sheetData></sheetData>", "<sheetData/>"),
            },
            SheetSpec {
                name: "נתונים",
                state: None,
                xml: sheet_xml(Some("A1"), &cell("2"), merged),
            },
            SheetSpec {
                name: "סודי",
                state: Some("veryHidden"),
                xml: sheet_xml(Some("A1"), &cell("3"), ""),
            },
        ],
        None,
        false,
    );
    let (rows, info, summary) = read(&bytes, &ReadOptions::default());
    let vis: Vec<_> = info
        .sheets
        .iter()
        .map(|s| (s.name.as_str(), s.visibility, s.empty))
        .collect();
    assert_eq!(
        vis,
        [
            ("מוסתר", SheetVisibility::Hidden, false),
            ("ריק", SheetVisibility::Visible, true),
            ("נתונים", SheetVisibility::Visible, false),
            ("סודי", SheetVisibility::VeryHidden, false),
        ]
    );
    assert_eq!(summary.sheet, "נתונים");
    assert_eq!(rows, vec![(1, vec!["Number(2.0)".to_owned()])]);
    assert_eq!(summary.hidden_sheets, ["מוסתר", "סודי"]);
    assert_eq!(summary.merged, ["A5:C5", "B7:B9"]);
    // A hidden sheet can be read when named.
    let named = ReadOptions {
        sheet: Some("מוסתר".into()),
        ..ReadOptions::default()
    };
    assert_eq!(
        read(&bytes, &named).0,
        vec![(1, vec!["Number(1.0)".to_owned()])]
    );
    let missing = ReadOptions {
        sheet: Some("אין".into()),
        ..ReadOptions::default()
    };
    let err = read_workbook(&bytes, "book", &missing, &mut |_, _| Ok(())).unwrap_err();
    assert_eq!(err.code, "xlsx.sheet_not_found");
}

#[test]
fn g79_hidden_rows_columns_and_merged_regions_found_across_stream_windows() {
    // ~6 MB of sheet XML: the pre-scan reads it in 64 KiB windows, so tags straddle boundaries.
    let mut data = String::new();
    let mut merged = String::from("<mergeCells>");
    let mut hidden = Vec::new();
    for r in 1..=60_000u64 {
        let h = if r % 7 == 0 {
            hidden.push(r);
            r#" hidden="1""#
        } else {
            ""
        };
        data.push_str(&format!(
            r#"<row r="{r}" spans="1:3"{h}><c r="A{r}"><v>{r}</v></c><c r="B{r}" t="inlineStr"><is><t>x{r}</t></is></c></row>"#
        ));
    }
    for r in (1..=3_000u64).step_by(3) {
        merged.push_str(&format!(r#"<mergeCell ref="C{r}:D{}"/>"#, r + 1));
    }
    merged.push_str("</mergeCells>");
    let cols = r#"<cols><col min="2" max="3" width="0" hidden="1" customWidth="1"/><col min="5" max="5" width="9"/></cols>"#;
    let xml = sheet_xml(Some("A1:B60000"), &data, &merged)
        .replace("<sheetData>", &format!("{cols}<sheetData>"));
    let bytes = xlsx(
        &[SheetSpec {
            name: "S",
            state: None,
            xml,
        }],
        None,
        false,
    );
    let info = prescan(&bytes, "b.xlsx", &WorkbookLimits::default()).unwrap();
    let s = &info.sheets[0];
    assert_eq!(s.hidden_rows_count, hidden.len() as u64);
    assert_eq!(s.hidden_rows, hidden[..1_000]);
    assert_eq!(s.merged_count, 1_000);
    assert_eq!(s.merged[999], "C2998:D2999");
    assert_eq!(s.hidden_columns, ["B:C"]);
}

#[test]
fn g73_gaps_become_empty_rows_leading_and_formatting_only_rows_do_not() {
    let data = concat!(
        r#"<row r="3"><c r="A3"><v>1</v></c></row>"#,
        r#"<row r="4" s="1" customFormat="1"><c r="A4" s="1"/></row>"#,
        r#"<row r="6"><c r="B6"><v>2</v></c><c r="C6" s="1"/></row>"#,
        r#"<row r="9" s="1" customFormat="1"/>"#,
    );
    let bytes = simple_xlsx(Some("A3:C9"), data, None);
    let (rows, _, summary) = read(&bytes, &ReadOptions::default());
    let numbers: Vec<(u64, usize)> = rows.iter().map(|(r, c)| (*r, c.len())).collect();
    assert_eq!(numbers, [(3, 1), (4, 0), (5, 0), (6, 2)]);
    assert_eq!(
        (summary.first_row, summary.last_row, summary.rows_emitted),
        (Some(3), Some(6), 4)
    );
    // A header row: rows above it are not passed on.
    let from5 = ReadOptions {
        header_row: Some(5),
        ..ReadOptions::default()
    };
    let (rows, _, _) = read(&bytes, &from5);
    assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [6]);
    // A gap longer than the limit is a jump, counted.
    let short = ReadOptions {
        limits: WorkbookLimits {
            max_empty_row_run: 1,
            ..WorkbookLimits::default()
        },
        ..ReadOptions::default()
    };
    let (rows, _, summary) = read(&bytes, &short);
    assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [3, 6]);
    assert_eq!(summary.empty_rows_omitted, 2);
}

#[test]
fn xls_fixture_read_with_types_merged_and_hidden_sheets() {
    for (name, date1904) in [("small.xls", false), ("small-1904.xls", true)] {
        let bytes = fixture(name);
        let (rows, info, summary) = read(&bytes, &ReadOptions::default());
        assert_eq!(info.format, WorkbookFormat::Xls);
        assert_eq!(info.date1904, date1904);
        assert_eq!(summary.sheet, "נתונים");
        assert_eq!(summary.hidden_sheets, ["מוסתר"]);
        assert_eq!(summary.merged, ["A7:C7"]);
        assert_eq!(
            row(&rows, 1),
            [
                "Text(\"מזהה מתנדב\")",
                "Text(\"תאריך\")",
                "Text(\"שעות\")",
                "Text(\"סטטוס\")"
            ]
        );
        // 2025-01-05 is serial 45662 and 2024-01-01 is 45292, whatever the workbook's system.
        assert_eq!(
            row(&rows, 2),
            [
                "Text(\"101\")",
                "DateTime(45662.0)",
                "Number(2.0)",
                "Text(\"מאושר\")"
            ],
            "{name}"
        );
        assert_eq!(row(&rows, 3)[..2], ["Number(102.0)", "DateTime(45292.0)"]);
        assert_eq!(row(&rows, 4), Vec::<String>::new());
        assert_eq!(row(&rows, 5), ["Number(103.0)", "Bool(true)"]);
        assert_eq!(row(&rows, 6), ["Text(\"hidden row\")"]);
        assert_eq!(summary.hidden_rows, [6]);
        assert_eq!(row(&rows, 7), ["Text(\"merged\")"]);
    }
}

#[test]
fn xls_dimensions_record_bomb_rejected_before_calamine() {
    // calamine reserves rows × columns from the DIMENSIONS record: 2³¹ rows would abort.
    let mut bytes = fixture("small.xls");
    assert!(patch_xls_dimensions(&mut bytes, 0x7FFF_FFFF) >= 1);
    let err = prescan(&bytes, "b.xls", &WorkbookLimits::default()).unwrap_err();
    assert_eq!(err.code, "xlsx.sheet_extent");
}

#[test]
fn ods_read_with_hidden_table_and_repeats() {
    let styles = r#"<style:style style:name="ta1" style:family="table"><style:table-properties table:display="true"/></style:style><style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>"#;
    let body = concat!(
        r#"<table:table table:name="גלוי" table:style-name="ta1">"#,
        r#"<table:table-row><table:table-cell office:value-type="string" table:number-columns-spanned="2"><text:p>מזהה</text:p></table:table-cell><table:covered-table-cell/></table:table-row>"#,
        r#"<table:table-row table:number-rows-repeated="2" table:visibility="collapse"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
        r#"<table:table-row><table:table-cell office:value-type="float" office:value="101"><text:p>101</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="2025-01-05"><text:p>05/01/2025</text:p></table:table-cell><table:table-cell table:number-columns-repeated="1022"/></table:table-row>"#,
        r#"<table:table-row table:number-rows-repeated="1048572"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#,
        r#"</table:table>"#,
        r#"<table:table table:name="מוסתר" table:style-name="ta2"><table:table-row><table:table-cell office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row></table:table>"#,
    );
    let bytes = ods(body, styles);
    let (rows, info, summary) = read(&bytes, &ReadOptions::default());
    assert_eq!(info.format, WorkbookFormat::Ods);
    assert_eq!(info.sheets[1].visibility, SheetVisibility::Hidden);
    assert_eq!(info.sheets[0].extent_cells, Some(8));
    assert_eq!(summary.hidden_sheets, ["מוסתר"]);
    assert_eq!(summary.merged, ["A1:B1"]);
    assert_eq!(summary.hidden_rows, [2, 3]);
    assert_eq!(rows.iter().map(|r| r.0).collect::<Vec<_>>(), [1, 2, 3, 4]);
    // ODS dates arrive as ISO text; the core reads ISO dates.
    assert_eq!(row(&rows, 1), ["Text(\"מזהה\")"]);
    assert_eq!(row(&rows, 4), ["Number(101.0)", "Text(\"2025-01-05\")"]);
}

#[test]
fn ods_extent_bomb_rejected_before_calamine() {
    // Two used rows a million rows apart, three columns wide: calamine would densify 3 M cells.
    let body = concat!(
        r#"<table:table table:name="S">"#,
        r#"<table:table-row><table:table-cell table:number-columns-repeated="3" office:value-type="float" office:value="1"/></table:table-row>"#,
        r#"<table:table-row table:number-rows-repeated="1000000"><table:table-cell/></table:table-row>"#,
        r#"<table:table-row><table:table-cell table:number-columns-repeated="3" office:value-type="float" office:value="1"/></table:table-row>"#,
        r#"</table:table>"#,
    );
    let err = prescan(&ods(body, ""), "b.ods", &WorkbookLimits::default()).unwrap_err();
    assert_eq!(err.code, "xlsx.sheet_extent");
    assert_eq!(err.params["found"], "3000006");
}
