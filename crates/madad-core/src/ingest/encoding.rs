//! Text encodings: BOM and content sniffing, and streaming decoding to UTF-8.
//!
//! Detection follows the WHATWG Encoding Standard for BOMs (a BOM overrides any guess), then
//! (reliability notes §2.6): a NUL-byte pattern means UTF-16 without BOM; strictly valid UTF-8
//! means UTF-8; otherwise the file is scored as windows-1255 (Hebrew) and windows-1256 (Arabic)
//! by the share of letters of each script, rejecting a candidate that hits unmapped bytes.
//! The single-byte tables below are the WHATWG indexes (checked against `encoding_rs` in tests);
//! carrying them here keeps every legacy decoder out of the core wasm module.

use serde::{Deserialize, Serialize};

/// A text encoding Madad reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
pub enum TextEncoding {
    /// UTF-8 (with or without BOM).
    #[serde(rename = "utf-8")]
    Utf8,
    /// Hebrew Windows code page (Excel "CSV" on Hebrew Windows).
    #[serde(rename = "windows-1255")]
    Windows1255,
    /// Arabic Windows code page (Excel "CSV" on Arabic Windows).
    #[serde(rename = "windows-1256")]
    Windows1256,
    /// UTF-16 little-endian (Excel "Unicode Text").
    #[serde(rename = "utf-16le")]
    Utf16Le,
    /// UTF-16 big-endian.
    #[serde(rename = "utf-16be")]
    Utf16Be,
}

impl TextEncoding {
    /// The WHATWG label of the encoding.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "utf-8",
            TextEncoding::Windows1255 => "windows-1255",
            TextEncoding::Windows1256 => "windows-1256",
            TextEncoding::Utf16Le => "utf-16le",
            TextEncoding::Utf16Be => "utf-16be",
        }
    }
}

/// How the encoding of a file was decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum EncodingEvidence {
    /// A byte-order mark.
    Bom,
    /// The bytes are valid UTF-8.
    ValidUtf8,
    /// Mostly valid UTF-8 with a few invalid bytes (rows pasted from another encoding); the
    /// invalid bytes are reported cell by cell.
    MostlyUtf8,
    /// NUL bytes at alternating offsets (UTF-16 without BOM).
    NulPattern,
    /// Letter-share scoring between windows-1255 and windows-1256.
    ScriptScore,
    /// No evidence either way; the default for Israel (windows-1255) was taken.
    Default,
    /// The user chose it.
    UserOverride,
}

/// The outcome of sniffing a file's first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    /// The encoding to decode with.
    pub encoding: TextEncoding,
    /// Length of the byte-order mark to skip (0 when none).
    pub bom_len: usize,
    /// Why this encoding was chosen.
    pub evidence: EncodingEvidence,
}

/// Decides the encoding from the first bytes of a file (`prefix`). `complete` says whether the
/// prefix is the whole file (so a multi-byte sequence cut at its end is an error, not a cut).
pub fn sniff(prefix: &[u8], complete: bool) -> Sniffed {
    let bom = |encoding, bom_len| Sniffed {
        encoding,
        bom_len,
        evidence: EncodingEvidence::Bom,
    };
    if prefix.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return bom(TextEncoding::Utf8, 3);
    }
    if prefix.starts_with(&[0xFF, 0xFE]) {
        return bom(TextEncoding::Utf16Le, 2);
    }
    if prefix.starts_with(&[0xFE, 0xFF]) {
        return bom(TextEncoding::Utf16Be, 2);
    }
    let sample = &prefix[..prefix.len().min(4096)];
    if sample.len() >= 4 {
        let nul_at = |parity: usize| {
            sample
                .iter()
                .skip(parity)
                .step_by(2)
                .filter(|&&b| b == 0)
                .count()
                * 2
        };
        let threshold = sample.len() * 3 / 10;
        let (odd, even) = (nul_at(1), nul_at(0));
        if odd >= threshold && odd > even {
            return Sniffed {
                encoding: TextEncoding::Utf16Le,
                bom_len: 0,
                evidence: EncodingEvidence::NulPattern,
            };
        }
        if even >= threshold && even > odd {
            return Sniffed {
                encoding: TextEncoding::Utf16Be,
                bom_len: 0,
                evidence: EncodingEvidence::NulPattern,
            };
        }
    }
    let (multibyte, invalid) = utf8_stats(prefix, complete, true);
    if invalid == 0 {
        return Sniffed {
            encoding: TextEncoding::Utf8,
            bom_len: 0,
            evidence: EncodingEvidence::ValidUtf8,
        };
    }
    // Legacy single-byte text almost never forms valid multi-byte UTF-8 sequences, so a file
    // with many of them and a few invalid bytes is UTF-8 with some pasted rows.
    if multibyte >= 4 * invalid {
        return Sniffed {
            encoding: TextEncoding::Utf8,
            bom_len: 0,
            evidence: EncodingEvidence::MostlyUtf8,
        };
    }
    let scored = &prefix[..prefix.len().min(64 * 1024)];
    let hebrew = script_share(scored, &WINDOWS_1255_HIGH, 0x05D0..=0x05EA);
    let arabic = script_share(scored, &WINDOWS_1256_HIGH, 0x0621..=0x064A);
    let encoding = if arabic > hebrew {
        TextEncoding::Windows1256
    } else {
        TextEncoding::Windows1255
    };
    let evidence = if hebrew == 0.0 && arabic == 0.0 {
        EncodingEvidence::Default
    } else {
        EncodingEvidence::ScriptScore
    };
    Sniffed {
        encoding,
        bom_len: 0,
        evidence,
    }
}

/// (valid multi-byte characters, invalid sequences) in `bytes`; a sequence cut by the end of a
/// partial prefix is not invalid. An invalid sequence is what `std::str::from_utf8` reports
/// (`Utf8Error::error_len`: the maximal prefix of a valid sequence, at least one byte), so the
/// counts equal those of validating, skipping the error and validating again, in one pass.
///
/// With `until_decided`, counting stops once the rest of the bytes could no longer make
/// `multibyte >= 4 * invalid` true (each further character needs two bytes): the counts are
/// then partial, but [`sniff`]'s decision is the same.
fn utf8_stats(bytes: &[u8], complete: bool, until_decided: bool) -> (usize, usize) {
    let (mut multibyte, mut invalid) = (0, 0);
    let n = bytes.len();
    let mut i = 0;
    let cont = |b: u8| (b as i8) < -64;
    while i < n {
        // ASCII runs eight bytes at a time.
        while let Some(word) = bytes.get(i..).and_then(<[u8]>::first_chunk::<8>) {
            if u64::from_le_bytes(*word) & 0x8080_8080_8080_8080 != 0 {
                break;
            }
            i += 8;
        }
        let Some(&first) = bytes.get(i) else { break };
        if first < 0x80 {
            i += 1;
            continue;
        }
        let at = |k: usize| bytes.get(i + k).copied().ok_or(None);
        let step: Result<usize, Option<usize>> = (|| match first {
            0xC2..=0xDF => {
                if !cont(at(1)?) {
                    return Err(Some(1));
                }
                Ok(2)
            }
            0xE0..=0xEF => {
                let b1 = at(1)?;
                if !matches!(
                    (first, b1),
                    (0xE0, 0xA0..=0xBF)
                        | (0xE1..=0xEC, 0x80..=0xBF)
                        | (0xED, 0x80..=0x9F)
                        | (0xEE..=0xEF, 0x80..=0xBF)
                ) {
                    return Err(Some(1));
                }
                if !cont(at(2)?) {
                    return Err(Some(2));
                }
                Ok(3)
            }
            0xF0..=0xF4 => {
                let b1 = at(1)?;
                if !matches!(
                    (first, b1),
                    (0xF0, 0x90..=0xBF) | (0xF1..=0xF3, 0x80..=0xBF) | (0xF4, 0x80..=0x8F)
                ) {
                    return Err(Some(1));
                }
                if !cont(at(2)?) {
                    return Err(Some(2));
                }
                if !cont(at(3)?) {
                    return Err(Some(3));
                }
                Ok(4)
            }
            _ => Err(Some(1)),
        })();
        match step {
            Ok(len) => {
                multibyte += 1;
                i += len;
            }
            Err(Some(len)) => {
                invalid += 1;
                i += len;
                if until_decided && multibyte + (n - i) / 2 < 4 * invalid {
                    return (multibyte, invalid);
                }
            }
            Err(None) => {
                if complete {
                    invalid += 1;
                }
                return (multibyte, invalid);
            }
        }
    }
    (multibyte, invalid)
}

/// Share of the bytes above 0x7F that decode with `table` to letters of the expected script.
/// An unmapped byte counts as a non-letter: a few stray bytes must not turn a Hebrew file
/// into Arabic mojibake (they are reported cell by cell instead).
fn script_share(bytes: &[u8], table: &[u16; 128], letters: std::ops::RangeInclusive<u16>) -> f64 {
    let (mut high, mut hits) = (0usize, 0usize);
    for &b in bytes {
        if b >= 0x80 {
            high += 1;
            if letters.contains(&table[usize::from(b - 0x80)]) {
                hits += 1;
            }
        }
    }
    if high == 0 {
        0.0
    } else {
        hits as f64 / high as f64
    }
}

/// Streaming decoder from a file's encoding to UTF-8.
///
/// UTF-8 input passes through unchanged (fields are validated later, where the row and column
/// are known). Every other encoding is transcoded; an unmapped byte or an unpaired surrogate
/// becomes U+FFFD *and* is counted, so the schema layer can report the cell it landed in.
#[derive(Debug)]
pub struct Decoder {
    encoding: TextEncoding,
    /// UTF-8 bytes (and their count) of each high byte of a single-byte encoding; count 0 for
    /// an unmapped byte.
    high_utf8: [([u8; 3], u8); 128],
    /// A UTF-16 code unit cut between chunks.
    odd_byte: Option<u8>,
    /// A high surrogate waiting for its pair.
    high_surrogate: Option<u16>,
    /// How many replacement characters were produced for undecodable input.
    pub invalid: u64,
}

impl Decoder {
    /// A decoder for `encoding`.
    pub fn new(encoding: TextEncoding) -> Self {
        let mut high_utf8 = [([0u8; 3], 0u8); 128];
        let table = match encoding {
            TextEncoding::Windows1255 => Some(&WINDOWS_1255_HIGH),
            TextEncoding::Windows1256 => Some(&WINDOWS_1256_HIGH),
            _ => None,
        };
        for (slot, &cp) in high_utf8.iter_mut().zip(table.into_iter().flatten()) {
            if let Some(c) = char::from_u32(u32::from(cp)).filter(|&c| c != '\0') {
                let mut buf = [0u8; 4];
                let n = c.encode_utf8(&mut buf).len();
                slot.0[..n].copy_from_slice(&buf[..n]);
                slot.1 = n as u8;
            }
        }
        Decoder {
            encoding,
            high_utf8,
            odd_byte: None,
            high_surrogate: None,
            invalid: 0,
        }
    }

    /// Whether input passes through unchanged (UTF-8).
    pub fn is_passthrough(&self) -> bool {
        self.encoding == TextEncoding::Utf8
    }

    /// Decodes `input`, appending UTF-8 to `out`. For UTF-8 input the caller should use the
    /// bytes directly instead (see [`Decoder::is_passthrough`]).
    pub fn decode(&mut self, input: &[u8], out: &mut Vec<u8>) {
        match self.encoding {
            TextEncoding::Utf8 => out.extend_from_slice(input),
            TextEncoding::Windows1255 | TextEncoding::Windows1256 => self.single_byte(input, out),
            TextEncoding::Utf16Le => self.utf16(input, false, out),
            TextEncoding::Utf16Be => self.utf16(input, true, out),
        }
    }

    /// Flushes state at the end of the input (a dangling byte or surrogate is undecodable).
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        if self.odd_byte.take().is_some() || self.high_surrogate.take().is_some() {
            self.push_replacement(out);
        }
    }

    fn push_replacement(&mut self, out: &mut Vec<u8>) {
        self.invalid += 1;
        push_char(out, char::REPLACEMENT_CHARACTER);
    }

    /// Decodes one cell of a single-byte code page into `out` without counting undecodable
    /// bytes (each becomes U+FFFD, which the caller sees in the text). Other encodings copy.
    pub fn decode_cell(&self, input: &[u8], out: &mut Vec<u8>) {
        if !matches!(
            self.encoding,
            TextEncoding::Windows1255 | TextEncoding::Windows1256
        ) {
            out.extend_from_slice(input);
            return;
        }
        out.reserve(input.len() * 2);
        for &b in input {
            if b < 0x80 {
                out.push(b);
            } else {
                let (bytes, n) = self.high_utf8[usize::from(b - 0x80)];
                if n == 0 {
                    push_char(out, char::REPLACEMENT_CHARACTER);
                } else {
                    out.extend_from_slice(&bytes[..usize::from(n)]);
                }
            }
        }
    }

    fn single_byte(&mut self, input: &[u8], out: &mut Vec<u8>) {
        self.invalid += input
            .iter()
            .filter(|&&b| b >= 0x80 && self.high_utf8[usize::from(b - 0x80)].1 == 0)
            .count() as u64;
        self.decode_cell(input, out);
    }

    fn utf16(&mut self, input: &[u8], big_endian: bool, out: &mut Vec<u8>) {
        let mut bytes = input;
        let mut units: Vec<u16> = Vec::with_capacity(bytes.len() / 2 + 1);
        if let Some(first) = self.odd_byte.take() {
            if let Some((&second, rest)) = bytes.split_first() {
                units.push(unit(first, second, big_endian));
                bytes = rest;
            } else {
                self.odd_byte = Some(first);
                return;
            }
        }
        let mut pairs = bytes.chunks_exact(2);
        for pair in &mut pairs {
            units.push(unit(pair[0], pair[1], big_endian));
        }
        if let [last] = pairs.remainder() {
            self.odd_byte = Some(*last);
        }
        for u in units {
            match (self.high_surrogate.take(), u) {
                (None, 0xD800..=0xDBFF) => self.high_surrogate = Some(u),
                (Some(high), 0xDC00..=0xDFFF) => {
                    let cp = 0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(u) - 0xDC00);
                    match char::from_u32(cp) {
                        Some(c) => push_char(out, c),
                        None => self.push_replacement(out),
                    }
                }
                (Some(_), 0xD800..=0xDBFF) => {
                    self.push_replacement(out);
                    self.high_surrogate = Some(u);
                }
                (Some(_), _) => {
                    self.push_replacement(out);
                    self.push_unit(u, out);
                }
                (None, _) => self.push_unit(u, out),
            }
        }
    }

    fn push_unit(&mut self, u: u16, out: &mut Vec<u8>) {
        match char::from_u32(u32::from(u)) {
            Some(c) => push_char(out, c),
            None => self.push_replacement(out),
        }
    }
}

fn unit(a: u8, b: u8, big_endian: bool) -> u16 {
    if big_endian {
        u16::from_be_bytes([a, b])
    } else {
        u16::from_le_bytes([a, b])
    }
}

fn push_char(out: &mut Vec<u8>, c: char) {
    let mut buf = [0u8; 4];
    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
}

// WHATWG index-windows-1255 and index-windows-1256 for bytes 0x80..=0xFF (0 = unmapped).
pub(crate) const WINDOWS_1255_HIGH: [u16; 128] = [
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x008A, 0x2039,
    0x008C, 0x008D, 0x008E, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x009A, 0x203A, 0x009C, 0x009D, 0x009E, 0x009F, 0x00A0, 0x00A1, 0x00A2, 0x00A3,
    0x20AA, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x00D7, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x00F7, 0x00BB,
    0x00BC, 0x00BD, 0x00BE, 0x00BF, 0x05B0, 0x05B1, 0x05B2, 0x05B3, 0x05B4, 0x05B5, 0x05B6, 0x05B7,
    0x05B8, 0x05B9, 0x05BA, 0x05BB, 0x05BC, 0x05BD, 0x05BE, 0x05BF, 0x05C0, 0x05C1, 0x05C2, 0x05C3,
    0x05F0, 0x05F1, 0x05F2, 0x05F3, 0x05F4, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000, 0x0000,
    0x05D0, 0x05D1, 0x05D2, 0x05D3, 0x05D4, 0x05D5, 0x05D6, 0x05D7, 0x05D8, 0x05D9, 0x05DA, 0x05DB,
    0x05DC, 0x05DD, 0x05DE, 0x05DF, 0x05E0, 0x05E1, 0x05E2, 0x05E3, 0x05E4, 0x05E5, 0x05E6, 0x05E7,
    0x05E8, 0x05E9, 0x05EA, 0x0000, 0x0000, 0x200E, 0x200F, 0x0000,
];
pub(crate) const WINDOWS_1256_HIGH: [u16; 128] = [
    0x20AC, 0x067E, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0679, 0x2039,
    0x0152, 0x0686, 0x0698, 0x0688, 0x06AF, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x06A9, 0x2122, 0x0691, 0x203A, 0x0153, 0x200C, 0x200D, 0x06BA, 0x00A0, 0x060C, 0x00A2, 0x00A3,
    0x00A4, 0x00A5, 0x00A6, 0x00A7, 0x00A8, 0x00A9, 0x06BE, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7, 0x00B8, 0x00B9, 0x061B, 0x00BB,
    0x00BC, 0x00BD, 0x00BE, 0x061F, 0x06C1, 0x0621, 0x0622, 0x0623, 0x0624, 0x0625, 0x0626, 0x0627,
    0x0628, 0x0629, 0x062A, 0x062B, 0x062C, 0x062D, 0x062E, 0x062F, 0x0630, 0x0631, 0x0632, 0x0633,
    0x0634, 0x0635, 0x0636, 0x00D7, 0x0637, 0x0638, 0x0639, 0x063A, 0x0640, 0x0641, 0x0642, 0x0643,
    0x00E0, 0x0644, 0x00E2, 0x0645, 0x0646, 0x0647, 0x0648, 0x00E7, 0x00E8, 0x00E9, 0x00EA, 0x00EB,
    0x0649, 0x064A, 0x00EE, 0x00EF, 0x064B, 0x064C, 0x064D, 0x064E, 0x00F4, 0x064F, 0x0650, 0x00F7,
    0x0651, 0x00F9, 0x0652, 0x00FB, 0x00FC, 0x200E, 0x200F, 0x06D2,
];

#[cfg(test)]
mod tests {
    use super::*;

    /// (valid multi-byte characters, invalid sequences) in `bytes`; a sequence cut by the end of a
    /// partial prefix is not invalid.
    fn utf8_stats_reference(bytes: &[u8], complete: bool) -> (usize, usize) {
        let (mut multibyte, mut invalid) = (0, 0);
        let mut rest = bytes;
        loop {
            match std::str::from_utf8(rest) {
                Ok(s) => {
                    multibyte += s.chars().filter(|c| !c.is_ascii()).count();
                    return (multibyte, invalid);
                }
                Err(e) => {
                    let (valid, after) = rest.split_at(e.valid_up_to());
                    multibyte += std::str::from_utf8(valid)
                        .map_or(0, |s| s.chars().filter(|c| !c.is_ascii()).count());
                    match e.error_len() {
                        Some(n) => {
                            invalid += 1;
                            rest = after.get(n..).unwrap_or_default();
                        }
                        None => {
                            if complete {
                                invalid += 1;
                            }
                            return (multibyte, invalid);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn utf8_stats_counts_like_repeated_from_utf8() {
        // Deterministic pseudo-random bytes biased towards UTF-8 lead and continuation bytes.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let pool: Vec<u8> = {
            let mut p: Vec<u8> = (0x80..=0xFF).collect();
            p.extend_from_slice(b"ab,\n");
            p.extend_from_slice("שלום€😀".as_bytes());
            p
        };
        for len in 0..200usize {
            for _ in 0..40 {
                let bytes: Vec<u8> = (0..len)
                    .map(|_| pool[(next() % pool.len() as u64) as usize])
                    .collect();
                for complete in [false, true] {
                    assert_eq!(
                        utf8_stats(&bytes, complete, false),
                        utf8_stats_reference(&bytes, complete),
                        "{bytes:02x?} {complete}"
                    );
                    // Stopping early never changes what `sniff` decides.
                    let decide = |(m, i): (usize, usize)| (i == 0, m >= 4 * i);
                    assert_eq!(
                        decide(utf8_stats(&bytes, complete, true)),
                        decide(utf8_stats_reference(&bytes, complete)),
                        "{bytes:02x?} {complete}"
                    );
                }
            }
        }
    }

    #[test]
    fn tables_match_encoding_rs_for_every_byte() {
        for (table, enc) in [
            (&WINDOWS_1255_HIGH, encoding_rs::WINDOWS_1255),
            (&WINDOWS_1256_HIGH, encoding_rs::WINDOWS_1256),
        ] {
            for b in 0x80u8..=0xFF {
                let input = [b];
                let (expected, had_errors) = enc.decode_without_bom_handling(&input);
                let mut d = Decoder::new(if enc == encoding_rs::WINDOWS_1255 {
                    TextEncoding::Windows1255
                } else {
                    TextEncoding::Windows1256
                });
                let mut out = Vec::new();
                d.decode(&input, &mut out);
                assert_eq!(String::from_utf8(out).unwrap(), expected, "byte {b:#04x}");
                assert_eq!(d.invalid > 0, had_errors, "byte {b:#04x}");
                assert_eq!(table[usize::from(b - 0x80)] == 0, had_errors);
            }
        }
    }

    #[test]
    fn sniffs_boms_utf8_and_code_pages() {
        assert_eq!(sniff(b"\xEF\xBB\xBFid", true).bom_len, 3);
        assert_eq!(
            sniff(b"\xFF\xFEi\0d\0", true).encoding,
            TextEncoding::Utf16Le
        );
        assert_eq!(sniff(b"i\0d\0,\0x\0", true).encoding, TextEncoding::Utf16Le);
        assert_eq!(sniff("שלום".as_bytes(), true).encoding, TextEncoding::Utf8);
        // שלום in windows-1255 (reliability notes, case 61).
        let s = sniff(&[0xF9, 0xEC, 0xE5, 0xED], true);
        assert_eq!(
            (s.encoding, s.evidence),
            (TextEncoding::Windows1255, EncodingEvidence::ScriptScore)
        );
        // مرحبا in windows-1256 (case 67): E3 D1 CD C8 C7.
        assert_eq!(
            sniff(&[0xE3, 0xD1, 0xCD, 0xC8, 0xC7], true).encoding,
            TextEncoding::Windows1256
        );
        // Unmapped bytes in a Hebrew file (reliability case 66) keep it windows-1255.
        let mut shalom = vec![
            0xF9, 0xEC, 0xE5, 0xED, b' ', 0xF9, 0xEC, 0xE5, 0xED, b' ', 0xD9, 0xFF,
        ];
        assert_eq!(sniff(&shalom, true).encoding, TextEncoding::Windows1255);
        // UTF-8 with a pasted windows-1255 row (case 68) stays UTF-8.
        shalom.clear();
        shalom.extend_from_slice("מזהה,תאריך,שעות,מחלקה\n1,01/02/2024,2,רווחה\n".as_bytes());
        shalom.extend_from_slice(&[b'2', b',', 0xF9, 0xEC, 0xE5, 0xED, b'\n']);
        assert_eq!(sniff(&shalom, true).evidence, EncodingEvidence::MostlyUtf8);
        // A UTF-8 sequence cut by the end of a partial prefix is still UTF-8.
        assert_eq!(
            sniff(&"אב".as_bytes()[..3], false).encoding,
            TextEncoding::Utf8
        );
    }

    #[test]
    fn utf16_survives_any_chunking() {
        let text = "מזהה,תאריך\n😀,01/02/2024\n";
        let mut bytes = Vec::new();
        for u in text.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        for cut in 0..bytes.len() {
            let mut d = Decoder::new(TextEncoding::Utf16Le);
            let mut out = Vec::new();
            d.decode(&bytes[..cut], &mut out);
            d.decode(&bytes[cut..], &mut out);
            d.finish(&mut out);
            assert_eq!(String::from_utf8(out).unwrap(), text);
            assert_eq!(d.invalid, 0);
        }
    }
}
