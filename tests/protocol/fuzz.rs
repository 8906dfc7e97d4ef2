//! Seeded fuzzing against the server in process (same transport, method table and
//! handlers as the binary): random incremental edits must leave every answer equal to
//! what a fresh server computes for the same text, and random JSON as params must get an
//! answer (a result or an error that is not an internal error) without stopping the server.
//! The seed is fixed, so a failure reproduces; `WIT_LSP_FUZZ_SEED` picks another.

use serde_json::{Value, json};
use wit_lsp_test_client::{Server, copy_tree, workspace_root};

/// xorshift64*: small, deterministic, good enough to pick edits.
struct Rng(u64);

impl Rng {
    fn seeded(default: u64) -> Rng {
        let seed = std::env::var("WIT_LSP_FUZZ_SEED")
            .ok()
            .and_then(|seed| seed.parse().ok())
            .unwrap_or(default);
        Rng(seed.max(1))
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The UTF-16 position of byte `offset` of `text`.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = before[line_start..].encode_utf16().count();
    json!({ "line": line, "character": character })
}

/// A byte offset of `text` on a character boundary.
fn boundary(text: &str, rng: &mut Rng) -> usize {
    let mut offset = rng.below(text.len() + 1);
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

const SNIPPETS: &[&str] = &[
    "x",
    " ",
    "\n",
    "}",
    "{",
    ";",
    "record r { a: u32 }\n",
    "/// doc é\n",
    "use ",
    "func(",
    "-> string",
    "💥",
    "résumé",
    "interface i2 {}\n",
    "(",
    ")",
    "<",
    ">",
    ",",
    "enum e { a, b }",
    "\t",
    "//",
    "/*",
    "*/",
    "@since(version = 0.1.0)\n",
    "resource res;\n",
    "borrow<",
];

/// The answers whose correctness depends on the whole text, for one document.
fn answers(server: &mut Server, uri: &str, text: &str) -> Vec<(String, Value)> {
    let document = json!({ "textDocument": { "uri": uri } });
    let end = position(text, text.len());
    let mut got = Vec::new();
    for (method, params) in [
        ("textDocument/semanticTokens/full", document.clone()),
        ("textDocument/foldingRange", document.clone()),
        ("textDocument/documentSymbol", document.clone()),
        (
            "textDocument/inlayHint",
            json!({ "textDocument": { "uri": uri }, "range": {
                "start": { "line": 0, "character": 0 }, "end": end } }),
        ),
        (
            "textDocument/formatting",
            json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 4, "insertSpaces": true } }),
        ),
    ] {
        let mut answer = server.request(method, params)["result"].clone();
        // A result id names a delta base, not the tokens.
        if let Some(object) = answer.as_object_mut() {
            object.remove("resultId");
        }
        got.push((method.to_string(), answer));
    }
    got
}

#[test]
fn answers_after_random_edits_equal_those_of_a_fresh_server() {
    let dir = tempfile::tempdir().unwrap();
    let package = dir.path().join("kv-store");
    copy_tree(&workspace_root().join("wit-samples/kv-store/wit"), &package);
    let file = package.join("world.wit");
    let mut text = std::fs::read_to_string(&file).unwrap();
    let mut server = Server::in_process();
    server.initialize(&package, &["utf-16"]);
    let uri = server.open(&file, 1);
    let mut rng = Rng::seeded(0x5eed_1234);
    let mut version = 1;
    let mut compared_tokens = 0;
    for round in 1..=2000 {
        let start = boundary(&text, &mut rng);
        let replaced = if rng.below(3) == 0 {
            let end = boundary(&text[start..], &mut rng) + start;
            end.min(start + 40)
        } else {
            start
        };
        let mut end = replaced;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let insert = if rng.below(4) == 0 {
            String::new()
        } else {
            (*rng.pick(SNIPPETS)).to_string()
        };
        let change = json!([{ "range": { "start": position(&text, start), "end": position(&text, end) },
            "text": insert }]);
        text.replace_range(start..end, &insert);
        version += 1;
        server.change(&uri, version, change);
        if round % 100 == 0 {
            let copy = server.request("wit/documentText", json!({ "uri": uri }));
            assert_eq!(
                copy["result"]["text"], text,
                "round {round}: the server's text differs"
            );
            let edited = answers(&mut server, &uri, &text);
            // A fresh server on the same text, in a package of its own.
            let fresh_dir = tempfile::tempdir().unwrap();
            let fresh_package = fresh_dir.path().join("kv-store");
            copy_tree(&package, &fresh_package);
            let fresh_file = fresh_package.join("world.wit");
            std::fs::write(&fresh_file, &text).unwrap();
            let mut fresh = Server::in_process();
            fresh.initialize(&fresh_package, &["utf-16"]);
            let fresh_uri = fresh.open(&fresh_file, 1);
            let expected = answers(&mut fresh, &fresh_uri, &text);
            fresh.shutdown();
            if edited[0].1["data"]
                .as_array()
                .is_some_and(|data| !data.is_empty())
            {
                compared_tokens += 1;
            }
            for ((method, got), (_, want)) in edited.iter().zip(&expected) {
                let got = got.to_string().replace(&uri, "URI");
                let want = want.to_string().replace(&fresh_uri, "URI");
                assert_eq!(
                    got, want,
                    "round {round}: {method} differs after the edits; text:\n{text}"
                );
            }
        }
    }
    // The comparisons were of real answers, not of empty ones.
    assert!(
        compared_tokens >= 10,
        "only {compared_tokens} checkpoints had semantic tokens"
    );
    server.shutdown();
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
