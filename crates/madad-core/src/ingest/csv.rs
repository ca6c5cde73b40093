//! A streaming CSV tokenizer with our own row numbering.
//!
//! RFC 4180 quoting (`"` opens a field, `""` is a literal quote, delimiters and line breaks inside
//! quotes are data), fed in chunks of any size. We do not use the `csv` crate here because its
//! line numbers are wrong for CRLF and CR-only files and it silently swallows the rest of a file
//! into one field after an unterminated quote (reliability notes §3.2, cases 71–72).
//!
//! Numbering:
//! - `row` is the 1-based record number as a spreadsheet shows it (the first record is row 1, so
//!   with a header line the first data record is row 2); blank lines are rows too.
//! - `line` is the 1-based physical line where the record starts, as a text editor shows it:
//!   LF, CRLF and a lone CR each end one line. For files without line breaks inside quoted
//!   fields, `row == line`.
//!
//! Recovery: a quoted field that is still open at the end of the input, or that grows beyond
//! [`QUOTE_WINDOW`] times the cell limit, is taken to be an unterminated quote. The record it
//! started in is reported with [`RecordProblem::UnterminatedQuote`], and the lines after that
//! record's first line are tokenised again with the quote read as an ordinary character, so no
//! line is swallowed. A quoted field that does close but holds more characters than the cell
//! limit is [`RecordProblem::CellTooLong`], like an unquoted one (the real cause).
//!
//! A cell longer than the limit keeps exactly its first `max_cell_chars` characters, whatever
//! the chunks the bytes arrived in. Memory stays bounded by the cell limit whatever the input.

/// The first index at or after `from` of `a`, `b` or `c` in `bytes`: eight bytes at a time
/// with the zero-byte test of Mycroft (the lowest flagged byte of `(v - 0x01…) & !v & 0x80…`
/// is exactly the first zero byte of `v`). Inlined, so short cells pay no call set-up, and fast
/// without SIMD (wasm without `simd128`).
#[inline(always)]
fn find3(bytes: &[u8], from: usize, a: u8, b: u8, c: u8) -> Option<usize> {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    let zero = |v: u64| v.wrapping_sub(LO) & !v & HI;
    let (wa, wb, wc) = (LO * u64::from(a), LO * u64::from(b), LO * u64::from(c));
    let mut k = from;
    while let Some(chunk) = bytes.get(k..).and_then(<[u8]>::first_chunk::<8>) {
        let v = u64::from_le_bytes(*chunk);
        let m = zero(v ^ wa) | zero(v ^ wb) | zero(v ^ wc);
        if m != 0 {
            return Some(k + (m.trailing_zeros() / 8) as usize);
        }
        k += 8;
    }
    while let Some(&x) = bytes.get(k) {
        if x == a || x == b || x == c {
            return Some(k);
        }
        k += 1;
    }
    None
}

/// How far past the cell limit a quoted field may grow (in multiples of the limit) and still be
/// read as one long cell once its closing quote comes; beyond it the quote is taken to be
/// unterminated. A compromise: a closed quoted cell of up to twice the limit is reported as too
/// long (its real cause); past that, an open quote cannot be told from a long cell without
/// holding more of the file. The bytes held for recovery stay below about 2 × 4 × the limit.
pub const QUOTE_WINDOW: usize = 2;

/// Whether `b` starts a UTF-8 character (is not a continuation byte `0b10xxxxxx`).
#[inline]
fn is_char_start(b: u8) -> bool {
    (b as i8) >= -0x40
}

/// Limits on what one record may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TokenizerLimits {
    /// Most characters in one cell (Excel's own limit is 32,767).
    pub max_cell_chars: usize,
    /// Most fields kept per record; further fields are counted but not stored.
    pub max_fields: usize,
}

impl Default for TokenizerLimits {
    fn default() -> Self {
        TokenizerLimits {
            max_cell_chars: 32_767,
            max_fields: 1_000,
        }
    }
}

/// Why a record could not be tokenised as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RecordProblem {
    /// A quote opened on `quote_line` was never closed (or the quoted cell grew beyond
    /// [`QUOTE_WINDOW`] times the cell limit).
    UnterminatedQuote {
        /// The physical line where the quote opened.
        quote_line: u64,
    },
    /// Field number `field` (0-based), quoted or not, is longer than the cell limit; it was cut
    /// to its first `max_cell_chars` characters.
    CellTooLong {
        /// 0-based field index.
        field: usize,
    },
    /// The record has more fields than can be kept; `fields` is how many it had.
    TooManyFields {
        /// The number of fields seen.
        fields: usize,
    },
}

/// One record, borrowed from the tokenizer until the callback returns.
#[derive(Debug)]
pub struct Record<'a> {
    /// 1-based record number (spreadsheet row).
    pub row: u64,
    /// 1-based physical line where the record starts.
    pub line: u64,
    /// Set when the record is not trustworthy as written.
    pub problem: Option<RecordProblem>,
    buf: &'a [u8],
    ends: &'a [usize],
    /// Bytes between fields in `buf`: 0 when the tokenizer copied the fields out (quotes
    /// removed), 1 when `buf` is the record's own line and fields are separated by the delimiter.
    sep: usize,
}

impl<'a> Record<'a> {
    /// A record whose fields are stored back to back in `buf`, field `i` ending at `ends[i]`
    /// (used to hand over a record after transcoding its fields).
    pub fn from_parts(
        row: u64,
        line: u64,
        problem: Option<RecordProblem>,
        buf: &'a [u8],
        ends: &'a [usize],
    ) -> Self {
        Record {
            row,
            line,
            problem,
            buf,
            ends,
            sep: 0,
        }
    }

    /// Number of fields.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the record has no fields at all.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `i` as raw UTF-8 bytes (quotes removed, `""` unescaped).
    #[inline]
    pub fn field(&self, i: usize) -> Option<&'a [u8]> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 {
            0
        } else {
            self.ends[i - 1] + self.sep
        };
        self.buf.get(start..end)
    }

    /// Iterates over the fields.
    pub fn fields(&self) -> impl Iterator<Item = &'a [u8]> + '_ {
        (0..self.len()).filter_map(move |i| self.field(i))
    }

    /// A blank record: every field empty or only white space (Excel used-range artefacts).
    pub fn is_blank(&self) -> bool {
        if self.sep == 0 {
            self.buf.iter().all(|b| b.is_ascii_whitespace())
        } else {
            self.fields().all(|f| f.iter().all(u8::is_ascii_whitespace))
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a record (nothing of it seen yet).
    RecordStart,
    /// At the start of a field after a delimiter.
    FieldStart,
    /// Inside an unquoted field.
    Unquoted,
    /// Inside a quoted field.
    Quoted,
    /// Just after a quote inside a quoted field: either `""` or the closing quote.
    QuoteInQuoted,
    /// Discarding the rest of a physical line that belonged to a broken record.
    SkipLine,
}

/// The streaming tokenizer. Feed it bytes with [`Tokenizer::feed`], then call
/// [`Tokenizer::finish`] once.
#[derive(Debug)]
pub struct Tokenizer {
    delimiter: u8,
    limits: TokenizerLimits,
    state: State,
    buf: Vec<u8>,
    ends: Vec<usize>,
    /// Start of the current field in `buf`.
    field_start: usize,
    /// Characters in the current field.
    field_chars: usize,
    /// Fields seen in the current record (may exceed `ends.len()`).
    field_count: usize,
    problem: Option<RecordProblem>,
    /// Physical line of the next byte.
    line: u64,
    /// The current physical line has content (so it counts even without a final line break).
    line_has_content: bool,
    /// The previous byte was a CR (so a following LF does not start a new line).
    after_cr: bool,
    /// The current record ended on a CR; an immediately following LF belongs to it.
    swallow_lf: bool,
    record_line: u64,
    rows: u64,
    quote_line: u64,
    /// Raw bytes since the current quote opened, for recovery.
    raw_quoted: Vec<u8>,
    /// Bytes to tokenise again after a recovery.
    replay: Option<Vec<u8>>,
    /// Every byte is one character (a single-byte code page tokenised before decoding), so
    /// cell lengths are counted in bytes instead of UTF-8 lead bytes.
    bytes_are_chars: bool,
    /// Byte classes for [`Tokenizer::line_in_place`]: 1 delimiter, 2 quote, 3 CR or LF.
    class: [u8; 256],
    /// Whether whole lines may be split in one pass ([`Tokenizer::line_in_place`]).
    line_path: bool,
}

impl Tokenizer {
    /// A tokenizer for `delimiter` with the given limits.
    pub fn new(delimiter: u8, limits: TokenizerLimits) -> Self {
        Tokenizer {
            delimiter,
            limits,
            state: State::RecordStart,
            buf: Vec::new(),
            ends: Vec::new(),
            field_start: 0,
            field_chars: 0,
            field_count: 0,
            problem: None,
            line: 1,
            line_has_content: false,
            after_cr: false,
            swallow_lf: false,
            record_line: 1,
            rows: 0,
            quote_line: 1,
            raw_quoted: Vec::new(),
            replay: None,
            bytes_are_chars: false,
            line_path: true,
            class: {
                let mut class = [0u8; 256];
                class[usize::from(delimiter)] = 1;
                class[usize::from(b'"')] = 2;
                class[usize::from(b'\r')] = 3;
                class[usize::from(b'\n')] = 3;
                class
            },
        }
    }

    /// Tokenises every record byte by byte (the reference the line fast path is tested against).
    #[doc(hidden)]
    pub fn without_line_path(mut self) -> Self {
        self.line_path = false;
        self
    }

    /// Counts every byte as one character: for text in a single-byte code page, tokenised
    /// before it is decoded (its delimiters, quotes and line breaks are the ASCII bytes).
    pub fn with_single_byte_chars(mut self) -> Self {
        self.bytes_are_chars = true;
        self
    }

    /// Number of records emitted so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Number of physical lines seen so far (a final line without a line break counts).
    pub fn physical_lines(&self) -> u64 {
        if self.line_has_content {
            self.line
        } else {
            self.line - 1
        }
    }

    /// Tokenises `chunk`, calling `sink` for every complete record.
    pub fn feed(&mut self, chunk: &[u8], sink: &mut dyn FnMut(&Record<'_>)) {
        let mut frames: Vec<(Vec<u8>, usize)> = Vec::new();
        let mut pos = 0;
        loop {
            if let Some((data, at)) = frames.last_mut() {
                match self.feed_inner(&data[*at..], sink) {
                    Some(stop) => {
                        *at += stop;
                        let replay = self.replay.take().unwrap_or_default();
                        frames.push((replay, 0));
                    }
                    None => {
                        frames.pop();
                    }
                }
            } else {
                match self.feed_inner(&chunk[pos..], sink) {
                    Some(stop) => {
                        pos += stop;
                        let replay = self.replay.take().unwrap_or_default();
                        frames.push((replay, 0));
                    }
                    None => break,
                }
            }
        }
    }

    /// Ends the input: emits the last record (also when it has no line break) and recovers
    /// from a quote left open at the end of the file.
    pub fn finish(&mut self, sink: &mut dyn FnMut(&Record<'_>)) {
        while matches!(self.state, State::Quoted) {
            self.recover(sink);
            if let Some(replay) = self.replay.take() {
                self.feed(&replay, sink);
            }
        }
        if !matches!(self.state, State::RecordStart | State::SkipLine) {
            self.end_field();
            self.emit(sink);
        }
    }

    /// The inner loop; returns `Some(index)` when it stopped for a recovery (the bytes from
    /// `index` on are still to be fed, after `self.replay`).
    fn feed_inner(&mut self, data: &[u8], sink: &mut dyn FnMut(&Record<'_>)) -> Option<usize> {
        let mut i = 0;
        while i < data.len() {
            // Fastest path: a whole unquoted line inside this chunk is handed over in place.
            if self.line_path
                && self.state == State::RecordStart
                && !self.swallow_lf
                && let Some(n) = self.line_in_place(&data[i..], sink)
            {
                i += n;
                continue;
            }
            // Fast paths: copy a run of ordinary bytes of an unquoted or quoted field at once.
            if !self.swallow_lf {
                let rest = &data[i..];
                match self.state {
                    State::Unquoted => {
                        let n = memchr::memchr3(self.delimiter, b'\r', b'\n', rest)
                            .unwrap_or(rest.len());
                        if n > 0 {
                            self.push_run(&rest[..n]);
                            self.after_cr = false;
                            self.line_has_content = true;
                            i += n;
                            continue;
                        }
                    }
                    State::Quoted => {
                        let n = memchr::memchr3(b'"', b'\r', b'\n', rest).unwrap_or(rest.len());
                        if n > 0 {
                            self.raw_quoted.extend_from_slice(&rest[..n]);
                            self.push_run(&rest[..n]);
                            self.after_cr = false;
                            self.line_has_content = true;
                            i += n;
                            if self.quote_overflow() {
                                self.recover(sink);
                                return Some(i);
                            }
                            continue;
                        }
                    }
                    _ => {}
                }
            }
            let b = data[i];
            i += 1;
            if self.swallow_lf {
                self.swallow_lf = false;
                if b == b'\n' {
                    self.after_cr = false;
                    continue;
                }
            }
            let line_before = self.line;
            match b {
                b'\r' => {
                    self.line += 1;
                    self.after_cr = true;
                    self.line_has_content = false;
                }
                b'\n' => {
                    if !self.after_cr {
                        self.line += 1;
                    }
                    self.after_cr = false;
                    self.line_has_content = false;
                }
                _ => {
                    self.after_cr = false;
                    self.line_has_content = true;
                }
            }
            match self.state {
                State::RecordStart | State::FieldStart => {
                    if self.state == State::RecordStart {
                        self.record_line = line_before;
                    }
                    if b == b'"' {
                        self.state = State::Quoted;
                        self.quote_line = line_before;
                        self.raw_quoted.clear();
                    } else if b == self.delimiter {
                        self.end_field();
                        self.state = State::FieldStart;
                    } else if b == b'\r' || b == b'\n' {
                        self.end_record(b, sink);
                    } else {
                        self.state = State::Unquoted;
                        self.push_byte(b);
                    }
                }
                State::Unquoted => {
                    if b == self.delimiter {
                        self.end_field();
                        self.state = State::FieldStart;
                    } else if b == b'\r' || b == b'\n' {
                        self.end_record(b, sink);
                    } else {
                        self.push_byte(b);
                    }
                }
                State::Quoted => {
                    self.raw_quoted.push(b);
                    if b == b'"' {
                        self.state = State::QuoteInQuoted;
                    } else {
                        self.push_byte(b);
                        if self.quote_overflow() {
                            self.recover(sink);
                            return Some(i);
                        }
                    }
                }
                State::SkipLine => {
                    if b == b'\r' || b == b'\n' {
                        self.state = State::RecordStart;
                        self.swallow_lf = b == b'\r';
                    }
                }
                State::QuoteInQuoted => {
                    if b == b'"' {
                        self.raw_quoted.push(b);
                        self.push_byte(b);
                        self.state = State::Quoted;
                        if self.quote_overflow() {
                            self.recover(sink);
                            return Some(i);
                        }
                    } else if b == self.delimiter {
                        self.end_field();
                        self.state = State::FieldStart;
                    } else if b == b'\r' || b == b'\n' {
                        self.end_record(b, sink);
                    } else {
                        // `"abc"def`: like Excel, keep the trailing text as part of the field.
                        self.push_byte(b);
                        self.state = State::Unquoted;
                    }
                }
            }
        }
        None
    }

    /// At the start of a record: when `rest` begins with a complete, non-empty line whose
    /// quoted fields (if any) open and close on that line and are followed by a delimiter or
    /// the line break, and whose cells and fields are within the limits, emits it as one
    /// record and returns the bytes consumed (line break included). A line without quoted
    /// fields is handed over in place; otherwise its fields are copied out, unescaped.
    /// Anything else returns `None` with nothing consumed, and the byte-by-byte state machine
    /// takes over; both give the same records and line numbers.
    fn line_in_place(&mut self, rest: &[u8], sink: &mut dyn FnMut(&Record<'_>)) -> Option<usize> {
        let scanned = self.scan_line(rest);
        let Some((k, copied)) = scanned else {
            self.ends.clear();
            self.buf.clear();
            return None;
        };
        let brk = rest[k];
        self.record_line = self.line;
        self.line += 1;
        self.after_cr = brk == b'\r';
        self.line_has_content = false;
        self.rows += 1;
        let record = Record {
            row: self.rows,
            line: self.record_line,
            problem: None,
            buf: if copied { &self.buf } else { &rest[..k] },
            ends: &self.ends,
            sep: usize::from(!copied),
        };
        sink(&record);
        self.ends.clear();
        self.buf.clear();
        self.swallow_lf = brk == b'\r';
        Some(k + 1)
    }

    /// Splits the line at the start of `rest` into `self.ends` (and `self.buf` once a quoted
    /// field is met); `(line length, fields copied)` or `None` when the line needs the state
    /// machine. Byte classes: 0 ordinary, 1 delimiter, 2 quote, 3 CR or LF.
    #[inline]
    fn scan_line(&mut self, rest: &[u8]) -> Option<(usize, bool)> {
        let mut copied = false;
        let mut k = 0;
        loop {
            let field_start = k;
            let mut b = *rest.get(k)?;
            if b == b'"' {
                if !copied {
                    // Copy the fields so far out of the line.
                    let mut start = 0;
                    for e in &mut self.ends {
                        self.buf.extend_from_slice(rest.get(start..*e)?);
                        start = *e + 1;
                        *e = self.buf.len();
                    }
                    copied = true;
                }
                k += 1;
                loop {
                    let seg = k;
                    k = find3(rest, k, b'"', b'\r', b'\n')?;
                    self.buf.extend_from_slice(&rest[seg..k]);
                    if rest[k] != b'"' {
                        // A line break inside quotes: a multi-line cell.
                        return None;
                    }
                    if *rest.get(k + 1)? == b'"' {
                        self.buf.push(b'"');
                        k += 2;
                    } else {
                        k += 1;
                        break;
                    }
                }
                b = *rest.get(k)?;
                if !matches!(self.class[usize::from(b)], 1 | 3) {
                    // `"abc"def`: text after the closing quote.
                    return None;
                }
            } else {
                if !matches!(self.class[usize::from(b)], 1 | 3) {
                    k = find3(rest, k + 1, self.delimiter, b'\r', b'\n')?;
                    b = rest[k];
                }
                if copied {
                    self.buf.extend_from_slice(&rest[field_start..k]);
                }
            }
            if self.ends.len() >= self.limits.max_fields {
                return None;
            }
            self.ends.push(if copied { self.buf.len() } else { k });
            if self.class[usize::from(b)] == 3 {
                break;
            }
            k += 1;
        }
        if k == 0 || k > self.limits.max_cell_chars {
            return None;
        }
        Some((k, copied))
    }

    /// Appends a run of bytes that contains no delimiter, quote or line break.
    fn push_run(&mut self, run: &[u8]) {
        let cut_already = self.field_chars > self.limits.max_cell_chars;
        let room = self.limits.max_cell_chars.saturating_sub(self.field_chars);
        // Characters, not bytes: UTF-8 continuation bytes (0b10xxxxxx) start no character.
        let chars = if self.bytes_are_chars {
            run.len()
        } else {
            run.iter().filter(|&&b| is_char_start(b)).count()
        };
        self.field_chars += chars;
        // Keep exactly the characters that fit (and the continuation bytes of the last one), so
        // a cut cell holds the same text however the input was chunked.
        let kept = if cut_already {
            // Continuation bytes of a character past the limit are dropped with it.
            &run[..0]
        } else if chars <= room {
            run
        } else if self.bytes_are_chars {
            &run[..room]
        } else {
            let end = run
                .iter()
                .enumerate()
                .filter(|&(_, &b)| is_char_start(b))
                .nth(room)
                .map_or(run.len(), |(k, _)| k);
            &run[..end]
        };
        if self.field_chars > self.limits.max_cell_chars {
            self.note_too_long();
        }
        if self.ends.len() < self.limits.max_fields {
            self.buf.extend_from_slice(kept);
        }
    }

    fn push_byte(&mut self, b: u8) {
        // Count characters, not bytes: continuation bytes of UTF-8 are not new characters.
        if self.bytes_are_chars || is_char_start(b) {
            self.field_chars += 1;
        }
        if self.field_chars > self.limits.max_cell_chars {
            self.note_too_long();
            return;
        }
        if self.ends.len() < self.limits.max_fields {
            self.buf.push(b);
        }
    }

    /// Records that the current field passed the cell limit (the first problem of a record
    /// wins; a quote found unterminated later replaces it in [`Tokenizer::recover`]).
    fn note_too_long(&mut self) {
        if self.problem.is_none() {
            self.problem = Some(RecordProblem::CellTooLong {
                field: self.field_count,
            });
        }
    }

    /// The open quoted field has grown past [`QUOTE_WINDOW`] times the cell limit.
    fn quote_overflow(&self) -> bool {
        self.field_chars > self.limits.max_cell_chars.saturating_mul(QUOTE_WINDOW)
    }

    fn end_field(&mut self) {
        self.field_count += 1;
        if self.ends.len() < self.limits.max_fields {
            self.ends.push(self.buf.len());
        } else if self.problem.is_none() {
            self.problem = Some(RecordProblem::TooManyFields {
                fields: self.field_count,
            });
        }
        if let Some(RecordProblem::TooManyFields { fields }) = &mut self.problem {
            *fields = self.field_count;
        }
        self.field_start = self.buf.len();
        self.field_chars = 0;
    }

    fn end_record(&mut self, b: u8, sink: &mut dyn FnMut(&Record<'_>)) {
        self.end_field();
        self.emit(sink);
        self.swallow_lf = b == b'\r';
    }

    fn emit(&mut self, sink: &mut dyn FnMut(&Record<'_>)) {
        self.rows += 1;
        let record = Record {
            row: self.rows,
            line: self.record_line,
            problem: self.problem,
            buf: &self.buf,
            ends: &self.ends,
            sep: 0,
        };
        sink(&record);
        self.buf.clear();
        self.ends.clear();
        self.field_start = 0;
        self.field_chars = 0;
        self.field_count = 0;
        self.problem = None;
        self.state = State::RecordStart;
    }

    /// Reports the current record as having an unterminated quote and schedules the lines after
    /// the quote's line for tokenising again.
    fn recover(&mut self, sink: &mut dyn FnMut(&Record<'_>)) {
        let raw = std::mem::take(&mut self.raw_quoted);
        // The rest of the quote's own line belongs to the broken record.
        let break_at = raw.iter().position(|&b| b == b'\r' || b == b'\n');
        let rest_start = match break_at {
            Some(k) if raw[k] == b'\r' && raw.get(k + 1) == Some(&b'\n') => k + 2,
            Some(k) => k + 1,
            None => raw.len(),
        };
        self.buf.truncate(self.field_start);
        self.end_field();
        self.problem = Some(RecordProblem::UnterminatedQuote {
            quote_line: self.quote_line,
        });
        self.emit(sink);
        self.after_cr = false;
        self.swallow_lf = false;
        if break_at.is_some() {
            self.line = self.quote_line + 1;
            // A CR ending the raw text may pair with an LF still to come in the input.
            if raw.last() == Some(&b'\r') && rest_start == raw.len() {
                self.swallow_lf = true;
            }
        } else {
            // The quote's line has not ended yet: the rest of it still belongs to the broken record.
            self.state = State::SkipLine;
        }
        self.replay = Some(raw.get(rest_start..).unwrap_or_default().to_vec());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Tokenises `input` in chunks of `chunk` bytes; returns (row, line, fields, problem).
    fn run(input: &[u8], chunk: usize) -> Vec<(u64, u64, Vec<String>, Option<RecordProblem>)> {
        let mut t = Tokenizer::new(
            b',',
            TokenizerLimits {
                max_cell_chars: 50,
                max_fields: 10,
            },
        );
        let mut out = Vec::new();
        let mut sink = |r: &Record<'_>| {
            out.push((
                r.row,
                r.line,
                r.fields()
                    .map(|f| String::from_utf8_lossy(f).into_owned())
                    .collect(),
                r.problem,
            ))
        };
        for c in input.chunks(chunk.max(1)) {
            t.feed(c, &mut sink);
        }
        t.finish(&mut sink);
        out
    }

    fn lines_of(input: &[u8]) -> Vec<(u64, u64)> {
        let all = run(input, input.len().max(1));
        for chunk in 1..8 {
            let chunked = run(input, chunk);
            assert_eq!(chunked, all, "chunk size {chunk} differs");
        }
        all.iter().map(|r| (r.0, r.1)).collect()
    }

    #[test]
    fn line_numbers_match_an_editor_for_lf_crlf_and_cr() {
        // Case 72: the same records with three line endings, a blank line and a multi-line cell.
        for eol in ["\n", "\r\n", "\r"] {
            let text = format!("id,note{eol}1,a{eol}{eol}2,\"x{eol}y\"{eol}3,b{eol}");
            assert_eq!(
                lines_of(text.as_bytes()),
                vec![(1, 1), (2, 2), (3, 3), (4, 4), (5, 6)],
                "{eol:?}"
            );
        }
    }

    #[test]
    fn quotes_and_escapes() {
        let rows = run(b"a,\"b,c\",\"d\"\"e\"\r\n\"\",x", 3);
        assert_eq!(rows[0].2, vec!["a", "b,c", "d\"e"]);
        assert_eq!(rows[1].2, vec!["", "x"]);
    }

    #[test]
    fn unterminated_quote_at_end_reports_and_recovers_every_line() {
        // Case 71: never "2 records, no problems".
        let rows = run(b"id,score\n1,5\n2,\"7\n3,4\n4,6\n5,3\n", 64);
        assert_eq!(rows.len(), 6);
        assert_eq!(
            rows[2].3,
            Some(RecordProblem::UnterminatedQuote { quote_line: 3 })
        );
        assert_eq!((rows[2].0, rows[2].1), (3, 3));
        let tail: Vec<_> = rows[3..]
            .iter()
            .map(|r| (r.0, r.1, r.2.clone(), r.3))
            .collect();
        assert_eq!(
            tail,
            vec![
                (4, 4, vec!["3".to_owned(), "4".to_owned()], None),
                (5, 5, vec!["4".to_owned(), "6".to_owned()], None),
                (6, 6, vec!["5".to_owned(), "3".to_owned()], None),
            ]
        );
        assert_eq!(
            lines_of(b"id,score\r\n1,5\r\n2,\"7\r\n3,4\r\n"),
            vec![(1, 1), (2, 2), (3, 3), (4, 4)]
        );
    }

    #[test]
    fn quoted_cell_open_past_the_window_is_an_unterminated_quote_and_memory_stays_bounded() {
        // Limit 50, window 2 × 50: 300 characters without a closing quote.
        let mut input = b"a,b\n1,\"".to_vec();
        input.extend(std::iter::repeat_n(b'x', 300));
        input.extend_from_slice(b"\n2,3\n");
        let rows = run(&input, 7);
        assert_eq!(
            rows[1].3,
            Some(RecordProblem::UnterminatedQuote { quote_line: 2 })
        );
        assert_eq!(
            rows.last().map(|r| (r.1, r.2.clone())),
            Some((3, vec!["2".into(), "3".into()]))
        );
    }

    #[test]
    fn closed_quoted_cell_longer_than_the_limit_is_too_long_not_unterminated() {
        // Limit 50 (window 100): a quoted cell of 93 characters (with a line break and a
        // doubled quote) that closes is cut to its first 50 characters and reported as too
        // long; the record keeps its other fields and the next record its own line.
        let cell = format!("{}\n{}\"z", "x".repeat(60), "ש".repeat(30));
        let input = format!("a,b,c\n1,\"{}\",9\n2,3,4\n", cell.replace('"', "\"\""));
        let want_cell: String = cell.chars().take(50).collect();
        for chunk in [1, 2, 3, 7, 64, input.len()] {
            let rows = run(input.as_bytes(), chunk);
            assert_eq!(rows.len(), 3, "chunk {chunk}");
            assert_eq!(
                rows[1].3,
                Some(RecordProblem::CellTooLong { field: 1 }),
                "chunk {chunk}"
            );
            assert_eq!(
                rows[1].2,
                vec!["1".to_owned(), want_cell.clone(), "9".to_owned()]
            );
            assert_eq!((rows[2].0, rows[2].1), (3, 4), "chunk {chunk}");
            assert_eq!(rows[2].2, vec!["2", "3", "4"]);
        }
    }

    #[test]
    fn overlong_unquoted_cell_and_too_many_fields_are_flagged() {
        let long = format!("{}\n", "y".repeat(60));
        assert_eq!(
            run(long.as_bytes(), 5)[0].3,
            Some(RecordProblem::CellTooLong { field: 0 })
        );
        let wide = format!("{}\n", vec!["1"; 14].join(","));
        assert_eq!(
            run(wide.as_bytes(), 5)[0].3,
            Some(RecordProblem::TooManyFields { fields: 14 })
        );
    }

    #[test]
    fn pathological_doubled_quotes_are_linear() {
        let mut input = vec![b'"'];
        input.extend(std::iter::repeat_n(b'"', 2_000_000));
        let rows = run(&input, 1 << 16);
        assert_eq!(rows.len(), 1);
    }

    #[test]
    fn physical_lines_count_a_last_line_without_a_break() {
        for (text, lines) in [
            (&b"a\r\nb\r\nc"[..], 3),
            (b"a\nb\n", 2),
            (b"a\rb", 2),
            (b"", 0),
            (b"\n", 1),
        ] {
            let mut t = Tokenizer::new(b',', TokenizerLimits::default());
            t.feed(text, &mut |_| {});
            t.finish(&mut |_| {});
            assert_eq!(t.physical_lines(), lines, "{text:?}");
        }
    }

    #[test]
    fn whole_lines_give_the_same_records_as_the_state_machine() {
        // Fed one byte at a time, no line is ever whole in a chunk, so every record comes from
        // the byte-by-byte state machine; fed at once, most lines take the line fast path.
        let alphabet: &[&[u8]] = &[
            b"a",
            b"bc",
            b",",
            b",",
            b"\"",
            b"\"\"",
            b"\r",
            b"\n",
            b"\r\n",
            b" ",
            b"\xD7\xA9",
            b"12345",
            b"xxxxxxxxxxxxxxxxxxxx",
            b"\xD7\xA9\xD7\xA9\xD7\xA9\xD7\xA9\xD7\xA9\xD7\xA9\xD7\xA9\xD7\xA9\xD7\xA9\xD7\xA9xyzxyzxyzxyzxyzxyzxyz",
        ];
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        for _ in 0..3000 {
            let len = (next() % 40) as usize;
            let mut input = Vec::new();
            for _ in 0..len {
                input.extend_from_slice(alphabet[(next() % alphabet.len() as u64) as usize]);
            }
            // The line path only emits records without problems; the state machine cuts an
            // over-long cell to exactly its first `max_cell_chars` characters, so records with
            // problems are compared whole too, whatever the chunking.
            let one = run(&input, 1);
            for chunk in [2, 3, 7, input.len().max(1)] {
                assert_eq!(run(&input, chunk), one, "chunk {chunk}: {input:?}");
            }
        }
    }

    #[test]
    fn final_record_without_line_break_and_blank_lines() {
        let rows = run(b"a\n\n  \nb", 2);
        assert_eq!(
            rows.iter().map(|r| r.1).collect::<Vec<_>>(),
            vec![1, 2, 3, 4]
        );
    }
}
