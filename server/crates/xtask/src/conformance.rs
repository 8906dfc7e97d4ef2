//! Conformance with wit-parser's UI suite: every valid case checks clean, every `parse-fail`
//! case reports an error, and where its `.wit.result` names a location, our first error is
//! at the same `path:line:col`. Run with `--features active`, as wit-parser's harness does.

use std::path::Path;
use std::process::Command;

use crate::Options;

struct FirstError {
    location: Option<String>,
    count: usize,
}

fn check(options: &Options, path: &Path) -> anyhow::Result<(i32, FirstError)> {
    let output = Command::new(&options.binary)
        .args(["check", "--format", "json", "--features", "active"])
        .arg(path)
        .output()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let mut first = FirstError {
        location: None,
        count: 0,
    };
    for line in stdout.lines() {
        let value: serde_json::Value = serde_json::from_str(line)?;
        if value["severity"] != "error" {
            continue;
        }
        first.count += 1;
        if first.location.is_none() {
            first.location = Some(format!(
                "{}:{}:{}",
                value["path"].as_str().unwrap_or_default(),
                value["line"],
                value["column"]
            ));
        }
    }
    Ok((output.status.code().unwrap_or(-1), first))
}

/// The first `tests/ui/<path>:<line>:<col>` in a `.wit.result`, as `<path>:<line>:<col>`.
fn expected_location(result: &str) -> Option<String> {
    result.match_indices("tests/ui/").find_map(|(start, _)| {
        let rest = &result[start + "tests/ui/".len()..];
        let end = rest
            .char_indices()
            .find(|(_, ch)| ch.is_whitespace() || *ch == ']')
            .map_or(rest.len(), |(index, _)| index);
        // Keep `path:line:col`, dropping anything after the column.
        let mut parts = rest[..end].splitn(4, ':');
        let (path, line, col) = (parts.next()?, parts.next()?, parts.next()?);
        line.parse::<u32>().ok()?;
        let col: String = col.chars().take_while(char::is_ascii_digit).collect();
        (!col.is_empty()).then(|| format!("{path}:{line}:{col}"))
    })
}

pub fn run(options: &Options) -> anyhow::Result<bool> {
    let suite = options.corpus.join("wit-parser-ui");
    let mut entries: Vec<_> = std::fs::read_dir(&suite)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|entry| entry.file_name());

    let (mut valid_total, mut valid_ok) = (0, 0);
    let mut failures = Vec::new();
    for entry in &entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_case = entry.file_type()?.is_dir() && name != "parse-fail"
            || name.ends_with(".wit")
            || name.ends_with(".wat");
        if !is_case {
            continue;
        }
        valid_total += 1;
        let (status, first) = check(options, &entry.path())?;
        if status == 0 && first.count == 0 {
            valid_ok += 1;
        } else {
            failures.push(format!(
                "valid {name}: exit {status}, first error {:?}",
                first.location
            ));
        }
    }

    let fail_dir = suite.join("parse-fail");
    let mut fail_entries: Vec<_> = std::fs::read_dir(&fail_dir)?.collect::<Result<_, _>>()?;
    fail_entries.sort_by_key(|entry| entry.file_name());
    let (mut fail_total, mut fail_ok, mut located_total, mut located_ok) = (0, 0, 0, 0);
    for entry in &fail_entries {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.ends_with(".result") {
            continue;
        }
        // `x.wit` has `x.wit.result`; a directory case `x` has `x.wit.result` too.
        let result = std::fs::read_to_string(fail_dir.join(format!("{name}.result")))
            .or_else(|_| std::fs::read_to_string(fail_dir.join(format!("{name}.wit.result"))));
        let Ok(result) = result else {
            failures.push(format!(
                "parse-fail {name}: no .result file to compare with"
            ));
            continue;
        };
        fail_total += 1;
        let (status, first) = check(options, &entry.path())?;
        let errored = status == 1 && first.count > 0;
        match expected_location(&result) {
            Some(expected) => {
                located_total += 1;
                let ours = first.location.as_deref().and_then(|location| {
                    location
                        .split_once("wit-parser-ui/")
                        .map(|(_, rest)| rest.to_string())
                });
                if errored && ours.as_deref() == Some(expected.as_str()) {
                    located_ok += 1;
                    fail_ok += 1;
                } else {
                    failures.push(format!(
                        "parse-fail {name}: expected {expected}, got {:?} (exit {status})",
                        ours.or(first.location)
                    ));
                }
            }
            None if errored => fail_ok += 1,
            None => failures.push(format!(
                "parse-fail {name}: no error reported (exit {status})"
            )),
        }
    }

    // The real WASI 0.2 tree checks clean.
    let (status, first) = check(options, &options.corpus.join("wasi-http"))?;
    let wasi_ok = status == 0 && first.count == 0;
    if !wasi_ok {
        failures.push(format!(
            "wasi-http: exit {status}, first error {:?}",
            first.location
        ));
    }

    for failure in &failures {
        println!("FAIL {failure}");
    }
    println!("wasi-http: {}", if wasi_ok { "clean" } else { "NOT clean" });
    println!("valid cases: {valid_ok}/{valid_total} check clean");
    println!("parse-fail cases: {fail_ok}/{fail_total} report an error as expected");
    println!(
        "parse-fail cases with a location: {located_ok}/{located_total} at the same path:line:col"
    );
    let passed = valid_ok + fail_ok + usize::from(wasi_ok);
    let failed = failures.len();
    println!("conformance: {passed} passed, {failed} failed");
    Ok(failures.is_empty())
}

#[cfg(test)]
mod tests {
    use super::expected_location;

    #[test]
    fn locations_are_read_from_every_result_shape() {
        assert_eq!(
            expected_location(
                "expected '>'\n     --> tests/ui/parse-fail/bad-list.wit:6:3\n      |"
            )
            .as_deref(),
            Some("parse-fail/bad-list.wit:6:3")
        );
        assert_eq!(
            expected_location("tests/ui/parse-fail/very-large-column.wit:1:65543: expected '{'")
                .as_deref(),
            Some("parse-fail/very-large-column.wit:1:65543")
        );
        assert_eq!(
            expected_location("failed [tests/ui/parse-fail/x]: defined in two:\n  * tests/ui/parse-fail/x/deps/a/t.wit:3:9\n")
                .as_deref(),
            Some("parse-fail/x/deps/a/t.wit:3:9")
        );
        assert_eq!(expected_location("no `package` header was found"), None);
    }
}
