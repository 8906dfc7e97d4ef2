//! `textDocument/documentLink`: paths link to the file defining their interface or world.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::links::document_links;

use crate::snapshot::RequestSnapshot;

pub fn handle(
    snapshot: &RequestSnapshot,
    params: lsp::DocumentLinkParams,
) -> Result<Option<Vec<lsp::DocumentLink>>> {
    Ok(
        snapshot.with_package_of(&params.text_document.uri, |context, path| {
            let links = document_links(&context.snapshot, path)
                .into_iter()
                .filter_map(|(range, target)| {
                    Some(lsp::DocumentLink {
                        range: context.range(path, &range),
                        target: Some(context.uri(&target)?),
                        tooltip: Some(format!("Open {}", target.display())),
                        data: None,
                    })
                })
                .collect();
            Some(links)
        }),
    )
}
