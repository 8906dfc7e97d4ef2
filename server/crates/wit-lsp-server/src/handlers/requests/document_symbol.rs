//! `textDocument/documentSymbol`: the hierarchical outline.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::index::DefKind;
use wit_analysis::ide::structure::{DocumentSymbol, document_symbols};

use crate::snapshot::PackageContext;
use crate::snapshot::RequestSnapshot;

pub fn symbol_kind(kind: DefKind) -> lsp::SymbolKind {
    match kind {
        DefKind::Package => lsp::SymbolKind::PACKAGE,
        DefKind::Interface | DefKind::World => lsp::SymbolKind::INTERFACE,
        DefKind::TypeAlias | DefKind::UseAlias => lsp::SymbolKind::TYPE_PARAMETER,
        DefKind::Record => lsp::SymbolKind::STRUCT,
        DefKind::Variant | DefKind::Enum | DefKind::Flags => lsp::SymbolKind::ENUM,
        DefKind::Resource => lsp::SymbolKind::CLASS,
        DefKind::Function | DefKind::StaticMethod => lsp::SymbolKind::FUNCTION,
        DefKind::Method => lsp::SymbolKind::METHOD,
        DefKind::Constructor => lsp::SymbolKind::CONSTRUCTOR,
        DefKind::Field => lsp::SymbolKind::FIELD,
        DefKind::Case | DefKind::EnumCase | DefKind::Flag => lsp::SymbolKind::ENUM_MEMBER,
        DefKind::Param => lsp::SymbolKind::VARIABLE,
    }
}

#[allow(deprecated)]
fn convert(
    context: &PackageContext,
    path: &std::path::Path,
    symbol: DocumentSymbol,
) -> lsp::DocumentSymbol {
    lsp::DocumentSymbol {
        name: symbol.name,
        detail: symbol.detail,
        kind: symbol_kind(symbol.kind),
        tags: symbol.deprecated.then(|| vec![lsp::SymbolTag::DEPRECATED]),
        deprecated: None,
        range: context.range(path, &symbol.range),
        selection_range: context.range(path, &symbol.selection_range),
        children: Some(
            symbol
                .children
                .into_iter()
                .map(|child| convert(context, path, child))
                .collect(),
        ),
    }
}

pub fn handle(
    snapshot: &RequestSnapshot,
    params: lsp::DocumentSymbolParams,
) -> Result<Option<lsp::DocumentSymbolResponse>> {
    Ok(
        snapshot.with_package_of(&params.text_document.uri, |context, path| {
            let symbols = document_symbols(&context.snapshot, path)
                .into_iter()
                .map(|symbol| convert(context, path, symbol))
                .collect();
            Some(lsp::DocumentSymbolResponse::Nested(symbols))
        }),
    )
}
