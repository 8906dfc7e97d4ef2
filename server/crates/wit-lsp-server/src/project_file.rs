//! The project file's own diagnostics, for the editor and `wit-lsp check` alike: why the
//! `wit-lsp.toml` that applies to a package cannot be read or parsed, else the plugs of its
//! `[[component]]` entries that do not fit.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use wit_analysis::{Diagnostic, Severity};
use wit_project::{FileReader, PackageRoot};

/// The problems of the project file that applies to `root` (the nearest `wit-lsp.toml`),
/// as diagnostics on that file, with the file's text for their positions: why it cannot
/// be read or parsed, else the plugs that do not fit their component. Read through
/// `reader`, so with file watching the file is read once until it changes, not on every
/// edit. `check_plugs` checks a component against its plugs (the server's keeps the answer
/// until a file changes; `check` calls [`wit_runner::refusals_of`]).
pub fn project_file_problems(
    reader: &dyn FileReader,
    root: &PackageRoot,
    check_plugs: &mut dyn FnMut(&Path, &[PathBuf]) -> wit_runner::PlugRefusals,
) -> Option<(PathBuf, Vec<Diagnostic>, Arc<str>)> {
    let dir = match root.kind {
        wit_analysis::PackageKind::Directory => root.path.as_path(),
        _ => root.path.parent()?,
    };
    let file = wit_project::config::find_config(dir)?;
    let diagnostic = |range: std::ops::Range<usize>, severity, code, message| Diagnostic {
        path: file.clone(),
        range,
        severity,
        code,
        message,
        related: Vec::new(),
    };
    let invalid = |error: wit_project::config::ConfigError| {
        vec![diagnostic(
            error.range.clone().unwrap_or(0..0),
            Severity::Error,
            wit_analysis::DiagnosticCode::InvalidConfig,
            error.message,
        )]
    };
    let (text, diagnostics): (Arc<str>, _) = match reader.read_contents(&file) {
        Ok(contents) => {
            let text = contents.text_for_positions();
            let diagnostics = match wit_project::config::parse_config(&file, &text) {
                Err(error) => invalid(error),
                Ok(config) => wit_runner::plug_problems(&config, check_plugs)
                    .into_iter()
                    .map(|problem| {
                        diagnostic(
                            problem.range,
                            if problem.error {
                                Severity::Error
                            } else {
                                Severity::Warning
                            },
                            wit_analysis::DiagnosticCode::PlugMismatch,
                            problem.message,
                        )
                    })
                    .collect(),
            };
            (text, diagnostics)
        }
        Err(_) => (
            Arc::from(""),
            invalid(wit_project::config::load_config(&file).err()?),
        ),
    };
    if diagnostics.is_empty() {
        return None;
    }
    Some((file, diagnostics, text))
}
