//! `cargo xtask bench scale [--sizes 100,1000,5000]`: how the server and `check` grow with
//! the package. Generates packages of N interfaces in files of 50 interfaces each (every
//! interface: a record, a variant, an enum, a resource with a constructor and a method, a
//! function, and a `use` of two types of the previous interface; no world) and prints, per
//! size: `check` wall time (and its ratio to `wasm-tools component wit` when that is on
//! PATH), open -> first diagnostics, edit of one file -> its diagnostics p50/p95, hover and
//! completion p95 right after an edit, and the server's peak RSS.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use serde_json::json;
use wit_lsp_test_client::Server;

use crate::scratch::Scratch;
use crate::stats::percentile;

const PER_FILE: usize = 50;

/// The text of file `file` (interfaces `file * 50 ..`) of a package of `count` interfaces.
fn file_text(file: usize, count: usize) -> String {
    interfaces_text(file * PER_FILE..(file * PER_FILE + PER_FILE).min(count))
}

/// A package file holding interfaces `range` of the generated shape.
fn interfaces_text(range: std::ops::Range<usize>) -> String {
    let mut text = String::from("package scale:big@1.0.0;\n");
    for k in range {
        text.push_str(&format!("\ninterface i{k} {{\n"));
        if k > 0 {
            let p = k - 1;
            text.push_str(&format!("    use i{p}.{{rec{p}, res{p}}};\n"));
        }
        text.push_str(&format!(
            "    /// A record.\n    record rec{k} {{\n        a: u32,\n        b: string,\n    }}\n\
             \x20   variant var{k} {{\n        none,\n        some(rec{k}),\n    }}\n\
             \x20   enum en{k} {{\n        x,\n        y,\n    }}\n\
             \x20   resource res{k} {{\n        constructor(v: u32);\n        get: func() -> rec{k};\n    }}\n"
        ));
        if k > 0 {
            let p = k - 1;
            text.push_str(&format!(
                "    call{k}: func(a: rec{k}, b: var{k}, c: en{k}, d: rec{p}, e: borrow<res{p}>) -> u32;\n"
            ));
        } else {
            text.push_str(&format!(
                "    call{k}: func(a: rec{k}, b: var{k}, c: en{k}) -> u32;\n"
            ));
        }
        text.push_str("}\n");
    }
    text
}

fn generate(dir: &Path, count: usize) -> anyhow::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let files = count.div_ceil(PER_FILE);
    for file in 0..files {
        std::fs::write(dir.join(format!("f{file:04}.wit")), file_text(file, count))?;
    }
    Ok(files)
}

/// Typing in the first doc comment (`/// A record.`) of a generated file: a character
/// added at its end, then removed, and so on, as LSP incremental changes.
struct CommentTyping {
    line: usize,
    end: usize,
    inserted: bool,
}

impl CommentTyping {
    fn in_text(text: &str) -> Self {
        let line = text
            .lines()
            .position(|line| line.trim_start().starts_with("/// A record."))
            .unwrap_or(0);
        let end = text.lines().nth(line).map_or(0, str::len);
        CommentTyping {
            line,
            end,
            inserted: false,
        }
    }

    fn next_change(&mut self) -> serde_json::Value {
        let (line, start) = (self.line, self.end);
        let end = start + usize::from(self.inserted);
        let text = if self.inserted { "" } else { "x" };
        self.inserted = !self.inserted;
        json!([{ "range": { "start": { "line": line, "character": start },
            "end": { "line": line, "character": end } }, "text": text }])
    }
}

fn ms(duration: Duration) -> String {
    format!("{:.1} ms", duration.as_secs_f64() * 1000.0)
}

fn p(samples: &mut [Duration], at: f64) -> Duration {
    samples.sort();
    percentile(samples, at)
}

fn peak_rss_mib(pid: u32) -> Option<f64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .ok()?;
    Some(kib as f64 / 1024.0)
}

fn wall(mut command: Command, runs: usize) -> anyhow::Result<Option<Duration>> {
    let mut samples = Vec::new();
    for _ in 0..runs {
        let started = Instant::now();
        let output = match command.output() {
            Ok(output) => output,
            Err(_) => return Ok(None),
        };
        samples.push(started.elapsed());
        anyhow::ensure!(
            output.status.success(),
            "{:?} failed: {}",
            command,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    Ok(Some(p(&mut samples, 50.0)))
}

pub fn run(binary: &Path, sizes: &[usize]) -> anyhow::Result<()> {
    println!(
        "{:>7} {:>6} | {:>10} {:>10} | {:>12} | {:>10} {:>10} | {:>10} {:>10} | {:>8}",
        "ifaces",
        "files",
        "check",
        "wasm-tools",
        "open->diags",
        "edit p50",
        "edit p95",
        "hover p95",
        "compl p95",
        "RSS"
    );
    for &count in sizes {
        let scratch = Scratch::new(&format!("scale-{count}"))?;
        let package = scratch.path().join("big");
        let files = generate(&package, count)?;
        let runs = if count >= 5000 { 3 } else { 5 };
        let mut check = Command::new(binary);
        check.arg("check").arg(&package);
        let check_time = wall(check, runs)?.unwrap_or_default();
        let mut wasm_tools = Command::new("wasm-tools");
        wasm_tools.args(["component", "wit"]).arg(&package);
        wasm_tools.stdout(std::process::Stdio::null());
        let wasm_tools_time = wall(wasm_tools, runs).ok().flatten();

        // The middle file is edited: a doc comment gets a character and loses it again.
        let edited = package.join(format!("f{:04}.wit", files / 2));
        let text = std::fs::read_to_string(&edited)?;
        let mut typing = CommentTyping::in_text(&text);
        let record_use = {
            let offset = text.find(": rec").unwrap_or(0) + 3;
            let line = text[..offset].matches('\n').count();
            let character = offset - text[..offset].rfind('\n').map_or(0, |i| i + 1);
            json!({ "line": line, "character": character })
        };

        let mut server = Server::spawn(binary);
        server.initialize(&package, &["utf-16"]);
        let started = Instant::now();
        let uri = server.open(&edited, 1);
        server.wait_for_diagnostics(&uri, |_| true);
        let first = started.elapsed();

        let edits = if count >= 5000 { 20 } else { 60 };
        let mut edit_times = Vec::new();
        let mut hover_times = Vec::new();
        let mut completion_times = Vec::new();
        for i in 0..edits {
            let version = i as i64 + 2;
            let change = typing.next_change();
            let sent = Instant::now();
            server.change(&uri, version, change);
            if i % 3 == 1 {
                // A request typed right after the edit, before its diagnostics.
                let at = json!({ "textDocument": { "uri": uri }, "position": record_use });
                let asked = Instant::now();
                let answer = server.request("textDocument/hover", at.clone());
                hover_times.push(asked.elapsed());
                anyhow::ensure!(answer.get("result").is_some(), "hover: {answer}");
                let asked = Instant::now();
                let answer = server.request("textDocument/completion", at);
                completion_times.push(asked.elapsed());
                anyhow::ensure!(answer.get("result").is_some(), "completion: {answer}");
            }
            server.wait_for_diagnostics(&uri, |params| params["version"] == version);
            edit_times.push(sent.elapsed());
        }
        let rss = peak_rss_mib(server.pid());
        server.shutdown();
        println!(
            "{:>7} {:>6} | {:>10} {:>10} | {:>12} | {:>10} {:>10} | {:>10} {:>10} | {:>8}",
            count,
            files,
            ms(check_time),
            wasm_tools_time.map_or_else(
                || "-".to_string(),
                |time| format!(
                    "{} ({:.2}x)",
                    ms(time),
                    check_time.as_secs_f64() / time.as_secs_f64()
                )
            ),
            ms(first),
            ms(p(&mut edit_times, 50.0)),
            ms(p(&mut edit_times, 95.0)),
            ms(p(&mut hover_times, 95.0)),
            ms(p(&mut completion_times, 95.0)),
            rss.map_or_else(|| "-".to_string(), |mib| format!("{mib:.0} MiB")),
        );
    }
    Ok(())
}

/// CPU time (user + system) a process has used, from `/proc/<pid>/stat`.
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // The kernel's USER_HZ is 100 on Linux.
    Some(Duration::from_millis(ticks * 10))
}

/// Waits until the process has used under 20 ms of CPU in 300 ms (or `limit` passed);
/// returns how long that took.
fn wait_until_idle(pid: u32, limit: Duration) -> Duration {
    let started = Instant::now();
    let mut before = cpu_time(pid);
    while started.elapsed() < limit {
        std::thread::sleep(Duration::from_millis(300));
        let now = cpu_time(pid);
        match (before, now) {
            (Some(before), Some(now)) if now.saturating_sub(before) < Duration::from_millis(20) => {
                break;
            }
            (_, None) => break,
            _ => {}
        }
        before = now;
    }
    started.elapsed()
}

/// `cargo xtask bench bigfile`: one generated `.wit` file of about 5 MB (10,000 interfaces
/// of the shape above), as the hostile-input report measured it: `check` wall time, and
/// over stdio open -> first diagnostics, documentSymbol, foldingRange and semantic tokens
/// p50/p95 (n=10), and the server's peak RSS (target: documentSymbol under 500 ms).
pub fn run_big_file(binary: &Path) -> anyhow::Result<()> {
    let scratch = Scratch::new("bigfile")?;
    let package = scratch.path().join("big");
    std::fs::create_dir_all(&package)?;
    let file = package.join("big.wit");
    let text = interfaces_text(0..10_000);
    std::fs::write(&file, &text)?;
    println!(
        "one file of {:.1} MB (10,000 interfaces)",
        text.len() as f64 / 1e6
    );
    let mut check = Command::new(binary);
    check.arg("check").arg(&file);
    let check_time = wall(check, 3)?.unwrap_or_default();
    println!("{:<44} p50 {}", "wit-lsp check (wall)", ms(check_time));

    let mut server = Server::spawn(binary);
    server.initialize(&package, &["utf-16"]);
    let started = Instant::now();
    let uri = server.open(&file, 1);
    server.wait_for_diagnostics(&uri, |_| true);
    println!(
        "{:<44} {}",
        "open -> first diagnostics",
        ms(started.elapsed())
    );
    let after_open = peak_rss_mib(server.pid());
    let document = json!({ "textDocument": { "uri": uri } });
    for method in [
        "textDocument/documentSymbol",
        "textDocument/foldingRange",
        "textDocument/semanticTokens/full",
    ] {
        let mut samples = Vec::new();
        for _ in 0..10 {
            let asked = Instant::now();
            let answer = server.request(method, document.clone());
            samples.push(asked.elapsed());
            anyhow::ensure!(answer.get("result").is_some(), "{method}: {answer}");
        }
        println!(
            "{:<44} p50 {:>10}  p95 {:>10}",
            method,
            ms(p(&mut samples, 50.0)),
            ms(p(&mut samples, 95.0))
        );
    }
    let peak = peak_rss_mib(server.pid());
    server.shutdown();
    let show =
        |mib: Option<f64>| mib.map_or_else(|| "-".to_string(), |mib| format!("{mib:.0} MiB"));
    println!(
        "{:<44} {} after the first diagnostics, {} after the requests",
        "peak RSS of the server",
        show(after_open),
        show(peak)
    );
    Ok(())
}

/// Writes a workspace of `packages` packages holding `interfaces` interfaces in all (the
/// shape above, numbered across the workspace), package `p` in `root/pP/` with its files
/// and a `deps/` linking (symlinks) every earlier package, the first interface of each
/// package using two types of the last interface of the one before. Returns the last
/// package's first file.
fn generate_workspace(
    root: &Path,
    interfaces: usize,
    packages: usize,
) -> anyhow::Result<std::path::PathBuf> {
    let per_package = interfaces.div_ceil(packages);
    let mut last_file = None;
    for p in 0..packages {
        let dir = root.join(format!("p{p}"));
        std::fs::create_dir_all(dir.join("deps"))?;
        let first = p * per_package;
        let end = (first + per_package).min(interfaces);
        for (f, start) in (first..end).step_by(PER_FILE).enumerate() {
            let mut text = interfaces_text(start..(start + PER_FILE).min(end)).replace(
                "package scale:big@1.0.0;",
                &format!("package scale:p{p}@1.0.0;"),
            );
            if start == first && p > 0 {
                // The package's first interface uses the previous package's last one.
                let k = first - 1;
                text = text.replace(
                    &format!("    use i{k}.{{rec{k}, res{k}}};"),
                    &format!("    use scale:p{}/i{k}@1.0.0.{{rec{k}, res{k}}};", p - 1),
                );
            }
            let path = dir.join(format!("f{f:03}.wit"));
            std::fs::write(&path, text)?;
            if f == 0 {
                last_file = Some(path);
            }
        }
        for q in 0..p {
            std::os::unix::fs::symlink(
                root.join(format!("p{q}")),
                dir.join("deps").join(format!("p{q}")),
            )?;
        }
    }
    last_file.ok_or_else(|| anyhow::anyhow!("no packages"))
}

/// `cargo xtask bench workspace`: generated workspaces of packages linked through `deps/`
/// (100 interfaces in 10 packages, 1,000 in 100, 5,000 in 100): the first diagnostics of
/// the last package's file opened right after `initialized` (while the start-up analyses
/// of the other packages run), edit -> diagnostics p50/p95 of that file, and peak RSS.
pub fn run_workspaces(binary: &Path) -> anyhow::Result<()> {
    println!(
        "{:>7} {:>8} | {:>18} | {:>10} {:>10} | {:>9}",
        "ifaces", "packages", "open -> first diags", "edit p50", "edit p95", "RSS"
    );
    for (interfaces, packages) in [(100, 10), (1000, 100), (5000, 100)] {
        let scratch = Scratch::new(&format!("workspace-{interfaces}-{packages}"))?;
        let file = generate_workspace(scratch.path(), interfaces, packages)?;
        let text = std::fs::read_to_string(&file)?;
        let mut typing = CommentTyping::in_text(&text);

        let mut server = Server::spawn(binary);
        let started = Instant::now();
        server.initialize(scratch.path(), &["utf-16"]);
        let uri = server.open(&file, 1);
        let first = server.wait_for_diagnostics(&uri, |params| params["version"] == 1);
        let first_time = started.elapsed();
        anyhow::ensure!(
            first["diagnostics"].as_array().is_some_and(Vec::is_empty),
            "the generated workspace has errors: {first}"
        );
        let mut edits = Vec::new();
        for i in 0..30 {
            let version = i as i64 + 2;
            let change = typing.next_change();
            let sent = Instant::now();
            server.change(&uri, version, change);
            server.wait_for_diagnostics(&uri, |params| params["version"] == version);
            edits.push(sent.elapsed());
        }
        // Let the start-up analyses of the other packages finish (the server goes idle),
        // then read the peak.
        let idle_after = wait_until_idle(server.pid(), Duration::from_secs(300));
        let rss = peak_rss_mib(server.pid());
        server.shutdown();
        println!(
            "{:>7} {:>8} | {:>18} | {:>10} {:>10} | {:>9}",
            interfaces,
            packages,
            ms(first_time),
            ms(p(&mut edits, 50.0)),
            ms(p(&mut edits, 95.0)),
            rss.map_or_else(|| "-".to_string(), |mib| format!("{mib:.0} MiB")),
        );
        println!(
            "{:>18}   (start-up analyses done after {})",
            "",
            ms(idle_after)
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_packages_are_valid_wit_of_the_documented_shape() {
        let dir = std::env::temp_dir().join(format!("wit-lsp-scale-test-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let files = generate(&dir, 120).unwrap();
        assert_eq!(files, 3);
        let mut resolve = wit_parser::Resolve::default();
        let (package, _) = resolve
            .push_dir(&dir)
            .expect("the generated package resolves");
        assert_eq!(resolve.packages[package].interfaces.len(), 120);
        let last = &resolve.interfaces[resolve.packages[package].interfaces["i119"]];
        assert_eq!(
            last.functions.len(),
            3,
            "call119, the constructor and the method"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }
}
