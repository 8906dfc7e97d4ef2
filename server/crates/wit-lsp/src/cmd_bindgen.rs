//! `wit-lsp bindgen`: the files one bindings generator writes for a world, printed (each after
//! a `// file: NAME` header) or written to a directory.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use wit_analysis::Features;
use wit_bindings::{BindingsOptions, GeneratedFile, Language, Ownership};

use crate::load::{LoadError, load_package};

#[derive(clap::Args)]
pub struct Args {
    /// The generator: rust, c, cpp, csharp, go, moonbit (guests) or host-rust (wasmtime).
    #[arg(long = "lang", value_name = "LANG")]
    language: Language,

    /// The world: a name in the package (`adder`) or qualified (`ns:pkg/adder`). Needed when
    /// the package defines several worlds.
    #[arg(long)]
    world: Option<String>,

    /// Write the files into this directory instead of printing them.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,

    /// A `.wit` file, a package directory, or a project holding one package.
    #[arg(default_value = ".")]
    path: PathBuf,

    /// rust: generate every interface, including ones a `with` mapping could take from elsewhere.
    #[arg(long)]
    generate_all: bool,

    /// rust, host-rust: owning or borrowing type definitions.
    #[arg(long, default_value = "owning", value_name = "MODE")]
    ownership: Ownership,

    /// rust: put std-dependent features behind `cfg(feature = "std")`.
    #[arg(long)]
    std_feature: bool,

    /// host-rust: make every import and export async.
    #[arg(long = "async")]
    async_: bool,

    /// host-rust: let every import return `wasmtime::Result` so the host can trap.
    #[arg(long)]
    trappable_imports: bool,

    /// c: do not produce the `<world>_component_type.o` object file.
    #[arg(long)]
    no_object_file: bool,

    /// Enable `@unstable(feature = ...)` gates, comma-separated.
    #[arg(long, value_delimiter = ',')]
    features: Vec<String>,

    /// Enable every `@unstable` gate.
    #[arg(long)]
    all_features: bool,
}

impl Args {
    fn options(&self) -> BindingsOptions {
        let mut options = BindingsOptions::default();
        options.rust.generate_all = self.generate_all;
        options.rust.ownership = self.ownership;
        options.rust.std_feature = self.std_feature;
        options.host_rust.async_ = self.async_;
        options.host_rust.trappable_imports = self.trappable_imports;
        options.host_rust.ownership = self.ownership;
        options.c.no_object_file = self.no_object_file;
        options
    }
}

pub fn run(args: Args) -> ExitCode {
    let features = Features {
        all: args.all_features,
        names: args.features.clone(),
    };
    let loaded = match load_package(&args.path, &features) {
        Ok(loaded) => loaded,
        Err(error) => {
            eprintln!("error: {error}");
            return match error {
                LoadError::Invalid(_) => ExitCode::from(1),
                LoadError::Io(_) | LoadError::NotOnePackage(_) => ExitCode::from(2),
            };
        }
    };
    let world =
        match wit_bindings::select_world(&loaded.resolve, loaded.package, args.world.as_deref()) {
            Ok(world) => world,
            Err(error) => {
                eprintln!("error: {error}");
                return ExitCode::from(2);
            }
        };
    let files = match wit_bindings::generate_bindings(
        &loaded.resolve,
        world,
        args.language,
        &args.options(),
    ) {
        Ok(files) => files,
        Err(error) => {
            eprintln!("error: {error}");
            return ExitCode::from(1);
        }
    };
    let written = match &args.out {
        Some(dir) => write_files(dir, &files),
        None => print_files(&files),
    };
    match written {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn print_files(files: &[GeneratedFile]) -> Result<(), String> {
    let mut out = std::io::stdout().lock();
    let mut print = || -> std::io::Result<()> {
        for (index, file) in files.iter().enumerate() {
            if index > 0 {
                writeln!(out)?;
            }
            writeln!(out, "// file: {}", file.name)?;
            out.write_all(file.text.as_bytes())?;
            if !file.text.ends_with('\n') {
                writeln!(out)?;
            }
        }
        out.flush()
    };
    print().map_err(|error| format!("cannot write to stdout: {error}"))
}

fn write_files(dir: &Path, files: &[GeneratedFile]) -> Result<(), String> {
    for file in files {
        // Generator file names are relative paths with `/`; refuse anything that would
        // escape the output directory.
        let relative = Path::new(&file.name);
        if relative.is_absolute()
            || relative
                .components()
                .any(|part| !matches!(part, std::path::Component::Normal(_)))
        {
            return Err(format!("refusing to write generated file `{}`", file.name));
        }
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|error| format!("cannot create `{}`: {error}", parent.display()))?;
        }
        let contents = file
            .binary_contents
            .as_deref()
            .unwrap_or(file.text.as_bytes());
        std::fs::write(&path, contents)
            .map_err(|error| format!("cannot write `{}`: {error}", path.display()))?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(clap::Parser)]
    struct TestCli {
        #[command(flatten)]
        args: Args,
    }

    fn parse(arguments: &[&str]) -> Args {
        TestCli::try_parse_from(std::iter::once("bindgen").chain(arguments.iter().copied()))
            .unwrap_or_else(|error| panic!("{error}"))
            .args
    }

    fn sample(name: &str) -> String {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../../../wit-samples")
            .join(name)
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn flags_become_generator_options() {
        let args = parse(&[
            "--lang",
            "host-rust",
            "--async",
            "--trappable-imports",
            "--ownership",
            "borrowing",
            "--generate-all",
            "--std-feature",
            "--no-object-file",
        ]);
        assert_eq!(args.language, Language::HostRust);
        assert_eq!(args.path, PathBuf::from("."));
        let options = args.options();
        assert!(options.host_rust.async_ && options.host_rust.trappable_imports);
        assert_eq!(options.host_rust.ownership, Ownership::Borrowing);
        assert_eq!(options.rust.ownership, Ownership::Borrowing);
        assert!(options.rust.generate_all && options.rust.std_feature);
        assert!(options.c.no_object_file);
        assert!(
            TestCli::try_parse_from(["bindgen", "--lang", "python"]).is_err(),
            "unknown languages are usage errors"
        );
    }

    #[test]
    fn out_writes_every_file_including_binary_ones() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("bindings");
        let out_arg = out.to_string_lossy().into_owned();
        let code = run(parse(&[
            "--lang",
            "c",
            "--out",
            &out_arg,
            &sample("kv-store"),
        ]));
        assert_eq!(code, ExitCode::SUCCESS);
        let header = std::fs::read_to_string(out.join("kv_database.h")).unwrap();
        assert!(header.contains("kv_database_replace_value"), "{header}");
        let object = std::fs::read(out.join("kv_database_component_type.o")).unwrap();
        assert!(
            object.len() > 100 && object.contains(&0),
            "a real object file"
        );
    }

    #[test]
    fn unknown_world_and_missing_path_are_usage_errors() {
        let code = run(parse(&[
            "--lang",
            "rust",
            "--world",
            "nope",
            &sample("adder"),
        ]));
        assert_eq!(code, ExitCode::from(2));
        let code = run(parse(&["--lang", "rust", "/nonexistent/wit-lsp/package"]));
        assert_eq!(code, ExitCode::from(2));
    }

    #[test]
    fn generated_names_cannot_escape_the_output_directory() {
        let dir = tempfile::tempdir().unwrap();
        let file = GeneratedFile {
            name: "../escape.rs".to_owned(),
            language_id: "rust".to_owned(),
            text: String::new(),
            binary: false,
            size: 0,
            binary_contents: None,
        };
        let error = write_files(dir.path(), &[file]).unwrap_err();
        assert!(error.contains("refusing"), "{error}");
        assert!(!dir.path().join("../escape.rs").exists());
    }
}
