import { ImportOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { Alert, App, Button, Card, Flex, Form, Input, Radio, Space, Typography } from "antd";
import { useState } from "react";
import { type AppState, commands, type SettingsSummary } from "../../bindings";
import { scaled } from "../../lib/display";
import { showImportErrors } from "../../lib/importErrors";
import { applyFieldErrors, call, errorMessage } from "../../lib/ipc";
import ServerForm, { useServerForm } from "../settings/ServerForm";
import { SettingsLines } from "../settings/SettingsFileCard";
import PasswordFields from "./PasswordFields";

type Values = {
  code: string;
  name: string;
  staffName: string;
  login?: string;
  password: string;
  password2: string;
};

type Mode = "local" | "server";

/**
 * First run: where the records are kept — this PC's own file (the default: the station's
 * code and name, and who is setting it up) or the district's server, where the district
 * administrator has already added the station (`station add`); connecting there goes on to
 * the station's desk.
 */
export default function SetupPage({ onDone }: { onDone: (state: AppState) => void }) {
  const [mode, setMode] = useState<Mode>("local");
  return (
    <div className="sd-center-page">
      <Card style={{ width: scaled(560) }} title={<span style={{ fontSize: scaled(20) }}>首次设置</span>}>
        <Typography.Paragraph type="secondary">
          欢迎使用社区服务站工作台。请先选择记录保存在哪里：
        </Typography.Paragraph>
        <Radio.Group
          value={mode}
          onChange={(e) => setMode(e.target.value as Mode)}
          style={{ marginBottom: 16 }}
          data-testid="setup-mode"
        >
          <Space direction="vertical">
            <Radio value="local">只在本机使用（默认）</Radio>
            <Radio value="server">连接街道服务器（街道管理员已为本站开通登录名）</Radio>
          </Space>
        </Radio.Group>
        {mode === "local" ? <LocalSetup onDone={onDone} /> : <ServerSetup onDone={onDone} />}
      </Card>
    </div>
  );
}

/** 连接街道服务器: the server's address and the station's login; 测试连接, then 连接. */
function ServerSetup({ onDone }: { onDone: (state: AppState) => void }) {
  const server = useServerForm();
  const connect = useMutation({
    mutationFn: () => call(commands.connectServer(server.address())),
    onMutate: () => server.reset(),
    onSuccess: onDone,
    onError: server.refused,
  });
  return (
    <Flex vertical gap={12}>
      <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
        全街道各服务站共用一台服务器，各站只看到本站的记录。服务器地址、数据库名和本站的登录名、密码由街道管理员提供。
      </Typography.Paragraph>
      <ServerForm state={server} />
      <Button
        type="primary"
        size="large"
        block
        onClick={() => connect.mutate()}
        loading={connect.isPending}
        data-testid="setup-connect"
      >
        连接并进入工作台
      </Button>
    </Flex>
  );
}

/**
 * 从另一台电脑导入设置 (optional): a settings file exported on a configured PC, chosen in
 * Rust's dialog; what it holds is shown, and it is imported right after the station is set up.
 */
function ImportSettings({
  value,
  onChange,
}: {
  value: SettingsSummary | null;
  onChange: (s: SettingsSummary | null) => void;
}) {
  const { modal } = App.useApp();
  const [busy, setBusy] = useState(false);
  const pick = async () => {
    setBusy(true);
    try {
      const s = await call(commands.pickSettingsFile());
      if (s) onChange(s);
    } catch (e) {
      showImportErrors(modal, "设置文件有误，不能导入", "settings-file-errors", e);
    } finally {
      setBusy(false);
    }
  };
  if (value === null) {
    return (
      <Flex vertical gap={4} style={{ marginBottom: 16 }}>
        <Button
          icon={<ImportOutlined />}
          onClick={() => void pick()}
          loading={busy}
          data-testid="setup-import-settings"
        >
          从另一台电脑导入设置…
        </Button>
        <Typography.Text type="secondary">
          可选：选择在已设置好的电脑上“设置 → 设置文件 →
          导出设置文件”得到的文件，分类、时限、通知措辞、相关方名录等一次带过来。
        </Typography.Text>
      </Flex>
    );
  }
  return (
    <Alert
      type="info"
      showIcon
      style={{ marginBottom: 16 }}
      title="完成设置后将导入这个设置文件"
      description={<SettingsLines summary={value} testId="setup-settings-summary" />}
      action={
        <Button
          size="small"
          onClick={() => {
            onChange(null);
            void commands.forgetSettings();
          }}
          data-testid="setup-settings-clear"
        >
          不导入
        </Button>
      }
    />
  );
}

/** 只在本机使用: the station's code and name, who is setting it up, and optionally a settings file. */
function LocalSetup({ onDone }: { onDone: (state: AppState) => void }) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [settings, setSettings] = useState<SettingsSummary | null>(null);
  const { modal } = App.useApp();
  const setup = useMutation({
    mutationFn: (v: Values) =>
      call(
        commands.setupStation(
          v.code.trim(),
          v.name.trim(),
          v.staffName.trim(),
          (v.login ?? "").trim(),
          v.password,
          settings !== null,
        ),
      ),
    onMutate: () => setError(null),
    onSuccess: onDone,
    onError: async (e) => {
      const rest = applyFieldErrors(form, e, ["code", "name", "staffName", "login", "password"]);
      const placed = rest.length === 0 && form.getFieldsError().some((f) => f.errors.length > 0);
      setError(placed ? null : rest.join("；") || errorMessage(e));
      // The station was set up and only the settings file failed: go on to the desk (the
      // message says to import it again in 设置).
      const state = await call(commands.appState()).catch(() => null);
      if (state?.station && state.currentStaff) {
        modal.warning({ title: "设置文件未导入", content: errorMessage(e) });
        onDone(state);
      }
    },
  });
  const saving = setup.isPending;
  const submit = (v: Values) => setup.mutate(v);

  return (
    <>
      <Typography.Paragraph type="secondary">
        请填写本服务站的信息，以后每条诉求的编号都以服务站代码开头，如{" "}
        <span style={{ whiteSpace: "nowrap" }}>RA-2026-0001</span>。
      </Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} requiredMark="optional" size="large">
        <Form.Item
          name="code"
          label="服务站代码"
          extra="英文字母或数字，以字母开头，例如 RA"
          rules={[{ required: true, whitespace: true, message: "请填写服务站代码" }]}
        >
          <Input data-testid="setup-code" placeholder="RA" maxLength={8} autoFocus autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="name"
          label="服务站名称"
          rules={[{ required: true, whitespace: true, message: "请填写服务站名称" }]}
        >
          <Input data-testid="setup-name" placeholder="例如：荣傲家园社区微言服务站" autoComplete="off" />
        </Form.Item>
        <Form.Item
          name="staffName"
          label="您的姓名"
          extra="您是本站的站长，之后在“设置 → 账号”里为其他人开通账号。您登记的诉求记您为登记人；承办人在登记时选择，不选则为“未指定”，可之后在诉求详情里指定"
          rules={[{ required: true, whitespace: true, message: "请填写您的姓名" }]}
        >
          <Input data-testid="setup-staff" placeholder="例如：赵子坤" autoComplete="off" />
        </Form.Item>
        <Form.Item name="login" label="站长的登录名" extra="登录时填写的账号；不填则与姓名相同">
          <Input data-testid="setup-login" autoComplete="off" maxLength={32} />
        </Form.Item>
        <PasswordFields testid="setup" label="站长的密码" />
        <ImportSettings value={settings} onChange={setSettings} />
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Button type="primary" htmlType="submit" loading={saving} block data-testid="setup-submit">
          完成设置
        </Button>
      </Form>
    </>
  );
}
