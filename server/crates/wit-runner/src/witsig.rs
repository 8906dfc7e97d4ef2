//! WIT signatures of functions from a `wit-parser` world: the readable
//! signature with named types, and a fully expanded structural form used to
//! compare a component against the WIT it was supposedly built from.

use std::collections::HashMap;

use wit_parser::{Function, Resolve, Type, TypeDefKind, WorldId, WorldItem};

use crate::types::Param;

/// One function's signature in two spellings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Signature {
    /// As WIT would print it: `func(name: string, style: style) -> greeting`.
    pub(crate) signature: String,
    pub(crate) params: Vec<String>,
    pub(crate) result: Option<String>,
    /// Every named type expanded: used for comparisons.
    pub(crate) structural: String,
}

/// Key: (is export, interface name as the component model spells it, function name).
type Key = (bool, Option<String>, String);

/// The signatures of every function a world imports and exports.
#[derive(Clone, Debug, Default)]
pub(crate) struct Signatures {
    pub(crate) functions: HashMap<Key, Signature>,
    /// Order of insertion, for stable messages.
    pub(crate) order: Vec<Key>,
}

impl Signatures {
    /// Decodes the WIT embedded in a component binary.
    pub(crate) fn decode(bytes: &[u8]) -> Option<Self> {
        match wit_component::decode(bytes).ok()? {
            wit_component::DecodedWasm::Component(resolve, world) => {
                Some(Self::from_world(&resolve, world))
            }
            wit_component::DecodedWasm::WitPackage(..) => None,
        }
    }

    pub(crate) fn from_world(resolve: &Resolve, world: WorldId) -> Self {
        let mut signatures = Self::default();
        let world = &resolve.worlds[world];
        for (is_export, items) in [(false, &world.imports), (true, &world.exports)] {
            for (key, item) in items {
                match item {
                    WorldItem::Function(function) => {
                        signatures.insert(resolve, is_export, None, function);
                    }
                    WorldItem::Interface { id, .. } => {
                        let name = resolve.name_world_key(key);
                        for function in resolve.interfaces[*id].functions.values() {
                            signatures.insert(resolve, is_export, Some(name.clone()), function);
                        }
                    }
                    WorldItem::Type { .. } => {}
                }
            }
        }
        signatures
    }

    fn insert(
        &mut self,
        resolve: &Resolve,
        is_export: bool,
        interface: Option<String>,
        function: &Function,
    ) {
        let key = (is_export, interface, function.name.clone());
        self.order.push(key.clone());
        self.functions.insert(key, signature_of(resolve, function));
    }

    pub(crate) fn lookup(
        &self,
        is_export: bool,
        interface: Option<&str>,
        function: &str,
    ) -> Option<&Signature> {
        self.functions.get(&(
            is_export,
            interface.map(str::to_string),
            function.to_string(),
        ))
    }
}

pub(crate) fn signature_of(resolve: &Resolve, function: &Function) -> Signature {
    let params: Vec<String> = function
        .params
        .iter()
        .map(|param| named_type(resolve, &param.ty))
        .collect();
    let result = function.result.as_ref().map(|ty| named_type(resolve, ty));
    let structural_params: Vec<String> = function
        .params
        .iter()
        .map(|param| format!("{}: {}", param.name, structural_type(resolve, &param.ty)))
        .collect();
    let mut structural = format!("func({})", structural_params.join(", "));
    if let Some(result) = &function.result {
        structural.push_str(" -> ");
        structural.push_str(&structural_type(resolve, result));
    }
    let named_params: Vec<Param> = function
        .params
        .iter()
        .zip(&params)
        .map(|(param, ty)| Param {
            name: param.name.clone(),
            ty: ty.clone(),
        })
        .collect();
    Signature {
        signature: structural_signature(&named_params, result.as_deref()),
        params,
        result,
        structural,
    }
}

/// `func(a: s32, b: s32) -> s32` from parameter and result type names.
pub(crate) fn structural_signature(params: &[Param], result: Option<&str>) -> String {
    let params: Vec<String> = params
        .iter()
        .map(|param| format!("{}: {}", param.name, param.ty))
        .collect();
    match result {
        Some(result) => format!("func({}) -> {result}", params.join(", ")),
        None => format!("func({})", params.join(", ")),
    }
}

fn primitive(ty: &Type) -> Option<&'static str> {
    Some(match ty {
        Type::Bool => "bool",
        Type::U8 => "u8",
        Type::U16 => "u16",
        Type::U32 => "u32",
        Type::U64 => "u64",
        Type::S8 => "s8",
        Type::S16 => "s16",
        Type::S32 => "s32",
        Type::S64 => "s64",
        Type::F32 => "f32",
        Type::F64 => "f64",
        Type::Char => "char",
        Type::String => "string",
        Type::ErrorContext => "error-context",
        Type::Id(_) => return None,
    })
}

/// A type as WIT source would name it.
pub(crate) fn named_type(resolve: &Resolve, ty: &Type) -> String {
    if let Some(name) = primitive(ty) {
        return name.to_string();
    }
    let Type::Id(id) = ty else {
        return String::new();
    };
    let def = &resolve.types[*id];
    if let Some(name) = &def.name {
        return name.clone();
    }
    match &def.kind {
        TypeDefKind::List(ty) => format!("list<{}>", named_type(resolve, ty)),
        TypeDefKind::FixedLengthList(ty, len) => {
            format!("list<{}, {len}>", named_type(resolve, ty))
        }
        TypeDefKind::Map(key, value) => format!(
            "map<{}, {}>",
            named_type(resolve, key),
            named_type(resolve, value)
        ),
        TypeDefKind::Option(ty) => format!("option<{}>", named_type(resolve, ty)),
        TypeDefKind::Result(result) => match (&result.ok, &result.err) {
            (None, None) => "result".into(),
            (Some(ok), None) => format!("result<{}>", named_type(resolve, ok)),
            (None, Some(err)) => format!("result<_, {}>", named_type(resolve, err)),
            (Some(ok), Some(err)) => format!(
                "result<{}, {}>",
                named_type(resolve, ok),
                named_type(resolve, err)
            ),
        },
        TypeDefKind::Tuple(tuple) => {
            let types: Vec<String> = tuple
                .types
                .iter()
                .map(|ty| named_type(resolve, ty))
                .collect();
            format!("tuple<{}>", types.join(", "))
        }
        TypeDefKind::Handle(wit_parser::Handle::Own(id)) => named_type(resolve, &Type::Id(*id)),
        TypeDefKind::Handle(wit_parser::Handle::Borrow(id)) => {
            format!("borrow<{}>", named_type(resolve, &Type::Id(*id)))
        }
        TypeDefKind::Future(ty) => match ty {
            Some(ty) => format!("future<{}>", named_type(resolve, ty)),
            None => "future".into(),
        },
        TypeDefKind::Stream(ty) => match ty {
            Some(ty) => format!("stream<{}>", named_type(resolve, ty)),
            None => "stream".into(),
        },
        TypeDefKind::Type(ty) => named_type(resolve, ty),
        _ => structural_type(resolve, ty),
    }
}

/// A type with every named type expanded (resources stay by name).
pub(crate) fn structural_type(resolve: &Resolve, ty: &Type) -> String {
    if let Some(name) = primitive(ty) {
        return name.to_string();
    }
    let Type::Id(id) = ty else {
        return String::new();
    };
    let def = &resolve.types[*id];
    match &def.kind {
        TypeDefKind::Record(record) => {
            let fields: Vec<String> = record
                .fields
                .iter()
                .map(|field| format!("{}: {}", field.name, structural_type(resolve, &field.ty)))
                .collect();
            format!("record {{ {} }}", fields.join(", "))
        }
        TypeDefKind::Resource => format!("resource {}", def.name.as_deref().unwrap_or("")),
        TypeDefKind::Handle(wit_parser::Handle::Own(id)) => {
            format!("own<{}>", structural_type(resolve, &Type::Id(*id)))
        }
        TypeDefKind::Handle(wit_parser::Handle::Borrow(id)) => {
            format!("borrow<{}>", structural_type(resolve, &Type::Id(*id)))
        }
        TypeDefKind::Flags(flags) => {
            let names: Vec<&str> = flags.flags.iter().map(|flag| flag.name.as_str()).collect();
            format!("flags {{ {} }}", names.join(", "))
        }
        TypeDefKind::Tuple(tuple) => {
            let types: Vec<String> = tuple
                .types
                .iter()
                .map(|ty| structural_type(resolve, ty))
                .collect();
            format!("tuple<{}>", types.join(", "))
        }
        TypeDefKind::Variant(variant) => {
            let cases: Vec<String> = variant
                .cases
                .iter()
                .map(|case| match &case.ty {
                    Some(ty) => format!("{}({})", case.name, structural_type(resolve, ty)),
                    None => case.name.clone(),
                })
                .collect();
            format!("variant {{ {} }}", cases.join(", "))
        }
        TypeDefKind::Enum(en) => {
            let names: Vec<&str> = en.cases.iter().map(|case| case.name.as_str()).collect();
            format!("enum {{ {} }}", names.join(", "))
        }
        TypeDefKind::Option(ty) => format!("option<{}>", structural_type(resolve, ty)),
        TypeDefKind::Result(result) => format!(
            "result<{}, {}>",
            result
                .ok
                .as_ref()
                .map_or("_".into(), |ty| structural_type(resolve, ty)),
            result
                .err
                .as_ref()
                .map_or("_".into(), |ty| structural_type(resolve, ty))
        ),
        TypeDefKind::List(ty) => format!("list<{}>", structural_type(resolve, ty)),
        TypeDefKind::FixedLengthList(ty, len) => {
            format!("list<{}, {len}>", structural_type(resolve, ty))
        }
        TypeDefKind::Map(key, value) => format!(
            "map<{}, {}>",
            structural_type(resolve, key),
            structural_type(resolve, value)
        ),
        TypeDefKind::Future(ty) => format!(
            "future<{}>",
            ty.as_ref()
                .map_or("_".into(), |ty| structural_type(resolve, ty))
        ),
        TypeDefKind::Stream(ty) => format!(
            "stream<{}>",
            ty.as_ref()
                .map_or("_".into(), |ty| structural_type(resolve, ty))
        ),
        TypeDefKind::Type(ty) => structural_type(resolve, ty),
        TypeDefKind::Unknown => "unknown".into(),
    }
}
