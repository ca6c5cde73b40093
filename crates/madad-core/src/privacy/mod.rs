//! Privacy by construction: the identifier gate, keyed pseudonyms, disclosure control and the
//! masking of identifier-like values, applied before anything leaves the core.
//!
//! * [`detect`] classifies a column (Israeli ID numbers, phones, e-mails, likely names) and
//!   [`gate`] records what the user decided for each flagged column (drop or pseudonymise);
//!   [`ingest_gate`] runs both while files are read; [`quasi`] warns about birth dates and addresses that identify in combination.
//! * [`samples`] keeps a few values of each non-identifying column for the mapping screen.
//! * [`pseudonym`] derives keyed pseudonyms (HMAC-SHA256) with a key the municipality holds
//!   ([`key`]); there is no unkeyed hashing of identifiers anywhere in the core.
//! * [`suppress`], [`table`], [`audit`], [`views`], [`collapse`] and [`rounding`] are the
//!   disclosure control applied before the report is built.

pub mod audit;
pub mod collapse;
pub mod detect;
pub mod email;
pub mod gate;
pub mod ingest_gate;
pub mod israeli_id;
pub mod key;
pub mod keywords;
pub mod lp;
pub mod mask;
pub mod phone;
pub mod pseudonym;
pub mod quasi;
pub mod rounding;
pub mod samples;
pub mod suppress;
pub mod table;
pub mod views;
