import { Alert, Descriptions, type DescriptionsProps, Drawer, Empty, Spin, Timeline, Typography } from "antd";
import { useEffect, useState } from "react";
import { type AuditEntry, type CaseDetail, commands, type FieldChange } from "../../bindings";
import { call, errorMessage } from "../../lib/ipc";
import { formatDateTime } from "../../lib/time";
import { formatAddress } from "./address";
import { actionLabel, channelLabel, fieldLabel, statusLabel } from "./labels";
import StatusTag from "./StatusTag";

const EMPTY = <Typography.Text type="secondary">未填写</Typography.Text>;

type Load = { kind: "loading" } | { kind: "error"; message: string } | { kind: "ready"; detail: CaseDetail };

/** 诉求详情: every field of one case, and who did what to it. */
export default function CaseDetailDrawer({
  caseId,
  onClose,
}: {
  caseId: number | null;
  onClose: () => void;
}) {
  const [load, setLoad] = useState<Load>({ kind: "loading" });

  useEffect(() => {
    if (caseId === null) return;
    let current = true;
    setLoad({ kind: "loading" });
    call(commands.getCase(caseId)).then(
      (detail) => current && setLoad({ kind: "ready", detail }),
      (e: unknown) => current && setLoad({ kind: "error", message: errorMessage(e) }),
    );
    return () => {
      current = false;
    };
  }, [caseId]);

  const title = load.kind === "ready" ? `诉求详情　${load.detail.case.number}` : "诉求详情";
  return (
    <Drawer open={caseId !== null} onClose={onClose} title={title} size={760} destroyOnHidden>
      <div data-testid="case-detail">
        {load.kind === "loading" && (
          <div style={{ textAlign: "center", padding: 48 }}>
            <Spin size="large" />
          </div>
        )}
        {load.kind === "error" && <Alert type="error" showIcon title={load.message} />}
        {load.kind === "ready" && <DetailBody detail={load.detail} />}
      </div>
    </Drawer>
  );
}

function DetailBody({ detail }: { detail: CaseDetail }) {
  const c = detail.case;
  const address = formatAddress(c.address);
  const items: DescriptionsProps["items"] = [
    { key: "number", label: "编号", children: <Typography.Text strong>{c.number}</Typography.Text> },
    { key: "status", label: "状态", children: <StatusTag status={c.status} /> },
    { key: "channel", label: "来源", children: channelLabel(c.channel) },
    { key: "category", label: "分类", children: c.categoryName ?? EMPTY },
    { key: "title", label: "标题", span: 2, children: <Typography.Text strong>{c.title}</Typography.Text> },
    {
      key: "description",
      label: "问题描述",
      span: 2,
      children: c.description ? <div className="sd-pre">{c.description}</div> : EMPTY,
    },
    { key: "resident", label: "居民姓名", children: c.residentName ?? EMPTY },
    { key: "phone", label: "联系电话", children: c.phone ?? EMPTY },
    { key: "address", label: "地址", span: 2, children: address || EMPTY },
    { key: "receivedAt", label: "受理时间", children: formatDateTime(c.receivedAt) },
    { key: "createdBy", label: "登记人", children: c.createdBy },
    { key: "createdAt", label: "登记时间", children: formatDateTime(c.createdAt) },
    { key: "updatedAt", label: "最后更新", children: formatDateTime(c.updatedAt) },
  ];
  return (
    <>
      <Descriptions
        bordered
        column={2}
        size="middle"
        items={items}
        styles={{ label: { width: 100, whiteSpace: "nowrap" } }}
      />
      <Typography.Title level={5} style={{ marginTop: 28 }}>
        操作记录
      </Typography.Title>
      <div data-testid="case-history">
        {detail.history.length === 0 ? (
          <Empty description="暂无操作记录" image={Empty.PRESENTED_IMAGE_SIMPLE} />
        ) : (
          <Timeline
            items={detail.history.map((h) => ({
              key: h.id,
              color: h.action === "create" ? "blue" : "green",
              content: <HistoryEntry entry={h} />,
            }))}
          />
        )}
      </div>
    </>
  );
}

function HistoryEntry({ entry }: { entry: AuditEntry }) {
  const fields = entry.changes.map((ch) => fieldLabel(ch.field));
  return (
    <div>
      <div>
        <Typography.Text type="secondary" style={{ marginInlineEnd: 12 }}>
          {formatDateTime(entry.at)}
        </Typography.Text>
        <Typography.Text strong>{entry.staffName}</Typography.Text> {actionLabel(entry.action)}
        {entry.action === "update" && fields.length > 0 && <>：{fields.join("、")}</>}
      </div>
      {entry.changes.length > 0 && (
        <ul style={{ margin: "4px 0 0", paddingInlineStart: 20, color: "#595959", fontSize: 14 }}>
          {entry.changes.map((ch) => (
            <li key={ch.field}>
              <ChangeLine change={ch} create={entry.action === "create"} />
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
  if (field === "receivedAt" || field === "createdAt" || field === "updatedAt") return formatDateTime(value);
  return value;
}

function ChangeLine({ change, create }: { change: FieldChange; create: boolean }) {
  const label = fieldLabel(change.field);
  const after = (
    <Typography.Text ellipsis={{ tooltip: false }} style={{ maxWidth: 560, color: "inherit" }}>
      {readable(change.field, change.after)}
    </Typography.Text>
  );
  if (create) {
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
