//! Shared fixture texts: a small package with a `deps/` package, valid and broken.

// Not every test target places cursors.
#![allow(dead_code)]

/// A valid package using a dependency through qualified paths and aliases.
pub const VALID: &str = r#"
//- /pkg/types.wit
package demo:http@0.1.0;

interface types {
    use wasi:io/streams@0.2.0.{input-stream, output-stream as out};
    use wasi:io/error@0.2.0.{error};

    /// A request body.
    record body {
        data: input-stream,
        sink: out,
    }

    type body-alias = body;
    type twice = body-alias;

    resource request {
        constructor(body: body);
        body: func() -> option<borrow<input-stream>>;
        make: static func(b: body) -> request;
    }

    @deprecated(version = 0.1.0)
    enum method { get, post }

    handle: func(r: borrow<request>, m: method) -> result<twice, error>;
}
//- /pkg/world.wit
package demo:http@0.1.0;

world proxy {
    import wasi:io/streams@0.2.0;
    export types;
    use types.{body};
    import send: func(b: body);
}
//- /pkg/deps/io/streams.wit
package wasi:io@0.2.0;

interface streams {
    use error.{error};

    /// An input stream.
    @since(version = 0.2.0)
    resource input-stream {
        read: func(len: u64) -> result<list<u8>, error>;
    }

    resource output-stream;
}
//- /pkg/deps/io/error.wit
package wasi:io@0.2.0;

interface error {
    resource error;
}
"#;

/// The same package with a half-typed file: missing `;`, an unclosed body, a bad name.
pub const BROKEN: &str = r#"
//- /pkg/types.wit
package demo:http@0.1.0;

interface types {
    use wasi:io/streams@0.2.0.{input-stream}

    record body {
        data: input-stream,
        sink: missing-type
    }

    handle: func(b: body) -> 
//- /pkg/deps/io/streams.wit
package wasi:io@0.2.0;

interface streams {
    resource input-stream;
}
"#;

/// Places the cursor in the `nth` (0-based) occurrence of `needle` in `path`: where `needle`
/// has a `$0`, else at its start.
pub fn with_cursor(fixture: &str, path: &str, needle: &str, nth: usize) -> String {
    let (before, after) = needle.split_once("$0").unwrap_or(("", needle));
    let needle = format!("{before}{after}");
    let header = format!("//- {path}\n");
    let start = fixture.find(&header).expect("the file is in the fixture") + header.len();
    let end = fixture[start..]
        .find("//- ")
        .map_or(fixture.len(), |e| start + e);
    let offset = fixture[start..end]
        .match_indices(&needle)
        .nth(nth)
        .map(|(i, _)| start + i + before.len())
        .expect("the needle is in the file");
    format!("{}$0{}", &fixture[..offset], &fixture[offset..])
}
