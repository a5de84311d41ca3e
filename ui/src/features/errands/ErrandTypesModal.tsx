import { PlusOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Flex,
  Input,
  Modal,
  Switch,
  Table,
  type TableColumnsType,
  Typography,
} from "antd";
import { useState } from "react";
import { commands, type ErrandType } from "../../bindings";
import { call, errorMessage } from "../../lib/ipc";

type Props = {
  types: ErrandType[];
  onClose: () => void;
  /** A type was added, renamed, taken out of or back into the list. */
  onChanged: () => void;
};

/** 管理办理事项: add a type, rename one, or take it out of the form's buttons. */
export default function ErrandTypesModal({ types, onClose, onChanged }: Props) {
  const { message } = App.useApp();
  const [names, setNames] = useState<Record<number, string>>({});
  const [newName, setNewName] = useState("");
  const [busy, setBusy] = useState<number | "new" | null>(null);
  const [error, setError] = useState<string | null>(null);

  const save = async (t: ErrandType, name: string, active: boolean) => {
    setBusy(t.id);
    setError(null);
    try {
      const saved = await call(commands.updateErrandType(t.id, name, active));
      setNames(({ [t.id]: _, ...rest }) => rest);
      message.success(
        saved.active !== t.active
          ? `「${saved.name}」已${saved.active ? "启用" : "停用"}`
          : `已改名为「${saved.name}」`,
      );
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const add = async () => {
    setBusy("new");
    setError(null);
    try {
      const t = await call(commands.addErrandType(newName));
      setNewName("");
      message.success(`已添加「${t.name}」`);
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const sorted = [...types].sort((a, b) => a.sortOrder - b.sortOrder);
  const columns: TableColumnsType<ErrandType> = [
    {
      title: "事项名称",
      render: (_, t) => {
        const edited = names[t.id];
        return (
          <Flex gap={8}>
            <Input
              value={edited ?? t.name}
              maxLength={20}
              onChange={(e) => setNames((n) => ({ ...n, [t.id]: e.target.value }))}
              onPressEnter={() => edited !== undefined && void save(t, edited, t.active)}
              style={{ color: t.active ? undefined : "#8c8c8c" }}
              data-testid={`errand-type-name-${t.id}`}
            />
            {edited !== undefined && edited !== t.name && (
              <Button type="primary" loading={busy === t.id} onClick={() => void save(t, edited, t.active)}>
                改名
              </Button>
            )}
          </Flex>
        );
      },
    },
    {
      title: "启用",
      width: 80,
      align: "center",
      render: (_, t) => (
        <Switch
          size="small"
          checked={t.active}
          loading={busy === t.id}
          onChange={(on) => void save(t, t.name, on)}
          data-testid={`errand-type-active-${t.id}`}
        />
      ),
    },
  ];

  return (
    <Modal open title="管理办理事项" onCancel={onClose} footer={null} width={560} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        前 9 个启用的事项在登记时可按数字键 1–9
        直接选择，顺序即此处顺序。停用的事项不再出现在登记表里，已登记的记录保留。
      </Typography.Paragraph>
      <Table<ErrandType>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={sorted}
        pagination={false}
        scroll={{ y: 360 }}
      />
      <Flex gap={8} style={{ marginTop: 12 }}>
        <Input
          value={newName}
          onChange={(e) => setNewName(e.target.value)}
          onPressEnter={() => void add()}
          placeholder="新事项，如：高龄补贴申请"
          maxLength={20}
          data-testid="errand-type-new"
        />
        <Button
          icon={<PlusOutlined />}
          loading={busy === "new"}
          onClick={() => void add()}
          data-testid="errand-type-add"
        >
          添加
        </Button>
      </Flex>
      {error && (
        <Alert
          type="error"
          showIcon
          title={error}
          style={{ marginTop: 12 }}
          data-testid="errand-type-error"
        />
      )}
    </Modal>
  );
}
