// 操作记录: the station's audit log, newest first, a page at a time from the core, filtered
// by who, what kind of action, which case and which days; 导出Excel saves the filtered log
// through the shell's dialog (the core bounds and records the export). Action labels and
// summaries come with each row from the core; the kind filter's words are generated from
// the model (ui/src/vocabulary.ts).
import { DownloadOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { Alert, App, Button, Card, DatePicker, Flex, Input, Select, Table, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import { useState } from "react";
import { useNavigate } from "react-router";
import { type AppState, type AuditQuery, type AuditRow, commands } from "../../bindings";
import ActionLink from "../../lib/ActionLink";
import { call, errorMessage } from "../../lib/ipc";
import { useAuditLog, useMay } from "../../lib/queries";
import { formatDateTime } from "../../lib/time";
import type { CaseRouteState } from "../../routes";
import { AUDIT_ACTION_LABELS, AUDIT_ACTIONS } from "../../vocabulary";

const PAGE_SIZE = 20;

type Filters = { who: string | null; kind: string | null; record: string; period: [Dayjs, Dayjs] | null };

const NO_FILTERS: Filters = { who: null, kind: null, record: "", period: null };

function toQuery(f: Filters, page: number): AuditQuery {
  return {
    who: f.who,
    kind: f.kind,
    record: f.record.trim() === "" ? null : f.record.trim(),
    from: f.period ? f.period[0].format("YYYY-MM-DD") : null,
    to: f.period ? f.period[1].format("YYYY-MM-DD") : null,
    page,
    pageSize: PAGE_SIZE,
  };
}

export default function AuditLogPage({ state, active }: { state: AppState; active: boolean }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [record, setRecord] = useState("");
  const [page, setPage] = useState(1);
  const query = toQuery(filters, page);
  const log = useAuditLog(query, active);
  const mayExport = useMay("export");
  const change = (next: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...next }));
    setPage(1);
  };
  const exporting = useMutation({
    mutationFn: () => call(commands.saveAuditXlsx({ ...query, page: 1, pageSize: 0 })),
    onSuccess: (path) => {
      if (path !== null) message.success(`已导出到 ${path}`);
      void log.refetch();
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  const staffNames = [...new Set(state.staff.map((s) => s.name))];
  return (
    <Card
      title="操作记录"
      data-testid="audit-page"
      extra={
        mayExport && (
          <Button
            icon={<DownloadOutlined />}
            loading={exporting.isPending}
            onClick={() => exporting.mutate()}
            data-testid="audit-export"
          >
            导出Excel
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        谁在什么时候做了什么，按时间从新到旧排列。记录只能追加、不能修改；居民的姓名、电话等个人信息只记“已填写/已修改”，不记内容。
      </Typography.Paragraph>
      <Flex gap={8} wrap style={{ marginBottom: 12 }}>
        <Select
          allowClear
          showSearch
          placeholder="操作人"
          style={{ width: 140 }}
          value={filters.who}
          onChange={(v) => change({ who: v ?? null })}
          options={staffNames.map((n) => ({ value: n, label: n }))}
          data-testid="audit-filter-who"
        />
        <Select
          allowClear
          showSearch
          optionFilterProp="label"
          placeholder="操作类型"
          style={{ width: 160 }}
          value={filters.kind}
          onChange={(v) => change({ kind: v ?? null })}
          options={AUDIT_ACTIONS.map((a) => ({ value: a, label: AUDIT_ACTION_LABELS[a] ?? a }))}
          data-testid="audit-filter-kind"
        />
        <Input.Search
          allowClear
          placeholder="诉求编号，如 RA-2026-0001"
          maxLength={40}
          style={{ width: 240 }}
          value={record}
          onChange={(e) => setRecord(e.target.value)}
          onSearch={(v) => change({ record: v })}
          data-testid="audit-filter-record"
        />
        <DatePicker.RangePicker
          value={filters.period}
          onChange={(v) => change({ period: v?.[0] && v[1] ? [v[0], v[1]] : null })}
          data-testid="audit-filter-period"
        />
        <Button
          onClick={() => {
            setFilters(NO_FILTERS);
            setRecord("");
            setPage(1);
          }}
          data-testid="audit-filter-clear"
        >
          清除筛选
        </Button>
      </Flex>
      {log.error && (
        <Alert
          type="error"
          showIcon
          title={errorMessage(log.error)}
          style={{ marginBottom: 12 }}
          data-testid="audit-error"
        />
      )}
      <Table<AuditRow>
        rowKey="id"
        size="middle"
        loading={log.isFetching}
        dataSource={log.data?.rows ?? []}
        locale={{ emptyText: "没有符合条件的操作记录" }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: log.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => `共 ${n} 条`,
          onChange: setPage,
        }}
        onRow={(row) => ({ "data-testid": `audit-row-${row.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: "时间", dataIndex: "at", width: 140, render: (at: string) => formatDateTime(at) },
          { title: "操作人", dataIndex: "staffName", width: 110, ellipsis: true },
          {
            title: "操作",
            dataIndex: "actionLabel",
            width: 130,
            render: (label: string, r) => (
              <Tag color={r.action === "phone_reveal" ? "orange" : undefined} data-testid="audit-action">
                {label}
              </Tag>
            ),
          },
          {
            title: "记录",
            dataIndex: "record",
            width: 170,
            render: (text: string, r) =>
              r.caseNumber && r.entity === "case" ? (
                <ActionLink
                  onClick={() => {
                    const state: CaseRouteState = { background: "audit", number: r.caseNumber ?? "" };
                    navigate(`/cases/${r.caseNumber}`, { state });
                  }}
                >
                  {text}
                </ActionLink>
              ) : (
                text
              ),
          },
          {
            title: "变更摘要",
            dataIndex: "summary",
            ellipsis: { showTitle: true },
            render: (s: string) => (s === "" ? <Typography.Text type="secondary">—</Typography.Text> : s),
          },
        ]}
      />
    </Card>
  );
}
