import { UserAddOutlined, UserOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Card, Divider, Empty, Flex, Form, Input, Typography } from "antd";
import { useState } from "react";
import { type AppState, commands } from "../../bindings";
import { scaled } from "../../lib/display";
import { applyFieldErrors, call, errorMessage } from "../../lib/ipc";

type Props = {
  state: AppState;
  onDone: (state: AppState) => void;
  /** Present when someone is already on duty (the header's 「切换」). */
  onCancel?: () => void;
};

/** 「请选择当班工作人员」: one button per staff member, or a new name. */
export default function StaffPicker({ state, onDone, onCancel }: Props) {
  const [form] = Form.useForm<{ name: string }>();
  const [error, setError] = useState<string | null>(null);
  const chooseStaff = useMutation({
    mutationFn: ({ name }: { name: string; fromInput: boolean }) => call(commands.chooseStaff(name)),
    onMutate: () => setError(null),
    onSuccess: (next) => onDone(next),
    onError: (e, { fromInput }) => {
      const rest = fromInput ? applyFieldErrors(form, e, ["name"]) : [];
      const placed = fromInput && rest.length === 0 && form.getFieldError("name").length > 0;
      setError(placed ? null : rest.join("；") || errorMessage(e));
    },
  });
  const busy = chooseStaff.isPending ? chooseStaff.variables.name : null;
  const choose = (name: string, fromInput: boolean) => chooseStaff.mutate({ name, fromInput });

  const staff = state.staff.filter((s) => s.active);
  return (
    <div className="sd-center-page">
      <Card
        style={{ width: scaled(560) }}
        title={<span style={{ fontSize: scaled(20) }}>请选择当班工作人员</span>}
        extra={state.station && <Typography.Text type="secondary">{state.station.name}</Typography.Text>}
      >
        <Typography.Paragraph type="secondary">
          今天由谁值班？登记和修改的每条记录都会写上当班人的姓名。
        </Typography.Paragraph>
        {staff.length === 0 ? (
          <Empty description="还没有工作人员，请在下方添加" />
        ) : (
          <Flex wrap gap={12}>
            {staff.map((s) => (
              <Button
                key={s.id}
                size="large"
                icon={<UserOutlined />}
                type={state.currentStaff?.id === s.id ? "primary" : "default"}
                loading={busy === s.name}
                disabled={busy !== null && busy !== s.name}
                onClick={() => choose(s.name, false)}
                data-testid={`staff-choose-${s.name}`}
                style={{ minWidth: 120 }}
              >
                {s.name}
              </Button>
            ))}
          </Flex>
        )}
        <Divider titlePlacement="start" plain>
          新来的工作人员
        </Divider>
        <Form form={form} layout="inline" onFinish={(v) => choose(v.name.trim(), true)}>
          <Form.Item
            name="name"
            style={{ flex: 1 }}
            rules={[{ required: true, whitespace: true, message: "请填写姓名" }]}
          >
            <Input size="large" placeholder="输入姓名" data-testid="staff-new-name" autoComplete="off" />
          </Form.Item>
          <Form.Item style={{ marginInlineEnd: 0 }}>
            <Button
              size="large"
              htmlType="submit"
              icon={<UserAddOutlined />}
              loading={busy !== null && !staff.some((s) => s.name === busy)}
              data-testid="staff-add"
            >
              添加并开始值班
            </Button>
          </Form.Item>
        </Form>
        {error && <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} />}
        {onCancel && (
          <div style={{ marginTop: 20, textAlign: "right" }}>
            <Button onClick={onCancel}>返回，不切换</Button>
          </div>
        )}
      </Card>
    </div>
  );
}
