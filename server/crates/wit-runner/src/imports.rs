//! Linking a component's imports: WASI preview 2 from wasmtime-wasi, every
//! other import either mocked (from [`Mocks`]) or defined to trap with a
//! message naming it; host stand-ins for imported resource types; and the
//! record of every import call the guest makes.

use std::collections::BTreeMap;
use std::sync::Arc;

use wasmtime::StoreContextMut;
use wasmtime::component::types::ComponentFunc;
use wasmtime::component::{Linker, ResourceDynamic, ResourceType, Type, Val};

use crate::component::LoadedComponent;
use crate::mocks::{MockBehaviour, MockError, Mocks};
use crate::sandbox::StoreState;
use crate::types::{
    ForwardTarget, Forwards, FunctionInfo, ImportCall, ImportOutcome, import_display_name,
};
use crate::wave::{format_wave, zero_value};

/// The error a call to an unmocked import traps with.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{import} was called but is not mocked")]
pub struct UnmockedImport {
    pub import: String,
}

/// The error a call to a mock with no results left traps with.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{import} was called {calls} times but its mock `{key}` has only {given} result(s)")]
pub struct MockExhausted {
    pub import: String,
    pub key: String,
    pub calls: usize,
    pub given: usize,
}

fn is_wasi(interface: Option<&str>) -> bool {
    interface.is_some_and(|name| name.starts_with("wasi:"))
}

struct ImportPlan {
    display: String,
    key: Option<String>,
    behaviour: Option<PlannedBehaviour>,
    resource_names: Arc<Vec<String>>,
}

enum PlannedBehaviour {
    Log,
    Results(Vec<Val>),
}

/// Whether the mock key `key` names `import`.
fn mock_names(import: &FunctionInfo, key: &str) -> bool {
    !is_wasi(import.interface.as_deref())
        && (import.call_name == key
            || import_display_name(import.interface.as_deref(), &import.function) == key
            || import.aliases().iter().any(|alias| alias == key))
}

/// The mock keys of `mocks` that name none of `imports` (their plugged interfaces
/// excepted): a run with plugs shares one mock table among its components, so a key is
/// an error only when it names no import of any of them.
pub(crate) fn unmatched_mock_keys<'a>(
    mocks: &'a Mocks,
    imports: &[(&[FunctionInfo], &Forwards)],
) -> Vec<&'a str> {
    mocks
        .entries
        .iter()
        .filter(|entry| {
            !imports.iter().any(|(functions, forwards)| {
                functions.iter().any(|import| {
                    !import
                        .interface
                        .as_ref()
                        .is_some_and(|name| forwards.contains_key(name))
                        && mock_names(import, &entry.key)
                })
            })
        })
        .map(|entry| entry.key.as_str())
        .collect()
}

/// Matches mock keys to imports; every key must name exactly one import (with `shared`,
/// a key naming none is skipped: another component of the run has it).
fn assign_mocks<'a>(
    imports: &'a [FunctionInfo],
    mocks: &'a Mocks,
    shared: bool,
) -> Result<BTreeMap<String, &'a crate::mocks::MockEntry>, MockError> {
    let mut assigned = BTreeMap::new();
    for entry in &mocks.entries {
        let matches: Vec<&FunctionInfo> = imports
            .iter()
            .filter(|import| mock_names(import, &entry.key))
            .collect();
        let mockable: Vec<String> = imports
            .iter()
            .filter(|import| !is_wasi(import.interface.as_deref()))
            .map(|import| import_display_name(import.interface.as_deref(), &import.function))
            .collect();
        match matches.as_slice() {
            [import] => {
                assigned.insert(import.call_name.clone(), entry);
            }
            [] if shared => {}
            [] => {
                return Err(MockError {
                    source_name: mocks.source.clone(),
                    message: format!(
                        "mock `{}` matches no import of the component; its mockable imports are: {}",
                        entry.key,
                        if mockable.is_empty() {
                            "(none)".to_string()
                        } else {
                            mockable.join(", ")
                        }
                    ),
                });
            }
            several => {
                let names: Vec<String> = several
                    .iter()
                    .map(|import| {
                        import_display_name(import.interface.as_deref(), &import.function)
                    })
                    .collect();
                return Err(MockError {
                    source_name: mocks.source.clone(),
                    message: format!(
                        "mock `{}` matches several imports; name one of: {}",
                        entry.key,
                        names.join(", ")
                    ),
                });
            }
        }
    }
    Ok(assigned)
}

/// The resources (with their stand-in ids) and functions one instance imports.
type InstanceImports<'a> = (Vec<(usize, String)>, Vec<&'a FunctionInfo>);

/// Builds the linker for a component: WASI, mocks, traps and stand-ins.
pub(crate) fn build_linker(
    loaded: &LoadedComponent,
    mocks: Option<&Mocks>,
    forwards: &Forwards,
    shared_mocks: bool,
) -> Result<Linker<StoreState>, crate::RunnerError> {
    let engine = loaded.component.engine();
    let mut linker = Linker::<StoreState>::new(engine);
    wasmtime_wasi::p2::add_to_linker_async(&mut linker)
        .map_err(|error| crate::RunnerError::Link(format!("{error:#}")))?;
    let imports = loaded.raw_imports();
    let assigned = match mocks {
        Some(mocks) => assign_mocks(imports, mocks, shared_mocks)?,
        None => BTreeMap::new(),
    };

    let resource_names: Arc<Vec<String>> = Arc::new(
        loaded
            .imported_resources
            .iter()
            .map(|resource| resource.name.clone())
            .collect(),
    );
    // Group definitions by instance so each instance is opened once.
    let mut by_instance: BTreeMap<Option<String>, InstanceImports<'_>> = BTreeMap::new();
    for (id, resource) in loaded.imported_resources.iter().enumerate() {
        if is_wasi(resource.interface.as_deref()) {
            continue;
        }
        by_instance
            .entry(resource.interface.clone())
            .or_default()
            .0
            .push((id, resource.name.clone()));
    }
    for import in imports {
        if is_wasi(import.interface.as_deref()) {
            continue;
        }
        by_instance
            .entry(import.interface.clone())
            .or_default()
            .1
            .push(import);
    }

    let link_error = |error: wasmtime::Error| crate::RunnerError::Link(format!("{error:#}"));
    for (interface, (resources, functions)) in by_instance {
        let mut instance = match &interface {
            Some(name) => linker.instance(name).map_err(link_error)?,
            None => linker.root(),
        };
        for (id, name) in resources {
            let id = u32::try_from(id).unwrap_or(u32::MAX);
            instance
                .resource(&name, ResourceType::host_dynamic(id), |_, _| Ok(()))
                .map_err(link_error)?;
        }
        let forward = interface.as_ref().and_then(|name| forwards.get(name));
        for function in functions {
            let display = import_display_name(function.interface.as_deref(), &function.function);
            if let Some(target) = forward {
                define_forward(&mut instance, function, display, target)?;
                continue;
            }
            let entry = assigned.get(&function.call_name);
            let behaviour = match entry.map(|entry| &entry.behaviour) {
                None => None,
                Some(MockBehaviour::Log) => Some(PlannedBehaviour::Log),
                Some(MockBehaviour::Results(texts)) => {
                    let key = entry.map(|entry| entry.key.as_str()).unwrap_or_default();
                    Some(PlannedBehaviour::Results(parse_mock_results(
                        function,
                        key,
                        texts,
                        mocks.map(|mocks| mocks.source.as_str()).unwrap_or_default(),
                    )?))
                }
            };
            let plan = Arc::new(ImportPlan {
                display,
                key: entry.map(|entry| entry.key.clone()),
                behaviour,
                resource_names: resource_names.clone(),
            });
            instance
                .func_new(&function.function, move |store, ty, params, results| {
                    call_import(&plan, store, ty, params, results)
                })
                .map_err(link_error)?;
        }
    }
    Ok(linker)
}

/// Defines a plugged import: a host function that calls the plug's export in
/// the same store and records the call (before calling, so calls the plug
/// makes in turn follow it in the log).
fn define_forward(
    instance: &mut wasmtime::component::LinkerInstance<'_, StoreState>,
    function: &FunctionInfo,
    display: String,
    target: &Arc<ForwardTarget>,
) -> Result<(), crate::RunnerError> {
    let export = target
        .functions
        .get(&function.function)
        .copied()
        .ok_or_else(|| {
            crate::RunnerError::Link(format!(
                "{} does not export `{}`",
                target.provider_name, function.function
            ))
        })?;
    let target = target.clone();
    let display = Arc::new(display);
    instance
        .func_new_async(
            &function.function,
            move |mut store, _ty, params, results| {
                let target = target.clone();
                let display = display.clone();
                Box::new(async move {
                    let instance = store
                        .data()
                        .plug_instances
                        .get(target.provider)
                        .copied()
                        .flatten()
                        .ok_or_else(|| {
                            wasmtime::Error::msg(format!(
                                "{display}: the plug {} is not instantiated",
                                target.provider_name
                            ))
                        })?;
                    let func = instance.get_func(&mut store, export).ok_or_else(|| {
                        wasmtime::Error::msg(format!(
                            "{display}: {} has no such export",
                            target.provider_name
                        ))
                    })?;
                    let args = params
                        .iter()
                        .map(|val| format_wave(val, &mut |_| "<resource>".to_string()))
                        .collect();
                    let index = store.data().calls.len();
                    store.data_mut().calls.push(ImportCall {
                        function: display.to_string(),
                        args,
                        result: None,
                        outcome: ImportOutcome::Plugged,
                        provider: Some(target.provider_name.clone()),
                    });
                    func.call_async(&mut store, params, results).await?;
                    let result = results
                        .first()
                        .map(|val| format_wave(val, &mut |_| "<resource>".to_string()));
                    if let Some(record) = store.data_mut().calls.get_mut(index) {
                        record.result = result;
                    }
                    Ok(())
                })
            },
        )
        .map_err(|error| crate::RunnerError::Link(format!("{error:#}")))
}

fn parse_mock_results(
    function: &FunctionInfo,
    key: &str,
    texts: &[String],
    source: &str,
) -> Result<Vec<Val>, MockError> {
    let error = |message: String| MockError {
        source_name: source.to_string(),
        message,
    };
    let Some(result_type) = function.result_type() else {
        return Err(error(format!(
            "mock `{key}`: `{}` returns nothing; use `{key} = \"log\"`",
            function.function
        )));
    };
    if crate::wave::type_contains_resource(&result_type) {
        return Err(error(format!(
            "mock `{key}`: the result type `{}` holds resource handles, which WAVE cannot \
             write; use `{key} = \"log\"` to return fresh host stand-ins",
            crate::wave::type_name(&result_type)
        )));
    }
    texts
        .iter()
        .enumerate()
        .map(|(index, text)| {
            wasm_wave::from_str::<Val>(&result_type, text).map_err(|wave| {
                error(format!(
                    "mock `{key}` result {} (`{text}`) is not a valid `{}`: {wave}",
                    index + 1,
                    crate::wave::type_name(&result_type)
                ))
            })
        })
        .collect()
}

fn resource_id(names: &[String], ty: &ResourceType) -> Option<u32> {
    (0..names.len())
        .filter_map(|id| u32::try_from(id).ok())
        .find(|id| *ty == ResourceType::host_dynamic(*id))
}

/// Describes a value for the call record. Host stand-ins are named
/// `connection#1`: owned ones the host just created are looked up (lifting
/// them here would take them out of the table before the guest gets them);
/// borrowed ones passed in by the guest are lifted to read their rep.
fn describe_value(
    val: &Val,
    store: &mut StoreContextMut<'_, StoreState>,
    names: &[String],
) -> String {
    if let Val::Resource(resource) = val {
        if let Some((_, name)) = store
            .data()
            .mocks
            .stand_ins
            .iter()
            .find(|(known, _)| known == resource)
        {
            return name.clone();
        }
        if !resource.owned()
            && let Some(id) = resource_id(names, &resource.ty())
            && let Ok(dynamic) = ResourceDynamic::try_from_resource_any(*resource, &mut *store)
        {
            return format!("{}#{}", names[id as usize], dynamic.rep());
        }
    }
    format_wave(val, &mut |_| "<resource>".to_string())
}

fn call_import(
    plan: &ImportPlan,
    mut store: StoreContextMut<'_, StoreState>,
    ty: ComponentFunc,
    params: &[Val],
    results: &mut [Val],
) -> wasmtime::Result<()> {
    let args: Vec<String> = params
        .iter()
        .map(|val| describe_value(val, &mut store, &plan.resource_names))
        .collect();
    let mut record = ImportCall {
        function: plan.display.clone(),
        args,
        result: None,
        outcome: ImportOutcome::NotMocked,
        provider: None,
    };
    let outcome = match &plan.behaviour {
        None => Err(wasmtime::Error::new(UnmockedImport {
            import: plan.display.clone(),
        })),
        Some(PlannedBehaviour::Log) => {
            record.outcome = ImportOutcome::Logged;
            let mut filled = Ok(());
            for (slot, result_type) in results.iter_mut().zip(ty.results()) {
                let mut new_resource =
                    |ty: &Type| new_stand_in(&mut store, &plan.resource_names, ty);
                match zero_value(&result_type, &mut new_resource) {
                    Some(val) => *slot = val,
                    None => {
                        filled = Err(wasmtime::Error::msg(format!(
                            "{} is mocked with `log` but its result type `{}` has no zero value",
                            plan.display,
                            crate::wave::type_name(&result_type)
                        )));
                    }
                }
            }
            filled
        }
        Some(PlannedBehaviour::Results(values)) => {
            let key = plan.key.clone().unwrap_or_default();
            let calls = store
                .data_mut()
                .mocks
                .calls_made
                .entry(key.clone())
                .or_insert(0);
            let index = *calls;
            *calls += 1;
            match (values.get(index), results.first_mut()) {
                (Some(value), Some(slot)) => {
                    *slot = value.clone();
                    record.outcome = ImportOutcome::Mocked;
                    Ok(())
                }
                _ => {
                    record.outcome = ImportOutcome::MockExhausted;
                    Err(wasmtime::Error::new(MockExhausted {
                        import: plan.display.clone(),
                        key,
                        calls: index + 1,
                        given: values.len(),
                    }))
                }
            }
        }
    };
    if outcome.is_ok() {
        let names = plan.resource_names.clone();
        record.result = results
            .first()
            .map(|val| describe_value(val, &mut store, &names));
    }
    store.data_mut().calls.push(record);
    outcome
}

fn new_stand_in(
    store: &mut StoreContextMut<'_, StoreState>,
    names: &[String],
    ty: &Type,
) -> Option<Val> {
    let Type::Own(resource_type) = ty else {
        return None;
    };
    let id = resource_id(names, resource_type)?;
    let state = &mut store.data_mut().mocks;
    state.next_rep += 1;
    let rep = state.next_rep;
    let resource = ResourceDynamic::new_own(rep, id)
        .try_into_resource_any(&mut *store)
        .ok()?;
    let name = format!("{}#{rep}", names[id as usize]);
    store.data_mut().mocks.stand_ins.push((resource, name));
    Some(Val::Resource(resource))
}
