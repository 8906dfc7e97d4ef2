//! The comment-preserving formatter: canonical layout from the lossless tree, plus helpers that
//! turn a formatted text into small edits (for LSP `formatting` and `rangeFormatting`).
//!
//! The style follows the WASI sources: one item per line, `indent` spaces per level, `name: type`,
//! ` -> ` before results, blank-line runs collapsed to one, record/variant/enum/flags bodies with
//! one member per line and a trailing comma, function signatures wrapped one parameter per line
//! when they do not fit in `width` columns, docs and gates kept on their item, every comment kept
//! in place relative to the code around it, no trailing whitespace, one final newline, CRLF kept.
//!
//! Layout decisions depend only on the tokens and comments (and on blank lines and comment
//! placement in the input), never on the input's other whitespace, which makes formatting
//! idempotent. Files with syntax errors are refused.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use crate::tree::is_doc_comment_text;
use crate::{SyntaxKind, SyntaxNode, SyntaxToken, TextRange};
use SyntaxKind::*;

/// Formatting settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatOptions {
    /// Columns per indentation level (spaces, or the width a tab counts for).
    pub indent: usize,
    /// Indent with tabs instead of spaces.
    pub use_tabs: bool,
    /// The line width function signatures and use lists are wrapped at.
    pub width: usize,
}

impl Default for FormatOptions {
    fn default() -> Self {
        FormatOptions {
            indent: 4,
            use_tabs: false,
            width: 100,
        }
    }
}

/// Why a text could not be formatted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum FormatError {
    /// The text has syntax errors; formatting it could mangle it, so it is left alone.
    #[error(
        "not formatted: syntax error at {line}:{column}: {message} ({count} syntax error(s) in total)"
    )]
    SyntaxErrors {
        /// 1-based line of the first error.
        line: usize,
        /// 1-based column (in characters) of the first error.
        column: usize,
        /// The first error's message.
        message: String,
        /// How many syntax errors the file has.
        count: usize,
    },
}

/// One replacement of the byte range `range` of the old text by `new_text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextEdit {
    /// The replaced byte range in the old text.
    pub range: TextRange,
    /// The replacement.
    pub new_text: String,
}

/// Formats a whole file.
pub fn format(text: &str, options: &FormatOptions) -> Result<String, FormatError> {
    let parse = crate::parse(text);
    if let Some(first) = parse.errors().first() {
        let (line, column) = line_column(text, first.range.start());
        return Err(FormatError::SyntaxErrors {
            line,
            column,
            message: first.message.clone(),
            count: parse.errors().len(),
        });
    }
    Ok(Formatter::new(parse.syntax_node(), options).run())
}

/// Formats a whole file and returns the changes as small edits (empty if already formatted).
pub fn format_edits(text: &str, options: &FormatOptions) -> Result<Vec<TextEdit>, FormatError> {
    let formatted = format(text, options)?;
    Ok(minimal_edits(text, &formatted))
}

/// Formats the items touching `range` (byte offsets): the innermost interface/world members,
/// type members, or top-level items that intersect it, including their whole lines. Returns
/// edits of the old text; edits elsewhere in the file are left out.
pub fn format_range(
    text: &str,
    range: TextRange,
    options: &FormatOptions,
) -> Result<Vec<TextEdit>, FormatError> {
    let formatted = format(text, options)?;
    let parse = crate::parse(text);
    let root = parse.syntax_node();
    let mut regions: Vec<TextRange> = Vec::new();
    for node in root.descendants() {
        if !is_item(node.kind()) || !node.text_range().intersects(range) {
            continue;
        }
        let has_inner = node
            .descendants()
            .skip(1)
            .any(|d| is_item(d.kind()) && d.text_range().intersects(range));
        if !has_inner {
            regions.push(whole_lines(text, node.text_range()));
        }
    }
    if regions.is_empty() {
        regions.push(whole_lines(text, range));
    }
    Ok(minimal_edits(text, &formatted)
        .into_iter()
        .filter(|edit| {
            regions
                .iter()
                .any(|region| region.contains_range(edit.range))
        })
        .collect())
}

/// The benchmark entry point: formats `text` with default options (what `format_bench` and
/// other benchmark programs time).
pub fn format_for_benchmark(text: &str) -> Result<String, FormatError> {
    format(text, &FormatOptions::default())
}

fn is_item(kind: SyntaxKind) -> bool {
    matches!(
        kind,
        PACKAGE_DECL
            | NESTED_PACKAGE
            | INTERFACE
            | WORLD
            | TOP_LEVEL_USE
            | USE
            | TYPE_ALIAS
            | RECORD
            | VARIANT
            | ENUM
            | FLAGS
            | RESOURCE
            | NAMED_FUNC
            | CONSTRUCTOR
            | IMPORT
            | EXPORT
            | INCLUDE
            | RECORD_FIELD
            | VARIANT_CASE
            | ENUM_CASE
            | FLAG
    )
}

/// `range` grown to the start of its first line and past the line ending of its last line.
fn whole_lines(text: &str, range: TextRange) -> TextRange {
    let start = text[..range.start() as usize]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let end = text[range.end() as usize..]
        .find('\n')
        .map_or(text.len(), |i| range.end() as usize + i + 1);
    TextRange::new(start as u32, end as u32)
}

/// 1-based line and character column of a byte offset.
pub fn line_column(text: &str, offset: u32) -> (usize, usize) {
    let before = &text[..(offset as usize).min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rfind('\n')
        .map_or(before, |i| &before[i + 1..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// The edits turning `old` into `new`, for texts that differ in layout only (whitespace,
/// trailing commas, trailing whitespace in comments): tokens are aligned one by one and only
/// the differing stretches between them are replaced. Texts that differ otherwise produce one
/// edit covering the changed middle.
pub fn minimal_edits(old: &str, new: &str) -> Vec<TextEdit> {
    if old == new {
        return Vec::new();
    }
    let significant = |text: &str| -> Vec<crate::LexedToken> {
        crate::lex(text)
            .0
            .into_iter()
            .filter(|t| t.kind != WHITESPACE)
            .collect()
    };
    let old_tokens = significant(old);
    let new_tokens = significant(new);
    let text_of =
        |text: &'_ str, t: &crate::LexedToken| -> String { text[t.range.to_range()].to_string() };
    let mut edits = Vec::new();
    let (mut i, mut j) = (0, 0);
    // End of the last aligned token in each text.
    let (mut old_pos, mut new_pos) = (0usize, 0usize);
    loop {
        // Skip tokens that exist on one side only (commas the formatter adds or drops).
        let old_next = old_tokens.get(i);
        let new_next = new_tokens.get(j);
        let aligned = match (old_next, new_next) {
            (Some(a), Some(b)) => {
                if a.kind == b.kind && (a.kind.is_comment() || text_of(old, a) == text_of(new, b)) {
                    Some((a.range, b.range))
                } else if b.kind == COMMA {
                    j += 1;
                    continue;
                } else if a.kind == COMMA {
                    i += 1;
                    continue;
                } else {
                    return vec![whole_edit(old, new)];
                }
            }
            (None, Some(b)) if b.kind == COMMA => {
                j += 1;
                continue;
            }
            (Some(a), None) if a.kind == COMMA => {
                i += 1;
                continue;
            }
            (None, None) => None,
            _ => return vec![whole_edit(old, new)],
        };
        let (old_end, new_end) = match aligned {
            Some((a, b)) => (a.start() as usize, b.start() as usize),
            None => (old.len(), new.len()),
        };
        push_trimmed_edit(&mut edits, old, old_pos..old_end, &new[new_pos..new_end]);
        let Some((a, b)) = aligned else { break };
        // Comments may differ in trailing whitespace.
        push_trimmed_edit(
            &mut edits,
            old,
            a.start() as usize..a.end() as usize,
            &new[b.to_range()],
        );
        old_pos = a.end() as usize;
        new_pos = b.end() as usize;
        i += 1;
        j += 1;
    }
    edits
}

fn whole_edit(old: &str, new: &str) -> TextEdit {
    let mut edits = Vec::new();
    push_trimmed_edit(&mut edits, old, 0..old.len(), new);
    edits.pop().unwrap_or(TextEdit {
        range: TextRange::empty(0),
        new_text: String::new(),
    })
}

/// Adds an edit replacing `old[range]` by `new_text`, shrunk by their common prefix and suffix.
fn push_trimmed_edit(
    edits: &mut Vec<TextEdit>,
    old: &str,
    range: std::ops::Range<usize>,
    new_text: &str,
) {
    let old_text = &old[range.clone()];
    if old_text == new_text {
        return;
    }
    let prefix = common_prefix(old_text, new_text);
    let suffix = common_suffix(&old_text[prefix..], &new_text[prefix..]);
    let start = range.start + prefix;
    let end = range.end - suffix;
    edits.push(TextEdit {
        range: TextRange::new(start as u32, end as u32),
        new_text: new_text[prefix..new_text.len() - suffix].to_string(),
    });
}

fn common_prefix(a: &str, b: &str) -> usize {
    let mut len = 0;
    for (x, y) in a.chars().zip(b.chars()) {
        if x != y {
            break;
        }
        len += x.len_utf8();
    }
    len
}

fn common_suffix(a: &str, b: &str) -> usize {
    let mut len = 0;
    for (x, y) in a.chars().rev().zip(b.chars().rev()) {
        if x != y {
            break;
        }
        len += x.len_utf8();
    }
    len
}

/// Applies non-overlapping edits (in any order) to `text`.
pub fn apply_edits(text: &str, edits: &[TextEdit]) -> String {
    let mut sorted: Vec<&TextEdit> = edits.iter().collect();
    sorted.sort_by_key(|e| e.range.start());
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for edit in sorted {
        let start = edit.range.start() as usize;
        if start < pos {
            continue;
        }
        out.push_str(&text[pos..start]);
        out.push_str(&edit.new_text);
        pos = edit.range.end() as usize;
    }
    out.push_str(&text[pos..]);
    out
}

// ---------------------------------------------------------------------------------- the printer

/// How a token is separated from what precedes it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Sep {
    /// Directly after the previous token.
    Tight,
    /// After one space.
    Space,
    /// At the start of a new line (after a blank line if the input had one there).
    Line,
}

#[derive(Clone, Copy)]
struct State {
    out_len: usize,
    indent: usize,
    at_block_start: bool,
    forced_newline: bool,
    need_space: bool,
    comment_starts_line: bool,
}

struct Checkpoint {
    token_index: usize,
    state: State,
    item: SyntaxNode,
    line_start: usize,
}

struct Formatter<'a> {
    root: SyntaxNode,
    options: &'a FormatOptions,
    out: String,
    indent: usize,
    /// True right after a block opened and before anything was written into it.
    at_block_start: bool,
    /// A line comment (or a block comment followed by a line break) needs a new line next.
    forced_newline: bool,
    /// A block comment was written and the next token needs a space.
    need_space: bool,
    /// The last comment written began its line.
    comment_starts_line: bool,
    /// Start offsets of the parameter/use/include lists laid out one element per line.
    broken_lists: HashSet<u32>,
    /// Whether each block (by start offset and kind) has content, computed once.
    block_cache: RefCell<HashMap<(u32, SyntaxKind), bool>>,
}

impl<'a> Formatter<'a> {
    fn new(root: SyntaxNode, options: &'a FormatOptions) -> Formatter<'a> {
        Formatter {
            out: String::with_capacity(root.text().len() + root.text().len() / 8),
            root,
            options,
            indent: 0,
            at_block_start: false,
            forced_newline: false,
            need_space: false,
            comment_starts_line: false,
            broken_lists: HashSet::new(),
            block_cache: RefCell::new(HashMap::new()),
        }
    }

    fn state(&self) -> State {
        State {
            out_len: self.out.len(),
            indent: self.indent,
            at_block_start: self.at_block_start,
            forced_newline: self.forced_newline,
            need_space: self.need_space,
            comment_starts_line: self.comment_starts_line,
        }
    }

    fn restore(&mut self, state: State) {
        self.out.truncate(state.out_len);
        self.indent = state.indent;
        self.at_block_start = state.at_block_start;
        self.forced_newline = state.forced_newline;
        self.need_space = state.need_space;
        self.comment_starts_line = state.comment_starts_line;
    }

    fn run(mut self) -> String {
        let source = self.root.source_text().to_string();
        let crlf = source
            .find('\n')
            .is_some_and(|i| i > 0 && source.as_bytes()[i - 1] == b'\r');
        let bom = source.starts_with('\u{feff}');
        let tokens: Vec<SyntaxToken> = self
            .root
            .tokens()
            .filter(|t| !t.kind().is_trivia())
            .collect();
        let mut checkpoint: Option<Checkpoint> = None;
        let mut index = 0;
        while index < tokens.len() {
            let token = &tokens[index];
            let prev = index.checked_sub(1).map(|i| &tokens[i]);
            if checkpoint.is_none()
                && let Some(item) = self.wrap_candidate(token, prev)
            {
                checkpoint = Some(Checkpoint {
                    token_index: index,
                    state: self.state(),
                    item,
                    line_start: usize::MAX,
                });
            }
            self.emit(token, prev, tokens.get(index + 1));
            if let Some(cp) = &mut checkpoint {
                if cp.token_index == index {
                    cp.line_start = self.out.rfind('\n').map_or(0, |i| i + 1);
                }
                if token.text_range().end() == cp.item.text_range().end() {
                    let too_wide = self.out[cp.line_start..]
                        .split('\n')
                        .any(|line| self.line_width(line) > self.options.width);
                    let cp = checkpoint.take().expect("checkpoint is set");
                    if too_wide {
                        self.restore(cp.state);
                        for list in breakable_lists(&cp.item) {
                            self.broken_lists.insert(list.text_range().start());
                        }
                        index = cp.token_index;
                        continue;
                    }
                }
            }
            index += 1;
        }
        // Comments after the last token.
        let last = tokens.last();
        let trailing: Vec<SyntaxToken> = match last {
            Some(last) => {
                std::iter::successors(last.next_token(), SyntaxToken::next_token).collect()
            }
            None => self.root.tokens().collect(),
        };
        self.comments(&trailing);
        let mut out = std::mem::take(&mut self.out);
        while out.ends_with('\n') {
            out.pop();
        }
        if !out.is_empty() {
            out.push('\n');
        }
        if crlf {
            out = out.replace('\n', "\r\n");
        }
        if bom {
            out.insert(0, '\u{feff}');
        }
        out
    }

    fn line_width(&self, line: &str) -> usize {
        line.chars()
            .map(|c| if c == '\t' { self.options.indent } else { 1 })
            .sum()
    }

    /// An item whose parameter/use/include list may be wrapped, if `token` starts one that
    /// has not been decided yet. Lists with comments inside are broken right away.
    fn wrap_candidate(
        &mut self,
        token: &SyntaxToken,
        prev: Option<&SyntaxToken>,
    ) -> Option<SyntaxNode> {
        let item = starts_nodes(token, prev).into_iter().find(|n| {
            matches!(
                n.kind(),
                NAMED_FUNC | CONSTRUCTOR | IMPORT | EXPORT | USE | INCLUDE
            )
        })?;
        let lists = breakable_lists(&item);
        if lists.is_empty()
            || lists
                .iter()
                .any(|l| self.broken_lists.contains(&l.text_range().start()))
        {
            return None;
        }
        let mut any_comment = false;
        for list in &lists {
            if list.tokens().any(|t| t.kind().is_comment()) {
                self.broken_lists.insert(list.text_range().start());
                any_comment = true;
            }
        }
        (!any_comment).then_some(item)
    }

    fn is_broken(&self, node: &SyntaxNode) -> bool {
        match node.kind() {
            ITEM_LIST | RESOURCE_BODY | MEMBER_LIST | NESTED_PACKAGE => {
                let key = node.text_range().start();
                if let Some(&broken) = self.block_cache.borrow().get(&(key, node.kind())) {
                    return broken;
                }
                // Broken unless the braces are empty (no tokens, no comments).
                let broken = node.token_of_kind(L_BRACE).is_some_and(|l_brace| {
                    std::iter::successors(l_brace.next_token(), SyntaxToken::next_token)
                        .find(|t| t.kind() != WHITESPACE)
                        .is_some_and(|t| !(t.kind() == R_BRACE && t.parent() == *node))
                });
                self.block_cache
                    .borrow_mut()
                    .insert((key, node.kind()), broken);
                broken
            }
            PARAM_LIST | USE_NAME_LIST | INCLUDE_NAME_LIST => {
                self.broken_lists.contains(&node.text_range().start())
            }
            _ => false,
        }
    }

    fn indent_text(&self) -> String {
        if self.options.use_tabs {
            "\t".repeat(self.indent)
        } else {
            " ".repeat(self.indent * self.options.indent)
        }
    }

    /// True if nothing but indentation follows the last line break.
    fn at_line_start(&self) -> bool {
        let line = self
            .out
            .rfind('\n')
            .map_or(&self.out[..], |i| &self.out[i + 1..]);
        line.bytes().all(|b| b == b' ' || b == b'\t')
    }

    /// Ends the current line (if any) and indents a new one; with `blank`, leaves one empty line.
    fn new_line(&mut self, blank: bool) {
        while self.out.ends_with([' ', '\t']) {
            self.out.pop();
        }
        if self.out.is_empty() {
            return;
        }
        if !self.out.ends_with('\n') {
            self.out.push('\n');
        }
        if blank && !self.at_block_start && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
        let indent = self.indent_text();
        self.out.push_str(&indent);
    }

    fn write(&mut self, text: &str) {
        self.out.push_str(text);
        self.at_block_start = false;
    }

    /// Prints the comments among `trivia` (the tokens between two significant tokens).
    fn comments(&mut self, trivia: &[SyntaxToken]) {
        for (i, token) in trivia.iter().enumerate() {
            if !token.kind().is_comment() {
                continue;
            }
            let ws_before = i
                .checked_sub(1)
                .map(|j| &trivia[j])
                .filter(|t| t.kind() == WHITESPACE);
            let newline_before = match ws_before {
                Some(ws) => ws.text().contains('\n') || ws.text_range().start() == 0,
                None => token.text_range().start() == 0 || token.prev_token().is_none(),
            };
            let blank_before = ws_before.is_some_and(|ws| ws.text().matches('\n').count() >= 2);
            let newline_after = trivia
                .get(i + 1)
                .is_some_and(|t| t.kind() == WHITESPACE && t.text().contains('\n'))
                || token.kind() == LINE_COMMENT;
            if newline_before || self.forced_newline {
                self.new_line(blank_before);
            } else if !self.at_line_start() {
                self.out.push(' ');
            }
            self.forced_newline = false;
            self.need_space = false;
            let starts_line = self.at_line_start();
            let text = normalize_comment(token.text());
            self.write(&text);
            self.comment_starts_line = starts_line;
            if newline_after {
                self.forced_newline = true;
            } else {
                self.need_space = true;
            }
        }
    }

    fn emit(
        &mut self,
        token: &SyntaxToken,
        prev: Option<&SyntaxToken>,
        next: Option<&SyntaxToken>,
    ) {
        let parent = token.parent();
        let kind = token.kind();
        let is_comma_list = matches!(
            parent.kind(),
            MEMBER_LIST | PARAM_LIST | USE_NAME_LIST | INCLUDE_NAME_LIST | TYPE_ARG_LIST
        );
        let parent_broken = self.is_broken(&parent);
        let closes_block = matches!(kind, R_BRACE | R_PAREN | R_ANGLE)
            && matches!(
                parent.kind(),
                ITEM_LIST
                    | RESOURCE_BODY
                    | MEMBER_LIST
                    | NESTED_PACKAGE
                    | PARAM_LIST
                    | USE_NAME_LIST
                    | INCLUDE_NAME_LIST
                    | TYPE_ARG_LIST
            );

        // A trailing comma goes away in a one-line list; one is added to a broken list.
        if kind == COMMA
            && is_comma_list
            && !parent_broken
            && next.is_some_and(|n| {
                n.parent() == parent && matches!(n.kind(), R_BRACE | R_PAREN | R_ANGLE)
            })
        {
            let trivia = leading_trivia(token);
            self.comments(&trivia);
            return;
        }
        if closes_block
            && is_comma_list
            && parent_broken
            && prev.is_some_and(|p| {
                p.kind() != COMMA
                    && !(p.parent() == parent && matches!(p.kind(), L_BRACE | L_PAREN))
            })
        {
            self.write(",");
        }

        let trivia = leading_trivia(token);
        self.comments(&trivia);

        let mut sep = self.separator(token, prev, &parent, parent_broken);
        if closes_block && parent_broken {
            self.indent = self.indent.saturating_sub(1);
            sep = Sep::Line;
        }
        if self.forced_newline {
            sep = Sep::Line;
        } else if sep == Sep::Line && self.need_space && self.comment_starts_line {
            // `/* note */ item` on its own line stays one line.
            sep = Sep::Space;
        }
        match sep {
            Sep::Line => {
                let blank = trivia
                    .last()
                    .is_some_and(|t| t.kind() == WHITESPACE && t.text().matches('\n').count() >= 2)
                    && !closes_block;
                self.new_line(blank);
            }
            Sep::Space => {
                if !self.at_line_start() {
                    self.out.push(' ');
                }
            }
            Sep::Tight => {
                let punctuation = matches!(kind, COMMA | SEMICOLON | R_PAREN | R_ANGLE);
                if self.need_space && !punctuation && !self.at_line_start() {
                    self.out.push(' ');
                }
            }
        }
        self.forced_newline = false;
        self.need_space = false;
        self.write(token.text());

        let opens_block = matches!(kind, L_BRACE | L_PAREN) && parent_broken && !closes_block;
        if opens_block {
            self.indent += 1;
            self.at_block_start = true;
        }
    }

    fn separator(
        &self,
        token: &SyntaxToken,
        prev: Option<&SyntaxToken>,
        parent: &SyntaxNode,
        parent_broken: bool,
    ) -> Sep {
        let Some(prev) = prev else {
            return Sep::Line;
        };
        // Items, members, gates, and elements of broken lists start lines.
        for node in starts_nodes(token, Some(prev)) {
            let starts_line = match node.kind() {
                PACKAGE_DECL | NESTED_PACKAGE | INTERFACE | WORLD | TOP_LEVEL_USE | USE
                | TYPE_ALIAS | RECORD | VARIANT | ENUM | FLAGS | RESOURCE | NAMED_FUNC
                | CONSTRUCTOR | IMPORT | EXPORT | INCLUDE | ATTRIBUTE | RECORD_FIELD
                | VARIANT_CASE | ENUM_CASE | FLAG => true,
                PARAM | USE_NAME | INCLUDE_NAME => {
                    node.parent().is_some_and(|l| self.is_broken(&l))
                }
                _ => false,
            };
            if starts_line {
                return Sep::Line;
            }
        }
        // The keyword or name after an item's gates.
        let prev_attribute = prev.parent();
        if prev_attribute.kind() == ATTRIBUTE
            && prev.text_range().end() == prev_attribute.text_range().end()
            && parent.kind() != ATTRIBUTE
        {
            return Sep::Line;
        }
        let kind = token.kind();
        let prev_kind = prev.kind();
        let path_like = |n: &SyntaxNode| matches!(n.kind(), PACKAGE_NAME | USE_PATH | VERSION);
        let prev_parent = prev.parent();
        if (parent.kind() == VERSION && prev_parent.kind() == VERSION)
            || (kind == AT && path_like(parent))
        {
            return Sep::Tight;
        }
        if prev_kind == COLON && path_like(&prev_parent) || prev_kind == SLASH || kind == SLASH {
            return Sep::Tight;
        }
        match kind {
            COMMA | SEMICOLON | R_PAREN | R_ANGLE | COLON | DOT | L_PAREN | L_ANGLE => {
                return Sep::Tight;
            }
            R_BRACE => {
                return match parent.kind() {
                    USE_NAME_LIST => Sep::Tight,
                    _ if prev_kind == L_BRACE && !parent_broken => Sep::Tight,
                    _ => Sep::Space,
                };
            }
            _ => {}
        }
        match prev_kind {
            L_PAREN | L_ANGLE | AT | DOT => Sep::Tight,
            L_BRACE if prev_parent.kind() == USE_NAME_LIST => Sep::Tight,
            _ => Sep::Space,
        }
    }
}

/// The nodes that `token` is the first significant token of (innermost first).
fn starts_nodes(token: &SyntaxToken, prev: Option<&SyntaxToken>) -> Vec<SyntaxNode> {
    let mut nodes = Vec::new();
    let mut node = token.parent();
    loop {
        let starts_here = match prev {
            None => true,
            Some(prev) => prev.text_range().start() < node.text_range().start(),
        };
        if !starts_here || node.kind() == SOURCE_FILE {
            break;
        }
        nodes.push(node.clone());
        match node.parent() {
            Some(parent) => node = parent,
            None => break,
        }
    }
    nodes
}

/// The parameter, use-name and include-name lists of an item (not those of nested items).
fn breakable_lists(item: &SyntaxNode) -> Vec<SyntaxNode> {
    item.descendants()
        .filter(|n| matches!(n.kind(), PARAM_LIST | USE_NAME_LIST | INCLUDE_NAME_LIST))
        .filter(|n| n.ancestors().skip(1).find(|a| is_item(a.kind())).as_ref() == Some(item))
        .collect()
}

/// The trivia tokens directly before `token`, in order.
fn leading_trivia(token: &SyntaxToken) -> Vec<SyntaxToken> {
    let mut trivia: Vec<SyntaxToken> =
        std::iter::successors(token.prev_token(), SyntaxToken::prev_token)
            .take_while(|t| t.kind().is_trivia())
            .collect();
    trivia.reverse();
    trivia
}

/// A comment's text without trailing whitespace on any of its lines and with `\n` line endings.
pub fn normalize_comment(text: &str) -> String {
    let text = text.replace("\r\n", "\n");
    let mut out = String::with_capacity(text.len());
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        out.push_str(line.trim_end_matches([' ', '\t']));
    }
    out
}

/// True for a doc comment's text (`///`, `/** */`).
pub fn is_doc_comment(kind: SyntaxKind, text: &str) -> bool {
    is_doc_comment_text(kind, text)
}
