//! Several files at once: each file's role is recognised from its columns (or chosen), every
//! row of every file is accounted for, and the same person across files is one person. Checked
//! against the demo municipality's planted truth (crates/madad-demo).
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use madad_core::ingest::ledger::FileRole;
use madad_core::schema::survey::{Answer, Group, Wave};
use madad_core::{IngestOptions, SourceFile, ingest};

fn demo(name: &str) -> Vec<u8> {
    std::fs::read(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/demo-small")
            .join(name),
    )
    .unwrap()
}

fn truth() -> serde_json::Value {
    serde_json::from_slice(&demo("truth.json")).unwrap()
}

#[test]
fn the_demo_files_are_recognised_and_linked() {
    let (hours, survey, population) = (
        demo("hours_log.csv"),
        demo("loneliness_survey.csv"),
        demo("population.csv"),
    );
    let files = [
        SourceFile {
            name: "population.csv",
            bytes: &population,
        },
        SourceFile {
            name: "loneliness_survey.csv",
            bytes: &survey,
        },
        SourceFile {
            name: "hours_log.csv",
            bytes: &hours,
        },
    ];
    let ds = ingest(
        &files,
        &IngestOptions {
            as_of: Some("2026-11-22".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let roles: Vec<FileRole> = ds.ledgers.iter().map(|l| l.role).collect();
    assert_eq!(
        roles,
        vec![
            FileRole::Population,
            FileRole::Survey,
            FileRole::ActivityLog
        ]
    );
    for l in &ds.ledgers {
        assert_eq!(
            l.rows_total,
            l.rows_used + l.rows_rejected + l.rows_skipped,
            "{}",
            l.name
        );
    }
    let t = truth();

    // Population: every cell, summed.
    let p = &ds.ledgers[0];
    assert_eq!(
        (p.rows_used, p.rows_rejected),
        (t["population"]["rows"].as_u64().unwrap(), 0)
    );
    let residents: u64 = ds.population.cells.iter().map(|c| c.residents).sum();
    assert_eq!(residents, t["population"]["residents"].as_u64().unwrap());

    // Survey: long layout, one response per row, nine answer columns of two instruments.
    let s = &ds.ledgers[1];
    assert_eq!(
        (s.rows_used, s.rows_rejected),
        (t["survey"]["rows"].as_u64().unwrap(), 0)
    );
    assert_eq!(ds.survey.items.len(), 9);
    let respondents: std::collections::BTreeSet<u32> =
        ds.survey.responses.iter().map(|r| r.person).collect();
    assert_eq!(
        respondents.len() as u64,
        t["survey"]["respondents"].as_u64().unwrap()
    );
    let pre = ds
        .survey
        .responses
        .iter()
        .filter(|r| r.wave == Wave::Pre)
        .count() as u64;
    let post = ds
        .survey
        .responses
        .iter()
        .filter(|r| r.wave == Wave::Post)
        .count() as u64;
    assert_eq!(
        (pre, post),
        (300, 300 - t["survey"]["dropouts"].as_u64().unwrap())
    );
    let intervention: std::collections::BTreeSet<u32> = ds
        .survey
        .responses
        .iter()
        .filter(|r| r.group == Group::Intervention)
        .map(|r| r.person)
        .collect();
    assert_eq!(
        intervention.len() as u64,
        t["survey"]["intervention"].as_u64().unwrap()
    );
    let blank = ds
        .survey
        .responses
        .iter()
        .flat_map(|r| &r.answers)
        .filter(|(_, a)| *a == Answer::Missing)
        .count();
    assert_eq!(
        blank as u64,
        t["survey"]["blankItemCells"].as_u64().unwrap()
    );
    // Out-of-range answers are kept as written (the instrument's scoring reports them), never clamped.
    let codes: std::collections::BTreeSet<i16> = ds
        .survey
        .responses
        .iter()
        .flat_map(|r| &r.answers)
        .filter_map(|(_, a)| {
            if let Answer::Code(c) = a {
                Some(*c)
            } else {
                None
            }
        })
        .collect();
    assert_eq!(codes, [0, 1, 2, 3, 4, 5].into());

    // Respondents who are volunteers are the same people as in the hours log.
    let volunteers: std::collections::BTreeSet<u32> =
        ds.activities.volunteer.iter().copied().collect();
    let linked = respondents
        .iter()
        .filter(|p| volunteers.contains(p))
        .count() as u64;
    assert_eq!(
        linked,
        t["survey"]["volunteerRespondents"].as_u64().unwrap()
    );
}

#[test]
fn registry_wide_survey_and_a_chosen_role() {
    let registry = "מזהה מתנדב,שנת לידה,מגדר,מחלקות,תאריך הצטרפות,תאריך עזיבה\n\
                    101,1950,נקבה,רווחה; חינוך,01/02/2020,\n\
                    102,3000,זכר,נוער,05/03/2021,01/01/2021\n\
                    101,1951,נקבה,,,\n\
                    ,1960,זכר,,,\n";
    let wide = "מזהה משיב,קבוצה,ucla_1_pre,ucla_2_pre,ucla_1_post,ucla_2_post\n\
                101,התערבות,3,2,1,1\n\
                103,ביקורת,2,2,,\n\
                104,אחרת,2.5,1,1,1\n";
    let files = [
        SourceFile {
            name: "registry.csv",
            bytes: registry.as_bytes(),
        },
        SourceFile {
            name: "wide.csv",
            bytes: wide.as_bytes(),
        },
    ];
    let ds = ingest(
        &files,
        &IngestOptions {
            as_of: Some("2025-06-30".into()),
            ..Default::default()
        },
    )
    .unwrap();
    let (r, w) = (&ds.ledgers[0], &ds.ledgers[1]);
    assert_eq!(
        (r.role, r.rows_used, r.rows_rejected),
        (FileRole::Registry, 2, 2)
    );
    assert_eq!(
        (w.role, w.rows_used, w.rows_rejected),
        (FileRole::Survey, 3, 0)
    );
    let codes: Vec<(&str, Option<u64>)> = ds
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.row))
        .collect();
    assert_eq!(
        codes,
        vec![
            // 01/02/2020, 05/03/2021 and 01/01/2021 all read both ways.
            ("date.order_assumed", None),
            ("value.ignored", Some(3)),
            ("registry.leave_before_join", Some(3)),
            ("registry.duplicate_person", Some(4)),
            ("value.missing", Some(5)),
            ("survey.group_unknown", Some(4)),
            ("survey.answer_invalid", Some(4)),
        ]
    );
    let first = &ds.registry.entries[0];
    assert_eq!((first.birth_year, first.departments.len()), (Some(1950), 2));
    assert_eq!(
        ds.registry.entries[1].birth_year, None,
        "3000 is out of range and ignored"
    );
    // Wide layout: 101 answered both waves, 103 dropped out after the first, 104 both.
    let waves: Vec<(u32, Wave)> = ds
        .survey
        .responses
        .iter()
        .map(|r| (r.person, r.wave))
        .collect();
    let p = |id: &str| -> u32 {
        (0..ds.people.len() as u32)
            .find(|&c| ds.people.get(c) == Some(id))
            .unwrap()
    };
    assert_eq!(
        waves,
        vec![
            (p("101"), Wave::Pre),
            (p("101"), Wave::Post),
            (p("103"), Wave::Pre),
            (p("104"), Wave::Pre),
            (p("104"), Wave::Post)
        ]
    );
    // The same person in the registry and the survey is one code.
    assert_eq!(first.person, p("101"));

    // A file the user says is a registry, although its columns would also fit an hours log.
    let log = "מזהה מתנדב,תאריך,שעות,מחלקה\n101,05/01/2025,2,רווחה\n";
    let mut options = IngestOptions {
        as_of: Some("2025-06-30".into()),
        ..Default::default()
    };
    options.roles.insert("odd.csv".into(), "registry".into());
    let ds = ingest(
        &[SourceFile {
            name: "odd.csv",
            bytes: log.as_bytes(),
        }],
        &options,
    )
    .unwrap();
    assert_eq!(
        (ds.ledgers[0].role, ds.registry.len(), ds.activities.len()),
        (FileRole::Registry, 1, 0)
    );
}

#[test]
fn opportunities_are_recognised_and_counted() {
    let csv = "הזדמנות התנדבות,מחלקה,מספר מקומות,אוישו,שעות נדרשות,תאריך התחלה\n\
               חונכות תלמידים,חינוך,20,14,120,01/09/2025\n\
               ביקורי בית לוותיקים,רווחה,10,12,,15/09/2025\n\
               ,נוער,5,5,,\n\
               חלוקת מזון,חירום,רבים,3,40.5,\n";
    let ds = ingest(
        &[SourceFile {
            name: "opps.csv",
            bytes: csv.as_bytes(),
        }],
        &IngestOptions::default(),
    )
    .unwrap();
    let l = &ds.ledgers[0];
    assert_eq!(
        (l.role, l.rows_used, l.rows_rejected),
        (FileRole::Opportunities, 3, 1)
    );
    let o = &ds.opportunities.rows;
    assert_eq!(
        (
            o[0].slots_needed,
            o[0].slots_filled,
            o[0].micro_hours_needed
        ),
        (Some(20), Some(14), Some(120_000_000))
    );
    assert_eq!(
        (o[2].slots_needed, o[2].micro_hours_needed),
        (None, Some(40_500_000))
    );
    let codes: Vec<(&str, Option<u64>)> = ds
        .diagnostics
        .iter()
        .map(|d| (d.code.as_str(), d.row))
        .collect();
    assert_eq!(
        codes,
        vec![
            ("opportunity.overfilled", Some(3)),
            ("value.missing", Some(4)),
            ("value.ignored", Some(5))
        ]
    );
}
