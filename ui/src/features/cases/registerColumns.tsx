// The register's columns: number, dates, resident, deadline and status of each case.
import { type TableColumnsType, Tooltip, Typography } from "antd";
import dayjs from "dayjs";
import type { CaseRow } from "../../bindings";
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

export function registerColumns(
  onOpenCase: (id: number, number?: string) => void,
): TableColumnsType<CaseRow> {
  return [
    {
      title: "编号",
      dataIndex: "number",
      width: NUMBER_COLUMN_WIDTH,
      render: (number: string, row) => (
        <Typography.Link
          style={{ whiteSpace: "nowrap" }}
          onClick={(e) => {
            e.stopPropagation();
            onOpenCase(row.id, row.number);
          }}
        >
          {number}
        </Typography.Link>
      ),
    },
    {
      title: "受理日期",
      dataIndex: "receivedAt",
      width: 100,
      render: (v: string) => <Tooltip title={formatDateTime(v)}>{dayjs(v).format("YYYY-MM-DD")}</Tooltip>,
    },
    // Below 1200 px (the smallest window is 1024) 来源 and 地点 give their room to 标题,
    // which the fixed widths would otherwise squeeze to nothing.
    {
      title: "来源",
      dataIndex: "channel",
      width: 84,
      responsive: ["xl"],
      render: (v: string) => channelLabel(v),
    },
    { title: "分类", dataIndex: "categoryName", width: 84, render: (v: string | null) => v ?? EMPTY },
    { title: "标题", dataIndex: "title", ellipsis: { showTitle: true } },
    {
      title: "地点",
      dataIndex: "address",
      width: 140,
      responsive: ["xl"],
      ellipsis: { showTitle: true },
      render: (v: string) => v || EMPTY,
    },
    {
      title: "居民",
      dataIndex: "residentName",
      width: 112,
      render: (v: string | null, row) => (
        <div style={{ lineHeight: 1.35 }}>
          <div>{v ?? EMPTY}</div>
          {row.phoneMasked && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {row.phoneMasked}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { title: "承办人", dataIndex: "assigneeName", width: 72, render: (v: string | null) => v ?? EMPTY },
    {
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
                <div style={{ ...DANGER, fontSize: 12 }}>响应已超时</div>
              )}
            </div>
          </Tooltip>
        ) : (
          EMPTY
        ),
    },
    {
      title: "状态",
      dataIndex: "status",
      width: 66,
      align: "center",
      render: (v: string) => <StatusTag status={v} />,
    },
  ];
}
