import { useMutation } from "@tanstack/react-query";
import { Alert, Button, DatePicker, Form, Input, Modal, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useEffect, useState } from "react";
import { type Case, type CaseStatus, commands, type TransitionRequest } from "../../../bindings";
import { applyFieldErrors, call, clearFieldErrors, errorMessage, IpcError } from "../../../lib/ipc";
import { isReopen } from "../../../vocabulary";
import { statusLabel } from "../labels";

type Values = {
  note?: string;
  resolution?: string;
  holdReason?: string;
  holdUntil?: Dayjs | null;
  referredTo?: string;
  duplicateOf?: string;
};

const FIELDS = ["note", "resolution", "holdReason", "holdUntil", "referredTo", "duplicateOf"] as const;

/** Moving back to 处理中 after 办结 or 回访 needs a reason: the core's rule, generated. */
export { isReopen };

const TITLES: Partial<Record<CaseStatus, string>> = {
  investigating: "转为核查",
  in_progress: "转为处理中",
  resolved: "办结",
  closed: "关闭诉求",
  on_hold: "挂起",
  referred: "转办",
  duplicate: "标记为重复件",
  accepted: "退回受理",
};

const NOTE_HINTS: Partial<Record<CaseStatus, string>> = {
  investigating: "如：已电话联系居民，约定明天上午与物业经理现场查看",
  in_progress: "如：物业已制定整改方案，计划下周一施工",
  resolved: "可补充说明，如：已回复居民",
  closed: "如：接收单位已办结并答复居民",
  on_hold: "可补充说明",
  referred: "如：属供水公司职责，已电话转交",
  duplicate: "如：与南门广场积水为同一问题",
};

/** Asks what a status change needs, then makes it. */
export default function TransitionModal({
  caseValue,
  to,
  onClose,
  onDone,
}: {
  caseValue: Case;
  to: CaseStatus | null;
  onClose: () => void;
  onDone: (c: Case) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const transition = useMutation({
    mutationFn: (request: TransitionRequest) => call(commands.transitionCase(caseValue.id, request)),
    onSuccess: (c) => onDone(c),
    onError: (e) => {
      const unplaced = applyFieldErrors(form, e, FIELDS);
      if (e instanceof IpcError && e.code === "invalid_input") {
        if (unplaced.length > 0) setError(unplaced.join("；"));
      } else {
        setError(errorMessage(e));
      }
    },
  });
  const saving = transition.isPending;

  // biome-ignore lint/correctness/useExhaustiveDependencies: a fresh form for each step.
  useEffect(() => {
    setError(null);
    form.resetFields();
  }, [to, form]);

  if (to === null) return null;
  const reopen = isReopen(caseValue.status, to);

  const submit = (v: Values) => {
    setError(null);
    const request: TransitionRequest = {
      to,
      note: v.note?.trim() || null,
      resolution: to === "resolved" ? v.resolution?.trim() || null : null,
      holdReason: to === "on_hold" ? v.holdReason?.trim() || null : null,
      holdUntil: to === "on_hold" && v.holdUntil ? v.holdUntil.format("YYYY-MM-DD") : null,
      referredTo: to === "referred" ? v.referredTo?.trim() || null : null,
      duplicateOf: to === "duplicate" ? v.duplicateOf?.trim() || null : null,
    };
    transition.mutate(request);
  };

  return (
    <Modal
      open
      title={
        <span>
          {reopen ? "重新处理" : (TITLES[to] ?? `改为“${statusLabel(to)}”`)}
          <Typography.Text
            type="secondary"
            style={{ fontWeight: "normal", marginInlineStart: 12, fontSize: 14 }}
          >
            {statusLabel(caseValue.status)} → {statusLabel(to)}
          </Typography.Text>
        </span>
      }
      onCancel={onClose}
      width={560}
      destroyOnHidden
      footer={[
        <Button key="cancel" onClick={onClose}>
          取消
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={saving}
          onClick={() => form.submit()}
          data-testid="transition-submit"
        >
          确定
        </Button>,
      ]}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        onValuesChange={(changed) =>
          clearFieldErrors(
            form,
            Object.keys(changed).map((k) => [k]),
          )
        }
        autoComplete="off"
        style={{ marginTop: 12 }}
      >
        {to === "resolved" && (
          <Form.Item
            name="resolution"
            label="办理结果"
            required
            rules={[
              { required: true, whitespace: true, message: "办结请填写办理结果：做了什么、问题是否已解决" },
            ]}
          >
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 8 }}
              placeholder="如：物业已对南门广场坑洼路面重新铺装，排水已恢复"
              count={{ show: true, max: 2000 }}
              autoFocus
              data-testid="transition-resolution"
            />
          </Form.Item>
        )}
        {to === "on_hold" && (
          <>
            <Form.Item
              name="holdReason"
              label="挂起原因"
              required
              rules={[
                { required: true, whitespace: true, message: "挂起请填写原因（例如：等待开发商施工方案）" },
              ]}
            >
              <Input placeholder="如：等待开发商施工方案" autoFocus data-testid="transition-hold-reason" />
            </Form.Item>
            <Form.Item
              name="holdUntil"
              label="预计恢复办理日期"
              required
              rules={[{ required: true, message: "挂起请填写预计恢复办理的日期" }]}
              extra="挂起期间时限暂停计算，恢复办理后顺延"
            >
              <DatePicker
                disabledDate={(d) => d.isBefore(dayjs(), "day")}
                style={{ width: 200 }}
                data-testid="transition-hold-until"
              />
            </Form.Item>
          </>
        )}
        {to === "referred" && (
          <Form.Item
            name="referredTo"
            label="接收单位"
            required
            rules={[
              {
                required: true,
                whitespace: true,
                message: "转办请填写接收单位（例如：区住建局、12345热线）",
              },
            ]}
          >
            <Input
              placeholder="如：区住建局、供水公司、12345热线"
              maxLength={50}
              autoFocus
              data-testid="transition-referred-to"
            />
          </Form.Item>
        )}
        {to === "duplicate" && (
          <Form.Item
            name="duplicateOf"
            label="与哪件诉求重复"
            required
            rules={[
              { required: true, whitespace: true, message: "请填写与之重复的诉求编号（形如 RA-2025-0007）" },
            ]}
            extra="本件将计为同一问题的又一位反映居民，两件的记录都保留"
          >
            <Input
              placeholder="诉求编号，如 RA-2025-0007"
              style={{ width: 240 }}
              autoFocus
              data-testid="transition-duplicate-of"
            />
          </Form.Item>
        )}
        <Form.Item
          name="note"
          label={reopen ? "重新处理的原因" : "说明"}
          required={reopen}
          rules={
            reopen
              ? [
                  {
                    required: true,
                    whitespace: true,
                    message: "重新处理请写明原因（例如：回访时居民表示问题仍未解决）",
                  },
                ]
              : []
          }
          extra="会记入操作记录"
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 6 }}
            placeholder={reopen ? "如：回访时居民表示雨后仍有积水" : NOTE_HINTS[to]}
            autoFocus={!["resolved", "on_hold", "referred", "duplicate"].includes(to)}
            count={{ show: true, max: 500 }}
            data-testid="transition-note"
          />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} data-testid="transition-error" />}
      </Form>
    </Modal>
  );
}
