// The register's columns: number, dates, resident, deadline and status of each case.
import { type TableColumnType, Tooltip, Typography } from "antd";
import dayjs from "dayjs";
import type { CaseRow } from "../../bindings";
import ActionLink from "../../lib/ActionLink";
import { scaled } from "../../lib/display";
import { DANGER } from "../../lib/theme";
import { formatDateTime } from "../../lib/time";
import { channelLabel, DUE_LABELS, type DueCode } from "./labels";
import StatusTag from "./StatusTag";

const EMPTY = "—";
const OVERDUE = { ...DANGER, fontWeight: 600 } as const;

/**
 * 编号 never wraps: a five-digit serial broken onto two lines ("RA-2026-" / "45968")
 * doubled every row's height once a station passed 9 999 cases a year. At the window's
 * 15 px, Noto Sans CJK SC sets "RA-2026-45968" in 100 px and the widest number,
 * "WW-2026-99999", in 108 px; a middle-size cell pads 8 px on each side, so 132 px leaves
 * room for a wider Windows font (Microsoft YaHei) as well.
 */
export const NUMBER_COLUMN_WIDTH = 132;

/**
 * The columns that give way when the register is too narrow for all (a small window, large
 * text: lib/fitColumns.ts), the first first. Below 1200 px at 标准 地点 and 来源 go, so
 * 标题 is not squeezed to nothing.
 */
export const REGISTER_DROP_ORDER = ["address", "channel", "assignee", "category", "receivedAt"] as const;

/** 标题 keeps at least this many px at 标准. */
export const REGISTER_MIN_TITLE = 120;

/** The columns, widths in px at 标准 (15 px); `fitColumns` scales them and drops what does not fit. */
export function registerColumns(
  onOpenCase: (id: number, number?: string) => void,
): (TableColumnType<CaseRow> & { key: string })[] {
  return [
    {
      key: "number",
      title: "编号",
      dataIndex: "number",
      width: NUMBER_COLUMN_WIDTH,
      render: (number: string, row) => (
        <ActionLink
          style={{ whiteSpace: "nowrap" }}
          onClick={(e) => {
            e.stopPropagation();
            onOpenCase(row.id, row.number);
          }}
        >
          {number}
        </ActionLink>
      ),
    },
    {
      key: "receivedAt",
      title: "受理日期",
      dataIndex: "receivedAt",
      width: 100,
      render: (v: string) => <Tooltip title={formatDateTime(v)}>{dayjs(v).format("YYYY-MM-DD")}</Tooltip>,
    },
    {
      key: "channel",
      title: "来源",
      dataIndex: "channel",
      width: 84,
      render: (v: string) => channelLabel(v),
    },
    {
      key: "category",
      title: "分类",
      dataIndex: "categoryName",
      width: 84,
      render: (v: string | null) => v ?? EMPTY,
    },
    { key: "title", title: "标题", dataIndex: "title", ellipsis: { showTitle: true } },
    {
      key: "address",
      title: "地点",
      dataIndex: "address",
      width: 140,
      ellipsis: { showTitle: true },
      render: (v: string) => v || EMPTY,
    },
    {
      key: "resident",
      title: "居民",
      dataIndex: "residentName",
      width: 112,
      render: (v: string | null, row) => (
        <div style={{ lineHeight: 1.35 }}>
          <div>{v ?? EMPTY}</div>
          {row.phoneMasked && (
            <Typography.Text type="secondary" style={{ fontSize: scaled(12) }}>
              {row.phoneMasked}
            </Typography.Text>
          )}
        </div>
      ),
    },
    {
      key: "assignee",
      title: "承办人",
      dataIndex: "assigneeName",
      width: 72,
      render: (v: string | null) => v ?? EMPTY,
    },
    {
      key: "resolveDue",
      title: "办结时限",
      dataIndex: "resolveDueAt",
      width: 104,
      render: (v: string | null, row) =>
        v ? (
          <Tooltip title={`${formatDateTime(v)}（${DUE_LABELS[row.dueState as DueCode] ?? ""}）`}>
            <div style={{ lineHeight: 1.35 }}>
              <span style={row.dueState === "overdue" && dayjs(v).isBefore(dayjs()) ? OVERDUE : undefined}>
                {dayjs(v).format("MM-DD HH:mm")}
              </span>
              {/* Red, yet the resolve clock still runs: the resident was not called in time. */}
              {row.dueState === "overdue" && dayjs(v).isAfter(dayjs()) && (
                <div style={{ ...DANGER, fontSize: scaled(12) }}>响应已超时</div>
              )}
            </div>
          </Tooltip>
        ) : (
          EMPTY
        ),
    },
    {
      key: "status",
      title: "状态",
      dataIndex: "status",
      width: 66,
      align: "center",
      render: (v: string) => <StatusTag status={v} />,
    },
  ];
}
