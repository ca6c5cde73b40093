//! Property tests of the invariants every later layer relies on:
//! - nothing lost: `rowsTotal = rowsUsed + rowsRejected + rowsSkipped`, every rejected row has an
//!   error diagnostic with a row number, and the ledger is identical on a re-run;
//! - chunking does not matter: any chunk size gives the same report;
//! - row order does not matter: shuffling data rows gives the same numbers.
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use madad_core::{AnalysisOptions, DatasetBuilder, IngestOptions, Report, Severity, analyze};
use proptest::prelude::*;

/// One cell drawn from values real exports contain, good and bad.
fn cell(kind: usize) -> impl Strategy<Value = String> {
    let pool: &[&[&str]] = &[
        // volunteer ids
        &[
            "101",
            "102",
            "103",
            "104",
            "",
            " 105 ",
            "039337423",
            "\u{200F}106",
        ],
        // dates
        &[
            "05/01/2025",
            "20/01/2025",
            "2025-02-03",
            "31/02/2025",
            "x",
            "",
            "45292",
            "3.4.25",
        ],
        // hours
        &[
            "1", "2.5", "0:45", "1,5", "-1", "30", "NaN", "", "٢", "1e309",
        ],
        // status
        &["מאושר", "approved", "ממתין", "נדחה", "מאשר", "", "معتمد"],
        // free text, with delimiters, quotes and line breaks to be quoted
        &[
            "רווחה",
            "a,b",
            "say \"hi\"",
            "line\nbreak",
            "",
            "x;y",
            "tab\there",
        ],
    ];
    proptest::sample::select(pool[kind].to_vec()).prop_map(str::to_owned)
}

fn quote(s: &str, delim: char) -> String {
    if s.contains([delim, '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

#[derive(Debug, Clone)]
struct Csv {
    rows: Vec<Vec<String>>,
    delim: char,
    eol: &'static str,
    bom: bool,
    cp1255: bool,
    /// Rows to make ragged, blank, or to break with a stray quote.
    damage: Vec<(usize, u8)>,
}

impl Csv {
    fn bytes(&self) -> Vec<u8> {
        let header = ["מזהה מתנדב", "תאריך", "שעות", "סטטוס", "מחלקה"];
        let d = self.delim.to_string();
        let mut lines = vec![header.join(&d)];
        for (i, r) in self.rows.iter().enumerate() {
            let mut line = r
                .iter()
                .map(|c| quote(c, self.delim))
                .collect::<Vec<_>>()
                .join(&d);
            for &(at, what) in &self.damage {
                if at == i {
                    match what % 4 {
                        0 => line.push_str(&format!("{d}extra")),
                        1 => line = String::new(),
                        2 => line = line.split(self.delim).next().unwrap_or("").to_owned(),
                        _ => line.push_str("\"open"),
                    }
                }
            }
            lines.push(line);
        }
        let text = lines.join(self.eol) + self.eol;
        let mut out = if self.bom {
            vec![0xEF, 0xBB, 0xBF]
        } else {
            Vec::new()
        };
        if self.cp1255 && !self.bom {
            out.extend_from_slice(&encoding_rs::WINDOWS_1255.encode(&text).0);
        } else {
            out.extend_from_slice(text.as_bytes());
        }
        out
    }
}

fn csv_strategy() -> impl Strategy<Value = Csv> {
    let row = (cell(0), cell(1), cell(2), cell(3), cell(4))
        .prop_map(|(a, b, c, d, e)| vec![a, b, c, d, e]);
    (
        proptest::collection::vec(row, 0..40),
        proptest::sample::select(vec![',', ';', '\t', '|']),
        proptest::sample::select(vec!["\n", "\r\n", "\r"]),
        any::<bool>(),
        any::<bool>(),
        proptest::collection::vec((0usize..40, any::<u8>()), 0..4),
    )
        .prop_map(|(rows, delim, eol, bom, cp1255, damage)| Csv {
            rows,
            delim,
            eol,
            bom,
            cp1255,
            damage,
        })
}

fn run(bytes: &[u8], chunk: usize) -> Result<Report, madad_core::Error> {
    let mut b = DatasetBuilder::new(IngestOptions {
        as_of: Some("2025-12-31".into()),
        ..Default::default()
    })?;
    b.begin_file("prop.csv")?;
    for c in bytes.chunks(chunk.max(1)) {
        b.push(c)?;
    }
    b.end_file()?;
    let options = AnalysisOptions {
        suppression_threshold: 1,
        ..Default::default()
    };
    Ok(analyze(&b.finish(), &options))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn nothing_is_lost_and_chunking_does_not_matter(csv in csv_strategy(), chunk in 1usize..64) {
        let bytes = csv.bytes();
        let whole = run(&bytes, bytes.len());
        let pieces = run(&bytes, chunk);
        prop_assert_eq!(&whole, &pieces);
        let Ok(r) = whole else { return Ok(()) };
        let l = &r.sources[0];
        prop_assert_eq!(l.rows_total, l.rows_used + l.rows_rejected + l.rows_skipped);
        let errors: u64 = l.problems.iter().filter(|p| p.severity == Severity::Error).map(|p| p.count).sum();
        prop_assert!(errors >= l.rows_rejected, "every rejected row has an error diagnostic");
        let rejected_rows: std::collections::BTreeSet<u64> = r
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| d.row.unwrap_or(0))
            .collect();
        prop_assert_eq!(rejected_rows.len() as u64, l.rows_rejected);
        prop_assert!(!rejected_rows.contains(&0));
        prop_assert_eq!(run(&bytes, bytes.len()).ok(), Some(r.clone()), "identical on re-run");
    }

    #[test]
    fn row_order_does_not_change_the_numbers(csv in csv_strategy(), seed in any::<u64>()) {
        let mut shuffled = csv.clone();
        shuffled.damage.clear();
        let mut plain = shuffled.clone();
        // A deterministic Fisher–Yates driven by the case's seed.
        let mut state = seed | 1;
        for i in (1..shuffled.rows.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            shuffled.rows.swap(i, (state % (i as u64 + 1)) as usize);
        }
        plain.damage.clear();
        let (a, b) = (run(&plain.bytes(), 4096), run(&shuffled.bytes(), 4096));
        match (a, b) {
            (Ok(a), Ok(b)) => {
                // Which copy of a duplicated row is "the duplicate" depends on order; the numbers do not.
                prop_assert_eq!(a.summary, b.summary);
                prop_assert_eq!(a.monthly_active, b.monthly_active);
                let (la, lb) = (&a.sources[0], &b.sources[0]);
                prop_assert_eq!((la.rows_used, la.rows_rejected, la.rows_skipped), (lb.rows_used, lb.rows_rejected, lb.rows_skipped));
            }
            (Err(a), Err(b)) => prop_assert_eq!(a.code, b.code),
            (a, b) => prop_assert!(false, "one order failed: {:?} vs {:?}", a.err(), b.err()),
        }
    }
}
