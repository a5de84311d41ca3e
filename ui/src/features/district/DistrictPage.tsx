import { QuestionCircleOutlined } from "@ant-design/icons";
import {
  Alert,
  Card,
  Col,
  Empty,
  Flex,
  Row,
  Segmented,
  Spin,
  Table,
  type TableColumnsType,
  Tooltip,
  Typography,
} from "antd";
import { type ReactNode, useMemo, useState } from "react";
import type { DistrictDashboard, Figures, RateFormulas, StationLine } from "../../bindings";
import { scaled } from "../../lib/display";
import { errorMessage } from "../../lib/ipc";
import { useDistrictDashboard, useRateFormulas } from "../../lib/queries";
import { DANGER, MUTED } from "../../lib/theme";
import PeriodBar, { type Period, periodQuery } from "../dashboard/PeriodBar";
import { EChart, percent } from "../dashboard/parts";
import { ratesOption, TREND_METRICS, type TrendMetric, trendOption } from "./charts";
import DistrictReportCard from "./DistrictReportCard";

/** A column header with its definition on a「?」. */
function Explained({ title, help, testId }: { title: string; help: string | undefined; testId: string }) {
  return (
    <Tooltip title={help} styles={{ root: { maxWidth: 400 } }}>
      <span style={{ cursor: "help", whiteSpace: "nowrap" }} data-testid={testId}>
        {title} <QuestionCircleOutlined style={MUTED} />
      </span>
    </Tooltip>
  );
}

const count = (n: number) => n;
const overdue = (n: number) => (n > 0 ? <span style={DANGER}>{n}</span> : 0);

function columns(rule: string, formulas: RateFormulas | undefined): TableColumnsType<StationLine> {
  const figure = (
    title: ReactNode,
    pick: (f: Figures) => number,
    show: (n: number) => ReactNode = count,
  ): TableColumnsType<StationLine>[number] => ({
    title,
    align: "right",
    width: 72,
    sorter: (a, b) => pick(a.figures) - pick(b.figures),
    render: (_, r) => show(pick(r.figures)),
  });
  const rate = (
    title: string,
    help: string | undefined,
    testId: string,
    pick: (f: Figures) => number | null,
  ) => ({
    ...figure(<Explained title={title} help={help} testId={testId} />, (f) => pick(f) ?? -1),
    width: 96,
    render: (_: unknown, r: StationLine) => percent(pick(r.figures)),
  });
  return [
    {
      title: <Explained title="排名" help={rule} testId="district-ranking-rule" />,
      dataIndex: "rank",
      width: 76,
      align: "center",
      sorter: (a, b) => a.rank - b.rank,
      render: (rank: number) => <Typography.Text strong>{rank}</Typography.Text>,
    },
    {
      title: "服务站",
      ellipsis: { showTitle: true },
      render: (_, r) => (
        <span>
          <Typography.Link>{r.station.name}</Typography.Link>
          <Typography.Text type="secondary" style={{ marginInlineStart: 6, fontSize: scaled(13) }}>
            {r.station.code}
          </Typography.Text>
        </span>
      ),
    },
    figure("受理", (f) => f.received),
    figure("办结", (f) => f.resolved),
    figure("超期", (f) => f.overdue, overdue),
    rate("响应率", formulas?.response, "district-formula-response", (f) => f.responseRate),
    rate("解决率", formulas?.resolution, "district-formula-resolution", (f) => f.resolutionRate),
    rate("满意率", formulas?.satisfaction, "district-formula-satisfaction", (f) => f.satisfactionRate),
    {
      title: <Tooltip title="活动、恳谈会和办事登记的次数">服务次数</Tooltip>,
      dataIndex: "services",
      align: "right",
      width: 88,
      sorter: (a, b) => a.services - b.services,
    },
    {
      title: <Tooltip title="参加活动、恳谈会和来办事的居民人次">服务人次</Tooltip>,
      dataIndex: "personTimes",
      align: "right",
      width: 88,
      sorter: (a, b) => a.personTimes - b.personTimes,
    },
  ];
}

/** The district's sums under the table, over the same columns. */
function TotalRow({ data }: { data: DistrictDashboard }) {
  const t = data.total;
  const services = data.stations.reduce((n, s) => n + s.services, 0);
  const personTimes = data.stations.reduce((n, s) => n + s.personTimes, 0);
  const cells: ReactNode[] = [
    "",
    <Typography.Text strong key="name">
      全街道合计
    </Typography.Text>,
    t.received,
    t.resolved,
    overdue(t.overdue),
    percent(t.responseRate),
    percent(t.resolutionRate),
    percent(t.satisfactionRate),
    services,
    personTimes,
  ];
  return (
    <Table.Summary.Row data-testid="district-total">
      {cells.map((c, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: the cells are the fixed columns, in order.
        <Table.Summary.Cell key={i} index={i} align={i > 1 ? "right" : undefined}>
          <Typography.Text strong>{c}</Typography.Text>
        </Table.Summary.Cell>
      ))}
    </Table.Summary.Row>
  );
}

/**
 * 街道 · 服务站排名: every station's counts and three rates for a period, ranked, the rates
 * and a figure by month in two charts; a row opens that station's register.
 */
export default function DistrictPage({
  period,
  onPeriodChange,
  onOpenStation,
}: {
  period: Period;
  onPeriodChange: (next: Period) => void;
  onOpenStation: (stationId: number) => void;
}) {
  const dashboard = useDistrictDashboard(periodQuery(period));
  const formulas = useRateFormulas().data;
  const [metric, setMetric] = useState<TrendMetric>("received");
  const data = dashboard.data ?? null;
  const error = dashboard.error ? errorMessage(dashboard.error) : null;
  const cols = useMemo(() => columns(data?.rankingRule ?? "", formulas), [data?.rankingRule, formulas]);
  const rates = useMemo(() => (data ? ratesOption(data.stations) : null), [data]);
  const trend = useMemo(() => (data ? trendOption(data.stations, metric) : null), [data, metric]);

  return (
    <div>
      <Flex align="center" gap={16} wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          服务站排名
        </Typography.Title>
        <PeriodBar
          period={period}
          onChange={onPeriodChange}
          onReload={() => void dashboard.refetch()}
          loading={dashboard.isFetching}
          testId="district"
        />
      </Flex>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      {!data && dashboard.isFetching && (
        <div style={{ textAlign: "center", padding: 64 }}>
          <Spin size="large" />
        </div>
      )}
      {data && (
        <Spin spinning={dashboard.isFetching}>
          <Row gutter={16}>
            <Col span={12}>
              <Card title="三率对比" size="small">
                {data.stations.length === 0 ? (
                  <Empty description="还没有服务站" />
                ) : (
                  <div data-testid="district-chart-rates">
                    <EChart option={rates ?? {}} height={250} />
                  </div>
                )}
              </Card>
            </Col>
            <Col span={12}>
              <Card
                title="按月趋势"
                size="small"
                extra={
                  <Segmented<TrendMetric>
                    size="small"
                    value={metric}
                    onChange={setMetric}
                    options={TREND_METRICS}
                    data-testid="district-trend-metric"
                  />
                }
              >
                <div data-testid="district-chart-trend">
                  <EChart option={trend ?? {}} height={250} />
                </div>
              </Card>
            </Col>
          </Row>
          <Card size="small" style={{ marginTop: 16 }} styles={{ body: { padding: 0 } }}>
            <div data-testid="district-table">
              <Table<StationLine>
                className="sd-clickable-rows"
                size="middle"
                rowKey={(r) => r.station.id}
                columns={cols}
                dataSource={data.stations}
                pagination={false}
                tableLayout="fixed"
                onRow={(r) => ({
                  onClick: () => onOpenStation(r.station.id),
                  "data-testid": `district-row-${r.station.code}`,
                })}
                summary={() => (data.stations.length > 1 ? <TotalRow data={data} /> : null)}
                locale={{ emptyText: "服务器上还没有服务站" }}
              />
            </div>
          </Card>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, fontSize: scaled(13) }}>
            统计期间 {data.from} 至 {data.to}（北京时间，含首尾两天）。
            {"点击一行查看该服务站的诉求台账（只读）；把鼠标移到「?」上可看排名规则和各率的计算方法。"}
          </Typography.Paragraph>
          <DistrictReportCard stations={data.stations} />
        </Spin>
      )}
    </div>
  );
}
