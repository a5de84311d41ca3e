// The form of one status change. What it asks for — its title, fields, placeholders,
// limits and the messages for empty fields — comes from the core (`CaseDetail.steps`).
import { useMutation } from "@tanstack/react-query";
import { Alert, Button, DatePicker, Form, Input, Modal, Typography } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { type ReactNode, useEffect, useState } from "react";
import {
  type Case,
  commands,
  type NextStep,
  type StepField,
  type StepFieldName,
  type TransitionRequest,
} from "../../../bindings";
import { applyFieldErrors, call, clearFieldErrors, errorMessage, IpcError } from "../../../lib/ipc";
import { statusLabel } from "../labels";

type Values = Partial<Record<StepFieldName, string>> & { note?: string; holdUntil?: Dayjs | null };

const FIELDS = ["note", "resolution", "holdReason", "holdUntil", "referredTo", "duplicateOf"] as const;

/** `holdReason` → `transition-hold-reason`, the id the end-to-end tests find it by. */
function testId(name: StepFieldName): string {
  return `transition-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/**
 * The input a field is typed into. `Form.Item` hands its child `value` and `onChange`
 * (and the like); they are passed on to the input itself.
 */
function FieldInput({
  field,
  autoFocus,
  ...bound
}: { field: StepField; autoFocus: boolean } & Record<string, unknown>): ReactNode {
  const common = { ...bound, autoFocus, "data-testid": testId(field.name) };
  switch (field.name) {
    case "resolution":
      return (
        <Input.TextArea
          autoSize={{ minRows: 3, maxRows: 8 }}
          placeholder={field.placeholder}
          count={field.maxChars ? { show: true, max: field.maxChars } : undefined}
          {...common}
        />
      );
    case "holdUntil":
      return (
        <DatePicker disabledDate={(d) => d.isBefore(dayjs(), "day")} style={{ width: 200 }} {...common} />
      );
    case "duplicateOf":
      return <Input placeholder={field.placeholder} style={{ width: 240 }} {...common} />;
    default:
      return <Input placeholder={field.placeholder} maxLength={field.maxChars ?? undefined} {...common} />;
  }
}

/** Asks what a status change needs, then makes it. */
export default function TransitionModal({
  caseValue,
  step,
  onClose,
  onDone,
}: {
  caseValue: Case;
  step: NextStep | null;
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
  }, [step, form]);

  if (step === null) return null;
  const asks = (name: StepFieldName) => step.fields.some((f) => f.name === name);

  const submit = (v: Values) => {
    setError(null);
    const text = (name: Exclude<StepFieldName, "holdUntil">) => (asks(name) ? v[name]?.trim() || null : null);
    const request: TransitionRequest = {
      to: step.to,
      note: v.note?.trim() || null,
      resolution: text("resolution"),
      holdReason: text("holdReason"),
      holdUntil: asks("holdUntil") && v.holdUntil ? v.holdUntil.format("YYYY-MM-DD") : null,
      referredTo: text("referredTo"),
      duplicateOf: text("duplicateOf"),
    };
    transition.mutate(request);
  };

  return (
    <Modal
      open
      title={
        <span>
          {step.title}
          <Typography.Text
            type="secondary"
            style={{ fontWeight: "normal", marginInlineStart: 12, fontSize: 14 }}
          >
            {statusLabel(caseValue.status)} → {statusLabel(step.to)}
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
        {step.fields.map((field, i) => (
          <Form.Item
            key={field.name}
            name={field.name}
            label={field.label}
            required
            rules={[
              field.name === "holdUntil"
                ? { required: true, message: field.requiredMessage }
                : { required: true, whitespace: true, message: field.requiredMessage },
            ]}
            extra={field.extra ?? undefined}
          >
            <FieldInput field={field} autoFocus={i === 0} />
          </Form.Item>
        ))}
        <Form.Item
          name="note"
          label={step.noteLabel}
          required={step.noteRequiredMessage !== null}
          rules={
            step.noteRequiredMessage !== null
              ? [{ required: true, whitespace: true, message: step.noteRequiredMessage }]
              : []
          }
          extra="会记入操作记录"
        >
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 6 }}
            placeholder={step.notePlaceholder}
            autoFocus={step.fields.length === 0}
            count={{ show: true, max: step.noteMaxChars }}
            data-testid="transition-note"
          />
        </Form.Item>
        {error && <Alert type="error" showIcon title={error} data-testid="transition-error" />}
      </Form>
    </Modal>
  );
}
