import { ImportOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { App, Button, List, Modal, Typography } from "antd";
import { useState } from "react";
import { commands, type HolidayPreview } from "../../bindings";
import { showImportErrors } from "../../lib/importErrors";
import { call, errorMessage } from "../../lib/ipc";
import { invalidateCases, keys } from "../../lib/queries";
import { holidayRanges, rangeLabel } from "./holidayRanges";

/**
 * 导入节假日安排: the file is chosen in the system's dialog by Rust (no path travels through
 * the window); its days are shown as the notice's lines before anything is saved.
 */
export default function HolidayImport({ onImported }: { onImported: (year: number) => void }) {
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [preview, setPreview] = useState<HolidayPreview | null>(null);
  const [busy, setBusy] = useState(false);

  const pick = async () => {
    setBusy(true);
    try {
      const p = await call(commands.pickHolidayFile());
      if (p) setPreview(p);
    } catch (e) {
      showImportErrors(modal, "节假日安排文件有误，未导入", "holiday-import-errors", e);
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    if (!preview) return;
    setBusy(true);
    try {
      const years = await call(commands.importHolidays());
      message.success(`已导入 ${years.map((y) => y.year).join("、")} 年节假日安排`);
      setPreview(null);
      await queryClient.invalidateQueries({ queryKey: ["listCalendarDays"] });
      await queryClient.invalidateQueries({ queryKey: keys.holidayCoverage });
      void invalidateCases(queryClient);
      const first = years[0];
      if (first) onImported(first.year);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Button
        size="small"
        icon={<ImportOutlined />}
        loading={busy && !preview}
        onClick={() => void pick()}
        data-testid="holiday-import"
      >
        导入节假日安排
      </Button>
      <Modal
        open={preview !== null}
        title={`导入节假日安排：${preview?.fileName ?? ""}`}
        okText="确认导入"
        cancelText="不导入"
        confirmLoading={busy}
        onOk={() => void save()}
        onCancel={() => setPreview(null)}
        width={560}
        data-testid="holiday-import-preview"
      >
        <Typography.Paragraph type="secondary">
          请与国务院办公厅的通知逐条核对。导入某一年会整体替换该年原有的安排；本站自己设置的日子不受影响。
        </Typography.Paragraph>
        {preview?.years.map((y) => (
          <List
            key={y.year}
            size="small"
            header={
              <Typography.Text strong>
                {y.year} 年{preview.replaces.includes(y.year) ? "（替换现有安排）" : ""}
              </Typography.Text>
            }
            dataSource={holidayRanges(y.days)}
            renderItem={(r) => <List.Item>{rangeLabel(r)}</List.Item>}
            style={{ marginBottom: 12 }}
          />
        ))}
      </Modal>
    </>
  );
}
