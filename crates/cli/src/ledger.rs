//! `import cases FILE` and `export cases --out X.xlsx`: the station's Excel ledgers in and
//! out through the core's `ledger` services, as the window does.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use stationdesk_core::cases::{CHINA_OFFSET, CaseQuery};
use stationdesk_core::ledger::export::ExportOptions;
use stationdesk_core::ledger::{self, Corrections, ImportOptions, LedgerFile, Numbering};
use stationdesk_core::open311::{self, PublicStatus};
use stationdesk_core::{Actor, CoreError, Store, input};

use crate::print_json;

#[derive(Debug, Subcommand)]
pub(crate) enum ImportCommand {
    /// Import the station's ledger (.xlsx, .xls, .csv in UTF-8 or GBK) as cases, all rows
    /// or none; rows imported from the same file before are skipped.
    Cases(ImportArgs),
    /// Import the parties directory (相关方名录: 单位名称, 类型, 联系人, 电话, 备注) from
    /// .xlsx, .xls or .csv; all rows or none; names already in the directory are skipped.
    Parties(ImportPartiesArgs),
    /// Sign residents up for one occurrence of an event from its roster (报名名单: 姓名,
    /// 电话, 备注, 是否同意) in .xlsx, .xls or .csv; all rows or none; residents already
    /// signed up are skipped; beyond the capacity they wait, in sheet order.
    Roster(ImportRosterArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ImportRosterArgs {
    file: PathBuf,
    /// The event id.
    #[arg(long)]
    event: i64,
    /// The occurrence's start, `2026-12-03 09:00`.
    #[arg(long)]
    at: String,
    /// Show who would be signed up; save nothing.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ImportPartiesArgs {
    file: PathBuf,
    /// Show what would be added; save nothing.
    #[arg(long)]
    dry_run: bool,
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    file: PathBuf,
    /// A JSON file correcting the recognised columns: {"反映问题": "content", "F": "ignore"}.
    #[arg(long)]
    mapping: Option<PathBuf>,
    /// Show what would be imported and every refused row; save nothing.
    #[arg(long)]
    dry_run: bool,
    /// Give every case the next free number instead of keeping the ledger's 序号.
    #[arg(long)]
    new_numbers: bool,
}

#[derive(Debug, Subcommand)]
pub(crate) enum ExportCommand {
    /// The register (with the filters of `case list`) as an .xlsx ledger, with the rates by month.
    Cases(ExportArgs),
    /// Open311 GeoReport v2: the requests (with these filters) or, with --services, the
    /// service list, as JSON or XML by --out's extension; no resident name, phone or room.
    Open311(Open311Args),
}

#[derive(Debug, Args)]
pub(crate) struct Open311Args {
    /// requests.json or requests.xml (services.json|xml with --services).
    #[arg(long)]
    out: PathBuf,
    /// The service list (the case categories) instead of the requests.
    #[arg(long)]
    services: bool,
    /// Received on or after this date (2025-01-01).
    #[arg(long)]
    from: Option<String>,
    /// Received on or before this date.
    #[arg(long)]
    to: Option<String>,
    /// open or closed (as the spec), or one of the register's statuses (受理, 办结…).
    #[arg(long)]
    status: Option<String>,
    #[arg(long)]
    channel: Option<String>,
    #[arg(long)]
    category: Option<String>,
    /// Words to search for, as `case search`.
    #[arg(long)]
    search: Option<String>,
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    #[arg(long)]
    out: PathBuf,
    #[arg(long)]
    status: Option<String>,
    #[arg(long)]
    channel: Option<String>,
    #[arg(long)]
    category: Option<String>,
    /// Words to search for, as `case search`.
    #[arg(long)]
    search: Option<String>,
    /// Write full phone numbers (masked by default: 138****1234).
    #[arg(long)]
    full_phones: bool,
}

fn mapping(path: &PathBuf) -> Result<Corrections, CoreError> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        CoreError::invalid(
            "mapping",
            format!("无法读取对应关系文件 {}：{}", path.display(), stationdesk_core::error::io_reason(&e)),
        )
    })?;
    serde_json::from_str(&text).map_err(|_| {
        CoreError::invalid(
            "mapping",
            format!(
                "对应关系文件 {} 不是有效的 JSON：应写成 {{\"表头或列字母\": \"项目\"}}，例如 {{\"反映问题\": \"content\", \"F\": \"ignore\"}}",
                path.display()
            ),
        )
    })
}

pub(crate) async fn import(store: &Store, actor: &Actor, args: &ImportArgs, json: bool) -> Result<(), CoreError> {
    let file = LedgerFile::read(&args.file)?;
    let options = ImportOptions {
        numbering: if args.new_numbers { Numbering::New } else { Numbering::Keep },
        corrections: args.mapping.as_ref().map(mapping).transpose()?.unwrap_or_default(),
    };
    if args.dry_run {
        let p = ledger::preview(store, actor.station_id, &file, &options).await?;
        if json {
            print_json(&p);
            return Ok(());
        }
        crate::outln!("文件：{}（工作表 {}），表头在第 {} 行", p.file_name, p.sheet, p.mapping.header_row);
        for c in &p.mapping.columns {
            let field = c.field.map_or("不导入", |f| f.label());
            crate::outln!("  {} {} → {}", c.letter, c.header, field);
        }
        crate::outln!(
            "可导入 {} 行，以前已导入 {} 行，空行或说明行 {} 行，有误 {} 行",
            p.ready,
            p.already_imported,
            p.skipped,
            p.refused_rows
        );
        for r in &p.first {
            crate::outln!(
                "  第 {} 行  {}  {}  {}  {}  {}",
                r.row,
                r.number.as_deref().unwrap_or("新编号"),
                r.received_at.with_timezone(&CHINA_OFFSET).format("%Y-%m-%d %H:%M"),
                r.status.label(),
                r.title,
                r.phone_masked.as_deref().unwrap_or("")
            );
        }
        for r in &p.refused {
            crate::outln!("  有误：{r}");
        }
        return Ok(());
    }
    let report = ledger::import(store, actor, &file, &options).await?;
    if json {
        print_json(&report);
    } else {
        crate::outln!(
            "已导入 {} 条诉求（{}），以前已导入而略过 {} 行，空行或说明行 {} 行",
            report.imported,
            report.file_name,
            report.already_imported,
            report.skipped
        );
    }
    Ok(())
}

pub(crate) async fn export(store: &Store, actor: &Actor, args: &ExportArgs, json: bool) -> Result<(), CoreError> {
    let query: CaseQuery =
        crate::list_query(store, actor.station_id, &args.status, &args.channel, &args.category, args.search.clone())
            .await?;
    let started = std::time::Instant::now();
    let bytes = ledger::export::export(store, actor, &query, &ExportOptions { full_phones: args.full_phones }).await?;
    stationdesk_core::private_files::write(&args.out, &bytes).map_err(|e| {
        CoreError::Conflict(format!(
            "无法写入 {}：{}（文件是否正在 Excel 中打开？）",
            args.out.display(),
            stationdesk_core::error::io_reason(&e)
        ))
    })?;
    if json {
        print_json(&serde_json::json!({ "out": args.out.display().to_string(), "bytes": bytes.len() }));
    } else {
        crate::outln!(
            "已导出到 {}（{} KB，用时 {:.1} 秒）",
            args.out.display(),
            bytes.len() / 1024,
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}

pub(crate) fn date_arg(field: &str, text: &Option<String>) -> Result<Option<chrono::NaiveDate>, CoreError> {
    text.as_deref()
        .map(|t| {
            chrono::NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
                .ok()
                .filter(|d| (input::EARLIEST_DATE..=input::LATEST_DATE).contains(d))
                .ok_or_else(|| {
                    CoreError::invalid(
                        field,
                        format!("无法识别日期“{}”：请写成 2025-01-31（2000 年至 2100 年之间）", input::excerpt(t)),
                    )
                })
        })
        .transpose()
}

pub(crate) fn write_out(out: &std::path::Path, bytes: &[u8]) -> Result<(), CoreError> {
    stationdesk_core::private_files::write(out, bytes).map_err(|e| {
        CoreError::Conflict(format!("无法写入 {}：{}", out.display(), stationdesk_core::error::io_reason(&e)))
    })
}

pub(crate) async fn export_open311(
    store: &Store,
    station_id: i64,
    args: &Open311Args,
    json: bool,
) -> Result<(), CoreError> {
    let format = args
        .out
        .extension()
        .and_then(|e| e.to_str())
        .and_then(open311::Open311Format::from_extension)
        .ok_or_else(|| {
            CoreError::invalid("out", format!("无法从 {} 看出格式：文件名请以 .json 或 .xml 结尾", args.out.display()))
        })?;
    let (kind, count, bytes) = if args.services {
        let list = open311::services(store, station_id).await?;
        ("服务类别", list.len(), open311::write_services(&list, format)?)
    } else {
        let public = args.status.as_deref().and_then(PublicStatus::parse);
        let ours = if public.is_some() { &None } else { &args.status };
        let query =
            crate::list_query(store, station_id, ours, &args.channel, &args.category, args.search.clone()).await?;
        let filter = open311::RequestFilter {
            from: date_arg("from", &args.from)?,
            to: date_arg("to", &args.to)?,
            status: public,
        };
        let list = open311::requests(store, station_id, &query, &filter).await?;
        ("诉求", list.len(), open311::write_requests(&list, format)?)
    };
    write_out(&args.out, &bytes)?;
    if json {
        print_json(&serde_json::json!({ "out": args.out.display().to_string(), "items": count, "bytes": bytes.len() }));
    } else {
        crate::outln!("已导出 {} 条{}到 {}（Open311 GeoReport v2）", count, kind, args.out.display());
    }
    Ok(())
}

#[derive(Debug, Args)]
pub(crate) struct BenchLedgerArgs {
    /// Cases in the ledger.
    #[arg(long, default_value_t = 100_000)]
    rows: usize,
}

/// Times export and import of a ledger of demo cases, each beside a reference measured in
/// the same run: writing the same cells with no formats, and calamine reading the file.
pub(crate) async fn bench(args: &BenchLedgerArgs) -> Result<(), CoreError> {
    use stationdesk_core::{Location, Store, station};
    use std::time::Instant;
    let dir = tempfile::tempdir()?;
    let open = |name: &str| Location::SqliteFile(dir.path().join(name));
    let (from, _) = Store::open_or_create(&open("from.db")).await?;
    let (st, _) = station::init(&from, "RA", "荣傲家园社区微言服务站", "基准测试").await?;
    let actor = station::actor_for(&from, &st, "基准测试").await?;
    let started = Instant::now();
    stationdesk_core::demo::load(&from, &actor, args.rows, 7, false).await?;
    // As the program's next start finds the file: the load's WAL checkpointed into it
    // (reading 100 000 cases back through a 348 MiB WAL cost the export a second).
    from.reference_settle().await?;
    crate::outln!(
        "StationDesk ledger benchmark, {} demo cases (loaded in {:.1} s, WAL checkpointed)",
        args.rows,
        started.elapsed().as_secs_f64()
    );

    let started = Instant::now();
    let bytes =
        ledger::export::export(&from, &actor, &CaseQuery::default(), &ExportOptions { full_phones: true }).await?;
    let export = started.elapsed();
    let started = Instant::now();
    let plain = ledger::export::plain_workbook(args.rows + 1, ledger::export::REGISTER_COLUMNS)?;
    let reference = started.elapsed();
    crate::outln!(
        "export {} rows: {:6.2} s ({} KB)   reference, the same cells with no formats: {:6.2} s ({} KB)",
        args.rows,
        export.as_secs_f64(),
        bytes.len() / 1024,
        reference.as_secs_f64(),
        plain.len() / 1024
    );
    from.close().await;

    let file = LedgerFile { name: "台账.xlsx".to_owned(), bytes };
    let started = Instant::now();
    let sheet = ledger::read_sheet(&file)?;
    let read = started.elapsed();
    let (to, _) = Store::open_or_create(&open("to.db")).await?;
    let (st, _) = station::init(&to, "RA", "荣傲家园社区微言服务站", "基准测试").await?;
    let actor = station::actor_for(&to, &st, "基准测试").await?;
    let started = Instant::now();
    let report = ledger::import(&to, &actor, &file, &ImportOptions::default()).await?;
    let import = started.elapsed();
    crate::outln!(
        "import {} rows: {:6.2} s ({} saved)   reference, calamine reading the file: {:6.2} s ({} rows)",
        args.rows,
        import.as_secs_f64(),
        report.imported,
        read.as_secs_f64(),
        sheet.rows.len()
    );
    to.close().await;
    Ok(())
}

pub(crate) async fn import_parties(
    store: &Store,
    actor: &Actor,
    args: &ImportPartiesArgs,
    json: bool,
) -> Result<(), CoreError> {
    let file = LedgerFile::read(&args.file)?;
    let report = stationdesk_core::parties::import(store, actor, &file, args.dry_run).await?;
    if json {
        print_json(&report);
        return Ok(());
    }
    let verb = if args.dry_run { "将添加" } else { "已添加" };
    crate::outln!("{verb} {} 个相关方，名录里已有而略过 {} 行", report.added.len(), report.already);
    for name in &report.added {
        crate::outln!("  {name}");
    }
    Ok(())
}

pub(crate) async fn import_roster(
    store: &Store,
    actor: &Actor,
    args: &ImportRosterArgs,
    json: bool,
) -> Result<(), CoreError> {
    let at = crate::schedule::parse_time("at", &args.at)?;
    let file = LedgerFile::read(&args.file)?;
    let report = stationdesk_core::schedule::roster::import(store, actor, args.event, at, &file, args.dry_run).await?;
    if json {
        print_json(&report);
        return Ok(());
    }
    let verb = if args.dry_run { "将报名" } else { "已报名" };
    let waiting = if report.waitlisted > 0 {
        format!("（其中 {} 人名额已满、候补）", report.waitlisted)
    } else {
        String::new()
    };
    crate::outln!("{}：{verb} {} 人{waiting}，已报过名而略过 {} 行", report.title, report.added.len(), report.already);
    for name in &report.added {
        crate::outln!("  {name}");
    }
    Ok(())
}
