//! The protocol's methods, one file each: `requests/` (standard requests: a free function
//! over a [`RequestSnapshot`](crate::snapshot::RequestSnapshot), or over the session for the
//! few that change it or run asynchronously), `notifications/` (over the session) and
//! `custom/` (the `wit/*` methods). Feature logic lives in `wit_analysis::ide`, the runner
//! and the binding generators; handlers convert positions and shapes.

pub mod custom;
pub mod notifications;
pub mod requests;
