import { Alert, Button, Flex, Form, Input, InputNumber } from "antd";
import { type ReactNode, useState } from "react";
import { commands, type ServerAddress, type ServerCheck } from "../../bindings";
import { scaled } from "../../lib/display";
import { applyFieldErrors, call, errorMessage, IpcError } from "../../lib/ipc";

const ADDRESS_FIELDS = ["host", "port", "database", "login", "password"] as const;

/**
 * The state of a district-server form: its fields, the 测试连接 answer, and what to show
 * when the core refused (a field's message under the field, anything else in an alert).
 * `extraFields` are further fields of the same form the core may name (the move's new login).
 */
export function useServerForm(extraFields: readonly string[] = []) {
  const [form] = Form.useForm();
  const [checking, setChecking] = useState(false);
  const [check, setCheck] = useState<ServerCheck | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fields = [...ADDRESS_FIELDS, ...extraFields];

  const address = (): ServerAddress => {
    const v = form.getFieldsValue(ADDRESS_FIELDS as unknown as string[]) as Partial<ServerAddress>;
    return {
      host: v.host ?? "",
      port: v.port ?? 0,
      database: v.database ?? "",
      login: v.login ?? "",
      password: v.password ?? "",
    };
  };

  const reset = () => {
    setError(null);
    setCheck(null);
    form.setFields(fields.map((name) => ({ name, errors: [] })));
  };

  const refused = (e: unknown) => {
    const rest = applyFieldErrors(form, e, fields);
    if (!(e instanceof IpcError && e.code === "invalid_input")) setError(errorMessage(e));
    else if (rest.length > 0) setError(rest.join("；"));
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

  return { form, address, reset, refused, test, checking, check, error };
}

export type ServerFormState = ReturnType<typeof useServerForm>;

/**
 * A district server's address as a worker types it (服务器地址, 端口, 数据库名, 登录名, 密码)
 * with 测试连接, which says what the login is there or in Chinese what is wrong. Used by
 * 设置 → 数据库, the first start and the move onto the server; the address is made in Rust.
 */
export default function ServerForm({
  state,
  loginLabel = "本站登录名",
  loginPlaceholder = "如 ra_station",
  idPrefix = "server",
  children,
}: {
  state: ServerFormState;
  loginLabel?: string;
  loginPlaceholder?: string;
  /** `data-testid`s start with it, so two forms on one page stay apart. */
  idPrefix?: string;
  /** Further fields, shown under the login. */
  children?: ReactNode;
}) {
  return (
    <Flex vertical gap={12}>
      <Form
        form={state.form}
        layout="vertical"
        onValuesChange={state.reset}
        requiredMark={false}
        initialValues={{ port: 5432 }}
      >
        <Flex gap={12}>
          <Form.Item label="服务器地址" name="host" style={{ flex: 1 }}>
            <Input placeholder="如 10.0.0.5" autoComplete="off" data-testid={`${idPrefix}-host`} />
          </Form.Item>
          <Form.Item label="端口" name="port" style={{ width: scaled(120) }}>
            <InputNumber min={1} max={65535} style={{ width: "100%" }} data-testid={`${idPrefix}-port`} />
          </Form.Item>
        </Flex>
        <Form.Item label="数据库名" name="database">
          <Input
            placeholder="街道管理员提供，如 stationdesk"
            autoComplete="off"
            data-testid={`${idPrefix}-database`}
          />
        </Form.Item>
        <Flex gap={12}>
          <Form.Item label={loginLabel} name="login" style={{ flex: 1 }}>
            <Input placeholder={loginPlaceholder} autoComplete="off" data-testid={`${idPrefix}-login`} />
          </Form.Item>
          <Form.Item label="密码" name="password" style={{ flex: 1 }}>
            <Input.Password autoComplete="new-password" data-testid={`${idPrefix}-password`} />
          </Form.Item>
        </Flex>
        {children}
        <Button onClick={() => void state.test()} loading={state.checking} data-testid={`${idPrefix}-test`}>
          测试连接
        </Button>
      </Form>
      {state.check && (
        <Alert
          type="success"
          showIcon
          title={`连接成功：${state.check.loginIs}`}
          description={`${state.check.version} · ${state.check.server}`}
          data-testid={`${idPrefix}-check`}
        />
      )}
      {state.error && <Alert type="error" showIcon title={state.error} data-testid={`${idPrefix}-error`} />}
    </Flex>
  );
}
