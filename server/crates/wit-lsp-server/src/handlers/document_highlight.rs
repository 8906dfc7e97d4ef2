//! `textDocument/documentHighlight`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::navigation::{HighlightKind, document_highlight};

use crate::server::Backend;

pub async fn handle(
    backend: &Backend,
    params: lsp::DocumentHighlightParams,
) -> Result<Option<Vec<lsp::DocumentHighlight>>> {
    let position = params.text_document_position_params.position;
    backend
        .run_feature(
            "documentHighlight",
            &params.text_document_position_params.text_document.uri,
            move |context, path| {
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
        )
        .await
}
