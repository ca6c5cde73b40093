//! The command line end to end: Madad recovers what the demo generator planted (numbers and
//! every dirty row's diagnostic), and bad input gives a non-zero exit with a JSON error.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::path::{Path, PathBuf};

use serde_json::Value;

fn run(args: &[&str]) -> (i32, String, String) {
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = madad_cli::run_with(
        args.iter().map(|s| s.to_string()).collect(),
        &mut out,
        &mut err,
    );
    (
        code,
        String::from_utf8(out).unwrap(),
        String::from_utf8(err).unwrap(),
    )
}

/// A path under the repository's `tests/fixtures/`.
fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures")
        .join(rel)
}

/// `madad analyze FILE --as-of AS_OF ARGS…`, which must exit 0; its standard output.
fn analyze_ok(file: &Path, as_of: &str, args: &[&str]) -> String {
    let mut all = vec!["analyze", file.to_str().unwrap(), "--as-of", as_of];
    all.extend_from_slice(args);
    let (code, out, err) = run(&all);
    assert_eq!(code, 0, "{err}");
    out
}

/// The same with `--json`: the report, parsed.
fn analyze_json(file: &Path, as_of: &str, args: &[&str]) -> Value {
    let mut all = vec!["--json"];
    all.extend_from_slice(args);
    serde_json::from_str(&analyze_ok(file, as_of, &all)).unwrap()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("madad-cli-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Analyses `dir/hours_log.csv` with K = 1 and checks it against `dir/truth.json`.
fn assert_recovers_truth(dir: &Path) {
    let truth: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("truth.json")).unwrap()).unwrap();
    let t = &truth["hoursLog"];
    let r = analyze_json(&dir.join("hours_log.csv"), "2026-11-22", &["--k", "1"]);
    let src = &r["sources"][0];
    assert_eq!(src["encoding"], "windows-1255");
    for key in ["rowsTotal", "rowsUsed", "rowsRejected", "rowsSkipped"] {
        assert_eq!(src[key], t[key], "{key}");
    }
    let s = &r["summary"];
    assert_eq!(s["volunteers"]["value"], t["volunteers"]);
    let hours = s["approvedHours"]["value"].as_f64().unwrap();
    assert!(
        (hours - t["approvedHours"].as_f64().unwrap()).abs() < 1e-9,
        "approved hours {hours}"
    );
    assert_eq!(s["activities"]["approved"], t["approvedActivities"]);
    assert_eq!(s["activities"]["pending"], t["pendingActivities"]);
    assert_eq!(s["activities"]["rejected"], t["rejectedActivities"]);
    let months: Vec<(String, u64)> = r["monthlyActive"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap().to_owned(),
                m["volunteers"]["value"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected: Vec<(String, u64)> = t["monthlyActive"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["month"].as_str().unwrap().to_owned(),
                m["volunteers"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(months, expected);
    // Every planted dirty row is reported at its row with its code, and nothing else is.
    let mut found: Vec<(u64, String)> = r["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["row"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut planted: Vec<(u64, String)> = t["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["row"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    found.sort();
    planted.sort();
    assert_eq!(found, planted);
}

#[test]
fn recovers_the_committed_small_demo() {
    assert_recovers_truth(&fixture("demo-small"));
}

#[test]
fn recovers_the_default_demo_municipality() {
    let dir = temp_dir("demo");
    let (code, _, err) = run(&["demo", "--out", dir.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert_recovers_truth(&dir);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unreadable_input_exits_non_zero_with_a_json_error() {
    let (code, out, err) = run(&["analyze", "/no/such/file.csv", "--json"]);
    assert_eq!((code, out.as_str()), (1, ""));
    let e: Value = serde_json::from_str(&err).unwrap();
    assert_eq!(e["error"]["code"], "file.unreadable");
    assert_eq!(e["error"]["file"], "file.csv");

    let dir = temp_dir("bad");
    let names = dir.join("names.csv");
    std::fs::write(&names, "שם,עיר\nדנה,שדרות\n").unwrap();
    let (code, _, err) = run(&["analyze", names.to_str().unwrap(), "--json"]);
    assert_eq!(code, 1);
    let e: Value = serde_json::from_str(&err).unwrap();
    assert_eq!(e["error"]["code"], "schema.missing_columns");
    assert_eq!(e["error"]["params"]["missing"], "volunteerId,date,hours");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("names.csv")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(run(&["analyze"]).0, 2);
    assert_eq!(run(&["analyze", "x.csv", "--k", "zero"]).0, 2);
    assert_eq!(run(&["frobnicate"]).0, 2);
    assert_eq!(run(&["demo"]).0, 2);
    let (code, out, _) = run(&["--version"]);
    assert_eq!(
        (code, out.trim()),
        (0, format!("madad {}", madad_core::VERSION).as_str())
    );
}

#[test]
fn the_human_summary_shows_suppressed_cells_as_below_k() {
    let out = analyze_ok(&fixture("golden/hours-small.csv"), "2025-06-30", &[]);
    assert!(out.contains("Unduplicated volunteers:      <10"), "{out}");
    assert!(
        out.contains("16 rows = 8 used + 7 rejected + 1 skipped"),
        "{out}"
    );
}

#[test]
fn a_saved_profile_is_reused_with_no_questions() {
    let dir = temp_dir("profile");
    let log = dir.join("export.csv");
    std::fs::write(&log, "דוח חודשי\nמזהה מתנדב;תאריך;שעות\n7;03/04/2025;1.5\n").unwrap();
    let profile = dir.join("profile.json");
    let first = analyze_json(
        &log,
        "2025-06-30",
        &[
            "--k",
            "1",
            "--header-row",
            "2",
            "--save-profile",
            profile.to_str().unwrap(),
        ],
    );
    let saved: Value = serde_json::from_str(&std::fs::read_to_string(&profile).unwrap()).unwrap();
    assert_eq!(
        (
            saved["schema"].as_str(),
            saved["headerRow"].as_u64(),
            saved["delimiter"].as_str()
        ),
        (Some("madad.mapping-profile"), Some(2), Some(";"))
    );
    let second = analyze_json(
        &log,
        "2025-06-30",
        &["--k", "1", "--profile", profile.to_str().unwrap()],
    );
    assert_eq!(first["summary"], second["summary"]);
    std::fs::write(&profile, "{\"schema\":\"other\"}").unwrap();
    let (code, _, err) = run(&[
        "analyze",
        log.to_str().unwrap(),
        "--json",
        "--profile",
        profile.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert_eq!(
        serde_json::from_str::<Value>(&err).unwrap()["error"]["code"],
        "profile.invalid"
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn excluded_rows_are_written_next_to_the_report() {
    let dir = temp_dir("excluded");
    let fixture = fixture("demo-small/hours_log.csv");
    let out = dir.join("excluded");
    analyze_ok(
        &fixture,
        "2026-11-22",
        &["--excluded", out.to_str().unwrap()],
    );
    let csv = std::fs::read(out.join("hours_log.csv.excluded.csv")).unwrap();
    assert!(csv.starts_with(b"\xEF\xBB\xBF"));
    let lines = String::from_utf8(csv).unwrap().lines().count();
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture.with_file_name("truth.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(
        lines as u64,
        1 + truth["hoursLog"]["rowsRejected"].as_u64().unwrap()
    );
    let _ = std::fs::remove_dir_all(&dir);
}

/// `analyze --bundle` writes a sealed aggregate bundle; `merge` reads several, adds what adds
/// and refuses a bundle edited by hand.
#[test]
fn bundles_are_written_merged_and_checked() {
    let dir = temp_dir("bundles");
    let hours = fixture("demo-small/hours_log.csv");
    let mut paths = Vec::new();
    for (name, k) in [("Sderot", "5"), ("Ar'ara", "10")] {
        let path = dir.join(format!("{name}.bundle.json"));
        analyze_ok(
            &hours,
            "2026-11-22",
            &[
                "--k",
                k,
                "--bundle",
                path.to_str().unwrap(),
                "--municipality",
                name,
            ],
        );
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("hours_log"), "no file names in a bundle");
        paths.push(path);
    }
    let (code, out, err) = run(&[
        "merge",
        paths[0].to_str().unwrap(),
        paths[1].to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(code, 0, "{err}");
    let merged: Value = serde_json::from_str(&out).unwrap();
    let measure = |id: &str| {
        merged["measures"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == id)
            .unwrap()
            .clone()
    };
    // The same file twice: approved activity records add up to twice the single figure.
    let one: Value = serde_json::from_str(&std::fs::read_to_string(&paths[0]).unwrap()).unwrap();
    let single = one["measures"]
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "activities/approved")
        .unwrap()["value"]["value"]
        .as_u64()
        .unwrap();
    let approved = measure("activities/approved");
    assert_eq!(
        approved["combined"]["published"].as_f64().unwrap(),
        2.0 * single as f64
    );
    assert_eq!(approved["combined"]["exact"], true);
    let volunteers = measure("summary/volunteers");
    assert_eq!(volunteers["additive"], false);
    assert!(volunteers["combined"].is_null());

    let (code, out, _) = run(&[
        "merge",
        paths[0].to_str().unwrap(),
        paths[1].to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(out.contains("Municipalities (2): Sderot, Ar'ara"), "{out}");
    assert!(out.contains("summary/volunteers: not additive"), "{out}");

    let forged = dir.join("forged.json");
    let text = std::fs::read_to_string(&paths[0])
        .unwrap()
        .replacen("Sderot", "Sdérot", 1);
    std::fs::write(&forged, text).unwrap();
    let (code, _, err) = run(&["merge", forged.to_str().unwrap(), "--json"]);
    assert_eq!(code, 1);
    let e: Value = serde_json::from_str(err.trim()).unwrap();
    assert_eq!(e["error"]["code"], "bundle.hash_mismatch");
    assert_eq!(e["error"]["file"], "forged.json");

    let (code, _, err) = run(&["analyze", hours.to_str().unwrap(), "--bundle", "x.json"]);
    assert_eq!(code, 2, "{err}");
}

/// The CLI reads workbooks natively through the same reader as the browser's module: the XLSX
/// export of the small hours log gives the CSV's numbers.
#[test]
fn workbooks_are_read_like_their_csv() {
    let report = |rel: &str| analyze_json(&fixture(rel), "2025-06-30", &["--k", "1"]);
    let csv = report("golden/hours-small.csv");
    let xlsx = report("xlsx/hours-small.xlsx");
    assert_eq!(xlsx["sources"][0]["format"], "xlsx");
    assert_eq!(xlsx["summary"], csv["summary"]);
    assert_eq!(xlsx["monthlyActive"], csv["monthlyActive"]);
}

#[test]
fn identifier_columns_are_pseudonymised_with_the_municipality_key() {
    let fixtures = fixture("privacy/gate");
    let path = fixtures.join("hours_by_tz.csv");
    let file = path.to_str().unwrap();
    let ids: Value =
        serde_json::from_str(&std::fs::read_to_string(fixtures.join("ids.json")).unwrap()).unwrap();
    let no_clear_id = |text: &str| {
        for id in ids["clear"].as_array().unwrap() {
            assert!(
                !text.contains(id.as_str().unwrap()),
                "{id} in clear:\n{text}"
            );
        }
    };
    let dir = temp_dir("key");
    let key = dir.join("key.json");
    let key = key.to_str().unwrap();
    let (code, out, err) = run(&["key", "new", "--out", key]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("check value"));
    let key_file: Value = serde_json::from_str(&std::fs::read_to_string(key).unwrap()).unwrap();
    assert_eq!(key_file["format"], "madad-pseudonym-key");
    let key_hex = key_file["key"].as_str().unwrap().to_owned();
    assert_eq!(key_hex.len(), 64);
    // Never overwritten.
    assert_eq!(run(&["key", "new", "--out", key]).0, 1);

    // Undecided: exit 1, the columns with masked examples, no ID in clear.
    let (code, _, err) = run(&["analyze", file, "--json", "--as-of", "2025-12-31"]);
    assert_eq!(code, 1);
    let e: Value = serde_json::from_str(&err).unwrap();
    assert_eq!(e["error"]["code"], "privacy.identifier_column");
    assert!(
        e["error"]["message"]
            .as_str()
            .unwrap()
            .contains("--pseudonymise")
    );
    no_clear_id(&err);
    let (code, _, err) = run(&["analyze", file, "--as-of", "2025-12-31"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("ת\"ז: israeli_id") && err.contains('*'),
        "{err}"
    );
    no_clear_id(&err);
    // Pseudonymising without a key is refused.
    let (code, _, err) = run(&["analyze", file, "--pseudonymise", "ת\"ז", "--drop", "טלפון"]);
    assert_eq!(code, 1);
    assert!(err.contains("--key"), "{err}");

    // Decided, with the key: the report, and neither an ID nor the key in it.
    let args = [
        "--k",
        "1",
        "--pseudonymise",
        "ת\"ז",
        "--drop",
        "טלפון",
        "--key",
        key,
    ];
    let out = analyze_ok(&path, "2025-12-31", &[&["--json"], &args[..]].concat());
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["summary"]["volunteers"]["value"], 12);
    no_clear_id(&out);
    assert!(!out.contains(&key_hex));
}

/// `analyze --xlsx FILE --lang L` writes the workbook report: the demo hours log's truth in the
/// Summary sheet, right-to-left sheets in Arabic, no file name in the document metadata.
#[test]
fn the_xlsx_report_is_written_in_the_chosen_language() {
    use calamine::{Data, Reader, Xlsx};
    let dir = temp_dir("xlsx");
    let fixture = fixture("demo-small/hours_log.csv");
    let truth: Value = serde_json::from_str(
        &std::fs::read_to_string(fixture.with_file_name("truth.json")).unwrap(),
    )
    .unwrap();
    let path = dir.join("report.xlsx");
    analyze_ok(
        &fixture,
        "2026-11-22",
        &["--xlsx", path.to_str().unwrap(), "--lang", "ar"],
    );
    let bytes = std::fs::read(&path).unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes.clone())).unwrap();
    assert_eq!(book.sheet_names()[0], "ملخص");
    let summary = book.worksheet_range("ملخص").unwrap();
    let hours = truth["hoursLog"]["approvedHours"].as_f64().unwrap();
    assert!(
        summary
            .rows()
            .any(|r| r.get(1) == Some(&Data::Float(hours))),
        "approved hours {hours} not in the summary"
    );
    assert!(zip_part(&bytes, "xl/worksheets/sheet1.xml").contains("rightToLeft=\"1\""));
    assert!(!zip_part(&bytes, "docProps/core.xml").contains("hours_log"));
    // --lang without --xlsx is a usage error.
    let (code, _, _) = run(&["analyze", fixture.to_str().unwrap(), "--lang", "ar"]);
    assert_eq!(code, 2);
    let _ = std::fs::remove_dir_all(&dir);
}

fn zip_part(bytes: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// `madad demo --layout bench` writes the six-column UTF-8 log, and `madad analyze` reads all of
/// it: every row is used except those with empty hours, and the volunteer count equals the
/// distinct ids on the used rows, counted here from the file.
#[test]
fn bench_layout_is_read_whole() {
    let dir = temp_dir("bench-layout");
    let (code, out, err) = run(&[
        "demo",
        "--layout",
        "bench",
        "--out",
        dir.to_str().unwrap(),
        "--volunteers",
        "500",
        "--activities",
        "6000",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("6000 rows"), "{out}");
    let file = dir.join("hours.csv");
    assert!(!dir.join("hours_log.csv").exists());
    let text = std::fs::read_to_string(&file).unwrap();
    let (mut empty, mut ids) = (0u64, std::collections::BTreeSet::new());
    for line in text.lines().skip(1) {
        // id,date,hours,… : the first three cells are never quoted.
        let mut cells = line.splitn(4, ',');
        let (id, _date, hours) = (cells.next().unwrap(), cells.next(), cells.next().unwrap());
        if hours.is_empty() {
            empty += 1;
        } else {
            ids.insert(id.to_string());
        }
    }
    assert!(empty > 0);
    let r = analyze_json(&file, "2026-11-22", &["--keep", "volunteer_id"]);
    let src = &r["sources"][0];
    assert_eq!(src["encoding"], "utf-8");
    assert_eq!(src["rowsTotal"], 6000);
    assert_eq!(src["rowsRejected"], empty);
    assert_eq!(src["rowsUsed"], 6000 - empty);
    let problems = src["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0]["code"], "value.missing");
    assert_eq!(r["summary"]["volunteers"]["value"], ids.len() as u64);
    let fields: Vec<_> = src["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].clone())
        .collect();
    let mut expected: Vec<Value> = ["volunteerId", "date", "hours", "department", "organisation"]
        .map(Value::from)
        .to_vec();
    expected.push(Value::Null); // neighborhood: not a field of an activity log
    assert_eq!(fields, expected);
}

/// Issue 6 §7 from the command line: a survey with municipality and lives-alone columns gives
/// those subgroups by default, with the sizes of `subgroups_reference.json`
/// (tests/fixtures/stats/loneliness-section/generate_subgroups.py).
#[test]
fn survey_subgroups_by_municipality_and_living_alone() {
    let dir = fixture("stats/loneliness-section");
    let reference: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("subgroups_reference.json")).unwrap(),
    )
    .unwrap();
    let report = analyze_json(&dir.join("subgroups.csv"), "2025-12-31", &["--k", "2"]);
    let sub = &report["loneliness"]["subgroups"];
    assert_eq!(sub["family"], reference["family"]["value"]);
    let rows = sub["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5);
    for row in rows {
        let key = format!(
            "{}/{}",
            row["dimension"].as_str().unwrap(),
            row["level"].as_str().unwrap()
        );
        assert_eq!(
            row["n"]["value"],
            reference[format!("{key}/n")]["value"],
            "{key}"
        );
    }
}

#[test]
fn template_writes_the_library_s_workbook_and_never_overwrites() {
    let dir = temp_dir("template");
    let path = dir.join("template-ar.xlsx");
    let p = path.to_str().unwrap();
    let (code, _, err) = run(&["template", "--out", p, "--lang", "ar"]);
    assert_eq!(code, 0, "{err}");
    let bytes = std::fs::read(&path).unwrap();
    assert_eq!(
        bytes,
        madad_report_xlsx::template_xlsx(madad_core::loneliness::apa::Lang::Ar).unwrap()
    );
    let (code, _, err) = run(&["template", "--out", p]);
    assert_eq!(code, 1, "an existing file is kept: {err}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
    assert_eq!(run(&["template", "--out", p, "--lang", "fr"]).0, 2);
    assert_eq!(run(&["template"]).0, 2);
}
