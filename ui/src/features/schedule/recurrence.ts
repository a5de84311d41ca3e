// The event form's repeat presets and the RFC 5545 RRULE strings they stand for:
// 每周四 = FREQ=WEEKLY;BYDAY=TH, 每月第二个周六 = FREQ=MONTHLY;BYDAY=2SA.
import dayjs from "dayjs";
import { WEEKDAY_LABELS, WEEKDAYS, type Weekday, weekdayOf } from "./labels";

export type RepeatKind = "none" | "weekly" | "monthly" | "custom";
export type EndKind = "never" | "until" | "count";

export type Repeat = {
  kind: RepeatKind;
  /** 每周: the weekdays. */
  weekdays: Weekday[];
  /** 每月第 N 个: 1–4, or -1 for the last. */
  nth: number;
  monthWeekday: Weekday;
  custom: string;
  end: EndKind;
  /** China date of the last day, `YYYY-MM-DD`. */
  until: string | null;
  count: number | null;
};

export const NTH_LABELS: Record<number, string> = {
  1: "第一个",
  2: "第二个",
  3: "第三个",
  4: "第四个",
  [-1]: "最后一个",
};

/** The preset a start date suggests: its weekday, and its place in the month. */
export function defaultRepeat(date: string): Repeat {
  const day = dayjs(date).date();
  return {
    kind: "none",
    weekdays: [weekdayOf(date)],
    nth: Math.min(4, Math.ceil(day / 7)),
    monthWeekday: weekdayOf(date),
    custom: "",
    end: "never",
    until: null,
    count: null,
  };
}

/** The rule for the form's choice; null for 不重复. UNTIL is the end of that China day, in UTC. */
export function buildRule(r: Repeat): string | null {
  if (r.kind === "none") return null;
  if (r.kind === "custom") return r.custom.trim() || null;
  const parts =
    r.kind === "weekly"
      ? ["FREQ=WEEKLY", `BYDAY=${(r.weekdays.length > 0 ? r.weekdays : ["MO"]).join(",")}`]
      : ["FREQ=MONTHLY", `BYDAY=${r.nth}${r.monthWeekday}`];
  if (r.end === "until" && r.until) parts.push(`UNTIL=${r.until.replaceAll("-", "")}T155959Z`);
  if (r.end === "count" && r.count) parts.push(`COUNT=${r.count}`);
  return parts.join(";");
}

function fields(rule: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of rule
    .replace(/^RRULE:/i, "")
    .toUpperCase()
    .split(";")) {
    const [k, v] = part.split("=");
    if (k && v !== undefined) out.set(k.trim(), v.trim());
  }
  return out;
}

/** The UNTIL of a rule as a China date. */
function untilDate(value: string): string | null {
  const m = /^(\d{4})(\d{2})(\d{2})(T(\d{2})(\d{2})(\d{2})Z?)?$/.exec(value);
  if (!m) return null;
  if (!m[4]) return `${m[1]}-${m[2]}-${m[3]}`;
  return dayjs(`${m[1]}-${m[2]}-${m[3]}T${m[5]}:${m[6]}:${m[7]}Z`).utcOffset(480).format("YYYY-MM-DD");
}

/** The form's choice for a stored rule; anything the presets cannot say stays custom text. */
export function parseRule(rule: string | null, date: string): Repeat {
  const base = defaultRepeat(date);
  if (!rule) return base;
  const f = fields(rule);
  const known = new Set(["FREQ", "BYDAY", "UNTIL", "COUNT"]);
  const custom = { ...base, kind: "custom" as const, custom: rule };
  if ([...f.keys()].some((k) => !known.has(k))) return custom;
  const end: Partial<Repeat> = f.has("UNTIL")
    ? { end: "until", until: untilDate(f.get("UNTIL") ?? "") }
    : f.has("COUNT")
      ? { end: "count", count: Number(f.get("COUNT")) || null }
      : {};
  const byday = f.get("BYDAY") ?? "";
  if (f.get("FREQ") === "WEEKLY") {
    const days = byday.split(",").filter((d): d is Weekday => (WEEKDAYS as readonly string[]).includes(d));
    if (days.length === 0 || days.length !== byday.split(",").length) return custom;
    return { ...base, ...end, kind: "weekly", weekdays: days };
  }
  if (f.get("FREQ") === "MONTHLY") {
    const m = /^(-1|[1-4])(MO|TU|WE|TH|FR|SA|SU)$/.exec(byday);
    if (!m) return custom;
    return { ...base, ...end, kind: "monthly", nth: Number(m[1]), monthWeekday: m[2] as Weekday };
  }
  return custom;
}

/** 每周四 / 每月第二个周六 / the rule itself, for the drawer and the list. */
export function describeRule(rule: string | null): string {
  if (!rule) return "不重复";
  const r = parseRule(rule, "2026-01-01");
  let text: string;
  if (r.kind === "weekly") text = `每${r.weekdays.map((d) => WEEKDAY_LABELS[d]).join("、")}`;
  else if (r.kind === "monthly") text = `每月${NTH_LABELS[r.nth]}${WEEKDAY_LABELS[r.monthWeekday]}`;
  else return `自定义：${rule}`;
  if (r.end === "until" && r.until) text += `，至 ${r.until}`;
  if (r.end === "count" && r.count) text += `，共 ${r.count} 次`;
  return text;
}
