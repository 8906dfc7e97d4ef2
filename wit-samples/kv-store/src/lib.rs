//! The `sample:kv-store/kv-database` world: replaces a value through the
//! host's database and logs what it does.

wit_bindgen::generate!({ path: "wit", world: "kv-database" });

use sample::kv_store::kvdb::Connection;

struct KvStore;

impl Guest for KvStore {
    fn replace_value(key: String, value: String) -> Option<String> {
        log(&format!("replacing `{key}`"));
        let connection = Connection::new();
        let old = connection.get(&key);
        connection.set(&key, &value);
        old
    }
}

export!(KvStore);
