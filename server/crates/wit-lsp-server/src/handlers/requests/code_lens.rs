//! `textDocument/codeLens`: one `▶ Run` lens per exported function defined in the document,
//! from the last clean resolve of its package (function spans through the source map). The
//! lens carries its [`ExportTarget`]; `codeLens/resolve` gives it its command.

use std::path::Path;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_analysis::{LineIndex, ResolvedPackage};
use wit_parser::WorldItem;

use crate::convert;
use crate::protocol::ExportTarget;
use crate::session::Session;
use crate::snapshot::RequestSnapshot;

/// One `▶ Run` lens: where it goes and what it runs.
struct ExportLens {
    range: std::ops::Range<usize>,
    world: String,
    function: String,
}

/// The name the runner calls an export by.
fn export_call_name(
    resolved: &ResolvedPackage,
    interface: Option<wit_parser::InterfaceId>,
    name: &str,
) -> String {
    match interface.and_then(|id| resolved.resolve.id_of(id)) {
        Some(interface) => format!("{interface}#{name}"),
        None => name.to_string(),
    }
}

/// The exported functions of the package's worlds that are defined in `path`.
fn export_lenses(resolved: &ResolvedPackage, path: &Path) -> Vec<ExportLens> {
    let resolve = &resolved.resolve;
    let mut lenses = Vec::new();
    let mut push = |span: wit_parser::Span, world: &str, function: String| {
        if let Some(location) = resolve.source_map.resolve_span(span)
            && Path::new(location.path) == path
            && !lenses
                .iter()
                .any(|l: &ExportLens| l.function == function && l.world == world)
        {
            lenses.push(ExportLens {
                range: location.range,
                world: world.to_string(),
                function,
            });
        }
    };
    for (_, &world_id) in &resolve.packages[resolved.package].worlds {
        let world = &resolve.worlds[world_id];
        let world_name = match world.package {
            Some(package) => resolve.id_of_name(package, &world.name),
            None => world.name.clone(),
        };
        for item in world.exports.values() {
            match item {
                WorldItem::Function(function) => {
                    push(
                        function.span,
                        &world_name,
                        export_call_name(resolved, None, &function.name),
                    );
                }
                WorldItem::Interface { id, .. } => {
                    for function in resolve.interfaces[*id].functions.values() {
                        push(
                            function.span,
                            &world_name,
                            export_call_name(resolved, Some(*id), &function.name),
                        );
                    }
                }
                WorldItem::Type { .. } => {}
            }
        }
    }
    lenses
}

pub fn handle(
    snapshot: &RequestSnapshot,
    params: lsp::CodeLensParams,
) -> Result<Option<Vec<lsp::CodeLens>>> {
    let uri = params.text_document.uri;
    let path = convert::uri_to_path(&uri);
    let root = Session::package_of(&uri, &path);
    let resolved = snapshot
        .package(&root)
        .and_then(|package| package.last_clean.clone());
    let (Some(resolved), Some(document)) = (resolved, snapshot.document(&path)) else {
        return Ok(None);
    };
    let index = LineIndex::new(document.text.clone());
    let lenses = export_lenses(&resolved, &path)
        .into_iter()
        .map(|lens| {
            let target = ExportTarget {
                uri: uri.clone(),
                world: Some(lens.world),
                function: lens.function,
                component: None,
            };
            lsp::CodeLens {
                range: convert::range(&index, &lens.range, snapshot.encoding),
                command: None,
                data: serde_json::to_value(target).ok(),
            }
        })
        .collect();
    Ok(Some(lenses))
}
