// The case drawer's 办理 bar and the form under it. Which steps there are, what they are
// called and ask for, which need nothing but the press and which the rules can take back
// all come from the core (`CaseDetail.steps`: `onePress`, `undo`). A step that needs
// nothing and can be taken back happens on the press, with 撤销 in the message; any other
// step asks in place (its fields, or only a confirming press when it cannot be undone).
// The case's usual next thing is asked in place before any press: the call-back once
// 办结, the on-site survey at 受理, otherwise the form of the main step.
import { EnvironmentOutlined, PhoneOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { App, Button, Flex, Typography } from "antd";
import { useEffect, useRef, useState } from "react";
import { type Case, type CaseDetail, commands, type NextStep } from "../../../bindings";
import { call, errorMessage } from "../../../lib/ipc";
import { STATUS_LABELS } from "../labels";
import FollowUpForm from "./FollowUpForm";
import { ContactForm, SurveyForm } from "./RecordForms";
import StepForm from "./StepForm";

type Panel =
  | { kind: "step"; step: NextStep }
  | { kind: "survey" }
  | { kind: "contact" }
  | { kind: "followup" };

/** What the case asks for next, shown before any press. */
function usualPanel(detail: CaseDetail): Panel | null {
  if (detail.canFollowUp) return { kind: "followup" };
  // At 受理 the station goes to look (a survey takes the case to 核查 by itself).
  if (detail.case.status === "accepted" && detail.inHand) return { kind: "survey" };
  const primary = detail.steps.find((s) => s.primary);
  return primary ? { kind: "step", step: primary } : null;
}

const samePanel = (a: Panel | null, b: Panel | null) =>
  a?.kind === b?.kind && (a?.kind !== "step" || (b?.kind === "step" && a.step.to === b.step.to));

export default function ActionBar({ detail, onChanged }: { detail: CaseDetail; onChanged: () => void }) {
  const { message } = App.useApp();
  const c = detail.case;
  const usual = usualPanel(detail);
  // What the worker pressed for; undefined: the usual next thing.
  const [chosen, setChosen] = useState<Panel | null | undefined>(undefined);
  const panel = chosen === undefined ? usual : chosen;
  const primaryRef = useRef<HTMLButtonElement>(null);

  // Without a form to answer, the main button has the focus: Enter presses it.
  useEffect(() => {
    if (usual !== null) return;
    const timer = setTimeout(() => primaryRef.current?.focus(), 80);
    return () => clearTimeout(timer);
  }, [usual]);

  const saved = (what: string) => (next: Case) => {
    setChosen(undefined);
    message.success(`${what}，诉求现为“${STATUS_LABELS[next.status]}”`);
    onChanged();
  };

  const undo = useMutation({
    mutationFn: ({ to, action }: { to: NextStep["to"]; action: string }) =>
      call(commands.transitionCase(c.id, { to, note: `撤销“${action}”` })),
    onSuccess: (next) => {
      message.open({
        key: "case-step",
        type: "info",
        content: `已撤销，诉求回到“${STATUS_LABELS[next.status]}”`,
      });
      onChanged();
    },
    onError: (e) => message.open({ key: "case-step", type: "error", content: errorMessage(e) }),
  });

  /** A step made: the message says so, with 撤销 when the rules allow the way back. */
  const stepDone = (next: Case, step: NextStep) => {
    setChosen(undefined);
    const back = step.undo;
    if (back === null) {
      saved(`已${step.action}`)(next);
      return;
    }
    message.open({
      key: "case-step",
      type: "success",
      duration: 8,
      content: (
        <span data-testid="step-toast">
          已{step.action}，诉求现为“{STATUS_LABELS[next.status]}”
          <Button
            type="link"
            size="small"
            onClick={() => undo.mutate({ to: back, action: step.action })}
            data-testid="step-undo"
          >
            撤销
          </Button>
        </span>
      ),
    });
    onChanged();
  };

  const onePress = useMutation({
    mutationFn: (step: NextStep) => call(commands.transitionCase(c.id, { to: step.to })),
    onSuccess: (next, step) => stepDone(next, step),
    onError: (e) => message.error(errorMessage(e)),
  });

  const press = (step: NextStep) => {
    if (step.undo !== null) onePress.mutate(step);
    else setChosen({ kind: "step", step });
  };
  const open = (p: Panel) => setChosen(samePanel(p, usual) ? undefined : p);
  const cancel = samePanel(panel, usual) ? undefined : () => setChosen(undefined);

  return (
    <>
      <div className="sd-case-actions" data-testid="case-actions">
        <Typography.Text type="secondary" style={{ whiteSpace: "nowrap" }}>
          办理：
        </Typography.Text>
        <Flex wrap gap={8}>
          {detail.steps.map((s) => (
            <Button
              key={s.to}
              ref={s.primary ? primaryRef : undefined}
              type={s.primary ? "primary" : "default"}
              danger={s.reopen}
              loading={onePress.isPending && onePress.variables?.to === s.to}
              onClick={() => press(s)}
              autoInsertSpace={false}
              data-testid={`case-action-${s.to}`}
            >
              {s.action}
            </Button>
          ))}
          {detail.canFollowUp && (
            <Button type="primary" onClick={() => open({ kind: "followup" })} data-testid="followup-open">
              回访登记
            </Button>
          )}
          {detail.inHand && (
            <>
              <Button
                icon={<EnvironmentOutlined />}
                onClick={() => open({ kind: "survey" })}
                data-testid="survey-add"
              >
                登记现场勘查
              </Button>
              <Button
                icon={<PhoneOutlined />}
                onClick={() => open({ kind: "contact" })}
                data-testid="contact-open"
              >
                联系居民
              </Button>
            </>
          )}
          {detail.steps.length === 0 && !detail.canFollowUp && (
            <Typography.Text type="secondary">本件已结束，无需继续办理</Typography.Text>
          )}
        </Flex>
      </div>
      {panel?.kind === "step" && (
        <StepForm key={panel.step.to} caseValue={c} step={panel.step} onCancel={cancel} onDone={stepDone} />
      )}
      {panel?.kind === "survey" && (
        <SurveyForm
          caseValue={c}
          onward={detail.steps.find((s) => s.to === "in_progress" && !s.reopen) ?? null}
          onCancel={cancel}
          onDone={(next, made) => saved(made ? `已登记现场勘查并${made.action}` : "已登记现场勘查")(next)}
        />
      )}
      {panel?.kind === "contact" && (
        <ContactForm caseValue={c} onCancel={() => setChosen(undefined)} onDone={saved("已记录联系情况")} />
      )}
      {panel?.kind === "followup" && (
        <FollowUpForm caseValue={c} anonymous={detail.anonymous} onDone={saved("已登记回访")} />
      )}
    </>
  );
}
