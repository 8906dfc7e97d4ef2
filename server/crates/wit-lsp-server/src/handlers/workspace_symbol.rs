//! `workspace/symbol`: fuzzy match over every known package and its dependencies.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::structure::workspace_symbols;

use crate::handlers::document_symbol::symbol_kind;
use crate::server::Backend;

/// At most this many symbols are returned.
const LIMIT: usize = 256;

#[allow(deprecated)]
pub async fn handle(
    backend: &Backend,
    params: lsp::WorkspaceSymbolParams,
) -> Result<Option<lsp::WorkspaceSymbolResponse>> {
    let query = params.query;
    let mut symbols = backend
        .run_on_all_packages("workspace/symbol", move |context| {
            workspace_symbols(&context.snapshot, &query)
                .into_iter()
                .filter_map(|symbol| {
                    Some(lsp::SymbolInformation {
                        name: symbol.name,
                        kind: symbol_kind(symbol.kind),
                        tags: symbol.deprecated.then(|| vec![lsp::SymbolTag::DEPRECATED]),
                        deprecated: None,
                        location: context.location(&symbol.location)?,
                        container_name: symbol.container,
                    })
                })
                .collect()
        })
        .await?;
    // A dependency shared by several packages is listed once.
    symbols.sort_by(|a, b| {
        (
            a.location.uri.as_str(),
            a.location.range.start.line,
            a.location.range.start.character,
            &a.name,
        )
            .cmp(&(
                b.location.uri.as_str(),
                b.location.range.start.line,
                b.location.range.start.character,
                &b.name,
            ))
    });
    symbols.dedup_by(|a, b| a.location == b.location && a.name == b.name);
    symbols.truncate(LIMIT);
    Ok(Some(lsp::WorkspaceSymbolResponse::Flat(symbols)))
}
