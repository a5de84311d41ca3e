// The errands page's log: the period's errands with filters, and the figures reported upward.
import { ReloadOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Segmented,
  Select,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import type { Errand, ErrandOutcome, ErrandType, Staff } from "../../bindings";
import { scaled } from "../../lib/display";
import { errorMessage } from "../../lib/ipc";
import { useErrands } from "../../lib/queries";
import { OUTCOME_COLORS, OUTCOME_LABELS, OUTCOMES } from "./labels";
import ServiceSummary from "./ServiceSummary";

type Period = "today" | "week" | "month" | "custom";
const PERIOD_LABELS: Record<Period, string> = {
  today: "今日",
  week: "本周",
  month: "本月",
  custom: "所选期间",
};

function periodRange(p: Period, custom: [Dayjs, Dayjs] | null): [Dayjs, Dayjs] {
  const today = dayjs();
  switch (p) {
    case "today":
      return [today, today];
    case "week":
      // Monday to today.
      return [today.subtract((today.day() + 6) % 7, "day"), today];
    case "month":
      return [today.startOf("month"), today];
    case "custom":
      return custom ?? [today.startOf("month"), today];
  }
}

type Props = {
  types: ErrandType[];
  staff: Staff[];
  /** Shown: the log reads, and reads afresh each time it is shown or an errand is logged. */
  active: boolean;
};

export default function ErrandLog({ types, staff, active }: Props) {
  const { message } = App.useApp();
  // The log's filters.
  const [period, setPeriod] = useState<Period>("today");
  const [custom, setCustom] = useState<[Dayjs, Dayjs] | null>(null);
  const [typeFilter, setTypeFilter] = useState<number | null>(null);
  const [staffFilter, setStaffFilter] = useState<number | null>(null);
  const [outcomeFilter, setOutcomeFilter] = useState<ErrandOutcome | null>(null);

  const [from, to] = periodRange(period, custom);
  const fromDay = from.format("YYYY-MM-DD");
  const toDay = to.format("YYYY-MM-DD");
  // The figures reported upward are monthly: while the log shows today or this week,
  // they are this month's so far.
  const summaryMonth = period === "today" || period === "week";
  const summaryFrom = summaryMonth ? dayjs().startOf("month").format("YYYY-MM-DD") : fromDay;

  const list = useErrands(
    {
      from: fromDay,
      to: toDay,
      typeId: typeFilter,
      staffId: staffFilter,
      outcome: outcomeFilter,
      limit: 500,
    },
    active,
  );
  const errands = list.data ?? [];
  const loading = list.isFetching;
  useEffect(() => {
    if (list.error) message.error(errorMessage(list.error));
  }, [list.error, message]);

  const columns: TableColumnsType<Errand> = [
    {
      title: "时间",
      width: period === "today" ? 70 : 112,
      render: (_, r) => (
        <span style={{ whiteSpace: "nowrap" }}>
          {dayjs(r.at).format(period === "today" ? "HH:mm" : "MM-DD HH:mm")}
        </span>
      ),
    },
    {
      title: "办理事项",
      width: 120,
      render: (_, r) => {
        const place = r.eventTitle ? `${r.eventTitle}（${r.place ?? ""}）` : r.place;
        return (
          <>
            {r.typeName}
            {place && (
              <Typography.Text
                type="secondary"
                ellipsis={{ tooltip: place }}
                style={{ display: "block", fontSize: scaled(12) }}
              >
                @{place}
              </Typography.Text>
            )}
          </>
        );
      },
    },
    { title: "居民", width: 84, render: (_, r) => r.residentName ?? "—" },
    { title: "电话", width: 120, render: (_, r) => r.phoneMasked ?? "—" },
    { title: "经办人", width: 76, render: (_, r) => r.staffName },
    {
      title: "结果",
      width: 92,
      render: (_, r) => <Tag color={OUTCOME_COLORS[r.outcome]}>{OUTCOME_LABELS[r.outcome]}</Tag>,
    },
    {
      title: "备注",
      ellipsis: { showTitle: true },
      render: (_, r) => r.note ?? "",
    },
  ];

  return (
    <Flex gap={16} align="flex-start">
      <Card
        style={{ flex: "1 1 0", minWidth: 0 }}
        title={
          <span>
            {PERIOD_LABELS[period]}办事记录{" "}
            <Typography.Text type="secondary" style={{ fontWeight: "normal" }} data-testid="errands-count">
              共 {errands.length} 条{errands.length >= 500 ? "（只显示最近 500 条）" : ""}
            </Typography.Text>
          </span>
        }
        extra={
          <Tooltip title="重新读取">
            <Button
              type="text"
              icon={<ReloadOutlined />}
              onClick={() => void list.refetch()}
              aria-label="重新读取"
            />
          </Tooltip>
        }
      >
        <Flex gap={8} wrap style={{ marginBottom: 12 }}>
          <Segmented<Period>
            value={period}
            onChange={setPeriod}
            options={(["today", "week", "month", "custom"] as const).map((p) => ({
              value: p,
              label: p === "custom" ? "自选" : PERIOD_LABELS[p],
            }))}
            data-testid="errands-period"
          />
          {period === "custom" && (
            <DatePicker.RangePicker
              value={custom ?? [from, to]}
              allowClear={false}
              disabledDate={(d) => d.isAfter(dayjs(), "day")}
              onChange={(r) => r?.[0] && r[1] && setCustom([r[0], r[1]])}
              style={{ width: scaled(260) }}
            />
          )}
          <Select
            allowClear
            placeholder="全部事项"
            value={typeFilter}
            onChange={(v) => setTypeFilter(v ?? null)}
            options={types.map((t) => ({ value: t.id, label: t.name }))}
            style={{ width: scaled(140) }}
          />
          <Select
            allowClear
            placeholder="全部经办人"
            value={staffFilter}
            onChange={(v) => setStaffFilter(v ?? null)}
            options={staff.map((s) => ({ value: s.id, label: s.name }))}
            style={{ width: scaled(130) }}
          />
          <Select
            allowClear
            placeholder="全部结果"
            value={outcomeFilter}
            onChange={(v) => setOutcomeFilter(v ?? null)}
            options={OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))}
            style={{ width: scaled(120) }}
          />
        </Flex>
        <Table<Errand>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={errands}
          loading={loading}
          pagination={errands.length > 15 ? { pageSize: 15, showSizeChanger: false } : false}
          locale={{ emptyText: `${PERIOD_LABELS[period]}还没有办事记录` }}
          data-testid="errands-table"
        />
      </Card>
      <ServiceSummary
        from={summaryFrom}
        to={toDay}
        periodLabel={summaryMonth ? PERIOD_LABELS.month : PERIOD_LABELS[period]}
        active={active}
      />
    </Flex>
  );
}
