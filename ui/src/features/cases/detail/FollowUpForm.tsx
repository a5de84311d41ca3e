// 回访登记 in place: what the resident says, one key an answer. The first question folds
// "reached?" into "resolved?" (是 / 否 / 未联系上), the second is 满意程度; a digit picks
// (1 是, 2 否, 3 未联系上 — 1 满意, 2 基本满意, 3 不满意), arrows move, and each answer
// hands the focus on, to the next question and then to 保存回访, so Enter saves.
import { useMutation } from "@tanstack/react-query";
import { Checkbox, Form, Input, Radio } from "antd";
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { type Case, commands, type NewFollowUp } from "../../../bindings";
import { scaled } from "../../../lib/display";
import { applyFieldErrors, call, clearFieldErrors, errorMessage, IpcError } from "../../../lib/ipc";
import { SATISFACTION_LABELS, SATISFACTIONS, type SatisfactionCode } from "../labels";
import InPlace, { useFocusWhenShown } from "./InPlace";

type Outcome = "resolved" | "unresolved" | "unreached";

type Values = {
  withoutCallback?: boolean;
  outcome?: Outcome;
  satisfaction?: SatisfactionCode;
  comment?: string;
  reopen?: boolean;
};

const OUTCOMES: { value: Outcome; label: string; testId: string }[] = [
  { value: "resolved", label: "是，已解决", testId: "followup-resolved-yes" },
  { value: "unresolved", label: "否，未解决", testId: "followup-resolved-no" },
  { value: "unreached", label: "未联系上居民", testId: "followup-reached-no" },
];

const FIELDS = ["withoutCallback", "outcome", "satisfaction", "comment", "reopen"] as const;

/** The first radio of a group: the checked one, or the first. */
function radioOf(group: HTMLElement | null): HTMLInputElement | null {
  return group?.querySelector<HTMLInputElement>("input:checked") ?? group?.querySelector("input") ?? null;
}

export default function FollowUpForm({
  caseValue,
  anonymous,
  onDone,
}: {
  caseValue: Case;
  anonymous: boolean;
  onDone: (c: Case) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const outcomeRef = useRef<HTMLDivElement>(null);
  const satisfactionRef = useRef<HTMLDivElement>(null);
  const saveRef = useRef<HTMLButtonElement>(null);
  const firstQuestion = useRef({ focus: () => radioOf(outcomeRef.current)?.focus() });
  useFocusWhenShown(firstQuestion);
  const followUp = useMutation({
    mutationFn: (input: NewFollowUp) => call(commands.followUpCase(caseValue.id, input)),
    onSuccess: (c) => {
      form.resetFields();
      onDone(c);
    },
    onError: (e) => {
      // "reached" and "resolved" are both the first question here: their refusals show above.
      const unplaced = applyFieldErrors(form, e, FIELDS);
      if (!(e instanceof IpcError && e.code === "invalid_input")) setError(errorMessage(e));
      else if (unplaced.length > 0) setError(unplaced.join("；"));
    },
  });
  const withoutCallback = Form.useWatch("withoutCallback", form) ?? false;
  const outcome = Form.useWatch("outcome", form);
  const satisfaction = Form.useWatch("satisfaction", form);
  const reopen = Form.useWatch("reopen", form) ?? false;
  const reached = outcome === "resolved" || outcome === "unresolved";
  const unhappy = outcome === "unresolved" || satisfaction === "dissatisfied";

  const submit = (v: Values) => {
    setError(null);
    const isReached = !v.withoutCallback && (v.outcome === "resolved" || v.outcome === "unresolved");
    const input: NewFollowUp = {
      withoutCallback: v.withoutCallback ?? false,
      reached: isReached,
      resolved: isReached ? v.outcome === "resolved" : null,
      satisfaction: isReached ? (v.satisfaction ?? null) : null,
      comment: v.comment?.trim() || null,
      reopen: Boolean(isReached && unhappy && v.reopen),
    };
    followUp.mutate(input);
  };

  // Each answer hands the focus on, once React has shown what it opens: to 满意程度, or to
  // 保存回访 when there is nothing more to ask. A mouse click answers the same way.
  useEffect(() => {
    if (outcome === "unreached") saveRef.current?.focus();
    else if (outcome !== undefined) radioOf(satisfactionRef.current)?.focus();
  }, [outcome]);
  useEffect(() => {
    if (satisfaction !== undefined) saveRef.current?.focus();
  }, [satisfaction]);

  // A digit answers the question that has the focus.
  const answerKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const target = e.target as HTMLElement;
    const question = outcomeRef.current?.contains(target)
      ? ({ name: "outcome", values: OUTCOMES.map((o) => o.value) } as const)
      : satisfactionRef.current?.contains(target)
        ? ({ name: "satisfaction", values: SATISFACTIONS } as const)
        : null;
    const picked = question?.values[Number(e.key) - 1];
    if (!question || !/^[1-9]$/.test(e.key) || picked === undefined) return;
    e.preventDefault();
    form.setFieldValue(question.name, picked);
    clearFieldErrors(form, [[question.name]]);
  };

  const result = withoutCallback
    ? "保存后诉求直接“关闭”，记为匿名来件无法回访（不计入解决率、满意率）"
    : outcome === "unreached"
      ? "诉求保持“办结”，请稍后再次回访"
      : reached && reopen
        ? "保存后诉求退回“处理中”，计为重新处理一次"
        : reached
          ? "保存后诉求转为“已回访”"
          : "数字键作答：1 是　2 否　3 未联系上";

  return (
    <InPlace
      title="回访登记"
      hint={result}
      okText="保存回访"
      saving={followUp.isPending}
      error={error}
      errorTestId="followup-error"
      testId="followup-submit"
      okRef={saveRef}
      onOk={() => form.submit()}
    >
      {/* biome-ignore lint/a11y/noStaticElementInteractions: digit keys answer the focused question. */}
      <div onKeyDown={answerKey}>
        <Form<Values>
          form={form}
          layout="horizontal"
          labelCol={{ flex: `0 0 ${scaled(128)}` }}
          colon={false}
          onFinish={submit}
          onValuesChange={(changed) =>
            clearFieldErrors(
              form,
              Object.keys(changed).map((k) => [k]),
            )
          }
        >
          {anonymous && (
            <Form.Item name="withoutCallback" valuePropName="checked" label=" " style={{ marginBottom: 8 }}>
              <Checkbox data-testid="followup-without-callback">
                无法回访，直接关闭（匿名来件，没有联系电话）
              </Checkbox>
            </Form.Item>
          )}
          {!withoutCallback && (
            <>
              <Form.Item
                name="outcome"
                label="问题解决了吗"
                rules={[{ required: true, message: "请选择居民认为问题是否已解决，或未联系上居民" }]}
                style={{ marginBottom: 8 }}
              >
                <Radio.Group ref={outcomeRef} optionType="button" data-testid="followup-outcome">
                  {OUTCOMES.map((o, i) => (
                    <Radio.Button key={o.value} value={o.value}>
                      <span data-testid={o.testId}>
                        <span className="sd-key">{i + 1}</span>
                        {o.label}
                      </span>
                    </Radio.Button>
                  ))}
                </Radio.Group>
              </Form.Item>
              {reached && (
                <Form.Item
                  name="satisfaction"
                  label="满意程度"
                  rules={[{ required: true, message: "请选择居民的满意程度：满意、基本满意或不满意" }]}
                  style={{ marginBottom: 8 }}
                >
                  <Radio.Group ref={satisfactionRef} optionType="button" data-testid="followup-satisfaction">
                    {SATISFACTIONS.map((s, i) => (
                      <Radio.Button key={s} value={s}>
                        <span data-testid={`followup-satisfaction-${s}`}>
                          <span className="sd-key">{i + 1}</span>
                          {SATISFACTION_LABELS[s]}
                        </span>
                      </Radio.Button>
                    ))}
                  </Radio.Group>
                </Form.Item>
              )}
            </>
          )}
          <Form.Item
            name="comment"
            label={withoutCallback ? "说明" : "回访意见"}
            style={{ marginBottom: 22 }}
          >
            <Input.TextArea
              autoSize={{ minRows: 1, maxRows: 6 }}
              count={{ show: true, max: 1000 }}
              placeholder={
                outcome === "unreached"
                  ? "如：两次拨打无人接听"
                  : "居民的原话或意见（可不填），如：路面修好了，下雨不再积水"
              }
              data-testid="followup-comment"
            />
          </Form.Item>
          {reached && unhappy && (
            <Form.Item
              name="reopen"
              valuePropName="checked"
              label=" "
              extra="需在回访意见中写明居民反映的问题"
              style={{ marginBottom: 8 }}
            >
              <Checkbox data-testid="followup-reopen">重新处理（退回“处理中”）</Checkbox>
            </Form.Item>
          )}
        </Form>
      </div>
    </InPlace>
  );
}
