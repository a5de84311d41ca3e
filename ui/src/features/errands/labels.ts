import type { ErrandOutcome, ServiceSource } from "../../bindings";

export const OUTCOMES: readonly ErrandOutcome[] = ["done", "needs_materials", "referred"];

export const OUTCOME_LABELS: Record<ErrandOutcome, string> = {
  done: "办结",
  needs_materials: "需补材料",
  referred: "转办",
};

export const OUTCOME_COLORS: Record<ErrandOutcome, string> = {
  done: "green",
  needs_materials: "gold",
  referred: "purple",
};

export const SOURCE_LABELS: Record<ServiceSource, string> = {
  event: "活动",
  meeting: "会议",
  errand: "办事",
};

/** `12.5` → `12.5`, `3` → `3`: hours as a person writes them. */
export function hours(h: number | null | undefined): string {
  const v = h ?? 0;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
