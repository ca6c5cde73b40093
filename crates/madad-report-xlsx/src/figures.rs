//! The indicator figures of a report, one row each, found where the report's own definitions
//! say they are.
//!
//! Every indicator definition names its place in the report (`reportedIn`, e.g.
//! `indicators.volume.volunteers, byDepartment; indicators.volumeSeries[].volunteers`): groups
//! separated by `;`, each a full path followed by siblings of its last segment. The figures
//! under a place are the report's published shapes: a published value (`{value, suppressed}`),
//! a proportion (`{numerator, denominator, value, ci}`: the value with its Wilson CI and `n` =
//! the denominator), a change (`{difference, ci}`) and a loneliness share (`{share, ci}`).
//! Arrays are expanded one row per element, named by the element's own label (`label`,
//! `period`, `dimension`, `department`, `name`). Nothing is recomputed: the numbers are the
//! report's, already through the suppressor.

use serde_json::Value;

/// The kind of number a figure is, for its number format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A whole count.
    Count,
    /// A share (0–1), shown as a percentage.
    Share,
    /// Any other number.
    Number,
}

/// A figure's value: a number, withheld (`<K`) or absent (`—`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    /// A published number.
    Number(f64),
    /// Withheld by the small-cell rule.
    Suppressed,
    /// No value (not computable, or nothing to count).
    Missing,
}

/// One row of the Indicators sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Indicator id (`V1`).
    pub indicator: String,
    /// Where it is under the indicator's place: field names and element labels joined by ` › `.
    pub measure: String,
    /// The value.
    pub value: Cell,
    /// 95% CI, when the report gives one.
    pub ci: Option<(f64, f64)>,
    /// The group size `n` behind a proportion.
    pub n: Cell,
    /// Number format.
    pub kind: Kind,
}

/// A figure as data for a host that lays out its own table (the printed report): the same rows
/// as the workbook's Indicators sheet.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FigureRow {
    /// Indicator id (`V1`).
    pub indicator: String,
    /// Where it is under the indicator's place (field names and element labels, ` › `).
    pub measure: String,
    /// `count`, `share` (0–1) or `number`.
    pub kind: String,
    /// The value; `null` when withheld or absent.
    pub value: Option<f64>,
    /// Withheld by the small-cell rule (shown as `<K`).
    pub suppressed: bool,
    /// 95% CI lower bound, when given.
    pub lower: Option<f64>,
    /// 95% CI upper bound, when given.
    pub upper: Option<f64>,
    /// The group size behind a proportion; `null` when withheld or not applicable.
    pub n: Option<f64>,
    /// The group size was withheld.
    pub n_suppressed: bool,
}

impl From<&Figure> for FigureRow {
    fn from(f: &Figure) -> Self {
        let num = |c: Cell| match c {
            Cell::Number(x) if x.is_finite() => Some(x),
            _ => None,
        };
        FigureRow {
            indicator: f.indicator.clone(),
            measure: f.measure.clone(),
            kind: match f.kind {
                Kind::Count => "count",
                Kind::Share => "share",
                Kind::Number => "number",
            }
            .to_owned(),
            value: num(f.value),
            suppressed: f.value == Cell::Suppressed,
            lower: f.ci.map(|c| c.0),
            upper: f.ci.map(|c| c.1),
            n: num(f.n),
            n_suppressed: f.n == Cell::Suppressed,
        }
    }
}

/// Every indicator figure of `report` (a report as its JSON value), in the order of its
/// definitions registry.
pub fn figure_rows(report: &Value) -> Vec<FigureRow> {
    let report = crate::canonical_numbers(report.clone());
    let block = report.get("indicators").unwrap_or(&Value::Null);
    report
        .pointer("/definitions/indicators")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
        .iter()
        .flat_map(|d| {
            let s = |k: &str| d.get(k).and_then(Value::as_str).unwrap_or_default();
            figures(s("id"), s("reportedIn"), block)
        })
        .map(|f| FigureRow::from(&f))
        .collect()
}

/// The places of an indicator under `indicators.` (trend and schema places are elsewhere).
pub fn places(reported_in: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for group in reported_in.split(';') {
        let mut items = group.split(',').map(str::trim).filter(|s| !s.is_empty());
        let Some(first) = items.next() else { continue };
        let Some(rest) = first.strip_prefix("indicators.") else {
            continue;
        };
        let segs: Vec<String> = rest.split('.').map(str::to_owned).collect();
        out.push(segs.clone());
        for sibling in items {
            if sibling.contains(' ') {
                continue;
            }
            let mut s = segs.clone();
            if let Some(last) = s.last_mut() {
                *last = sibling.to_owned();
            }
            out.push(s);
        }
    }
    out
}

/// The figures of indicator `id` at its `reportedIn` places in `indicators` (the report's
/// `indicators` block as JSON).
pub fn figures(id: &str, reported_in: &str, indicators: &Value) -> Vec<Figure> {
    let mut out = Vec::new();
    for segs in places(reported_in) {
        let refs: Vec<&str> = segs.iter().map(String::as_str).collect();
        let start = out.len();
        walk(id, indicators, &refs, String::new(), &mut out);
        // The block's name (`volume`) is the indicator's context, not part of the measure.
        if let Some(block) = refs.first().map(|b| b.trim_end_matches("[]")) {
            let prefix = format!("{block} › ");
            for f in &mut out[start..] {
                if let Some(rest) = f.measure.strip_prefix(&prefix) {
                    f.measure = rest.to_owned();
                }
            }
        }
    }
    out
}

fn join(prefix: &str, part: &str) -> String {
    if prefix.is_empty() {
        part.to_owned()
    } else {
        format!("{prefix} › {part}")
    }
}

fn walk(id: &str, node: &Value, segs: &[&str], at: String, out: &mut Vec<Figure>) {
    let Some((first, rest)) = segs.split_first() else {
        flatten(id, node, at, out, 0);
        return;
    };
    match first.strip_suffix("[]") {
        Some(field) => {
            if let Some(items) = node.get(field).and_then(Value::as_array) {
                for item in items {
                    let here = join(&join(&at, field), &element_label(item));
                    walk(id, item, rest, here, out);
                }
            }
        }
        None => {
            if let Some(child) = node.get(*first) {
                walk(id, child, rest, join(&at, first), out);
            }
        }
    }
}

/// How an array element names itself.
fn element_label(item: &Value) -> String {
    for key in [
        "label",
        "period",
        "dimension",
        "department",
        "name",
        "month",
    ] {
        match item.get(key) {
            Some(Value::String(s)) => {
                return madad_core::export::bidi::strip_bidi_controls(s).into_owned();
            }
            Some(Value::Null) if key == "label" => return "—".to_owned(),
            _ => {}
        }
    }
    "·".to_owned()
}

/// A published value (`{value, suppressed}`) as a cell.
pub fn published(v: &Value) -> Option<Cell> {
    let obj = v.as_object()?;
    let suppressed = obj.get("suppressed")?.as_bool()?;
    if !obj.contains_key("value") {
        return None;
    }
    Some(if suppressed {
        Cell::Suppressed
    } else {
        match obj.get("value").and_then(Value::as_f64) {
            Some(x) => Cell::Number(x),
            None => Cell::Missing,
        }
    })
}

/// A whole number (after [`crate::canonical_numbers`], every integral value is an integer).
fn is_count(v: &Value) -> bool {
    v.get("value").is_some_and(|x| x.is_u64() || x.is_i64())
}

fn interval(v: Option<&Value>) -> Option<(f64, f64)> {
    let ci = v?;
    Some((ci.get("lower")?.as_f64()?, ci.get("upper")?.as_f64()?))
}

// Deep enough for every block of the report; guards against a malformed one.
const MAX_DEPTH: usize = 8;

fn flatten(id: &str, node: &Value, at: String, out: &mut Vec<Figure>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let fig = |value: Cell, ci: Option<(f64, f64)>, n: Cell, kind: Kind| Figure {
        indicator: id.to_owned(),
        measure: at.clone(),
        value,
        ci,
        n,
        kind,
    };
    match node {
        Value::Object(obj) => {
            // A proportion: value with its CI, n = the denominator.
            if let (Some(value), Some(den)) = (
                obj.get("value").and_then(published),
                obj.get("denominator").and_then(published),
            ) {
                let ci = if value == Cell::Suppressed {
                    None
                } else {
                    interval(obj.get("ci"))
                };
                out.push(fig(value, ci, den, Kind::Share));
                return;
            }
            // A loneliness share with its CI.
            if let Some(value) = obj.get("share").and_then(published) {
                let ci = if value == Cell::Suppressed {
                    None
                } else {
                    interval(obj.get("ci"))
                };
                out.push(fig(value, ci, Cell::Missing, Kind::Share));
                return;
            }
            // A change between periods (of shares: differences in percentage points).
            if let Some(d) = obj.get("difference").and_then(Value::as_f64) {
                out.push(fig(
                    Cell::Number(d),
                    interval(obj.get("ci")),
                    Cell::Missing,
                    Kind::Share,
                ));
                return;
            }
            if let Some(value) = published(node) {
                let kind = if is_count(node) {
                    Kind::Count
                } else {
                    Kind::Number
                };
                out.push(fig(value, None, Cell::Missing, kind));
                return;
            }
            for (key, child) in obj {
                if matches!(child, Value::Object(_) | Value::Array(_)) {
                    flatten(id, child, join(&at, key), out, depth + 1);
                }
            }
        }
        Value::Array(items) => {
            for item in items {
                flatten(id, item, join(&at, &element_label(item)), out, depth + 1);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn places_expand_siblings_and_skip_other_blocks() {
        let p = places(
            "indicators.volume.volunteers, byDepartment; indicators.volumeSeries[].volunteers; trends.retention.cohorts",
        );
        assert_eq!(
            p,
            vec![
                vec!["volume".to_owned(), "volunteers".to_owned()],
                vec!["volume".to_owned(), "byDepartment".to_owned()],
                vec!["volumeSeries[]".to_owned(), "volunteers".to_owned()],
            ]
        );
        assert!(places("activity-log schema (party size, anonymous rows)").is_empty());
    }

    #[test]
    fn shapes_become_rows() {
        let ind = json!({
            "volume": {
                "volunteers": {"value": 166, "suppressed": false},
                "byOrganisation": [
                    {"label": "=evil", "volunteers": {"value": null, "suppressed": true}},
                    {"label": "\u{202E}ab", "volunteers": {"value": 12, "suppressed": false}}
                ]
            },
            "active": {"engagement": {"numerator": {"value": 3, "suppressed": false},
                "denominator": {"value": 135, "suppressed": false},
                "value": {"value": 0.25, "suppressed": false},
                "ci": {"lower": 0.2, "upper": 0.3, "level": 0.95}, "smallN": false}}
        });
        let f = figures("V1", "indicators.volume.volunteers, byOrganisation", &ind);
        assert_eq!(f.len(), 3);
        assert_eq!(f[0].value, Cell::Number(166.0));
        assert_eq!(f[0].kind, Kind::Count);
        assert_eq!(f[1].measure, "byOrganisation › =evil › volunteers");
        assert_eq!(f[1].value, Cell::Suppressed);
        // Bidi overrides in labels are removed.
        assert_eq!(f[2].measure, "byOrganisation › ab › volunteers");
        let f = figures("R2", "indicators.active.engagement", &ind);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, Kind::Share);
        assert_eq!(f[0].ci, Some((0.2, 0.3)));
        assert_eq!(f[0].n, Cell::Number(135.0));
    }
}
