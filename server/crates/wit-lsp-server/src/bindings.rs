//! Binding previews over LSP: `wit/bindings`, `wit/componentWit`, the `wit.showBindings`
//! command, and the `wit/bindingsChanged` notification that tells clients to re-request.
//!
//! Previews come from the last version of the package that resolved cleanly; while the WIT
//! has errors the answer is marked `stale`.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{Position, Uri};
use wit_analysis::LineIndex;
use wit_bindings::{
    BindingsOptions, GeneratedFile, Language, generate_bindings_cached, select_world,
};

use crate::convert;
use crate::server::Backend;

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BindingsParams {
    pub uri: Uri,
    /// `name` or `ns:pkg/name`; when absent, the world under `position`, else the only one.
    #[serde(default)]
    pub world: Option<String>,
    pub language: String,
    #[serde(default)]
    pub options: BindingsOptions,
    #[serde(default)]
    pub position: Option<Position>,
}

#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BindingsResult {
    /// The world the files were generated for (`ns:pkg/name`).
    pub world: String,
    pub language: String,
    pub files: Vec<GeneratedFile>,
    /// True while the WIT has errors: the files are from the last version that resolved.
    pub stale: bool,
}

#[derive(Debug, Deserialize)]
pub struct ComponentWitParams {
    pub path: PathBuf,
}

#[derive(Debug, Serialize)]
pub struct ComponentWitResult {
    pub wit: String,
}

/// `wit/bindingsChanged`: a package was analysed again; previews of `uris` may re-request.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BindingsChangedParams {
    pub uris: Vec<Uri>,
    pub stale: bool,
}

pub enum BindingsChanged {}

impl tower_lsp_server::ls_types::notification::Notification for BindingsChanged {
    type Params = BindingsChangedParams;
    const METHOD: &'static str = "wit/bindingsChanged";
}

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

impl Backend {
    pub async fn bindings(&self, params: BindingsParams) -> Result<BindingsResult> {
        let language: Language =
            params
                .language
                .parse()
                .map_err(|error: wit_bindings::UnknownLanguage| {
                    Error::invalid_params(error.to_string())
                })?;
        let path = convert::uri_to_path(&params.uri);
        let root = Backend::package_of(&params.uri, &path);
        let (resolved, stale, cursor) = {
            let mut state = self
                .state
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let encoding = state.encoding;
            let cursor = match (params.position, state.documents.get_mut(&path)) {
                (Some(position), Some(open)) => {
                    let text = open.document.text();
                    let index = LineIndex::new(text.clone());
                    Some((text, convert::offset(&index, position, encoding)))
                }
                _ => None,
            };
            let Some(entry) = state.packages.get(&root) else {
                return Err(Error::invalid_params(format!(
                    "{} is not part of an analysed package",
                    params.uri.as_str()
                )));
            };
            (entry.last_clean.clone(), entry.has_errors, cursor)
        };
        let Some(resolved) = resolved else {
            return Err(Error::invalid_params(
                "the package has errors and has not resolved yet; fix them to see bindings"
                    .to_string(),
            ));
        };
        let options = params.options;
        let requested_world = params.world;
        let cache = std::sync::Arc::clone(&self.bindings_cache);
        let result = tokio::task::spawn_blocking(move || {
            let under_cursor = match (&requested_world, cursor) {
                (None, Some((text, offset))) => world_at(&text, offset),
                _ => None,
            };
            let name = requested_world.or(under_cursor);
            let world = select_world(&resolved.resolve, resolved.package, name.as_deref())
                .map_err(|error| error.to_string())?;
            let files =
                generate_bindings_cached(&resolved.resolve, world, language, &options, &cache)
                    .map_err(|error| error.to_string())?;
            let world_item = &resolved.resolve.worlds[world];
            let world_name = match world_item.package {
                Some(package) => resolved.resolve.id_of_name(package, &world_item.name),
                None => world_item.name.clone(),
            };
            Ok::<_, String>((world_name, files))
        })
        .await
        .map_err(|panic| Error::invalid_params(format!("binding generation failed: {panic}")))?
        .map_err(Error::invalid_params)?;
        Ok(BindingsResult {
            world: result.0,
            language: params.language,
            files: result.1,
            stale,
        })
    }

    pub async fn component_wit(&self, params: ComponentWitParams) -> Result<ComponentWitResult> {
        let path = params.path;
        tokio::task::spawn_blocking(move || {
            let bytes = std::fs::read(&path)
                .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
            wit_bindings::component_wit(&bytes)
                .map_err(|error| format!("{}: {error}", path.display()))
        })
        .await
        .map_err(|panic| Error::invalid_params(format!("decoding failed: {panic}")))?
        .map(|wit| ComponentWitResult { wit })
        .map_err(Error::invalid_params)
    }
}
