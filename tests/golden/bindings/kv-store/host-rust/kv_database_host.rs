/// Auto-generated bindings for a pre-instantiated version of a
/// component which implements the world `kv-database`.
///
/// This structure is created through [`KvDatabasePre::new`] which
/// takes a [`InstancePre`](wasmtime::component::InstancePre) that
/// has been created through a [`Linker`](wasmtime::component::Linker).
///
/// For more information see [`KvDatabase`] as well.
pub struct KvDatabasePre<T: 'static> {
    instance_pre: wasmtime::component::InstancePre<T>,
    indices: KvDatabaseIndices,
}
impl<T: 'static> Clone for KvDatabasePre<T> {
    fn clone(&self) -> Self {
        Self {
            instance_pre: self.instance_pre.clone(),
            indices: self.indices.clone(),
        }
    }
}
impl<_T: 'static> KvDatabasePre<_T> {
    /// Creates a new copy of `KvDatabasePre` bindings which can then
    /// be used to instantiate into a particular store.
    ///
    /// This method may fail if the component behind `instance_pre`
    /// does not have the required exports.
    pub fn new(
        instance_pre: wasmtime::component::InstancePre<_T>,
    ) -> wasmtime::Result<Self> {
        let indices = KvDatabaseIndices::new(&instance_pre)?;
        Ok(Self { instance_pre, indices })
    }
    pub fn engine(&self) -> &wasmtime::Engine {
        self.instance_pre.engine()
    }
    pub fn instance_pre(&self) -> &wasmtime::component::InstancePre<_T> {
        &self.instance_pre
    }
    /// Instantiates a new instance of [`KvDatabase`] within the
    /// `store` provided.
    ///
    /// This function will use `self` as the pre-instantiated
    /// instance to perform instantiation. Afterwards the preloaded
    /// indices in `self` are used to lookup all exports on the
    /// resulting instance.
    pub fn instantiate(
        &self,
        mut store: impl wasmtime::AsContextMut<Data = _T>,
    ) -> wasmtime::Result<KvDatabase> {
        let mut store = store.as_context_mut();
        let instance = self.instance_pre.instantiate(&mut store)?;
        self.indices.load(&mut store, &instance)
    }
}
impl<_T: Send + 'static> KvDatabasePre<_T> {
    /// Same as [`Self::instantiate`], except with `async`.
    pub async fn instantiate_async(
        &self,
        mut store: impl wasmtime::AsContextMut<Data = _T>,
    ) -> wasmtime::Result<KvDatabase> {
        let mut store = store.as_context_mut();
        let instance = self.instance_pre.instantiate_async(&mut store).await?;
        self.indices.load(&mut store, &instance)
    }
}
/// Auto-generated bindings for index of the exports of
/// `kv-database`.
///
/// This is an implementation detail of [`KvDatabasePre`] and can
/// be constructed if needed as well.
///
/// For more information see [`KvDatabase`] as well.
#[derive(Clone)]
pub struct KvDatabaseIndices {
    replace_value: wasmtime::component::ComponentExportIndex,
}
/// Auto-generated bindings for an instance a component which
/// implements the world `kv-database`.
///
/// This structure can be created through a number of means
/// depending on your requirements and what you have on hand:
///
/// * The most convenient way is to use
///   [`KvDatabase::instantiate`] which only needs a
///   [`Store`], [`Component`], and [`Linker`].
///
/// * Alternatively you can create a [`KvDatabasePre`] ahead of
///   time with a [`Component`] to front-load string lookups
///   of exports once instead of per-instantiation. This
///   method then uses [`KvDatabasePre::instantiate`] to
///   create a [`KvDatabase`].
///
/// * If you've instantiated the instance yourself already
///   then you can use [`KvDatabase::new`].
///
/// These methods are all equivalent to one another and move
/// around the tradeoff of what work is performed when.
///
/// [`Store`]: wasmtime::Store
/// [`Component`]: wasmtime::component::Component
/// [`Linker`]: wasmtime::component::Linker
pub struct KvDatabase {
    replace_value: wasmtime::component::Func,
}
pub trait KvDatabaseImportsWithStore<T>: wasmtime::component::HasData {}
impl<H: ?Sized, T> KvDatabaseImportsWithStore<T> for H
where
    H: wasmtime::component::HasData,
{}
pub trait KvDatabaseImports {
    /// Writes a line to the host's log.
    fn log(&mut self, msg: wasmtime::component::__internal::String) -> ();
}
impl<_T: KvDatabaseImports + ?Sized> KvDatabaseImports for &mut _T {
    /// Writes a line to the host's log.
    fn log(&mut self, msg: wasmtime::component::__internal::String) -> () {
        KvDatabaseImports::log(*self, msg)
    }
}
const _: () = {
    impl KvDatabaseIndices {
        /// Creates a new copy of `KvDatabaseIndices` bindings which can then
        /// be used to instantiate into a particular store.
        ///
        /// This method may fail if the component does not have the
        /// required exports.
        pub fn new<_T>(
            _instance_pre: &wasmtime::component::InstancePre<_T>,
        ) -> wasmtime::Result<Self> {
            let _component = _instance_pre.component();
            let _instance_type = _instance_pre.instance_type();
            let replace_value = {
                let (item, index) = _component
                    .get_export(None, "replace-value")
                    .ok_or_else(|| {
                        wasmtime::format_err!("no export `replace-value` found")
                    })?;
                match item {
                    wasmtime::component::types::ComponentItem::ComponentFunc(func) => {
                        wasmtime::error::Context::context(
                            func
                                .typecheck::<
                                    (&str, &str),
                                    (Option<wasmtime::component::__internal::String>,),
                                >(&_instance_type),
                            "type-checking export func `replace-value`",
                        )?;
                        index
                    }
                    _ => {
                        Err(
                            wasmtime::format_err!(
                                "export `replace-value` is not a function"
                            ),
                        )?
                    }
                }
            };
            Ok(KvDatabaseIndices { replace_value })
        }
        /// Uses the indices stored in `self` to load an instance
        /// of [`KvDatabase`] from the instance provided.
        ///
        /// Note that at this time this method will additionally
        /// perform type-checks of all exports.
        pub fn load(
            &self,
            mut store: impl wasmtime::AsContextMut,
            instance: &wasmtime::component::Instance,
        ) -> wasmtime::Result<KvDatabase> {
            let _ = &mut store;
            let _instance = instance;
            let replace_value = *_instance
                .get_typed_func::<
                    (&str, &str),
                    (Option<wasmtime::component::__internal::String>,),
                >(&mut store, &self.replace_value)?
                .func();
            Ok(KvDatabase { replace_value })
        }
    }
    impl KvDatabase {
        /// Convenience wrapper around [`KvDatabasePre::new`] and
        /// [`KvDatabasePre::instantiate`].
        pub fn instantiate<_T>(
            store: impl wasmtime::AsContextMut<Data = _T>,
            component: &wasmtime::component::Component,
            linker: &wasmtime::component::Linker<_T>,
        ) -> wasmtime::Result<KvDatabase> {
            let pre = linker.instantiate_pre(component)?;
            KvDatabasePre::new(pre)?.instantiate(store)
        }
        /// Convenience wrapper around [`KvDatabaseIndices::new`] and
        /// [`KvDatabaseIndices::load`].
        pub fn new(
            mut store: impl wasmtime::AsContextMut,
            instance: &wasmtime::component::Instance,
        ) -> wasmtime::Result<KvDatabase> {
            let indices = KvDatabaseIndices::new(&instance.instance_pre(&store))?;
            indices.load(&mut store, instance)
        }
        /// Convenience wrapper around [`KvDatabasePre::new`] and
        /// [`KvDatabasePre::instantiate_async`].
        pub async fn instantiate_async<_T>(
            store: impl wasmtime::AsContextMut<Data = _T>,
            component: &wasmtime::component::Component,
            linker: &wasmtime::component::Linker<_T>,
        ) -> wasmtime::Result<KvDatabase>
        where
            _T: Send,
        {
            let pre = linker.instantiate_pre(component)?;
            KvDatabasePre::new(pre)?.instantiate_async(store).await
        }
        pub fn add_to_linker_imports<T, D>(
            linker: &mut wasmtime::component::Linker<T>,
            host_getter: fn(&mut T) -> D::Data<'_>,
        ) -> wasmtime::Result<()>
        where
            D: KvDatabaseImportsWithStore<T>,
            for<'a> D::Data<'a>: KvDatabaseImports,
            T: 'static,
        {
            let mut linker = linker.root();
            linker
                .func_wrap(
                    "log",
                    move |
                        mut caller: wasmtime::StoreContextMut<'_, T>,
                        (arg0,): (wasmtime::component::__internal::String,)|
                    {
                        let host = &mut host_getter(caller.data_mut());
                        let r = KvDatabaseImports::log(host, arg0);
                        Ok(r)
                    },
                )?;
            Ok(())
        }
        pub fn add_to_linker<T, D>(
            linker: &mut wasmtime::component::Linker<T>,
            host_getter: fn(&mut T) -> D::Data<'_>,
        ) -> wasmtime::Result<()>
        where
            D: sample::kv_store::kvdb::HostWithStore<T> + KvDatabaseImportsWithStore<T>,
            for<'a> D::Data<'a>: sample::kv_store::kvdb::Host + KvDatabaseImports,
            T: 'static,
        {
            Self::add_to_linker_imports::<T, D>(linker, host_getter)?;
            sample::kv_store::kvdb::add_to_linker::<T, D>(linker, host_getter)?;
            Ok(())
        }
        pub fn func_replace_value(
            &self,
        ) -> wasmtime::component::TypedFunc<
            (&str, &str),
            (Option<wasmtime::component::__internal::String>,),
        > {
            unsafe {
                wasmtime::component::TypedFunc::<
                    (&str, &str),
                    (Option<wasmtime::component::__internal::String>,),
                >::new_unchecked(self.replace_value)
            }
        }
        /// Stores `value` under `key` and returns the value it replaced.
        pub fn call_replace_value<S: wasmtime::AsContextMut>(
            &self,
            mut store: S,
            arg0: &str,
            arg1: &str,
        ) -> wasmtime::Result<Option<wasmtime::component::__internal::String>> {
            let callee = self.func_replace_value();
            let (ret0,) = callee.call(store.as_context_mut(), (arg0, arg1))?;
            Ok(ret0)
        }
    }
};
pub mod sample {
    pub mod kv_store {
        #[allow(clippy::all)]
        pub mod kvdb {
            #[allow(unused_imports)]
            use wasmtime::component::__internal::Box;
            /// An open connection to the database.
            pub enum Connection {}
            pub trait HostConnectionWithStore<T>: wasmtime::component::HasData {}
            impl<H: ?Sized, T> HostConnectionWithStore<T> for H
            where
                H: wasmtime::component::HasData,
            {}
            pub trait HostConnection {
                /// Opens a new connection.
                fn new(&mut self) -> wasmtime::component::Resource<Connection>;
                /// Returns the value stored under `key`, if any.
                fn get(
                    &mut self,
                    self_: wasmtime::component::Resource<Connection>,
                    key: wasmtime::component::__internal::String,
                ) -> Option<wasmtime::component::__internal::String>;
                /// Stores `value` under `key`, replacing what was there.
                fn set(
                    &mut self,
                    self_: wasmtime::component::Resource<Connection>,
                    key: wasmtime::component::__internal::String,
                    value: wasmtime::component::__internal::String,
                ) -> ();
                fn drop(
                    &mut self,
                    rep: wasmtime::component::Resource<Connection>,
                ) -> wasmtime::Result<()>;
            }
            impl<_T: HostConnection + ?Sized> HostConnection for &mut _T {
                /// Opens a new connection.
                fn new(&mut self) -> wasmtime::component::Resource<Connection> {
                    HostConnection::new(*self)
                }
                /// Returns the value stored under `key`, if any.
                fn get(
                    &mut self,
                    self_: wasmtime::component::Resource<Connection>,
                    key: wasmtime::component::__internal::String,
                ) -> Option<wasmtime::component::__internal::String> {
                    HostConnection::get(*self, self_, key)
                }
                /// Stores `value` under `key`, replacing what was there.
                fn set(
                    &mut self,
                    self_: wasmtime::component::Resource<Connection>,
                    key: wasmtime::component::__internal::String,
                    value: wasmtime::component::__internal::String,
                ) -> () {
                    HostConnection::set(*self, self_, key, value)
                }
                fn drop(
                    &mut self,
                    rep: wasmtime::component::Resource<Connection>,
                ) -> wasmtime::Result<()> {
                    HostConnection::drop(*self, rep)
                }
            }
            pub trait HostWithStore<
                T,
            >: wasmtime::component::HasData + HostConnectionWithStore<T> {}
            impl<H: ?Sized, T> HostWithStore<T> for H
            where
                H: wasmtime::component::HasData + HostConnectionWithStore<T>,
            {}
            pub trait Host: HostConnection {}
            impl<_T: Host + ?Sized> Host for &mut _T {}
            pub fn add_to_linker_instance<T, D>(
                inst: &mut wasmtime::component::LinkerInstance<'_, T>,
                host_getter: fn(&mut T) -> D::Data<'_>,
            ) -> wasmtime::Result<()>
            where
                D: HostWithStore<T>,
                for<'a> D::Data<'a>: Host,
                T: 'static,
            {
                inst.resource(
                    "connection",
                    wasmtime::component::ResourceType::host::<Connection>(),
                    move |mut store, rep| -> wasmtime::Result<()> {
                        let resource = wasmtime::component::Resource::new_own(rep);
                        wasmtime::ToWasmtimeResult::to_wasmtime_result(
                            HostConnection::drop(
                                &mut host_getter(store.data_mut()),
                                resource,
                            ),
                        )
                    },
                )?;
                inst.func_wrap(
                    "[constructor]connection",
                    move |mut caller: wasmtime::StoreContextMut<'_, T>, (): ()| {
                        let host = &mut host_getter(caller.data_mut());
                        let r = HostConnection::new(host);
                        Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "[method]connection.get",
                    move |
                        mut caller: wasmtime::StoreContextMut<'_, T>,
                        (
                            arg0,
                            arg1,
                        ): (
                            wasmtime::component::Resource<Connection>,
                            wasmtime::component::__internal::String,
                        )|
                    {
                        let host = &mut host_getter(caller.data_mut());
                        let r = HostConnection::get(host, arg0, arg1);
                        Ok((r,))
                    },
                )?;
                inst.func_wrap(
                    "[method]connection.set",
                    move |
                        mut caller: wasmtime::StoreContextMut<'_, T>,
                        (
                            arg0,
                            arg1,
                            arg2,
                        ): (
                            wasmtime::component::Resource<Connection>,
                            wasmtime::component::__internal::String,
                            wasmtime::component::__internal::String,
                        )|
                    {
                        let host = &mut host_getter(caller.data_mut());
                        let r = HostConnection::set(host, arg0, arg1, arg2);
                        Ok(r)
                    },
                )?;
                Ok(())
            }
            pub fn add_to_linker<T, D>(
                linker: &mut wasmtime::component::Linker<T>,
                host_getter: fn(&mut T) -> D::Data<'_>,
            ) -> wasmtime::Result<()>
            where
                D: HostWithStore<T>,
                for<'a> D::Data<'a>: Host,
                T: 'static,
            {
                let mut inst = linker.instance("sample:kv-store/kvdb@0.1.0")?;
                add_to_linker_instance::<T, D>(&mut inst, host_getter)
            }
        }
    }
}
