import { ArrowLeftOutlined, SearchOutlined } from "@ant-design/icons";
import { App, Button, Card, Empty, Flex, Input, Select, Table, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import type { CaseRow, CaseStatus, Station } from "../../bindings";
import { useDisplay } from "../../lib/DisplayContext";
import { scaled, scaleOf } from "../../lib/display";
import { fitColumns, useWindowWidth } from "../../lib/fitColumns";
import { errorMessage } from "../../lib/ipc";
import { useDistrictRegister } from "../../lib/queries";
import { MUTED } from "../../lib/theme";
import { useDebounced } from "../../lib/useDebounced";
import { STATUS_LABELS, STATUSES } from "../cases/labels";
import { REGISTER_DROP_ORDER, REGISTER_MIN_TITLE, registerColumns } from "../cases/registerColumns";

const SEARCH_DELAY_MS = 300;

type Filters = { text: string; status: CaseStatus | null; page: number; pageSize: number };
const INITIAL: Filters = { text: "", status: null, page: 1, pageSize: 20 };

/**
 * One station's 诉求台账 as the street office reads it: searched and paged on the server,
 * phones masked, nothing to log or move on. A row opens the case, read-only.
 */
export default function StationRegisterPage({
  stationId,
  station,
  active,
  onBack,
  onOpenCase,
}: {
  stationId: number;
  /** The station's name and code, once the ranking has read them. */
  station: Station | null;
  active: boolean;
  onBack: () => void;
  onOpenCase: (id: number) => void;
}) {
  const { message } = App.useApp();
  const [filters, setFilters] = useState<Filters>(INITIAL);
  const [typed, setTyped] = useState("");
  const settled = useDebounced(typed, SEARCH_DELAY_MS);
  useEffect(() => {
    setFilters((f) => (f.text === settled ? f : { ...f, text: settled, page: 1 }));
  }, [settled]);

  const text = filters.text.trim();
  const cases = useDistrictRegister(
    stationId,
    {
      text: text === "" ? null : text,
      status: filters.status,
      categoryId: null,
      channel: null,
      page: filters.page,
      pageSize: filters.pageSize,
      sort: "received_desc",
    },
    active,
  );
  const rows = cases.data?.items ?? [];
  const total = cases.data?.total ?? 0;
  const totalCapped = cases.data?.totalCapped ?? false;
  const failed = cases.error ? errorMessage(cases.error) : null;
  useEffect(() => {
    if (failed) message.error(failed);
  }, [failed, message]);

  const filtered = text !== "" || filters.status !== null;
  const windowWidth = useWindowWidth();
  const { textSize } = useDisplay().prefs;
  return (
    <div>
      <Flex align="center" gap={12} style={{ marginBottom: 12 }} wrap>
        <Button icon={<ArrowLeftOutlined />} onClick={onBack} data-testid="district-back">
          返回排名
        </Button>
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="district-station-name">
          {station ? `${station.name}（${station.code}）` : "服务站"}　诉求台账
        </Typography.Title>
        <Tag color="blue">只读</Tag>
        <Typography.Text type="secondary">点击一行查看详情；居民电话只显示部分号码</Typography.Text>
      </Flex>
      <Card styles={{ body: { padding: 16 } }}>
        <Flex wrap gap={10} style={{ marginBottom: 16 }} align="center">
          <Input
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            onPressEnter={() => setFilters((f) => ({ ...f, text: typed, page: 1 }))}
            placeholder="搜索标题、描述、地点、姓名（支持单字、两字词）"
            prefix={<SearchOutlined style={MUTED} />}
            allowClear
            style={{ flex: "1 1 220px", maxWidth: 440 }}
            data-testid="district-register-search"
          />
          <Select<CaseStatus>
            placeholder="状态"
            allowClear
            style={{ width: scaled(104) }}
            value={filters.status ?? undefined}
            onChange={(v) => setFilters((f) => ({ ...f, status: v ?? null, page: 1 }))}
            options={STATUSES.map((s) => ({ value: s, label: STATUS_LABELS[s] }))}
            data-testid="district-register-status"
          />
        </Flex>
        <div data-testid="district-register-table">
          <Table<CaseRow>
            className="sd-clickable-rows"
            rowClassName={(row) => `sd-due-row sd-due-${row.dueState}`}
            rowKey="id"
            size="middle"
            columns={fitColumns(
              registerColumns((id) => onOpenCase(id)),
              REGISTER_DROP_ORDER,
              // No side menu here: the page's and the card's padding and a scroll bar.
              windowWidth - 4 * 16 - 12,
              scaleOf(textSize),
              REGISTER_MIN_TITLE,
            )}
            dataSource={rows}
            loading={cases.isFetching}
            tableLayout="fixed"
            onRow={(row) => ({ onClick: () => onOpenCase(row.id) })}
            locale={{
              emptyText: (
                <Empty
                  image={Empty.PRESENTED_IMAGE_SIMPLE}
                  description={failed ?? (filtered ? "没有找到符合条件的诉求" : "这个服务站还没有登记诉求")}
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
