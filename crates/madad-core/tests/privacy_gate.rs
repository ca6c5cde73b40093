//! The identifier gate at ingest (issue 7; reliability notes §1.4–1.5, tests A1, A2, A6, A8,
//! A11, B14, B15). Fixtures: `tests/fixtures/privacy/gate/` (made by `generate.py` there; the
//! ID numbers carry a valid check digit computed as python-stdnum does, and `ids.json` lists
//! every clear ID and phone number so that outputs can be searched for them).
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::path::PathBuf;

use madad_core::privacy::detect::IdentifierKind;
use madad_core::privacy::gate::{GateAction, GateDecision};
use madad_core::privacy::ingest_gate::IdentifierDecision;
use madad_core::privacy::key::{KeyInput, PseudonymKey};
use madad_core::{
    AnalysisOptions, Cell, Dataset, DatasetBuilder, Error, IngestOptions, MappingProfile,
    SheetInfo, SourceFile, analyze, ingest,
};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/privacy/gate")
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(dir().join(name)).unwrap()
}

/// Every clear identifier in the fixtures.
fn clear_values() -> Vec<String> {
    let v: serde_json::Value = serde_json::from_slice(&read("ids.json")).unwrap();
    v["clear"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect()
}

fn assert_no_clear_value(what: &str, text: &str) {
    for id in clear_values() {
        assert!(
            !text.contains(&id),
            "{what} contains {id} in clear:\n{text}"
        );
    }
}

fn key(byte: u8) -> KeyInput {
    KeyInput {
        key_file: PseudonymKey::from_random_bytes([byte; 32]).to_random_key_file(),
        passphrase: None,
    }
}

fn decide(column: &str, action: GateAction) -> GateDecision {
    GateDecision {
        column: column.into(),
        action,
    }
}

fn opts() -> IngestOptions {
    IngestOptions {
        as_of: Some("2025-12-31".into()),
        ..IngestOptions::default()
    }
}

/// Options pseudonymising the ID columns and dropping the phones, with the key `byte`.
fn decided(byte: u8) -> IngestOptions {
    IngestOptions {
        identifiers: vec![
            decide("ת\"ז", GateAction::Pseudonymise),
            decide("טלפון", GateAction::Drop),
            decide("מזהה", GateAction::Pseudonymise),
        ],
        pseudonym_key: Some(key(byte)),
        ..opts()
    }
}

fn k1() -> AnalysisOptions {
    AnalysisOptions {
        suppression_threshold: 1,
        ..AnalysisOptions::default()
    }
}

fn read_files(names: &[&str], options: &IngestOptions) -> Result<Dataset, Error> {
    let bytes: Vec<Vec<u8>> = names.iter().map(|n| read(n)).collect();
    let files: Vec<SourceFile<'_>> = names
        .iter()
        .zip(&bytes)
        .map(|(name, bytes)| SourceFile { name, bytes })
        .collect();
    ingest(&files, options)
}

fn people(ds: &Dataset) -> Vec<String> {
    (0..ds.people.len() as u32)
        .map(|c| ds.people.get(c).unwrap().to_owned())
        .collect()
}

#[test]
fn an_undecided_id_column_stops_the_file_with_masked_examples_only() {
    // A1/A2: the ת"ז column (8-digit values whose leading zero Excel dropped among them) and
    // the phone column stop the file before any row is used.
    let e = read_files(&["hours_by_tz.csv"], &opts()).unwrap_err();
    assert_eq!(e.code, "privacy.identifier_column");
    assert_eq!(e.file.as_deref(), Some("hours_by_tz.csv"));
    assert_eq!(e.params["columns"], "ת\"ז, טלפון");
    assert_eq!(e.params["kinds"], "ת\"ז: israeli_id, טלפון: phone");
    assert!(e.params["examples"].contains('*'), "{:?}", e.params);
    let details: serde_json::Value = serde_json::from_str(&e.params["details"]).unwrap();
    assert_eq!(details[0]["issue"], "identifier_undecided");
    assert_eq!(details[0]["kind"], "israeliId");
    assert_eq!(details[0]["share"], "1.000");
    assert_no_clear_value("the error", &serde_json::to_string(&e).unwrap());
    assert_no_clear_value("the error's text", &e.to_string());

    // Fed in small chunks, the same error; nothing of the file stays in the builder.
    let bytes = read("hours_by_tz.csv");
    let mut b = DatasetBuilder::new(opts()).unwrap();
    b.begin_file("hours_by_tz.csv").unwrap();
    let mut err = None;
    for c in bytes.chunks(7) {
        if let Err(e) = b.push(c) {
            err = Some(e);
            break;
        }
    }
    let err = err.unwrap_or_else(|| b.end_file().unwrap_err());
    assert_eq!(err, e);
    let ds = b.finish();
    assert!(ds.ledgers.is_empty() && ds.people.is_empty());
    assert_no_clear_value(
        "the diagnostics",
        &serde_json::to_string(&ds.diagnostics).unwrap(),
    );
}

#[test]
fn pseudonymised_ids_give_the_report_of_internal_numbers_and_link_the_survey() {
    let by_tz = read_files(&["hours_by_tz.csv", "survey_by_tz.csv"], &decided(1)).unwrap();
    let by_number = read_files(&["hours_by_number.csv", "survey_by_number.csv"], &opts()).unwrap();
    // Twelve volunteers; the six respondents (their IDs spelt with the leading zero or as
    // `03933742-3`) are the same people, not six more.
    assert_eq!(by_number.people.len(), 12);
    assert_eq!(by_tz.people.len(), 12);
    for p in people(&by_tz) {
        assert!(
            p.len() == 64 && p.bytes().all(|b| b.is_ascii_hexdigit()),
            "{p}"
        );
    }
    let report = |ds: &Dataset| {
        let mut v = serde_json::to_value(analyze(ds, &k1())).unwrap();
        // File names, hashes and headers differ by construction (the diagnostics name files).
        let o = v.as_object_mut().unwrap();
        o.remove("sources");
        let codes: Vec<serde_json::Value> = o["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["code"].clone())
            .collect();
        o.insert("diagnostics".into(), codes.into());
        v
    };
    let (a, b) = (report(&by_tz), report(&by_number));
    assert!(a == b, "the reports differ");
    assert_eq!(a["summary"]["volunteers"]["value"], serde_json::json!(12));
    assert!(by_tz.survey.len() == 12 && by_tz.activities.len() == 48);

    // The ledger records what was decided per column (kind and action, no value).
    assert_eq!(
        by_tz.ledgers[0].identifiers,
        vec![
            IdentifierDecision {
                column: "ת\"ז".into(),
                kind: Some(IdentifierKind::IsraeliId),
                action: GateAction::Pseudonymise,
            },
            IdentifierDecision {
                column: "טלפון".into(),
                kind: Some(IdentifierKind::Phone),
                action: GateAction::Drop,
            },
        ]
    );
    assert_eq!(by_tz.ledgers[1].identifiers[0].column, "מזהה");
    assert_eq!(
        by_tz.ledgers[0].columns[4].field, None,
        "the dropped phone column is not mapped"
    );
    // No clear identifier anywhere: report, ledgers, diagnostics, the dataset handed over.
    let everything = format!(
        "{}{}{}{}",
        serde_json::to_string(&analyze(&by_tz, &k1())).unwrap(),
        serde_json::to_string(&by_tz.ledgers).unwrap(),
        serde_json::to_string(&by_tz.diagnostics).unwrap(),
        serde_json::to_string(&by_tz).unwrap(),
    );
    assert_no_clear_value("the outputs", &everything);
    // Nor the key.
    let key_hex = decided(1).pseudonym_key.unwrap().key_file.key.unwrap();
    assert!(!everything.contains(&key_hex));
    assert!(
        !serde_json::to_string(&decided(1))
            .unwrap()
            .contains(&key_hex)
    );
    assert!(!format!("{:?}", decided(1)).contains(&key_hex));
}

#[test]
fn the_same_key_gives_the_same_people_and_another_key_other_people() {
    // B15.
    let a = people(&read_files(&["hours_by_tz.csv"], &decided(1)).unwrap());
    let again = people(&read_files(&["hours_by_tz.csv"], &decided(1)).unwrap());
    let other = people(&read_files(&["hours_by_tz.csv"], &decided(2)).unwrap());
    assert_eq!(a, again);
    assert_eq!(other.len(), a.len());
    assert!(other.iter().all(|p| !a.contains(p)));
    // A survey read on its own (another month) names its people as the hours log did.
    let survey = people(&read_files(&["survey_by_tz.csv"], &decided(1)).unwrap());
    assert_eq!(survey.len(), 6);
    assert!(survey.iter().all(|p| a.contains(p)));
}

#[test]
fn a_spreadsheet_with_ids_as_numbers_links_with_the_csv() {
    // A2: Excel numbers (`39337423.0`) are the same people as the CSV's text.
    let csv = "ת\"ז,תאריך,שעות\n039337423,01/03/2025,2\n";
    let info = SheetInfo {
        format: madad_core::FileFormat::Xlsx,
        bytes: 1,
        sha256: String::new(),
        hidden_sheets: Vec::new(),
        merged_regions: 0,
        hidden_rows: 0,
    };
    let sheet = |options: IngestOptions| {
        let mut b = DatasetBuilder::new(options).unwrap();
        b.begin_file("c.csv").unwrap();
        b.push(csv.as_bytes())?;
        b.end_file()?;
        b.begin_sheet("x.xlsx", "Sheet1", info.clone()).unwrap();
        b.push_row(
            1,
            &[Cell::Text("ת\"ז"), Cell::Text("תאריך"), Cell::Text("שעות")],
        )?;
        b.push_row(
            2,
            &[
                Cell::Number(39_337_423.0),
                Cell::Text("02/03/2025"),
                Cell::Number(1.0),
            ],
        )?;
        b.end_file()?;
        Ok::<_, Error>(b.finish())
    };
    let ds = sheet(decided(3)).unwrap();
    assert_eq!(ds.people.len(), 1);
    assert_eq!(ds.activities.len(), 2);
    // Undecided, the sheet stops at its end and leaves nothing behind.
    let mut b = DatasetBuilder::new(opts()).unwrap();
    b.begin_sheet("x.xlsx", "Sheet1", info.clone()).unwrap();
    b.push_row(
        1,
        &[Cell::Text("ת\"ז"), Cell::Text("תאריך"), Cell::Text("שעות")],
    )
    .unwrap();
    b.push_row(
        2,
        &[
            Cell::Number(39_337_423.0),
            Cell::Text("02/03/2025"),
            Cell::Number(1.0),
        ],
    )
    .unwrap();
    let e = b.end_file().unwrap_err();
    assert_eq!(e.code, "privacy.identifier_column");
    assert!(!serde_json::to_string(&e).unwrap().contains("39337423"));
    let ds = b.finish();
    assert!(ds.people.is_empty() && ds.activities.is_empty());
}

#[test]
fn a_required_column_cannot_be_dropped_and_pseudonymising_needs_a_key() {
    let e = read_files(
        &["hours_by_tz.csv"],
        &IngestOptions {
            identifiers: vec![
                decide("ת\"ז", GateAction::Drop),
                decide("טלפון", GateAction::Drop),
            ],
            ..opts()
        },
    )
    .unwrap_err();
    assert_eq!(e.code, "privacy.drop_required");
    assert_eq!(e.params["column"], "ת\"ז");
    assert_eq!(e.params["field"], "volunteerId");
    // A blocking column cannot be kept.
    let e = read_files(
        &["hours_by_tz.csv"],
        &IngestOptions {
            identifiers: vec![
                decide("ת\"ז", GateAction::Pseudonymise),
                decide("טלפון", GateAction::Keep),
            ],
            pseudonym_key: Some(key(1)),
            ..opts()
        },
    )
    .unwrap_err();
    assert_eq!(e.code, "privacy.identifier_column");
    assert_eq!(e.params["columns"], "טלפון");
    assert!(e.params["details"].contains("identifier_kept"));
    // No key.
    let e = DatasetBuilder::new(IngestOptions {
        pseudonym_key: None,
        ..decided(1)
    })
    .unwrap_err();
    assert_eq!(e.code, "key.required");
    // A key file whose check value does not match.
    let mut bad = key(1);
    bad.key_file.check = "0000000000000000".into();
    let e = DatasetBuilder::new(IngestOptions {
        pseudonym_key: Some(bad),
        ..decided(1)
    })
    .unwrap_err();
    assert_eq!(e.code, "key.invalid");
    assert_eq!(e.params["reason"], "key_check_mismatch");
}

#[test]
fn an_identifier_found_after_the_window_stops_the_file_at_its_end() {
    // A8: an e-mail in a free-text column, only beyond the sniffing window.
    let mut csv = "מזהה מתנדב,תאריך,שעות,הערות\n".to_owned();
    let mut i = 0;
    while csv.len() < madad_core::dataset::SNIFF_BYTES + 4096 {
        csv.push_str(&format!("{},01/03/2025,2,הגיע בזמן\n", 1000 + i % 50));
        i += 1;
    }
    csv.push_str("1001,02/03/2025,2,נא לחזור אל dana.cohen@example.co.il\n");
    let mut b = DatasetBuilder::new(opts()).unwrap();
    b.begin_file("late.csv").unwrap();
    // In 64 KiB chunks, as a host streams: the window is the first 1 MiB.
    for c in csv.as_bytes().chunks(1 << 16) {
        b.push(c).unwrap();
    }
    let e = b.end_file().unwrap_err();
    assert_eq!(e.code, "privacy.identifier_column");
    assert_eq!(e.params["columns"], "הערות");
    assert!(!serde_json::to_string(&e).unwrap().contains("dana.cohen"));
    // The builder stays usable and holds nothing of the file.
    let ds = b.finish();
    assert!(ds.activities.is_empty() && ds.people.is_empty());
    // Dropped, the column is ignored and the file is read.
    let ds = ingest(
        &[SourceFile {
            name: "late.csv",
            bytes: csv.as_bytes(),
        }],
        &IngestOptions {
            identifiers: vec![decide("הערות", GateAction::Drop)],
            ..opts()
        },
    )
    .unwrap();
    assert_eq!(ds.ledgers[0].rows_total as usize, i + 1);
    assert_eq!(
        ds.ledgers[0].identifiers,
        vec![IdentifierDecision {
            column: "הערות".into(),
            kind: Some(IdentifierKind::Email),
            action: GateAction::Drop,
        }]
    );
}

#[test]
fn a_profile_saves_the_decisions_not_the_key() {
    let ds = read_files(&["hours_by_tz.csv"], &decided(1)).unwrap();
    let profile = MappingProfile::from_ledger("hours", &ds.ledgers[0]);
    assert_eq!(
        profile.identifiers,
        vec![
            decide("ת\"ז", GateAction::Pseudonymise),
            decide("טלפון", GateAction::Drop)
        ]
    );
    let json = serde_json::to_string(&profile).unwrap();
    let key_hex = key(1).key_file.key.unwrap();
    assert!(!json.contains(&key_hex));
    // Next month: the profile and the key, no questions.
    let mut next = opts();
    profile.apply(&mut next).unwrap();
    next.pseudonym_key = Some(key(1));
    let again = read_files(&["hours_by_tz.csv"], &next).unwrap();
    assert_eq!(people(&again), people(&ds));
}

#[test]
fn birth_date_address_and_gender_together_are_a_warning() {
    // A11.
    let csv = "מזהה מתנדב,תאריך,שעות,תאריך לידה,מין,רחוב\n1,01/03/2025,2,01/01/1950,נ,הרצל\n";
    let ds = ingest(
        &[SourceFile {
            name: "q.csv",
            bytes: csv.as_bytes(),
        }],
        &opts(),
    )
    .unwrap();
    let d = ds
        .diagnostics
        .iter()
        .find(|d| d.code == "privacy.quasi_identifiers")
        .unwrap();
    assert_eq!(d.params["columns"], "תאריך לידה | מין | רחוב");
}

#[test]
fn a_builder_never_prints_values_in_clear() {
    // Past the sniffing window, with rows mapped (repeats are rejected and kept for download).
    let text = String::from_utf8(read("hours_by_tz.csv")).unwrap();
    let (header, rows) = text.split_once('\n').unwrap();
    let mut big = format!("{header}\n");
    while big.len() < madad_core::dataset::SNIFF_BYTES + 10_000 {
        big.push_str(rows);
    }
    let mut b = DatasetBuilder::new(decided(1)).unwrap();
    b.begin_file("big.csv").unwrap();
    b.push(big.as_bytes()).unwrap();
    b.push(rows.as_bytes()).unwrap();
    let shown = format!("{b:?}");
    assert!(shown.contains("IngestGate"));
    assert_no_clear_value("the builder's Debug", &shown);
}
