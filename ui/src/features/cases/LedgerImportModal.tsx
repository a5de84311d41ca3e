import { FileExcelOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Channel } from "@tauri-apps/api/core";
import { Alert, App, Button, Flex, Modal, Progress, Radio, Select, Space, Table, Typography } from "antd";
import { useState } from "react";
import {
  commands,
  type ImportOptions,
  type ImportPreview,
  type ImportProgress,
  type LedgerColumn,
  type Numbering,
  type PreviewRow,
  type Refusal,
} from "../../bindings";
import { scaled } from "../../lib/display";
import { call, errorMessage, IpcError } from "../../lib/ipc";
import { invalidateCases } from "../../lib/queries";
import { formatDateTime } from "../../lib/time";
import { LEDGER_COLUMN_LABELS, LEDGER_COLUMNS, STATUS_LABELS } from "../../vocabulary";

type Props = { open: boolean; onClose: () => void };

/** The columns as the worker corrected them: letter → field (null: not imported). */
type Fields = Record<string, LedgerColumn | null>;

function fieldsOf(preview: ImportPreview): Fields {
  return Object.fromEntries(preview.mapping.columns.map((c) => [c.letter, c.field]));
}

/**
 * 导入台账: pick the station's Excel ledger (the program shows the file dialog), check the
 * columns it recognised and correct them, see the first rows as they will be saved and every
 * row that will be refused, then import all rows or none.
 */
export default function LedgerImportModal({ open, onClose }: Props) {
  const { message } = App.useApp();
  const client = useQueryClient();
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [fields, setFields] = useState<Fields>({});
  const [numbering, setNumbering] = useState<Numbering>("keep");
  const [progress, setProgress] = useState<ImportProgress | null>(null);

  const options = (f: Fields, n: Numbering): ImportOptions => ({ numbering: n, corrections: f });
  const shown = (p: ImportPreview | null) => {
    if (p === null) return;
    setPreview(p);
    setFields(fieldsOf(p));
  };

  const pick = useMutation({
    mutationFn: async () => {
      try {
        return await call(commands.pickLedgerFile(options({}, numbering)));
      } catch (e) {
        // In a browser (make dev) the program has no file dialog: the dev server previews
        // the ledger it was started with (`--ledger FILE`), if any.
        if (e instanceof IpcError && e.code === "not_supported") {
          return call(commands.previewLedger(options({}, numbering))).catch(() => Promise.reject(e));
        }
        throw e;
      }
    },
    onSuccess: shown,
    onError: (e) => message.error(errorMessage(e)),
  });
  const again = useMutation({
    mutationFn: (o: ImportOptions) => call(commands.previewLedger(o)),
    onSuccess: shown,
    onError: (e) => message.error(errorMessage(e)),
  });
  const run = useMutation({
    mutationFn: () => {
      // The core says how far it is: checking the rows, then each few hundred saved.
      const channel = new Channel<ImportProgress>();
      channel.onmessage = (p) => setProgress(p);
      return call(commands.importLedger(options(fields, numbering), channel));
    },
    onSettled: () => setProgress(null),
    onSuccess: async (r) => {
      message.success(
        `已导入 ${r.imported} 条诉求${r.alreadyImported > 0 ? `，${r.alreadyImported} 行以前已导入，已略过` : ""}`,
      );
      await invalidateCases(client);
      setPreview(null);
      onClose();
    },
    onError: (e) => message.error(errorMessage(e), 8),
  });

  const setField = (letter: string, field: LedgerColumn | null) => {
    // A field is read from one column: choosing it here takes it from any other.
    const next: Fields = Object.fromEntries(
      Object.entries(fields).map(([l, f]) => [l, l === letter ? field : f === field ? null : f]),
    );
    setFields(next);
    again.mutate(options(next, numbering));
  };
  const setNumberingAndPreview = (n: Numbering) => {
    setNumbering(n);
    if (preview) again.mutate(options(fields, n));
  };

  const busy = pick.isPending || again.isPending || run.isPending;
  const fieldOptions = [
    { value: "", label: "不导入" },
    ...LEDGER_COLUMNS.map((c) => ({ value: c, label: LEDGER_COLUMN_LABELS[c] })),
  ];

  return (
    <Modal
      open={open}
      onCancel={run.isPending ? undefined : onClose}
      closable={!run.isPending}
      maskClosable={!run.isPending}
      title="导入台账"
      width={1080}
      centered
      destroyOnHidden
      footer={
        <Flex justify="space-between" align="center" gap={16}>
          {run.isPending && progress ? (
            <div style={{ flex: 1, maxWidth: 560, textAlign: "left" }} data-testid="ledger-import-progress">
              <Typography.Text>{progress.label}</Typography.Text>
              <Progress
                percent={progress.total > 0 ? Math.floor((progress.done / progress.total) * 100) : 0}
                status="active"
                size="small"
              />
            </div>
          ) : (
            <Typography.Text type="secondary">
              整个文件一次导入：有一行有误时不导入任何一行；同一文件再次导入时，已导入的行会略过
            </Typography.Text>
          )}
          <Space>
            <Button onClick={onClose} disabled={run.isPending}>
              取消
            </Button>
            <Button
              type="primary"
              disabled={!preview || preview.refusedRows > 0 || preview.ready === 0}
              loading={run.isPending}
              onClick={() => run.mutate()}
              data-testid="ledger-import-run"
            >
              {preview ? `导入 ${preview.ready} 条` : "导入"}
            </Button>
          </Space>
        </Flex>
      }
    >
      <Flex gap={16} align="center" wrap style={{ marginBottom: 12 }}>
        <Button
          icon={<FileExcelOutlined />}
          onClick={() => pick.mutate()}
          loading={pick.isPending}
          data-testid="ledger-pick"
        >
          {preview ? "换一个文件" : "选择台账文件"}
        </Button>
        <Typography.Text type="secondary">支持 .xlsx、.xls 和 CSV（UTF-8 或 GBK）</Typography.Text>
        <span style={{ flex: 1 }} />
        <Radio.Group value={numbering} onChange={(e) => setNumberingAndPreview(e.target.value)}>
          <Radio value="keep">保留台账序号（RA-年份-序号）</Radio>
          <Radio value="new">重新编号</Radio>
        </Radio.Group>
      </Flex>
      {preview && (
        <>
          <Typography.Paragraph style={{ marginBottom: 8 }} data-testid="ledger-summary">
            {preview.fileName}（工作表 {preview.sheet}，表头在第 {preview.mapping.headerRow} 行）：可导入{" "}
            <b>{preview.ready}</b> 行，以前已导入 {preview.alreadyImported} 行，空行或说明行 {preview.skipped}{" "}
            行
            {preview.refusedRows > 0 && (
              <Typography.Text type="danger">，有误 {preview.refusedRows} 行</Typography.Text>
            )}
          </Typography.Paragraph>
          <Typography.Text strong>各列对应的项目（可更改）</Typography.Text>
          <Flex wrap gap={8} style={{ margin: "6px 0 12px" }}>
            {preview.mapping.columns
              .filter((c) => c.header !== "" || fields[c.letter])
              .map((c) => (
                <Flex key={c.letter} vertical gap={2} style={{ width: scaled(132) }}>
                  <Typography.Text type="secondary" ellipsis style={{ fontSize: scaled(12) }}>
                    {c.letter} {c.header}
                  </Typography.Text>
                  <Select
                    size="small"
                    value={fields[c.letter] ?? ""}
                    options={fieldOptions}
                    onChange={(v) => setField(c.letter, v === "" ? null : (v as LedgerColumn))}
                    disabled={busy}
                  />
                </Flex>
              ))}
          </Flex>
          {preview.refused.length > 0 && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              message={`有 ${preview.refusedRows} 行有误，请在台账中改正后重新选择文件，或更改上面的对应关系`}
              description={
                <Table<Refusal>
                  size="small"
                  rowKey={(r, i) => `${r.row}-${i}`}
                  pagination={preview.refused.length > 8 ? { pageSize: 8, size: "small" } : false}
                  dataSource={preview.refused}
                  columns={[
                    { title: "行", dataIndex: "row", width: 60 },
                    { title: "列", dataIndex: "column", width: 150, render: (c: string | null) => c ?? "" },
                    { title: "原因", dataIndex: "message" },
                  ]}
                  data-testid="ledger-refused"
                />
              }
            />
          )}
          <Typography.Text strong>前 {preview.first.length} 行将保存为</Typography.Text>
          <Table<PreviewRow>
            size="small"
            rowKey="row"
            pagination={false}
            scroll={{ y: 260 }}
            dataSource={preview.first}
            loading={again.isPending}
            data-testid="ledger-first"
            columns={[
              { title: "行", dataIndex: "row", width: 50 },
              { title: "编号", dataIndex: "number", width: 120, render: (n: string | null) => n ?? "新编号" },
              {
                title: "受理时间",
                dataIndex: "receivedAt",
                width: 140,
                render: (t: string) => formatDateTime(t),
              },
              { title: "标题", dataIndex: "title", ellipsis: true },
              { title: "姓名", dataIndex: "residentName", width: 80 },
              { title: "电话", dataIndex: "phoneMasked", width: 130 },
              { title: "地址", dataIndex: "address", width: 170, ellipsis: true },
              {
                title: "状态",
                dataIndex: "status",
                width: 70,
                render: (s: PreviewRow["status"]) => STATUS_LABELS[s],
              },
              {
                title: "办结时间",
                dataIndex: "resolvedAt",
                width: 140,
                render: (t: string | null) => (t ? formatDateTime(t) : ""),
              },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
