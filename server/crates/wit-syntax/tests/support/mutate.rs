//! Input mutation for robustness tests: byte-level and token-level edits of WIT source, driven
//! by a small deterministic PRNG so every failing input can be reproduced from its seed.

#![allow(dead_code)]

/// xorshift64*: deterministic, dependency-free, good enough for picking mutations.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
}

/// Snippets inserted by mutations: punctuation, keywords, odd characters, half-tokens.
const SNIPPETS: &[&str] = &[
    "{",
    "}",
    "(",
    ")",
    "<",
    ">",
    ";",
    ":",
    ",",
    ".",
    "@",
    "%",
    "=",
    "->",
    "/",
    "*",
    "+",
    "-",
    "\"",
    "//",
    "/*",
    "*/",
    "///",
    "/**",
    "\n",
    "\r\n",
    "\r",
    "\t",
    " ",
    "\u{feff}",
    "\u{202e}",
    "\u{7}",
    "é",
    "\u{1F600}",
    "_",
    "0",
    "1.0.0",
    "-rc.1",
    "interface",
    "world",
    "package",
    "use",
    "import",
    "export",
    "include",
    "with",
    "as",
    "type",
    "record",
    "variant",
    "enum",
    "flags",
    "resource",
    "constructor",
    "static",
    "async",
    "func",
    "list",
    "map",
    "option",
    "result",
    "tuple",
    "own",
    "borrow",
    "future",
    "stream",
    "error-context",
    "u32",
    "string",
    "@since(version = 1.0.0)",
    "@unstable(feature = f)",
    "@deprecated(version = 0.1.0)",
    "@external-id(\"x\")",
    "a:b",
    "a:b/c",
    "%foo",
    "foo",
    "Foo",
    "foo-bar",
    "list<",
    ">>",
    "package a:b {",
    "interface x {",
    "f: func(",
    "\"\\u{41}\"",
    "\"\\q\"",
];

/// One mutated copy of `text`.
pub fn mutate(text: &str, rng: &mut Rng) -> String {
    let rounds = 1 + rng.below(3);
    let mut out = text.to_string();
    for _ in 0..rounds {
        out = if rng.below(2) == 0 {
            mutate_bytes(&out, rng)
        } else {
            mutate_tokens(&out, rng)
        };
    }
    out
}

fn char_boundary(text: &str, rng: &mut Rng) -> usize {
    let mut at = rng.below(text.len() + 1);
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn mutate_bytes(text: &str, rng: &mut Rng) -> String {
    let at = char_boundary(text, rng);
    match rng.below(4) {
        // Delete a short range.
        0 => {
            let mut end = (at + 1 + rng.below(16)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            format!("{}{}", &text[..at], &text[end..])
        }
        // Duplicate a short range.
        1 => {
            let mut end = (at + 1 + rng.below(32)).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            format!("{}{}", &text[..end], &text[at..])
        }
        // Insert a snippet.
        2 => {
            let snippet = SNIPPETS[rng.below(SNIPPETS.len())];
            format!("{}{snippet}{}", &text[..at], &text[at..])
        }
        // Truncate.
        _ => text[..at].to_string(),
    }
}

fn mutate_tokens(text: &str, rng: &mut Rng) -> String {
    let (tokens, _) = wit_syntax::lex(text);
    if tokens.is_empty() {
        return SNIPPETS[rng.below(SNIPPETS.len())].to_string();
    }
    let pieces: Vec<&str> = tokens.iter().map(|t| &text[t.range.to_range()]).collect();
    let mut pieces: Vec<String> = pieces.into_iter().map(str::to_string).collect();
    let i = rng.below(pieces.len());
    match rng.below(4) {
        0 => {
            pieces.remove(i);
        }
        1 => {
            let copy = pieces[i].clone();
            pieces.insert(i, copy);
        }
        2 => {
            let j = rng.below(pieces.len());
            pieces.swap(i, j);
        }
        _ => {
            let insert = if rng.below(2) == 0 {
                SNIPPETS[rng.below(SNIPPETS.len())].to_string()
            } else {
                pieces[rng.below(pieces.len())].clone()
            };
            pieces.insert(i, insert);
        }
    }
    pieces.concat()
}
