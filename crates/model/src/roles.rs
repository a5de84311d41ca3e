//! Who may see and change what (issue 12): the roles of a station's accounts, the actions
//! the services are grouped into, the ONE table that says which role may do which action,
//! the refusal a worker reads, the password rules and the slowing down of failed logins.
//!
//! The core checks this table in every service; the window asks the core which actions the
//! role on duty may do and hides the rest. No other layer keeps a copy.

use crate::error::FieldError;

crate::labelled! {
    /// An account's role. 街道 is the street office's read-only view on a district server.
    Role {
        Head = "head", "站长";
        Staff = "staff", "工作人员" | "社工";
        Volunteer = "volunteer", "志愿者";
        ReadOnly = "read_only", "只读";
        District = "district", "街道";
    }
}

crate::labelled! {
    /// A group of services, as the permission table knows them. The label completes
    /// "您的角色（…）不能…".
    Action {
        CasesRead = "cases_read", "查看诉求";
        CasesWrite = "cases_write", "办理诉求";
        PhoneReveal = "phone_reveal", "查看居民的完整电话";
        ScheduleRead = "schedule_read", "查看日程";
        Scheduling = "scheduling", "安排活动和会议";
        Notices = "notices", "制作通知";
        Errands = "errands", "登记代办";
        EventCheckIn = "event_check_in", "办理活动报名和签到";
        ReportsRead = "reports_read", "查看统计和报表";
        Export = "export", "导出数据";
        Import = "import", "导入台账、相关方名录或节假日安排";
        Settings = "settings", "修改设置";
        Accounts = "accounts", "管理账号";
        Backup = "backup", "备份或恢复数据";
        PersonalData = "personal_data", "处理居民个人信息（保存期限、查询、导出和删除）";
        AuditRead = "audit_read", "查看操作记录";
        DistrictView = "district_view", "查看街道总览";
    }
}

/// The permission table: whether `role` may do `action`. The one place this is decided.
pub fn allows(role: Role, action: Action) -> bool {
    use Action as A;
    match role {
        Role::Head => action != A::DistrictView,
        Role::Staff => matches!(
            action,
            A::CasesRead
                | A::CasesWrite
                | A::PhoneReveal
                | A::ScheduleRead
                | A::Scheduling
                | A::Notices
                | A::Errands
                | A::EventCheckIn
                | A::ReportsRead
                | A::Export
        ),
        Role::Volunteer => matches!(action, A::ScheduleRead | A::Errands | A::EventCheckIn),
        // 只读 is the account a supervisor or an auditor is given: it may read the audit
        // log (操作记录), which is what an audit is about; 工作人员 may not read their
        // colleagues' log.
        Role::ReadOnly => matches!(action, A::CasesRead | A::ScheduleRead | A::ReportsRead | A::AuditRead),
        Role::District => matches!(action, A::DistrictView | A::ReportsRead),
    }
}

/// Whether the role sees residents' households: who may ask for a full phone number (and is
/// logged doing so) also sees the 楼栋/单元/房号 of an address. 只读 and 街道 read the 小区
/// and the public place only; the figures and steps they check need no more.
pub fn sees_households(role: Role) -> bool {
    allows(role, Action::PhoneReveal)
}

/// Every action `role` may do, in the table's order (what the window asks for).
pub fn allowed_actions(role: Role) -> Vec<Action> {
    Action::ALL.iter().copied().filter(|a| allows(role, *a)).collect()
}

/// What a worker reads when the table refuses: what was refused and who can do it.
/// "您的角色（志愿者）不能办理诉求；请让站长或工作人员操作".
pub fn refusal(role: Role, action: Action) -> String {
    if action == Action::DistrictView {
        return format!("您的角色（{}）不能{}；请用街道的账号登录", role.label(), action.label());
    }
    // The people who can do it: 站长, 工作人员, 志愿者 (a 只读 account is nobody to ask).
    let who: Vec<&str> = [Role::Head, Role::Staff, Role::Volunteer]
        .into_iter()
        .filter(|r| allows(*r, action))
        .map(Role::label)
        .collect();
    format!("您的角色（{}）不能{}；请让{}操作", role.label(), action.label(), who.join("或"))
}

/// The shortest and longest password, in characters.
pub const PASSWORD_CHARS: (usize, usize) = (8, 64);

/// A password's rules: 8 … 64 characters, not only spaces, no control characters. The
/// message never quotes the password.
pub fn check_password(password: &str) -> Result<(), FieldError> {
    let n = password.chars().count();
    let (min, max) = PASSWORD_CHARS;
    if n < min || n > max {
        return Err(FieldError::new("password", format!("密码需为 {min}–{max} 个字符（现在 {n} 个），请重新输入")));
    }
    if password.trim().is_empty() {
        return Err(FieldError::new("password", "密码不能全是空格，请重新输入"));
    }
    if password.chars().any(char::is_control) {
        return Err(FieldError::new("password", "密码里有不可见的控制字符，请重新输入"));
    }
    Ok(())
}

/// The longest login name, in characters.
pub const LOGIN_MAX_CHARS: usize = 32;

/// A login name: 1 … 32 characters, no spaces or control characters (Chinese is fine).
pub fn check_login(login: &str) -> Result<String, FieldError> {
    let login = login.trim();
    if login.is_empty() {
        return Err(FieldError::new("login", "请填写登录名"));
    }
    if login.chars().count() > LOGIN_MAX_CHARS {
        return Err(FieldError::new("login", format!("登录名最多 {LOGIN_MAX_CHARS} 个字符，请改短")));
    }
    if login.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(FieldError::new("login", "登录名里不能有空格或控制字符，请改正"));
    }
    Ok(login.to_owned())
}

/// Failed logins in a row before logging in is held back.
pub const FREE_FAILURES: u32 = 5;
/// The first hold and the longest, in seconds.
pub const LOCK_SECONDS: (i64, i64) = (30, 15 * 60);

/// How long logging in is held back after `failures` failed logins in a row: nothing for
/// the first four, then 30 s, doubling with each further failure, at most 15 minutes.
pub fn lock_seconds(failures: u32) -> i64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES).min(10);
    (LOCK_SECONDS.0 << doublings).min(LOCK_SECONDS.1)
}

/// What a login held back reads.
pub fn locked_message(seconds: i64) -> String {
    let seconds = seconds.max(1);
    let wait = if seconds >= 60 { format!("{} 分钟", (seconds + 59) / 60) } else { format!("{seconds} 秒") };
    format!("密码错误次数过多，请 {wait}后再试；忘记密码请找站长重设")
}

/// The idle lock: minutes without a key press or a mouse move before the window locks
/// (0: never), at most 4 hours; 10 by default.
pub const IDLE_LOCK_MINUTES: (u32, u32) = (0, 240);
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 10;

/// Checks the idle lock's minutes (设置 → 账号).
pub fn check_idle_lock_minutes(minutes: i64) -> Result<u32, FieldError> {
    let (min, max) = IDLE_LOCK_MINUTES;
    u32::try_from(minutes).ok().filter(|m| (min..=max).contains(m)).ok_or_else(|| {
        FieldError::new("idleLockMinutes", format!("自动锁定时间需为 {min}–{max} 分钟（0 表示不自动锁定），请改正"))
    })
}

/// What a wrong login name or password reads (the same for both, so neither is guessed).
pub const WRONG_LOGIN: &str = "登录名或密码不对，请重新输入（注意大小写和输入法）";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_refusal_says_who_can_do_it() {
        assert_eq!(
            refusal(Role::Volunteer, Action::CasesWrite),
            "您的角色（志愿者）不能办理诉求；请让站长或工作人员操作"
        );
        assert_eq!(refusal(Role::Staff, Action::Accounts), "您的角色（工作人员）不能管理账号；请让站长操作");
        assert!(refusal(Role::Head, Action::DistrictView).contains("街道的账号"));
        assert_eq!(
            refusal(Role::Volunteer, Action::CasesRead),
            "您的角色（志愿者）不能查看诉求；请让站长或工作人员操作"
        );
    }

    #[test]
    fn roles_do_what_the_issue_says() {
        assert!(Action::ALL.iter().filter(|a| **a != Action::DistrictView).all(|a| allows(Role::Head, *a)));
        assert!(allows(Role::Staff, Action::CasesWrite) && allows(Role::Staff, Action::Scheduling));
        assert!(!allows(Role::Staff, Action::Settings) && !allows(Role::Staff, Action::Accounts));
        assert!(allows(Role::Volunteer, Action::Errands) && allows(Role::Volunteer, Action::EventCheckIn));
        assert!(!allows(Role::Volunteer, Action::CasesRead));
        // Only looking, never changing.
        for role in [Role::ReadOnly, Role::District] {
            for a in [Action::CasesWrite, Action::Errands, Action::Settings, Action::Notices, Action::Import] {
                assert!(!allows(role, a), "{role:?} {a:?}");
            }
        }
        assert!(!allows(Role::District, Action::PhoneReveal) && !allows(Role::ReadOnly, Action::PhoneReveal));
        assert!(allows(Role::District, Action::DistrictView) && !allows(Role::District, Action::CasesRead));
        // A resident's personal data (retention, data requests): 站长 only.
        for role in [Role::Staff, Role::Volunteer, Role::ReadOnly, Role::District] {
            assert!(!allows(role, Action::PersonalData), "{role:?}");
        }
        assert!(allows(Role::Head, Action::PersonalData));
        assert_eq!(
            refusal(Role::Staff, Action::PersonalData),
            "您的角色（工作人员）不能处理居民个人信息（保存期限、查询、导出和删除）；请让站长操作"
        );
        // The audit log: the 站长 and a 只读 (supervisor's) account, nobody else.
        let readers: Vec<Role> = Role::ALL.iter().copied().filter(|r| allows(*r, Action::AuditRead)).collect();
        assert_eq!(readers, [Role::Head, Role::ReadOnly]);
        assert_eq!(refusal(Role::Staff, Action::AuditRead), "您的角色（工作人员）不能查看操作记录；请让站长操作");
    }

    #[test]
    fn passwords_are_8_to_64_characters() {
        assert!(check_password("1234567").is_err());
        assert!(check_password("12345678").is_ok());
        assert!(check_password("社区服务站密码一二").is_ok());
        assert!(check_password(&"x".repeat(65)).is_err());
        assert!(check_password("        ").is_err());
        assert!(check_password("abc\u{7}defgh").is_err());
        assert!(!check_password("short").unwrap_err().message.contains("short"));
    }

    #[test]
    fn failed_logins_are_held_back_longer_each_time() {
        assert_eq!((0..5).map(lock_seconds).collect::<Vec<_>>(), [0, 0, 0, 0, 0]);
        assert_eq!(lock_seconds(5), 30);
        assert_eq!(lock_seconds(6), 60);
        assert_eq!(lock_seconds(9), 480);
        assert_eq!(lock_seconds(10), 900);
        assert_eq!(lock_seconds(1000), 900);
        assert_eq!(locked_message(30), "密码错误次数过多，请 30 秒后再试；忘记密码请找站长重设");
        assert!(locked_message(900).contains("15 分钟"));
    }

    #[test]
    fn the_idle_lock_is_0_to_240_minutes() {
        assert_eq!(check_idle_lock_minutes(0), Ok(0));
        assert_eq!(check_idle_lock_minutes(240), Ok(240));
        assert!(check_idle_lock_minutes(241).is_err());
        assert!(check_idle_lock_minutes(-1).is_err());
    }

    #[test]
    fn login_names_have_no_spaces() {
        assert_eq!(check_login(" 张三 ").unwrap(), "张三");
        assert!(check_login("zhang san").is_err());
        assert!(check_login("").is_err());
    }

    #[test]
    fn households_are_seen_by_those_who_handle_cases_only() {
        let seeing: Vec<Role> = Role::ALL.iter().copied().filter(|r| sees_households(*r)).collect();
        assert_eq!(seeing, [Role::Head, Role::Staff]);
    }
}
