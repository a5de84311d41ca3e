// The words and emphasis of a case's step buttons.
import type { CaseStatus } from "../../../bindings";
import { STATUS_LABELS } from "../labels";
import { isReopen } from "./TransitionModal";

/** The usual next step gets the primary button. */
export function primaryNext(from: CaseStatus): CaseStatus | null {
  switch (from) {
    case "accepted":
      return "investigating";
    case "investigating":
      return "in_progress";
    case "in_progress":
      return "resolved";
    case "followed_up":
      return "closed";
    case "on_hold":
      return null;
    default:
      return null;
  }
}

/** A button's words: the step, as a worker says it. */
export function actionText(from: CaseStatus, to: CaseStatus): string {
  if (isReopen(from, to)) return "重新处理";
  if (from === "on_hold") return `恢复办理（${STATUS_LABELS[to]}）`;
  switch (to) {
    case "investigating":
      return "转为核查";
    case "in_progress":
      return "转为处理中";
    case "resolved":
      return "办结";
    case "closed":
      return "关闭";
    case "on_hold":
      return "挂起";
    case "referred":
      return "转办";
    case "duplicate":
      return "标记为重复";
    case "accepted":
      return "退回受理";
    default:
      return STATUS_LABELS[to];
  }
}
