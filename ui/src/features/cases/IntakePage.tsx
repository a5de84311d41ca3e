import { useMutation } from "@tanstack/react-query";
import {
  Alert,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  Popconfirm,
  Radio,
  Select,
  Space,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from "react";
import {
  type Case,
  type Category,
  commands,
  type NewCase,
  type SimilarCase,
  type Staff,
  type Urgency,
} from "../../bindings";
import { scaled } from "../../lib/display";
import { applyFieldErrors, call, clearFieldErrors, errorMessage, IpcError } from "../../lib/ipc";
import SkipClearButton from "../../lib/SkipClearButton";
import IntakeSuccess from "./IntakeSuccess";
import { CHANNEL_LABELS, CHANNELS, type Channel, URGENCIES, URGENCY_LABELS } from "./labels";
import SimilarPanel, { type AddressValues, useSimilar } from "./SimilarPanel";

type Values = {
  channel: Channel;
  residentName?: string;
  phone?: string;
  address: AddressValues;
  categoryId?: number | null;
  title?: string;
  description?: string;
  receivedAt?: Dayjs | null;
  urgency: Urgency;
  assigneeId?: number | null;
};

/** Field names the server may refuse, as form paths (`address.room` → ['address','room']). */
const FORM_FIELDS = [
  "channel",
  "residentName",
  "phone",
  "address.compound",
  "address.building",
  "address.entrance",
  "address.room",
  "address.place",
  "categoryId",
  "title",
  "description",
  "receivedAt",
  "urgency",
  "assigneeId",
] as const;

const TITLE_REQUIRED = "请填写标题：用一句话概括居民反映的问题";
const FUTURE_TIME = "受理时间不能晚于现在，请检查日期和时间";

// 32 hex digits; randomUUID only exists in a secure context.
const formKey = (): string =>
  typeof crypto.randomUUID === "function"
    ? crypto.randomUUID()
    : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("");

const freshValues = (): Values => ({ channel: "visit", address: {}, receivedAt: dayjs(), urgency: "normal" });

/** Empty or blank → null; otherwise the text as typed (the server trims). */
function text(value: string | undefined): string | null {
  return value && value.trim() !== "" ? value : null;
}

type Props = {
  active: boolean;
  categories: Category[];
  staff: Staff[];
  onCreated: (c: Case) => void;
  onOpenCase: (id: number, number?: string) => void;
};

/** 登记诉求: the intake form. Nothing is kept unless the server accepted the whole case. */
export default function IntakePage({ active, categories, staff, onCreated, onOpenCase }: Props) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<Case | null>(null);
  // The earlier case this one repeats, picked from the similar-cases panel.
  const [duplicateOf, setDuplicateOf] = useState<SimilarCase | null>(null);
  const title = Form.useWatch("title", form) ?? "";
  const description = Form.useWatch("description", form) ?? "";
  const address = Form.useWatch("address", form);
  const similar = useSimilar(title, description, address, active && !created);
  const channelRef = useRef<HTMLDivElement>(null);
  // Whether the user picked a 受理时间; if not, the server stamps the time of saving.
  const receivedAtPicked = useRef(false);
  // This form's key: a save sent again after its answer was lost (a dropped connection)
  // gets back the case the first save made, not a second one. New for each new case.
  const requestKey = useRef(formKey());

  const categoryOptions = useMemo(
    () =>
      categories
        .filter((c) => c.active)
        .sort((a, b) => a.sortOrder - b.sortOrder)
        .map((c) => ({ value: c.id, label: c.name })),
    [categories],
  );

  const focusChannel = useCallback(() => {
    channelRef.current?.querySelector<HTMLInputElement>("input:checked, input")?.focus();
  }, []);

  // Each time the page is shown: focus 来源, and an untouched 受理时间 follows the clock.
  useEffect(() => {
    if (!active || created) return;
    if (!receivedAtPicked.current) form.setFieldValue("receivedAt", dayjs());
    focusChannel();
  }, [active, created, form, focusChannel]);

  const create = useMutation({
    // A picked repeat goes with the save: the core saves and links in one transaction,
    // so a link it refuses saves nothing and the form stays as typed.
    mutationFn: (input: NewCase) => call(commands.createCase(input)),
    onSuccess: (c) => {
      setCreated(c);
      onCreated(c);
    },
    onError: (e) => {
      // Keep everything typed; put each refusal next to its field.
      const unplaced = applyFieldErrors(form, e, FORM_FIELDS);
      if (e instanceof IpcError && e.code === "invalid_input") {
        const placed = e.fields.length - unplaced.length;
        setError(
          [placed > 0 ? `有 ${placed} 处需要修改，请看标红的项目，改好后再点「登记」` : "", ...unplaced]
            .filter(Boolean)
            .join("；") || e.message,
        );
      } else {
        setError(`没有登记成功：${errorMessage(e)}。已填写的内容都还在，可以直接再试一次。`);
      }
    },
  });
  const saving = create.isPending;

  const submit = (v: Values) => {
    setError(null);
    const input: NewCase = {
      channel: v.channel,
      residentName: text(v.residentName),
      phone: text(v.phone),
      address: {
        compound: text(v.address?.compound),
        building: text(v.address?.building),
        entrance: text(v.address?.entrance),
        room: text(v.address?.room),
        place: text(v.address?.place),
      },
      categoryId: v.categoryId ?? null,
      title: v.title ?? "",
      description: text(v.description),
      // Untouched means "now", taken by the server when it saves.
      receivedAt: receivedAtPicked.current && v.receivedAt ? v.receivedAt.toISOString() : null,
      urgency: v.urgency ?? "normal",
      assigneeId: v.assigneeId ?? null,
      requestKey: requestKey.current,
      duplicateOf: duplicateOf?.case.number ?? null,
    };
    create.mutate(input);
  };

  const startNext = () => {
    form.resetFields();
    form.setFieldsValue(freshValues());
    receivedAtPicked.current = false;
    requestKey.current = formKey();
    setError(null);
    setCreated(null);
    setDuplicateOf(null);
  };

  // Ctrl+Enter submits from anywhere in the form. A plain Enter never does: the submit button
  // is not a submit-type button, so the browser has nothing to submit implicitly.
  const onKeyDown = (e: KeyboardEvent<HTMLFormElement>) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      if (!saving) form.submit();
    }
  };

  // A refusal under a field goes away as soon as that field is edited.
  const clearErrorsOf = (changed: Partial<Values>) => {
    const paths: string[][] = [];
    for (const [k, val] of Object.entries(changed)) {
      if (k === "address" && val && typeof val === "object") {
        for (const sub of Object.keys(val)) paths.push(["address", sub]);
      } else if (k !== "title" && k !== "receivedAt") {
        paths.push([k]);
      }
    }
    clearFieldErrors(form, paths);
  };

  if (created) {
    return <IntakeSuccess created={created} onOpenCase={onOpenCase} onNext={startNext} />;
  }

  return (
    <div>
      <Flex align="baseline" gap={16} style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          登记诉求
        </Typography.Title>
        <Typography.Text type="secondary">带 * 的为必填项；填好后点「登记」，或按 Ctrl+Enter</Typography.Text>
      </Flex>
      {/* With large text in a small window, 可能重复的诉求 goes below the form. */}
      <Flex gap={16} align="flex-start" wrap>
        <Card style={{ flex: "1 1 0", minWidth: scaled(480), maxWidth: 980 }}>
          <Form<Values>
            form={form}
            layout="horizontal"
            labelCol={{ flex: `0 0 ${scaled(104)}` }}
            labelWrap
            wrapperCol={{ flex: "1 1 0", style: { minWidth: 0 } }}
            colon={false}
            initialValues={freshValues()}
            onFinish={submit}
            onValuesChange={clearErrorsOf}
            onKeyDown={onKeyDown}
            scrollToFirstError={{ block: "center" }}
            autoComplete="off"
          >
            <Form.Item name="channel" label="来源" required>
              <Radio.Group
                ref={channelRef}
                optionType="button"
                buttonStyle="solid"
                options={CHANNELS.map((c) => ({ value: c, label: CHANNEL_LABELS[c] }))}
                data-testid="intake-channel"
              />
            </Form.Item>

            <Flex gap={16}>
              <Form.Item name="residentName" label="居民姓名" style={{ flex: "2 1 0", minWidth: 0 }}>
                <Input placeholder="如 刘涵" data-testid="intake-resident" maxLength={30} />
              </Form.Item>
              <Form.Item
                name="phone"
                label="联系电话"
                labelCol={{ flex: "none" }}
                style={{ flex: "3 1 0", minWidth: 0 }}
                extra="意见箱匿名纸条可不填"
              >
                <Input placeholder="手机或带区号的座机" data-testid="intake-phone" />
              </Form.Item>
            </Flex>

            <Form.Item label="住址" style={{ marginBottom: 0 }}>
              <Flex gap={12}>
                <Form.Item name={["address", "compound"]} style={{ flex: "2 1 0", minWidth: 0 }}>
                  <Input placeholder="小区，如 润都荣园" data-testid="intake-compound" />
                </Form.Item>
                <Form.Item name={["address", "building"]} style={{ flex: "1 1 0", minWidth: 0 }}>
                  <Input placeholder="楼栋" suffix="栋" data-testid="intake-building" />
                </Form.Item>
                <Form.Item name={["address", "entrance"]} style={{ flex: "1 1 0", minWidth: 0 }}>
                  <Input placeholder="单元" suffix="单元" data-testid="intake-entrance" />
                </Form.Item>
                <Form.Item name={["address", "room"]} style={{ flex: "1 1 0", minWidth: 0 }}>
                  <Input placeholder="户号" suffix="室" data-testid="intake-room" />
                </Form.Item>
              </Flex>
            </Form.Item>

            <Form.Item name={["address", "place"]} label="或公共地点">
              <Input placeholder="不在某户时填写，如 南门广场、地下车库" data-testid="intake-place" />
            </Form.Item>

            <SkipClearButton>
              <Form.Item name="categoryId" label="分类">
                <Select
                  placeholder="选择分类"
                  options={categoryOptions}
                  allowClear
                  showSearch={{ optionFilterProp: "label" }}
                  virtual={false}
                  style={{ maxWidth: 320 }}
                  data-testid="intake-category"
                  notFoundContent="没有可用的分类，请在「设置」里添加"
                />
              </Form.Item>
            </SkipClearButton>

            {/* One row like the others: 紧急 / 一般 / 复杂 never break, and on a narrow window
                承办人 moves below them rather than squeezing them. */}
            <Form.Item label="紧急程度" htmlFor="intake-urgency">
              <Flex wrap gap={16} align="center">
                <Form.Item name="urgency" noStyle>
                  <Radio.Group
                    id="intake-urgency"
                    optionType="button"
                    options={URGENCIES.map((u) => ({ value: u, label: URGENCY_LABELS[u] }))}
                    style={{ display: "inline-flex", whiteSpace: "nowrap" }}
                    data-testid="intake-urgency"
                  />
                </Form.Item>
                <Flex align="center" gap={8}>
                  <label htmlFor="intake-assignee">承办人</label>
                  <SkipClearButton>
                    <Form.Item name="assigneeId" noStyle>
                      <Select
                        id="intake-assignee"
                        placeholder="可不选"
                        allowClear
                        options={staff.filter((s) => s.active).map((s) => ({ value: s.id, label: s.name }))}
                        style={{ width: scaled(180) }}
                        data-testid="intake-assignee"
                      />
                    </Form.Item>
                  </SkipClearButton>
                </Flex>
              </Flex>
            </Form.Item>

            <Form.Item
              name="title"
              label="标题"
              required
              rules={[{ required: true, whitespace: true, message: TITLE_REQUIRED }]}
            >
              <Input
                placeholder="用一句话概括，如：南门广场路面坑洼，雨后积水严重"
                maxLength={100}
                showCount
                data-testid="intake-title"
              />
            </Form.Item>

            <Form.Item name="description" label="问题描述">
              {/* Counts to 5000 without cutting: an over-long paste reaches the server, whose
                message then shows here. */}
              <Input.TextArea
                placeholder="居民反映的具体情况：时间、地点、经过、诉求"
                count={{ show: true, max: 5000 }}
                autoSize={{ minRows: 5, maxRows: 14 }}
                data-testid="intake-description"
              />
            </Form.Item>

            <Form.Item
              name="receivedAt"
              label="受理时间"
              rules={[
                {
                  validator: (_, value: Dayjs | null | undefined) =>
                    value?.isAfter(dayjs().add(5, "minute"))
                      ? Promise.reject(new Error(FUTURE_TIME))
                      : Promise.resolve(),
                },
              ]}
            >
              <DatePicker
                showTime={{ format: "HH:mm" }}
                format="YYYY-MM-DD HH:mm"
                allowClear={false}
                disabledDate={(d) => d.isAfter(dayjs(), "day")}
                onChange={() => {
                  receivedAtPicked.current = true;
                }}
                style={{ width: scaled(220) }}
                data-testid="intake-received"
              />
            </Form.Item>

            {error && (
              <Form.Item label=" ">
                <Alert type="error" showIcon title={error} data-testid="intake-error" />
              </Form.Item>
            )}

            {/* Kept at the bottom of the window however long the form: 登记 is never below the fold. */}
            <div className="sd-sticky-actions" data-testid="intake-actions">
              <Space size="middle" wrap>
                <Button
                  type="primary"
                  size="large"
                  htmlType="button"
                  loading={saving}
                  onClick={() => form.submit()}
                  data-testid="intake-submit"
                  style={{ minWidth: 120 }}
                >
                  登记
                </Button>
                <Popconfirm
                  title="清空已填写的内容？"
                  okText="清空"
                  cancelText="不清空"
                  onConfirm={() => {
                    startNext();
                    focusChannel();
                  }}
                >
                  <Button size="large">清空重填</Button>
                </Popconfirm>
              </Space>
            </div>
          </Form>
        </Card>
        <SimilarPanel state={similar} picked={duplicateOf} onPick={setDuplicateOf} onOpenCase={onOpenCase} />
      </Flex>
    </div>
  );
}
