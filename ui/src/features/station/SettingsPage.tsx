import { PlusOutlined } from "@ant-design/icons";
import {
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Space,
  Switch,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { type Action, type AppState, type Category, commands } from "../../bindings";
import { scaled } from "../../lib/display";
import { applyFieldErrors, call, errorMessage, IpcError } from "../../lib/ipc";
import AccountsCard, { IdleLockSetting, OwnPasswordCard } from "../settings/AccountsCard";
import BackupCard from "../settings/BackupCard";
import CalendarCard from "../settings/CalendarCard";
import DatabaseCard from "../settings/DatabaseCard";
import DisplayCard from "../settings/DisplayCard";
import NoticeFontsCard from "../settings/NoticeFontsCard";
import NoticeTemplates from "../settings/NoticeTemplates";
import PartiesCard from "../settings/PartiesCard";
import PrivacyCard from "../settings/PrivacyCard";
import SettingsFileCard from "../settings/SettingsFileCard";
import StationCard from "../settings/StationCard";
import TimeLimitsCard from "../settings/TimeLimitsCard";
import UpdatesCard from "../settings/UpdatesCard";

type Props = {
  state: AppState;
  categories: Category[];
  onCategoriesChanged: () => void;
  onStateChanged: (next: AppState) => void;
};

/** 设置: this computer's display, categories, time limits, holidays, the parties directory, notices, and the station itself. */
export default function SettingsPage({ state, categories, onCategoriesChanged, onStateChanged }: Props) {
  // Each part only for a role the core's table allows it (修改密码 and 显示 are everyone's).
  const can = (a: Action) => state.allowed.includes(a);
  const settings = can("settings");
  return (
    <div>
      <Typography.Title level={4} style={{ margin: "0 0 12px" }}>
        设置
      </Typography.Title>
      <Flex vertical gap={16} style={{ maxWidth: 960 }}>
        <DisplayCard />
        <OwnPasswordCard />
        {can("accounts") && <AccountsCard me={state.currentStaff?.id ?? null} />}
        {settings && (
          <>
            <IdleLockSetting state={state} onStateChanged={onStateChanged} />
            <CategoriesCard categories={categories} onChanged={onCategoriesChanged} />
            <TimeLimitsCard categories={categories} />
            <CalendarCard />
            <PartiesCard />
            <NoticeTemplates />
            <NoticeFontsCard />
            <SettingsFileCard onStateChanged={onStateChanged} />
            <Card title="服务站与数据">
              <StationCard state={state} onStateChanged={onStateChanged} />
            </Card>
            <Card title="数据库">
              <DatabaseCard state={state} onStateChanged={onStateChanged} />
            </Card>
            <UpdatesCard />
          </>
        )}
        {can("backup") && (
          <Card title="备份与恢复">
            <BackupCard onStateChanged={onStateChanged} />
          </Card>
        )}
        {can("personal_data") && (
          <Card title="个人信息保护">
            <PrivacyCard />
          </Card>
        )}
      </Flex>
    </div>
  );
}

function CategoriesCard({ categories, onChanged }: { categories: Category[]; onChanged: () => void }) {
  const { message } = App.useApp();
  const [addForm] = Form.useForm<{ name: string }>();
  const [adding, setAdding] = useState(false);
  const [editingId, setEditingId] = useState<number | null>(null);
  const [editName, setEditName] = useState("");
  const [editError, setEditError] = useState<string | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);

  const add = async ({ name }: { name: string }) => {
    setAdding(true);
    try {
      const c = await call(commands.addCategory(name.trim()));
      message.success(`已添加分类「${c.name}」`);
      addForm.resetFields();
      onChanged();
    } catch (e) {
      const rest = applyFieldErrors(addForm, e, ["name"]);
      if (!(e instanceof IpcError && e.code === "invalid_input") || rest.length > 0) {
        message.error(rest.join("；") || errorMessage(e));
      }
    } finally {
      setAdding(false);
    }
  };

  const update = async (c: Category, name: string, active: boolean): Promise<boolean> => {
    setBusyId(c.id);
    try {
      await call(commands.updateCategory(c.id, name, active));
      onChanged();
      return true;
    } catch (e) {
      const msg = errorMessage(e);
      if (editingId === c.id) setEditError(msg);
      else message.error(msg);
      return false;
    } finally {
      setBusyId(null);
    }
  };

  const startEdit = (c: Category) => {
    setEditingId(c.id);
    setEditName(c.name);
    setEditError(null);
  };

  const saveEdit = async (c: Category) => {
    const name = editName.trim();
    if (name === "") {
      setEditError("请填写分类名称");
      return;
    }
    if (name === c.name || (await update(c, name, c.active))) {
      setEditingId(null);
      if (name !== c.name) message.success(`已改名为「${name}」`);
    }
  };

  const columns: TableColumnsType<Category> = [
    { title: "序号", dataIndex: "sortOrder", width: 72, align: "center" },
    {
      title: "分类名称",
      dataIndex: "name",
      render: (name: string, c) =>
        editingId === c.id ? (
          <div>
            <Space.Compact>
              <Input
                value={editName}
                autoFocus
                maxLength={12}
                status={editError ? "error" : undefined}
                onChange={(e) => {
                  setEditName(e.target.value);
                  setEditError(null);
                }}
                onPressEnter={() => void saveEdit(c)}
                onKeyDown={(e) => {
                  if (e.key === "Escape") setEditingId(null);
                }}
                style={{ width: scaled(220) }}
                data-testid={`category-name-input-${c.id}`}
              />
              <Button type="primary" loading={busyId === c.id} onClick={() => void saveEdit(c)}>
                保存
              </Button>
              <Button onClick={() => setEditingId(null)}>取消</Button>
            </Space.Compact>
            {editError && (
              <div className="ant-form-item-explain-error" style={{ color: "#ff4d4f", marginTop: 4 }}>
                {editError}
              </div>
            )}
          </div>
        ) : (
          <Space>
            <span style={{ color: c.active ? undefined : "#8c8c8c" }}>{name}</span>
            {!c.active && <Tag>已停用</Tag>}
          </Space>
        ),
    },
    {
      title: "启用",
      dataIndex: "active",
      width: 110,
      align: "center",
      render: (active: boolean, c) => (
        <Switch
          checked={active}
          checkedChildren="启用"
          unCheckedChildren="停用"
          loading={busyId === c.id && editingId !== c.id}
          onChange={(on) => void update(c, c.name, on)}
          data-testid={`category-active-${c.id}`}
        />
      ),
    },
    {
      title: "操作",
      width: 100,
      align: "center",
      render: (_: unknown, c) =>
        editingId === c.id ? null : (
          <Button type="link" onClick={() => startEdit(c)} data-testid={`category-rename-${c.id}`}>
            改名
          </Button>
        ),
    },
  ];

  return (
    <Card title="诉求分类">
      <Typography.Paragraph type="secondary">
        登记诉求时从这里选择分类。停用的分类不再出现在登记表里，已登记的诉求保留原分类。
      </Typography.Paragraph>
      <Table<Category>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={[...categories].sort((a, b) => a.sortOrder - b.sortOrder)}
        pagination={false}
        locale={{ emptyText: "还没有分类" }}
      />
      <Form form={addForm} layout="inline" onFinish={(v) => void add(v)} style={{ marginTop: 16 }}>
        <Form.Item name="name" rules={[{ required: true, whitespace: true, message: "请填写分类名称" }]}>
          <Input
            placeholder="新分类名称，如 老旧小区改造"
            style={{ width: scaled(280) }}
            data-testid="category-new-name"
          />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" icon={<PlusOutlined />} loading={adding} data-testid="category-add">
            添加分类
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
