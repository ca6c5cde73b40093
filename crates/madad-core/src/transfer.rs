//! Handing a [`Dataset`] from the core wasm module to the statistics module.
//!
//! The browser build splits Madad in two wasm modules so that the first download (reading,
//! checking and mapping files) stays small: the core module reads the files into a `Dataset`,
//! [`encode`]s it, and the statistics module [`decode`]s it and computes the report. The bytes
//! never leave the tab (or the worker); they carry the same validated data as the `Dataset`
//! (person codes, not identifiers) minus the rejected rows, which stay with the core module for
//! the excluded-rows download.
//!
//! Format: the 8-byte magic `MADADDS1`, then postcard (serde, varint integers) of the library
//! version, the `Dataset`'s tables, and its ledgers and diagnostics as JSON bytes (their serde
//! shapes skip empty fields, which only a self-describing format reads back). Both modules are
//! built from one version; a mismatch is refused rather than guessed at.

use crate::dataset::Dataset;
use crate::error::{Error, Result};

const MAGIC: &[u8; 8] = b"MADADDS1";

/// The dataset as transfer bytes.
pub fn encode(ds: &Dataset) -> Result<Vec<u8>> {
    let mut out = MAGIC.to_vec();
    let invalid = |e: &dyn std::fmt::Display| {
        Error::general("transfer.invalid").with("detail", e.to_string())
    };
    let ledgers = serde_json::to_vec(&ds.ledgers).map_err(|e| invalid(&e))?;
    let diagnostics = serde_json::to_vec(&ds.diagnostics).map_err(|e| invalid(&e))?;
    let body = postcard::to_allocvec(&(crate::VERSION, ds, ledgers, diagnostics))
        .map_err(|e| invalid(&e))?;
    out.extend_from_slice(&body);
    Ok(out)
}

/// The dataset back from [`encode`]'s bytes; `transfer.invalid` for anything else (another
/// version of Madad, damaged bytes).
pub fn decode(bytes: &[u8]) -> Result<Dataset> {
    let body = bytes
        .strip_prefix(MAGIC.as_slice())
        .ok_or_else(|| Error::general("transfer.invalid").with("detail", "not a Madad dataset"))?;
    let invalid = |e: &dyn std::fmt::Display| {
        Error::general("transfer.invalid").with("detail", e.to_string())
    };
    let (version, mut ds, ledgers, diagnostics): (String, Dataset, Vec<u8>, Vec<u8>) =
        postcard::from_bytes(body).map_err(|e| invalid(&e))?;
    if version != crate::VERSION {
        return Err(Error::general("transfer.invalid")
            .with("detail", "made by another version")
            .with("found", version)
            .with("expected", crate::VERSION));
    }
    ds.ledgers = serde_json::from_slice(&ledgers).map_err(|e| invalid(&e))?;
    ds.diagnostics = serde_json::from_slice(&diagnostics).map_err(|e| invalid(&e))?;
    Ok(ds)
}
