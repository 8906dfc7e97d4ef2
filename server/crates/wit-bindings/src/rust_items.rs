//! Splitting generated Rust source into its items, without parsing it: a small lexer finds
//! where each top-level item (and each item of an inline module, recursively) starts and ends.
//!
//! This exists for speed. Parsing the whole output of a generator with `syn` costs far more
//! than generating it, so [`crate::rust_format`] formats item by item and reuses the
//! formatting of items whose text did not change. The split only has to be right for
//! well-formed Rust as the generators write it; anything it does not understand is a
//! [`SplitError`], and the caller then formats the file whole.

use std::ops::Range;

/// The source could not be split into items (it is not Rust the splitter understands).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SplitError {
    /// Byte offset where the splitter gave up: in the source for a lexing error, in the
    /// normalized text for an item-structure error.
    pub offset: usize,
    /// What it found there.
    pub reason: &'static str,
}

/// One item of a file or of a module body, as byte ranges of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    /// Inner attributes (`#![..]`, `//!`, `/*! */`) at the start of a file.
    FileAttributes(Range<usize>),
    /// An item that is not an inline module, from its first attribute to its last token.
    Item(Range<usize>),
    /// An inline module (`mod name { .. }`). `header` runs from its first attribute to the end
    /// of the inner attributes after `{`; `items` are the pieces of its body.
    Module {
        header: Range<usize>,
        items: Vec<Piece>,
    },
}

/// A source split into items.
#[derive(Debug)]
pub(crate) struct SplitSource {
    /// The source with every run of whitespace and plain comments between two tokens written
    /// as one `\n` (and none before the first or after the last token). It has the same
    /// tokens, with the same spacing between punctuation (`&&` versus `& &`), so `syn` parses it
    /// to the same tree; generators whose indentation drifts from one run to the next still
    /// give equal text for equal items.
    pub text: String,
    /// The pieces, as ranges of `text`.
    pub pieces: Vec<Piece>,
}

/// Splits `source` into its top-level pieces, recursing into inline modules.
pub(crate) fn split_items(source: &str) -> Result<SplitSource, SplitError> {
    let (text, tokens) = tokenize(source)?;
    let mut pieces = Vec::new();
    let mut cursor = Cursor {
        source: &text,
        tokens: &tokens,
        position: 0,
    };
    let attributes = cursor.inner_attributes();
    if let Some(range) = attributes {
        pieces.push(Piece::FileAttributes(range));
    }
    cursor.items_until_end(&mut pieces)?;
    Ok(SplitSource { text, pieces })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokenKind {
    Ident,
    Lifetime,
    Literal,
    Punct(u8),
    Open(u8),
    Close(u8),
    OuterDoc,
    InnerDoc,
}

#[derive(Debug, Clone, Copy)]
struct Token {
    kind: TokenKind,
    start: usize,
    end: usize,
    /// For `Open` and `Close`: the index of the matching delimiter.
    partner: usize,
}

/// The normalized text of `source` (see [`SplitSource::text`]) and its tokens, with
/// delimiters matched.
fn tokenize(source: &str) -> Result<(String, Vec<Token>), SplitError> {
    let bytes = source.as_bytes();
    let mut tokens: Vec<Token> = Vec::with_capacity(source.len() / 4);
    let mut normalized = String::with_capacity(source.len());
    // Where the previous token ended in `source`: a gap before the next one is whitespace or
    // comments, which the normalized text writes as one `\n`.
    let mut previous_end = 0;
    let mut open = Vec::new();
    let mut at = 0;
    let error = |offset, reason| SplitError { offset, reason };
    while at < bytes.len() {
        let byte = bytes[at];
        let start = at;
        let mut partner = 0;
        let kind = match byte {
            b' ' | b'\t' | b'\n' | b'\r' => {
                at += 1;
                continue;
            }
            b'/' if bytes.get(at + 1) == Some(&b'/') => {
                let end = source[at..]
                    .find('\n')
                    .map_or(bytes.len(), |line| at + line);
                let doc = match (bytes.get(at + 2), bytes.get(at + 3)) {
                    (Some(b'/'), Some(b'/')) => None,
                    (Some(b'/'), _) => Some(TokenKind::OuterDoc),
                    (Some(b'!'), _) => Some(TokenKind::InnerDoc),
                    _ => None,
                };
                at = end;
                match doc {
                    Some(kind) => kind,
                    None => continue,
                }
            }
            b'/' if bytes.get(at + 1) == Some(&b'*') => {
                let doc = match (bytes.get(at + 2), bytes.get(at + 3)) {
                    (Some(b'*'), Some(b'*' | b'/')) => None,
                    (Some(b'*'), _) => Some(TokenKind::OuterDoc),
                    (Some(b'!'), _) => Some(TokenKind::InnerDoc),
                    _ => None,
                };
                at = block_comment_end(bytes, at).ok_or(error(at, "unterminated block comment"))?;
                match doc {
                    Some(kind) => kind,
                    None => continue,
                }
            }
            b'"' => {
                at = quoted_end(bytes, at + 1, b'"').ok_or(error(at, "unterminated string"))?;
                TokenKind::Literal
            }
            b'\'' => {
                let (end, kind) = quote_or_lifetime(source, at)?;
                at = end;
                kind
            }
            b'r' if bytes.get(at + 1) == Some(&b'#')
                && bytes.get(at + 2).is_some_and(|&next| {
                    next == b'_' || next.is_ascii_alphabetic() || next >= 0x80
                }) =>
            {
                // A raw identifier, `r#type`.
                at = identifier_end(bytes, at + 2);
                TokenKind::Ident
            }
            b'b' | b'c' | b'r' => {
                if let Some(end) = prefixed_literal_end(bytes, at)? {
                    at = end;
                    TokenKind::Literal
                } else {
                    at = identifier_end(bytes, at);
                    TokenKind::Ident
                }
            }
            b'0'..=b'9' => {
                at = identifier_end(bytes, at);
                TokenKind::Literal
            }
            b'(' | b'[' | b'{' => {
                open.push(tokens.len());
                at += 1;
                TokenKind::Open(byte)
            }
            b')' | b']' | b'}' => {
                let expected = match byte {
                    b')' => b'(',
                    b']' => b'[',
                    _ => b'{',
                };
                let opener = open.pop().ok_or(error(at, "unmatched closing delimiter"))?;
                let index = tokens.len();
                let opener_token: &mut Token = &mut tokens[opener];
                if opener_token.kind != TokenKind::Open(expected) {
                    return Err(error(at, "mismatched delimiters"));
                }
                opener_token.partner = index;
                partner = opener;
                at += 1;
                TokenKind::Close(byte)
            }
            b'_' | b'a'..=b'z' | b'A'..=b'Z' | 0x80..=0xff => {
                at = identifier_end(bytes, at);
                TokenKind::Ident
            }
            _ => {
                at += 1;
                TokenKind::Punct(byte)
            }
        };
        if start > previous_end && !tokens.is_empty() {
            normalized.push('\n');
        }
        previous_end = at;
        let normalized_start = normalized.len();
        normalized.push_str(&source[start..at]);
        tokens.push(Token {
            kind,
            start: normalized_start,
            end: normalized.len(),
            partner,
        });
    }
    if let Some(&opener) = open.last() {
        return Err(error(tokens[opener].start, "unclosed delimiter"));
    }
    Ok((normalized, tokens))
}

fn identifier_end(bytes: &[u8], mut at: usize) -> usize {
    while at < bytes.len()
        && matches!(bytes[at], b'_' | b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | 0x80..=0xff)
    {
        at += 1;
    }
    at
}

/// The end of a block comment starting at `at` (`/*`), honouring nesting.
fn block_comment_end(bytes: &[u8], mut at: usize) -> Option<usize> {
    let mut depth = 0usize;
    while at + 1 < bytes.len() {
        match (bytes[at], bytes[at + 1]) {
            (b'/', b'*') => {
                depth += 1;
                at += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                at += 2;
                if depth == 0 {
                    return Some(at);
                }
            }
            _ => at += 1,
        }
    }
    None
}

/// The end (after the closing quote) of an escaped literal whose body starts at `at`.
fn quoted_end(bytes: &[u8], mut at: usize, quote: u8) -> Option<usize> {
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            byte if byte == quote => return Some(at + 1),
            _ => at += 1,
        }
    }
    None
}

/// A `'` starts a character literal (`'a'`, `'\n'`) or a lifetime or label (`'a`).
fn quote_or_lifetime(source: &str, at: usize) -> Result<(usize, TokenKind), SplitError> {
    let bytes = source.as_bytes();
    let unterminated = SplitError {
        offset: at,
        reason: "unterminated character literal",
    };
    if bytes.get(at + 1) == Some(&b'\\') {
        let end = quoted_end(bytes, at + 1, b'\'').ok_or(unterminated)?;
        return Ok((end, TokenKind::Literal));
    }
    let Some(next) = source[at + 1..].chars().next() else {
        return Err(unterminated);
    };
    let after = at + 1 + next.len_utf8();
    if bytes.get(after) == Some(&b'\'') {
        return Ok((after + 1, TokenKind::Literal));
    }
    Ok((identifier_end(bytes, at + 1), TokenKind::Lifetime))
}

/// The end of a literal with a prefix (`b"..."`, `b'x'`, `r#"..."#`, `br".."`, `c".."`,
/// `cr#".."#`) starting at `at`, or `None` when the letter starts an identifier.
fn prefixed_literal_end(bytes: &[u8], at: usize) -> Result<Option<usize>, SplitError> {
    let unterminated = SplitError {
        offset: at,
        reason: "unterminated literal",
    };
    let mut cursor = at;
    if matches!(bytes[cursor], b'b' | b'c') {
        cursor += 1;
        match bytes.get(cursor) {
            Some(b'"') => {
                return quoted_end(bytes, cursor + 1, b'"')
                    .map(Some)
                    .ok_or(unterminated);
            }
            Some(b'\'') if bytes[at] == b'b' => {
                return quoted_end(bytes, cursor + 1, b'\'')
                    .map(Some)
                    .ok_or(unterminated);
            }
            Some(b'r') => {}
            _ => return Ok(None),
        }
    }
    // A raw string: `r`, then `#`s, then `"`; `r#ident` is a raw identifier.
    cursor += 1;
    let hashes_start = cursor;
    while bytes.get(cursor) == Some(&b'#') {
        cursor += 1;
    }
    if bytes.get(cursor) != Some(&b'"') {
        return Ok(None);
    }
    let hashes = cursor - hashes_start;
    cursor += 1;
    while cursor < bytes.len() {
        if bytes[cursor] == b'"'
            && bytes.len() >= cursor + 1 + hashes
            && bytes[cursor + 1..cursor + 1 + hashes]
                .iter()
                .all(|&byte| byte == b'#')
        {
            return Ok(Some(cursor + 1 + hashes));
        }
        cursor += 1;
    }
    Err(unterminated)
}

struct Cursor<'t> {
    source: &'t str,
    tokens: &'t [Token],
    position: usize,
}

impl<'t> Cursor<'t> {
    fn peek(&self, ahead: usize) -> Option<&Token> {
        self.tokens.get(self.position + ahead)
    }

    fn is_punct(&self, ahead: usize, punct: u8) -> bool {
        self.peek(ahead)
            .is_some_and(|token| token.kind == TokenKind::Punct(punct))
    }

    /// Consumes inner attributes and inner doc comments; their range, if any.
    fn inner_attributes(&mut self) -> Option<Range<usize>> {
        let start = self.peek(0)?.start;
        let mut end = None;
        loop {
            match self.peek(0) {
                Some(token) if token.kind == TokenKind::InnerDoc => {
                    end = Some(token.end);
                    self.position += 1;
                }
                Some(token)
                    if token.kind == TokenKind::Punct(b'#')
                        && self.is_punct(1, b'!')
                        && self
                            .peek(2)
                            .is_some_and(|token| token.kind == TokenKind::Open(b'[')) =>
                {
                    let close = self.tokens[self.position + 2].partner;
                    end = Some(self.tokens[close].end);
                    self.position = close + 1;
                }
                _ => break,
            }
        }
        end.map(|end| start..end)
    }

    /// Splits items until the cursor reaches `self.tokens.len()`.
    fn items_until_end(&mut self, into: &mut Vec<Piece>) -> Result<(), SplitError> {
        let end = self.tokens.len();
        self.items_until(end, into)
    }

    /// Splits items until the token index `end` (a module's closing brace, or the end).
    fn items_until(&mut self, end: usize, into: &mut Vec<Piece>) -> Result<(), SplitError> {
        while self.position < end {
            into.push(self.item(end)?);
        }
        Ok(())
    }

    /// One item: outer attributes, qualifiers, and everything up to its `;` or body.
    fn item(&mut self, limit: usize) -> Result<Piece, SplitError> {
        let first = self.tokens[self.position];
        let error = |offset, reason| SplitError { offset, reason };
        // Outer attributes and doc comments.
        loop {
            let token = self.tokens[self.position];
            if token.kind == TokenKind::OuterDoc {
                self.position += 1;
            } else if token.kind == TokenKind::Punct(b'#')
                && self
                    .peek(1)
                    .is_some_and(|token| token.kind == TokenKind::Open(b'['))
            {
                self.position = self.tokens[self.position + 1].partner + 1;
            } else {
                break;
            }
            if self.position >= limit {
                return Err(error(first.start, "attributes without an item"));
            }
        }
        // What kind of item: one ending at `;` only (`const`, `static`, `type`, `use`,
        // `extern crate`), or one ending at `;` or at its `{ .. }` body (everything else).
        let source_kind = self.item_keyword();
        let is_module = source_kind == ItemKeyword::Mod;
        while self.position < limit {
            let token = self.tokens[self.position];
            match token.kind {
                TokenKind::Punct(b';') => {
                    self.position += 1;
                    return Ok(Piece::Item(first.start..token.end));
                }
                TokenKind::Open(b'{') if source_kind != ItemKeyword::SemicolonOnly => {
                    let close = token.partner;
                    // An empty module prints on one line (`mod m {}`): a plain item.
                    if is_module && close > self.position + 1 {
                        self.position += 1;
                        let header_end =
                            self.inner_attributes().map_or(token.end, |range| range.end);
                        let mut items = Vec::new();
                        self.items_until(close, &mut items)?;
                        self.position = close + 1;
                        return Ok(Piece::Module {
                            header: first.start..header_end,
                            items,
                        });
                    }
                    self.position = close + 1;
                    return Ok(Piece::Item(first.start..self.tokens[close].end));
                }
                TokenKind::Open(_) => self.position = token.partner + 1,
                TokenKind::Close(_) => {
                    return Err(error(token.start, "unexpected closing delimiter"));
                }
                _ => self.position += 1,
            }
        }
        Err(error(first.start, "item without `;` or body"))
    }

    /// Classifies the item at the cursor by its first defining keyword (not consuming it).
    fn item_keyword(&self) -> ItemKeyword {
        let mut ahead = 0;
        while let Some(token) = self.peek(ahead) {
            if token.kind != TokenKind::Ident {
                return ItemKeyword::Other;
            }
            let word = self.word(ahead);
            match word {
                "pub" => {
                    // `pub(crate)` and friends.
                    if self
                        .peek(ahead + 1)
                        .is_some_and(|token| token.kind == TokenKind::Open(b'('))
                    {
                        ahead = self.tokens[self.position + ahead + 1].partner - self.position;
                    }
                }
                "unsafe" | "async" | "default" | "safe" | "auto" => {}
                "extern" => match self.peek(ahead + 1) {
                    Some(token) if token.kind == TokenKind::Literal => ahead += 1,
                    Some(token)
                        if token.kind == TokenKind::Ident && self.word(ahead + 1) == "crate" =>
                    {
                        return ItemKeyword::SemicolonOnly;
                    }
                    _ => {}
                },
                "const" => {
                    let is_function = self.peek(ahead + 1).is_some_and(|token| {
                        token.kind == TokenKind::Ident
                            && matches!(self.word(ahead + 1), "fn" | "unsafe" | "async" | "extern")
                    });
                    return if is_function {
                        ItemKeyword::Other
                    } else {
                        ItemKeyword::SemicolonOnly
                    };
                }
                "static" | "type" | "use" => return ItemKeyword::SemicolonOnly,
                "mod" => return ItemKeyword::Mod,
                _ => return ItemKeyword::Other,
            }
            ahead += 1;
        }
        ItemKeyword::Other
    }

    /// The text of the token `ahead` of the cursor.
    fn word(&self, ahead: usize) -> &'t str {
        let token = self.tokens[self.position + ahead];
        &self.source[token.start..token.end]
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ItemKeyword {
    Mod,
    SemicolonOnly,
    Other,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces as text (the normalized text's `\n` separators shown as spaces), modules as
    /// `mod[header](items)`.
    fn shape(source: &str) -> Vec<String> {
        fn render(source: &str, pieces: &[Piece]) -> Vec<String> {
            pieces
                .iter()
                .map(|piece| match piece {
                    Piece::FileAttributes(range) => format!("attrs[{}]", &source[range.clone()]),
                    Piece::Item(range) => source[range.clone()].to_owned(),
                    Piece::Module { header, items } => format!(
                        "mod[{}]({})",
                        &source[header.clone()],
                        render(source, items).join(" | ")
                    ),
                })
                .collect()
        }
        let split = split_items(source).unwrap();
        render(&split.text.replace('\n', " "), &split.pieces)
    }

    #[test]
    fn items_end_at_their_semicolon_or_body_and_modules_nest() {
        let source = "#![no_std]\n// comment\n/// doc\n#[derive(Clone)]\nstruct A(u8);\n\
                      const X: T = T { a: '{' };\nimpl<'a> B for C<'a> { fn f() {} }\n\
                      pub(crate) mod m {\n#![allow(x)]\nuse y::z;\nmod inner { type T = u8; }\n}\n\
                      m!{ } n!(1);\nconst fn g() -> u8 { 1 }\nunsafe extern \"C\" { fn h(); }\n";
        assert_eq!(
            shape(source),
            [
                "attrs[#![no_std]]",
                "/// doc #[derive(Clone)] struct A(u8);",
                "const X: T = T { a: '{' };",
                "impl<'a> B for C<'a> { fn f() {} }",
                "mod[pub(crate) mod m { #![allow(x)]](use y::z; | mod[mod inner {](type T = u8;))",
                "m!{ }",
                "n!(1);",
                "const fn g() -> u8 { 1 }",
                "unsafe extern \"C\" { fn h(); }",
            ]
        );
    }

    #[test]
    fn literals_and_comments_hide_delimiters() {
        let source = "fn a() { \"}\"; r#\"}\"#; b'}'; '}'; /* } /* } */ */ // }\n }\n\
                      fn r#type<'b>(x: &'b str) -> char { '\\'' }\n";
        assert_eq!(shape(source).len(), 2);
    }

    #[test]
    fn whitespace_and_comments_become_one_newline_and_spacing_between_punctuation_is_kept() {
        let split =
            split_items("  fn  a(x: &&u8,   y: & &u8) {\n\t// note\n  x /* c */ ; }\n\n").unwrap();
        assert_eq!(split.text, "fn\na(x:\n&&u8,\ny:\n&\n&u8)\n{\nx\n;\n}");
        let doc = split_items("/// a doc\n  /// more\nstruct S;").unwrap();
        assert_eq!(doc.text, "/// a doc\n/// more\nstruct\nS;");
        let literal = split_items("const S: &str = \"two  spaces\n  and a line\";").unwrap();
        assert!(
            literal.text.contains("\"two  spaces\n  and a line\""),
            "{}",
            literal.text
        );
    }

    #[test]
    fn unbalanced_or_unterminated_source_is_an_error() {
        for source in [
            "fn a() {",
            "fn a() }",
            "fn a() { \"open }",
            "fn a() { /* }",
            "struct A",
        ] {
            assert!(split_items(source).is_err(), "{source}");
        }
    }
}
