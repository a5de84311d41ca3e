import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  AutoComplete,
  Button,
  Checkbox,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Typography,
} from "antd";
import type { Dayjs } from "dayjs";
import { useEffect, useMemo, useState } from "react";
import {
  commands,
  type LinkedCase,
  type Meeting,
  type MeetingInput,
  type MeetingKind,
  type MeetingSaved,
  type Staff,
} from "../../bindings";
import ActionLink from "../../lib/ActionLink";
import { scaled } from "../../lib/display";
import { call, errorMessage, IpcError } from "../../lib/ipc";
import { keys, useParties } from "../../lib/queries";
import TimeRangeFields from "../../lib/TimeRangeFields";
import { BORDER, MUTED } from "../../lib/theme";
import { PartyEditModal } from "../cases/detail/PartiesSection";
import { labelOf, PARTY_KIND_LABELS, PARTY_KINDS } from "../cases/labels";
import { chinaClock, chinaInstant } from "../schedule/labels";
import CasePicker from "./CasePicker";
import { MEETING_KIND_LABELS, placeErrors, text } from "./labels";

/** A bordered box around one agenda item or decision. */
const ITEM_BOX = {
  border: BORDER,
  borderRadius: 4,
  padding: "8px 8px 2px",
  background: "#fafbfc",
};

type AgendaValues = { title?: string; caseId?: number | null; note?: string };

type Values = {
  kind: MeetingKind;
  title?: string;
  purpose?: string;
  date?: Dayjs | null;
  start?: Dayjs | null;
  end?: Dayjs | null;
  place?: string;
  contactPerson?: string;
  contactPhone?: string;
  partyIds: number[];
  staffIds: number[];
  agenda: AgendaValues[];
};

const KNOWN = (f: string) =>
  [
    "kind",
    "title",
    "purpose",
    "start",
    "end",
    "place",
    "contactPerson",
    "contactPhone",
    "partyIds",
    "staffIds",
    "agenda",
  ].includes(f) || /^agenda\.\d+\.(title|note|caseId)$/.test(f);

/** The next full hour (China time), at least half an hour away. */
function nextSlot(): Dayjs {
  const t = chinaClock(new Date().toISOString()).add(30, "minute");
  return t.minute() === 0 ? t.second(0).millisecond(0) : t.add(1, "hour").minute(0).second(0).millisecond(0);
}

function initialValues(meeting: Meeting | null, staffId: number | null, staffName: string): Values {
  if (meeting) {
    return {
      kind: meeting.kind,
      title: meeting.title,
      purpose: meeting.purpose ?? undefined,
      date: chinaClock(meeting.start),
      start: chinaClock(meeting.start),
      end: chinaClock(meeting.end),
      place: meeting.place,
      contactPerson: meeting.contactPerson ?? undefined,
      contactPhone: meeting.contactPhone ?? undefined,
      partyIds: meeting.parties.map((p) => p.partyId),
      staffIds: meeting.staff.map((s) => s.staff.id),
      agenda: meeting.agenda.map((a) => ({
        title: a.title,
        caseId: a.case?.id ?? null,
        note: a.note ?? undefined,
      })),
    };
  }
  const start = nextSlot();
  return {
    kind: "consultation",
    date: start,
    start,
    end: start.add(90, "minute"),
    contactPerson: staffName,
    partyIds: [],
    staffIds: staffId === null ? [] : [staffId],
    agenda: [{}],
  };
}

/**
 * The purpose completes the notice's sentence 为……，经研究……: a leading 为 and the
 * closing punctuation people type out of habit would print twice.
 */
function clause(value: string | undefined): string | null {
  const t = text(value)
    ?.replace(/^为/, "")
    .replace(/[。；;，,.！!\s]+$/u, "");
  return t ? t : null;
}

/** A China wall-clock date and time as an instant, whatever the computer's zone. */
function at(date: Dayjs, time: Dayjs): string {
  return chinaInstant(date.format("YYYY-MM-DD"), time.format("HH:mm"));
}

type Props = {
  /** `null` schedules a new meeting. */
  meeting: Meeting | null;
  staff: Staff[];
  currentStaff: Staff | null;
  /** Places of earlier meetings, offered as the place is typed. */
  places: string[];
  onClose: () => void;
  onSaved: (saved: MeetingSaved) => void;
};

/** 新建会议 / 修改会议: kind, title, time and place, who is invited, the agenda. */
export default function MeetingForm({ meeting, staff, currentStaff, places, onClose, onSaved }: Props) {
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const queryClient = useQueryClient();
  const partiesQuery = useParties();
  const parties = useMemo(() => partiesQuery.data ?? [], [partiesQuery.data]);
  useEffect(() => {
    if (partiesQuery.error) message.error(errorMessage(partiesQuery.error));
  }, [partiesQuery.error, message]);
  const [creatingParty, setCreatingParty] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // Cases picked on the agenda, so each picker can show its case's number and title.
  const [cases, setCases] = useState<LinkedCase[]>(() =>
    (meeting?.agenda ?? []).flatMap((a) => (a.case ? [a.case] : [])),
  );

  const groups = useMemo(() => {
    const invited = new Set(meeting?.parties.map((p) => p.partyId) ?? []);
    return PARTY_KINDS.map((kind) => ({
      kind,
      items: parties.filter((p) => p.kind === kind && (p.active || invited.has(p.id))),
    })).filter((g) => g.items.length > 0);
  }, [parties, meeting]);

  const save = useMutation({
    mutationFn: (input: MeetingInput) =>
      call(meeting ? commands.updateMeeting(meeting.id, input) : commands.createMeeting(input)),
    onSuccess: onSaved,
    onError: (e) => {
      const rest = placeErrors(form, e, KNOWN);
      if (e instanceof IpcError && e.code === "invalid_input")
        setError(rest.length > 0 ? rest.join("；") : "有几处需要修改，请看标红的项目，改好后再保存");
      else setError(`没有保存：${errorMessage(e)}。已填写的内容都还在，可以直接再试一次。`);
    },
  });
  const saving = save.isPending;

  const submit = (v: Values) => {
    setError(null);
    if (!v.date || !v.start || !v.end) return;
    const input: MeetingInput = {
      kind: v.kind,
      title: v.title ?? "",
      purpose: clause(v.purpose),
      start: at(v.date, v.start),
      end: at(v.date, v.end),
      place: v.place ?? "",
      contactPerson: text(v.contactPerson),
      contactPhone: text(v.contactPhone),
      partyIds: v.partyIds ?? [],
      staffIds: v.staffIds ?? [],
      agenda: (v.agenda ?? [])
        .filter((a) => text(a.title) || a.caseId || text(a.note))
        .map((a) => ({ title: a.title ?? "", caseId: a.caseId ?? null, note: text(a.note) })),
    };
    save.mutate(input);
  };

  return (
    <Modal
      open
      title={meeting ? "修改会议" : "新建会议"}
      width={860}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Flex justify="space-between" align="center">
          <Typography.Text type="secondary">带 * 的为必填项；保存后可打印会议通知</Typography.Text>
          <Flex gap={8}>
            <Button onClick={onClose}>取消</Button>
            <Button
              type="primary"
              loading={saving}
              onClick={() => form.submit()}
              data-testid="meeting-submit"
            >
              {meeting ? "保存修改" : "保存会议"}
            </Button>
          </Flex>
        </Flex>
      }
    >
      <Form<Values>
        form={form}
        layout="horizontal"
        labelCol={{ flex: `0 0 ${scaled(96)}` }}
        wrapperCol={{ flex: "1 1 0", style: { minWidth: 0 } }}
        colon={false}
        initialValues={initialValues(meeting, currentStaff?.id ?? null, currentStaff?.name ?? "")}
        onFinish={submit}
        autoComplete="off"
        style={{ marginTop: 12, maxHeight: "calc(100vh - 240px)", overflowY: "auto", paddingRight: 8 }}
      >
        <Form.Item name="kind" label="会议类型" required>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={(["consultation", "deliberation"] as const).map((k) => ({
              value: k,
              label: MEETING_KIND_LABELS[k],
            }))}
            data-testid="meeting-kind"
          />
        </Form.Item>
        <Form.Item
          name="title"
          label="会议名称"
          rules={[{ required: true, whitespace: true, message: "请填写会议名称" }]}
        >
          <Input
            placeholder="如：关于1-4号楼地下车库楼梯改造的恳谈会"
            maxLength={60}
            showCount
            data-testid="meeting-title"
          />
        </Form.Item>
        <Form.Item
          name="purpose"
          label="会议目的"
          extra="通知上印作：为……，经研究，定于……召开……。写半句即可，不必加句号"
        >
          <Input
            prefix={<span style={MUTED}>为</span>}
            placeholder="解决1-4号楼居民去地下车库上下台阶困难的问题"
            maxLength={1000}
            data-testid="meeting-purpose"
          />
        </Form.Item>
        <TimeRangeFields label="会议时间" testIdPrefix="meeting" />
        <Form.Item
          name="place"
          label="会议地点"
          rules={[{ required: true, whitespace: true, message: "请填写会议地点" }]}
        >
          <AutoComplete
            options={places.map((p) => ({ value: p }))}
            showSearch={{
              filterOption: (input, option) => String(option?.value ?? "").includes(input.trim()),
            }}
            style={{ maxWidth: 420 }}
          >
            <Input placeholder="如：社区服务站二楼会议室" maxLength={50} data-testid="meeting-place" />
          </AutoComplete>
        </Form.Item>
        <Flex gap={16}>
          <Form.Item name="contactPerson" label="联系人" style={{ flex: "1 1 0" }}>
            <Input maxLength={30} data-testid="meeting-contact-person" />
          </Form.Item>
          <Form.Item
            name="contactPhone"
            label="联系电话"
            labelCol={{ flex: "none" }}
            style={{ flex: "1 1 0" }}
          >
            <Input placeholder="手机或带区号的座机" data-testid="meeting-contact-phone" />
          </Form.Item>
        </Flex>

        <Form.Item
          label="邀请相关方"
          labelCol={{ flex: `0 0 ${scaled(96)}` }}
          extra={
            <ActionLink onClick={() => setCreatingParty(true)} data-testid="meeting-party-new">
              <PlusOutlined /> 名录里没有？新建相关方
            </ActionLink>
          }
        >
          <Form.Item name="partyIds" noStyle>
            {groups.length === 0 ? (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description="相关方名录还是空的：点下面的「新建相关方」添加物业、开发商、居民代表"
                style={{ margin: 0 }}
              />
            ) : (
              <Checkbox.Group style={{ display: "block" }} data-testid="meeting-parties">
                {groups.map((g) => (
                  <Flex key={g.kind} gap={8} align="baseline" style={{ marginBottom: 6 }} wrap>
                    <Typography.Text type="secondary" style={{ width: scaled(72), flex: "none" }}>
                      {labelOf(PARTY_KIND_LABELS, g.kind)}
                    </Typography.Text>
                    {g.items.map((p) => (
                      <Checkbox key={p.id} value={p.id} data-testid={`meeting-party-${p.name}`}>
                        {p.name}
                        {p.contactPerson && p.contactPerson !== p.name && (
                          <Typography.Text type="secondary">（{p.contactPerson}）</Typography.Text>
                        )}
                      </Checkbox>
                    ))}
                  </Flex>
                ))}
              </Checkbox.Group>
            )}
          </Form.Item>
        </Form.Item>

        <Form.Item name="staffIds" label="参会工作人员">
          <Checkbox.Group data-testid="meeting-staff">
            {staff
              .filter((s) => s.active)
              .map((s) => (
                <Checkbox key={s.id} value={s.id} data-testid={`meeting-staff-${s.name}`}>
                  {s.name}
                </Checkbox>
              ))}
          </Checkbox.Group>
        </Form.Item>

        <Form.Item label="议程" required={false}>
          <Form.List name="agenda">
            {(fields, { add, remove }) => (
              <Flex vertical gap={8} data-testid="meeting-agenda">
                {fields.map((f, i) => (
                  <div key={f.key} style={ITEM_BOX}>
                    <Flex gap={8} align="flex-start">
                      <span style={{ ...MUTED, lineHeight: "32px", width: 22, flex: "none" }}>{i + 1}.</span>
                      <Flex vertical gap={0} style={{ flex: "1 1 0", minWidth: 0 }}>
                        <Form.Item name={[f.name, "caseId"]} style={{ marginBottom: 6 }}>
                          <CasePicker
                            known={cases}
                            placeholder="关联诉求（可选）：输入标题中的词或编号查找，如 地库"
                            testId={`meeting-agenda-${i}-case`}
                            onChange={(id, picked) => {
                              form.setFieldValue(["agenda", f.name, "caseId"], id);
                              if (picked) {
                                setCases((cs) => [...cs.filter((c) => c.id !== picked.id), picked]);
                                if (!text(form.getFieldValue(["agenda", f.name, "title"])))
                                  form.setFieldValue(["agenda", f.name, "title"], picked.title);
                              }
                            }}
                          />
                        </Form.Item>
                        <Form.Item name={[f.name, "title"]} style={{ marginBottom: 6 }}>
                          <Input
                            placeholder="议程内容，如：听取居民代表意见，商定楼梯改造方案"
                            maxLength={100}
                            data-testid={`meeting-agenda-${i}-title`}
                          />
                        </Form.Item>
                        <Form.Item name={[f.name, "note"]} style={{ marginBottom: 0 }}>
                          <Input placeholder="说明（可选）" maxLength={500} />
                        </Form.Item>
                      </Flex>
                      <Button
                        type="text"
                        icon={<DeleteOutlined />}
                        aria-label="删除这一项议程"
                        onClick={() => remove(f.name)}
                      />
                    </Flex>
                  </div>
                ))}
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({})}
                  style={{ alignSelf: "flex-start" }}
                  data-testid="meeting-agenda-add"
                >
                  添加议程
                </Button>
              </Flex>
            )}
          </Form.List>
        </Form.Item>

        {error && (
          <Form.Item label=" ">
            <Alert type="error" showIcon title={error} data-testid="meeting-error" />
          </Form.Item>
        )}
      </Form>
      {creatingParty && (
        <PartyEditModal
          party={null}
          onClose={() => setCreatingParty(false)}
          onSaved={(p) => {
            setCreatingParty(false);
            message.success(`已添加「${p.name}」到相关方名录`);
            // Read the directory again with the new party in it, then invite it.
            void queryClient
              .invalidateQueries({ queryKey: keys.parties })
              .then(() => form.setFieldValue("partyIds", [...(form.getFieldValue("partyIds") ?? []), p.id]));
          }}
        />
      )}
    </Modal>
  );
}
