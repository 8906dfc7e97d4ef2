//! `wit/bindingsCacheStatus`: what the preview cache holds and whether warm-ups are running
//! (for tests and the benchmark).

use tower_lsp_server::jsonrpc::Result;

use crate::protocol::BindingsCacheStatus;
use crate::snapshot::RequestSnapshot;

pub fn handle(snapshot: &RequestSnapshot) -> Result<BindingsCacheStatus> {
    Ok(snapshot.previews.status())
}
