//! `textDocument/inlayHint`: what each used type alias resolves to.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::inlay_hints::inlay_hints;

use crate::snapshot::RequestSnapshot;

pub fn handle(
    snapshot: &RequestSnapshot,
    params: lsp::InlayHintParams,
) -> Result<Option<Vec<lsp::InlayHint>>> {
    let requested = params.range;
    Ok(
        snapshot.with_package_of(&params.text_document.uri, |context, path| {
            let start = context.offset(path, requested.start);
            let end = context.offset(path, requested.end).max(start);
            let hints = inlay_hints(&context.snapshot, path, start..end)
                .into_iter()
                .map(|(offset, label)| lsp::InlayHint {
                    position: context.range(path, &(offset..offset)).start,
                    label: lsp::InlayHintLabel::String(label),
                    kind: Some(lsp::InlayHintKind::TYPE),
                    text_edits: None,
                    tooltip: None,
                    padding_left: None,
                    padding_right: None,
                    data: None,
                })
                .collect();
            Some(hints)
        }),
    )
}
