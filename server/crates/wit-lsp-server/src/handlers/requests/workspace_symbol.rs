//! `workspace/symbol`: fuzzy match over every known package and its dependencies (after the
//! workspace search for packages).

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::structure::workspace_symbols;

use crate::handlers::requests::document_symbol::symbol_kind;
use crate::snapshot::RequestSnapshot;

/// At most this many symbols are returned.
const LIMIT: usize = 256;

#[allow(deprecated)]
pub fn handle(
    snapshot: &RequestSnapshot,
    params: lsp::WorkspaceSymbolParams,
) -> Result<Option<lsp::WorkspaceSymbolResponse>> {
    let mut symbols = Vec::new();
    for package in snapshot.packages() {
        let context = snapshot.context(&package.root);
        symbols.extend(
            workspace_symbols(&context.snapshot, &params.query)
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
                }),
        );
    }
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
