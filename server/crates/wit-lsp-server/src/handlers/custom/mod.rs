//! The custom `wit/*` requests, one file per method.

pub mod bindings;
pub mod bindings_cache_status;
pub mod component_wit;
pub mod compose;
pub mod document_text;
pub mod end_session;
pub mod run_export;
pub mod run_template;
pub mod validate_call;
