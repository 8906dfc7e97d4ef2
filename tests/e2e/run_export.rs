//! End-to-end: `▶ Run` lenses and running exports over LSP against a component built at test
//! time from component-model WAT (no wasm toolchain needed).

use std::path::Path;
use std::time::Duration;

use serde_json::{Value, json};
use wit_lsp_test_client::{Server, copy_tree, workspace_root};

/// The adder sample's world, implemented directly in WAT.
const ADDER: &str = r#"(component
  (core module $m
    (func (export "add") (param i32 i32) (result i32)
      (i32.add (local.get 0) (local.get 1))))
  (core instance $i (instantiate $m))
  (func (export "add") (param "a" s32) (param "b" s32) (result s32)
    (canon lift (core func $i "add")))
)"#;

fn spawn() -> Server {
    Server::spawn(Path::new(env!("CARGO_BIN_EXE_wit-lsp")))
}

/// The adder sample's WIT in a temporary project, and its world file.
fn adder_wit() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    copy_tree(
        &workspace_root().join("wit-samples/adder/wit"),
        &dir.path().join("wit"),
    );
    let wit = dir.path().join("wit/world.wit");
    (dir, wit)
}

/// A project like the adder sample, with its component where cargo would put it.
fn adder_project() -> (tempfile::TempDir, std::path::PathBuf) {
    let (dir, wit) = adder_wit();
    let release = dir.path().join("target/wasm32-wasip2/release");
    std::fs::create_dir_all(&release).unwrap();
    std::fs::write(release.join("adder.wasm"), wat::parse_str(ADDER).unwrap()).unwrap();
    (dir, wit)
}

/// A server on `dir` (with these runner settings, if any) with `wit` open and analysed.
fn open_project(dir: &Path, wit: &Path, runner: Option<Value>) -> (Server, String) {
    let mut server = spawn();
    server.initialize(dir, &["utf-16"]);
    if let Some(runner) = runner {
        server.notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "wit-lsp": { "runner": runner } } }),
        );
    }
    let uri = server.open(wit, 1);
    server.wait_for_diagnostics(&uri, |_| true);
    (server, uri)
}

#[test]
fn run_lens_template_validation_and_result() {
    let (dir, wit) = adder_project();
    let (mut server, uri) = open_project(dir.path(), &wit, None);

    let lenses = server.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri } }),
    );
    let lenses = lenses["result"].as_array().cloned().unwrap_or_default();
    assert_eq!(lenses.len(), 1, "{lenses:?}");
    let text = std::fs::read_to_string(&wit).unwrap();
    let add_line = text.lines().position(|l| l.contains("export add")).unwrap();
    assert_eq!(lenses[0]["range"]["start"]["line"], add_line);
    let resolved = server.request("codeLens/resolve", lenses[0].clone());
    assert_eq!(
        resolved["result"]["command"]["title"], "▶ Run",
        "{resolved}"
    );
    let target = resolved["result"]["command"]["arguments"][0].clone();
    assert_eq!(target["function"], "add");

    let template = server.request("wit/runTemplate", target.clone());
    assert_eq!(template["result"]["call"], "add(0, 0)", "{template}");
    assert_eq!(
        template["result"]["signature"],
        "func(a: s32, b: s32) -> s32"
    );

    let mut bad = target.clone();
    bad["call"] = json!("add(1, \"two\")");
    let validation = server.request("wit/validateCall", bad);
    let diagnostic = &validation["result"]["diagnostics"][0];
    assert_eq!(diagnostic["start"], 7, "{validation}");
    assert_eq!(diagnostic["end"], 12, "{validation}");

    let mut call = target.clone();
    call["call"] = json!("add(1, 2)");
    let run = server.request("wit/runExport", call);
    assert_eq!(run["result"]["resultWave"], "3", "{run}");
    assert_eq!(run["result"]["resultJson"], 3);
    assert_eq!(run["result"]["trap"], Value::Null);

    // The generic command reuses the last call and shows the result.
    let command = server.request(
        "workspace/executeCommand",
        json!({ "command": "wit.runExport", "arguments": [target] }),
    );
    assert_eq!(command["result"]["resultWave"], "3", "{command}");
    server.settle(&uri, Duration::from_millis(200));
    let shown = server
        .other
        .iter()
        .find(|m| m["method"] == "window/showMessage")
        .cloned();
    assert!(
        shown
            .as_ref()
            .is_some_and(|m| m["params"]["message"].as_str().unwrap().contains("→ 3")),
        "{shown:?}"
    );
    server.shutdown();
}

#[test]
fn without_a_component_the_lens_says_what_is_missing() {
    let (dir, wit) = adder_wit();
    let (mut server, uri) = open_project(dir.path(), &wit, None);
    let lenses = server.request(
        "textDocument/codeLens",
        json!({ "textDocument": { "uri": uri } }),
    );
    let resolved = server.request("codeLens/resolve", lenses["result"][0].clone());
    let title = resolved["result"]["command"]["title"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(title.contains("wit-lsp.toml"), "{title}");
    let run = server.request(
        "wit/runExport",
        json!({ "uri": uri, "function": "add", "call": "add(1, 2)" }),
    );
    assert!(run["error"]["message"].is_string(), "{run}");
    assert!(server.is_alive());
    server.shutdown();
}

#[test]
fn runner_settings_from_the_client_set_the_deadline() {
    let (dir, wit) = adder_wit();
    // A component whose `add` never returns.
    let spinning = ADDER.replace(
        "(i32.add (local.get 0) (local.get 1))",
        "(loop $l (br $l)) (i32.const 0)",
    );
    assert_ne!(spinning, ADDER);
    std::fs::write(
        dir.path().join("spin.wasm"),
        wat::parse_str(&spinning).unwrap(),
    )
    .unwrap();
    let (mut server, uri) = open_project(
        dir.path(),
        &wit,
        Some(json!({ "timeoutMs": 300, "component": "spin.wasm" })),
    );
    let started = std::time::Instant::now();
    let run = server.request(
        "wit/runExport",
        json!({ "uri": uri, "function": "add", "call": "add(1, 2)" }),
    );
    assert_eq!(run["result"]["trap"]["kind"], "deadline", "{run}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "took {:?}",
        started.elapsed()
    );
    assert!(server.is_alive());
    server.shutdown();

    // A limit sent with the run wins over the setting.
    let (mut server, uri) = open_project(
        dir.path(),
        &wit,
        Some(json!({ "timeoutMs": 60000, "component": "spin.wasm" })),
    );
    let started = std::time::Instant::now();
    let run = server.request(
        "wit/runExport",
        json!({ "uri": uri, "function": "add", "call": "add(1, 2)", "timeoutMs": 300 }),
    );
    assert_eq!(run["result"]["trap"]["kind"], "deadline", "{run}");
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "the request's timeoutMs was not used: took {:?}",
        started.elapsed()
    );
    server.shutdown();
}

/// The adder world's `add`, plus `spin: func()` that never returns.
const ADD_AND_SPIN: &str = r#"(component
  (core module $m
    (func (export "add") (param i32 i32) (result i32)
      (i32.add (local.get 0) (local.get 1)))
    (func (export "spin") (loop $l (br $l))))
  (core instance $i (instantiate $m))
  (func (export "add") (param "a" s32) (param "b" s32) (result s32)
    (canon lift (core func $i "add")))
  (func (export "spin") (canon lift (core func $i "spin")))
)"#;

/// CPU time (user + system) the process has used, from /proc/PID/stat.
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap();
    // Fields after the `(comm)`: state is field 3, utime 14 and stime 15.
    let after_name = &stat[stat.rfind(')').unwrap() + 2..];
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    // Linux reports these in USER_HZ, which is 100 on every supported target.
    Duration::from_millis(ticks * 10)
}

#[test]
fn a_cancelled_run_stops_its_guest_and_the_next_run_works() {
    let (dir, wit) = adder_wit();
    std::fs::write(
        dir.path().join("both.wasm"),
        wat::parse_str(ADD_AND_SPIN).unwrap(),
    )
    .unwrap();
    // A deadline far away: only the cancellation can stop `spin`.
    let (mut server, uri) = open_project(
        dir.path(),
        &wit,
        Some(json!({ "timeoutMs": 60000, "component": "both.wasm" })),
    );

    let spin_id = 9001;
    server.send(json!({
        "jsonrpc": "2.0", "id": spin_id, "method": "wit/runExport",
        "params": { "uri": uri, "function": "spin", "call": "spin()", "workDoneToken": "spin-run" },
    }));
    // Let the guest start spinning (it burns a core while it does).
    std::thread::sleep(Duration::from_millis(500));
    // Thresholds leave room for a loaded machine: a spinning guest gets at least a fifth
    // of a core, an idle server (an epoch tick every 5 ms) far under a tenth.
    let spinning_since = cpu_time(server.pid());
    std::thread::sleep(Duration::from_millis(500));
    let spun = cpu_time(server.pid()) - spinning_since;
    assert!(
        spun >= Duration::from_millis(100),
        "the guest is not running: {spun:?} of CPU in 500 ms"
    );

    let cancelled_at = std::time::Instant::now();
    server.notify("$/cancelRequest", json!({ "id": spin_id }));
    let run = server.request(
        "wit/runExport",
        json!({ "uri": uri, "function": "add", "call": "add(1, 2)" }),
    );
    assert_eq!(run["result"]["resultWave"], "3", "{run}");
    // The two answers are independent: the cancelled one may come before or after.
    let answered = server.wait_for_response(&json!(spin_id));
    assert_eq!(answered["error"]["code"], -32800, "{answered}");
    assert!(
        cancelled_at.elapsed() < Duration::from_secs(2),
        "took {:?}",
        cancelled_at.elapsed()
    );

    // The guest really stopped: the server is idle again.
    let idle_since = cpu_time(server.pid());
    std::thread::sleep(Duration::from_millis(1000));
    let used = cpu_time(server.pid()) - idle_since;
    assert!(
        used < Duration::from_millis(100),
        "the server used {used:?} of CPU in the second after the cancel"
    );
    // Its progress ended too, saying why.
    server.settle(&uri, Duration::from_millis(200));
    let progress = progress_for(&server, &json!("spin-run"));
    assert_eq!(
        progress.first().map(|(kind, _)| kind.as_str()),
        Some("begin"),
        "{progress:?}"
    );
    assert_eq!(
        progress.last(),
        Some(&("end".to_string(), "Cancelled".to_string())),
        "{progress:?}"
    );
    assert!(server.is_alive());
    server.shutdown();
}

/// The `$/progress` notifications seen for `token`, as (kind, message) pairs.
fn progress_for(server: &Server, token: &Value) -> Vec<(String, String)> {
    server
        .other
        .iter()
        .filter(|message| message["method"] == "$/progress" && message["params"]["token"] == *token)
        .map(|message| {
            let value = &message["params"]["value"];
            (
                value["kind"].as_str().unwrap_or_default().to_string(),
                value["message"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn a_run_reports_progress_through_its_build_and_call() {
    let (dir, wit) = adder_wit();
    std::fs::create_dir_all(dir.path().join("source")).unwrap();
    std::fs::write(
        dir.path().join("source/adder.wasm"),
        wat::parse_str(ADDER).unwrap(),
    )
    .unwrap();
    // The component does not exist yet: the configured build makes it.
    std::fs::write(
        dir.path().join("wit-lsp.toml"),
        "[[component]]\npath = \"built/adder.wasm\"\nbuild = \"mkdir -p built && cp source/adder.wasm built/adder.wasm\"\n",
    )
    .unwrap();
    let (mut server, uri) = open_project(dir.path(), &wit, None);

    let token = json!("run-progress-1");
    let run = server.request(
        "wit/runExport",
        json!({ "uri": uri, "function": "add", "call": "add(1, 2)", "workDoneToken": token }),
    );
    assert_eq!(run["result"]["resultWave"], "3", "{run}");
    assert!(dir.path().join("built/adder.wasm").exists());
    server.settle(&uri, Duration::from_millis(200));
    let progress = progress_for(&server, &token);
    let kinds: Vec<&str> = progress.iter().map(|(kind, _)| kind.as_str()).collect();
    assert_eq!(kinds.first(), Some(&"begin"), "{progress:?}");
    assert_eq!(kinds.last(), Some(&"end"), "{progress:?}");
    assert_eq!(
        kinds.iter().filter(|kind| **kind == "end").count(),
        1,
        "{progress:?}"
    );
    let reported = |needle: &str| {
        progress
            .iter()
            .any(|(kind, message)| kind == "report" && message.contains(needle))
    };
    assert!(reported("Building: `mkdir -p built"), "{progress:?}");
    assert!(reported("Compiling adder.wasm"), "{progress:?}");
    assert!(reported("Running add(1, 2)"), "{progress:?}");
    assert!(
        progress.last().unwrap().1.starts_with("Returned"),
        "{progress:?}"
    );
    server.shutdown();
}

#[test]
fn cancelling_a_run_kills_its_build_command() {
    let (dir, wit) = adder_wit();
    // A build that would hold the run for 30 s, with a background job that would write
    // `late` a second in if it outlived the cancel.
    std::fs::write(
        dir.path().join("wit-lsp.toml"),
        "[[component]]\npath = \"built/adder.wasm\"\nbuild = \"(sleep 1; touch late) & sleep 30\"\n",
    )
    .unwrap();
    let (mut server, uri) = open_project(dir.path(), &wit, None);

    let build_id = 9100;
    server.send(json!({
        "jsonrpc": "2.0", "id": build_id, "method": "wit/runExport",
        "params": { "uri": uri, "function": "add", "call": "add(1, 2)", "workDoneToken": "build-run" },
    }));
    // Wait until the build has started (its progress says so), then cancel.
    let started = std::time::Instant::now();
    while !progress_for(&server, &json!("build-run"))
        .iter()
        .any(|(_, message)| message.starts_with("Building"))
    {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the build did not start"
        );
        server.settle(&uri, Duration::from_millis(50));
    }
    server.notify("$/cancelRequest", json!({ "id": build_id }));
    std::thread::sleep(Duration::from_millis(1500));
    server.settle(&uri, Duration::from_millis(100));
    let answered = server
        .other
        .iter()
        .find(|message| message["id"] == build_id)
        .cloned()
        .expect("the cancelled request is answered");
    assert_eq!(answered["error"]["code"], -32800, "{answered}");
    assert!(
        !dir.path().join("late").exists(),
        "a process the build started outlived the cancel"
    );
    assert!(server.is_alive());
    server.shutdown();
}

#[test]
fn the_run_command_reports_progress_on_a_token_the_server_creates() {
    let (dir, wit) = adder_project();
    let mut server = spawn();
    server.request(
        "initialize",
        json!({
            "processId": null,
            "rootUri": wit_lsp_test_client::file_uri(dir.path()),
            "capabilities": { "window": { "workDoneProgress": true } }
        }),
    );
    server.notify("initialized", json!({}));
    let uri = server.open(&wit, 1);
    server.wait_for_diagnostics(&uri, |_| true);
    let command = server.request(
        "workspace/executeCommand",
        json!({ "command": "wit.runExport", "arguments": [{ "uri": uri, "function": "add" }] }),
    );
    assert_eq!(command["result"]["resultWave"], "0", "{command}");
    server.settle(&uri, Duration::from_millis(200));
    let created = server
        .other
        .iter()
        .find(|message| message["method"] == "window/workDoneProgress/create")
        .cloned()
        .expect("the server asks to create a progress token");
    let token = created["params"]["token"].clone();
    let kinds: Vec<String> = progress_for(&server, &token)
        .into_iter()
        .map(|(kind, _)| kind)
        .collect();
    assert_eq!(
        kinds.first().map(String::as_str),
        Some("begin"),
        "{kinds:?}"
    );
    assert_eq!(kinds.last().map(String::as_str), Some("end"), "{kinds:?}");
    server.shutdown();
}
