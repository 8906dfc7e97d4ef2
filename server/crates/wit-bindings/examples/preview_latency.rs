//! Binding-preview latency for the `wasi:http/proxy` world: Rust guest and wasmtime host,
//! through `wit_bindings::generate_bindings_cached`, as the language server makes previews.
//!
//! `cargo run --release -p wit-bindings --example preview_latency [WASI_HTTP_DIR] [RUNS]`
//! (the directory defaults to `$WIT_LSP_CORPUS/wasi-http`, else `../shared/corpus/wasi-http`).
//!
//! Two numbers per language:
//! - after an edit (the server's steady state): before each run a copy of the tree gets a new
//!   method on the `fields` resource of `wasi:http/types` (a new name every run) and is
//!   resolved (not timed); the preview is then generated with the cache that holds the
//!   formatting of the previous version. The generator runs in full every time; only items
//!   whose text did not change are not formatted again.
//! - cold: the same world with an empty cache (the first preview after start-up).

#![allow(clippy::print_stdout)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use wit_bindings::{BindingsCache, BindingsOptions, Language, generate_bindings_cached};

fn main() {
    let mut arguments = std::env::args().skip(1);
    let dir = arguments.next().map(PathBuf::from).unwrap_or_else(|| {
        let corpus = std::env::var_os("WIT_LSP_CORPUS")
            .map(PathBuf::from)
            .unwrap_or_else(|| {
                PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../../shared/corpus")
            });
        corpus.join("wasi-http")
    });
    let runs = arguments
        .next()
        .map(|runs| runs.parse::<usize>().expect("RUNS is a number"))
        .unwrap_or(50);

    // WASI imports interfaces of other packages, which the Rust guest generator only
    // generates with `generate_all` (as `wit_bindgen::generate!` needs it).
    let mut options = BindingsOptions::default();
    options.rust.generate_all = true;
    let languages = [Language::Rust, Language::HostRust];

    let copy = std::env::temp_dir().join(format!("wit-bindings-latency-{}", std::process::id()));
    copy_tree(&dir, &copy);
    let types_path = copy.join("types.wit");
    let types = std::fs::read_to_string(&types_path).expect("types.wit is readable");
    let anchor = "resource fields {\n";
    assert!(types.contains(anchor), "types.wit has `{anchor}`");
    println!(
        "world wasi:http/proxy from {}, {runs} runs each",
        dir.display()
    );

    // After an edit: one cache for both languages, warmed by the unedited tree.
    let cache = BindingsCache::new();
    let (resolve, world) = load(&copy);
    for language in languages {
        generate_bindings_cached(&resolve, world, language, &options, &cache)
            .expect("wasi:http/proxy generates");
    }
    let mut after_edit = vec![Vec::with_capacity(runs); languages.len()];
    let mut bytes = vec![0; languages.len()];
    for run in 0..runs {
        let method = format!("    edit-probe-{}: func() -> bool;\n", letters(run));
        let edited = types.replacen(anchor, &format!("{anchor}{method}"), 1);
        std::fs::write(&types_path, edited).expect("the copy is writable");
        let (resolve, world) = load(&copy);
        for (index, language) in languages.into_iter().enumerate() {
            let start = Instant::now();
            let files = generate_bindings_cached(&resolve, world, language, &options, &cache)
                .expect("wasi:http/proxy generates");
            after_edit[index].push(start.elapsed());
            bytes[index] = files.iter().map(|file| file.text.len()).sum::<usize>();
        }
    }
    std::fs::remove_dir_all(&copy).expect("the copy is removable");

    let mut cold = vec![Vec::with_capacity(runs); languages.len()];
    for (index, language) in languages.into_iter().enumerate() {
        for _ in 0..runs {
            let start = Instant::now();
            generate_bindings_cached(&resolve, world, language, &options, &BindingsCache::new())
                .expect("wasi:http/proxy generates");
            cold[index].push(start.elapsed());
        }
    }

    for (index, language) in languages.into_iter().enumerate() {
        report(
            &format!("{language} after an edit"),
            &mut after_edit[index],
            bytes[index],
        );
        report(&format!("{language} cold"), &mut cold[index], bytes[index]);
    }
}

fn load(dir: &Path) -> (wit_parser::Resolve, wit_parser::WorldId) {
    let mut resolve = wit_parser::Resolve::default();
    let (package, _) = resolve
        .push_dir(dir)
        .unwrap_or_else(|error| panic!("cannot load {}: {error:#}", dir.display()));
    let world = wit_bindings::select_world(&resolve, package, Some("proxy"))
        .expect("wasi:http has `proxy`");
    (resolve, world)
}

fn report(what: &str, times: &mut [Duration], bytes: usize) {
    times.sort();
    let at = |quantile: f64| -> f64 {
        let index = ((times.len() as f64 - 1.0) * quantile).round() as usize;
        times[index].as_secs_f64() * 1e3
    };
    println!(
        "{what:>24}: p50 {:>7.2} ms  p95 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms  ({bytes} bytes of output)",
        at(0.50),
        at(0.95),
        at(0.99),
        at(1.0),
    );
}

/// `run` as a WIT-identifier-safe word: 0 -> `a`, 25 -> `z`, 26 -> `ba`, ...
fn letters(mut run: usize) -> String {
    let mut word = Vec::new();
    loop {
        word.push(b'a' + (run % 26) as u8);
        run /= 26;
        if run == 0 {
            break;
        }
    }
    word.reverse();
    String::from_utf8(word).expect("ASCII")
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("the copy's directory is creatable");
    for entry in std::fs::read_dir(from).expect("the tree is readable") {
        let path = entry.expect("directory entry is readable").path();
        let target = to.join(path.file_name().expect("entries have names"));
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("the file is copyable");
        }
    }
}
