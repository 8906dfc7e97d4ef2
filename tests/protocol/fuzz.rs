//! Seeded fuzzing against the server in process (same transport, method table and
//! handlers as the binary): random incremental edits must leave every answer equal to
//! what a fresh server computes for the same text, and random JSON as params must get an
//! answer (a result or an error that is not an internal error) without stopping the server.
//! The seed is fixed, so a failure reproduces; `WIT_LSP_FUZZ_SEED` picks another. The corpus
//! checks run the edit fuzz on WASI's `types.wit` too.

use serde_json::{Value, json};
use wit_lsp_test_client::fuzz::{Rng, edit_fuzz, position};
use wit_lsp_test_client::{Server, copy_tree, workspace_root};

#[test]
fn answers_after_random_edits_equal_those_of_a_fresh_server() {
    let package = workspace_root().join("wit-samples/kv-store/wit");
    let compared = edit_fuzz(&package, "world.wit", 2000, 100, 0x5eed_1234);
    // The comparisons were of real answers, not of empty ones.
    assert!(
        compared >= 10,
        "only {compared} checkpoints had semantic tokens"
    );
}

/// A random JSON value, biased towards the shapes LSP params have.
fn random_value(rng: &mut Rng, depth: usize, uri: &str) -> Value {
    const KEYS: &[&str] = &[
        "textDocument",
        "uri",
        "position",
        "line",
        "character",
        "range",
        "start",
        "end",
        "context",
        "options",
        "newName",
        "world",
        "language",
        "function",
        "call",
        "path",
        "consumer",
        "plugs",
        "output",
        "query",
        "items",
        "settings",
        "contentChanges",
        "text",
        "version",
        "session",
        "timeoutMs",
    ];
    match rng.below(if depth >= 4 { 7 } else { 9 }) {
        0 => Value::Null,
        1 => json!(rng.below(2) == 0),
        2 => json!(rng.below(50)),
        3 => json!(*rng.pick(&[-1i64, i64::MAX, i64::MIN, 4_294_967_296, 65_536])),
        4 => json!(*rng.pick(&[0.5f64, -3.25, 1e300])),
        5 => json!(*rng.pick(&[
            "",
            "x",
            uri,
            "file:///nowhere/a.wit",
            "not a uri",
            "💥",
            "rust"
        ])),
        6 => json!(uri),
        7 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_value(rng, depth + 1, uri))
                .collect(),
        ),
        _ => Value::Object(
            (0..rng.below(5))
                .map(|_| {
                    (
                        (*rng.pick(KEYS)).to_string(),
                        random_value(rng, depth + 1, uri),
                    )
                })
                .collect(),
        ),
    }
}

#[test]
fn random_json_params_get_an_answer_and_never_stop_the_server() {
    let dir = tempfile::tempdir().unwrap();
    let package = dir.path().join("kv-store");
    copy_tree(&workspace_root().join("wit-samples/kv-store/wit"), &package);
    let file = package.join("world.wit");
    let text = std::fs::read_to_string(&file).unwrap();
    let mut server = Server::in_process();
    server.initialize(&package, &["utf-16"]);
    let uri = server.open(&file, 1);
    const REQUESTS: &[&str] = &[
        "textDocument/hover",
        "textDocument/completion",
        "textDocument/definition",
        "textDocument/references",
        "textDocument/documentSymbol",
        "textDocument/semanticTokens/full",
        "textDocument/semanticTokens/range",
        "textDocument/foldingRange",
        "textDocument/formatting",
        "textDocument/rangeFormatting",
        "textDocument/rename",
        "textDocument/prepareRename",
        "textDocument/codeAction",
        "textDocument/inlayHint",
        "textDocument/documentHighlight",
        "textDocument/selectionRange",
        "textDocument/documentLink",
        "textDocument/signatureHelp",
        "workspace/symbol",
        "wit/bindings",
        "wit/runTemplate",
        "wit/validateCall",
        "wit/componentWit",
        "wit/compose",
        "wit/documentText",
    ];
    const NOTIFICATIONS: &[&str] = &[
        "textDocument/didChange",
        "textDocument/didSave",
        "textDocument/didClose",
        "workspace/didChangeConfiguration",
        "workspace/didChangeWatchedFiles",
        "$/cancelRequest",
    ];
    let mut rng = Rng::seeded(0xf00d_cafe);
    let mut results = 0;
    for round in 0..3000 {
        let params = if rng.below(2) == 0 {
            random_value(&mut rng, 0, &uri)
        } else {
            // Well-formed params with numbers anywhere in range and out of it, and now and
            // then one field replaced by a random value.
            let mut number = || *rng.pick(&[0i64, 1, 3, 7, 12, 40, 10_000, -1, 4_294_967_296]);
            let point = |line: i64, character: i64| json!({ "line": line, "character": character });
            let start = point(number(), number());
            let end = point(number(), number());
            let mut params = json!({
                "textDocument": { "uri": uri },
                "position": start.clone(),
                "range": { "start": start, "end": end },
                "context": { "includeDeclaration": true, "diagnostics": [] },
                "options": { "tabSize": 4, "insertSpaces": true },
                "newName": "renamed",
                "query": "conn",
                "uri": uri,
                "language": "rust",
                "function": "replace-value",
                "call": "replace-value(\"a\", \"b\")",
            });
            if rng.below(3) == 0 {
                let key = *rng.pick(&[
                    "textDocument",
                    "position",
                    "range",
                    "context",
                    "options",
                    "uri",
                ]);
                params[key] = random_value(&mut rng, 2, &uri);
            }
            params
        };
        if rng.below(5) == 0 {
            let method = *rng.pick(NOTIFICATIONS);
            // A didClose or a random didChange of the open file would change what later
            // rounds check; they get random params that name other documents.
            let params = if method.starts_with("textDocument/") {
                json!({ "textDocument": { "uri": "file:///elsewhere/x.wit", "version": 2 },
                        "contentChanges": params })
            } else {
                params
            };
            server.notify(method, params);
            continue;
        }
        let method = *rng.pick(REQUESTS);
        let answer = server.request(method, params.clone());
        assert!(
            answer.get("result").is_some() || answer.get("error").is_some(),
            "round {round}: {method} {params}: {answer}"
        );
        assert_ne!(
            answer["error"]["code"], -32603,
            "round {round}: {method} {params} hit an internal error: {answer}"
        );
        if answer.get("result").is_some_and(|result| !result.is_null()) {
            results += 1;
        }
    }
    // Some random params were well-formed enough to get real answers.
    assert!(results >= 20, "only {results} non-null results");
    // Still healthy: the document reads back and hover answers.
    let copy = server.request("wit/documentText", json!({ "uri": uri }));
    assert_eq!(copy["result"]["text"], text);
    let hover = server.request(
        "textDocument/hover",
        json!({ "textDocument": { "uri": uri }, "position": position(&text, text.find("resource connection").unwrap() + 10) }),
    );
    assert!(hover["result"]["contents"].is_object(), "{hover}");
    server.shutdown();
}
