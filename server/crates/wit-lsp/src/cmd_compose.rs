//! `wit-lsp compose`: plug a consumer component's imports with the exports of
//! provider components and write the composed component.
//!
//! Exit status: 0 composed, 1 refused (a plug does not fit; nothing is
//! written), 2 usage or I/O error.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use wit_runner::compose::{ComposeInput, Composition, Refused, compose};

/// Output format of the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Sentences on stderr.
    Human,
    /// One JSON object on stdout: `{ "composed": bool, "links", "openImports", "refusals" }`.
    Json,
}

#[derive(clap::Args, Debug)]
pub struct Args {
    /// The consumer: a component (`.wasm` or `.wat`) whose imports are plugged.
    consumer: PathBuf,

    /// A provider component whose exports satisfy imports of the consumer (or of
    /// another plug). Repeat for several.
    #[arg(long = "plug", value_name = "PROVIDER", required = true)]
    plugs: Vec<PathBuf>,

    /// Where to write the composed component.
    #[arg(
        short = 'o',
        long = "output",
        value_name = "OUT",
        required_unless_present = "wat"
    )]
    output: Option<PathBuf>,

    /// Print the composed component as WAT text on stdout.
    #[arg(long)]
    wat: bool,

    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
}

fn usage_error(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

fn read(path: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(path).map_err(|error| format!("cannot read `{}`: {error}", path.display()))
}

pub fn run(args: Args) -> ExitCode {
    if args.wat && args.format == Format::Json {
        return usage_error("--wat prints WAT on stdout; it cannot be combined with --format json");
    }
    let consumer_bytes = match read(&args.consumer) {
        Ok(bytes) => bytes,
        Err(message) => return usage_error(message),
    };
    let mut plug_bytes = Vec::new();
    for plug in &args.plugs {
        match read(plug) {
            Ok(bytes) => plug_bytes.push(bytes),
            Err(message) => return usage_error(message),
        }
    }
    let consumer = ComposeInput {
        name: args.consumer.display().to_string(),
        bytes: &consumer_bytes,
    };
    let plugs: Vec<ComposeInput<'_>> = args
        .plugs
        .iter()
        .zip(&plug_bytes)
        .map(|(path, bytes)| ComposeInput {
            name: path.display().to_string(),
            bytes,
        })
        .collect();
    match compose(&consumer, &plugs) {
        Ok(composition) => finish(&args, &composition),
        Err(refused) => {
            report_refused(args.format, &refused);
            ExitCode::from(1)
        }
    }
}

fn finish(args: &Args, composition: &Composition) -> ExitCode {
    let wat = if args.wat {
        match wasmprinter::print_bytes(&composition.bytes) {
            Ok(text) => Some(text),
            Err(error) => {
                eprintln!("error: cannot print the composition as WAT: {error:#}");
                return ExitCode::from(1);
            }
        }
    } else {
        None
    };
    if let Some(output) = &args.output
        && let Err(message) = wit_runner::compose::write_atomically(output, &composition.bytes)
    {
        return usage_error(message);
    }
    let written = match (args.format, wat) {
        (Format::Json, _) => {
            let report = serde_json::json!({
                "composed": true,
                "output": args.output.as_ref().map(|path| path.display().to_string()),
                "links": composition.links,
                "openImports": composition.open_imports,
                "refusals": [],
            });
            writeln!(std::io::stdout().lock(), "{report}")
        }
        (Format::Human, wat) => {
            let mut err = std::io::stderr().lock();
            for link in &composition.links {
                let _ = writeln!(
                    err,
                    "{}: {} <- {}{}",
                    link.importer,
                    link.import,
                    link.provider,
                    if link.export == link.import {
                        String::new()
                    } else {
                        format!(" ({})", link.export)
                    }
                );
            }
            if !composition.open_imports.is_empty() {
                let _ = writeln!(
                    err,
                    "still imported: {}",
                    composition.open_imports.join(", ")
                );
            }
            if let Some(output) = &args.output {
                let _ = writeln!(
                    err,
                    "wrote {} ({} bytes)",
                    output.display(),
                    composition.bytes.len()
                );
            }
            match wat {
                Some(text) => {
                    let mut out = std::io::stdout().lock();
                    out.write_all(text.as_bytes())
                        .and_then(|()| writeln!(out))
                        .and_then(|()| out.flush())
                }
                None => Ok(()),
            }
        }
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => usage_error(format!("cannot write to stdout: {error}")),
    }
}

fn report_refused(format: Format, refused: &Refused) {
    match format {
        Format::Json => {
            let report = serde_json::json!({
                "composed": false,
                "output": null,
                "links": [],
                "openImports": [],
                "refusals": refused.0,
            });
            let _ = writeln!(std::io::stdout().lock(), "{report}");
        }
        Format::Human => {
            let mut err = std::io::stderr().lock();
            for refusal in &refused.0 {
                let _ = writeln!(err, "error: {}", refusal.message);
            }
            let _ = writeln!(err, "nothing was written: the composition was refused");
        }
    }
}
