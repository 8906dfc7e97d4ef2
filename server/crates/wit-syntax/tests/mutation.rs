//! A short mutation run over the fixtures and samples (a few thousand inputs): the parser never
//! panics, the tree always covers every byte, and each input parses quickly. The long campaign
//! is `cargo run --release -p wit-syntax --example mutate -- --inputs 1000000 --corpus <dir>`.

mod support;

use std::time::{Duration, Instant};

use support::mutate::{Rng, mutate};

fn seeds() -> Vec<String> {
    let mut files =
        support::wit_files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("test-data"));
    files.extend(support::wit_files(
        &support::workspace_root().join("wit-samples"),
    ));
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

#[test]
fn mutated_inputs_never_break_the_parser() {
    let seeds = seeds();
    assert!(seeds.len() >= 6);
    let mut rng = Rng::new(0x5EED);
    let mut slowest = Duration::ZERO;
    let mut with_errors = 0;
    let inputs = 3_000;
    for _ in 0..inputs {
        let seed = &seeds[rng.below(seeds.len())];
        let input = mutate(seed, &mut rng);
        let started = Instant::now();
        let parse = wit_syntax::parse(&input);
        let mut elapsed = started.elapsed();
        if elapsed > Duration::from_millis(100) {
            // Re-time: a busy machine (other tests, other builds) can stall one run.
            elapsed = (0..3)
                .map(|_| {
                    let started = Instant::now();
                    wit_syntax::parse(&input);
                    started.elapsed()
                })
                .min()
                .unwrap_or(elapsed);
        }
        slowest = slowest.max(elapsed);
        support::assert_lossless(&input, &parse);
        if !parse.errors().is_empty() {
            with_errors += 1;
        }
        for error in parse.errors() {
            assert!(error.range.end() as usize <= input.len());
        }
    }
    assert!(
        with_errors > inputs / 4,
        "mutations do produce broken files"
    );
    assert!(
        slowest < Duration::from_millis(100),
        "slowest input took {slowest:?}"
    );
}

/// On mutated inputs our parser reports an error exactly when wit-parser's parser does.
#[test]
fn mutated_inputs_agree_with_wit_parser() {
    let seeds = seeds();
    let mut rng = Rng::new(0xD1FF);
    let mut disagreements = Vec::new();
    for _ in 0..2_000 {
        let seed = &seeds[rng.below(seeds.len())];
        let input = mutate(seed, &mut rng);
        let ours = !wit_syntax::parse(&input).errors().is_empty();
        let Some(theirs) = support::wit_parser_verdict(std::path::Path::new("x.wit"), &input)
        else {
            continue;
        };
        if ours != theirs.is_some() {
            disagreements.push(format!("{input:?}\n  wit-parser: {theirs:?}"));
        }
    }
    assert!(
        disagreements.is_empty(),
        "{} disagreements, first: {}",
        disagreements.len(),
        disagreements
            .iter()
            .take(5)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Mutated inputs that still parse format idempotently, keep their comments and re-parse.
#[test]
fn formatting_mutated_valid_inputs_keeps_its_properties() {
    let seeds = seeds();
    let mut rng = Rng::new(0xF0F0);
    let mut checked = 0;
    for _ in 0..3_000 {
        let seed = &seeds[rng.below(seeds.len())];
        let input = mutate(seed, &mut rng);
        if !wit_syntax::parse(&input).errors().is_empty() {
            continue;
        }
        checked += 1;
        if let Err(problem) =
            support::format_check::check_file(&input, &wit_syntax::format::FormatOptions::default())
        {
            panic!("{input:?}: {problem}");
        }
    }
    assert!(
        checked > 100,
        "enough mutated inputs stay valid ({checked})"
    );
}
