//! The encoding of every server function's answer: JSON, as `server_fn`'s own, read with
//! `serde_json::from_str` instead of `from_slice`.
//!
//! Why not `server_fn::codec::Json`: the browser reads the same types from two places, the
//! answers of server functions (`Json` reads bytes, `from_slice`) and the resources and island
//! props the server wrote into the page (Leptos reads text, `from_str`). serde_json compiles a
//! type's reader once per source, so every type read both ways was compiled twice into the
//! wasm. Reading answers as text shares one reader per type. The wire format is unchanged, so
//! every client, test and the service worker's queue see the same JSON.

use leptos::server_fn::codec::Post;
use leptos::server_fn::{Bytes, ContentType, Decodes, Encodes, Format, FormatType};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde::de::Error as _;

/// JSON in both directions, read as text.
pub struct JsonTextEncoding;

impl ContentType for JsonTextEncoding {
    const CONTENT_TYPE: &'static str = "application/json";
}

impl FormatType for JsonTextEncoding {
    const FORMAT_TYPE: Format = Format::Text;
}

impl<T: Serialize> Encodes<T> for JsonTextEncoding {
    type Error = serde_json::Error;

    fn encode(output: &T) -> Result<Bytes, Self::Error> {
        serde_json::to_vec(output).map(Bytes::from)
    }
}

impl<T: DeserializeOwned> Decodes<T> for JsonTextEncoding {
    type Error = serde_json::Error;

    fn decode(bytes: Bytes) -> Result<T, Self::Error> {
        serde_json::from_str(std::str::from_utf8(&bytes).map_err(serde_json::Error::custom)?)
    }
}

/// The answers of server functions: JSON in the body of a `POST`'s response, read as text.
pub type JsonText = Post<JsonTextEncoding>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_plain_json_both_ways() {
        let bytes =
            <JsonTextEncoding as Encodes<Vec<(i64, String)>>>::encode(&vec![(1, "é".into())])
                .expect("encodes");
        assert_eq!(&bytes[..], "[[1,\"é\"]]".as_bytes());
        let back: Vec<(i64, String)> = JsonTextEncoding::decode(bytes).expect("decodes");
        assert_eq!(back, vec![(1, "é".to_string())]);
        // Not UTF-8, or not JSON: an error, never a panic.
        assert!(<JsonTextEncoding as Decodes<i64>>::decode(Bytes::from_static(b"\xff")).is_err());
        assert!(<JsonTextEncoding as Decodes<i64>>::decode(Bytes::from_static(b"{")).is_err());
    }

    /// Every server function answers with [`JsonText`]: one with `server_fn`'s `Json` would
    /// bring back a second reader for each type it returns.
    #[test]
    fn every_server_function_answers_as_text() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/api");
        let mut seen = 0;
        for entry in std::fs::read_dir(&dir).expect("src/api") {
            let path = entry.expect("entry").path();
            let text = std::fs::read_to_string(&path).expect("source");
            for line in text
                .lines()
                .filter(|l| l.trim_start().starts_with("#[server(endpoint"))
            {
                seen += 1;
                assert!(
                    line.contains("output = JsonText"),
                    "{}: {line}",
                    path.display()
                );
            }
        }
        assert!(seen > 80, "found {seen} server functions");
    }
}
