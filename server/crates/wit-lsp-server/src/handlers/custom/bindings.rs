//! `wit/bindings` (and the `wit.showBindings` command): the files a generator writes for a
//! world, from the last version of the package that resolved cleanly (marked `stale` while
//! the WIT has errors).

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use wit_analysis::LineIndex;
use wit_bindings::{Language, select_world};

use crate::convert;
use crate::protocol::{BindingsParams, BindingsResult};
use crate::request::invalid_params;
use crate::session::Session;
use crate::session::previews::GATE_PATIENCE;
use crate::snapshot::RequestSnapshot;

/// The name of the world whose definition contains `offset` in `text`, from the syntax tree
/// (so it works on the current text even while the last clean resolve is older).
fn world_at(text: &str, offset: usize) -> Option<String> {
    use wit_syntax::ast::{AstNode, HasName, World};
    let parse = wit_syntax::parse(text);
    parse
        .syntax_node()
        .descendants()
        .filter_map(World::cast)
        .find(|world| {
            let range = world.range();
            (range.start() as usize..=range.end() as usize).contains(&offset)
        })
        .and_then(|world| world.name())
        .map(|name| name.text())
}

pub fn handle(snapshot: &RequestSnapshot, params: BindingsParams) -> Result<BindingsResult> {
    let language: Language = params
        .language
        .parse()
        .map_err(|error: wit_bindings::UnknownLanguage| invalid_params(error.to_string()))?;
    let path = convert::uri_to_path(&params.uri);
    let root = Session::package_of(&params.uri, &path);
    let Some(package) = snapshot.package(&root) else {
        return Err(invalid_params(format!(
            "{} is not part of an analysed package",
            params.uri.as_str()
        )));
    };
    let Some(resolved) = package.last_clean.clone() else {
        return Err(invalid_params(
            "the package has errors and has not resolved yet; fix them to see bindings",
        ));
    };
    let under_cursor = match (&params.world, params.position, snapshot.document(&path)) {
        (None, Some(position), Some(document)) => {
            let index = LineIndex::new(document.text.clone());
            world_at(
                &document.text,
                convert::offset(&index, position, snapshot.encoding),
            )
        }
        _ => None,
    };
    let name = params.world.or(under_cursor);
    let world = select_world(&resolved.resolve, resolved.package, name.as_deref())
        .map_err(|error| invalid_params(error.to_string()))?;
    let files = Arc::clone(&snapshot.previews)
        .generate(
            &resolved,
            world,
            language,
            &params.options,
            Some(GATE_PATIENCE),
        )
        .map_err(|error| invalid_params(error.to_string()))?;
    let world_item = &resolved.resolve.worlds[world];
    let world_name = match world_item.package {
        Some(package) => resolved.resolve.id_of_name(package, &world_item.name),
        None => world_item.name.clone(),
    };
    Ok(BindingsResult {
        world: world_name,
        language: params.language,
        files,
        stale: package.has_errors,
    })
}
