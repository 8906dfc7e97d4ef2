//! Line endings: every range the server answers lies within the lines of the current text,
//! for texts with `\n`, `\r\n` and lone `\r` endings (the LSP counts all three as line
//! breaks) and non-ASCII text, in UTF-16 and UTF-8. Against the server in process.

use serde_json::{Value, json};
use wit_lsp_test_client::Server;

/// The lines of `text` by the LSP's rule, each as its length in `encoding`'s units.
fn line_lengths(text: &str, utf16: bool) -> Vec<u64> {
    let mut lengths = Vec::new();
    let mut current = 0u64;
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        match ch {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                lengths.push(current);
                current = 0;
            }
            '\n' => {
                lengths.push(current);
                current = 0;
            }
            _ => current += if utf16 { ch.len_utf16() } else { ch.len_utf8() } as u64,
        }
    }
    lengths.push(current);
    lengths
}

fn check_position(lines: &[u64], position: &Value, what: &str) {
    let line = position["line"].as_u64().expect("line") as usize;
    let character = position["character"].as_u64().expect("character");
    assert!(
        line < lines.len(),
        "{what}: line {line} of {} lines",
        lines.len()
    );
    assert!(
        character <= lines[line],
        "{what}: character {character} on a line of {} units",
        lines[line]
    );
}

fn check_range(lines: &[u64], range: &Value, what: &str) {
    check_position(lines, &range["start"], what);
    check_position(lines, &range["end"], what);
}

/// Every semantic token is non-empty and ends within its line.
fn check_semantic_tokens(lines: &[u64], data: &[Value], text: &str) {
    let (mut line, mut start) = (0u64, 0u64);
    for token in data.chunks(5) {
        let delta_line = token[0].as_u64().expect("delta");
        line += delta_line;
        start = if delta_line == 0 { start } else { 0 } + token[1].as_u64().expect("start");
        let length = token[2].as_u64().expect("length");
        assert!(length > 0, "an empty token at {line}:{start} in {text:?}");
        assert!(
            start + length <= lines[line as usize],
            "a token at {line}:{start} of length {length} on a line of {} units in {text:?}",
            lines[line as usize]
        );
    }
}

fn symbols_ranges(symbols: &[Value], out: &mut Vec<Value>) {
    for symbol in symbols {
        out.push(symbol["range"].clone());
        out.push(symbol["selectionRange"].clone());
        if let Some(children) = symbol["children"].as_array() {
            symbols_ranges(children, out);
        }
    }
}

/// Asks every structural request about `text` and checks the answers against its lines.
fn check_text(server: &mut Server, dir: &std::path::Path, name: &str, text: &str, utf16: bool) {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write");
    let uri = server.open(&path, 1);
    let document = json!({ "textDocument": { "uri": uri } });
    let lines = line_lengths(text, utf16);
    let tokens = server.request("textDocument/semanticTokens/full", document.clone());
    let data = tokens["result"]["data"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    check_semantic_tokens(&lines, &data, text);
    let symbols = server.request("textDocument/documentSymbol", document.clone());
    let mut ranges = Vec::new();
    symbols_ranges(
        symbols["result"].as_array().map_or(&[][..], |v| v),
        &mut ranges,
    );
    for range in &ranges {
        check_range(&lines, range, "documentSymbol");
    }
    let folds = server.request("textDocument/foldingRange", document.clone());
    for fold in folds["result"].as_array().map_or(&[][..], |v| v) {
        let (start, end) = (fold["startLine"].as_u64(), fold["endLine"].as_u64());
        assert!(
            start <= end && (end.unwrap_or(0) as usize) < lines.len(),
            "{fold}"
        );
    }
    let last_line = lines.len() as u64 - 1;
    let everything = json!({ "start": { "line": 0, "character": 0 },
                             "end": { "line": last_line, "character": lines[last_line as usize] } });
    let hints = server.request(
        "textDocument/inlayHint",
        json!({ "textDocument": { "uri": uri }, "range": everything }),
    );
    for hint in hints["result"].as_array().map_or(&[][..], |v| v) {
        check_position(&lines, &hint["position"], "inlayHint");
    }
    let positions: Vec<Value> = (0..lines.len())
        .map(|line| json!({ "line": line, "character": lines[line] / 2 }))
        .collect();
    let selections = server.request(
        "textDocument/selectionRange",
        json!({ "textDocument": { "uri": uri }, "positions": positions }),
    );
    for selection in selections["result"].as_array().map_or(&[][..], |v| v) {
        let mut current = Some(selection);
        while let Some(selection) = current {
            check_range(&lines, &selection["range"], "selectionRange");
            current = selection.get("parent").filter(|parent| !parent.is_null());
        }
    }
    // Diagnostics of this version.
    let published = server.wait_for_diagnostics(&uri, |params| params["version"] == 1);
    for diagnostic in published["diagnostics"].as_array().map_or(&[][..], |v| v) {
        check_range(&lines, &diagnostic["range"], "diagnostic");
    }
    let edits = server.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri }, "options": { "tabSize": 4, "insertSpaces": true } }),
    );
    for edit in edits["result"].as_array().map_or(&[][..], |v| v) {
        check_range(&lines, &edit["range"], "formatting edit");
    }
    let links = server.request("textDocument/documentLink", document.clone());
    for link in links["result"].as_array().map_or(&[][..], |v| v) {
        check_range(&lines, &link["range"], "documentLink");
    }
    // Position requests at the middle of every line.
    for (line, length) in lines.iter().enumerate() {
        let at = json!({ "textDocument": { "uri": uri },
                         "position": { "line": line, "character": length / 2 } });
        let hover = server.request("textDocument/hover", at.clone());
        if hover["result"]["range"].is_object() {
            check_range(&lines, &hover["result"]["range"], "hover");
        }
        let highlights = server.request("textDocument/documentHighlight", at.clone());
        for highlight in highlights["result"].as_array().map_or(&[][..], |v| v) {
            check_range(&lines, &highlight["range"], "documentHighlight");
        }
        let mut references = at.clone();
        references["context"] = json!({ "includeDeclaration": true });
        let references = server.request("textDocument/references", references);
        for location in references["result"].as_array().map_or(&[][..], |v| v) {
            if location["uri"] == uri.as_str() {
                check_range(&lines, &location["range"], "references");
            }
        }
    }
    server.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
}

const SAMPLE: &str = "package demo:endings;\n\n/* a block\n   comment — über */\ninterface types {\n    /// Docs that say\n    /// «quoted» things.\n    type id = u64;\n    record entry {\n        key: id, // 注释\n        value: string,\n    }\n    variant shape { circle(f32), square }\n    resource blob {\n        constructor();\n        size: func() -> u64;\n    }\n}\n\nworld app {\n    import types;\n    export run: func(e: entry) -> result<id, string>;\n}\n";

/// A tiny seeded generator, so a failure names the case that failed.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
}

#[test]
fn the_reproducers_give_tokens_inside_their_lines() {
    let dir = tempfile::tempdir().expect("tempdir");
    for utf16 in [true, false] {
        let mut server = Server::in_process();
        server.initialize(dir.path(), &[if utf16 { "utf-16" } else { "utf-8" }]);
        for (number, text) in [
            "package a:b;\r\n/* x\r\n y */\r\ninterface i {}\r\n",
            "// a\r b /*e",
            "interface i { /// a\r b\n}",
        ]
        .into_iter()
        .enumerate()
        {
            check_text(
                &mut server,
                dir.path(),
                &format!("r{number}.wit"),
                text,
                utf16,
            );
        }
        server.shutdown();
    }
}

#[test]
fn every_range_lies_within_its_lines_for_mixed_line_endings() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut random = Lcg(20);
    for utf16 in [true, false] {
        let mut server = Server::in_process();
        server.initialize(dir.path(), &[if utf16 { "utf-16" } else { "utf-8" }]);
        for case in 0..40 {
            let mut text = String::new();
            for ch in SAMPLE.chars() {
                if ch == '\n' {
                    text.push_str(["\n", "\r\n", "\r"][(random.next() % 3) as usize]);
                } else {
                    text.push(ch);
                }
            }
            check_text(
                &mut server,
                dir.path(),
                &format!("mixed{case}.wit"),
                &text,
                utf16,
            );
        }
        server.shutdown();
    }
}
