//! Formatter behaviour: golden files in `<workspace>/tests/fixtures/format/` (`NAME.input.wit`
//! formatted must equal `NAME.expected.wit`; refresh with `UPDATE_EXPECT=1` or `BLESS=1`),
//! the formatter's properties over fixtures and `wit-samples`, refusal of broken files, edits
//! and range formatting.

mod support;

use std::path::{Path, PathBuf};

use support::format_check::{check_file, check_same_resolve};
use wit_syntax::TextRange;
use wit_syntax::format::{
    FormatError, FormatOptions, apply_edits, format, format_edits, format_range, minimal_edits,
};

fn golden_dir() -> PathBuf {
    support::workspace_root().join("tests/fixtures/format")
}

fn golden_inputs() -> Vec<PathBuf> {
    support::wit_files(&golden_dir())
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".input.wit"))
        .collect()
}

#[test]
fn golden_files() {
    let bless = std::env::var_os("UPDATE_EXPECT").is_some() || std::env::var_os("BLESS").is_some();
    let inputs = golden_inputs();
    assert!(inputs.len() >= 6, "golden inputs present");
    let mut mismatches = Vec::new();
    for input in inputs {
        let text = std::fs::read_to_string(&input).unwrap();
        let formatted = format(&text, &FormatOptions::default())
            .unwrap_or_else(|e| panic!("{}: {e}", input.display()));
        let expected_path = PathBuf::from(
            input
                .to_string_lossy()
                .replace(".input.wit", ".expected.wit"),
        );
        if bless {
            std::fs::write(&expected_path, &formatted).unwrap();
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected != formatted {
            mismatches.push(format!(
                "{}:\n--- expected\n{expected}\n--- actual\n{formatted}",
                input.display()
            ));
        }
    }
    assert!(
        mismatches.is_empty(),
        "{}\n(refresh with UPDATE_EXPECT=1)",
        mismatches.join("\n")
    );
}

#[test]
fn golden_inputs_and_outputs_keep_the_formatter_properties() {
    for path in support::wit_files(&golden_dir()) {
        let text = std::fs::read_to_string(&path).unwrap();
        if let Err(problem) = check_file(&text, &FormatOptions::default()) {
            panic!("{}: {problem}", path.display());
        }
        // Expected outputs are already formatted.
        if path.to_string_lossy().ends_with(".expected.wit") {
            assert_eq!(
                format(&text, &FormatOptions::default()).unwrap(),
                text,
                "{}",
                path.display()
            );
        }
    }
}

#[test]
fn golden_inputs_resolve_the_same_after_formatting() {
    let mut compared = 0;
    for path in golden_inputs() {
        if check_same_resolve(&path, &FormatOptions::default()).unwrap_or_else(|e| panic!("{e}")) {
            compared += 1;
        }
    }
    assert_eq!(
        compared,
        golden_inputs().len(),
        "every golden input resolves on its own"
    );
}

#[test]
fn wit_samples_keep_the_formatter_properties_and_resolve_the_same() {
    let samples = support::workspace_root().join("wit-samples");
    let files = support::wit_files(&samples);
    assert!(!files.is_empty());
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        if let Err(problem) = check_file(&text, &FormatOptions::default()) {
            panic!("{}: {problem}", path.display());
        }
    }
    let mut compared = 0;
    for entry in std::fs::read_dir(&samples).unwrap().flatten() {
        let wit_dir = entry.path().join("wit");
        if wit_dir.is_dir() {
            assert!(
                check_same_resolve(&wit_dir, &FormatOptions::default())
                    .unwrap_or_else(|e| panic!("{e}")),
                "{} resolves",
                wit_dir.display()
            );
            compared += 1;
        }
    }
    assert!(compared > 0);
}

#[test]
fn parser_fixtures_without_errors_keep_the_formatter_properties() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("test-data/parser");
    let mut formatted = 0;
    for path in support::wit_files(&dir) {
        let text = std::fs::read_to_string(&path).unwrap();
        if !wit_syntax::parse(&text).errors().is_empty() {
            continue;
        }
        check_file(&text, &FormatOptions::default())
            .unwrap_or_else(|p| panic!("{}: {p}", path.display()));
        formatted += 1;
    }
    assert!(formatted >= 2);
}

#[test]
fn files_with_syntax_errors_are_refused() {
    let text = "interface i {\n    f: func()\n    g: func();\n}\n";
    let error = format(text, &FormatOptions::default()).unwrap_err();
    let FormatError::SyntaxErrors {
        line,
        column,
        count,
        ..
    } = &error;
    assert_eq!((*line, *column, *count), (3, 5, 1));
    assert!(error.to_string().contains("3:5"), "{error}");
    assert!(format_edits(text, &FormatOptions::default()).is_err());
    assert!(format_range(text, TextRange::new(0, 5), &FormatOptions::default()).is_err());
}

#[test]
fn options_change_indent_and_width() {
    let text = "interface i { f: func(alpha: u32, beta: u32) -> u32; }\n";
    let two = FormatOptions {
        indent: 2,
        ..FormatOptions::default()
    };
    assert_eq!(
        format(text, &two).unwrap(),
        "interface i {\n  f: func(alpha: u32, beta: u32) -> u32;\n}\n"
    );
    let tabs = FormatOptions {
        use_tabs: true,
        ..FormatOptions::default()
    };
    assert_eq!(
        format(text, &tabs).unwrap(),
        "interface i {\n\tf: func(alpha: u32, beta: u32) -> u32;\n}\n"
    );
    let narrow = FormatOptions {
        width: 30,
        ..FormatOptions::default()
    };
    assert_eq!(
        format(text, &narrow).unwrap(),
        "interface i {\n    f: func(\n        alpha: u32,\n        beta: u32,\n    ) -> u32;\n}\n"
    );
}

#[test]
fn edits_are_small_and_reproduce_the_formatted_text() {
    let text = "package a:b;\n\ninterface i {\n  f: func();\n    g: func(a:u32);\n}\n";
    let edits = format_edits(text, &FormatOptions::default()).unwrap();
    let formatted = format(text, &FormatOptions::default()).unwrap();
    assert_eq!(apply_edits(text, &edits), formatted);
    assert!(edits.len() >= 2, "{edits:?}");
    // No edit replaces more than a little whitespace.
    assert!(
        edits
            .iter()
            .all(|e| e.range.len() <= 4 && e.new_text.len() <= 4),
        "{edits:?}"
    );
    // Already formatted: nothing to do.
    assert_eq!(
        format_edits(&formatted, &FormatOptions::default()).unwrap(),
        []
    );
}

#[test]
fn minimal_edits_handle_commas_and_arbitrary_changes() {
    let old = "record r { a: u32 }";
    let new = "record r {\n    a: u32,\n}";
    let edits = minimal_edits(old, new);
    assert_eq!(apply_edits(old, &edits), new);
    let unrelated = minimal_edits("abc def", "xyz");
    assert_eq!(apply_edits("abc def", &unrelated), "xyz");
}

#[test]
fn range_formatting_touches_only_the_items_in_range() {
    let text = "interface i {\n  f: func( a:u32 );\n  g: func( b:u32 );\n}\n";
    let g_offset = text.find("g:").unwrap() as u32;
    let edits = format_range(
        text,
        TextRange::new(g_offset, g_offset + 1),
        &FormatOptions::default(),
    )
    .unwrap();
    let result = apply_edits(text, &edits);
    assert_eq!(
        result,
        "interface i {\n  f: func( a:u32 );\n    g: func(b: u32);\n}\n"
    );
    // The whole file as the range gives the whole-file result.
    let all = format_range(
        text,
        TextRange::new(0, text.len() as u32),
        &FormatOptions::default(),
    )
    .unwrap();
    assert_eq!(
        apply_edits(text, &all),
        format(text, &FormatOptions::default()).unwrap()
    );
}

#[test]
fn crlf_line_endings_are_kept() {
    let path = golden_dir().join("crlf.input.wit");
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains("\r\n"));
    let formatted = format(&text, &FormatOptions::default()).unwrap();
    assert!(formatted.contains("\r\n"));
    assert!(
        !formatted.replace("\r\n", "").contains('\n'),
        "every line ends in CRLF"
    );
}

#[test]
fn empty_and_comment_only_files() {
    assert_eq!(format("", &FormatOptions::default()).unwrap(), "");
    assert_eq!(format("  \n\n", &FormatOptions::default()).unwrap(), "");
    assert_eq!(
        format("// only a comment   \n\n\n", &FormatOptions::default()).unwrap(),
        "// only a comment\n"
    );
}
