//! Open documents: a rope and a version, edited strictly in arrival order.

use std::sync::Arc;

use ropey::Rope;
use tower_lsp_server::ls_types::TextDocumentContentChangeEvent;

use crate::convert::{self, PositionEncoding};

/// One open document as the editor sees it.
pub struct Document {
    rope: Rope,
    version: i32,
    /// The text as one string, made on demand and kept until the next edit.
    text: Option<Arc<str>>,
}

impl Document {
    pub fn new(text: &str, version: i32) -> Document {
        Document {
            rope: Rope::from_str(text),
            version,
            text: None,
        }
    }

    pub fn version(&self) -> i32 {
        self.version
    }

    pub fn text(&mut self) -> Arc<str> {
        if self.text.is_none() {
            self.text = Some(Arc::from(self.rope.to_string()));
        }
        self.text.clone().unwrap_or_else(|| Arc::from(""))
    }

    /// Applies the changes of one `didChange`, in order. A change without a range replaces
    /// the whole text; ranges past the end of a line or of the text are clamped.
    pub fn apply_changes(
        &mut self,
        changes: Vec<TextDocumentContentChangeEvent>,
        version: i32,
        encoding: PositionEncoding,
    ) {
        for change in changes {
            match change.range {
                None => self.rope = Rope::from_str(&change.text),
                Some(range) => {
                    let start = convert::rope_char_index(&self.rope, range.start, encoding);
                    let end = convert::rope_char_index(&self.rope, range.end, encoding).max(start);
                    self.rope.remove(start..end);
                    self.rope.insert(start, &change.text);
                }
            }
        }
        self.version = version;
        self.text = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(start: (u32, u32), end: (u32, u32), text: &str) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range::new(
                Position::new(start.0, start.1),
                Position::new(end.0, end.1),
            )),
            range_length: None,
            text: text.to_string(),
        }
    }

    #[test]
    fn utf16_edits_after_emoji_and_cjk_land_exactly() {
        let mut doc = Document::new("/// 注释 😀 x\r\nnext", 1);
        // Replace `x`: 4 + 2 + 1 + 2 + 1 = UTF-16 column 10.
        doc.apply_changes(
            vec![change((0, 10), (0, 11), "y")],
            2,
            PositionEncoding::Utf16,
        );
        assert_eq!(&*doc.text(), "/// 注释 😀 y\r\nnext");
        assert_eq!(doc.version(), 2);
    }

    #[test]
    fn utf8_columns_count_bytes() {
        let mut doc = Document::new("é=1\n", 1);
        doc.apply_changes(vec![change((0, 2), (0, 3), ":")], 2, PositionEncoding::Utf8);
        assert_eq!(&*doc.text(), "é:1\n");
    }

    #[test]
    fn positions_past_the_end_are_clamped() {
        let mut doc = Document::new("ab\r\ncd", 1);
        doc.apply_changes(
            vec![change((0, 99), (0, 99), "!")],
            2,
            PositionEncoding::Utf16,
        );
        assert_eq!(&*doc.text(), "ab!\r\ncd");
        doc.apply_changes(
            vec![change((7, 0), (9, 9), "?")],
            3,
            PositionEncoding::Utf16,
        );
        assert_eq!(&*doc.text(), "ab!\r\ncd?");
        // An end before the start deletes nothing.
        doc.apply_changes(
            vec![change((1, 1), (0, 0), "-")],
            4,
            PositionEncoding::Utf16,
        );
        assert_eq!(&*doc.text(), "ab!\r\nc-d?");
    }

    #[test]
    fn several_changes_apply_in_order() {
        let mut doc = Document::new("abc", 1);
        doc.apply_changes(
            vec![change((0, 0), (0, 1), "X"), change((0, 1), (0, 3), "YZ")],
            2,
            PositionEncoding::Utf8,
        );
        assert_eq!(&*doc.text(), "XYZ");
    }
}
