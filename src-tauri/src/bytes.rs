//! Bytes that cross IPC as they are (an `ArrayBuffer` in the window), not as base64 text
//! inside JSON: a rendered PDF, an attachment's photo.

use specta::datatype::DataType;
use tauri::ipc::{InvokeResponseBody, IpcResponse};

/// A command's raw answer; the bindings type it `ArrayBuffer`.
#[derive(Debug)]
pub struct Bytes(pub Vec<u8>);

impl specta::Type for Bytes {
    fn definition(_: &mut specta::Types) -> DataType {
        DataType::Reference(specta_typescript::define("ArrayBuffer"))
    }
}

impl IpcResponse for Bytes {
    fn body(self) -> tauri::Result<InvokeResponseBody> {
        Ok(InvokeResponseBody::Raw(self.0))
    }
}
