//! `codeLens/resolve`: `▶ Run` when a built component exports the lens's function, else
//! the lens says what is missing. Locates the component without building it.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;

use crate::protocol::ExportTarget;
use crate::snapshot::RequestSnapshot;

pub fn handle(snapshot: &RequestSnapshot, mut lens: lsp::CodeLens) -> Result<lsp::CodeLens> {
    let Some(target) = lens
        .data
        .clone()
        .and_then(|data| serde_json::from_value::<ExportTarget>(data).ok())
    else {
        return Ok(lens);
    };
    let context = snapshot.run_context(&target.uri);
    let title = match snapshot
        .runs
        .locate(&target, &context, None, false, &mut |_| {}, None)
    {
        Ok(_) => "▶ Run".to_string(),
        Err(error) => format!("▶ Run: {error} (configure [[component]] in wit-lsp.toml)"),
    };
    lens.command = Some(lsp::Command {
        title,
        command: "wit.runExport".to_string(),
        arguments: Some(vec![
            serde_json::to_value(&target).unwrap_or(serde_json::Value::Null),
        ]),
    });
    Ok(lens)
}
