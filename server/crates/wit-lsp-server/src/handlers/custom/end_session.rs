//! `wit/endSession`: ends a live run session (`true` if it was live).

use tower_lsp_server::jsonrpc::Result;

use crate::protocol::EndSessionParams;
use crate::request::invalid_params;
use crate::snapshot::RequestSnapshot;

pub fn handle(snapshot: &RequestSnapshot, params: EndSessionParams) -> Result<bool> {
    let runner = snapshot.runs.runner().map_err(invalid_params)?;
    Ok(runner.end_session(params.session))
}
