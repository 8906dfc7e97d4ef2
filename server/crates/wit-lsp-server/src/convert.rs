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
