import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Card, Form, Typography } from "antd";
import { useState } from "react";
import { type AppState, commands } from "../../bindings";
import { scaled } from "../../lib/display";
import { applyFieldErrors, call, errorMessage } from "../../lib/ipc";
import PasswordFields from "./PasswordFields";

type Values = { password: string; password2: string };

/**
 * 为站长设置密码: shown once, when the station has no 站长 who can log in (a database from
 * before accounts, or a station added on the district server). The core allows it only
 * while that is so, and only to this PC's user owning the database file; it is audited.
 */
export default function HeadPasswordPage({
  state,
  onDone,
}: {
  state: AppState;
  onDone: (state: AppState) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (v: Values) => call(commands.setHeadPassword(v.password)),
    onMutate: () => setError(null),
    onSuccess: onDone,
    onError: (e) => {
      const rest = applyFieldErrors(form, e, ["password"]);
      const placed = rest.length === 0 && form.getFieldError("password").length > 0;
      setError(placed ? null : rest.join("；") || errorMessage(e));
    },
  });
  return (
    <div className="sd-center-page">
      <Card
        style={{ width: scaled(480) }}
        title={<span style={{ fontSize: scaled(20) }}>为站长设置密码</span>}
        extra={state.station && <Typography.Text type="secondary">{state.station.name}</Typography.Text>}
      >
        <Typography.Paragraph>
          从这个版本起，每个人用自己的账号和密码登录。本站还没有能登录的站长：请为站长（本站的第一位工作人员）设置密码，之后站长在“设置
          → 账号”里为其他人开通账号。
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">
          只有这台电脑上数据库文件的所有者能设置，且只能设置一次；这一步会记入操作记录。
        </Typography.Paragraph>
        <Form
          form={form}
          layout="vertical"
          size="large"
          onFinish={(v) => save.mutate(v)}
          requiredMark={false}
        >
          <PasswordFields testid="head" label="站长的密码" />
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" block loading={save.isPending} data-testid="head-submit">
            设置密码并登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
