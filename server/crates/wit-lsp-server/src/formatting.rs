//! `textDocument/formatting` and `textDocument/rangeFormatting` on the comment-preserving
//! formatter of wit-syntax. Returns small edits so the cursor stays put; a file with syntax
//! errors is left alone and the user is told why.

use std::path::Path;

use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{self as lsp, MessageType};
use wit_analysis::LineIndex;
use wit_syntax::TextRange;
use wit_syntax::format::{FormatOptions, TextEdit, apply_config_toml, format_edits, format_range};

use crate::convert::{self, PositionEncoding};
use crate::server::Backend;

const CONFIG_FILE: &str = "wit-lsp.toml";

/// The editor's options (with the client's `format` settings over its tab size), overridden
/// by the `[format]` table of the nearest `wit-lsp.toml` above the file (the project's style
/// wins over each contributor's editor).
fn options_for(
    path: &Path,
    editor: &lsp::FormattingOptions,
    settings: &crate::state::FormatSettings,
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
    for dir in path.ancestors().skip(1) {
        let config = dir.join(CONFIG_FILE);
        if let Ok(text) = std::fs::read_to_string(&config) {
            apply_config_toml(&text, &mut options)
                .map_err(|error| format!("{}: {error}", config.display()))?;
            break;
        }
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

impl Backend {
    /// Formats the whole document, or the items touching `range`.
    pub(crate) async fn format_document(
        &self,
        uri: lsp::Uri,
        editor_options: lsp::FormattingOptions,
        range: Option<lsp::Range>,
    ) -> Result<Option<Vec<lsp::TextEdit>>> {
        let path = convert::uri_to_path(&uri);
        let (text, encoding, settings) = {
            let mut state = self
                .state
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let encoding = state.encoding;
            let settings = state.format_settings.clone();
            match state.documents.get_mut(&path) {
                Some(open) => (open.document.text(), encoding, settings),
                None => return Ok(None),
            }
        };
        let task_path = path.clone();
        let outcome = tokio::task::spawn_blocking(move || {
            let options = options_for(&task_path, &editor_options, &settings)?;
            let index = LineIndex::new(text.clone());
            let edits = match range {
                None => format_edits(&text, &options),
                Some(range) => {
                    let start = convert::offset(&index, range.start, encoding);
                    let end = convert::offset(&index, range.end, encoding).max(start);
                    format_range(&text, TextRange::new(start as u32, end as u32), &options)
                }
            }
            .map_err(|error| error.to_string())?;
            Ok::<_, String>(to_lsp_edits(&index, edits, encoding))
        })
        .await;
        match outcome {
            Ok(Ok(edits)) => Ok(Some(edits)),
            Ok(Err(reason)) => {
                // A broken file is not an error of the request: answer "no edits" and say why.
                self.client
                    .show_message(
                        MessageType::WARNING,
                        format!("{}: {reason}", path.display()),
                    )
                    .await;
                Ok(None)
            }
            Err(panic) => {
                tracing::error!("formatting {} failed: {panic}", path.display());
                Err(Error::internal_error())
            }
        }
    }
}
