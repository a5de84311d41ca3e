// The dashboard's pieces: rate cards, counts, charts and the breakdown table.
import { QuestionCircleOutlined } from "@ant-design/icons";
import { Card, Empty, Flex, Table, type TableColumnsType, Tooltip, Typography } from "antd";
import { lazy, type ReactNode, Suspense, useMemo } from "react";
import type { Breakdown, Figures } from "../../bindings";
import { scaled } from "../../lib/display";
import type { EChartOption } from "../../lib/EChart";
import { DANGER, MUTED, PRIMARY } from "../../lib/theme";

// ECharts is loaded with the dashboard only, not with the rest of the window.
const LazyChart = lazy(() => import("../../lib/EChart"));

export function EChart({ option, height = 300 }: { option: EChartOption; height?: number }) {
  return (
    <Suspense fallback={<div style={{ height }} />}>
      <LazyChart option={option} style={{ height }} />
    </Suspense>
  );
}

/** `87.5%`; a rate with nothing to divide by shows a dash. */
export function percent(rate: number | null): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(1)}%`;
}

export function days(value: number | null): string {
  return value === null ? "—" : value.toFixed(1);
}

export const COLORS = {
  received: "#5b8ff9",
  resolved: "#5ad8a6",
  response: PRIMARY,
  resolution: "#f6903d",
  satisfaction: "#e8684a",
};

export function NoData() {
  return (
    <Flex align="center" justify="center" style={{ height: 300 }}>
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="这段时间没有诉求" />
    </Flex>
  );
}

export function RateCard({
  title,
  formula,
  rate,
  detail,
  testId,
  color,
}: {
  title: string;
  formula: string;
  rate: number | null;
  detail: string;
  testId: string;
  color: string;
}) {
  return (
    <Card styles={{ body: { padding: "16px 20px" } }} style={{ borderTop: `3px solid ${color}` }}>
      <Flex align="center" gap={6}>
        <Typography.Text style={{ fontSize: scaled(16) }}>{title}</Typography.Text>
        <Tooltip title={formula} styles={{ root: { maxWidth: 380 } }}>
          <QuestionCircleOutlined style={{ ...MUTED, cursor: "help" }} data-testid={`${testId}-formula`} />
        </Tooltip>
      </Flex>
      <div
        style={{ fontSize: scaled(34), fontWeight: 600, color, lineHeight: 1.3, margin: "6px 0 2px" }}
        data-testid={testId}
      >
        {percent(rate)}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: scaled(13) }}>
        {rate === null ? "这段时间没有可计算的诉求" : detail}
      </Typography.Text>
    </Card>
  );
}

export function Count({
  label,
  value,
  unit,
  testId,
  hint,
  danger,
}: {
  label: string;
  value: ReactNode;
  unit: string;
  testId: string;
  hint: string;
  danger?: boolean;
}) {
  return (
    <Tooltip title={hint}>
      <div style={{ textAlign: "center", minWidth: 96 }}>
        <Typography.Text type="secondary">{label}</Typography.Text>
        <div>
          <span
            style={{ fontSize: scaled(24), fontWeight: 600, ...(danger ? DANGER : {}) }}
            data-testid={testId}
          >
            {value}
          </span>
          <Typography.Text type="secondary" style={{ marginInlineStart: 4 }}>
            {unit}
          </Typography.Text>
        </div>
      </div>
    </Tooltip>
  );
}

const pct = (r: number | null) => (r === null ? null : Math.round(r * 1000) / 10);

export function trendOption(months: Breakdown[]): EChartOption {
  const labels = months.map((m) => `${Number(m.key.slice(5))}月`);
  return {
    color: [COLORS.received, COLORS.resolved, COLORS.response, COLORS.resolution, COLORS.satisfaction],
    tooltip: {
      trigger: "axis",
      valueFormatter: (v: unknown) => (v === null || v === undefined || v === "-" ? "—" : String(v)),
    },
    legend: { top: 0 },
    grid: { left: 40, right: 48, top: 36, bottom: 28 },
    xAxis: { type: "category", data: labels },
    yAxis: [
      { type: "value", name: "件", minInterval: 1 },
      { type: "value", name: "%", min: 0, max: 100, splitLine: { show: false } },
    ],
    series: [
      { name: "受理", type: "bar", data: months.map((m) => m.figures.received), barMaxWidth: 28 },
      { name: "办结", type: "bar", data: months.map((m) => m.figures.resolved), barMaxWidth: 28 },
      rateSeries("响应率", months, (f) => f.responseRate),
      rateSeries("解决率", months, (f) => f.resolutionRate),
      rateSeries("满意率", months, (f) => f.satisfactionRate),
    ],
  };
}

function rateSeries(name: string, months: Breakdown[], pick: (f: Figures) => number | null) {
  return {
    name,
    type: "line",
    yAxisIndex: 1,
    connectNulls: true,
    symbolSize: 6,
    data: months.map((m) => pct(pick(m.figures)) ?? "-"),
    tooltip: { valueFormatter: (v: unknown) => (typeof v === "number" ? `${v.toFixed(1)}%` : "—") },
  };
}

export function categoryOption(categories: Breakdown[]): EChartOption {
  const rows = [...categories].sort((a, b) => a.figures.received - b.figures.received).slice(-12);
  return {
    color: [COLORS.received, "#e8684a"],
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 84, right: 24, top: 32, bottom: 24 },
    xAxis: { type: "value", minInterval: 1 },
    yAxis: {
      type: "category",
      data: rows.map((r) => r.label),
      axisLabel: { width: 76, overflow: "truncate" },
    },
    series: [
      { name: "受理", type: "bar", data: rows.map((r) => r.figures.received), barMaxWidth: 16 },
      { name: "超期", type: "bar", data: rows.map((r) => r.figures.overdue), barMaxWidth: 16 },
    ],
  };
}

export function BreakdownTable({
  rows,
  first,
  testId,
}: {
  rows: Breakdown[];
  first: string;
  testId: string;
}) {
  const columns: TableColumnsType<Breakdown> = useMemo(
    () => [
      { title: first, dataIndex: "label" },
      { title: "受理", align: "right", render: (_, r) => r.figures.received },
      { title: "办结", align: "right", render: (_, r) => r.figures.resolved },
      {
        title: "超期",
        align: "right",
        render: (_, r) => (r.figures.overdue > 0 ? <span style={DANGER}>{r.figures.overdue}</span> : 0),
      },
      { title: "重新处理", align: "right", render: (_, r) => r.figures.reopened },
      { title: "回访", align: "right", render: (_, r) => r.figures.followedUp },
      { title: "响应率", align: "right", render: (_, r) => percent(r.figures.responseRate) },
      { title: "解决率", align: "right", render: (_, r) => percent(r.figures.resolutionRate) },
      { title: "满意率", align: "right", render: (_, r) => percent(r.figures.satisfactionRate) },
      { title: "中位办结天数", align: "right", render: (_, r) => days(r.figures.medianDaysToResolve) },
    ],
    [first],
  );
  return (
    <div data-testid={testId}>
      <Table<Breakdown>
        size="small"
        rowKey="key"
        columns={columns}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: "这段时间没有诉求" }}
      />
    </div>
  );
}
