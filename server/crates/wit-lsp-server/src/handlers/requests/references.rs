//! `textDocument/references`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::navigation::find_references;

use crate::snapshot::RequestSnapshot;

pub fn handle(
    snapshot: &RequestSnapshot,
    params: lsp::ReferenceParams,
) -> Result<Option<Vec<lsp::Location>>> {
    let position = params.text_document_position.position;
    let include_declaration = params.context.include_declaration;
    Ok(snapshot.with_package_of(
        &params.text_document_position.text_document.uri,
        |context, path| {
            let offset = context.offset(path, position);
            let locations: Vec<lsp::Location> =
                find_references(&context.snapshot, path, offset, include_declaration)
                    .iter()
                    .filter_map(|location| context.location(location))
                    .collect();
            (!locations.is_empty()).then_some(locations)
        },
    ))
}
