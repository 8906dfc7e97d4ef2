//! Seeded fuzzing for the protocol tests: a small deterministic generator, and the edit
//! fuzz, which applies random incremental edits to an open document and checks, every so
//! often, that the server's text and answers equal those of a fresh server on the same text.
//! Seeds are fixed so failures reproduce; `WIT_LSP_FUZZ_SEED` picks another.

use std::path::Path;

use serde_json::{Value, json};

use crate::{Server, copy_tree};

/// xorshift64*: small, deterministic, good enough to pick edits.
pub struct Rng(u64);

impl Rng {
    pub fn seeded(default: u64) -> Rng {
        let seed = std::env::var("WIT_LSP_FUZZ_SEED")
            .ok()
            .and_then(|seed| seed.parse().ok())
            .unwrap_or(default);
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// The UTF-16 position of byte `offset` of `text`.
pub fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let character: usize = before[line_start..].encode_utf16().count();
    json!({ "line": line, "character": character })
}

/// A byte offset of `text` on a character boundary.
pub fn boundary(text: &str, rng: &mut Rng) -> usize {
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

/// Copies the package directory `package`, opens its `file`, applies `rounds` random edits
/// and every `every` edits compares the server's text and answers with those of a fresh
/// server opened on the same text. Returns how many checkpoints had semantic tokens, so the
/// caller can tell the comparisons were of real answers. Panics on a difference, naming the
/// round and the method.
pub fn edit_fuzz(package: &Path, file: &str, rounds: usize, every: usize, seed: u64) -> usize {
    let dir = tempfile::tempdir().expect("tempdir");
    let copy = dir.path().join("package");
    copy_tree(package, &copy);
    let path = copy.join(file);
    let mut text = std::fs::read_to_string(&path).expect("the file to edit is UTF-8");
    let mut server = Server::in_process();
    server.initialize(&copy, &["utf-16"]);
    let uri = server.open(&path, 1);
    let mut rng = Rng::seeded(seed);
    let mut version = 1;
    let mut compared_tokens = 0;
    for round in 1..=rounds {
        let start = boundary(&text, &mut rng);
        let mut end = if rng.below(3) == 0 {
            (boundary(&text[start..], &mut rng) + start).min(start + 40)
        } else {
            start
        };
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
        if round % every != 0 {
            continue;
        }
        let copy_text = server.request("wit/documentText", json!({ "uri": uri }));
        assert_eq!(
            copy_text["result"]["text"], text,
            "round {round}: the server's text differs"
        );
        let edited = answers(&mut server, &uri, &text);
        // A fresh server on the same text, in a copy of its own.
        let fresh_dir = tempfile::tempdir().expect("tempdir");
        let fresh_copy = fresh_dir.path().join("package");
        copy_tree(&copy, &fresh_copy);
        let fresh_path = fresh_copy.join(file);
        std::fs::write(&fresh_path, &text).expect("write the fresh copy");
        let mut fresh = Server::in_process();
        fresh.initialize(&fresh_copy, &["utf-16"]);
        let fresh_uri = fresh.open(&fresh_path, 1);
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
    server.shutdown();
    compared_tokens
}
