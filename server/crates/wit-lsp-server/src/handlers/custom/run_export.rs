//! `wit/runExport`: runs an export of the built component in the sandbox and answers with
//! its result, output, import calls and trap. Asynchronous, because a run reports
//! `$/progress` (begin, "Building…", "Compiling…", "Running…", end) on the client's
//! `workDoneToken`, or on a token the server creates when the client supports
//! `window.workDoneProgress`.
//!
//! A run honours `$/cancelRequest`: the request's task is aborted, and a guard it holds
//! cancels the runner's token, which stops the guest within an epoch tick (or at once when
//! it waits inside WASI) and kills a build command with everything it started. A trap or
//! crash of the guest is a result, never a server failure.

use std::sync::Arc;

use serde_json::Value;
use tower_lsp_server::Client;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types as lsp;
use wit_runner::{CallResult, CancelOnDrop, CancelToken, RunOptions};

use crate::handlers::custom::run_template::template;
use crate::protocol::{CallParams, RunExportResult};
use crate::request::{internal_error, invalid_params};
use crate::session::Session;
use crate::session::runs::{Located, describe_step};

/// Where one run's `$/progress` goes. Cheap to clone: reports come from a forwarding task
/// while the run goes on.
#[derive(Clone)]
struct ProgressSink {
    client: Client,
    token: Option<lsp::ProgressToken>,
}

impl ProgressSink {
    async fn send(&self, value: lsp::WorkDoneProgress) {
        if let Some(token) = &self.token {
            self.client
                .send_notification::<lsp::notification::Progress>(lsp::ProgressParams {
                    token: token.clone(),
                    value: lsp::ProgressParamsValue::WorkDone(value),
                })
                .await;
        }
    }

    async fn report(&self, message: String) {
        self.send(lsp::WorkDoneProgress::Report(lsp::WorkDoneProgressReport {
            message: Some(message),
            ..Default::default()
        }))
        .await;
    }
}

/// One run's progress: begun when made, ended by [`RunProgress::end`] or, when the request
/// is cancelled and its future dropped, by a notification sent from `Drop`.
struct RunProgress {
    sink: ProgressSink,
    ended: bool,
}

impl RunProgress {
    /// Begins a run's progress on the client's token, or on a new one when the client
    /// supports server-created progress; reports nothing otherwise.
    async fn begin(
        session: &Session,
        client_token: Option<lsp::ProgressToken>,
        title: String,
    ) -> RunProgress {
        let creates = session.state().client_creates_progress;
        let token = match client_token {
            Some(token) => Some(token),
            None if creates => {
                let token = session.runs.next_progress_token();
                session
                    .client
                    .create_work_done_progress(token.clone())
                    .await
                    .ok()
                    .map(|()| token)
            }
            None => None,
        };
        let sink = ProgressSink {
            client: session.client.clone(),
            token,
        };
        sink.send(lsp::WorkDoneProgress::Begin(lsp::WorkDoneProgressBegin {
            title,
            cancellable: Some(false),
            message: Some("Finding the component…".to_string()),
            percentage: None,
        }))
        .await;
        RunProgress { sink, ended: false }
    }

    async fn end(mut self, message: String) {
        self.ended = true;
        self.sink
            .send(lsp::WorkDoneProgress::End(lsp::WorkDoneProgressEnd {
                message: Some(message),
            }))
            .await;
    }

    /// Ends the progress with the error's message and passes the error on.
    async fn fail<T>(self, error: tower_lsp_server::jsonrpc::Error) -> Result<T> {
        self.end(format!("Failed: {}", error.message)).await;
        Err(error)
    }
}

impl Drop for RunProgress {
    fn drop(&mut self) {
        if self.ended || self.sink.token.is_none() {
            return;
        }
        let sink = self.sink.clone();
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                sink.send(lsp::WorkDoneProgress::End(lsp::WorkDoneProgressEnd {
                    message: Some("Cancelled".to_string()),
                }))
                .await;
            });
        }
    }
}

/// Finds (building it when configured) and loads the component on a blocking thread,
/// forwarding each step to the progress.
async fn locate(
    session: &Session,
    params: &CallParams,
    progress: &ProgressSink,
    cancel: &CancelToken,
) -> Result<Located> {
    let snapshot = session.snapshot();
    let context = snapshot.run_context(&params.target.uri);
    let runs = snapshot.runs.clone();
    let target = params.target.clone();
    let mock_file = params.mock_file.clone();
    let cancel = cancel.clone();
    let (steps, mut step_messages) = tokio::sync::mpsc::unbounded_channel::<String>();
    let forward_steps = async {
        while let Some(message) = step_messages.recv().await {
            progress.report(message).await;
        }
    };
    // The sender lives in the blocking task, so forwarding ends when it does.
    let located = tokio::task::spawn_blocking(move || {
        let mut on_step = |step: wit_runner::LocateStep<'_>| {
            let _ = steps.send(describe_step(step));
        };
        runs.locate(
            &target,
            &context,
            mock_file,
            true,
            &mut on_step,
            Some(&cancel),
        )
    });
    let (located, ()) = tokio::join!(located, forward_steps);
    located
        .map_err(|error| internal_error(format!("finding the component failed: {error}")))?
        .map_err(invalid_params)
}

pub async fn handle(session: Arc<Session>, params: CallParams) -> Result<RunExportResult> {
    // Dropped with this future when the request is cancelled: stops the guest.
    let cancel = CancelToken::new();
    let _cancel_on_drop = CancelOnDrop(cancel.clone());
    let progress = RunProgress::begin(
        &session,
        params.work_done_token.clone(),
        format!("Run {}", params.target.function),
    )
    .await;
    let located = match locate(&session, &params, &progress.sink, &cancel).await {
        Ok(located) => located,
        Err(error) => return progress.fail(error).await,
    };
    let call = match &params.call {
        Some(call) => call.clone(),
        None => match template(&session.runs, &located.component, &params.target.function) {
            Ok(template) => template.call,
            Err(error) => return progress.fail(error).await,
        },
    };
    progress.sink.report(format!("Running {call}…")).await;
    let settings = session.state().settings.runner.clone();
    let defaults = RunOptions::default();
    let options = RunOptions {
        mocks: located.mocks.clone(),
        plugs: located.plugs.clone(),
        timeout: params
            .timeout_ms
            .or(settings.timeout_ms)
            .map(std::time::Duration::from_millis)
            .unwrap_or(defaults.timeout),
        max_memory: params
            .max_memory_bytes
            .or(settings.max_memory_bytes)
            .unwrap_or(defaults.max_memory),
        cancel: Some(cancel.clone()),
        ..defaults
    };
    let task_call = call.clone();
    let origin = located.component.origin.clone();
    let (session_id, keep_session) = (params.session, params.keep_session);
    let ran = tokio::task::spawn_blocking(move || {
        let Located {
            runner, component, ..
        } = located;
        let session = match (session_id, keep_session) {
            (Some(id), _) => Some(id),
            (None, true) => Some(runner.open_session(&component, &options)?),
            (None, false) => None,
        };
        let outcome = match session {
            Some(id) => runner.call_in_session_cancellable(id, &task_call, Some(&cancel))?,
            None => runner.run(&component, &task_call, &options)?,
        };
        Ok::<_, wit_runner::RunnerError>((outcome, session))
    })
    .await;
    let (outcome, run_session) = match ran {
        Ok(Ok(ran)) => ran,
        Ok(Err(error)) => return progress.fail(invalid_params(error.to_string())).await,
        Err(panic) => {
            return progress
                .fail(internal_error(format!("the run failed: {panic}")))
                .await;
        }
    };
    let summary = match &outcome.result {
        CallResult::Returned { .. } => format!("Returned in {} µs", outcome.call_micros),
        CallResult::Trapped { kind, .. } => format!("Trapped ({kind:?})"),
    };
    progress.end(summary).await;
    session.runs.remember_call(&outcome.function, &call);
    let (result_wave, result_json, trap) = match &outcome.result {
        CallResult::Returned { wave, json } => (wave.clone(), json.clone(), None),
        CallResult::Trapped { .. } => (
            None,
            Value::Null,
            serde_json::to_value(&outcome.result).ok(),
        ),
    };
    Ok(RunExportResult {
        function: outcome.function.clone(),
        component: origin,
        result_wave,
        result_json,
        stdout: outcome.stdout.text.clone(),
        stdout_truncated: outcome.stdout.truncated,
        stderr: outcome.stderr.text.clone(),
        stderr_truncated: outcome.stderr.truncated,
        import_calls: outcome.import_calls.clone(),
        duration_ms: outcome.call_micros as f64 / 1000.0,
        trap,
        session: run_session,
    })
}
