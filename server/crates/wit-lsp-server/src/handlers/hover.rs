//! `textDocument/hover`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::hover::hover;

use crate::server::Backend;

pub async fn handle(backend: &Backend, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
    let position = params.text_document_position_params.position;
    backend
        .run_feature(
            "hover",
            &params.text_document_position_params.text_document.uri,
            move |context, path| {
                let offset = context.offset(path, position);
                let result = hover(&context.snapshot, path, offset)?;
                Some(lsp::Hover {
                    contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                        kind: lsp::MarkupKind::Markdown,
                        value: result.markdown,
                    }),
                    range: Some(context.range(path, &result.range)),
                })
            },
        )
        .await
}
