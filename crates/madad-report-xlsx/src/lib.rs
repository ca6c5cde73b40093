//! The XLSX report: a suppressed [`Report`] and a language in, workbook bytes out.
//!
//! Sheets (names in the report language): Summary (headline numbers, period, K), APA tables
//! (the loneliness table and sentence with italic statistical symbols), Indicators (every
//! published figure with its 95% CI and `n`, withheld values as `<K`), Data dictionary (each
//! indicator's name, formula, caveats, source and place), Excluded rows (counts by reason per
//! file — never the rows; those are only in the downloadable excluded-rows CSV), Settings
//! (versions, dates, definitions in force, tests used) and Suppression audit (every withheld
//! cell with its reason). Hebrew and Arabic sheets are right-to-left.
//!
//! Pure and deterministic: no clock (the document's creation date is the report's as-of date),
//! no I/O; the same report and options give the same bytes. Numbers are written as numbers
//! with number formats, never as pre-formatted text. Text from the user's files (category
//! labels, file names) is written as text only — a cell that a spreadsheet would read as a
//! formula gets Excel's quote prefix (reliability notes §2.3, test D34) — with bidi embedding,
//! override and isolate controls removed (D40). Document metadata is
//! [`DocumentMetadata::for_report`]'s: a title, no author, no file name or path (D42).

mod figures;
pub mod labels;
mod sheets;
mod template;

use madad_core::Report;
use madad_core::export::metadata::DocumentMetadata;
use madad_core::loneliness::apa::Lang;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook};
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use figures::{Cell, Figure, FigureRow, Kind, figure_rows, figures};
pub use template::{TEMPLATE_ROWS, template_headers, template_sheet_names, template_xlsx};

/// Options of [`report_xlsx`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct XlsxOptions {
    /// The report language (`he`, `ar`, `en`); independent of the UI language.
    pub lang: Lang,
    /// The document title (metadata and the summary's first line); a title that looks like a
    /// path, a file name or an identifier is replaced (see [`DocumentMetadata::for_report`]).
    pub title: Option<String>,
}

impl Default for XlsxOptions {
    fn default() -> Self {
        XlsxOptions {
            lang: Lang::He,
            title: None,
        }
    }
}

/// Numbers as JavaScript writes them: a float with an integral value (`761.0` hours) becomes
/// the integer `761`, as `JSON.stringify` prints it. Natively the report's floats keep their
/// type; in the browser they arrive through JSON text. With this both paths read the same
/// numbers, and the CLI and the wasm module write the same bytes.
fn canonical_numbers(mut v: Value) -> Value {
    fn walk(v: &mut Value) {
        match v {
            Value::Number(n) if n.is_f64() => {
                if let Some(x) = n.as_f64() {
                    // Within ±2^53 every integral float is exactly an i64.
                    if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
                        *v = Value::from(x as i64);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(walk),
            Value::Object(map) => map.values_mut().for_each(walk),
            _ => {}
        }
    }
    walk(&mut v);
    v
}

/// Creation date when a report has no date at all: the DOS epoch that ZIP entries carry too.
const NO_DATE: (u16, u8, u8) = (1980, 1, 1);

/// The report's date: the as-of date, else the indicators' as-of date, else the last activity.
fn report_date(report: &Value) -> (u16, u8, u8) {
    ["/asOf", "/definitions/indicatorsAsOf", "/summary/lastDate"]
        .into_iter()
        .filter_map(|p| report.pointer(p).and_then(Value::as_str))
        .find_map(parse_iso)
        .unwrap_or(NO_DATE)
}

fn parse_iso(s: &str) -> Option<(u16, u8, u8)> {
    let mut it = s.splitn(3, '-');
    let y = it.next()?.parse().ok()?;
    let m = it.next()?.parse().ok()?;
    let d = it.next()?.get(..2)?.parse().ok()?;
    Some((y, m, d))
}

/// The workbook of `report` in `options.lang`, as XLSX bytes. Fails (`export.xlsx_failed`)
/// only if the writer refuses a value, which the tests guard against.
pub fn report_xlsx(report: &Report, options: &XlsxOptions) -> madad_core::Result<Vec<u8>> {
    let json = serde_json::to_value(report).map_err(|e| {
        madad_core::Error::general("export.xlsx_failed").with("detail", e.to_string())
    })?;
    report_xlsx_json(&json, options)
}

/// [`report_xlsx`] of a report given as its JSON value (what `JSON.parse` of the report's JSON
/// gives): the wasm module's entry, which needs no decoder per report type.
pub fn report_xlsx_json(report: &Value, options: &XlsxOptions) -> madad_core::Result<Vec<u8>> {
    let fail = |e: rust_xlsxwriter::XlsxError| {
        madad_core::Error::general("export.xlsx_failed").with("detail", e.to_string())
    };
    let lang = options.lang;
    let title = options
        .title
        .clone()
        .unwrap_or_else(|| labels::label(lang, "title"));
    let meta = DocumentMetadata::for_report(&title);
    let (y, m, d) = report_date(report);
    let created = ExcelDateTime::from_ymd(y, m, d)
        .or_else(|_| ExcelDateTime::from_ymd(NO_DATE.0, NO_DATE.1, NO_DATE.2))
        .map_err(fail)?;
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new()
            .set_title(&meta.title)
            .set_author(&meta.author)
            .set_comment(&meta.creator)
            .set_creation_datetime(&created),
    );
    let report = canonical_numbers(report.clone());
    let mut ctx = sheets::Ctx::new(&report, lang, &meta.title);
    ctx.write_all(&mut wb).map_err(fail)?;
    wb.save_to_buffer().map_err(fail)
}
