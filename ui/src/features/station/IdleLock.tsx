import { LockOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Card, Form, Input, Popconfirm, Typography } from "antd";
import { useEffect, useRef, useState } from "react";
import { type AppState, commands } from "../../bindings";
import { scaled } from "../../lib/display";
import { call, errorMessage } from "../../lib/ipc";

/** What counts as someone at the PC. */
const ACTIVITY = ["mousemove", "mousedown", "keydown", "wheel", "touchstart"] as const;

/**
 * Whether the window is locked: after `seconds` without a key press or mouse move (0:
 * never), or already when the core says so (`initially`, e.g. after a reload). Locking
 * tells the core, which then acts for nobody; unlocking goes through the core's login.
 */
export function useIdleLock(seconds: number, initially: boolean): [boolean, (locked: boolean) => void] {
  const [locked, setLocked] = useState(initially);
  const last = useRef(Date.now());
  useEffect(() => {
    if (seconds <= 0 || locked) return;
    const seen = () => {
      last.current = Date.now();
    };
    for (const e of ACTIVITY) window.addEventListener(e, seen, { capture: true, passive: true });
    const tick = window.setInterval(() => {
      if (Date.now() - last.current >= seconds * 1000) {
        setLocked(true);
        // The overlay is up whatever the answer; a failed call leaves the core as it was.
        void commands.lock();
      }
    }, 1000);
    return () => {
      for (const e of ACTIVITY) window.removeEventListener(e, seen, { capture: true });
      window.clearInterval(tick);
    };
  }, [seconds, locked]);
  const set = (next: boolean) => {
    last.current = Date.now();
    setLocked(next);
  };
  return [locked, set];
}

/**
 * The lock over the page (which stays as it was underneath, half-typed forms included):
 * the person on duty unlocks with their password; someone else may 退出登录 instead, which
 * discards what was not saved.
 */
export default function IdleLockOverlay({
  state,
  onUnlocked,
  onLogOut,
}: {
  state: AppState;
  onUnlocked: (next: AppState) => void;
  onLogOut: () => void;
}) {
  const [form] = Form.useForm<{ password: string }>();
  const [error, setError] = useState<string | null>(null);
  const unlock = useMutation({
    mutationFn: (password: string) => call(commands.unlock(password)),
    onMutate: () => setError(null),
    onSuccess: onUnlocked,
    onError: (e) => {
      setError(errorMessage(e));
      form.setFieldValue("password", "");
    },
  });
  const name = state.currentStaff?.name ?? "";
  return (
    <div className="sd-lock" data-testid="lock-overlay">
      <Card style={{ width: scaled(420) }}>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          <LockOutlined /> 工作台已锁定
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          一段时间没有操作，工作台已自动锁定，页面上填写的内容都还在。当班：{name}，请输入密码解锁。
        </Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => unlock.mutate(v.password)} requiredMark={false}>
          <Form.Item
            name="password"
            label={`${name}的密码`}
            rules={[{ required: true, message: "请填写密码" }]}
          >
            <Input.Password autoFocus maxLength={128} data-testid="lock-password" />
          </Form.Item>
          {error && (
            <Alert
              type="error"
              showIcon
              title={<span data-testid="lock-error">{error}</span>}
              style={{ marginBottom: 16 }}
            />
          )}
          <Button type="primary" htmlType="submit" block loading={unlock.isPending} data-testid="lock-submit">
            解锁
          </Button>
        </Form>
        <div style={{ marginTop: 16, textAlign: "right" }}>
          <Popconfirm
            title={`退出${name}的登录？`}
            description="页面上尚未保存的内容将丢失。"
            okText="退出登录"
            cancelText="取消"
            onConfirm={onLogOut}
            zIndex={3100}
          >
            <Button type="link" data-testid="lock-logout">
              不是{name}？退出登录
            </Button>
          </Popconfirm>
        </div>
      </Card>
    </div>
  );
}
