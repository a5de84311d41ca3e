import { SearchOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  Card,
  Empty,
  Flex,
  Input,
  Segmented,
  Select,
  Table,
  type TableColumnsType,
  Tooltip,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  type CaseQuery,
  type CaseRow,
  type CaseSort,
  type CaseStatus,
  type Category,
  commands,
} from "../../bindings";
import { call, errorMessage } from "../../lib/ipc";
import { formatDateTime } from "../../lib/time";
import {
  CHANNEL_LABELS,
  CHANNELS,
  type Channel,
  channelLabel,
  DUE_LABELS,
  type DueCode,
  SORT_LABELS,
  STATUS_LABELS,
  STATUSES,
} from "./labels";
import StatusTag from "./StatusTag";

const SEARCH_DELAY_MS = 300;
const EMPTY = "—";

type View = "all" | "attention";

/** The ledger colours (a shade darker than the rows, to read at legend size). */
const LEGEND: { code: DueCode; color: string }[] = [
  { code: "overdue", color: "#ffb3ab" },
  { code: "near_due", color: "#ffe58f" },
  { code: "awaiting_follow_up", color: "#a8d1ff" },
  { code: "on_hold", color: "#d0d0d0" },
  { code: "done", color: "#b7eb8f" },
];

type Filters = {
  view: View;
  status: CaseStatus | null;
  categoryId: number | null;
  channel: Channel | null;
  text: string;
  sort: CaseSort;
  page: number;
  pageSize: number;
};

const INITIAL: Filters = {
  view: "all",
  status: null,
  categoryId: null,
  channel: null,
  text: "",
  sort: "received_desc",
  page: 1,
  pageSize: 20,
};

type Props = {
  categories: Category[];
  /** Changes when the register should read again (a case was logged, the page was shown). */
  version: number;
  onOpenCase: (id: number) => void;
};

/** 诉求台账: every case, filtered, searched and paged on the server. */
export default function RegisterPage({ categories, version, onOpenCase }: Props) {
  const { message } = App.useApp();
  const [filters, setFilters] = useState<Filters>(INITIAL);
  const [typed, setTyped] = useState("");
  const [rows, setRows] = useState<CaseRow[]>([]);
  const [total, setTotal] = useState(0);
  const [totalCapped, setTotalCapped] = useState(false);
  const [loading, setLoading] = useState(false);
  const [failed, setFailed] = useState<string | null>(null);
  const [attentionCount, setAttentionCount] = useState<number | null>(null);
  const latest = useRef(0);

  const load = useCallback(
    async (f: Filters) => {
      const ticket = ++latest.current;
      setLoading(true);
      const query: CaseQuery = {
        status: f.status,
        categoryId: f.categoryId,
        channel: f.channel,
        text: f.text.trim() === "" ? null : f.text.trim(),
        page: f.page,
        pageSize: f.pageSize,
        sort: f.sort,
      };
      try {
        const page = await call(
          f.view === "attention" ? commands.listAttention(f.page, f.pageSize) : commands.listCases(query),
        );
        if (ticket !== latest.current) return; // an answer to an older query
        setRows(page.items);
        setTotal(page.total);
        setTotalCapped(page.totalCapped);
        setFailed(null);
      } catch (e) {
        if (ticket !== latest.current) return;
        const msg = errorMessage(e);
        setFailed(msg);
        message.error(msg);
      } finally {
        if (ticket === latest.current) setLoading(false);
      }
    },
    [message],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is a reload trigger.
  useEffect(() => {
    void load(filters);
  }, [filters, version, load]);

  // How many cases need attention, for the switch's label.
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is a reload trigger.
  useEffect(() => {
    let current = true;
    call(commands.listAttention(1, 1)).then(
      (p) => current && setAttentionCount(p.total),
      () => current && setAttentionCount(null),
    );
    return () => {
      current = false;
    };
  }, [version]);

  // Typing searches after a short pause; Enter or the button searches at once.
  useEffect(() => {
    if (typed === filters.text) return;
    const timer = window.setTimeout(() => {
      setFilters((f) => ({ ...f, text: typed, page: 1 }));
    }, SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [typed, filters.text]);

  const searchNow = () => setFilters((f) => ({ ...f, text: typed, page: 1 }));
  const setFilter = <K extends keyof Filters>(key: K, value: Filters[K]) =>
    setFilters((f) => ({ ...f, [key]: value, page: 1 }));

  const categoryOptions = useMemo(
    () =>
      [...categories]
        .sort((a, b) => Number(b.active) - Number(a.active) || a.sortOrder - b.sortOrder)
        .map((c) => ({ value: c.id, label: c.active ? c.name : `${c.name}（已停用）` })),
    [categories],
  );

  const columns: TableColumnsType<CaseRow> = [
    {
      title: "编号",
      dataIndex: "number",
      width: 116,
      render: (number: string, row) => (
        <Typography.Link
          onClick={(e) => {
            e.stopPropagation();
            onOpenCase(row.id);
          }}
        >
          {number}
        </Typography.Link>
      ),
    },
    {
      title: "受理日期",
      dataIndex: "receivedAt",
      width: 100,
      render: (v: string) => <Tooltip title={formatDateTime(v)}>{dayjs(v).format("YYYY-MM-DD")}</Tooltip>,
    },
    { title: "来源", dataIndex: "channel", width: 84, render: (v: string) => channelLabel(v) },
    { title: "分类", dataIndex: "categoryName", width: 84, render: (v: string | null) => v ?? EMPTY },
    { title: "标题", dataIndex: "title", ellipsis: { showTitle: true } },
    {
      title: "地点",
      dataIndex: "address",
      width: 140,
      ellipsis: { showTitle: true },
      render: (v: string) => v || EMPTY,
    },
    {
      title: "居民",
      dataIndex: "residentName",
      width: 112,
      render: (v: string | null, row) => (
        <div style={{ lineHeight: 1.35 }}>
          <div>{v ?? EMPTY}</div>
          {row.phoneMasked && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {row.phoneMasked}
            </Typography.Text>
          )}
        </div>
      ),
    },
    { title: "承办人", dataIndex: "assigneeName", width: 72, render: (v: string | null) => v ?? EMPTY },
    {
      title: "办结时限",
      dataIndex: "resolveDueAt",
      width: 104,
      render: (v: string | null, row) =>
        v ? (
          <Tooltip title={`${formatDateTime(v)}（${DUE_LABELS[row.dueState as DueCode] ?? ""}）`}>
            <div style={{ lineHeight: 1.35 }}>
              <span
                style={
                  row.dueState === "overdue" && dayjs(v).isBefore(dayjs())
                    ? { color: "#cf1322", fontWeight: 600 }
                    : undefined
                }
              >
                {dayjs(v).format("MM-DD HH:mm")}
              </span>
              {/* Red, yet the resolve clock still runs: the resident was not called in time. */}
              {row.dueState === "overdue" && dayjs(v).isAfter(dayjs()) && (
                <div style={{ fontSize: 12, color: "#cf1322" }}>响应已超时</div>
              )}
            </div>
          </Tooltip>
        ) : (
          EMPTY
        ),
    },
    {
      title: "状态",
      dataIndex: "status",
      width: 66,
      align: "center",
      render: (v: string) => <StatusTag status={v} />,
    },
  ];

  const attention = filters.view === "attention";
  const filtered =
    !attention &&
    (filters.status !== null ||
      filters.categoryId !== null ||
      filters.channel !== null ||
      filters.text.trim() !== "");

  return (
    <div>
      <Flex align="baseline" gap={16} style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          诉求台账
        </Typography.Title>
        <Typography.Text type="secondary">点击一行查看详情</Typography.Text>
        <span style={{ flex: 1 }} />
        <span style={{ fontSize: 13, color: "#595959" }} data-testid="register-legend">
          {LEGEND.map((l) => (
            <span key={l.code} style={{ marginInlineStart: 12, whiteSpace: "nowrap" }}>
              <span className="sd-legend" style={{ background: l.color }} />
              {DUE_LABELS[l.code]}
            </span>
          ))}
        </span>
      </Flex>
      <Card styles={{ body: { padding: 16 } }}>
        <Flex wrap gap={10} style={{ marginBottom: 16 }} align="center">
          <Segmented<View>
            value={filters.view}
            onChange={(v) => setFilters((f) => ({ ...f, view: v, page: 1 }))}
            options={[
              { value: "all", label: <span data-testid="register-view-all">全部诉求</span> },
              {
                value: "attention",
                label: (
                  <Tooltip title="已超期、一天内到期、已办结待回访的诉求，最紧迫的在前">
                    <span data-testid="register-view-attention">
                      需关注{attentionCount !== null && attentionCount > 0 ? `（${attentionCount}）` : ""}
                    </span>
                  </Tooltip>
                ),
              },
            ]}
            data-testid="register-view"
          />
          {!attention && (
            <>
              <Input
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                onPressEnter={searchNow}
                placeholder="搜索标题、描述、地点、姓名、电话（支持单字、两字词）"
                prefix={<SearchOutlined style={{ color: "#8c8c8c" }} />}
                allowClear
                style={{ flex: "1 1 220px", maxWidth: 440 }}
                data-testid="register-search"
              />
              <Select<CaseStatus>
                placeholder="状态"
                allowClear
                style={{ width: 104 }}
                value={filters.status ?? undefined}
                onChange={(v) => setFilter("status", v ?? null)}
                options={STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
                data-testid="register-status"
              />
              <Select<number>
                placeholder="分类"
                allowClear
                showSearch={{ optionFilterProp: "label" }}
                style={{ width: 124 }}
                value={filters.categoryId ?? undefined}
                onChange={(v) => setFilter("categoryId", v ?? null)}
                options={categoryOptions}
                data-testid="register-category"
              />
              <Select<Channel>
                placeholder="来源"
                allowClear
                style={{ width: 120 }}
                value={filters.channel ?? undefined}
                onChange={(v) => setFilter("channel", v ?? null)}
                options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))}
                data-testid="register-channel"
              />
              <Select<CaseSort>
                style={{ width: 156 }}
                value={filters.sort}
                onChange={(v) => setFilter("sort", v)}
                options={(Object.keys(SORT_LABELS) as CaseSort[]).map((s) => ({
                  value: s,
                  label: SORT_LABELS[s],
                }))}
                data-testid="register-sort"
              />
              {filtered && (
                <Button
                  type="link"
                  onClick={() => {
                    setTyped("");
                    setFilters({ ...INITIAL, sort: filters.sort, pageSize: filters.pageSize });
                  }}
                >
                  清除条件
                </Button>
              )}
            </>
          )}
          {attention && (
            <Typography.Text type="secondary">
              已超期、一天内到期和待回访的诉求，最紧迫的排在前面
            </Typography.Text>
          )}
        </Flex>
        <div data-testid="register-table">
          <Table<CaseRow>
            className="sd-clickable-rows"
            rowClassName={(row) => `sd-due-row sd-due-${row.dueState}`}
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={loading}
            tableLayout="fixed"
            onRow={(row) => ({ onClick: () => onOpenCase(row.id) })}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={
                    failed ??
                    (attention
                      ? "没有需要关注的诉求：没有超期、临近时限或待回访的"
                      : filtered
                        ? "没有找到符合条件的诉求"
                        : "还没有登记任何诉求，点左侧「登记诉求」登记第一条")
                  }
                />
              ),
            }}
            pagination={{
              current: filters.page,
              pageSize: filters.pageSize,
              total,
              showSizeChanger: true,
              pageSizeOptions: [20, 50, 100],
              showQuickJumper: total > filters.pageSize * 5,
              // A very common word is counted up to 10 000 matches only.
              showTotal: (n) => (totalCapped ? `超过 ${n} 条，请加词缩小范围` : `共 ${n} 条`),
              onChange: (page, pageSize) =>
                setFilters((f) => ({ ...f, page: pageSize === f.pageSize ? page : 1, pageSize })),
            }}
          />
        </div>
      </Card>
    </div>
  );
}
