//! `textDocument/semanticTokens/full`: tokens delta-encoded, multi-line tokens (block
//! comments) split per line. The encoding is shared with `/range`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::structure::{TOKEN_MODIFIERS, TOKEN_TYPES, semantic_tokens};

use crate::convert;
use crate::snapshot::{PackageContext, RequestSnapshot};

pub fn legend() -> lsp::SemanticTokensLegend {
    lsp::SemanticTokensLegend {
        token_types: TOKEN_TYPES
            .iter()
            .map(|t| lsp::SemanticTokenType::new(t))
            .collect(),
        token_modifiers: TOKEN_MODIFIERS
            .iter()
            .map(|m| lsp::SemanticTokenModifier::new(m))
            .collect(),
    }
}

pub(crate) fn encode(
    context: &PackageContext,
    path: &std::path::Path,
    range: Option<std::ops::Range<usize>>,
) -> Vec<lsp::SemanticToken> {
    let index = context.line_index(path);
    let mut data = Vec::new();
    let (mut previous_line, mut previous_start) = (0u32, 0u32);
    for token in semantic_tokens(&context.snapshot, path, range) {
        // Clients need single-line tokens: split at every line break the LSP counts (`\n`,
        // `\r\n` and a lone `\r`, the line index's rule), leaving the breaks out.
        let first = convert::position(&index, token.range.start, context.encoding).line;
        let last = convert::position(&index, token.range.end, context.encoding).line;
        for line in first..=last {
            let line_bytes = index.line_range(line);
            let start = token.range.start.max(line_bytes.start);
            let end = token.range.end.min(line_bytes.end);
            if end <= start {
                continue;
            }
            let lsp_range = convert::range(&index, &(start..end), context.encoding);
            let column = lsp_range.start.character;
            let delta_line = line - previous_line;
            let delta_start = if delta_line == 0 {
                column - previous_start
            } else {
                column
            };
            data.push(lsp::SemanticToken {
                delta_line,
                delta_start,
                length: lsp_range.end.character.saturating_sub(column),
                token_type: token.token_type,
                token_modifiers_bitset: token.modifiers,
            });
            previous_line = line;
            previous_start = column;
        }
    }
    data
}

pub fn handle(
    snapshot: &RequestSnapshot,
    params: lsp::SemanticTokensParams,
) -> Result<Option<lsp::SemanticTokensResult>> {
    Ok(
        snapshot.with_package_of(&params.text_document.uri, |context, path| {
            Some(lsp::SemanticTokensResult::Tokens(lsp::SemanticTokens {
                result_id: None,
                data: encode(context, path, None),
            }))
        }),
    )
}
