//! `workspace/executeCommand`, for clients without custom-request support:
//! `wit.showBindings` (the `wit/bindings` answer) and `wit.runExport` (runs the export with
//! its last call or the template, and shows the result as a message and in the log).

use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::{self as lsp, MessageType};

use crate::handlers::custom::{bindings, run_export};
use crate::protocol::{CallParams, ExportTarget};
use crate::request::{Scope, internal_error, invalid_params};
use crate::session::Session;

/// The commands this server executes.
pub const COMMANDS: &[&str] = &["wit.showBindings", "wit.runExport"];

pub async fn handle(
    session: Arc<Session>,
    params: lsp::ExecuteCommandParams,
) -> Result<Option<Value>> {
    let argument = params.arguments.into_iter().next().unwrap_or(Value::Null);
    match params.command.as_str() {
        "wit.showBindings" => {
            let params = serde_json::from_value(argument)
                .map_err(|error| invalid_params(format!("wit.showBindings: {error}")))?;
            let result = session
                .request("wit.showBindings", Scope::Document, move |snapshot| {
                    bindings::handle(snapshot, params)
                })
                .await?;
            Ok(Some(serde_json::to_value(result).map_err(|error| {
                internal_error(format!("wit.showBindings: {error}"))
            })?))
        }
        "wit.runExport" => {
            let target: ExportTarget = serde_json::from_value(argument)
                .map_err(|error| invalid_params(format!("wit.runExport: {error}")))?;
            show_run(session, target).await
        }
        other => Err(invalid_params(format!("unknown command `{other}`"))),
    }
}

async fn show_run(session: Arc<Session>, target: ExportTarget) -> Result<Option<Value>> {
    let function = target.function.clone();
    let result = run_export::handle(session.clone(), CallParams::with_defaults(target)).await;
    match result {
        Ok(result) => {
            let summary = match (&result.result_wave, &result.trap) {
                (_, Some(trap)) => format!(
                    "{function} trapped: {}",
                    trap.get("message")
                        .and_then(Value::as_str)
                        .unwrap_or("trap")
                ),
                (Some(wave), None) => format!("{function} → {wave}"),
                (None, None) => format!("{function} returned"),
            };
            let kind = if result.trap.is_some() {
                MessageType::WARNING
            } else {
                MessageType::INFO
            };
            session.client.show_message(kind, &summary).await;
            let full = serde_json::to_string_pretty(&result).unwrap_or_default();
            session
                .client
                .log_message(MessageType::INFO, format!("{summary}\n{full}"))
                .await;
            Ok(serde_json::to_value(result).ok())
        }
        Err(error) => {
            session
                .client
                .show_message(MessageType::ERROR, format!("{function}: {}", error.message))
                .await;
            Err(error)
        }
    }
}
