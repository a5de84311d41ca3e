import type { ErrandOutcome } from "../../bindings";

export { OUTCOME_LABELS, OUTCOMES, SOURCE_LABELS } from "../../vocabulary";

export const OUTCOME_COLORS: Record<ErrandOutcome, string> = {
  done: "green",
  needs_materials: "gold",
  referred: "purple",
};

/** `12.5` → `12.5`, `3` → `3`: hours as a person writes them. */
export function hours(h: number | null | undefined): string {
  const v = h ?? 0;
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
