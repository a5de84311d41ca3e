import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { useState } from "react";
import { type AppState, commands } from "../../bindings";
import { applyFieldErrors, call, errorMessage } from "../../lib/ipc";

type Values = { code: string; name: string; staffName: string };

/** First run: the station's code and name, and who is setting it up. */
export default function SetupPage({ onDone }: { onDone: (state: AppState) => void }) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const setup = useMutation({
    mutationFn: (v: Values) => call(commands.setupStation(v.code.trim(), v.name.trim(), v.staffName.trim())),
    onMutate: () => setError(null),
    onSuccess: onDone,
    onError: (e) => {
      const rest = applyFieldErrors(form, e, ["code", "name", "staffName"]);
      const placed = rest.length === 0 && form.getFieldsError().some((f) => f.errors.length > 0);
      setError(placed ? null : rest.join("；") || errorMessage(e));
    },
  });
  const saving = setup.isPending;
  const submit = (v: Values) => setup.mutate(v);

  return (
    <div className="sd-center-page">
      <Card style={{ width: 520 }} title={<span style={{ fontSize: 20 }}>首次设置</span>}>
        <Typography.Paragraph type="secondary">
          欢迎使用社区服务站工作台。请填写本服务站的信息，以后每条诉求的编号都以服务站代码开头，如
          RA-2026-0001。
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
            extra="您将作为第一位当班工作人员。您登记的诉求记您为登记人；承办人在登记时选择，不选则为“未指定”，可之后在诉求详情里指定"
            rules={[{ required: true, whitespace: true, message: "请填写您的姓名" }]}
          >
            <Input data-testid="setup-staff" placeholder="例如：赵子坤" autoComplete="off" />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" loading={saving} block data-testid="setup-submit">
            完成设置
          </Button>
        </Form>
      </Card>
    </div>
  );
}
