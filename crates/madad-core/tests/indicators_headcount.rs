//! V8: team and anonymous headcounts kept apart from identified volunteers, on the hand-computed
//! fixture `tests/fixtures/indicators/activity-teams.csv` (as of 2025-12-31, calendar years, so
//! the reporting period is 2025; counted = approved; the role `הכשרה` is training):
//!
//! | row | volunteer | date | hours | status | role | party size | in 2025 |
//! |---|---|---|---|---|---|---|---|
//! | 2 | t1 | 2025-01-10 | 2 | approved | visits | (empty) | t1 identified |
//! | 3 | t1 | 2025-01-11 | 3 | approved | visits | 4 | team entry: t1 + 3 members |
//! | 4 | t2 | 2025-02-12 | 1 | approved | visits | 1 | t2 identified (1 is no team) |
//! | 5 | t2 | 2025-02-13 | 2 | approved | visits | 2 | team entry: t2 + 1 member |
//! | 6 | — | 2025-03-14 | 5 | approved | beach | 12 | anonymous: 12 people, 5 h |
//! | 7 | — | 2025-03-15 | 1.5 | approved | beach | 3 | anonymous: 3 people, 1.5 h |
//! | 8 | — | 2025-03-16 | 2 | pending | beach | 7 | not counted (pending) |
//! | 9 | t3 | 2024-06-01 | 2 | approved | visits | 5 | 2024 |
//! | 10 | — | 2024-07-01 | 1 | approved | beach | 9 | 2024 |
//! | 11 | t3 | 2025-04-20 | 1 | approved | training | 6 | only when training counts |
//!
//! 2025 by hand: V1 = |{t1, t2}| = 2; V3 = 2 + 3 + 1 + 2 = 8 h (anonymous hours apart);
//! team entries 2, team members 3 + 1 = 4; anonymous entries 2, people 12 + 3 = 15, hours
//! 5 + 1.5 = 6.5; headcount 4 + 15 = 19. With training counted: t3 joins V1 (3) and its row is a
//! team entry of 6 (+5 members): team entries 3, members 9, headcount 24.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use madad_core::definitions::DefinitionOptions;
use madad_core::indicators::headcount::Headcount;
use madad_core::{AnalysisOptions, Dataset, IngestOptions, Report, SourceFile, analyze, ingest};

fn fixture() -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../tests/fixtures/indicators/activity-teams.csv"),
    )
    .unwrap()
}

fn dataset(csv: &str) -> Dataset {
    ingest(
        &[SourceFile {
            name: "teams.csv",
            bytes: csv.as_bytes(),
        }],
        &IngestOptions {
            as_of: Some("2025-12-31".into()),
            ..IngestOptions::default()
        },
    )
    .unwrap()
}

fn report(csv: &str, k: u32, defs: DefinitionOptions) -> Report {
    analyze(
        &dataset(csv),
        &AnalysisOptions {
            suppression_threshold: k,
            definitions: defs,
            ..AnalysisOptions::default()
        },
    )
}

fn v<T: Copy>(p: &madad_core::privacy::suppress::Published<T>) -> Option<T> {
    p.value
}

fn counts(h: &Headcount) -> [Option<u64>; 5] {
    [
        v(&h.team_entries),
        v(&h.team_members),
        v(&h.anonymous_entries),
        v(&h.anonymous_people),
        v(&h.headcount),
    ]
}

#[test]
fn team_and_anonymous_headcounts_are_kept_apart_from_volunteers() {
    let csv = fixture();
    let ds = dataset(&csv);
    let l = &ds.ledgers[0];
    assert_eq!(
        (l.rows_total, l.rows_used, l.rows_rejected),
        (10, 10, 0),
        "{:?}",
        ds.diagnostics
    );
    let r = report(&csv, 1, DefinitionOptions::default());
    let vol = r.indicators.volume.as_ref().unwrap();
    assert_eq!(vol.period, "2025");
    assert_eq!(v(&vol.volunteers), Some(2));
    assert_eq!(v(&vol.hours), Some(8.0));
    let h = r.indicators.headcount.as_ref().unwrap();
    assert_eq!(h.period, "2025");
    assert_eq!(counts(h), [Some(2), Some(4), Some(2), Some(15), Some(19)]);
    assert_eq!(v(&h.anonymous_hours), Some(6.5));
    assert!(!r.indicators.missing.iter().any(|m| m.indicator == "V8"));
    // The headcount is never added to the volunteers, in the summary or the series.
    assert_eq!(v(&r.summary.volunteers), Some(3)); // t1, t2, t3 (2024) — identified only
    let y2025 = r
        .indicators
        .volume_series
        .iter()
        .find(|p| p.period == "2025")
        .unwrap();
    assert_eq!(v(&y2025.volunteers), Some(2));
}

#[test]
fn training_team_entries_count_only_when_training_counts() {
    let defs = DefinitionOptions {
        count_training_hours: true,
        ..DefinitionOptions::default()
    };
    let r = report(&fixture(), 1, defs);
    assert_eq!(
        v(&r.indicators.volume.as_ref().unwrap().volunteers),
        Some(3)
    );
    let h = r.indicators.headcount.as_ref().unwrap();
    assert_eq!(counts(h), [Some(3), Some(9), Some(2), Some(15), Some(24)]);
}

#[test]
fn identified_indicators_do_not_change_when_team_and_anonymous_entries_are_removed() {
    // The same log without the party-size column and without the anonymous rows: every
    // identified-volunteer indicator (V1, V3, V7, retention, segments) is the same.
    let csv = fixture();
    let stripped: String = csv
        .lines()
        .filter(|l| !l.starts_with(','))
        .map(|l| format!("{}\n", &l[..l.rfind(',').unwrap()]))
        .collect();
    let with = report(&csv, 1, DefinitionOptions::default()).indicators;
    let without = report(&stripped, 1, DefinitionOptions::default()).indicators;
    assert_eq!(with.volume, without.volume);
    assert_eq!(with.volume_series, without.volume_series);
    assert_eq!(with.retention_series, without.retention_series);
    assert_eq!(with.intensity, without.intensity);
    assert_eq!(with.active, without.active);
    // Without the column V8 is not computed, and says why.
    assert!(without.headcount.is_none());
    assert!(
        without
            .missing
            .iter()
            .any(|m| m.indicator == "V8" && m.code == "needs_columns")
    );
}

#[test]
fn row_order_does_not_matter() {
    let csv = fixture();
    let mut lines: Vec<&str> = csv.lines().collect();
    lines[1..].reverse();
    let reversed = format!("{}\n", lines.join("\n"));
    let a = report(&csv, 1, DefinitionOptions::default()).indicators;
    let b = report(&reversed, 1, DefinitionOptions::default()).indicators;
    assert_eq!(a.headcount, b.headcount);
    assert_eq!(a.volume, b.volume);
}

#[test]
fn a_small_part_is_withheld_with_its_complement_and_the_total_stays() {
    // K = 5: team members 4 is a small count; anonymous people 15 would give it away by
    // subtraction from the published headcount 19, so it is withheld too (complementary), with
    // the entries and hours derived from each part.
    let r = report(&fixture(), 5, DefinitionOptions::default());
    let h = r.indicators.headcount.as_ref().unwrap();
    assert_eq!(counts(h), [None, None, None, None, Some(19)]);
    assert!(h.team_members.suppressed && h.anonymous_people.suppressed);
    assert!(h.anonymous_hours.suppressed);
    assert!(
        r.suppression
            .iter()
            .any(|n| n.cell == "headcount/anonymousPeople/complementary")
    );
}

#[test]
fn unreadable_party_sizes() {
    // An identified row with an unreadable size is used as a single volunteer (warning); an
    // anonymous row with one is rejected (nothing else to count); 0 is out of range; a
    // padded size is read with a warning.
    let csv = "volunteer id,date,hours,party size\n\
               a,2025-01-05,1,many\n\
               ,2025-01-06,1,many\n\
               ,2025-01-07,1,0\n\
               ,2025-01-08,2, 4 \n\
               ,2025-01-09,1,\n";
    let ds = dataset(csv);
    let codes: Vec<(u64, &str, madad_core::Severity)> = ds
        .diagnostics
        .iter()
        .filter_map(|d| Some((d.row?, d.code.as_str(), d.severity)))
        .collect();
    use madad_core::Severity::{Error, Warning};
    assert_eq!(
        codes,
        vec![
            (2, "value.ignored", Warning),
            (3, "number.invalid", Error),
            (4, "value.out_of_range", Error),
            (5, "number.surrounding_space", Warning),
            (6, "value.missing", Error),
        ]
    );
    let l = &ds.ledgers[0];
    assert_eq!((l.rows_used, l.rows_rejected), (2, 3));
    let r = analyze(
        &ds,
        &AnalysisOptions {
            suppression_threshold: 1,
            ..AnalysisOptions::default()
        },
    );
    let h = r.indicators.headcount.unwrap();
    assert_eq!(counts(&h), [Some(0), Some(0), Some(1), Some(4), Some(4)]);
}
