// The in-place form of one status change. What it asks for — its title, fields,
// placeholders, limits and the messages for empty fields — comes from the core
// (`CaseDetail.steps`).
import { useMutation } from "@tanstack/react-query";
import { DatePicker, Form, Input } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { type ReactNode, useRef, useState } from "react";
import {
  type Case,
  commands,
  type NextStep,
  type StepField,
  type StepFieldName,
  type TransitionRequest,
} from "../../../bindings";
import { scaled } from "../../../lib/display";
import { applyFieldErrors, call, clearFieldErrors, errorMessage, IpcError } from "../../../lib/ipc";
import { statusLabel } from "../labels";
import InPlace, { useFocusWhenShown } from "./InPlace";

type Values = Partial<Record<StepFieldName, string>> & { note?: string; holdUntil?: Dayjs | null };

const FIELDS = ["note", "resolution", "holdReason", "holdUntil", "referredTo", "duplicateOf"] as const;

/** `holdReason` → `transition-hold-reason`, the id the end-to-end tests find it by. */
function testId(name: StepFieldName): string {
  return `transition-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

type Focusable = { focus: () => void };

/**
 * The input a field is typed into. `Form.Item` hands its child `value` and `onChange`
 * (and the like); they are passed on to the input itself.
 */
function FieldInput({
  field,
  inputRef,
  ref: itemRef,
  ...bound
}: { field: StepField; inputRef?: React.Ref<Focusable>; ref?: React.Ref<Focusable> } & Record<
  string,
  unknown
>): ReactNode {
  // The first field takes the ref that focuses it; the others keep the one Form.Item gave.
  const common = {
    ...bound,
    ref: (inputRef ?? itemRef) as React.Ref<never>,
    "data-testid": testId(field.name),
  };
  switch (field.name) {
    case "resolution":
      return (
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 6 }}
          placeholder={field.placeholder}
          count={field.maxChars ? { show: true, max: field.maxChars } : undefined}
          {...common}
        />
      );
    case "holdUntil":
      return (
        <DatePicker
          disabledDate={(d) => d.isBefore(dayjs(), "day")}
          style={{ width: scaled(200) }}
          {...common}
        />
      );
    case "duplicateOf":
      return <Input placeholder={field.placeholder} style={{ width: scaled(240) }} {...common} />;
    default:
      return <Input placeholder={field.placeholder} maxLength={field.maxChars ?? undefined} {...common} />;
  }
}

/** Asks in place what a status change needs, then makes it. */
export default function StepForm({
  caseValue,
  step,
  onCancel,
  onDone,
}: {
  caseValue: Case;
  step: NextStep;
  /** None: the case's usual next step, which stays on screen. */
  onCancel?: () => void;
  onDone: (c: Case, step: NextStep) => void;
}) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const first = useRef<Focusable>(null);
  useFocusWhenShown(first);
  const transition = useMutation({
    mutationFn: (request: TransitionRequest) => call(commands.transitionCase(caseValue.id, request)),
    onSuccess: (c) => onDone(c, step),
    onError: (e) => {
      const unplaced = applyFieldErrors(form, e, FIELDS);
      if (e instanceof IpcError && e.code === "invalid_input") {
        if (unplaced.length > 0) setError(unplaced.join("；"));
      } else {
        setError(errorMessage(e));
      }
    },
  });
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
    <InPlace
      title={step.title}
      hint={`${statusLabel(caseValue.status)} → ${statusLabel(step.to)}${
        step.onePress && step.undo === null ? "（此步不能撤销）" : ""
      }`}
      okText={step.action}
      okDanger={step.reopen}
      saving={transition.isPending}
      error={error}
      errorTestId="transition-error"
      testId="transition-submit"
      onOk={() => form.submit()}
      onCancel={onCancel}
    >
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
        autoComplete="off"
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
            // Room for the character count under a text box.
            style={{ marginBottom: field.name === "resolution" ? 22 : 12 }}
          >
            <FieldInput field={field} inputRef={i === 0 ? first : undefined} />
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
          style={{ marginBottom: 22 }}
        >
          <Input.TextArea
            ref={step.fields.length === 0 ? (first as React.Ref<never>) : undefined}
            autoSize={{ minRows: 1, maxRows: 6 }}
            placeholder={`${step.notePlaceholder}${step.noteRequiredMessage === null ? "（可不填，记入操作记录）" : ""}`}
            count={{ show: true, max: step.noteMaxChars }}
            data-testid="transition-note"
          />
        </Form.Item>
      </Form>
    </InPlace>
  );
}
