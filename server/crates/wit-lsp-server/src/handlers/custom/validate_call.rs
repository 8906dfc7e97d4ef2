//! `wit/validateCall`: checks a call text against the export's signature as the user types
//! it (no run), with each problem's place in the text.

use tower_lsp_server::jsonrpc::Result;

use crate::protocol::{CallDiagnostic, CallParams, ValidateResult};
use crate::request::invalid_params;
use crate::snapshot::RequestSnapshot;

/// A byte offset of `text` in UTF-16 code units (as an editor's input box counts).
fn utf16_offset(text: &str, byte: usize) -> usize {
    let byte = byte.min(text.len());
    text.char_indices()
        .take_while(|(index, _)| *index < byte)
        .map(|(_, ch)| ch.len_utf16())
        .sum()
}

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
            start: utf16_offset(&call, error.span.start),
            end: utf16_offset(&call, error.span.end),
            message: error.message,
        }],
        Err(error) => vec![CallDiagnostic {
            start: 0,
            end: utf16_offset(&call, call.len()),
            message: error.to_string(),
        }],
    };
    Ok(ValidateResult { diagnostics })
}

#[cfg(test)]
mod tests {
    #[test]
    fn offsets_count_utf16_units() {
        assert_eq!(super::utf16_offset("a(\"é𝄞\", 1)", 9), 6);
        assert_eq!(super::utf16_offset("add(1)", 100), 6);
    }
}
