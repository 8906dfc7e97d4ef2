//! `workspace/didChangeConfiguration`: new settings, then every package analysed again.

use std::sync::Arc;

use tower_lsp_server::ls_types as lsp;

use crate::session::Session;
use crate::session::settings::Settings;

pub async fn handle(session: &Arc<Session>, params: lsp::DidChangeConfigurationParams) {
    let Some((settings, problems)) = Settings::from_value(&params.settings) else {
        return;
    };
    session.apply_settings(settings, problems).await;
    session.reanalyze_all();
}
