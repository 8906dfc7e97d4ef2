//! `shutdown`: no analysis is scheduled after it; `exit` then ends the process.

use tower_lsp_server::jsonrpc::Result;

use crate::session::Session;

pub fn handle(session: &Session) -> Result<()> {
    session.state().shutting_down = true;
    Ok(())
}
