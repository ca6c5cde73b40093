//! Fixture-first snapshot tests of ingest, and the crasher corpus.
//!
//! Every file under `tests/fixtures/ingest/valid/` and `tests/fixtures/ingest/invalid/` is one
//! case: it is ingested (as of 2026-11-22), analysed with K = 1, rendered as a short text
//! snapshot (ledger, summary, every diagnostic, or the fatal error) and compared with
//! `<stem>.snap` next to it. `valid/` files must give no rejected row and no fatal error;
//! `invalid/` files must give at least one. `tests/fixtures/ingest/README.md` says what each
//! file checks. Run with `MADAD_BLESS=1` to rewrite the snapshots, then review every diff by hand:
//! a snapshot records what a correct product does, not whatever the code does today.
//!
//! A fixture that shows a known bug is listed in [`KNOWN_BUGS`]: its snapshot holds the correct
//! behaviour, the main loop skips it, and its own `#[ignore = "bug: …"]` test checks it.
//!
//! Every file under `tests/fixtures/crashers/` once broke (or could break) a parser: it must
//! ingest to `Ok` or a clean `Err`, quickly, whole and in chunks of 1, 7 and 4096 bytes.
//!
//! `MADAD_REGENERATE=1` rewrites the generated inputs (other encodings, line endings, invisible
//! characters, very long cells and lines) from [`generated_inputs`].
#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use madad_core::dataset::SNIFF_BYTES;
use madad_core::privacy::gate::{GateAction, GateDecision};
use madad_core::{
    AnalysisOptions, Dataset, DatasetBuilder, Error, IngestOptions, Report, Severity, SourceFile,
    analyze, ingest,
};

/// The "as of" date of every fixture.
const AS_OF: &str = "2026-11-22";

/// Fixtures that show a known bug: (path under `tests/fixtures/ingest/`, one-line reason). Each
/// has its own ignored test below; remove the entry and the test when the bug is fixed.
const KNOWN_BUGS: &[(&str, &str)] = &[
    (
        "valid/f66_windows1255_unmapped_bytes.csv",
        "one unmapped windows-1255 byte makes a Hebrew file decode as windows-1256",
    ),
    (
        "valid/f68_utf8_then_windows1255.csv",
        "a UTF-8 file with appended windows-1255 rows is decoded whole as windows-1255",
    ),
    (
        "valid/g72_no_final_line_break.csv",
        "physical lines undercounted by one when the last line has no line break",
    ),
    (
        "invalid/g77_excel_errors_as_text.csv",
        "#N/A and #DIV/0! in a CSV are read as data (#N/A counted as a volunteer)",
    ),
    (
        "invalid/mask_identifier_inside_text.csv",
        "an ID number inside a longer value reaches diagnostic params unmasked",
    ),
];

/// Identifier-gate decisions a fixture needs (its file name, the column, the action): files
/// whose columns the gate flags legitimately are read as a user who decided would read them.
const FIXTURE_DECISIONS: &[(&str, &str, GateAction)] = &[
    // An e-mail in the status column: the gate stops the file unless the column is dropped.
    ("mask_identifiers.csv", "סטטוס", GateAction::Drop),
];

/// The options of fixture `name`: [`ingest_options`] with its [`FIXTURE_DECISIONS`].
fn fixture_options(name: &str) -> IngestOptions {
    IngestOptions {
        identifiers: FIXTURE_DECISIONS
            .iter()
            .filter(|(f, _, _)| *f == name)
            .map(|&(_, column, action)| GateDecision {
                column: column.into(),
                action,
            })
            .collect(),
        ..ingest_options()
    }
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn ingest_dir() -> PathBuf {
    repo_root().join("tests/fixtures/ingest")
}

fn ingest_options() -> IngestOptions {
    IngestOptions {
        as_of: Some(AS_OF.into()),
        ..IngestOptions::default()
    }
}

fn analysis_options() -> AnalysisOptions {
    AnalysisOptions {
        suppression_threshold: 1,
        ..AnalysisOptions::default()
    }
}

/// Ingests `bytes` through the builder, fed in chunks of `chunk` bytes.
fn ingest_chunked(name: &str, bytes: &[u8], chunk: usize) -> Result<Dataset, Error> {
    let mut b = DatasetBuilder::new(fixture_options(name))?;
    b.begin_file(name)?;
    for c in bytes.chunks(chunk.max(1)) {
        b.push(c)?;
    }
    b.end_file()?;
    Ok(b.finish())
}

/// Shows invisible and control characters, and shortens very long values.
fn visible(s: &str) -> String {
    let count = s.chars().count();
    let mut out = String::new();
    for c in s.chars().take(60) {
        match c {
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\n' => out.push_str("\\n"),
            '\u{0}'..='\u{1F}'
            | '\u{7F}'
            | '\u{A0}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{061C}'
            | '\u{FEFF}'
            | '\u{FFFD}' => {
                let _ = write!(out, "\\u{{{:04X}}}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    if count > 60 {
        let _ = write!(out, "…({count} chars)");
    }
    out
}

fn params(p: &std::collections::BTreeMap<String, String>) -> String {
    p.iter()
        .map(|(k, v)| format!(" {k}={}", visible(v)))
        .collect()
}

fn num<T: std::fmt::Display>(p: &madad_core::privacy::suppress::Published<T>) -> String {
    match (&p.value, p.suppressed) {
        (Some(v), _) => v.to_string(),
        (None, true) => "suppressed".into(),
        (None, false) => "-".into(),
    }
}

/// The snapshot of one ingest: the fatal error, or the ledger, the numbers and the diagnostics.
fn render(result: &Result<Report, Error>) -> String {
    let mut s = String::new();
    let r = match result {
        Err(e) => {
            let _ = writeln!(s, "error: {}{}", e.code, params(&e.params));
            return s;
        }
        Ok(r) => r,
    };
    for l in &r.sources {
        let _ = writeln!(
            s,
            "file: encoding={} evidence={} bom={} delimiter={} header_row={} lines={}",
            l.encoding.map_or("-", |e| e.label()),
            l.encoding_evidence
                .map_or("-".into(), |e| format!("{e:?}").to_ascii_lowercase()),
            l.bom,
            l.delimiter.as_deref().map_or("-".into(), visible),
            l.header_row,
            l.physical_lines,
        );
        let columns: Vec<String> = l
            .columns
            .iter()
            .map(|c| {
                format!(
                    "[{}]→{}",
                    visible(&c.header),
                    c.field.as_deref().unwrap_or("-")
                )
            })
            .collect();
        let _ = writeln!(s, "columns: {}", columns.join(" "));
        if let Some(d) = &l.date_order {
            let example = d.example.as_ref().map_or(String::new(), |e| {
                format!(" example={}→{}", visible(&e.raw), e.iso)
            });
            let _ = writeln!(s, "date_order: {} basis={}{example}", d.order, d.basis);
        }
        let _ = writeln!(
            s,
            "rows: total={} used={} rejected={} skipped={}",
            l.rows_total, l.rows_used, l.rows_rejected, l.rows_skipped
        );
        let problems: Vec<String> = l
            .problems
            .iter()
            .map(|p| format!("{}={}", p.code, p.count))
            .collect();
        if !problems.is_empty() {
            let _ = writeln!(s, "problems: {}", problems.join(" "));
        }
    }
    let m = &r.summary;
    let a = &m.activities;
    let _ = writeln!(
        s,
        "summary: volunteers={} hours={} mean={} median={} approved={} pending={} rejected={} unknown={} dates={}..{}",
        num(&m.volunteers),
        num(&m.approved_hours),
        num(&m.mean_hours_per_volunteer),
        num(&m.median_hours_per_volunteer),
        a.approved,
        a.pending,
        a.rejected,
        a.unknown,
        m.first_date.as_deref().unwrap_or("-"),
        m.last_date.as_deref().unwrap_or("-"),
    );
    if !r.monthly_active.is_empty() {
        let months: Vec<String> = r
            .monthly_active
            .iter()
            .map(|c| format!("{}={}", c.month, num(&c.volunteers)))
            .collect();
        let _ = writeln!(s, "monthly: {}", months.join(" "));
    }
    if !r.diagnostics.is_empty() {
        let _ = writeln!(s, "diagnostics:");
    }
    for d in &r.diagnostics {
        let position = match (d.row, d.line) {
            (Some(row), Some(line)) => format!("{row}:{line}"),
            _ => "file".into(),
        };
        let _ = writeln!(
            s,
            "  {} {position} [{}] {}{}",
            match d.severity {
                Severity::Error => "E",
                Severity::Warning => "W",
            },
            d.column.as_deref().map_or("-".into(), visible),
            d.code,
            params(&d.params),
        );
    }
    s
}

/// Checks one fixture; returns a description of every problem found.
fn check_fixture(input: &Path) -> Vec<String> {
    let mut failures = Vec::new();
    let rel = input
        .strip_prefix(ingest_dir())
        .unwrap_or(input)
        .display()
        .to_string();
    let name = input.file_name().unwrap().to_string_lossy().into_owned();
    let bytes = std::fs::read(input).unwrap();
    let report = ingest(
        &[SourceFile {
            name: &name,
            bytes: &bytes,
        }],
        &fixture_options(&name),
    )
    .map(|ds| analyze(&ds, &analysis_options()));
    let actual = render(&report);

    if let Ok(r) = &report {
        for l in &r.sources {
            if l.rows_total != l.rows_used + l.rows_rejected + l.rows_skipped {
                failures.push(format!("{rel}: ledger does not add up: {l:?}"));
            }
            let errors = l
                .problems
                .iter()
                .filter(|p| p.severity == Severity::Error)
                .map(|p| p.count)
                .sum::<u64>();
            if l.rows_rejected > errors {
                failures.push(format!(
                    "{rel}: {} rejected rows but {errors} error diagnostics",
                    l.rows_rejected
                ));
            }
        }
    }
    let rejected: u64 = report.as_ref().map_or(1, |r| {
        r.sources.iter().map(|l| l.rows_rejected).sum::<u64>()
    });
    if rel.starts_with("valid") && rejected > 0 {
        failures.push(format!("{rel}: a valid/ file has rejected rows or failed"));
    }
    if rel.starts_with("invalid") && rejected == 0 {
        failures.push(format!(
            "{rel}: an invalid/ file was read without rejections"
        ));
    }
    for chunk in [7, 4096] {
        let chunked =
            ingest_chunked(&name, &bytes, chunk).map(|ds| analyze(&ds, &analysis_options()));
        let chunked = render(&chunked);
        if chunked != actual {
            failures.push(format!(
                "{rel}: fed in chunks of {chunk} bytes, the result differs:\n{chunked}"
            ));
        }
    }

    let snap = input.with_extension("snap");
    let expected = std::fs::read_to_string(&snap).unwrap_or_default();
    if expected != actual {
        if std::env::var_os("MADAD_BLESS").is_some() {
            std::fs::write(&snap, &actual).unwrap();
        } else {
            failures.push(format!(
                "{rel}: snapshot differs (MADAD_BLESS=1 rewrites it)\n--- expected {}\n{expected}+++ actual\n{actual}",
                snap.display()
            ));
        }
    }
    failures
}

fn fixture_inputs() -> Vec<PathBuf> {
    let mut inputs = Vec::new();
    for dir in ["valid", "invalid"] {
        for entry in std::fs::read_dir(ingest_dir().join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "snap") {
                continue;
            }
            inputs.push(path);
        }
    }
    inputs.sort();
    inputs
}

#[test]
fn ingest_fixtures_match_their_snapshots() {
    let inputs = fixture_inputs();
    assert!(inputs.len() >= 30, "fixtures missing: {}", inputs.len());
    let mut stems = std::collections::BTreeSet::new();
    let mut failures = Vec::new();
    for input in &inputs {
        let rel = input
            .strip_prefix(ingest_dir())
            .unwrap()
            .display()
            .to_string();
        if !stems.insert(input.with_extension("")) {
            failures.push(format!("{rel}: two inputs share the snapshot name"));
        }
        if KNOWN_BUGS.iter().any(|(path, _)| *path == rel) {
            continue;
        }
        failures.extend(check_fixture(input));
    }
    for (path, _) in KNOWN_BUGS {
        assert!(
            ingest_dir().join(path).exists(),
            "{path} is listed but missing"
        );
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

fn check_known_bug(path: &str) {
    let failures = check_fixture(&ingest_dir().join(path));
    assert!(failures.is_empty(), "\n{}", failures.join("\n\n"));
}

#[test]

fn case_f66_windows1255_unmapped_bytes() {
    check_known_bug("valid/f66_windows1255_unmapped_bytes.csv");
}

#[test]

fn case_f68_utf8_then_windows1255() {
    check_known_bug("valid/f68_utf8_then_windows1255.csv");
}

#[test]

fn case_g72_no_final_line_break() {
    check_known_bug("valid/g72_no_final_line_break.csv");
}

#[test]

fn case_g77_excel_errors_as_text() {
    check_known_bug("invalid/g77_excel_errors_as_text.csv");
}

#[test]

fn case_mask_identifier_inside_text() {
    check_known_bug("invalid/mask_identifier_inside_text.csv");
}

/// Found by the `coerce` fuzz target in its first second: digits inside longer text are not
/// masked, so `2024d3374232` can reach a diagnostic as it is. The fixture
/// `invalid/mask_identifier_inside_text.csv` shows the same through ingest.
#[test]

fn case_fuzz_coerce_mask_digits_inside_text() {
    let bytes = std::fs::read(
        repo_root().join("tests/fixtures/crashers/fuzz_coerce_mask_digits_inside_text.bin"),
    )
    .unwrap();
    // libFuzzer hands the target the longest valid UTF-8 prefix.
    let valid = match std::str::from_utf8(&bytes) {
        Ok(s) => s,
        Err(e) => std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap(),
    };
    let masked = madad_core::privacy::mask::mask_if_identifier(valid);
    let chars: Vec<char> = valid.chars().collect();
    for w in chars
        .windows(7)
        .filter(|w| w.iter().all(char::is_ascii_digit))
    {
        let run: String = w.iter().collect();
        assert!(!masked.contains(&run), "{valid:?} masked as {masked:?}");
    }
}

/// Over-long cells (unquoted, quoted and closed, quoted over several lines) reach the excluded
/// rows CSV cut to exactly 32,767 characters (Excel's limit), identically however the bytes were
/// chunked, with the cell-length code as the reason.
#[test]
fn over_long_cells_in_excluded_rows_do_not_depend_on_chunking() {
    let multiline = vec!["ب".repeat(10_000); 4].join("\r\n");
    for (file, row, column, full) in [
        ("invalid/e56_cell_40000_chars.csv", 3, 3, "א".repeat(40_000)),
        ("invalid/e56_cell_40000_chars.csv", 4, 3, "y".repeat(40_000)),
        (
            "invalid/e56_quoted_cell_closed_multiline.csv",
            3,
            3,
            multiline,
        ),
    ] {
        let bytes = std::fs::read(ingest_dir().join(file)).unwrap();
        let name = file.rsplit('/').next().unwrap();
        let whole = ingest_chunked(name, &bytes, bytes.len()).unwrap();
        let csv = whole.excluded_rows_csv(0).unwrap();
        for chunk in [1, 2, 3, 5, 7, 64, 4096, 65_536] {
            let ds = ingest_chunked(name, &bytes, chunk).unwrap();
            assert!(
                ds.excluded_rows_csv(0).unwrap() == csv,
                "{file}: excluded rows differ in chunks of {chunk}"
            );
        }
        let ex = whole.excluded.first().unwrap();
        let r = ex.rows.iter().find(|r| r.row == row).unwrap();
        assert_eq!(r.reasons, vec!["csv.cell_too_long".to_owned()], "{file}");
        let cell = &r.cells[column];
        let want: String = full.chars().take(32_767).collect();
        assert!(
            *cell == want,
            "{file} row {row}: cut to {} characters",
            cell.chars().count()
        );
    }
}

/// The clock, for the crashers' time bound only (the core itself never reads it).
#[allow(clippy::disallowed_methods)]
fn now() -> Instant {
    Instant::now()
}

/// Most time one crasher may take through all paths: a bound against hangs and quadratic
/// blow-ups (which take many minutes on these inputs), not a speed target. A debug build on a
/// loaded 2-core machine took up to 20 s; speed is measured in `benches/` and docs/benchmarks.md.
const CRASHER_TIME: Duration = Duration::from_secs(90);

#[test]
fn crashers_fail_cleanly_whole_and_in_chunks() {
    let dir = repo_root().join("tests/fixtures/crashers");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_none_or(|e| e != "md"))
        .collect();
    paths.sort();
    assert!(paths.len() >= 8, "crashers missing: {}", paths.len());
    let mut failures = Vec::new();
    for path in &paths {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let bytes = std::fs::read(path).unwrap();
        let started = now();
        let outcome = std::panic::catch_unwind(|| {
            let whole = ingest(
                &[SourceFile {
                    name: &name,
                    bytes: &bytes,
                }],
                &ingest_options(),
            );
            let whole = render(&whole.map(|ds| analyze(&ds, &analysis_options())));
            let mut differ = Vec::new();
            for chunk in [1, 7, 4096] {
                // Byte-at-a-time feeding of a large input only repeats the 7-byte run.
                if chunk == 1 && bytes.len() > 256 * 1024 {
                    continue;
                }
                let r = ingest_chunked(&name, &bytes, chunk)
                    .map(|ds| analyze(&ds, &analysis_options()));
                if render(&r) != whole {
                    differ.push(chunk);
                }
            }
            differ
        });
        let elapsed = started.elapsed();
        match outcome {
            Err(_) => failures.push(format!("{name}: panicked")),
            Ok(differ) if !differ.is_empty() => {
                failures.push(format!(
                    "{name}: chunks of {differ:?} bytes give another result"
                ));
            }
            Ok(_) => {}
        }
        if elapsed > CRASHER_TIME {
            failures.push(format!("{name}: took {elapsed:?}"));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Inputs longer than the sniffing window are read in two phases (held back, then streamed);
/// the crashers are replayed past that boundary too, where decoders and the tokenizer see the
/// bytes in chunks.
#[test]
fn crashers_past_the_sniffing_window() {
    let dir = repo_root().join("tests/fixtures/crashers");
    let mut failures = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            continue;
        }
        let bytes = std::fs::read(&path).unwrap();
        if bytes.is_empty() || bytes.len() > SNIFF_BYTES {
            continue;
        }
        let mut long = Vec::with_capacity(SNIFF_BYTES + 2 * bytes.len());
        while long.len() <= SNIFF_BYTES + bytes.len() {
            long.extend_from_slice(&bytes);
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let started = now();
        let outcome = std::panic::catch_unwind(|| {
            let whole = ingest_chunked(&name, &long, long.len())
                .map(|ds| analyze(&ds, &analysis_options()));
            let chunked =
                ingest_chunked(&name, &long, 4093).map(|ds| analyze(&ds, &analysis_options()));
            (render(&whole), render(&chunked))
        });
        match outcome {
            Err(_) => failures.push(format!("{name} (repeated): panicked")),
            Ok((a, b)) if a != b => failures.push(format!(
                "{name} (repeated): chunks give another result\n{a}\n---\n{b}"
            )),
            Ok(_) => {}
        }
        if started.elapsed() > CRASHER_TIME {
            failures.push(format!("{name} (repeated): took {:?}", started.elapsed()));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// The generated inputs: (path under `tests/`, bytes). Written by [`regenerate_inputs`].
fn generated_inputs() -> Vec<(&'static str, Vec<u8>)> {
    GENERATED.iter().map(|(p, f)| (*p, f())).collect()
}

#[test]
fn regenerate_inputs() {
    let regenerate = std::env::var_os("MADAD_REGENERATE").is_some();
    let mut stale = Vec::new();
    for (path, bytes) in generated_inputs() {
        let full = repo_root().join("tests").join(path);
        if regenerate {
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(&full, &bytes).unwrap();
        } else if std::fs::read(&full).ok().as_deref() != Some(&bytes[..]) {
            stale.push(path);
        }
    }
    assert!(
        stale.is_empty(),
        "generated inputs differ from their generator (MADAD_REGENERATE=1 rewrites them): {stale:?}"
    );
}

// ---- Generators ---------------------------------------------------------------------------

type Gen = fn() -> Vec<u8>;

const GENERATED: &[(&str, Gen)] = &[
    (
        "fixtures/ingest/valid/f61_windows1255_crlf.csv",
        f61_windows1255_crlf,
    ),
    ("fixtures/ingest/valid/f63_utf8_bom.csv", f63_utf8_bom),
    (
        "fixtures/ingest/valid/f64_utf16le_bom_tab.txt",
        f64_utf16le_bom_tab,
    ),
    (
        "fixtures/ingest/valid/f65_utf16le_no_bom.csv",
        f65_utf16le_no_bom,
    ),
    (
        "fixtures/ingest/valid/f66_windows1255_unmapped_bytes.csv",
        f66_windows1255_unmapped_bytes,
    ),
    (
        "fixtures/ingest/valid/f67_windows1256_arabic.csv",
        f67_windows1256_arabic,
    ),
    (
        "fixtures/ingest/valid/f68_utf8_then_windows1255.csv",
        f68_utf8_then_windows1255,
    ),
    (
        "fixtures/ingest/valid/f69_feff_rlm_in_headers.csv",
        f69_feff_rlm_in_headers,
    ),
    ("fixtures/ingest/valid/g72_line_endings_lf.csv", || {
        g72_line_endings("\n")
    }),
    ("fixtures/ingest/valid/g72_line_endings_crlf.csv", || {
        g72_line_endings("\r\n")
    }),
    ("fixtures/ingest/valid/g72_line_endings_cr.csv", || {
        g72_line_endings("\r")
    }),
    ("fixtures/ingest/valid/g72_no_final_line_break.csv", || {
        b"id,date,hours\r\n1,01/08/2024,2\r\n2,02/08/2024,1".to_vec()
    }),
    ("fixtures/ingest/valid/g73_blank_rows.csv", g73_blank_rows),
    (
        "fixtures/ingest/valid/g74_awkward_headers.csv",
        g74_awkward_headers,
    ),
    (
        "fixtures/ingest/valid/g81_mixed_line_endings_bom.csv",
        g81_mixed_line_endings_bom,
    ),
    (
        "fixtures/ingest/invalid/e56_cell_40000_chars.csv",
        e56_cell_40000_chars,
    ),
    (
        "fixtures/ingest/invalid/e56_quoted_cell_closed_multiline.csv",
        e56_quoted_cell_closed_multiline,
    ),
    (
        "fixtures/ingest/invalid/e57_header_1200_columns.csv",
        e57_header_1200_columns,
    ),
    (
        "fixtures/ingest/invalid/e58_pathological_quoting.csv",
        e58_pathological_quoting,
    ),
    (
        "fixtures/ingest/invalid/g71_unterminated_quote_crlf.csv",
        g71_unterminated_quote_crlf,
    ),
    ("fixtures/ingest/invalid/file_empty.csv", Vec::new),
    ("fixtures/ingest/invalid/file_only_blank_lines.csv", || {
        b"\r\n  \r\n\t\r\n".to_vec()
    }),
    ("fixtures/ingest/invalid/format_xlsx_named_csv.csv", || {
        b"PK\x03\x04\x14\x00\x06\x00rest".to_vec()
    }),
    ("fixtures/crashers/e56_unquoted_cell_200k.csv", || {
        long_cell(200_000, false)
    }),
    (
        "fixtures/crashers/e56_quoted_cell_200k_no_close.csv",
        || long_cell(200_000, true),
    ),
    (
        "fixtures/crashers/e57_header_20000_columns.csv",
        e57_header_20000_columns,
    ),
    (
        "fixtures/crashers/e58_quote_then_2mb_doubled_quotes.csv",
        e58_two_megabytes_of_quotes,
    ),
    (
        "fixtures/crashers/quote_on_every_line.csv",
        quote_on_every_line,
    ),
    (
        "fixtures/crashers/utf16le_odd_length_lone_surrogates.csv",
        utf16le_broken,
    ),
    ("fixtures/crashers/utf16be_bom_only.csv", || {
        vec![0xFE, 0xFF]
    }),
    ("fixtures/crashers/utf8_bom_only.csv", || {
        vec![0xEF, 0xBB, 0xBF]
    }),
    (
        "fixtures/crashers/cr_only_10000_lines_one_open_quote.csv",
        cr_only_open_quote,
    ),
    ("fixtures/crashers/nul_bytes_after_header.csv", || {
        b"id,date,hours\n1,\x00\x00,2\n".to_vec()
    }),
    ("fixtures/crashers/every_byte_value.csv", every_byte_value),
];

/// Encodes `text` in windows-1255 or windows-1256 (every character must be representable).
fn legacy(text: &str, enc: &'static encoding_rs::Encoding) -> Vec<u8> {
    let (bytes, _, unmappable) = enc.encode(text);
    assert!(
        !unmappable,
        "{text:?} is not representable in {}",
        enc.name()
    );
    bytes.into_owned()
}

fn utf16le(text: &str, bom: bool) -> Vec<u8> {
    let mut out = if bom { vec![0xFF, 0xFE] } else { Vec::new() };
    for u in text.encode_utf16() {
        out.extend_from_slice(&u.to_le_bytes());
    }
    out
}

fn f61_windows1255_crlf() -> Vec<u8> {
    // As Excel "CSV (Comma delimited)" writes on Hebrew Windows: windows-1255, CRLF, no BOM.
    // The note "שלום" is F9 EC E5 ED (case 61); never "ùìåí" (case 62).
    let text = "מזהה מתנדב,תאריך,שעות,סטטוס,מחלקה,הערות\r\n\
                201,05/03/2024,2,מאושר,רווחה,שלום\r\n\
                202,25/03/2024,1.5,מאושר,חינוך,\"ביקור, שיחה\"\r\n\
                201,02/04/2024,3,ממתין,רווחה,\r\n\
                203,10/04/2024,2.5,נדחה,נוער,\r\n";
    legacy(text, encoding_rs::WINDOWS_1255)
}

fn f63_utf8_bom() -> Vec<u8> {
    // As Excel "CSV UTF-8" writes: BOM, CRLF; the first header must be "id", not "\u{FEFF}id".
    let mut out = vec![0xEF, 0xBB, 0xBF];
    out.extend_from_slice(
        b"id,date,hours,status\r\n7,2024-05-01,1,approved\r\n8,2024-05-02,2,Approved\r\n",
    );
    out
}

fn f64_utf16le_bom_tab() -> Vec<u8> {
    // Excel "Unicode Text": UTF-16LE with BOM, tab-delimited, CRLF. The cell with a comma must not
    // make the comma the delimiter.
    let text = "מזהה מתנדב\tתאריך פעילות\tמספר שעות\tסטטוס\tארגון\r\n\
                301\t01/02/2024\t2\tמאושר\tעמותת \"יד ביד\", סניף צפון\r\n\
                302\t15/02/2024\t1:30\tמאושר\tמרכז קהילתי\r\n\
                301\t20/02/2024\t4\tמאושר\t\r\n";
    utf16le(text, true)
}

fn f65_utf16le_no_bom() -> Vec<u8> {
    let text = "מזהה,תאריך,שעות\n\
                401,03/03/2024,2\n\
                402,13/03/2024,3\n";
    utf16le(text, false)
}

fn f66_windows1255_unmapped_bytes() -> Vec<u8> {
    // Case 66: a Hebrew windows-1255 file with bytes that windows-1255 leaves unmapped (D9, FF)
    // in one department cell. Correct: windows-1255 still, that cell flagged
    // `encoding.invalid_byte`, every row used.
    let mut out = legacy(
        "מזהה מתנדב,תאריך,שעות,מחלקה\r\n501,01/05/2024,2,רווחה\r\n502,02/05/2024,1,",
        encoding_rs::WINDOWS_1255,
    );
    out.extend_from_slice(&[0xE7, 0xE9, 0xD9, 0xF0, 0xE5, 0xFF]);
    out.extend_from_slice(&legacy(
        "\r\n503,03/05/2024,3,חינוך\r\n",
        encoding_rs::WINDOWS_1255,
    ));
    out
}

fn f67_windows1256_arabic() -> Vec<u8> {
    // Excel "CSV (Comma delimited)" on Arabic Windows: windows-1256 (مرحبا = E3 D1 CD C8 C7).
    let text = "رقم المتطوع,التاريخ,عدد الساعات,الحالة,القسم,ملاحظات\r\n\
                601,07/01/2024,2,معتمد,الرعاية,مرحبا\r\n\
                602,21/01/2024,1.5,معتمد,التعليم,\r\n\
                601,04/02/2024,3,قيد الانتظار,الرعاية,\r\n";
    legacy(text, encoding_rs::WINDOWS_1256)
}

fn f68_utf8_then_windows1255() -> Vec<u8> {
    // Case 68: a UTF-8 export with rows appended by a tool that wrote windows-1255. The header
    // and most rows are valid UTF-8: correct is UTF-8, with `encoding.invalid_byte` on the
    // department cells of the two windows-1255 rows (their rows are still used).
    let mut out = "מזהה מתנדב,תאריך,שעות,מחלקה\n\
                   701,01/06/2024,2,רווחה\n\
                   702,02/06/2024,1,חינוך\n\
                   703,03/06/2024,1,רווחה\n"
        .as_bytes()
        .to_vec();
    out.extend_from_slice(&legacy(
        "704,04/06/2024,2,נוער\n705,05/06/2024,3,רווחה\n",
        encoding_rs::WINDOWS_1255,
    ));
    out
}

fn f69_feff_rlm_in_headers() -> Vec<u8> {
    // Case 69: a BOM followed by a second U+FEFF (a file converted twice), U+200F after a header
    // and before another: matched after normalising, kept as written in the ledger.
    "\u{FEFF}\u{FEFF}מזהה מתנדב,תאריך\u{200F},\u{200F}שעות,\u{200E}סטטוס \n\
     801,01/07/2024,2,מאושר\n\
     \u{200F}802\u{200F},02/07/2024,1,מאושר\n\
     801,03/07/2024,1,\u{200F}מאושר\n"
        .as_bytes()
        .to_vec()
}

fn g72_line_endings(eol: &str) -> Vec<u8> {
    // Case 72: the same records with one line ending; a blank line and a cell with a line break
    // inside quotes. Rows and lines as Excel and an editor show them: the short last row is
    // row 5 on line 6, whatever the line ending.
    format!(
        "מזהה מתנדב,תאריך,שעות,הערות{eol}\
         901,01/08/2024,2,א{eol}\
         {eol}\
         902,02/08/2024,1,\"שורה ראשונה{eol}שורה שנייה\"{eol}\
         903,03/08/2024,3{eol}"
    )
    .into_bytes()
}

fn g73_blank_rows() -> Vec<u8> {
    // Case 73: blank lines above the header, and blank, white-space-only, delimiter-only and
    // trailing empty rows (Excel used-range artefacts): skipped, never problems.
    "\r\n\r\nמזהה מתנדב,תאריך,שעות\r\n\
     1001,01/09/2024,2\r\n\
     \r\n\
     ,,\r\n\
     \u{20}\u{20}\t\r\n\
     \u{20},\u{20},\u{20}\r\n\
     1002,02/09/2024,1\r\n\
     ,,\r\n,,\r\n\r\n"
        .as_bytes()
        .to_vec()
}

fn g74_awkward_headers() -> Vec<u8> {
    // Case 74: duplicate, empty, white-space- and RLM-suffixed, `__proto__` and `constructor`
    // headers: renamed deterministically and reported; the first "שעות" is the hours column.
    "מזהה מתנדב,תאריך,שעות,שעות,,הערות ,הערות\u{200F},__proto__,constructor\n\
     3101,01/11/2024,2,9,x,a,b,c,d\n\
     3102,02/11/2024,1,9,x,a,b,c,d\n"
        .as_bytes()
        .to_vec()
}

fn g81_mixed_line_endings_bom() -> Vec<u8> {
    // Case 81-style mix: BOM, CRLF, LF and CR endings in one file, quoted delimiters and quotes.
    let mut out = vec![0xEF, 0xBB, 0xBF];
    out.extend_from_slice(
        "מזהה מתנדב,תאריך,שעות,ארגון\r\n\
         1101,01/10/2024,2,\"עמותת \"\"יד ביד\"\"\"\n\
         1102,02/10/2024,1,\"רחוב הרצל 1, חיפה\"\r\
         1103,03/10/2024,0:45,\r\n\
         1101,04/10/2024,1.25,\"שורה\r\nשנייה\"\r\n"
            .as_bytes(),
    );
    out
}

fn long_cell(chars: usize, quoted: bool) -> Vec<u8> {
    let mut out = b"id,date,hours,notes\n1,01/01/2024,2,ok\n2,02/01/2024,1,".to_vec();
    if quoted {
        out.push(b'"');
    }
    out.extend(std::iter::repeat_n(b'x', chars));
    out.extend_from_slice(b"\n3,03/01/2024,1,ok\n");
    out
}

fn e56_cell_40000_chars() -> Vec<u8> {
    // Case 56: a 40,000-character cell, once unquoted and once quoted and closed: both are
    // `csv.cell_too_long` in their column (cut at 32,767), never an unterminated quote. The rows
    // around them are used.
    let mut out = "מזהה מתנדב,תאריך,שעות,הערות\n1201,01/01/2024,2,קצר\n1202,02/01/2024,1,"
        .as_bytes()
        .to_vec();
    out.extend("א".repeat(40_000).as_bytes());
    out.extend_from_slice(b"\n1203,03/01/2024,1,\"");
    out.extend(std::iter::repeat_n(b'y', 40_000));
    out.extend_from_slice(b"\"\n1204,04/01/2024,1,ok\n");
    out
}

fn e56_quoted_cell_closed_multiline() -> Vec<u8> {
    // Case 56 with Arabic headers and CRLF: a quoted cell of 4 lines of 10,000 Arabic letters
    // (40,003 characters with its line breaks) that closes on line 6. It is `csv.cell_too_long`
    // on row 3 (line 3) in column `ملاحظات`, the row is in the excluded rows, and the next row
    // is row 4 on line 6 + 1 = 7, used.
    let mut out =
        "رقم المتطوع,التاريخ,عدد الساعات,ملاحظات\r\n1401,01/03/2024,2,قصير\r\n1402,02/03/2024,1,\""
            .as_bytes()
            .to_vec();
    let line = "ب".repeat(10_000);
    out.extend([line.as_str(); 4].join("\r\n").as_bytes());
    out.extend("\"\r\n1403,03/03/2024,3,تمام\r\n".as_bytes());
    out
}

fn e57_header_1200_columns() -> Vec<u8> {
    // Case 57: a header with 1,200 columns (the limit is 500).
    let mut header = vec!["מזהה".to_owned(), "תאריך".to_owned(), "שעות".to_owned()];
    header.extend((4..=1200).map(|i| format!("c{i}")));
    format!("{}\n1,01/01/2024,2\n", header.join(",")).into_bytes()
}

fn e57_header_20000_columns() -> Vec<u8> {
    let mut out = b"id,date,hours".to_vec();
    for _ in 0..20_000 {
        out.extend_from_slice(b",x");
    }
    out.extend_from_slice(b"\n1,01/01/2024,2\n");
    out
}

fn e58_pathological_quoting() -> Vec<u8> {
    // Case 58: a cell of one quote and 40,000 doubled quotes (`""` is a literal quote): the quoted
    // cell passes the limit, is reported, and the next line is read again.
    let mut out = b"id,date,hours\n1,01/01/2024,2\n2,02/01/2024,\"".to_vec();
    out.extend(std::iter::repeat_n(b'"', 80_000));
    out.extend_from_slice(b"\n3,03/01/2024,1\n");
    out
}

fn e58_two_megabytes_of_quotes() -> Vec<u8> {
    let mut out = vec![b'"'];
    out.extend(std::iter::repeat_n(b'"', 2 * 1024 * 1024));
    out
}

fn g71_unterminated_quote_crlf() -> Vec<u8> {
    // Case 71 with Hebrew headers and CRLF: the quote opened on line 3 never closes. Never
    // "two rows, no problems": row 3 is reported and rows 4–6 are read again and used.
    "מזהה מתנדב,שעות,תאריך\r\n1301,5,01/02/2024\r\n1302,\"7,02/02/2024\r\n1303,4,03/02/2024\r\n1304,6,04/02/2024\r\n1305,3,05/02/2024\r\n"
        .as_bytes()
        .to_vec()
}

fn quote_on_every_line() -> Vec<u8> {
    let mut out = b"id,date,hours\n".to_vec();
    for i in 0..5_000 {
        out.extend_from_slice(format!("{i},\"01/01/2024,1\n").as_bytes());
    }
    out
}

fn utf16le_broken() -> Vec<u8> {
    let mut out = utf16le("id,date,hours\n1,01/01/2024,2\n", true);
    out.extend_from_slice(&[0x00, 0xD8, 0x31, 0x00, 0x00, 0xDC, 0x00, 0xD8]);
    out.push(0x41);
    out
}

fn cr_only_open_quote() -> Vec<u8> {
    let mut out = b"id,date,hours\r1,\"01/01/2024,2\r".to_vec();
    for i in 0..10_000 {
        out.extend_from_slice(format!("{i},01/01/2024,1\r").as_bytes());
    }
    out
}

fn every_byte_value() -> Vec<u8> {
    let mut out = b"id,date,hours\n".to_vec();
    for b in 0..=255u8 {
        out.extend_from_slice(&[b'1', b',', b, b',', b'2', b'\n']);
    }
    out
}
