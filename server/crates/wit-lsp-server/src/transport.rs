//! The stdio transport in front of tower-lsp-server.
//!
//! tower-lsp-server's reader stops for good after one undecodable frame (the framed stream
//! is left in an errored state), so a single malformed message from a client would end the
//! session. This layer reads frames itself, answers a malformed one with a JSON-RPC error
//! (`-32700` parse error, `-32600` invalid request) and forwards only well-formed messages.
//! All output goes through one writer, so injected errors never interleave with the
//! server's own frames.

use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;

/// Largest message accepted (a 5 MB document sent whole is well within this).
const MAX_MESSAGE_BYTES: usize = 256 * 1024 * 1024;

fn frame(body: &[u8]) -> Vec<u8> {
    let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    framed.extend_from_slice(body);
    framed
}

fn error_frame(id: &Value, code: i64, message: &str) -> Vec<u8> {
    let body = json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } });
    frame(body.to_string().as_bytes())
}

/// JSON-RPC's "Invalid Request".
const INVALID_REQUEST: i64 = -32600;
/// JSON-RPC's "Method not found".
const METHOD_NOT_FOUND: i64 = -32601;
/// JSON-RPC's "Parse error".
const PARSE_ERROR: i64 = -32700;

/// The `$/` methods the server handles; other `$/` requests are answered "method not
/// found" here (tower-lsp-server drops them without an answer).
const KNOWN_DOLLAR_METHODS: &[&str] = &["$/cancelRequest", "$/setTrace", "$/progress"];

/// One message read from the client, or what was wrong with it.
enum Incoming {
    Message(Vec<u8>, Value),
    /// An error to answer with; `id` is the message's id when it could be read, else null.
    Malformed {
        id: Value,
        code: i64,
        reason: String,
    },
    End,
}

/// Whether `id` is one the LSP allows: an integer (that fits an i64) or a string.
fn is_valid_id(id: &Value) -> bool {
    id.is_string() || id.is_i64()
}

/// Checks a JSON object against JSON-RPC 2.0 as the LSP uses it: `"jsonrpc": "2.0"`; a
/// request (`method` and `id`), a notification (`method`, no `id`) or a response (`id` and
/// `result` or `error`, no `method`); a string method; an integer or string id; params, when
/// given, an object or an array (or null, which clients send for methods without params).
fn validate(message: &serde_json::Map<String, Value>) -> Result<(), (Value, i64, String)> {
    let id = message.get("id");
    let answer_id = id
        .filter(|id| is_valid_id(id))
        .cloned()
        .unwrap_or(Value::Null);
    let invalid = |reason: &str| Err((answer_id.clone(), INVALID_REQUEST, reason.to_string()));
    if message.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return invalid("not a JSON-RPC 2.0 message: `jsonrpc` must be \"2.0\"");
    }
    if let Some(id) = id
        && !is_valid_id(id)
    {
        return invalid("`id` must be an integer or a string");
    }
    match message.get("method") {
        Some(Value::String(method)) => {
            if let Some(params) = message.get("params")
                && !(params.is_object() || params.is_array() || params.is_null())
            {
                return invalid("`params` must be an object or an array");
            }
            if id.is_some()
                && method.starts_with("$/")
                && !KNOWN_DOLLAR_METHODS.contains(&method.as_str())
            {
                return Err((
                    answer_id,
                    METHOD_NOT_FOUND,
                    format!("method not found: {method}"),
                ));
            }
            Ok(())
        }
        Some(_) => invalid("`method` must be a string"),
        None if id.is_some()
            && (message.contains_key("result") || message.contains_key("error")) =>
        {
            Ok(())
        }
        None => invalid("neither a request, a notification nor a response"),
    }
}

/// One frame's body, unparsed, or what was wrong with the frame.
enum Frame {
    Body(Vec<u8>),
    Malformed { code: i64, reason: String },
    End,
}

async fn read_message(reader: &mut (impl AsyncBufReadExt + Unpin)) -> Incoming {
    let body = match read_frame(reader).await {
        Frame::Body(body) => body,
        Frame::Malformed { code, reason } => {
            return Incoming::Malformed {
                id: Value::Null,
                code,
                reason,
            };
        }
        Frame::End => return Incoming::End,
    };
    match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(message)) => match validate(&message) {
            Ok(()) => Incoming::Message(body, Value::Object(message)),
            Err((id, code, reason)) => Incoming::Malformed { id, code, reason },
        },
        Ok(_) => Incoming::Malformed {
            id: Value::Null,
            code: INVALID_REQUEST,
            reason: "a JSON-RPC message must be a JSON object".to_string(),
        },
        Err(error) => Incoming::Malformed {
            id: Value::Null,
            code: PARSE_ERROR,
            reason: format!("invalid JSON: {error}"),
        },
    }
}

async fn read_frame(reader: &mut (impl AsyncBufReadExt + Unpin)) -> Frame {
    let mut content_length: Option<Result<usize, String>> = None;
    let mut saw_header = false;
    loop {
        let mut line = Vec::new();
        match reader.read_until(b'\n', &mut line).await {
            Ok(0) | Err(_) => return Frame::End,
            Ok(_) => {}
        }
        let line = String::from_utf8_lossy(&line);
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            if saw_header {
                break;
            }
            continue;
        }
        saw_header = true;
        if let Some((name, value)) = line.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            content_length = Some(
                value
                    .trim()
                    .parse::<usize>()
                    .map_err(|_| format!("Content-Length is not a number: {:?}", value.trim())),
            );
        }
    }
    let length = match content_length {
        Some(Ok(length)) if length <= MAX_MESSAGE_BYTES => length,
        Some(Ok(length)) => {
            return Frame::Malformed {
                code: PARSE_ERROR,
                reason: format!(
                    "message of {length} bytes is larger than the {MAX_MESSAGE_BYTES} allowed"
                ),
            };
        }
        Some(Err(reason)) => {
            return Frame::Malformed {
                code: PARSE_ERROR,
                reason,
            };
        }
        None => {
            return Frame::Malformed {
                code: PARSE_ERROR,
                reason: "message without a Content-Length header".to_string(),
            };
        }
    };
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).await.is_err() {
        return Frame::End;
    }
    Frame::Body(body)
}

/// How the client ended the session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionEnd {
    /// `exit` after `shutdown` (or the input closed): the process exits with status 0.
    Clean,
    /// `exit` without a `shutdown` first: the LSP asks for status 1.
    ExitWithoutShutdown,
}

/// Copies client frames to the server, answering malformed ones through `errors`. Sends on
/// `exit_seen` once the client's `exit` notification has been passed on, and records in
/// `end` whether a `shutdown` request came first.
pub(crate) async fn forward_input(
    input: impl AsyncRead + Unpin,
    mut to_server: impl AsyncWrite + Unpin,
    errors: mpsc::UnboundedSender<Vec<u8>>,
    exit_seen: tokio::sync::oneshot::Sender<()>,
    end: std::sync::Arc<std::sync::Mutex<SessionEnd>>,
) {
    let mut reader = BufReader::new(input);
    let mut exit_seen = Some(exit_seen);
    let mut shutdown_seen = false;
    loop {
        match read_message(&mut reader).await {
            Incoming::Message(body, mut value) => {
                // Requests whose answers grow with the file go to the handlers that
                // serialize them once (`crate::raw`).
                let raw = value
                    .get("method")
                    .and_then(Value::as_str)
                    .and_then(crate::raw::raw_method)
                    .filter(|_| value.get("id").is_some());
                let body = match raw {
                    Some(raw) => {
                        value["method"] = Value::from(raw);
                        serde_json::to_vec(&value).unwrap_or(body)
                    }
                    None => body,
                };
                if to_server.write_all(&frame(&body)).await.is_err() {
                    return;
                }
                match value.get("method").and_then(Value::as_str) {
                    Some("shutdown") => shutdown_seen = true,
                    Some("exit") => {
                        if let Some(exit_seen) = exit_seen.take() {
                            if !shutdown_seen {
                                *crate::locks::lock(&end) = SessionEnd::ExitWithoutShutdown;
                            }
                            let _ = exit_seen.send(());
                        }
                    }
                    _ => {}
                }
            }
            Incoming::Malformed { id, code, reason } => {
                tracing::warn!("malformed message from the client: {reason}");
                if errors.send(error_frame(&id, code, &reason)).is_err() {
                    return;
                }
            }
            Incoming::End => {
                let _ = to_server.shutdown().await;
                return;
            }
        }
    }
}

/// Splits the server's output into whole frames and queues each for the writer. The
/// server's own frames are not parsed again (only their lengths matter here), except the
/// tiny ones that carry a placeholder for a pre-serialized answer (`crate::raw::splice`).
pub(crate) async fn forward_output(
    from_server: impl AsyncRead + Unpin,
    frames: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut reader = BufReader::new(from_server);
    loop {
        match read_frame(&mut reader).await {
            Frame::Body(body) => {
                let body = crate::raw::splice(&body).unwrap_or(body);
                if frames.send(frame(&body)).is_err() {
                    return;
                }
            }
            Frame::Malformed { reason, .. } => {
                tracing::error!("the server wrote a malformed frame: {reason}");
            }
            Frame::End => return,
        }
    }
}

/// Writes queued frames to the client, whole and in order, until an empty frame (the end
/// of the session) or until every sender is gone.
pub(crate) async fn write_frames(
    mut output: impl AsyncWrite + Unpin,
    mut frames: mpsc::UnboundedReceiver<Vec<u8>>,
) {
    while let Some(frame) = frames.recv().await {
        if frame.is_empty() {
            return;
        }
        if output.write_all(&frame).await.is_err() || output.flush().await.is_err() {
            return;
        }
    }
}
