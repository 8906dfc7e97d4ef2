//! `textDocument/definition`, `textDocument/declaration` and `textDocument/typeDefinition`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::navigation::{
    NavigationTarget, goto_declaration, goto_definition, goto_type_definition,
};

use crate::handlers::RequestContext;
use crate::server::Backend;

/// Which of the three navigation requests.
#[derive(Clone, Copy)]
pub enum Goto {
    Definition,
    Declaration,
    TypeDefinition,
}

fn links(
    context: &RequestContext,
    targets: Vec<NavigationTarget>,
) -> Option<lsp::GotoDefinitionResponse> {
    let locations: Vec<lsp::Location> = targets
        .iter()
        .filter_map(|target| context.location(&target.focus))
        .collect();
    (!locations.is_empty()).then_some(lsp::GotoDefinitionResponse::Array(locations))
}

pub async fn handle(
    backend: &Backend,
    goto: Goto,
    params: lsp::TextDocumentPositionParams,
) -> Result<Option<lsp::GotoDefinitionResponse>> {
    let position = params.position;
    backend
        .run_feature("goto", &params.text_document.uri, move |context, path| {
            let offset = context.offset(path, position);
            let snapshot = &context.snapshot;
            let targets = match goto {
                Goto::Definition => goto_definition(snapshot, path, offset),
                Goto::Declaration => goto_declaration(snapshot, path, offset),
                Goto::TypeDefinition => goto_type_definition(snapshot, path, offset),
            };
            links(context, targets)
        })
        .await
}
