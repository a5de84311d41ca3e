import { DownloadOutlined, DownOutlined, SearchOutlined, UploadOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Checkbox,
  Dropdown,
  Empty,
  Flex,
  Input,
  Segmented,
  Select,
  Space,
  Table,
  Tooltip,
  Typography,
} from "antd";
import { useEffect, useMemo, useState } from "react";
import {
  type CaseQuery,
  type CaseRow,
  type CaseSort,
  type CaseStatus,
  type Category,
  commands,
  type Open311Format,
  type Open311Kind,
} from "../../bindings";
import { useDisplay } from "../../lib/DisplayContext";
import { pageRoom, scaled, scaleOf } from "../../lib/display";
import { type DueCode, dueVar } from "../../lib/dueColors";
import { fitColumns, useWindowWidth } from "../../lib/fitColumns";
import { call, errorMessage } from "../../lib/ipc";
import { useAttention, useCaseList, useMay } from "../../lib/queries";
import { MUTED } from "../../lib/theme";
import { useDebounced } from "../../lib/useDebounced";
import LedgerImportModal from "./LedgerImportModal";
import {
  CHANNEL_LABELS,
  CHANNELS,
  type Channel,
  DUE_LABELS,
  SORT_LABELS,
  STATUS_LABELS,
  STATUSES,
} from "./labels";
import { REGISTER_DROP_ORDER, REGISTER_MIN_TITLE, registerColumns } from "./registerColumns";

const SEARCH_DELAY_MS = 300;

type View = "all" | "attention";

/** The legend of the rows' colours (lib/dueColors.ts), in the order of urgency. */
const LEGEND: DueCode[] = ["overdue", "near_due", "awaiting_follow_up", "on_hold", "done"];

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
  /** Shown: its reads are enabled, and read afresh each time it is shown. */
  active: boolean;
  onOpenCase: (id: number, number?: string) => void;
};

/** 诉求台账: every case, filtered, searched and paged on the server. */
export default function RegisterPage({ categories, active, onOpenCase }: Props) {
  const { message } = App.useApp();
  const [filters, setFilters] = useState<Filters>(INITIAL);
  const [typed, setTyped] = useState("");
  // Typing searches after a short pause; Enter or the button searches at once.
  const settled = useDebounced(typed, SEARCH_DELAY_MS);
  useEffect(() => {
    setFilters((f) => (f.text === settled ? f : { ...f, text: settled, page: 1 }));
  }, [settled]);

  const attention = filters.view === "attention";
  const text = filters.text.trim();
  const cases = useCaseList(
    {
      status: filters.status,
      categoryId: filters.categoryId,
      channel: filters.channel,
      text: text === "" ? null : text,
      page: filters.page,
      pageSize: filters.pageSize,
      sort: filters.sort,
    },
    active && !attention,
  );
  const attentionPage = useAttention(filters.page, filters.pageSize, active && attention);
  // How many cases need attention, for the switch's label.
  const attentionCount = useAttention(1, 1, active).data?.total ?? null;
  const shown = attention ? attentionPage : cases;
  const rows = shown.data?.items ?? [];
  const total = shown.data?.total ?? 0;
  const totalCapped = shown.data?.totalCapped ?? false;
  const failed = shown.error ? errorMessage(shown.error) : null;

  useEffect(() => {
    if (failed) message.error(failed);
  }, [failed, message]);

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

  const { textSize } = useDisplay().prefs;
  const columns = fitColumns(
    registerColumns(onOpenCase),
    REGISTER_DROP_ORDER,
    pageRoom(useWindowWidth(), textSize),
    scaleOf(textSize),
    REGISTER_MIN_TITLE,
  );

  // 导出Excel: the register as filtered and searched now; the program asks where to save.
  // Only a role that may see full numbers is offered them; the core refuses anyone else.
  const mayRevealPhones = useMay("phone_reveal");
  const [fullPhones, setFullPhones] = useState(false);
  const [importing, setImporting] = useState(false);
  const exportQuery: CaseQuery = {
    status: filters.status,
    categoryId: filters.categoryId,
    channel: filters.channel,
    text: text === "" ? null : text,
    page: 1,
    pageSize: 0,
    sort: filters.sort,
  };
  const exporting = useMutation({
    mutationFn: () =>
      call(commands.saveCasesXlsx(exportQuery, { fullPhones: fullPhones && mayRevealPhones })),
    onSuccess: (path) => {
      if (path !== null) message.success(`已导出到 ${path}`);
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  // 导出 Open311: the same filter and search as GeoReport v2 for open data, no personal data.
  const open311 = useMutation({
    mutationFn: ({ kind, format }: { kind: Open311Kind; format: Open311Format }) =>
      call(commands.saveOpen311(exportQuery, kind, format)),
    onSuccess: (path) => {
      if (path !== null) message.success(`已导出到 ${path}`);
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const open311Items: { key: string; label: string; kind: Open311Kind; format: Open311Format }[] = [
    { key: "requests-json", label: "导出 Open311 诉求（JSON）", kind: "requests", format: "json" },
    { key: "requests-xml", label: "导出 Open311 诉求（XML）", kind: "requests", format: "xml" },
    { key: "services-json", label: "导出 Open311 服务类别（JSON）", kind: "services", format: "json" },
    { key: "services-xml", label: "导出 Open311 服务类别（XML）", kind: "services", format: "xml" },
  ];

  const filtered =
    !attention &&
    (filters.status !== null ||
      filters.categoryId !== null ||
      filters.channel !== null ||
      filters.text.trim() !== "");

  return (
    <div>
      <Flex align="center" gap={12} wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0, whiteSpace: "nowrap" }}>
          诉求台账
        </Typography.Title>
        <Typography.Text type="secondary" style={{ whiteSpace: "nowrap" }}>
          点击一行或按回车查看详情
        </Typography.Text>
        <span style={{ flex: 1 }} />
        <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="register-import">
          导入台账
        </Button>
        <Space.Compact>
          <Tooltip title="按“全部诉求”当前的筛选和搜索条件导出，每件一行，附三率统计">
            <Button
              icon={<DownloadOutlined />}
              loading={exporting.isPending}
              onClick={() => exporting.mutate()}
              data-testid="register-export"
            >
              导出Excel
            </Button>
          </Tooltip>
          <Dropdown
            trigger={["click"]}
            menu={{
              items: [
                {
                  type: "group",
                  label: "导出 Open311（JSON/XML）：公开数据，不含姓名、电话和门牌号",
                  children: open311Items.map((i) => ({
                    key: i.key,
                    label: <span data-testid={`register-open311-${i.key}`}>{i.label}</span>,
                  })),
                },
              ],
              onClick: ({ key }) => {
                const item = open311Items.find((i) => i.key === key);
                if (item) open311.mutate({ kind: item.kind, format: item.format });
              },
            }}
          >
            <Button
              icon={<DownOutlined />}
              loading={open311.isPending}
              aria-label="更多导出：Open311"
              data-testid="register-open311"
            />
          </Dropdown>
        </Space.Compact>
        {mayRevealPhones && (
          <Checkbox
            checked={fullPhones}
            onChange={(e) => setFullPhones(e.target.checked)}
            style={{ whiteSpace: "nowrap" }}
          >
            <Tooltip title="导出的表格含居民的完整电话号码；这次导出会记入操作记录">含完整电话</Tooltip>
          </Checkbox>
        )}
        <span style={{ fontSize: scaled(13), color: "#595959" }} data-testid="register-legend">
          {LEGEND.map((code) => (
            <span key={code} style={{ marginInlineStart: 12, whiteSpace: "nowrap" }}>
              <span className="sd-legend" style={{ background: dueVar(code, "swatch") }} />
              {DUE_LABELS[code]}
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
                prefix={<SearchOutlined style={MUTED} />}
                allowClear
                style={{ flex: "1 1 220px", maxWidth: 440 }}
                data-testid="register-search"
                data-sd-search
              />
              <Select<CaseStatus>
                placeholder="状态"
                allowClear
                style={{ width: scaled(104) }}
                value={filters.status ?? undefined}
                onChange={(v) => setFilter("status", v ?? null)}
                options={STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
                data-testid="register-status"
              />
              <Select<number>
                placeholder="分类"
                allowClear
                showSearch={{ optionFilterProp: "label" }}
                style={{ width: scaled(124) }}
                value={filters.categoryId ?? undefined}
                onChange={(v) => setFilter("categoryId", v ?? null)}
                options={categoryOptions}
                data-testid="register-category"
              />
              <Select<Channel>
                placeholder="来源"
                allowClear
                style={{ width: scaled(120) }}
                value={filters.channel ?? undefined}
                onChange={(v) => setFilter("channel", v ?? null)}
                options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))}
                data-testid="register-channel"
              />
              <Select<CaseSort>
                style={{ width: scaled(156) }}
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
            loading={shown.isFetching}
            tableLayout="fixed"
            onRow={(row) => ({ onClick: () => onOpenCase(row.id, row.number) })}
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
      <LedgerImportModal open={importing} onClose={() => setImporting(false)} />
    </div>
  );
}
