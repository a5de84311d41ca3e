import { Card, Col, Flex, Row, Table, Tooltip, Typography } from "antd";
import { lazy, Suspense } from "react";
import type { KindCount, MonthCounts, ServiceCounts } from "../../bindings";
import { scaled } from "../../lib/display";
import type { EChartOption } from "../../lib/EChart";
import { SOURCE_LABELS } from "../errands/labels";

const LazyChart = lazy(() => import("../../lib/EChart"));

/** 服务开展: services held, person-times served and volunteers' hours, as reported upward. */
export default function ServicesSection({ counts }: { counts: ServiceCounts }) {
  const figures: { label: string; value: string; unit: string; testId: string; hint: string }[] = [
    {
      label: "开展服务",
      value: String(counts.services),
      unit: "次",
      testId: "services-total",
      hint: "已开始且未取消的活动场次 + 已开始且未取消的会议 + 办事登记件数",
    },
    {
      label: "活动",
      value: String(counts.events),
      unit: "场",
      testId: "services-events",
      hint: "已开始且未取消的活动场次",
    },
    {
      label: "会议",
      value: String(counts.meetings),
      unit: "次",
      testId: "services-meetings",
      hint: "已开始且未取消的恳谈会、议事会",
    },
    {
      label: "办事",
      value: String(counts.errands),
      unit: "件",
      testId: "services-errands",
      hint: "办事登记的件数",
    },
    {
      label: "受益人次",
      value: String(counts.personTimes),
      unit: "人次",
      testId: "services-person-times",
      hint: "活动按登记的受益人次（未登记时为签到加现场参加人数），办事每件一人次；会议的参会者是各方代表，不计受益人次",
    },
    {
      label: "志愿服务",
      value: (counts.volunteerHours ?? 0).toFixed(1),
      unit: "小时",
      testId: "services-volunteer-hours",
      hint: "登记的志愿者服务时长之和",
    },
  ];
  return (
    <Card title="服务开展" size="small" style={{ marginTop: 16 }} data-testid="services-section">
      <Flex justify="space-around" wrap gap={12} style={{ marginBottom: 12 }}>
        {figures.map((f) => (
          <Tooltip key={f.label} title={f.hint}>
            <div style={{ textAlign: "center", minWidth: 96 }}>
              <Typography.Text type="secondary">{f.label}</Typography.Text>
              <div>
                <span style={{ fontSize: scaled(24), fontWeight: 600 }} data-testid={f.testId}>
                  {f.value}
                </span>
                <Typography.Text type="secondary" style={{ marginInlineStart: 4 }}>
                  {f.unit}
                </Typography.Text>
              </div>
            </div>
          </Tooltip>
        ))}
      </Flex>
      <Row gutter={[16, 16]}>
        <Col span={14}>
          {counts.byMonth.length === 0 ? (
            <Typography.Text type="secondary">这段时间还没有服务记录</Typography.Text>
          ) : (
            <Suspense fallback={<div style={{ height: 280 }} />}>
              <div style={{ height: 280 }}>
                <LazyChart option={monthOption(counts.byMonth)} />
              </div>
            </Suspense>
          )}
        </Col>
        <Col span={10}>
          <Table<KindCount>
            size="small"
            rowKey={(k) => `${k.source}-${k.kind}`}
            pagination={false}
            scroll={{ y: 240 }}
            dataSource={counts.byKind}
            data-testid="services-by-kind"
            columns={[
              { title: "类别", render: (_, k) => `${SOURCE_LABELS[k.source] ?? k.source}·${k.label}` },
              { title: "次数", dataIndex: "services", align: "right", width: 70 },
              { title: "受益人次", dataIndex: "personTimes", align: "right", width: 90 },
            ]}
          />
        </Col>
      </Row>
    </Card>
  );
}

function monthOption(months: MonthCounts[]): EChartOption {
  return {
    color: ["#1d5fb4", "#52a36b", "#d48806"],
    tooltip: { trigger: "axis" },
    legend: { top: 0 },
    grid: { left: 40, right: 48, top: 36, bottom: 28 },
    xAxis: { type: "category", data: months.map((m) => `${Number(m.month.slice(5))}月`) },
    yAxis: [
      { type: "value", name: "次", minInterval: 1 },
      { type: "value", name: "人次", minInterval: 1, splitLine: { show: false } },
    ],
    series: [
      { name: "开展服务", type: "bar", data: months.map((m) => m.services), barMaxWidth: 28 },
      { name: "受益人次", type: "line", yAxisIndex: 1, data: months.map((m) => m.personTimes) },
    ],
  };
}
