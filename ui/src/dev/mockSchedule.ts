// Mock handlers for a part of the commands (see mockBackend.ts); NOT_MINE passes the
// command on. Events for the calendar, 今日 and the occurrence drawer: a weekly Thursday
// morning 义诊 by the 社区卫生服务中心 at 社区活动室 (20 places, full with a waitlist), a
// monthly 政务服务进小区 at 南门广场 on the second Saturday, an anti-fraud talk; the
// meetings and errands come from mockMeetings.ts.
import type {
  AppError,
  CalendarItem,
  CalendarQuery,
  Conflict,
  DayAgenda,
  EditScope,
  Errand,
  ErrorCode,
  Event,
  EventEdit,
  EventInput,
  EventSaved,
  FieldError,
  MeetingRow,
  OccurrenceDetail,
  PrintedNotice,
  ServedInput,
  Signup,
  SignupCancelled,
  SignupInput,
  Staff,
  VolunteerTime,
  WalkIn,
  WalkInInput,
} from "../bindings";
import type { Db } from "./mockBackend";
import * as meetings from "./mockMeetings";

export const NOT_MINE = Symbol("not mine");

const HOUR = 3_600_000;
const DAY = 86_400_000;
const KIND_LABELS = {
  clinic: "义诊",
  gov_service: "政务服务进小区",
  volunteer: "志愿服务",
  culture: "文化活动",
  salon: "讲座/沙龙",
  other: "其他",
} as const;
const WEEKDAYS = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

type Override = Partial<
  Pick<Event, "title" | "start" | "end" | "place" | "volunteers" | "description" | "capacity">
> & {
  cancelled?: boolean;
  staffIds?: number[];
};
type StoredSignup = Signup & { phone: string | null };
type State = {
  events: Event[];
  overrides: Map<string, Override>;
  signups: StoredSignup[];
  walkIns: (WalkIn & { key: string })[];
  served: Map<string, { served: number; hours: VolunteerTime[] }>;
  nextId: number;
};

const states = new WeakMap<Db, State>();

function fail(code: ErrorCode, message: string, fields: FieldError[] = []): never {
  const e: AppError = { code, message, fields };
  throw e;
}

function invalid(fields: FieldError[]): never {
  fail("invalid_input", fields.map((f) => f.message).join("；"), fields);
}

const keyOf = (eventId: number, at: string) => `${eventId}|${new Date(at).toISOString()}`;

/** China date of an instant. */
function chinaDay(t: number | string): string {
  return new Date(new Date(t).getTime() + 8 * HOUR).toISOString().slice(0, 10);
}

function chinaAt(day: string, hhmm: string): number {
  return new Date(`${day}T${hhmm}:00+08:00`).getTime();
}

function addDays(day: string, n: number): string {
  return new Date(new Date(`${day}T00:00:00Z`).getTime() + n * DAY).toISOString().slice(0, 10);
}

function weekdayCode(day: string): string {
  return WEEKDAYS[new Date(`${day}T00:00:00Z`).getUTCDay()];
}

function ruleParts(rule: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const p of rule
    .replace(/^RRULE:/i, "")
    .toUpperCase()
    .split(";")) {
    const [k, v] = p.split("=");
    if (k && v) m.set(k.trim(), v.trim());
  }
  return m;
}

function ruleError(rule: string): string | null {
  const f = ruleParts(rule);
  if (!["DAILY", "WEEKLY", "MONTHLY"].includes(f.get("FREQ") ?? ""))
    return `无法识别重复规则“${rule}”：请按 RFC 5545 书写，如每周四 FREQ=WEEKLY;BYDAY=TH，每月第二个周六 FREQ=MONTHLY;BYDAY=2SA`;
  return null;
}

/** Original starts of a series from its first day up to `to` (ms), China dates. */
function starts(e: Event, to: number): number[] {
  const first = new Date(e.start).getTime();
  if (!e.rrule) return [first];
  const f = ruleParts(e.rrule);
  const freq = f.get("FREQ");
  const interval = Number(f.get("INTERVAL") ?? 1) || 1;
  const byday = (f.get("BYDAY") ?? "").split(",").filter(Boolean);
  const untilRaw = f.get("UNTIL");
  const until = untilRaw
    ? new Date(
        untilRaw.replace(/^(\d{4})(\d{2})(\d{2})T?(\d{2})?(\d{2})?(\d{2})?Z?$/, "$1-$2-$3T$4:$5:$6Z"),
      ).getTime()
    : Infinity;
  const count = Number(f.get("COUNT") ?? 0) || Infinity;
  const firstDay = chinaDay(first);
  const time = new Date(first + 8 * HOUR).toISOString().slice(11, 16);
  const out: number[] = [];
  let n = 0;
  for (let i = 0; i < 800; i++) {
    const day = addDays(firstDay, i);
    const at = chinaAt(day, time);
    if (at > to || at > until || n >= count) break;
    const wd = weekdayCode(day);
    const dom = Number(day.slice(8));
    let hit = false;
    if (freq === "DAILY") hit = i % interval === 0;
    else if (freq === "WEEKLY")
      hit = Math.floor(i / 7) % interval === 0 && (byday.length ? byday.includes(wd) : i % 7 === 0);
    else if (freq === "MONTHLY") {
      const m = /^(-?\d)?([A-Z]{2})$/.exec(byday[0] ?? "");
      if (!m) hit = dom === Number(firstDay.slice(8));
      else {
        const nth = Number(m[1] ?? 1);
        const daysInMonth = new Date(
          Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)), 0),
        ).getUTCDate();
        hit = wd === m[2] && (nth > 0 ? Math.ceil(dom / 7) === nth : dom + 7 > daysInMonth);
      }
    }
    if (!hit) continue;
    n += 1;
    if (!e.exdates.includes(day)) out.push(at);
  }
  return out;
}

function occursAt(e: Event, at: string): boolean {
  const t = new Date(at).getTime();
  return starts(e, t).includes(t);
}

function state(db: Db): State {
  let s = states.get(db);
  if (!s) {
    s = seed(db);
    states.set(db, s);
  }
  return s;
}

const NAMES = [
  "王秀英",
  "李淑珍",
  "张桂芳",
  "刘玉兰",
  "陈国华",
  "杨建国",
  "赵凤英",
  "黄德明",
  "周秀兰",
  "吴振华",
  "徐桂英",
  "孙玉珍",
  "胡建民",
  "朱秀珍",
  "高德胜",
  "林淑华",
  "何永福",
  "郭玉梅",
  "马文明",
  "罗凤兰",
  "梁秀云",
  "宋志强",
  "郑桂香",
  "谢宝山",
];

function maskPhone(p: string | null): string | null {
  return p ? `${p.slice(0, 3)}****${p.slice(-4)}` : null;
}

function seed(db: Db): State {
  const s: State = {
    events: [],
    overrides: new Map(),
    signups: [],
    walkIns: [],
    served: new Map(),
    nextId: 1,
  };
  if (!db.station || db.cases.length === 0 || db.staff.length === 0) return s;
  const staff = db.staff;
  const ref = (i: number) => ({ id: staff[i % staff.length].id, name: staff[i % staff.length].name });
  const today = chinaDay(Date.now());
  // This week's Thursday, then eight weeks back for the series' first one.
  const dow = new Date(`${today}T00:00:00Z`).getUTCDay();
  const thursday = addDays(today, 4 - dow);
  const event = (e: Partial<Event> & Pick<Event, "kind" | "title" | "start" | "end" | "place">): Event => {
    const created = new Date(new Date(e.start).getTime() - 10 * DAY).toISOString();
    return {
      id: s.nextId++,
      partners: [],
      staff: [],
      volunteers: [],
      description: null,
      rrule: null,
      exdates: [],
      capacity: null,
      seriesEnd: null,
      splitFrom: null,
      cancelled: false,
      createdAt: created,
      createdBy: staff[0].name,
      updatedAt: created,
      ...e,
    };
  };
  const clinicDay = addDays(thursday, -56);
  const clinic = event({
    kind: "clinic",
    title: "社区卫生服务中心义诊",
    start: new Date(chinaAt(clinicDay, "09:00")).toISOString(),
    end: new Date(chinaAt(clinicDay, "11:30")).toISOString(),
    place: "社区活动室",
    partners: ["社区卫生服务中心"],
    staff: [ref(0)],
    volunteers: ["李桂兰", "陈建国"],
    description: "测血压、血糖，中医问诊，用药咨询。请带医保卡和近期病历、正在吃的药。",
    rrule: "FREQ=WEEKLY;BYDAY=TH",
    capacity: 20,
  });
  const monthStart = `${addDays(today, -120).slice(0, 7)}-01`;
  const govFirst = starts(
    {
      ...clinic,
      start: new Date(chinaAt(monthStart, "09:00")).toISOString(),
      rrule: "FREQ=MONTHLY;BYDAY=2SA",
    },
    Date.now() + 60 * DAY,
  )[0];
  const gov = event({
    kind: "gov_service",
    title: "政务服务进小区",
    start: new Date(govFirst).toISOString(),
    end: new Date(govFirst + 2.5 * HOUR).toISOString(),
    place: "南门广场",
    partners: ["街道政务服务中心", "区社保中心"],
    staff: [ref(1), ref(0)],
    volunteers: ["王丽"],
    description: "社保认证、医保缴费、老年卡办理、居住证明开具，现场办理、现场答复。",
    rrule: "FREQ=MONTHLY;BYDAY=2SA",
  });
  const talkDay = addDays(today, 5);
  const talk = event({
    kind: "salon",
    title: "防范电信诈骗讲座",
    start: new Date(chinaAt(talkDay, "14:30")).toISOString(),
    end: new Date(chinaAt(talkDay, "16:00")).toISOString(),
    place: "社区活动室",
    partners: ["裕华路派出所"],
    staff: [ref(2)],
    description: "民警讲解冒充公检法、养老投资等常见骗局，现场答疑。",
    capacity: 40,
  });
  s.events.push(clinic, gov, talk);

  let phoneSeed = 1357;
  const sign = (e: Event, at: number, name: string, status: Signup["status"], checkedIn: boolean) => {
    phoneSeed = (phoneSeed * 7919 + 13) % 100000000;
    const phone = `139${String(phoneSeed).padStart(8, "0")}`;
    const signedUp = Math.min(at, Date.now()) - 4 * DAY + s.signups.length * 10 * 60_000;
    s.signups.push({
      id: s.nextId++,
      eventId: e.id,
      occurrenceStart: new Date(at).toISOString(),
      name,
      phone,
      phoneMasked: maskPhone(phone),
      note: null,
      status,
      waitlistPosition: null,
      signedUpAt: new Date(signedUp).toISOString(),
      promotedAt: null,
      cancelledAt: status === "cancelled" ? new Date(signedUp + DAY).toISOString() : null,
      checkedInAt: checkedIn ? new Date(at + 20 * 60_000).toISOString() : null,
    });
  };
  const clinicStarts = starts(clinic, Date.now() + 30 * DAY);
  const next = clinicStarts.find((t) => t + 2.5 * HOUR > Date.now());
  const last = [...clinicStarts].reverse().find((t) => t + 2.5 * HOUR <= Date.now());
  if (last) {
    NAMES.slice(0, 18).forEach((n, i) => {
      sign(clinic, last, n, i === 17 ? "cancelled" : "confirmed", i < 15);
    });
    for (const name of [null, null, "隔壁小区 刘大爷", null]) {
      s.walkIns.push({
        id: s.nextId++,
        key: keyOf(clinic.id, new Date(last).toISOString()),
        name,
        people: 1,
        at: new Date(last + HOUR).toISOString(),
      });
    }
    s.served.set(keyOf(clinic.id, new Date(last).toISOString()), {
      served: 19,
      hours: [
        { volunteer: "李桂兰", hours: 2.5 },
        { volunteer: "陈建国", hours: 2 },
      ],
    });
  }
  if (next) {
    NAMES.slice(2, 24).forEach((n, i) => {
      sign(clinic, next, n, i < 20 ? "confirmed" : "waitlisted", false);
    });
  }
  NAMES.slice(5, 17).forEach((n) => {
    sign(talk, new Date(talk.start).getTime(), n, "confirmed", false);
  });
  return s;
}

function staffRefs(db: Db, ids: number[]) {
  return ids.map((id) => {
    const st = db.staff.find((x: Staff) => x.id === id);
    return { id, name: st?.name ?? `#${id}` };
  });
}

function tally(s: State, key: string) {
  const list = s.signups.filter((x) => keyOf(x.eventId, x.occurrenceStart) === key);
  const confirmed = list.filter((x) => x.status === "confirmed").length;
  const waitlisted = list.filter((x) => x.status === "waitlisted").length;
  const checkedIn = list.filter((x) => x.status !== "cancelled" && x.checkedInAt).length;
  const walkIns = s.walkIns.filter((w) => w.key === key).reduce((n, w) => n + w.people, 0);
  const rec = s.served.get(key);
  return {
    confirmed,
    waitlisted,
    checkedIn,
    walkIns,
    served: rec?.served ?? checkedIn + walkIns,
    servedRecorded: !!rec,
  };
}

function item(db: Db, s: State, e: Event, at: number): CalendarItem {
  const occurrenceStart = new Date(at).toISOString();
  const key = keyOf(e.id, occurrenceStart);
  const o = s.overrides.get(key) ?? {};
  const duration = new Date(e.end).getTime() - new Date(e.start).getTime();
  return {
    source: "event",
    id: e.id,
    occurrenceStart,
    start: o.start ?? occurrenceStart,
    end: o.end ?? new Date(at + duration).toISOString(),
    title: o.title ?? e.title,
    kind: e.kind,
    kindLabel: KIND_LABELS[e.kind],
    place: o.place ?? e.place,
    description: o.description !== undefined ? o.description : e.description,
    staff: o.staffIds ? staffRefs(db, o.staffIds) : e.staff,
    volunteers: o.volunteers ?? e.volunteers,
    partners: e.partners,
    capacity: o.capacity !== undefined ? o.capacity : e.capacity,
    ...tally(s, key),
    recurring: e.rrule !== null,
    modified: Object.keys(o).some((k) => k !== "cancelled"),
    cancelled: e.cancelled || !!o.cancelled,
  };
}

function meetingItems(db: Db, from: string, to: string): CalendarItem[] {
  const rows = meetings.handle(db, "list_meetings", { query: { from, to } }) as MeetingRow[];
  return rows.map((m) => {
    const full = meetings.handle(db, "get_meeting", { id: m.id }) as {
      staff: { staff: { id: number; name: string } }[];
      parties: { name: string }[];
    };
    return {
      source: "meeting",
      id: m.id,
      occurrenceStart: m.start,
      start: m.start,
      end: m.end,
      title: m.title,
      kind: m.kind,
      kindLabel: m.kind === "consultation" ? "恳谈会" : "议事会",
      place: m.place,
      description: null,
      staff: full.staff.map((x) => x.staff),
      volunteers: [],
      partners: full.parties.map((p) => p.name),
      capacity: null,
      confirmed: 0,
      waitlisted: 0,
      checkedIn: 0,
      walkIns: 0,
      served: 0,
      servedRecorded: false,
      recurring: false,
      modified: false,
      cancelled: m.status === "cancelled",
    };
  });
}

function windowItems(db: Db, s: State, from: string, to: string, includeCancelled: boolean): CalendarItem[] {
  const lo = chinaAt(from, "00:00");
  const hi = chinaAt(addDays(to, 1), "00:00");
  const out: CalendarItem[] = [];
  for (const e of s.events) {
    for (const at of starts(e, hi + DAY)) {
      const i = item(db, s, e, at);
      const a = new Date(i.start).getTime();
      const b = new Date(i.end).getTime();
      if (a < hi && b > lo && (includeCancelled || !i.cancelled)) out.push(i);
    }
  }
  out.push(...meetingItems(db, from, to).filter((m) => includeCancelled || !m.cancelled));
  return out.sort((a, b) => a.start.localeCompare(b.start));
}

function listCalendar(db: Db, s: State, q: CalendarQuery): CalendarItem[] {
  if (q.to < q.from) invalid([{ field: "to", message: "结束日期不能早于开始日期" }]);
  const place = q.place?.trim();
  return windowItems(db, s, q.from, q.to, !!q.includeCancelled).filter(
    (i) =>
      (!q.source || i.source === q.source) &&
      (!q.eventKind || (i.source === "event" && i.kind === q.eventKind)) &&
      (!place || i.place.includes(place)) &&
      (q.staffId == null || i.staff.some((x) => x.id === q.staffId)),
  );
}

function validate(input: EventInput): void {
  const errors: FieldError[] = [];
  if (!input.title.trim()) errors.push({ field: "title", message: "请填写活动名称（如：社区义诊）" });
  if (!input.place.trim()) errors.push({ field: "place", message: "请填写活动地点（如：服务站、南门广场）" });
  if (new Date(input.end) <= new Date(input.start))
    errors.push({ field: "end", message: "结束时间须晚于开始时间" });
  if (input.capacity === 0) errors.push({ field: "capacity", message: "名额须至少为 1；不限名额请留空" });
  const r = input.rrule?.trim();
  if (r) {
    const m = ruleError(r);
    if (m) errors.push({ field: "rrule", message: m });
  }
  if (errors.length > 0) invalid(errors);
}

function conflictsFor(db: Db, s: State, e: Event): Conflict[] {
  const from = chinaDay(e.start);
  const to = addDays(from, 90);
  const others = windowItems(db, s, from, to, false).filter((i) => !(i.source === "event" && i.id === e.id));
  const mine = windowItems(db, s, from, to, false).filter((i) => i.source === "event" && i.id === e.id);
  const out: Conflict[] = [];
  for (const m of mine) {
    for (const o of others) {
      if (!(m.start < o.end && o.start < m.end)) continue;
      const when = `${chinaDay(o.start)} ${new Date(new Date(o.start).getTime() + 8 * HOUR).toISOString().slice(11, 16)}`;
      const base = {
        at: m.start,
        otherSource: o.source,
        otherId: o.id,
        otherTitle: o.title,
        otherStart: o.start,
        otherEnd: o.end,
      };
      if (o.place.replace(/\s/g, "") === m.place.replace(/\s/g, ""))
        out.push({
          ...base,
          reason: "place",
          staffName: null,
          message: `场地冲突：${o.place} ${when} 已安排${o.source === "event" ? "活动" : "会议"}“${o.title}”`,
        });
      for (const st of o.staff.filter((x) => m.staff.some((y) => y.id === x.id)))
        out.push({
          ...base,
          reason: "staff",
          staffName: st.name,
          message: `人员冲突：${st.name} ${when} 已在${o.source === "event" ? "活动" : "会议"}“${o.title}”（${o.place}）当班`,
        });
    }
  }
  return out.slice(0, 50);
}

function fromInput(db: Db, s: State, input: EventInput, by: string, id?: number): Event {
  const now = new Date().toISOString();
  return {
    id: id ?? s.nextId++,
    kind: input.kind,
    title: input.title.trim(),
    start: new Date(input.start).toISOString(),
    end: new Date(input.end).toISOString(),
    place: input.place.trim(),
    partners: input.partners ?? [],
    staff: staffRefs(db, input.staffIds ?? []),
    volunteers: input.volunteers ?? [],
    description: input.description?.trim() || null,
    rrule: input.rrule?.trim() || null,
    exdates: input.exdates ?? [],
    capacity: input.capacity ?? null,
    seriesEnd: null,
    splitFrom: null,
    cancelled: false,
    createdAt: now,
    createdBy: by,
    updatedAt: now,
  };
}

function findEvent(s: State, id: unknown): Event {
  return (
    s.events.find((e) => e.id === id) ??
    fail("not_found", `找不到编号为 ${id} 的活动，可能已被他人修改，请刷新`)
  );
}

function on(db: Db): Staff {
  return db.current ?? fail("no_staff", "请先选择当班工作人员");
}

function endBefore(e: Event, at: string) {
  const until = new Date(new Date(at).getTime() - 1000)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
  e.rrule = `${(e.rrule ?? "")
    .split(";")
    .filter((p) => !/^(UNTIL|COUNT)=/.test(p))
    .join(";")};UNTIL=${until}`;
}

function edit(db: Db, s: State, ed: EventEdit): EventSaved {
  validate(ed.input);
  const by = on(db).name;
  const e = findEvent(s, ed.eventId);
  if (e.cancelled) fail("conflict", "该活动已取消，不能再修改");
  const scope: EditScope = e.rrule ? ed.scope : "all";
  const occ = ed.occurrenceStart ? new Date(ed.occurrenceStart).toISOString() : e.start;
  if (scope !== "all" && !occursAt(e, occ)) fail("not_found", "该活动在这个时间没有安排，请刷新日历后重试");
  if (scope === "this") {
    const i = ed.input;
    s.overrides.set(keyOf(e.id, occ), {
      ...s.overrides.get(keyOf(e.id, occ)),
      title: i.title,
      start: new Date(i.start).toISOString(),
      end: new Date(i.end).toISOString(),
      place: i.place,
      staffIds: i.staffIds,
      volunteers: i.volunteers,
      description: i.description ?? "",
      capacity: i.capacity ?? null,
    });
    return { event: e, conflicts: conflictsFor(db, s, e), movedSignups: 0, orphanedSignups: 0 };
  }
  const delta = new Date(ed.input.start).getTime() - new Date(scope === "all" ? e.start : occ).getTime();
  const move = (eventId: number, fromAt: string | null) => {
    let moved = 0;
    for (const x of s.signups) {
      if (x.eventId !== e.id || (fromAt && x.occurrenceStart < fromAt)) continue;
      x.eventId = eventId;
      x.occurrenceStart = new Date(new Date(x.occurrenceStart).getTime() + delta).toISOString();
      moved += 1;
    }
    return delta === 0 && eventId === e.id ? 0 : moved;
  };
  if (scope === "all" || occ === e.start) {
    const next = fromInput(db, s, ed.input, e.createdBy, e.id);
    Object.assign(e, { ...next, createdAt: e.createdAt });
    const moved = move(e.id, null);
    return { event: e, conflicts: conflictsFor(db, s, e), movedSignups: moved, orphanedSignups: 0 };
  }
  endBefore(e, occ);
  const next = { ...fromInput(db, s, ed.input, by), splitFrom: e.id };
  s.events.push(next);
  const moved = move(next.id, occ);
  return { event: next, conflicts: conflictsFor(db, s, next), movedSignups: moved, orphanedSignups: 0 };
}

function detail(db: Db, s: State, eventId: unknown, at: unknown): OccurrenceDetail {
  const e = findEvent(s, eventId);
  const occ = new Date(String(at)).toISOString();
  if (!occursAt(e, occ)) fail("not_found", "该活动在这个时间没有安排，请刷新日历后重试");
  const key = keyOf(e.id, occ);
  const list = s.signups.filter((x) => keyOf(x.eventId, x.occurrenceStart) === key);
  const order = (x: StoredSignup) => (x.status === "cancelled" ? 1 : 0);
  let pos = 0;
  const signups = [...list]
    .sort((a, b) => order(a) - order(b) || a.signedUpAt.localeCompare(b.signedUpAt))
    .map(({ phone: _p, ...x }) => ({ ...x, waitlistPosition: x.status === "waitlisted" ? ++pos : null }));
  return {
    item: item(db, s, e, new Date(occ).getTime()),
    event: e,
    signups,
    walkIns: s.walkIns.filter((w) => w.key === key).map(({ key: _k, ...w }) => w),
    volunteerHours: s.served.get(key)?.hours ?? [],
  };
}

function signUp(db: Db, s: State, input: SignupInput): Signup {
  on(db);
  const errors: FieldError[] = [];
  const name = input.name.trim();
  if (!name) errors.push({ field: "name", message: "请填写报名人姓名" });
  const phone = input.phone?.replace(/[\s-]/g, "") || null;
  if (phone && !/^(1\d{10}|0\d{9,11})$/.test(phone))
    errors.push({
      field: "phone",
      message:
        "电话号码格式不正确：请填写 11 位手机号（如 13812341234）或带区号的固定电话（如 0311-86012345）",
    });
  if (errors.length > 0) invalid(errors);
  const d = detail(db, s, input.eventId, input.occurrenceStart);
  if (d.item.cancelled) fail("conflict", "这次活动已取消，不能报名");
  if (new Date(d.item.end).getTime() <= Date.now())
    fail("conflict", "这次活动已经结束，不能再报名；现场参加的请登记为“现场参加”");
  const full = d.item.capacity !== null && d.item.confirmed >= d.item.capacity;
  const x: StoredSignup = {
    id: s.nextId++,
    eventId: d.event.id,
    occurrenceStart: d.item.occurrenceStart,
    name,
    phone,
    phoneMasked: maskPhone(phone),
    note: input.note ?? null,
    status: full ? "waitlisted" : "confirmed",
    waitlistPosition: null,
    signedUpAt: new Date().toISOString(),
    promotedAt: null,
    cancelledAt: null,
    checkedInAt: null,
  };
  s.signups.push(x);
  return signupOut(db, s, x.id);
}

function signupOut(db: Db, s: State, id: number): Signup {
  const x = s.signups.find((y) => y.id === id) ?? fail("not_found", `找不到编号为 ${id} 的报名记录，请刷新`);
  const d = detail(db, s, x.eventId, x.occurrenceStart);
  return d.signups.find((y) => y.id === id) as Signup;
}

function cancelSignup(db: Db, s: State, id: unknown): SignupCancelled {
  on(db);
  const x = s.signups.find((y) => y.id === id) ?? fail("not_found", `找不到编号为 ${id} 的报名记录，请刷新`);
  if (x.status === "cancelled") fail("conflict", `${x.name} 的报名已经取消过了`);
  const was = x.status;
  x.status = "cancelled";
  x.cancelledAt = new Date().toISOString();
  let promoted: StoredSignup | undefined;
  if (was === "confirmed") {
    promoted = s.signups
      .filter(
        (y) =>
          y.eventId === x.eventId && y.occurrenceStart === x.occurrenceStart && y.status === "waitlisted",
      )
      .sort((a, b) => a.signedUpAt.localeCompare(b.signedUpAt))[0];
    if (promoted) {
      promoted.status = "confirmed";
      promoted.promotedAt = new Date().toISOString();
    }
  }
  return {
    cancelled: signupOut(db, s, x.id),
    promoted: promoted ? signupOut(db, s, promoted.id) : null,
    promotedPhone: promoted?.phone ?? null,
  };
}

function recordServed(db: Db, s: State, input: ServedInput): OccurrenceDetail {
  on(db);
  const d = detail(db, s, input.eventId, input.occurrenceStart);
  if (new Date(d.item.start).getTime() > Date.now())
    invalid([{ field: "occurrenceStart", message: "活动尚未开始，开始后再登记服务人次" }]);
  const hours = (new Date(d.item.end).getTime() - new Date(d.item.start).getTime()) / HOUR;
  s.served.set(keyOf(d.event.id, d.item.occurrenceStart), {
    served: input.served ?? d.item.checkedIn + d.item.walkIns,
    hours: input.volunteerHours ?? d.item.volunteers.map((v) => ({ volunteer: v, hours })),
  });
  return detail(db, s, input.eventId, input.occurrenceStart);
}

/** A one-page PDF that says what it stands for (the real notice comes from the Rust engine). */
export function mockPdf(label: string): string {
  const content = `BT /F1 14 Tf 79 760 Td (${label}) Tj ET\nBT /F1 9 Tf 280 40 Td (- 1 -) Tj ET`;
  const objects = [
    "",
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 5 0 R >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  for (let n = 1; n < objects.length; n++) {
    offsets[n] = out.length;
    out += `${n} 0 obj\n${objects[n]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let n = 1; n < objects.length; n++) out += `${String(offsets[n]).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return btoa(out);
}

export function handle(db: Db, cmd: string, args: Record<string, unknown>): unknown {
  switch (cmd) {
    case "list_calendar":
      return listCalendar(db, state(db), args.query as CalendarQuery);
    case "day_agenda": {
      const date = String(args.date);
      const errands = meetings.handle(db, "list_errands", {
        query: { from: date, to: date, limit: 500 },
      }) as Errand[];
      const agenda: DayAgenda = {
        date,
        items: windowItems(db, state(db), date, date, false),
        errandsLogged: errands.length,
      };
      return agenda;
    }
    case "create_event": {
      const s = state(db);
      const input = args.input as EventInput;
      validate(input);
      const e = fromInput(db, s, input, on(db).name);
      s.events.push(e);
      const saved: EventSaved = {
        event: e,
        conflicts: conflictsFor(db, s, e),
        movedSignups: 0,
        orphanedSignups: 0,
      };
      return saved;
    }
    case "get_event":
      return findEvent(state(db), args.id);
    case "edit_event":
      return edit(db, state(db), args.edit as EventEdit);
    case "cancel_event": {
      on(db);
      const s = state(db);
      const e = findEvent(s, args.eventId);
      const scope = (e.rrule ? args.scope : "all") as EditScope;
      const occ = args.occurrenceStart ? new Date(String(args.occurrenceStart)).toISOString() : e.start;
      if (scope === "all" || occ === e.start) e.cancelled = true;
      else if (scope === "this")
        s.overrides.set(keyOf(e.id, occ), { ...s.overrides.get(keyOf(e.id, occ)), cancelled: true });
      else endBefore(e, occ);
      return e;
    }
    case "get_occurrence":
      return detail(db, state(db), args.eventId, args.occurrenceStart);
    case "sign_up":
      return signUp(db, state(db), args.input as SignupInput);
    case "cancel_signup":
      return cancelSignup(db, state(db), args.signupId);
    case "check_in": {
      on(db);
      const s = state(db);
      const x =
        s.signups.find((y) => y.id === args.signupId) ?? fail("not_found", "找不到这条报名记录，请刷新");
      if (x.status === "cancelled") fail("conflict", `${x.name} 的报名已取消；现场参加请登记为“现场参加”`);
      x.checkedInAt ??= new Date().toISOString();
      return signupOut(db, s, x.id);
    }
    case "walk_in": {
      on(db);
      const s = state(db);
      const input = args.input as WalkInInput;
      const d = detail(db, s, input.eventId, input.occurrenceStart);
      if (d.item.cancelled) fail("conflict", "这次活动已取消");
      const w = {
        id: s.nextId++,
        key: keyOf(d.event.id, d.item.occurrenceStart),
        name: input.name?.trim() || null,
        people: input.people ?? 1,
        at: new Date().toISOString(),
      };
      s.walkIns.push(w);
      const { key: _k, ...out } = w;
      return out;
    }
    case "record_served":
      return recordServed(db, state(db), args.input as ServedInput);
    case "print_event_notice": {
      on(db);
      const d = detail(db, state(db), args.eventId, args.occurrenceStart);
      const printed: PrintedNotice = {
        fileName: `活动通知-${d.event.id}-${chinaDay(d.item.start)}.pdf`,
        id: 0,
        pages: 1,
        warnings: [],
      };
      return printed;
    }
    default:
      return NOT_MINE;
  }
}
