import { DeleteOutlined, PlusOutlined } from "@ant-design/icons";
import { useMutation, useQueries } from "@tanstack/react-query";
import { Alert, Button, Checkbox, Flex, Form, Input, Modal, Select, Typography } from "antd";
import { useMemo, useState } from "react";
import {
  type CaseStatus,
  commands,
  type LinkedCase,
  type Meeting,
  type MeetingOutcome,
} from "../../bindings";
import { scaled } from "../../lib/display";
import { call, errorMessage, IpcError } from "../../lib/ipc";
import { keys } from "../../lib/queries";
import { BORDER, MUTED } from "../../lib/theme";
import { labelOf, PARTY_KIND_LABELS, STATUS_LABELS } from "../cases/labels";
import StatusTag from "../cases/StatusTag";
import CasePicker from "./CasePicker";
import { DECISION_STATUSES, placeErrors, text } from "./labels";

/** A bordered box around one agenda item or decision. */
const ITEM_BOX = {
  border: BORDER,
  borderRadius: 4,
  padding: "8px 8px 2px",
  background: "#fafbfc",
};

type DecisionValues = {
  text?: string;
  caseId?: number | null;
  moveCaseTo?: CaseStatus | null;
  caseNote?: string;
};

type Values = {
  partyIds: number[];
  staffIds: number[];
  others: string[];
  minutes?: string;
  decisions: DecisionValues[];
};

const KNOWN = (f: string) =>
  ["minutes", "otherAttendees"].includes(f) || /^decisions\.\d+\.(text|caseId|moveCaseTo|caseNote)$/.test(f);

/** Where each case may go next, read from its detail (the case's own `next`). */
function useNextStatuses(caseIds: number[]) {
  const ids = [...new Set(caseIds)].sort((x, y) => x - y);
  const results = useQueries({
    queries: ids.map((id) => ({ queryKey: keys.caseDetail(id), queryFn: () => call(commands.getCase(id)) })),
  });
  const next: Record<number, CaseStatus[] | "error"> = {};
  ids.forEach((id, i) => {
    const r = results[i];
    if (r.data) next[id] = r.data.next;
    else if (r.isError) next[id] = "error";
  });
  return next;
}

type Props = {
  meeting: Meeting;
  onClose: () => void;
  onSaved: (m: Meeting) => void;
};

/** 会后记录: who came, the minutes, and the decisions (which may move their cases on). */
export default function OutcomeModal({ meeting, onClose, onSaved }: Props) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const agendaCases = useMemo(() => {
    const byId = new Map<number, LinkedCase>();
    for (const a of meeting.agenda) if (a.case) byId.set(a.case.id, a.case);
    return [...byId.values()];
  }, [meeting]);
  const [known, setKnown] = useState<LinkedCase[]>(agendaCases);
  const decided = new Set(meeting.decisions.flatMap((d) => (d.case ? [d.case.id] : [])));
  const firstUndecided = agendaCases.find((c) => !decided.has(c.id))?.id ?? null;

  const recorded = meeting.status === "held";
  const initial: Values = {
    // Not yet recorded: everyone invited is ticked, the worker unticks who did not come.
    partyIds: meeting.parties.filter((p) => p.attended ?? !recorded).map((p) => p.partyId),
    staffIds: meeting.staff.filter((s) => s.attended ?? !recorded).map((s) => s.staff.id),
    others: meeting.otherAttendees,
    minutes: meeting.minutes ?? undefined,
    decisions: [{ caseId: firstUndecided, moveCaseTo: null }],
  };

  const decisions = Form.useWatch("decisions", form) ?? initial.decisions;
  const next = useNextStatuses(decisions.flatMap((d) => (d?.caseId ? [d.caseId] : [])));

  const record = useMutation({
    mutationFn: (outcome: MeetingOutcome) => call(commands.recordMeetingOutcome(meeting.id, outcome)),
    onSuccess: onSaved,
    onError: (e) => {
      const rest = placeErrors(form, e, KNOWN);
      if (e instanceof IpcError && e.code === "invalid_input")
        setError(rest.length > 0 ? rest.join("；") : "有几处需要修改，请看标红的项目，改好后再保存");
      else setError(`没有保存：${errorMessage(e)}。已填写的内容都还在，可以直接再试一次。`);
    },
  });
  const saving = record.isPending;

  const submit = (v: Values) => {
    setError(null);
    const outcome: MeetingOutcome = {
      attendedPartyIds: v.partyIds ?? [],
      attendedStaffIds: v.staffIds ?? [],
      otherAttendees: v.others ?? [],
      minutes: text(v.minutes),
      decisions: (v.decisions ?? [])
        .filter((d) => text(d.text) || d.moveCaseTo)
        .map((d) => ({
          text: d.text ?? "",
          caseId: d.caseId ?? null,
          agendaItemId: meeting.agenda.find((a) => a.case && a.case.id === d.caseId)?.id ?? null,
          moveCaseTo: d.caseId ? (d.moveCaseTo ?? null) : null,
          caseNote: text(d.caseNote),
        })),
    };
    record.mutate(outcome);
  };

  return (
    <Modal
      open
      title={`会后记录　${meeting.title}`}
      width={860}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Flex justify="space-between" align="center">
          <Typography.Text type="secondary">
            决定推进诉求状态时，诉求的处理记录里会写明本次会议的决定
          </Typography.Text>
          <Flex gap={8}>
            <Button onClick={onClose}>取消</Button>
            <Button
              type="primary"
              loading={saving}
              onClick={() => form.submit()}
              data-testid="outcome-submit"
            >
              保存会后记录
            </Button>
          </Flex>
        </Flex>
      }
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={submit}
        autoComplete="off"
        style={{ marginTop: 12, maxHeight: "calc(100vh - 240px)", overflowY: "auto", paddingRight: 8 }}
      >
        <Form.Item label="参会单位和居民代表（勾选实际到会的）" name="partyIds">
          {meeting.parties.length === 0 ? (
            <Typography.Text type="secondary">未邀请相关方</Typography.Text>
          ) : (
            <Checkbox.Group>
              <Flex wrap gap={8}>
                {meeting.parties.map((p) => (
                  <Checkbox key={p.partyId} value={p.partyId} data-testid={`outcome-party-${p.name}`}>
                    {p.name}
                    <Typography.Text type="secondary">
                      （{labelOf(PARTY_KIND_LABELS, p.partyKind)}）
                    </Typography.Text>
                  </Checkbox>
                ))}
              </Flex>
            </Checkbox.Group>
          )}
        </Form.Item>
        <Form.Item label="参会工作人员" name="staffIds">
          {meeting.staff.length === 0 ? (
            <Typography.Text type="secondary">未安排工作人员</Typography.Text>
          ) : (
            <Checkbox.Group>
              {meeting.staff.map((s) => (
                <Checkbox key={s.staff.id} value={s.staff.id} data-testid={`outcome-staff-${s.staff.name}`}>
                  {s.staff.name}
                </Checkbox>
              ))}
            </Checkbox.Group>
          )}
        </Form.Item>
        <Form.Item label="其他参会人员" name="others" extra="未在邀请名单中的，输入姓名后按回车">
          <Select
            mode="tags"
            open={false}
            suffixIcon={null}
            placeholder="如：街道城建科刘科长"
            tokenSeparators={["，", ",", "、"]}
            data-testid="outcome-others"
          />
        </Form.Item>
        <Form.Item label="会议纪要" name="minutes">
          <Input.TextArea
            autoSize={{ minRows: 5, maxRows: 14 }}
            count={{ show: true, max: 20000 }}
            placeholder="各方发言要点、达成的共识、分工和时间安排"
            data-testid="outcome-minutes"
          />
        </Form.Item>

        <Typography.Text strong>会议决定</Typography.Text>
        {meeting.decisions.length > 0 && (
          <Typography.Paragraph type="secondary" style={{ margin: "4px 0 0" }}>
            已记录的 {meeting.decisions.length} 项决定保留不变，这里填写的是新增的决定。
          </Typography.Paragraph>
        )}
        <Form.List name="decisions">
          {(fields, { add, remove }) => (
            <Flex vertical gap={10} style={{ marginTop: 8 }} data-testid="outcome-decisions">
              {fields.map((f, i) => {
                const d = decisions[f.name] ?? {};
                const allowed = d.caseId ? next[d.caseId] : undefined;
                const options =
                  allowed === undefined || allowed === "error"
                    ? []
                    : allowed
                        .filter((s) => DECISION_STATUSES.includes(s))
                        .map((s) => ({ value: s, label: `转为「${STATUS_LABELS[s]}」` }));
                const current = known.find((c) => c.id === d.caseId);
                return (
                  <div key={f.key} style={ITEM_BOX}>
                    <Flex gap={8} align="flex-start">
                      <span style={{ ...MUTED, lineHeight: "32px", width: 22, flex: "none" }}>
                        {meeting.decisions.length + i + 1}.
                      </span>
                      <Flex vertical style={{ flex: "1 1 0", minWidth: 0 }}>
                        <Form.Item name={[f.name, "text"]} style={{ marginBottom: 6 }}>
                          <Input.TextArea
                            autoSize={{ minRows: 2, maxRows: 6 }}
                            placeholder="决定内容，如：开发商负责设计、物业组织施工，21个单元楼梯改为坡道加扶手，年底前完工"
                            data-testid={`outcome-decision-${i}-text`}
                          />
                        </Form.Item>
                        <Flex gap={8} wrap>
                          <Form.Item name={[f.name, "caseId"]} style={{ flex: "2 1 320px", marginBottom: 6 }}>
                            <CasePicker
                              known={known}
                              placeholder="关联诉求（可选）"
                              testId={`outcome-decision-${i}-case`}
                              onChange={(id, picked) => {
                                form.setFieldValue(["decisions", f.name, "caseId"], id);
                                form.setFieldValue(["decisions", f.name, "moveCaseTo"], null);
                                if (picked) setKnown((k) => [...k.filter((c) => c.id !== picked.id), picked]);
                              }}
                            />
                          </Form.Item>
                          <Form.Item
                            name={[f.name, "moveCaseTo"]}
                            style={{ flex: "1 1 200px", marginBottom: 6 }}
                          >
                            <Select
                              allowClear
                              disabled={!d.caseId}
                              placeholder={d.caseId ? "诉求状态不变" : "先关联诉求"}
                              options={options}
                              notFoundContent={
                                allowed === "error"
                                  ? "读不到这件诉求的状态，请刷新"
                                  : "这件诉求现在不能再推进"
                              }
                              data-testid={`outcome-decision-${i}-to`}
                            />
                          </Form.Item>
                        </Flex>
                        {current && (
                          <Typography.Text type="secondary" style={{ fontSize: scaled(13), marginBottom: 6 }}>
                            诉求现为 <StatusTag status={current.status} />
                            {d.moveCaseTo ? `，保存后转为「${STATUS_LABELS[d.moveCaseTo]}」` : ""}
                            。挂起、转办、标记重复请在诉求详情中办理。
                          </Typography.Text>
                        )}
                        {d.moveCaseTo && (
                          <Form.Item name={[f.name, "caseNote"]} style={{ marginBottom: 0 }}>
                            <Input
                              maxLength={500}
                              placeholder="写入诉求处理记录的说明（可选，默认写明会议名称、日期和决定内容）"
                              data-testid={`outcome-decision-${i}-note`}
                            />
                          </Form.Item>
                        )}
                      </Flex>
                      <Button
                        type="text"
                        icon={<DeleteOutlined />}
                        aria-label="删除这一项决定"
                        onClick={() => remove(f.name)}
                      />
                    </Flex>
                  </div>
                );
              })}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ caseId: null, moveCaseTo: null })}
                style={{ alignSelf: "flex-start" }}
                data-testid="outcome-decision-add"
              >
                添加决定
              </Button>
            </Flex>
          )}
        </Form.List>

        {error && (
          <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} data-testid="outcome-error" />
        )}
      </Form>
    </Modal>
  );
}
