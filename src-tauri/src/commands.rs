//! The Tauri commands, generated from the one list in `stationdesk_api::with_commands!`:
//! each is a one-line call into `stationdesk_api::commands`. Raw-bytes answers go out as
//! `ipc::Response` bodies, progress as a `Channel`; the commands that show dialogs are
//! written by hand in `desktop`.

use specta::datatype::DataType;
use stationdesk_api::prelude::*;
use tauri::State;
use tauri::ipc::{InvokeResponseBody, IpcResponse};

/// [`Bytes`] as Tauri sends them: the response body itself, an `ArrayBuffer` in the window.
#[derive(Debug)]
pub struct RawBytes(Bytes);

impl specta::Type for RawBytes {
    fn definition(types: &mut specta::Types) -> DataType {
        Bytes::definition(types)
    }
}

impl IpcResponse for RawBytes {
    fn body(self) -> tauri::Result<InvokeResponseBody> {
        Ok(InvokeResponseBody::Raw(self.0.0))
    }
}

macro_rules! tauri_commands {
    (
        json { $($(#[$attr:meta])* $m:ident :: $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty;)* }
        bytes { $($(#[$battr:meta])* $bm:ident :: $bname:ident ( $($barg:ident : $bty:ty),* );)* }
        progress { $($(#[$pattr:meta])* $pm:ident :: $pname:ident ( $($parg:ident : $pty:ty),* ) -> $pret:ty, $pprog:ty;)* }
        desktop { $($dname:ident ( $($darg:ident : $dty:ty),* ) -> $dret:ty;)* }
    ) => {
        $(
            $(#[$attr])*
            #[tauri::command]
            #[specta::specta]
            pub async fn $name(ctx: State<'_, AppCtx>, $($arg: $ty),*) -> AppResult<$ret> {
                stationdesk_api::commands::$m::$name(&ctx, $($arg),*).await
            }
        )*
        $(
            $(#[$battr])*
            #[tauri::command]
            #[specta::specta]
            pub async fn $bname(ctx: State<'_, AppCtx>, $($barg: $bty),*) -> AppResult<RawBytes> {
                stationdesk_api::commands::$bm::$bname(&ctx, $($barg),*).await.map(RawBytes)
            }
        )*
        $(
            $(#[$pattr])*
            #[tauri::command]
            #[specta::specta]
            pub async fn $pname(
                ctx: State<'_, AppCtx>,
                $($parg: $pty,)*
                progress: tauri::ipc::Channel<$pprog>,
            ) -> AppResult<$pret> {
                let mut send = |p: $pprog| {
                    let _ = progress.send(p);
                };
                stationdesk_api::commands::$pm::$pname(&ctx, $($parg,)* &mut send).await
            }
        )*

        /// Every command the window may call, with its types, for Tauri and the bindings.
        pub fn builder() -> tauri_specta::Builder<tauri::Wry> {
            tauri_specta::Builder::<tauri::Wry>::new().commands(tauri_specta::collect_commands![
                $($name,)* $($bname,)* $($pname,)* $(crate::desktop::$dname,)*
            ])
        }
    };
}

stationdesk_api::with_commands!(tauri_commands);
