//! Which tables a move copies, in which order, and how each column's value is mapped.

/// How a column's value is carried over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Map {
    /// This table's own id: shifted by the table's offset.
    Id,
    /// A reference to another table's id (`0` or NULL stays as it is: "none").
    Ref(&'static str),
    /// The station: the new station's id.
    Station,
    /// A JSON array of ids of a table.
    JsonRefs(&'static str),
    /// `audit_log.entity_id` / `reminders_sent.ref_id`: the table depends on another column.
    ByKind,
    /// Recomputed (`cases.search_key`).
    SearchKey,
}

/// A table to copy: its name, how to pick the station's rows on the server, and the
/// columns that need mapping (every other column is kept).
pub(super) struct Spec {
    pub(super) table: &'static str,
    /// A condition on the server's rows of the new station (`$1` = its id).
    pub(super) mine: &'static str,
    pub(super) maps: &'static [(&'static str, Map)],
}

const ST: &str = "station_id = $1";

/// In an order that satisfies the foreign keys.
pub(super) const SPECS: &[Spec] = &[
    Spec { table: "staff", mine: ST, maps: &[("id", Map::Id), ("station_id", Map::Station)] },
    Spec {
        table: "staff_credentials",
        mine: ST,
        maps: &[("staff_id", Map::Ref("staff")), ("station_id", Map::Station)],
    },
    Spec { table: "categories", mine: ST, maps: &[("id", Map::Id), ("station_id", Map::Station)] },
    Spec { table: "case_serials", mine: ST, maps: &[("station_id", Map::Station)] },
    Spec { table: "parties", mine: ST, maps: &[("id", Map::Id), ("station_id", Map::Station)] },
    Spec { table: "errand_types", mine: ST, maps: &[("id", Map::Id), ("station_id", Map::Station)] },
    Spec {
        table: "events",
        mine: ST,
        maps: &[
            ("id", Map::Id),
            ("station_id", Map::Station),
            ("split_from", Map::Ref("events")),
            ("staff_ids", Map::JsonRefs("staff")),
            ("partner_ids", Map::JsonRefs("parties")),
        ],
    },
    Spec {
        table: "cases",
        mine: ST,
        maps: &[
            ("id", Map::Id),
            ("station_id", Map::Station),
            ("category_id", Map::Ref("categories")),
            ("created_by", Map::Ref("staff")),
            ("assignee_id", Map::Ref("staff")),
            ("duplicate_of", Map::Ref("cases")),
            ("search_key", Map::SearchKey),
        ],
    },
    Spec { table: "case_imports", mine: ST, maps: &[("station_id", Map::Station), ("case_id", Map::Ref("cases"))] },
    Spec { table: "case_requests", mine: ST, maps: &[("station_id", Map::Station), ("case_id", Map::Ref("cases"))] },
    Spec {
        table: "case_counts",
        mine: ST,
        maps: &[("station_id", Map::Station), ("category_id", Map::Ref("categories"))],
    },
    Spec {
        table: "notice_prints",
        mine: ST,
        maps: &[("id", Map::Id), ("station_id", Map::Station), ("staff_id", Map::Ref("staff"))],
    },
    Spec {
        table: "audit_log",
        mine: ST,
        maps: &[
            ("id", Map::Id),
            ("station_id", Map::Station),
            ("staff_id", Map::Ref("staff")),
            ("entity_id", Map::ByKind),
        ],
    },
    Spec {
        table: "time_limits",
        mine: ST,
        maps: &[("station_id", Map::Station), ("category_id", Map::Ref("categories"))],
    },
    Spec { table: "calendar_days", mine: ST, maps: &[("station_id", Map::Station)] },
    Spec { table: "official_holidays", mine: ST, maps: &[("station_id", Map::Station)] },
    Spec {
        table: "case_parties",
        mine: "case_id IN (SELECT id FROM cases WHERE station_id = $1)",
        maps: &[("case_id", Map::Ref("cases")), ("party_id", Map::Ref("parties"))],
    },
    Spec {
        table: "case_surveys",
        mine: "case_id IN (SELECT id FROM cases WHERE station_id = $1)",
        maps: &[("id", Map::Id), ("case_id", Map::Ref("cases"))],
    },
    Spec {
        table: "case_followups",
        mine: ST,
        maps: &[("id", Map::Id), ("station_id", Map::Station), ("case_id", Map::Ref("cases"))],
    },
    Spec {
        table: "attachments",
        mine: ST,
        maps: &[("id", Map::Id), ("station_id", Map::Station), ("case_id", Map::Ref("cases"))],
    },
    Spec {
        table: "case_day_stats",
        mine: ST,
        maps: &[
            ("station_id", Map::Station),
            ("category_id", Map::Ref("categories")),
            ("assignee_id", Map::Ref("staff")),
        ],
    },
    Spec {
        table: "case_resolve_times",
        mine: ST,
        maps: &[
            ("station_id", Map::Station),
            ("category_id", Map::Ref("categories")),
            ("assignee_id", Map::Ref("staff")),
        ],
    },
    Spec { table: "station_resolve_times", mine: ST, maps: &[("station_id", Map::Station)] },
    Spec { table: "station_retention", mine: ST, maps: &[("station_id", Map::Station)] },
    Spec {
        table: "event_overrides",
        mine: "event_id IN (SELECT id FROM events WHERE station_id = $1)",
        maps: &[("event_id", Map::Ref("events")), ("staff_ids", Map::JsonRefs("staff"))],
    },
    Spec {
        table: "event_signups",
        mine: ST,
        maps: &[("id", Map::Id), ("station_id", Map::Station), ("event_id", Map::Ref("events"))],
    },
    Spec {
        table: "event_walkins",
        mine: ST,
        maps: &[("id", Map::Id), ("station_id", Map::Station), ("event_id", Map::Ref("events"))],
    },
    Spec { table: "event_served", mine: ST, maps: &[("station_id", Map::Station), ("event_id", Map::Ref("events"))] },
    Spec {
        table: "volunteer_hours",
        mine: ST,
        maps: &[("id", Map::Id), ("station_id", Map::Station), ("event_id", Map::Ref("events"))],
    },
    Spec {
        table: "errands",
        mine: ST,
        maps: &[
            ("id", Map::Id),
            ("station_id", Map::Station),
            ("type_id", Map::Ref("errand_types")),
            ("staff_id", Map::Ref("staff")),
            ("event_id", Map::Ref("events")),
        ],
    },
    Spec { table: "meetings", mine: ST, maps: &[("id", Map::Id), ("station_id", Map::Station)] },
    Spec {
        table: "meeting_parties",
        mine: "meeting_id IN (SELECT id FROM meetings WHERE station_id = $1)",
        maps: &[("meeting_id", Map::Ref("meetings")), ("party_id", Map::Ref("parties"))],
    },
    Spec {
        table: "meeting_staff",
        mine: "meeting_id IN (SELECT id FROM meetings WHERE station_id = $1)",
        maps: &[("meeting_id", Map::Ref("meetings")), ("staff_id", Map::Ref("staff"))],
    },
    Spec {
        table: "meeting_agenda",
        mine: "meeting_id IN (SELECT id FROM meetings WHERE station_id = $1)",
        maps: &[("id", Map::Id), ("meeting_id", Map::Ref("meetings")), ("case_id", Map::Ref("cases"))],
    },
    Spec {
        table: "meeting_decisions",
        mine: "meeting_id IN (SELECT id FROM meetings WHERE station_id = $1)",
        maps: &[("id", Map::Id), ("meeting_id", Map::Ref("meetings")), ("case_id", Map::Ref("cases"))],
    },
    Spec { table: "reminders_sent", mine: ST, maps: &[("station_id", Map::Station), ("ref_id", Map::ByKind)] },
    Spec { table: "notice_templates", mine: ST, maps: &[("station_id", Map::Station)] },
    Spec { table: "notice_fonts", mine: ST, maps: &[("station_id", Map::Station)] },
];

/// The table an audit row's `entity` (or a reminder's `kind`) refers to.
pub(super) fn kind_table(kind: &str) -> Option<&'static str> {
    Some(match kind.strip_prefix("reminder_").unwrap_or(kind) {
        "case" | "case_due" => "cases",
        "staff" => "staff",
        "category" => "categories",
        "party" => "parties",
        "event" => "events",
        "event_signup" => "event_signups",
        "event_walkin" => "event_walkins",
        "meeting" => "meetings",
        "meeting_decision" => "meeting_decisions",
        "errand" => "errands",
        "errand_type" => "errand_types",
        "notice_print" => "notice_prints",
        _ => return None,
    })
}

/// A table's name as the window shows it while moving and in the check's result.
pub(super) fn label(table: &str) -> &'static str {
    match table {
        "staff" => "工作人员",
        "staff_credentials" => "账号密码",
        "categories" => "诉求分类",
        "case_serials" => "诉求编号",
        "parties" => "相关方",
        "errand_types" => "代办事项类型",
        "events" => "活动",
        "cases" => "诉求",
        "case_counts" => "诉求计数",
        "case_imports" => "台账导入来源",
        "case_requests" => "登记表单标识",
        "audit_log" => "操作记录",
        "time_limits" => "办理时限",
        "calendar_days" => "节假日",
        "official_holidays" => "导入的节假日安排",
        "case_parties" => "诉求相关方",
        "case_surveys" => "核查记录",
        "case_followups" => "回访记录",
        "attachments" => "附件",
        "attachment_blobs" => "附件内容",
        "case_day_stats" => "每日统计",
        "case_resolve_times" => "办结用时统计",
        "station_resolve_times" => "办结用时统计（按站汇总）",
        "event_overrides" => "活动调整",
        "event_signups" => "活动报名",
        "event_walkins" => "现场参加",
        "event_served" => "服务人次",
        "volunteer_hours" => "志愿服务时长",
        "errands" => "代办事项",
        "meetings" => "会议",
        "meeting_parties" => "会议参加方",
        "meeting_staff" => "参会工作人员",
        "meeting_agenda" => "会议议程",
        "meeting_decisions" => "会议决定",
        "reminders_sent" => "已发提醒",
        "notice_templates" => "通知模板",
        "notice_fonts" => "通知字体",
        "notice_prints" => "打印记录",
        "station_retention" => "个人信息保存设置",
        _ => "其他记录",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_table_a_move_copies_has_a_chinese_label() {
        let missing: Vec<&str> = SPECS.iter().map(|s| s.table).filter(|t| label(t) == "其他记录").collect();
        assert!(missing.is_empty(), "tables without a label: {missing:?}");
        assert_ne!(label("attachment_blobs"), "其他记录");
    }
}
