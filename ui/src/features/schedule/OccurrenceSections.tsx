// The occurrence drawer's sections: the sign-up table's columns, walk-ins, and the
// person-times and volunteer hours served.
import { CheckOutlined, PlusOutlined } from "@ant-design/icons";
import {
  Button,
  type ButtonProps,
  Divider,
  Flex,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  type TableColumnsType,
  Tag,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useEffect, useState } from "react";
import type { OccurrenceDetail, Signup } from "../../bindings";
import { scaled } from "../../lib/display";
import { cn } from "./labels";

export type ServedValues = {
  served?: number | null;
  hours?: Record<string, number | null>;
  note?: string;
};

function StatusCell({ s }: { s: Signup }) {
  if (s.status === "confirmed") return <Tag color="green">已报名</Tag>;
  if (s.status === "waitlisted") return <Tag color="gold">候补第{s.waitlistPosition ?? "?"}位</Tag>;
  return <Tag>已取消</Tag>;
}

/** The sign-up table's columns: who, status, check-in, cancel. */
export function signupColumns({
  ended,
  cancelled,
  busy,
  checkIn,
  cancelSignup,
}: {
  ended: boolean;
  cancelled: boolean;
  busy: string | null;
  checkIn: (s: Signup) => void;
  cancelSignup: (s: Signup) => void;
}): TableColumnsType<Signup> {
  return [
    { title: "#", width: 40, render: (_, __, i) => i + 1 },
    {
      title: "姓名",
      dataIndex: "name",
      render: (n: string, s) => <span data-testid={`signup-name-${s.name}`}>{n}</span>,
    },
    { title: "电话", width: 130, render: (_, s) => s.phoneMasked ?? "—" },
    {
      title: "状态",
      width: 110,
      render: (_, s) => (
        <span data-testid={`signup-status-${s.name}`}>
          <StatusCell s={s} />
        </span>
      ),
    },
    {
      title: "签到",
      width: 110,
      render: (_, s) =>
        s.checkedInAt ? (
          <Typography.Text type="success" data-testid={`signup-checked-${s.name}`}>
            <CheckOutlined /> {cn(s.checkedInAt).format("HH:mm")}
          </Typography.Text>
        ) : s.status === "cancelled" ? (
          "—"
        ) : (
          <Button
            autoInsertSpace={false}
            size="small"
            loading={busy === `checkin-${s.id}`}
            onClick={() => void checkIn(s)}
            disabled={cancelled}
            data-testid={`signup-checkin-${s.name}`}
          >
            签到
          </Button>
        ),
    },
    {
      title: "",
      width: 96,
      render: (_, s) =>
        s.status === "cancelled" || ended ? null : (
          <Popconfirm
            title={`取消 ${s.name} 的报名？`}
            description={s.status === "confirmed" ? "空出的名额会自动给候补第1位" : undefined}
            okText="取消报名"
            cancelText="不取消"
            okButtonProps={{ danger: true, "data-testid": "signup-cancel-confirm" } as ButtonProps}
            onConfirm={() => void cancelSignup(s)}
          >
            <Button
              size="small"
              type="link"
              danger
              loading={busy === `cancel-${s.id}`}
              data-testid={`signup-cancel-${s.name}`}
            >
              取消报名
            </Button>
          </Popconfirm>
        ),
    },
  ];
}

/** 现场参加: residents who came without signing up, by name or just counted. */
export function WalkInSection({
  detail: d,
  busy,
  onWalkIn,
}: {
  detail: OccurrenceDetail;
  busy: boolean;
  /** Logs a walk-in; `done` runs once it is saved. */
  onWalkIn: (name: string | null, done: () => void) => void;
}) {
  const [walkInName, setWalkInName] = useState("");
  const item = d.item;
  const walkInPeople = d.walkIns.reduce((n, w) => n + w.people, 0);
  const add = (name: string | null) => onWalkIn(name, () => setWalkInName(""));
  return (
    <>
      <Divider titlePlacement="start">现场参加</Divider>
      <Flex gap={8} align="center" wrap>
        <Typography.Text data-testid="walkin-count">
          未报名、现场参加 <b>{walkInPeople}</b> 人
        </Typography.Text>
        <Button
          icon={<PlusOutlined />}
          onClick={() => add(null)}
          loading={busy}
          disabled={item.cancelled}
          data-testid="walkin-add"
        >
          +1
        </Button>
        <Input
          placeholder="或填姓名后登记"
          value={walkInName}
          onChange={(e) => setWalkInName(e.target.value)}
          onPressEnter={() => walkInName.trim() && add(walkInName.trim())}
          maxLength={30}
          style={{ width: scaled(160) }}
          disabled={item.cancelled}
          data-testid="walkin-name"
        />
        <Button
          autoInsertSpace={false}
          onClick={() => add(walkInName.trim())}
          disabled={!walkInName.trim() || item.cancelled}
          data-testid="walkin-submit"
        >
          登记
        </Button>
      </Flex>
      {d.walkIns.some((w) => w.name) && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 6, marginBottom: 0 }}>
          {d.walkIns
            .filter((w) => w.name)
            .map((w) => w.name)
            .join("、")}
        </Typography.Paragraph>
      )}
    </>
  );
}

/** 受益人次 and each volunteer's hours, once the occurrence has started. */
export function ServedSection({
  detail: d,
  started,
  busy,
  onSave,
}: {
  detail: OccurrenceDetail;
  started: boolean;
  busy: boolean;
  onSave: (v: ServedValues) => void;
}) {
  const item = d.item;
  const [servedForm] = Form.useForm<ServedValues>();
  useEffect(() => {
    if (!d || dayjs(d.item.start).isAfter(dayjs())) return;
    const hours = (dayjs(d.item.end).diff(dayjs(d.item.start), "minute") / 60).toFixed(1);
    const recorded = new Map(d.volunteerHours.map((v) => [v.volunteer, v.hours]));
    servedForm.setFieldsValue({
      served: d.item.served,
      hours: Object.fromEntries(d.item.volunteers.map((v) => [v, recorded.get(v) ?? Number(hours)])),
    });
  }, [d, servedForm]);

  return (
    <>
      <Divider titlePlacement="start">受益人次和志愿服务时长</Divider>
      {!started ? (
        <Typography.Text type="secondary">活动开始后在这里登记受益人次和志愿者的服务时长。</Typography.Text>
      ) : (
        <Form
          form={servedForm}
          layout="horizontal"
          labelCol={{ flex: `0 0 ${scaled(110)}` }}
          colon={false}
          onFinish={onSave}
          disabled={item.cancelled}
        >
          <Form.Item
            name="served"
            label="受益人次"
            extra={`签到 ${item.checkedIn} 人 + 现场参加 ${item.walkIns} 人${item.servedRecorded ? "（已登记过，可修改）" : ""}`}
          >
            <InputNumber
              min={0}
              max={100000}
              precision={0}
              suffix="人次"
              style={{ width: scaled(150) }}
              data-testid="served-count"
            />
          </Form.Item>
          {item.volunteers.map((v) => (
            <Form.Item key={v} name={["hours", v]} label={v}>
              <InputNumber min={0} max={24} step={0.5} suffix="小时" style={{ width: scaled(150) }} />
            </Form.Item>
          ))}
          <Form.Item name="note" label="备注">
            <Input maxLength={500} placeholder="可不填" />
          </Form.Item>
          <Form.Item label=" ">
            <Button type="primary" htmlType="submit" loading={busy} data-testid="served-submit">
              保存受益人次
            </Button>
          </Form.Item>
        </Form>
      )}
    </>
  );
}
