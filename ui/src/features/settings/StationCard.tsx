import { App, Button, Descriptions, Form, Input, Typography } from "antd";
import { useEffect, useState } from "react";
import { type AppState, commands } from "../../bindings";
import { applyFieldErrors, call, errorMessage, IpcError } from "../../lib/ipc";

type Values = { name: string; phone?: string; posterLink?: string };

/** 服务站与数据: the station's name, phone and posters' QR link (printed on receipts and notices), and where the data lives. */
export default function StationCard({
  state,
  onStateChanged,
}: {
  state: AppState;
  onStateChanged: (next: AppState) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A fresh form after each save, so no message from an earlier press can linger while it fades.
  const [saves, setSaves] = useState(0);
  const station = state.station;

  useEffect(() => {
    form.setFieldsValue({
      name: station?.name ?? "",
      phone: station?.phone ?? "",
      posterLink: station?.posterLink ?? "",
    });
  }, [form, station]);

  const save = async (v: Values) => {
    setSaving(true);
    setError(null);
    // A refusal from the last press is cleared: this press is checked afresh.
    form.setFields([
      { name: "name", errors: [] },
      { name: "phone", errors: [] },
      { name: "posterLink", errors: [] },
    ]);
    try {
      const next = await call(
        commands.updateStation({
          name: v.name ?? "",
          phone: v.phone?.trim() ? v.phone : null,
          posterLink: v.posterLink?.trim() ? v.posterLink : null,
        }),
      );
      setSaves((n) => n + 1);
      onStateChanged(next);
      message.success("服务站信息已保存");
    } catch (e) {
      const unplaced = applyFieldErrors(form, e, ["name", "phone", "posterLink"]);
      if (!(e instanceof IpcError && e.code === "invalid_input")) setError(errorMessage(e));
      else if (unplaced.length > 0) setError(unplaced.join("；"));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Form
        key={saves}
        form={form}
        layout="vertical"
        onFinish={(v) => void save(v)}
        style={{ maxWidth: 520 }}
      >
        <Form.Item label="服务站名称" name="name" extra="印在通知、回执的落款处">
          <Input maxLength={50} data-testid="station-name" />
        </Form.Item>
        <Form.Item
          label="服务站电话"
          name="phone"
          extra="印在受理回执、答复函和活动通知上，居民打这个电话查询；不填则不印电话"
        >
          <Input placeholder="如 0311-86012345" maxLength={20} data-testid="station-phone" />
        </Form.Item>
        <Form.Item
          label="二维码链接"
          name="posterLink"
          extra="活动通知上二维码的报名或咨询链接（网址或微信号）；活动自己填了链接时用活动的，都不填则不印二维码"
        >
          <Input
            placeholder="如 https://wj.qq.com/s2/123456 或 微信号 sqfw2026"
            maxLength={300}
            data-testid="station-poster-link"
          />
        </Form.Item>
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
        <Form.Item style={{ marginBottom: 16 }}>
          <Button type="primary" htmlType="submit" loading={saving} data-testid="station-save">
            保存
          </Button>
        </Form.Item>
      </Form>
      <Descriptions
        bordered
        column={1}
        size="middle"
        styles={{ label: { width: 140 } }}
        items={[
          { key: "code", label: "服务站代码", children: station?.code },
          {
            key: "db",
            label: "数据库位置",
            children: (
              <Typography.Text
                copyable={{ tooltips: ["复制", "已复制"] }}
                code
                data-testid="settings-db-location"
              >
                {state.dbLocation}
              </Typography.Text>
            ),
          },
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        所有诉求都保存在这个数据库文件里。备份时请复制整个文件，复制前先关闭本程序。
      </Typography.Paragraph>
    </>
  );
}
