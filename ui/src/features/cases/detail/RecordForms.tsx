// The in-place forms of the case workflow besides status changes: 联系居民 and 现场勘查.

import { useMutation } from "@tanstack/react-query";
import { App, Checkbox, DatePicker, Form, type FormInstance, Input, type InputRef } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useRef, useState } from "react";
import { type Case, commands, type NextStep } from "../../../bindings";
import { scaled } from "../../../lib/display";
import { applyFieldErrors, call, errorMessage, IpcError } from "../../../lib/ipc";
import InPlace, { useFocusWhenShown } from "./InPlace";

/**
 * A workflow record saved through a mutation: field refusals go under their fields, anything
 * else into the form's error; on success the form is cleared and `onDone` gets the case.
 */
function useRecord<V, R>(
  form: FormInstance,
  fields: readonly string[],
  run: (v: V) => Promise<R>,
  onDone: (r: R) => void,
) {
  const [error, setError] = useState<string | null>(null);
  const step = useMutation({
    mutationFn: run,
    onMutate: () => setError(null),
    onSuccess: (r) => {
      form.resetFields();
      onDone(r);
    },
    onError: (e) => {
      const unplaced = applyFieldErrors(form, e, fields);
      if (!(e instanceof IpcError && e.code === "invalid_input")) setError(errorMessage(e));
      else if (unplaced.length > 0) setError(unplaced.join("；"));
    },
  });
  return { submit: (v: V) => step.mutate(v), saving: step.isPending, error };
}

/** 联系居民: the first contact stops the respond clock. */
export function ContactForm({
  caseValue,
  onCancel,
  onDone,
}: {
  caseValue: Case;
  onCancel: () => void;
  onDone: (c: Case) => void;
}) {
  const [form] = Form.useForm<{ note: string }>();
  const first = useRef<InputRef>(null);
  useFocusWhenShown(first);
  const { submit, saving, error } = useRecord(
    form,
    ["note"],
    ({ note }: { note: string }) => call(commands.recordContact(caseValue.id, note)),
    onDone,
  );
  return (
    <InPlace
      title="联系居民"
      hint={caseValue.respondedAt ? undefined : "第一次联系居民即视为已响应，响应时限停止计时"}
      okText="保存联系情况"
      saving={saving}
      error={error}
      errorTestId="contact-error"
      testId="contact-submit"
      onOk={() => form.submit()}
      onCancel={onCancel}
    >
      <Form
        form={form}
        layout="horizontal"
        labelCol={{ flex: `0 0 ${scaled(128)}` }}
        colon={false}
        onFinish={submit}
      >
        <Form.Item
          name="note"
          label="联系情况"
          rules={[{ required: true, whitespace: true, message: "请写明联系情况" }]}
          style={{ marginBottom: 22 }}
        >
          <Input.TextArea
            ref={first}
            autoSize={{ minRows: 2, maxRows: 6 }}
            placeholder="如：电话联系居民，约定明天上午现场查看"
            count={{ show: true, max: 500 }}
            data-testid="contact-note"
          />
        </Form.Item>
      </Form>
    </InPlace>
  );
}

type SurveyValues = { people: string; surveyedAt: Dayjs | null; findings: string; withResident: boolean };

/**
 * 现场勘查: who went, what they found, when (now unless said). Where the case may go on to
 * 处理中 (`onward`, one of its steps), a second button saves the survey and takes that step
 * too, as when the fix was agreed on the spot: two saves, each by its own rule.
 */
export function SurveyForm({
  caseValue,
  onward,
  onCancel,
  onDone,
}: {
  caseValue: Case;
  onward: NextStep | null;
  /** None: the form is the case's usual next step (at 受理) and stays. */
  onCancel?: () => void;
  onDone: (c: Case, onward: NextStep | null) => void;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<SurveyValues>();
  const first = useRef<InputRef>(null);
  useFocusWhenShown(first);
  // Which button saved: the survey alone, or the survey and the onward step.
  const andOnward = useRef(false);
  const { submit, saving, error } = useRecord(
    form,
    ["people", "findings", "surveyedAt", "withResident"],
    async (v: SurveyValues) => {
      const surveyed = await call(
        commands.addSurvey(caseValue.id, {
          people: v.people ?? "",
          findings: v.findings ?? "",
          surveyedAt: v.surveyedAt ? v.surveyedAt.toISOString() : null,
          withResident: v.withResident ?? false,
        }),
      );
      if (!andOnward.current || onward === null) return { c: surveyed, onward: null };
      try {
        return { c: await call(commands.transitionCase(caseValue.id, { to: onward.to })), onward };
      } catch (e) {
        // The survey is saved either way; the worker sees why the step was not made.
        message.error(`勘查已保存，但没能${onward.action}：${errorMessage(e)}`);
        return { c: surveyed, onward: null };
      }
    },
    ({ c, onward: made }) => onDone(c, made),
  );
  const save = (withOnward: boolean) => {
    andOnward.current = withOnward;
    form.submit();
  };
  return (
    <InPlace
      title="现场勘查"
      hint={caseValue.status === "accepted" ? "保存后诉求转为“核查”" : undefined}
      okText="保存勘查"
      saving={saving}
      error={error}
      errorTestId="survey-error"
      testId="survey-submit"
      onOk={() => save(false)}
      also={
        onward
          ? { text: `保存并${onward.action}`, testId: "survey-submit-onward", onOk: () => save(true) }
          : undefined
      }
      onCancel={onCancel}
    >
      <Form<SurveyValues>
        form={form}
        layout="horizontal"
        labelCol={{ flex: `0 0 ${scaled(128)}` }}
        colon={false}
        initialValues={{ surveyedAt: dayjs(), withResident: false }}
        onFinish={submit}
      >
        {/* 参加人员, then 勘查情况: one Tab apart. The time, usually now, comes last. */}
        <Form.Item
          name="people"
          label="参加人员"
          rules={[
            { required: true, whitespace: true, message: "请填写参加勘查的人员（例如：张敏、物业经理李强）" },
          ]}
          style={{ marginBottom: 12 }}
        >
          <Input
            ref={first}
            placeholder="如：张敏、物业经理李强"
            maxLength={200}
            data-testid="survey-people"
          />
        </Form.Item>
        <Form.Item
          name="findings"
          label="勘查情况"
          rules={[{ required: true, whitespace: true, message: "请填写勘查发现的情况" }]}
          style={{ marginBottom: 22 }}
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 8 }}
            placeholder="如：南门广场约 30 平方米路面坑洼，排水口堵塞，物业同意本周内重新铺装"
            count={{ show: true, max: 2000 }}
            data-testid="survey-findings"
          />
        </Form.Item>
        <Form.Item
          name="withResident"
          valuePropName="checked"
          label=" "
          extra={caseValue.respondedAt ? undefined : "居民在场即算联系到居民（计入响应率）"}
          style={{ marginBottom: 12 }}
        >
          <Checkbox data-testid="survey-with-resident">居民在场</Checkbox>
        </Form.Item>
        <Form.Item name="surveyedAt" label="勘查时间" style={{ marginBottom: 12 }}>
          <DatePicker
            showTime={{ format: "HH:mm" }}
            format="YYYY-MM-DD HH:mm"
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs(), "day")}
            style={{ width: scaled(220) }}
            data-testid="survey-at"
          />
        </Form.Item>
      </Form>
    </InPlace>
  );
}
