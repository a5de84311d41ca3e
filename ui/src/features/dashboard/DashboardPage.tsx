import { QuestionCircleOutlined, ReloadOutlined } from "@ant-design/icons";
import {
  Alert,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Row,
  Spin,
  Table,
  type TableColumnsType,
  Tooltip,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { lazy, type ReactNode, Suspense, useCallback, useEffect, useMemo, useRef, useState } from "react";
import { type Breakdown, commands, type Figures, type RatesReport, type ServiceCounts } from "../../bindings";
import type { EChartOption } from "../../lib/EChart";
import { call, errorMessage } from "../../lib/ipc";
import { RESOLUTION_RATE_FORMULA, RESPONSE_RATE_FORMULA, SATISFACTION_RATE_FORMULA } from "./formulas";
import ServicesSection from "./ServicesSection";

// ECharts is loaded with the dashboard only, not with the rest of the window.
const LazyChart = lazy(() => import("../../lib/EChart"));

function EChart({ option }: { option: EChartOption }) {
  return (
    <Suspense fallback={<div style={{ height: 300 }} />}>
      <LazyChart option={option} />
    </Suspense>
  );
}

type Period = { from: Dayjs; to: Dayjs };

const PRESETS: { key: string; label: string; period: () => Period }[] = [
  { key: "month", label: "本月", period: () => ({ from: dayjs().startOf("month"), to: dayjs() }) },
  {
    key: "quarter",
    label: "本季度",
    period: () => ({
      from: dayjs()
        .month(Math.floor(dayjs().month() / 3) * 3)
        .startOf("month"),
      to: dayjs(),
    }),
  },
  { key: "year", label: "今年", period: () => ({ from: dayjs().startOf("year"), to: dayjs() }) },
  {
    key: "last-year",
    label: "去年",
    period: () => ({
      from: dayjs().subtract(1, "year").startOf("year"),
      to: dayjs().subtract(1, "year").endOf("year"),
    }),
  },
];

/** `87.5%`; a rate with nothing to divide by shows a dash. */
export function percent(rate: number | null): string {
  return rate === null ? "—" : `${(rate * 100).toFixed(1)}%`;
}

function days(value: number | null): string {
  return value === null ? "—" : value.toFixed(1);
}

const COLORS = {
  received: "#5b8ff9",
  resolved: "#5ad8a6",
  response: "#1d5fb4",
  resolution: "#f6903d",
  satisfaction: "#e8684a",
};

/** 统计: the three rates, the counts and their breakdowns for a period. */
export default function DashboardPage({ active }: { active: boolean }) {
  const [period, setPeriod] = useState<Period>(() => PRESETS[2].period());
  const [report, setReport] = useState<RatesReport | null>(null);
  const [services, setServices] = useState<ServiceCounts | null>(null);
  const [servicesError, setServicesError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);

  const load = useCallback(async (p: Period) => {
    const ticket = ++latest.current;
    setLoading(true);
    try {
      const from = p.from.format("YYYY-MM-DD");
      const to = p.to.format("YYYY-MM-DD");
      // The service figures come from the scheduling side; the rates show even if they fail.
      const [r, sc] = await Promise.all([
        call(commands.ratesReport({ from, to })),
        call(commands.serviceCounts(from, to)).catch((e: unknown) => {
          setServicesError(errorMessage(e));
          return null;
        }),
      ]);
      if (ticket !== latest.current) return;
      setReport(r);
      setServices(sc);
      if (sc) setServicesError(null);
      setError(null);
    } catch (e) {
      if (ticket === latest.current) setError(errorMessage(e));
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, []);

  // Reads again whenever the page is shown, so figures follow the day's work.
  useEffect(() => {
    if (active) void load(period);
  }, [active, period, load]);

  const presetKey = PRESETS.find((p) => {
    const q = p.period();
    return q.from.isSame(period.from, "day") && q.to.isSame(period.to, "day");
  })?.key;

  const t = report?.total;
  return (
    <div>
      <Flex align="center" gap={16} wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          统计
        </Typography.Title>
        <Flex gap={4}>
          {PRESETS.map((p) => (
            <Button
              key={p.key}
              size="small"
              type={presetKey === p.key ? "primary" : "default"}
              autoInsertSpace={false}
              onClick={() => setPeriod(p.period())}
            >
              {p.label}
            </Button>
          ))}
        </Flex>
        <Flex gap={6} align="center">
          <DatePicker
            value={period.from}
            allowClear={false}
            format="YYYY-MM-DD"
            onChange={(d) => d && setPeriod((p) => ({ ...p, from: d }))}
            disabledDate={(d) => d.isAfter(period.to, "day")}
            style={{ width: 140 }}
            data-testid="dashboard-from"
          />
          <span>至</span>
          <DatePicker
            value={period.to}
            allowClear={false}
            format="YYYY-MM-DD"
            onChange={(d) => d && setPeriod((p) => ({ ...p, to: d }))}
            disabledDate={(d) => d.isBefore(period.from, "day")}
            style={{ width: 140 }}
            data-testid="dashboard-to"
          />
        </Flex>
        <Tooltip title="重新统计">
          <Button icon={<ReloadOutlined />} onClick={() => void load(period)} loading={loading} />
        </Tooltip>
      </Flex>

      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {!report && loading && (
        <div style={{ textAlign: "center", padding: 64 }}>
          <Spin size="large" />
        </div>
      )}
      {report && t && (
        <Spin spinning={loading}>
          <Row gutter={[16, 16]}>
            <Col span={8}>
              <RateCard
                title="响应率"
                formula={RESPONSE_RATE_FORMULA}
                rate={t.responseRate}
                detail={`${t.respondedInTime} / ${t.received} 件按时响应`}
                testId="rate-response"
                color={COLORS.response}
              />
            </Col>
            <Col span={8}>
              <RateCard
                title="解决率"
                formula={RESOLUTION_RATE_FORMULA}
                rate={t.resolutionRate}
                detail={`${t.resolvedByResident} / ${t.followedUp} 件回访认为已解决`}
                testId="rate-resolution"
                color={COLORS.resolution}
              />
            </Col>
            <Col span={8}>
              <RateCard
                title="满意率"
                formula={SATISFACTION_RATE_FORMULA}
                rate={t.satisfactionRate}
                detail={`${t.satisfied} / ${t.followedUp} 件回访满意或基本满意`}
                testId="rate-satisfaction"
                color={COLORS.satisfaction}
              />
            </Col>
          </Row>
          <Card style={{ marginTop: 16 }} styles={{ body: { padding: "12px 16px" } }}>
            <Flex justify="space-around" wrap gap={12}>
              <Count
                label="受理"
                value={t.received}
                unit="件"
                testId="dashboard-received"
                hint="期间受理，不含重复件"
              />
              <Count label="办结" value={t.resolved} unit="件" testId="dashboard-resolved" hint="期间办结" />
              <Count
                label="超期"
                value={t.overdue}
                unit="件"
                testId="dashboard-overdue"
                hint="超过办结时限才办结，或至今未办结已超期"
                danger={t.overdue > 0}
              />
              <Count
                label="重新处理"
                value={t.reopened}
                unit="件"
                testId="dashboard-reopened"
                hint="回访后退回重新处理过的"
              />
              <Count
                label="重复件"
                value={t.duplicates}
                unit="件"
                testId="dashboard-duplicates"
                hint="同一问题又有居民反映"
              />
              <Count
                label="中位办结天数"
                value={days(t.medianDaysToResolve)}
                unit="天"
                testId="dashboard-median"
                hint="从受理到办结，一半诉求快于此数"
              />
            </Flex>
          </Card>
          <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
            <Col span={14}>
              <Card title="按月趋势" size="small">
                {report.byMonth.length === 0 ? <NoData /> : <EChart option={trendOption(report.byMonth)} />}
              </Card>
            </Col>
            <Col span={10}>
              <Card title="按分类" size="small">
                {report.byCategory.length === 0 ? (
                  <NoData />
                ) : (
                  <EChart option={categoryOption(report.byCategory)} />
                )}
              </Card>
            </Col>
          </Row>
          <Card title="按承办人" size="small" style={{ marginTop: 16 }}>
            <BreakdownTable rows={report.byAssignee} first="承办人" testId="dashboard-by-assignee" />
          </Card>
          {services && <ServicesSection counts={services} />}
          {servicesError && (
            <Typography.Paragraph type="danger" style={{ marginTop: 12 }}>
              服务开展统计暂时无法读取：{servicesError}
            </Typography.Paragraph>
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: 13 }}>
            统计期间 {report.from} 至 {report.to}
            （北京时间，含首尾两天）。把鼠标移到「?」上可看各项的计算方法。
          </Typography.Paragraph>
        </Spin>
      )}
    </div>
  );
}

function NoData() {
  return (
    <Flex align="center" justify="center" style={{ height: 300 }}>
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="这段时间没有诉求" />
    </Flex>
  );
}

function RateCard({
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
        <Typography.Text style={{ fontSize: 16 }}>{title}</Typography.Text>
        <Tooltip title={formula} styles={{ root: { maxWidth: 380 } }}>
          <QuestionCircleOutlined
            style={{ color: "#8c8c8c", cursor: "help" }}
            data-testid={`${testId}-formula`}
          />
        </Tooltip>
      </Flex>
      <div
        style={{ fontSize: 34, fontWeight: 600, color, lineHeight: 1.3, margin: "6px 0 2px" }}
        data-testid={testId}
      >
        {percent(rate)}
      </div>
      <Typography.Text type="secondary" style={{ fontSize: 13 }}>
        {rate === null ? "这段时间没有可计算的诉求" : detail}
      </Typography.Text>
    </Card>
  );
}

function Count({
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
            style={{ fontSize: 24, fontWeight: 600, color: danger ? "#cf1322" : undefined }}
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

function trendOption(months: Breakdown[]): EChartOption {
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

function categoryOption(categories: Breakdown[]): EChartOption {
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

function BreakdownTable({ rows, first, testId }: { rows: Breakdown[]; first: string; testId: string }) {
  const columns: TableColumnsType<Breakdown> = useMemo(
    () => [
      { title: first, dataIndex: "label" },
      { title: "受理", align: "right", render: (_, r) => r.figures.received },
      { title: "办结", align: "right", render: (_, r) => r.figures.resolved },
      {
        title: "超期",
        align: "right",
        render: (_, r) =>
          r.figures.overdue > 0 ? <span style={{ color: "#cf1322" }}>{r.figures.overdue}</span> : 0,
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
