//! The lossless lexer: splits WIT source into tokens (trivia included) whose lengths sum to the input.
//!
//! It accepts exactly the characters wit-parser 0.254 accepts and reports the same classes of
//! lexical errors (forbidden code points, unterminated comments and strings, bad escapes,
//! unexpected characters), but never stops: every byte ends up in some token.

use crate::{SyntaxError, SyntaxKind, TextRange};
use SyntaxKind::*;

/// One lexed token: its kind and its byte range in the source.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LexedToken {
    /// The token kind.
    pub kind: SyntaxKind,
    /// The token's byte range.
    pub range: TextRange,
}

/// Splits `text` into tokens covering every byte, and collects lexical errors.
pub fn lex(text: &str) -> (Vec<LexedToken>, Vec<SyntaxError>) {
    let mut lexer = Lexer {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        tokens: Vec::with_capacity(text.len() / 3 + 1),
        errors: Vec::new(),
    };
    lexer.check_code_points();
    if text.starts_with('\u{feff}') {
        lexer.pos = '\u{feff}'.len_utf8();
        lexer.push(WHITESPACE, 0);
    }
    while lexer.pos < text.len() {
        lexer.next_token();
    }
    (lexer.tokens, lexer.errors)
}

struct Lexer<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    tokens: Vec<LexedToken>,
    errors: Vec<SyntaxError>,
}

/// True for characters that may start an identifier or keyword (as in wit-parser: XID start or `_`).
fn is_keylike_start(ch: char) -> bool {
    unicode_ident::is_xid_start(ch) || ch == '_'
}

/// True for characters that may continue an identifier or keyword.
fn is_keylike_continue(ch: char) -> bool {
    unicode_ident::is_xid_continue(ch) || ch == '-'
}

impl Lexer<'_> {
    fn push(&mut self, kind: SyntaxKind, start: usize) {
        self.tokens.push(LexedToken {
            kind,
            range: TextRange::new(start as u32, self.pos as u32),
        });
    }

    fn error(&mut self, start: usize, end: usize, message: impl Into<String>) {
        self.errors.push(SyntaxError {
            range: TextRange::new(start as u32, end as u32),
            message: message.into(),
        });
    }

    fn peek_char(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    /// Code points wit-parser refuses anywhere in a file, comments included.
    fn check_code_points(&mut self) {
        // Printable ASCII is always allowed; only the rest needs decoding.
        let first_suspect = self
            .bytes
            .iter()
            .position(|b| !(0x20..0x7f).contains(b) && !matches!(b, b'\n' | b'\r' | b'\t'));
        let Some(first_suspect) = first_suspect else {
            return;
        };
        for (offset, ch) in self.text[first_suspect..].char_indices() {
            let pos = first_suspect + offset;
            let message = match ch {
                '\n' | '\r' | '\t' => continue,
                '\u{202a}' | '\u{202b}' | '\u{202c}' | '\u{202d}' | '\u{202e}' | '\u{2066}'
                | '\u{2067}' | '\u{2068}' | '\u{2069}' => {
                    format!(
                        "bidirectional override code point U+{:04X} is forbidden",
                        ch as u32
                    )
                }
                '\u{149}' | '\u{673}' | '\u{f77}' | '\u{f79}' | '\u{17a3}' | '\u{17a4}'
                | '\u{17b4}' | '\u{17b5}' => {
                    format!("deprecated code point U+{:04X} is not allowed", ch as u32)
                }
                ch if ch.is_control() => {
                    format!("control code point U+{:04X} is not allowed", ch as u32)
                }
                _ => continue,
            };
            self.error(pos, pos + ch.len_utf8(), message);
        }
    }

    fn next_token(&mut self) {
        let start = self.pos;
        let Some(ch) = self.peek_char() else { return };
        let b = self.bytes[start];
        let kind = match b {
            b' ' | b'\t' | b'\n' => {
                self.eat_whitespace();
                WHITESPACE
            }
            b'\r' if self.bytes.get(start + 1) == Some(&b'\n') => {
                self.eat_whitespace();
                WHITESPACE
            }
            b'/' if self.bytes.get(start + 1) == Some(&b'/') => {
                self.pos += 2;
                loop {
                    let rest = &self.bytes[self.pos..];
                    match rest.iter().position(|&c| c == b'\n' || c == b'\r') {
                        None => {
                            self.pos = self.bytes.len();
                            break;
                        }
                        Some(at) => {
                            self.pos += at;
                            // A lone `\r` is part of the comment; `\r\n` ends it.
                            if rest[at] == b'\n' || rest.get(at + 1) == Some(&b'\n') {
                                break;
                            }
                            self.pos += 1;
                        }
                    }
                }
                // A comment never ends inside a multi-byte character: `\n` and `\r` are ASCII.
                LINE_COMMENT
            }
            b'/' if self.bytes.get(start + 1) == Some(&b'*') => {
                self.pos += 2;
                let mut depth = 1u32;
                while depth > 0 {
                    match self.bytes.get(self.pos) {
                        None => {
                            self.error(start, start + 2, "unterminated block comment");
                            break;
                        }
                        Some(b'/') if self.bytes.get(self.pos + 1) == Some(&b'*') => {
                            depth += 1;
                            self.pos += 2;
                        }
                        Some(b'*') if self.bytes.get(self.pos + 1) == Some(&b'/') => {
                            depth -= 1;
                            self.pos += 2;
                        }
                        Some(_) => self.pos += 1,
                    }
                }
                BLOCK_COMMENT
            }
            b'/' => self.single(SLASH),
            b'=' => self.single(EQ),
            b',' => self.single(COMMA),
            b':' => self.single(COLON),
            b'.' => self.single(DOT),
            b';' => self.single(SEMICOLON),
            b'(' => self.single(L_PAREN),
            b')' => self.single(R_PAREN),
            b'{' => self.single(L_BRACE),
            b'}' => self.single(R_BRACE),
            b'<' => self.single(L_ANGLE),
            b'>' => self.single(R_ANGLE),
            b'*' => self.single(STAR),
            b'@' => self.single(AT),
            b'+' => self.single(PLUS),
            b'-' if self.bytes.get(start + 1) == Some(&b'>') => {
                self.pos += 2;
                ARROW
            }
            b'-' => self.single(MINUS),
            b'%' => {
                self.pos += 1;
                if let Some(c) = self.peek_char()
                    && is_keylike_start(c)
                {
                    self.eat_keylike();
                }
                EXPLICIT_IDENT
            }
            b'"' => {
                self.eat_string();
                STRING
            }
            b'0'..=b'9' => {
                while self.pos < self.bytes.len() && self.bytes[self.pos].is_ascii_digit() {
                    self.pos += 1;
                }
                INTEGER
            }
            _ if is_keylike_start(ch) => {
                self.eat_keylike();
                SyntaxKind::from_keyword(&self.text[start..self.pos]).unwrap_or(IDENT)
            }
            _ => {
                self.pos += ch.len_utf8();
                // Control characters were already reported by `check_code_points`.
                if !ch.is_control() || ch == '\r' {
                    let message = if ch == '\r' {
                        "a carriage return must be followed by a line feed".to_string()
                    } else {
                        format!("unexpected character {ch:?}")
                    };
                    self.error(start, self.pos, message);
                }
                ERROR_TOKEN
            }
        };
        self.push(kind, start);
    }

    fn single(&mut self, kind: SyntaxKind) -> SyntaxKind {
        self.pos += 1;
        kind
    }

    fn eat_whitespace(&mut self) {
        while self.pos < self.bytes.len() {
            match self.bytes[self.pos] {
                b' ' | b'\t' | b'\n' => self.pos += 1,
                b'\r' if self.bytes.get(self.pos + 1) == Some(&b'\n') => self.pos += 2,
                _ => break,
            }
        }
    }

    fn eat_keylike(&mut self) {
        // The first character was checked by the caller. ASCII names are the common case.
        let mut end = self.pos + 1;
        while let Some(&b) = self.bytes.get(end) {
            if b.is_ascii_alphanumeric() || b == b'-' || b == b'_' {
                end += 1;
            } else {
                break;
            }
        }
        if self.bytes.get(end).is_none_or(|b| b.is_ascii()) {
            self.pos = end;
            return;
        }
        let mut chars = self.text[self.pos..].char_indices();
        let mut end = self.text.len();
        chars.next();
        for (offset, c) in chars {
            if !is_keylike_continue(c) {
                end = self.pos + offset;
                break;
            }
        }
        self.pos = end;
    }

    /// A string literal: `"` then characters up to an unescaped `"`; a line ending or the end of
    /// the input before it is an error (the token then stops before the line ending).
    fn eat_string(&mut self) {
        let start = self.pos;
        self.pos += 1;
        loop {
            let Some(c) = self.peek_char() else {
                self.error(start, self.pos, "unterminated string literal");
                return;
            };
            match c {
                '"' => {
                    self.pos += 1;
                    return;
                }
                '\n' | '\r' => {
                    self.error(start, self.pos, "unterminated string literal");
                    return;
                }
                '\\' => {
                    let escape_start = self.pos;
                    self.pos += 1;
                    self.eat_escape(escape_start);
                }
                c => self.pos += c.len_utf8(),
            }
        }
    }

    fn eat_escape(&mut self, escape_start: usize) {
        let Some(c) = self.peek_char() else { return };
        match c {
            '"' | '\'' | 't' | 'n' | 'r' | '\\' => self.pos += 1,
            'u' => {
                self.pos += 1;
                if self.peek_char() != Some('{') {
                    self.error(escape_start, self.pos, "expected `{` in a unicode escape");
                    return;
                }
                self.pos += 1;
                let digits_start = self.pos;
                while let Some(c) = self.peek_char() {
                    if c.is_ascii_hexdigit() || c == '_' {
                        self.pos += 1;
                    } else {
                        break;
                    }
                }
                let digits: String = self.text[digits_start..self.pos]
                    .chars()
                    .filter(|c| *c != '_')
                    .collect();
                let valid = !self.text[digits_start..self.pos].starts_with('_')
                    && !self.text[digits_start..self.pos].ends_with('_')
                    && u32::from_str_radix(&digits, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .is_some();
                if self.peek_char() == Some('}') {
                    self.pos += 1;
                } else {
                    self.error(
                        escape_start,
                        self.pos,
                        "expected `}` to end a unicode escape",
                    );
                    return;
                }
                if !valid {
                    self.error(escape_start, self.pos, "invalid unicode escape");
                }
            }
            c if c.is_ascii_hexdigit() => {
                self.pos += 1;
                match self.peek_char() {
                    Some(c2) if c2.is_ascii_hexdigit() => self.pos += 1,
                    _ => self.error(escape_start, self.pos, "invalid hex escape"),
                }
            }
            '\n' | '\r' => {
                self.error(escape_start, self.pos, "invalid string escape");
            }
            c => {
                self.pos += c.len_utf8();
                self.error(
                    escape_start,
                    self.pos,
                    format!("invalid string escape `\\{c}`"),
                );
            }
        }
    }
}
