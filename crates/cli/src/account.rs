//! Who the command line acts as (issue 12), and `account add|list|reset-password|disable`.
//!
//! `--user LOGIN` logs in to one of the station's accounts, the password from
//! `STATIONDESK_PASSWORD` or typed without echo; the role is then checked by the core as in
//! the window. Without `--user` the command runs in the OS-level administrator mode, which
//! only the OS account owning the station's SQLite file may use (on a district server the
//! server login in the address is the credential) and which the audit log records as
//! 系统管理员（本机账户 NAME） — or, with `--staff NAME`, as that staff member, for entering
//! a colleague's paper records.

use std::io::IsTerminal;

use clap::Subcommand;
use stationdesk_core::accounts::{self, NewAccount};
use stationdesk_core::roles::Role;
use stationdesk_core::station::{self, Staff};
use stationdesk_core::{Actor, CoreError, Store};

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// Add an account; the initial password from STATIONDESK_NEW_PASSWORD or standard input.
    Add {
        /// The person's name as records show it.
        name: String,
        /// 站长, 工作人员, 志愿者 or 只读.
        #[arg(long)]
        role: String,
        /// The login name (the name if left out).
        #[arg(long)]
        login: Option<String>,
    },
    /// Every account with its role and whether it can log in.
    List,
    /// Set a new password for an account (by login name); from STATIONDESK_NEW_PASSWORD or
    /// standard input.
    ResetPassword { login: String },
    /// Disable an account (by login name); --enable takes it back.
    Disable {
        login: String,
        #[arg(long)]
        enable: bool,
    },
}

/// The actor for this run: a logged-in account, or the OS-level administrator.
pub async fn actor(store: &Store, user: Option<&str>, staff: Option<&str>) -> Result<Actor, CoreError> {
    let station = station::current(store).await?;
    if let Some(login) = user {
        let password = match std::env::var("STATIONDESK_PASSWORD") {
            Ok(p) => p,
            Err(_) if std::io::stdin().is_terminal() => rpassword::prompt_password(format!("{login} 的密码："))
                .map_err(|_| {
                    CoreError::invalid("password", "无法读取密码：请在终端中输入，或设置环境变量 STATIONDESK_PASSWORD")
                })?,
            Err(_) => {
                return Err(CoreError::invalid(
                    "password",
                    "请在终端中运行以输入密码，或设置环境变量 STATIONDESK_PASSWORD",
                ));
            }
        };
        return accounts::login(store, &station, login, &password).await;
    }
    accounts::require_owner(store)?;
    let admin = match staff {
        Some(name) => {
            let named = station::actor_for(store, &station, name).await?;
            Actor { role: Role::Head, ..named }
        }
        None => accounts::administrator(station.id),
    };
    Ok(admin)
}

/// The 站长's password at `init`: --admin-password, STATIONDESK_ADMIN_PASSWORD, or typed
/// twice without echo; none when there is no terminal (a script sets it later with
/// `account reset-password`).
pub fn admin_password(given: Option<&str>) -> Result<Option<String>, CoreError> {
    if let Some(p) = given.map(str::to_owned).or_else(|| std::env::var("STATIONDESK_ADMIN_PASSWORD").ok()) {
        return Ok(Some(p));
    }
    if !std::io::stdin().is_terminal() {
        return Ok(None);
    }
    let Ok(first) = rpassword::prompt_password("站长账号的密码（8–64 个字符）：") else {
        return Ok(None);
    };
    let again = rpassword::prompt_password("再输入一次：")
        .map_err(|_| CoreError::invalid("password", "无法读取密码，请重试"))?;
    if first != again {
        return Err(CoreError::invalid("password", "两次输入的密码不一样，请重新运行"));
    }
    Ok(Some(first))
}

async fn by_login(store: &Store, actor: &Actor, login: &str) -> Result<Staff, CoreError> {
    let all = accounts::list(store, actor).await?;
    all.into_iter().find(|s| s.login.as_deref() == Some(login.trim())).ok_or_else(|| {
        CoreError::NotFound(format!(
            "没有登录名为“{}”的账号：用 account list 查看",
            stationdesk_core::input::excerpt(login)
        ))
    })
}

fn line(s: &Staff) -> String {
    let state = if s.disabled {
        "已停用"
    } else if s.has_password {
        "可登录"
    } else {
        "未设密码"
    };
    format!("{}\t{}\t{}\t{state}", s.login.as_deref().unwrap_or("—"), s.name, s.role.label())
}

pub async fn run(store: &Store, actor: &Actor, command: &AccountCommand, json: bool) -> Result<(), CoreError> {
    match command {
        AccountCommand::Add { name, role, login } => {
            let role = Role::parse(role)
                .filter(|r| *r != Role::District)
                .ok_or_else(|| CoreError::invalid("role", "角色须为 站长、工作人员、志愿者 或 只读"))?;
            let password = crate::new_password()?;
            let input = NewAccount { name: name.clone(), login: login.clone(), role, password };
            let added = accounts::create_account(store, actor, &input).await?;
            if json {
                crate::print_json(&added);
            } else {
                crate::outln!("已添加账号：{}", line(&added));
            }
        }
        AccountCommand::List => {
            let all = accounts::list(store, actor).await?;
            if json {
                crate::print_json(&all);
            } else {
                for s in &all {
                    crate::outln!("{}", line(s));
                }
            }
        }
        AccountCommand::ResetPassword { login } => {
            let who = by_login(store, actor, login).await?;
            accounts::reset_password(store, actor, who.id, &crate::new_password()?).await?;
            crate::outln!("已重设 {} 的密码", who.name);
        }
        AccountCommand::Disable { login, enable } => {
            let who = by_login(store, actor, login).await?;
            let after = accounts::disable_account(store, actor, who.id, !enable).await?;
            if json {
                crate::print_json(&after);
            } else {
                crate::outln!("{}", line(&after));
            }
        }
    }
    Ok(())
}
