//! Tauri commands, one module per domain, each a one-line call into the core.

pub mod cases;
pub mod notices;
pub mod schedule;
pub mod station;
