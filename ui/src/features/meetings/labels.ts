// Chinese names and tag colours of the meeting codes, and small helpers the meeting
// pages share.
import type { FormInstance } from "antd";
import type { MeetingStatus } from "../../bindings";
import { IpcError } from "../../lib/ipc";
import { cn } from "../schedule/labels";

export { DECISION_STATUSES, MEETING_KIND_LABELS, MEETING_STATUS_LABELS } from "../../vocabulary";

export const MEETING_STATUS_COLORS: Record<MeetingStatus, string> = {
  scheduled: "blue",
  held: "green",
  cancelled: "default",
};

/** `decisions.0.text` → `['decisions', 0, 'text']`: Form.List names use numbers. */
export function listPath(field: string): (string | number)[] {
  return field.split(".").map((p) => (/^\d+$/.test(p) ? Number(p) : p));
}

/**
 * Puts an `invalid_input` error's messages under the form's fields (`known` says which
 * it has) and returns the sentences for everything else, to show above the buttons.
 */
export function placeErrors(form: FormInstance, e: unknown, known: (field: string) => boolean): string[] {
  if (!(e instanceof IpcError) || e.code !== "invalid_input") return [];
  const byField = new Map<string, string[]>();
  const unplaced: string[] = [];
  for (const f of e.fields) {
    if (known(f.field)) byField.set(f.field, [...(byField.get(f.field) ?? []), f.message]);
    else unplaced.push(f.message);
  }
  form.setFields([...byField].map(([field, errors]) => ({ name: listPath(field), errors })));
  const first = [...byField.keys()][0];
  if (first) form.scrollToField(listPath(first), { block: "center" });
  if (e.fields.length === 0) unplaced.push(e.message);
  return unplaced;
}

/** Empty or blank → null. */
export function text(value: string | null | undefined): string | null {
  return value && value.trim() !== "" ? value.trim() : null;
}

/** `2026-12-03（周四）14:30–16:00`, in China time like the calendar. */
export function meetingTime(start: string, end: string): string {
  const s = cn(start);
  const e = cn(end);
  const week = "日一二三四五六"[s.day()];
  return `${s.format("YYYY-MM-DD")}（周${week}）${s.format("HH:mm")}–${e.format(
    e.isSame(s, "day") ? "HH:mm" : "MM-DD HH:mm",
  )}`;
}
