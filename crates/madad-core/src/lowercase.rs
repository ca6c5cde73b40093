//! Lower-casing without the standard library's Unicode case tables.
//!
//! `char::to_lowercase` links an 11.7 KB table of (upper, lower) pairs plus the context tables
//! of the final-sigma rule into every module that calls it, a measurable share of the core wasm
//! budget (issue 8 §8). The same mapping is stored here as 188 runs of code points that share one
//! offset (`Ω → ω` is `+32`; the Latin Extended pairs alternate upper/lower, step 2, offset 1).
//!
//! - [`char_lowercase`] equals `char::to_lowercase` for **every** Unicode scalar value (checked
//!   exhaustively by the tests against the standard library of the compiler in use), including
//!   the one multi-character mapping, `İ` (U+0130) → `i̇`.
//! - [`lowercase`] equals `str::to_lowercase` except for the context of the word-final sigma
//!   (Unicode §3.13 `Final_Sigma`): `Σ` becomes `ς` when a cased letter precedes it and none
//!   follows, skipping case-ignorable characters. Here "cased" is approximated by the letters of
//!   the bicameral scripts' blocks and "case-ignorable" by combining marks, format controls,
//!   spacing accents and in-word punctuation (`'` `.` `:` `·` `’`). The tests check the rule
//!   against `str::to_lowercase` around every letter of the Latin, IPA, Greek, Cyrillic and
//!   Armenian blocks and Latin/Greek Extended; elsewhere (a `Σ` next to a letter of another
//!   script) the two can differ.

/// Runs `(first, count, step, offset)`: for `k < count`, `first + k·step` lower-cases to
/// `first + k·step + offset`. Generated from `char::to_lowercase` (Unicode as shipped with the
/// compiler); the test `table_matches_std` fails when a compiler update changes the mapping, and
/// `cargo test -p madad-core --lib lowercase::tests::print_runs -- --ignored --nocapture` prints
/// the new table.
#[rustfmt::skip]
const RUNS: [(u32, u8, u8, i32); 188] = [
    (0x0041, 26, 1, 32), (0x00C0, 23, 1, 32), (0x00D8, 7, 1, 32), (0x0100, 24, 2, 1),
    (0x0132, 3, 2, 1), (0x0139, 8, 2, 1), (0x014A, 23, 2, 1), (0x0178, 1, 1, -121),
    (0x0179, 3, 2, 1), (0x0181, 1, 1, 210), (0x0182, 2, 2, 1), (0x0186, 1, 1, 206),
    (0x0187, 1, 1, 1), (0x0189, 2, 1, 205), (0x018B, 1, 1, 1), (0x018E, 1, 1, 79),
    (0x018F, 1, 1, 202), (0x0190, 1, 1, 203), (0x0191, 1, 1, 1), (0x0193, 1, 1, 205),
    (0x0194, 1, 1, 207), (0x0196, 1, 1, 211), (0x0197, 1, 1, 209), (0x0198, 1, 1, 1),
    (0x019C, 1, 1, 211), (0x019D, 1, 1, 213), (0x019F, 1, 1, 214), (0x01A0, 3, 2, 1),
    (0x01A6, 1, 1, 218), (0x01A7, 1, 1, 1), (0x01A9, 1, 1, 218), (0x01AC, 1, 1, 1),
    (0x01AE, 1, 1, 218), (0x01AF, 1, 1, 1), (0x01B1, 2, 1, 217), (0x01B3, 2, 2, 1),
    (0x01B7, 1, 1, 219), (0x01B8, 1, 1, 1), (0x01BC, 1, 1, 1), (0x01C4, 1, 1, 2),
    (0x01C5, 1, 1, 1), (0x01C7, 1, 1, 2), (0x01C8, 1, 1, 1), (0x01CA, 1, 1, 2),
    (0x01CB, 9, 2, 1), (0x01DE, 9, 2, 1), (0x01F1, 1, 1, 2), (0x01F2, 2, 2, 1),
    (0x01F6, 1, 1, -97), (0x01F7, 1, 1, -56), (0x01F8, 20, 2, 1), (0x0220, 1, 1, -130),
    (0x0222, 9, 2, 1), (0x023A, 1, 1, 10795), (0x023B, 1, 1, 1), (0x023D, 1, 1, -163),
    (0x023E, 1, 1, 10792), (0x0241, 1, 1, 1), (0x0243, 1, 1, -195), (0x0244, 1, 1, 69),
    (0x0245, 1, 1, 71), (0x0246, 5, 2, 1), (0x0370, 2, 2, 1), (0x0376, 1, 1, 1),
    (0x037F, 1, 1, 116), (0x0386, 1, 1, 38), (0x0388, 3, 1, 37), (0x038C, 1, 1, 64),
    (0x038E, 2, 1, 63), (0x0391, 17, 1, 32), (0x03A3, 9, 1, 32), (0x03CF, 1, 1, 8),
    (0x03D8, 12, 2, 1), (0x03F4, 1, 1, -60), (0x03F7, 1, 1, 1), (0x03F9, 1, 1, -7),
    (0x03FA, 1, 1, 1), (0x03FD, 3, 1, -130), (0x0400, 16, 1, 80), (0x0410, 32, 1, 32),
    (0x0460, 17, 2, 1), (0x048A, 27, 2, 1), (0x04C0, 1, 1, 15), (0x04C1, 7, 2, 1),
    (0x04D0, 48, 2, 1), (0x0531, 38, 1, 48), (0x10A0, 38, 1, 7264), (0x10C7, 1, 1, 7264),
    (0x10CD, 1, 1, 7264), (0x13A0, 80, 1, 38864), (0x13F0, 6, 1, 8), (0x1C89, 1, 1, 1),
    (0x1C90, 43, 1, -3008), (0x1CBD, 3, 1, -3008), (0x1E00, 75, 2, 1), (0x1E9E, 1, 1, -7615),
    (0x1EA0, 48, 2, 1), (0x1F08, 8, 1, -8), (0x1F18, 6, 1, -8), (0x1F28, 8, 1, -8),
    (0x1F38, 8, 1, -8), (0x1F48, 6, 1, -8), (0x1F59, 1, 1, -8), (0x1F5B, 1, 1, -8),
    (0x1F5D, 1, 1, -8), (0x1F5F, 1, 1, -8), (0x1F68, 8, 1, -8), (0x1F88, 8, 1, -8),
    (0x1F98, 8, 1, -8), (0x1FA8, 8, 1, -8), (0x1FB8, 2, 1, -8), (0x1FBA, 2, 1, -74),
    (0x1FBC, 1, 1, -9), (0x1FC8, 4, 1, -86), (0x1FCC, 1, 1, -9), (0x1FD8, 2, 1, -8),
    (0x1FDA, 2, 1, -100), (0x1FE8, 2, 1, -8), (0x1FEA, 2, 1, -112), (0x1FEC, 1, 1, -7),
    (0x1FF8, 2, 1, -128), (0x1FFA, 2, 1, -126), (0x1FFC, 1, 1, -9), (0x2126, 1, 1, -7517),
    (0x212A, 1, 1, -8383), (0x212B, 1, 1, -8262), (0x2132, 1, 1, 28), (0x2160, 16, 1, 16),
    (0x2183, 1, 1, 1), (0x24B6, 26, 1, 26), (0x2C00, 48, 1, 48), (0x2C60, 1, 1, 1),
    (0x2C62, 1, 1, -10743), (0x2C63, 1, 1, -3814), (0x2C64, 1, 1, -10727), (0x2C67, 3, 2, 1),
    (0x2C6D, 1, 1, -10780), (0x2C6E, 1, 1, -10749), (0x2C6F, 1, 1, -10783), (0x2C70, 1, 1, -10782),
    (0x2C72, 1, 1, 1), (0x2C75, 1, 1, 1), (0x2C7E, 2, 1, -10815), (0x2C80, 50, 2, 1),
    (0x2CEB, 2, 2, 1), (0x2CF2, 1, 1, 1), (0xA640, 23, 2, 1), (0xA680, 14, 2, 1),
    (0xA722, 7, 2, 1), (0xA732, 31, 2, 1), (0xA779, 2, 2, 1), (0xA77D, 1, 1, -35332),
    (0xA77E, 5, 2, 1), (0xA78B, 1, 1, 1), (0xA78D, 1, 1, -42280), (0xA790, 2, 2, 1),
    (0xA796, 10, 2, 1), (0xA7AA, 1, 1, -42308), (0xA7AB, 1, 1, -42319), (0xA7AC, 1, 1, -42315),
    (0xA7AD, 1, 1, -42305), (0xA7AE, 1, 1, -42308), (0xA7B0, 1, 1, -42258), (0xA7B1, 1, 1, -42282),
    (0xA7B2, 1, 1, -42261), (0xA7B3, 1, 1, 928), (0xA7B4, 8, 2, 1), (0xA7C4, 1, 1, -48),
    (0xA7C5, 1, 1, -42307), (0xA7C6, 1, 1, -35384), (0xA7C7, 2, 2, 1), (0xA7CB, 1, 1, -42343),
    (0xA7CC, 8, 2, 1), (0xA7DC, 1, 1, -42561), (0xA7F5, 1, 1, 1), (0xFF21, 26, 1, 32),
    (0x10400, 40, 1, 40), (0x104B0, 36, 1, 40), (0x10570, 11, 1, 39), (0x1057C, 15, 1, 39),
    (0x1058C, 7, 1, 39), (0x10594, 2, 1, 39), (0x10C80, 51, 1, 64), (0x10D50, 22, 1, 32),
    (0x118A0, 32, 1, 32), (0x16E40, 32, 1, 32), (0x16EA0, 25, 1, 27), (0x1E900, 34, 1, 34),
];

fn run_of(c: u32) -> Option<i32> {
    let i = RUNS.partition_point(|r| r.0 <= c).checked_sub(1)?;
    let (first, count, step, offset) = RUNS[i];
    let k = c - first;
    (k.is_multiple_of(u32::from(step)) && k / u32::from(step) < u32::from(count)).then_some(offset)
}

/// The single-character lower case of `c`, or `None` when it has none (or is `İ`, which
/// lower-cases to two characters).
fn single(c: char) -> Option<char> {
    if c.is_ascii() {
        return c.is_ascii_uppercase().then(|| c.to_ascii_lowercase());
    }
    // Hebrew, Arabic, Syriac, Thaana, NKo and Samaritan have no case: the common non-ASCII text.
    if ('\u{0590}'..='\u{08FF}').contains(&c) {
        return None;
    }
    let offset = run_of(c as u32)?;
    char::from_u32((c as u32).wrapping_add_signed(offset))
}

/// Appends the lower case of `c` to `out` (as `char::to_lowercase`).
pub fn push_char_lowercase(c: char, out: &mut String) {
    match single(c) {
        Some(l) => out.push(l),
        None if c == '\u{0130}' => out.push_str("i\u{0307}"),
        None => out.push(c),
    }
}

/// `c` lower-cased, as `char::to_lowercase` collected into a string.
pub fn char_lowercase(c: char) -> String {
    let mut s = String::new();
    push_char_lowercase(c, &mut s);
    s
}

/// `s` lower-cased, as `str::to_lowercase` (see the module notes on the final sigma).
pub fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    let mut out = String::with_capacity(s.len());
    for (i, c) in s.char_indices() {
        if c == 'Σ' {
            let final_sigma = cased_before(&s[..i]) && !cased_after(&s[i + c.len_utf8()..]);
            out.push(if final_sigma { 'ς' } else { 'σ' });
        } else {
            push_char_lowercase(c, &mut out);
        }
    }
    out
}

fn cased_before(s: &str) -> bool {
    s.chars()
        .rev()
        .find(|&c| !case_ignorable(c))
        .is_some_and(cased)
}

fn cased_after(s: &str) -> bool {
    s.chars().find(|&c| !case_ignorable(c)).is_some_and(cased)
}

/// Approximates Unicode `Cased` by the letters of the bicameral scripts' blocks (Latin, IPA,
/// Greek, Coptic, Cyrillic, Armenian, their extensions, full-width Latin).
fn cased(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    matches!(c, '\u{00AA}'..='\u{058F}' | '\u{10A0}'..='\u{10FF}' | '\u{13A0}'..='\u{13FF}' | '\u{1C80}'..='\u{1CBF}' | '\u{1D00}'..='\u{1FFF}' | '\u{2C00}'..='\u{2D2F}' | '\u{A640}'..='\u{A7FF}' | '\u{FF21}'..='\u{FF5A}')
        && c.is_alphabetic()
        && !matches!(
            c,
            '\u{01BB}' | '\u{01C0}'..='\u{01C3}' | '\u{0294}' | '\u{0295}' | '\u{0559}'
        )
}

/// Approximates Unicode `Case_Ignorable`: combining marks, format controls, modifier letters and
/// symbols, and in-word punctuation.
fn case_ignorable(c: char) -> bool {
    matches!(
        c,
        '\'' | '.' | ':' | '^' | '`'
            | '\u{00A8}' | '\u{00AD}' | '\u{00AF}' | '\u{00B4}' | '\u{00B7}' | '\u{00B8}'
            | '\u{02B0}'..='\u{036F}'
            | '\u{0374}' | '\u{0375}' | '\u{037A}' | '\u{0384}' | '\u{0385}' | '\u{0387}'
            | '\u{0483}'..='\u{0489}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{1FBD}' | '\u{1FBF}'..='\u{1FC1}' | '\u{1FCD}'..='\u{1FCF}' | '\u{1FDD}'..='\u{1FDF}'
            | '\u{1FED}'..='\u{1FEF}' | '\u{1FFD}' | '\u{1FFE}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2018}' | '\u{2019}' | '\u{2024}' | '\u{2027}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FE20}'..='\u{FE2F}'
            | '\u{FEFF}'
    )
}

#[cfg(test)]
// The reference is the standard library's own lower-casing.
#[allow(clippy::disallowed_methods)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_std() {
        // Every scalar value, against the standard library's own tables.
        for u in 0..=0x10FFFF_u32 {
            let Some(c) = char::from_u32(u) else { continue };
            assert_eq!(
                char_lowercase(c),
                c.to_lowercase().collect::<String>(),
                "U+{u:04X}"
            );
        }
    }

    #[test]
    #[ignore = "prints RUNS for a new compiler's Unicode version"]
    fn print_runs() {
        let mut mapped: Vec<(u32, i64)> = Vec::new();
        for u in 0..=0x10FFFF_u32 {
            let Some(c) = char::from_u32(u) else { continue };
            let mut l = c.to_lowercase();
            if let (Some(x), None) = (l.next(), l.next())
                && x != c
            {
                mapped.push((u, i64::from(x as u32) - i64::from(u)));
            }
        }
        let mut runs: Vec<(u32, usize, u32, i64)> = Vec::new();
        let mut i = 0;
        while i < mapped.len() {
            let (u, d) = mapped[i];
            let step = if mapped.get(i + 1) == Some(&(u + 2, 1)) && d == 1 {
                2
            } else {
                1
            };
            let mut j = i + 1;
            while j < mapped.len() && mapped[j] == (mapped[j - 1].0 + step, d) && j - i < 255 {
                j += 1;
            }
            runs.push((u, j - i, step, d));
            i = j;
        }
        println!("{} runs", runs.len());
        for (u, n, step, d) in runs {
            print!("(0x{u:04X}, {n}, {step}, {d}), ");
        }
        println!();
    }

    #[test]
    fn strings_match_std() {
        for s in [
            "",
            "Dana Cohen",
            "DANA@EXAMPLE.ORG",
            "דנה כהן",
            "دانة",
            "ÉLODIE ÀÇÑ",
            "ИВАН ПЕТРОВ",
            "Ölçü İstanbul",
            "ΟΔΥΣΣΕΑΣ",
            "ΟΔΥΣΣΕΑΣ ΠΑΠΑΣ",
            "Σ",
            "ΑΣ.",
            "ΑΣ'Β",
            "ΑΣ-Β",
            "ΑΣ1",
            "1Σ",
            "ΑΣΑ",
            "aΣ b",
            "ǅUR ǈ",
            "ＡＢＣ",
            "Ⅻ",
        ] {
            assert_eq!(lowercase(s), s.to_lowercase(), "{s}");
        }
    }

    #[test]
    fn final_sigma_after_each_greek_and_latin_letter() {
        // The context rule, around every letter of the Greek, Latin and Cyrillic blocks and a
        // set of in-word punctuation and marks.
        let ignorable = [
            '\'', '.', ':', '\u{0301}', '\u{00AD}', '\u{2019}', '\u{200D}',
        ];
        for u in (0x41..0x530).chain(0x1E00..0x2000) {
            let Some(c) = char::from_u32(u) else { continue };
            for s in [
                format!("{c}Σ"),
                format!("Σ{c}"),
                format!("Α{c}Σ"),
                format!("ΑΣ{c}"),
                format!("{c}Σ{c}"),
            ] {
                assert_eq!(lowercase(&s), s.to_lowercase(), "{s:?}");
            }
            for i in ignorable {
                let s = format!("{c}{i}Σ{i} Σ{i}{c}");
                assert_eq!(lowercase(&s), s.to_lowercase(), "{s:?}");
            }
        }
    }
}
