//! StationDesk's core: everything a community service station's desk does, without Tauri.
//!
//! The domain modules (`cases`, `station`) hold the rules and the services that the window
//! and `stationdesk-cli` both call; `store` is the only module that speaks SQL; `search`
//! cuts Chinese text for the index; `demo` makes realistic synthetic data.

mod labels;

pub mod accounts;
pub mod attachments;
pub mod audit;
pub mod audit_log;
pub mod backup;
pub mod cases;
pub mod database_choice;
/// Urgency, time limits, the working-day calendar and due states: pure, in the model.
pub use stationdesk_model::deadlines;
pub mod demo;
pub mod district;
pub mod error;
pub mod holidays;
pub mod ledger;
/// What any input may hold (date range, clean text, excerpts in messages): the model's rules.
pub use stationdesk_model::input;
pub use stationdesk_model::roles;
pub mod notices;
pub mod open311;
pub mod parties;
pub mod personal_data;
pub mod prints;
pub mod private_files;
pub mod rates;
pub mod report;
pub mod retention;
pub mod schedule;
pub mod search;
pub mod settings;
pub mod settings_file;
pub mod station;
pub mod store;
pub mod timeline;
pub mod updates;
pub mod vocabulary;
pub mod workflow;

pub use chrono::NaiveDate;
pub use error::{CoreError, ErrorCode, FieldError, Result};
pub use store::{Actor, ChainBreak, ChainCheck, Location, Missing, Store};
