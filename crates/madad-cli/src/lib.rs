//! The `madad` command line: a native host over `madad-core`.
//!
//! ```text
//! madad analyze FILE... [--json] [--as-of YYYY-MM-DD] [--k N] [--encoding E] [--sheet S]
//!                       [--delimiter D] [--sample-data] [--out FILE]
//!                       [--bundle FILE --municipality NAME] [--xlsx FILE [--lang L]]
//!                       [--pseudonymise COLUMN] [--drop COLUMN] [--keep COLUMN]
//!                       [--key FILE [--passphrase-env VAR]]
//! madad merge BUNDLE... [--json] [--out FILE]
//! madad key new --out FILE
//! madad template --out FILE [--lang L]
//! madad demo --out DIR [--seed N] [--volunteers N] [--activities N] [--layout demo|bench]
//! madad --version
//! ```
//!
//! Exit codes: 0 success; 1 an input could not be used (with `--json`, a JSON error object on
//! stderr); 2 a usage error. Files are streamed in 16 MiB chunks, as the browser does.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use madad_core::ingest::encoding::TextEncoding;
use madad_core::privacy::gate::{GateAction, GateDecision};
use madad_core::privacy::key::{KeyFile, KeyInput, PseudonymKey};
use madad_core::{AnalysisOptions, DatasetBuilder, IngestOptions, Report};

/// Chunk size used to stream files into the core (the browser uses the same).
pub const CHUNK_BYTES: usize = 16 * 1024 * 1024;

const USAGE: &str = "\
madad — volunteering indicators computed on your own machine

USAGE:
  madad analyze FILE... [options]   analyse activity logs and print the report
  madad merge BUNDLE... [options]    compare and combine municipalities' aggregate bundles
  madad demo --out DIR [options]    write the demo municipality's files
  madad key new --out FILE          write a new random pseudonymisation key file
  madad template --out FILE [--lang L]  write a blank data template (XLSX; he, ar or en)
  madad --version                   print the version

ANALYZE OPTIONS:
  --json               print the report as JSON (errors as JSON on stderr)
  --as-of YYYY-MM-DD   the 'as of' date (default: today)
  --k N                small-cell threshold K (default 10)
  --encoding NAME      utf-8 | windows-1255 | windows-1256 | utf-16le | utf-16be
  --delimiter CHAR     field delimiter (default: detected); 'tab' for a tab
  --sample-data        mark the report as sample data
  --header-row N       the 1-based row that holds the column names
  --sheet NAME         the sheet to read of each workbook (XLSX, XLS, ODS; default: the
                       first visible worksheet with data)
  --profile FILE       read the files as a saved mapping profile says (JSON)
  --save-profile FILE  save how the first file was read as a mapping profile
  --excluded DIR       write each file's rejected rows to DIR/<file>.excluded.csv
  --out FILE           write the report to FILE instead of standard output
  --program-start DATE the program's start (YYYY-MM-DD): adds interrupted time series
  --period KIND        trend periods: month (default), quarter, calendar-year,
                       school-year, fiscal-year:M (M = first month, 1-12)
  --bundle FILE        also write the aggregate bundle (published numbers only) to FILE
  --municipality NAME  the municipality's label in the bundle
  --xlsx FILE          also write the report as an Excel workbook (summary, APA tables,
                       indicators, data dictionary, excluded-row counts, settings, suppression
                       audit) to FILE
  --lang LANG          the workbook's language: he (default; right-to-left), ar, en

IDENTIFIER COLUMNS (ID numbers, phones, e-mails, names stop the analysis until decided):
  --pseudonymise COLUMN  replace the column's values by keyed pseudonyms (needs --key)
  --drop COLUMN          ignore the column
  --keep COLUMN          keep a column flagged as possibly identifying (not ID, phone, e-mail)
  --key FILE             the municipality's key file (madad key new --out FILE)
  --passphrase-env VAR   the passphrase of a passphrase key file, read from variable VAR

MERGE OPTIONS:
  --json               print the merged view as JSON
  --out FILE           write it to FILE instead of standard output

DEMO OPTIONS:
  --seed N             random seed (default 42)
  --volunteers N       number of volunteers (default 2000)
  --activities N       number of activity records (default 60000)
  --layout KIND        demo (default): every demo file; bench: only hours.csv, the same
                       activities as a six-column UTF-8 log (volunteer_id, date, hours,
                       domain, organization, neighborhood) for the peer benchmark
";

/// Runs the command line with `args` (without the program name); returns the exit code.
pub fn run(args: Vec<String>) -> i32 {
    let mut stdout = std::io::stdout().lock();
    let mut stderr = std::io::stderr().lock();
    run_with(args, &mut stdout, &mut stderr)
}

/// [`run`] with explicit output streams (for tests).
pub fn run_with(args: Vec<String>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut it = args.into_iter();
    let code = match it.next().as_deref() {
        Some("analyze" | "analyse") => analyze_cmd(it.collect(), out, err),
        Some("demo") => demo_cmd(it.collect(), out, err),
        Some("merge") => merge_cmd(it.collect(), out, err),
        Some("key") => key_cmd(it.collect(), out, err),
        Some("template") => template_cmd(it.collect(), out, err),
        Some("--version" | "-V" | "version") => {
            let _ = writeln!(out, "madad {}", madad_core::VERSION);
            0
        }
        Some("--help" | "-h" | "help") => {
            let _ = write!(out, "{USAGE}");
            0
        }
        Some(other) => usage_error(err, &format!("unknown command '{other}'")),
        None => usage_error(err, "no command given"),
    };
    let _ = out.flush();
    code
}

fn usage_error(err: &mut dyn Write, msg: &str) -> i32 {
    let _ = write!(err, "madad: {msg}\n\n{USAGE}");
    2
}

/// Options of `madad analyze`.
#[derive(Debug, Default)]
struct AnalyzeArgs {
    files: Vec<PathBuf>,
    json: bool,
    out: Option<PathBuf>,
    profile: Option<PathBuf>,
    save_profile: Option<PathBuf>,
    excluded: Option<PathBuf>,
    bundle: Option<PathBuf>,
    municipality: Option<String>,
    xlsx: Option<PathBuf>,
    lang: Option<madad_core::loneliness::apa::Lang>,
    sheet: Option<String>,
    key: Option<PathBuf>,
    passphrase_env: Option<String>,
    ingest: IngestOptions,
    analysis: AnalysisOptions,
}

fn parse_analyze(args: Vec<String>) -> Result<AnalyzeArgs, String> {
    let mut a = AnalyzeArgs::default();
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--json" => a.json = true,
            "--sample-data" => a.analysis.sample_data = true,
            "--as-of" => a.ingest.as_of = Some(value("--as-of")?),
            "--out" => a.out = Some(PathBuf::from(value("--out")?)),
            "--profile" => a.profile = Some(PathBuf::from(value("--profile")?)),
            "--excluded" => a.excluded = Some(PathBuf::from(value("--excluded")?)),
            "--bundle" => a.bundle = Some(PathBuf::from(value("--bundle")?)),
            "--sheet" => a.sheet = Some(value("--sheet")?),
            "--xlsx" => a.xlsx = Some(PathBuf::from(value("--xlsx")?)),
            "--lang" => {
                use madad_core::loneliness::apa::Lang;
                let v = value("--lang")?;
                a.lang = Some(match v.as_str() {
                    "he" => Lang::He,
                    "ar" => Lang::Ar,
                    "en" => Lang::En,
                    _ => return Err(format!("--lang takes he, ar or en, not '{v}'")),
                });
            }
            "--municipality" => a.municipality = Some(value("--municipality")?),
            "--program-start" => {
                let v = value("--program-start")?;
                if chrono::NaiveDate::parse_from_str(&v, "%Y-%m-%d").is_err() {
                    return Err(format!(
                        "--program-start takes a date YYYY-MM-DD, not '{v}'"
                    ));
                }
                a.analysis.trends.program_start = Some(v);
            }
            "--period" => {
                let v = value("--period")?;
                a.analysis.trends.period_type = parse_period(&v)
                    .ok_or(format!("unknown period '{v}' (month, quarter, calendar-year, school-year, fiscal-year:M)"))?;
            }
            "--save-profile" => a.save_profile = Some(PathBuf::from(value("--save-profile")?)),
            "--pseudonymise" | "--pseudonymize" | "--drop" | "--keep" => {
                let column = value(&arg)?;
                let action = match arg.as_str() {
                    "--drop" => GateAction::Drop,
                    "--keep" => GateAction::Keep,
                    _ => GateAction::Pseudonymise,
                };
                a.ingest.identifiers.retain(|d| d.column != column);
                a.ingest.identifiers.push(GateDecision { column, action });
            }
            "--key" => a.key = Some(PathBuf::from(value("--key")?)),
            "--passphrase-env" => a.passphrase_env = Some(value("--passphrase-env")?),
            "--header-row" => {
                let v = value("--header-row")?;
                a.ingest.header_row = Some(
                    v.parse()
                        .ok()
                        .filter(|r| *r >= 1)
                        .ok_or(format!("--header-row takes a row number ≥ 1, not '{v}'"))?,
                );
            }
            "--k" => {
                let v = value("--k")?;
                a.analysis.suppression_threshold = v
                    .parse()
                    .ok()
                    .filter(|k| *k >= 1)
                    .ok_or(format!("--k takes a whole number ≥ 1, not '{v}'"))?;
            }
            "--encoding" => {
                let v = value("--encoding")?;
                a.ingest.encoding =
                    Some(parse_encoding(&v).ok_or(format!("unknown encoding '{v}'"))?);
            }
            "--delimiter" => {
                let v = value("--delimiter")?;
                a.ingest.delimiter = Some(if v == "tab" { "\t".to_owned() } else { v });
            }
            s if s.starts_with("--") => return Err(format!("unknown option '{s}'")),
            file => a.files.push(PathBuf::from(file)),
        }
    }
    if a.files.is_empty() {
        return Err("analyze needs at least one FILE".to_owned());
    }
    if a.bundle.is_some()
        && a.municipality
            .as_deref()
            .is_none_or(|m| m.trim().is_empty())
    {
        return Err("--bundle needs --municipality NAME".to_owned());
    }
    if a.lang.is_some() && a.xlsx.is_none() {
        return Err("--lang needs --xlsx FILE".to_owned());
    }
    if a.passphrase_env.is_some() && a.key.is_none() {
        return Err("--passphrase-env needs --key FILE".to_owned());
    }
    if a.ingest.as_of.is_none() {
        a.ingest.as_of = Some(
            chrono::Local::now()
                .date_naive()
                .format("%Y-%m-%d")
                .to_string(),
        );
    }
    Ok(a)
}

fn parse_period(s: &str) -> Option<madad_core::trends::series::PeriodType> {
    use madad_core::trends::series::PeriodType;
    Some(match s {
        "month" => PeriodType::Month,
        "quarter" => PeriodType::Quarter,
        "calendar-year" | "year" => PeriodType::CalendarYear,
        "school-year" => PeriodType::SchoolYear,
        _ => {
            let m: u32 = s.strip_prefix("fiscal-year:")?.parse().ok()?;
            if !(1..=12).contains(&m) {
                return None;
            }
            PeriodType::FiscalYear { start_month: m }
        }
    })
}

fn parse_encoding(s: &str) -> Option<TextEncoding> {
    match s.to_ascii_lowercase().as_str() {
        "utf-8" | "utf8" => Some(TextEncoding::Utf8),
        "windows-1255" | "cp1255" => Some(TextEncoding::Windows1255),
        "windows-1256" | "cp1256" => Some(TextEncoding::Windows1256),
        "utf-16le" | "utf-16" => Some(TextEncoding::Utf16Le),
        "utf-16be" => Some(TextEncoding::Utf16Be),
        _ => None,
    }
}

/// A failure to read input, reported with a stable code like the core's errors.
#[derive(Debug)]
struct CliError {
    code: String,
    file: Option<String>,
    params: std::collections::BTreeMap<String, String>,
}

impl From<madad_core::Error> for CliError {
    fn from(e: madad_core::Error) -> Self {
        CliError {
            code: e.code.to_owned(),
            file: e.file,
            params: e.params,
        }
    }
}

impl CliError {
    fn io(file: &Path, e: &std::io::Error) -> Self {
        let mut params = std::collections::BTreeMap::new();
        params.insert("detail".to_owned(), e.to_string());
        CliError {
            code: "file.unreadable".to_owned(),
            file: Some(display_name(file)),
            params,
        }
    }

    /// An English message; hosts with a UI translate the code instead.
    fn message(&self) -> String {
        let file = self.file.as_deref().unwrap_or("");
        let p = |k: &str| self.params.get(k).map_or("", String::as_str);
        match self.code.as_str() {
            "file.unreadable" => format!("cannot read {file}: {}", p("detail")),
            "file.empty" => format!("{file} is empty"),
            "file.no_header" => format!("{file} has no header row"),
            "format.unsupported" => format!(
                "{file} is not delimited text (recognised as {}); save it as CSV UTF-8 and try again",
                p("format")
            ),
            "schema.missing_columns" => format!(
                "{file} has no column for: {} (headers found: {})",
                p("missing"),
                p("headers")
            ),
            "limit.columns" => format!(
                "{file} has {} columns; at most {} are read",
                p("found"),
                p("max")
            ),
            "limit.rows" => format!("{file} has more than {} rows", p("max")),
            "limit.file_bytes" => format!("{file} is larger than the limit of {} bytes", p("max")),
            "options.invalid" => format!("invalid option {}: {}", p("option"), p("value")),
            "profile.invalid" => format!("{file} is not a mapping profile: {}", p("detail")),
            "bundle.invalid" => format!("{file} is not a Madad bundle: {}", p("detail")),
            "bundle.format" => format!("{file} is not a Madad bundle (format '{}')", p("found")),
            "bundle.version" => format!(
                "{file} is a version {} bundle; this Madad reads version {}",
                p("found"),
                p("expected")
            ),
            "bundle.hash_mismatch" => {
                format!("{file} was changed after it was made (its content hash does not match)")
            }
            "privacy.identifier_column" => format!(
                "{file} has columns that identify people: {} (examples, masked: {}). Decide for \
                 each with --pseudonymise COLUMN (with --key FILE), --drop COLUMN, or --keep COLUMN \
                 for a column that only looks like names",
                p("kinds"),
                p("examples")
            ),
            "privacy.drop_required" => format!(
                "{file}: column '{}' holds the required field {} and cannot be dropped; use \
                 --pseudonymise '{}' with --key FILE",
                p("column"),
                p("field"),
                p("column")
            ),
            "key.required" => format!(
                "column '{}' is to be pseudonymised: give the key with --key FILE \
                 (make one with: madad key new --out FILE)",
                p("column")
            ),
            "key.invalid" => format!("the key cannot be used: {}", p("reason")),
            "key.unreadable" => format!("{file} is not a Madad key file: {}", p("detail")),
            "profile.unsupported" => format!(
                "the profile is of an unsupported kind or version ({} version {})",
                p("schema"),
                p("version")
            ),
            other => format!("{other} {file}"),
        }
    }

    fn to_json(&self) -> serde_json::Value {
        serde_json::json!({ "error": {
            "code": self.code, "file": self.file, "params": self.params, "message": self.message()
        }})
    }
}

fn display_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Reads `files` into a report, streaming each in [`CHUNK_BYTES`] chunks.
fn build_report(a: &AnalyzeArgs) -> Result<Report, CliError> {
    let mut ingest = a.ingest.clone();
    if let Some(path) = &a.profile {
        let text = std::fs::read_to_string(path).map_err(|e| CliError::io(path, &e))?;
        let profile: madad_core::MappingProfile =
            serde_json::from_str(&text).map_err(|e| CliError {
                code: "profile.invalid".to_owned(),
                file: Some(display_name(path)),
                params: [("detail".to_owned(), e.to_string())].into(),
            })?;
        let extra = std::mem::take(&mut ingest.identifiers);
        profile.apply(&mut ingest)?;
        // Decisions on the command line win over the profile's.
        ingest
            .identifiers
            .retain(|d| extra.iter().all(|e| e.column != d.column));
        ingest.identifiers.extend(extra);
    }
    if let Some(path) = &a.key {
        ingest.pseudonym_key = Some(read_key(path, a.passphrase_env.as_deref())?);
    }
    let header_row = ingest.header_row;
    let mut builder = DatasetBuilder::new(ingest)?;
    let mut buf = vec![0u8; CHUNK_BYTES];
    for path in &a.files {
        let mut f = std::fs::File::open(path).map_err(|e| CliError::io(path, &e))?;
        // Workbooks (XLSX, ODS: a ZIP; XLS: an OLE2 container), told by their first bytes as
        // the browser does, go through the same spreadsheet reader as the browser's module.
        let mut head = [0u8; 8];
        let n = f.read(&mut head).map_err(|e| CliError::io(path, &e))?;
        if matches!(
            madad_core::ingest::sniff::binary_format(&head[..n], false),
            Some("xlsx" | "xls")
        ) {
            let bytes = std::fs::read(path).map_err(|e| CliError::io(path, &e))?;
            let options = madad_xlsx::ReadOptions {
                sheet: a.sheet.clone(),
                header_row,
                ..madad_xlsx::ReadOptions::default()
            };
            madad_xlsx::ingest_workbook(&mut builder, &display_name(path), &bytes, &options)?;
            continue;
        }
        builder.begin_file(&display_name(path))?;
        builder.push(&head[..n])?;
        loop {
            let n = f.read(&mut buf).map_err(|e| CliError::io(path, &e))?;
            if n == 0 {
                break;
            }
            builder.push(&buf[..n])?;
        }
        builder.end_file()?;
    }
    let dataset = builder.finish();
    if let (Some(path), Some(ledger)) = (&a.save_profile, dataset.ledgers.first()) {
        let name = ledger.name.clone();
        let profile = madad_core::MappingProfile::from_ledger(&name, ledger);
        let text = serde_json::to_string_pretty(&profile).unwrap_or_default() + "\n";
        std::fs::write(path, text).map_err(|e| CliError::io(path, &e))?;
    }
    if let Some(dir) = &a.excluded {
        std::fs::create_dir_all(dir).map_err(|e| CliError::io(dir, &e))?;
        for (i, ledger) in dataset.ledgers.iter().enumerate() {
            if let Some(bytes) = dataset.excluded_rows_csv(i) {
                let path = dir.join(format!("{}.excluded.csv", ledger.name));
                std::fs::write(&path, bytes).map_err(|e| CliError::io(&path, &e))?;
            }
        }
    }
    // A refused filtered view (`filter.small_complement`, …) is an error, as in the package.
    Ok(madad_core::try_analyze(&dataset, &a.analysis)?)
}

/// Reads a key file, with the passphrase from the environment variable `passphrase_env`.
fn read_key(path: &Path, passphrase_env: Option<&str>) -> Result<KeyInput, CliError> {
    let text = std::fs::read_to_string(path).map_err(|e| CliError::io(path, &e))?;
    let key_file: KeyFile = serde_json::from_str(&text).map_err(|e| CliError {
        code: "key.unreadable".to_owned(),
        file: Some(display_name(path)),
        params: [("detail".to_owned(), e.to_string())].into(),
    })?;
    let passphrase = match passphrase_env {
        Some(var) => Some(std::env::var(var).map_err(|_| {
            CliError {
                code: "key.unreadable".to_owned(),
                file: Some(display_name(path)),
                params: [(
                    "detail".to_owned(),
                    format!("the environment variable {var} is not set"),
                )]
                .into(),
            }
        })?),
        None => None,
    };
    Ok(KeyInput {
        key_file,
        passphrase,
    })
}

/// `madad template --out FILE [--lang L]`: the blank data template (never overwriting a file).
fn template_cmd(args: Vec<String>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    use madad_core::loneliness::apa::Lang;
    let (mut path, mut lang) = (None, Lang::He);
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        match (arg.as_str(), it.next()) {
            ("--out", Some(p)) => path = Some(PathBuf::from(p)),
            ("--lang", Some(l)) => {
                lang = match l.as_str() {
                    "he" => Lang::He,
                    "ar" => Lang::Ar,
                    "en" => Lang::En,
                    _ => return usage_error(err, &format!("--lang takes he, ar or en, not '{l}'")),
                }
            }
            _ => return usage_error(err, &format!("unknown option '{arg}'")),
        }
    }
    let Some(path) = path else {
        return usage_error(err, "template needs --out FILE");
    };
    let bytes = match madad_report_xlsx::template_xlsx(lang) {
        Ok(b) => b,
        Err(e) => {
            let _ = writeln!(err, "madad: {}", e.code);
            return 1;
        }
    };
    if let Err(e) = write_new(&path, &bytes) {
        let _ = writeln!(err, "madad: cannot write {}: {e}", path.display());
        return 1;
    }
    let _ = writeln!(out, "template written to {}", path.display());
    0
}

/// `madad key new --out FILE`: 32 random bytes from the operating system, saved as a key file.
fn key_cmd(args: Vec<String>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut it = args.into_iter();
    if it.next().as_deref() != Some("new") {
        return usage_error(err, "key takes the subcommand 'new'");
    }
    let path = match (it.next().as_deref(), it.next()) {
        (Some("--out"), Some(p)) => PathBuf::from(p),
        _ => return usage_error(err, "key new needs --out FILE"),
    };
    if let Some(extra) = it.next() {
        return usage_error(err, &format!("unknown option '{extra}'"));
    }
    if path.exists() {
        let _ = writeln!(
            err,
            "madad: {} exists; a key is never overwritten (losing it loses every link)",
            path.display()
        );
        return 1;
    }
    let mut bytes = [0u8; 32];
    if let Err(e) = getrandom::fill(&mut bytes) {
        let _ = writeln!(err, "madad: no random bytes from the operating system: {e}");
        return 1;
    }
    let file = PseudonymKey::from_random_bytes(bytes).to_random_key_file();
    let text = serde_json::to_string_pretty(&file).unwrap_or_default() + "\n";
    if let Err(e) = write_new(&path, text.as_bytes()) {
        let _ = writeln!(err, "madad: cannot write {}: {e}", path.display());
        return 1;
    }
    let _ = writeln!(
        out,
        "key written to {} (check value {}); keep it safe: whoever holds it can link the \
         pseudonyms back to ID numbers, and without it files cannot be linked",
        path.display(),
        file.check
    );
    0
}

/// Creates `path` (never overwriting), readable by its owner only where the system allows.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(0o600);
    }
    o.open(path)?.write_all(bytes)
}

fn analyze_cmd(args: Vec<String>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let a = match parse_analyze(args) {
        Ok(a) => a,
        Err(msg) => return usage_error(err, &msg),
    };
    let report = match build_report(&a) {
        Ok(r) => r,
        Err(e) => {
            if a.json {
                let _ = writeln!(err, "{}", e.to_json());
            } else {
                let _ = writeln!(err, "madad: {}", e.message());
            }
            return 1;
        }
    };
    if let (Some(path), Some(name)) = (&a.bundle, &a.municipality) {
        let written = madad_core::bundle::Bundle::from_report(&report, name)
            .and_then(|b| b.to_json())
            .map_err(CliError::from)
            .and_then(|bytes| std::fs::write(path, bytes).map_err(|e| CliError::io(path, &e)));
        if let Err(e) = written {
            let _ = writeln!(err, "madad: {}", e.message());
            return 1;
        }
    }
    if let Some(path) = &a.xlsx {
        let options = madad_report_xlsx::XlsxOptions {
            lang: a.lang.unwrap_or(madad_core::loneliness::apa::Lang::He),
            title: None,
        };
        let written = madad_report_xlsx::report_xlsx(&report, &options)
            .map_err(CliError::from)
            .and_then(|bytes| std::fs::write(path, bytes).map_err(|e| CliError::io(path, &e)));
        if let Err(e) = written {
            let _ = writeln!(err, "madad: {}", e.message());
            return 1;
        }
    }
    let text = if a.json {
        match serde_json::to_string_pretty(&report) {
            Ok(s) => s + "\n",
            Err(e) => {
                let _ = writeln!(err, "madad: cannot encode the report: {e}");
                return 1;
            }
        }
    } else {
        human_summary(&report)
    };
    match &a.out {
        Some(path) => {
            if let Err(e) = std::fs::write(path, text) {
                let _ = writeln!(err, "madad: cannot write {}: {e}", path.display());
                return 1;
            }
        }
        None => {
            let _ = out.write_all(text.as_bytes());
        }
    }
    0
}

/// A plain-text summary for a terminal.
fn human_summary(r: &Report) -> String {
    use std::fmt::Write as _;
    let k = r.definitions.suppression_threshold;
    let num = |v: Option<f64>, suppressed: bool| {
        if suppressed {
            format!("<{k}")
        } else {
            v.map_or("–".to_owned(), |x| format!("{x:.2}"))
        }
    };
    let s = &r.summary;
    let mut t = String::new();
    if r.sample_data {
        let _ = writeln!(t, "SAMPLE DATA");
    }
    let _ = writeln!(
        t,
        "Madad {} report (as of {})",
        r.madad_version,
        r.as_of.as_deref().unwrap_or("–")
    );
    for src in &r.sources {
        let how = match (&src.sheet, src.encoding, &src.delimiter) {
            (Some(sheet), _, _) => format!("sheet '{sheet}'"),
            (None, Some(enc), Some(d)) => format!("{}, '{}'", enc.label(), d.escape_default()),
            _ => String::new(),
        };
        let _ = writeln!(
            t,
            "  {} [{}]: {} rows = {} used + {} rejected + {} skipped ({how})",
            src.name,
            src.role.name(),
            src.rows_total,
            src.rows_used,
            src.rows_rejected,
            src.rows_skipped,
        );
    }
    let vol = match s.volunteers.value {
        Some(v) => v.to_string(),
        None => format!("<{k}"),
    };
    let _ = writeln!(t, "Unduplicated volunteers:      {vol}");
    let _ = writeln!(
        t,
        "Approved hours:               {}",
        num(s.approved_hours.value, s.approved_hours.suppressed)
    );
    let _ = writeln!(
        t,
        "Hours per volunteer (mean):   {}",
        num(
            s.mean_hours_per_volunteer.value,
            s.mean_hours_per_volunteer.suppressed
        )
    );
    let _ = writeln!(
        t,
        "Hours per volunteer (median): {}",
        num(
            s.median_hours_per_volunteer.value,
            s.median_hours_per_volunteer.suppressed
        )
    );
    let _ = writeln!(t, "Monthly active volunteers:");
    for m in &r.monthly_active {
        let v = m
            .volunteers
            .value
            .map_or(format!("<{k}"), |v| v.to_string());
        let _ = writeln!(
            t,
            "  {} {v}{}",
            m.month,
            if m.partial { " (partial month)" } else { "" }
        );
    }
    if let Some(en) = r
        .loneliness
        .as_ref()
        .and_then(|l| l.apa.iter().find(|a| a.lang == "en"))
    {
        let sentence: String = en.sentence.iter().map(|run| run.text.as_str()).collect();
        if !sentence.trim().is_empty() {
            let _ = writeln!(t, "Loneliness: {sentence}");
        }
    }
    if let Some(trends) = &r.trends {
        let _ = writeln!(t, "Trends:");
        for series in &trends.series {
            let _ = writeln!(t, "  {}", trend_line(series));
        }
    }
    if !r.diagnostics.is_empty() {
        let _ = writeln!(t, "Problems:");
        for src in &r.sources {
            for p in &src.problems {
                let _ = writeln!(t, "  {}: {} × {}", src.name, p.count, p.code);
            }
        }
    }
    t
}

fn demo_cmd(args: Vec<String>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let mut cfg = madad_demo::DemoConfig::default();
    let mut dir: Option<PathBuf> = None;
    let mut bench = false;
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        let Some(v) = it.next() else {
            return usage_error(err, &format!("{arg} needs a value"));
        };
        let bad = |err: &mut dyn Write| {
            usage_error(err, &format!("{arg} takes a whole number, not '{v}'"))
        };
        match arg.as_str() {
            "--out" => dir = Some(PathBuf::from(&v)),
            "--layout" => match v.as_str() {
                "demo" => bench = false,
                "bench" => bench = true,
                _ => return usage_error(err, &format!("--layout takes demo or bench, not '{v}'")),
            },
            "--seed" => match v.parse() {
                Ok(n) => cfg.seed = n,
                Err(_) => return bad(err),
            },
            "--volunteers" => match v.parse() {
                Ok(n) => cfg.volunteers = n,
                Err(_) => return bad(err),
            },
            "--activities" => match v.parse() {
                Ok(n) => cfg.activities = n,
                Err(_) => return bad(err),
            },
            other => return usage_error(err, &format!("unknown option '{other}'")),
        }
    }
    let Some(dir) = dir else {
        return usage_error(err, "demo needs --out DIR");
    };
    if bench {
        return match madad_demo::write_bench(&dir, &cfg) {
            Ok(o) => {
                let _ = writeln!(
                    out,
                    "bench workload written to {} ({} rows, {} with empty hours)",
                    dir.join(madad_demo::BENCH_FILE).display(),
                    o.rows,
                    o.empty_hours
                );
                0
            }
            Err(e) => {
                let _ = writeln!(
                    err,
                    "madad: cannot write the bench workload to {}: {e}",
                    dir.display()
                );
                1
            }
        };
    }
    match madad_demo::write_demo(&dir, &cfg) {
        Ok(_) => {
            let _ = writeln!(out, "demo municipality written to {}", dir.display());
            0
        }
        Err(e) => {
            let _ = writeln!(
                err,
                "madad: cannot write the demo to {}: {e}",
                dir.display()
            );
            1
        }
    }
}

fn merge_cmd(args: Vec<String>, out: &mut dyn Write, err: &mut dyn Write) -> i32 {
    let (mut files, mut json, mut out_path) = (Vec::new(), false, None);
    let mut it = args.into_iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--out" => match it.next() {
                Some(v) => out_path = Some(PathBuf::from(v)),
                None => return usage_error(err, "--out needs a value"),
            },
            s if s.starts_with("--") => return usage_error(err, &format!("unknown option '{s}'")),
            file => files.push(PathBuf::from(file)),
        }
    }
    if files.is_empty() {
        return usage_error(err, "merge needs at least one BUNDLE");
    }
    let mut bundles = Vec::with_capacity(files.len());
    for path in &files {
        let opened = std::fs::read(path)
            .map_err(|e| CliError::io(path, &e))
            .and_then(|bytes| {
                madad_core::bundle::open(&bytes, &display_name(path)).map_err(CliError::from)
            });
        match opened {
            Ok(b) => bundles.push(b),
            Err(e) => {
                if json {
                    let _ = writeln!(err, "{}", e.to_json());
                } else {
                    let _ = writeln!(err, "madad: {}", e.message());
                }
                return 1;
            }
        }
    }
    let merged = madad_core::bundle::merge::merge(&bundles);
    let text = if json {
        match serde_json::to_string_pretty(&merged) {
            Ok(s) => s + "\n",
            Err(e) => {
                let _ = writeln!(err, "madad: cannot encode the merged view: {e}");
                return 1;
            }
        }
    } else {
        human_merge(&merged)
    };
    match &out_path {
        Some(path) => {
            if let Err(e) = std::fs::write(path, text) {
                let _ = writeln!(err, "madad: cannot write {}: {e}", path.display());
                return 1;
            }
        }
        None => {
            let _ = out.write_all(text.as_bytes());
        }
    }
    0
}

/// A plain-text merged view: one line per measure, then the warnings.
fn human_merge(m: &madad_core::bundle::merge::Merged) -> String {
    use madad_core::bundle::merge::Combined;
    use std::fmt::Write as _;
    let mut s = String::new();
    let names: Vec<&str> = m
        .municipalities
        .iter()
        .map(|x| x.municipality.as_str())
        .collect();
    let _ = writeln!(s, "Municipalities ({}): {}", names.len(), names.join(", "));
    for x in &m.measures {
        let combined = match &x.combined {
            Some(Combined::Total {
                published,
                exact: true,
                ..
            }) => format!("total {published}"),
            Some(Combined::Total {
                lower,
                upper: Some(u),
                ..
            }) => {
                format!(
                    "total between {lower} and {u} ({} suppressed)",
                    x.suppressed_in
                )
            }
            Some(Combined::Total {
                lower, upper: None, ..
            }) => {
                format!("total at least {lower} ({} suppressed)", x.suppressed_in)
            }
            Some(Combined::Mean { n, value }) => format!("pooled mean {value:.3} (n = {n})"),
            Some(Combined::Moments { moments, sd }) => format!(
                "pooled mean {:.3}, SD {} (n = {})",
                moments.mean,
                sd.map_or("–".to_owned(), |v| format!("{v:.3}")),
                moments.n
            ),
            Some(Combined::Pooled { random_effects: r }) => format!(
                "random-effects estimate {:.3} (95% CI {:.3} to {:.3}), I² = {:.0}%, k = {}",
                r.estimate,
                r.ci.lower,
                r.ci.upper,
                r.i2 * 100.0,
                r.k
            ),
            None if !x.additive => "not additive: per municipality only".to_owned(),
            None => "nothing published".to_owned(),
        };
        let each: Vec<String> = x
            .per_municipality
            .iter()
            .map(|p| match (p.value, p.suppressed) {
                (Some(v), _) => format!("{}={v}", p.municipality),
                (None, true) => format!("{}=<K", p.municipality),
                (None, false) => format!("{}=–", p.municipality),
            })
            .collect();
        let _ = writeln!(s, "{}: {combined} [{}]", x.id, each.join(", "));
    }
    for d in &m.definition_mismatches {
        let values: Vec<String> = d
            .values
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_deref().unwrap_or("–")))
            .collect();
        let _ = writeln!(s, "Definitions differ: {} ({})", d.name, values.join(", "));
    }
    for w in &m.warnings {
        let params: Vec<String> = w.params.iter().map(|(k, v)| format!("{k}={v}")).collect();
        let _ = writeln!(s, "Warning: {} {}", w.code, params.join(" "));
    }
    s
}

/// One trend series in words: "rising by X per month (95% CI a to b), Mann–Kendall p = …", the
/// interrupted time series when a program start was given, or why no test applies.
fn trend_line(series: &madad_core::trends::section::TrendSeries) -> String {
    use std::fmt::Write as _;
    let mut line = format!("{} ({}): ", series.id, series.indicator);
    match (&series.headline, &series.headline_not_applicable) {
        (Some(h), _) => {
            let ci = h.slope_ci.map_or(String::new(), |c| {
                format!(" (95% CI {:.3} to {:.3})", c.lower, c.upper)
            });
            let test = if h.method == "hamed_rao" {
                "Mann–Kendall (Hamed–Rao)"
            } else {
                "Mann–Kendall"
            };
            let direction = match h.direction.as_str() {
                "increasing" => "rising",
                "decreasing" => "falling",
                _ => "no clear trend; Sen slope",
            };
            let _ = write!(
                line,
                "{direction} by {:.3} per {}{ci}, {test} p = {:.4}, n = {}",
                h.slope, h.per, h.p_value, h.n
            );
        }
        (None, Some(na)) => {
            let _ = write!(line, "no trend test ({})", na.reason);
        }
        (None, None) => line.push_str("no trend test"),
    }
    if let Some(its) = &series.its {
        let l = &its.level_change;
        let _ = write!(
            line,
            "; from {}: level change {:.3} (95% CI {:.3} to {:.3}), slope change {:.3} per period, effect after {} periods {:.3} (95% CI {:.3} to {:.3})",
            its.start_period,
            l.estimate,
            l.conf_int.lower,
            l.conf_int.upper,
            its.slope_change.estimate,
            its.horizon,
            its.effect_at_horizon.estimate,
            its.effect_at_horizon.conf_int.lower,
            its.effect_at_horizon.conf_int.upper
        );
    }
    line
}
