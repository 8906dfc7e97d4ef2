//! `textDocument/formatting` on the comment-preserving formatter of wit-syntax (shared with
//! `rangeFormatting`). Returns small edits so the cursor stays put; a file with syntax errors
//! is left alone and the user is told why.

use std::path::Path;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{self as lsp, MessageType};
use wit_analysis::LineIndex;
use wit_project::config::{find_config, load_config};
use wit_syntax::TextRange;
use wit_syntax::format::{FormatOptions, TextEdit, format_edits, format_range};

use crate::convert::{self, PositionEncoding};
use crate::session::settings::FormatSettings;
use crate::snapshot::RequestSnapshot;

/// The editor's options (with the client's `format` settings over its tab size), overridden
/// by the `[format]` table of the nearest `wit-lsp.toml` above the file (the project's style
/// wins over each contributor's editor).
fn options_for(
    path: &Path,
    editor: &lsp::FormattingOptions,
    settings: &FormatSettings,
) -> std::result::Result<FormatOptions, String> {
    let mut options = FormatOptions {
        indent: settings
            .indent_width
            .unwrap_or(editor.tab_size as usize)
            .clamp(1, 16),
        use_tabs: !editor.insert_spaces,
        width: settings
            .max_width
            .unwrap_or(FormatOptions::default().width)
            .clamp(20, 1000),
    };
    if let Some(config) = path.parent().and_then(find_config) {
        load_config(&config)
            .map_err(|error| error.to_string())?
            .format
            .apply(&mut options);
    }
    Ok(options)
}

fn to_lsp_edits(
    index: &LineIndex,
    edits: Vec<TextEdit>,
    encoding: PositionEncoding,
) -> Vec<lsp::TextEdit> {
    edits
        .into_iter()
        .map(|edit| {
            let range = edit.range.start() as usize..edit.range.end() as usize;
            lsp::TextEdit::new(convert::range(index, &range, encoding), edit.new_text)
        })
        .collect()
}

/// Formats the whole document, or the items touching `range`.
pub(crate) fn format_document(
    snapshot: &RequestSnapshot,
    uri: &lsp::Uri,
    editor_options: &lsp::FormattingOptions,
    range: Option<lsp::Range>,
) -> Result<Option<Vec<lsp::TextEdit>>> {
    let path = convert::uri_to_path(uri);
    let Some(document) = snapshot.document(&path) else {
        return Ok(None);
    };
    let text = &document.text;
    let encoding = snapshot.encoding;
    let outcome = (|| {
        let options = options_for(&path, editor_options, &snapshot.settings.format)?;
        let index = LineIndex::new(text.clone());
        let edits = match range {
            None => format_edits(text, &options),
            Some(range) => {
                let start = convert::offset(&index, range.start, encoding);
                let end = convert::offset(&index, range.end, encoding).max(start);
                format_range(text, TextRange::new(start as u32, end as u32), &options)
            }
        }
        .map_err(|error| error.to_string())?;
        Ok::<_, String>(to_lsp_edits(&index, edits, encoding))
    })();
    match outcome {
        Ok(edits) => Ok(Some(edits)),
        Err(reason) => {
            // A broken file is not an error of the request: answer "no edits" and say why.
            snapshot.show_message(
                MessageType::WARNING,
                format!("{}: {reason}", path.display()),
            );
            Ok(None)
        }
    }
}

pub fn handle(
    snapshot: &RequestSnapshot,
    params: lsp::DocumentFormattingParams,
) -> Result<Option<Vec<lsp::TextEdit>>> {
    format_document(snapshot, &params.text_document.uri, &params.options, None)
}
