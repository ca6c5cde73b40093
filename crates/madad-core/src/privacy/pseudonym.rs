//! Keyed pseudonyms for linking files and survey waves (reliability notes §1.5).
//!
//! `pseudonym = hex(HMAC-SHA256(key, "v1|" + kind + "|" + normalise(id)))`, with the 32-byte key
//! the municipality holds ([`PseudonymKey`]). The same key gives the same pseudonym across files
//! and months; without the key a pseudonym cannot be recomputed from a guessed ID. Only 10⁸
//! valid Israeli ID numbers exist, so an unkeyed hash could be reversed by enumeration in
//! minutes — the core therefore has no function that hashes an identifier without a key. The
//! `v1|kind|` prefix separates domains (an ID and a phone with the same digits differ) and
//! versions the scheme. Linking never repairs a value: an ID with a wrong check digit is an
//! error ([`PseudonymError::InvalidId`]), not a near match.
//!
//! HMAC is RFC 2104 over SHA-256 (block 64 bytes, `ipad = 0x36`, `opad = 0x5c`, keys longer
//! than a block hashed first), checked against every RFC 4231 test case. PBKDF2 is RFC 8018
//! §5.2 with HMAC-SHA256 as the PRF, checked against RFC 7914 §11 and Python's
//! `hashlib.pbkdf2_hmac`.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::detect::IdentifierKind;
use super::key::PseudonymKey;
use super::{email, israeli_id, phone};
use crate::lowercase::lowercase;

const BLOCK: usize = 64;

/// HMAC-SHA256 (RFC 2104) of `message` under `key`.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    let mut block = [0u8; BLOCK];
    if key.len() > BLOCK {
        block[..32].copy_from_slice(&Sha256::digest(key));
    } else {
        block[..key.len()].copy_from_slice(key);
    }
    let mut inner = Sha256::new();
    inner.update(block.map(|b| b ^ 0x36));
    inner.update(message);
    let inner = inner.finalize();
    let mut outer = Sha256::new();
    outer.update(block.map(|b| b ^ 0x5c));
    outer.update(inner);
    outer.finalize().into()
}

/// PBKDF2 (RFC 8018 §5.2) with HMAC-SHA256, filling `out` from `password`, `salt` and
/// `iterations` (at least 1; 0 is treated as 1).
pub fn pbkdf2_hmac_sha256(password: &[u8], salt: &[u8], iterations: u32, out: &mut [u8]) {
    let mut salted = Vec::with_capacity(salt.len() + 4);
    for (i, chunk) in out.chunks_mut(32).enumerate() {
        let index = u32::try_from(i + 1).unwrap_or(u32::MAX);
        salted.clear();
        salted.extend_from_slice(salt);
        salted.extend_from_slice(&index.to_be_bytes());
        let mut u = hmac_sha256(password, &salted);
        let mut t = u;
        for _ in 1..iterations.max(1) {
            u = hmac_sha256(password, &u);
            for (a, b) in t.iter_mut().zip(u.iter()) {
                *a ^= b;
            }
        }
        chunk.copy_from_slice(&t[..chunk.len()]);
    }
}

/// Why a value could not be pseudonymised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum PseudonymError {
    /// Empty after normalisation.
    Empty,
    /// Not a valid Israeli ID number (wrong shape or check digit); reported, never repaired.
    InvalidId,
    /// Not an Israeli phone number in any recognised form.
    InvalidPhone,
}

impl PseudonymError {
    /// Stable snake_case code for diagnostics.
    pub fn code(&self) -> &'static str {
        match self {
            PseudonymError::Empty => "empty",
            PseudonymError::InvalidId => "invalid_id",
            PseudonymError::InvalidPhone => "invalid_phone",
        }
    }
}

/// The normal form an identifier of `kind` is pseudonymised in: Israeli and organisation IDs
/// as nine digits (spaces and hyphens removed, left-padded; check digit required); phones in
/// national form (`0501234567`); e-mails trimmed and lower-cased; anything else trimmed,
/// inner white space collapsed and lower-cased.
pub fn normalize_identifier(kind: IdentifierKind, raw: &str) -> Result<String, PseudonymError> {
    let v = raw.trim();
    if v.is_empty() {
        return Err(PseudonymError::Empty);
    }
    match kind {
        IdentifierKind::IsraeliId | IdentifierKind::OrganisationId => {
            let digits = v
                .strip_suffix(".0")
                .filter(|d| d.bytes().all(|b| b.is_ascii_digit()))
                .unwrap_or(v);
            match israeli_id::normalize(digits) {
                Some(d) if israeli_id::is_valid(&d) => Ok(d),
                _ => Err(PseudonymError::InvalidId),
            }
        }
        IdentifierKind::Phone => match phone::normalize(v) {
            Some(d) if phone::classify_normalized(&d).is_some() => Ok(d),
            _ => Err(PseudonymError::InvalidPhone),
        },
        IdentifierKind::Email if email::is_email(v) => Ok(lowercase(v)),
        IdentifierKind::Email | IdentifierKind::PersonName | IdentifierKind::Reference => Ok(
            lowercase(&v.split_whitespace().collect::<Vec<_>>().join(" ")),
        ),
    }
}

fn domain(kind: IdentifierKind) -> &'static str {
    match kind {
        IdentifierKind::IsraeliId => "tz",
        IdentifierKind::OrganisationId => "org",
        IdentifierKind::Phone => "phone",
        IdentifierKind::Email => "email",
        IdentifierKind::PersonName => "name",
        IdentifierKind::Reference => "ref",
    }
}

/// The pseudonym of `raw`: 64 lower-case hex digits of
/// `HMAC-SHA256(key, "v1|<kind>|" + normalize_identifier(kind, raw))`, where `<kind>` is `tz`,
/// `org`, `phone`, `email`, `name` or `ref`.
pub fn pseudonymize(
    key: &PseudonymKey,
    kind: IdentifierKind,
    raw: &str,
) -> Result<String, PseudonymError> {
    let norm = normalize_identifier(kind, raw)?;
    let msg = format!("v1|{}|{norm}", domain(kind));
    Ok(hex(&hmac_sha256(key.bytes(), msg.as_bytes())))
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(char::from(DIGITS[usize::from(b >> 4)]));
        s.push(char::from(DIGITS[usize::from(b & 15)]));
    }
    s
}

/// Bytes from hex (either case); `None` on odd length or a non-hex digit.
pub fn from_hex(s: &str) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    if !b.len().is_multiple_of(2) {
        return None;
    }
    let val = |c: u8| match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    };
    b.chunks(2)
        .map(|p| Some(val(p[0])? << 4 | val(p[1])?))
        .collect()
}
