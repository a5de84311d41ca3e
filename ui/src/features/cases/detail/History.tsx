import { Empty, Tag, Timeline, Typography } from "antd";
import type { AuditEntry, FieldChange, TimelineEntry } from "../../../bindings";
import { scaled } from "../../../lib/display";
import { formatDateTime } from "../../../lib/time";
import {
  ACTION_COLORS,
  channelLabel,
  fieldLabel,
  labelOf,
  SATISFACTION_LABELS,
  statusLabel,
  URGENCY_LABELS,
} from "../labels";

/**
 * 操作记录: who did what and when, with each step's note, oldest first; the steps of the
 * cases marked 重复 of this one are merged in, each marked with its case number.
 */
export default function History({ history }: { history: TimelineEntry[] }) {
  return (
    <div data-testid="case-history">
      {history.length === 0 ? (
        <Empty description="暂无操作记录" image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Timeline
          items={history.map(({ entry: h, fromCase }) => ({
            key: `${fromCase ?? ""}:${h.id}`,
            color: ACTION_COLORS[h.action] ?? "gray",
            content: <HistoryEntry entry={h} fromCase={fromCase} />,
          }))}
        />
      )}
    </div>
  );
}

/** What a step did, in a few words: "变更状态：受理 → 核查". */
function headline(entry: AuditEntry): string {
  const status = entry.changes.find((c) => c.field === "status");
  if (entry.action === "transition" && status) {
    return `变更状态：${statusLabel(status.before ?? "")} → ${statusLabel(status.after ?? "")}`;
  }
  if (entry.action === "follow_up") {
    return status?.after ? `回访，诉求转为“${statusLabel(status.after)}”` : "回访";
  }
  if (entry.action === "party") {
    const p = entry.changes.find((c) => c.field === "party");
    return p?.after ? `添加相关方「${p.after}」` : p?.before ? `移除相关方「${p.before}」` : "相关方";
  }
  if (entry.action === "attachment") {
    const a = entry.changes.find((c) => c.field === "attachment");
    return a?.after ? `添加附件「${a.after}」` : a?.before ? `移除附件「${a.before}」` : "附件";
  }
  if (entry.action === "duplicate_linked") return "关联重复件";
  if (entry.action === "print") {
    const p = entry.changes.find((c) => c.field === "printed");
    return `打印${p?.after ?? entry.note ?? "通知"}`;
  }
  const fields = entry.changes.map((ch) => fieldLabel(ch.field));
  return entry.action === "update" && fields.length > 0
    ? `${entry.actionLabel}：${[...new Set(fields)].join("、")}`
    : entry.actionLabel;
}

/** Changes that the headline already says. */
function shownChanges(entry: AuditEntry): FieldChange[] {
  if (entry.action === "transition" || entry.action === "follow_up")
    return entry.changes.filter((c) => c.field !== "status");
  if (entry.action === "party" || entry.action === "attachment")
    return entry.changes.filter((c) => c.field !== "party" && c.field !== "attachment");
  if (entry.action === "print") return [];
  return entry.changes;
}

function HistoryEntry({ entry, fromCase }: { entry: AuditEntry; fromCase: string | null }) {
  const changes = shownChanges(entry);
  // A print's note is the document's name, which its headline already says.
  const note = entry.action === "print" ? null : entry.note;
  return (
    <div>
      <div>
        <Typography.Text type="secondary" style={{ marginInlineEnd: 12 }}>
          {formatDateTime(entry.at)}
        </Typography.Text>
        {fromCase && (
          <Tag color="purple" data-testid="history-from-case">
            重复件 {fromCase}
          </Tag>
        )}
        <Typography.Text strong>{entry.staffName}</Typography.Text> {headline(entry)}
      </div>
      {note && (
        <div className="sd-pre" style={{ margin: "4px 0 0", color: "#262626" }}>
          {note}
        </div>
      )}
      {changes.length > 0 && (
        <ul style={{ margin: "4px 0 0", paddingInlineStart: 20, color: "#595959", fontSize: scaled(14) }}>
          {changes.map((ch) => (
            <li key={ch.field}>
              <ChangeLine change={ch} created={entry.action === "create"} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A stored value as a person reads it: codes become their Chinese names. */
function readable(field: string, value: string | null): string {
  if (value === null || value === "") return "（空）";
  if (field === "status") return statusLabel(value);
  if (field === "channel") return channelLabel(value);
  if (field === "urgency") return labelOf(URGENCY_LABELS, value);
  if (field === "satisfaction") return labelOf(SATISFACTION_LABELS, value);
  if (field.endsWith("At")) return formatDateTime(value);
  return value;
}

function ChangeLine({ change, created }: { change: FieldChange; created: boolean }) {
  const label = fieldLabel(change.field);
  // A resident's personal data is not kept in the log (Rust's audit::PERSONAL_FIELDS):
  // the row only says that it was filled in or changed.
  if (change.redacted) {
    return (
      <span data-testid="history-redacted">
        {label}：{created ? "已填写" : "已修改"}
      </span>
    );
  }
  const after = (
    <Typography.Text ellipsis={{ tooltip: false }} style={{ maxWidth: 560, color: "inherit" }}>
      {readable(change.field, change.after)}
    </Typography.Text>
  );
  if (change.before === null || change.before === "") {
    return (
      <span>
        {label}：{after}
      </span>
    );
  }
  return (
    <span>
      {label}：
      <Typography.Text delete type="secondary">
        {readable(change.field, change.before)}
      </Typography.Text>{" "}
      → {after}
    </span>
  );
}
