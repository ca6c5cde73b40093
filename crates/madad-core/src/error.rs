//! Fatal errors: the file as a whole cannot be used. Row-level problems are
//! [`Diagnostic`](crate::Diagnostic)s instead.

use std::collections::BTreeMap;

use serde::Serialize;

/// The result type of fallible core operations.
pub type Result<T> = std::result::Result<T, Error>;

/// A fatal error with a stable code and the parameters a host needs to translate it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Error {
    /// Stable machine-readable code, e.g. `schema.missing_columns`.
    pub code: &'static str,
    /// The file the error is about, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// Code-specific parameters.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub params: BTreeMap<String, String>,
}

impl Error {
    /// An error about one file.
    pub fn in_file(code: &'static str, file: &str) -> Self {
        Error {
            code,
            file: Some(file.to_owned()),
            params: BTreeMap::new(),
        }
    }

    /// An error not tied to a file (bad options, misuse of the builder).
    pub fn general(code: &'static str) -> Self {
        Error {
            code,
            file: None,
            params: BTreeMap::new(),
        }
    }

    /// Adds a parameter.
    pub fn with(mut self, key: &str, value: impl ToString) -> Self {
        self.params.insert(key.to_owned(), value.to_string());
        self
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.code)?;
        if let Some(file) = &self.file {
            write!(f, " in {file}")?;
        }
        for (k, v) in &self.params {
            write!(f, " {k}={v}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}
