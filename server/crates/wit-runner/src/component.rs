//! A loaded, compiled component and what it exports and imports, at every
//! depth: world-level functions, functions of exported interfaces, and
//! resource constructors, methods and static functions, with WIT signatures.

use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

use wasmtime::Engine;
use wasmtime::component::types::{ComponentFunc, ComponentItem};
use wasmtime::component::{Component, ComponentExportIndex, InstancePre};

use crate::mocks::Mocks;
use crate::sandbox::StoreState;
use crate::types::{FunctionInfo, FunctionKind, Param, ResourceInfo, import_display_name};
use crate::wave::type_name;

/// A linked component ready to instantiate, and the mocks it was linked with.
pub(crate) type PreparedInstance = (Option<Arc<Mocks>>, InstancePre<StoreState>);

/// A compiled component, ready to instantiate.
pub struct LoadedComponent {
    pub(crate) component: Component,
    pub(crate) bytes: Arc<[u8]>,
    /// Hex SHA-256 of the component binary.
    pub content_hash: String,
    /// The file it was loaded from, if any.
    pub origin: Option<PathBuf>,
    /// Whether the compiled artifact came from the compile cache.
    pub from_cache: bool,
    exports: Vec<FunctionInfo>,
    imports: Vec<FunctionInfo>,
    pub(crate) exported_resources: Vec<(Option<ComponentExportIndex>, ResourceInfo)>,
    pub(crate) imported_resources: Vec<ResourceInfo>,
    signatures: OnceLock<Option<crate::witsig::Signatures>>,
    pub(crate) instance_pres: Mutex<Vec<PreparedInstance>>,
}

impl std::fmt::Debug for LoadedComponent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LoadedComponent")
            .field("content_hash", &self.content_hash)
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl LoadedComponent {
    pub(crate) fn new(
        engine: &Engine,
        component: Component,
        bytes: Arc<[u8]>,
        content_hash: String,
        origin: Option<PathBuf>,
        from_cache: bool,
    ) -> Self {
        let component_type = component.component_type();
        let mut exports = Vec::new();
        let mut exported_resources = Vec::new();
        for (name, item) in component_type.exports(engine) {
            let index = component.get_export_index(None, name);
            match item.ty {
                ComponentItem::ComponentFunc(func) => {
                    exports.push(function_info(None, name, func, index));
                }
                ComponentItem::Resource(_) => exported_resources.push((
                    index,
                    ResourceInfo {
                        interface: None,
                        name: name.to_string(),
                    },
                )),
                ComponentItem::ComponentInstance(instance) => {
                    for (inner, item) in instance.exports(engine) {
                        let inner_index = index
                            .as_ref()
                            .and_then(|index| component.get_export_index(Some(index), inner));
                        match item.ty {
                            ComponentItem::ComponentFunc(func) => {
                                exports.push(function_info(Some(name), inner, func, inner_index));
                            }
                            ComponentItem::Resource(_) => exported_resources.push((
                                inner_index,
                                ResourceInfo {
                                    interface: Some(name.to_string()),
                                    name: inner.to_string(),
                                },
                            )),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        let mut imports = Vec::new();
        let mut imported_resources = Vec::new();
        for (name, item) in component_type.imports(engine) {
            match item.ty {
                ComponentItem::ComponentFunc(func) => {
                    imports.push(function_info(None, name, func, None));
                }
                ComponentItem::Resource(_) => imported_resources.push(ResourceInfo {
                    interface: None,
                    name: name.to_string(),
                }),
                ComponentItem::ComponentInstance(instance) => {
                    for (inner, item) in instance.exports(engine) {
                        match item.ty {
                            ComponentItem::ComponentFunc(func) => {
                                imports.push(function_info(Some(name), inner, func, None));
                            }
                            ComponentItem::Resource(_) => imported_resources.push(ResourceInfo {
                                interface: Some(name.to_string()),
                                name: inner.to_string(),
                            }),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        Self {
            component,
            bytes,
            content_hash,
            origin,
            from_cache,
            exports,
            imports,
            exported_resources,
            imported_resources,
            signatures: OnceLock::new(),
            instance_pres: Mutex::new(Vec::new()),
        }
    }

    /// Every exported function, with WIT signatures (named types where the
    /// component carries its WIT).
    pub fn exports(&self) -> Vec<FunctionInfo> {
        self.with_wit_signatures(&self.exports, true)
    }

    /// Every imported function, WASI's included.
    pub fn imports(&self) -> Vec<FunctionInfo> {
        self.with_wit_signatures(&self.imports, false)
    }

    pub(crate) fn raw_imports(&self) -> &[FunctionInfo] {
        &self.imports
    }

    pub(crate) fn raw_exports(&self) -> &[FunctionInfo] {
        &self.exports
    }

    /// The component's own WIT, decoded from its binary (cached).
    pub(crate) fn signatures(&self) -> Option<&crate::witsig::Signatures> {
        self.signatures
            .get_or_init(|| crate::witsig::Signatures::decode(&self.bytes))
            .as_ref()
    }

    fn with_wit_signatures(&self, functions: &[FunctionInfo], exports: bool) -> Vec<FunctionInfo> {
        let signatures = self.signatures();
        functions
            .iter()
            .map(|function| {
                let mut function = function.clone();
                if let Some(found) = signatures.and_then(|signatures| {
                    signatures.lookup(exports, function.interface.as_deref(), &function.function)
                }) {
                    function.signature = found.signature.clone();
                    for (param, ty) in function.params.iter_mut().zip(&found.params) {
                        param.ty = ty.clone();
                    }
                    function.result = found.result.clone();
                }
                function
            })
            .collect()
    }

    /// Non-WASI imports that no mock in `mocks` answers (calling them traps),
    /// sorted. An empty list means every import is satisfiable.
    pub fn unmocked_imports(&self, mocks: Option<&Mocks>) -> Vec<String> {
        self.imports
            .iter()
            .filter(|import| {
                !import
                    .interface
                    .as_deref()
                    .is_some_and(|name| name.starts_with("wasi:"))
            })
            .filter(|import| {
                let display = import_display_name(import.interface.as_deref(), &import.function);
                !mocks.is_some_and(|mocks| {
                    mocks.entries.iter().any(|entry| {
                        entry.key == import.call_name
                            || entry.key == display
                            || import.aliases().contains(&entry.key)
                    })
                })
            })
            .map(|import| import_display_name(import.interface.as_deref(), &import.function))
            .collect::<std::collections::BTreeSet<String>>()
            .into_iter()
            .collect()
    }

    /// Finds the export a call names; `name` may be any alias (see
    /// [`FunctionInfo::short_name`]).
    pub fn find_export(&self, name: &str) -> Result<&FunctionInfo, String> {
        let matches: Vec<&FunctionInfo> = self
            .exports
            .iter()
            .filter(|function| function.call_name == name)
            .collect();
        if let [only] = matches.as_slice() {
            return Ok(only);
        }
        let matches: Vec<&FunctionInfo> = self
            .exports
            .iter()
            .filter(|function| function.aliases().iter().any(|alias| alias == name))
            .collect();
        match matches.as_slice() {
            [only] => Ok(only),
            [] => {
                let names: Vec<&str> = self
                    .exports
                    .iter()
                    .map(|function| function.short_name.as_str())
                    .collect();
                Err(if names.is_empty() {
                    format!("the component exports no function `{name}` (it exports no functions)")
                } else {
                    format!(
                        "the component exports no function `{name}`; it exports: {}",
                        names.join(", ")
                    )
                })
            }
            several => {
                let names: Vec<&str> = several
                    .iter()
                    .map(|function| function.call_name.as_str())
                    .collect();
                Err(format!(
                    "`{name}` is ambiguous; say which one: {}",
                    names.join(", ")
                ))
            }
        }
    }
}

fn function_info(
    interface: Option<&str>,
    name: &str,
    ty: ComponentFunc,
    export_index: Option<ComponentExportIndex>,
) -> FunctionInfo {
    let kind = if let Some(resource) = name.strip_prefix("[constructor]") {
        FunctionKind::Constructor {
            resource: resource.to_string(),
        }
    } else if let Some(rest) = name.strip_prefix("[method]") {
        FunctionKind::Method {
            resource: rest.split('.').next().unwrap_or(rest).to_string(),
        }
    } else if let Some(rest) = name.strip_prefix("[static]") {
        FunctionKind::Static {
            resource: rest.split('.').next().unwrap_or(rest).to_string(),
        }
    } else {
        FunctionKind::Freestanding
    };
    let params: Vec<Param> = ty
        .params()
        .map(|(name, ty)| Param {
            name: name.to_string(),
            ty: type_name(&ty),
        })
        .collect();
    let result = ty.results().next().map(|ty| type_name(&ty));
    let call_name = match interface {
        Some(interface) => format!("{interface}#{name}"),
        None => name.to_string(),
    };
    let mut info = FunctionInfo {
        call_name,
        short_name: String::new(),
        interface: interface.map(str::to_string),
        function: name.to_string(),
        kind,
        signature: crate::witsig::structural_signature(&params, result.as_deref()),
        params,
        result,
        ty,
        export_index,
    };
    info.short_name = match &info.interface {
        None => info.short_name_in_instance(),
        Some(interface) => {
            let unversioned = interface.split('@').next().unwrap_or(interface);
            let short = unversioned.rsplit('/').next().unwrap_or(unversioned);
            format!("{short}.{}", info.short_name_in_instance())
        }
    };
    info
}
