//! `textDocument/definition`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::navigation::{NavigationTarget, goto_definition};

use crate::snapshot::{PackageContext, RequestSnapshot};

/// Navigation targets as the protocol's answer (shared by the three goto requests).
pub(crate) fn links(
    context: &PackageContext,
    targets: Vec<NavigationTarget>,
) -> Option<lsp::GotoDefinitionResponse> {
    let locations: Vec<lsp::Location> = targets
        .iter()
        .filter_map(|target| context.location(&target.focus))
        .collect();
    (!locations.is_empty()).then_some(lsp::GotoDefinitionResponse::Array(locations))
}

pub fn handle(
    snapshot: &RequestSnapshot,
    params: lsp::GotoDefinitionParams,
) -> Result<Option<lsp::GotoDefinitionResponse>> {
    let at = params.text_document_position_params;
    Ok(
        snapshot.with_package_of(&at.text_document.uri, |context, path| {
            let offset = context.offset(path, at.position);
            links(context, goto_definition(&context.snapshot, path, offset))
        }),
    )
}
