// Event kinds, colours, place suggestions and China-time helpers the schedule pages share.
// Times are shown in China time (UTC+8) whatever the computer's zone, as the core keeps them.
import dayjs, { type Dayjs } from "dayjs";
import utc from "dayjs/plugin/utc";
import type { CalendarItem, EventKind } from "../../bindings";
import { EVENT_KIND_LABELS } from "../../vocabulary";

export { EVENT_KIND_LABELS, EVENT_KINDS, SIGNUP_STATUS_LABELS } from "../../vocabulary";

dayjs.extend(utc);

/** Left-border colour of a calendar entry by kind (events) or source (meetings). */
export const KIND_COLORS: Record<string, string> = {
  clinic: "#2f9e44",
  gov_service: "#1d5fb4",
  volunteer: "#e8590c",
  culture: "#c2255c",
  salon: "#7048e8",
  other: "#868e96",
  consultation: "#0c8599",
  deliberation: "#0c8599",
};

/** Where the station's activities usually are; typed places of earlier events join these. */
export const PLACE_SUGGESTIONS = [
  "服务站办公室",
  "社区活动室",
  "南门广场",
  "1栋1单元门口",
  "小区中心花园",
  "服务站二楼会议室",
];

export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_LABELS: Record<Weekday, string> = {
  MO: "周一",
  TU: "周二",
  WE: "周三",
  TH: "周四",
  FR: "周五",
  SA: "周六",
  SU: "周日",
};

const CHINA_OFFSET_MINUTES = 480;

/** An instant in China time. */
export function cn(iso: string): Dayjs {
  return dayjs(iso).utcOffset(CHINA_OFFSET_MINUTES);
}

/** An instant's China wall-clock date and time as a plain dayjs, for the date and time pickers. */
export function chinaClock(iso: string): Dayjs {
  return dayjs(cn(iso).format("YYYY-MM-DDTHH:mm"));
}

/** Today's China date, `YYYY-MM-DD`. */
export function chinaToday(): string {
  return dayjs().utcOffset(CHINA_OFFSET_MINUTES).format("YYYY-MM-DD");
}

/** A China date and wall-clock time (`HH:mm`) as an RFC 3339 instant. */
export function chinaInstant(date: string, hm: string): string {
  return new Date(`${date}T${hm}:00+08:00`).toISOString();
}

/** The weekday code of a date (`YYYY-MM-DD`). */
export function weekdayOf(date: string): Weekday {
  return WEEKDAYS[(dayjs(date).day() + 6) % 7];
}

/** `09:00–11:30`. */
export function hm(item: { start: string; end: string }): string {
  return `${cn(item.start).format("HH:mm")}–${cn(item.end).format("HH:mm")}`;
}

/** `12月3日 周四 09:00–11:30`. */
export function whenText(item: { start: string; end: string }): string {
  const s = cn(item.start);
  return `${s.format("YYYY年M月D日")} ${WEEKDAY_LABELS[weekdayOf(s.format("YYYY-MM-DD"))]} ${hm(item)}`;
}

/** 已报名 n/容量 m，候补 k — or 已报名 n without a capacity; empty for meetings. */
export function signupText(item: CalendarItem): string {
  if (item.source !== "event") return "";
  if (item.capacity === null) return item.confirmed > 0 ? `已报名 ${item.confirmed}` : "";
  return `已报名 ${item.confirmed}/容量 ${item.capacity}，候补 ${item.waitlisted}`;
}

/** What a calendar entry shows: sign-ups while it is ahead, person-times once it is over. */
export function entryFigures(item: CalendarItem, now = Date.now()): string {
  if (item.source !== "event") return "";
  if (new Date(item.end).getTime() <= now) return item.served > 0 ? `受益 ${item.served} 人次` : "";
  return signupText(item);
}

export function kindLabel(item: CalendarItem): string {
  return item.kindLabel || EVENT_KIND_LABELS[item.kind as EventKind] || item.kind;
}

/** A stable test id for a calendar entry: source, id and China date of the occurrence. */
export function itemTestId(item: CalendarItem): string {
  return `cal-item-${item.source}-${item.id}-${cn(item.occurrenceStart).format("YYYYMMDD")}`;
}
