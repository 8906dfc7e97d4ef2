//! `wit/componentWit`: the WIT a built component embeds.

use tower_lsp_server::jsonrpc::Result;

use crate::protocol::{ComponentWitParams, ComponentWitResult};
use crate::request::invalid_params;
use crate::snapshot::RequestSnapshot;

pub fn handle(
    _snapshot: &RequestSnapshot,
    params: ComponentWitParams,
) -> Result<ComponentWitResult> {
    let path = params.path;
    let bytes = std::fs::read(&path)
        .map_err(|error| invalid_params(format!("cannot read {}: {error}", path.display())))?;
    let wit = wit_bindings::component_wit(&bytes)
        .map_err(|error| invalid_params(format!("{}: {error}", path.display())))?;
    Ok(ComponentWitResult { wit })
}
