//! The commands, one module per domain, each a one-line call into the core; listed once
//! in [`crate::with_commands!`].

pub mod accounts;
pub mod audit;
pub mod backup;
pub mod cases;
pub mod district;
pub mod holidays;
pub mod ledger;
pub mod notices;
pub mod privacy;
pub mod report;
pub mod schedule;
pub mod station;
pub mod updates;
