//! Decimal text to `f64`, exactly as `str::parse::<f64>` does it, without the standard library's
//! 10 KB table of 128-bit powers of five (Eisel–Lemire) that `f64::from_str` links into the
//! wasm core (issue 8 §8 budget).
//!
//! Accepted text is the standard library's grammar: an optional sign, then `inf`, `infinity` or
//! `nan` (any case), or digits with an optional `.` (at least one digit in all) and an optional
//! exponent `e`/`E` with an optional sign and at least one digit. The value is the correctly
//! rounded `f64` (round half to even), ±∞ above the range, ±0 below it.
//!
//! Two paths (Clinger, "How to read floating point numbers accurately", PLDI 1990):
//! - **fast**: at most 19 significant digits `w` with `w ≤ 2⁵³` and a decimal exponent `q` with
//!   `|q| ≤ 22`: `w` and `10^|q|` are exact doubles, so one IEEE multiplication or division
//!   rounds correctly. Every hours cell of a real file takes this path.
//! - **exact**: otherwise start from an estimate and step one unit in the last place while the
//!   decimal value lies beyond the midpoint to the neighbour, comparing big integers
//!   (`D·5^q·2^q` against `(m₁·2^(e₁−e) + m₂·2^(e₂−e))·2^(e−1)`); ties go to the even mantissa.
//!   Digits beyond the 800th are dropped with a sticky "more" flag: a midpoint between doubles has
//!   at most 767 significant digits, so the comparison stays exact.

/// `s.parse::<f64>().ok()`, to the bit.
pub fn parse_f64(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let (negative, rest) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    let v = if rest.eq_ignore_ascii_case(b"inf") || rest.eq_ignore_ascii_case(b"infinity") {
        f64::INFINITY
    } else if rest.eq_ignore_ascii_case(b"nan") {
        f64::NAN
    } else {
        unsigned(rest)?
    };
    Some(if negative { -v } else { v })
}

/// Whether `s` parses as an `f64` (`s.parse::<f64>().is_ok()`).
pub fn is_f64(s: &str) -> bool {
    parse_f64(s).is_some()
}

const MAX_DIGITS: usize = 800;

fn unsigned(b: &[u8]) -> Option<f64> {
    let mut i = 0;
    let mut digits: Vec<u8> = Vec::new();
    let mut seen_digit = false;
    // Decimal exponent adjustment: digits after the point lower it; dropped digits raise it.
    let mut scale: i64 = 0;
    let mut more = false;
    let mut push = |d: u8, after_point: bool, digits: &mut Vec<u8>, scale: &mut i64| {
        if digits.is_empty() && d == 0 {
            if after_point {
                *scale -= 1;
            }
        } else if digits.len() < MAX_DIGITS {
            digits.push(d);
            if after_point {
                *scale -= 1;
            }
        } else {
            more |= d != 0;
            if !after_point {
                *scale += 1;
            }
        }
    };
    while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
        push(c - b'0', false, &mut digits, &mut scale);
        seen_digit = true;
        i += 1;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            push(c - b'0', true, &mut digits, &mut scale);
            seen_digit = true;
            i += 1;
        }
    }
    if !seen_digit {
        return None;
    }
    let mut exponent: i64 = 0;
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        let negative = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        let start = i;
        while let Some(&c) = b.get(i).filter(|c| c.is_ascii_digit()) {
            // Saturates far outside the range of doubles; the digits still have to be read.
            exponent = (exponent * 10 + i64::from(c - b'0')).min(1 << 40);
            i += 1;
        }
        if i == start {
            return None;
        }
        if negative {
            exponent = -exponent;
        }
    }
    if i != b.len() {
        return None;
    }
    while digits.last() == Some(&0) {
        digits.pop();
        scale += 1;
    }
    if digits.is_empty() {
        return Some(0.0);
    }
    let q = exponent + scale;
    let magnitude = q + digits.len() as i64; // 10^(magnitude-1) ≤ value < 10^magnitude
    if magnitude <= -324 {
        return Some(0.0);
    }
    if magnitude > 309 {
        return Some(f64::INFINITY);
    }
    if !more && digits.len() <= 19 && (-22..=22).contains(&q) {
        let w = digits.iter().fold(0u64, |w, &d| w * 10 + u64::from(d));
        if w <= 1 << 53 {
            let p = POW10[q.unsigned_abs() as usize];
            return Some(if q < 0 { w as f64 / p } else { w as f64 * p });
        }
    }
    Some(exact(&digits, q, more))
}

/// Exact powers of ten as doubles (10²² is the largest).
const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// `10^n` for `|n| ≤ 200`, within a few units in the last place: a product of exact powers
/// (`1e22` and one table entry), inverted for negative `n`. Only the starting point of the exact
/// search in [`exact`] (which then steps to the correctly rounded double), so it need not be
/// exact; a general `pow` would add 2 KB to the core wasm module for nothing.
fn pow10(n: i64) -> f64 {
    let mut k = n.unsigned_abs();
    let mut r = 1.0;
    while k > 22 {
        r *= 1e22;
        k -= 22;
    }
    r *= POW10[k as usize];
    if n < 0 { 1.0 / r } else { r }
}

/// A positive double as `m·2^e` (`e ≥ −1074`, `m < 2⁵³`; normal when `m ≥ 2⁵²`); `(2⁵², 972)`
/// stands for 2¹⁰²⁴, one step above the largest double.
type Binary = (u64, i64);

const HIDDEN: u64 = 1 << 52;

fn next_up((m, e): Binary) -> Binary {
    if m + 1 == 1 << 53 {
        (HIDDEN, e + 1)
    } else {
        (m + 1, e)
    }
}

fn next_down((m, e): Binary) -> Binary {
    if m == HIDDEN && e > -1074 {
        ((1 << 53) - 1, e - 1)
    } else {
        (m.saturating_sub(1), e)
    }
}

fn to_f64((m, e): Binary) -> f64 {
    if e > 971 {
        f64::INFINITY
    } else if m < HIDDEN {
        f64::from_bits(m)
    } else {
        f64::from_bits(((e + 1075) as u64) << 52 | (m - HIDDEN))
    }
}

fn from_f64(x: f64) -> Binary {
    if x.is_infinite() {
        return ((1 << 53) - 1, 971);
    }
    let bits = x.to_bits();
    let biased = ((bits >> 52) & 0x7ff) as i64;
    if biased == 0 {
        (bits & (HIDDEN - 1), -1074)
    } else {
        ((bits & (HIDDEN - 1)) | HIDDEN, biased - 1075)
    }
}

/// The correctly rounded value of `digits·10^q` (`more`: a non-zero digit was dropped).
fn exact(digits: &[u8], q: i64, more: bool) -> f64 {
    let lead = digits
        .iter()
        .take(19)
        .fold(0u64, |w, &d| w * 10 + u64::from(d));
    let lead_q = q + digits.len().saturating_sub(19) as i64;
    // In two factors so that neither under- nor overflows (−343 ≤ lead_q ≤ 310): the estimate is
    // then within a few units in the last place, also for subnormal results.
    let half = lead_q / 2;
    let estimate = lead as f64 * pow10(half) * pow10(lead_q - half);
    let mut z = from_f64(estimate);
    let mut value = Big::from_digits(digits);
    // value·10^q = value·5^q·2^q: the power of five goes to whichever side has it positive.
    let (value_pow5, mid_pow5) = if q >= 0 { (q, 0) } else { (0, -q) };
    value.mul_pow5(value_pow5 as u32);
    let cmp_mid = |a: Binary, b: Binary| -> std::cmp::Ordering {
        let e = a.1.min(b.1);
        let mut mid = Big::from_u64(a.0);
        mid.shl((a.1 - e) as u32);
        let mut other = Big::from_u64(b.0);
        other.shl((b.1 - e) as u32);
        mid.add(&other);
        mid.mul_pow5(mid_pow5 as u32);
        // value·2^q against mid·2^(e−1): move the smaller power of two to the other side.
        let (mut lhs, mut rhs) = (value.clone(), mid);
        let (pl, pr) = (q, e - 1);
        if pl > pr {
            lhs.shl((pl - pr) as u32);
        } else {
            rhs.shl((pr - pl) as u32);
        }
        lhs.cmp(&rhs).then(if more {
            std::cmp::Ordering::Greater
        } else {
            std::cmp::Ordering::Equal
        })
    };
    loop {
        if z.1 > 971 {
            return f64::INFINITY;
        }
        let up = next_up(z);
        match cmp_mid(z, up) {
            std::cmp::Ordering::Greater => {
                z = up;
                continue;
            }
            std::cmp::Ordering::Equal if z.0 & 1 == 1 => return to_f64(up),
            _ => {}
        }
        let down = next_down(z);
        if down == z {
            return to_f64(z);
        }
        match cmp_mid(down, z) {
            std::cmp::Ordering::Less => z = down,
            std::cmp::Ordering::Equal if z.0 & 1 == 1 => return to_f64(down),
            _ => return to_f64(z),
        }
    }
}

/// A non-negative big integer, little-endian 32-bit limbs, no leading zero limbs.
#[derive(Clone, PartialEq, Eq)]
struct Big(Vec<u32>);

impl Big {
    fn from_u64(v: u64) -> Big {
        let mut b = Big(vec![v as u32, (v >> 32) as u32]);
        b.trim();
        b
    }

    fn from_digits(digits: &[u8]) -> Big {
        let mut b = Big(Vec::new());
        for chunk in digits.chunks(9) {
            let (mut mul, mut add) = (1u32, 0u32);
            for &d in chunk {
                mul *= 10;
                add = add * 10 + u32::from(d);
            }
            b.mul_add(mul, add);
        }
        b
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn mul_add(&mut self, mul: u32, add: u32) {
        let mut carry = u64::from(add);
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(mul) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow5(&mut self, mut k: u32) {
        // 5^13 is the largest power of five below 2^32.
        while k > 0 {
            let step = k.min(13);
            self.mul_add(5u32.pow(step), 0);
            k -= step;
        }
    }

    fn shl(&mut self, bits: u32) {
        if self.0.is_empty() {
            return;
        }
        let (limbs, bits) = ((bits / 32) as usize, bits % 32);
        if bits > 0 {
            let mut carry = 0u32;
            for limb in &mut self.0 {
                let v = (*limb << bits) | carry;
                carry = *limb >> (32 - bits);
                *limb = v;
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        self.0.splice(0..0, std::iter::repeat_n(0, limbs));
    }

    fn add(&mut self, other: &Big) {
        if self.0.len() < other.0.len() {
            self.0.resize(other.0.len(), 0);
        }
        let mut carry = 0u64;
        for (i, limb) in self.0.iter_mut().enumerate() {
            let v = u64::from(*limb) + u64::from(other.0.get(i).copied().unwrap_or(0)) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Big {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0
            .len()
            .cmp(&other.0.len())
            .then_with(|| self.0.iter().rev().cmp(other.0.iter().rev()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(s: &str) {
        let want = s.parse::<f64>().ok();
        let got = parse_f64(s);
        assert_eq!(
            got.map(f64::to_bits),
            want.map(f64::to_bits),
            "{s:?}: got {got:?}, std {want:?}"
        );
    }

    #[test]
    fn grammar_and_specials_match_std() {
        for s in [
            "",
            "+",
            "-",
            ".",
            "e5",
            ".e5",
            "1e",
            "1e+",
            "1e-",
            "1.",
            ".5",
            "-.5",
            "+3",
            "1e5",
            "1E+05",
            "1e-5",
            "2.5",
            " 2.5",
            "2.5 ",
            "2,5",
            "0x10",
            "1_000",
            "inf",
            "-INF",
            "Infinity",
            "+infinity",
            "nan",
            "NaN",
            "-nan",
            "infin",
            "in",
            "1e1e1",
            "--1",
            "+-1",
            "00000",
            "0.000",
            "-0",
            "-0.0e99999",
            "1e99999999999999999999",
            "1e-99999999999999999",
            "١٢",
            "24",
            "0.5",
            "7.25",
            "1.1",
            "0.1",
            "0.3",
        ] {
            same(s);
        }
    }

    #[test]
    fn hard_cases_match_std() {
        for s in [
            // Halfway and near-halfway cases, the range ends, subnormals.
            "9007199254740993",
            "9007199254740992.5",
            "9007199254740993.0000000000000000001",
            "2.2250738585072011e-308",
            "2.2250738585072012e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "2.47032822920623272088e-324",
            "1e-324",
            "1e-400",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "179769313486231580793728971405301e276",
            "1e308",
            "1e309",
            "0.1000000000000000055511151231257827021181583404541015625",
            "0.1000000000000000055511151231257827021181583404541015624",
            "0.1000000000000000055511151231257827021181583404541015626",
            "123456789012345678901234567890",
            "2.4999999999999996",
            "7.000000000000001",
            "24.000000000000004",
            "1e23",
            "8.98846567431158e307",
            &format!("0.{}1", "0".repeat(900)),
            &format!("1{}e-900", "0".repeat(900)),
            &format!(
                "2.47032822920623272088284396434110686182529901307162382212792841250337753635104375932649918180817996189898282347722858865463328355177969898199387398005390939063150356595155702263922908583924491051844359318028499365361525003193704576782492193656236698636584807570015857692699037063119282795585513329278343384093519780155312465972635795746227664652728272200563740064854999770965994704540208281662262378573934507363390079677619305775067401763246736009689513405355374585166611342237666786041621596804619144672918403005300575308490487653917113865916462395249126236538818796362393732804238910186723484976682350898633885879256283027559956575244555072551893136908362547791869486679949683240497058210285131854513962138377228261454376934125320985913276672363281255{}1",
                "0".repeat(20)
            ),
        ] {
            same(s);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]
        #[test]
        fn random_decimals_match_std(
            int in "[0-9]{0,25}",
            frac in proptest::option::of("[0-9]{0,25}"),
            exp in proptest::option::of(-340i32..340),
            sign in "[-+]?",
        ) {
            let mut s = format!("{sign}{int}");
            if let Some(f) = &frac {
                s.push('.');
                s.push_str(f);
            }
            if let Some(e) = exp {
                s.push_str(&format!("e{e}"));
            }
            same(&s);
        }

        #[test]
        fn random_doubles_round_trip(bits in any::<u64>()) {
            let x = f64::from_bits(bits);
            same(&format!("{x:e}"));
            same(&format!("{x:?}"));
            same(&format!("{:.17e}", x));
        }
    }
}
