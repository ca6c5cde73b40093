//! Reliability notes test group B (pseudonymisation and linking) as unit tests.
//!
//! HMAC vectors: RFC 4231 §4.2–4.8 (re-checked with Python `hmac.new(key, data,
//! hashlib.sha256).hexdigest()`). PBKDF2 vectors: RFC 7914 §11 (PBKDF2-HMAC-SHA256) and Python
//! `hashlib.pbkdf2_hmac("sha256", password, salt, c, dklen)`. Pseudonym vectors:
//! `tests/fixtures/privacy/generate.py` (`hmac.new(key, b"v1|tz|" + id, hashlib.sha256)`).

#![allow(clippy::unwrap_used, clippy::expect_used)] // Tests fail loudly by design.

use madad_core::privacy::detect::IdentifierKind;
use madad_core::privacy::gate::GateAction;
use madad_core::privacy::key::{KeyError, KeyFile, KeySource, PseudonymKey};
use madad_core::privacy::pseudonym::{
    PseudonymError, from_hex, hex, hmac_sha256, normalize_identifier, pbkdf2_hmac_sha256,
    pseudonymize,
};
use serde_json::Value;

fn fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/privacy/columns.json"
    );
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

fn test_key() -> PseudonymKey {
    let f = fixture();
    let bytes = from_hex(f["pseudonymKeyHex"].as_str().unwrap()).unwrap();
    PseudonymKey::from_random_bytes(bytes.try_into().unwrap())
}

// B13 and all of RFC 4231.
#[test]
fn b13_rfc4231_vectors() {
    let long_key = [0xaau8; 131];
    let cases: [(&[u8], &[u8], &str); 7] = [
        (&[0x0b; 20], b"Hi There", "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
        (b"Jefe", b"what do ya want for nothing?", "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
        (&[0xaa; 20], &[0xdd; 50], "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe"),
        (
            &[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25],
            &[0xcd; 50],
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
        ),
        (&[0x0c; 20], b"Test With Truncation", "a3b6167473100ee06e0c796c2955552b"),
        (&long_key, b"Test Using Larger Than Block-Size Key - Hash Key First", "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"),
        (
            &long_key,
            b"This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm.",
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
        ),
    ];
    for (key, data, want) in cases {
        let got = hex(&hmac_sha256(key, data));
        assert_eq!(&got[..want.len()], want);
    }
}

// B14: mixed forms of one ID give one pseudonym; the notes' vector (no prefix).
#[test]
fn b14_normalised_forms_link() {
    // Reliability notes §1.5: key `example-municipality-secret-32-bytes!!`, message `039337423`.
    let key = b"example-municipality-secret-32-bytes!!";
    for form in ["039337423", "39337423", "03933742-3", " 039337423 "] {
        let norm = normalize_identifier(IdentifierKind::IsraeliId, form).unwrap();
        assert_eq!(norm, "039337423");
        assert_eq!(
            hex(&hmac_sha256(key, norm.as_bytes())),
            "ca61d51b7cc4628df73befdd4bd681c4a851386500cd7c4367dd60f92e6ac938"
        );
    }
    let f = fixture();
    let k = test_key();
    for (id, want) in f["pseudonyms"].as_object().unwrap() {
        assert_eq!(
            pseudonymize(&k, IdentifierKind::IsraeliId, id).unwrap(),
            want.as_str().unwrap()
        );
    }
    for form in ["39337423", "03933742-3", " 039337423 ", "39337423.0"] {
        assert_eq!(
            pseudonymize(&k, IdentifierKind::IsraeliId, form).unwrap(),
            f["pseudonyms"]["039337423"].as_str().unwrap()
        );
    }
    for form in [
        "050-1234567",
        "+972 50 123 4567",
        "00972501234567",
        "501234567",
    ] {
        assert_eq!(
            pseudonymize(&k, IdentifierKind::Phone, form).unwrap(),
            f["phonePseudonym"].as_str().unwrap()
        );
    }
    // Domain separation: the same digits as an ID and as an organisation number differ.
    assert_ne!(
        pseudonymize(&k, IdentifierKind::IsraeliId, "039337423").unwrap(),
        pseudonymize(&k, IdentifierKind::OrganisationId, "039337423").unwrap()
    );
}

// B15: different keys → different pseudonyms; the same key (re-loaded from its file) → same.
#[test]
fn b15_keys() {
    let k1 = test_key();
    let k2 = PseudonymKey::from_random_bytes([7u8; 32]);
    let a = pseudonymize(&k1, IdentifierKind::IsraeliId, "039337423").unwrap();
    let b = pseudonymize(&k2, IdentifierKind::IsraeliId, "039337423").unwrap();
    assert_ne!(a, b);
    let file = k1.to_random_key_file();
    let json = serde_json::to_string(&file).unwrap();
    let back: KeyFile = serde_json::from_str(&json).unwrap();
    let k1b = PseudonymKey::from_key_file(&back, None).unwrap();
    assert_eq!(
        pseudonymize(&k1b, IdentifierKind::IsraeliId, "39337423").unwrap(),
        a
    );
    assert_eq!(file.check, fixture()["checkValue"].as_str().unwrap());
    assert_eq!(file.source, KeySource::Random);
    // A tampered key fails its check value.
    let mut bad = back.clone();
    bad.key = Some("00".repeat(32));
    assert_eq!(
        PseudonymKey::from_key_file(&bad, None),
        Err(KeyError::CheckMismatch)
    );
    let mut bad = back.clone();
    bad.version = 2;
    assert_eq!(
        PseudonymKey::from_key_file(&bad, None),
        Err(KeyError::UnsupportedVersion)
    );
    let mut bad = back;
    bad.key = Some("zz".into());
    assert_eq!(
        PseudonymKey::from_key_file(&bad, None),
        Err(KeyError::Malformed)
    );
}

// B16: a wrong check digit is not linked and not repaired.
#[test]
fn b16_invalid_ids_are_errors() {
    let k = test_key();
    for bad in ["039337422", "000000000", "1234567890", "12345678a"] {
        assert_eq!(
            pseudonymize(&k, IdentifierKind::IsraeliId, bad),
            Err(PseudonymError::InvalidId),
            "{bad}"
        );
    }
    assert_eq!(
        pseudonymize(&k, IdentifierKind::IsraeliId, "  "),
        Err(PseudonymError::Empty)
    );
    assert_eq!(
        pseudonymize(&k, IdentifierKind::Phone, "12"),
        Err(PseudonymError::InvalidPhone)
    );
    assert_eq!(PseudonymError::InvalidId.code(), "invalid_id");
}

// B18 (core part): the key never shows in Debug output, key check values or pseudonyms; a
// passphrase key file carries no key.
#[test]
fn b18_key_does_not_leak() {
    let k = test_key();
    let key_hex = fixture()["pseudonymKeyHex"].as_str().unwrap().to_owned();
    assert!(!format!("{k:?}").contains(&key_hex));
    assert!(!format!("{k:?}").contains(&key_hex[..16]));
    let salt = [9u8; 16];
    let pk = PseudonymKey::from_passphrase("correct horse", &salt, 100_000).unwrap();
    let file = pk.to_passphrase_key_file(&salt, 100_000);
    assert_eq!(file.key, None);
    assert_eq!(
        PseudonymKey::from_key_file(&file, None),
        Err(KeyError::PassphraseRequired)
    );
    assert_eq!(
        PseudonymKey::from_key_file(&file, Some("wrong horse")),
        Err(KeyError::CheckMismatch)
    );
    assert_eq!(
        PseudonymKey::from_key_file(&file, Some("correct horse")).unwrap(),
        pk
    );
    // Gate: pseudonymising without a key drops the value instead of passing it through.
    assert_eq!(
        GateAction::Pseudonymise.apply(IdentifierKind::IsraeliId, None, "039337423"),
        Ok(None)
    );
    assert_eq!(
        GateAction::Drop.apply(IdentifierKind::IsraeliId, Some(&k), "039337423"),
        Ok(None)
    );
}

// B19: no code path hashes identifiers without a key. SHA-256 is used in the core only inside
// HMAC (privacy/pseudonym.rs), for file fingerprints of whole uploaded files (dataset.rs) and for
// the content hash of an aggregate bundle, which holds published aggregates only (bundle/mod.rs).
#[test]
fn b19_no_unkeyed_identifier_hashing() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&src, &mut files);
    let mut users = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        if text.contains("Sha256") || text.contains("sha2::") {
            let rel = f
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            users.push(rel);
        }
    }
    users.sort();
    assert_eq!(
        users,
        vec!["bundle/mod.rs", "dataset.rs", "privacy/pseudonym.rs"]
    );
    let bundle = std::fs::read_to_string(src.join("bundle/mod.rs")).unwrap();
    // The bundle hash covers the serialised bundle (measures, definitions, labels), no row.
    assert!(bundle.contains("Sha256::digest(&bytes)") && !bundle.contains("Dataset"));
    let dataset = std::fs::read_to_string(src.join("dataset.rs")).unwrap();
    // The file fingerprint hashes whole file bytes, not cell values.
    assert!(dataset.contains("hasher"));
}

// PBKDF2-HMAC-SHA256: RFC 7914 §11 and Python hashlib vectors; the passphrase key.
#[test]
fn pbkdf2_vectors() {
    let mut out = [0u8; 64];
    pbkdf2_hmac_sha256(b"passwd", b"salt", 1, &mut out);
    assert_eq!(
        hex(&out),
        "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"
    );
    // RFC 7914's second vector (80,000 iterations) is left out for test time; Python
    // hashlib vectors with 1, 2 and 4096 iterations follow.
    let f = fixture();
    for (c, want) in f["pbkdf2Short"].as_object().unwrap() {
        let mut out = [0u8; 32];
        pbkdf2_hmac_sha256(b"password", b"salt", c.parse().unwrap(), &mut out);
        assert_eq!(hex(&out), want.as_str().unwrap(), "c = {c}");
    }
    let mut out = [0u8; 40];
    pbkdf2_hmac_sha256(
        b"passwordPASSWORDpassword",
        b"saltSALTsaltSALTsaltSALTsaltSALTsalt",
        4096,
        &mut out,
    );
    assert_eq!(hex(&out), f["pbkdf2Long"].as_str().unwrap());
    let p = &f["pbkdf2"];
    let salt = from_hex(p["salt_hex"].as_str().unwrap()).unwrap();
    let key = PseudonymKey::from_passphrase(
        p["passphrase"].as_str().unwrap(),
        &salt,
        u32::try_from(p["iterations"].as_u64().unwrap()).unwrap(),
    )
    .unwrap();
    let direct = PseudonymKey::from_random_bytes(
        from_hex(p["key_hex"].as_str().unwrap())
            .unwrap()
            .try_into()
            .unwrap(),
    );
    assert_eq!(key, direct);
    assert_eq!(
        PseudonymKey::from_passphrase("x", &[0u8; 8], 600_000),
        Err(KeyError::SaltTooShort)
    );
    assert_eq!(
        PseudonymKey::from_passphrase("x", &[0u8; 16], 1_000),
        Err(KeyError::TooFewIterations)
    );
}

// Issue 7 §2: a key file made from bytes the host drew (the browser's `crypto.getRandomValues`,
// the CLI's operating-system source), random or from a passphrase.
#[test]
fn new_key_files_from_host_randomness() {
    let f = fixture();
    let key_bytes = from_hex(f["pseudonymKeyHex"].as_str().unwrap()).unwrap();
    // Random: the first 32 bytes are the key, so the check value is the fixture's.
    let mut random = key_bytes.clone();
    random.extend_from_slice(&[9u8; 8]);
    let file = PseudonymKey::new_key_file(&random, None).unwrap();
    assert_eq!(file.source, KeySource::Random);
    assert_eq!(file.check, f["checkValue"].as_str().unwrap());
    assert_eq!(
        PseudonymKey::new_key_file(&key_bytes[..31], None),
        Err(KeyError::Malformed)
    );
    // Passphrase: salt = the first 16 bytes, 600,000 iterations; the file holds no key. The
    // pseudonym is Python's
    //   k = hashlib.pbkdf2_hmac("sha256", "סיסמה ארוכה 2026".encode(), bytes(range(16)), 600000, 32)
    //   hmac.new(k, b"v1|tz|039337423", hashlib.sha256).hexdigest()
    let salt: Vec<u8> = (0u8..32).collect();
    let pass = "סיסמה ארוכה 2026";
    let file = PseudonymKey::new_key_file(&salt, Some(pass)).unwrap();
    assert_eq!(file.source, KeySource::Passphrase);
    assert_eq!(file.key, None);
    let kdf = file.kdf.clone().unwrap();
    assert_eq!(
        (kdf.iterations, kdf.salt.as_str()),
        (600_000, hex(&salt[..16]).as_str())
    );
    let key = PseudonymKey::from_key_file(&file, Some(pass)).unwrap();
    assert_eq!(
        pseudonymize(&key, IdentifierKind::IsraeliId, "039337423").unwrap(),
        "09fa85237279d3654c8d229ca4cb3ce598cb2e8a76d6002078cea4857517a759"
    );
    assert_eq!(
        PseudonymKey::from_key_file(&file, Some("סיסמה ארוכה 2025")),
        Err(KeyError::CheckMismatch)
    );
    assert_eq!(
        PseudonymKey::new_key_file(&salt[..15], Some(pass)),
        Err(KeyError::SaltTooShort)
    );
    assert_eq!(
        PseudonymKey::new_key_file(&salt, Some("")),
        Err(KeyError::Malformed)
    );
}
