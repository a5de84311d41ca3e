import { LeftOutlined, PlusOutlined, ReloadOutlined, RightOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  Input,
  Popover,
  Segmented,
  Select,
  Spin,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { AppState, CalendarItem, Conflict, EventKind, ItemSource } from "../../bindings";
import { errorMessage } from "../../lib/ipc";
import { invalidateSchedule, useCalendar } from "../../lib/queries";
import { useDebounced } from "../../lib/useDebounced";
import ConflictAlert from "./ConflictAlert";
import EventForm from "./EventForm";
import {
  chinaToday,
  cn,
  EVENT_KIND_LABELS,
  EVENT_KINDS,
  entryFigures,
  hm,
  itemTestId,
  KIND_COLORS,
  kindLabel,
  WEEKDAY_LABELS,
  WEEKDAYS,
  whenText,
} from "./labels";
import OccurrenceDrawer, { type OccurrenceRef } from "./OccurrenceDrawer";
import "./schedule.css";

export type Props = { state: AppState; active: boolean; onOpenCase: (id: number, number?: string) => void };

type View = "month" | "week";

/** Monday of the week `date` is in. */
function monday(date: Dayjs): Dayjs {
  return date.subtract((date.day() + 6) % 7, "day");
}

/** The days shown: whole weeks covering the month, or the week. */
function visibleDays(view: View, anchor: Dayjs): Dayjs[] {
  const first = view === "month" ? monday(anchor.startOf("month")) : monday(anchor);
  const last = view === "month" ? monday(anchor.endOf("month")).add(6, "day") : first.add(6, "day");
  const days: Dayjs[] = [];
  for (let d = first; !d.isAfter(last, "day"); d = d.add(1, "day")) days.push(d);
  return days;
}

function MeetingPopover({ item }: { item: CalendarItem }) {
  return (
    <div style={{ maxWidth: 300 }} data-testid="meeting-popover">
      <Typography.Text strong>{item.title}</Typography.Text>
      <div>{whenText(item)}</div>
      <div>地点：{item.place}</div>
      {item.partners.length > 0 && <div>邀请：{item.partners.join("、")}</div>}
      <Typography.Text type="secondary">在“恳谈会”页查看</Typography.Text>
    </div>
  );
}

/** One entry: compact in a month cell, with its figures in the week view. */
function Entry({
  item,
  full,
  onOpen,
}: {
  item: CalendarItem;
  full: boolean;
  onOpen: (i: CalendarItem) => void;
}) {
  const counts = entryFigures(item);
  const full_ = item.capacity !== null && item.confirmed >= item.capacity;
  const body = (
    <button
      type="button"
      className={`sd-cal-item${item.cancelled ? " sd-cal-cancelled" : ""}${full ? " sd-cal-full" : ""}`}
      style={{ borderInlineStartColor: KIND_COLORS[item.kind] ?? "#868e96" }}
      onClick={item.source === "event" ? () => onOpen(item) : undefined}
      data-testid={itemTestId(item)}
      title={`${hm(item)} ${item.title}（${item.place}）${counts ? `\n${counts}` : ""}`}
    >
      <span className="sd-cal-line sd-cal-wrap">
        <span className="sd-cal-time">{full ? hm(item) : cn(item.start).format("HH:mm")}</span>
        <span className="sd-cal-title">{item.title}</span>
      </span>
      {full && (
        <span className="sd-cal-line">
          <Tag
            color={KIND_COLORS[item.kind]}
            style={{ marginInlineEnd: 4, fontSize: 12, lineHeight: "18px" }}
          >
            {kindLabel(item)}
          </Tag>
          {item.cancelled && <Tag style={{ fontSize: 12, lineHeight: "18px" }}>已取消</Tag>}
        </span>
      )}
      <span className="sd-cal-line sd-cal-sub">{item.place}</span>
      {counts && (
        <span
          className={`sd-cal-line sd-cal-wrap sd-cal-sub${full_ ? " sd-cal-counts-full" : ""}`}
          data-testid="cal-item-counts"
        >
          {counts}
        </span>
      )}
      {full && item.staff.length > 0 && (
        <span className="sd-cal-line sd-cal-sub">当班：{item.staff.map((s) => s.name).join("、")}</span>
      )}
    </button>
  );
  if (item.source === "meeting")
    return (
      <Popover trigger="click" content={<MeetingPopover item={item} />} title={kindLabel(item)}>
        {body}
      </Popover>
    );
  return body;
}

/** 日程活动: the month or week of events and meetings, filters, new events, each occurrence. */
export default function CalendarPage({ state, active }: Props) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [view, setView] = useState<View>("month");
  const [anchor, setAnchor] = useState<Dayjs>(() => dayjs(chinaToday()));
  const [kind, setKind] = useState<EventKind | null>(null);
  const [source, setSource] = useState<ItemSource | "all">("all");
  const [place, setPlace] = useState("");
  const [staffId, setStaffId] = useState<number | null>(null);
  const [includeCancelled, setIncludeCancelled] = useState(false);
  const [creating, setCreating] = useState(false);
  const [open, setOpen] = useState<OccurrenceRef | null>(null);
  const [conflicts, setConflicts] = useState<Conflict[]>([]);

  const days = useMemo(() => visibleDays(view, anchor), [view, anchor]);
  const from = days[0].format("YYYY-MM-DD");
  const to = days[days.length - 1].format("YYYY-MM-DD");

  // A filter typed into (the place) reads after a short pause, as do quick page turns.
  const query = useDebounced(
    useMemo(
      () => ({
        from,
        to,
        source: source === "all" ? null : source,
        eventKind: kind,
        place: place.trim() || null,
        staffId,
        includeCancelled,
      }),
      [from, to, source, kind, place, staffId, includeCancelled],
    ),
    150,
  );
  const calendar = useCalendar(query, active);
  const items = useMemo(() => calendar.data ?? [], [calendar.data]);
  const loading = calendar.isFetching || calendar.isPending;
  const loadError = calendar.error ? errorMessage(calendar.error) : null;
  const changed = () => void invalidateSchedule(queryClient);

  const step = useCallback(
    (n: number) =>
      setAnchor((a) => (n === 0 ? dayjs(chinaToday()) : a.add(n, view === "month" ? "month" : "week"))),
    [view],
  );

  // ← → page through months or weeks, T goes back to today, N schedules an event, unless
  // the keys are typed into a field or a dialog is open.
  useEffect(() => {
    if (!active || creating || open) return;
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (e.ctrlKey || e.altKey || e.metaKey) return;
      if (t?.closest("input, textarea, [contenteditable], .ant-modal, .ant-drawer, .ant-select")) return;
      if (e.key === "ArrowLeft") step(-1);
      else if (e.key === "ArrowRight") step(1);
      else if (e.key === "t" || e.key === "T") step(0);
      else if (e.key === "n" || e.key === "N") setCreating(true);
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [active, creating, open, step]);

  const byDay = useMemo(() => {
    const m = new Map<string, CalendarItem[]>();
    for (const i of items) {
      const k = cn(i.start).format("YYYY-MM-DD");
      m.set(k, [...(m.get(k) ?? []), i]);
    }
    return m;
  }, [items]);
  const places = useMemo(() => [...new Set(items.map((i) => i.place))], [items]);

  const today = chinaToday();
  const heading =
    view === "month"
      ? anchor.format("YYYY年M月")
      : `${days[0].format("YYYY年M月D日")} – ${days[6].format(days[6].isSame(days[0], "month") ? "D日" : "M月D日")}`;
  const openItem = (i: CalendarItem) => setOpen({ eventId: i.id, occurrenceStart: i.occurrenceStart });

  return (
    <div>
      <Flex align="baseline" gap={16} style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          日程活动
        </Typography.Title>
        <Typography.Text type="secondary">
          义诊、政务服务进小区、志愿服务等活动和恳谈会；点活动可报名、签到、登记受益人次
        </Typography.Text>
      </Flex>
      <Card styles={{ body: { padding: 16 } }}>
        <Flex justify="space-between" align="center" gap={12} wrap style={{ marginBottom: 12 }}>
          <Flex align="center" gap={8}>
            <Button
              icon={<LeftOutlined />}
              onClick={() => step(-1)}
              aria-label="上一页"
              data-testid="cal-prev"
            />
            <Button autoInsertSpace={false} onClick={() => step(0)} data-testid="cal-today">
              今天
            </Button>
            <Button
              icon={<RightOutlined />}
              onClick={() => step(1)}
              aria-label="下一页"
              data-testid="cal-next"
            />
            <Typography.Text strong style={{ fontSize: 18, marginInlineStart: 8 }} data-testid="cal-heading">
              {heading}
            </Typography.Text>
            {loading && <Spin size="small" />}
          </Flex>
          <Flex gap={8} align="center">
            <Segmented<View>
              value={view}
              onChange={setView}
              options={[
                { value: "month", label: "月" },
                { value: "week", label: "周" },
              ]}
              data-testid="cal-view"
            />
            <Tooltip title="重新读取">
              <Button
                icon={<ReloadOutlined />}
                onClick={() => void calendar.refetch()}
                aria-label="重新读取"
              />
            </Tooltip>
            <Tooltip title="快捷键 N">
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="cal-new"
              >
                新建活动
              </Button>
            </Tooltip>
          </Flex>
        </Flex>
        <Flex gap={8} wrap align="center" style={{ marginBottom: 12 }}>
          <Segmented<ItemSource | "all">
            value={source}
            onChange={setSource}
            options={[
              { value: "all", label: "全部" },
              { value: "event", label: "活动" },
              { value: "meeting", label: "会议" },
            ]}
            data-testid="cal-source"
          />
          <Select<EventKind>
            value={kind ?? undefined}
            onChange={(k) => setKind(k ?? null)}
            allowClear
            placeholder="全部活动类型"
            style={{ width: 160 }}
            options={EVENT_KINDS.map((k) => ({ value: k, label: EVENT_KIND_LABELS[k] }))}
            data-testid="cal-kind"
          />
          <Input
            value={place}
            onChange={(e) => setPlace(e.target.value)}
            placeholder="地点，如：广场"
            allowClear
            style={{ width: 170 }}
            data-testid="cal-place"
          />
          <Select<number>
            value={staffId ?? undefined}
            onChange={(id) => setStaffId(id ?? null)}
            allowClear
            placeholder="全部人员"
            style={{ width: 140 }}
            options={state.staff.map((s) => ({ value: s.id, label: s.name }))}
            data-testid="cal-staff"
          />
          <Checkbox checked={includeCancelled} onChange={(e) => setIncludeCancelled(e.target.checked)}>
            显示已取消
          </Checkbox>
          <span style={{ flex: 1 }} />
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            ← → 翻页　T 今天　N 新建
          </Typography.Text>
        </Flex>
        {loadError && <Alert type="error" showIcon title={loadError} style={{ marginBottom: 12 }} />}
        <ConflictAlert
          conflicts={conflicts}
          title="活动已保存，但有时间冲突，请确认"
          onClose={() => setConflicts([])}
          testId="cal-conflicts"
        />
        <div className={`sd-cal sd-cal-${view}`} data-testid="cal-grid">
          {WEEKDAYS.map((w) => (
            <div key={w} className="sd-cal-head">
              {WEEKDAY_LABELS[w]}
            </div>
          ))}
          {days.map((d) => {
            const key = d.format("YYYY-MM-DD");
            const list = byDay.get(key) ?? [];
            const outside = view === "month" && !d.isSame(anchor, "month");
            return (
              <div
                key={key}
                className={`sd-cal-day${outside ? " sd-cal-outside" : ""}${key === today ? " sd-cal-today" : ""}`}
                data-testid={`cal-day-${key}`}
              >
                <div className="sd-cal-date">
                  {view === "week" || d.date() === 1 ? d.format("M月D日") : d.date()}
                  {key === today && <span className="sd-cal-today-mark">今天</span>}
                </div>
                {list.map((i) => (
                  <Entry
                    key={`${i.source}-${i.id}-${i.occurrenceStart}`}
                    item={i}
                    full={view === "week"}
                    onOpen={openItem}
                  />
                ))}
              </div>
            );
          })}
        </div>
        {!loading && items.length === 0 && !loadError && (
          <Typography.Paragraph
            type="secondary"
            style={{ marginTop: 12, marginBottom: 0, textAlign: "center" }}
          >
            这段时间没有安排活动或会议。点右上角「新建活动」安排一次义诊或政务服务进小区。
          </Typography.Paragraph>
        )}
      </Card>
      {creating && (
        <EventForm
          edit={null}
          staff={state.staff}
          currentStaff={state.currentStaff}
          places={places}
          onClose={() => setCreating(false)}
          onSaved={(saved) => {
            setCreating(false);
            setConflicts(saved.conflicts);
            message.success(`活动“${saved.event.title}”已保存`);
            setAnchor(dayjs(cn(saved.event.start).format("YYYY-MM-DD")));
            changed();
          }}
        />
      )}
      <OccurrenceDrawer target={open} state={state} places={places} onClose={() => setOpen(null)} />
    </div>
  );
}
