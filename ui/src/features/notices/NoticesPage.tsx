import { DeleteOutlined, FilePdfOutlined, PlusOutlined } from "@ant-design/icons";
import { Channel } from "@tauri-apps/api/core";
import {
  Affix,
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Flex,
  Form,
  type FormInstance,
  Input,
  Progress,
  Radio,
  Row,
  Segmented,
  Select,
  Tabs,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { type ReactNode, useEffect, useState } from "react";
import {
  type AppState,
  commands,
  type NoticeForm,
  type NoticePrintDetail,
  type NoticeProgress,
  type PrintedNotice,
} from "../../bindings";
import { scaled } from "../../lib/display";
import { call, errorMessage } from "../../lib/ipc";
import NoticePreviewModal from "./NoticePreviewModal";
import {
  batchAddressees,
  ENTRANCES,
  ENTRANCES_LABEL,
  type EventValues,
  eventInput,
  eventValues,
  FORM_KIND_LABELS,
  type FormKind,
  type MeetingValues,
  meetingInput,
  meetingValues,
  noticeTime,
} from "./noticeInput";
import PrintHistory from "./PrintHistory";

const ADDRESSEE_SUGGESTIONS = [
  "各楼门长",
  "业主代表",
  "居民代表",
  "物业服务中心",
  "全体居民",
  "各位居民朋友",
  "社区网格员",
];

/** `notice-field-<name>` on every input, as the tests find them. */
const tid = (name: string) => ({ "data-testid": `notice-field-${name}` });

function Section({ title, extra, children }: { title: string; extra?: ReactNode; children: ReactNode }) {
  return (
    <section style={{ marginBottom: 8 }}>
      <Flex align="baseline" gap={12} style={{ margin: "8px 0 12px" }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {children}
    </section>
  );
}

/** 会议时间 / 活动时间: free text, or picked and written the way notices write it. */
function TimeField({ form, label, name }: { form: FormInstance; label: string; name: string }) {
  return (
    <Form.Item label={label} required>
      <Flex gap={8}>
        <Form.Item
          name="time"
          noStyle
          rules={[{ required: true, whitespace: true, message: `请填写${label}` }]}
        >
          <Input placeholder="如：2026年7月15日（星期三）下午3:00" {...tid("time")} />
        </Form.Item>
        <DatePicker
          showTime={{ format: "HH:mm", minuteStep: 5 }}
          format="M月D日 HH:mm"
          placeholder="选择日期时间"
          style={{ width: scaled(170), flex: "none" }}
          onChange={(d: Dayjs | null) => {
            if (d) form.setFields([{ name: "time", value: noticeTime(d), errors: [] }]);
          }}
          data-testid={`notice-field-${name}-picker`}
        />
      </Flex>
    </Form.Item>
  );
}

/** 主送: every entrance (one page each) or names typed, together or one copy each. */
function AddresseeField() {
  return (
    <Section title="主送">
      <Form.Item name="addresseeMode" style={{ marginBottom: 12 }}>
        <Radio.Group
          data-testid="notice-field-addresseeMode"
          options={[
            { value: "custom", label: "自行填写" },
            { value: "entrances", label: ENTRANCES_LABEL },
          ]}
        />
      </Form.Item>
      <Form.Item noStyle shouldUpdate={(a, b) => a.addresseeMode !== b.addresseeMode}>
        {({ getFieldValue }) =>
          getFieldValue("addresseeMode") === "entrances" ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 16 }}
              title={`将生成 ${ENTRANCES.length} 页，每个单元一页，主送分别为 ${ENTRANCES.slice(0, 3).join("、")}……${ENTRANCES[ENTRANCES.length - 1]}，打印后张贴在各单元门口。`}
            />
          ) : (
            <>
              <Form.Item
                name="addresseeList"
                extra="可选下拉中的常用对象，也可以直接输入后按回车；不填则不写主送。"
              >
                <Select
                  mode="tags"
                  placeholder="如：各楼门长、业主代表"
                  tokenSeparators={["、", "，", ",", "；"]}
                  options={ADDRESSEE_SUGGESTIONS.map((s) => ({ value: s, label: s }))}
                  {...tid("addressees")}
                />
              </Form.Item>
              <Form.Item name="perAddressee" valuePropName="checked" style={{ marginTop: -8 }}>
                <Checkbox {...tid("perAddressee")}>每个主送对象单独打印一份（每份一页起）</Checkbox>
              </Form.Item>
            </>
          )
        }
      </Form.Item>
    </Section>
  );
}

function ContactAndIssuer() {
  return (
    <>
      <Section title="联系方式">
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="contact_person" label="联系人">
              <Input {...tid("contact_person")} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="contact_phone" label="联系电话">
              <Input placeholder="如：0311-85961234" {...tid("contact_phone")} />
            </Form.Item>
          </Col>
        </Row>
      </Section>
      <Section title="落款">
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item
              name="issuer"
              label="发文机关"
              rules={[{ required: true, whitespace: true, message: "请填写发文机关" }]}
            >
              <Input {...tid("issuer")} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="date" label="成文日期" extra="不填则为生成当天">
              <DatePicker format="YYYY年M月D日" style={{ width: "100%" }} {...tid("date")} />
            </Form.Item>
          </Col>
        </Row>
      </Section>
    </>
  );
}

function MeetingForm({ form, initial }: { form: FormInstance<MeetingValues>; initial: MeetingValues }) {
  return (
    <Form<MeetingValues> form={form} layout="vertical" initialValues={initial} requiredMark>
      <Section title="会议">
        <Form.Item
          name="meeting_name"
          label="会议名称"
          rules={[{ required: true, whitespace: true, message: "请填写会议名称" }]}
          extra={
            <Form.Item noStyle shouldUpdate={(a, b) => a.meeting_name !== b.meeting_name}>
              {({ getFieldValue }) =>
                `标题为：关于召开${getFieldValue("meeting_name")?.trim() || "……"}的通知`
              }
            </Form.Item>
          }
        >
          <Input placeholder="如：加装电梯议事协商会" {...tid("meeting_name")} />
        </Form.Item>
        <Form.Item name="purpose" label="会议目的" extra="接在“为”字后面，如：听取居民对加装电梯方案的意见">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 5 }} {...tid("purpose")} />
        </Form.Item>
        <TimeField form={form} label="会议时间" name="time" />
        <Form.Item
          name="place"
          label="会议地点"
          rules={[{ required: true, whitespace: true, message: "请填写会议地点" }]}
        >
          <Input placeholder="如：社区服务站二楼会议室" {...tid("place")} />
        </Form.Item>
      </Section>

      <AddresseeField />

      <Section title="参会人员">
        <Form.Item name="attendees_note" label="参会人员说明" extra="印在参会人员表上方，可不填">
          <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} {...tid("attendees_note")} />
        </Form.Item>
        <Form.List name="attendees">
          {(rows, { add, remove }) => (
            <div data-testid="notice-field-attendees">
              {rows.length > 0 && (
                <Row gutter={8} style={{ color: "#595959", marginBottom: 4 }}>
                  <Col span={5}>姓名</Col>
                  <Col span={7}>单位或楼栋</Col>
                  <Col span={5}>身份或职务</Col>
                  <Col span={6}>联系电话</Col>
                </Row>
              )}
              {rows.map((row, i) => (
                <Row key={row.key} gutter={8} style={{ marginBottom: 8 }}>
                  <Col span={5}>
                    <Form.Item name={[row.name, "name"]} noStyle>
                      <Input placeholder="姓名" {...tid(`attendees-${i}-name`)} />
                    </Form.Item>
                  </Col>
                  <Col span={7}>
                    <Form.Item name={[row.name, "unit"]} noStyle>
                      <Input placeholder="如：3栋2单元、物业服务中心" {...tid(`attendees-${i}-unit`)} />
                    </Form.Item>
                  </Col>
                  <Col span={5}>
                    <Form.Item name={[row.name, "role"]} noStyle>
                      <Input placeholder="如：楼门长" {...tid(`attendees-${i}-role`)} />
                    </Form.Item>
                  </Col>
                  <Col span={6}>
                    <Form.Item name={[row.name, "phone"]} noStyle>
                      <Input placeholder="电话" {...tid(`attendees-${i}-phone`)} />
                    </Form.Item>
                  </Col>
                  <Col span={1}>
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      aria-label="删除这一行"
                      onClick={() => remove(row.name)}
                    />
                  </Col>
                </Row>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({})}
                style={{ marginBottom: 16 }}
                data-testid="notice-field-attendees-add"
              >
                添加参会人员
              </Button>
            </div>
          )}
        </Form.List>
      </Section>

      <Section title="会议议程和有关要求">
        <Form.Item name="agenda" label="会议议程" extra="每行一项，打印时自动编号">
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 10 }} {...tid("agenda")} />
        </Form.Item>
        <Form.Item name="requirements" label="有关要求" extra="每行一项，如需携带的材料、到场时间">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 10 }} {...tid("requirements")} />
        </Form.Item>
      </Section>

      <ContactAndIssuer />

      <Section title="会议回执">
        <Form.Item name="withReplySlip" valuePropName="checked">
          <Checkbox {...tid("reply_slip")}>附会议回执（另起一页，请参会人员填写后交回）</Checkbox>
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a, b) => a.withReplySlip !== b.withReplySlip}>
          {({ getFieldValue }) =>
            getFieldValue("withReplySlip") && (
              <Row gutter={16}>
                <Col span={12}>
                  <Form.Item name="reply_deadline" label="回执截止时间">
                    <Input placeholder="如：7月14日17:00" {...tid("reply_deadline")} />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item name="reply_return_to" label="交回地点">
                    <Input {...tid("reply_return_to")} />
                  </Form.Item>
                </Col>
              </Row>
            )
          }
        </Form.Item>
        <Form.Item name="extra" label="补充说明" extra="印在正文最后，可不填">
          <Input.TextArea autoSize={{ minRows: 2, maxRows: 8 }} {...tid("extra")} />
        </Form.Item>
      </Section>
    </Form>
  );
}

function EventForm({ form, initial }: { form: FormInstance<EventValues>; initial: EventValues }) {
  return (
    <Form<EventValues> form={form} layout="vertical" initialValues={initial}>
      <Section title="活动">
        <Form.Item
          name="title"
          label="活动名称"
          rules={[{ required: true, whitespace: true, message: "请填写活动名称" }]}
          extra="印成大标题"
        >
          <Input placeholder="如：夏季义诊进社区" {...tid("title")} />
        </Form.Item>
        <Form.Item name="summary" label="活动简介">
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 8 }}
            placeholder="如：社区服务站联合社区卫生服务中心举办义诊，免费测量血压、血糖……"
            {...tid("summary")}
          />
        </Form.Item>
        <TimeField form={form} label="活动时间" name="time" />
        <Form.Item
          name="place"
          label="活动地点"
          rules={[{ required: true, whitespace: true, message: "请填写活动地点" }]}
        >
          <Input placeholder="如：中心广场（2栋南侧）" {...tid("place")} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="audience" label="服务对象">
              <Input {...tid("audience")} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="bring" label="请携带">
              <Input placeholder="如：身份证、医保卡" {...tid("bring")} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="signup" label="报名方式">
          <Input placeholder="如：微信扫描下方二维码报名，或电话咨询报名" {...tid("signup")} />
        </Form.Item>
        <Row gutter={16}>
          <Col span={14}>
            <Form.Item name="qr_text" label="二维码内容" extra="报名或咨询链接；不填则不印二维码">
              <Input placeholder="如：https://…" {...tid("qr_text")} />
            </Form.Item>
          </Col>
          <Col span={10}>
            <Form.Item name="qr_caption" label="二维码下方文字">
              <Input {...tid("qr_caption")} />
            </Form.Item>
          </Col>
        </Row>
      </Section>

      <AddresseeField />
      <ContactAndIssuer />
    </Form>
  );
}

type Props = { state: AppState };

type Tab = "new" | "history";

/**
 * 通知: fill in a 会议通知 or 活动通知, generate it (one page per entrance if asked) and
 * print; 打印记录 lists what was printed here, to open again or edit as a new one.
 */
export default function NoticesPage({ state }: Props) {
  const [tab, setTab] = useState<Tab>("new");
  const [kind, setKind] = useState<FormKind>("meeting");
  const [shownKind, setShownKind] = useState<FormKind>("meeting");
  const [pending, setPending] = useState<NoticePrintDetail | null>(null);
  const [meetingForm] = Form.useForm<MeetingValues>();
  const [eventForm] = Form.useForm<EventValues>();
  const [busy, setBusy] = useState(false);
  const [progress, setProgress] = useState<NoticeProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState<PrintedNotice | null>(null);

  const issuer = state.station?.name ?? "";
  const contact = state.currentStaff?.name ?? "";
  const phone = state.station?.phone ?? "";
  // The first values only: a form keeps what was typed when the other kind is shown.
  const [meetingInitial] = useState<MeetingValues>(() => ({
    addresseeMode: "custom",
    addresseeList: [],
    perAddressee: false,
    attendees: [{}, {}, {}],
    requirements: "请参会人员提前10分钟到场签到，因故不能参加的请提前请假。",
    reply_return_to: "社区服务站接待台",
    contact_person: contact,
    contact_phone: phone,
    issuer,
    date: dayjs(),
  }));
  const [eventInitial] = useState<EventValues>(() => ({
    addresseeMode: "custom",
    addresseeList: ["各位居民朋友"],
    perAddressee: false,
    audience: "辖区居民",
    qr_caption: "微信扫码报名",
    contact_person: contact,
    contact_phone: phone,
    issuer,
    date: dayjs(),
  }));

  const generate = async () => {
    const form: FormInstance<MeetingValues & EventValues> = kind === "meeting" ? meetingForm : eventForm;
    let values: MeetingValues & EventValues;
    try {
      values = await form.validateFields();
    } catch (e) {
      const first = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) form.scrollToField(first.name, { block: "center", behavior: "smooth" });
      return;
    }
    const notice: NoticeForm =
      kind === "meeting" ? { kind, input: meetingInput(values) } : { kind, input: eventInput(values) };
    const addressees = batchAddressees(values);
    const channel = new Channel<NoticeProgress>();
    channel.onmessage = (p) => setProgress(p);
    setBusy(true);
    setProgress(null);
    setError(null);
    try {
      setShown(await call(commands.printNotice(notice, addressees, channel)));
      setShownKind(kind);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  /** 打印记录 → 打开: rendered again from the kept form, into the preview. */
  const reopen = async (d: NoticePrintDetail) => {
    setShown(await call(commands.printNotice(d.notice, d.addressees, new Channel<NoticeProgress>())));
    setShownKind(d.notice.kind);
  };

  /** 打印记录 → 编辑为新通知: the kept form filled in on 新建通知 (applied once it is shown). */
  const edit = (d: NoticePrintDetail) => {
    setKind(d.notice.kind);
    setError(null);
    setTab("new");
    setPending(d);
  };
  useEffect(() => {
    if (!pending || kind !== pending.notice.kind) return;
    const day = (iso: string) => dayjs(iso);
    if (pending.notice.kind === "meeting") {
      meetingForm.resetFields();
      meetingForm.setFieldsValue(meetingValues(pending.notice.input, pending.addressees, day));
    } else {
      eventForm.resetFields();
      eventForm.setFieldsValue(eventValues(pending.notice.input, pending.addressees, day));
    }
    setPending(null);
  }, [pending, kind, meetingForm, eventForm]);

  const percent = progress && progress.total > 0 ? Math.round((progress.done / progress.total) * 100) : 0;
  const formCard = (
    <Card
      className="sd-wrap-head"
      title={
        <Segmented<FormKind>
          value={kind}
          onChange={(k) => {
            setKind(k);
            setError(null);
          }}
          options={(["meeting", "event"] as const).map((k) => ({ value: k, label: FORM_KIND_LABELS[k] }))}
          data-testid="notice-kind"
        />
      }
      extra={
        <Typography.Text type="secondary">
          按公文格式生成 A4 通知，预览后保存或打印；措辞可在“设置 → 通知模板”中修改
        </Typography.Text>
      }
      styles={{ body: { paddingBottom: 0 } }}
    >
      {kind === "meeting" ? (
        <MeetingForm form={meetingForm} initial={meetingInitial} />
      ) : (
        <EventForm form={eventForm} initial={eventInitial} />
      )}
      {/* The window scrolls the page: the button stays in sight at the bottom of a long form. */}
      <Affix offsetBottom={0}>
        <div
          style={{
            margin: "0 -24px",
            padding: "12px 24px",
            background: "#fff",
            borderTop: "1px solid #e5e8ee",
            borderRadius: "0 0 4px 4px",
          }}
        >
          {error && (
            <Alert
              type="error"
              showIcon
              title={error}
              style={{ marginBottom: 12 }}
              data-testid="notice-error"
              closable={{ onClose: () => setError(null) }}
            />
          )}
          <Flex align="center" gap={16}>
            <Button
              type="primary"
              size="large"
              icon={<FilePdfOutlined />}
              loading={busy}
              onClick={() => void generate()}
              data-testid="notice-generate"
            >
              生成{FORM_KIND_LABELS[kind]}
            </Button>
            {busy && (
              <div style={{ flex: 1, maxWidth: 420 }} data-testid="notice-progress">
                <Progress
                  percent={percent}
                  status="active"
                  size="small"
                  format={() =>
                    progress && progress.total > 1
                      ? `${Math.min(progress.done, progress.total - 1)}/${progress.total - 1} 份`
                      : "生成中"
                  }
                />
              </div>
            )}
          </Flex>
        </div>
      </Affix>
    </Card>
  );

  return (
    <div style={{ maxWidth: 960 }}>
      <Typography.Title level={4} style={{ margin: "0 0 4px" }}>
        通知
      </Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => setTab(k as Tab)}
        data-testid="notice-tabs"
        items={[
          { key: "new", label: <span data-testid="notice-tab-new">新建通知</span>, children: formCard },
          {
            key: "history",
            label: <span data-testid="notice-tab-history">打印记录</span>,
            children: <PrintHistory onOpen={reopen} onEdit={edit} />,
          },
        ]}
      />
      <NoticePreviewModal
        notice={shown}
        title={`${FORM_KIND_LABELS[shownKind]}预览`}
        onClose={() => setShown(null)}
      />
    </div>
  );
}
