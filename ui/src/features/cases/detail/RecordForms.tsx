// The small forms of the case workflow besides status changes: 联系居民 and 现场勘查.

import { useMutation } from "@tanstack/react-query";
import { Alert, Button, DatePicker, Form, type FormInstance, Input, Modal } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { type Case, commands } from "../../../bindings";
import { applyFieldErrors, call, errorMessage, IpcError } from "../../../lib/ipc";

/**
 * A workflow step saved through a mutation: field refusals go under their fields, anything
 * else into the dialog's error; on success the form is cleared and `onDone` gets the case.
 */
function useStep<V>(
  form: FormInstance,
  fields: readonly string[],
  run: (v: V) => Promise<Case>,
  onDone: (c: Case) => void,
) {
  const [error, setError] = useState<string | null>(null);
  const step = useMutation({
    mutationFn: run,
    onMutate: () => setError(null),
    onSuccess: (c) => {
      form.resetFields();
      onDone(c);
    },
    onError: (e) => {
      const unplaced = applyFieldErrors(form, e, fields);
      if (!(e instanceof IpcError && e.code === "invalid_input")) setError(errorMessage(e));
      else if (unplaced.length > 0) setError(unplaced.join("；"));
    },
  });
  return { submit: (v: V) => step.mutate(v), saving: step.isPending, error };
}

function Footer({
  onCancel,
  onOk,
  saving,
  testId,
  okText = "保存",
}: {
  onCancel: () => void;
  onOk: () => void;
  saving: boolean;
  testId: string;
  okText?: string;
}) {
  return (
    <>
      <Button onClick={onCancel}>取消</Button>
      <Button type="primary" loading={saving} onClick={onOk} data-testid={testId}>
        {okText}
      </Button>
    </>
  );
}

/** 联系居民: the first contact stops the respond clock. */
export function ContactModal({
  caseValue,
  open,
  onClose,
  onDone,
}: {
  caseValue: Case;
  open: boolean;
  onClose: () => void;
  onDone: (c: Case) => void;
}) {
  const [form] = Form.useForm<{ note: string }>();
  const { submit, saving, error } = useStep(
    form,
    ["note"],
    ({ note }: { note: string }) => call(commands.recordContact(caseValue.id, note)),
    onDone,
  );
  return (
    <Modal
      open={open}
      title="联系居民"
      onCancel={onClose}
      destroyOnHidden
      footer={
        <Footer onCancel={onClose} onOk={() => form.submit()} saving={saving} testId="contact-submit" />
      }
    >
      <Form form={form} layout="vertical" onFinish={submit} style={{ marginTop: 12 }}>
        <Form.Item
          name="note"
          label="联系情况"
          rules={[{ required: true, whitespace: true, message: "请写明联系情况" }]}
          extra={caseValue.respondedAt ? undefined : "第一次联系居民即视为已响应，响应时限停止计时"}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 6 }}
            placeholder="如：电话联系居民，约定明天上午现场查看"
            autoFocus
            count={{ show: true, max: 500 }}
            data-testid="contact-note"
          />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} data-testid="contact-error" />}
      </Form>
    </Modal>
  );
}

type SurveyValues = { people: string; surveyedAt: Dayjs | null; findings: string };

/** 现场勘查: who went, when, what they found. */
export function SurveyModal({
  caseValue,
  open,
  onClose,
  onDone,
}: {
  caseValue: Case;
  open: boolean;
  onClose: () => void;
  onDone: (c: Case) => void;
}) {
  const [form] = Form.useForm<SurveyValues>();
  const { submit, saving, error } = useStep(
    form,
    ["people", "findings", "surveyedAt"],
    (v: SurveyValues) =>
      call(
        commands.addSurvey(caseValue.id, {
          people: v.people ?? "",
          findings: v.findings ?? "",
          surveyedAt: v.surveyedAt ? v.surveyedAt.toISOString() : null,
        }),
      ),
    onDone,
  );
  return (
    <Modal
      open={open}
      title="现场勘查"
      onCancel={onClose}
      destroyOnHidden
      width={600}
      footer={<Footer onCancel={onClose} onOk={() => form.submit()} saving={saving} testId="survey-submit" />}
    >
      <Form<SurveyValues>
        form={form}
        layout="vertical"
        initialValues={{ surveyedAt: dayjs() }}
        onFinish={submit}
        style={{ marginTop: 12 }}
      >
        <Form.Item
          name="people"
          label="参加人员"
          rules={[
            { required: true, whitespace: true, message: "请填写参加勘查的人员（例如：张敏、物业经理李强）" },
          ]}
        >
          <Input placeholder="如：张敏、物业经理李强" maxLength={200} autoFocus data-testid="survey-people" />
        </Form.Item>
        <Form.Item name="surveyedAt" label="勘查时间">
          <DatePicker
            showTime={{ format: "HH:mm" }}
            format="YYYY-MM-DD HH:mm"
            allowClear={false}
            disabledDate={(d) => d.isAfter(dayjs(), "day")}
            style={{ width: 220 }}
            data-testid="survey-at"
          />
        </Form.Item>
        <Form.Item
          name="findings"
          label="勘查情况"
          rules={[{ required: true, whitespace: true, message: "请填写勘查发现的情况" }]}
          extra={caseValue.status === "accepted" ? "保存后诉求转为“核查”" : undefined}
        >
          <Input.TextArea
            autoSize={{ minRows: 4, maxRows: 10 }}
            placeholder="如：南门广场约 30 平方米路面坑洼，排水口堵塞，物业同意本周内重新铺装"
            count={{ show: true, max: 2000 }}
            data-testid="survey-findings"
          />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} data-testid="survey-error" />}
      </Form>
    </Modal>
  );
}
