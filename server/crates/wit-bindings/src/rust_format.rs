//! Formatting generated Rust with `prettyplease`, one item at a time, reusing the formatting of
//! items whose tokens have not changed since an earlier preview.
//!
//! Why: the generators write the `wasi:http/proxy` bindings in about 10 ms, but parsing that
//! output with `syn` (the first half of `prettyplease`) takes several times longer. A preview
//! is regenerated after every WIT change, and a change touches a few items: those are the only
//! ones parsed again. The result is byte-for-byte what `prettyplease::unparse(syn::parse_file(..))`
//! gives for the whole file: prettyplease lays out each item of a module on its own lines, from
//! the module's indentation, independently of its neighbours; an item is formatted inside as
//! many placeholder modules as it is nested deep, so it gets the same indentation and width.
//! Tests compare the two ways on the samples and on the whole corpus.
//!
//! Nothing here touches global state: the reused formatting lives in a [`BindingsCache`] that
//! the caller owns and passes in.

use crate::rust_items::{Piece, split_items};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::ops::Range;
use std::sync::{Arc, Mutex};

/// Formatted Rust items kept between previews, so that regenerating a preview after a WIT
/// change formats only the items the change touched.
///
/// Share one cache per server (it is `Sync`; lookups take a short lock, formatting runs
/// unlocked). Entries are keyed by an item's unformatted tokens (its text with whitespace and
/// comments collapsed) and its nesting depth, so a hit gives exactly the text a fresh
/// formatting would. The cache holds at most
/// about [`BindingsCache::BUDGET_BYTES`]; past that, entries not used by the latest preview
/// are dropped.
#[derive(Debug, Default)]
pub struct BindingsCache {
    state: Mutex<CacheState>,
}

#[derive(Debug, Default)]
struct CacheState {
    /// One map per `(depth, kind)`: index `depth * 2` for items, `depth * 2 + 1` for module
    /// headers.
    maps: Vec<HashMap<Box<str>, Entry, BuildHasherDefault<TextHasher>>>,
    /// Bumped by every formatting run; entries remember the last run that used them.
    generation: u64,
    /// Keys plus values, in bytes.
    bytes: usize,
}

/// A fast multiply-rotate hash (the `FxHasher` scheme) for the cache keys: hashing the whole
/// generator output is on every preview's path, and SipHash's resistance to crafted collisions
/// buys nothing for text generated from the user's own WIT.
#[derive(Debug, Default, Clone, Copy)]
struct TextHasher(u64);

impl Hasher for TextHasher {
    fn write(&mut self, bytes: &[u8]) {
        const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut words = bytes.chunks_exact(8);
        for word in &mut words {
            let word = u64::from_le_bytes(word.try_into().unwrap_or_default());
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut last = [0u8; 8];
            last[..rest.len()].copy_from_slice(rest);
            self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(last)).wrapping_mul(SEED);
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.write(&[byte]);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[derive(Debug, Clone)]
struct Entry {
    formatted: Formatted,
    last_used: u64,
}

/// The formatting of one chunk: an item's text, or a module's header and footer (the text up
/// to `split`, and the rest).
#[derive(Debug, Clone)]
struct Formatted {
    text: Arc<str>,
    split: usize,
}

impl BindingsCache {
    /// About how many bytes of source and formatted text the cache keeps.
    pub const BUDGET_BYTES: usize = 32 << 20;

    /// An empty cache.
    pub fn new() -> Self {
        Self::default()
    }

    /// How many formatted items (and module headers) the cache holds.
    pub fn len(&self) -> usize {
        self.lock().maps.iter().map(HashMap::len).sum()
    }

    /// True when the cache holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, CacheState> {
        // Nothing panics while the lock is held; should it ever be poisoned, the maps are
        // still consistent (each insertion is one `HashMap::insert`).
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// What one piece of the split source becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ChunkKind {
    Item = 0,
    ModuleHeader = 1,
}

#[derive(Debug)]
struct Chunk {
    depth: usize,
    kind: ChunkKind,
    range: Range<usize>,
}

impl Chunk {
    fn map_index(&self) -> usize {
        self.depth * 2 + self.kind as usize
    }
}

/// In output order: the formatted text of chunk `n`, or its header or footer part.
#[derive(Debug, Clone, Copy)]
enum Segment {
    Whole(usize),
    Header(usize),
    Footer(usize),
}

/// Formats `source` as `prettyplease::unparse(&syn::parse_file(source)?)` would, reusing
/// `cache`. The error is `syn`'s message when the source does not parse.
pub(crate) fn format_rust(source: &str, cache: &BindingsCache) -> Result<String, String> {
    let Ok(split) = split_items(source) else {
        return format_whole(source);
    };
    // From here on, items are read from the normalized text: the same tokens, so the same
    // formatting, and equal keys for items that differ only in whitespace or comments.
    let source = split.text.as_str();
    let mut chunks = Vec::new();
    let mut segments = Vec::new();
    flatten(&split.pieces, 0, &mut chunks, &mut segments);

    let mut formatted: Vec<Option<Formatted>> = vec![None; chunks.len()];
    {
        let mut state = cache.lock();
        state.generation += 1;
        let generation = state.generation;
        for (chunk, slot) in chunks.iter().zip(&mut formatted) {
            let key = &source[chunk.range.clone()];
            if let Some(entry) = state
                .maps
                .get_mut(chunk.map_index())
                .and_then(|map| map.get_mut(key))
            {
                entry.last_used = generation;
                *slot = Some(entry.formatted.clone());
            }
        }
    }

    let misses = formatted
        .iter()
        .enumerate()
        .filter(|(_, slot)| slot.is_none())
        .map(|(index, _)| index)
        .collect::<Vec<_>>();
    let Some(fresh) = format_chunks(source, &chunks, &misses) else {
        return format_whole(source);
    };
    {
        let mut state = cache.lock();
        let generation = state.generation;
        for (&index, formatted_chunk) in misses.iter().zip(&fresh) {
            let chunk = &chunks[index];
            let key = &source[chunk.range.clone()];
            let map_index = chunk.map_index();
            if state.maps.len() <= map_index {
                state.maps.resize_with(map_index + 1, HashMap::default);
            }
            let added = key.len() + formatted_chunk.text.len();
            let previous = state.maps[map_index].insert(
                key.into(),
                Entry {
                    formatted: formatted_chunk.clone(),
                    last_used: generation,
                },
            );
            state.bytes += added;
            if let Some(previous) = previous {
                state.bytes -= key.len() + previous.formatted.text.len();
            }
        }
        if state.bytes > BindingsCache::BUDGET_BYTES {
            evict_unused(&mut state);
        }
    }
    for (&index, formatted_chunk) in misses.iter().zip(fresh) {
        formatted[index] = Some(formatted_chunk);
    }

    // Every chunk is now either a hit or freshly formatted.
    let Some(formatted) = formatted.into_iter().collect::<Option<Vec<_>>>() else {
        return format_whole(source);
    };
    let length = formatted.iter().map(|chunk| chunk.text.len()).sum();
    let mut output = String::with_capacity(length);
    for segment in segments {
        match segment {
            Segment::Whole(index) => output.push_str(&formatted[index].text),
            Segment::Header(index) => {
                let chunk = &formatted[index];
                output.push_str(&chunk.text[..chunk.split]);
            }
            Segment::Footer(index) => {
                let chunk = &formatted[index];
                output.push_str(&chunk.text[chunk.split..]);
            }
        }
    }
    Ok(output)
}

/// Keeps only the entries the latest formatting run used.
fn evict_unused(state: &mut CacheState) {
    let generation = state.generation;
    let mut bytes = 0;
    for map in &mut state.maps {
        map.retain(|key, entry| {
            let keep = entry.last_used == generation;
            if keep {
                bytes += key.len() + entry.formatted.text.len();
            }
            keep
        });
    }
    state.bytes = bytes;
}

fn format_whole(source: &str) -> Result<String, String> {
    let file = syn::parse_file(source).map_err(|error| error.to_string())?;
    Ok(prettyplease::unparse(&file))
}

fn flatten(pieces: &[Piece], depth: usize, chunks: &mut Vec<Chunk>, segments: &mut Vec<Segment>) {
    for piece in pieces {
        match piece {
            Piece::FileAttributes(range) | Piece::Item(range) => {
                segments.push(Segment::Whole(chunks.len()));
                chunks.push(Chunk {
                    depth,
                    kind: ChunkKind::Item,
                    range: range.clone(),
                });
            }
            Piece::Module { header, items } => {
                let index = chunks.len();
                chunks.push(Chunk {
                    depth,
                    kind: ChunkKind::ModuleHeader,
                    range: header.clone(),
                });
                segments.push(Segment::Header(index));
                flatten(items, depth + 1, chunks, segments);
                segments.push(Segment::Footer(index));
            }
        }
    }
}

/// Chunks of cache misses above this many source bytes in total are formatted on two threads.
const PARALLEL_THRESHOLD_BYTES: usize = 64 << 10;

/// Formats the chunks `indices` of `source`; `None` if one of them does not come out as
/// expected (the caller then formats the file whole, which also reports syntax errors).
fn format_chunks(source: &str, chunks: &[Chunk], indices: &[usize]) -> Option<Vec<Formatted>> {
    let total = indices
        .iter()
        .map(|&index| chunks[index].range.len())
        .sum::<usize>();
    let format_all = |indices: &[usize]| -> Option<Vec<Formatted>> {
        indices
            .iter()
            .map(|&index| format_chunk(source, &chunks[index]))
            .collect()
    };
    if total < PARALLEL_THRESHOLD_BYTES {
        return format_all(indices);
    }
    // Split the work in two halves of about equal source size.
    let mut half = 0;
    let mut size = 0;
    for (position, &index) in indices.iter().enumerate() {
        size += chunks[index].range.len();
        if size * 2 >= total {
            half = position + 1;
            break;
        }
    }
    let (first, second) = indices.split_at(half);
    std::thread::scope(|scope| {
        let other = scope.spawn(|| format_all(second));
        let mut formatted = format_all(first)?;
        formatted.extend(other.join().ok()??);
        Some(formatted)
    })
}

const INDENT: &str = "    ";
const WRAPPER_OPEN: &str = "mod __wit_bindings_depth {\n";
const PLACEHOLDER: &str = "struct __WitBindingsPlaceholder;";

/// Formats one chunk at its depth: inside `depth` placeholder modules, which are then cut off.
fn format_chunk(source: &str, chunk: &Chunk) -> Option<Formatted> {
    let raw = &source[chunk.range.clone()];
    let depth = chunk.depth;
    let mut text = String::with_capacity(raw.len() + depth * (WRAPPER_OPEN.len() + 2) + 40);
    for _ in 0..depth {
        text.push_str(WRAPPER_OPEN);
    }
    text.push_str(raw);
    if chunk.kind == ChunkKind::ModuleHeader {
        text.push('\n');
        text.push_str(PLACEHOLDER);
        text.push_str("\n}");
    }
    for _ in 0..depth {
        text.push_str("\n}");
    }
    let file = syn::parse_file(&text).ok()?;
    let printed = prettyplease::unparse(&file);
    drop(file);

    // Cut the placeholder modules: `depth` lines at the start, `depth` at the end.
    let mut start = 0;
    for level in 0..depth {
        let line_end = printed[start..].find('\n')? + start + 1;
        let expected_indent = INDENT.len() * level;
        let line = &printed[start..line_end];
        if line.len() != expected_indent + WRAPPER_OPEN.len()
            || !line[expected_indent..].starts_with(WRAPPER_OPEN)
        {
            return None;
        }
        start = line_end;
    }
    // The closing braces, outermost (last line) first.
    let mut end = printed.len();
    for level in 0..depth {
        let line_start = printed[..end - 1]
            .rfind('\n')
            .map_or(0, |newline| newline + 1);
        if printed[line_start..end].len() != INDENT.len() * level + 2
            || !printed[line_start..end].ends_with("}\n")
        {
            return None;
        }
        end = line_start;
    }
    if start > end {
        return None;
    }
    let body = &printed[start..end];
    match chunk.kind {
        ChunkKind::Item => Some(Formatted {
            text: body.into(),
            split: body.len(),
        }),
        ChunkKind::ModuleHeader => {
            let needle = format!("\n{}{PLACEHOLDER}\n", INDENT.repeat(depth + 1));
            let at = body.find(&needle)?;
            let header = &body[..at + 1];
            let footer = &body[at + needle.len()..];
            let mut text = String::with_capacity(header.len() + footer.len());
            text.push_str(header);
            text.push_str(footer);
            Some(Formatted {
                text: text.into(),
                split: header.len(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reference(source: &str) -> String {
        prettyplease::unparse(&syn::parse_file(source).expect("test source parses"))
    }

    const NESTED: &str = r##"
#![allow(dead_code)]
//! File docs.
use std::fmt;
/// A struct.
#[derive(Debug)]
pub struct Point { pub x: i32, pub y: i32 }
pub(crate) mod outer {
    #![allow(unused)]
    //! Inner docs.
    pub mod inner {
        pub fn long_function_name_that_needs_wrapping(first_argument: u32, second_argument: u32, third: u32) -> u32 { first_argument + second_argument + third }
        pub const TABLE: [u8; 3] = [1, 2, 3];
        const _: () = { let _ = 1; };
        pub static NAME: &str = "a } brace in a string // and not a comment";
        macro_rules! m { ($x:ident) => { let $x = '}'; }; }
        pub enum E { A, B(u8), C { x: u8 } }
        pub struct Tuple(u8, u16);
        pub struct Unit;
        impl<'a> fmt::Display for Tuple { fn fmt(&self, f: &mut fmt::Formatter<'a>) -> fmt::Result { write!(f, "{}", self.0) } }
        unsafe extern "C" { fn c_function(x: i32) -> i32; }
        pub type Alias = std::collections::HashMap<String, Vec<Option<Result<u8, String>>>>;
        pub const fn constant() -> u8 { b'}' }
        pub static BYTES: [u8; 4] = *b"\x00}\"{";
        pub fn raw() -> &'static str { r#"raw "}" string"# }
        pub fn r#type() {}
    }
    pub mod empty {}
    mod declared;
}
fn main() { /* a } comment /* nested */ */ let _x = 'a'; }
"##;

    #[test]
    fn item_by_item_formatting_equals_whole_file_formatting() {
        let cache = BindingsCache::new();
        assert_eq!(format_rust(NESTED, &cache).unwrap(), reference(NESTED));
    }

    #[test]
    fn a_second_run_reuses_unchanged_items_and_reformats_changed_ones() {
        let cache = BindingsCache::new();
        format_rust(NESTED, &cache).unwrap();
        let entries_after_first = cache.lock().maps.iter().map(HashMap::len).sum::<usize>();
        assert!(entries_after_first > 10, "{entries_after_first}");

        let changed = NESTED.replace("pub struct Unit;", "pub struct Unit2;");
        assert_eq!(format_rust(&changed, &cache).unwrap(), reference(&changed));
        let state = cache.lock();
        let entries = state.maps.iter().map(HashMap::len).sum::<usize>();
        assert_eq!(
            entries,
            entries_after_first + 1,
            "only the changed item is new"
        );
        let generation = state.generation;
        let reused = state
            .maps
            .iter()
            .flat_map(HashMap::values)
            .filter(|entry| entry.last_used == generation)
            .count();
        assert_eq!(reused, entries_after_first, "every other item was reused");
    }

    #[test]
    fn items_that_differ_only_in_whitespace_or_comments_share_their_formatting() {
        let cache = BindingsCache::new();
        let first = "mod m {\n    fn a(x: u8) -> u8 { x }\n}\n";
        format_rust(first, &cache).unwrap();
        let items = cache.len();
        // The generator's indentation drifted and a comment appeared: same tokens.
        let drifted = "mod m {\n      fn a(x: u8)\n   -> u8 { /* same */ x }\n}\n";
        assert_eq!(format_rust(drifted, &cache).unwrap(), reference(first));
        assert_eq!(cache.len(), items);
        // Spacing inside a literal is content: a new item.
        let literal = "mod m {\n    const S: &str = \"a  b\";\n}\n";
        assert_eq!(format_rust(literal, &cache).unwrap(), reference(literal));
        assert_eq!(cache.len(), items + 1);
    }

    #[test]
    fn unsplittable_or_invalid_source_falls_back_to_whole_file_formatting() {
        let cache = BindingsCache::new();
        // Braces in const generic arguments end the item early for the splitter; the whole
        // file still formats.
        let braces = "impl Foo<{ N }> for X {}\nfn f() {}\n";
        assert_eq!(format_rust(braces, &cache).unwrap(), reference(braces));
        let error = format_rust("fn broken( {", &cache).unwrap_err();
        assert!(!error.is_empty());
        let error = format_rust("fn broken() { let = ; }", &cache).unwrap_err();
        assert!(error.contains("expected"), "{error}");
    }

    #[test]
    fn large_inputs_are_formatted_on_two_threads_with_the_same_result() {
        let mut source = String::new();
        for index in 0..2000 {
            source.push_str(&format!(
                "pub mod m{index} {{ pub fn function_{index}(argument: u32) -> u32 {{ argument * {index} }} }}\n"
            ));
        }
        assert!(source.len() > PARALLEL_THRESHOLD_BYTES);
        let cache = BindingsCache::new();
        assert_eq!(format_rust(&source, &cache).unwrap(), reference(&source));
    }

    #[test]
    fn the_cache_can_be_shared_between_threads() {
        fn shareable<T: Send + Sync>(_: &T) {}
        let cache = BindingsCache::new();
        shareable(&cache);
        std::thread::scope(|scope| {
            for name in ["a", "b"] {
                let cache = &cache;
                scope.spawn(move || {
                    let source = format!("fn {name}() {{}}\nfn shared() {{}}\n");
                    assert_eq!(format_rust(&source, cache).unwrap(), reference(&source));
                });
            }
        });
        assert_eq!(cache.len(), 3);
    }

    #[test]
    fn over_budget_the_cache_keeps_only_what_the_latest_run_used() {
        let cache = BindingsCache::new();
        format_rust("fn a() {}\nfn b() {}\n", &cache).unwrap();
        cache.lock().bytes = BindingsCache::BUDGET_BYTES;
        format_rust("fn a() {}\nfn c() {}\n", &cache).unwrap();
        let state = cache.lock();
        let mut keys = state
            .maps
            .iter()
            .flat_map(HashMap::keys)
            .map(|key| key.to_string())
            .collect::<Vec<_>>();
        keys.sort();
        // Keys are the normalized text (see `rust_items::SplitSource::text`).
        assert_eq!(keys, ["fn\na()\n{}", "fn\nc()\n{}"]);
        assert_eq!(
            state.bytes,
            keys.iter().map(|key| key.len() * 2 + 1).sum::<usize>()
        );
    }
}
