//! Reports whether wit-parser resolves a path (a debugging aid for fixtures):
//! `cargo run -p wit-syntax --example resolve_check -- PATH...`.
#![allow(clippy::print_stdout)]
fn main() {
    for path in std::env::args().skip(1) {
        let mut resolve = wit_parser::Resolve {
            all_features: true,
            ..Default::default()
        };
        match resolve.push_path(&path) {
            Ok(_) => println!("{path}: resolves"),
            Err(e) => println!("{path}: {e:#}"),
        }
    }
}
