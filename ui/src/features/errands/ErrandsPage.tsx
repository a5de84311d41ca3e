import { CheckCircleFilled, SettingOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, DatePicker, Flex, Form, Input, Radio, Select, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  type AppState,
  type CalendarItem,
  commands,
  type Errand,
  type ErrandInput,
  type ErrandOutcome,
} from "../../bindings";
import { scaled } from "../../lib/display";
import { applyFieldErrors, call, errorMessage, IpcError } from "../../lib/ipc";
import { invalidateSchedule, keys, useCalendar, useErrandTypes } from "../../lib/queries";
import SkipClearButton from "../../lib/SkipClearButton";
import ErrandLog from "./ErrandLog";
import ErrandTypesModal from "./ErrandTypesModal";
import { OUTCOME_LABELS, OUTCOMES } from "./labels";

export type Props = { state: AppState; active: boolean; onOpenCase: (id: number, number?: string) => void };

/** The digit that picks a type, as a small key cap. */
const KEY_STYLE = {
  display: "inline-block",
  minWidth: 18,
  marginInlineEnd: 6,
  padding: "0 4px",
  lineHeight: "18px",
  fontSize: scaled(12),
  textAlign: "center",
  border: "1px solid currentColor",
  borderRadius: 3,
  opacity: 0.7,
} as const;

const OFFICE = "office";
const OTHER = "other";

type Values = {
  typeId?: number;
  residentName?: string;
  phone?: string;
  at?: Dayjs | null;
  staffId?: number | null;
  /** `office`, `other`, or `event:<id>:<occurrence start>`. */
  where: string;
  place?: string;
  outcome: ErrandOutcome;
  note?: string;
};

const FORM_FIELDS = ["typeId", "residentName", "phone", "at", "staffId", "place", "outcome", "note"] as const;

function text(value: string | undefined): string | null {
  return value && value.trim() !== "" ? value : null;
}

function eventKey(e: CalendarItem): string {
  return `event:${e.id}:${e.occurrenceStart}`;
}

/** 办事登记: log an errand in seconds, see the log and the figures reported upward. */
export default function ErrandsPage({ state, active }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const typesQuery = useErrandTypes(active);
  const types = useMemo(() => typesQuery.data ?? [], [typesQuery.data]);
  useEffect(() => {
    if (typesQuery.error) message.error(errorMessage(typesQuery.error));
  }, [typesQuery.error, message]);
  // Today's events, to log an errand done at one; logging at the office works without them.
  const today = dayjs().format("YYYY-MM-DD");
  const eventsQuery = useCalendar({ from: today, to: today, source: "event" }, active);
  const events = eventsQuery.data ?? [];
  const [error, setError] = useState<string | null>(null);
  const [last, setLast] = useState<Errand | null>(null);
  const [managing, setManaging] = useState(false);
  const typeRef = useRef<HTMLDivElement>(null);
  const atPicked = useRef(false);
  const activeTypes = useMemo(
    () => types.filter((t) => t.active).sort((a, b) => a.sortOrder - b.sortOrder),
    [types],
  );
  const where = Form.useWatch("where", form) ?? OFFICE;

  const focusType = useCallback(() => {
    typeRef.current?.querySelector<HTMLInputElement>("input:checked, input")?.focus();
  }, []);

  useEffect(() => {
    if (active && !atPicked.current) form.setFieldValue("at", dayjs());
  }, [active, form]);

  // After a save, the next person: focus the type buttons. resetFields remounts the
  // fields, so look again a moment later in case the focused button was replaced.
  useEffect(() => {
    if (!last) return;
    focusType();
    const timer = window.setTimeout(() => {
      if (document.activeElement === null || document.activeElement === document.body) focusType();
    }, 150);
    return () => window.clearTimeout(timer);
  }, [last, focusType]);

  // Focus 办理事项 whenever the page is shown and its buttons are there.
  useEffect(() => {
    if (active && activeTypes.length > 0) focusType();
  }, [active, activeTypes, focusType]);

  const fresh = (keep?: Partial<Values>): Values => ({
    at: dayjs(),
    staffId: keep?.staffId ?? state.currentStaff?.id ?? null,
    where: keep?.where ?? OFFICE,
    place: keep?.place,
    outcome: "done",
  });

  const create = useMutation({
    mutationFn: ({ input }: { input: ErrandInput; values: Values }) => call(commands.createErrand(input)),
    onSuccess: (saved, { values }) => {
      setLast(saved);
      // The next person: a fresh form, same staff member and place.
      form.resetFields();
      form.setFieldsValue(fresh(values));
      atPicked.current = false;
      // The log, the figures, today's count and the dashboard read again.
      void invalidateSchedule(queryClient);
    },
    onError: (e) => {
      const unplaced = applyFieldErrors(form, e, [...FORM_FIELDS, "eventId"]);
      if (e instanceof IpcError && e.code === "invalid_input") {
        setError(unplaced.length > 0 ? unplaced.join("；") : null);
      } else {
        setError(`没有登记成功：${errorMessage(e)}。已填写的内容都还在，可以直接再试一次。`);
      }
    },
  });
  const saving = create.isPending;

  const submit = (v: Values) => {
    setError(null);
    if (!v.typeId) {
      form.setFields([{ name: "typeId", errors: ["请选择办理事项：点按钮，或按数字键 1–9"] }]);
      focusType();
      return;
    }
    const event = v.where.startsWith("event:") ? events.find((e) => eventKey(e) === v.where) : undefined;
    const input: ErrandInput = {
      typeId: v.typeId,
      residentName: text(v.residentName),
      phone: text(v.phone),
      at: atPicked.current && v.at ? v.at.toISOString() : null,
      staffId: v.staffId ?? null,
      place: v.where === OTHER ? text(v.place) : null,
      eventId: event?.id ?? null,
      occurrenceStart: event?.occurrenceStart ?? null,
      outcome: v.outcome,
      note: text(v.note),
    };
    create.mutate({ input, values: v });
  };

  // Digits 1–9 pick a type (not while typing in a text box); Enter or Ctrl+Enter saves.
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.nativeEvent.isComposing) return;
    const target = e.target as HTMLElement;
    const typing =
      target instanceof HTMLTextAreaElement ||
      (target instanceof HTMLInputElement && target.type !== "radio" && target.type !== "checkbox");
    if (/^[1-9]$/.test(e.key) && !e.ctrlKey && !e.altKey && !e.metaKey && !typing) {
      const t = activeTypes[Number(e.key) - 1];
      if (t) {
        e.preventDefault();
        form.setFieldValue("typeId", t.id);
        form.setFields([{ name: "typeId", errors: [] }]);
        window.setTimeout(focusType, 0);
      }
      return;
    }
    if (e.key !== "Enter" || e.shiftKey) return;
    const inPicker = target.closest(".ant-select, .ant-picker") !== null;
    if (inPicker && !(e.ctrlKey || e.metaKey)) return;
    e.preventDefault();
    if (!saving) form.submit();
  };

  const typeName = (id: number) => types.find((t) => t.id === id)?.name ?? "";
  return (
    <div>
      <Flex align="baseline" gap={16} style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          办事登记
        </Typography.Title>
        <Typography.Text type="secondary">
          选事项（数字键 1–9），其余可不填，按回车即登记；每登记一次计受益 1 人次
        </Typography.Text>
      </Flex>
      <Card style={{ marginBottom: 16 }} styles={{ body: { paddingBottom: 8 } }}>
        <Form<Values>
          form={form}
          layout="horizontal"
          labelCol={{ flex: `0 0 ${scaled(84)}` }}
          wrapperCol={{ flex: "1 1 0", style: { minWidth: 0 } }}
          colon={false}
          initialValues={fresh()}
          onFinish={submit}
          onKeyDown={onKeyDown}
          onValuesChange={(changed: Partial<Values>) => {
            const paths = (Object.keys(changed) as (keyof Values)[]).filter((k) => k !== "at");
            if (paths.length > 0) form.setFields(paths.map((k) => ({ name: k, errors: [] })));
          }}
          autoComplete="off"
        >
          <Flex align="flex-start" gap={8}>
            <Form.Item name="typeId" label="办理事项" required style={{ flex: "1 1 0", minWidth: 0 }}>
              <Radio.Group
                ref={typeRef}
                optionType="button"
                buttonStyle="solid"
                size="large"
                data-testid="errand-type"
              >
                <Flex wrap gap={8}>
                  {activeTypes.map((t, i) => (
                    <Radio.Button
                      key={t.id}
                      value={t.id}
                      data-testid={`errand-type-${t.name}`}
                      style={{ minWidth: 112 }}
                    >
                      {i < 9 && <span style={KEY_STYLE}>{i + 1}</span>}
                      {t.name}
                    </Radio.Button>
                  ))}
                </Flex>
              </Radio.Group>
            </Form.Item>
            <Button
              icon={<SettingOutlined />}
              onClick={() => setManaging(true)}
              data-testid="errand-types-manage"
            >
              管理事项
            </Button>
          </Flex>
          <Flex gap={16} wrap>
            <Form.Item name="residentName" label="居民姓名" style={{ flex: "1 1 220px" }}>
              <Input placeholder="可不填" maxLength={30} data-testid="errand-resident" />
            </Form.Item>
            <Form.Item name="phone" label="联系电话" style={{ flex: "1 1 260px" }}>
              <Input placeholder="可不填；手机或带区号的座机" data-testid="errand-phone" />
            </Form.Item>
            <Form.Item name="at" label="办理时间" style={{ flex: "1 1 300px" }}>
              <DatePicker
                showTime={{ format: "HH:mm" }}
                format="YYYY-MM-DD HH:mm"
                allowClear={false}
                disabledDate={(d) => d.isAfter(dayjs(), "day")}
                onChange={() => {
                  atPicked.current = true;
                }}
                style={{ width: scaled(190) }}
                data-testid="errand-at"
              />
            </Form.Item>
          </Flex>
          <Flex gap={16} wrap>
            <SkipClearButton>
              <Form.Item name="staffId" label="经办人" style={{ width: scaled(250) }}>
                <Select
                  options={state.staff.filter((s) => s.active).map((s) => ({ value: s.id, label: s.name }))}
                  data-testid="errand-staff"
                />
              </Form.Item>
            </SkipClearButton>
            <Form.Item name="where" label="地点" style={{ flex: "0 1 340px" }}>
              <Select
                options={[
                  { value: OFFICE, label: "服务站办公室" },
                  ...events.map((e) => ({
                    value: eventKey(e),
                    label: `活动：${e.title}（${e.place} ${dayjs(e.start).format("HH:mm")}）`,
                  })),
                  { value: OTHER, label: "其他地点…" },
                ]}
                data-testid="errand-where"
              />
            </Form.Item>
            {where === OTHER && (
              <Form.Item name="place" style={{ flex: "0 1 240px" }}>
                <Input placeholder="如：3号楼前、老人家中" maxLength={50} data-testid="errand-place" />
              </Form.Item>
            )}
          </Flex>
          <Flex gap={16} wrap>
            <Form.Item name="outcome" label="办理结果" style={{ flex: "none" }}>
              <Radio.Group
                optionType="button"
                style={{ whiteSpace: "nowrap" }}
                options={OUTCOMES.map((o) => ({ value: o, label: OUTCOME_LABELS[o] }))}
                data-testid="errand-outcome"
              />
            </Form.Item>
            <Form.Item name="note" label="备注" style={{ flex: "1 1 300px" }}>
              <Input
                placeholder="如：缺户口本复印件，约下周一再来"
                maxLength={500}
                data-testid="errand-note"
              />
            </Form.Item>
          </Flex>
          {error && (
            <Form.Item label=" ">
              <Alert type="error" showIcon title={error} data-testid="errand-error" />
            </Form.Item>
          )}
          <Form.Item label=" ">
            <Flex gap={16} align="center" wrap>
              <Button
                type="primary"
                size="large"
                htmlType="button"
                loading={saving}
                onClick={() => form.submit()}
                style={{ minWidth: 120 }}
                data-testid="errand-submit"
              >
                登记（回车）
              </Button>
              {last && (
                <Typography.Text data-testid="errand-last">
                  <CheckCircleFilled style={{ color: "#389e0d" }} /> 已登记：{dayjs(last.at).format("HH:mm")}{" "}
                  {typeName(last.typeId) || last.typeName}
                  {last.residentName ? `（${last.residentName}）` : ""}，{OUTCOME_LABELS[last.outcome]}
                  。请接待下一位
                </Typography.Text>
              )}
            </Flex>
          </Form.Item>
        </Form>
      </Card>

      <ErrandLog types={types} staff={state.staff} active={active} />
      {managing && (
        <ErrandTypesModal
          types={types}
          onClose={() => setManaging(false)}
          onChanged={() => void queryClient.invalidateQueries({ queryKey: keys.errandTypes })}
        />
      )}
    </div>
  );
}
