//! `stationdesk-cli`: the station's admin and scripting tool. It calls the same core
//! services as the window; `--json` prints machine-readable output. Bad input exits
//! non-zero with one Chinese line that says what to fix.

mod account;
mod audit;
mod backup;
mod bench;
mod event_args;
mod holidays;
mod ledger;
mod load;
mod notice;
mod privacy;
mod report;
mod schedule;
mod update;
mod usage;
mod workflow;

use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use stationdesk_core::cases::{self, Address, CHINA_OFFSET, CaseQuery, CaseStatus, Channel, NewCase};
use stationdesk_core::deadlines::Urgency;
use stationdesk_core::input::excerpt;
use stationdesk_core::parties::{self, PartyInput, PartyKind};
use stationdesk_core::roles::Action;
use stationdesk_core::station::{Station, StationDetails};
use stationdesk_core::{Actor, CoreError, Location, Missing, Store, station};

#[derive(Debug, Parser)]
#[command(name = "stationdesk-cli", version, about = "社区服务站工作台 命令行工具")]
struct Cli {
    /// Database: a SQLite file path or sqlite:// URL (default: the per-user app-data folder),
    /// or a district server, postgres://login:password@host:port/database.
    #[arg(long, global = true, env = "STATIONDESK_DB")]
    db: Option<String>,
    /// Log in to this account (login name); the password from STATIONDESK_PASSWORD or
    /// typed without echo. Without it: the OS-level administrator mode, only for the OS
    /// account that owns the database file.
    #[arg(long, global = true, env = "STATIONDESK_USER")]
    user: Option<String>,
    /// In the administrator mode, the staff member a change is recorded for (entering a
    /// colleague's paper records); at `init`, the 站长's name (default 管理员).
    #[arg(long, global = true, env = "STATIONDESK_STAFF")]
    staff: Option<String>,
    /// Print JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Set up a new database for a station.
    Init {
        #[arg(long)]
        station_code: String,
        #[arg(long)]
        station_name: String,
        /// The 站长 account's password (else STATIONDESK_ADMIN_PASSWORD, else typed twice;
        /// without a terminal the account is made without one: `account reset-password`).
        #[arg(long)]
        admin_password: Option<String>,
    },
    /// The station itself: its name and the phone printed on receipts and notices.
    #[command(subcommand)]
    Station(StationCommand),
    /// Cases (诉求).
    #[command(subcommand)]
    Case(CaseCommand),
    /// Figures for reporting upward.
    #[command(subcommand)]
    Report(ReportCommand),
    /// The parties directory (物业, 开发商, 医院, 居民代表…).
    #[command(subcommand)]
    Party(PartyCommand),
    /// Fill the database with realistic synthetic cases.
    /// At most 1 000 000 cases, in one transaction; refused on a database with the
    /// station's own records unless --force.
    Demo {
        #[arg(long)]
        cases: usize,
        #[arg(long, default_value_t = 2025)]
        seed: u64,
        /// Write demo cases even into a database that holds the station's own records.
        #[arg(long)]
        force: bool,
    },
    /// Time create, page and search on demo data beside a plain LIKE scan.
    Bench(bench::BenchArgs),
    /// Several stations writing to a district server at once; checks nothing acknowledged is lost.
    Load(load::LoadArgs),
    /// Move a station's SQLite file onto the district server: every record, audit row and
    /// attachment, then counts and checksums table by table. The file is only read; an
    /// interrupted move can be run again. The new login's password is read as for `station add`.
    Migrate {
        /// The station's file: sqlite:PATH or a path.
        #[arg(long)]
        from: String,
        /// The server, with the district administrator's login: postgres://owner:…@host/db.
        #[arg(long)]
        to: String,
        /// The server login the station will connect with.
        #[arg(long)]
        login: String,
    },
    /// Scheduling: events, meetings, errands, and their benchmark.
    #[command(flatten)]
    Schedule(schedule::ScheduleCommand),
    /// Printed notices (会议通知, 活动通知, 受理回执, 答复函) as PDF.
    #[command(subcommand)]
    Notice(notice::NoticeCommand),
    /// The official holiday calendar: `holidays import FILE` loads a year's State Council
    /// notice, `holidays list [--year Y]` shows the years covered or a year's days.
    #[command(subcommand)]
    Holidays(holidays::HolidaysCommand),
    /// The audit log: `audit verify` checks its hash chain (exit code 1 on a break);
    /// `audit list` shows it (操作记录) or, with --xlsx, exports it.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// Staff accounts (站长 only): add, list, reset-password, disable.
    #[command(subcommand)]
    Account(account::AccountCommand),
    /// Back up the database and its attachments now (`backup list`: the backups kept). On
    /// the district server, `backup --to DIR` takes one station's rows and attachments.
    Backup(backup::BackupArgs),
    /// Restore a backup (a folder from `backup list`, or its path): shows what it holds,
    /// backs up the current database first, then replaces it atomically. On the district
    /// server (the administrator's login), a station's backup replaces that station's rows.
    Restore {
        /// The backup's name in the backup folder, or a path to it.
        file: String,
    },
    /// The station's Excel ledger (台账) in: `import cases FILE`; the parties directory: `import parties FILE`;
    /// an event's sign-up roster: `import roster --event ID --at TIME FILE`.
    #[command(subcommand)]
    Import(ledger::ImportCommand),
    /// The register as an Excel ledger: `export cases --out X.xlsx`.
    #[command(subcommand)]
    Export(ledger::ExportCommand),
    /// Time exporting and importing a ledger of demo cases beside references.
    BenchLedger(ledger::BenchLedgerArgs),
    /// How long personal data is kept (站长): `retention show|set|run [--dry-run]`.
    #[command(subcommand)]
    Retention(privacy::RetentionCommand),
    /// A resident's request about their data (站长): `personal-data find|export|anonymise --phone P`.
    #[command(subcommand)]
    PersonalData(privacy::PersonalDataCommand),
    /// New versions the district publishes: `update check [--from SOURCE]`, `update source
    /// [SOURCE | --clear]`. Nothing is installed: the check says where the installer is.
    #[command(subcommand)]
    Update(update::UpdateCommand),
}

#[derive(Debug, Subcommand)]
enum CaseCommand {
    /// Log a new case; prints its number.
    Add(Box<AddArgs>),
    /// The register, newest first.
    List(ListArgs),
    /// Find cases by Chinese words of any length.
    Search {
        text: String,
        #[command(flatten)]
        list: ListArgs,
    },
    /// One case with its history.
    Show {
        number: String,
        /// Show the resident's full phone number (站长, 工作人员); recorded in the audit log
        /// as 查看完整电话. Without it the phone is masked, in the text and in --json.
        #[arg(long)]
        reveal_phone: bool,
    },
    /// Move a case to another status (refused steps name the allowed ones).
    SetStatus(workflow::SetStatusArgs),
    /// Record a follow-up call (回访).
    FollowUp(workflow::FollowUpArgs),
    /// Record a contact with the resident (the first one answers the respond clock).
    Contact(workflow::ContactArgs),
    /// Set the staff member who handles the case (承办人).
    Assign(workflow::AssignArgs),
}

#[derive(Debug, Subcommand)]
enum StationCommand {
    /// Name, code and phone.
    Show,
    /// Every station this login sees (on a district server: all of them, as its administrator).
    List,
    /// District server only, as its administrator: add a station with its first staff
    /// member and the server login it connects with. The password is read from
    /// STATIONDESK_NEW_PASSWORD, or else from the first line of standard input.
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        /// The station's first staff member.
        #[arg(long)]
        first_staff: String,
        /// The server login for the station, e.g. ra_station.
        #[arg(long)]
        login: String,
    },
    /// District server only, as its administrator: a street-office (街道) login that reads
    /// every station and changes none. The password is read as for `station add`.
    AddDistrictLogin {
        #[arg(long)]
        login: String,
    },
    /// 导出设置文件 (站长): the station's settings (categories, time limits, calendar,
    /// notice wording and fonts, errand types, parties, idle lock, retention) as a JSON file
    /// for the next PC. Written owner-only; recorded in the audit log.
    ExportSettings {
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// 从另一台电脑导入设置 (站长): makes this station's settings the file's, in one
    /// transaction, and prints what changed; --dry-run prints it and saves nothing.
    ImportSettings {
        file: std::path::PathBuf,
        #[arg(long)]
        dry_run: bool,
    },
    /// Rename the station or set its phone or posters' link (an empty value removes it).
    Set {
        #[arg(long)]
        name: Option<String>,
        /// 服务站电话, e.g. 0311-86012345.
        #[arg(long)]
        phone: Option<String>,
        /// 二维码链接: the sign-up or contact link on posters of events without their own,
        /// e.g. https://example.cn/signup or a WeChat ID.
        #[arg(long)]
        poster_link: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum PartyCommand {
    /// Add an organisation or resident representative to the directory; prints its id.
    Add {
        /// 物业 开发商 医院 街道 供水供电 政府部门 企业 居民代表 其他
        #[arg(long)]
        kind: String,
        #[arg(long)]
        name: String,
        /// The contact person.
        #[arg(long)]
        contact: Option<String>,
        #[arg(long)]
        phone: Option<String>,
        #[arg(long)]
        note: Option<String>,
    },
    /// The directory.
    List,
}

#[derive(Debug, Subcommand)]
enum ReportCommand {
    /// 响应率, 解决率, 满意率 and the counts for a period.
    Rates(workflow::RatesArgs),
    /// Services held, person-times served and volunteers' hours for a period.
    Services(schedule::ServicesArgs),
    /// Every station of a district server side by side, ranked by the three rates.
    District(workflow::RatesArgs),
    /// The month's work report (工作报告): `--month 2026-11 --out X.pdf|X.xlsx`.
    Monthly(report::MonthlyArgs),
    /// The year's work report: `--year 2026 --out X.pdf|X.xlsx`.
    Yearly(report::YearlyArgs),
    /// The street office's report over every station (街道汇总), on a district server with
    /// its 街道 login: `--month 2026-11 | --year 2026 --issuer 荣华街道办事处 --out X.pdf|X.xlsx`.
    DistrictWork(report::DistrictWorkArgs),
}

#[derive(Debug, Args)]
struct AddArgs {
    /// 来访 意见箱 电话 微信 直播 12345转办 网格巡查
    #[arg(long)]
    channel: String,
    #[arg(long)]
    title: String,
    #[arg(long)]
    description: Option<String>,
    /// A category name from the station's list.
    #[arg(long)]
    category: Option<String>,
    #[arg(long)]
    name: Option<String>,
    #[arg(long)]
    phone: Option<String>,
    #[arg(long)]
    compound: Option<String>,
    #[arg(long)]
    building: Option<String>,
    #[arg(long)]
    entrance: Option<String>,
    #[arg(long)]
    room: Option<String>,
    #[arg(long)]
    place: Option<String>,
    /// `2025-07-10 09:30` or `2025-07-10` (China time); default now.
    #[arg(long)]
    received_at: Option<String>,
    /// 紧急 一般 复杂 (default 一般).
    #[arg(long)]
    urgency: Option<String>,
    /// 重复件: the number of the earlier case this one repeats (saved and linked at once).
    #[arg(long)]
    duplicate_of: Option<String>,
}

#[derive(Debug, Args)]
struct ListArgs {
    #[arg(long)]
    status: Option<String>,
    #[arg(long)]
    channel: Option<String>,
    #[arg(long)]
    category: Option<String>,
    #[arg(long, default_value_t = 1)]
    page: u32,
    #[arg(long, default_value_t = 20)]
    page_size: u32,
}

fn main() -> ExitCode {
    let parsed = usage::accept_hyphen_values(Cli::command())
        .try_get_matches()
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            crate::errln!("{}", usage::message(&e));
            return ExitCode::from(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            crate::errln!("无法启动：{}", stationdesk_core::error::io_reason(&e));
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            crate::errln!("错误：{}", e.user_message());
            ExitCode::FAILURE
        }
    }
}

async fn open(cli: &Cli) -> Result<Store, CoreError> {
    let location = match &cli.db {
        Some(url) => Location::parse(url)?,
        None => Location::from_env_or_default()?,
    };
    // Only `init` may create a missing database file: any other command on a mistyped
    // or unmounted path would otherwise start a second, empty register there.
    let missing = if matches!(cli.command, Command::Init { .. }) { Missing::Create } else { Missing::Refuse };
    let (store, report) = Store::open_with(&location, missing).await?;
    if let Some(backup) = report.backup {
        crate::errln!("数据库已升级，升级前的备份：{}", backup.display());
    }
    Ok(store)
}

async fn run(cli: Cli) -> Result<(), CoreError> {
    if let Command::Bench(args) = &cli.command {
        return bench::run(args).await;
    }
    if let Command::Load(args) = &cli.command {
        return load::run(args).await;
    }
    if let Command::BenchLedger(args) = &cli.command {
        return ledger::bench(args).await;
    }
    if let Command::Migrate { from, to, login } = &cli.command {
        return workflow::migrate(from, to, login, cli.json).await;
    }
    if let Command::Notice(command) = &cli.command
        && !notice::needs_database(command)
    {
        return notice::run(command, cli.json);
    }
    if let Command::Schedule(schedule::ScheduleCommand::BenchSchedule(args)) = &cli.command {
        return schedule::bench(args).await;
    }
    if let Command::Update(command) = &cli.command {
        return update::run(command, cli.json).await;
    }
    let store = open(&cli).await?;
    if let Command::Restore { file } = &cli.command
        && store.is_postgres()
    {
        let done = backup::restore_on_server(&store, file, cli.json).await;
        store.close().await;
        return done.map(|_| ());
    }
    if let Command::Restore { file } = &cli.command {
        // Closes the store itself before swapping the file in; the restore is then written
        // into the restored database's audit log.
        let done = backup::restore(&store, file, cli.json).await;
        store.close().await;
        let done = done?;
        let store = open(&cli).await?;
        let recorded = match actor(&cli, &store).await {
            Ok(actor) => stationdesk_core::backup::record_restore(&store, &actor, &done).await,
            Err(e) => Err(e),
        };
        store.close().await;
        return recorded;
    }
    let result = dispatch(&cli, &store).await;
    store.close().await;
    result
}

/// A new login's password: STATIONDESK_NEW_PASSWORD, or the first line of standard input
/// (never an argument, which other users of the PC could read from the process list).
pub(crate) fn new_password() -> Result<String, CoreError> {
    if let Ok(p) = std::env::var("STATIONDESK_NEW_PASSWORD") {
        return Ok(p);
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line).map_err(|_| {
        CoreError::invalid("password", "请在标准输入中给出新登录的密码（或设置 STATIONDESK_NEW_PASSWORD）")
    })?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// The core's permission table on a read: the services read by station, so the CLI asks
/// the actor's role before calling them.
async fn may(cli: &Cli, store: &Store, action: Action) -> Result<(), CoreError> {
    actor(cli, store).await?.require(action)
}

async fn actor(cli: &Cli, store: &Store) -> Result<Actor, CoreError> {
    account::actor(store, cli.user.as_deref(), cli.staff.as_deref()).await
}

pub(crate) fn print_json<T: serde::Serialize>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => crate::outln!("{text}"),
        // serde's reason is English and about types, not about the input.
        Err(_) => crate::errln!("无法输出 JSON：内部数据无法转换，请改用文本输出或联系管理员"),
    }
}

fn print_station(s: &Station, json: bool) {
    if json {
        print_json(s);
    } else {
        crate::outln!("{}（代码 {}），电话 {}", s.name, s.code, s.phone.as_deref().unwrap_or("未填写"));
        if let Some(link) = &s.poster_link {
            crate::outln!("二维码链接 {link}");
        }
    }
}

async fn dispatch(cli: &Cli, store: &Store) -> Result<(), CoreError> {
    match &cli.command {
        Command::Init { station_code, station_name, admin_password } => {
            let password = account::admin_password(admin_password.as_deref())?;
            if let Some(p) = &password {
                stationdesk_core::roles::check_password(p).map_err(|e| CoreError::Invalid(vec![e]))?;
            }
            let head = cli.staff.as_deref().unwrap_or("管理员");
            let (station, staff) = station::init(store, station_code, station_name, head).await?;
            if let Some(p) = &password {
                let admin = account::actor(store, None, None).await?;
                stationdesk_core::accounts::reset_password(store, &admin, staff.id, p).await?;
            } else {
                crate::errln!(
                    "站长账号“{}”尚未设置密码：请运行 stationdesk-cli account reset-password {}",
                    staff.name,
                    staff.name
                );
            }
            if cli.json {
                print_json(&station);
            } else {
                crate::outln!(
                    "已初始化：{}（代码 {}），工作人员 {}，数据库 {}",
                    station.name,
                    station.code,
                    staff.name,
                    store.location().describe()
                );
            }
        }
        Command::Backup(args) => backup::run(store, args, cli.json).await?,
        Command::Audit(command) => {
            let who = match command {
                audit::AuditCommand::List(_) => Some(actor(cli, store).await?),
                audit::AuditCommand::Verify => None,
            };
            audit::run(store, who.as_ref(), command, cli.json).await?;
        }
        Command::Retention(command) => privacy::retention(store, &actor(cli, store).await?, command, cli.json).await?,
        Command::PersonalData(command) => {
            privacy::personal_data(store, &actor(cli, store).await?, command, cli.json).await?
        }
        Command::Account(command) => account::run(store, &actor(cli, store).await?, command, cli.json).await?,
        Command::Holidays(command) => holidays::run(store, &actor(cli, store).await?, command, cli.json).await?,
        Command::Demo { cases: count, seed, force } => {
            let actor = actor(cli, store).await?;
            let started = std::time::Instant::now();
            let n = stationdesk_core::demo::load(store, &actor, *count, *seed, *force).await?;
            crate::outln!("已生成 {n} 条演示诉求，用时 {:.1} 秒", started.elapsed().as_secs_f64());
        }
        Command::Case(CaseCommand::Add(args)) => {
            let actor = actor(cli, store).await?;
            let input = new_case(store, actor.station_id, args).await?;
            let case = cases::create(store, &actor, input).await?;
            if cli.json {
                print_json(&case);
            } else {
                crate::outln!("{}", case.number);
            }
        }
        Command::Case(CaseCommand::List(list)) => {
            let who = actor(cli, store).await?;
            who.require(Action::CasesRead)?;
            print_page(cli, store, &who, list, None).await?
        }
        Command::Case(CaseCommand::Search { text, list }) => {
            let who = actor(cli, store).await?;
            who.require(Action::CasesRead)?;
            print_page(cli, store, &who, list, Some(text.clone())).await?
        }
        Command::Case(CaseCommand::Show { number, reveal_phone }) => {
            let who = actor(cli, store).await?;
            who.require(Action::CasesRead)?;
            let station = station::current(store).await?;
            let found = cases::get_by_number(store, station.id, number).await?;
            let mut detail = cases::detail(store, station.id, found.id).await?.for_reader(who.role);
            if *reveal_phone {
                let full = stationdesk_core::audit_log::reveal_phone(store, &who, found.id).await?;
                detail.case.phone = Some(full);
            }
            if cli.json {
                print_json(&detail);
            } else {
                let (case, history) = (detail.case, detail.history);
                crate::outln!("{} [{}] {}", case.number, case.status.label(), case.title);
                crate::outln!(
                    "来源：{}  分类：{}",
                    case.channel.label(),
                    case.category_name.as_deref().unwrap_or("未分类")
                );
                crate::outln!("地址：{}", case.address.display());
                if let Some(phone) = &case.phone {
                    crate::outln!("电话：{phone}");
                }
                crate::outln!("受理时间：{}", case.received_at.with_timezone(&CHINA_OFFSET).format("%Y-%m-%d %H:%M"));
                if let Some(d) = &case.description {
                    crate::outln!("描述：{d}");
                }
                for h in history {
                    crate::outln!(
                        "  {} {} {}",
                        h.at.with_timezone(&CHINA_OFFSET).format("%Y-%m-%d %H:%M"),
                        h.staff_name,
                        h.action_label
                    );
                }
            }
        }
        Command::Case(CaseCommand::SetStatus(args)) => {
            let actor = actor(cli, store).await?;
            let case = workflow::set_status(store, &actor, args).await?;
            if cli.json { print_json(&case) } else { workflow::print_case(&case) }
        }
        Command::Case(CaseCommand::FollowUp(args)) => {
            let actor = actor(cli, store).await?;
            let case = workflow::follow_up(store, &actor, args).await?;
            if cli.json { print_json(&case) } else { workflow::print_case(&case) }
        }
        Command::Case(CaseCommand::Contact(args)) => {
            let actor = actor(cli, store).await?;
            let case = workflow::contact(store, &actor, args).await?;
            if cli.json { print_json(&case) } else { workflow::print_case(&case) }
        }
        Command::Case(CaseCommand::Assign(args)) => {
            let actor = actor(cli, store).await?;
            let case = workflow::assign(store, &actor, args).await?;
            if cli.json { print_json(&case) } else { workflow::print_case(&case) }
        }
        Command::Party(PartyCommand::Add { kind, name, contact, phone, note }) => {
            let actor = actor(cli, store).await?;
            let kind = PartyKind::parse(kind).ok_or_else(|| {
                CoreError::invalid("kind", format!("没有“{}”这种相关方，可选：{}", excerpt(kind), PartyKind::labels()))
            })?;
            let input = PartyInput {
                id: None,
                kind,
                name: name.clone(),
                contact_person: contact.clone(),
                phone: phone.clone(),
                note: note.clone(),
                active: true,
            };
            let party = parties::save(store, &actor, &input).await?;
            if cli.json { print_json(&party) } else { crate::outln!("{}", party.id) }
        }
        Command::Station(StationCommand::Show) => print_station(&station::current(store).await?, cli.json),
        Command::Station(StationCommand::List) => {
            let all = store.stations().await?;
            if cli.json {
                print_json(&all);
            } else {
                for s in &all {
                    print_station(s, false);
                }
            }
        }
        Command::Station(StationCommand::Add { code, name, first_staff, login }) => {
            let login = station::StationLogin::new(login, &new_password()?)?;
            let (s, _) = station::add_to_district(store, code, name, first_staff, &login).await?;
            print_station(&s, cli.json);
        }
        Command::Station(StationCommand::AddDistrictLogin { login }) => {
            let login = station::StationLogin::new(login, &new_password()?)?;
            station::add_district_login(store, &login).await?;
            crate::outln!("已添加街道账号 {}（只读，可查看全部服务站）", login.login);
        }
        Command::Station(StationCommand::ExportSettings { out }) => {
            let (_, bytes) = stationdesk_core::settings_file::export(store, &actor(cli, store).await?).await?;
            ledger::write_out(out, &bytes)?;
            if cli.json {
                print_json(&serde_json::json!({ "out": out.display().to_string(), "bytes": bytes.len() }));
            } else {
                crate::outln!("已导出设置文件到 {}", out.display());
            }
        }
        Command::Station(StationCommand::ImportSettings { file, dry_run }) => {
            use stationdesk_core::settings_file::{self, PickedSettings};
            let picked = PickedSettings::read(file)?;
            let done = settings_file::import(store, &actor(cli, store).await?, &picked, *dry_run).await?;
            if cli.json {
                print_json(&done);
            } else {
                let verb = if *dry_run { "将按" } else { "已按" };
                crate::outln!("{verb}设置文件（来自 {}）修改：", done.from);
                for line in &done.lines {
                    crate::outln!("  {line}");
                }
            }
        }
        Command::Station(StationCommand::Set { name, phone, poster_link }) => {
            let actor = actor(cli, store).await?;
            let before = station::current(store).await?;
            let details = StationDetails {
                name: name.clone().unwrap_or(before.name),
                phone: phone.clone().or(before.phone),
                poster_link: poster_link.clone().or(before.poster_link),
            };
            print_station(&station::update(store, &actor, &details).await?, cli.json);
        }
        Command::Party(PartyCommand::List) => {
            let reader = actor(cli, store).await?;
            reader.require(Action::CasesRead)?;
            let all = parties::list(store, reader.station_id).await?;
            if cli.json {
                print_json(&all)
            } else {
                for p in &all {
                    crate::outln!(
                        "{}\t{}\t{}\t{}",
                        p.id,
                        p.kind.label(),
                        p.name,
                        p.contact_person.as_deref().unwrap_or("")
                    );
                }
            }
        }
        Command::Report(ReportCommand::Rates(args)) => {
            may(cli, store, Action::ReportsRead).await?;
            workflow::report_rates(store, cli.json, args).await?
        }
        Command::Report(ReportCommand::District(args)) => workflow::report_district(store, cli.json, args).await?,
        Command::Report(ReportCommand::Services(args)) => {
            may(cli, store, Action::ReportsRead).await?;
            schedule::report_services(store, cli.json, args).await?
        }
        Command::Report(ReportCommand::Monthly(args)) => {
            may(cli, store, Action::ReportsRead).await?;
            report::monthly(store, cli.json, args).await?
        }
        Command::Report(ReportCommand::DistrictWork(args)) => report::district_work(store, cli.json, args).await?,
        Command::Report(ReportCommand::Yearly(args)) => {
            may(cli, store, Action::ReportsRead).await?;
            report::yearly(store, cli.json, args).await?
        }
        Command::Schedule(command) => schedule::dispatch(command, store, &actor(cli, store).await?, cli.json).await?,
        Command::Notice(command) => notice::run_for_case(command, store, &actor(cli, store).await?, cli.json).await?,
        Command::Import(ledger::ImportCommand::Cases(args)) => {
            ledger::import(store, &actor(cli, store).await?, args, cli.json).await?
        }
        Command::Import(ledger::ImportCommand::Parties(args)) => {
            ledger::import_parties(store, &actor(cli, store).await?, args, cli.json).await?
        }
        Command::Import(ledger::ImportCommand::Roster(args)) => {
            ledger::import_roster(store, &actor(cli, store).await?, args, cli.json).await?
        }
        Command::Export(ledger::ExportCommand::Cases(args)) => {
            ledger::export(store, &actor(cli, store).await?, args, cli.json).await?
        }
        Command::Export(ledger::ExportCommand::Open311(args)) => {
            may(cli, store, Action::Export).await?;
            ledger::export_open311(store, station::current(store).await?.id, args, cli.json).await?
        }
        Command::Bench(_)
        | Command::Load(_)
        | Command::BenchLedger(_)
        | Command::Migrate { .. }
        | Command::Update(_)
        | Command::Restore { .. } => {}
    }
    Ok(())
}

async fn category_id(store: &Store, station_id: i64, name: &str) -> Result<i64, CoreError> {
    let all = station::categories(store, station_id).await?;
    all.iter().find(|c| c.name == name.trim()).map(|c| c.id).ok_or_else(|| {
        let names: Vec<&str> = all.iter().filter(|c| c.active).map(|c| c.name.as_str()).collect();
        CoreError::invalid("category", format!("没有“{}”这个分类，可选：{}", excerpt(name), names.join("、")))
    })
}

async fn new_case(store: &Store, station_id: i64, a: &AddArgs) -> Result<NewCase, CoreError> {
    let channel = Channel::parse(&a.channel).ok_or_else(|| {
        let names: Vec<&str> = Channel::ALL.iter().map(|c| c.label()).collect();
        CoreError::invalid("channel", format!("没有“{}”这个来源，可选：{}", excerpt(&a.channel), names.join("、")))
    })?;
    let category_id = match &a.category {
        Some(name) => Some(category_id(store, station_id, name).await?),
        None => None,
    };
    let received_at = a.received_at.as_deref().map(parse_china_time).transpose()?;
    let urgency = match &a.urgency {
        None => Urgency::Normal,
        Some(u) => Urgency::parse(u).ok_or_else(|| {
            CoreError::invalid("urgency", format!("没有“{}”这个紧急程度，可选：紧急、一般、复杂", excerpt(u)))
        })?,
    };
    Ok(NewCase {
        channel,
        resident_name: a.name.clone(),
        phone: a.phone.clone(),
        address: Address {
            compound: a.compound.clone(),
            building: a.building.clone(),
            entrance: a.entrance.clone(),
            room: a.room.clone(),
            place: a.place.clone(),
        },
        category_id,
        title: a.title.clone(),
        description: a.description.clone(),
        received_at,
        urgency,
        assignee_id: None,
        request_key: None,
        duplicate_of: a.duplicate_of.clone(),
    })
}

/// `2025-07-10 09:30`, `2025-07-10T09:30:00`, `2025-07-10` (China time) or RFC 3339.
pub(crate) fn parse_china_time(text: &str) -> Result<DateTime<Utc>, CoreError> {
    let text = text.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    let naive = ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(text, f).ok())
        .or_else(|| NaiveDate::parse_from_str(text, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)));
    naive
        .and_then(|n| CHINA_OFFSET.from_local_datetime(&n).single())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| CoreError::invalid("at", format!("无法识别时间“{}”，请写成 2025-07-10 09:30", excerpt(text))))
}

/// The register's filters as `case list` and `export cases` take them.
pub(crate) async fn list_query(
    store: &Store,
    station_id: i64,
    status: &Option<String>,
    channel: &Option<String>,
    category: &Option<String>,
    text: Option<String>,
) -> Result<CaseQuery, CoreError> {
    let status = match status {
        Some(s) => Some(CaseStatus::parse(s).ok_or_else(|| {
            let names: Vec<&str> = CaseStatus::ALL.iter().map(|c| c.label()).collect();
            CoreError::invalid("status", format!("没有“{}”这个状态，可选：{}", excerpt(s), names.join("、")))
        })?),
        None => None,
    };
    let channel = match channel {
        Some(c) => Some(
            Channel::parse(c).ok_or_else(|| CoreError::invalid("channel", format!("没有“{}”这个来源", excerpt(c))))?,
        ),
        None => None,
    };
    let category_id = match category {
        Some(name) => Some(category_id(store, station_id, name).await?),
        None => None,
    };
    Ok(CaseQuery { status, channel, category_id, text, ..CaseQuery::default() })
}

async fn print_page(
    cli: &Cli,
    store: &Store,
    who: &Actor,
    list: &ListArgs,
    text: Option<String>,
) -> Result<(), CoreError> {
    let station = station::current(store).await?;
    let query = CaseQuery {
        page: list.page,
        page_size: list.page_size,
        ..list_query(store, station.id, &list.status, &list.channel, &list.category, text).await?
    };
    let page = cases::list(store, station.id, &query).await?.map_items(|r| r.for_reader(who.role));
    if cli.json {
        print_json(&page);
    } else {
        for r in &page.items {
            crate::outln!(
                "{}  {}  {:<4}  {}  {}  {}",
                r.number,
                r.received_at.with_timezone(&CHINA_OFFSET).format("%Y-%m-%d %H:%M"),
                r.status.label(),
                r.title,
                r.address,
                r.phone_masked.as_deref().unwrap_or("")
            );
        }
        crate::outln!("共 {} 条，第 {} 页", page.total, page.page);
    }
    Ok(())
}
