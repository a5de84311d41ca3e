import type { CalendarDay, DayKind } from "../../bindings";

/** A run of days as a notice writes it: 春节 2月6日至2月12日, or one 调休上班 day. */
export type HolidayRange = { kind: DayKind; name: string; first: string; last: string; days: number };

/**
 * The days of an imported year folded back into the notice's lines, for the preview: a
 * holiday's consecutive days with the same name make one line, each make-up day its own.
 * Display only; the days themselves come from Rust.
 */
export function holidayRanges(days: readonly CalendarDay[]): HolidayRange[] {
  const out: HolidayRange[] = [];
  for (const d of days) {
    const last = out[out.length - 1];
    if (
      last &&
      d.kind === "holiday" &&
      last.kind === "holiday" &&
      last.name === d.name &&
      nextDay(last.last) === d.day
    ) {
      last.last = d.day;
      last.days += 1;
    } else {
      out.push({ kind: d.kind, name: d.name, first: d.day, last: d.day, days: 1 });
    }
  }
  return out;
}

/** `2027-02-06` → `2027-02-07`, on the calendar (UTC, so no time zone shifts a day). */
function nextDay(day: string): string {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + 1);
  return t.toISOString().slice(0, 10);
}

/** 2月6日 from 2027-02-06. */
export function monthDay(day: string): string {
  const [, m, d] = day.split("-");
  return `${Number(m)}月${Number(d)}日`;
}

/** One preview line: `春节 2月6日至2月12日（7天）`, `调休上班 2月14日（春节调休上班）`. */
export function rangeLabel(r: HolidayRange): string {
  if (r.kind === "workday") return `调休上班 ${monthDay(r.first)}（${r.name}）`;
  if (r.days === 1) return `${r.name} ${monthDay(r.first)}（1天）`;
  return `${r.name} ${monthDay(r.first)}至${monthDay(r.last)}（${r.days}天）`;
}
