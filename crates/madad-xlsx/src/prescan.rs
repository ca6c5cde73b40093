//! The pre-scan: everything that must hold before calamine is allowed to see the bytes.
//!
//! calamine trusts its input: `Xlsx::new` reserves `uniqueCount` shared strings before the caller
//! can intervene (calamine#684), `worksheet_range` densifies the bounding box of the used cells
//! (calamine#693), XLS reserves the DIMENSIONS record's `rows × columns`, and the `zip` crate has
//! no limit on inflated size or ratio (zip-rs/zip2#989). The pre-scan therefore reads the ZIP
//! central directory and inflates each XML part once, as a stream, into a fixed buffer, checking
//! sizes against the declarations (`Read::take(declared + 1)`), and reads just enough of the XML
//! to check the declared counts and extents. It allocates O(entries + sheets) memory, never
//! anything proportional to a declared size.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use madad_core::Error;
use memchr::memmem;
use quick_xml::XmlVersion;
use quick_xml::events::{BytesStart, Event};

use crate::cfb;
use crate::formats::Formats;
use crate::info::{
    SheetKind, SheetMeta, SheetVisibility, WorkbookFormat, WorkbookInfo, a1, range_cells,
};
use crate::limits::WorkbookLimits;

/// How much of a part's beginning is kept for parsing its root element's attributes
/// (`<sst count uniqueCount>`, `<dimension ref>`).
const HEAD_BYTES: usize = 16 * 1024;
/// Largest `workbook.xml` / relationships part parsed in full (a real one is a few KB).
const MAX_SMALL_PART: u64 = 16 * 1024 * 1024;
/// The smallest XML one cell can take (`<c r="A1"><v>1</v></c>` is 22 bytes): a sheet part of
/// `n` bytes holds at most `n / MIN_CELL_BYTES` cells.
const MIN_CELL_BYTES: u64 = 16;
/// `<si/>` is 5 bytes: a shared-strings part of `n` bytes holds at most `n / 5` strings.
const MIN_SI_BYTES: u64 = 5;

const ODS_MIME: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

pub(crate) fn corrupt(file: &str, detail: impl ToString) -> Error {
    Error::in_file("xlsx.corrupt", file).with("detail", detail)
}

/// Checks a workbook's container and declared contents against `limits` and returns its shape.
///
/// Sniffs the format from the bytes (`PK\x03\x04` → XLSX or ODS by the `[Content_Types].xml` or
/// `mimetype` entry; `D0 CF 11 E0 A1 B1 1A E1` → XLS, or an encrypted OOXML workbook when the OLE
/// container holds `EncryptionInfo`/`EncryptedPackage`). Runs in time linear in the inflated
/// size of the XML parts (each is inflated once, into a fixed 64 KiB buffer) and constant memory
/// beyond the list of entries and sheets.
///
/// Errors (all `Error::in_file(code, file)`): `file.empty`, `limit.file_bytes`,
/// `format.unsupported` (`format`: `xlsb`, `zip`, `ole`, `text`…), `format.encrypted`,
/// `xlsx.corrupt` (`detail`), `xlsx.too_many_entries` (`max`, `found`), `xlsx.too_large`
/// (`max`, `found`, `entry` when one entry is at fault), `xlsx.compression_ratio` (`entry`, `max`,
/// `found`), `xlsx.size_mismatch` (`entry`, `declared`: an entry inflates to more than its
/// declared size), `xlsx.dtd_not_allowed` (`entry`), `xlsx.shared_strings_limit` (`max`, `found`),
/// `xlsx.sheet_extent` (`sheet`, `ref`, `max`, `found`), `xlsx.styles_limit` (`max`, `found`),
/// `xlsx.too_many_sheets` (`max`, `found`), `xlsx.no_sheets`.
pub fn prescan(bytes: &[u8], file: &str, limits: &WorkbookLimits) -> Result<WorkbookInfo, Error> {
    Formats::ALL.prescan(bytes, file, limits)
}

/// The two containers a workbook comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    /// `PK\x03\x04` (or an empty archive): XLSX or ODS.
    Zip,
    /// `D0 CF 11 E0 A1 B1 1A E1`: XLS, or an encrypted OOXML workbook.
    Ole,
}

impl Container {
    /// The name `format.unsupported` gives it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Container::Zip => "zip",
            Container::Ole => "ole",
        }
    }
}

/// The checks every pre-scan starts with (`file.empty`, `limit.file_bytes`, then the container
/// sniffed from the first bytes, else `format.unsupported`).
pub(crate) fn container(
    bytes: &[u8],
    file: &str,
    limits: &WorkbookLimits,
) -> Result<Container, Error> {
    if bytes.is_empty() {
        return Err(Error::in_file("file.empty", file));
    }
    if bytes.len() as u64 > limits.max_file_bytes {
        return Err(Error::in_file("limit.file_bytes", file)
            .with("max", limits.max_file_bytes)
            .with("found", bytes.len()));
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Ok(Container::Zip)
    } else if bytes.starts_with(&cfb::MAGIC) {
        Ok(Container::Ole)
    } else {
        let prefix = &bytes[..bytes.len().min(4096)];
        let format = madad_core::ingest::sniff::binary_format(prefix, false).unwrap_or("text");
        Err(Error::in_file("format.unsupported", file).with("format", format))
    }
}

/// What one streamed pass over an entry found.
struct EntryScan {
    head: Vec<u8>,
    /// Elements counted ([`PartKind::count`]).
    elements: u64,
    sheet: SheetMarks,
}

/// What a worksheet part says about its layout, found by the same streaming pass: merged
/// regions and hidden rows (calamine exposes neither cheaply: its merged-cell reader parses the
/// whole sheet a second time, and it has no hidden-row API).
#[derive(Default)]
pub(crate) struct SheetMarks {
    pub merged: Vec<String>,
    pub merged_count: u64,
    pub hidden_rows: Vec<u64>,
    pub hidden_rows_count: u64,
}

/// Items listed per sheet (merged regions, hidden rows); beyond, only counted.
pub(crate) const MAX_LISTED: usize = 1_000;
/// Longest start tag (`<row …>`, `<mergeCell …>`) examined for attributes.
const MAX_TAG: usize = 512;

/// The value of attribute `name` in a start tag's bytes.
fn tag_attr<'t>(tag: &'t [u8], name: &[u8]) -> Option<&'t [u8]> {
    let mut from = 0;
    while let Some(i) = memmem::find(&tag[from..], name) {
        let at = from + i;
        let before_ok = at > 0 && tag[at - 1].is_ascii_whitespace();
        let rest = &tag[at + name.len()..];
        if before_ok && rest.starts_with(b"=\"") {
            let v = &rest[2..];
            return v.iter().position(|&b| b == b'"').map(|end| &v[..end]);
        }
        from = at + name.len();
    }
    None
}

impl SheetMarks {
    /// Examines the start tags `<row …>` and `<mergeCell …>` in `window` whose `>` lies at or after
    /// `carry` (those ending before were examined with the previous window).
    fn scan(
        &mut self,
        window: &[u8],
        carry: usize,
        row: &memmem::Finder<'_>,
        merge: &memmem::Finder<'_>,
    ) {
        for at in row.find_iter(window) {
            let Some(tag) = Self::tag(window, at, 4, carry) else {
                continue;
            };
            if let Some(h) = tag_attr(tag, b"hidden")
                && (h == b"1" || h == b"true")
            {
                self.hidden_rows_count += 1;
                if self.hidden_rows.len() < MAX_LISTED
                    && let Some(r) = tag_attr(tag, b"r")
                        .and_then(|r| std::str::from_utf8(r).ok())
                        .and_then(|r| r.parse().ok())
                {
                    self.hidden_rows.push(r);
                }
            }
        }
        for at in merge.find_iter(window) {
            let Some(tag) = Self::tag(window, at, 10, carry) else {
                continue;
            };
            if let Some(r) = tag_attr(tag, b"ref") {
                self.merged_count += 1;
                if self.merged.len() < MAX_LISTED {
                    self.merged.push(String::from_utf8_lossy(r).into_owned());
                }
            }
        }
    }

    /// The start tag at `at` (its name `name_len` bytes after the `<`), when its name ends there
    /// and its `>` is in the window at or after `carry`.
    fn tag(window: &[u8], at: usize, name_len: usize, carry: usize) -> Option<&[u8]> {
        let next = *window.get(at + name_len)?;
        if !next.is_ascii_whitespace() {
            return None;
        }
        let limit = (at + MAX_TAG).min(window.len());
        let end = at + memchr::memchr(b'>', &window[at..limit])?;
        (end >= carry).then(|| &window[at..end])
    }
}

/// A ZIP archive with its entry table, the declared sizes checked.
pub(crate) struct CheckedZip<'a> {
    pub archive: zip::ZipArchive<Cursor<&'a [u8]>>,
    /// Lower-cased name → (index, declared uncompressed size, real name).
    pub by_name: HashMap<String, (usize, u64, String)>,
    pub total: u64,
}

impl CheckedZip<'_> {
    fn find(&self, name: &str) -> Option<(usize, u64)> {
        self.by_name
            .get(&name.to_ascii_lowercase())
            .map(|(i, size, _)| (*i, *size))
    }
}

/// Opens the archive (central directory only) and checks the entry count, declared sizes and
/// ratios. Shared by XLSX and ODS.
pub(crate) fn open_zip<'a>(
    bytes: &'a [u8],
    file: &str,
    limits: &WorkbookLimits,
) -> Result<CheckedZip<'a>, Error> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| corrupt(file, e))?;
    let n = archive.len() as u64;
    if n > limits.max_entries {
        return Err(Error::in_file("xlsx.too_many_entries", file)
            .with("max", limits.max_entries)
            .with("found", n));
    }
    let mut by_name = HashMap::with_capacity(archive.len());
    let mut total = 0u64;
    for i in 0..archive.len() {
        let entry = archive.by_index_raw(i).map_err(|e| corrupt(file, e))?;
        let name = String::from_utf8_lossy(entry.name_raw()).into_owned();
        if entry.encrypted() {
            return Err(Error::in_file("format.encrypted", file));
        }
        let size = entry.size();
        let compressed = entry.compressed_size();
        if size > limits.max_entry_uncompressed {
            return Err(Error::in_file("xlsx.too_large", file)
                .with("entry", &name)
                .with("max", limits.max_entry_uncompressed)
                .with("found", size));
        }
        total = total.saturating_add(size);
        if total > limits.max_total_uncompressed {
            return Err(Error::in_file("xlsx.too_large", file)
                .with("max", limits.max_total_uncompressed)
                .with("found", total));
        }
        if size > limits.ratio_floor && size > compressed.saturating_mul(limits.max_ratio) {
            return Err(Error::in_file("xlsx.compression_ratio", file)
                .with("entry", &name)
                .with("max", limits.max_ratio)
                .with("found", size / compressed.max(1)));
        }
        by_name.insert(name.to_ascii_lowercase(), (i, size, name));
    }
    Ok(CheckedZip {
        archive,
        by_name,
        total,
    })
}

fn is_xml_part(lower: &str) -> bool {
    lower.ends_with(".xml") || lower.ends_with(".rels") || lower.ends_with(".vml")
}

/// What to look for in a part.
#[derive(Clone, Copy)]
struct PartKind {
    /// An XML part: no DTD allowed.
    xml: bool,
    /// Count the elements with this local name (`si` in the shared strings, `xf` in the styles).
    count: Option<&'static [u8]>,
    /// A worksheet part: note merged regions and hidden rows.
    sheet_part: bool,
}

/// Inflates entry `index` once as a stream, through a fixed buffer: checks that it does not
/// inflate to more than `declared` bytes (E49), that an XML part has no DTD (E50/E51), keeps
/// the first `head` bytes and optionally counts `<si>` elements.
fn scan_entry(
    zip: &mut CheckedZip<'_>,
    index: usize,
    declared: u64,
    name: &str,
    kind: PartKind,
    file: &str,
) -> Result<EntryScan, Error> {
    let PartKind {
        xml,
        count,
        sheet_part,
    } = kind;
    let entry = zip.archive.by_index(index).map_err(|e| corrupt(file, e))?;
    let mut reader = entry.take(declared.saturating_add(1));
    // The carry keeps the end of the previous window, so that a marker or a start tag cut by
    // a window boundary is seen whole in the next one.
    const CARRY: usize = MAX_TAG;
    let mut buf = vec![0u8; 64 * 1024 + CARRY];
    let mut carry = 0usize;
    let mut actual = 0u64;
    let mut out = EntryScan {
        head: Vec::new(),
        elements: 0,
        sheet: SheetMarks::default(),
    };
    let row_tag = memmem::Finder::new(b"<row");
    let merge_tag = memmem::Finder::new(b"<mergeCell");
    let doctype = memmem::Finder::new(b"<!DOCTYPE");
    let entity = memmem::Finder::new(b"<!ENTITY");
    let element = memmem::Finder::new(count.unwrap_or(b"-"));
    let name_len = count.map_or(1, <[u8]>::len);
    loop {
        let got = match reader.read(&mut buf[carry..]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            // zip 9 itself stops an entry that inflates past its declared size; our `take` is
            // the same check for any reader that does not.
            Err(e) if e.to_string().contains("larger than its declared") => {
                return Err(Error::in_file("xlsx.size_mismatch", file)
                    .with("entry", name)
                    .with("declared", declared));
            }
            Err(e) => return Err(corrupt(file, format!("{name}: {e}"))),
        };
        actual += got as u64;
        if actual > declared {
            return Err(Error::in_file("xlsx.size_mismatch", file)
                .with("entry", name)
                .with("declared", declared));
        }
        let window = &buf[..carry + got];
        if out.head.len() < HEAD_BYTES {
            let new = &window[carry..];
            let want = (HEAD_BYTES - out.head.len()).min(new.len());
            out.head.extend_from_slice(&new[..want]);
        }
        if xml && (doctype.find(window).is_some() || entity.find(window).is_some()) {
            return Err(Error::in_file("xlsx.dtd_not_allowed", file).with("entry", name));
        }
        if count.is_some() {
            for at in element.find_iter(window) {
                let end = at + name_len + 1;
                if at == 0 || end > window.len() || end <= carry {
                    continue;
                }
                let before = window[at - 1];
                let after = window[at + name_len];
                if (before == b'<' || before == b':')
                    && matches!(after, b'>' | b'/' | b' ' | b'\t' | b'\r' | b'\n')
                {
                    out.elements += 1;
                }
            }
        }
        if sheet_part {
            out.sheet.scan(window, carry, &row_tag, &merge_tag);
        }
        let keep = CARRY.min(window.len());
        let from = window.len() - keep;
        buf.copy_within(from..from + keep, 0);
        carry = keep;
    }
    Ok(out)
}

/// Verifies every part calamine may read, returning the heads of the parts of interest.
type Heads = HashMap<String, (Vec<u8>, SheetMarks)>;

/// Elements counted in the shared-strings and styles parts.
#[derive(Default)]
struct Counts {
    si: u64,
    xf: u64,
}

fn scan_parts(
    zip: &mut CheckedZip<'_>,
    shared_strings: Option<&str>,
    file: &str,
) -> Result<(Heads, Counts), Error> {
    let mut names: Vec<(String, usize, u64, String)> = zip
        .by_name
        .iter()
        .map(|(lower, (i, size, real))| (lower.clone(), *i, *size, real.clone()))
        .collect();
    names.sort_by_key(|n| n.1);
    let mut heads = HashMap::new();
    let mut counts = Counts::default();
    for (lower, index, size, real) in names {
        if real.ends_with('/') {
            continue;
        }
        let xml = is_xml_part(&lower);
        let is_ss = shared_strings.is_some_and(|s| s.eq_ignore_ascii_case(&lower));
        let sheet_part = lower.starts_with("xl/worksheets/") && lower.ends_with(".xml");
        let is_styles = lower == "xl/styles.xml";
        let kind = PartKind {
            xml,
            count: if is_ss {
                Some(b"si")
            } else if is_styles {
                Some(b"xf")
            } else {
                None
            },
            sheet_part,
        };
        let scan = scan_entry(zip, index, size, &real, kind, file)?;
        if is_ss {
            counts.si = scan.elements;
        } else if is_styles {
            counts.xf = scan.elements;
        }
        if xml {
            heads.insert(lower, (scan.head, scan.sheet));
        }
    }
    Ok((heads, counts))
}

/// Reads a small part (workbook, relationships) in full, after it has been verified.
pub(crate) fn read_small_part(
    zip: &mut CheckedZip<'_>,
    name: &str,
    file: &str,
) -> Result<Option<Vec<u8>>, Error> {
    let Some((index, size)) = zip.find(name) else {
        return Ok(None);
    };
    if size > MAX_SMALL_PART {
        return Err(Error::in_file("xlsx.too_large", file)
            .with("entry", name)
            .with("max", MAX_SMALL_PART)
            .with("found", size));
    }
    let entry = zip.archive.by_index(index).map_err(|e| corrupt(file, e))?;
    let mut out = Vec::with_capacity(size as usize);
    entry
        .take(size)
        .read_to_end(&mut out)
        .map_err(|e| corrupt(file, format!("{name}: {e}")))?;
    Ok(Some(out))
}

fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref().as_bytes() == local)
            .then(|| {
                a.normalized_value(XmlVersion::Implicit1_0)
                    .ok()
                    .map(|v| v.into_owned())
            })
            .flatten()
    })
}

/// Finds `<tag …>` in a part's head and returns the value of `attr_name` in it.
fn head_attr(head: &[u8], tag: &[u8], attr_name: &[u8]) -> Option<String> {
    let mut reader = quick_xml::Reader::from_reader(head);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref().as_bytes() == tag => {
                return attr(&e, attr_name);
            }
            Ok(Event::Eof) | Err(_) => return None,
            _ => {}
        }
    }
}

/// Hidden columns declared in a sheet's `<cols>` (which precedes the cells, so it is in the
/// head), as A1 column ranges (`B:C`).
fn hidden_columns(head: &[u8]) -> Vec<String> {
    let mut reader = quick_xml::Reader::from_reader(head);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "col" => {
                let hidden = attr(&e, b"hidden").is_some_and(|v| v == "1" || v == "true");
                let num = |n: &[u8]| attr(&e, n).and_then(|v| v.parse::<u32>().ok());
                if hidden
                    && out.len() < MAX_LISTED
                    && let (Some(min), Some(max)) = (num(b"min"), num(b"max"))
                    && min >= 1
                {
                    let col = |c: u32| a1(0, c - 1).trim_end_matches('1').to_owned();
                    out.push(format!("{}:{}", col(min), col(max.max(min))));
                }
            }
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sheetData" => break,
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

struct WorkbookSheet {
    name: String,
    visibility: SheetVisibility,
    rel: Option<String>,
}

fn parse_workbook_xml(xml: &[u8], file: &str) -> Result<(Vec<WorkbookSheet>, bool), Error> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut sheets = Vec::new();
    let mut date1904 = false;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => match e.local_name().as_ref().as_bytes() {
                b"workbookPr" => {
                    date1904 = attr(&e, b"date1904")
                        .is_some_and(|v| v == "1" || v.eq_ignore_ascii_case("true"));
                }
                b"sheet" => {
                    let visibility = match attr(&e, b"state").as_deref() {
                        Some("hidden") => SheetVisibility::Hidden,
                        Some("veryHidden") => SheetVisibility::VeryHidden,
                        _ => SheetVisibility::Visible,
                    };
                    sheets.push(WorkbookSheet {
                        name: attr(&e, b"name").unwrap_or_default(),
                        visibility,
                        rel: attr(&e, b"id"),
                    });
                }
                _ => {}
            },
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(corrupt(file, format!("xl/workbook.xml: {e}"))),
        }
    }
    Ok((sheets, date1904))
}

/// Relationship id → (target part, lower-cased; kind).
fn parse_rels(xml: &[u8], file: &str) -> Result<HashMap<String, (String, SheetKind)>, Error> {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = HashMap::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == "Relationship" => {
                let (Some(id), Some(target)) = (attr(&e, b"Id"), attr(&e, b"Target")) else {
                    continue;
                };
                let typ = attr(&e, b"Type").unwrap_or_default();
                let kind = if typ.ends_with("/worksheet") {
                    SheetKind::Worksheet
                } else if typ.ends_with("/chartsheet") {
                    SheetKind::Chartsheet
                } else if typ.ends_with("/dialogsheet") {
                    SheetKind::Dialogsheet
                } else if typ.ends_with("/xlMacrosheet") || typ.ends_with("/macrosheet") {
                    SheetKind::Macrosheet
                } else {
                    continue;
                };
                let part = match target.strip_prefix('/') {
                    Some(abs) => abs.to_owned(),
                    None => format!("xl/{target}"),
                };
                out.insert(id, (part.to_ascii_lowercase(), kind));
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(corrupt(file, format!("xl/_rels/workbook.xml.rels: {e}"))),
        }
    }
    Ok(out)
}

fn parse_count(v: Option<String>) -> Option<u64> {
    v.and_then(|v| v.trim().parse::<u64>().ok())
}

pub(crate) fn zip_prescan(
    bytes: &[u8],
    file: &str,
    limits: &WorkbookLimits,
) -> Result<WorkbookInfo, Error> {
    let mut zip = open_zip(bytes, file, limits)?;
    let entries = zip.archive.len() as u64;
    if zip.find("xl/workbook.xml").is_some() {
        xlsx_prescan(bytes, &mut zip, entries, file, limits)
    } else if zip.find("xl/workbook.bin").is_some() {
        Err(Error::in_file("format.unsupported", file).with("format", "xlsb"))
    } else if let Some((i, size)) = zip.find("mimetype") {
        let mut head = Vec::new();
        let entry = zip.archive.by_index(i).map_err(|e| corrupt(file, e))?;
        entry
            .take(size.min(256))
            .read_to_end(&mut head)
            .map_err(|e| corrupt(file, e))?;
        if head.trim_ascii() == ODS_MIME {
            crate::ods::prescan_ods(bytes, &mut zip, entries, file, limits)
        } else {
            Err(Error::in_file("format.unsupported", file).with("format", "zip"))
        }
    } else {
        Err(Error::in_file("format.unsupported", file).with("format", "zip"))
    }
}

/// Verifies every part of an ODS archive (sizes and DTDs); returns nothing else.
pub(crate) fn verify_all_parts(zip: &mut CheckedZip<'_>, file: &str) -> Result<(), Error> {
    scan_parts(zip, None, file).map(|_| ())
}

fn xlsx_prescan(
    bytes: &[u8],
    zip: &mut CheckedZip<'_>,
    entries: u64,
    file: &str,
    limits: &WorkbookLimits,
) -> Result<WorkbookInfo, Error> {
    let ss_name = "xl/sharedstrings.xml";
    let (mut heads, counts) = scan_parts(zip, Some(ss_name), file)?;
    let si_elements = counts.si;
    // calamine builds one `Style` (font, fill, borders… a few hundred bytes) per `<xf>` when the
    // workbook is opened: a 5-byte `<xf/>` would amplify ~100× without this cap.
    if counts.xf > limits.max_cell_formats {
        return Err(Error::in_file("xlsx.styles_limit", file)
            .with("max", limits.max_cell_formats)
            .with("found", counts.xf));
    }

    // Shared strings: declared counts and the elements actually present (E44, E45).
    let mut shared_strings = None;
    if let Some((_, ss_size)) = zip.find(ss_name) {
        let head = heads
            .get(ss_name)
            .map(|h| h.0.as_slice())
            .unwrap_or_default();
        let plausible = ss_size / MIN_SI_BYTES + 1;
        let max = limits.max_shared_strings;
        let unique = parse_count(head_attr(head, b"sst", b"uniqueCount"));
        // `count` is the number of string cells referring to the table (it may exceed the
        // part's size); `uniqueCount` is what calamine reserves, so only it must be plausible.
        let count = parse_count(head_attr(head, b"sst", b"count"));
        for (declared, is_unique) in [(unique, true), (count, false)] {
            let Some(declared) = declared else { continue };
            if declared > max {
                return Err(Error::in_file("xlsx.shared_strings_limit", file)
                    .with("max", max)
                    .with("found", declared));
            }
            if is_unique && declared > plausible {
                return Err(Error::in_file("xlsx.shared_strings_limit", file)
                    .with("max", plausible)
                    .with("found", declared)
                    .with("reason", "implausible"));
            }
        }
        if si_elements > max {
            return Err(Error::in_file("xlsx.shared_strings_limit", file)
                .with("max", max)
                .with("found", si_elements));
        }
        shared_strings = Some(si_elements);
    }

    let workbook = read_small_part(zip, "xl/workbook.xml", file)?.unwrap_or_default();
    let (wb_sheets, date1904) = parse_workbook_xml(&workbook, file)?;
    if wb_sheets.len() as u64 > limits.max_sheets {
        return Err(Error::in_file("xlsx.too_many_sheets", file)
            .with("max", limits.max_sheets)
            .with("found", wb_sheets.len()));
    }
    let rels = match read_small_part(zip, "xl/_rels/workbook.xml.rels", file)? {
        Some(x) => parse_rels(&x, file)?,
        None => HashMap::new(),
    };

    let mut sheets = Vec::with_capacity(wb_sheets.len());
    for s in wb_sheets {
        let target = s.rel.as_ref().and_then(|id| rels.get(id));
        let kind = target.map_or(SheetKind::Worksheet, |t| t.1);
        let part = target.map(|t| t.0.clone());
        let part_bytes = part.as_deref().and_then(|p| zip.find(p)).map(|(_, n)| n);
        let (head, marks) = match part.as_deref().and_then(|p| heads.remove(p)) {
            Some((head, marks)) => (Some(head), marks),
            None => (None, SheetMarks::default()),
        };
        let head = head.as_ref();
        let hidden_columns = head.map(|h| hidden_columns(h)).unwrap_or_default();
        let dimension = head.and_then(|h| head_attr(h, b"dimension", b"ref"));
        let extent_cells = dimension.as_deref().and_then(range_cells);
        let empty = head.is_some_and(|h| {
            memmem::find(h, b"<sheetData/>").is_some()
                || memmem::find(h, b"<sheetData />").is_some()
        }) || (kind == SheetKind::Worksheet && part_bytes.is_none());
        // A declared extent above the cap is rejected only when the part is big enough to
        // actually hold that many cells (E46/E47: a 2 KB part declaring A1:XFD1048576 is
        // streamed sparsely instead — its cells are few whatever it claims).
        if kind == SheetKind::Worksheet
            && let (Some(extent), Some(size)) = (extent_cells, part_bytes)
            && extent > limits.max_sheet_cells
            && size / MIN_CELL_BYTES > limits.max_sheet_cells
        {
            return Err(Error::in_file("xlsx.sheet_extent", file)
                .with("sheet", &s.name)
                .with("ref", dimension.as_deref().unwrap_or_default())
                .with("max", limits.max_sheet_cells)
                .with("found", extent));
        }
        sheets.push(SheetMeta {
            name: s.name,
            visibility: s.visibility,
            kind,
            dimension,
            extent_cells,
            part_bytes,
            empty,
            merged: marks.merged,
            merged_count: marks.merged_count,
            hidden_rows: marks.hidden_rows,
            hidden_rows_count: marks.hidden_rows_count,
            hidden_columns,
        });
    }
    if !sheets.iter().any(|s| s.kind == SheetKind::Worksheet) {
        return Err(Error::in_file("xlsx.no_sheets", file));
    }
    Ok(WorkbookInfo {
        format: WorkbookFormat::Xlsx,
        bytes: bytes.len() as u64,
        date1904,
        sheets,
        entries,
        uncompressed_bytes: zip.total,
        shared_strings,
    })
}
