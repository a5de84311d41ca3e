import { LeftOutlined, ReloadOutlined, RightOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Empty,
  Flex,
  Popover,
  Table,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import type { AppState, CalendarItem, CaseRow } from "../../bindings";
import { errorMessage } from "../../lib/ipc";
import { useAttention, useDayAgenda } from "../../lib/queries";
import { DueTag } from "../cases/DueTag";
import StatusTag from "../cases/StatusTag";
import {
  chinaToday,
  cn,
  entryFigures,
  hm,
  itemTestId,
  KIND_COLORS,
  kindLabel,
  WEEKDAY_LABELS,
  weekdayOf,
  whenText,
} from "./labels";
import OccurrenceDrawer, { type OccurrenceRef } from "./OccurrenceDrawer";
import "./schedule.css";
import ActionLink from "../../lib/ActionLink";
import { useDisplay } from "../../lib/DisplayContext";
import { pageRoom, scaled, scaleOf } from "../../lib/display";
import { fitColumns, useWindowWidth } from "../../lib/fitColumns";

export type Props = { state: AppState; active: boolean; onOpenCase: (id: number, number?: string) => void };

function AgendaRow({ item, onOpen }: { item: CalendarItem; onOpen: (i: CalendarItem) => void }) {
  const counts = entryFigures(item);
  const row = (
    <Flex
      gap={12}
      align="flex-start"
      className="sd-cal-item sd-cal-full"
      style={{ borderInlineStartColor: KIND_COLORS[item.kind] ?? "#868e96", flexDirection: "row" }}
      role="button"
      tabIndex={0}
      onClick={item.source === "event" ? () => onOpen(item) : undefined}
      onKeyDown={(e) => {
        if ((e.key === "Enter" || e.key === " ") && item.source === "event") {
          e.preventDefault();
          onOpen(item);
        }
      }}
      data-testid={`today-${itemTestId(item)}`}
    >
      <span className="sd-agenda-time">{hm(item)}</span>
      <Flex vertical gap={2} style={{ minWidth: 0, flex: 1 }}>
        <span>
          <Tag color={KIND_COLORS[item.kind]} style={{ marginInlineEnd: 6 }}>
            {kindLabel(item)}
          </Tag>
          <Typography.Text strong style={{ fontSize: scaled(15) }}>
            {item.title}
          </Typography.Text>
        </span>
        <Typography.Text type="secondary">
          {item.place}
          {item.staff.length > 0 && `　当班：${item.staff.map((s) => s.name).join("、")}`}
        </Typography.Text>
        {counts && <Typography.Text>{counts}</Typography.Text>}
      </Flex>
    </Flex>
  );
  if (item.source === "meeting")
    return (
      <Popover
        trigger="click"
        title={kindLabel(item)}
        content={
          <div style={{ maxWidth: 300 }}>
            <Typography.Text strong>{item.title}</Typography.Text>
            <div>{whenText(item)}</div>
            <div>地点：{item.place}</div>
            <Typography.Text type="secondary">在“恳谈会”页查看</Typography.Text>
          </div>
        }
      >
        {row}
      </Popover>
    );
  return row;
}

/** 今日: what is on today, errands logged, and the cases that need attention. */
export default function TodayPage({ state, active, onOpenCase }: Props) {
  const { message } = App.useApp();
  const [date, setDate] = useState<string>(() => chinaToday());
  const [open, setOpen] = useState<OccurrenceRef | null>(null);
  const agendaQuery = useDayAgenda(date, active);
  // Cases only for a role that may read them (a volunteer's 今日 is the day's schedule).
  const readsCases = state.allowed.includes("cases_read");
  const attentionQuery = useAttention(1, 10, active && readsCases);
  const agenda = agendaQuery.data ?? null;
  const agendaError = agendaQuery.error ? errorMessage(agendaQuery.error) : null;
  const attention = attentionQuery.data?.items ?? [];
  const attentionTotal = attentionQuery.data?.total ?? 0;
  useEffect(() => {
    if (attentionQuery.error) message.error(errorMessage(attentionQuery.error));
  }, [attentionQuery.error, message]);

  const isToday = date === chinaToday();
  const shift = (n: number) => setDate((d) => dayjs(d).add(n, "day").format("YYYY-MM-DD"));
  const items = agenda?.date === date ? agenda.items : [];
  const now = dayjs();
  const upcoming = items.filter((i) => dayjs(i.end).isAfter(now));
  const past = items.filter((i) => !dayjs(i.end).isAfter(now));

  // Widths at 标准, grown with the text; 承办人 and 状态 give way when the page is narrow.
  const { textSize } = useDisplay().prefs;
  const columns = fitColumns<CaseRow>(
    [
      {
        key: "number",
        title: "编号",
        dataIndex: "number",
        width: 150,
        render: (n: string, r) => (
          <ActionLink
            style={{ whiteSpace: "nowrap" }}
            onClick={(e) => {
              e.stopPropagation();
              onOpenCase(r.id, r.number);
            }}
          >
            {n}
          </ActionLink>
        ),
      },
      { key: "title", title: "诉求", dataIndex: "title", ellipsis: true },
      { key: "assignee", title: "承办人", width: 90, render: (_, r) => r.assigneeName ?? "—" },
      { key: "status", title: "状态", width: 96, render: (_, r) => <StatusTag status={r.status} /> },
      { key: "due", title: "时限", width: 110, render: (_, r) => <DueTag state={r.dueState} /> },
      {
        key: "resolveDue",
        title: "办结期限",
        width: 130,
        render: (_, r) => (r.resolveDueAt ? cn(r.resolveDueAt).format("M月D日 HH:mm") : "—"),
      },
    ],
    ["assignee", "status"],
    Math.min(pageRoom(useWindowWidth(), textSize), 1100) - 16,
    scaleOf(textSize),
    140,
  );

  const openItem = (i: CalendarItem) => setOpen({ eventId: i.id, occurrenceStart: i.occurrenceStart });
  const weekday = WEEKDAY_LABELS[weekdayOf(date)];
  return (
    <div style={{ maxWidth: 1100 }}>
      <Flex align="center" gap={12} wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="today-heading">
          {isToday ? "今日" : "日程"}　{dayjs(date).format("YYYY年M月D日")} {weekday}
        </Typography.Title>
        <span style={{ flex: 1 }} />
        <Button icon={<LeftOutlined />} onClick={() => shift(-1)} aria-label="前一天" />
        <DatePicker
          value={dayjs(date)}
          onChange={(d: Dayjs | null) => d && setDate(d.format("YYYY-MM-DD"))}
          allowClear={false}
          style={{ width: scaled(150) }}
          data-testid="today-date"
        />
        <Button icon={<RightOutlined />} onClick={() => shift(1)} aria-label="后一天" />
        {!isToday && (
          <Button onClick={() => setDate(chinaToday())} data-testid="today-back">
            回到今天
          </Button>
        )}
        <Tooltip title="重新读取">
          <Button
            icon={<ReloadOutlined />}
            aria-label="重新读取"
            onClick={() => {
              void agendaQuery.refetch();
              void attentionQuery.refetch();
            }}
          />
        </Tooltip>
      </Flex>

      <Card
        title={isToday ? "今天的安排" : "这天的安排"}
        extra={
          <Typography.Text data-testid="today-errands">
            {isToday ? "今天" : "这天"}办事登记 <b>{agenda?.date === date ? agenda.errandsLogged : "…"}</b> 件
          </Typography.Text>
        }
        style={{ marginBottom: 16 }}
      >
        {agendaError && <Alert type="error" showIcon title={agendaError} />}
        {!agendaError && items.length === 0 && (
          <Empty
            image={Empty.PRESENTED_IMAGE_SIMPLE}
            description={agenda?.date === date ? "这天没有安排活动或会议" : "正在读取…"}
          />
        )}
        <Flex vertical gap={8} data-testid="today-agenda">
          {upcoming.map((i) => (
            <AgendaRow key={`${i.source}-${i.id}-${i.occurrenceStart}`} item={i} onOpen={openItem} />
          ))}
          {past.length > 0 && upcoming.length > 0 && (
            <Typography.Text type="secondary" style={{ marginTop: 4 }}>
              已结束
            </Typography.Text>
          )}
          {past.map((i) => (
            <div key={`${i.source}-${i.id}-${i.occurrenceStart}`} style={{ opacity: 0.7 }}>
              <AgendaRow item={i} onOpen={openItem} />
            </div>
          ))}
        </Flex>
      </Card>

      {readsCases && (
        <Card
          className="sd-wrap-head"
          title="需要关注的诉求"
          extra={
            <Typography.Text type="secondary">
              已超期、一天内到期、待回访
              {attentionTotal > attention.length ? `，共 ${attentionTotal} 件，显示最紧的 10 件` : ""}
            </Typography.Text>
          }
        >
          <Table<CaseRow>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={attention}
            loading={attentionQuery.isFetching}
            pagination={false}
            className="sd-clickable-rows"
            rowClassName={(r) => `sd-due-row sd-due-${r.dueState}`}
            onRow={(r) => ({ onClick: () => onOpenCase(r.id, r.number) })}
            locale={{ emptyText: "没有需要关注的诉求，都在时限内" }}
            data-testid="today-attention"
          />
        </Card>
      )}
      <OccurrenceDrawer target={open} state={state} places={[]} onClose={() => setOpen(null)} />
    </div>
  );
}
