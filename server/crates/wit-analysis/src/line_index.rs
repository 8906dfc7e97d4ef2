//! Byte offsets to lines and columns, and back, for one file's text.
//!
//! The core speaks UTF-8 byte offsets. Lines and columns are only needed at the edges:
//! `check` prints 1-based `line:col` with UTF-8 byte columns (exactly as wit-parser does),
//! and the LSP layer converts to the negotiated encoding through this same type, so there is
//! one implementation of the arithmetic. Out-of-range input is clamped, never a panic.

use std::sync::Arc;

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColumnEncoding {
    /// Columns count UTF-8 bytes.
    Utf8,
    /// Columns count UTF-16 code units (the LSP default).
    Utf16,
}

/// A 0-based line and a 0-based column in some [`ColumnEncoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

/// Line starts of one text. Lines end at `\n`, `\r\n` or a lone `\r`, as in LSP.
#[derive(Clone, Debug)]
pub struct LineIndex {
    text: Arc<str>,
    line_starts: Vec<usize>,
}

/// Line indexes of several files, each built once on first use: turning thousands of
/// diagnostics of one file into positions scans its text once, not once per diagnostic.
#[derive(Debug, Default)]
pub struct LineIndexes {
    by_path: std::collections::HashMap<std::path::PathBuf, Arc<LineIndex>>,
}

impl LineIndexes {
    /// The index of `path`, built from `text()` the first time `path` is asked for.
    pub fn get(
        &mut self,
        path: &std::path::Path,
        text: impl FnOnce() -> Arc<str>,
    ) -> Arc<LineIndex> {
        if let Some(index) = self.by_path.get(path) {
            return index.clone();
        }
        let index = Arc::new(LineIndex::new(text()));
        self.by_path.insert(path.to_path_buf(), index.clone());
        index
    }
}

impl LineIndex {
    pub fn new(text: Arc<str>) -> LineIndex {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i + 1),
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => line_starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { text, line_starts }
    }

    pub fn text(&self) -> &Arc<str> {
        &self.text
    }

    /// Number of lines (an empty text has one line).
    pub fn line_count(&self) -> u32 {
        self.line_starts.len() as u32
    }

    /// The byte range of line `line` without its line terminator; clamped to the last line.
    pub fn line_range(&self, line: u32) -> std::ops::Range<usize> {
        let line = (line as usize).min(self.line_starts.len() - 1);
        let start = self.line_starts[line];
        let mut end = self
            .line_starts
            .get(line + 1)
            .copied()
            .unwrap_or(self.text.len());
        let bytes = self.text.as_bytes();
        if end > start && bytes[end - 1] == b'\n' {
            end -= 1;
        }
        if end > start && bytes[end - 1] == b'\r' {
            end -= 1;
        }
        start..end
    }

    /// The line and column of `offset`. An offset past the end, or inside a multi-byte
    /// character, is moved back to the nearest character boundary.
    pub fn line_col(&self, offset: usize, encoding: ColumnEncoding) -> LineCol {
        let offset = self.floor_char_boundary(offset);
        let line = match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next - 1,
        };
        let line_start = self.line_starts[line];
        let prefix = &self.text[line_start..offset];
        let col = match encoding {
            ColumnEncoding::Utf8 => prefix.len(),
            ColumnEncoding::Utf16 => prefix.chars().map(char::len_utf16).sum(),
        };
        LineCol {
            line: line as u32,
            col: col as u32,
        }
    }

    /// The byte offset of a line and column. A line past the end clamps to the end of the
    /// text; a column past the end of its line clamps to the end of that line; a column
    /// inside a character (a UTF-16 surrogate half, a UTF-8 continuation byte) moves back to
    /// the start of that character.
    pub fn offset(&self, position: LineCol, encoding: ColumnEncoding) -> usize {
        if position.line as usize >= self.line_starts.len() {
            return self.text.len();
        }
        let range = self.line_range(position.line);
        let line_text = &self.text[range.clone()];
        let wanted = position.col as usize;
        let mut consumed = 0;
        for (index, ch) in line_text.char_indices() {
            let width = match encoding {
                ColumnEncoding::Utf8 => ch.len_utf8(),
                ColumnEncoding::Utf16 => ch.len_utf16(),
            };
            if consumed + width > wanted {
                return range.start + index;
            }
            consumed += width;
        }
        range.end
    }

    fn floor_char_boundary(&self, offset: usize) -> usize {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn index(text: &str) -> LineIndex {
        LineIndex::new(text.into())
    }

    #[test]
    fn columns_count_bytes_or_utf16_units() {
        let idx = index("/// 注释 😀\nx");
        // `x` on line 1.
        assert_eq!(
            idx.line_col(idx.text().len() - 1, ColumnEncoding::Utf8),
            LineCol { line: 1, col: 0 }
        );
        let end_of_first = "/// 注释 😀".len();
        assert_eq!(
            idx.line_col(end_of_first, ColumnEncoding::Utf8).col,
            end_of_first as u32
        );
        // 4 ASCII + 2 CJK (1 unit each) + space + emoji (2 units) = 9.
        assert_eq!(idx.line_col(end_of_first, ColumnEncoding::Utf16).col, 9);
        assert_eq!(
            idx.offset(LineCol { line: 0, col: 9 }, ColumnEncoding::Utf16),
            end_of_first
        );
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let idx = index("a\r\nbb\rc");
        assert_eq!(idx.line_count(), 3);
        assert_eq!(idx.line_range(0), 0..1);
        assert_eq!(idx.line_range(1), 3..5);
        assert_eq!(
            idx.line_col(6, ColumnEncoding::Utf8),
            LineCol { line: 2, col: 0 }
        );
        // A column past the end of a CRLF line stops before the `\r`.
        assert_eq!(
            idx.offset(LineCol { line: 0, col: 40 }, ColumnEncoding::Utf16),
            1
        );
    }

    #[test]
    fn out_of_range_positions_are_clamped() {
        let idx = index("ab\n😀");
        assert_eq!(
            idx.offset(LineCol { line: 99, col: 0 }, ColumnEncoding::Utf8),
            7
        );
        // Inside the surrogate pair: back to the start of the emoji.
        assert_eq!(
            idx.offset(LineCol { line: 1, col: 1 }, ColumnEncoding::Utf16),
            3
        );
        // Inside the UTF-8 encoding: back to the start too.
        assert_eq!(
            idx.offset(LineCol { line: 1, col: 2 }, ColumnEncoding::Utf8),
            3
        );
        assert_eq!(
            idx.line_col(1000, ColumnEncoding::Utf8),
            LineCol { line: 1, col: 4 }
        );
        assert_eq!(
            idx.line_col(5, ColumnEncoding::Utf8),
            LineCol { line: 1, col: 0 }
        );
    }

    #[test]
    fn empty_text_has_one_line() {
        let idx = index("");
        assert_eq!(idx.line_count(), 1);
        assert_eq!(
            idx.line_col(3, ColumnEncoding::Utf16),
            LineCol { line: 0, col: 0 }
        );
        assert_eq!(
            idx.offset(LineCol { line: 0, col: 3 }, ColumnEncoding::Utf16),
            0
        );
    }
}
