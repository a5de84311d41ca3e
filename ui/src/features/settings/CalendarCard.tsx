import { LeftOutlined, PlusOutlined, RightOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  Popconfirm,
  Select,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { type CalendarDay, commands, type DayKind } from "../../bindings";
import { scaled } from "../../lib/display";
import { applyFieldErrors, call, errorMessage, IpcError } from "../../lib/ipc";
import { invalidateCases, keys, useCalendarDays } from "../../lib/queries";
import { DAY_KIND_LABELS } from "../cases/labels";
import HolidayImport from "./HolidayImport";

const WEEKDAYS = ["日", "一", "二", "三", "四", "五", "六"];
const KIND_COLORS: Record<DayKind, string> = { holiday: "red", workday: "blue", normal: "default" };

type AddValues = { day?: Dayjs; kind: DayKind; name?: string };

/** 节假日: the official holiday and make-up working days, and the station's own changes. */
export default function CalendarCard() {
  const { message } = App.useApp();
  const [year, setYear] = useState(dayjs().year());
  const queryClient = useQueryClient();
  const query = useCalendarDays(year);
  const days = query.data ?? [];
  const loading = query.isFetching;
  useEffect(() => {
    if (query.error) message.error(errorMessage(query.error));
  }, [query.error, message]);
  /** A day changed: the calendar reads again, and so do cases (working-day deadlines). */
  const load = async (y: number) => {
    await queryClient.invalidateQueries({ queryKey: keys.calendarDays(y) });
    void invalidateCases(queryClient);
  };
  const [saving, setSaving] = useState(false);
  const [form] = Form.useForm<AddValues>();

  const save = async (day: string, kind: DayKind, name: string, done: string) => {
    setSaving(true);
    try {
      await call(commands.saveCalendarDay(day, kind, name));
      message.success(done);
      await load(year);
      return true;
    } catch (e) {
      const rest = applyFieldErrors(form, e, ["day", "kind", "name"]);
      if (!(e instanceof IpcError && e.code === "invalid_input") || rest.length > 0) {
        message.error(rest.join("；") || errorMessage(e));
      }
      return false;
    } finally {
      setSaving(false);
    }
  };

  const add = async (v: AddValues) => {
    if (!v.day) return;
    const day = v.day.format("YYYY-MM-DD");
    if (await save(day, v.kind, v.name?.trim() ?? "", `已设置 ${day} 为${DAY_KIND_LABELS[v.kind]}`)) {
      form.resetFields(["day", "name"]);
      if (v.day.year() !== year) setYear(v.day.year());
    }
  };

  const columns: TableColumnsType<CalendarDay> = [
    {
      title: "日期",
      width: 150,
      render: (_, d) => {
        const date = dayjs(d.day);
        const weekend = date.day() === 0 || date.day() === 6;
        return (
          <span>
            {date.format("M月D日")}
            <Typography.Text type={weekend ? "warning" : "secondary"} style={{ marginInlineStart: 6 }}>
              周{WEEKDAYS[date.day()]}
            </Typography.Text>
          </span>
        );
      },
    },
    {
      title: "安排",
      width: 110,
      render: (_, d) => <Tag color={KIND_COLORS[d.kind]}>{DAY_KIND_LABELS[d.kind]}</Tag>,
    },
    { title: "名称", dataIndex: "name" },
    {
      title: "来源",
      width: 120,
      render: (_, d) => (d.builtIn ? <Tag>国务院安排</Tag> : <Tag color="blue">本站设置</Tag>),
    },
    {
      title: "操作",
      width: 110,
      render: (_, d) =>
        d.builtIn ? (
          <Popconfirm
            title={`${d.day} 不按国务院安排，改为按平常（周一至周五上班）？`}
            okText="改为按平常"
            cancelText="不改"
            onConfirm={() => void save(d.day, "normal", "", `${d.day} 已改为按平常`)}
          >
            <Button type="link" size="small">
              不按此安排
            </Button>
          </Popconfirm>
        ) : (
          <Popconfirm
            title={`删除本站对 ${d.day} 的设置？`}
            okText="删除"
            cancelText="不删除"
            onConfirm={() => void save(d.day, "normal", "", `已删除 ${d.day} 的设置`)}
          >
            <Button type="link" size="small" danger>
              删除
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <Card
      title="节假日"
      data-testid="settings-calendar"
      extra={
        <Flex align="center" gap={4}>
          <HolidayImport onImported={setYear} />
          <Button
            size="small"
            icon={<LeftOutlined />}
            onClick={() => setYear((y) => y - 1)}
            aria-label="上一年"
          />
          <Typography.Text strong style={{ width: scaled(64), textAlign: "center" }}>
            {year} 年
          </Typography.Text>
          <Button
            size="small"
            icon={<RightOutlined />}
            onClick={() => setYear((y) => y + 1)}
            aria-label="下一年"
          />
        </Flex>
      }
    >
      <Typography.Paragraph type="secondary">
        {"计算“工作日”时限时，放假的日子不计，调休上班的周末照常计。"}
        {
          "程序内置国务院公布的放假安排；新一年的安排公布后，把通知抄成文本文件（格式见使用说明 docs/holidays.md）“导入节假日安排”；本地另有安排时，可在这里逐日添加。"
        }
      </Typography.Paragraph>
      <Table<CalendarDay>
        size="small"
        rowKey="day"
        columns={columns}
        dataSource={days}
        loading={loading}
        pagination={false}
        scroll={{ y: 320 }}
        locale={{ emptyText: `${year} 年还没有节假日安排，请按国务院通知添加` }}
      />
      <Form<AddValues>
        form={form}
        layout="inline"
        initialValues={{ kind: "holiday" }}
        onFinish={(v) => void add(v)}
        style={{ marginTop: 12, rowGap: 8 }}
      >
        <Form.Item name="day" rules={[{ required: true, message: "请选择日期" }]}>
          <DatePicker placeholder="日期" data-testid="calendar-day" />
        </Form.Item>
        <Form.Item name="kind">
          <Select
            options={(Object.keys(DAY_KIND_LABELS) as DayKind[]).map((k) => ({
              value: k,
              label: DAY_KIND_LABELS[k],
            }))}
            style={{ width: scaled(120) }}
            data-testid="calendar-kind"
          />
        </Form.Item>
        <Form.Item name="name">
          <Input
            placeholder="名称，如 春节"
            maxLength={20}
            style={{ width: scaled(160) }}
            data-testid="calendar-name"
          />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" icon={<PlusOutlined />} loading={saving} data-testid="calendar-add">
            添加
          </Button>
        </Form.Item>
      </Form>
    </Card>
  );
}
