//! `wit/compose`: plug a component's imports with the exports of other components and
//! write the composition (or only check that the plugs fit).

use std::path::{Path, PathBuf};

use tower_lsp_server::jsonrpc::Result;
use wit_runner::compose::{ComposeInput, compose};

use crate::protocol::{ComposeParams, ComposeResult};
use crate::request::invalid_params;
use crate::snapshot::RequestSnapshot;

pub fn handle(_snapshot: &RequestSnapshot, params: ComposeParams) -> Result<ComposeResult> {
    let plugs = match params.plugs {
        Some(plugs) => plugs,
        None => configured_plugs(&params.consumer)?,
    };
    if plugs.is_empty() {
        return Err(invalid_params("no plugs to compose with"));
    }
    let read = |path: &Path| {
        std::fs::read(path)
            .map_err(|error| invalid_params(format!("cannot read {}: {error}", path.display())))
    };
    let consumer_bytes = read(&params.consumer)?;
    let plug_bytes = plugs
        .iter()
        .map(|path| read(path))
        .collect::<Result<Vec<_>>>()?;
    let consumer = ComposeInput {
        name: file_name(&params.consumer),
        bytes: &consumer_bytes,
    };
    let inputs: Vec<ComposeInput<'_>> = plugs
        .iter()
        .zip(&plug_bytes)
        .map(|(path, bytes)| ComposeInput {
            name: file_name(path),
            bytes,
        })
        .collect();
    match compose(&consumer, &inputs) {
        Ok(composition) => {
            if let Some(output) = &params.output {
                wit_runner::compose::write_atomically(output, &composition.bytes)
                    .map_err(invalid_params)?;
            }
            Ok(ComposeResult {
                composed: true,
                output: params.output,
                size: composition.bytes.len(),
                links: composition.links,
                open_imports: composition.open_imports,
                refusals: Vec::new(),
            })
        }
        Err(refused) => Ok(ComposeResult {
            composed: false,
            output: None,
            size: 0,
            links: Vec::new(),
            open_imports: Vec::new(),
            refusals: refused.0,
        }),
    }
}

/// The `plugs` of the `[[component]]` entry for `consumer` in the nearest project file.
fn configured_plugs(consumer: &Path) -> Result<Vec<PathBuf>> {
    let dir = consumer.parent().unwrap_or(Path::new("."));
    let none = || {
        invalid_params(format!(
            "no plugs given, and no `[[component]]` entry with `plugs` for {} in a {}",
            consumer.display(),
            wit_project::config::CONFIG_FILE
        ))
    };
    let file = wit_project::config::find_config(dir).ok_or_else(none)?;
    let config = wit_project::config::load_config(&file)
        .map_err(|error| invalid_params(error.to_string()))?;
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    };
    config
        .components
        .iter()
        .find(|entry| same(&entry.path, consumer) && !entry.plugs.is_empty())
        .map(|entry| entry.plugs.iter().map(|plug| plug.path.clone()).collect())
        .ok_or_else(none)
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |name| name.to_string_lossy().into_owned(),
    )
}
