import { Alert, App, Button, Flex, Form, Input, InputNumber, Radio, Space, Typography } from "antd";
import { useEffect, useState } from "react";
import { commands, type ServerAddress, type ServerCheck } from "../../bindings";
import { applyFieldErrors, call, errorMessage, IpcError } from "../../lib/ipc";

const FIELDS = ["host", "port", "database", "login", "password"] as const;

type Mode = "local" | "server";

/**
 * 数据库: this PC's own file (the default) or the district's shared server. The fields become
 * an address in Rust; 测试连接 says what the login is there, or in Chinese what is wrong.
 * The choice takes effect at the next start.
 */
export default function DatabaseCard({ inUse }: { inUse: string }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<ServerAddress>();
  const [mode, setMode] = useState<Mode>("local");
  const [checking, setChecking] = useState(false);
  const [saving, setSaving] = useState(false);
  const [check, setCheck] = useState<ServerCheck | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void call(commands.databaseChoice()).then((server) => {
      if (server) {
        setMode("server");
        form.setFieldsValue(server);
      } else {
        form.setFieldsValue({ port: 5432 });
      }
    });
  }, [form]);

  const address = (): ServerAddress => {
    const v = form.getFieldsValue();
    return {
      host: v.host ?? "",
      port: v.port ?? 0,
      database: v.database ?? "",
      login: v.login ?? "",
      password: v.password ?? "",
    };
  };

  const refused = (e: unknown) => {
    const rest = applyFieldErrors(form, e, FIELDS);
    if (!(e instanceof IpcError && e.code === "invalid_input")) setError(errorMessage(e));
    else if (rest.length > 0) setError(rest.join("；"));
  };

  const reset = () => {
    setError(null);
    setCheck(null);
    setSaved(false);
    form.setFields(FIELDS.map((name) => ({ name, errors: [] })));
  };

  const test = async () => {
    reset();
    setChecking(true);
    try {
      setCheck(await call(commands.checkServer(address())));
    } catch (e) {
      refused(e);
    } finally {
      setChecking(false);
    }
  };

  const save = async () => {
    reset();
    setSaving(true);
    try {
      await call(commands.chooseDatabase(mode === "server" ? address() : null));
      form.setFieldValue("password", "");
      setSaved(true);
      message.success("已保存：重新启动工作台后生效");
    } catch (e) {
      refused(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Flex vertical gap={12} style={{ maxWidth: 560 }} data-testid="database-card">
      <Typography.Text type="secondary">正在使用：{inUse}</Typography.Text>
      <Radio.Group
        value={mode}
        onChange={(e) => {
          setMode(e.target.value as Mode);
          reset();
        }}
        data-testid="database-mode"
      >
        <Space direction="vertical">
          <Radio value="local">只在本机使用（默认）：记录保存在这台电脑上</Radio>
          <Radio value="server">连接街道服务器：全街道各服务站共用一台服务器，各站只看到本站记录</Radio>
        </Space>
      </Radio.Group>
      {mode === "server" && (
        <Form form={form} layout="vertical" onValuesChange={reset} requiredMark={false}>
          <Flex gap={12}>
            <Form.Item label="服务器地址" name="host" style={{ flex: 1 }}>
              <Input placeholder="如 10.0.0.5" data-testid="server-host" />
            </Form.Item>
            <Form.Item label="端口" name="port" style={{ width: 120 }}>
              <InputNumber min={1} max={65535} style={{ width: "100%" }} data-testid="server-port" />
            </Form.Item>
          </Flex>
          <Form.Item label="数据库名" name="database">
            <Input placeholder="街道管理员提供，如 stationdesk" data-testid="server-database" />
          </Form.Item>
          <Flex gap={12}>
            <Form.Item label="本站登录名" name="login" style={{ flex: 1 }}>
              <Input placeholder="如 ra_station" autoComplete="off" data-testid="server-login" />
            </Form.Item>
            <Form.Item label="密码" name="password" style={{ flex: 1 }}>
              <Input.Password autoComplete="new-password" data-testid="server-password" />
            </Form.Item>
          </Flex>
          <Button onClick={() => void test()} loading={checking} data-testid="server-test">
            测试连接
          </Button>
        </Form>
      )}
      {check && (
        <Alert
          type="success"
          showIcon
          message={`连接成功：${check.loginIs}`}
          description={`${check.server}，${check.version}`}
          data-testid="server-check"
        />
      )}
      {error && <Alert type="error" showIcon message={error} data-testid="server-error" />}
      {saved && (
        <Alert type="info" showIcon message="已保存。请关闭并重新打开工作台，新的数据库设置才会生效。" />
      )}
      <div>
        <Button type="primary" onClick={() => void save()} loading={saving} data-testid="database-save">
          保存数据库设置
        </Button>
      </div>
    </Flex>
  );
}
