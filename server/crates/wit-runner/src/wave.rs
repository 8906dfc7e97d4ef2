//! WAVE text in and out: splitting a call like `add(1, 2)` into its name and
//! arguments, typing each argument against the function's parameters with
//! errors that carry byte spans, printing results (resource handles by their
//! session names) as WAVE or JSON, and call templates from parameter types.

use std::ops::Range;

use serde::Serialize;
use wasmtime::component::{ResourceAny, Type, Val};

/// A call that could not be parsed or typed, with the byte span in the call
/// text that it is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, thiserror::Error)]
#[error("{message}")]
pub struct CallSyntaxError {
    /// What is wrong, in words a user can act on.
    pub message: String,
    /// The offending bytes in the call text.
    pub span: Range<usize>,
}

impl CallSyntaxError {
    fn new(message: impl Into<String>, span: Range<usize>) -> Self {
        Self {
            message: message.into(),
            span,
        }
    }
}

/// One argument's text and where it sits in the call text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgumentText {
    pub text: String,
    pub span: Range<usize>,
}

/// A call split into its function name and top-level argument texts, not yet
/// typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CallText {
    pub name: String,
    pub name_span: Range<usize>,
    pub arguments: Vec<ArgumentText>,
}

/// Splits `name(arg, arg, ...)` into its parts. The name is everything before
/// the first `(`; arguments are split at top-level commas, respecting
/// brackets and string and character literals.
pub fn split_call(source: &str) -> Result<CallText, CallSyntaxError> {
    let open = source.find('(').ok_or_else(|| {
        CallSyntaxError::new(
            "expected a call like `name(arg, ...)`: no `(` found",
            0..source.len(),
        )
    })?;
    let raw_name = &source[..open];
    let name_start = raw_name.len() - raw_name.trim_start().len();
    let name = raw_name.trim();
    let name_span = name_start..name_start + name.len();
    if name.is_empty() {
        return Err(CallSyntaxError::new(
            "missing function name before `(`",
            0..open + 1,
        ));
    }
    let bytes = source.as_bytes();
    let mut depth = 0usize;
    let mut arguments = Vec::new();
    let mut arg_start = open + 1;
    let mut index = open + 1;
    let mut close = None;
    while index < bytes.len() {
        match bytes[index] {
            b'"' => {
                index = skip_string_literal(source, index)?;
                continue;
            }
            b'\'' => {
                index = skip_quoted(source, index, b'\'')?;
                continue;
            }
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth > 0 => depth -= 1,
            b')' => {
                close = Some(index);
                break;
            }
            b']' | b'}' => {
                return Err(CallSyntaxError::new(
                    format!("unbalanced `{}`", bytes[index] as char),
                    index..index + 1,
                ));
            }
            b',' if depth == 0 => {
                arguments.extend(argument(source, arg_start..index, true)?);
                arg_start = index + 1;
            }
            _ => {}
        }
        index += 1;
    }
    let close = close.ok_or_else(|| {
        CallSyntaxError::new("missing `)` at the end of the call", open..source.len())
    })?;
    // An empty last argument is either `f()` or a trailing comma in `f(1, 2,)`.
    arguments.extend(argument(source, arg_start..close, false)?);
    let rest = &source[close + 1..];
    if !rest.trim().is_empty() {
        let start = close + 1 + (rest.len() - rest.trim_start().len());
        return Err(CallSyntaxError::new(
            "unexpected text after the call",
            start..source.len(),
        ));
    }
    Ok(CallText {
        name: name.to_string(),
        name_span,
        arguments,
    })
}

fn argument(
    source: &str,
    range: Range<usize>,
    required: bool,
) -> Result<Option<ArgumentText>, CallSyntaxError> {
    let raw = &source[range.clone()];
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        if required {
            return Err(CallSyntaxError::new("empty argument", range));
        }
        return Ok(None);
    }
    let start = range.start + (raw.len() - raw.trim_start().len());
    Ok(Some(ArgumentText {
        text: trimmed.to_string(),
        span: start..start + trimmed.len(),
    }))
}

fn skip_string_literal(source: &str, start: usize) -> Result<usize, CallSyntaxError> {
    if source[start..].starts_with("\"\"\"") {
        return match source[start + 3..].find("\"\"\"") {
            Some(end) => Ok(start + 3 + end + 3),
            None => Err(CallSyntaxError::new(
                "unterminated multiline string",
                start..source.len(),
            )),
        };
    }
    skip_quoted(source, start, b'"')
}

fn skip_quoted(source: &str, start: usize, quote: u8) -> Result<usize, CallSyntaxError> {
    let bytes = source.as_bytes();
    let mut index = start + 1;
    while index < bytes.len() {
        match bytes[index] {
            b'\\' => index += 2,
            byte if byte == quote => return Ok(index + 1),
            _ => index += 1,
        }
    }
    Err(CallSyntaxError::new(
        format!(
            "unterminated {} literal",
            if quote == b'"' { "string" } else { "char" }
        ),
        start..source.len(),
    ))
}

/// Types the argument texts of `call` against `params`. `lookup_handle`
/// turns a handle name such as `connection#1` into the session's resource.
pub fn type_arguments(
    call: &CallText,
    params: &[(String, Type)],
    mut lookup_handle: impl FnMut(&str) -> Option<ResourceAny>,
) -> Result<Vec<Val>, CallSyntaxError> {
    let mut values = Vec::with_capacity(params.len());
    for (index, (param_name, ty)) in params.iter().enumerate() {
        let Some(arg) = call.arguments.get(index) else {
            if matches!(ty, Type::Option(_)) {
                values.push(Val::Option(None));
                continue;
            }
            let end = call.name_span.end;
            return Err(CallSyntaxError::new(
                format!(
                    "`{}` takes {} argument(s) but {} were given: missing `{param_name}: {}`",
                    call.name,
                    params.len(),
                    call.arguments.len(),
                    type_name(ty)
                ),
                end..end,
            ));
        };
        values.push(type_argument(arg, param_name, ty, &mut lookup_handle)?);
    }
    if let Some(extra) = call.arguments.get(params.len()) {
        return Err(CallSyntaxError::new(
            format!(
                "`{}` takes {} argument(s) but {} were given",
                call.name,
                params.len(),
                call.arguments.len()
            ),
            extra.span.clone(),
        ));
    }
    Ok(values)
}

fn type_argument(
    arg: &ArgumentText,
    param_name: &str,
    ty: &Type,
    lookup_handle: &mut impl FnMut(&str) -> Option<ResourceAny>,
) -> Result<Val, CallSyntaxError> {
    if let Type::Own(_) | Type::Borrow(_) = ty {
        return match lookup_handle(&arg.text) {
            Some(resource) => Ok(Val::Resource(resource)),
            None => Err(CallSyntaxError::new(
                format!(
                    "`{param_name}` is a resource handle: pass a handle name from this session \
                     such as `connection#1`; `{}` is not a live handle",
                    arg.text
                ),
                arg.span.clone(),
            )),
        };
    }
    if type_contains_resource(ty) {
        return Err(CallSyntaxError::new(
            format!(
                "`{param_name}` has resource handles nested inside `{}`; only top-level handle \
                 arguments are supported",
                type_name(ty)
            ),
            arg.span.clone(),
        ));
    }
    wasm_wave::from_str::<Val>(ty, &arg.text).map_err(|error| {
        let span = error.span();
        let start = arg.span.start + span.start.min(arg.text.len());
        let end = arg.span.start + span.end.min(arg.text.len());
        let detail = match error.detail() {
            Some(detail) => format!("{}: {detail}", error.kind()),
            None => error.kind().to_string(),
        };
        CallSyntaxError::new(
            format!("argument `{param_name}: {}`: {detail}", type_name(ty)),
            start..end.max(start),
        )
    })
}

/// Whether a value of this type can carry a resource handle.
pub fn type_contains_resource(ty: &Type) -> bool {
    match ty {
        Type::Own(_) | Type::Borrow(_) => true,
        Type::List(list) => type_contains_resource(&list.ty()),
        Type::FixedLengthList(list) => type_contains_resource(&list.ty()),
        Type::Map(map) => {
            type_contains_resource(&map.key()) || type_contains_resource(&map.value())
        }
        Type::Record(record) => record
            .fields()
            .any(|field| type_contains_resource(&field.ty)),
        Type::Tuple(tuple) => tuple.types().any(|ty| type_contains_resource(&ty)),
        Type::Variant(variant) => variant
            .cases()
            .any(|case| case.ty.as_ref().is_some_and(type_contains_resource)),
        Type::Option(option) => type_contains_resource(&option.ty()),
        Type::Result(result) => {
            result.ok().as_ref().is_some_and(type_contains_resource)
                || result.err().as_ref().is_some_and(type_contains_resource)
        }
        _ => false,
    }
}

/// A short structural name for a type, for messages.
pub fn type_name(ty: &Type) -> String {
    match ty {
        Type::Bool => "bool".into(),
        Type::S8 => "s8".into(),
        Type::U8 => "u8".into(),
        Type::S16 => "s16".into(),
        Type::U16 => "u16".into(),
        Type::S32 => "s32".into(),
        Type::U32 => "u32".into(),
        Type::S64 => "s64".into(),
        Type::U64 => "u64".into(),
        Type::Float32 => "f32".into(),
        Type::Float64 => "f64".into(),
        Type::Char => "char".into(),
        Type::String => "string".into(),
        Type::List(list) => format!("list<{}>", type_name(&list.ty())),
        Type::FixedLengthList(list) => format!("list<{}, {}>", type_name(&list.ty()), list.len()),
        Type::Map(map) => format!(
            "map<{}, {}>",
            type_name(&map.key()),
            type_name(&map.value())
        ),
        Type::Record(record) => {
            let fields: Vec<String> = record
                .fields()
                .map(|field| format!("{}: {}", field.name, type_name(&field.ty)))
                .collect();
            format!("record {{ {} }}", fields.join(", "))
        }
        Type::Tuple(tuple) => {
            let types: Vec<String> = tuple.types().map(|ty| type_name(&ty)).collect();
            format!("tuple<{}>", types.join(", "))
        }
        Type::Variant(variant) => {
            let cases: Vec<String> = variant
                .cases()
                .map(|case| match &case.ty {
                    Some(ty) => format!("{}({})", case.name, type_name(ty)),
                    None => case.name.to_string(),
                })
                .collect();
            format!("variant {{ {} }}", cases.join(", "))
        }
        Type::Enum(en) => format!("enum {{ {} }}", en.names().collect::<Vec<_>>().join(", ")),
        Type::Option(option) => format!("option<{}>", type_name(&option.ty())),
        Type::Result(result) => match (result.ok(), result.err()) {
            (None, None) => "result".into(),
            (Some(ok), None) => format!("result<{}>", type_name(&ok)),
            (None, Some(err)) => format!("result<_, {}>", type_name(&err)),
            (Some(ok), Some(err)) => format!("result<{}, {}>", type_name(&ok), type_name(&err)),
        },
        Type::Flags(flags) => format!(
            "flags {{ {} }}",
            flags.names().collect::<Vec<_>>().join(", ")
        ),
        Type::Own(_) => "own<resource>".into(),
        Type::Borrow(_) => "borrow<resource>".into(),
        Type::Future(_) => "future".into(),
        Type::Stream(_) => "stream".into(),
        Type::ErrorContext => "error-context".into(),
    }
}

/// WAVE text for a value of this type that a user can edit: zero numbers,
/// empty strings and lists, the first case of variants and enums, `none`,
/// `ok(..)`, every record field, and `name#1` for resource handles.
pub fn template_value(ty: &Type, resource_name: &mut dyn FnMut(&Type) -> String) -> String {
    match ty {
        Type::Bool => "false".into(),
        Type::S8
        | Type::U8
        | Type::S16
        | Type::U16
        | Type::S32
        | Type::U32
        | Type::S64
        | Type::U64 => "0".into(),
        Type::Float32 | Type::Float64 => "0.0".into(),
        Type::Char => "'a'".into(),
        Type::String => "\"\"".into(),
        Type::List(_) | Type::Map(_) => "[]".into(),
        Type::FixedLengthList(list) => {
            let item = template_value(&list.ty(), resource_name);
            let items: Vec<String> = (0..list.len()).map(|_| item.clone()).collect();
            format!("[{}]", items.join(", "))
        }
        Type::Record(record) => {
            let fields: Vec<String> = record
                .fields()
                .map(|field| {
                    format!(
                        "{}: {}",
                        field.name,
                        template_value(&field.ty, resource_name)
                    )
                })
                .collect();
            format!("{{{}}}", fields.join(", "))
        }
        Type::Tuple(tuple) => {
            let items: Vec<String> = tuple
                .types()
                .map(|ty| template_value(&ty, resource_name))
                .collect();
            format!("({})", items.join(", "))
        }
        Type::Variant(variant) => match variant.cases().next() {
            Some(case) => match &case.ty {
                Some(ty) => format!("{}({})", case.name, template_value(ty, resource_name)),
                None => case.name.to_string(),
            },
            None => String::new(),
        },
        Type::Enum(en) => en.names().next().unwrap_or_default().to_string(),
        Type::Option(_) => "none".into(),
        Type::Result(result) => match result.ok() {
            Some(ok) => format!("ok({})", template_value(&ok, resource_name)),
            None => "ok".into(),
        },
        Type::Flags(_) => "{}".into(),
        Type::Own(_) | Type::Borrow(_) => format!("{}#1", resource_name(ty)),
        Type::Future(_) | Type::Stream(_) | Type::ErrorContext => "_".into(),
    }
}

/// The zero value of a type, as a `log` mock returns: zero numbers, empty
/// strings and lists, the first case, `none`, `ok(zero)`. Owned resources
/// come from `new_resource`; borrowed handles have no zero value.
pub fn zero_value(ty: &Type, new_resource: &mut dyn FnMut(&Type) -> Option<Val>) -> Option<Val> {
    Some(match ty {
        Type::Bool => Val::Bool(false),
        Type::S8 => Val::S8(0),
        Type::U8 => Val::U8(0),
        Type::S16 => Val::S16(0),
        Type::U16 => Val::U16(0),
        Type::S32 => Val::S32(0),
        Type::U32 => Val::U32(0),
        Type::S64 => Val::S64(0),
        Type::U64 => Val::U64(0),
        Type::Float32 => Val::Float32(0.0),
        Type::Float64 => Val::Float64(0.0),
        Type::Char => Val::Char('\0'),
        Type::String => Val::String(String::new()),
        Type::List(_) => Val::List(Vec::new()),
        Type::Map(_) => Val::Map(Vec::new()),
        Type::FixedLengthList(list) => {
            let item = zero_value(&list.ty(), new_resource)?;
            Val::FixedLengthList(vec![item; list.len() as usize])
        }
        Type::Record(record) => {
            let mut fields = Vec::new();
            for field in record.fields() {
                fields.push((field.name.to_string(), zero_value(&field.ty, new_resource)?));
            }
            Val::Record(fields)
        }
        Type::Tuple(tuple) => {
            let mut items = Vec::new();
            for ty in tuple.types() {
                items.push(zero_value(&ty, new_resource)?);
            }
            Val::Tuple(items)
        }
        Type::Variant(variant) => {
            let case = variant.cases().next()?;
            let payload = match &case.ty {
                Some(ty) => Some(Box::new(zero_value(ty, new_resource)?)),
                None => None,
            };
            Val::Variant(case.name.to_string(), payload)
        }
        Type::Enum(en) => Val::Enum(en.names().next()?.to_string()),
        Type::Option(_) => Val::Option(None),
        Type::Result(result) => match result.ok() {
            Some(ok) => Val::Result(Ok(Some(Box::new(zero_value(&ok, new_resource)?)))),
            None => Val::Result(Ok(None)),
        },
        Type::Flags(_) => Val::Flags(Vec::new()),
        Type::Own(_) => return new_resource(ty),
        Type::Borrow(_) | Type::Future(_) | Type::Stream(_) | Type::ErrorContext => return None,
    })
}

/// Prints a value as WAVE. Resource handles are printed by `name_handle`
/// (for example `connection#1`), which WAVE itself has no syntax for.
pub fn format_wave(val: &Val, name_handle: &mut dyn FnMut(&ResourceAny) -> String) -> String {
    let mut out = String::new();
    write_wave(val, name_handle, &mut out);
    out
}

fn val_contains_resource(val: &Val) -> bool {
    match val {
        Val::Resource(_) | Val::Future(_) | Val::Stream(_) | Val::ErrorContext(_) => true,
        Val::List(items) | Val::Tuple(items) | Val::FixedLengthList(items) => {
            items.iter().any(val_contains_resource)
        }
        Val::Map(entries) => entries
            .iter()
            .any(|(key, value)| val_contains_resource(key) || val_contains_resource(value)),
        Val::Record(fields) => fields.iter().any(|(_, value)| val_contains_resource(value)),
        Val::Variant(_, payload) | Val::Option(payload) => {
            payload.as_deref().is_some_and(val_contains_resource)
        }
        Val::Result(Ok(payload) | Err(payload)) => {
            payload.as_deref().is_some_and(val_contains_resource)
        }
        _ => false,
    }
}

fn write_wave(val: &Val, name_handle: &mut dyn FnMut(&ResourceAny) -> String, out: &mut String) {
    if !val_contains_resource(val) {
        match wasm_wave::to_string(val) {
            Ok(text) => out.push_str(&text),
            Err(error) => out.push_str(&format!("<unprintable: {error}>")),
        }
        return;
    }
    let list = |items: &[Val],
                open: &str,
                close: &str,
                name_handle: &mut dyn FnMut(&ResourceAny) -> String,
                out: &mut String| {
        out.push_str(open);
        for (index, item) in items.iter().enumerate() {
            if index > 0 {
                out.push_str(", ");
            }
            write_wave(item, name_handle, out);
        }
        out.push_str(close);
    };
    match val {
        Val::Resource(resource) => out.push_str(&name_handle(resource)),
        Val::Future(_) => out.push_str("<future>"),
        Val::Stream(_) => out.push_str("<stream>"),
        Val::ErrorContext(_) => out.push_str("<error-context>"),
        Val::List(items) | Val::FixedLengthList(items) => list(items, "[", "]", name_handle, out),
        Val::Tuple(items) => list(items, "(", ")", name_handle, out),
        Val::Map(entries) => {
            out.push('[');
            for (index, (key, value)) in entries.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                out.push('(');
                write_wave(key, name_handle, out);
                out.push_str(", ");
                write_wave(value, name_handle, out);
                out.push(')');
            }
            out.push(']');
        }
        Val::Record(fields) => {
            out.push('{');
            for (index, (name, value)) in fields.iter().enumerate() {
                if index > 0 {
                    out.push_str(", ");
                }
                out.push_str(name);
                out.push_str(": ");
                write_wave(value, name_handle, out);
            }
            out.push('}');
        }
        Val::Variant(case, payload) => write_case(case, payload.as_deref(), name_handle, out),
        Val::Option(payload) => match payload {
            Some(payload) => write_case("some", Some(payload), name_handle, out),
            None => out.push_str("none"),
        },
        Val::Result(Ok(payload)) => write_case("ok", payload.as_deref(), name_handle, out),
        Val::Result(Err(payload)) => write_case("err", payload.as_deref(), name_handle, out),
        other => out.push_str(&wasm_wave::to_string(other).unwrap_or_default()),
    }
}

fn write_case(
    case: &str,
    payload: Option<&Val>,
    name_handle: &mut dyn FnMut(&ResourceAny) -> String,
    out: &mut String,
) {
    out.push_str(case);
    if let Some(payload) = payload {
        out.push('(');
        write_wave(payload, name_handle, out);
        out.push(')');
    }
}

/// A value as JSON: numbers as numbers (non-finite floats as the strings
/// `"nan"`, `"inf"`, `"-inf"`), chars and strings as strings, lists and
/// tuples as arrays, records as objects, enums as their case name,
/// variants as `{"case": payload}` (or the case name alone), options as
/// `null` or the payload, results as `{"ok": ..}` / `{"err": ..}`, flags
/// as an array of set names, and handles as their session name.
pub fn to_json(
    val: &Val,
    name_handle: &mut dyn FnMut(&ResourceAny) -> String,
) -> serde_json::Value {
    use serde_json::Value as J;
    let float = |value: f64| -> J {
        if value.is_nan() {
            J::String("nan".into())
        } else if value.is_infinite() {
            J::String(if value > 0.0 { "inf" } else { "-inf" }.into())
        } else {
            serde_json::Number::from_f64(value).map_or(J::Null, J::Number)
        }
    };
    let case = |name: &str,
                payload: Option<&Val>,
                name_handle: &mut dyn FnMut(&ResourceAny) -> String|
     -> J {
        match payload {
            Some(payload) => {
                let mut object = serde_json::Map::new();
                object.insert(name.to_string(), to_json(payload, name_handle));
                J::Object(object)
            }
            None => J::String(name.to_string()),
        }
    };
    match val {
        Val::Bool(value) => J::Bool(*value),
        Val::S8(value) => J::from(*value),
        Val::U8(value) => J::from(*value),
        Val::S16(value) => J::from(*value),
        Val::U16(value) => J::from(*value),
        Val::S32(value) => J::from(*value),
        Val::U32(value) => J::from(*value),
        Val::S64(value) => J::from(*value),
        Val::U64(value) => J::from(*value),
        Val::Float32(value) => float(f64::from(*value)),
        Val::Float64(value) => float(*value),
        Val::Char(value) => J::String(value.to_string()),
        Val::String(value) => J::String(value.clone()),
        Val::List(items) | Val::Tuple(items) | Val::FixedLengthList(items) => J::Array(
            items
                .iter()
                .map(|item| to_json(item, name_handle))
                .collect(),
        ),
        Val::Map(entries) => J::Array(
            entries
                .iter()
                .map(|(key, value)| {
                    J::Array(vec![to_json(key, name_handle), to_json(value, name_handle)])
                })
                .collect(),
        ),
        Val::Record(fields) => J::Object(
            fields
                .iter()
                .map(|(name, value)| (name.clone(), to_json(value, name_handle)))
                .collect(),
        ),
        Val::Variant(name, payload) => case(name, payload.as_deref(), name_handle),
        Val::Enum(name) => J::String(name.clone()),
        Val::Option(None) => J::Null,
        Val::Option(Some(payload)) => to_json(payload, name_handle),
        Val::Result(Ok(payload)) => {
            let mut object = serde_json::Map::new();
            object.insert(
                "ok".into(),
                payload
                    .as_deref()
                    .map_or(J::Null, |v| to_json(v, name_handle)),
            );
            J::Object(object)
        }
        Val::Result(Err(payload)) => {
            let mut object = serde_json::Map::new();
            object.insert(
                "err".into(),
                payload
                    .as_deref()
                    .map_or(J::Null, |v| to_json(v, name_handle)),
            );
            J::Object(object)
        }
        Val::Flags(names) => J::Array(names.iter().map(|name| J::String(name.clone())).collect()),
        Val::Resource(resource) => J::String(name_handle(resource)),
        Val::Future(_) => J::String("<future>".into()),
        Val::Stream(_) => J::String("<stream>".into()),
        Val::ErrorContext(_) => J::String("<error-context>".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_call_respects_nesting_and_literals() {
        let call = split_call(r#"f("a, b", [1, 2], {x: ')'}, (3, 4))"#).unwrap();
        assert_eq!(call.name, "f");
        let texts: Vec<&str> = call.arguments.iter().map(|arg| arg.text.as_str()).collect();
        assert_eq!(texts, [r#""a, b""#, "[1, 2]", "{x: ')'}", "(3, 4)"]);
        let source = r#"f("a, b", [1, 2], {x: ')'}, (3, 4))"#;
        for arg in &call.arguments {
            assert_eq!(&source[arg.span.clone()], arg.text);
        }
    }

    #[test]
    fn split_call_reports_missing_paren_and_trailing_text() {
        assert_eq!(split_call("add(1, 2").unwrap_err().span, 3..8);
        assert_eq!(split_call("add(1) x").unwrap_err().span, 7..8);
        assert!(split_call("add").is_err());
        assert!(split_call("(1)").is_err());
        assert!(split_call("f(1,,2)").is_err());
        assert_eq!(split_call("  g ( ) ").unwrap().name, "g");
        assert!(split_call("g()").unwrap().arguments.is_empty());
    }
}
