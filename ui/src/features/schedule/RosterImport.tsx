import { ImportOutlined } from "@ant-design/icons";
import { App, Button, List, Modal, Typography } from "antd";
import { useState } from "react";
import { commands, type RosterImport as Preview } from "../../bindings";
import { showImportErrors } from "../../lib/importErrors";
import { call, errorMessage } from "../../lib/ipc";

/**
 * 从表格导入报名: the roster a building leader or a WeChat group collected is chosen in the
 * system's dialog by Rust (no path travels through the window); who it would sign up — and
 * who would wait once the seats are gone — is shown before anything is saved, and a roster
 * with a wrong row shows every reason and signs up nobody.
 */
export default function RosterImport({
  eventId,
  occurrenceStart,
  onImported,
}: {
  eventId: number;
  occurrenceStart: string;
  onImported: () => void;
}) {
  const { message, modal } = App.useApp();
  const [preview, setPreview] = useState<Preview | null>(null);
  const [busy, setBusy] = useState(false);

  const pick = async () => {
    setBusy(true);
    try {
      const p = await call(commands.pickRosterFile(eventId, occurrenceStart));
      if (p) setPreview(p);
    } catch (e) {
      showImportErrors(modal, "报名名单有误，未导入", "roster-import-errors", e);
    } finally {
      setBusy(false);
    }
  };

  const save = async () => {
    setBusy(true);
    try {
      const done = await call(commands.importRoster(eventId, occurrenceStart));
      message.success(
        done.waitlisted > 0
          ? `已报名 ${done.added.length} 人，其中 ${done.waitlisted} 人候补`
          : `已报名 ${done.added.length} 人`,
      );
      setPreview(null);
      onImported();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const nothingNew = preview !== null && preview.added.length === 0;
  const confirmed = preview ? preview.added.length - preview.waitlisted : 0;
  return (
    <>
      <Button
        icon={<ImportOutlined />}
        loading={busy && !preview}
        onClick={() => void pick()}
        data-testid="roster-import"
      >
        从表格导入报名
      </Button>
      <Modal
        open={preview !== null}
        title={`从表格导入报名　${preview?.title ?? ""}`}
        okText={nothingNew ? "知道了" : `报名 ${preview?.added.length ?? 0} 人`}
        okButtonProps={{ ...{ "data-testid": "roster-import-ok" } }}
        cancelText="不导入"
        cancelButtonProps={{ style: nothingNew ? { display: "none" } : undefined }}
        confirmLoading={busy}
        onOk={() => (nothingNew ? setPreview(null) : void save())}
        onCancel={() => setPreview(null)}
        width={560}
      >
        <Typography.Paragraph type="secondary" data-testid="roster-import-preview">
          {nothingNew
            ? "名单上的人都已报过名，没有要添加的。"
            : preview && preview.waitlisted > 0
              ? `以下居民将报名：前 ${confirmed} 人占用剩余名额，后 ${preview.waitlisted} 人名额已满、排入候补。`
              : "以下居民将报名。"}
          {preview && preview.already > 0 ? `（已报过名而略过 ${preview.already} 行）` : ""}
        </Typography.Paragraph>
        {!nothingNew && (
          <List
            size="small"
            bordered
            dataSource={preview?.added ?? []}
            renderItem={(name, i) => (
              <List.Item>
                {name}
                {i >= confirmed && <Typography.Text type="warning">（候补）</Typography.Text>}
              </List.Item>
            )}
            style={{ maxHeight: 360, overflowY: "auto" }}
          />
        )}
      </Modal>
    </>
  );
}
