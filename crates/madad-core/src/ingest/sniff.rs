//! Delimiter sniffing on the decoded first lines of a file.
//!
//! For each candidate (`,` `;` tab `|`) we count its occurrences outside quotes on each of the
//! first lines. The winner is the candidate that appears on the most lines with the same count
//! as on the header line; ties go to the earlier candidate in that list (comma first, as
//! Excel writes in Israel). The `csv` crate does not sniff, and guessing from the file name is
//! wrong for Excel's tab-separated "Unicode Text" saved as `.csv`.

/// Recognises files that are not delimited text, from their first bytes (never the file name):
/// `xlsx` (a ZIP container: XLSX, ODS, DOCX…), `xls` (an OLE compound file: XLS, or an
/// encrypted XLSX), `pdf`, `html` (a web page saved as `.xls`), `xml` (Excel 2003 XML) or
/// `binary` (NUL bytes in a file that is not UTF-16).
pub fn binary_format(prefix: &[u8], utf16: bool) -> Option<&'static str> {
    if prefix.starts_with(b"PK\x03\x04") {
        return Some("xlsx");
    }
    if prefix.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some("xls");
    }
    if prefix.starts_with(b"%PDF") {
        return Some("pdf");
    }
    let text = prefix.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(prefix);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    let head: Vec<u8> = text[start..]
        .iter()
        .take(15)
        .map(u8::to_ascii_lowercase)
        .collect();
    if head.starts_with(b"<!doctype html") || head.starts_with(b"<html") {
        return Some("html");
    }
    if head.starts_with(b"<?xml") {
        return Some("xml");
    }
    if !utf16 && prefix.iter().take(4096).any(|&b| b == 0) {
        return Some("binary");
    }
    None
}

/// Candidate delimiters in order of preference.
pub const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Picks the delimiter for the decoded UTF-8 `sample` (the first lines of the file), skipping
/// `skip` lines above a chosen header row and any leading lines with no candidate at all
/// (report titles that exports put above the header).
pub fn delimiter(sample: &[u8], skip: u64) -> u8 {
    let all = split_lines(sample, 50 + usize::try_from(skip).unwrap_or(0));
    let lines: Vec<&[u8]> = all
        .into_iter()
        .skip(usize::try_from(skip).unwrap_or(usize::MAX))
        .skip_while(|l| CANDIDATES.iter().all(|&c| count_outside_quotes(l, c) == 0))
        .collect();
    let mut best = (b',', 0usize, 0usize);
    for &cand in &CANDIDATES {
        let counts: Vec<usize> = lines
            .iter()
            .map(|l| count_outside_quotes(l, cand))
            .collect();
        let Some(&header) = counts.first() else {
            continue;
        };
        if header == 0 {
            continue;
        }
        let consistent = counts.iter().filter(|&&c| c == header).count();
        if (consistent, header) > (best.1, best.2) {
            best = (cand, consistent, header);
        }
    }
    best.0
}

/// The first `max` non-empty lines, ignoring line breaks inside quotes.
fn split_lines(sample: &[u8], max: usize) -> Vec<&[u8]> {
    let mut lines = Vec::new();
    let mut in_quotes = false;
    let mut start = 0;
    for (i, &b) in sample.iter().enumerate() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b'\r' | b'\n' if !in_quotes => {
                if i > start {
                    lines.push(&sample[start..i]);
                    if lines.len() == max {
                        return lines;
                    }
                }
                start = i + 1;
            }
            _ => {}
        }
    }
    // The last line may be cut by the end of the sample: use it only if it is the only one.
    if lines.is_empty() && start < sample.len() {
        lines.push(&sample[start..]);
    }
    lines
}

fn count_outside_quotes(line: &[u8], delim: u8) -> usize {
    let mut in_quotes = false;
    let mut n = 0;
    for &b in line {
        if b == b'"' {
            in_quotes = !in_quotes;
        } else if b == delim && !in_quotes {
            n += 1;
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::delimiter;

    #[test]
    fn recognises_what_is_not_delimited_text() {
        use super::binary_format;
        assert_eq!(binary_format(b"PK\x03\x04rest", false), Some("xlsx"));
        assert_eq!(
            binary_format(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0], false),
            Some("xls")
        );
        assert_eq!(
            binary_format(b"\xEF\xBB\xBF  <!DOCTYPE HTML><table>", false),
            Some("html")
        );
        assert_eq!(binary_format(b"<?xml version", false), Some("xml"));
        assert_eq!(binary_format(b"a,b\0c", false), Some("binary"));
        assert_eq!(binary_format(b"a\0,\0", true), None);
        assert_eq!(binary_format("מזהה,תאריך\n".as_bytes(), false), None);
    }

    #[test]
    fn picks_the_consistent_delimiter() {
        assert_eq!(delimiter(b"a,b,c\n1,2,3\n", 0), b',');
        assert_eq!(delimiter(b"a;b;c\n1,5;2;3\n", 0), b';');
        assert_eq!(delimiter(b"a\tb\n\"x,y,z\"\t2\n", 0), b'\t');
        assert_eq!(delimiter("שם|עיר\nא|ב\n".as_bytes(), 0), b'|');
        assert_eq!(delimiter(b"single\n1\n", 0), b',');
        assert_eq!(delimiter("דוח\nא;ב;ג\n1;2;3\n".as_bytes(), 0), b';');
        assert_eq!(delimiter("a,b\nא;ב;ג\n1;2;3\n".as_bytes(), 1), b';');
    }
}
