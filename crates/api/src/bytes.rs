//! Bytes that cross to the window as they are (an `ArrayBuffer`), not as base64 text inside
//! JSON: a rendered PDF, an attachment's photo. Each front door sends them raw (Tauri's
//! `ipc::Response`, an `application/octet-stream` body over HTTP).

use specta::datatype::DataType;

/// A command's raw answer; the bindings type it `ArrayBuffer`.
#[derive(Debug)]
pub struct Bytes(pub Vec<u8>);

impl specta::Type for Bytes {
    fn definition(_: &mut specta::Types) -> DataType {
        DataType::Reference(specta_typescript::define("ArrayBuffer"))
    }
}
