//! Prints a formatted WIT file (a debugging aid): `cargo run -p wit-syntax --example format_file -- FILE`.
#![allow(clippy::print_stdout, clippy::print_stderr)]
fn main() -> std::process::ExitCode {
    let path = std::env::args().nth(1).expect("usage: format_file FILE");
    let text = std::fs::read_to_string(&path).expect("readable file");
    match wit_syntax::format::format(&text, &wit_syntax::format::FormatOptions::default()) {
        Ok(formatted) => {
            print!("{formatted}");
            std::process::ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("{path}: {error}");
            std::process::ExitCode::from(1)
        }
    }
}
