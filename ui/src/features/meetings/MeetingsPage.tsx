import { PlusOutlined, ReloadOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Flex,
  Segmented,
  Table,
  type TableColumnType,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useEffect, useMemo, useState } from "react";
import type { AppState, Conflict, MeetingRow, MeetingStatus } from "../../bindings";
import ActionLink from "../../lib/ActionLink";
import { useDisplay } from "../../lib/DisplayContext";
import { pageRoom, scaleOf } from "../../lib/display";
import { fitColumns, useWindowWidth } from "../../lib/fitColumns";
import { errorMessage } from "../../lib/ipc";
import { invalidateCases, invalidateSchedule, useMeetings } from "../../lib/queries";
import { MEETING_KIND_LABELS, MEETING_STATUS_COLORS, MEETING_STATUS_LABELS, meetingTime } from "./labels";
import MeetingDrawer from "./MeetingDrawer";
import MeetingForm from "./MeetingForm";

export type Props = { state: AppState; active: boolean; onOpenCase: (id: number, number?: string) => void };

type Filter = "all" | MeetingStatus;

/** 恳谈会 / 议事会: the list, a new meeting, and each meeting's detail. */
export default function MeetingsPage({ state, active, onOpenCase }: Props) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [filter, setFilter] = useState<Filter>("all");
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const [conflicts, setConflicts] = useState<Conflict[]>([]);

  const list = useMeetings({ status: null }, active);
  const rows = useMemo(() => list.data ?? [], [list.data]);
  useEffect(() => {
    if (list.error) message.error(errorMessage(list.error));
  }, [list.error, message]);
  /**
   * A meeting was saved, cancelled or held: the list, the calendar, today and the service
   * figures read again, and the cases its decisions moved.
   */
  const changed = () => {
    void invalidateSchedule(queryClient);
    void invalidateCases(queryClient);
  };

  const places = useMemo(() => [...new Set(rows.map((r) => r.place))], [rows]);
  const counts = useMemo(() => {
    const n: Record<Filter, number> = { all: rows.length, scheduled: 0, held: 0, cancelled: 0 };
    for (const r of rows) n[r.status] += 1;
    return n;
  }, [rows]);
  // Coming meetings first, soonest on top; then the rest, newest on top.
  const shown = useMemo(() => {
    const list = rows.filter((r) => filter === "all" || r.status === filter);
    const now = dayjs();
    const upcoming = (r: MeetingRow) => r.status === "scheduled" && dayjs(r.end).isAfter(now);
    return [...list].sort((a, b) => {
      const ua = upcoming(a);
      const ub = upcoming(b);
      if (ua !== ub) return ua ? -1 : 1;
      return ua ? a.start.localeCompare(b.start) : b.start.localeCompare(a.start);
    });
  }, [rows, filter]);

  // Widths at 标准, grown with the text; 地点 and the counts give way when the page is narrow.
  const windowWidth = useWindowWidth();
  const { textSize } = useDisplay().prefs;
  const columnsAt: (TableColumnType<MeetingRow> & { key: string })[] = [
    {
      key: "time",
      title: "会议时间",
      width: 230,
      render: (_, r) => <span style={{ whiteSpace: "nowrap" }}>{meetingTime(r.start, r.end)}</span>,
    },
    {
      key: "title",
      title: "会议名称",
      render: (_, r) => (
        <span>
          <Tag style={{ marginInlineEnd: 6 }}>{MEETING_KIND_LABELS[r.kind]}</Tag>
          <ActionLink
            onClick={() => setOpenId(r.id)}
            delete={r.status === "cancelled"}
            type={r.status === "cancelled" ? "secondary" : undefined}
            data-testid={`meeting-open-${r.id}`}
          >
            {r.title}
          </ActionLink>
        </span>
      ),
    },
    { key: "place", title: "地点", width: 180, ellipsis: true, render: (_, r) => r.place },
    {
      key: "invited",
      title: "邀请",
      width: 64,
      align: "center",
      render: (_, r) => (
        <Tooltip title="邀请的单位和居民代表">
          <span>{r.invited}</span>
        </Tooltip>
      ),
    },
    { key: "agenda", title: "议程", width: 64, align: "center", render: (_, r) => r.agendaItems },
    {
      key: "decisions",
      title: "决定",
      width: 64,
      align: "center",
      render: (_, r) => (r.decisions > 0 ? r.decisions : "—"),
    },
    {
      key: "status",
      title: "状态",
      width: 96,
      render: (_, r) => {
        const due = r.status === "scheduled" && dayjs(r.end).isBefore(dayjs());
        return (
          <Tooltip title={due ? "会议时间已过，请填写会后记录" : undefined}>
            <Tag color={due ? "gold" : MEETING_STATUS_COLORS[r.status]}>
              {due ? "待记录" : MEETING_STATUS_LABELS[r.status]}
            </Tag>
          </Tooltip>
        );
      },
    },
  ];

  const filterLabel = (f: Filter, label: string) => `${label} ${counts[f]}`;
  return (
    <div>
      <Flex align="baseline" gap={16} style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          恳谈会 / 议事会
        </Typography.Title>
        <Typography.Text type="secondary">
          邀请相关方和居民代表，围绕诉求商量解决办法；会前打印会议通知，会后记录纪要和决定
        </Typography.Text>
      </Flex>
      <Card>
        <Flex justify="space-between" align="center" style={{ marginBottom: 12 }} gap={12} wrap>
          <Segmented<Filter>
            value={filter}
            onChange={setFilter}
            options={[
              { value: "all", label: filterLabel("all", "全部") },
              { value: "scheduled", label: filterLabel("scheduled", "待召开") },
              { value: "held", label: filterLabel("held", "已召开") },
              { value: "cancelled", label: filterLabel("cancelled", "已取消") },
            ]}
            data-testid="meetings-filter"
          />
          <Flex gap={8}>
            <Tooltip title="重新读取">
              <Button icon={<ReloadOutlined />} onClick={() => void list.refetch()} aria-label="重新读取" />
            </Tooltip>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setCreating(true)}
              data-testid="meetings-new"
            >
              新建会议
            </Button>
          </Flex>
        </Flex>
        <Table<MeetingRow>
          rowKey="id"
          size="middle"
          columns={fitColumns(
            columnsAt,
            ["place", "agenda", "decisions", "invited"],
            pageRoom(windowWidth, textSize) - 32,
            scaleOf(textSize),
            160,
          )}
          dataSource={shown}
          loading={list.isFetching}
          pagination={shown.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          className="sd-clickable-rows"
          onRow={(r) => ({ onClick: () => setOpenId(r.id) })}
          locale={{
            emptyText:
              filter === "all" ? "还没有会议。点右上角「新建会议」安排一次恳谈会" : "没有这个状态的会议",
          }}
          data-testid="meetings-table"
        />
      </Card>
      {creating && (
        <MeetingForm
          meeting={null}
          staff={state.staff}
          currentStaff={state.currentStaff}
          places={places}
          onClose={() => setCreating(false)}
          onSaved={(saved) => {
            setCreating(false);
            message.success("会议已保存，可以打印会议通知了");
            setConflicts(saved.conflicts);
            setOpenId(saved.meeting.id);
            changed();
          }}
        />
      )}
      <MeetingDrawer
        meetingId={openId}
        conflicts={conflicts}
        state={state}
        places={places}
        onClose={() => {
          setOpenId(null);
          setConflicts([]);
        }}
        onChanged={(c) => {
          setConflicts(c ?? []);
          changed();
        }}
        onOpenCase={onOpenCase}
      />
    </div>
  );
}
