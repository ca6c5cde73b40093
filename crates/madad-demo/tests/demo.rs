//! End-to-end tests of the demo generator: determinism, encodings, the workbook, streaming, and
//! an independent re-derivation of the hours-log truth from the bytes on disk.

// Test helpers outside `#[test]` functions may panic too.
#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fs;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook};
use madad_demo::{DemoConfig, Truth, write_demo};

const FILES: [&str; 5] = [
    "hours_log.csv",
    "volunteers.xlsx",
    "loneliness_survey.csv",
    "population.csv",
    "truth.json",
];

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("madad-demo-{name}"));
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn small() -> DemoConfig {
    DemoConfig {
        seed: 11,
        volunteers: 400,
        activities: 8_000,
    }
}

#[test]
fn same_config_gives_byte_identical_files() {
    let cfg = DemoConfig::default();
    let (a, b) = (tmp("det-a"), tmp("det-b"));
    let ta = write_demo(&a, &cfg).unwrap();
    let tb = write_demo(&b, &cfg).unwrap();
    assert_eq!(ta, tb);
    for f in FILES {
        let (x, y) = (fs::read(a.join(f)).unwrap(), fs::read(b.join(f)).unwrap());
        assert!(!x.is_empty(), "{f} is empty");
        assert!(x == y, "{f} differs between two runs");
    }
    // A different seed changes everything.
    let c = tmp("det-c");
    write_demo(&c, &DemoConfig { seed: 43, ..cfg }).unwrap();
    for f in FILES {
        assert_ne!(
            fs::read(a.join(f)).unwrap(),
            fs::read(c.join(f)).unwrap(),
            "{f}"
        );
    }
}

#[test]
fn default_config_matches_the_brief() {
    let cfg = DemoConfig::default();
    assert_eq!(
        (cfg.seed, cfg.volunteers, cfg.activities),
        (42, 2000, 60_000)
    );
    let dir = tmp("default");
    let t = write_demo(&dir, &cfg).unwrap();
    let h = &t.hours_log;
    // 36 planted diagnostics + 3 blank lines; duplicates (6) and blanks (3) are extra lines.
    assert_eq!(h.diagnostics.len(), 36);
    assert_eq!(h.rows_skipped, 3);
    assert_eq!(h.rows_total, 60_000 + 6 + 3);
    assert_eq!(h.monthly_active.len(), 36);
    let codes: BTreeSet<&str> = h.diagnostics.iter().map(|d| d.code.as_str()).collect();
    for code in [
        "date.invalid",
        "value.missing",
        "hours.out_of_range",
        "number.invalid",
        "number.ambiguous_decimal",
        "csv.too_many_fields",
        "row.duplicate",
        "status.unknown",
    ] {
        assert!(codes.contains(code), "{code} not planted");
    }
    // The level change shows in the data: +15–20 % planted, noisy in a sample.
    let lc = t.level_change.observed_year_on_year_increase;
    assert!((0.08..0.30).contains(&lc), "observed level change {lc}");
    // 25–30 % of the registry is 65+.
    let share = f64::from(t.registry.born_1960_or_earlier) / f64::from(t.registry.volunteers);
    assert!((0.25..=0.30).contains(&share), "65+ share {share}");
    // Survey.
    assert_eq!(t.survey.respondents, 300);
    assert!((100..=130).contains(&t.survey.volunteer_respondents));
    assert_eq!(t.survey.out_of_range.len(), 5);
    assert!((t.survey.observed_ucla_change.intervention + 1.0).abs() < 0.3);
    assert!((t.survey.observed_ucla_change.comparison + 0.1).abs() < 0.3);
    assert!((29_000..=31_000).contains(&t.population.residents));
}

#[test]
fn truth_counts_are_internally_consistent() {
    let dir = tmp("consistent");
    let t = write_demo(&dir, &small()).unwrap();
    let h = &t.hours_log;
    assert_eq!(h.rows_total, h.rows_used + h.rows_rejected + h.rows_skipped);
    let warnings = h
        .diagnostics
        .iter()
        .filter(|d| d.severity == "warning")
        .count() as u64;
    let errors = h
        .diagnostics
        .iter()
        .filter(|d| d.severity == "error")
        .count() as u64;
    assert_eq!(errors, h.rows_rejected);
    assert!(
        h.diagnostics
            .iter()
            .all(|d| (d.severity == "warning") == (d.code == "status.unknown"))
    );
    assert_eq!(
        h.approved_activities + h.pending_activities + h.rejected_activities + warnings,
        h.rows_used
    );
    let monthly_acts: u64 = h.monthly_active.iter().map(|m| m.approved_activities).sum();
    assert_eq!(monthly_acts, h.approved_activities);
    let monthly_cents: i64 = h
        .monthly_active
        .iter()
        .map(|m| (m.approved_hours * 100.0).round() as i64)
        .sum();
    assert_eq!(monthly_cents, (h.approved_hours * 100.0).round() as i64);
    assert!(
        h.monthly_active
            .iter()
            .all(|m| m.volunteers <= h.volunteers)
    );
    let rows: Vec<u64> = h.diagnostics.iter().map(|d| d.row).collect();
    assert!(
        rows.windows(2).all(|w| w[0] < w[1]),
        "diagnostics sorted by row and unique"
    );
    // truth.json on disk is the returned truth.
    let on_disk: Truth =
        serde_json::from_slice(&fs::read(dir.join("truth.json")).unwrap()).unwrap();
    assert_eq!(on_disk, t);
    let json = fs::read_to_string(dir.join("truth.json")).unwrap();
    for key in [
        "\"rowsTotal\"",
        "\"monthlyActive\"",
        "\"programStart\": \"2024-09-01\"",
        "\"firstRow\"",
    ] {
        assert!(json.contains(key), "{key} missing from truth.json");
    }
}

#[test]
fn hours_log_is_windows_1255_crlf_without_bom() {
    let dir = tmp("encoding");
    write_demo(&dir, &small()).unwrap();
    let bytes = fs::read(dir.join("hours_log.csv")).unwrap();
    assert!(!bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "no BOM");
    assert!(std::str::from_utf8(&bytes).is_err(), "must not be UTF-8");
    let (text, had_errors) = encoding_rs::WINDOWS_1255.decode_without_bom_handling(&bytes);
    assert!(!had_errors);
    assert!(text.starts_with("מזהה מתנדב,תאריך,שעות,סטטוס,מחלקה,ארגון,תפקיד\r\n"));
    // Every LF is preceded by CR.
    let lf = bytes.iter().filter(|b| **b == b'\n').count();
    let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
    assert_eq!(lf, crlf);
    assert!(bytes.ends_with(b"\r\n"));
}

#[test]
fn workbook_opens_and_matches_the_log() {
    let dir = tmp("xlsx");
    let cfg = small();
    let t = write_demo(&dir, &cfg).unwrap();
    let mut wb: Xlsx<_> = open_workbook(dir.join("volunteers.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), vec!["מתנדבים".to_string()]);
    let range = wb.worksheet_range("מתנדבים").unwrap();
    let rows: Vec<&[Data]> = range.rows().collect();
    assert_eq!(rows.len(), cfg.volunteers as usize + 1);
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    assert_eq!(
        header,
        [
            "מזהה מתנדב",
            "שנת לידה",
            "מגדר",
            "מגזר",
            "שכונה",
            "מחלקות",
            "תאריך הצטרפות",
            "תאריך עזיבה",
            "סיבת עזיבה"
        ]
    );
    let mut ids = BTreeSet::new();
    let mut seniors = 0;
    for r in &rows[1..] {
        let id = match &r[0] {
            Data::Float(f) => *f as u32,
            other => panic!("id cell {other:?}"),
        };
        assert!((10_000..=99_999).contains(&id));
        ids.insert(id.to_string());
        match &r[1] {
            Data::Float(y) if *y <= 1960.0 => seniors += 1,
            Data::Float(_) => {}
            other => panic!("birth year {other:?}"),
        }
        assert!(
            matches!(r[6], Data::DateTime(_)),
            "join date is a real date: {:?}",
            r[6]
        );
        let depts = r[5].to_string();
        assert!((1..=3).contains(&depts.split(';').count()));
        let has_leave = !matches!(r[7], Data::Empty);
        if has_leave {
            assert!(matches!(r[7], Data::DateTime(_)));
        } else {
            assert!(
                matches!(r[8], Data::Empty),
                "a leave reason needs a leave date"
            );
        }
    }
    assert_eq!(ids.len(), cfg.volunteers as usize, "ids are unique");
    assert_eq!(seniors, t.registry.born_1960_or_earlier);
    // Every id in the log (except planted bad-id rows) is in the registry.
    let log = parse_log(&dir);
    for row in log
        .iter()
        .filter(|r| r.fields.len() == 7 && !r.fields[0].is_empty())
    {
        assert!(
            ids.contains(&row.fields[0]),
            "log id {} not in registry",
            row.fields[0]
        );
    }
    // Survey volunteer respondents are registry ids.
    let survey = fs::read_to_string(dir.join("loneliness_survey.csv")).unwrap();
    let respondents: BTreeSet<&str> = survey
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').next())
        .collect();
    let from_registry = respondents.iter().filter(|r| ids.contains(**r)).count();
    assert_eq!(from_registry as u32, t.survey.volunteer_respondents);
    assert!(
        respondents
            .iter()
            .all(|r| ids.contains(*r) || r.starts_with('R'))
    );
}

#[test]
fn streaming_200k_activities() {
    let dir = tmp("stream");
    let cfg = DemoConfig {
        seed: 5,
        volunteers: 5_000,
        activities: 200_000,
    };
    #[allow(clippy::disallowed_methods)] // timing a test, not the core
    let started = std::time::Instant::now();
    let t = write_demo(&dir, &cfg).unwrap();
    #[allow(clippy::disallowed_methods)]
    let elapsed = started.elapsed();
    assert!(elapsed.as_secs() < 60, "took {elapsed:?}");
    assert_eq!(t.hours_log.rows_total, 200_000 + 6 + 3);
    let size = fs::metadata(dir.join("hours_log.csv")).unwrap().len();
    assert!(size > 200_000 * 40, "{size} bytes");
    let lines = fs::read(dir.join("hours_log.csv"))
        .unwrap()
        .iter()
        .filter(|b| **b == b'\n')
        .count();
    assert_eq!(lines as u64, t.hours_log.rows_total + 1);
}

#[test]
fn invalid_configs_are_errors_not_panics() {
    let dir = tmp("invalid");
    for cfg in [
        DemoConfig {
            seed: 1,
            volunteers: 0,
            activities: 100,
        },
        DemoConfig {
            seed: 1,
            volunteers: 95_000,
            activities: 100,
        },
    ] {
        assert!(write_demo(&dir, &cfg).is_err());
    }
    // Tiny but valid: fewer planted problems, still consistent.
    let t = write_demo(
        &dir,
        &DemoConfig {
            seed: 1,
            volunteers: 10,
            activities: 120,
        },
    )
    .unwrap();
    let h = &t.hours_log;
    assert_eq!(h.rows_total, h.rows_used + h.rows_rejected + h.rows_skipped);
    let t = write_demo(
        &dir,
        &DemoConfig {
            seed: 1,
            volunteers: 50,
            activities: 0,
        },
    )
    .unwrap();
    assert_eq!(t.hours_log.rows_total, 0);
}

#[test]
fn survey_and_population_files_are_well_formed() {
    let dir = tmp("survey");
    let t = write_demo(&dir, &small()).unwrap();
    let bytes = fs::read(dir.join("loneliness_survey.csv")).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    assert!(!bytes.contains(&b'\r'));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("מזהה משיב,גל,תאריך,קבוצה,ucla_1,ucla_2,ucla_3,djg_1,djg_2,djg_3,djg_4,djg_5,djg_6")
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len() as u32, t.survey.rows);
    assert!(rows.iter().all(|r| r.len() == 13));
    assert!(rows.iter().all(|r| r[1] == "לפני" || r[1] == "אחרי"));
    assert!(rows.iter().all(|r| r[3] == "התערבות" || r[3] == "השוואה"));
    let pre = rows.iter().filter(|r| r[1] == "לפני").count() as u32;
    assert_eq!(pre, t.survey.respondents);
    assert_eq!(
        t.survey.rows - pre,
        t.survey.respondents - t.survey.dropouts
    );
    let blanks = rows
        .iter()
        .flat_map(|r| &r[4..])
        .filter(|c| c.is_empty())
        .count() as u32;
    assert_eq!(blanks, t.survey.blank_item_cells);
    let odd: Vec<(u32, &str, &str)> = rows
        .iter()
        .enumerate()
        .flat_map(|(i, r)| {
            r[4..]
                .iter()
                .enumerate()
                .filter(|(_, c)| !matches!(**c, "" | "1" | "2" | "3"))
                .map(move |(j, c)| {
                    let col = [
                        "ucla_1", "ucla_2", "ucla_3", "djg_1", "djg_2", "djg_3", "djg_4", "djg_5",
                        "djg_6",
                    ][j];
                    (i as u32 + 2, col, *c)
                })
        })
        .collect();
    let planted: Vec<(u32, &str, &str)> = t
        .survey
        .out_of_range
        .iter()
        .map(|c| (c.row, c.column.as_str(), c.value.as_str()))
        .collect();
    assert_eq!(odd, planted);

    let bytes = fs::read(dir.join("population.csv")).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("שכונה,קבוצת גיל,מגדר,תושבים"));
    let cells: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(cells.len(), 12 * 6 * 2);
    let total: u32 = cells.iter().map(|c| c[3].parse::<u32>().unwrap()).sum();
    assert_eq!(total, t.population.residents);
}

// ---------------------------------------------------------------------------------------------
// An independent reading of hours_log.csv, implementing the brief's rules directly, to check
// that truth.json says what the bytes say.

struct LogRow {
    row: u64,
    raw: Vec<u8>,
    fields: Vec<String>,
}

/// RFC 4180 split of one physical line (the log has no embedded newlines).
fn split_csv(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        let cur = fields.last_mut().unwrap();
        match (quoted, c) {
            (false, '"') if cur.is_empty() => quoted = true,
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                cur.push('"');
            }
            (true, '"') => quoted = false,
            (false, ',') => fields.push(String::new()),
            (_, c) => cur.push(c),
        }
    }
    fields
}

fn parse_log(dir: &Path) -> Vec<LogRow> {
    let bytes = fs::read(dir.join("hours_log.csv")).unwrap();
    let mut out = Vec::new();
    let mut row = 0u64;
    for raw in bytes.split(|b| *b == b'\n') {
        if raw.is_empty() {
            continue; // after the final CRLF
        }
        row += 1;
        let raw = raw.strip_suffix(b"\r").unwrap();
        let (text, _) = encoding_rs::WINDOWS_1255.decode_without_bom_handling(raw);
        if row == 1 {
            continue;
        }
        let fields = if raw.is_empty() {
            Vec::new()
        } else {
            split_csv(&text)
        };
        out.push(LogRow {
            row,
            raw: raw.to_vec(),
            fields,
        });
    }
    out
}

fn valid_dmy(s: &str) -> Option<(i32, u32)> {
    let p: Vec<&str> = s.split('/').collect();
    if p.len() != 3 || p[0].len() != 2 || p[1].len() != 2 || p[2].len() != 4 {
        return None;
    }
    let (d, m, y) = (p[0].parse().ok()?, p[1].parse().ok()?, p[2].parse().ok()?);
    chrono::NaiveDate::from_ymd_opt(y, m, d)?;
    Some((y, m))
}

#[test]
fn truth_is_what_an_independent_reader_finds() {
    for (name, cfg) in [
        ("indep-small", small()),
        ("indep-default", DemoConfig::default()),
    ] {
        let dir = tmp(name);
        let t = write_demo(&dir, &cfg).unwrap();
        let rows = parse_log(&dir);
        let mut seen: HashMap<Vec<u8>, u64> = HashMap::new();
        let (mut used, mut rejected, mut skipped) = (0u64, 0u64, 0u64);
        let (mut approved, mut pending, mut rej_status, mut cents) = (0u64, 0u64, 0u64, 0i64);
        let mut monthly: BTreeMap<(i32, u32), BTreeSet<String>> = BTreeMap::new();
        let mut all: BTreeSet<String> = BTreeSet::new();
        let mut diags: Vec<(u64, String, Option<u64>)> = Vec::new();
        let mut edu_by_month: BTreeMap<(i32, u32), u64> = BTreeMap::new();
        for r in &rows {
            if r.fields.is_empty() {
                skipped += 1;
                continue;
            }
            let f = &r.fields;
            let problem: Option<&str> = if f.len() > 7 {
                Some("csv.too_many_fields")
            } else if f[0].is_empty() {
                Some("value.missing")
            } else if valid_dmy(&f[1]).is_none() {
                Some("date.invalid")
            } else if f[2].contains(',') {
                Some("number.ambiguous_decimal")
            } else {
                match f[2].parse::<f64>() {
                    Err(_) => Some("number.invalid"),
                    Ok(h) if !(0.0..=24.0).contains(&h) => Some("hours.out_of_range"),
                    Ok(_) => None,
                }
            };
            if let Some(code) = problem {
                rejected += 1;
                diags.push((r.row, code.to_string(), None));
                continue;
            }
            if let Some(first) = seen.get(&r.raw) {
                rejected += 1;
                diags.push((r.row, "row.duplicate".to_string(), Some(*first)));
                continue;
            }
            seen.insert(r.raw.clone(), r.row);
            used += 1;
            let ym = valid_dmy(&f[1]).unwrap();
            let h = (f[2].parse::<f64>().unwrap() * 100.0).round() as i64;
            assert!(
                f[2].split('.').nth(1).is_none_or(|d| d.len() <= 2),
                "{}",
                f[2]
            );
            match f[3].as_str() {
                "מאושר" => {
                    approved += 1;
                    cents += h;
                    monthly.entry(ym).or_default().insert(f[0].clone());
                    all.insert(f[0].clone());
                    if f[4] == "חינוך" {
                        *edu_by_month.entry(ym).or_default() += 1;
                    }
                }
                "ממתין" => pending += 1,
                "נדחה" => rej_status += 1,
                _ => diags.push((r.row, "status.unknown".to_string(), None)),
            }
        }
        let h = &t.hours_log;
        assert_eq!(rows.len() as u64, h.rows_total, "{name}");
        assert_eq!(
            (used, rejected, skipped),
            (h.rows_used, h.rows_rejected, h.rows_skipped)
        );
        assert_eq!(
            (approved, pending, rej_status),
            (
                h.approved_activities,
                h.pending_activities,
                h.rejected_activities
            )
        );
        assert_eq!(cents, (h.approved_hours * 100.0).round() as i64);
        assert_eq!(all.len() as u64, h.volunteers);
        for (i, m) in h.monthly_active.iter().enumerate() {
            let key = (2023 + (i / 12) as i32, (i % 12 + 1) as u32);
            let n = monthly.get(&key).map_or(0, BTreeSet::len) as u64;
            assert_eq!(n, m.volunteers, "{name} {}", m.month);
        }
        let expected: Vec<(u64, String, Option<u64>)> = h
            .diagnostics
            .iter()
            .map(|d| (d.row, d.code.clone(), d.first_row))
            .collect();
        assert_eq!(diags, expected, "{name}");

        // Seasonality: education nearly stops in July–August (vs May–June), every year.
        if name == "indep-default" {
            for y in 2023..=2025 {
                let get = |m: u32| *edu_by_month.get(&(y, m)).unwrap_or(&0) as f64;
                let summer = get(7) + get(8);
                let spring = get(5) + get(6);
                assert!(
                    summer < 0.5 * spring,
                    "{y}: summer {summer} vs spring {spring}"
                );
            }
        }
    }
}

/// Splits one RFC 4180 record (no line breaks inside cells in the bench layout).
fn split_record(line: &str) -> Vec<String> {
    let (mut cells, mut cur, mut quoted, mut chars) =
        (Vec::new(), String::new(), false, line.chars().peekable());
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                cur.push('"');
                chars.next();
            }
            ('"', true) => quoted = false,
            ('"', false) if cur.is_empty() => quoted = true,
            (',', false) => cells.push(std::mem::take(&mut cur)),
            (c, _) => cur.push(c),
        }
    }
    assert!(!quoted, "unterminated quote in {line:?}");
    cells.push(cur);
    cells
}

#[test]
fn bench_layout_is_the_six_column_utf8_log() {
    let cfg = DemoConfig {
        seed: 42,
        volunteers: 2_000,
        activities: 20_000,
    };
    let (a, b) = (tmp("bench-a"), tmp("bench-b"));
    let outcome = madad_demo::write_bench(&a, &cfg).unwrap();
    madad_demo::write_bench(&b, &cfg).unwrap();
    // Only the bench file, deterministic.
    let names: Vec<_> = fs::read_dir(&a)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names, ["hours.csv"]);
    let bytes = fs::read(a.join("hours.csv")).unwrap();
    assert!(bytes == fs::read(b.join("hours.csv")).unwrap());
    let other = tmp("bench-c");
    madad_demo::write_bench(
        &other,
        &DemoConfig {
            seed: 43,
            ..cfg.clone()
        },
    )
    .unwrap();
    assert!(bytes != fs::read(other.join("hours.csv")).unwrap());

    // UTF-8 without BOM, LF only.
    assert!(!bytes.starts_with(b"\xEF\xBB\xBF"));
    assert!(!bytes.contains(&b'\r'));
    let text = String::from_utf8(bytes).unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("volunteer_id,date,hours,domain,organization,neighborhood")
    );
    let (mut rows, mut empty, mut quoted, mut doubled) = (0u64, 0u64, 0u64, 0u64);
    let mut seen = BTreeSet::new();
    let mut domains = BTreeSet::new();
    for line in lines {
        rows += 1;
        let c = split_record(line);
        assert_eq!(c.len(), 6, "{line}");
        assert!(
            c[0].len() == 5 && c[0].bytes().all(|b| b.is_ascii_digit()),
            "{line}"
        );
        assert!(
            c[1].len() == 10 && ("2023-01-01".."2026-01-01").contains(&c[1].as_str()),
            "{line}"
        );
        if c[2].is_empty() {
            empty += 1;
        } else {
            let h: f64 = c[2].parse().unwrap();
            assert!(h > 0.0 && h <= 12.0 && (h * 4.0).fract() == 0.0, "{line}");
            // Unique in everything Madad's duplicate check compares.
            assert!(
                seen.insert((
                    c[0].clone(),
                    c[1].clone(),
                    c[2].clone(),
                    c[3].clone(),
                    c[4].clone()
                )),
                "duplicate row {line}"
            );
        }
        assert!(
            !c[3].is_empty() && !c[4].is_empty() && !c[5].is_empty(),
            "{line}"
        );
        domains.insert(c[3].clone());
        if line.contains(",\"") {
            quoted += 1;
        }
        if line.contains("\"\"") {
            doubled += 1;
        }
    }
    assert_eq!(rows, cfg.activities);
    assert_eq!(outcome.rows, rows);
    assert_eq!(outcome.empty_hours, empty);
    // 0.2 % empty hours: 40 expected of 20,000 (binomial sd ≈ 6.3).
    assert!((15..=65).contains(&empty), "{empty} empty hours");
    assert_eq!(domains.len(), 6);
    // Quoted organisations, some with embedded commas and some with doubled quotes.
    assert!(quoted > rows / 50, "{quoted} quoted rows");
    assert!(doubled > 0);
}

#[test]
fn bench_layout_leaves_the_demo_files_alone() {
    // write_bench writes into its own folder only; a demo written before is untouched.
    let dir = tmp("bench-beside-demo");
    let cfg = small();
    write_demo(&dir, &cfg).unwrap();
    let before: Vec<_> = FILES
        .iter()
        .map(|f| fs::read(dir.join(f)).unwrap())
        .collect();
    madad_demo::write_bench(&dir, &cfg).unwrap();
    for (f, b) in FILES.iter().zip(before) {
        assert!(fs::read(dir.join(f)).unwrap() == b, "{f} changed");
    }
}
