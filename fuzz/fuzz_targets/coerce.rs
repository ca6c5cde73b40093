//! Arbitrary strings → `parse_date`, `parse_hours`, `parse_status`, `normalize`,
//! `mask_if_identifier`. Checks: no panic; hours are within range when accepted; the masked
//! form of a value never contains a run of 7 ASCII digits that the value contains (an ID or
//! phone number must not reach a diagnostic). `MADAD_FUZZ_SKIP_MASK=1` turns the last check off
//! while its known bug is open (an ID inside longer text is not masked), so the run can go on.
#![no_main]

use chrono::Datelike;
use libfuzzer_sys::fuzz_target;
use madad_core::privacy::mask::mask_if_identifier;
use madad_core::schema::coerce::{DateOrder, MICRO, parse_date, parse_hours, parse_status};
use madad_core::schema::headers::normalize;

fuzz_target!(|s: &str| {
    for order in [DateOrder::Dmy, DateOrder::Mdy] {
        if let Ok(d) = parse_date(s, order) {
            assert!((1900..=2200).contains(&d.year()), "{s:?} → {d:?}");
        }
    }
    for max in [24, 0, u32::MAX] {
        if let Ok(micro) = parse_hours(s, max) {
            assert!(
                micro >= 0 && micro <= i64::from(max) * MICRO,
                "{s:?} → {micro}"
            );
        }
    }
    let _ = parse_status(s);
    let n = normalize(s);
    assert_eq!(normalize(&n), n, "normalize is not idempotent on {s:?}");
    let masked = mask_if_identifier(s);
    if std::env::var_os("MADAD_FUZZ_SKIP_MASK").is_none() {
        let digits: Vec<char> = s.chars().collect();
        for w in digits.windows(7) {
            if w.iter().all(char::is_ascii_digit) {
                let run: String = w.iter().collect();
                assert!(!masked.contains(&run), "{s:?} masked as {masked:?}");
            }
        }
    }
});
