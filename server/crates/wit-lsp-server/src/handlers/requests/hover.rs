//! `textDocument/hover`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::hover::hover;

use crate::snapshot::RequestSnapshot;

pub fn handle(snapshot: &RequestSnapshot, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
    let position = params.text_document_position_params.position;
    Ok(snapshot.with_package_of(
        &params.text_document_position_params.text_document.uri,
        |context, path| {
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
    ))
}
