//! A small LSP client for end-to-end tests and the benchmark program: speaks JSON-RPC with
//! `Content-Length` framing to the real `wit-lsp` binary over its stdin/stdout
//! ([`Server::spawn`]), or to the same server running in this process over in-memory pipes
//! ([`Server::in_process`]): the same transport, method table and handlers, without a
//! process per test.

pub mod components;
pub mod fuzz;

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::ExitStatus;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

pub const TIMEOUT: Duration = Duration::from_secs(20);

/// The workspace root (for `wit-samples/` and `tests/fixtures/`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(3)
        .expect("workspace root")
        .to_path_buf()
}

/// The built component `NAME.wasm` of a Rust sample in `wit-samples/` (its crate name with
/// `_`), from `$WIT_SAMPLES_TARGET_DIR` or `wit-samples/target`. Panics with how to build the
/// samples unless `WIT_LSP_SAMPLES_BUILT=1` says they were built and the file is there.
pub fn built_sample(name: &str) -> PathBuf {
    assert_eq!(
        std::env::var("WIT_LSP_SAMPLES_BUILT").as_deref(),
        Ok("1"),
        "build the samples (`cargo build --target wasm32-wasip2 --release` in wit-samples/) \
         and set WIT_LSP_SAMPLES_BUILT=1"
    );
    let target = std::env::var_os("WIT_SAMPLES_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("wit-samples/target"));
    let path = target
        .join("wasm32-wasip2/release")
        .join(format!("{name}.wasm"));
    assert!(
        path.is_file(),
        "{} is missing: build the samples",
        path.display()
    );
    path
}

/// The LSP position (line, UTF-8 or ASCII column) of the `nth` occurrence of `needle` in
/// `text`, plus `shift` bytes.
pub fn position_of(text: &str, needle: &str, nth: usize, shift: usize) -> Value {
    let offset = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` does not occur {} times", nth + 1))
        .0
        + shift;
    let line = text[..offset].matches('\n').count();
    let column = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": column })
}

/// `TextDocumentPositionParams` for `uri` at `position`.
pub fn text_document_position(uri: &str, position: Value) -> Value {
    json!({ "textDocument": { "uri": uri }, "position": position })
}

pub fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for byte in path.to_str().expect("utf-8 path").bytes() {
        match byte {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'/' | b'-' | b'_' | b'.' | b'~' => {
                uri.push(byte as char)
            }
            _ => uri.push_str(&format!("%{byte:02X}")),
        }
    }
    uri
}

/// Writes one framed message.
pub fn write_frame(stdin: &mut impl Write, body: &[u8]) {
    write!(stdin, "Content-Length: {}\r\n\r\n", body.len()).expect("write header");
    stdin.write_all(body).expect("write body");
    stdin.flush().expect("flush");
}

fn read_frame(reader: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// How the client reaches the server.
enum Connection {
    /// The real binary, over its stdin and stdout.
    Process {
        child: Child,
        /// Taken to close the server's stdin.
        stdin: Option<ChildStdin>,
    },
    /// `wit_lsp_server::serve` on a runtime of this process, over in-memory pipes.
    InProcess {
        runtime: tokio::runtime::Runtime,
        /// Closed (taken) to end the session like a client closing stdin.
        input: Option<tokio::io::DuplexStream>,
        served: tokio::task::JoinHandle<wit_lsp_server::SessionEnd>,
    },
}

pub struct Server {
    connection: Connection,
    messages: Receiver<Value>,
    next_id: i64,
    /// Every `publishDiagnostics` seen, in arrival order.
    pub diagnostics: Vec<Value>,
    /// Other notifications and server requests seen.
    pub other: Vec<Value>,
}

impl Server {
    /// Starts `binary` (the `wit-lsp` executable) serving on stdio.
    pub fn spawn(binary: &Path) -> Server {
        let mut child = Command::new(binary)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn wit-lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (sender, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            while let Some(message) = read_frame(&mut reader) {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Server {
            connection: Connection::Process {
                child,
                stdin: Some(stdin),
            },
            messages,
            next_id: 1,
            diagnostics: Vec::new(),
            other: Vec::new(),
        }
    }

    /// Starts the server in this process (with the `testing` hooks of wit-lsp-server).
    pub fn in_process() -> Server {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a tokio runtime");
        let (client_in, server_in) = tokio::io::duplex(1 << 20);
        let (server_out, client_out) = tokio::io::duplex(1 << 20);
        let served = runtime.spawn(wit_lsp_server::serve(server_in, server_out));
        let (sender, messages) = channel();
        runtime.spawn(async move {
            let mut reader = tokio::io::BufReader::new(client_out);
            while let Some(message) = read_frame_async(&mut reader).await {
                if sender.send(message).is_err() {
                    break;
                }
            }
        });
        Server {
            connection: Connection::InProcess {
                runtime,
                input: Some(client_in),
                served,
            },
            messages,
            next_id: 1,
            diagnostics: Vec::new(),
            other: Vec::new(),
        }
    }

    pub fn send(&mut self, message: Value) {
        let body = serde_json::to_vec(&message).expect("json");
        let mut framed = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        framed.extend_from_slice(&body);
        self.send_raw(&framed);
    }

    pub fn send_raw(&mut self, bytes: &[u8]) {
        match &mut self.connection {
            Connection::Process { stdin, .. } => {
                let stdin = stdin.as_mut().expect("stdin is open");
                stdin.write_all(bytes).expect("write raw");
                stdin.flush().expect("flush");
            }
            Connection::InProcess { runtime, input, .. } => {
                use tokio::io::AsyncWriteExt;
                let input = input.as_mut().expect("the input is open");
                runtime
                    .block_on(input.write_all(bytes))
                    .expect("write to the server");
            }
        }
    }

    pub fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    /// Sends a request and waits for its response, answering server requests meanwhile.
    pub fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self
                .next_message(deadline)
                .unwrap_or_else(|| panic!("no response to {method} within {TIMEOUT:?}"));
            if message.get("id") == Some(&json!(id)) && message.get("method").is_none() {
                return message;
            }
            self.record(message);
        }
    }

    /// Returns the response to the request with `id` sent earlier (by [`Server::send`]),
    /// whether it was already read or still to come. Panics after [`TIMEOUT`].
    pub fn wait_for_response(&mut self, id: &Value) -> Value {
        let is_response = |message: &Value| message["id"] == *id && message.get("method").is_none();
        if let Some(found) = self.other.iter().position(is_response) {
            return self.other.remove(found);
        }
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self
                .next_message(deadline)
                .unwrap_or_else(|| panic!("no response to request {id} within {TIMEOUT:?}"));
            if is_response(&message) {
                return message;
            }
            self.record(message);
        }
    }

    /// Sends `body` as one framed message as it is (it need not be valid JSON-RPC) and
    /// returns the next response the server sends (a message without a method).
    pub fn send_body_for_response(&mut self, body: &str) -> Value {
        self.send_raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let message = self
                .next_message(deadline)
                .unwrap_or_else(|| panic!("no response to {body} within {TIMEOUT:?}"));
            if message.get("method").is_none() {
                return message;
            }
            self.record(message);
        }
    }

    fn next_message(&mut self, deadline: Instant) -> Option<Value> {
        let wait = deadline.saturating_duration_since(Instant::now());
        match self.messages.recv_timeout(wait) {
            Ok(message) => Some(message),
            Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    fn record(&mut self, message: Value) {
        let method = message.get("method").and_then(Value::as_str).unwrap_or("");
        if method == "textDocument/publishDiagnostics" {
            self.diagnostics.push(message["params"].clone());
        } else {
            if message.get("id").is_some() && !method.is_empty() {
                // A server request (registerCapability, ...): accept it.
                let id = message["id"].clone();
                self.send(json!({ "jsonrpc": "2.0", "id": id, "result": null }));
            }
            self.other.push(message);
        }
    }

    /// Reads messages until `predicate` holds for some publishDiagnostics params of `uri`;
    /// returns those params. Panics on timeout with what was seen.
    pub fn wait_for_diagnostics(&mut self, uri: &str, predicate: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        let mut checked = 0;
        loop {
            while checked < self.diagnostics.len() {
                let params = &self.diagnostics[checked];
                checked += 1;
                if params["uri"] == uri && predicate(params) {
                    return params.clone();
                }
            }
            match self.next_message(deadline) {
                Some(message) => self.record(message),
                None => panic!(
                    "no matching diagnostics for {uri}; seen: {}",
                    serde_json::to_string_pretty(&self.diagnostics_for(uri)).unwrap_or_default()
                ),
            }
        }
    }

    /// Polls `wit/bindingsCacheStatus` until no binding-preview warm-up is queued or running,
    /// and returns that status. Panics after [`TIMEOUT`].
    pub fn preview_warm_ups_settled(&mut self) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let status = self.request("wit/bindingsCacheStatus", Value::Null)["result"].clone();
            if status["warmUpsRunning"] == 0 {
                return status;
            }
            assert!(
                Instant::now() < deadline,
                "the preview warm-up did not finish within {TIMEOUT:?}: {status}"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    /// Waits until the server has been quiet for `quiet`, then returns the last diagnostics
    /// published for `uri`.
    pub fn settle(&mut self, uri: &str, quiet: Duration) -> Option<Value> {
        while let Ok(message) = self.messages.recv_timeout(quiet) {
            self.record(message);
        }
        self.diagnostics_for(uri).last().cloned()
    }

    pub fn diagnostics_for(&self, uri: &str) -> Vec<Value> {
        self.diagnostics
            .iter()
            .filter(|params| params["uri"] == uri)
            .cloned()
            .collect()
    }

    pub fn initialize(&mut self, root: &Path, encodings: &[&str]) -> Value {
        let response = self.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": file_uri(root),
                "workspaceFolders": [{ "uri": file_uri(root), "name": "root" }],
                "capabilities": {
                    "general": { "positionEncodings": encodings },
                    "workspace": {
                        "didChangeWatchedFiles": { "dynamicRegistration": true },
                        "workspaceFolders": true
                    },
                    "textDocument": { "publishDiagnostics": { "relatedInformation": true, "versionSupport": true } }
                }
            }),
        );
        self.notify("initialized", json!({}));
        response
    }

    pub fn open(&mut self, path: &Path, version: i64) -> String {
        let uri = file_uri(path);
        let text = std::fs::read_to_string(path).expect("read fixture");
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "wit", "version": version, "text": text } }),
        );
        uri
    }

    pub fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    /// `shutdown` + `exit`, and the server ends (a process with status 0).
    pub fn shutdown(mut self) {
        let response = self.request("shutdown", Value::Null);
        assert!(
            response.get("error").is_none(),
            "shutdown failed: {response}"
        );
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + TIMEOUT;
        loop {
            match &mut self.connection {
                Connection::Process { child, .. } => {
                    if let Some(status) = child.try_wait().expect("wait") {
                        assert!(status.success(), "server exited with {status}");
                        return;
                    }
                }
                Connection::InProcess { served, .. } => {
                    if served.is_finished() {
                        return;
                    }
                }
            }
            assert!(Instant::now() < deadline, "server did not exit");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn is_alive(&mut self) -> bool {
        match &mut self.connection {
            Connection::Process { child, .. } => child.try_wait().expect("wait").is_none(),
            Connection::InProcess { served, .. } => !served.is_finished(),
        }
    }

    /// The process id, for reading its memory use. Panics for an in-process server.
    pub fn pid(&self) -> u32 {
        match &self.connection {
            Connection::Process { child, .. } => child.id(),
            Connection::InProcess { .. } => panic!("an in-process server has no process id"),
        }
    }

    /// Closes the server's input, as a client that goes away does.
    pub fn close_input(&mut self) {
        match &mut self.connection {
            Connection::Process { stdin, .. } => {
                stdin.take();
            }
            Connection::InProcess { input, .. } => {
                input.take();
            }
        }
    }

    /// Waits for the process to end (after `exit`, or stdin closed). Panics for an
    /// in-process server.
    pub fn wait_for_exit(mut self) -> Option<ExitStatus> {
        let Connection::Process { child, .. } = &mut self.connection else {
            panic!("an in-process server has no exit status");
        };
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Ok(Some(status)) = child.try_wait() {
                return Some(status);
            }
            if Instant::now() > deadline {
                return None;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        match &mut self.connection {
            Connection::Process { child, .. } => {
                let _ = child.kill();
                let _ = child.wait();
            }
            Connection::InProcess { input, .. } => {
                // End of input ends the session; the runtime is dropped with the server.
                input.take();
            }
        }
    }
}

/// Reads one framed message from the in-process server.
async fn read_frame_async(reader: &mut (impl tokio::io::AsyncBufRead + Unpin)) -> Option<Value> {
    use tokio::io::{AsyncBufReadExt, AsyncReadExt};
    let mut length = None;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.strip_prefix("Content-Length:") {
            length = value.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    reader.read_exact(&mut body).await.ok()?;
    serde_json::from_slice(&body).ok()
}

/// Writes the files of a fixture into `dir`: sections headed `//- /relative/path`, each
/// holding that file's text (as in the core's feature tests). Returns the paths written.
pub fn write_fixture(dir: &Path, fixture: &str) -> Vec<PathBuf> {
    let mut written = Vec::new();
    let mut current: Option<(PathBuf, String)> = None;
    let mut flush = |current: &mut Option<(PathBuf, String)>| {
        if let Some((path, text)) = current.take() {
            std::fs::create_dir_all(path.parent().expect("a parent")).expect("mkdir");
            std::fs::write(&path, text).expect("write fixture file");
            written.push(path);
        }
    };
    for line in fixture.split_inclusive('\n') {
        if let Some(name) = line.trim_end().strip_prefix("//- /") {
            flush(&mut current);
            current = Some((dir.join(name), String::new()));
        } else if let Some((_, text)) = current.as_mut() {
            text.push_str(line);
        }
    }
    flush(&mut current);
    written
}

/// Copies a directory tree (a sample package) into `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read_dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
