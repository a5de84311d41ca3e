import { useQueryClient } from "@tanstack/react-query";
import {
  App,
  Button,
  Card,
  Flex,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from "antd";
import { useEffect, useMemo, useState } from "react";
import {
  type Category,
  commands,
  type Limits,
  type TimeLimit,
  type TimeUnit,
  type Urgency,
} from "../../bindings";
import { scaled } from "../../lib/display";
import { call, errorMessage, IpcError } from "../../lib/ipc";
import { keys, useTimeLimits } from "../../lib/queries";
import { DANGER } from "../../lib/theme";
import { TIME_UNIT_LABELS, URGENCIES, URGENCY_LABELS } from "../cases/labels";

const UNIT_OPTIONS = (Object.keys(TIME_UNIT_LABELS) as TimeUnit[]).map((u) => ({
  value: u,
  label: TIME_UNIT_LABELS[u],
}));

const key = (categoryId: number | null, urgency: Urgency) => `${categoryId ?? 0}:${urgency}`;

function spanText(s: Limits["respond"]): string {
  return `${s.amount} ${TIME_UNIT_LABELS[s.unit]}`;
}

/** 时限设置: respond and resolve limits by category and urgency. */
export default function TimeLimitsCard({ categories }: { categories: Category[] }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const query = useTimeLimits();
  const rows = useMemo(() => query.data ?? [], [query.data]);
  const loading = query.isPending;
  useEffect(() => {
    if (query.error) message.error(errorMessage(query.error));
  }, [query.error, message]);
  const setRows = (next: TimeLimit[]) => queryClient.setQueryData(keys.timeLimits, next);
  const [editing, setEditing] = useState<{ key: string; limits: Limits; error: string | null } | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  // A row being added for a category that has no limits of its own yet.
  const [extra, setExtra] = useState<TimeLimit | null>(null);
  const [newCategory, setNewCategory] = useState<number | null>(null);
  const [newUrgency, setNewUrgency] = useState<Urgency>("normal");

  const save = async (row: TimeLimit, limits: Limits | null) => {
    const k = key(row.categoryId, row.urgency);
    setBusy(k);
    try {
      setRows(await call(commands.saveTimeLimit(row.categoryId, row.urgency, limits)));
      setEditing(null);
      setExtra(null);
      message.success(limits ? "已保存时限；之后登记的诉求按新时限计算" : "已恢复默认时限");
    } catch (e) {
      const text =
        e instanceof IpcError && e.code === "invalid_input" && e.fields.length > 0
          ? e.fields
              .map(
                (f) =>
                  `${f.field === "respond" ? "响应时限" : f.field === "resolve" ? "办结时限" : ""}${f.message}`,
              )
              .join("；")
          : errorMessage(e);
      if (limits) setEditing({ key: k, limits, error: text });
      else message.error(text);
    } finally {
      setBusy(null);
    }
  };

  const data = useMemo(() => (extra ? [...rows, extra] : rows), [rows, extra]);

  const spanEditor = (which: "respond" | "resolve") => {
    if (!editing) return null;
    const span = editing.limits[which];
    const set = (next: Partial<Limits["respond"]>) =>
      setEditing({ ...editing, error: null, limits: { ...editing.limits, [which]: { ...span, ...next } } });
    return (
      <Space.Compact>
        <InputNumber
          min={1}
          max={1000}
          value={span.amount}
          onChange={(v) => set({ amount: Number(v ?? 0) })}
          style={{ width: scaled(72) }}
          data-testid={`time-limit-${which}-amount`}
        />
        <Select
          value={span.unit}
          options={UNIT_OPTIONS}
          onChange={(u) => set({ unit: u })}
          style={{ width: scaled(92) }}
        />
      </Space.Compact>
    );
  };

  const columns: TableColumnsType<TimeLimit> = [
    {
      title: "分类",
      render: (_, r) =>
        r.categoryId === null ? <Typography.Text strong>所有分类（默认）</Typography.Text> : r.categoryName,
    },
    { title: "紧急程度", width: 90, render: (_, r) => URGENCY_LABELS[r.urgency] },
    {
      title: "响应时限",
      width: 190,
      render: (_, r) =>
        editing?.key === key(r.categoryId, r.urgency) ? spanEditor("respond") : spanText(r.limits.respond),
    },
    {
      title: "办结时限",
      width: 190,
      render: (_, r) =>
        editing?.key === key(r.categoryId, r.urgency) ? spanEditor("resolve") : spanText(r.limits.resolve),
    },
    {
      title: "来源",
      width: 90,
      render: (_, r) => (r.builtIn ? <Tag>内置默认</Tag> : <Tag color="blue">本站设置</Tag>),
    },
    {
      title: "操作",
      width: 150,
      render: (_, r) => {
        const k = key(r.categoryId, r.urgency);
        if (editing?.key === k) {
          return (
            <div>
              <Space size={4}>
                <Button
                  type="primary"
                  size="small"
                  loading={busy === k}
                  onClick={() => void save(r, editing.limits)}
                >
                  保存
                </Button>
                <Button
                  size="small"
                  onClick={() => {
                    setEditing(null);
                    setExtra(null);
                  }}
                >
                  取消
                </Button>
              </Space>
              {editing.error && (
                <div style={{ ...DANGER, fontSize: scaled(13), marginTop: 4 }} data-testid="time-limit-error">
                  {editing.error}
                </div>
              )}
            </div>
          );
        }
        return (
          <Space size={0}>
            <Button
              type="link"
              size="small"
              onClick={() => setEditing({ key: k, limits: r.limits, error: null })}
              data-testid={`time-limit-edit-${k}`}
            >
              修改
            </Button>
            {!r.builtIn && (
              <Popconfirm
                title="恢复为内置默认时限？"
                okText="恢复"
                cancelText="不恢复"
                onConfirm={() => void save(r, null)}
              >
                <Button type="link" size="small" loading={busy === k}>
                  恢复默认
                </Button>
              </Popconfirm>
            )}
          </Space>
        );
      },
    },
  ];

  const addForCategory = () => {
    if (newCategory === null) return;
    const existing = rows.find((r) => r.categoryId === newCategory && r.urgency === newUrgency);
    const k = key(newCategory, newUrgency);
    if (existing) {
      setEditing({ key: k, limits: existing.limits, error: null });
      return;
    }
    const general = rows.find((r) => r.categoryId === null && r.urgency === newUrgency);
    const limits = general?.limits ?? {
      respond: { amount: 24, unit: "hours" },
      resolve: { amount: 7, unit: "days" },
    };
    const row: TimeLimit = {
      categoryId: newCategory,
      categoryName: categories.find((c) => c.id === newCategory)?.name ?? null,
      urgency: newUrgency,
      limits,
      builtIn: true,
    };
    setExtra(row);
    setEditing({ key: k, limits, error: null });
  };

  return (
    <Card title="时限设置" data-testid="settings-time-limits">
      <Typography.Paragraph type="secondary">
        每件诉求有两个时限：<b>响应时限</b>（首次联系居民）和<b>办结时限</b>。
        {"按分类和紧急程度设置；没有单独设置的分类用“所有分类”的时限。"}
        {"“工作日”不计周末和节假日，按下方的节假日安排计算。修改只影响之后登记的诉求。"}
      </Typography.Paragraph>
      <Table<TimeLimit>
        size="small"
        rowKey={(r) => key(r.categoryId, r.urgency)}
        columns={columns}
        dataSource={data}
        loading={loading}
        pagination={false}
      />
      <Flex gap={8} align="center" wrap style={{ marginTop: 12 }}>
        <Typography.Text>为分类单独设置：</Typography.Text>
        <Select<number>
          placeholder="选择分类"
          value={newCategory ?? undefined}
          onChange={setNewCategory}
          options={categories.filter((c) => c.active).map((c) => ({ value: c.id, label: c.name }))}
          style={{ width: scaled(150) }}
          showSearch={{ optionFilterProp: "label" }}
        />
        <Select<Urgency>
          value={newUrgency}
          onChange={setNewUrgency}
          options={URGENCIES.map((u) => ({ value: u, label: URGENCY_LABELS[u] }))}
          style={{ width: scaled(90) }}
        />
        <Button onClick={addForCategory} disabled={newCategory === null}>
          设置
        </Button>
      </Flex>
    </Card>
  );
}
