import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  AutoComplete,
  type ButtonProps,
  Checkbox,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Select,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import {
  commands,
  type EditScope,
  type EventInput,
  type EventKind,
  type EventSaved,
  type OccurrenceDetail,
  type Staff,
} from "../../bindings";
import { scaled } from "../../lib/display";
import { call, errorMessage, IpcError } from "../../lib/ipc";
import { keys, useParties } from "../../lib/queries";
import TimeRangeFields from "../../lib/TimeRangeFields";
import { placeErrors, text } from "../meetings/labels";
import {
  chinaClock,
  chinaInstant,
  chinaToday,
  cn,
  EVENT_KIND_LABELS,
  EVENT_KINDS,
  PLACE_SUGGESTIONS,
  WEEKDAY_LABELS,
  WEEKDAYS,
  type Weekday,
} from "./labels";
import { buildRule, type EndKind, NTH_LABELS, parseRule, type Repeat, type RepeatKind } from "./recurrence";

export const SCOPE_LABELS: Record<EditScope, string> = {
  this: "仅此次",
  following: "此次及以后",
  all: "全部",
};

type Values = {
  kind: EventKind;
  title?: string;
  date?: Dayjs | null;
  start?: Dayjs | null;
  end?: Dayjs | null;
  place?: string;
  /** A party's id from the directory, or a name typed anew (added to it on saving). */
  partners: (number | string)[];
  staffIds: number[];
  volunteers: string[];
  description?: string;
  capacity?: number | null;
  audience?: string;
  bring?: string;
  link?: string;
  repeatKind: RepeatKind;
  weekdays: Weekday[];
  nth: number;
  monthWeekday: Weekday;
  custom?: string;
  endKind: EndKind;
  until?: Dayjs | null;
  count?: number | null;
  exdates: Dayjs[];
  skipHolidays: boolean;
};

const KNOWN = (f: string) =>
  [
    "kind",
    "title",
    "start",
    "end",
    "place",
    "partners",
    "staffIds",
    "volunteers",
    "description",
    "capacity",
    "audience",
    "bring",
    "link",
    "exdates",
  ].includes(f);

function fromRepeat(
  r: Repeat,
): Pick<
  Values,
  "repeatKind" | "weekdays" | "nth" | "monthWeekday" | "custom" | "endKind" | "until" | "count"
> {
  return {
    repeatKind: r.kind,
    weekdays: r.weekdays,
    nth: r.nth,
    monthWeekday: r.monthWeekday,
    custom: r.custom,
    endKind: r.end,
    until: r.until ? dayjs(r.until) : null,
    count: r.count,
  };
}

function toRepeat(v: Values): Repeat {
  return {
    kind: v.repeatKind,
    weekdays: v.weekdays ?? [],
    nth: v.nth,
    monthWeekday: v.monthWeekday,
    custom: v.custom ?? "",
    end: v.endKind,
    until: v.until ? v.until.format("YYYY-MM-DD") : null,
    count: v.count ?? null,
  };
}

function initialValues(edit: Edit | null, currentStaff: Staff | null): Values {
  if (edit) {
    const { detail, scope } = edit;
    const e = detail.event;
    const item = detail.item;
    const src = scope === "all" ? { start: e.start, end: e.end } : { start: item.start, end: item.end };
    const date = cn(src.start).format("YYYY-MM-DD");
    return {
      kind: e.kind,
      title: scope === "all" ? e.title : item.title,
      date: dayjs(date),
      start: chinaClock(src.start),
      end: chinaClock(src.end),
      place: scope === "all" ? e.place : item.place,
      // Names past the ids are free text typed before partners came from the directory.
      partners: [...e.partnerIds, ...e.partners.slice(e.partnerIds.length)],
      staffIds: (scope === "all" ? e.staff : item.staff).map((s) => s.id),
      volunteers: scope === "all" ? e.volunteers : item.volunteers,
      description: (scope === "all" ? e.description : item.description) ?? undefined,
      capacity: scope === "all" ? e.capacity : item.capacity,
      audience: e.audience ?? undefined,
      bring: e.bring ?? undefined,
      link: e.link ?? undefined,
      ...fromRepeat(parseRule(e.rrule, cn(e.start).format("YYYY-MM-DD"))),
      exdates: e.exdates.map((d) => dayjs(d)),
      skipHolidays: e.skipHolidays,
    };
  }
  const date = dayjs(chinaToday()).add(1, "day");
  return {
    kind: "clinic",
    date,
    start: date.hour(9).minute(0),
    end: date.hour(11).minute(0),
    partners: [],
    staffIds: currentStaff ? [currentStaff.id] : [],
    volunteers: [],
    capacity: null,
    ...fromRepeat(parseRule(null, date.format("YYYY-MM-DD"))),
    exdates: [],
    skipHolidays: false,
  };
}

type Edit = { detail: OccurrenceDetail; scope: EditScope };

type Props = {
  /** `null` schedules a new event. */
  edit: Edit | null;
  staff: Staff[];
  currentStaff: Staff | null;
  /** Places of events on the calendar, offered with the usual ones. */
  places: string[];
  onClose: () => void;
  onSaved: (saved: EventSaved) => void;
};

/** 新建活动 / 修改活动: kind, title, time and place, who is on duty, sign-up limit, repeat. */
export default function EventForm({ edit, staff, currentStaff, places, onClose, onSaved }: Props) {
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const repeatKind = Form.useWatch("repeatKind", form);
  const endKind = Form.useWatch("endKind", form);
  const date = Form.useWatch("date", form);
  const onlyThis = edit?.scope === "this";
  const placeOptions = [...new Set([...PLACE_SUGGESTIONS, ...places])].map((p) => ({ value: p }));
  const queryClient = useQueryClient();
  const parties = useParties();
  const partnerOptions = (parties.data ?? [])
    .filter((p) => p.active)
    .map((p) => ({ value: p.id as number | string, label: p.name }));

  const submit = async (shown: Values) => {
    setError(null);
    // Fields of a hidden section (the repeat's end when 不重复) keep their values.
    const v: Values = { ...(form.getFieldsValue(true) as Values), ...shown };
    if (!v.date || !v.start || !v.end) return;
    const day = v.date.format("YYYY-MM-DD");
    const input: EventInput = {
      kind: v.kind,
      title: v.title ?? "",
      start: chinaInstant(day, v.start.format("HH:mm")),
      end: chinaInstant(day, v.end.format("HH:mm")),
      place: v.place ?? "",
      partnerIds: (v.partners ?? []).filter((p): p is number => typeof p === "number"),
      partners: (v.partners ?? []).filter((p): p is string => typeof p === "string"),
      staffIds: v.staffIds ?? [],
      volunteers: v.volunteers ?? [],
      description: text(v.description),
      // A "this one" edit changes only the occurrence's own fields; the series keeps its rule.
      rrule: onlyThis ? null : buildRule(toRepeat(v)),
      exdates: onlyThis ? [] : (v.exdates ?? []).map((d) => d.format("YYYY-MM-DD")),
      // Which days are holidays is decided in Rust, from the station's calendar.
      skipHolidays: !onlyThis && v.repeatKind !== "none" && (v.skipHolidays ?? false),
      capacity: v.capacity ?? null,
      audience: text(v.audience),
      bring: text(v.bring),
      link: text(v.link),
    };
    setSaving(true);
    try {
      const saved = await call(
        edit
          ? commands.editEvent({
              eventId: edit.detail.event.id,
              occurrenceStart: edit.detail.item.occurrenceStart,
              scope: edit.scope,
              input,
            })
          : commands.createEvent(input),
      );
      // Partners typed anew were added to the directory.
      void queryClient.invalidateQueries({ queryKey: keys.parties });
      onSaved(saved);
    } catch (e) {
      const rest = placeErrors(form, e, KNOWN);
      if (e instanceof IpcError && e.code === "invalid_input")
        setError(rest.length > 0 ? rest.join("；") : "有几处需要修改，请看标红的项目，改好后再保存");
      else setError(`没有保存：${errorMessage(e)}。已填写的内容都还在，可以直接再试一次。`);
    } finally {
      setSaving(false);
    }
  };

  const title = edit ? `修改活动（${SCOPE_LABELS[edit.scope]}）` : "新建活动";
  return (
    <Modal
      open
      title={title}
      width={820}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
      okText={edit ? "保存修改" : "保存活动"}
      cancelText="取消"
      confirmLoading={saving}
      onOk={() => form.submit()}
      okButtonProps={{ "data-testid": "event-submit" } as ButtonProps}
    >
      <Form<Values>
        form={form}
        layout="horizontal"
        labelCol={{ flex: `0 0 ${scaled(96)}` }}
        wrapperCol={{ flex: "1 1 0", style: { minWidth: 0 } }}
        colon={false}
        initialValues={initialValues(edit, currentStaff)}
        onFinish={(v) => void submit(v)}
        autoComplete="off"
        onKeyDown={(e) => {
          if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            form.submit();
          }
        }}
        style={{ marginTop: 12, maxHeight: "calc(100vh - 240px)", overflowY: "auto", paddingRight: 8 }}
        data-testid="event-form"
      >
        <Form.Item name="kind" label="活动类型" required>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={EVENT_KINDS.map((k) => ({ value: k, label: EVENT_KIND_LABELS[k] }))}
            disabled={onlyThis}
            data-testid="event-kind"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label="活动名称"
          rules={[{ required: true, whitespace: true, message: "请填写活动名称（如：社区义诊）" }]}
        >
          <Input
            placeholder="如：社区卫生服务中心义诊"
            maxLength={60}
            showCount
            autoFocus
            data-testid="event-title"
          />
        </Form.Item>
        <TimeRangeFields
          label={onlyThis ? "这次时间" : "活动时间"}
          testIdPrefix="event"
          extra={
            edit?.scope === "all" && (
              <Typography.Text type="secondary" style={{ lineHeight: "32px" }}>
                日期为第一次活动的日期
              </Typography.Text>
            )
          }
        />
        <Form.Item
          name="place"
          label="活动地点"
          rules={[{ required: true, whitespace: true, message: "请填写活动地点（如：服务站、南门广场）" }]}
        >
          <AutoComplete
            options={placeOptions}
            showSearch={{
              filterOption: (input, option) => String(option?.value ?? "").includes(input.trim()),
            }}
            style={{ maxWidth: 420 }}
          >
            <Input
              placeholder="服务站或小区里的地方，如：南门广场"
              maxLength={50}
              data-testid="event-place"
            />
          </AutoComplete>
        </Form.Item>
        {!onlyThis && (
          <Form.Item
            name="partners"
            label="合作单位"
            extra="从相关方名录中选，可选多个；名录里没有的，输入名称后按回车，保存时加入名录"
          >
            <Select
              mode="tags"
              options={partnerOptions}
              optionFilterProp="label"
              placeholder="如：社区卫生服务中心"
              tokenSeparators={["，", ","]}
              data-testid="event-partners"
            />
          </Form.Item>
        )}
        <Form.Item name="staffIds" label="当班人员">
          <Checkbox.Group data-testid="event-staff">
            {staff
              .filter((s) => s.active)
              .map((s) => (
                <Checkbox key={s.id} value={s.id} data-testid={`event-staff-${s.name}`}>
                  {s.name}
                </Checkbox>
              ))}
          </Checkbox.Group>
        </Form.Item>
        <Form.Item name="volunteers" label="志愿者" extra="输入姓名后按回车，可填多人">
          <Select
            mode="tags"
            open={false}
            suffixIcon={null}
            placeholder="如：李桂兰"
            tokenSeparators={["，", ",", "、"]}
            data-testid="event-volunteers"
          />
        </Form.Item>
        <Form.Item name="capacity" label="报名名额" extra="超出名额的报名进入候补；不限名额请留空">
          <InputNumber
            min={1}
            max={10000}
            precision={0}
            placeholder="不限"
            style={{ width: scaled(150) }}
            data-testid="event-capacity"
          />
        </Form.Item>
        <Form.Item name="description" label="活动说明">
          <Input.TextArea
            placeholder="服务内容等（印在活动通知上）"
            autoSize={{ minRows: 2, maxRows: 6 }}
            maxLength={2000}
            data-testid="event-description"
          />
        </Form.Item>
        {!onlyThis && (
          <>
            <Form.Item name="audience" label="面向对象" extra="印在活动通知上；不填则印“本社区居民”">
              <Input
                placeholder="如：辖区60岁以上老人"
                maxLength={50}
                showCount
                style={{ maxWidth: 420 }}
                data-testid="event-audience"
              />
            </Form.Item>
            <Form.Item name="bring" label="请携带">
              <Input
                placeholder="如：身份证、医保卡、既往病历"
                maxLength={100}
                showCount
                data-testid="event-bring"
              />
            </Form.Item>
            <Form.Item
              name="link"
              label="报名/咨询链接"
              extra="印成活动通知上的二维码：网址或微信号；不填则用 设置 → 服务站 里的二维码链接"
            >
              <Input
                placeholder="如：https://wj.qq.com/s2/123456 或 微信号 sqfw2026"
                maxLength={300}
                data-testid="event-link"
              />
            </Form.Item>
          </>
        )}
        {!onlyThis && (
          <>
            <Form.Item name="repeatKind" label="重复">
              <Radio.Group
                options={[
                  { value: "none", label: "不重复" },
                  {
                    value: "weekly",
                    label: `每周${date ? WEEKDAY_LABELS[WEEKDAYS[(date.day() + 6) % 7]].slice(1) : ""}`,
                  },
                  { value: "monthly", label: "每月第N个周X" },
                  { value: "custom", label: "自定义规则" },
                ]}
                onChange={(e) => {
                  if (!date) return;
                  const wd = WEEKDAYS[(date.day() + 6) % 7];
                  if (e.target.value === "weekly") form.setFieldValue("weekdays", [wd]);
                  if (e.target.value === "monthly") {
                    form.setFieldValue("monthWeekday", wd);
                    form.setFieldValue("nth", Math.min(4, Math.ceil(date.date() / 7)));
                  }
                }}
                data-testid="event-repeat"
              />
            </Form.Item>
            {repeatKind === "weekly" && (
              <Form.Item name="weekdays" label="每周" rules={[{ required: true, message: "请选择星期几" }]}>
                <Checkbox.Group
                  options={WEEKDAYS.map((d) => ({ value: d, label: WEEKDAY_LABELS[d] }))}
                  data-testid="event-weekdays"
                />
              </Form.Item>
            )}
            {repeatKind === "monthly" && (
              <Form.Item label="每月" style={{ marginBottom: 0 }}>
                <Flex gap={8}>
                  <Form.Item name="nth">
                    <Select
                      style={{ width: scaled(120) }}
                      options={[1, 2, 3, 4, -1].map((n) => ({ value: n, label: NTH_LABELS[n] }))}
                      data-testid="event-nth"
                    />
                  </Form.Item>
                  <Form.Item name="monthWeekday">
                    <Select
                      style={{ width: scaled(100) }}
                      options={WEEKDAYS.map((d) => ({ value: d, label: WEEKDAY_LABELS[d] }))}
                      data-testid="event-month-weekday"
                    />
                  </Form.Item>
                </Flex>
              </Form.Item>
            )}
            {repeatKind === "custom" && (
              <Form.Item
                name="custom"
                label="重复规则"
                rules={[{ required: true, whitespace: true, message: "请填写重复规则" }]}
                extra="RFC 5545 写法，如每两周一次的周三：FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"
              >
                <Input placeholder="FREQ=WEEKLY;BYDAY=TH" data-testid="event-rrule" />
              </Form.Item>
            )}
            {(repeatKind === "weekly" || repeatKind === "monthly") && (
              <Form.Item label="结束" style={{ marginBottom: 0 }}>
                <Flex gap={8} align="flex-start" wrap>
                  <Form.Item name="endKind">
                    <Radio.Group
                      options={[
                        { value: "never", label: "一直重复" },
                        { value: "until", label: "到某天为止" },
                        { value: "count", label: "共几次" },
                      ]}
                      data-testid="event-end-kind"
                    />
                  </Form.Item>
                  {endKind === "until" && (
                    <Form.Item name="until" rules={[{ required: true, message: "请选择最后一天" }]}>
                      <DatePicker
                        placeholder="最后一天"
                        style={{ width: scaled(150) }}
                        data-testid="event-until"
                      />
                    </Form.Item>
                  )}
                  {endKind === "count" && (
                    <Form.Item name="count" rules={[{ required: true, message: "请填写次数" }]}>
                      <InputNumber
                        min={1}
                        max={500}
                        precision={0}
                        suffix="次"
                        style={{ width: scaled(110) }}
                        data-testid="event-count"
                      />
                    </Form.Item>
                  )}
                </Flex>
              </Form.Item>
            )}
            {repeatKind !== "none" && (
              <>
                <Form.Item
                  name="skipHolidays"
                  valuePropName="checked"
                  label=" "
                  colon={false}
                  extra="法定节假日（按 设置 → 节假日 里的安排）当天不举办；周末和调休上班日照常举办"
                >
                  <Checkbox data-testid="event-skip-holidays">节假日不举办</Checkbox>
                </Form.Item>
                <Form.Item name="exdates" label="不举办的日期" extra="其他不举办的日子，可选多天">
                  <DatePicker
                    multiple
                    placeholder="选择日期"
                    style={{ maxWidth: 420, width: "100%" }}
                    data-testid="event-exdates"
                  />
                </Form.Item>
              </>
            )}
          </>
        )}
        {error && (
          <Form.Item label=" ">
            <Alert type="error" showIcon title={error} data-testid="event-error" />
          </Form.Item>
        )}
        <Typography.Text type="secondary" style={{ fontSize: scaled(13) }}>
          带 * 的为必填项；按 Ctrl+Enter 保存
        </Typography.Text>
      </Form>
    </Modal>
  );
}
