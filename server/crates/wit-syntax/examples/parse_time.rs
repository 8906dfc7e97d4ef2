//! Times parsing one file (a debugging aid): `cargo run --release -p wit-syntax --example parse_time -- FILE`.
#![allow(clippy::print_stdout)]
fn main() {
    let path = std::env::args().nth(1).expect("usage: parse_time FILE");
    let text = std::fs::read_to_string(&path).expect("readable file");
    let started = std::time::Instant::now();
    let parse = wit_syntax::parse(&text);
    println!("{:?} {} errors", started.elapsed(), parse.errors().len());
}
