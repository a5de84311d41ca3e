import { PlusOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Table,
  Tag,
  Typography,
} from "antd";
import { useEffect, useMemo, useState } from "react";
import { type CaseParty, commands, type Party } from "../../../bindings";
import ActionLink from "../../../lib/ActionLink";
import { scaled } from "../../../lib/display";
import { applyFieldErrors, call, errorMessage, IpcError } from "../../../lib/ipc";
import { keys, useParties } from "../../../lib/queries";
import { labelOf, PARTY_KIND_LABELS } from "../labels";

/** 相关方 on a case: the organisations and resident representatives involved. */
export default function PartiesSection({
  caseId,
  parties,
  onChanged,
  readOnly = false,
}: {
  caseId: number;
  parties: CaseParty[];
  onChanged: () => void;
  /** Listed only: no 添加, no 移除. */
  readOnly?: boolean;
}) {
  const { message } = App.useApp();
  const [adding, setAdding] = useState(false);
  const [busy, setBusy] = useState<number | null>(null);

  const unlink = async (p: CaseParty) => {
    setBusy(p.party.id);
    try {
      await call(commands.unlinkParty(caseId, p.party.id));
      message.success(`已移除相关方「${p.party.name}」`);
      onChanged();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <div data-testid="case-parties">
      {parties.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有相关方，如物业、开发商、居民代表" />
      ) : (
        <Table<CaseParty>
          size="small"
          rowKey={(p) => p.party.id}
          pagination={false}
          dataSource={parties}
          columns={[
            {
              title: "类别",
              width: 96,
              render: (_, p) => <Tag>{labelOf(PARTY_KIND_LABELS, p.party.kind)}</Tag>,
            },
            { title: "名称", render: (_, p) => <Typography.Text strong>{p.party.name}</Typography.Text> },
            { title: "在本件中", width: 120, render: (_, p) => p.role ?? "—" },
            { title: "联系人", width: 90, render: (_, p) => p.party.contactPerson ?? "—" },
            { title: "电话", width: 130, render: (_, p) => p.party.phone ?? "—" },
            ...(readOnly
              ? []
              : [
                  {
                    title: "",
                    width: 64,
                    render: (_: unknown, p: CaseParty) => (
                      <Popconfirm
                        title={`从本件移除「${p.party.name}」？`}
                        description="相关方名录里的记录保留"
                        okText="移除"
                        cancelText="不移除"
                        onConfirm={() => void unlink(p)}
                      >
                        <Button type="link" size="small" danger loading={busy === p.party.id}>
                          移除
                        </Button>
                      </Popconfirm>
                    ),
                  },
                ]),
          ]}
        />
      )}
      {!readOnly && (
        <Button
          icon={<PlusOutlined />}
          style={{ marginTop: 8 }}
          onClick={() => setAdding(true)}
          data-testid="party-add"
        >
          添加相关方
        </Button>
      )}
      {adding && (
        <AddPartyModal
          caseId={caseId}
          linked={parties.map((p) => p.party.id)}
          onClose={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            onChanged();
          }}
        />
      )}
    </div>
  );
}

type LinkValues = { partyId?: number; role?: string };

function AddPartyModal({
  caseId,
  linked,
  onClose,
  onDone,
}: {
  caseId: number;
  linked: number[];
  onClose: () => void;
  onDone: () => void;
}) {
  const [form] = Form.useForm<LinkValues>();
  const queryClient = useQueryClient();
  const directoryQuery = useParties();
  const directory = directoryQuery.data ?? null;
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);

  useEffect(() => {
    if (directoryQuery.error) setError(errorMessage(directoryQuery.error));
  }, [directoryQuery.error]);

  const options = useMemo(
    () =>
      (directory ?? [])
        .filter((p) => p.active && !linked.includes(p.id))
        .map((p) => ({
          value: p.id,
          label: `${labelOf(PARTY_KIND_LABELS, p.kind)} · ${p.name}${p.contactPerson ? `（${p.contactPerson}）` : ""}`,
        })),
    [directory, linked],
  );

  const submit = async (v: LinkValues) => {
    if (v.partyId === undefined) return;
    setSaving(true);
    setError(null);
    try {
      await call(commands.linkParty(caseId, v.partyId, v.role?.trim() || null));
      onDone();
    } catch (e) {
      const rest = applyFieldErrors(form, e, ["partyId", "role"]);
      if (!(e instanceof IpcError && e.code === "invalid_input") || rest.length > 0) {
        setError(rest.join("；") || errorMessage(e));
      }
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title="添加相关方"
      onCancel={onClose}
      width={600}
      footer={
        <>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="party-submit">
            添加
          </Button>
        </>
      }
    >
      <Form<LinkValues>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        style={{ marginTop: 12 }}
      >
        <Form.Item
          name="partyId"
          label="相关方"
          rules={[{ required: true, message: "请从名录中选择相关方" }]}
          extra={
            <span>
              名录里没有？
              <ActionLink onClick={() => setCreating(true)} data-testid="party-create-open">
                新建相关方
              </ActionLink>
            </span>
          }
        >
          <Select
            showSearch={{ optionFilterProp: "label" }}
            placeholder="选择或输入名称搜索，如 物业"
            loading={directory === null}
            options={options}
            notFoundContent="名录中没有，请点下方「新建相关方」"
            data-testid="party-select"
          />
        </Form.Item>
        <Form.Item name="role" label="在本件中的角色">
          <Input placeholder="如：负责整改、配合施工、居民代表" maxLength={30} data-testid="party-role" />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
      {creating && (
        <PartyEditModal
          party={null}
          onClose={() => setCreating(false)}
          onSaved={(p) => {
            setCreating(false);
            queryClient.setQueryData<Party[]>(keys.parties, (d) => [...(d ?? []), p]);
            void queryClient.invalidateQueries({ queryKey: keys.parties });
            form.setFieldValue("partyId", p.id);
          }}
        />
      )}
    </Modal>
  );
}

type PartyValues = {
  kind: Party["kind"];
  name: string;
  contactPerson?: string;
  phone?: string;
  note?: string;
};

/** Adds a party to the directory or edits one. */
export function PartyEditModal({
  party,
  onClose,
  onSaved,
}: {
  party: Party | null;
  onClose: () => void;
  onSaved: (p: Party) => void;
}) {
  const [form] = Form.useForm<PartyValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: PartyValues) => {
    setSaving(true);
    setError(null);
    try {
      const p = await call(
        commands.saveParty({
          id: party?.id ?? null,
          kind: v.kind,
          name: v.name ?? "",
          contactPerson: v.contactPerson?.trim() || null,
          phone: v.phone?.trim() || null,
          note: v.note?.trim() || null,
          active: party?.active ?? true,
        }),
      );
      onSaved(p);
    } catch (e) {
      const rest = applyFieldErrors(form, e, ["kind", "name", "contactPerson", "phone", "note"]);
      if (!(e instanceof IpcError && e.code === "invalid_input") || rest.length > 0) {
        setError(rest.join("；") || errorMessage(e));
      }
    } finally {
      setSaving(false);
    }
  };
  return (
    <Modal
      open
      title={party ? "修改相关方" : "新建相关方"}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText="保存"
      confirmLoading={saving}
      okButtonProps={{ htmlType: "button" }}
      destroyOnHidden
    >
      <Form<PartyValues>
        form={form}
        layout="vertical"
        initialValues={
          party
            ? {
                kind: party.kind,
                name: party.name,
                contactPerson: party.contactPerson ?? undefined,
                phone: party.phone ?? undefined,
                note: party.note ?? undefined,
              }
            : { kind: "property" }
        }
        onFinish={(v) => void submit(v)}
        style={{ marginTop: 12 }}
      >
        <Form.Item name="kind" label="类别" rules={[{ required: true, message: "请选择类别" }]}>
          <Select
            options={Object.entries(PARTY_KIND_LABELS).map(([value, label]) => ({ value, label }))}
            style={{ width: scaled(200) }}
            data-testid="party-edit-kind"
          />
        </Form.Item>
        <Form.Item
          name="name"
          label="名称"
          rules={[{ required: true, whitespace: true, message: "请填写单位或代表的名称" }]}
        >
          <Input placeholder="如：润都荣园物业服务中心" maxLength={50} data-testid="party-edit-name" />
        </Form.Item>
        <div style={{ display: "flex", gap: 12 }}>
          <Form.Item name="contactPerson" label="联系人" style={{ flex: 1 }}>
            <Input placeholder="如：李强（物业经理）" maxLength={30} data-testid="party-edit-contact" />
          </Form.Item>
          <Form.Item name="phone" label="联系电话" style={{ flex: 1 }}>
            <Input placeholder="手机或带区号的座机" data-testid="party-edit-phone" />
          </Form.Item>
        </div>
        <Form.Item name="note" label="备注">
          <Input maxLength={200} />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}
