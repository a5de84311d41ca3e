import { Alert, Card, Flex, Segmented, Spin, Statistic, Table, Tag, Typography } from "antd";
import { useState } from "react";
import type { KindCount, MonthCounts, NamedCount } from "../../bindings";
import { scaled } from "../../lib/display";
import { errorMessage } from "../../lib/ipc";
import { useServiceCounts } from "../../lib/queries";
import { hours, SOURCE_LABELS } from "./labels";

type View = "kind" | "staff" | "month";

type Props = {
  /** China dates, both ends included. */
  from: string;
  to: string;
  /** 今日, 本月…: how the sentence names the period. */
  periodLabel: string;
  active: boolean;
};

/** The figures reported upward for the period: services held, person-times, volunteer hours. */
export default function ServiceSummary({ from, to, periodLabel, active }: Props) {
  const query = useServiceCounts(from, to, active);
  const counts = query.data ?? null;
  const error = query.error ? errorMessage(query.error) : null;
  const [view, setView] = useState<View>("kind");

  return (
    <Card
      title={`${periodLabel}服务统计`}
      style={{ width: scaled(360), flex: "none" }}
      styles={{ body: { paddingTop: 12 } }}
      data-testid="errands-summary"
    >
      {error && <Alert type="error" showIcon title={error} />}
      {!counts && !error && <Spin />}
      {counts && (
        <>
          <Flex justify="space-between" style={{ marginBottom: 8 }}>
            <Statistic title="服务次数" value={counts.services} suffix="次" />
            <Statistic title="受益人次" value={counts.personTimes} suffix="人次" />
            <Statistic title="志愿服务" value={hours(counts.volunteerHours)} suffix="小时" />
          </Flex>
          <Typography.Paragraph
            copyable={{ tooltips: ["复制这句话", "已复制"] }}
            style={{ marginBottom: 4, fontSize: scaled(14) }}
            data-testid="errands-summary-text"
          >
            {`${periodLabel}服务 ${counts.services} 次，受益 ${counts.personTimes} 人次，志愿服务 ${hours(counts.volunteerHours)} 小时`}
          </Typography.Paragraph>
          <Typography.Paragraph type="secondary" style={{ fontSize: scaled(13) }}>
            其中活动 {counts.events} 场、会议 {counts.meetings} 次、办事 {counts.errands} 件（
            {from === to ? from : `${from} 至 ${to}`}）
          </Typography.Paragraph>
          <Segmented<View>
            size="small"
            value={view}
            onChange={setView}
            options={[
              { value: "kind", label: "按类别" },
              { value: "staff", label: "按经办人" },
              { value: "month", label: "按月" },
            ]}
            style={{ marginBottom: 8 }}
          />
          {view === "kind" && (
            <Table<KindCount>
              size="small"
              rowKey={(k) => `${k.source}-${k.kind}`}
              pagination={false}
              dataSource={[...counts.byKind].sort((a, b) => b.services - a.services)}
              locale={{ emptyText: "这段时间还没有服务记录" }}
              columns={[
                {
                  title: "类别",
                  render: (_, k) => (
                    <span>
                      <Tag style={{ marginInlineEnd: 6 }}>{SOURCE_LABELS[k.source]}</Tag>
                      {k.label}
                    </span>
                  ),
                },
                { title: "次数", width: 60, align: "right", render: (_, k) => k.services },
                { title: "受益人次", width: 80, align: "right", render: (_, k) => k.personTimes },
              ]}
              data-testid="errands-by-kind"
            />
          )}
          {view === "staff" && (
            <Table<NamedCount>
              size="small"
              rowKey="name"
              pagination={false}
              dataSource={counts.errandsByStaff}
              locale={{ emptyText: "这段时间还没有办事记录" }}
              columns={[
                { title: "经办人", render: (_, n) => n.name },
                { title: "办事件数", width: 90, align: "right", render: (_, n) => n.count },
              ]}
            />
          )}
          {view === "month" && (
            <Table<MonthCounts>
              size="small"
              rowKey="month"
              pagination={false}
              dataSource={counts.byMonth}
              columns={[
                { title: "月份", render: (_, m) => m.month },
                { title: "服务", width: 56, align: "right", render: (_, m) => m.services },
                { title: "受益人次", width: 76, align: "right", render: (_, m) => m.personTimes },
                { title: "志愿时长", width: 76, align: "right", render: (_, m) => hours(m.volunteerHours) },
              ]}
            />
          )}
        </>
      )}
    </Card>
  );
}
