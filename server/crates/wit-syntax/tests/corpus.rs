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
