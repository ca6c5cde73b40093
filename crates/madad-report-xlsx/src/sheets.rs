//! The sheets of the workbook, each from the report only.

use std::borrow::Cow;

use madad_core::export::bidi::strip_bidi_controls;
use madad_core::export::csv::neutralize;
use madad_core::loneliness::apa::Lang;
use madad_core::privacy::suppress::suppressed_marker;
use rust_xlsxwriter::{
    ExcelDateTime, Format, FormatBorder, FormatScript, Workbook, Worksheet, XlsxError,
};
use serde_json::Value;

use crate::figures::{Cell, Kind, figures, published};
use crate::labels::{label, label_k};

type R<T = ()> = Result<T, XlsxError>;

/// The formats and the report shared by every sheet. The report is read as its JSON value
/// (the `Report` shape, camelCase), so the wasm module needs no decoder per report type.
pub struct Ctx<'a> {
    json: &'a Value,
    lang: Lang,
    title: String,
    k: u32,
    marker: String,
    bold: Format,
    title_fmt: Format,
    header: Format,
    int: Format,
    dec: Format,
    pct: Format,
    date: Format,
    quoted: Format,
    wrap: Format,
    italic: Format,
    subscript: Format,
    plain: Format,
    rule_bottom: Format,
}

impl<'a> Ctx<'a> {
    /// Formats for `report` in `lang`.
    pub fn new(json: &'a Value, lang: Lang, title: &str) -> Self {
        let k = u32_at(json, "/definitions/suppressionThreshold").unwrap_or(10);
        Ctx {
            json,
            lang,
            title: title.to_owned(),
            k,
            marker: suppressed_marker(u64::from(k)),
            bold: Format::new().set_bold(),
            title_fmt: Format::new().set_bold().set_font_size(14),
            header: Format::new()
                .set_bold()
                .set_border_top(FormatBorder::Thin)
                .set_border_bottom(FormatBorder::Thin),
            int: Format::new().set_num_format("#,##0"),
            dec: Format::new().set_num_format("#,##0.00"),
            pct: Format::new().set_num_format("0.0%"),
            date: Format::new().set_num_format("dd/mm/yyyy"),
            quoted: Format::new().set_quote_prefix(),
            wrap: Format::new().set_text_wrap(),
            italic: Format::new().set_italic(),
            subscript: Format::new().set_font_script(FormatScript::Subscript),
            plain: Format::new(),
            rule_bottom: Format::new().set_border_bottom(FormatBorder::Thin),
        }
    }

    fn l(&self, key: &str) -> String {
        label(self.lang, key)
    }

    /// Adds every sheet.
    pub fn write_all(&mut self, wb: &mut Workbook) -> R {
        let names = [
            "sheet.summary",
            "sheet.apa",
            "sheet.indicators",
            "sheet.dictionary",
            "sheet.excluded",
            "sheet.settings",
            "sheet.suppression",
        ];
        for (i, key) in names.into_iter().enumerate() {
            let ws = wb.add_worksheet();
            ws.set_name(self.l(key))?;
            if matches!(self.lang, Lang::He | Lang::Ar) {
                ws.set_right_to_left(true);
            }
            ws.set_paper_size(9); // A4
            match i {
                0 => self.summary(ws)?,
                1 => self.apa(ws)?,
                2 => self.indicators(ws)?,
                3 => self.dictionary(ws)?,
                4 => self.excluded(ws)?,
                5 => self.settings(ws)?,
                _ => self.suppression(ws)?,
            };
        }
        Ok(())
    }

    /// Text from the report or the user's files: bidi controls removed, quote-prefixed when a
    /// spreadsheet would read it as a formula.
    fn text(&self, ws: &mut Worksheet, row: u32, col: u16, s: &str) -> R {
        let clean = strip_bidi_controls(s);
        if clean.is_empty() {
            return Ok(());
        }
        if matches!(neutralize(&clean), Cow::Owned(_)) {
            ws.write_string_with_format(row, col, clean.as_ref(), &self.quoted)?;
        } else {
            ws.write_string(row, col, clean.as_ref())?;
        }
        Ok(())
    }

    fn text_fmt(&self, ws: &mut Worksheet, row: u32, col: u16, s: &str, f: &Format) -> R {
        ws.write_string_with_format(row, col, strip_bidi_controls(s).as_ref(), f)?;
        Ok(())
    }

    fn cell(&self, ws: &mut Worksheet, row: u32, col: u16, c: Cell, kind: Kind) -> R {
        match c {
            Cell::Number(x) if x.is_finite() => {
                let f = match kind {
                    Kind::Count => &self.int,
                    Kind::Share => &self.pct,
                    Kind::Number => &self.dec,
                };
                ws.write_number_with_format(row, col, x, f)?;
            }
            Cell::Suppressed => {
                ws.write_string(row, col, &self.marker)?;
            }
            _ => {
                ws.write_string(row, col, "—")?;
            }
        }
        Ok(())
    }

    /// The published value at `ptr` (`{value, suppressed}`).
    fn published(&self, ws: &mut Worksheet, row: u32, col: u16, ptr: &str, kind: Kind) -> R {
        let c = self
            .json
            .pointer(ptr)
            .and_then(published)
            .unwrap_or(Cell::Missing);
        self.cell(ws, row, col, c, kind)
    }

    fn date(&self, ws: &mut Worksheet, row: u32, col: u16, iso: Option<&str>) -> R {
        let parsed = iso.and_then(crate::parse_iso);
        match parsed.and_then(|(y, m, d)| ExcelDateTime::from_ymd(y, m, d).ok()) {
            Some(dt) => {
                ws.write_datetime_with_format(row, col, &dt, &self.date)?;
            }
            None => {
                ws.write_string(row, col, iso.unwrap_or("—"))?;
            }
        }
        Ok(())
    }

    fn headers(&self, ws: &mut Worksheet, row: u32, keys: &[&str]) -> R {
        for (c, key) in keys.iter().enumerate() {
            ws.write_string_with_format(row, c as u16, self.l(key), &self.header)?;
        }
        Ok(())
    }

    fn summary(&self, ws: &mut Worksheet) -> R {
        let r = self.json;
        self.text_fmt(ws, 0, 0, &self.title, &self.title_fmt)?;
        let mut row = 1;
        if r.get("sampleData").and_then(Value::as_bool) == Some(true) {
            self.text_fmt(ws, row, 0, &self.l("sample"), &self.bold)?;
            row += 1;
        }
        row += 1;
        for (key, ptr) in [
            ("asOf", "/asOf"),
            ("periodFrom", "/summary/firstDate"),
            ("periodTo", "/summary/lastDate"),
        ] {
            ws.write_string(row, 0, self.l(key))?;
            self.date(ws, row, 1, str_at(r, ptr))?;
            row += 1;
        }
        ws.write_string(row, 0, self.l("threshold"))?;
        ws.write_number_with_format(row, 1, f64::from(self.k), &self.int)?;
        row += 2;
        for (key, ptr, kind) in [
            ("kpi.volunteers", "/summary/volunteers", Kind::Count),
            ("kpi.approvedHours", "/summary/approvedHours", Kind::Number),
            (
                "kpi.meanHours",
                "/summary/meanHoursPerVolunteer",
                Kind::Number,
            ),
            (
                "kpi.medianHours",
                "/summary/medianHoursPerVolunteer",
                Kind::Number,
            ),
        ] {
            ws.write_string(row, 0, self.l(key))?;
            self.published(ws, row, 1, ptr, kind)?;
            row += 1;
        }
        row += 1;
        for key in ["approved", "pending", "rejected", "unknown"] {
            ws.write_string(row, 0, self.l(&format!("activities.{key}")))?;
            let n = f64_at(r, &format!("/summary/activities/{key}")).unwrap_or(0.0);
            ws.write_number_with_format(row, 1, n, &self.int)?;
            row += 1;
        }
        row += 1;
        let sources = array_at(r, "/sources");
        for (key, field) in [
            ("rows.total", "rowsTotal"),
            ("rows.used", "rowsUsed"),
            ("rows.rejected", "rowsRejected"),
            ("rows.skipped", "rowsSkipped"),
        ] {
            let n: f64 = sources
                .iter()
                .filter_map(|l| l.get(field).and_then(Value::as_f64))
                .sum();
            ws.write_string(row, 0, self.l(key))?;
            ws.write_number_with_format(row, 1, n, &self.int)?;
            row += 1;
        }
        row += 1;
        self.text_fmt(
            ws,
            row,
            0,
            &label_k(self.lang, "suppressedNote", self.k),
            &self.italic,
        )?;
        row += 1;
        ws.write_string(row, 0, self.l("settings.madadVersion"))?;
        ws.write_string(row, 1, str_at(r, "/madadVersion").unwrap_or("—"))?;
        ws.set_column_width(0, 34)?;
        ws.set_column_width(1, 16)?;
        Ok(())
    }

    /// Rich text from APA runs (`[{text, italic, subscript}]`).
    fn rich(
        &self,
        ws: &mut Worksheet,
        row: u32,
        col: u16,
        runs: &Value,
        cell: Option<&Format>,
    ) -> R {
        let runs = runs.as_array().map(Vec::as_slice).unwrap_or_default();
        let segs: Vec<(&Format, &str)> = runs
            .iter()
            .filter_map(|s| {
                let text = s
                    .get("text")
                    .and_then(Value::as_str)
                    .filter(|t| !t.is_empty())?;
                let flag = |k: &str| s.get(k).and_then(Value::as_bool) == Some(true);
                let f = if flag("subscript") {
                    &self.subscript
                } else if flag("italic") {
                    &self.italic
                } else {
                    &self.plain
                };
                Some((f, text))
            })
            .collect();
        match (segs.as_slice(), cell) {
            ([], Some(f)) => {
                ws.write_blank(row, col, f)?;
            }
            ([], None) => {}
            ([(f, t)], None) => {
                ws.write_string_with_format(row, col, *t, f)?;
            }
            (_, Some(f)) => {
                ws.write_rich_string_with_format(row, col, &segs, f)?;
            }
            (_, None) => {
                ws.write_rich_string(row, col, &segs)?;
            }
        }
        Ok(())
    }

    fn apa(&self, ws: &mut Worksheet) -> R {
        let code = match self.lang {
            Lang::He => "he",
            Lang::Ar => "ar",
            Lang::En => "en",
        };
        let Some(apa) = array_at(self.json, "/loneliness/apa")
            .iter()
            .find(|a| a.get("lang").and_then(Value::as_str) == Some(code))
        else {
            ws.write_string(0, 0, self.l("apa.none"))?;
            return Ok(());
        };
        ws.write_string_with_format(0, 0, self.l("apa.table"), &self.bold)?;
        ws.write_string_with_format(1, 0, self.l("apa.title"), &self.italic)?;
        let mut row = 3;
        let columns = array_at(apa, "/columns");
        for (c, runs) in columns.iter().enumerate() {
            self.rich(ws, row, c as u16, runs, Some(&self.header))?;
        }
        let rows = array_at(apa, "/rows");
        let last = rows.len().saturating_sub(1);
        for (i, cells) in rows.iter().enumerate() {
            row += 1;
            for (c, runs) in cells
                .as_array()
                .map(Vec::as_slice)
                .unwrap_or_default()
                .iter()
                .enumerate()
            {
                let f = (i == last).then_some(&self.rule_bottom);
                self.rich(ws, row, c as u16, runs, f)?;
            }
        }
        row += 2;
        self.rich(ws, row, 0, apa.get("note").unwrap_or(&Value::Null), None)?;
        row += 2;
        ws.write_string_with_format(row, 0, self.l("apa.sentence"), &self.bold)?;
        row += 1;
        self.rich(
            ws,
            row,
            0,
            apa.get("sentence").unwrap_or(&Value::Null),
            None,
        )?;
        ws.set_column_width(0, 28)?;
        for c in 1..columns.len().max(1) {
            ws.set_column_width(c as u16, 16)?;
        }
        Ok(())
    }

    /// A `{he, ar, en}` name in the report language.
    fn name(&self, v: &Value) -> String {
        let key = match self.lang {
            Lang::He => "he",
            Lang::Ar => "ar",
            Lang::En => "en",
        };
        str_at(v, &format!("/name/{key}"))
            .unwrap_or_default()
            .to_owned()
    }

    fn indicators(&self, ws: &mut Worksheet) -> R {
        self.headers(
            ws,
            0,
            &[
                "col.id",
                "col.name",
                "col.measure",
                "col.value",
                "col.ciLower",
                "col.ciUpper",
                "col.n",
            ],
        )?;
        let block = self.json.get("indicators").unwrap_or(&Value::Null);
        let mut row = 0;
        for d in array_at(self.json, "/definitions/indicators") {
            let name = self.name(d);
            let id = str_at(d, "/id").unwrap_or_default();
            let figs = figures(id, str_at(d, "/reportedIn").unwrap_or_default(), block);
            for f in &figs {
                row += 1;
                ws.write_string(row, 0, id)?;
                self.text(ws, row, 1, &name)?;
                self.text(ws, row, 2, &f.measure)?;
                self.cell(ws, row, 3, f.value, f.kind)?;
                if let Some((lo, hi)) = f.ci {
                    self.cell(ws, row, 4, Cell::Number(lo), f.kind)?;
                    self.cell(ws, row, 5, Cell::Number(hi), f.kind)?;
                }
                if f.n != Cell::Missing {
                    self.cell(ws, row, 6, f.n, Kind::Count)?;
                }
            }
            if figs.is_empty() {
                row += 1;
                ws.write_string(row, 0, id)?;
                self.text(ws, row, 1, &name)?;
                let why = array_at(self.json, "/indicators/missing")
                    .iter()
                    .find(|m| str_at(m, "/indicator") == Some(id))
                    .and_then(|m| str_at(m, "/code"))
                    .unwrap_or_default();
                self.text(ws, row, 2, why)?;
                ws.write_string(row, 3, "—")?;
            }
        }
        row += 2;
        self.text_fmt(
            ws,
            row,
            0,
            &label_k(self.lang, "suppressedNote", self.k),
            &self.italic,
        )?;
        ws.set_freeze_panes(1, 0)?;
        ws.autofilter(0, 0, row.saturating_sub(2).max(1), 6)?;
        ws.set_column_width(0, 7)?;
        ws.set_column_width(1, 34)?;
        ws.set_column_width(2, 44)?;
        for c in 3..=6 {
            ws.set_column_width(c, 13)?;
        }
        Ok(())
    }

    fn dictionary(&self, ws: &mut Worksheet) -> R {
        self.headers(
            ws,
            0,
            &[
                "col.id",
                "col.name",
                "col.section",
                "col.formula",
                "col.caveats",
                "col.source",
                "col.reportedIn",
            ],
        )?;
        for (i, d) in array_at(self.json, "/definitions/indicators")
            .iter()
            .enumerate()
        {
            let row = i as u32 + 1;
            let id = str_at(d, "/id").unwrap_or_default();
            let sections: Vec<String> = array_at(self.json, "/sections")
                .iter()
                .filter(|s| {
                    array_at(s, "/indicators")
                        .iter()
                        .any(|x| x.as_str() == Some(id))
                })
                .map(|s| self.name(s))
                .collect();
            ws.write_string(row, 0, id)?;
            self.text(ws, row, 1, &self.name(d))?;
            self.text(ws, row, 2, &sections.join("; "))?;
            for (c, key) in [
                (3, "/formula"),
                (4, "/caveats"),
                (5, "/source"),
                (6, "/reportedIn"),
            ] {
                let s = str_at(d, key).unwrap_or_default();
                if matches!(neutralize(s), Cow::Owned(_)) {
                    self.text(ws, row, c, s)?;
                } else {
                    ws.write_string_with_format(
                        row,
                        c,
                        strip_bidi_controls(s).as_ref(),
                        &self.wrap,
                    )?;
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
        ws.set_column_width(0, 7)?;
        ws.set_column_width(1, 30)?;
        ws.set_column_width(2, 28)?;
        for c in 3..=6 {
            ws.set_column_width(c, 48)?;
        }
        Ok(())
    }

    fn excluded(&self, ws: &mut Worksheet) -> R {
        self.text_fmt(ws, 0, 0, &self.l("excluded.note"), &self.italic)?;
        ws.write_string_with_format(2, 0, self.l("files"), &self.bold)?;
        self.headers(
            ws,
            3,
            &[
                "col.file",
                "col.sheet",
                "col.format",
                "col.encoding",
                "rows.total",
                "rows.used",
                "rows.rejected",
                "rows.skipped",
            ],
        )?;
        let mut row = 3;
        let sources = array_at(self.json, "/sources");
        for l in sources {
            row += 1;
            self.text(ws, row, 0, str_at(l, "/name").unwrap_or_default())?;
            if let Some(sheet) = str_at(l, "/sheet") {
                self.text(ws, row, 1, sheet)?;
            }
            ws.write_string(
                row,
                2,
                str_at(l, "/format").unwrap_or_default().to_uppercase(),
            )?;
            ws.write_string(row, 3, str_at(l, "/encoding").unwrap_or("—"))?;
            for (c, key) in [
                (4, "/rowsTotal"),
                (5, "/rowsUsed"),
                (6, "/rowsRejected"),
                (7, "/rowsSkipped"),
            ] {
                ws.write_number_with_format(row, c, f64_at(l, key).unwrap_or(0.0), &self.int)?;
            }
        }
        row += 2;
        ws.write_string_with_format(row, 0, self.l("problems"), &self.bold)?;
        row += 1;
        self.headers(
            ws,
            row,
            &["col.file", "col.problem", "col.severity", "col.count"],
        )?;
        for l in sources {
            for p in array_at(l, "/problems") {
                row += 1;
                self.text(ws, row, 0, str_at(l, "/name").unwrap_or_default())?;
                ws.write_string(row, 1, str_at(p, "/code").unwrap_or_default())?;
                let sev = str_at(p, "/severity").unwrap_or_default();
                ws.write_string(row, 2, self.l(&format!("severity.{sev}")))?;
                ws.write_number_with_format(row, 3, f64_at(p, "/count").unwrap_or(0.0), &self.int)?;
            }
        }
        ws.set_column_width(0, 28)?;
        ws.set_column_width(1, 26)?;
        ws.set_column_width(2, 20)?;
        for c in 3..=7 {
            ws.set_column_width(c, 12)?;
        }
        Ok(())
    }

    fn settings(&self, ws: &mut Worksheet) -> R {
        let r = self.json;
        let text = |ptr: &str| match r.pointer(ptr) {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Array(a)) => a
                .iter()
                .map(|x| x.as_str().map_or_else(|| x.to_string(), str::to_owned))
                .collect::<Vec<_>>()
                .join(", "),
            Some(Value::Null) | None => "—".to_owned(),
            Some(other) => other.to_string(),
        };
        self.headers(ws, 0, &["col.key", "col.value"])?;
        let rows: Vec<(String, String)> = [
            ("settings.madadVersion", "/madadVersion"),
            ("settings.schemaVersion", "/schemaVersion"),
            (
                "settings.definitionsVersion",
                "/definitions/definitionsVersion",
            ),
            ("settings.benchmarksVersion", "/benchmarks/version"),
            ("asOf", "/asOf"),
            ("settings.indicatorsAsOf", "/definitions/indicatorsAsOf"),
            ("settings.asOfSource", "/definitions/asOfSource"),
            ("threshold", "/definitions/suppressionThreshold"),
            ("settings.countedStatuses", "/definitions/countedStatuses"),
            ("settings.volunteerKey", "/definitions/volunteerKey"),
            (
                "settings.monthlyActiveRule",
                "/definitions/monthlyActiveRule",
            ),
            (
                "settings.maxHoursPerRecord",
                "/definitions/maxHoursPerRecord",
            ),
        ]
        .into_iter()
        .map(|(k, p)| (self.l(k), text(p)))
        .collect();
        let mut row = 0;
        for (k, v) in rows {
            row += 1;
            ws.write_string(row, 0, k)?;
            self.text(ws, row, 1, &v)?;
        }
        if let Some(Value::Object(reg)) = self.json.pointer("/definitions/registry") {
            for (k, v) in reg {
                row += 1;
                ws.write_string(row, 0, k)?;
                let text = match v {
                    Value::String(s) => s.clone(),
                    Value::Null => "—".to_owned(),
                    other => other.to_string(),
                };
                self.text(ws, row, 1, &text)?;
            }
        }
        // A filtered view states its filter, so a reader never takes it for the whole data.
        if self.json.pointer("/view/active") == Some(&Value::Bool(true)) {
            row += 2;
            ws.write_string_with_format(row, 0, self.l("settings.view"), &self.bold)?;
            for (k, p) in [
                ("settings.viewFrom", "/view/filter/from"),
                ("settings.viewAsOf", "/view/filter/asOf"),
                ("settings.viewDepartments", "/view/filter/departments"),
                ("settings.viewNeighbourhoods", "/view/filter/neighbourhoods"),
                ("settings.viewNotes", "/view/notes"),
            ] {
                row += 1;
                ws.write_string(row, 0, self.l(k))?;
                self.text(ws, row, 1, &text(p))?;
            }
        }
        row += 2;
        ws.write_string_with_format(row, 0, self.l("settings.tests"), &self.bold)?;
        for m in tests_used(self.json) {
            row += 1;
            self.text_fmt(ws, row, 0, &m, &self.wrap)?;
        }
        ws.set_column_width(0, 40)?;
        ws.set_column_width(1, 60)?;
        Ok(())
    }

    fn suppression(&self, ws: &mut Worksheet) -> R {
        self.text_fmt(
            ws,
            0,
            0,
            &label_k(self.lang, "suppression.intro", self.k),
            &self.italic,
        )?;
        let notes = array_at(self.json, "/suppression");
        if notes.is_empty() {
            ws.write_string(2, 0, self.l("suppression.none"))?;
            return Ok(());
        }
        self.headers(ws, 2, &["col.cell", "col.reason"])?;
        for (i, n) in notes.iter().enumerate() {
            let row = i as u32 + 3;
            let cell = str_at(n, "/cell").unwrap_or_default();
            self.text(ws, row, 0, &cell.split('/').collect::<Vec<_>>().join(" › "))?;
            let code = str_at(n, "/reason").unwrap_or_default();
            let key = format!("suppress.{code}");
            let reason = if crate::labels::has(&key) {
                label_k(self.lang, &key, self.k)
            } else {
                code.to_owned()
            };
            ws.write_string(row, 1, reason)?;
        }
        ws.set_freeze_panes(3, 0)?;
        ws.set_column_width(0, 60)?;
        ws.set_column_width(1, 50)?;
        Ok(())
    }
}

fn str_at<'v>(v: &'v Value, ptr: &str) -> Option<&'v str> {
    v.pointer(ptr).and_then(Value::as_str)
}

fn f64_at(v: &Value, ptr: &str) -> Option<f64> {
    v.pointer(ptr).and_then(Value::as_f64)
}

fn u32_at(v: &Value, ptr: &str) -> Option<u32> {
    v.pointer(ptr)
        .and_then(Value::as_u64)
        .and_then(|n| u32::try_from(n).ok())
}

fn array_at<'v>(v: &'v Value, ptr: &str) -> &'v [Value] {
    v.pointer(ptr)
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

/// The statistical methods a report names (`method` texts of its trend and loneliness parts,
/// and each instrument's citation), distinct, in report order.
pub fn tests_used(report: &Value) -> Vec<String> {
    fn walk(v: &Value, out: &mut Vec<String>, depth: usize) {
        if depth > 12 {
            return;
        }
        match v {
            Value::Object(o) => {
                for (k, x) in o {
                    if let ("method" | "citation", Value::String(s)) = (k.as_str(), x) {
                        // Short codes (`mann_kendall`) name a method already listed in words.
                        if s.contains(' ') && !out.contains(s) {
                            out.push(s.clone());
                        }
                    } else {
                        walk(x, out, depth + 1);
                    }
                }
            }
            Value::Array(items) => {
                for x in items {
                    walk(x, out, depth + 1);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for key in ["trends", "loneliness"] {
        if let Some(v) = report.get(key) {
            walk(v, &mut out, 0);
        }
    }
    out
}
