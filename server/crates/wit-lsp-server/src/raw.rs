//! Big answers serialized once, straight to bytes.
//!
//! tower-lsp-server turns every result, and the params of every notification it sends, into
//! a `serde_json::Value` tree before writing it: a map per JSON object. For the outline of a
//! 5 MB file that is over a million maps, seconds of work and more than a gigabyte. The
//! answers that grow with the file (outline, folding ranges, semantic tokens, inlay hints,
//! workspace symbols, published diagnostics) are instead serialized by us into a [`RawJson`]:
//! the `Value` tower-lsp-server sees is a short placeholder string, and the transport's
//! output side ([`splice`]) puts the bytes in its place in the frame.
//!
//! The requests reach these handlers under other method names ([`raw_method`]): the
//! transport renames them on the way in, so they pass through tower-lsp-server's ordering,
//! initialization checks and cancellation exactly like the typed methods.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{LazyLock, Mutex};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

use crate::locks;

/// The names under which the server answers standard methods with [`RawJson`].
pub(crate) mod names {
    pub const DOCUMENT_SYMBOL: &str = "wit-lsp/raw/textDocument/documentSymbol";
    pub const FOLDING_RANGE: &str = "wit-lsp/raw/textDocument/foldingRange";
    pub const SEMANTIC_TOKENS_FULL: &str = "wit-lsp/raw/textDocument/semanticTokens/full";
    pub const SEMANTIC_TOKENS_RANGE: &str = "wit-lsp/raw/textDocument/semanticTokens/range";
    pub const INLAY_HINT: &str = "wit-lsp/raw/textDocument/inlayHint";
    pub const WORKSPACE_SYMBOL: &str = "wit-lsp/raw/workspace/symbol";
}

/// The standard methods answered with [`RawJson`], and the names the transport gives them.
const RAW_METHODS: &[(&str, &str)] = &[
    ("textDocument/documentSymbol", names::DOCUMENT_SYMBOL),
    ("textDocument/foldingRange", names::FOLDING_RANGE),
    (
        "textDocument/semanticTokens/full",
        names::SEMANTIC_TOKENS_FULL,
    ),
    (
        "textDocument/semanticTokens/range",
        names::SEMANTIC_TOKENS_RANGE,
    ),
    ("textDocument/inlayHint", names::INLAY_HINT),
    ("workspace/symbol", names::WORKSPACE_SYMBOL),
];

/// The name under which the server answers `method` with pre-serialized JSON, if it does.
pub(crate) fn raw_method(method: &str) -> Option<&'static str> {
    RAW_METHODS
        .iter()
        .find(|(standard, _)| *standard == method)
        .map(|(_, raw)| *raw)
}

/// Serialized values waiting for the transport, by placeholder number.
static PENDING: LazyLock<Mutex<FxHashMap<u64, Vec<u8>>>> = LazyLock::new(Default::default);
static NEXT: AtomicU64 = AtomicU64::new(1);
/// More waiting values than this means frames were lost on the way out (a session that
/// ended mid-answer); the oldest are dropped so memory stays bounded.
const MAX_PENDING: usize = 64;

/// Starts every placeholder string; a control character, so no text of a real answer (which
/// serde_json writes escaped) can be mistaken for one.
const PREFIX: &str = "\u{1}wit-lsp-raw:";

/// A value already serialized to JSON text. Serializing it (which tower-lsp-server does once,
/// into a `Value`) emits a placeholder and parks the bytes for [`splice`].
#[derive(Debug)]
pub struct RawJson {
    bytes: Mutex<Option<Vec<u8>>>,
    key: u64,
}

impl RawJson {
    /// Serializes `value` now. Serializing our own protocol types cannot fail; if it did,
    /// the answer is `null` and the reason is logged.
    pub fn of(value: &impl Serialize) -> RawJson {
        let bytes = serde_json::to_vec(value).unwrap_or_else(|error| {
            tracing::error!("cannot serialize an answer: {error}");
            b"null".to_vec()
        });
        RawJson {
            bytes: Mutex::new(Some(bytes)),
            key: NEXT.fetch_add(1, Ordering::Relaxed),
        }
    }

    fn placeholder(&self) -> String {
        format!("{PREFIX}{}", self.key)
    }
}

impl Serialize for RawJson {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if let Some(bytes) = locks::lock(&self.bytes).take() {
            let mut pending = locks::lock(&PENDING);
            if pending.len() >= MAX_PENDING
                && let Some(oldest) = pending.keys().min().copied()
            {
                tracing::error!("dropping an answer that never reached the transport");
                pending.remove(&oldest);
            }
            pending.insert(self.key, bytes);
        }
        serializer.serialize_str(&self.placeholder())
    }
}

/// Notification params must be deserializable for tower-lsp-server's traits; a raw value
/// read back is simply the JSON text it was given.
impl<'de> Deserialize<'de> for RawJson {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<RawJson, D::Error> {
        let value = serde_json::Value::deserialize(deserializer)?;
        Ok(RawJson::of(&value))
    }
}

/// `textDocument/publishDiagnostics` with its params serialized once.
pub(crate) enum PublishDiagnostics {}

impl tower_lsp_server::ls_types::notification::Notification for PublishDiagnostics {
    type Params = RawJson;
    const METHOD: &'static str = "textDocument/publishDiagnostics";
}

/// If `body` (one frame the server wrote) carries a placeholder as its `result` or `params`,
/// the frame with the parked bytes in its place; `None` for every other frame.
pub(crate) fn splice(body: &[u8]) -> Option<Vec<u8>> {
    // Placeholder frames are tiny; big frames are never parsed again.
    const MAX_PLACEHOLDER_FRAME: usize = 1024;
    if body.len() > MAX_PLACEHOLDER_FRAME || !contains(body, b"wit-lsp-raw:") {
        return None;
    }
    let message: serde_json::Map<String, serde_json::Value> = serde_json::from_slice(body).ok()?;
    let placeholder = ["result", "params"]
        .iter()
        .find_map(|field| message.get(*field)?.as_str())
        .filter(|text| text.starts_with(PREFIX))?;
    let key: u64 = placeholder[PREFIX.len()..].parse().ok()?;
    let Some(bytes) = locks::lock(&PENDING).remove(&key) else {
        tracing::error!("an answer's serialized value is missing; sending null");
        return Some(replace(body, placeholder, b"null"));
    };
    Some(replace(body, placeholder, &bytes))
}

/// `body` with the JSON string `placeholder` (as serde_json writes it) replaced by `bytes`.
fn replace(body: &[u8], placeholder: &str, bytes: &[u8]) -> Vec<u8> {
    let quoted = serde_json::to_vec(placeholder).expect("a string serializes");
    let Some(at) = body.windows(quoted.len()).position(|w| w == quoted) else {
        return body.to_vec();
    };
    let mut spliced = Vec::with_capacity(body.len() - quoted.len() + bytes.len());
    spliced.extend_from_slice(&body[..at]);
    spliced.extend_from_slice(bytes);
    spliced.extend_from_slice(&body[at + quoted.len()..]);
    spliced
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_response_with_a_placeholder_gets_the_serialized_value() {
        let value = json!([{ "name": "a", "children": [] }, "text with wit-lsp-raw: in it"]);
        let raw = RawJson::of(&value);
        let response = json!({ "jsonrpc": "2.0", "result": raw, "id": 7 });
        let body = serde_json::to_vec(&response).unwrap();
        let spliced = splice(&body).expect("the placeholder is found");
        let back: serde_json::Value = serde_json::from_slice(&spliced).unwrap();
        assert_eq!(back, json!({ "jsonrpc": "2.0", "result": value, "id": 7 }));
        // Taken once: the table does not keep it.
        assert!(!locks::lock(&PENDING).contains_key(&raw.key));
    }

    #[test]
    fn notification_params_are_spliced_too() {
        let params = json!({ "uri": "file:///a.wit", "diagnostics": [] });
        let body = serde_json::to_vec(&json!({
            "jsonrpc": "2.0",
            "method": "textDocument/publishDiagnostics",
            "params": RawJson::of(&params),
        }))
        .unwrap();
        let back: serde_json::Value = serde_json::from_slice(&splice(&body).unwrap()).unwrap();
        assert_eq!(back["params"], params);
    }

    #[test]
    fn ordinary_frames_are_left_alone() {
        for body in [
            json!({ "jsonrpc": "2.0", "result": "wit-lsp-raw:1", "id": 1 }),
            json!({ "jsonrpc": "2.0", "result": "\u{1}wit-lsp-raw:x", "id": 1 }),
            json!({ "jsonrpc": "2.0", "result": null, "id": 1 }),
        ] {
            assert_eq!(splice(&serde_json::to_vec(&body).unwrap()), None, "{body}");
        }
    }

    #[test]
    fn every_raw_method_has_a_distinct_name() {
        for (standard, raw) in RAW_METHODS {
            assert_eq!(raw_method(standard), Some(*raw));
            assert_eq!(raw_method(raw), None);
        }
        assert_eq!(raw_method("textDocument/hover"), None);
    }
}
