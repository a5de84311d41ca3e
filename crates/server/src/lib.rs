//! `stationdesk-server`: the window's commands over HTTP, for developing the UI in a plain
//! browser against the real core (no mock backend). `POST /invoke/<command>` takes the same
//! JSON arguments Tauri's `invoke` gets (camelCase names) and answers JSON, raw bytes for
//! the bytes commands, or the same `AppError` JSON on failure. The routes are generated
//! from the one command list, `stationdesk_api::with_commands!`; the commands that need the
//! desktop (file dialogs, the system PDF viewer) answer `not_supported` in Chinese.
//!
//! It listens on 127.0.0.1 only: it is a developer's tool, with no login.

use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::body::Bytes as Body;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde::Serialize;
use serde::de::DeserializeOwned;
use stationdesk_api::prelude::*;
use stationdesk_core::ErrorCode;

/// A command's answer: JSON, or the raw bytes of a PDF or an attachment.
#[derive(Debug)]
pub enum Answer {
    Json(serde_json::Value),
    Bytes(Vec<u8>),
}

fn args<T: DeserializeOwned>(command: &str, value: serde_json::Value) -> AppResult<T> {
    serde_json::from_value(value).map_err(|e| {
        // The detail is for the developer's terminal; the page gets a sentence.
        eprintln!("{command}: 参数不正确：{e}");
        AppError::new(ErrorCode::InvalidInput, format!("命令 {command} 收到的参数不正确（详情见开发服务器的输出）"))
    })
}

fn json<T: Serialize>(value: T) -> AppResult<Answer> {
    serde_json::to_value(value)
        .map(Answer::Json)
        .map_err(|_| AppError::new(ErrorCode::Internal, "结果无法转换为 JSON：程序内部出错"))
}

fn desktop_only(command: &str) -> AppError {
    let what = match command {
        "add_attachments" | "add_dropped_attachments" => "添加附件（需要选择本机文件）",
        "pick_notice_font_file" => "选择字体文件",
        "save_notice_pdf" => "保存 PDF（需要选择保存位置）",
        "open_notice_pdf" => "用系统的 PDF 阅读器打开和打印",
        _ => "这个操作",
    };
    AppError::new(ErrorCode::NotSupported, format!("浏览器开发模式下不支持{what}，请在工作台程序里操作"))
}

macro_rules! server_dispatch {
    (
        json { $($(#[$attr:meta])* $m:ident :: $name:ident ( $($arg:ident : $ty:ty),* ) -> $ret:ty;)* }
        bytes { $($(#[$battr:meta])* $bm:ident :: $bname:ident ( $($barg:ident : $bty:ty),* );)* }
        progress { $($(#[$pattr:meta])* $pm:ident :: $pname:ident ( $($parg:ident : $pty:ty),* ) -> $pret:ty, $pprog:ty;)* }
        desktop { $($dname:ident ( $($darg:ident : $dty:ty),* ) -> $dret:ty;)* }
    ) => {
        /// Runs one command with its JSON arguments, as the desktop shell would.
        pub async fn dispatch(ctx: &AppCtx, command: &str, body: serde_json::Value) -> AppResult<Answer> {
            match command {
                $(stringify!($name) => {
                    #[derive(serde::Deserialize)]
                    #[serde(rename_all = "camelCase")]
                    struct Args { $($arg: $ty,)* }
                    let Args { $($arg,)* } = args(command, body)?;
                    json(stationdesk_api::commands::$m::$name(ctx, $($arg),*).await?)
                })*
                $(stringify!($bname) => {
                    #[derive(serde::Deserialize)]
                    #[serde(rename_all = "camelCase")]
                    struct Args { $($barg: $bty,)* }
                    let Args { $($barg,)* } = args(command, body)?;
                    Ok(Answer::Bytes(stationdesk_api::commands::$bm::$bname(ctx, $($barg),*).await?.0))
                })*
                $(stringify!($pname) => {
                    // The progress channel is the desktop's; here the answer comes at the end.
                    #[derive(serde::Deserialize)]
                    #[serde(rename_all = "camelCase")]
                    struct Args { $($parg: $pty,)* }
                    let Args { $($parg,)* } = args(command, body)?;
                    let mut ignore = |_: $pprog| {};
                    json(stationdesk_api::commands::$pm::$pname(ctx, $($parg,)* &mut ignore).await?)
                })*
                $(stringify!($dname) => Err(desktop_only(command)),)*
                _ => Err(AppError::new(ErrorCode::NotFound, format!("没有名为 {command} 的命令"))),
            }
        }
    };
}

stationdesk_api::with_commands!(server_dispatch);

fn status(code: ErrorCode) -> StatusCode {
    match code {
        ErrorCode::InvalidInput => StatusCode::BAD_REQUEST,
        ErrorCode::NotFound => StatusCode::NOT_FOUND,
        ErrorCode::Conflict | ErrorCode::Busy => StatusCode::CONFLICT,
        ErrorCode::NoStaff => StatusCode::FORBIDDEN,
        ErrorCode::NotSupported => StatusCode::NOT_IMPLEMENTED,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

async fn invoke(State(ctx): State<Arc<AppCtx>>, Path(command): Path<String>, body: Body) -> Response {
    let value = if body.is_empty() {
        Ok(serde_json::Value::Object(serde_json::Map::new()))
    } else {
        serde_json::from_slice(&body)
            .map_err(|_| AppError::new(ErrorCode::InvalidInput, "请求内容不是有效的 JSON".to_owned()))
    };
    match async { dispatch(&ctx, &command, value?).await }.await {
        Ok(Answer::Json(v)) => axum::Json(v).into_response(),
        Ok(Answer::Bytes(b)) => ([(header::CONTENT_TYPE, "application/octet-stream")], b).into_response(),
        Err(e) => (status(e.code), axum::Json(e)).into_response(),
    }
}

/// The routes: `POST /invoke/<command>`.
pub fn router(ctx: Arc<AppCtx>) -> Router {
    Router::new().route("/invoke/{command}", post(invoke)).with_state(ctx)
}

/// Serves on 127.0.0.1:`port` (0: any free port) until Ctrl-C; `ready` gets the address.
pub async fn serve(ctx: Arc<AppCtx>, port: u16, ready: impl FnOnce(SocketAddr)) -> std::io::Result<()> {
    let listener = tokio::net::TcpListener::bind((std::net::Ipv4Addr::LOCALHOST, port)).await?;
    ready(listener.local_addr()?);
    axum::serve(listener, router(Arc::clone(&ctx)))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await?;
    ctx.close().await;
    Ok(())
}
