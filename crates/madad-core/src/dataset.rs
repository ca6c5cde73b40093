//! The [`Dataset`]: every file read, validated and accounted for, ready for analysis.
//!
//! Files arrive as byte chunks of any size ([`DatasetBuilder::push`]), so memory grows with the
//! parsed columns, not with the file. The first chunk(s), up to [`SNIFF_BYTES`], are held back to
//! decide the encoding, the delimiter and the date order; after that every chunk is decoded and
//! tokenised as it comes.

use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diag::Diagnostic;
use crate::error::{Error, Result};
use crate::export::csv::CsvWriter;
use crate::ingest::cells::{Cell, RowView, SheetRow, read_rows};
use crate::ingest::csv::{Record, Tokenizer, TokenizerLimits};
use crate::ingest::encoding::{self, Decoder, EncodingEvidence, Sniffed, TextEncoding};
use crate::ingest::ledger::FileRole;
use crate::ingest::ledger::{
    DateExample, DateOrderDecision, FileFormat, FileLedger, WorkbookNotes,
};
use crate::ingest::sniff;
use crate::options::IngestOptions;
use crate::privacy::gate::{GateAction, GateDecision};
use crate::privacy::ingest_gate::IngestGate;
use crate::privacy::key::PseudonymKey;
use crate::schema::activity::{ActivityColumns, ActivityFast};
use crate::schema::coerce::{self, DateOrder, OrderEvidence};
use crate::schema::fields;
use crate::schema::mapper::{ExcludedRow, FileMapper, RowRules};
use crate::schema::opportunities::OpportunityTable;
use crate::schema::population::PopulationTable;
use crate::schema::registry::RegistryTable;
use crate::schema::survey::SurveyTable;
use crate::schema::tables::{Checkpoint, Dict, Tables};

/// How many leading bytes are held back to sniff a file's encoding, delimiter and date order.
pub const SNIFF_BYTES: usize = 1 << 20;

/// A file given whole, for hosts that already hold its bytes.
#[derive(Debug, Clone, Copy)]
pub struct SourceFile<'a> {
    /// The file name as the user knows it.
    pub name: &'a str,
    /// Its content.
    pub bytes: &'a [u8],
}

/// Reads whole files into a [`Dataset`] (a convenience over [`DatasetBuilder`]).
pub fn ingest(files: &[SourceFile<'_>], options: &IngestOptions) -> Result<Dataset> {
    let mut builder = DatasetBuilder::new(options.clone())?;
    for f in files {
        builder.begin_file(f.name)?;
        builder.push(f.bytes)?;
        builder.end_file()?;
    }
    Ok(builder.finish())
}

/// Progress of the file being read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Bytes received so far.
    pub bytes: u64,
    /// Rows tokenised so far.
    pub rows: u64,
}

/// Validated, typed data from all files, plus the ledger of every row.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Dataset {
    /// Person ids across every file (volunteers, respondents, recipients): the same id is one
    /// person wherever it appears.
    pub people: Dict,
    /// The used activity rows.
    pub activities: ActivityColumns,
    /// The volunteer registry.
    pub registry: RegistryTable,
    /// Survey responses.
    pub survey: SurveyTable,
    /// Population counts.
    pub population: PopulationTable,
    /// Volunteering opportunities.
    pub opportunities: OpportunityTable,
    /// One ledger per file, in the order given.
    #[serde(skip)]
    pub ledgers: Vec<FileLedger>,
    /// Row- and file-level diagnostics (capped per code and file; counts in the ledgers).
    #[serde(skip)]
    pub diagnostics: Vec<Diagnostic>,
    /// The rejected rows of each file, for the user to download and fix (not part of any
    /// report: they are row-level data and stay on the user's machine).
    #[serde(skip)]
    pub excluded: Vec<ExcludedFile>,
    /// The host's "as of" date.
    pub as_of: Option<NaiveDate>,
    /// The largest hours one record could carry when the files were read.
    pub max_hours_per_record: u32,
}

/// The rejected rows of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExcludedFile {
    /// The file name.
    pub name: String,
    /// Its headers.
    pub headers: Vec<String>,
    /// The rows kept (at most [`MAX_EXCLUDED_ROWS`](crate::schema::mapper::MAX_EXCLUDED_ROWS)).
    pub rows: Vec<ExcludedRow>,
    /// Rejected rows beyond the cap.
    pub dropped: u64,
}

impl Dataset {
    /// The rejected rows of file `index` as CSV (UTF-8 with BOM, formula-safe): the file's own
    /// headers, then `madad_row` (the row in the original file) and `madad_reasons` (the error
    /// codes, `;`-separated). `None` for an index beyond the files read.
    pub fn excluded_rows_csv(&self, index: usize) -> Option<Vec<u8>> {
        let f = self.excluded.get(index)?;
        let mut w = CsvWriter::new();
        let mut header: Vec<&str> = f.headers.iter().map(String::as_str).collect();
        header.extend(["madad_row", "madad_reasons"]);
        w.row(&header);
        for r in &f.rows {
            let mut cells: Vec<String> = r.cells.clone();
            cells.resize(f.headers.len().max(cells.len()), String::new());
            cells.push(r.row.to_string());
            cells.push(r.reasons.join(";"));
            w.row(&cells);
        }
        Some(w.into_bytes())
    }
}

/// Builds a [`Dataset`] from files fed in chunks.
#[derive(Debug)]
pub struct DatasetBuilder {
    options: IngestOptions,
    /// The user's column mapping and file roles, validated.
    choices: UserChoices,
    as_of: Option<NaiveDate>,
    columns: Tables,
    ledgers: Vec<FileLedger>,
    diagnostics: Vec<Diagnostic>,
    excluded: Vec<ExcludedFile>,
    current: Option<OpenFile>,
    /// Whether text files may take the fast paths (see [`DatasetBuilder::without_fast_paths`]).
    fast_paths: bool,
}

#[derive(Debug)]
struct OpenFile {
    name: String,
    hasher: Sha256,
    bytes: u64,
    /// Held-back leading bytes, until the file has been sniffed.
    prefix: Vec<u8>,
    /// Found while sniffing: the file cannot be read at all.
    fatal: Option<Error>,
    /// Set for a spreadsheet's sheet, fed as typed rows instead of bytes.
    sheet: Option<SheetInput>,
    /// The table sizes before this file, to undo it if it fails.
    checkpoint: Checkpoint,
    parse: Option<Parse>,
}

/// What the host knows of a spreadsheet file whose sheet it feeds as typed rows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct SheetInfo {
    /// The workbook format.
    pub format: FileFormat,
    /// Size of the workbook in bytes.
    pub bytes: u64,
    /// SHA-256 of the workbook's bytes, lower-case hex.
    pub sha256: String,
    /// Hidden and very hidden sheets of the workbook (not read unless chosen).
    #[serde(default)]
    pub hidden_sheets: Vec<String>,
    /// Merged regions in the sheet read (only their top-left cell holds a value).
    #[serde(default)]
    pub merged_regions: u64,
    /// Hidden (or filtered-out) rows in the sheet read (read like any other row).
    #[serde(default)]
    pub hidden_rows: u64,
}

#[derive(Debug)]
struct SheetInput {
    info: SheetInfo,
    name: String,
    mapper: FileMapper,
    rules: RowRules,
    last_row: u64,
}

#[derive(Debug)]
struct Parse {
    sniffed: Sniffed,
    decoder: Decoder,
    scratch: Vec<u8>,
    tokenizer: Tokenizer,
    delimiter: u8,
    mapper: FileMapper,
    rules: RowRules,
    date_order: Option<DateOrderDecision>,
    /// A single-byte code page: the raw bytes are tokenised and cells decoded where read.
    single_byte: bool,
    /// Whether the activity-log fast path may be used.
    fast_rows: bool,
    /// The activity-log fast path, once the header shows it applies.
    fast: Option<ActivityFast>,
    /// A record's fields decoded to UTF-8, for the general path.
    record_buf: Vec<u8>,
    record_ends: Vec<usize>,
}

impl DatasetBuilder {
    /// A builder with `options`. Errors: `options.invalid` for a malformed `asOf` or delimiter.
    pub fn new(options: IngestOptions) -> Result<Self> {
        let as_of = match &options.as_of {
            Some(s) => Some(coerce::parse_iso(s).ok_or_else(|| {
                Error::general("options.invalid")
                    .with("option", "asOf")
                    .with("value", s)
            })?),
            None => None,
        };
        let delimiters = options
            .delimiter
            .iter()
            .chain(options.files.iter().filter_map(|f| f.delimiter.as_ref()));
        for d in delimiters {
            if d.len() != 1 || matches!(d.as_str(), "\"" | "\r" | "\n") {
                return Err(Error::general("options.invalid")
                    .with("option", "delimiter")
                    .with("value", d));
            }
        }
        let choices = UserChoices::from_options(&options)?;
        if options.max_hours_per_record == 0 {
            return Err(Error::general("options.invalid").with("option", "maxHoursPerRecord"));
        }
        Ok(DatasetBuilder {
            options,
            choices,
            as_of,
            columns: Tables::default(),
            ledgers: Vec::new(),
            diagnostics: Vec::new(),
            excluded: Vec::new(),
            current: None,
            fast_paths: true,
        })
    }

    /// Reads text files only through the general paths: each chunk decoded to UTF-8 before
    /// tokenising, every record through the byte-by-byte tokenizer and the general row mapper.
    /// The result is the same (that is what tests and fuzzing check); only slower.
    #[doc(hidden)]
    pub fn without_fast_paths(mut self) -> Self {
        self.fast_paths = false;
        self
    }

    /// Starts a new file. Errors: `builder.file_open` when the previous file was not ended.
    pub fn begin_file(&mut self, name: &str) -> Result<()> {
        if self.current.is_some() {
            return Err(Error::general("builder.file_open"));
        }
        self.current = Some(OpenFile {
            name: name.to_owned(),
            hasher: Sha256::new(),
            bytes: 0,
            prefix: Vec::new(),
            fatal: None,
            sheet: None,
            checkpoint: self.columns.checkpoint(),
            parse: None,
        });
        Ok(())
    }

    /// Starts a sheet of a spreadsheet file, to be fed with [`DatasetBuilder::push_row`] or
    /// [`DatasetBuilder::push_rows`] and ended with [`DatasetBuilder::end_file`]. Text dates in a
    /// sheet are read day first unless the options say otherwise.
    pub fn begin_sheet(&mut self, file: &str, sheet: &str, info: SheetInfo) -> Result<()> {
        self.begin_file(file)?;
        let file_index = self.ledgers.len();
        let rules = RowRules {
            header_row: self.options.read_for(file).header_row,
            max_rows: self.options.max_rows,
            max_columns: self.options.max_columns,
            date_order: self.options.date_order.unwrap_or(DateOrder::Dmy),
            latest_day: self.as_of.map(|d| chrono::Datelike::num_days_from_ce(&d)),
            max_hours: self.options.max_hours_per_record,
            keep_duplicates: self.options.keep_duplicates,
            had_replacements: false,
            max_diagnostics_per_code: 10_000,
        };
        let mut mapper = FileMapper::for_sheet(file, sheet, file_index)
            .with_role(self.choices.role_of(file))
            .with_mapping(self.choices.mapping.clone())
            .with_gate(self.choices.gate());
        // What a spreadsheet hides from its reader, and the decision taken (reliability case 79).
        if !info.hidden_sheets.is_empty() {
            let names = info.hidden_sheets.join(", ");
            mapper.note_file(
                "workbook.hidden_sheets",
                &[
                    ("sheets", names),
                    ("count", info.hidden_sheets.len().to_string()),
                ],
            );
        }
        if info.merged_regions > 0 {
            mapper.note_file(
                "sheet.merged_cells",
                &[("count", info.merged_regions.to_string())],
            );
        }
        if info.hidden_rows > 0 {
            mapper.note_file(
                "sheet.hidden_rows",
                &[("count", info.hidden_rows.to_string())],
            );
        }
        if let Some(open) = self.current.as_mut() {
            open.bytes = info.bytes;
            open.sheet = Some(SheetInput {
                mapper,
                info,
                name: sheet.to_owned(),
                rules,
                last_row: 0,
            });
        }
        Ok(())
    }

    /// Feeds one row of the open sheet. Rows must come in increasing order.
    pub fn push_row(&mut self, row: u64, cells: &[Cell<'_>]) -> Result<()> {
        let checkpoint = self
            .current
            .as_ref()
            .map(|f| f.checkpoint)
            .unwrap_or_default();
        let file_index = self.ledgers.len();
        let Self {
            columns, current, ..
        } = self;
        let open = current
            .as_mut()
            .ok_or_else(|| Error::general("builder.no_file"))?;
        let sheet = open
            .sheet
            .as_mut()
            .ok_or_else(|| Error::general("builder.not_a_sheet"))?;
        if row <= sheet.last_row {
            return Err(Error::general("rowstream.malformed").with("row", row));
        }
        sheet.last_row = row;
        route(
            &mut sheet.mapper,
            &sheet.rules,
            columns,
            &SheetRow { row, cells },
        );
        if let Some(e) = sheet.mapper.fatal.take() {
            *current = None;
            forget_file(columns, checkpoint, file_index);
            return Err(e);
        }
        Ok(())
    }

    /// Feeds rows of the open sheet as a row stream (see [`crate::ingest::cells`]), the form in
    /// which the XLSX module hands them over.
    pub fn push_rows(&mut self, stream: &[u8]) -> Result<Progress> {
        let mut failure = None;
        read_rows(stream, &mut |r: &SheetRow<'_>| {
            if failure.is_none() {
                failure = self.push_row(r.row, r.cells).err();
            }
        })?;
        if let Some(e) = failure {
            return Err(e);
        }
        let rows = self
            .current
            .as_ref()
            .and_then(|f| f.sheet.as_ref())
            .map_or(0, |s| s.last_row);
        let bytes = self.current.as_ref().map_or(0, |f| f.bytes);
        Ok(Progress { bytes, rows })
    }

    /// Feeds the next chunk of the open file.
    pub fn push(&mut self, chunk: &[u8]) -> Result<Progress> {
        if self.current.as_ref().is_some_and(|f| f.sheet.is_some()) {
            return Err(Error::general("builder.not_text"));
        }
        let file_index = self.ledgers.len();
        let checkpoint = self
            .current
            .as_ref()
            .map(|f| f.checkpoint)
            .unwrap_or_default();
        let Self {
            options,
            as_of,
            columns,
            current,
            choices,
            fast_paths,
            ..
        } = self;
        let fast_paths = *fast_paths;
        let file = current
            .as_mut()
            .ok_or_else(|| Error::general("builder.no_file"))?;
        file.bytes += chunk.len() as u64;
        if file.bytes > options.max_file_bytes {
            let err =
                Error::in_file("limit.file_bytes", &file.name).with("max", options.max_file_bytes);
            *current = None;
            forget_file(columns, checkpoint, file_index);
            return Err(err);
        }
        file.hasher.update(chunk);
        if file.parse.is_none() {
            file.prefix.extend_from_slice(chunk);
            if file.prefix.len() >= SNIFF_BYTES {
                start_parse(
                    file, options, *as_of, file_index, columns, false, choices, fast_paths,
                );
            }
        } else if let Some(parse) = file.parse.as_mut() {
            parse.feed(chunk, columns);
        }
        if let Some(e) = file
            .fatal
            .take()
            .or_else(|| file.parse.as_ref().and_then(|p| p.mapper.fatal.clone()))
        {
            *current = None;
            forget_file(columns, checkpoint, file_index);
            return Err(e);
        }
        let rows = file.parse.as_ref().map_or(0, |p| p.tokenizer.rows());
        Ok(Progress {
            bytes: file.bytes,
            rows,
        })
    }

    /// Ends the open file and returns its ledger. Errors: `file.empty`, `schema.missing_columns`,
    /// `limit.columns`; the file then contributes no rows.
    pub fn end_file(&mut self) -> Result<FileLedger> {
        let file_index = self.ledgers.len();
        let mut file = self
            .current
            .take()
            .ok_or_else(|| Error::general("builder.no_file"))?;
        if let Some(mut sheet) = file.sheet.take() {
            if let Some(e) = sheet.mapper.gate.finish(&file.name) {
                forget_file(&mut self.columns, file.checkpoint, file_index);
                return Err(e);
            }
            return self.end_sheet(file.name, sheet);
        }
        if file.bytes == 0 {
            return Err(Error::in_file("file.empty", &file.name));
        }
        let checkpoint = file.checkpoint;
        if file.parse.is_none() {
            start_parse(
                &mut file,
                &self.options,
                self.as_of,
                file_index,
                &mut self.columns,
                true,
                &self.choices,
                self.fast_paths,
            );
        }
        if let Some(e) = file.fatal.take() {
            return Err(e);
        }
        let Some(mut parse) = file.parse.take() else {
            return Err(Error::in_file("file.empty", &file.name));
        };
        parse.finish(&mut self.columns);
        if let Some(e) = parse.mapper.fatal.take() {
            forget_file(&mut self.columns, checkpoint, file_index);
            return Err(e);
        }
        if parse.mapper.header_row.is_none() {
            return Err(Error::in_file("file.no_header", &file.name));
        }
        if let Some(e) = parse.mapper.gate.finish(&file.name) {
            forget_file(&mut self.columns, checkpoint, file_index);
            return Err(e);
        }
        let bom = parse.sniffed.bom_len > 0;
        let ledger = FileLedger {
            name: file.name.clone(),
            sha256: hex(&file.hasher.finalize()),
            bytes: file.bytes,
            format: FileFormat::Csv,
            sheet: None,
            encoding: Some(parse.sniffed.encoding),
            encoding_evidence: Some(parse.sniffed.evidence),
            bom,
            delimiter: Some(char::from(parse.delimiter).to_string()),
            role: parse.mapper.role.unwrap_or(FileRole::ActivityLog),
            header_row: parse.mapper.header_row.unwrap_or(1),
            columns: parse.mapper.gate.with_samples(parse.mapper.columns()),
            date_order: parse.date_order.clone(),
            physical_lines: parse.tokenizer.physical_lines(),
            rows_total: parse.mapper.rows_total,
            rows_used: parse.mapper.rows_used,
            rows_rejected: parse.mapper.rows_rejected,
            rows_skipped: parse.mapper.rows_skipped,
            problems: parse.mapper.problem_counts(),
            workbook: None,
            identifiers: parse.mapper.gate.ledger(),
        };
        self.diagnostics.append(&mut parse.mapper.diagnostics);
        self.excluded
            .push(take_excluded(&file.name, &mut parse.mapper));
        self.ledgers.push(ledger.clone());
        Ok(ledger)
    }

    fn end_sheet(&mut self, name: String, mut sheet: SheetInput) -> Result<FileLedger> {
        if sheet.mapper.header_row.is_none() {
            return Err(Error::in_file("file.no_header", &name).with("sheet", &sheet.name));
        }
        let m = &mut sheet.mapper;
        let ledger = FileLedger {
            name,
            sha256: sheet.info.sha256,
            bytes: sheet.info.bytes,
            format: sheet.info.format,
            sheet: Some(sheet.name),
            encoding: None,
            encoding_evidence: None,
            bom: false,
            delimiter: None,
            role: m.role.unwrap_or(FileRole::ActivityLog),
            header_row: m.header_row.unwrap_or(1),
            columns: m.gate.with_samples(m.columns()),
            date_order: None,
            physical_lines: sheet.last_row,
            rows_total: m.rows_total,
            rows_used: m.rows_used,
            rows_rejected: m.rows_rejected,
            rows_skipped: m.rows_skipped,
            problems: m.problem_counts(),
            workbook: Some(WorkbookNotes {
                hidden_sheets: sheet.info.hidden_sheets,
                merged_regions: sheet.info.merged_regions,
                hidden_rows: sheet.info.hidden_rows,
            }),
            identifiers: m.gate.ledger(),
        };
        self.diagnostics.append(&mut m.diagnostics);
        self.excluded.push(take_excluded(&ledger.name, m));
        self.ledgers.push(ledger.clone());
        Ok(ledger)
    }

    /// Abandons the open file (e.g. the user cancelled); rows already taken from it are removed.
    pub fn abort_file(&mut self) {
        // Rows of an aborted file are not in any ledger, so they must not stay in the tables.
        if let Some(file) = self.current.take() {
            forget_file(&mut self.columns, file.checkpoint, self.ledgers.len());
        }
    }

    /// The finished dataset.
    pub fn finish(mut self) -> Dataset {
        self.columns.seal();
        let Tables {
            people,
            activities,
            registry,
            survey,
            population,
            opportunities,
        } = self.columns;
        Dataset {
            people,
            activities,
            registry,
            survey,
            population,
            opportunities,
            ledgers: self.ledgers,
            diagnostics: self.diagnostics,
            excluded: self.excluded,
            as_of: self.as_of,
            max_hours_per_record: self.options.max_hours_per_record,
        }
    }
}

fn take_excluded(name: &str, m: &mut FileMapper) -> ExcludedFile {
    ExcludedFile {
        name: name.to_owned(),
        headers: m.headers().to_vec(),
        rows: std::mem::take(&mut m.excluded),
        dropped: m.excluded_dropped,
    }
}

/// The user's column mapping, file roles and identifier decisions, validated.
#[derive(Debug, Clone, Default)]
struct UserChoices {
    /// Header → field name (`None`: ignore the column).
    mapping: Vec<(String, Option<String>)>,
    /// File name → role.
    roles: Vec<(String, FileRole)>,
    /// What to do with identifier columns.
    identifiers: Vec<GateDecision>,
    /// The pseudonymisation key, loaded.
    key: Option<PseudonymKey>,
}

impl UserChoices {
    fn from_options(options: &IngestOptions) -> Result<Self> {
        let invalid = |option: &str, value: &str| {
            Error::general("options.invalid")
                .with("option", option)
                .with("value", value)
        };
        let mut mapping = Vec::new();
        for (header, field) in &options.mapping {
            let field = match field.as_str() {
                "" => None,
                name if fields::is_known_field(name) => Some(name.to_owned()),
                name => return Err(invalid("mapping", name)),
            };
            mapping.push((header.clone(), field));
        }
        let mut roles = Vec::new();
        for (file, role) in &options.roles {
            roles.push((
                file.clone(),
                FileRole::from_name(role).ok_or_else(|| invalid("roles", role))?,
            ));
        }
        // Errors: `key.invalid` (`reason`: the key error's code) for a key that does
        // not load, `key.required` when a column is to be pseudonymised without one.
        let key = match &options.pseudonym_key {
            Some(k) => Some(
                k.load()
                    .map_err(|e| Error::general("key.invalid").with("reason", e.code()))?,
            ),
            None => None,
        };
        if key.is_none()
            && let Some(d) = options
                .identifiers
                .iter()
                .find(|d| d.action == GateAction::Pseudonymise)
        {
            return Err(Error::general("key.required").with("column", &d.column));
        }
        Ok(UserChoices {
            mapping,
            roles,
            identifiers: options.identifiers.clone(),
            key,
        })
    }

    fn gate(&self) -> IngestGate {
        IngestGate::new(self.identifiers.clone(), self.key.clone())
    }

    fn role_of(&self, file: &str) -> Option<FileRole> {
        self.roles.iter().find(|(f, _)| f == file).map(|(_, r)| *r)
    }
}

/// Removes the rows a failed or aborted file added (its rows are in no ledger).
fn forget_file(c: &mut Tables, at: Checkpoint, file_index: usize) {
    c.rollback(at, file_index);
}

/// Sniffs the held-back prefix, then starts tokenising it.
#[allow(clippy::too_many_arguments)]
fn start_parse(
    file: &mut OpenFile,
    options: &IngestOptions,
    as_of: Option<NaiveDate>,
    file_index: usize,
    columns: &mut Tables,
    complete: bool,
    choices: &UserChoices,
    fast_paths: bool,
) {
    let role = choices.role_of(&file.name);
    let mapping = &choices.mapping;
    let read = options.read_for(&file.name);
    let mut sniffed = encoding::sniff(&file.prefix, complete);
    if let Some(enc) = read.encoding {
        let bom_len = if enc == sniffed.encoding {
            sniffed.bom_len
        } else {
            0
        };
        sniffed = Sniffed {
            encoding: enc,
            bom_len,
            evidence: EncodingEvidence::UserOverride,
        };
    }
    let utf16 = matches!(
        sniffed.encoding,
        TextEncoding::Utf16Le | TextEncoding::Utf16Be
    );
    if let Some(format) = sniff::binary_format(&file.prefix, utf16) {
        file.fatal = Some(Error::in_file("format.unsupported", &file.name).with("format", format));
        file.prefix.clear();
        return;
    }
    let prefix = std::mem::take(&mut file.prefix);
    let body = prefix.get(sniffed.bom_len..).unwrap_or_default();
    let mut decoder = Decoder::new(sniffed.encoding);
    let mut decoded = Vec::new();
    decoder.decode(body, &mut decoded);
    if complete {
        decoder.finish(&mut decoded);
    }
    let sample = &decoded[..decoded.len().min(64 * 1024)];
    let delimiter = match read.delimiter {
        Some(d) => d.as_bytes().first().copied().unwrap_or(b','),
        None => sniff::delimiter(sample, read.header_row.map_or(0, |h| h.saturating_sub(1))),
    };
    let limits = TokenizerLimits {
        max_cell_chars: options.max_cell_chars,
        max_fields: options.max_columns + 1,
    };
    let (date_order, decision) = match options.date_order {
        Some(order) => (
            order,
            DateOrderDecision {
                order: order.label().into(),
                basis: "user".into(),
                example: None,
            },
        ),
        None => decide_date_order(&decoded, delimiter, limits, read.header_row, mapping, role),
    };
    let rules = RowRules {
        header_row: read.header_row,
        max_rows: options.max_rows,
        max_columns: options.max_columns,
        date_order,
        latest_day: as_of.map(|d| chrono::Datelike::num_days_from_ce(&d)),
        max_hours: options.max_hours_per_record,
        keep_duplicates: options.keep_duplicates,
        had_replacements: false,
        max_diagnostics_per_code: 10_000,
    };
    let single_byte = fast_paths
        && matches!(
            sniffed.encoding,
            TextEncoding::Windows1255 | TextEncoding::Windows1256
        );
    let mut tokenizer = Tokenizer::new(delimiter, limits);
    if single_byte {
        tokenizer = tokenizer.with_single_byte_chars();
    }
    if !fast_paths {
        tokenizer = tokenizer.without_line_path();
    }
    let mut parse = Parse {
        sniffed,
        decoder,
        scratch: Vec::new(),
        tokenizer,
        delimiter,
        mapper: FileMapper::new(&file.name, file_index)
            .with_mapping(mapping.to_vec())
            .with_role(role)
            .with_gate(choices.gate().window_done()),
        rules,
        date_order: Some(decision),
        single_byte,
        fast_rows: fast_paths,
        fast: None,
        record_buf: Vec::new(),
        record_ends: Vec::new(),
    };
    // A U+FFFD in a single-byte code page's text can only come from an undecodable byte.
    parse.rules.had_replacements = single_byte || parse.decoder.invalid > 0;
    match sniffed.evidence {
        EncodingEvidence::Default => {
            parse.mapper.note_file(
                "encoding.uncertain",
                &[("encoding", sniffed.encoding.label().to_owned())],
            );
        }
        EncodingEvidence::NulPattern => {
            parse.mapper.note_file(
                "encoding.utf16_without_bom",
                &[("encoding", sniffed.encoding.label().to_owned())],
            );
        }
        _ => {}
    }
    if let Some(DateOrderDecision {
        basis,
        example: Some(ex),
        ..
    }) = &parse.date_order
        && basis == "default"
    {
        parse.mapper.note_file(
            "date.order_assumed",
            &[("value", ex.raw.clone()), ("read", ex.iso.clone())],
        );
    }
    // The identifier gate sees the window's rows before any row is mapped.
    if let Some(e) = gate_window(
        &decoded,
        delimiter,
        limits,
        read.header_row,
        choices,
        &file.name,
        complete,
    ) {
        file.fatal = Some(e);
        return;
    }
    if single_byte {
        drop(decoded);
        parse.tokenize(body, columns);
    } else {
        parse.tokenize(&decoded, columns);
    }
    file.parse = Some(parse);
}

impl Parse {
    fn feed(&mut self, chunk: &[u8], columns: &mut Tables) {
        if self.decoder.is_passthrough() || self.single_byte {
            self.tokenize(chunk, columns);
        } else {
            let mut scratch = std::mem::take(&mut self.scratch);
            scratch.clear();
            self.decoder.decode(chunk, &mut scratch);
            self.rules.had_replacements |= self.decoder.invalid > 0;
            self.tokenize(&scratch, columns);
            self.scratch = scratch;
        }
    }

    fn tokenize(&mut self, bytes: &[u8], columns: &mut Tables) {
        let Parse {
            tokenizer,
            mapper,
            rules,
            decoder,
            single_byte,
            fast,
            fast_rows,
            record_buf,
            record_ends,
            ..
        } = self;
        let rules = *rules;
        let single = single_byte.then_some(&*decoder);
        let mut text = TextRows {
            mapper,
            rules: &rules,
            columns,
            fast,
            fast_rows: *fast_rows,
            single,
            buf: record_buf,
            ends: record_ends,
        };
        tokenizer.feed(bytes, &mut |r: &Record<'_>| text.route(r));
    }

    fn finish(&mut self, columns: &mut Tables) {
        if !self.decoder.is_passthrough() {
            let mut tail = Vec::new();
            self.decoder.finish(&mut tail);
            self.rules.had_replacements |= self.decoder.invalid > 0;
            self.tokenize(&tail, columns);
        }
        let Parse {
            tokenizer,
            mapper,
            rules,
            decoder,
            single_byte,
            fast,
            fast_rows,
            record_buf,
            record_ends,
            ..
        } = self;
        let rules = *rules;
        let single = single_byte.then_some(&*decoder);
        let mut text = TextRows {
            mapper,
            rules: &rules,
            columns,
            fast,
            fast_rows: *fast_rows,
            single,
            buf: record_buf,
            ends: record_ends,
        };
        tokenizer.finish(&mut |r: &Record<'_>| text.route(r));
    }
}

/// Where the records of a text file go: the activity fast path when it takes the row, else
/// [`route`] (after decoding the fields of a single-byte code page to UTF-8).
struct TextRows<'a> {
    mapper: &'a mut FileMapper,
    rules: &'a RowRules,
    columns: &'a mut Tables,
    fast: &'a mut Option<ActivityFast>,
    fast_rows: bool,
    single: Option<&'a Decoder>,
    buf: &'a mut Vec<u8>,
    ends: &'a mut Vec<usize>,
}

impl TextRows<'_> {
    fn route(&mut self, r: &Record<'_>) {
        // The identifier gate sees the rows it probes or rewrites through the general path.
        if let Some(fast) = self.fast.as_mut()
            && self.mapper.fatal.is_none()
            && self.mapper.rows_total < self.rules.max_rows
            && !self
                .mapper
                .gate
                .must_see_next(r.fields().any(|f| memchr::memchr(b'@', f).is_some()))
            && fast.try_row(self.mapper, self.rules, self.columns, r, self.single)
        {
            self.mapper.gate.skip_row();
            return;
        }
        let had_header = self.mapper.header_row.is_some();
        match self.single {
            Some(decoder) => {
                self.buf.clear();
                self.ends.clear();
                for field in r.fields() {
                    decoder.decode_cell(field, self.buf);
                    self.ends.push(self.buf.len());
                }
                let decoded = Record::from_parts(r.row, r.line, r.problem, self.buf, self.ends);
                route(self.mapper, self.rules, self.columns, &decoded);
            }
            None => route(self.mapper, self.rules, self.columns, r),
        }
        if self.fast_rows
            && !had_header
            && self.mapper.header_row.is_some()
            && self.mapper.fatal.is_none()
        {
            *self.fast = ActivityFast::new(self.mapper);
        }
    }
}

/// Sends a record to the header reader or the row mapper.
fn route(mapper: &mut FileMapper, rules: &RowRules, columns: &mut Tables, r: &dyn RowView) {
    if mapper.fatal.is_some() {
        return;
    }
    if mapper.header_row.is_none() {
        let above_chosen = rules.header_row.is_some_and(|h| r.row() < h);
        let blank_before_first =
            rules.header_row.is_none() && r.problem().is_none() && r.is_blank();
        if above_chosen || blank_before_first {
            // Rows above the header (blank lines, titles) are not data; they are counted as skipped.
            mapper.rows_total += 1;
            mapper.rows_skipped += 1;
            return;
        }
        mapper.read_header(r, rules.max_columns);
        mapper.flush_file_notes(rules);
        return;
    }
    if mapper.rows_total >= rules.max_rows {
        mapper.fatal =
            Some(Error::in_file("limit.rows", mapper.file()).with("max", rules.max_rows));
        return;
    }
    mapper.map_record(r, rules, columns);
}

/// Probes every column on the data rows of the sniffing window: the fatal error
/// `privacy.identifier_column` when a flagged column has no decision.
fn gate_window(
    decoded: &[u8],
    delimiter: u8,
    limits: TokenizerLimits,
    header_row: Option<u64>,
    choices: &UserChoices,
    file: &str,
    complete: bool,
) -> Option<Error> {
    let mut gate = choices.gate().window_done();
    let (mut header, mut unreadable) = (false, false);
    let mut probe = Tokenizer::new(delimiter, limits);
    let mut sink = |r: &Record<'_>| {
        if r.is_blank() || header_row.is_some_and(|h| r.row < h) {
            return;
        }
        if header {
            gate.probe_row(r, file);
        } else {
            let mut m = FileMapper::new("", 0)
                .with_mapping(choices.mapping.clone())
                .with_role(choices.role_of(file));
            m.read_header(r, usize::MAX);
            // A file no role fits stops with that error, from the mapper: it is not read at all.
            unreadable = m.fatal.is_some();
            gate.on_header(m.headers());
            header = true;
        }
    };
    probe.feed(decoded, &mut sink);
    if complete {
        probe.finish(&mut sink);
    }
    if unreadable {
        return None;
    }
    gate.finish(file)
}

/// Decides day/month order from the date column of the sniffed prefix: any value that reads
/// only one way decides (the majority if values disagree); otherwise day first.
fn decide_date_order(
    decoded: &[u8],
    delimiter: u8,
    limits: TokenizerLimits,
    header_row: Option<u64>,
    mapping: &[(String, Option<String>)],
    role: Option<FileRole>,
) -> (DateOrder, DateOrderDecision) {
    let mut header: Option<Vec<usize>> = None;
    let (mut dmy, mut mdy) = (0u32, 0u32);
    let (mut dmy_example, mut mdy_example, mut ambiguous_example) = (None, None, None);
    let mut probe = Tokenizer::new(delimiter, limits);
    // Consecutive rows often share a date: the evidence is a function of the text.
    let mut last: Option<(String, OrderEvidence)> = None;
    let mut sink = |r: &Record<'_>| {
        if r.is_blank() || header_row.is_some_and(|h| r.row < h) {
            return;
        }
        let Some(columns) = &header else {
            let mut m = FileMapper::new("", 0)
                .with_mapping(mapping.to_vec())
                .with_role(role);
            m.read_header(r, usize::MAX);
            header = Some(m.date_columns());
            return;
        };
        for &c in columns {
            let Some(raw) = r.field(c).and_then(|f| std::str::from_utf8(f).ok()) else {
                continue;
            };
            let raw = raw.trim();
            let evidence = match &last {
                Some((text, evidence)) if text == raw => *evidence,
                _ => {
                    let evidence = coerce::order_evidence(raw);
                    last = Some((raw.to_owned(), evidence));
                    evidence
                }
            };
            match evidence {
                OrderEvidence::DayFirst => {
                    dmy += 1;
                    dmy_example.get_or_insert_with(|| raw.to_owned());
                }
                OrderEvidence::MonthFirst => {
                    mdy += 1;
                    mdy_example.get_or_insert_with(|| raw.to_owned());
                }
                OrderEvidence::Ambiguous => {
                    ambiguous_example.get_or_insert_with(|| raw.to_owned());
                }
                OrderEvidence::None => {}
            }
        }
    };
    probe.feed(decoded, &mut sink);
    let (order, basis, example) = if mdy > dmy {
        (DateOrder::Mdy, "evidence", mdy_example)
    } else if dmy > 0 {
        (DateOrder::Dmy, "evidence", dmy_example)
    } else {
        (DateOrder::Dmy, "default", ambiguous_example)
    };
    let example = example.and_then(|raw| {
        coerce::parse_date(&raw, order).ok().map(|d| DateExample {
            raw,
            iso: coerce::iso(d),
        })
    });
    (
        order,
        DateOrderDecision {
            order: order.label().into(),
            basis: basis.into(),
            example,
        },
    )
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(bytes: &[u8], chunk: usize, fast: bool) -> String {
        let options = IngestOptions {
            as_of: Some("2026-11-22".into()),
            ..IngestOptions::default()
        };
        let mut b = DatasetBuilder::new(options).unwrap();
        if !fast {
            b = b.without_fast_paths();
        }
        b.begin_file("log.csv").unwrap();
        let pushed: Result<Vec<_>> = bytes.chunks(chunk.max(1)).map(|c| b.push(c)).collect();
        let ended = pushed.and_then(|_| b.end_file());
        format!("{ended:?}\n{:?}", b.finish())
    }

    /// A dirty activity log: every cell drawn from values that read cleanly or produce each
    /// kind of diagnostic, plus ragged rows, blank lines, duplicates and multi-line cells.
    fn dirty_log(seed: u64, rows: usize, crlf: bool) -> String {
        let mut x = seed | 1;
        let mut next = move |n: usize| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x % n as u64) as usize
        };
        let ids = [
            "123",
            "0042",
            "42",
            " 7 ",
            "",
            "#N/A",
            "7\u{200F}",
            "1234567",
            "99999999",
            "abcdefghijklmnopqrstuvwxyz0123456789",
            "12",
            "13",
            "14",
            "15",
        ];
        let dates = [
            "01/02/2024",
            "13/02/2024",
            "2024-02-01",
            "31/02/2024",
            "",
            "45292",
            "01/02/2030",
            " 01/02/2024 ",
            "02/01/2024",
            "01/02/2024 10:00",
            "x",
        ];
        let hours = [
            "1", "2.5", "1,5", "", "-1", "30", "1:30", "NaN", "#VALUE!", " 3 ", "2", "1.50",
        ];
        let statuses = [
            "מאושר",
            "ממתין",
            "נדחה",
            "bogus",
            "",
            "Approved",
            "מאושר",
            "מאושר",
        ];
        let departments = [
            "רווחה",
            "חינוך",
            "",
            " נוער ",
            "#REF!",
            "\"quoted, dept\"",
            "רווחה",
        ];
        let organisations = [
            "\"עמותת \"\"יד ביד\"\"\"",
            "מרכז",
            "",
            "ארגון עם שם ארוך מאוד מאוד מאוד מאוד",
            "\"a\"b",
            "\"two\nlines\"",
            "מרכז",
        ];
        let roles = ["חונך", "", "x", "חונך"];
        let eol = if crlf { "\r\n" } else { "\n" };
        let mut out = format!("מזהה מתנדב,תאריך,שעות,סטטוס,מחלקה,ארגון,תפקיד{eol}");
        let mut lines: Vec<String> = Vec::new();
        for _ in 0..rows {
            let line = match next(40) {
                0 => String::new(),
                1 if !lines.is_empty() => lines[next(lines.len())].clone(),
                2 => "1,01/02/2024,2".to_owned(),
                3 => "1,01/02/2024,2,מאושר,רווחה,מרכז,חונך,,".to_owned(),
                4 => "1,01/02/2024,2,מאושר,רווחה,מרכז,חונך,extra".to_owned(),
                _ => [
                    ids[next(ids.len())],
                    dates[next(dates.len())],
                    hours[next(hours.len())],
                    statuses[next(statuses.len())],
                    departments[next(departments.len())],
                    organisations[next(organisations.len())],
                    roles[next(roles.len())],
                ]
                .join(","),
            };
            out.push_str(&line);
            out.push_str(eol);
            lines.push(line);
        }
        out
    }

    #[test]
    fn fast_paths_read_like_the_general_paths() {
        for seed in 1..40u64 {
            let text = dirty_log(seed, 300, seed % 2 == 0);
            let (cp1255, _, _) = encoding_rs::WINDOWS_1255.encode(&text);
            let mut cp1255 = cp1255.into_owned();
            if seed % 3 == 0 {
                // An unmapped byte in a cell.
                let at = cp1255.len() / 2;
                cp1255.insert(at, 0xFF);
            }
            for bytes in [text.as_bytes(), &cp1255[..]] {
                let reference = read(bytes, usize::MAX, false);
                assert_eq!(read(bytes, usize::MAX, true), reference, "seed {seed}");
                assert_eq!(read(bytes, 1 + (seed as usize * 37) % 500, true), reference);
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    #[test]
    fn fast_paths_read_the_demo_log_like_the_general_paths() {
        // Larger than the sniffing window, so chunks are decoded and tokenised as they come.
        let dir = std::env::temp_dir().join(format!("madad-fast-{}", std::process::id()));
        let cfg = madad_demo::DemoConfig {
            seed: 7,
            volunteers: 3000,
            activities: 20_000,
        };
        madad_demo::write_demo(&dir, &cfg).unwrap();
        let bytes = std::fs::read(dir.join(madad_demo::HOURS_LOG_FILE)).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert!(bytes.len() > SNIFF_BYTES);
        let reference = read(&bytes, 1 << 16, false);
        assert_eq!(read(&bytes, 1 << 16, true), reference);
        assert_eq!(read(&bytes, 1 << 20, true), reference);
    }
}
