//! `textDocument/rangeFormatting`: the items touching the range, formatted as the whole
//! document would format them.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use crate::handlers::requests::formatting::format_document;
use crate::snapshot::RequestSnapshot;

pub fn handle(
    snapshot: &RequestSnapshot,
    params: lsp::DocumentRangeFormattingParams,
) -> Result<Option<Vec<lsp::TextEdit>>> {
    format_document(
        snapshot,
        &params.text_document.uri,
        &params.options,
        Some(params.range),
    )
}
