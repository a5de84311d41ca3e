import { PlusOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Space, Switch, Table, type TableColumnsType, Tag, Typography } from "antd";
import { useEffect, useState } from "react";
import { commands, type Party } from "../../bindings";
import { scaled } from "../../lib/display";
import { call, errorMessage } from "../../lib/ipc";
import { useParties } from "../../lib/queries";
import { MUTED } from "../../lib/theme";
import { PartyEditModal } from "../cases/detail/PartiesSection";
import { labelOf, PARTY_KIND_LABELS } from "../cases/labels";
import PartyImport from "./PartyImport";

/** 相关方名录: property companies, developers, hospitals, street office, resident representatives. */
export default function PartiesCard() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const query = useParties();
  const parties = query.data ?? [];
  const loading = query.isPending;
  useEffect(() => {
    if (query.error) message.error(errorMessage(query.error));
  }, [query.error, message]);
  /** The directory changed: it and what shows parties (cases, meetings) read again. */
  const load = () =>
    queryClient.invalidateQueries({
      predicate: (q) => ["listParties", "getCase", "getMeeting"].includes(String(q.queryKey[0])),
    });
  const [editing, setEditing] = useState<Party | "new" | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  const setActive = async (p: Party, active: boolean) => {
    setBusy(p.id);
    try {
      await call(commands.saveParty({ ...p, active }));
      await load();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<Party> = [
    { title: "类别", width: 100, render: (_, p) => <Tag>{labelOf(PARTY_KIND_LABELS, p.kind)}</Tag> },
    {
      title: "名称",
      render: (_, p) => (
        <span style={p.active ? undefined : MUTED}>
          {p.name}
          {p.note && (
            <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: scaled(13) }}>
              {p.note}
            </Typography.Text>
          )}
        </span>
      ),
    },
    { title: "联系人", width: 110, render: (_, p) => p.contactPerson ?? "—" },
    { title: "电话", width: 140, render: (_, p) => p.phone ?? "—" },
    {
      title: "启用",
      width: 90,
      align: "center",
      render: (_, p) => (
        <Switch
          size="small"
          checked={p.active}
          loading={busy === p.id}
          onChange={(on) => void setActive(p, on)}
        />
      ),
    },
    {
      title: "操作",
      width: 70,
      render: (_, p) => (
        <Button type="link" size="small" onClick={() => setEditing(p)}>
          修改
        </Button>
      ),
    },
  ];

  return (
    <Card
      title="相关方名录"
      data-testid="settings-parties"
      extra={
        <Space>
          <PartyImport onImported={() => void load()} />
          <Button icon={<PlusOutlined />} onClick={() => setEditing("new")} data-testid="settings-party-new">
            新建相关方
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">
        {"常打交道的单位和居民代表：物业、开发商、医院、街道、供水供电等。诉求和恳谈会从这里选择相关方。"}
        {"停用后不再出现在选择列表里，已关联的记录保留。"}
      </Typography.Paragraph>
      <Table<Party>
        size="small"
        rowKey="id"
        columns={columns}
        dataSource={parties}
        loading={loading}
        pagination={false}
        locale={{ emptyText: "名录还是空的，点右上角「新建相关方」添加，或「从表格导入」现有的名录" }}
      />
      {editing && (
        <PartyEditModal
          party={editing === "new" ? null : editing}
          onClose={() => setEditing(null)}
          onSaved={(p) => {
            setEditing(null);
            message.success(`已保存「${p.name}」`);
            void load();
          }}
        />
      )}
    </Card>
  );
}
