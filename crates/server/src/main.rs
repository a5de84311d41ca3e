//! `stationdesk-server [--port 1421] [--db PATH] [--create] [--demo N] [--ledger FILE]`: the dev server for
//! `make dev`. Without `--db` it opens `stationdesk-dev.db` in the temp folder; a missing
//! `--db` file is created only with `--create` (as the window's); `--demo N` adds N
//! realistic demo cases (setting up a demo station first if the database has none) and puts
//! the demo staff member on duty; `--ledger FILE` is the ledger 导入台账 previews (a browser
//! has no file dialog of the program's).

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;

use stationdesk_api::AppCtx;
use stationdesk_core::{Location, Missing, Store, demo, station};

struct Args {
    port: u16,
    db: Option<String>,
    demo: usize,
    create: bool,
    ledger: Option<String>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args { port: 1421, db: None, demo: 0, create: false, ledger: None };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((n, v)) => (n.to_owned(), Some(v.to_owned())),
            None => (arg.clone(), None),
        };
        let mut value = || inline.clone().or_else(|| it.next()).ok_or_else(|| format!("{name} 后面缺少取值"));
        match name.as_str() {
            "--port" => args.port = value()?.parse().map_err(|_| "--port 要写端口号，例如 1421".to_owned())?,
            "--db" => args.db = Some(value()?),
            "--create" => args.create = true,
            "--ledger" => args.ledger = Some(value()?),
            "--demo" => args.demo = value()?.parse().map_err(|_| "--demo 要写诉求条数，例如 300".to_owned())?,
            "-h" | "--help" => {
                println!("stationdesk-server [--port 1421] [--db 数据库文件] [--create] [--demo 演示诉求条数]");
                std::process::exit(0);
            }
            other => {
                return Err(format!(
                    "不认识的参数 {other}；用法：stationdesk-server [--port N] [--db PATH] [--create] [--demo N]"
                ));
            }
        }
    }
    Ok(args)
}

const DEMO_STAFF: &str = "演示值班员";

async fn open(args: &Args) -> Result<AppCtx, String> {
    let path = args.db.clone().unwrap_or_else(|| std::env::temp_dir().join("stationdesk-dev.db").display().to_string());
    let location = Location::parse(&path).map_err(|e| e.user_message())?;
    // The dev server's own scratch file, or one it fills with demo cases, may be created;
    // any other path must already hold a station's database.
    let missing = if args.db.is_none() || args.create || args.demo > 0 { Missing::Create } else { Missing::Refuse };
    let (store, _) = Store::open_with(&location, missing)
        .await
        .map_err(|e| format!("无法打开数据库 {path}：{}", e.user_message()))?;
    if args.demo > 0 {
        let st = match station::current_opt(&store).await.map_err(|e| e.user_message())? {
            Some(st) => st,
            None => {
                station::init(&store, "RA", "荣傲家园社区微言服务站", DEMO_STAFF).await.map_err(|e| e.user_message())?.0
            }
        };
        let actor = station::actor_for(&store, &st, DEMO_STAFF).await.map_err(|e| e.user_message())?;
        let n = demo::load(&store, &actor, args.demo, 1, false).await.map_err(|e| e.user_message())?;
        println!("已生成 {n} 条演示诉求");
        let ctx = AppCtx::new(store).await;
        ctx.set_on_duty(actor);
        return Ok(ctx);
    }
    Ok(AppCtx::new(store).await)
}

#[tokio::main]
async fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let ctx = match open(&args).await {
        Ok(ctx) => {
            if let Some(path) = &args.ledger {
                match stationdesk_core::ledger::LedgerFile::read(std::path::Path::new(path)) {
                    Ok(file) => {
                        ctx.keep_ledger(file);
                    }
                    Err(e) => {
                        eprintln!("{}", e.user_message());
                        return ExitCode::FAILURE;
                    }
                }
            }
            Arc::new(ctx)
        }
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let served = stationdesk_server::serve(ctx, args.port, |addr| {
        println!("StationDesk 开发服务器：http://{addr}/invoke/<命令>（Ctrl-C 停止）");
        let _ = std::io::stdout().flush();
    })
    .await;
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("无法在 127.0.0.1:{} 上监听：{e}", args.port);
            ExitCode::FAILURE
        }
    }
}
