import { ImportOutlined } from "@ant-design/icons";
import { App, Button, List, Modal, Typography } from "antd";
import { useState } from "react";
import { commands, type PartyImport as Preview } from "../../bindings";
import { showImportErrors } from "../../lib/importErrors";
import { call, errorMessage } from "../../lib/ipc";

/**
 * 相关方名录 → 从表格导入: the sheet is chosen in the system's dialog by Rust (no path
 * travels through the window); the parties it would add are shown before anything is saved,
 * and a sheet with a wrong row shows every reason and saves nothing.
 */
export default function PartyImport({ onImported }: { onImported: () => void }) {
  const { message, modal } = App.useApp();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);

  const pick = async () => {
    setBusy(true);
    try {
      const p = await call(commands.pickPartyFile());
      if (p) setPreview(p);
    } catch (e) {
      showImportErrors(modal, "相关方名录有误，未导入", "party-import-errors", e);
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    setBusy(true);
    try {
      const done = await call(commands.importParties());
      message.success(`已添加 ${done.added.length} 个相关方`);
      setPreview(null);
      onImported();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const nothingNew = preview !== null && preview.added.length === 0;
  return (
    <>
      <Button
        icon={<ImportOutlined />}
        loading={busy && !preview}
        onClick={() => void pick()}
        data-testid="party-import"
      >
        从表格导入
      </Button>
      <Modal
        open={preview !== null}
        title="从表格导入相关方"
        okText={nothingNew ? "知道了" : `添加 ${preview?.added.length ?? 0} 个`}
        cancelText="不导入"
        cancelButtonProps={{ style: nothingNew ? { display: "none" } : undefined }}
        confirmLoading={busy}
        onOk={() => (nothingNew ? setPreview(null) : void save())}
        onCancel={() => setPreview(null)}
        width={560}
        data-testid="party-import-preview"
      >
        <Typography.Paragraph type="secondary">
          {nothingNew
            ? "表中的相关方名录里都已有，没有要添加的。"
            : "以下相关方将添加到名录；名录里已有的名称不会重复添加。"}
          {preview && preview.already > 0 ? `（已有而略过 ${preview.already} 行）` : ""}
        </Typography.Paragraph>
        {!nothingNew && (
          <List
            size="small"
            bordered
            dataSource={preview?.added ?? []}
            renderItem={(name) => <List.Item>{name}</List.Item>}
            style={{ maxHeight: 360, overflowY: "auto" }}
          />
        )}
      </Modal>
    </>
  );
}
