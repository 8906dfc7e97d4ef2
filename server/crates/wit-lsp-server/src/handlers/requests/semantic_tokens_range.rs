//! `textDocument/semanticTokens/range`: the tokens of the full request that touch the range.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use crate::handlers::requests::semantic_tokens_full::encode;
use crate::snapshot::RequestSnapshot;

pub fn handle(
    snapshot: &RequestSnapshot,
    params: lsp::SemanticTokensRangeParams,
) -> Result<Option<lsp::SemanticTokensRangeResult>> {
    let requested = params.range;
    Ok(
        snapshot.with_package_of(&params.text_document.uri, |context, path| {
            let start = context.offset(path, requested.start);
            let end = context.offset(path, requested.end);
            Some(lsp::SemanticTokensRangeResult::Tokens(
                lsp::SemanticTokens {
                    result_id: None,
                    data: encode(context, path, Some(start..end)),
                },
            ))
        }),
    )
}
