import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Checkbox, Form, Input, Modal, Radio, Typography } from "antd";
import { useState } from "react";
import { type Case, commands, type NewFollowUp } from "../../../bindings";
import { applyFieldErrors, call, clearFieldErrors, errorMessage, IpcError } from "../../../lib/ipc";
import { SATISFACTION_LABELS, SATISFACTIONS, type SatisfactionCode } from "../labels";

type Values = {
  withoutCallback?: boolean;
  reached?: boolean;
  resolved?: boolean;
  satisfaction?: SatisfactionCode;
  comment?: string;
  reopen?: boolean;
};

const FIELDS = ["withoutCallback", "reached", "resolved", "satisfaction", "comment", "reopen"] as const;

/** 回访登记: reached? resolved? satisfied? — and where the case goes from there. */
export default function FollowUpModal({
  caseValue,
  anonymous,
  open,
  onClose,
  onDone,
}: {
  caseValue: Case;
  anonymous: boolean;
  open: boolean;
  onClose: () => void;
  onDone: (c: Case) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const followUp = useMutation({
    mutationFn: (input: NewFollowUp) => call(commands.followUpCase(caseValue.id, input)),
    onSuccess: (c) => {
      form.resetFields();
      onDone(c);
    },
    onError: (e) => {
      const unplaced = applyFieldErrors(form, e, FIELDS);
      if (!(e instanceof IpcError && e.code === "invalid_input")) setError(errorMessage(e));
      else if (unplaced.length > 0) setError(unplaced.join("；"));
    },
  });
  const saving = followUp.isPending;
  const withoutCallback = Form.useWatch("withoutCallback", form) ?? false;
  const reached = Form.useWatch("reached", form);
  const resolved = Form.useWatch("resolved", form);
  const satisfaction = Form.useWatch("satisfaction", form);
  const reopen = Form.useWatch("reopen", form) ?? false;
  const unhappy = resolved === false || satisfaction === "dissatisfied";

  const submit = (v: Values) => {
    setError(null);
    const input: NewFollowUp = {
      withoutCallback: v.withoutCallback ?? false,
      reached: !v.withoutCallback && v.reached === true,
      resolved: v.reached ? (v.resolved ?? null) : null,
      satisfaction: v.reached ? (v.satisfaction ?? null) : null,
      comment: v.comment?.trim() || null,
      reopen: Boolean(v.reached && unhappy && v.reopen),
    };
    followUp.mutate(input);
  };

  const outcome = withoutCallback
    ? "保存后诉求直接“关闭”，记为匿名来件无法回访（不计入解决率、满意率）"
    : reached === false
      ? "诉求保持“办结”，请稍后再次回访"
      : reached && reopen
        ? "保存后诉求退回“处理中”，计为重新处理一次"
        : reached
          ? "保存后诉求转为“已回访”"
          : null;

  return (
    <Modal
      open={open}
      title="回访登记"
      onCancel={onClose}
      destroyOnHidden
      width={600}
      footer={
        <>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()} data-testid="followup-submit">
            保存回访
          </Button>
        </>
      }
    >
      <Form<Values>
        form={form}
        layout="horizontal"
        labelCol={{ flex: "112px" }}
        colon={false}
        onFinish={submit}
        onValuesChange={(changed) =>
          clearFieldErrors(
            form,
            Object.keys(changed).map((k) => [k]),
          )
        }
        style={{ marginTop: 16 }}
      >
        {anonymous && (
          <Form.Item name="withoutCallback" valuePropName="checked" label=" ">
            <Checkbox data-testid="followup-without-callback">
              无法回访，直接关闭（匿名来件，没有联系电话）
            </Checkbox>
          </Form.Item>
        )}
        {!withoutCallback && (
          <>
            <Form.Item
              name="reached"
              label="联系上居民"
              rules={[{ required: true, message: "请选择是否联系上居民" }]}
            >
              <Radio.Group>
                <Radio value={true}>
                  <span data-testid="followup-reached-yes">是</span>
                </Radio>
                <Radio value={false}>
                  <span data-testid="followup-reached-no">否，未接通</span>
                </Radio>
              </Radio.Group>
            </Form.Item>
            {reached && (
              <>
                <Form.Item
                  name="resolved"
                  label="问题是否解决"
                  rules={[{ required: true, message: "请选择居民认为问题是否已解决" }]}
                >
                  <Radio.Group>
                    <Radio value={true}>
                      <span data-testid="followup-resolved-yes">是</span>
                    </Radio>
                    <Radio value={false}>
                      <span data-testid="followup-resolved-no">否</span>
                    </Radio>
                  </Radio.Group>
                </Form.Item>
                <Form.Item
                  name="satisfaction"
                  label="满意程度"
                  rules={[{ required: true, message: "请选择居民的满意程度：满意、基本满意或不满意" }]}
                >
                  <Radio.Group>
                    {SATISFACTIONS.map((s) => (
                      <Radio key={s} value={s}>
                        <span data-testid={`followup-satisfaction-${s}`}>{SATISFACTION_LABELS[s]}</span>
                      </Radio>
                    ))}
                  </Radio.Group>
                </Form.Item>
              </>
            )}
          </>
        )}
        <Form.Item name="comment" label={withoutCallback ? "说明" : "回访意见"}>
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 8 }}
            count={{ show: true, max: 1000 }}
            placeholder={
              reached === false ? "如：两次拨打无人接听" : "居民的原话或意见，如：路面修好了，下雨不再积水"
            }
            data-testid="followup-comment"
          />
        </Form.Item>
        {reached && unhappy && (
          <Form.Item name="reopen" valuePropName="checked" label=" " extra="需在回访意见中写明居民反映的问题">
            <Checkbox data-testid="followup-reopen">重新处理（退回“处理中”）</Checkbox>
          </Form.Item>
        )}
        {outcome && (
          <Form.Item label=" " style={{ marginBottom: error ? 12 : 0 }}>
            <Typography.Text type="secondary">{outcome}</Typography.Text>
          </Form.Item>
        )}
        {error && <Alert type="error" showIcon title={error} data-testid="followup-error" />}
      </Form>
    </Modal>
  );
}
