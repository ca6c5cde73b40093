//! JSON numbers without NaN or infinity (reliability notes §3.3 and test D41).
//!
//! JSON has no NaN or ±∞ (RFC 8259 §6), and `serde_json` writes them as `null` silently, losing
//! the reason. Every float leaving the core goes through [`json_number`]: a finite value stays
//! (with `-0` written as `0`), a non-finite one becomes `null` with a reason code the report
//! carries beside it.

use serde::{Deserialize, Serialize};

/// A number ready for JSON: `value` is `null` exactly when `reason` says why.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(
    feature = "tsify",
    derive(tsify::Tsify),
    tsify(missing_as_null, hashmap_as_object)
)]
#[serde(rename_all = "camelCase")]
pub struct JsonNumber {
    /// The finite value, or `null`.
    pub value: Option<f64>,
    /// `not_a_number`, `positive_infinity` or `negative_infinity` when `value` is `null`.
    pub reason: Option<&'static str>,
}

/// `x` as a JSON-safe number.
pub fn json_number(x: f64) -> JsonNumber {
    if x.is_nan() {
        JsonNumber {
            value: None,
            reason: Some("not_a_number"),
        }
    } else if x.is_infinite() {
        JsonNumber {
            value: None,
            reason: Some(if x > 0.0 {
                "positive_infinity"
            } else {
                "negative_infinity"
            }),
        }
    } else {
        JsonNumber {
            // −0 prints as "-0"; it means 0 (reliability notes test H91: no "−0").
            value: Some(if x == 0.0 { 0.0 } else { x }),
            reason: None,
        }
    }
}

/// `x` when finite (`-0` as `0`), else `None`.
pub fn finite_or_none(x: f64) -> Option<f64> {
    json_number(x).value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn non_finite_become_null_with_reason() {
        assert_eq!(json_number(f64::NAN).value, None);
        assert_eq!(json_number(f64::NAN).reason, Some("not_a_number"));
        assert_eq!(json_number(f64::INFINITY).reason, Some("positive_infinity"));
        assert_eq!(
            json_number(f64::NEG_INFINITY).reason,
            Some("negative_infinity")
        );
        assert_eq!(
            json_number(-0.0).value.map(f64::is_sign_negative),
            Some(false)
        );
        assert_eq!(
            json_number(2.5),
            JsonNumber {
                value: Some(2.5),
                reason: None
            }
        );
        assert_eq!(finite_or_none(f64::NAN), None);
    }
}
