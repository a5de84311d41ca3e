import { ExportOutlined, ImportOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, List, Modal, Space, Typography } from "antd";
import { useState } from "react";
import { type AppState, commands, type SettingsSummary } from "../../bindings";
import { showImportErrors } from "../../lib/importErrors";
import { call, errorMessage } from "../../lib/ipc";

/** When a settings file was exported, in China time: 2026-12-03 16:00. */
export function exportedAt(s: SettingsSummary): string {
  return new Date(s.exportedAt).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false });
}

/** The file's origin and one line per setting: what it holds, or what importing it changes. */
export function SettingsLines({ summary, testId }: { summary: SettingsSummary; testId: string }) {
  return (
    <div data-testid={testId}>
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        来自 {summary.from}，导出于 {exportedAt(summary)}（{summary.fileName}）
      </Typography.Paragraph>
      <List
        size="small"
        bordered
        dataSource={summary.lines}
        renderItem={(line) => <List.Item>{line}</List.Item>}
        style={{ maxHeight: 360, overflowY: "auto" }}
      />
    </div>
  );
}

/**
 * 设置 → 设置文件: 导出设置文件 writes this station's settings (categories, time limits,
 * calendar, notice wording and fonts, errand types, parties, idle lock, retention) where
 * the 站长 chooses, for the next PC; 从另一台电脑导入设置 shows what the picked file would
 * change here before anything is saved. Files are chosen in dialogs run by Rust.
 */
export default function SettingsFileCard({ onStateChanged }: { onStateChanged: (next: AppState) => void }) {
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [preview, setPreview] = useState<SettingsSummary | null>(null);
  const [busy, setBusy] = useState<"export" | "pick" | "import" | null>(null);

  const save = async () => {
    setBusy("export");
    try {
      const path = await call(commands.saveSettingsFile());
      if (path) message.success(`已导出设置文件：${path}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const pick = async () => {
    setBusy("pick");
    try {
      const p = await call(commands.pickSettingsFile());
      if (p) setPreview(p);
    } catch (e) {
      showImportErrors(modal, "设置文件有误，未导入", "settings-file-errors", e);
    } finally {
      setBusy(null);
    }
  };

  const close = () => {
    setPreview(null);
    void commands.forgetSettings();
  };

  const apply = async () => {
    setBusy("import");
    try {
      const done = await call(commands.importSettings());
      setPreview(null);
      await queryClient.invalidateQueries();
      onStateChanged(await call(commands.appState()));
      modal.success({
        title: "已导入设置",
        width: 560,
        content: <SettingsLines summary={done} testId="settings-file-done" />,
      });
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const unchanged =
    preview !== null && preview.lines.length === 1 && preview.lines[0].startsWith("与本机现有设置相同");
  return (
    <Card title="设置文件" data-testid="settings-file">
      <Typography.Paragraph type="secondary">
        把本站的诉求分类、时限、节假日调整、通知措辞与字体、办理事项、相关方名录、自动锁定和保存期限存成一个文件，在另一台电脑上导入，就不必逐项重新设置。文件里没有居民的记录和账号；服务站代码、名称和电话也不会带过去。
      </Typography.Paragraph>
      <Space wrap>
        <Button
          icon={<ExportOutlined />}
          loading={busy === "export"}
          onClick={() => void save()}
          data-testid="settings-file-export"
        >
          导出设置文件
        </Button>
        <Button
          icon={<ImportOutlined />}
          loading={busy === "pick"}
          onClick={() => void pick()}
          data-testid="settings-file-import"
        >
          从另一台电脑导入设置
        </Button>
      </Space>
      <Modal
        open={preview !== null}
        title="从另一台电脑导入设置"
        okText={unchanged ? "知道了" : "确认导入"}
        cancelText="不导入"
        okButtonProps={{ ...{ "data-testid": "settings-file-ok" } }}
        cancelButtonProps={{ style: unchanged ? { display: "none" } : undefined }}
        confirmLoading={busy === "import"}
        onOk={() => (unchanged ? close() : void apply())}
        onCancel={close}
        width={600}
      >
        {preview && (
          <>
            {!unchanged && (
              <Typography.Paragraph>导入后本机的设置将改成文件里的，具体改动如下：</Typography.Paragraph>
            )}
            <SettingsLines summary={preview} testId="settings-file-preview" />
          </>
        )}
      </Modal>
    </Card>
  );
}
