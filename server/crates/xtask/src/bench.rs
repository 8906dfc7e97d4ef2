//! The benchmark program. Drives the release `wit-lsp` binary over stdio on the real WASI
//! 0.2 tree (`corpus/wasi-http`) and prints latencies (p50/p95/p99) and peak memory.
//! Numbers, not assertions: compare them with the targets in the README.

use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::stats::percentile;
use wit_lsp_test_client::{Server, file_uri};

use crate::Options;

const EDITS: usize = 500;

fn ms(duration: Duration) -> String {
    format!("{:.2} ms", duration.as_secs_f64() * 1000.0)
}

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    println!(
        "{name:<44} p50 {:>10}  p95 {:>10}  p99 {:>10}  (n={})",
        ms(percentile(&samples, 50.0)),
        ms(percentile(&samples, 95.0)),
        ms(percentile(&samples, 99.0)),
        samples.len()
    );
}

/// Peak resident set size of a live process, from `/proc/<pid>/status` (`VmHWM`).
fn peak_rss_kib(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
}

/// The parts of the benchmark, in the order they run; `cargo xtask bench [PART...]` runs
/// only the named ones.
const PARTS: &[&str] = &[
    "startup", "edits", "check", "features", "format", "bindings", "runner", "validate", "compose",
];

pub fn run(options: &Options) -> anyhow::Result<bool> {
    // `scale` (minutes at 5,000 interfaces) runs only when named, with optional sizes.
    let sizes: Vec<usize> = options
        .rest
        .iter()
        .filter_map(|part| part.parse().ok())
        .collect();
    let parts: Vec<&String> = options
        .rest
        .iter()
        .filter(|part| part.parse::<usize>().is_err())
        .collect();
    let on_demand = ["scale", "bigfile", "workspace"];
    if let Some(unknown) = parts
        .iter()
        .find(|part| !PARTS.contains(&part.as_str()) && !on_demand.contains(&part.as_str()))
    {
        anyhow::bail!(
            "unknown benchmark part `{unknown}`; parts: {}, and on demand: scale [SIZES...], bigfile, workspace",
            PARTS.join(", ")
        );
    }
    if parts.iter().any(|part| *part == "bigfile") {
        crate::bench_scale::run_big_file(&options.binary)?;
    }
    if parts.iter().any(|part| *part == "workspace") {
        crate::bench_scale::run_workspaces(&options.binary)?;
    }
    if parts.iter().any(|part| *part == "scale") {
        let sizes = if sizes.is_empty() {
            vec![100, 1000, 5000]
        } else {
            sizes
        };
        crate::bench_scale::run(&options.binary, &sizes)?;
    }
    if !parts.is_empty() && parts.iter().all(|part| on_demand.contains(&part.as_str())) {
        return Ok(true);
    }
    let wanted = |part: &str| parts.is_empty() || parts.iter().any(|p| *p == part);
    let tree = options.corpus.join("wasi-http");
    println!(
        "wit-lsp benchmark on {} ({})",
        tree.display(),
        options.binary.display()
    );
    if wanted("startup") {
        bench_startup(options, &tree);
    }
    if wanted("edits") {
        bench_edits(options, &tree)?;
    }
    if wanted("check") {
        bench_check(options, &tree)?;
    }
    if wanted("features") {
        bench_editor_features(options, &tree)?;
    }
    if wanted("format") {
        bench_formatter(&tree)?;
    }
    if wanted("bindings") {
        bench_binding_previews(&tree)?;
        bench_first_preview(options, &tree)?;
    }
    if wanted("runner") {
        crate::bench_runner::run(&options.binary, &crate::workspace_root())?;
    }
    if wanted("validate") {
        crate::bench_validate::run(&options.binary, &crate::workspace_root())?;
    }
    if wanted("compose") {
        crate::bench_compose::run(&options.binary, &crate::workspace_root())?;
    }
    Ok(true)
}

/// `initialized` + open types.wit -> its first publishDiagnostics (target: 100 ms).
fn bench_startup(options: &Options, tree: &std::path::Path) {
    let types = tree.join("types.wit");

    let mut startup = Vec::new();
    for _ in 0..10 {
        let mut server = Server::spawn(&options.binary);
        server.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": file_uri(tree),
                "workspaceFolders": [{ "uri": file_uri(tree), "name": "wasi-http" }],
                "capabilities": { "general": { "positionEncodings": ["utf-16"] } }
            }),
        );
        let started = Instant::now();
        server.notify("initialized", json!({}));
        let uri = server.open(&types, 1);
        server.wait_for_diagnostics(&uri, |_| true);
        startup.push(started.elapsed());
        server.shutdown();
    }
    report("initialized -> first diagnostics", startup);
}

/// Each edit appends or removes a character in a comment of types.wit, or breaks and repairs
/// the file; time to the publishDiagnostics of that version (target: p95 10 ms) and peak
/// memory (target: 50 MB).
fn bench_edits(options: &Options, tree: &std::path::Path) -> anyhow::Result<()> {
    let types = tree.join("types.wit");
    let mut server = Server::spawn(&options.binary);
    server.initialize(tree, &["utf-16"]);
    let uri = server.open(&types, 1);
    server.wait_for_diagnostics(&uri, |_| true);
    // Steady state: after the one-time warm-up of binding previews (timed by the bindings
    // part), as after the first diagnostics.
    server.preview_warm_ups_settled();
    let text = std::fs::read_to_string(&types)?;
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("///"))
        .unwrap_or(0);
    let end = text
        .lines()
        .nth(line)
        .map_or(0, |l| l.encode_utf16().count());
    // Past the last line: text there is outside every item, so inserting breaks the file.
    let last_line = text.lines().count();
    let insert_at = |line: usize, character: usize, text: &str| {
        json!([{ "range": { "start": { "line": line, "character": character },
            "end": { "line": line, "character": character } }, "text": text }])
    };
    let delete_one = |line: usize, character: usize| {
        json!([{ "range": { "start": { "line": line, "character": character },
            "end": { "line": line, "character": character + 1 } }, "text": "" }])
    };
    let mut latencies = Vec::with_capacity(EDITS);
    let mut broken_latencies = Vec::new();
    for i in 0..EDITS {
        let version = i as i64 + 2;
        // Out of every 20 edits, one breaks the file and the next repairs it; the others
        // type and delete a character in a doc comment.
        let (change, breaks) = match i % 20 {
            0 => (insert_at(last_line, 0, "x"), true),
            1 => (delete_one(last_line, 0), false),
            k if k % 2 == 0 => (insert_at(line, end, "x"), false),
            _ => (delete_one(line, end), false),
        };
        let sent = Instant::now();
        server.change(&uri, version, change);
        let published = server.wait_for_diagnostics(&uri, |params| params["version"] == version);
        let elapsed = sent.elapsed();
        let has_errors = published["diagnostics"]
            .as_array()
            .is_some_and(|d| !d.is_empty());
        if has_errors != breaks {
            anyhow::bail!("edit {i}: expected errors: {breaks}, got {published}");
        }
        if breaks {
            broken_latencies.push(elapsed);
        } else {
            latencies.push(elapsed);
        }
    }
    report("edit types.wit -> publishDiagnostics", latencies);
    report(
        "edit that breaks it -> publishDiagnostics",
        broken_latencies,
    );
    let rss = peak_rss_kib(server.pid());
    server.shutdown();
    match rss {
        Some(kib) => println!(
            "{:<44} {:.1} MB",
            "peak RSS of the server",
            kib as f64 / 1024.0
        ),
        None => println!("{:<44} unavailable (no /proc)", "peak RSS of the server"),
    }
    Ok(())
}

/// `check` over the whole tree, as CI runs it.
fn bench_check(options: &Options, tree: &std::path::Path) -> anyhow::Result<()> {
    let mut checks = Vec::new();
    for _ in 0..20 {
        let started = Instant::now();
        let status = Command::new(&options.binary)
            .arg("check")
            .arg(tree)
            .output()?
            .status;
        checks.push(started.elapsed());
        if !status.success() {
            anyhow::bail!("check {} failed", tree.display());
        }
    }
    let plain_p50 = {
        let mut sorted = checks.clone();
        sorted.sort();
        percentile(&sorted, 50.0)
    };
    report("wit-lsp check wasi-http (wall)", checks);

    // The same check against a baseline (issue target: within 2x of a plain check, and no
    // breaking change against itself): the tree as a directory, and at a git revision.
    let repo = crate::scratch::Scratch::new("bench-baseline")?;
    let copy = repo.path().join("wasi-http");
    copy_tree(tree, &copy)?;
    for args in [
        &["init", "-q"][..],
        &["add", "-A"],
        &[
            "-c",
            "user.name=bench",
            "-c",
            "user.email=bench@example.com",
            "commit",
            "-q",
            "-m",
            "baseline",
        ],
    ] {
        let status = Command::new("git")
            .args(args)
            .current_dir(repo.path())
            .status()?;
        anyhow::ensure!(status.success(), "git {args:?} failed");
    }
    for (name, path, baseline) in [
        (
            "check wasi-http --baseline <itself> (wall)",
            tree.to_path_buf(),
            tree.display().to_string(),
        ),
        (
            "check wasi-http --baseline git:HEAD (wall)",
            copy.clone(),
            "git:HEAD".to_string(),
        ),
    ] {
        let mut samples = Vec::new();
        for _ in 0..20 {
            let started = Instant::now();
            let output = Command::new(&options.binary)
                .arg("check")
                .arg(&path)
                .args(["--baseline", &baseline, "--format", "json"])
                .output()?;
            samples.push(started.elapsed());
            let stdout = String::from_utf8_lossy(&output.stdout);
            if !output.status.success() || stdout.contains("breaking-change") {
                anyhow::bail!("check --baseline {baseline} reported changes:\n{stdout}");
            }
        }
        samples.sort();
        let ratio = percentile(&samples, 50.0).as_secs_f64() / plain_p50.as_secs_f64();
        report(name, samples);
        println!(
            "{:<44} {ratio:.2}x a plain check at p50, 0 breaking changes",
            ""
        );
    }
    Ok(())
}

/// Copies a directory tree (a scratch copy of the corpus).
fn copy_tree(from: &std::path::Path, to: &std::path::Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_tree(&path, &target)?;
        } else {
            std::fs::copy(&path, &target)?;
        }
    }
    Ok(())
}

/// The formatter on the largest WASI file (issue target: under 5 ms).
fn bench_formatter(tree: &std::path::Path) -> anyhow::Result<()> {
    let path = tree.join("deps/filesystem/types.wit");
    let text = std::fs::read_to_string(&path)?;
    let mut samples = Vec::new();
    for _ in 0..200 {
        let started = Instant::now();
        let formatted = wit_syntax::format::format_for_benchmark(&text)
            .map_err(|error| anyhow::anyhow!("{}: {error}", path.display()))?;
        samples.push(started.elapsed());
        std::hint::black_box(formatted);
    }
    report("format deps/filesystem/types.wit", samples);
    Ok(())
}

/// Binding previews of the `wasi:http/proxy` world, as the server makes them (target: 50 ms):
/// after an edit (a new method on `wasi:http/types`' `fields` in a copy of the tree, resolved
/// untimed, then the preview with the server's cache of the previous version's formatting),
/// and cold (an empty cache: the first preview after start-up).
fn bench_binding_previews(tree: &std::path::Path) -> anyhow::Result<()> {
    use wit_bindings::{
        BindingsCache, BindingsOptions, Language, generate_bindings_cached, select_world,
    };
    let load =
        |dir: &std::path::Path| -> anyhow::Result<(wit_parser::Resolve, wit_parser::WorldId)> {
            let mut resolve = wit_parser::Resolve::default();
            let (package, _) = resolve.push_dir(dir)?;
            let world = select_world(&resolve, package, Some("proxy"))?;
            Ok((resolve, world))
        };
    // WASI worlds import other packages' interfaces, which wit-bindgen's Rust generator only
    // emits with `generate_all` (a preview has no `with` mappings).
    let mut options = BindingsOptions::default();
    options.rust.generate_all = true;
    let languages = [
        ("Rust guest", Language::Rust),
        ("wasmtime host", Language::HostRust),
    ];
    let copy = std::env::temp_dir().join(format!("wit-lsp-bench-bindings-{}", std::process::id()));
    copy_tree(tree, &copy)?;
    let types_path = copy.join("types.wit");
    let types = std::fs::read_to_string(&types_path)?;
    let anchor = "resource fields {\n";
    anyhow::ensure!(types.contains(anchor), "types.wit has no `{anchor}`");
    let cache = BindingsCache::new();
    let (resolve, world) = load(&copy)?;
    for (_, language) in languages {
        generate_bindings_cached(&resolve, world, language, &options, &cache)?;
    }
    let mut after_edit = vec![Vec::new(); languages.len()];
    for run in 0..30u8 {
        // `edit-probe-a`, `edit-probe-b`, ...: a new method every run.
        let method = format!(
            "    edit-probe-{}{}: func() -> bool;\n",
            (b'a' + run / 26) as char,
            (b'a' + run % 26) as char
        );
        std::fs::write(
            &types_path,
            types.replacen(anchor, &format!("{anchor}{method}"), 1),
        )?;
        let (resolve, world) = load(&copy)?;
        for (index, (_, language)) in languages.into_iter().enumerate() {
            let started = Instant::now();
            let files = generate_bindings_cached(&resolve, world, language, &options, &cache)?;
            after_edit[index].push(started.elapsed());
            std::hint::black_box(files);
        }
    }
    std::fs::remove_dir_all(&copy)?;
    for (index, (name, language)) in languages.into_iter().enumerate() {
        report(
            &format!("bindings wasi:http/proxy, {name}, after an edit"),
            std::mem::take(&mut after_edit[index]),
        );
        let mut cold = Vec::new();
        for _ in 0..30 {
            let started = Instant::now();
            let files = generate_bindings_cached(
                &resolve,
                world,
                language,
                &options,
                &BindingsCache::new(),
            )?;
            cold.push(started.elapsed());
            std::hint::black_box(files);
        }
        report(
            &format!("bindings wasi:http/proxy, {name}, cold (first preview)"),
            cold,
        );
    }
    Ok(())
}

/// The first preview of `wasi:http/proxy` through the server: a fresh server opens
/// proxy.wit, and once its diagnostics are in, the preview is requested (time from request to
/// response, including the transfer of the ~0.5 MB answer). Three ways: after the server's
/// warm-up of the opened package has finished (a person opens a preview well after opening
/// the file); right after the diagnostics, while the warm-up runs (the worst case); and with
/// the warm-up turned off (the generators and the formatting from nothing).
fn bench_first_preview(options: &Options, tree: &std::path::Path) -> anyhow::Result<()> {
    const STARTS: usize = 10;
    let proxy = tree.join("proxy.wit");
    // (case, warm-up on, wait for it, options differ from the warm-up's).
    let cases = [
        ("after the warm-up", true, true, false),
        ("after the warm-up, other options", true, true, true),
        ("right after the diagnostics", true, false, false),
        ("warm-up off", false, false, false),
    ];
    let languages = [("Rust guest", "rust"), ("wasmtime host", "host-rust")];
    let mut warm_up_times = Vec::new();
    for (case, warm_up, wait, other_options) in cases {
        for (name, language) in languages {
            let mut samples = Vec::new();
            for _ in 0..STARTS {
                let mut server = Server::spawn(&options.binary);
                server.initialize(tree, &["utf-16"]);
                server.notify(
                    "workspace/didChangeConfiguration",
                    json!({ "settings": { "wit-lsp": { "bindings": { "warmUp": warm_up } } } }),
                );
                let opened = Instant::now();
                let uri = server.open(&proxy, 1);
                server.wait_for_diagnostics(&uri, |_| true);
                if wait {
                    let status = server.preview_warm_ups_settled();
                    anyhow::ensure!(
                        status["warmUpsFinished"] == 1,
                        "no warm-up after opening proxy.wit: {status}"
                    );
                    if language == "rust" && !other_options {
                        warm_up_times.push(opened.elapsed());
                    }
                }
                // The warm-up's options are the defaults plus `generateAll` (which the proxy
                // world needs); the other options change a few items of each output.
                let preview_options = if other_options {
                    json!({
                        "rust": { "generateAll": true, "stdFeature": true },
                        "hostRust": { "ownership": "borrowing" }
                    })
                } else {
                    json!({ "rust": { "generateAll": true } })
                };
                let started = Instant::now();
                let response = server.request(
                    "wit/bindings",
                    json!({ "uri": uri, "language": language, "options": preview_options }),
                );
                samples.push(started.elapsed());
                anyhow::ensure!(
                    response["result"]["files"].is_array(),
                    "the preview failed: {response}"
                );
                server.shutdown();
            }
            report(
                &format!("first preview via server, {name}, {case}"),
                samples,
            );
        }
    }
    report("open proxy.wit -> warm-up finished", warm_up_times);
    Ok(())
}

/// Completion, hover, definition and references on types.wit, each right after an edit of
/// the same file (targets: p95 under 5 ms), and semantic tokens of types.wit (under 10 ms).
fn bench_editor_features(options: &Options, tree: &std::path::Path) -> anyhow::Result<()> {
    let types = tree.join("types.wit");
    let text = std::fs::read_to_string(&types)?;
    // Positions in ASCII text: byte columns are UTF-16 columns.
    let position_of = |needle: &str, shift: usize| -> anyhow::Result<serde_json::Value> {
        let offset = text
            .find(needle)
            .ok_or_else(|| anyhow::anyhow!("`{needle}` is not in {}", types.display()))?
            + shift;
        let line = text[..offset].matches('\n').count();
        let character = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1);
        Ok(json!({ "line": line, "character": character }))
    };
    let used_stream = position_of("{input-stream", 3)?;
    let fields_use = position_of("result<fields", 9)?;
    let type_position = position_of("result<fields", 7)?;
    let comment_line = text
        .lines()
        .position(|l| l.trim_start().starts_with("///"))
        .unwrap_or(0);
    let comment_end = text
        .lines()
        .nth(comment_line)
        .map_or(0, |l| l.encode_utf16().count());

    let mut server = Server::spawn(&options.binary);
    server.initialize(tree, &["utf-16"]);
    let uri = server.open(&types, 1);
    server.wait_for_diagnostics(&uri, |_| true);
    // Steady state: after the one-time warm-up of binding previews (timed by the bindings
    // part), as after the first diagnostics.
    server.preview_warm_ups_settled();
    let at = |position: &serde_json::Value| json!({ "textDocument": { "uri": uri }, "position": position });
    let requests: Vec<(&str, &str, serde_json::Value)> = vec![
        (
            "completion (type position)",
            "textDocument/completion",
            at(&type_position),
        ),
        ("hover", "textDocument/hover", at(&fields_use)),
        (
            "definition (into deps/)",
            "textDocument/definition",
            at(&used_stream),
        ),
        ("references", "textDocument/references", {
            let mut params = at(&fields_use);
            params["context"] = json!({ "includeDeclaration": true });
            params
        }),
        (
            "semantic tokens types.wit",
            "textDocument/semanticTokens/full",
            json!({ "textDocument": { "uri": uri } }),
        ),
    ];
    let mut samples: Vec<Vec<Duration>> = vec![Vec::new(); requests.len()];
    let mut version = 1;
    let mut inserted = false;
    for _ in 0..100 {
        for (i, (name, method, params)) in requests.iter().enumerate() {
            // Each request follows an edit of the file (a character typed or deleted in a
            // doc comment), as while typing.
            version += 1;
            let end = comment_end + usize::from(inserted);
            let change = json!([{ "range": { "start": { "line": comment_line, "character": comment_end },
                "end": { "line": comment_line, "character": end } },
                "text": if inserted { "" } else { "x" } }]);
            inserted = !inserted;
            server.change(&uri, version, change);
            let started = Instant::now();
            let response = server.request(method, params.clone());
            samples[i].push(started.elapsed());
            if response.get("error").is_some() || response["result"].is_null() {
                anyhow::bail!("{name}: no answer: {response}");
            }
        }
    }
    for ((name, _, _), samples) in requests.iter().zip(samples) {
        report(&format!("{name} after an edit"), samples);
    }
    // The same requests with no edit in between: the cost of the feature alone.
    let mut steady: Vec<Vec<Duration>> = vec![Vec::new(); requests.len()];
    for _ in 0..100 {
        for (i, (_, method, params)) in requests.iter().enumerate() {
            let started = Instant::now();
            server.request(method, params.clone());
            steady[i].push(started.elapsed());
        }
    }
    for ((name, _, _), samples) in requests.iter().zip(steady) {
        report(&format!("{name}, no edit"), samples);
    }
    server.shutdown();
    Ok(())
}
