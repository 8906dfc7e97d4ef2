//! The one place where protocol positions and URIs meet the core's byte offsets and paths.

use std::path::{Path, PathBuf};

use tower_lsp_server::ls_types::{Position, PositionEncodingKind, Range, Uri};
use wit_analysis::{ColumnEncoding, LineCol, LineIndex};

/// The negotiated `positionEncoding`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PositionEncoding {
    Utf8,
    Utf16,
}

impl PositionEncoding {
    /// UTF-8 when the client offers it (no conversion needed), else the mandatory UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> PositionEncoding {
        match offered {
            Some(kinds) if kinds.contains(&PositionEncodingKind::UTF8) => PositionEncoding::Utf8,
            _ => PositionEncoding::Utf16,
        }
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            PositionEncoding::Utf8 => PositionEncodingKind::UTF8,
            PositionEncoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    fn columns(self) -> ColumnEncoding {
        match self {
            PositionEncoding::Utf8 => ColumnEncoding::Utf8,
            PositionEncoding::Utf16 => ColumnEncoding::Utf16,
        }
    }
}

/// A byte offset as an LSP position.
pub fn position(index: &LineIndex, offset: usize, encoding: PositionEncoding) -> Position {
    let LineCol { line, col } = index.line_col(offset, encoding.columns());
    Position::new(line, col)
}

/// A byte range as an LSP range.
pub fn range(
    index: &LineIndex,
    bytes: &std::ops::Range<usize>,
    encoding: PositionEncoding,
) -> Range {
    Range::new(
        position(index, bytes.start, encoding),
        position(index, bytes.end, encoding),
    )
}

/// An LSP position as a byte offset, clamped to the text.
pub fn offset(index: &LineIndex, position: Position, encoding: PositionEncoding) -> usize {
    index.offset(
        LineCol {
            line: position.line,
            col: position.character,
        },
        encoding.columns(),
    )
}

/// The char index in `rope` of an LSP position, clamped to the text (edits of open
/// documents are applied to their rope).
pub fn rope_char_index(
    rope: &ropey::Rope,
    position: Position,
    encoding: PositionEncoding,
) -> usize {
    let line = position.line as usize;
    if line >= rope.len_lines() {
        return rope.len_chars();
    }
    let line_start = rope.line_to_char(line);
    let line_slice = rope.line(line);
    let mut content_chars = line_slice.len_chars();
    // Columns never reach into the line terminator.
    if content_chars > 0 && line_slice.char(content_chars - 1) == '\n' {
        content_chars -= 1;
    }
    if content_chars > 0 && line_slice.char(content_chars - 1) == '\r' {
        content_chars -= 1;
    }
    let wanted = position.character as usize;
    let mut consumed = 0;
    for (index, ch) in line_slice.chars().take(content_chars).enumerate() {
        let width = match encoding {
            PositionEncoding::Utf8 => ch.len_utf8(),
            PositionEncoding::Utf16 => ch.len_utf16(),
        };
        if consumed + width > wanted {
            return line_start + index;
        }
        consumed += width;
    }
    line_start + content_chars
}

/// A byte offset of `text` as UTF-16 code units (how an editor's input box counts, for the
/// call text of a run), clamped to the text.
pub fn utf16_units(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    text.char_indices()
        .take_while(|(index, _)| *index < byte)
        .map(|(_, ch)| ch.len_utf16())
        .sum()
}

/// The path the core uses for a document: the file path for `file:` URIs, and the URI text
/// itself for anything else (`untitled:`), which is then analysed on its own.
pub fn uri_to_path(uri: &Uri) -> PathBuf {
    match uri.to_file_path() {
        Some(path) if uri.scheme().as_str() == "file" => path.into_owned(),
        _ => PathBuf::from(uri.as_str()),
    }
}

/// Whether the document behind `uri` lives on disk.
pub fn is_file_uri(uri: &Uri) -> bool {
    uri.scheme().as_str() == "file"
}

/// The URI of a path the core reported.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    if path.is_absolute() {
        Uri::from_file_path(path)
    } else {
        path.to_str().and_then(|text| text.parse().ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_text_offsets_count_utf16_units() {
        assert_eq!(utf16_units("a(\"é𝄞\", 1)", 9), 6);
        assert_eq!(utf16_units("add(1)", 100), 6);
    }

    #[test]
    fn negotiation_prefers_utf8() {
        let both = [PositionEncodingKind::UTF16, PositionEncodingKind::UTF8];
        assert_eq!(
            PositionEncoding::negotiate(Some(&both)),
            PositionEncoding::Utf8
        );
        assert_eq!(
            PositionEncoding::negotiate(Some(&[PositionEncodingKind::UTF16])),
            PositionEncoding::Utf16
        );
        assert_eq!(PositionEncoding::negotiate(None), PositionEncoding::Utf16);
    }

    #[test]
    fn untitled_documents_keep_their_uri_as_path() {
        let uri: Uri = "untitled:Untitled-1".parse().unwrap();
        let path = uri_to_path(&uri);
        assert_eq!(path, PathBuf::from("untitled:Untitled-1"));
        assert_eq!(path_to_uri(&path), Some(uri));
        let file = Uri::from_file_path("/tmp/a b/x.wit").unwrap();
        assert_eq!(uri_to_path(&file), PathBuf::from("/tmp/a b/x.wit"));
        assert_eq!(path_to_uri(Path::new("/tmp/a b/x.wit")), Some(file));
    }
}
