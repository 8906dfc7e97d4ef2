/// Auto-generated bindings for a pre-instantiated version of a
/// component which implements the world `adder`.
///
/// This structure is created through [`AdderPre::new`] which
/// takes a [`InstancePre`](wasmtime::component::InstancePre) that
/// has been created through a [`Linker`](wasmtime::component::Linker).
///
/// For more information see [`Adder`] as well.
pub struct AdderPre<T: 'static> {
    instance_pre: wasmtime::component::InstancePre<T>,
    indices: AdderIndices,
}
impl<T: 'static> Clone for AdderPre<T> {
    fn clone(&self) -> Self {
        Self {
            instance_pre: self.instance_pre.clone(),
            indices: self.indices.clone(),
        }
    }
}
impl<_T: 'static> AdderPre<_T> {
    /// Creates a new copy of `AdderPre` bindings which can then
    /// be used to instantiate into a particular store.
    ///
    /// This method may fail if the component behind `instance_pre`
    /// does not have the required exports.
    pub fn new(
        instance_pre: wasmtime::component::InstancePre<_T>,
    ) -> wasmtime::Result<Self> {
        let indices = AdderIndices::new(&instance_pre)?;
        Ok(Self { instance_pre, indices })
    }
    pub fn engine(&self) -> &wasmtime::Engine {
        self.instance_pre.engine()
    }
    pub fn instance_pre(&self) -> &wasmtime::component::InstancePre<_T> {
        &self.instance_pre
    }
    /// Instantiates a new instance of [`Adder`] within the
    /// `store` provided.
    ///
    /// This function will use `self` as the pre-instantiated
    /// instance to perform instantiation. Afterwards the preloaded
    /// indices in `self` are used to lookup all exports on the
    /// resulting instance.
    pub fn instantiate(
        &self,
        mut store: impl wasmtime::AsContextMut<Data = _T>,
    ) -> wasmtime::Result<Adder> {
        let mut store = store.as_context_mut();
        let instance = self.instance_pre.instantiate(&mut store)?;
        self.indices.load(&mut store, &instance)
    }
}
impl<_T: Send + 'static> AdderPre<_T> {
    /// Same as [`Self::instantiate`], except with `async`.
    pub async fn instantiate_async(
        &self,
        mut store: impl wasmtime::AsContextMut<Data = _T>,
    ) -> wasmtime::Result<Adder> {
        let mut store = store.as_context_mut();
        let instance = self.instance_pre.instantiate_async(&mut store).await?;
        self.indices.load(&mut store, &instance)
    }
}
/// Auto-generated bindings for index of the exports of
/// `adder`.
///
/// This is an implementation detail of [`AdderPre`] and can
/// be constructed if needed as well.
///
/// For more information see [`Adder`] as well.
#[derive(Clone)]
pub struct AdderIndices {
    interface0: exports::docs::calculator::add::GuestIndices,
}
/// Auto-generated bindings for an instance a component which
/// implements the world `adder`.
///
/// This structure can be created through a number of means
/// depending on your requirements and what you have on hand:
///
/// * The most convenient way is to use
///   [`Adder::instantiate`] which only needs a
///   [`Store`], [`Component`], and [`Linker`].
///
/// * Alternatively you can create a [`AdderPre`] ahead of
///   time with a [`Component`] to front-load string lookups
///   of exports once instead of per-instantiation. This
///   method then uses [`AdderPre::instantiate`] to
///   create a [`Adder`].
///
/// * If you've instantiated the instance yourself already
///   then you can use [`Adder::new`].
///
/// These methods are all equivalent to one another and move
/// around the tradeoff of what work is performed when.
///
/// [`Store`]: wasmtime::Store
/// [`Component`]: wasmtime::component::Component
/// [`Linker`]: wasmtime::component::Linker
pub struct Adder {
    interface0: exports::docs::calculator::add::Guest,
}
const _: () = {
    impl AdderIndices {
        /// Creates a new copy of `AdderIndices` bindings which can then
        /// be used to instantiate into a particular store.
        ///
        /// This method may fail if the component does not have the
        /// required exports.
        pub fn new<_T>(
            _instance_pre: &wasmtime::component::InstancePre<_T>,
        ) -> wasmtime::Result<Self> {
            let _component = _instance_pre.component();
            let _instance_type = _instance_pre.instance_type();
            let interface0 = exports::docs::calculator::add::GuestIndices::new(
                _instance_pre,
            )?;
            Ok(AdderIndices { interface0 })
        }
        /// Uses the indices stored in `self` to load an instance
        /// of [`Adder`] from the instance provided.
        ///
        /// Note that at this time this method will additionally
        /// perform type-checks of all exports.
        pub fn load(
            &self,
            mut store: impl wasmtime::AsContextMut,
            instance: &wasmtime::component::Instance,
        ) -> wasmtime::Result<Adder> {
            let _ = &mut store;
            let _instance = instance;
            let interface0 = self.interface0.load(&mut store, &_instance)?;
            Ok(Adder { interface0 })
        }
    }
    impl Adder {
        /// Convenience wrapper around [`AdderPre::new`] and
        /// [`AdderPre::instantiate`].
        pub fn instantiate<_T>(
            store: impl wasmtime::AsContextMut<Data = _T>,
            component: &wasmtime::component::Component,
            linker: &wasmtime::component::Linker<_T>,
        ) -> wasmtime::Result<Adder> {
            let pre = linker.instantiate_pre(component)?;
            AdderPre::new(pre)?.instantiate(store)
        }
        /// Convenience wrapper around [`AdderIndices::new`] and
        /// [`AdderIndices::load`].
        pub fn new(
            mut store: impl wasmtime::AsContextMut,
            instance: &wasmtime::component::Instance,
        ) -> wasmtime::Result<Adder> {
            let indices = AdderIndices::new(&instance.instance_pre(&store))?;
            indices.load(&mut store, instance)
        }
        /// Convenience wrapper around [`AdderPre::new`] and
        /// [`AdderPre::instantiate_async`].
        pub async fn instantiate_async<_T>(
            store: impl wasmtime::AsContextMut<Data = _T>,
            component: &wasmtime::component::Component,
            linker: &wasmtime::component::Linker<_T>,
        ) -> wasmtime::Result<Adder>
        where
            _T: Send,
        {
            let pre = linker.instantiate_pre(component)?;
            AdderPre::new(pre)?.instantiate_async(store).await
        }
        pub fn docs_calculator_add(&self) -> &exports::docs::calculator::add::Guest {
            &self.interface0
        }
    }
};
pub mod exports {
    pub mod docs {
        pub mod calculator {
            #[allow(clippy::all)]
            pub mod add {
                #[allow(unused_imports)]
                use wasmtime::component::__internal::Box;
                #[derive(Clone)]
                pub struct Guest {
                    add: wasmtime::component::Func,
                }
                #[derive(Clone)]
                pub struct GuestIndices {
                    add: wasmtime::component::ComponentExportIndex,
                }
                impl GuestIndices {
                    /// Constructor for [`GuestIndices`] which takes a
                    /// [`Component`](wasmtime::component::Component) as input and can be executed
                    /// before instantiation.
                    ///
                    /// This constructor can be used to front-load string lookups to find exports
                    /// within a component.
                    pub fn new<_T>(
                        _instance_pre: &wasmtime::component::InstancePre<_T>,
                    ) -> wasmtime::Result<GuestIndices> {
                        let instance = _instance_pre
                            .component()
                            .get_export_index(None, "docs:calculator/add@0.1.0")
                            .ok_or_else(|| {
                                wasmtime::format_err!(
                                    "no exported instance named `docs:calculator/add@0.1.0`"
                                )
                            })?;
                        let mut lookup = move |name: &str| {
                            _instance_pre
                                .component()
                                .get_export_index(Some(&instance), name)
                                .ok_or_else(|| {
                                    wasmtime::format_err!(
                                        "instance export `docs:calculator/add@0.1.0` does \
                not have export `{name}`"
                                    )
                                })
                        };
                        let _ = &mut lookup;
                        let add = lookup("add")?;
                        Ok(GuestIndices { add })
                    }
                    pub fn load(
                        &self,
                        mut store: impl wasmtime::AsContextMut,
                        instance: &wasmtime::component::Instance,
                    ) -> wasmtime::Result<Guest> {
                        let _instance = instance;
                        let _instance_pre = _instance.instance_pre(&store);
                        let _instance_type = _instance_pre.instance_type();
                        let mut store = store.as_context_mut();
                        let _ = &mut store;
                        let add = *_instance
                            .get_typed_func::<(i32, i32), (i32,)>(&mut store, &self.add)?
                            .func();
                        Ok(Guest { add })
                    }
                }
                impl Guest {
                    pub fn func_add(
                        &self,
                    ) -> wasmtime::component::TypedFunc<(i32, i32), (i32,)> {
                        unsafe {
                            wasmtime::component::TypedFunc::<
                                (i32, i32),
                                (i32,),
                            >::new_unchecked(self.add)
                        }
                    }
                    /// Adds two signed 32-bit integers. Wraps on overflow.
                    pub fn call_add<S: wasmtime::AsContextMut>(
                        &self,
                        mut store: S,
                        arg0: i32,
                        arg1: i32,
                    ) -> wasmtime::Result<i32> {
                        let callee = self.func_add();
                        let (ret0,) = callee.call(store.as_context_mut(), (arg0, arg1))?;
                        Ok(ret0)
                    }
                }
            }
        }
    }
}
