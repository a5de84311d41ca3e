//! StationDesk's model: domain values and the rules that are functions of values.
//!
//! Nothing here reads a clock, a file or a database; a rule takes what it needs (the
//! case as it stands, the instant of the step) and returns what follows. Cargo enforces
//! the direction: this crate depends on no I/O crate, and `stationdesk-core` (store and
//! services) depends on it, never the other way round. A second storage backend reuses
//! every rule here instead of writing it again in its SQL dialect.

mod labels;

pub mod audit;
pub mod backup;
pub mod cases;
pub mod china;
pub mod deadlines;
pub mod error;
pub mod holidays;
pub mod input;
pub mod intake;
pub mod ledger;
pub mod open311;
pub mod phone;
pub mod poster;
pub mod report;
pub mod retention;
pub mod roles;
pub mod signups;
pub mod similar;
pub mod stats;
pub mod steps;
pub mod updates;
pub mod workflow;
