//! The Rust previews (guest and host) are formatted item by item with a reusable cache; these
//! tests hold that to the generators' own whole-file formatting, byte for byte, on the samples
//! and on a world that uses every kind of WIT item, both from an empty cache and after edits
//! with a cache full of the previous version's items.

mod common;

use wit_bindings::{BindingsCache, BindingsOptions, Language, Ownership, generate_bindings_cached};
use wit_parser::{Resolve, WorldId};

const RUST_LANGUAGES: [Language; 2] = [Language::Rust, Language::HostRust];

/// A world with resources, every type constructor, docs, imports of another package's
/// interfaces, exported interfaces and functions, and futures and streams.
const RICH_WORLD: &str = r#"
package rich:types@1.2.3;

/// Shared types, with docs that contain { braces } and "quotes".
interface types {
    /// A record.
    record point { x: s32, y: s32 }
    flags permissions { read, write, execute }
    enum color { red, green, blue }
    variant shape { circle(f64), square(point), nothing }
    type alias = list<tuple<u8, string, option<result<point, color>>>>;

    /// A resource with every kind of function.
    resource blob {
        constructor(data: list<u8>);
        read: func(offset: u64, length: u64) -> result<list<u8>, string>;
        write: func(data: list<u8>);
        merge: static func(a: borrow<blob>, b: blob) -> blob;
    }

    describe: func(s: shape, p: permissions) -> string;
}

interface streaming {
    use types.{point};
    transfer: async func(input: stream<u8>) -> future<result<point, string>>;
}

world rich {
    import types;
    import streaming;
    import log: func(message: string);
    export types;
    export run: func(arguments: list<string>) -> result<_, string>;
    export handler: interface {
        use types.{blob};
        handle: func(b: blob) -> option<string>;
    }
}
"#;

fn load(source: &str) -> (Resolve, WorldId) {
    let mut resolve = Resolve::default();
    let package = resolve
        .push_str("rich.wit", source)
        .expect("the WIT is valid");
    let world = resolve.packages[package].worlds["rich"];
    (resolve, world)
}

fn assert_matches_reference(resolve: &Resolve, world: WorldId, cache: &BindingsCache, what: &str) {
    let mut options = BindingsOptions::default();
    options.rust.generate_all = true;
    assert_matches_reference_with(resolve, world, cache, what, &options, &RUST_LANGUAGES);
}

fn assert_matches_reference_with(
    resolve: &Resolve,
    world: WorldId,
    cache: &BindingsCache,
    what: &str,
    options: &BindingsOptions,
    languages: &[Language],
) {
    for &language in languages {
        let files = generate_bindings_cached(resolve, world, language, options, cache)
            .unwrap_or_else(|error| panic!("{what} {language}: {error}"));
        assert_eq!(files.len(), 1, "{what} {language}");
        let expected = common::reference_rust(resolve, world, language, &options.rust);
        if files[0].text != expected {
            let diff = similar::TextDiff::from_lines(&expected, &files[0].text)
                .unified_diff()
                .context_radius(2)
                .header("generator's own formatting", "item by item")
                .to_string();
            panic!("{what} {language}: formatting differs:\n{diff}");
        }
        assert_eq!(files[0].size, files[0].text.len());
    }
}

#[test]
fn rust_previews_equal_the_generators_own_formatting_for_the_samples() {
    let cache = BindingsCache::new();
    for sample in ["adder", "interfaced-adder", "kv-store", "greeter"] {
        let loaded = common::load_sample(sample);
        assert_matches_reference(&loaded.resolve, loaded.world, &BindingsCache::new(), sample);
        // And with one cache shared by all samples, as a server shares it.
        assert_matches_reference(&loaded.resolve, loaded.world, &cache, sample);
    }
}

#[test]
fn rust_previews_equal_the_generators_own_formatting_for_every_kind_of_item() {
    let (resolve, world) = load(RICH_WORLD);
    let cache = BindingsCache::new();
    assert_matches_reference(&resolve, world, &cache, "rich world");
    // The output was formatted item by item (the whole-file fallback adds nothing).
    assert!(cache.len() > 100, "only {} cached items", cache.len());
    let items = cache.len();
    assert_matches_reference(&resolve, world, &cache, "rich world again");
    assert_eq!(cache.len(), items, "the same output adds no items");
}

#[test]
fn rust_previews_after_edits_equal_fresh_formatting() {
    let cache = BindingsCache::new();
    let edits = [
        RICH_WORLD.to_owned(),
        // A new method on the resource.
        RICH_WORLD.replace(
            "write: func(data: list<u8>);",
            "write: func(data: list<u8>);\n        size: func() -> u64;",
        ),
        // A renamed record field, used by several functions.
        RICH_WORLD.replace(
            "record point { x: s32, y: s32 }",
            "record point { x: s32, z: s32 }",
        ),
        // A doc comment changes, nothing else.
        RICH_WORLD.replace("/// A record.", "/// A record of two coordinates."),
        // Back to the first version: everything comes from the cache.
        RICH_WORLD.to_owned(),
    ];
    for (index, source) in edits.iter().enumerate() {
        let (resolve, world) = load(source);
        assert_matches_reference(&resolve, world, &cache, &format!("edit {index}"));
    }
}

#[test]
fn guest_options_that_change_the_preamble_keep_it_and_the_formatting() {
    let (resolve, world) = load(RICH_WORLD);
    let cache = BindingsCache::new();
    for ownership in [
        Ownership::Owning,
        Ownership::Borrowing,
        Ownership::BorrowingDuplicateIfNecessary,
    ] {
        let mut options = BindingsOptions::default();
        options.rust.generate_all = true;
        options.rust.std_feature = true;
        options.rust.ownership = ownership;
        let what = format!("std_feature, {}", ownership.name());
        assert_matches_reference_with(&resolve, world, &cache, &what, &options, &[Language::Rust]);
        let files =
            generate_bindings_cached(&resolve, world, Language::Rust, &options, &cache).unwrap();
        assert!(
            files[0]
                .text
                .contains("// Options used:\n//   * std_feature\n"),
            "{what}: the preamble lists the options"
        );
    }
}
