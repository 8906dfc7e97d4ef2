//! Mutations of WIT text, line by line: remove, rename, retype and add items, the edits a
//! new version of a package makes. Every candidate is listed in a fixed order; a mutation
//! that makes the package invalid is skipped by the caller (wit-parser decides).

/// One mutated version of one file.
pub struct Mutation {
    pub description: String,
    /// Index of the mutated file.
    pub file: usize,
    pub text: String,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Block {
    Members(&'static str),
    Resource,
    Interface,
    World,
    Other,
}

const PRIMITIVES: &[(&str, &str)] = &[
    ("u8", "u16"),
    ("u16", "u32"),
    ("u32", "u64"),
    ("u64", "u32"),
    ("s32", "s64"),
    ("s64", "s32"),
    ("string", "u8"),
    ("bool", "u8"),
    ("f64", "f32"),
    ("f32", "f64"),
];

fn first_word(line: &str) -> Option<&str> {
    let start = line.find(|c: char| c.is_ascii_alphanumeric() || c == '%')?;
    let rest = &line[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '%'))
        .unwrap_or(rest.len());
    Some(&rest[..end])
}

/// Replaces the first primitive type name in `line` (a whole word) with another.
fn retype(line: &str) -> Option<String> {
    let mut best: Option<(usize, &str, &str)> = None;
    for (from, to) in PRIMITIVES {
        let mut offset = 0;
        while let Some(found) = line[offset..].find(from) {
            let at = offset + found;
            let before = line[..at].chars().last();
            let after = line[at + from.len()..].chars().next();
            let word = |c: Option<char>| {
                c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '-' || c == '%')
            };
            // Only in type position: after `: ` or `<` or `, ` or `(`.
            let type_position = line[..at].trim_end().ends_with([':', '<', ',', '(']);
            if !word(before) && !word(after) && type_position {
                if best.is_none_or(|(b, _, _)| at < b) {
                    best = Some((at, from, to));
                }
                break;
            }
            offset = at + from.len();
        }
    }
    let (at, from, to) = best?;
    Some(format!("{}{}{}", &line[..at], to, &line[at + from.len()..]))
}

/// Every mutation of every file, in a fixed order.
pub fn mutations(files: &[String]) -> Vec<Mutation> {
    let mut out = Vec::new();
    for (file, text) in files.iter().enumerate() {
        let lines: Vec<&str> = text.lines().collect();
        let mut push = |description: String, new_lines: Vec<String>| {
            out.push(Mutation {
                description,
                file,
                text: new_lines.join("\n") + "\n",
            });
        };
        let owned = || lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
        let mut stack: Vec<Block> = Vec::new();
        let mut i = 0;
        while i < lines.len() {
            let line = lines[i];
            let trimmed = line.trim();
            let here = stack.last().copied();
            if trimmed.starts_with("//") || trimmed.starts_with('@') || trimmed.is_empty() {
                i += 1;
                continue;
            }
            if trimmed == "}" || trimmed == "};" {
                stack.pop();
                i += 1;
                continue;
            }
            let keyword = first_word(trimmed).unwrap_or_default();
            if trimmed.ends_with('{') {
                let block = match keyword {
                    "record" => Block::Members("record"),
                    "variant" => Block::Members("variant"),
                    "enum" => Block::Members("enum"),
                    "flags" => Block::Members("flags"),
                    "resource" => Block::Resource,
                    "interface" => Block::Interface,
                    "world" => Block::World,
                    _ => Block::Other,
                };
                let addition = match block {
                    Block::Members("record") => Some("added-field: u32,"),
                    Block::Members("variant") => Some("added-case,"),
                    Block::Members("enum") => Some("added-case,"),
                    Block::Members(_) => Some("added-flag,"),
                    Block::Interface => Some("added-func: func();"),
                    Block::Resource => Some("added-method: func();"),
                    Block::World => Some("export added-export: func();"),
                    Block::Other => None,
                };
                if let Some(addition) = addition {
                    let mut new = owned();
                    new.insert(i + 1, format!("  {addition}"));
                    push(format!("{file}:{}: add `{addition}`", i + 1), new);
                }
                match block {
                    Block::Interface => {
                        let mut new = owned();
                        new.insert(i + 1, "  type added-type = u32;".into());
                        push(format!("{file}:{}: add a type", i + 1), new);
                    }
                    Block::World => {
                        let mut new = owned();
                        new.insert(i + 1, "  import added-import: func();".into());
                        push(format!("{file}:{}: add an import", i + 1), new);
                    }
                    _ => {}
                }
                // Renaming the container itself (only valid when nothing refers to it).
                if matches!(block, Block::Members(_) | Block::Interface | Block::World) {
                    let name = trimmed.split_whitespace().nth(1).unwrap_or_default();
                    if !name.is_empty() && name != "{" {
                        let mut new = owned();
                        new[i] = line.replacen(&format!(" {name}"), &format!(" {name}-renamed"), 1);
                        push(format!("{file}:{}: rename `{name}`", i + 1), new);
                    }
                }
                stack.push(block);
                i += 1;
                continue;
            }
            // A statement ends at the line holding its `;` (or `,` for members).
            let mut end = i;
            if !matches!(here, Some(Block::Members(_))) {
                while end < lines.len() && !lines[end].contains(';') {
                    end += 1;
                }
            }
            let end = end.min(lines.len() - 1);
            match here {
                Some(Block::Members(what)) => {
                    let name = first_word(trimmed).unwrap_or_default().to_string();
                    let mut new = owned();
                    new.remove(i);
                    push(
                        format!("{file}:{}: remove {what} member `{name}`", i + 1),
                        new,
                    );
                    let mut new = owned();
                    new[i] = line.replacen(&name, &format!("{name}-renamed"), 1);
                    push(
                        format!("{file}:{}: rename {what} member `{name}`", i + 1),
                        new,
                    );
                    if let Some(retyped) = retype(line) {
                        let mut new = owned();
                        new[i] = retyped;
                        push(
                            format!("{file}:{}: retype {what} member `{name}`", i + 1),
                            new,
                        );
                    }
                    if i + 1 < lines.len() {
                        let next = lines[i + 1].trim();
                        if !next.is_empty()
                            && next != "}"
                            && !next.starts_with("//")
                            && !next.starts_with('@')
                        {
                            let mut new = owned();
                            new.swap(i, i + 1);
                            push(format!("{file}:{}: swap {what} members", i + 1), new);
                        }
                    }
                }
                Some(Block::Interface | Block::Resource | Block::World)
                    if trimmed.contains("func(") || trimmed.contains("func;") =>
                {
                    let name = first_word(trimmed).unwrap_or_default().to_string();
                    let in_world = here == Some(Block::World);
                    if !in_world {
                        let mut new = owned();
                        new.drain(i..=end);
                        push(format!("{file}:{}: remove function `{name}`", i + 1), new);
                    }
                    let mut new = owned();
                    let target = if in_world {
                        format!("{name}:")
                    } else {
                        name.clone()
                    };
                    let target = if in_world {
                        // `import name: func(..)`: the name after the keyword.
                        let n = trimmed
                            .split_whitespace()
                            .nth(1)
                            .unwrap_or_default()
                            .trim_end_matches(':')
                            .to_string();
                        format!("{n}:")
                    } else {
                        target
                    };
                    new[i] = line.replacen(
                        &target,
                        &format!(
                            "{}-renamed{}",
                            target.trim_end_matches(':'),
                            if in_world { ":" } else { "" }
                        ),
                        1,
                    );
                    push(format!("{file}:{}: rename function `{name}`", i + 1), new);
                    for j in i..=end {
                        if let Some(retyped) = retype(lines[j]) {
                            let mut new = owned();
                            new[j] = retyped;
                            push(
                                format!("{file}:{}: retype in function `{name}`", j + 1),
                                new,
                            );
                            break;
                        }
                    }
                    let mut new = owned();
                    new[i] = line
                        .replacen("func(", "func(added-param: u32, ", 1)
                        .replace(", )", ")");
                    push(
                        format!("{file}:{}: add a parameter to `{name}`", i + 1),
                        new,
                    );
                    let mut new = owned();
                    new[i] = line.replacen(" func(", " async func(", 1);
                    push(format!("{file}:{}: make `{name}` async", i + 1), new);
                    if here == Some(Block::Resource) && !trimmed.contains("static") {
                        let mut new = owned();
                        new[i] = line.replacen(": func(", ": static func(", 1);
                        push(
                            format!("{file}:{}: make method `{name}` static", i + 1),
                            new,
                        );
                    }
                }
                Some(Block::World) if keyword == "import" || keyword == "export" => {
                    let mut new = owned();
                    new.drain(i..=end);
                    push(format!("{file}:{}: remove `{trimmed}`", i + 1), new);
                }
                Some(Block::Interface) if keyword == "type" => {
                    if let Some(retyped) = retype(line.replace(" = ", ": ").as_str()) {
                        let mut new = owned();
                        new[i] = retyped.replacen(": ", " = ", 1);
                        push(format!("{file}:{}: retype alias", i + 1), new);
                    }
                }
                _ => {}
            }
            i = end + 1;
        }
        let mut new = owned();
        new.push("interface added-iface {\n  f: func();\n}".into());
        push(format!("{file}: add an interface"), new);
    }
    out
}
