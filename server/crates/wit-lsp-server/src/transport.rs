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

fn error_frame(code: i64, message: &str) -> Vec<u8> {
    let body =
        json!({ "jsonrpc": "2.0", "id": null, "error": { "code": code, "message": message } });
    frame(body.to_string().as_bytes())
}

/// One message read from the client, or what was wrong with it.
enum Incoming {
    Message(Vec<u8>, Value),
    Malformed { code: i64, reason: String },
    End,
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
        Frame::Malformed { code, reason } => return Incoming::Malformed { code, reason },
        Frame::End => return Incoming::End,
    };
    match serde_json::from_slice::<Value>(&body) {
        Ok(value @ Value::Object(_)) => Incoming::Message(body, value),
        Ok(_) => Incoming::Malformed {
            code: -32600,
            reason: "a JSON-RPC message must be a JSON object".to_string(),
        },
        Err(error) => Incoming::Malformed {
            code: -32700,
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
                code: -32700,
                reason: format!(
                    "message of {length} bytes is larger than the {MAX_MESSAGE_BYTES} allowed"
                ),
            };
        }
        Some(Err(reason)) => {
            return Frame::Malformed {
                code: -32700,
                reason,
            };
        }
        None => {
            return Frame::Malformed {
                code: -32700,
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

/// Copies client frames to the server, answering malformed ones through `errors`. Fires
/// `exit_seen` once the client's `exit` notification has been passed on.
pub(crate) async fn forward_input(
    input: impl AsyncRead + Unpin,
    mut to_server: impl AsyncWrite + Unpin,
    errors: mpsc::UnboundedSender<Vec<u8>>,
    exit_seen: tokio::sync::oneshot::Sender<()>,
) {
    let mut reader = BufReader::new(input);
    let mut exit_seen = Some(exit_seen);
    loop {
        match read_message(&mut reader).await {
            Incoming::Message(body, value) => {
                if to_server.write_all(&frame(&body)).await.is_err() {
                    return;
                }
                if value.get("method").and_then(Value::as_str) == Some("exit")
                    && let Some(exit_seen) = exit_seen.take()
                {
                    let _ = exit_seen.send(());
                }
            }
            Incoming::Malformed { code, reason } => {
                tracing::warn!("malformed message from the client: {reason}");
                if errors.send(error_frame(code, &reason)).is_err() {
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
/// server's own frames are not parsed again: only their lengths matter here.
pub(crate) async fn forward_output(
    from_server: impl AsyncRead + Unpin,
    frames: mpsc::UnboundedSender<Vec<u8>>,
) {
    let mut reader = BufReader::new(from_server);
    loop {
        match read_frame(&mut reader).await {
            Frame::Body(body) => {
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
