// Mock handlers for meetings (恳谈会 / 议事会), the errand log (办事登记) and the service
// counts (see mockBackend.ts); NOT_MINE passes any other command on. The stairs story of
// DOMAIN.md is here: the 恳谈会 of property company, developer and resident representative
// on the 1–4号楼 garage stairs, held a month ago, and its decision.
import type {
  AppError,
  Case,
  CaseStatus,
  Errand,
  ErrandInput,
  ErrandOutcome,
  ErrandQuery,
  ErrandType,
  ErrorCode,
  FieldError,
  KindCount,
  Meeting,
  MeetingInput,
  MeetingOutcome,
  MeetingQuery,
  MeetingRow,
  PrintedNotice,
  ServiceCounts,
  Staff,
} from "../bindings";
import type { Db } from "./mockBackend";

import { NOT_MINE } from "./mockSchedule";

export { NOT_MINE };

const HOUR = 3_600_000;
const DAY = 86_400_000;

type State = {
  types: ErrandType[];
  errands: (Errand & { phone: string | null })[];
  meetings: Meeting[];
  nextId: number;
};

const states = new WeakMap<Db, State>();

const ALLOWED_NEXT: Record<CaseStatus, CaseStatus[]> = {
  accepted: ["investigating", "in_progress", "resolved", "on_hold", "referred", "duplicate"],
  investigating: ["in_progress", "resolved", "on_hold", "referred", "duplicate"],
  in_progress: ["investigating", "resolved", "on_hold", "referred"],
  resolved: ["in_progress"],
  followed_up: ["in_progress", "closed"],
  on_hold: ["accepted", "investigating", "in_progress", "referred"],
  referred: ["in_progress", "closed"],
  closed: [],
  duplicate: [],
};

const STATUS_NAMES: Record<CaseStatus, string> = {
  accepted: "受理",
  investigating: "核查",
  in_progress: "处理中",
  resolved: "办结",
  followed_up: "已回访",
  closed: "关闭",
  on_hold: "挂起",
  referred: "转办",
  duplicate: "重复",
};

const KIND_NAMES = { consultation: "恳谈会", deliberation: "议事会" } as const;

function fail(code: ErrorCode, message: string, fields: FieldError[] = []): never {
  const e: AppError = { code, message, fields };
  throw e;
}

function invalid(fields: FieldError[]): never {
  fail("invalid_input", fields.map((f) => f.message).join("；"), fields);
}

function clip(v: string | null | undefined): string | null {
  const t = v?.trim();
  return t ? t : null;
}

function normalizePhone(raw: string): string | null {
  const d = raw.replace(/[\s\-－\u3000]/g, "");
  if (!/^\d+$/.test(d)) return null;
  if (/^1[3-9]\d{9}$/.test(d)) return d;
  if (d.startsWith("0") && d.length >= 10 && d.length <= 12) {
    const area = d[1] === "1" || d[1] === "2" ? 3 : 4;
    return `${d.slice(0, area)}-${d.slice(area)}`;
  }
  return null;
}

function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const dash = phone.indexOf("-");
  const head = dash >= 0 ? phone.slice(0, dash + 1) : phone.slice(0, 3);
  return `${head}****${phone.slice(-4)}`;
}

/** China date (UTC+8) of an instant, `YYYY-MM-DD`. */
function chinaDay(iso: string | number): string {
  return new Date(new Date(iso).getTime() + 8 * HOUR).toISOString().slice(0, 10);
}

/** Midnight China time starting `day`, as an instant. */
function chinaMidnight(day: string): number {
  return new Date(`${day}T00:00:00+08:00`).getTime();
}

/** Today at hh:mm China time, `days` from now. */
function chinaAt(days: number, hh: number, mm = 0): string {
  const day = chinaDay(Date.now() + days * DAY);
  return new Date(
    `${day}T${String(hh).padStart(2, "0")}:${String(mm).padStart(2, "0")}:00+08:00`,
  ).toISOString();
}

function on(db: Db): Staff {
  return db.current ?? fail("no_staff", "请先选择当班工作人员");
}

function caseByTitle(db: Db, words: string): Case | undefined {
  return db.cases.find((c) => c.title.includes(words));
}

function linked(c: Case) {
  return { id: c.id, number: c.number, title: c.title, status: c.status };
}

function state(db: Db): State {
  let s = states.get(db);
  if (!s) {
    s = seed(db);
    states.set(db, s);
  }
  return s;
}

function seed(db: Db): State {
  const s: State = { types: [], errands: [], meetings: [], nextId: 1 };
  if (!db.station || db.cases.length === 0) return s;
  s.types = ["社保认证", "医保缴费", "证明开具", "老年卡", "就业登记", "其他"].map((name, i) => ({
    id: i + 1,
    name,
    sortOrder: i + 1,
    active: true,
  }));
  const staff = db.staff;
  const errands: [number, number, string | null, string | null, number, ErrandOutcome, string | null][] = [
    // type, minutes ago, resident, phone, staff index, outcome, note
    [1, 25, "李淑珍", "13833125678", 0, "done", null],
    [2, 55, "周德明", "13513117702", 0, "done", "代缴城乡居民医保"],
    [4, 80, "高玉兰", null, 1, "needs_materials", "缺一寸照片，约明天上午再来"],
    [1, 130, "王建华", "15031129983", 1, "done", null],
    [3, 190, "刘涵", "13812341234", 0, "done", "居住证明"],
    [5, 60 * 24 + 30, "张晓东", "18632107755", 2, "done", null],
    [1, 60 * 24 + 95, "孙桂芝", null, 2, "done", null],
    [3, 60 * 48 + 40, "赵敏", "18603210045", 0, "referred", "需到街道民政科办理"],
    [2, 60 * 72 + 10, "吴秀云", "13633117219", 1, "done", null],
    [4, 60 * 96 + 70, "郑海涛", null, 0, "done", null],
    [6, 60 * 120 + 20, "陈老太", null, 2, "done", "咨询高龄补贴政策"],
    [1, 60 * 150 + 50, "李桂兰", "15132009876", 1, "done", null],
    [2, 60 * 200, "马国庆", null, 0, "needs_materials", "缺身份证原件"],
  ];
  for (const [type, ago, resident, phone, who, outcome, note] of errands) {
    const at = new Date(Date.now() - ago * 60_000).toISOString();
    const st = staff[who % staff.length];
    s.errands.push({
      id: s.nextId++,
      typeId: type,
      typeName: s.types[type - 1].name,
      residentName: resident,
      phone,
      phoneMasked: maskPhone(phone),
      at,
      staffId: st.id,
      staffName: st.name,
      place: null,
      eventId: null,
      eventTitle: null,
      occurrenceStart: null,
      outcome,
      note,
      createdAt: at,
      createdBy: st.name,
    });
  }

  const party = (kind: string) => db.parties.find((p) => p.kind === kind);
  const invite = (kinds: string[], attended: boolean | null) =>
    kinds.flatMap((k) => {
      const p = party(k);
      return p
        ? [{ partyId: p.id, partyKind: p.kind, name: p.name, contactPerson: p.contactPerson, attended }]
        : [];
    });
  const staffRef = (i: number, attended: boolean | null) => ({
    staff: { id: staff[i].id, name: staff[i].name },
    attended,
  });
  const stairs = caseByTitle(db, "地库楼梯");
  const noise = caseByTitle(db, "广场舞");
  const fire = caseByTitle(db, "消防通道被私家车");
  const base = (id: number, start: string, end: string, by: Staff) => ({
    id,
    start,
    end,
    createdAt: new Date(new Date(start).getTime() - 7 * DAY).toISOString(),
    createdBy: by.name,
    updatedAt: new Date(new Date(start).getTime() - 7 * DAY).toISOString(),
  });
  if (stairs) {
    s.meetings.push({
      ...base(s.nextId++, chinaAt(-33, 14, 30), chinaAt(-33, 16), staff[0]),
      kind: "consultation",
      title: "关于1-4号楼地下车库楼梯改造的恳谈会",
      purpose: "解决1至4号楼居民去地下车库须上下各8级台阶、老人推车和坐轮椅通行困难的问题",
      place: "社区服务站二楼会议室",
      contactPerson: staff[0].name,
      contactPhone: "0311-86012345",
      status: "held",
      parties: invite(["property", "developer", "resident_rep", "street_office"], true),
      staff: [staffRef(0, true), staffRef(1, true)],
      agenda: [
        {
          id: 1,
          position: 1,
          title: "听取1-4号楼居民代表反映地库楼梯问题",
          case: linked(stairs),
          note: null,
        },
        {
          id: 2,
          position: 2,
          title: "物业公司、开发商说明改造的可行性和分工",
          case: linked(stairs),
          note: "涉及设计变更，需开发商出方案",
        },
      ],
      minutes:
        "居民代表王秀英反映：1-4号楼共21个单元，去地库须上下各8级台阶，老人推车、坐轮椅无法通行。\n物业公司李强：单靠物业无法改动结构，需开发商出设计变更。\n开发商孙经理：同意出具改造设计，费用由开发商承担。\n街道周主任：支持改造，要求施工期间做好安全防护。",
      otherAttendees: ["3号楼居民张国强"],
      decisions: [
        {
          id: 1,
          position: 1,
          text: "开发商负责出具改造设计并承担费用，物业组织施工：21个单元地库楼梯改为缓坡并加装扶手，12月底前完工。",
          case: linked(stairs),
          caseToStatus: "in_progress",
          caseMoved: true,
        },
        {
          id: 2,
          position: 2,
          text: "施工期间物业在各单元张贴通知，服务站每周到现场查看一次进度。",
          case: null,
          caseToStatus: null,
          caseMoved: false,
        },
      ],
    });
  }
  if (fire) {
    s.meetings.push({
      ...base(s.nextId++, chinaAt(0, 9), chinaAt(0, 10), staff[1]),
      kind: "deliberation",
      title: "6号楼北侧消防通道占用议事会",
      purpose: "商定6号楼北侧消防通道长期被私家车占用的处理办法",
      place: "6号楼北侧",
      contactPerson: staff[1].name,
      contactPhone: null,
      status: "scheduled",
      parties: invite(["property", "resident_rep"], null),
      staff: [staffRef(1, null), staffRef(2, null)],
      agenda: [{ id: 3, position: 1, title: "消防通道被私家车长期占用", case: linked(fire), note: null }],
      minutes: null,
      otherAttendees: [],
      decisions: [],
    });
  }
  if (noise) {
    s.meetings.push({
      ...base(s.nextId++, chinaAt(3, 19), chinaAt(3, 20, 30), staff[0]),
      kind: "deliberation",
      title: "南门广场夜间广场舞音量议事会",
      purpose: "商定南门广场夜间广场舞的时段和音量，减少对临街住户休息的影响",
      place: "南门广场议事亭",
      contactPerson: staff[0].name,
      contactPhone: "13903118866",
      status: "scheduled",
      parties: invite(["property", "resident_rep"], null),
      staff: [staffRef(0, null)],
      agenda: [
        { id: 4, position: 1, title: "夜间广场舞音响声音过大，影响休息", case: linked(noise), note: null },
        { id: 5, position: 2, title: "商定跳舞时段、音量上限和监督办法", case: null, note: null },
      ],
      minutes: null,
      otherAttendees: [],
      decisions: [],
    });
  }
  s.meetings.push({
    ...base(s.nextId++, chinaAt(-12, 15), chinaAt(-12, 16), staff[2]),
    kind: "consultation",
    title: "3号楼电梯维保协调会",
    purpose: null,
    place: "社区服务站二楼会议室",
    contactPerson: staff[2].name,
    contactPhone: null,
    status: "cancelled",
    parties: invite(["property"], null),
    staff: [staffRef(2, null)],
    agenda: [],
    minutes: null,
    otherAttendees: [],
    decisions: [],
  });
  return s;
}

// ---- errands ----

function errandTypes(s: State) {
  return [...s.types].sort((a, b) => a.sortOrder - b.sortOrder);
}

function typeName(s: State, raw: unknown, exceptId?: number): string {
  const name = String(raw ?? "").trim();
  if (!name) invalid([{ field: "name", message: "请填写事项名称" }]);
  if ([...name].length > 20)
    invalid([{ field: "name", message: `事项名称过长（${[...name].length} 字），最多 20 字` }]);
  if (s.types.some((t) => t.name === name && t.id !== exceptId))
    invalid([{ field: "name", message: `已有事项“${name}”` }]);
  return name;
}

function createErrand(db: Db, s: State, input: ErrandInput): Errand {
  const staff = on(db);
  const errors: FieldError[] = [];
  const type = s.types.find((t) => t.id === input.typeId);
  if (!type) errors.push({ field: "typeId", message: "请选择办理事项" });
  const residentName = clip(input.residentName);
  if (residentName && [...residentName].length > 30)
    errors.push({ field: "residentName", message: "居民姓名过长，最多 30 字" });
  let phone = clip(input.phone);
  if (phone) {
    phone = normalizePhone(phone);
    if (!phone)
      errors.push({
        field: "phone",
        message:
          "电话号码格式不正确：请填写 11 位手机号（如 13812341234）或带区号的固定电话（如 0311-86012345）",
      });
  }
  const at = input.at ? new Date(input.at) : new Date();
  if (at.getTime() > Date.now() + 5 * 60_000) errors.push({ field: "at", message: "办理时间不能晚于现在" });
  const place = clip(input.place);
  if (place && [...place].length > 50) errors.push({ field: "place", message: "办理地点过长，最多 50 字" });
  const note = clip(input.note);
  if (note && [...note].length > 500) errors.push({ field: "note", message: "备注过长，最多 500 字" });
  if (errors.length > 0) invalid(errors);
  const who = db.staff.find((x) => x.id === input.staffId) ?? staff;
  const e = {
    id: s.nextId++,
    typeId: type?.id ?? 0,
    typeName: type?.name ?? "",
    residentName,
    phone,
    phoneMasked: maskPhone(phone),
    at: at.toISOString(),
    staffId: who.id,
    staffName: who.name,
    place,
    eventId: input.eventId ?? null,
    eventTitle: null,
    occurrenceStart: input.occurrenceStart ?? null,
    outcome: input.outcome ?? "done",
    note,
    createdAt: new Date().toISOString(),
    createdBy: staff.name,
  };
  s.errands.push(e);
  const { phone: _, ...shown } = e;
  return shown;
}

function listErrands(s: State, q: ErrandQuery): Errand[] {
  const from = q.from ? chinaMidnight(q.from) : -Infinity;
  const to = q.to ? chinaMidnight(q.to) + DAY : Infinity;
  return s.errands
    .filter((e) => {
      const t = new Date(e.at).getTime();
      return (
        t >= from &&
        t < to &&
        (q.typeId == null || e.typeId === q.typeId) &&
        (q.staffId == null || e.staffId === q.staffId) &&
        (q.outcome == null || e.outcome === q.outcome)
      );
    })
    .sort((a, b) => b.at.localeCompare(a.at))
    .slice(0, Math.min(Math.max(q.limit ?? 50, 1), 500))
    .map(({ phone: _, ...e }) => e);
}

function serviceCounts(s: State, from: string, to: string): ServiceCounts {
  if (to < from) invalid([{ field: "to", message: "结束日期不能早于开始日期" }]);
  const start = chinaMidnight(from);
  const end = Math.min(chinaMidnight(to) + DAY, Date.now());
  const kinds = new Map<string, KindCount>();
  const months = new Map<string, ServiceCounts["byMonth"][number]>();
  for (let d = new Date(`${from.slice(0, 7)}-01T00:00:00Z`); d.toISOString().slice(0, 10) <= to; ) {
    const m = d.toISOString().slice(0, 7);
    months.set(m, {
      month: m,
      services: 0,
      events: 0,
      meetings: 0,
      errands: 0,
      personTimes: 0,
      volunteerHours: 0,
    });
    d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
  }
  const byStaff = new Map<string, number>();
  let meetings = 0;
  let errands = 0;
  for (const m of s.meetings) {
    const t = new Date(m.start).getTime();
    if (m.status === "cancelled" || t < start || t >= end) continue;
    meetings++;
    const k = kinds.get(`meeting-${m.kind}`) ?? {
      source: "meeting" as const,
      kind: m.kind,
      label: KIND_NAMES[m.kind],
      services: 0,
      personTimes: 0,
    };
    k.services++;
    kinds.set(`meeting-${m.kind}`, k);
    const mc = months.get(chinaDay(m.start).slice(0, 7));
    if (mc) {
      mc.services++;
      mc.meetings++;
    }
  }
  for (const e of s.errands) {
    const t = new Date(e.at).getTime();
    if (t < start || t >= chinaMidnight(to) + DAY) continue;
    errands++;
    const k = kinds.get(`errand-${e.typeName}`) ?? {
      source: "errand" as const,
      kind: e.typeName,
      label: e.typeName,
      services: 0,
      personTimes: 0,
    };
    k.services++;
    k.personTimes++;
    kinds.set(`errand-${e.typeName}`, k);
    byStaff.set(e.staffName, (byStaff.get(e.staffName) ?? 0) + 1);
    const mc = months.get(chinaDay(e.at).slice(0, 7));
    if (mc) {
      mc.services++;
      mc.errands++;
      mc.personTimes++;
    }
  }
  return {
    from,
    to,
    services: meetings + errands,
    events: 0,
    meetings,
    errands,
    personTimes: errands,
    volunteerHours: 0,
    byKind: [...kinds.values()],
    errandsByStaff: [...byStaff]
      .map(([name, count]) => ({ name, count }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name)),
    byMonth: [...months.values()],
  };
}

// ---- meetings ----

function findMeeting(s: State, id: unknown): Meeting {
  return (
    s.meetings.find((m) => m.id === id) ??
    fail("not_found", `找不到编号为 ${String(id)} 的会议，可能已被他人修改，请刷新`)
  );
}

function meetingRow(m: Meeting): MeetingRow {
  return {
    id: m.id,
    kind: m.kind,
    title: m.title,
    start: m.start,
    end: m.end,
    place: m.place,
    status: m.status,
    invited: m.parties.length,
    agendaItems: m.agenda.length,
    decisions: m.decisions.length,
  };
}

function applyInput(db: Db, s: State, input: MeetingInput, m: Meeting | null): Meeting {
  const errors: FieldError[] = [];
  const title = input.title.trim();
  if (!title) errors.push({ field: "title", message: "请填写会议名称（如：关于地下车库楼梯改造的恳谈会）" });
  else if ([...title].length > 60)
    errors.push({ field: "title", message: `会议名称过长（${[...title].length} 字），最多 60 字` });
  const place = input.place.trim();
  if (!place) errors.push({ field: "place", message: "请填写会议地点" });
  const start = new Date(input.start).getTime();
  const end = new Date(input.end).getTime();
  if (end <= start) errors.push({ field: "end", message: "结束时间须晚于开始时间" });
  else if (end - start > 24 * HOUR) errors.push({ field: "end", message: "一次会议不能超过 24 小时" });
  let contactPhone = clip(input.contactPhone);
  if (contactPhone) {
    contactPhone = normalizePhone(contactPhone);
    if (!contactPhone)
      errors.push({
        field: "contactPhone",
        message:
          "联系电话格式不正确：请填写 11 位手机号（如 13812341234）或带区号的固定电话（如 0311-86012345）",
      });
  }
  (input.agenda ?? []).forEach((a, i) => {
    if (!a.title.trim()) errors.push({ field: `agenda.${i}.title`, message: `请填写第 ${i + 1} 项议程` });
  });
  if (errors.length > 0) invalid(errors);
  const now = new Date().toISOString();
  const old = m;
  let agendaId = Math.max(0, ...s.meetings.flatMap((x) => x.agenda.map((a) => a.id))) + 1;
  const meeting: Meeting = {
    id: old?.id ?? s.nextId++,
    kind: input.kind,
    title,
    purpose: clip(input.purpose),
    start: new Date(start).toISOString(),
    end: new Date(end).toISOString(),
    place,
    contactPerson: clip(input.contactPerson),
    contactPhone,
    status: old?.status ?? "scheduled",
    parties: (input.partyIds ?? []).flatMap((id) => {
      const p = db.parties.find((x) => x.id === id);
      return p
        ? [{ partyId: p.id, partyKind: p.kind, name: p.name, contactPerson: p.contactPerson, attended: null }]
        : [];
    }),
    staff: (input.staffIds ?? []).flatMap((id) => {
      const st = db.staff.find((x) => x.id === id);
      return st ? [{ staff: { id: st.id, name: st.name }, attended: null }] : [];
    }),
    agenda: (input.agenda ?? []).map((a, i) => {
      const c = a.caseId == null ? undefined : db.cases.find((x) => x.id === a.caseId);
      return {
        id: agendaId++,
        position: i + 1,
        title: a.title.trim(),
        case: c ? linked(c) : null,
        note: clip(a.note),
      };
    }),
    minutes: old?.minutes ?? null,
    otherAttendees: old?.otherAttendees ?? [],
    decisions: old?.decisions ?? [],
    createdAt: old?.createdAt ?? now,
    createdBy: old?.createdBy ?? on(db).name,
    updatedAt: now,
  };
  if (old) s.meetings[s.meetings.indexOf(old)] = meeting;
  else s.meetings.push(meeting);
  return meeting;
}

function conflicts(s: State, m: Meeting) {
  const a = new Date(m.start).getTime();
  const b = new Date(m.end).getTime();
  return s.meetings
    .filter((o) => o.id !== m.id && o.status !== "cancelled")
    .filter((o) => new Date(o.start).getTime() < b && a < new Date(o.end).getTime())
    .filter((o) => o.place.replace(/\s/g, "") === m.place.replace(/\s/g, ""))
    .map((o) => ({
      reason: "place" as const,
      at: m.start,
      otherSource: "meeting" as const,
      otherId: o.id,
      otherTitle: o.title,
      otherStart: o.start,
      otherEnd: o.end,
      staffName: null,
      message: `场地冲突：${o.place} 在 ${chinaDay(o.start)} 已安排“${o.title}”`,
    }));
}

function recordOutcome(db: Db, s: State, m: Meeting, input: MeetingOutcome): Meeting {
  const staff = on(db);
  const errors: FieldError[] = [];
  if (m.status === "cancelled") errors.push({ field: "status", message: "该会议已取消，不能记录纪要" });
  else if (new Date(m.start).getTime() > Date.now() + 30 * 60_000)
    errors.push({ field: "status", message: "会议尚未召开，开会后再记录参会情况、纪要和决定" });
  const decisions = input.decisions ?? [];
  decisions.forEach((d, i) => {
    if (!d.text.trim()) errors.push({ field: `decisions.${i}.text`, message: `请填写第 ${i + 1} 项决定` });
    if (d.moveCaseTo && d.caseId == null)
      errors.push({
        field: `decisions.${i}.moveCaseTo`,
        message: `第 ${i + 1} 项决定没有关联诉求，无法推进诉求状态`,
      });
  });
  if (errors.length > 0) invalid(errors);
  // Check every move first: nothing is half saved.
  for (const d of decisions) {
    if (!d.moveCaseTo || d.caseId == null) continue;
    const c = db.cases.find((x) => x.id === d.caseId) ?? fail("not_found", "没有找到这条诉求，可能已被删除");
    const next = ALLOWED_NEXT[c.status];
    if (!next.includes(d.moveCaseTo))
      invalid([
        {
          field: "to",
          message:
            next.length === 0
              ? `诉求已是“${STATUS_NAMES[c.status]}”，不能再改为“${STATUS_NAMES[d.moveCaseTo]}”`
              : `不能从“${STATUS_NAMES[c.status]}”改为“${STATUS_NAMES[d.moveCaseTo]}”。可改为：${next.map((n) => STATUS_NAMES[n]).join("、")}`,
        },
      ]);
  }
  const parties = new Set(input.attendedPartyIds ?? []);
  const staffIds = new Set(input.attendedStaffIds ?? []);
  m.parties = m.parties.map((p) => ({ ...p, attended: parties.has(p.partyId) }));
  m.staff = m.staff.map((x) => ({ ...x, attended: staffIds.has(x.staff.id) }));
  m.otherAttendees = [...new Set((input.otherAttendees ?? []).map((o) => o.trim()).filter(Boolean))];
  m.minutes = clip(input.minutes);
  m.status = "held";
  const now = new Date().toISOString();
  for (const d of decisions) {
    const c = d.caseId == null ? undefined : db.cases.find((x) => x.id === d.caseId);
    let moved = false;
    if (c && d.moveCaseTo) {
      const from = c.status;
      c.status = d.moveCaseTo;
      c.updatedAt = now;
      if (from === "accepted" && !c.respondedAt) c.respondedAt = now;
      if (d.moveCaseTo === "resolved") {
        c.resolvedAt = now;
        c.resolution = d.text.trim();
      }
      const note =
        clip(d.caseNote) ?? `${m.title}（${chinaDay(m.start)}）决定：${d.text.trim()}`.slice(0, 500);
      db.history.push({
        id: db.history.length + 1,
        at: now,
        staffName: staff.name,
        entity: "case",
        entityId: c.id,
        action: "transition",
        note,
        changes: [{ field: "status", before: from, after: d.moveCaseTo }],
      });
      moved = true;
    }
    m.decisions.push({
      id: s.nextId++,
      position: m.decisions.length + 1,
      text: d.text.trim(),
      case: c ? linked(c) : null,
      caseToStatus: d.moveCaseTo ?? null,
      caseMoved: moved,
    });
  }
  m.updatedAt = now;
  return refreshed(db, m);
}

/** The linked cases as they are now. */
function refreshed(db: Db, m: Meeting): Meeting {
  const fresh = (c: Meeting["agenda"][number]["case"]) => {
    const now = c && db.cases.find((x) => x.id === c.id);
    return now ? linked(now) : c;
  };
  return {
    ...m,
    agenda: m.agenda.map((a) => ({ ...a, case: fresh(a.case) })),
    decisions: m.decisions.map((d) => ({ ...d, case: fresh(d.case) })),
  };
}

/** A one-page A4 PDF with grey bars where the notice's lines would be. */
export function mockPdf(label: string): string {
  const bars = ["0.2 g 200 735 195 16 re f", "0.55 g"];
  let y = 690;
  for (let l = 0; l < 14; l++) {
    bars.push(`${l % 4 === 0 ? 111 : 79} ${y} ${l % 4 === 3 ? 260 : 437} 9 re f`);
    y -= l % 4 === 3 ? 35 : 29;
  }
  bars.push(`340 ${y - 40} 150 9 re f`, `352 ${y - 69} 126 9 re f`);
  const text = label.replace(/[^\x20-\x7e]/g, "?").replace(/[\\()]/g, "\\$&");
  const content = `${bars.join("\n")}\nBT /F1 9 Tf 0.6 g 79 800 Td (${text}) Tj ET\nBT /F1 9 Tf 0.6 g 280 40 Td (- 1 -) Tj ET`;
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
    case "list_errand_types":
      return errandTypes(state(db));
    case "add_errand_type": {
      const s = state(db);
      on(db);
      const t: ErrandType = {
        id: Math.max(0, ...s.types.map((x) => x.id)) + 1,
        name: typeName(s, args.name),
        sortOrder: Math.max(0, ...s.types.map((x) => x.sortOrder)) + 1,
        active: true,
      };
      s.types.push(t);
      return t;
    }
    case "update_errand_type": {
      const s = state(db);
      on(db);
      const t = s.types.find((x) => x.id === args.id) ?? fail("not_found", "找不到该办理事项，请刷新");
      t.name = typeName(s, args.name, t.id);
      t.active = Boolean(args.active);
      return t;
    }
    case "create_errand":
      return createErrand(db, state(db), args.input as ErrandInput);
    case "list_errands":
      return listErrands(state(db), (args.query ?? {}) as ErrandQuery);
    case "service_counts":
      return serviceCounts(state(db), String(args.from), String(args.to));
    case "list_meetings": {
      const q = (args.query ?? {}) as MeetingQuery;
      const from = q.from ? chinaMidnight(q.from) : -Infinity;
      const to = q.to ? chinaMidnight(q.to) + DAY : Infinity;
      return state(db)
        .meetings.filter((m) => {
          const t = new Date(m.start).getTime();
          return t >= from && t < to && (!q.status || m.status === q.status);
        })
        .sort((a, b) => b.start.localeCompare(a.start))
        .map(meetingRow);
    }
    case "get_meeting":
      return refreshed(db, findMeeting(state(db), args.id));
    case "create_meeting": {
      on(db);
      const s = state(db);
      const m = applyInput(db, s, args.input as MeetingInput, null);
      return { meeting: refreshed(db, m), conflicts: conflicts(s, m) };
    }
    case "update_meeting": {
      const s = state(db);
      const old = findMeeting(s, args.id);
      if (old.status === "cancelled") fail("conflict", "该会议已取消，不能再修改");
      const m = applyInput(db, s, args.input as MeetingInput, old);
      return { meeting: refreshed(db, m), conflicts: conflicts(s, m) };
    }
    case "cancel_meeting": {
      on(db);
      const m = findMeeting(state(db), args.id);
      if (m.status === "held") fail("conflict", "会议已召开并记录了纪要，不能取消");
      m.status = "cancelled";
      m.updatedAt = new Date().toISOString();
      return refreshed(db, m);
    }
    case "record_meeting_outcome": {
      const s = state(db);
      return recordOutcome(db, s, findMeeting(s, args.id), (args.outcome ?? {}) as MeetingOutcome);
    }
    case "print_meeting_notice": {
      on(db);
      const m = findMeeting(state(db), args.id);
      const printed: PrintedNotice = {
        fileName: `会议通知-${m.id}.pdf`,
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
