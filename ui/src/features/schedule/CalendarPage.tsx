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
  Segmented,
  Select,
  Spin,
  Tooltip,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useCallback, useMemo, useState } from "react";
import type { AppState, CalendarItem, Conflict, EventKind, ItemSource } from "../../bindings";
import { errorMessage } from "../../lib/ipc";
import { invalidateSchedule, useCalendar } from "../../lib/queries";
import { useDebounced } from "../../lib/useDebounced";
import CalendarGrid, { type View, visibleDays } from "./CalendarGrid";
import ConflictAlert from "./ConflictAlert";
import EventForm from "./EventForm";
import { chinaToday, cn, EVENT_KIND_LABELS, EVENT_KINDS } from "./labels";
import OccurrenceDrawer, { type OccurrenceRef } from "./OccurrenceDrawer";
import "./schedule.css";
import { scaled } from "../../lib/display";
import { useShortcut } from "../../lib/ShortcutProvider";

export type Props = { state: AppState; active: boolean; onOpenCase: (id: number, number?: string) => void };

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

  // ← → page through months or weeks, T goes back to today, N schedules an event (the
  // shortcut table, lib/shortcuts.ts), unless the keys are typed into a field or a dialog
  // is open.
  const calendarKeys = active && !creating && !open;
  useShortcut("calendar-prev", () => step(-1), calendarKeys);
  useShortcut("calendar-next", () => step(1), calendarKeys);
  useShortcut("calendar-today", () => step(0), calendarKeys);
  useShortcut("calendar-new", () => setCreating(true), calendarKeys);

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
            <Typography.Text
              strong
              style={{ fontSize: scaled(18), marginInlineStart: 8 }}
              data-testid="cal-heading"
            >
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
            style={{ width: scaled(160) }}
            options={EVENT_KINDS.map((k) => ({ value: k, label: EVENT_KIND_LABELS[k] }))}
            data-testid="cal-kind"
          />
          <Input
            value={place}
            onChange={(e) => setPlace(e.target.value)}
            placeholder="地点，如：广场"
            allowClear
            style={{ width: scaled(170) }}
            data-testid="cal-place"
          />
          <Select<number>
            value={staffId ?? undefined}
            onChange={(id) => setStaffId(id ?? null)}
            allowClear
            placeholder="全部人员"
            style={{ width: scaled(140) }}
            options={state.staff.map((s) => ({ value: s.id, label: s.name }))}
            data-testid="cal-staff"
          />
          <Checkbox checked={includeCancelled} onChange={(e) => setIncludeCancelled(e.target.checked)}>
            显示已取消
          </Checkbox>
          <span style={{ flex: 1 }} />
          <Typography.Text type="secondary" style={{ fontSize: scaled(13) }}>
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
        <CalendarGrid view={view} anchor={anchor} days={days} byDay={byDay} today={today} onOpen={openItem} />
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
