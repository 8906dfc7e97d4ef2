//! `textDocument/documentHighlight`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::navigation::{HighlightKind, document_highlight};

use crate::snapshot::RequestSnapshot;

pub fn handle(
    snapshot: &RequestSnapshot,
    params: lsp::DocumentHighlightParams,
) -> Result<Option<Vec<lsp::DocumentHighlight>>> {
    let position = params.text_document_position_params.position;
    Ok(snapshot.with_package_of(
        &params.text_document_position_params.text_document.uri,
        |context, path| {
            let offset = context.offset(path, position);
            let highlights: Vec<lsp::DocumentHighlight> =
                document_highlight(&context.snapshot, path, offset)
                    .into_iter()
                    .map(|(range, kind)| lsp::DocumentHighlight {
                        range: context.range(path, &range),
                        kind: Some(match kind {
                            HighlightKind::Write => lsp::DocumentHighlightKind::WRITE,
                            HighlightKind::Read => lsp::DocumentHighlightKind::READ,
                        }),
                    })
                    .collect();
            (!highlights.is_empty()).then_some(highlights)
        },
    ))
}
