//! `wit/validateCall`: checks a call text against the export's signature as the user types
//! it (no run), with each problem's place in the text.

use tower_lsp_server::jsonrpc::Result;

use crate::convert;
use crate::protocol::{CallDiagnostic, CallParams, ValidateResult};
use crate::request::invalid_params;
use crate::snapshot::RequestSnapshot;

pub fn handle(snapshot: &RequestSnapshot, params: CallParams) -> Result<ValidateResult> {
    let context = snapshot.run_context(&params.target.uri);
    let located = snapshot
        .runs
        .locate(&params.target, &context, None, false, &mut |_| {}, None)
        .map_err(invalid_params)?;
    let call = params.call.unwrap_or_default();
    let diagnostics = match located.runner.validate_call(&located.component, &call) {
        Ok(_) => Vec::new(),
        Err(wit_runner::RunnerError::BadCall(error)) => vec![CallDiagnostic {
            start: convert::utf16_units(&call, error.span.start),
            end: convert::utf16_units(&call, error.span.end),
            message: error.message,
        }],
        Err(error) => vec![CallDiagnostic {
            start: 0,
            end: convert::utf16_units(&call, call.len()),
            message: error.to_string(),
        }],
    };
    Ok(ValidateResult { diagnostics })
}
