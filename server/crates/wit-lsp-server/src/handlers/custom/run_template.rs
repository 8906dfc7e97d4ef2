//! `wit/runTemplate`: the call to prefill for an export (the last call of that function, or
//! a template from its signature), with its signature and the component that exports it.

use tower_lsp_server::jsonrpc::Result;
use wit_runner::LoadedComponent;

use crate::protocol::{ExportTarget, TemplateResult};
use crate::request::invalid_params;
use crate::session::runs::Runs;
use crate::snapshot::RequestSnapshot;

/// The template of `function` in `component`.
pub(crate) fn template(
    runs: &Runs,
    component: &LoadedComponent,
    function: &str,
) -> Result<TemplateResult> {
    let info = component.find_export(function).map_err(invalid_params)?;
    Ok(TemplateResult {
        call: runs
            .last_call(&info.call_name)
            .unwrap_or_else(|| info.call_template()),
        function: info.call_name.clone(),
        signature: info.signature.clone(),
        component: component.origin.clone(),
    })
}

pub fn handle(snapshot: &RequestSnapshot, target: ExportTarget) -> Result<TemplateResult> {
    let context = snapshot.run_context(&target.uri);
    let located = snapshot
        .runs
        .locate(&target, &context, None, false, &mut |_| {}, None)
        .map_err(invalid_params)?;
    template(&snapshot.runs, &located.component, &target.function)
}
