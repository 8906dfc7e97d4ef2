//! The plain data the runner's modules share: the functions a component exports or
//! imports (names, kinds, WIT signatures), its resources, and the record of a guest's calls
//! to imports. A module of its own, so the loader, the linker, the sandbox and the
//! signature printer each depend on it instead of on each other.

use serde::Serialize;
use wasmtime::component::types::ComponentFunc;
use wasmtime::component::{ComponentExportIndex, Type};

/// How a function relates to a resource.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum FunctionKind {
    /// A plain function.
    Freestanding,
    /// `constructor(...)` of a resource.
    Constructor { resource: String },
    /// A method of a resource; its first parameter is `self`.
    Method { resource: String },
    /// A `static` function of a resource.
    Static { resource: String },
}

/// One parameter: its name and its WIT type.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Param {
    pub name: String,
    pub ty: String,
}

/// A function a component exports (or imports), wherever it sits.
#[derive(Clone, Debug, Serialize)]
pub struct FunctionInfo {
    /// The full name to call it by: `add`, `docs:calculator/add@0.1.0#add`,
    /// `sample:kv/store@0.1.0#[method]connection.get`.
    pub call_name: String,
    /// A short name that is also accepted when unambiguous: `add`,
    /// `add.add`, `connection.get`, `connection.new`.
    pub short_name: String,
    /// The instance (interface) it lives in, or `None` at world level.
    pub interface: Option<String>,
    /// Its name inside that instance, as the component model spells it.
    pub function: String,
    pub kind: FunctionKind,
    pub params: Vec<Param>,
    /// The result type, if any.
    pub result: Option<String>,
    /// The WIT signature, e.g. `func(a: s32, b: s32) -> s32`.
    pub signature: String,
    #[serde(skip)]
    pub(crate) ty: ComponentFunc,
    #[serde(skip)]
    pub(crate) export_index: Option<ComponentExportIndex>,
}

impl FunctionInfo {
    /// The parameter types as wasmtime types, for typing WAVE arguments.
    pub fn param_types(&self) -> Vec<(String, Type)> {
        self.ty
            .params()
            .map(|(name, ty)| (name.to_string(), ty))
            .collect()
    }

    /// The result type as a wasmtime type.
    pub fn result_type(&self) -> Option<Type> {
        self.ty.results().next()
    }

    /// A call with a placeholder for every argument, to prefill an input box:
    /// `add(0, 0)`, `greet("", casual)`, `connection.get(connection#1, "")`.
    pub fn call_template(&self) -> String {
        let mut resource_name = |_: &Type| self.resource_placeholder();
        let args: Vec<String> = self
            .ty
            .params()
            .map(|(_, ty)| crate::wave::template_value(&ty, &mut resource_name))
            .collect();
        format!("{}({})", self.short_name, args.join(", "))
    }

    fn resource_placeholder(&self) -> String {
        match &self.kind {
            FunctionKind::Freestanding => "resource".into(),
            FunctionKind::Constructor { resource }
            | FunctionKind::Method { resource }
            | FunctionKind::Static { resource } => resource.clone(),
        }
    }

    /// Names this function answers to in a call.
    pub(crate) fn aliases(&self) -> Vec<String> {
        let mut names = vec![self.function.clone(), self.short_name_in_instance()];
        if let Some(interface) = &self.interface {
            let mut prefixes = vec![interface.clone()];
            let unversioned = interface.split('@').next().unwrap_or(interface).to_string();
            let short = unversioned
                .rsplit('/')
                .next()
                .unwrap_or(&unversioned)
                .to_string();
            let package_short = unversioned
                .split_once(':')
                .map(|(_, rest)| rest.to_string())
                .unwrap_or_else(|| unversioned.clone());
            prefixes.push(unversioned);
            prefixes.push(package_short);
            prefixes.push(short);
            let locals = [self.function.clone(), self.short_name_in_instance()];
            for prefix in prefixes {
                for local in &locals {
                    names.push(format!("{prefix}#{local}"));
                    names.push(format!("{prefix}.{local}"));
                }
            }
        }
        names.sort();
        names.dedup();
        names
    }

    pub(crate) fn short_name_in_instance(&self) -> String {
        match &self.kind {
            FunctionKind::Freestanding => self.function.clone(),
            FunctionKind::Constructor { resource } => format!("{resource}.new"),
            FunctionKind::Method { resource } | FunctionKind::Static { resource } => {
                let name = self
                    .function
                    .rsplit_once('.')
                    .map_or(self.function.as_str(), |(_, name)| name);
                format!("{resource}.{name}")
            }
        }
    }
}

/// A resource type a component exports or imports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ResourceInfo {
    pub interface: Option<String>,
    pub name: String,
}

/// What happened when the guest called an import.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ImportOutcome {
    /// A mock returned a configured result.
    Mocked,
    /// A `log` mock recorded the call and returned the zero value.
    Logged,
    /// No mock: the call trapped.
    NotMocked,
    /// The mock's list of results was used up: the call trapped.
    MockExhausted,
    /// A plug (another component) answered: see [`ImportCall::provider`].
    Plugged,
}

/// One call the guest made to a non-WASI import.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ImportCall {
    /// The import, e.g. `kv-store/kvdb.[method]connection.get`.
    pub function: String,
    /// The arguments as WAVE; host resource stand-ins as `connection#1`.
    pub args: Vec<String>,
    /// The result returned, as WAVE, if any.
    pub result: Option<String>,
    pub outcome: ImportOutcome,
    /// The plug that answered, for [`ImportOutcome::Plugged`].
    pub provider: Option<String>,
}

/// The name an import is shown by: `kv-store/kvdb.[method]connection.get`
/// (package without namespace or version, interface, function), or the bare
/// function name for world-level imports.
pub fn import_display_name(interface: Option<&str>, function: &str) -> String {
    match interface {
        None => function.to_string(),
        Some(interface) => {
            let unversioned = interface.split('@').next().unwrap_or(interface);
            let without_namespace = unversioned
                .split_once(':')
                .map_or(unversioned, |(_, rest)| rest);
            format!("{without_namespace}.{function}")
        }
    }
}

/// Where a plugged import's function goes: the export of another component instantiated
/// in the same store.
#[derive(Clone, Debug)]
pub(crate) struct ForwardTarget {
    /// The provider, numbered as in the composition plan (`1..`).
    pub(crate) provider: usize,
    pub(crate) provider_name: String,
    /// The provider's export, by function name.
    pub(crate) functions:
        std::collections::BTreeMap<String, wasmtime::component::ComponentExportIndex>,
}

/// A component's plugged imports: import interface name -> target.
pub(crate) type Forwards = std::collections::BTreeMap<String, std::sync::Arc<ForwardTarget>>;
