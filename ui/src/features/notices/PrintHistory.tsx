import { EditOutlined, EyeOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Alert, Button, Flex, Input, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { commands, type NoticePrint, type NoticePrintDetail } from "../../bindings";
import { scaled } from "../../lib/display";
import { call, errorMessage } from "../../lib/ipc";
import { formatDateTime } from "../../lib/time";

const PAGE_SIZE = 10;

type Props = {
  /** 打开: the print again in the preview (rendered from its form; opening is not a print). */
  onOpen: (detail: NoticePrintDetail) => Promise<void>;
  /** 编辑为新通知: its form filled in on 新建通知. */
  onEdit: (detail: NoticePrintDetail) => void;
};

/** 打印记录: every notice printed from this page, newest first, searchable by title. */
export default function PrintHistory({ onOpen, onEdit }: Props) {
  const [search, setSearch] = useState("");
  const [page, setPage] = useState(1);
  const [busy, setBusy] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const query = { search: search.trim() === "" ? null : search.trim(), page, pageSize: PAGE_SIZE };
  const list = useQuery({
    queryKey: ["noticePrints", query],
    queryFn: () => call(commands.listNoticePrints(query)),
    placeholderData: keepPreviousData,
  });

  const act = async (row: NoticePrint, then: (d: NoticePrintDetail) => Promise<void> | void) => {
    setBusy(row.id);
    setError(null);
    try {
      await then(await call(commands.getNoticePrint(row.id)));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const shownError = error ?? (list.error ? errorMessage(list.error) : null);
  return (
    <div data-testid="print-history">
      <Flex align="center" justify="space-between" gap={12} style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">
          在本页打印过的通知都记在这里：可打开再次打印，或编辑后作为新通知生成。
        </Typography.Text>
        <Input.Search
          allowClear
          placeholder="按标题搜索"
          maxLength={100}
          style={{ width: scaled(280) }}
          onSearch={(v) => {
            setSearch(v);
            setPage(1);
          }}
          data-testid="print-history-search"
        />
      </Flex>
      {shownError && (
        <Alert
          type="error"
          showIcon
          title={shownError}
          style={{ marginBottom: 12 }}
          data-testid="print-history-error"
          closable={{ onClose: () => setError(null) }}
        />
      )}
      <Table<NoticePrint>
        rowKey="id"
        size="middle"
        loading={list.isFetching}
        dataSource={list.data?.rows ?? []}
        locale={{ emptyText: search.trim() ? "没有标题含这些字的打印记录" : "还没有打印过通知" }}
        pagination={{
          current: page,
          pageSize: PAGE_SIZE,
          total: list.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => `共 ${n} 次打印`,
          onChange: setPage,
        }}
        onRow={(row) => ({ "data-testid": `print-row-${row.id}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: "打印时间",
            dataIndex: "printedAt",
            width: 140,
            render: (at: string) => formatDateTime(at),
          },
          {
            title: "标题",
            dataIndex: "title",
            ellipsis: { showTitle: true },
            render: (title: string, r) => (
              <>
                <Tag style={{ marginInlineEnd: 6 }}>{r.kindLabel}</Tag>
                {title}
              </>
            ),
          },
          { title: "份数 / 页数", width: 100, render: (_, r) => `${r.copies} 份 / ${r.pages} 页` },
          { title: "经办人", dataIndex: "staffName", width: 90, ellipsis: true },
          { title: "方式", dataIndex: "viaLabel", width: 96 },
          {
            title: "",
            width: 214,
            render: (_, r) => (
              <Flex gap={4} wrap={false}>
                <Button
                  size="small"
                  icon={<EyeOutlined />}
                  loading={busy === r.id}
                  disabled={busy !== null && busy !== r.id}
                  onClick={() => void act(r, onOpen)}
                  data-testid={`print-open-${r.id}`}
                  autoInsertSpace={false}
                >
                  打开
                </Button>
                <Button
                  size="small"
                  type="link"
                  icon={<EditOutlined />}
                  disabled={busy !== null}
                  onClick={() => void act(r, onEdit)}
                  data-testid={`print-edit-${r.id}`}
                  style={{ paddingInline: 4 }}
                >
                  编辑为新通知
                </Button>
              </Flex>
            ),
          },
        ]}
      />
    </div>
  );
}
