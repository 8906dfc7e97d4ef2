//! Checks over the shared corpus (`WIT_LSP_CORPUS`, or `<workspace>/../shared/corpus`): every
//! file round-trips through the tree, and the tree reports a syntax error exactly when
//! wit-parser's own parser does. Run with `cargo test -p wit-syntax --features corpus --test corpus`.

#![allow(clippy::print_stdout)]

mod support;

use std::path::PathBuf;

fn corpus_dir() -> PathBuf {
    let dir = std::env::var_os("WIT_LSP_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| support::workspace_root().join("../shared/corpus"));
    assert!(
        dir.is_dir(),
        "the corpus is missing at {}: set WIT_LSP_CORPUS",
        dir.display()
    );
    dir
}

#[test]
fn corpus_round_trips_and_agrees_with_wit_parser() {
    let dir = corpus_dir();
    let files = support::wit_files(&dir);
    assert!(
        files.len() > 100,
        "expected the full corpus, found {} files",
        files.len()
    );
    let (mut valid, mut syntax_invalid, mut resolve_invalid) = (0, 0, 0);
    let mut disagreements = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("corpus files are UTF-8");
        let parse = wit_syntax::parse(&text);
        support::assert_lossless(&text, &parse);
        let theirs = support::wit_parser_syntax_error(path, &text);
        let in_parse_fail = path.components().any(|c| c.as_os_str() == "parse-fail");
        match (&theirs, in_parse_fail) {
            (Some(_), _) => syntax_invalid += 1,
            (None, true) => resolve_invalid += 1,
            (None, false) => valid += 1,
        }
        if theirs.is_some() == parse.errors().is_empty() {
            disagreements.push(format!(
                "{}: wit-parser: {:?}; ours: {:?}",
                path.display(),
                theirs,
                parse.errors().first()
            ));
        }
    }
    println!(
        "corpus: {} files round-trip; {valid} valid (0 errors), {syntax_invalid} with a wit-parser \
         syntax error (we report one too), {resolve_invalid} parse-fail files whose error is a \
         resolve error (no syntax error for us either)",
        files.len()
    );
    assert!(disagreements.is_empty(), "{}", disagreements.join("\n"));
}

#[test]
fn corpus_formats_idempotently_keeping_comments_and_meaning() {
    use support::format_check::{check_file, check_same_resolve};
    use wit_syntax::format::FormatOptions;

    let dir = corpus_dir();
    let options = FormatOptions::default();
    let mut formatted = 0;
    let mut changed = 0;
    let mut problems = Vec::new();
    for path in support::wit_files(&dir) {
        let text = std::fs::read_to_string(&path).expect("corpus files are UTF-8");
        if !wit_syntax::parse(&text).errors().is_empty() {
            continue;
        }
        match check_file(&text, &options) {
            Ok(output) => {
                formatted += 1;
                if output != text {
                    changed += 1;
                }
            }
            Err(problem) => problems.push(format!("{}: {problem}", path.display())),
        }
    }

    // Whole packages: the WASI tree, and every valid top-level entry of the conformance suite.
    let mut units = vec![dir.join("wasi-http")];
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir.join("wit-parser-ui"))
        .expect("wit-parser-ui is in the corpus")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n != "parse-fail"))
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "wit"))
        .collect();
    entries.sort();
    units.extend(entries);
    let (mut same, mut unresolvable) = (0, 0);
    for unit in &units {
        match check_same_resolve(unit, &options) {
            Ok(true) => same += 1,
            Ok(false) => unresolvable += 1,
            Err(problem) => problems.push(problem),
        }
    }
    println!(
        "format: {formatted} corpus files formatted idempotently with the same comments \
         ({changed} changed by formatting); {same} packages resolve identically (WitPrinter) \
         before and after, {unresolvable} do not resolve on their own (not compared)"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(same > 50, "most packages are compared ({same})");
}
