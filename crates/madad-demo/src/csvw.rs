//! Minimal CSV writing helpers: RFC 4180 quoting and windows-1255 encoding.

use std::borrow::Cow;
use std::io;

/// Quotes a field per RFC 4180 when it contains a comma, a double quote, CR or LF; inner quotes
/// are doubled. Other fields are returned unchanged.
pub fn quote(field: &str) -> Cow<'_, str> {
    if field.contains([',', '"', '\r', '\n']) {
        Cow::Owned(format!("\"{}\"", field.replace('"', "\"\"")))
    } else {
        Cow::Borrowed(field)
    }
}

/// Joins already-quoted fields with commas.
pub fn join_quoted<'a>(fields: impl IntoIterator<Item = &'a str>) -> String {
    fields.into_iter().map(quote).collect::<Vec<_>>().join(",")
}

/// Encodes text as windows-1255. Fails (instead of writing `&#…;` escapes, which is what
/// `encoding_rs` substitutes) when a character has no windows-1255 byte.
pub fn windows_1255(text: &str) -> io::Result<Vec<u8>> {
    let (bytes, _, had_errors) = encoding_rs::WINDOWS_1255.encode(text);
    if had_errors {
        return Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("not encodable in windows-1255: {text:?}"),
        ));
    }
    Ok(bytes.into_owned())
}

/// The UTF-8 byte-order mark.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_follows_rfc_4180() {
        assert_eq!(quote("חונך"), "חונך");
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("עמותת \"יד ביד\""), "\"עמותת \"\"יד ביד\"\"\"");
        assert_eq!(join_quoted(["1", "x,y"]), "1,\"x,y\"");
    }

    #[test]
    fn hebrew_encodes_to_1255() {
        assert_eq!(
            windows_1255("שלום").ok(),
            Some(vec![0xF9, 0xEC, 0xE5, 0xED])
        );
        assert!(windows_1255("😀").is_err());
    }
}
