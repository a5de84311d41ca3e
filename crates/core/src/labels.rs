//! The one way the core spells an enum that is stored as a code and shown in Chinese:
//! channels, statuses, urgencies, party kinds, event kinds, ... The macro lives in the
//! model so the model's own codes are spelled the same way.

pub(crate) use stationdesk_model::labelled;
