import { LockOutlined, UserOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { useState } from "react";
import { type AppState, commands } from "../../bindings";
import { scaled } from "../../lib/display";
import { call, errorMessage } from "../../lib/ipc";

type Values = { login: string; password: string };

/**
 * 登录: 账号 and 密码, checked by the core (a wrong name or password, and the hold after
 * repeated failures, read the core's sentence). Whoever logs in is on duty; the next
 * person logs in after 退出登录.
 */
export default function LoginPage({ state, onDone }: { state: AppState; onDone: (state: AppState) => void }) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const login = useMutation({
    mutationFn: (v: Values) => call(commands.logIn(v.login.trim(), v.password)),
    onMutate: () => setError(null),
    onSuccess: onDone,
    onError: (e) => {
      setError(errorMessage(e));
      form.setFieldValue("password", "");
    },
  });
  return (
    <div className="sd-center-page">
      <Card
        style={{ width: scaled(440) }}
        title={<span style={{ fontSize: scaled(20) }}>登录</span>}
        extra={state.station && <Typography.Text type="secondary">{state.station.name}</Typography.Text>}
      >
        <Typography.Paragraph type="secondary">
          请用您自己的账号登录：登记和修改的每条记录都会写上登录人的姓名。没有账号或忘记密码，请找站长。
        </Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          size="large"
          onFinish={(v) => login.mutate(v)}
          requiredMark={false}
        >
          <Form.Item
            name="login"
            label="账号"
            rules={[{ required: true, whitespace: true, message: "请填写账号" }]}
          >
            <Input
              prefix={<UserOutlined />}
              placeholder="登录名"
              autoFocus
              autoComplete="off"
              maxLength={64}
              data-testid="login-user"
            />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: "请填写密码" }]}>
            <Input.Password prefix={<LockOutlined />} maxLength={128} data-testid="login-password" />
          </Form.Item>
          {error && (
            <Alert
              type="error"
              showIcon
              title={<span data-testid="login-error">{error}</span>}
              style={{ marginBottom: 16 }}
            />
          )}
          <Button type="primary" htmlType="submit" block loading={login.isPending} data-testid="login-submit">
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
