import { PlusOutlined } from "@ant-design/icons";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Modal,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { type AppState, commands, type NewAccount, type Role, type Staff } from "../../bindings";
import { applyFieldErrors, call, errorMessage } from "../../lib/ipc";
import { ROLE_LABELS, ROLES } from "../../vocabulary";
import PasswordFields from "../station/PasswordFields";

const ACCOUNTS = ["accounts"] as const;

/** The roles a station's account may have (街道 is the district server's own login). */
const STATION_ROLES: readonly Role[] = ROLES.filter((r) => r !== "district");

type AddValues = { name: string; login?: string; role: Role; password: string; password2: string };

/**
 * 设置 → 账号 (the 站长's): every account with its login, role and whether it can log in;
 * 添加账号 with an initial password, 重设密码, 停用 / 启用. The core checks every step.
 */
export default function AccountsCard({ me }: { me: number | null }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const accounts = useQuery({ queryKey: ACCOUNTS, queryFn: () => call(commands.listAccounts()) });
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<Staff | null>(null);
  const changed = () => {
    void queryClient.invalidateQueries({ queryKey: ACCOUNTS });
    void queryClient.invalidateQueries({ queryKey: ["appState"] });
  };
  const disable = useMutation({
    mutationFn: (s: Staff) => call(commands.setAccountDisabled(s.id, !s.disabled)),
    onSuccess: (s) => {
      message.success(s.disabled ? `已停用${s.name}的账号` : `已启用${s.name}的账号`);
      changed();
    },
    onError: (e) => message.error(errorMessage(e)),
  });

  const columns: TableColumnsType<Staff> = [
    { title: "姓名", dataIndex: "name" },
    { title: "登录名", dataIndex: "login", render: (l: string | null) => l ?? "—" },
    { title: "角色", dataIndex: "role", width: 110, render: (r: Role) => ROLE_LABELS[r] },
    {
      title: "状态",
      width: 110,
      render: (_, s) =>
        s.disabled ? (
          <Tag>已停用</Tag>
        ) : s.hasPassword ? (
          <Tag color="green">可登录</Tag>
        ) : (
          <Tag color="orange">未设密码</Tag>
        ),
    },
    {
      title: "操作",
      width: 190,
      render: (_, s) => (
        <Space size={0}>
          <Button
            type="link"
            onClick={() => setResetting(s)}
            data-testid={`account-reset-${s.login ?? s.id}`}
          >
            重设密码
          </Button>
          {s.id !== me && (
            <Popconfirm
              title={
                s.disabled ? `启用${s.name}的账号？` : `停用${s.name}的账号？停用后不能登录，过去的记录保留。`
              }
              okText={s.disabled ? "启用" : "停用"}
              cancelText="取消"
              onConfirm={() => disable.mutate(s)}
            >
              <Button type="link" danger={!s.disabled} data-testid={`account-disable-${s.login ?? s.id}`}>
                {s.disabled ? "启用" : "停用"}
              </Button>
            </Popconfirm>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title="账号"
      extra={
        <Button icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="account-add">
          添加账号
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">
        每个人用自己的账号登录，角色决定能做什么：站长管理一切；工作人员办理诉求和日程；志愿者只做办事登记和活动签到；只读账号只能查看。
      </Typography.Paragraph>
      {accounts.error && <Alert type="error" showIcon title={errorMessage(accounts.error)} />}
      <Table<Staff>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={accounts.data ?? []}
        loading={accounts.isFetching}
        pagination={false}
        data-testid="accounts-table"
      />
      <AddAccount open={adding} onClose={() => setAdding(false)} onAdded={changed} />
      <ResetPassword who={resetting} onClose={() => setResetting(null)} />
    </Card>
  );
}

function AddAccount({ open, onClose, onAdded }: { open: boolean; onClose: () => void; onAdded: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<AddValues>();
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (v: AddValues) => {
      const input: NewAccount = {
        name: v.name.trim(),
        login: v.login?.trim() || null,
        role: v.role,
        password: v.password,
      };
      return call(commands.createAccount(input));
    },
    onMutate: () => setError(null),
    onSuccess: (s) => {
      message.success(`已添加账号：${s.name}（${ROLE_LABELS[s.role]}）`);
      form.resetFields();
      onAdded();
      onClose();
    },
    onError: (e) => {
      const rest = applyFieldErrors(form, e, ["name", "login", "password"]);
      const placed = rest.length === 0 && form.getFieldsError().some((f) => f.errors.length > 0);
      setError(placed ? null : rest.join("；") || errorMessage(e));
    },
  });
  return (
    <Modal
      open={open}
      title="添加账号"
      okText="添加"
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={add.isPending}
      okButtonProps={{ ...{ "data-testid": "account-add-submit" } }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v)} initialValues={{ role: "staff" }}>
        <Form.Item
          name="name"
          label="姓名"
          rules={[{ required: true, whitespace: true, message: "请填写姓名" }]}
        >
          <Input autoComplete="off" maxLength={24} data-testid="account-name" />
        </Form.Item>
        <Form.Item name="login" label="登录名" extra="不填则与姓名相同">
          <Input autoComplete="off" maxLength={32} data-testid="account-login" />
        </Form.Item>
        <Form.Item name="role" label="角色">
          <Select
            options={STATION_ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
            data-testid="account-role"
          />
        </Form.Item>
        <PasswordFields testid="account" label="初始密码" />
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}

function ResetPassword({ who, onClose }: { who: Staff | null; onClose: () => void }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string; password2: string }>();
  const [error, setError] = useState<string | null>(null);
  const reset = useMutation({
    mutationFn: ({ id, password }: { id: number; password: string }) =>
      call(commands.resetPassword(id, password)),
    onMutate: () => setError(null),
    onSuccess: () => {
      message.success(`已重设${who?.name ?? ""}的密码`);
      form.resetFields();
      onClose();
    },
    onError: (e) => {
      const rest = applyFieldErrors(form, e, ["password"]);
      const placed = rest.length === 0 && form.getFieldError("password").length > 0;
      setError(placed ? null : rest.join("；") || errorMessage(e));
    },
  });
  return (
    <Modal
      open={who !== null}
      title={`重设${who?.name ?? ""}的密码`}
      okText="重设"
      cancelText="取消"
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={reset.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => who && reset.mutate({ id: who.id, password: v.password })}
      >
        <PasswordFields testid="reset" label="新密码" />
        {error && <Alert type="error" showIcon title={error} />}
      </Form>
    </Modal>
  );
}

/** 修改密码: anyone's own, giving the current one first. */
export function OwnPasswordCard() {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ current: string; password: string; password2: string }>();
  const [error, setError] = useState<string | null>(null);
  const change = useMutation({
    mutationFn: (v: { current: string; password: string }) =>
      call(commands.changeOwnPassword(v.current, v.password)),
    onMutate: () => setError(null),
    onSuccess: () => {
      message.success("密码已修改，下次登录请用新密码");
      form.resetFields();
    },
    onError: (e) => {
      const rest = applyFieldErrors(form, e, ["current", "password"]);
      const placed = rest.length === 0 && form.getFieldsError().some((f) => f.errors.length > 0);
      setError(placed ? null : rest.join("；") || errorMessage(e));
    },
  });
  return (
    <Card title="修改密码">
      <Form
        form={form}
        layout="vertical"
        style={{ maxWidth: 360 }}
        onFinish={(v) => change.mutate(v)}
        requiredMark={false}
      >
        <Form.Item name="current" label="当前密码" rules={[{ required: true, message: "请填写当前密码" }]}>
          <Input.Password autoComplete="current-password" maxLength={128} data-testid="own-current" />
        </Form.Item>
        <PasswordFields testid="own" label="新密码" />
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Button htmlType="submit" loading={change.isPending} data-testid="own-submit">
          修改密码
        </Button>
      </Form>
    </Card>
  );
}

/** 自动锁定: the station's minutes without a key press or mouse move before the window locks. */
export function IdleLockSetting({
  state,
  onStateChanged,
}: {
  state: AppState;
  onStateChanged: (next: AppState) => void;
}) {
  const { message } = App.useApp();
  const [minutes, setMinutes] = useState<number | null>(state.station?.idleLockMinutes ?? null);
  const save = useMutation({
    mutationFn: (m: number) => call(commands.saveIdleLock(m)),
    onSuccess: (next) => {
      onStateChanged(next);
      const m = next.station?.idleLockMinutes ?? 0;
      message.success(m === 0 ? "已设为不自动锁定" : `已设为 ${m} 分钟无操作后自动锁定`);
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Card title="自动锁定">
      <Typography.Paragraph type="secondary">
        电脑一段时间没人操作，工作台自动锁定，需当班人输入密码解锁（页面上填写的内容保留）。填 0
        表示不自动锁定。
      </Typography.Paragraph>
      <Space>
        <InputNumber
          min={0}
          max={240}
          precision={0}
          value={minutes}
          onChange={(v) => setMinutes(v)}
          suffix="分钟"
          data-testid="idle-lock-minutes"
        />
        <Button
          onClick={() => minutes !== null && save.mutate(minutes)}
          loading={save.isPending}
          data-testid="idle-lock-save"
        >
          保存
        </Button>
      </Space>
    </Card>
  );
}
