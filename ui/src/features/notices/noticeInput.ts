// The notices page's form values and the engine's JSON input made from them (the field
// names of crates/notice/README.md, "Input fields").
import type { Dayjs } from "dayjs";
import type { EventNotice, MeetingNotice } from "../../bindings";

export type FormKind = "meeting" | "event";

export const FORM_KIND_LABELS: Record<FormKind, string> = { meeting: "会议通知", event: "活动通知" };

/** Every entrance of the compound, `1栋1单元` … `4栋6单元`: one copy each to post up. */
export const ENTRANCES: readonly string[] = [1, 2, 3, 4].flatMap((b) =>
  [1, 2, 3, 4, 5, 6].map((e) => `${b}栋${e}单元`),
);

export const ENTRANCES_LABEL = `全部单元（${ENTRANCES[0]}…${ENTRANCES[ENTRANCES.length - 1]}）`;

/** 主送: every entrance (one page each) or the names typed. */
export type AddresseeMode = "entrances" | "custom";

type Common = {
  addresseeMode: AddresseeMode;
  addresseeList?: string[];
  /** One copy per name typed (e.g. per attendee) instead of one notice to them all. */
  perAddressee?: boolean;
  time?: string;
  place?: string;
  contact_person?: string;
  contact_phone?: string;
  issuer?: string;
  date?: Dayjs | null;
};

export type AttendeeRow = { name?: string; unit?: string; role?: string; phone?: string };

export type MeetingValues = Common & {
  meeting_name?: string;
  purpose?: string;
  attendees_note?: string;
  attendees?: AttendeeRow[];
  agenda?: string;
  requirements?: string;
  withReplySlip?: boolean;
  reply_deadline?: string;
  reply_return_to?: string;
  extra?: string;
};

export type EventValues = Common & {
  title?: string;
  summary?: string;
  audience?: string;
  bring?: string;
  signup?: string;
  qr_text?: string;
  qr_caption?: string;
};

const t = (v: string | undefined | null): string => (v ?? "").trim();

/** A textarea's lines as list items, blank lines dropped. */
export function lines(v: string | undefined): string[] {
  return (v ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== "");
}

function cleanList(list: string[] | undefined): string[] {
  return (list ?? []).map((a) => a.trim()).filter((a) => a !== "");
}

/** Names in the notice's 主送 line (none when each copy gets its own). */
function inlineAddressees(v: Common): string[] {
  return v.addresseeMode === "custom" && !v.perAddressee ? cleanList(v.addresseeList) : [];
}

/** The batch: one copy per entry, or none for a single notice. */
export function batchAddressees(v: Common): string[] {
  if (v.addresseeMode === "entrances") return [...ENTRANCES];
  return v.perAddressee ? cleanList(v.addresseeList) : [];
}

function common(v: Common) {
  return {
    addressees: inlineAddressees(v),
    time: t(v.time),
    place: t(v.place),
    contact_person: t(v.contact_person),
    contact_phone: t(v.contact_phone),
    issuer: t(v.issuer),
    date: v.date ? v.date.format("YYYY-MM-DD") : "",
  };
}

export function meetingInput(v: MeetingValues): MeetingNotice {
  const attendees = (v.attendees ?? [])
    .map((a) => ({ name: t(a?.name), unit: t(a?.unit), role: t(a?.role), phone: t(a?.phone) }))
    .filter((a) => a.name || a.unit || a.role || a.phone);
  return {
    meeting_name: t(v.meeting_name),
    purpose: t(v.purpose),
    attendees_note: t(v.attendees_note),
    attendees,
    agenda: lines(v.agenda),
    requirements: lines(v.requirements),
    reply_slip: v.withReplySlip ? { deadline: t(v.reply_deadline), return_to: t(v.reply_return_to) } : null,
    extra: t(v.extra),
    ...common(v),
  };
}

export function eventInput(v: EventValues): EventNotice {
  return {
    title: t(v.title),
    summary: t(v.summary),
    audience: t(v.audience),
    bring: t(v.bring),
    signup: t(v.signup),
    qr_text: t(v.qr_text),
    qr_caption: t(v.qr_caption),
    ...common(v),
  };
}

const WEEKDAYS = "日一二三四五六";

/** A picked time as notices write it: `2025年7月15日（星期二）下午3:00`. */
export function noticeTime(d: Dayjs): string {
  const h = d.hour();
  const part = h < 12 ? "上午" : h < 13 ? "中午" : h < 18 ? "下午" : "晚上";
  const h12 = h > 12 ? h - 12 : h;
  return `${d.format("YYYY年M月D日")}（星期${WEEKDAYS[d.day()]}）${part}${h12}:${d.format("mm")}`;
}

/** 主送 of a kept print, back as the form's fields: every entrance, one copy per name, or names. */
function addresseeValues(inline: string[], batch: string[]): Common {
  const entrances = batch.length === ENTRANCES.length && batch.every((a, i) => a === ENTRANCES[i]);
  if (entrances) return { addresseeMode: "entrances", addresseeList: [], perAddressee: false };
  if (batch.length > 0) return { addresseeMode: "custom", addresseeList: [...batch], perAddressee: true };
  return { addresseeMode: "custom", addresseeList: [...inline], perAddressee: false };
}

function commonValues(n: MeetingNotice | EventNotice, batch: string[], day: (iso: string) => Dayjs): Common {
  return {
    ...addresseeValues(n.addressees ?? [], batch),
    time: n.time ?? "",
    place: n.place ?? "",
    contact_person: n.contact_person ?? "",
    contact_phone: n.contact_phone ?? "",
    issuer: n.issuer ?? "",
    date: n.date && /^\d{4}-\d{2}-\d{2}$/.test(n.date) ? day(n.date) : null,
  };
}

/** A kept 会议通知 back as the form it was made from (to edit it as a new one). */
export function meetingValues(n: MeetingNotice, batch: string[], day: (iso: string) => Dayjs): MeetingValues {
  return {
    meeting_name: n.meeting_name ?? "",
    purpose: n.purpose ?? "",
    attendees_note: n.attendees_note ?? "",
    attendees: (n.attendees ?? []).map((a) => ({ ...a })),
    agenda: (n.agenda ?? []).join("\n"),
    requirements: (n.requirements ?? []).join("\n"),
    withReplySlip: n.reply_slip != null,
    reply_deadline: n.reply_slip?.deadline ?? "",
    reply_return_to: n.reply_slip?.return_to ?? "",
    extra: n.extra ?? "",
    ...commonValues(n, batch, day),
  };
}

/** A kept 活动通知 back as the form it was made from. */
export function eventValues(n: EventNotice, batch: string[], day: (iso: string) => Dayjs): EventValues {
  return {
    title: n.title ?? "",
    summary: n.summary ?? "",
    audience: n.audience ?? "",
    bring: n.bring ?? "",
    signup: n.signup ?? "",
    qr_text: n.qr_text ?? "",
    qr_caption: n.qr_caption ?? "",
    ...commonValues(n, batch, day),
  };
}
