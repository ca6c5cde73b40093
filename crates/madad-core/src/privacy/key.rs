//! The pseudonymisation key and its key file.
//!
//! A key is 32 bytes the municipality holds (reliability notes §1.5). The core has no random
//! number generator, so the host supplies the bytes: either 32 random bytes
//! (`crypto.getRandomValues`), saved as a key file, or a passphrase with a salt of at least 16
//! random bytes, stretched with PBKDF2-HMAC-SHA256 and [`DEFAULT_ITERATIONS`] iterations (OWASP
//! Password Storage Cheat Sheet, 2023: at least 600,000 for PBKDF2-HMAC-SHA256).
//!
//! Key file (JSON, `camelCase`), version 1:
//!
//! ```json
//! {"format":"madad-pseudonym-key","version":1,"source":"random",
//!  "key":"<64 hex digits>","check":"<16 hex digits>","kdf":null}
//! {"format":"madad-pseudonym-key","version":1,"source":"passphrase","key":null,
//!  "check":"<16 hex digits>",
//!  "kdf":{"algorithm":"pbkdf2-hmac-sha256","iterations":600000,"salt":"<hex>"}}
//! ```
//!
//! A passphrase file stores the salt and iteration count, never the key: the passphrase is
//! asked again. The key check value is the first 8 bytes of `HMAC-SHA256(key, "madad key check
//! v1")` in hex; it tells a wrong key or passphrase apart from the right one without revealing
//! the key, and is the only key-derived value a report or log may show. [`PseudonymKey`] has no
//! `Serialize` and its `Debug` shows only the check value.

use serde::{Deserialize, Serialize};

use super::pseudonym::{from_hex, hex, hmac_sha256, pbkdf2_hmac_sha256};

/// Key file `format` tag.
pub const KEY_FILE_FORMAT: &str = "madad-pseudonym-key";
/// Key file version written by this library.
pub const KEY_FILE_VERSION: u32 = 1;
/// PBKDF2 iterations for a new passphrase key (OWASP 2023).
pub const DEFAULT_ITERATIONS: u32 = 600_000;
/// Fewest PBKDF2 iterations accepted.
pub const MIN_ITERATIONS: u32 = 100_000;
/// Fewest salt bytes accepted.
pub const MIN_SALT_BYTES: usize = 16;

/// A 32-byte pseudonymisation key.
#[derive(Clone, PartialEq, Eq)]
pub struct PseudonymKey([u8; 32]);

impl std::fmt::Debug for PseudonymKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PseudonymKey")
            .field("check", &self.check_value())
            .finish()
    }
}

/// Why a key could not be made or loaded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum KeyError {
    /// Not a Madad key file.
    UnsupportedFormat,
    /// A key file version this library does not read.
    UnsupportedVersion,
    /// The key is not 64 hex digits, or the salt is not hex.
    Malformed,
    /// The salt is shorter than [`MIN_SALT_BYTES`].
    SaltTooShort,
    /// Fewer than [`MIN_ITERATIONS`] PBKDF2 iterations.
    TooFewIterations,
    /// A passphrase file needs the passphrase.
    PassphraseRequired,
    /// The key or passphrase does not match the file's check value.
    CheckMismatch,
}

impl KeyError {
    /// Stable snake_case code.
    pub fn code(&self) -> &'static str {
        match self {
            KeyError::UnsupportedFormat => "key_unsupported_format",
            KeyError::UnsupportedVersion => "key_unsupported_version",
            KeyError::Malformed => "key_malformed",
            KeyError::SaltTooShort => "key_salt_too_short",
            KeyError::TooFewIterations => "key_too_few_iterations",
            KeyError::PassphraseRequired => "key_passphrase_required",
            KeyError::CheckMismatch => "key_check_mismatch",
        }
    }
}

/// Where a key came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub enum KeySource {
    /// 32 random bytes from the host.
    Random,
    /// A passphrase stretched with PBKDF2.
    Passphrase,
}

/// Key-derivation parameters of a passphrase key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct KdfParams {
    /// Always `pbkdf2-hmac-sha256`.
    pub algorithm: String,
    /// PBKDF2 iteration count.
    pub iterations: u32,
    /// The salt, hex.
    pub salt: String,
}

/// The saved form of a key (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct KeyFile {
    /// [`KEY_FILE_FORMAT`].
    pub format: String,
    /// [`KEY_FILE_VERSION`].
    pub version: u32,
    /// How the key was made.
    pub source: KeySource,
    /// The key in hex (random keys only).
    pub key: Option<String>,
    /// The key check value.
    pub check: String,
    /// Derivation parameters (passphrase keys only).
    pub kdf: Option<KdfParams>,
}

/// The key as a host passes it in [`IngestOptions`](crate::IngestOptions): the key file
/// (JSON, as above) and, for a passphrase file, the passphrase. It is read, never written: the
/// options skip it when serialised, and its `Debug` shows only the file's check value.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct KeyInput {
    /// The key file.
    pub key_file: KeyFile,
    /// The passphrase of a passphrase key file.
    #[serde(default)]
    pub passphrase: Option<String>,
}

impl std::fmt::Debug for KeyInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyInput")
            .field("check", &self.key_file.check)
            .finish()
    }
}

impl KeyInput {
    /// Loads the key ([`PseudonymKey::from_key_file`]).
    pub fn load(&self) -> Result<PseudonymKey, KeyError> {
        PseudonymKey::from_key_file(&self.key_file, self.passphrase.as_deref())
    }
}

impl PseudonymKey {
    /// A key from 32 random bytes supplied by the host.
    pub fn from_random_bytes(bytes: [u8; 32]) -> Self {
        PseudonymKey(bytes)
    }

    /// A key from a passphrase: `PBKDF2-HMAC-SHA256(passphrase as UTF-8, salt, iterations, 32)`.
    pub fn from_passphrase(
        passphrase: &str,
        salt: &[u8],
        iterations: u32,
    ) -> Result<Self, KeyError> {
        if salt.len() < MIN_SALT_BYTES {
            return Err(KeyError::SaltTooShort);
        }
        if iterations < MIN_ITERATIONS {
            return Err(KeyError::TooFewIterations);
        }
        let mut key = [0u8; 32];
        pbkdf2_hmac_sha256(passphrase.as_bytes(), salt, iterations, &mut key);
        Ok(PseudonymKey(key))
    }

    /// The key bytes (for HMAC only; never write them to a report or log).
    pub(crate) fn bytes(&self) -> &[u8; 32] {
        &self.0
    }

    /// The key check value: 16 hex digits of `HMAC-SHA256(key, "madad key check v1")`.
    pub fn check_value(&self) -> String {
        hex(&hmac_sha256(&self.0, b"madad key check v1")[..8])
    }

    /// The key file of a random key (contains the key: the municipality keeps it safe).
    pub fn to_random_key_file(&self) -> KeyFile {
        KeyFile {
            format: KEY_FILE_FORMAT.to_owned(),
            version: KEY_FILE_VERSION,
            source: KeySource::Random,
            key: Some(hex(&self.0)),
            check: self.check_value(),
            kdf: None,
        }
    }

    /// The key file of a passphrase key: salt, iterations and check value, never the key.
    pub fn to_passphrase_key_file(&self, salt: &[u8], iterations: u32) -> KeyFile {
        KeyFile {
            format: KEY_FILE_FORMAT.to_owned(),
            version: KEY_FILE_VERSION,
            source: KeySource::Passphrase,
            key: None,
            check: self.check_value(),
            kdf: Some(KdfParams {
                algorithm: "pbkdf2-hmac-sha256".to_owned(),
                iterations,
                salt: hex(salt),
            }),
        }
    }

    /// A new key file from `random`, bytes the host drew from its cryptographic random source
    /// (the core has none): without a passphrase the first 32 bytes are the key; with one, the
    /// first [`MIN_SALT_BYTES`] are the salt of `PBKDF2-HMAC-SHA256(passphrase, salt,
    /// DEFAULT_ITERATIONS, 32)` and the file keeps only the salt, the iteration count and the
    /// check value (NIST SP 800-132 §5.1: a salt of at least 128 random bits). An empty
    /// passphrase is refused as `Malformed`: it would protect nothing.
    pub fn new_key_file(random: &[u8], passphrase: Option<&str>) -> Result<KeyFile, KeyError> {
        match passphrase {
            None => {
                let bytes = random
                    .get(..32)
                    .and_then(|b| <[u8; 32]>::try_from(b).ok())
                    .ok_or(KeyError::Malformed)?;
                Ok(PseudonymKey(bytes).to_random_key_file())
            }
            Some("") => Err(KeyError::Malformed),
            Some(pass) => {
                let salt = random.get(..MIN_SALT_BYTES).ok_or(KeyError::SaltTooShort)?;
                let key = PseudonymKey::from_passphrase(pass, salt, DEFAULT_ITERATIONS)?;
                Ok(key.to_passphrase_key_file(salt, DEFAULT_ITERATIONS))
            }
        }
    }

    /// Loads a key file (with the passphrase for a passphrase file) and verifies its check value.
    pub fn from_key_file(file: &KeyFile, passphrase: Option<&str>) -> Result<Self, KeyError> {
        if file.format != KEY_FILE_FORMAT {
            return Err(KeyError::UnsupportedFormat);
        }
        if file.version != KEY_FILE_VERSION {
            return Err(KeyError::UnsupportedVersion);
        }
        let key = match file.source {
            KeySource::Random => {
                let bytes = file
                    .key
                    .as_deref()
                    .and_then(from_hex)
                    .and_then(|b| <[u8; 32]>::try_from(b).ok())
                    .ok_or(KeyError::Malformed)?;
                PseudonymKey(bytes)
            }
            KeySource::Passphrase => {
                let kdf = file.kdf.as_ref().ok_or(KeyError::Malformed)?;
                if kdf.algorithm != "pbkdf2-hmac-sha256" {
                    return Err(KeyError::UnsupportedFormat);
                }
                let salt = from_hex(&kdf.salt).ok_or(KeyError::Malformed)?;
                let pass = passphrase.ok_or(KeyError::PassphraseRequired)?;
                PseudonymKey::from_passphrase(pass, &salt, kdf.iterations)?
            }
        };
        if key.check_value() != file.check.to_ascii_lowercase() {
            return Err(KeyError::CheckMismatch);
        }
        Ok(key)
    }
}
