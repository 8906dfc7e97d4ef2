//! `textDocument/hover`.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::ide::hover::{hover, world_interface_at};

use crate::snapshot::RequestSnapshot;

pub fn handle(snapshot: &RequestSnapshot, params: lsp::HoverParams) -> Result<Option<lsp::Hover>> {
    let position = params.text_document_position_params.position;
    Ok(snapshot.with_package_of(
        &params.text_document_position_params.text_document.uri,
        |context, path| {
            let offset = context.offset(path, position);
            let mut result = hover(&context.snapshot, path, offset)?;
            if let Some(plugged) = plugged_by(snapshot, &context.snapshot, path, offset) {
                result.markdown.push_str(&plugged);
            }
            Some(lsp::Hover {
                contents: lsp::HoverContents::Markup(lsp::MarkupContent {
                    kind: lsp::MarkupKind::Markdown,
                    value: result.markdown,
                }),
                range: Some(context.range(path, &result.range)),
            })
        },
    ))
}

/// On a world's import of an interface that a plug configured in `wit-lsp.toml` exports:
/// which component provides it.
fn plugged_by(
    request: &RequestSnapshot,
    snapshot: &wit_analysis::ide::snapshot::Snapshot,
    path: &std::path::Path,
    offset: usize,
) -> Option<String> {
    let (world, interface) = world_interface_at(snapshot, path, offset)?;
    let config = wit_project::config::find_config(path.parent()?)?;
    let config = wit_project::config::load_config(&config).ok()?;
    let providers = request.runs.plugs_providing(&config, &world, &interface);
    if providers.is_empty() {
        return None;
    }
    let names: Vec<String> = providers.iter().map(|name| format!("`{name}`")).collect();
    Some(format!(
        "\n\n---\n\nPlugged by {} (`plugs` in wit-lsp.toml)",
        names.join(", ")
    ))
}
