import dayjs from "dayjs";

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
