//! The audit log in a worker's words: the ONE table of what each action code is called
//! (变更状态, 查看完整电话, …), what each kind of record is called, and each field's name.
//! The window's timeline and 操作记录 page, the export and the CLI all read these; the
//! window gets them generated into `ui/src/vocabulary.ts` and in the rows it is sent.

/// Every action code the services write, with its label, in the order the 操作记录
/// page's 操作类型 filter offers them.
pub const ACTION_LABELS: &[(&str, &str)] = &[
    ("create", "新建"),
    ("update", "修改"),
    ("transition", "变更状态"),
    ("survey", "现场勘查"),
    ("contact", "联系居民"),
    ("follow_up", "回访"),
    ("duplicate_linked", "关联重复件"),
    ("party", "相关方"),
    ("attachment", "附件"),
    ("handling", "修改承办"),
    ("import", "导入"),
    ("print", "打印"),
    ("phone_reveal", "查看完整电话"),
    ("audit_export", "导出操作记录"),
    ("phone_export", "导出完整电话"),
    ("record_outcome", "记录会议结果"),
    ("update_occurrence", "修改单次活动"),
    ("cancel_occurrence", "取消单次活动"),
    ("end_series", "结束重复活动"),
    ("record_served", "登记服务人次"),
    ("cancel", "取消"),
    ("promote", "候补转为报名"),
    ("check_in", "签到"),
    ("remind", "提醒"),
    ("restore_backup", "恢复备份"),
    ("login", "登录"),
    ("login_failed", "登录失败"),
    ("account", "账号"),
    ("password_set", "设置密码"),
    ("password_reset", "重设密码"),
    ("password_changed", "修改密码"),
    ("retention_settings", "修改保存期限"),
    ("retention_run", "匿名到期个人信息"),
    ("personal_data_find", "查询居民个人信息"),
    ("personal_data_export", "导出居民个人信息"),
    ("personal_data_anonymise", "删除居民个人信息"),
    ("settings_export", "导出设置文件"),
    ("settings_import", "导入设置文件"),
    // Older spellings kept readable in rows written before they were folded into
    // `party` / `attachment`.
    ("party_linked", "添加相关方"),
    ("party_unlinked", "移除相关方"),
    ("attachment_added", "添加附件"),
    ("attachment_removed", "移除附件"),
];

/// What each kind of record (`audit_log.entity`) is called.
pub const ENTITY_LABELS: &[(&str, &str)] = &[
    ("case", "诉求"),
    ("event", "活动"),
    ("event_signup", "活动报名"),
    ("event_walkin", "现场参加"),
    ("meeting", "恳谈会"),
    ("meeting_decision", "会议决定"),
    ("errand", "代办"),
    ("errand_type", "代办事项"),
    ("party", "相关方"),
    ("staff", "工作人员"),
    ("station", "服务站"),
    ("category", "分类"),
    ("time_limit", "办理时限"),
    ("calendar_day", "日历"),
    ("official_holidays", "节假日安排"),
    ("notice_template", "通知模板"),
    ("notice_font", "通知字体"),
    ("notice_print", "打印记录"),
    ("district", "街道账号"),
    ("audit_log", "操作记录"),
    ("case_register", "诉求台账"),
];

/// Field names as the audit history records them.
pub const FIELD_LABELS: &[(&str, &str)] = &[
    ("number", "编号"),
    ("status", "状态"),
    ("channel", "来源"),
    ("title", "标题"),
    ("description", "问题描述"),
    ("residentName", "居民姓名"),
    ("phone", "联系电话"),
    ("address", "地址"),
    ("category", "分类"),
    ("categoryId", "分类"),
    ("receivedAt", "受理时间"),
    ("name", "名称"),
    ("code", "代码"),
    ("active", "启用状态"),
    ("urgency", "紧急程度"),
    ("assignee", "承办人"),
    ("assigneeId", "承办人"),
    ("assigneeName", "承办人"),
    ("respondDueAt", "响应时限"),
    ("resolveDueAt", "办结时限"),
    ("respondedAt", "首次联系"),
    ("resolvedAt", "办结时间"),
    ("resolution", "办理结果"),
    ("closedAt", "关闭时间"),
    ("holdReason", "挂起原因"),
    ("holdUntil", "恢复日期"),
    ("referredTo", "接收单位"),
    ("duplicateOf", "重复于"),
    ("duplicates", "关联重复件"),
    ("note", "说明"),
    ("people", "勘查人员"),
    ("findings", "勘查情况"),
    ("surveyedAt", "勘查时间"),
    ("withResident", "居民在场"),
    ("reached", "联系上居民"),
    ("resolved", "是否解决"),
    ("satisfaction", "满意程度"),
    ("comment", "回访意见"),
    ("withoutCallback", "无法回访直接关闭"),
    ("reopen", "重新处理"),
    ("party", "相关方"),
    ("role", "角色"),
    ("fileName", "文件名"),
    ("attachment", "附件"),
    ("kind", "类别"),
    ("contactPerson", "联系人"),
    ("idNumber", "身份证号"),
    ("health", "健康情况"),
    ("signupName", "报名人姓名"),
    ("signupPhone", "报名人电话"),
    ("printed", "打印"),
    ("login", "登录名"),
    ("account", "账号"),
    ("failedLogins", "连续失败次数"),
    ("rows", "行数"),
    ("filter", "筛选条件"),
    ("skipHolidays", "节假日不举办"),
    ("start", "开始时间"),
    ("end", "结束时间"),
    ("at", "时间"),
    ("occurrence", "场次"),
    ("rrule", "重复规则"),
    ("exdates", "不举办的日期"),
    ("splitFrom", "拆分自"),
    ("place", "地点"),
    ("audience", "面向对象"),
    ("bring", "携带物品"),
    ("link", "报名/咨询链接"),
    ("posterLink", "二维码链接"),
    ("partners", "合作单位"),
    ("checkedIn", "签到时间"),
    ("purpose", "会议事由"),
    ("agenda", "议程"),
    ("attendees", "参会人员"),
    ("minutes", "会议纪要"),
    ("template", "通知模板"),
    ("font", "字体"),
    ("source", "来源文件"),
    ("settingsFile", "设置文件"),
    ("fromStation", "来自服务站"),
    ("idleLockMinutes", "自动锁定分钟数"),
    ("retentionCasesYears", "办结诉求保存年数"),
    ("retentionSignupsYears", "报名和代办保存年数"),
    ("anonymisedCases", "匿名诉求数"),
    ("anonymisedAttachments", "匿名附件数"),
    ("deletedFiles", "删除文件数"),
    ("anonymisedSignups", "匿名报名数"),
    ("anonymisedWalkins", "匿名现场参加数"),
    ("anonymisedErrands", "匿名代办数"),
    ("phoneRef", "电话摘要"),
    ("records", "记录数"),
    ("type", "事项"),
    ("staff", "经办人"),
    ("outcome", "办理情况"),
    ("event", "活动"),
    ("capacity", "名额"),
    ("volunteers", "志愿者"),
    ("served", "受益人次"),
    ("volunteerMinutes", "志愿服务分钟数"),
    ("meeting", "会议"),
    ("parties", "相关方"),
    ("text", "决定内容"),
    ("case", "诉求"),
    ("caseTo", "诉求转为"),
];

fn find(table: &[(&'static str, &'static str)], code: &str) -> Option<&'static str> {
    table.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

/// `transition` → 变更状态; a code the table does not know reads as itself.
pub fn action_label(code: &str) -> String {
    find(ACTION_LABELS, code).map_or_else(|| code.to_owned(), str::to_owned)
}

/// `case` → 诉求, `reminder_…` → 提醒; an unknown kind reads as itself.
pub fn entity_label(code: &str) -> String {
    if code.starts_with("reminder_") {
        return "提醒".to_owned();
    }
    find(ENTITY_LABELS, code).map_or_else(|| code.to_owned(), str::to_owned)
}

/// `residentName` → 居民姓名; an unknown field reads as itself.
pub fn field_label(code: &str) -> String {
    find(FIELD_LABELS, code).map_or_else(|| code.to_owned(), str::to_owned)
}

/// Whether `code` is an action the table knows (the page's 操作类型 filter takes only these).
pub fn is_action(code: &str) -> bool {
    find(ACTION_LABELS, code).is_some()
}

/// The longest value or note a summary quotes, in characters.
const SUMMARY_VALUE_CHARS: usize = 30;

fn short(text: &str) -> String {
    let line = crate::input::clean_line(text);
    if line.chars().count() <= SUMMARY_VALUE_CHARS {
        line
    } else {
        format!("{}…", line.chars().take(SUMMARY_VALUE_CHARS).collect::<String>())
    }
}

/// A stored value as a worker reads it: codes as their Chinese names, instants in China time.
fn readable(field: &str, value: Option<&str>) -> String {
    use crate::cases::{CaseStatus, Channel};
    let Some(v) = value.filter(|v| !v.is_empty()) else { return "（空）".to_owned() };
    let label = match field {
        "status" => CaseStatus::parse(v).map(CaseStatus::label),
        "channel" => Channel::parse(v).map(Channel::label),
        "urgency" => crate::deadlines::Urgency::parse(v).map(crate::deadlines::Urgency::label),
        "satisfaction" => crate::workflow::Satisfaction::parse(v).map(crate::workflow::Satisfaction::label),
        _ => None,
    };
    if let Some(l) = label {
        return l.to_owned();
    }
    if field.ends_with("At")
        && let Ok(at) = chrono::DateTime::parse_from_rfc3339(v)
    {
        return at.with_timezone(&crate::china::CHINA_OFFSET).format("%Y-%m-%d %H:%M").to_string();
    }
    short(v)
}

/// What a row changed, in one line for the 操作记录 page and its export: "状态：受理 →
/// 核查；说明：…". Personal fields read 已填写 / 已修改 only (their values were never
/// recorded); a phone reveal says so and nothing more.
pub fn summary(action: &str, changes: &[super::FieldChange], note: Option<&str>) -> String {
    if action == "phone_reveal" {
        return "查看了居民的完整电话（号码不记入操作记录）".to_owned();
    }
    let mut parts: Vec<String> = changes
        .iter()
        .map(|c| {
            let label = field_label(&c.field);
            if c.redacted {
                let what = if action == "create" { "已填写" } else { "已修改" };
                return format!("{label}：{what}");
            }
            match (&c.before, &c.after) {
                (None, after) => format!("{label}：{}", readable(&c.field, after.as_deref())),
                (Some(before), after) => {
                    format!("{label}：{} → {}", readable(&c.field, Some(before)), readable(&c.field, after.as_deref()))
                }
            }
        })
        .collect();
    if let Some(n) = note.map(str::trim).filter(|n| !n.is_empty()) {
        parts.push(format!("说明：{}", short(n)));
    }
    parts.join("；")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_action_has_one_label_and_unknown_codes_read_as_themselves() {
        assert_eq!(action_label("transition"), "变更状态");
        assert_eq!(action_label("phone_reveal"), "查看完整电话");
        assert_eq!(action_label("audit_export"), "导出操作记录");
        assert_eq!(action_label("something_new"), "something_new");
        assert_eq!(entity_label("case"), "诉求");
        assert_eq!(field_label("residentName"), "居民姓名");
        for table in [ACTION_LABELS, ENTITY_LABELS, FIELD_LABELS] {
            let codes: HashSet<&str> = table.iter().map(|(c, _)| *c).collect();
            assert_eq!(codes.len(), table.len(), "a code twice");
            assert!(table.iter().all(|(c, l)| !c.is_empty() && !l.is_empty()));
        }
        let labels: HashSet<&str> = ACTION_LABELS.iter().map(|(_, l)| *l).collect();
        assert_eq!(labels.len(), ACTION_LABELS.len(), "two actions read the same");
        assert!(is_action("login") && !is_action("drop table"));
    }

    #[test]
    fn a_summary_names_fields_and_never_holds_a_personal_value() {
        use super::super::FieldChange;
        let changes: Vec<FieldChange> = [
            FieldChange::change("status", Some("accepted"), Some("investigating")),
            FieldChange::change("phone", Some("13812341234"), Some("13912341234")),
        ]
        .into_iter()
        .flatten()
        .collect();
        assert_eq!(
            summary("transition", &changes, Some("已派人核查")),
            "状态：受理 → 核查；联系电话：已修改；说明：已派人核查"
        );
        let made = FieldChange::set("residentName", Some("张三")).into_iter().collect::<Vec<_>>();
        assert_eq!(summary("create", &made, None), "居民姓名：已填写");
        assert!(summary("phone_reveal", &[], None).contains("号码不记入"));
        let long = "很".repeat(100);
        assert!(summary("contact", &[], Some(&long)).chars().count() < 40);
    }

    #[test]
    fn every_personal_field_has_a_name() {
        for f in super::super::PERSONAL_FIELDS {
            assert_ne!(field_label(f), *f, "{f}");
        }
    }
}
