import dayjs from "dayjs";
import type { DueCode } from "../../../lib/dueColors";

/** `3 天 4 小时`, `5 小时`, `20 分钟`: a span as a worker says it. */
export function spanText(ms: number): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  if (days > 0) return hours > 0 ? `${days} 天 ${hours} 小时` : `${days} 天`;
  if (hours > 0) return `${hours} 小时`;
  return `${minutes} 分钟`;
}

export type ClockState =
  | { kind: "none" }
  | { kind: "met"; at: string; late: boolean }
  | { kind: "paused" }
  | { kind: "running"; leftMs: number }
  | { kind: "overdue"; overMs: number };

/**
 * One clock (respond or resolve): met (and whether late), paused while on hold,
 * running with time left, or overdue.
 */
export function clockState(
  due: string | null,
  doneAt: string | null,
  paused: boolean,
  now: dayjs.Dayjs = dayjs(),
): ClockState {
  if (!due) return { kind: "none" };
  if (doneAt) return { kind: "met", at: doneAt, late: dayjs(doneAt).isAfter(dayjs(due)) };
  if (paused) return { kind: "paused" };
  const left = dayjs(due).diff(now);
  return left >= 0 ? { kind: "running", leftMs: left } : { kind: "overdue", overMs: -left };
}

/** What a clock's tag reads, and the due state whose colours it wears; none when no deadline is set. */
export function clockTag(s: ClockState): { text: string; due: DueCode } | null {
  switch (s.kind) {
    case "none":
      return null;
    case "met":
      return s.late ? { text: "超时", due: "overdue" } : { text: "按时", due: "done" };
    case "paused":
      return { text: "挂起中，暂停计时", due: "on_hold" };
    case "running":
      return {
        text: `剩余 ${spanText(s.leftMs)}`,
        due: s.leftMs <= 24 * 3600_000 ? "near_due" : "on_track",
      };
    case "overdue":
      return { text: `已超期 ${spanText(s.overMs)}`, due: "overdue" };
  }
}
