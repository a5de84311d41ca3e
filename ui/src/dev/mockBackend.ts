// An in-memory stand-in for the Rust side, for looking at the UI in a plain browser:
// open the built page with `?mock` (on duty: 赵子坤), `?mock=setup` (first run),
// `?mock=staff` (nobody on duty) or `?mock=empty` (no cases yet). main.tsx imports this
// module dynamically and only then, so the real window never loads it.
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import type {
  Address,
  AppError,
  AppState,
  Attachment,
  AttachmentKind,
  AuditEntry,
  Breakdown,
  CalendarDay,
  Case,
  CaseHandling,
  CaseLink,
  CaseQuery,
  CaseRow,
  CaseStatus,
  Category,
  DayKind,
  DueState,
  ErrorCode,
  FieldChange,
  FieldError,
  Figures,
  FollowUp,
  Limits,
  NewCase,
  NewFollowUp,
  NewSurvey,
  NoticeKind,
  NoticeProgress,
  NoticeTemplate,
  Page,
  Party,
  PartyInput,
  PrintedNotice,
  RateQuery,
  RatesReport,
  SimilarCase,
  SimilarQuery,
  Staff,
  Station,
  Survey,
  TimeLimit,
  TransitionRequest,
  Urgency,
} from "../bindings";
import { formatAddress } from "../features/cases/address";
import { CHANNELS, type Channel } from "../features/cases/labels";
import * as meetings from "./mockMeetings";
import * as schedule from "./mockSchedule";
import { NOT_MINE } from "./mockSchedule";

const CATEGORY_NAMES = [
  "市政设施",
  "物业管理",
  "环境卫生",
  "社保医保",
  "邻里纠纷",
  "停车交通",
  "电梯",
  "噪音扰民",
  "供水供电",
  "绿化养护",
  "安全隐患",
  "其他",
];

type Seed = {
  title: string;
  description?: string;
  channel: Channel;
  category: string;
  resident?: string;
  phone?: string;
  address: Partial<Address>;
  status: CaseStatus;
  daysAgo: number;
  urgency?: Urgency;
};

const C = "润都荣园";
const SEEDS: Seed[] = [
  {
    title: "南门广场路面坑洼，雨后积水严重",
    description:
      "南门广场地面多处坑洼，下雨后积水没过脚面，老人孩子出入不便。\n纸条上写：希望社区尽快联系物业修一修。",
    channel: "suggestion_box",
    category: "市政设施",
    resident: "刘涵",
    address: { compound: C, place: "南门广场" },
    status: "followed_up",
    daysAgo: 41,
  },
  {
    title: "1-4号楼地库楼梯上下各8级台阶，老人推车困难",
    description:
      "1至4号楼居民去地下车库要先上8级台阶再下8级台阶，推婴儿车、轮椅的老人非常吃力。\n物业表示需要开发商改造设计，单靠物业解决不了。\n居民希望社区出面协调。",
    channel: "visit",
    category: "物业管理",
    resident: "王秀英",
    phone: "13803112456",
    address: { compound: C, building: "2", entrance: "1" },
    status: "in_progress",
    daysAgo: 36,
    urgency: "complex",
  },
  {
    title: "3号楼2单元电梯停运两天，高层老人下不了楼",
    description: "电梯周一上午停运，至今未修好。15楼住着行动不便的老人，买菜看病都成问题。",
    channel: "phone",
    category: "电梯",
    resident: "张国强",
    phone: "13931185520",
    address: { compound: C, building: "3", entrance: "2", room: "1502" },
    status: "investigating",
    daysAgo: 2,
    urgency: "urgent",
  },
  {
    title: "5号楼1单元楼道灯不亮",
    description: "三楼到六楼的声控灯都不亮，晚上上下楼摸黑，怕老人摔倒。",
    channel: "wechat",
    category: "物业管理",
    resident: "李桂兰",
    phone: "15132009876",
    address: { compound: C, building: "5", entrance: "1" },
    status: "accepted",
    daysAgo: 0,
  },
  {
    title: "夜间广场舞音响声音过大，影响休息",
    description: "每天晚上八点到十点，南门广场广场舞音响开得很大，临街住户孩子写作业、老人睡觉都受影响。",
    channel: "hotline_12345",
    category: "噪音扰民",
    resident: "赵敏",
    phone: "18603210045",
    address: { compound: C, place: "南门广场" },
    status: "in_progress",
    daysAgo: 9,
  },
  {
    title: "地下车库入口雨后积水",
    description: "网格员巡查发现车库入口排水沟堵塞，雨后积水约10厘米。",
    channel: "grid_patrol",
    category: "市政设施",
    address: { compound: C, place: "地下车库入口" },
    status: "resolved",
    daysAgo: 30,
  },
  {
    title: "小区东侧垃圾桶满溢，两天无人清运",
    channel: "wechat",
    category: "环境卫生",
    resident: "孙丽娟",
    phone: "13722048831",
    address: { compound: C, place: "东侧垃圾收集点" },
    status: "resolved",
    daysAgo: 20,
  },
  {
    title: "咨询城乡居民医保缴费时间和方式",
    description: "老人不会用手机缴费，想知道社区能否代为办理。",
    channel: "visit",
    category: "社保医保",
    resident: "周德明",
    phone: "13513117702",
    address: { compound: C, building: "8", entrance: "3", room: "201" },
    status: "closed",
    daysAgo: 25,
  },
  {
    title: "楼上卫生间漏水，天花板发霉",
    description: "楼上住户长期不在家，联系不上，漏水越来越严重，墙皮已经脱落。",
    channel: "visit",
    category: "邻里纠纷",
    resident: "吴秀云",
    phone: "13633117219",
    address: { compound: C, building: "2", entrance: "3", room: "402" },
    status: "investigating",
    daysAgo: 5,
  },
  {
    title: "消防通道被私家车长期占用",
    channel: "grid_patrol",
    category: "停车交通",
    address: { compound: C, building: "6", place: "6号楼北侧消防通道" },
    status: "in_progress",
    daysAgo: 12,
  },
  {
    title: "7号楼停水未提前通知",
    description: "周三上午突然停水，没有看到任何通知，家里老人做饭都没水。",
    channel: "phone",
    category: "供水供电",
    resident: "郑海涛",
    phone: "0311-86012345",
    address: { compound: C, building: "7" },
    status: "followed_up",
    daysAgo: 33,
  },
  {
    title: "绿化带树木过高遮挡低层采光，申请修剪",
    channel: "suggestion_box",
    category: "绿化养护",
    address: { compound: C, building: "9", entrance: "1", room: "102" },
    status: "accepted",
    daysAgo: 1,
  },
  {
    title: "单元门禁损坏，陌生人随意进出",
    channel: "wechat",
    category: "物业管理",
    resident: "冯建华",
    phone: "17703119988",
    address: { compound: C, building: "4", entrance: "2" },
    status: "resolved",
    daysAgo: 15,
  },
  {
    title: "电动车在楼道内充电，存在火灾隐患",
    description: "10号楼1单元一楼楼道有人拉线给电动车充电，晚上一直充着。",
    channel: "grid_patrol",
    category: "安全隐患",
    address: { compound: C, building: "10", entrance: "1" },
    status: "resolved",
    daysAgo: 18,
  },
  {
    title: "建议在小区主路旁增设老年人休息座椅",
    channel: "live_stream",
    category: "其他",
    resident: "陈淑芬",
    address: { compound: C },
    status: "accepted",
    daysAgo: 3,
  },
  {
    title: "小区路灯晚上十点后关闭过早",
    channel: "suggestion_box",
    category: "市政设施",
    address: { compound: C, place: "小区主路" },
    status: "on_hold",
    daysAgo: 28,
  },
  {
    title: "宠物狗粪便无人清理，草坪气味难闻",
    channel: "wechat",
    category: "环境卫生",
    resident: "何静",
    phone: "13931100021",
    address: { compound: C, place: "中心花园" },
    status: "in_progress",
    daysAgo: 6,
  },
  {
    title: "申请办理高龄津贴",
    description: "老人今年满80岁，子女在外地，想了解需要带哪些材料。",
    channel: "visit",
    category: "社保医保",
    resident: "杨福生",
    phone: "13831169087",
    address: { compound: C, building: "11", entrance: "2", room: "601" },
    status: "closed",
    daysAgo: 22,
  },
  {
    title: "装修噪音周末早上七点就开工",
    channel: "phone",
    category: "噪音扰民",
    resident: "许晓燕",
    phone: "15931125566",
    address: { compound: C, building: "12", entrance: "1", room: "902" },
    status: "resolved",
    daysAgo: 11,
  },
  {
    title: "地下车库照明不足，停车时看不清",
    channel: "live_stream",
    category: "物业管理",
    resident: "马俊",
    address: { compound: C, place: "地下车库B区" },
    status: "accepted",
    daysAgo: 4,
  },
  {
    title: "电梯按钮失灵，经常停错楼层",
    channel: "phone",
    category: "电梯",
    resident: "高玉梅",
    phone: "13633220194",
    address: { compound: C, building: "6", entrance: "1", room: "1801" },
    status: "on_hold",
    daysAgo: 16,
  },
  {
    title: "快递柜占用消防通道，建议挪位",
    channel: "hotline_12345",
    category: "安全隐患",
    resident: "林志远",
    phone: "18931167742",
    address: { compound: C, place: "北门快递柜" },
    status: "referred",
    daysAgo: 19,
  },
  {
    title: "顶层楼顶防水层破损，雨天屋内渗水",
    channel: "visit",
    category: "物业管理",
    resident: "罗建军",
    phone: "13503214476",
    address: { compound: C, building: "1", entrance: "4", room: "1801" },
    status: "in_progress",
    daysAgo: 8,
  },
  {
    title: "停车位划线不清，经常被占",
    channel: "wechat",
    category: "停车交通",
    resident: "梁晓东",
    phone: "13785011234",
    address: { compound: C, place: "西侧地面停车场" },
    status: "accepted",
    daysAgo: 2,
  },
  {
    title: "自来水发黄有异味",
    description: "早上放水前几分钟水是黄的，烧开后有沉淀，担心水质问题。",
    channel: "hotline_12345",
    category: "供水供电",
    resident: "宋雅琴",
    phone: "15803112290",
    address: { compound: C, building: "13", entrance: "2", room: "302" },
    status: "referred",
    daysAgo: 14,
  },
  {
    title: "南门广场积水问题再次反映",
    channel: "suggestion_box",
    category: "市政设施",
    address: { compound: C, place: "南门广场" },
    status: "duplicate",
    daysAgo: 40,
  },
  {
    title: "儿童游乐设施滑梯开裂，存在划伤风险",
    channel: "grid_patrol",
    category: "安全隐患",
    address: { compound: C, place: "儿童游乐区" },
    status: "investigating",
    daysAgo: 1,
  },
  {
    title: "流浪猫聚集夜间叫声扰民",
    channel: "suggestion_box",
    category: "噪音扰民",
    address: { compound: C, building: "14" },
    status: "accepted",
    daysAgo: 0,
  },
  {
    title: "咨询退休人员养老金资格认证",
    channel: "visit",
    category: "社保医保",
    resident: "韩桂芝",
    phone: "13313118865",
    address: { compound: C, building: "3", entrance: "1", room: "502" },
    status: "resolved",
    daysAgo: 7,
  },
  {
    title: "外墙瓷砖脱落，楼下行人有危险",
    description: "15号楼东侧外墙有几块瓷砖掉下来，已经拉了警戒线，需要尽快维修。",
    channel: "phone",
    category: "安全隐患",
    resident: "钱卫国",
    phone: "18803219901",
    address: { compound: C, building: "15" },
    status: "investigating",
    daysAgo: 3,
  },
  {
    title: "楼道堆放杂物影响通行",
    channel: "grid_patrol",
    category: "物业管理",
    address: { compound: C, building: "8", entrance: "1" },
    status: "closed",
    daysAgo: 27,
  },
];

/** The path a case walks through to reach its status. */
const PATHS: Record<CaseStatus, CaseStatus[]> = {
  accepted: [],
  investigating: ["investigating"],
  in_progress: ["investigating", "in_progress"],
  resolved: ["investigating", "in_progress", "resolved"],
  followed_up: ["investigating", "in_progress", "resolved", "followed_up"],
  closed: ["investigating", "in_progress", "resolved", "followed_up", "closed"],
  on_hold: ["investigating", "on_hold"],
  referred: ["referred"],
  duplicate: ["duplicate"],
};

export type Db = {
  station: Station | null;
  staff: Staff[];
  current: Staff | null;
  categories: Category[];
  cases: Case[];
  history: AuditEntry[];
  nextId: number;
  parties: Party[];
  caseParties: { caseId: number; partyId: number; role: string | null }[];
  surveys: (Survey & { caseId: number })[];
  followUps: (FollowUp & { caseId: number })[];
  attachments: (Attachment & { removed: boolean })[];
  timeLimits: { categoryId: number; urgency: Urgency; limits: Limits }[];
  calendar: CalendarDay[];
  nextRowId: number;
  /** The station's own notice wording by kind. */
  noticeTemplates: Record<string, { body: string; at: string }>;
  noticeFonts: Record<string, string>;
};

const HOUR = 3_600_000;
const DAY = 86_400_000;

function builtInLimits(categoryName: string | null, urgency: Urgency): Limits {
  const utility = /供水|供电|停水|停电|燃气|供暖|供热/.test(categoryName ?? "");
  if (urgency === "urgent" || (urgency === "normal" && utility))
    return { respond: { amount: 2, unit: "hours" }, resolve: { amount: 24, unit: "hours" } };
  if (urgency === "complex")
    return { respond: { amount: 24, unit: "hours" }, resolve: { amount: 15, unit: "days" } };
  return { respond: { amount: 24, unit: "hours" }, resolve: { amount: 7, unit: "days" } };
}

function limitsFor(db: Db, categoryId: number | null, categoryName: string | null, urgency: Urgency): Limits {
  return (
    db.timeLimits.find((t) => t.categoryId === (categoryId ?? -1) && t.urgency === urgency)?.limits ??
    db.timeLimits.find((t) => t.categoryId === 0 && t.urgency === urgency)?.limits ??
    builtInLimits(categoryName, urgency)
  );
}

/** Good enough for a preview: working days count as calendar days. */
function dueFrom(from: number, span: Limits["respond"]): string {
  if (span.unit === "hours") return new Date(from + span.amount * HOUR).toISOString();
  const d = new Date(from + (span.amount + 1) * DAY);
  d.setHours(0, 0, 0, 0);
  return d.toISOString();
}

function dueState(c: Case, now = Date.now()): DueState {
  switch (c.status) {
    case "resolved":
      return "awaiting_follow_up";
    case "followed_up":
    case "closed":
    case "referred":
    case "duplicate":
      return "done";
    case "on_hold":
      return "on_hold";
    default: {
      const dues = [c.respondedAt ? null : c.respondDueAt, c.resolveDueAt]
        .filter((x): x is string => x !== null)
        .map((x) => new Date(x).getTime());
      if (dues.length === 0) return "on_track";
      const due = Math.min(...dues);
      if (due <= now) return "overdue";
      return due - now <= DAY ? "near_due" : "on_track";
    }
  }
}

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

function fail(code: ErrorCode, message: string, fields: FieldError[] = []): never {
  const e: AppError = { code, message, fields };
  throw e;
}

function invalid(fields: FieldError[]): never {
  fail("invalid_input", fields.map((f) => f.message).join("；"), fields);
}

function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  if (phone.length <= 7) return "*".repeat(phone.length);
  const dash = phone.indexOf("-");
  const head = dash >= 0 ? phone.slice(0, dash + 1) : phone.slice(0, 3);
  return `${head}****${phone.slice(-4)}`;
}

function normalizePhone(raw: string): string | null {
  const d = raw.replace(/[\s\-－\u3000]/g, "");
  if (!/^\d+$/.test(d)) return null;
  if (/^1[3-9]\d{9}$/.test(d)) return d;
  if (d.startsWith("0") && d.length >= 10 && d.length <= 12) {
    const area = d[1] === "1" || d[1] === "2" ? 3 : 4;
    const local = d.length - area;
    if (local >= 7 && local <= 8) return `${d.slice(0, area)}-${d.slice(area)}`;
  }
  return null;
}

function clean(v: string | null | undefined): string | null {
  const t = v?.trim();
  return t ? t : null;
}

function number(db: Db, receivedAt: string): string {
  const year = new Date(receivedAt).getFullYear();
  const serial = db.cases.filter((c) => new Date(c.receivedAt).getFullYear() === year).length + 1;
  return `${db.station?.code ?? "RA"}-${year}-${String(serial).padStart(4, "0")}`;
}

function addCase(db: Db, input: NewCase, staff: Staff, at: Date): Case {
  const errors: FieldError[] = [];
  const title = input.title.trim();
  if (!title) errors.push({ field: "title", message: "请填写标题：用一句话概括居民反映的问题" });
  else if ([...title].length > 100)
    errors.push({
      field: "title",
      message: `标题过长（${[...title].length} 字），请压缩到 100 字以内，详细情况写在“问题描述”里`,
    });
  const description = clean(input.description);
  if (description && [...description].length > 5000)
    errors.push({
      field: "description",
      message: `问题描述过长（${[...description].length} 字），最多 5000 字；材料较多时请作为附件保存`,
    });
  let phone = clean(input.phone);
  if (phone) {
    const p = normalizePhone(phone);
    if (!p)
      errors.push({
        field: "phone",
        message:
          "电话号码格式不正确：请填写 11 位手机号（如 13812341234）或带区号的固定电话（如 0311-86012345）",
      });
    phone = p;
  }
  const a = input.address ?? {};
  const address: Address = {
    compound: clean(a.compound),
    building: clean(a.building)?.replace(/(号楼|栋|幢)$/, "") ?? null,
    entrance: clean(a.entrance)?.replace(/单元$/, "") ?? null,
    room: clean(a.room)?.replace(/(室|户)$/, "") ?? null,
    place: clean(a.place),
  };
  for (const [k, label] of [
    ["compound", "小区"],
    ["building", "楼栋"],
    ["entrance", "单元"],
    ["room", "户号"],
    ["place", "地点"],
  ] as const) {
    const v = address[k];
    if (v && [...v].length > 30) errors.push({ field: `address.${k}`, message: `${label}过长，最多 30 字` });
  }
  const receivedAt = input.receivedAt ? new Date(input.receivedAt) : at;
  if (receivedAt.getTime() > Date.now() + 5 * 60_000)
    errors.push({ field: "receivedAt", message: "受理时间不能晚于现在，请检查日期和时间" });
  const category = db.categories.find((c) => c.id === input.categoryId) ?? null;
  if (input.categoryId != null && !category)
    errors.push({ field: "categoryId", message: "所选分类不存在，请重新选择" });
  if (errors.length > 0) invalid(errors);

  const iso = receivedAt.toISOString();
  const urgency: Urgency = input.urgency ?? "normal";
  const limits = limitsFor(db, category?.id ?? null, category?.name ?? null, urgency);
  const assignee = db.staff.find((s) => s.id === input.assigneeId) ?? null;
  const c: Case = {
    id: db.nextId++,
    number: number(db, iso),
    stationCode: db.station?.code ?? "RA",
    channel: input.channel,
    status: "accepted",
    residentName: clean(input.residentName),
    phone,
    address,
    categoryId: category?.id ?? null,
    categoryName: category?.name ?? null,
    title,
    description,
    receivedAt: iso,
    createdAt: at.toISOString(),
    createdBy: staff.name,
    updatedAt: at.toISOString(),
    urgency,
    assigneeId: assignee?.id ?? null,
    assigneeName: assignee?.name ?? null,
    respondDueAt: dueFrom(receivedAt.getTime(), limits.respond),
    resolveDueAt: dueFrom(receivedAt.getTime(), limits.resolve),
    respondedAt: null,
    resolvedAt: null,
    resolution: null,
    closedAt: null,
    holdReason: null,
    holdUntil: null,
    statusBeforeHold: null,
    referredTo: null,
    duplicateOf: null,
    reopenCount: 0,
    dueState: "on_track",
  };
  c.dueState = dueState(c);
  db.cases.push(c);
  const set = (field: string, after: string | null) => (after ? [{ field, before: null, after }] : []);
  db.history.push({
    id: db.history.length + 1,
    at: c.createdAt,
    staffName: staff.name,
    entity: "case",
    entityId: c.id,
    action: "create",
    note: null,
    changes: [
      ...set("number", c.number),
      ...set("status", c.status),
      ...set("channel", c.channel),
      ...set("title", c.title),
      ...set("description", c.description),
      ...set("residentName", c.residentName),
      ...set("phone", c.phone),
      ...set("address", formatAddress(c.address) || null),
      ...set("category", c.categoryName),
      ...set("urgency", { urgent: "紧急", normal: "一般", complex: "复杂" }[c.urgency]),
      ...set("assignee", c.assigneeName),
      ...set("receivedAt", c.receivedAt),
    ],
  });
  return c;
}

const STEP_NOTES: Partial<Record<CaseStatus, string>> = {
  investigating: "已电话联系居民，约定现场查看",
  in_progress: "物业已制定整改方案",
  resolved: "已办结并告知居民",
  closed: "回访满意，关闭",
  on_hold: "等待开发商施工方案",
  referred: "属供水公司职责，已转交",
};

function seed(db: Db) {
  const now = Date.now();
  // Oldest first, so serial numbers follow received time.
  const ordered = SEEDS.map((s, i) => ({
    s,
    i,
    received: new Date(now - s.daysAgo * DAY - ((i * 7919) % 600) * 60_000 - 30 * 60_000),
  })).sort((a, b) => a.received.getTime() - b.received.getTime());
  for (const { s, i, received } of ordered) {
    const staff = db.staff[i % db.staff.length];
    const c = addCase(
      db,
      {
        channel: s.channel,
        residentName: s.resident ?? null,
        phone: s.phone ?? null,
        address: {
          compound: s.address.compound ?? null,
          building: s.address.building ?? null,
          entrance: s.address.entrance ?? null,
          room: s.address.room ?? null,
          place: s.address.place ?? null,
        },
        categoryId: db.categories.find((c) => c.name === s.category)?.id ?? null,
        title: s.title,
        description: s.description ?? null,
        receivedAt: received.toISOString(),
        urgency: s.urgency ?? "normal",
        assigneeId: db.staff[(i + 1) % db.staff.length].id,
      },
      staff,
      new Date(received.getTime() + 3 * 60_000),
    );
    let before: CaseStatus = "accepted";
    let t = received.getTime();
    // Some cases run late, as in life.
    const pace = i % 5 === 0 ? 3.5 : 0.3;
    for (const [step, next] of PATHS[s.status].entries()) {
      t = Math.min(now - 60_000, t + (pace + step * 0.9) * DAY * (next === "followed_up" ? 0.5 : 1));
      const who = db.staff[(i + step + 1) % db.staff.length];
      const at = new Date(t).toISOString();
      if (next === "followed_up") {
        const unhappy = i % 7 === 3;
        db.followUps.push({
          caseId: c.id,
          id: db.nextRowId++,
          at,
          withoutCallback: false,
          reached: true,
          resolved: !unhappy,
          satisfaction: unhappy ? "basically_satisfied" : "satisfied",
          comment: unhappy ? "基本解决，希望以后及时通知" : "已经修好了，谢谢社区",
          staffName: who.name,
        });
      }
      const changes: FieldChange[] = [{ field: "status", before, after: next }];
      if (next === "resolved") {
        c.resolvedAt = at;
        c.resolution = `已协调物业处理：${s.title.replace(/[，,].*$/, "")}，问题已解决`;
        changes.push({ field: "resolution", before: null, after: c.resolution });
      }
      if (next === "on_hold") {
        c.holdReason = "等待开发商施工方案";
        c.holdUntil = new Date(now + 10 * DAY).toISOString().slice(0, 10);
        c.statusBeforeHold = before;
      }
      if (next === "referred") c.referredTo = "供水公司";
      if (next === "closed") c.closedAt = at;
      if (!c.respondedAt) c.respondedAt = at;
      db.history.push({
        id: db.history.length + 1,
        at,
        staffName: who.name,
        entity: "case",
        entityId: c.id,
        action: next === "followed_up" ? "follow_up" : "transition",
        note: STEP_NOTES[next] ?? null,
        changes,
      });
      before = next;
    }
    c.status = s.status;
    c.updatedAt = new Date(t).toISOString();
  }
  // The repeat note about the south-gate square repeats the first report.
  const first = db.cases.find((c) => c.title.startsWith("南门广场路面坑洼"));
  const repeat = db.cases.find((c) => c.status === "duplicate");
  if (first && repeat) repeat.duplicateOf = link(first);
  if (first) {
    db.surveys.push({
      caseId: first.id,
      id: db.nextRowId++,
      surveyedAt: new Date(new Date(first.receivedAt).getTime() + 5 * HOUR).toISOString(),
      people: "赵子坤、物业经理李强",
      findings: "南门广场约 30 平方米路面坑洼，东侧排水口被泥沙堵塞；物业同意本周内重新铺装并疏通排水口。",
      createdBy: "赵子坤",
    });
    db.caseParties.push({ caseId: first.id, partyId: 1, role: "负责整改" });
    for (const kind of ["before", "before", "after"] as AttachmentKind[]) {
      db.attachments.push({
        id: db.nextRowId++,
        caseId: first.id,
        kind,
        fileName: kind === "before" ? `南门广场积水-${db.nextRowId}.jpg` : "南门广场铺装完成.jpg",
        mediaType: "image/svg+xml",
        size: 1_843_000,
        sha256: "0".repeat(64),
        createdAt: first.receivedAt,
        createdBy: "赵子坤",
        removed: false,
      });
    }
    db.attachments.push({
      id: db.nextRowId++,
      caseId: first.id,
      kind: "document",
      fileName: "南门广场整改方案.pdf",
      mediaType: "application/pdf",
      size: 245_000,
      sha256: "1".repeat(64),
      createdAt: first.receivedAt,
      createdBy: "王丽",
      removed: false,
    });
  }
  const stairs = db.cases.find((c) => c.title.startsWith("1-4号楼地库楼梯"));
  if (stairs) {
    db.caseParties.push(
      { caseId: stairs.id, partyId: 1, role: "配合改造" },
      { caseId: stairs.id, partyId: 2, role: "负责施工" },
      { caseId: stairs.id, partyId: 6, role: "居民代表" },
    );
  }
}

function link(c: Case): CaseLink {
  return { id: c.id, number: c.number, title: c.title, status: c.status };
}

const PARTIES: Omit<Party, "id">[] = [
  {
    kind: "property",
    name: "润都荣园物业服务中心",
    contactPerson: "李强",
    phone: "13903118866",
    note: null,
    active: true,
  },
  {
    kind: "developer",
    name: "荣盛房地产开发有限公司",
    contactPerson: "孙经理",
    phone: "0311-85236677",
    note: null,
    active: true,
  },
  {
    kind: "hospital",
    name: "石家庄市第三医院",
    contactPerson: "刘医生",
    phone: "0311-87021234",
    note: "义诊合作",
    active: true,
  },
  {
    kind: "street_office",
    name: "裕华路街道办事处",
    contactPerson: "周主任",
    phone: "0311-86051122",
    note: null,
    active: true,
  },
  {
    kind: "utility",
    name: "市供水公司客服中心",
    contactPerson: null,
    phone: "0311-96655000",
    note: null,
    active: true,
  },
  {
    kind: "resident_rep",
    name: "王秀英（2号楼居民代表）",
    contactPerson: "王秀英",
    phone: "13803112456",
    note: null,
    active: true,
  },
];

function makeDb(mode: string): Db {
  const db: Db = {
    station: null,
    staff: [],
    current: null,
    categories: [],
    cases: [],
    history: [],
    nextId: 1,
    parties: [],
    caseParties: [],
    surveys: [],
    followUps: [],
    attachments: [],
    timeLimits: [],
    calendar: [],
    nextRowId: 1,
    noticeTemplates: {},
    noticeFonts: {},
  };
  if (mode === "setup") return db;
  db.station = { id: 1, code: "RA", name: "荣傲家园社区微言服务站", phone: "0311-86012345" };
  db.staff = [
    { id: 1, name: "赵子坤", active: true },
    { id: 2, name: "王丽", active: true },
    { id: 3, name: "陈建国", active: true },
  ];
  db.categories = CATEGORY_NAMES.map((name, i) => ({ id: i + 1, name, sortOrder: i + 1, active: true }));
  db.current = mode === "staff" ? null : db.staff[0];
  db.parties = PARTIES.map((p, i) => ({ id: i + 1, ...p }));
  if (mode !== "empty") seed(db);
  return db;
}

function appState(db: Db): AppState {
  return {
    station: db.station,
    staff: db.staff,
    currentStaff: db.current,
    dbLocation: "/home/zhaozikun/.local/share/cn.stationdesk.desktop/stationdesk.db",
  };
}

function listCases(db: Db, q: CaseQuery): Page<CaseRow> {
  const words = (q.text ?? "").split(/\s+/).filter(Boolean);
  const hits = db.cases.filter((c) => {
    if (q.status && c.status !== q.status) return false;
    if (q.categoryId != null && c.categoryId !== q.categoryId) return false;
    if (q.channel && c.channel !== q.channel) return false;
    const hay = [c.title, c.description, formatAddress(c.address), c.residentName, c.phone].join(" ");
    return words.every((w) => hay.includes(w));
  });
  hits.sort((a, b) =>
    q.sort === "received_asc"
      ? a.receivedAt.localeCompare(b.receivedAt)
      : b.receivedAt.localeCompare(a.receivedAt),
  );
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  return {
    items: hits.slice((page - 1) * pageSize, page * pageSize).map(row),
    total: hits.length,
    totalCapped: false,
    page,
    pageSize,
  };
}

function row(c: Case): CaseRow {
  return {
    id: c.id,
    number: c.number,
    channel: c.channel,
    status: c.status,
    categoryName: c.categoryName,
    title: c.title,
    residentName: c.residentName,
    phoneMasked: maskPhone(c.phone),
    address: formatAddress(c.address),
    receivedAt: c.receivedAt,
    urgency: c.urgency,
    assigneeName: c.assigneeName,
    resolveDueAt: c.resolveDueAt,
    dueState: dueState(c),
  };
}

const ATTENTION_ORDER: DueState[] = ["overdue", "near_due", "awaiting_follow_up"];

function attention(db: Db, page: number, pageSize: number): Page<CaseRow> {
  const hits = db.cases
    .filter((c) => ATTENTION_ORDER.includes(dueState(c)))
    .sort(
      (a, b) =>
        ATTENTION_ORDER.indexOf(dueState(a)) - ATTENTION_ORDER.indexOf(dueState(b)) ||
        (a.resolveDueAt ?? "").localeCompare(b.resolveDueAt ?? ""),
    );
  const size = pageSize || 20;
  return {
    items: hits.slice((page - 1) * size, page * size).map(row),
    total: hits.length,
    totalCapped: false,
    page,
    pageSize: size,
  };
}

function pairs(text: string): Set<string> {
  const chars = [...text.replace(/[\s，。、,.!！?？]/g, "")];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) out.add(chars[i] + chars[i + 1]);
  return out;
}

function similar(db: Db, q: SimilarQuery): SimilarCase[] {
  const mine = pairs(q.title ?? "");
  if (mine.size === 0) return [];
  const place = formatAddress(q.address);
  const since = Date.now() - 30 * DAY;
  return db.cases
    .filter((c) => !["closed", "duplicate"].includes(c.status) || new Date(c.updatedAt).getTime() > since)
    .map((c) => {
      const theirs = pairs(c.title);
      const shared = [...theirs].filter((p) => mine.has(p)).length;
      const words = shared / (mine.size + theirs.size - shared || 1);
      const samePlace = place !== "" && formatAddress(c.address) === place;
      return { case: row(c), score: Math.min(1, words + (samePlace ? 0.3 : 0)), samePlace };
    })
    .filter((x) => x.score >= 0.2)
    .sort((a, b) => b.score - a.score)
    .slice(0, 5);
}

function findCase(db: Db, id: unknown): Case {
  return db.cases.find((x) => x.id === id) ?? fail("not_found", "没有找到这条诉求，可能已被删除");
}

function audit(db: Db, staff: Staff, c: Case, action: string, changes: FieldChange[], note: string | null) {
  const at = new Date().toISOString();
  c.updatedAt = at;
  db.history.push({
    id: db.history.length + 1,
    at,
    staffName: staff.name,
    entity: "case",
    entityId: c.id,
    action,
    note,
    changes,
  });
}

function clip(v: string | null | undefined): string | null {
  const t = v?.trim();
  return t ? t : null;
}

function transition(db: Db, staff: Staff, c: Case, req: TransitionRequest): Case {
  const from = c.status;
  const to = req.to ?? invalid([{ field: "to", message: "请选择新的状态" }]);
  const next = ALLOWED_NEXT[from];
  if (!next.includes(to)) {
    const msg =
      next.length === 0
        ? `诉求已是“${STATUS_NAMES[from]}”，不能再改为“${STATUS_NAMES[to]}”`
        : `不能从“${STATUS_NAMES[from]}”改为“${STATUS_NAMES[to]}”。可改为：${next.map((n) => STATUS_NAMES[n]).join("、")}`;
    invalid([{ field: "to", message: msg }]);
  }
  const errors: FieldError[] = [];
  const note = clip(req.note);
  const reopen = (from === "resolved" || from === "followed_up") && to === "in_progress";
  if (reopen && !note)
    errors.push({ field: "note", message: "重新处理请写明原因（例如：回访时居民表示问题仍未解决）" });
  const changes: FieldChange[] = [{ field: "status", before: from, after: to }];
  let primary: Case | null = null;
  if (to === "resolved" && !clip(req.resolution))
    errors.push({ field: "resolution", message: "办结请填写办理结果：做了什么、问题是否已解决" });
  if (to === "on_hold") {
    if (!clip(req.holdReason))
      errors.push({ field: "holdReason", message: "挂起请填写原因（例如：等待开发商施工方案）" });
    if (!req.holdUntil) errors.push({ field: "holdUntil", message: "挂起请填写预计恢复办理的日期" });
  }
  if (to === "referred" && !clip(req.referredTo))
    errors.push({ field: "referredTo", message: "转办请填写接收单位（例如：区住建局、12345热线）" });
  if (to === "duplicate") {
    const n = clip(req.duplicateOf)?.toUpperCase();
    if (!n) errors.push({ field: "duplicateOf", message: "请填写与之重复的诉求编号（形如 RA-2025-0007）" });
    else if (n === c.number) errors.push({ field: "duplicateOf", message: "不能标记为与自身重复" });
    else {
      primary = db.cases.find((x) => x.number === n) ?? null;
      if (!primary)
        errors.push({ field: "duplicateOf", message: `找不到诉求 ${n}，请检查编号（形如 RA-2025-0007）` });
    }
  }
  if (errors.length > 0) invalid(errors);
  const now = new Date().toISOString();
  if (from === "accepted" && !c.respondedAt) c.respondedAt = now;
  if (from === "on_hold") {
    c.holdReason = null;
    c.holdUntil = null;
    c.statusBeforeHold = null;
  }
  if (reopen) {
    c.reopenCount += 1;
    c.resolvedAt = null;
    c.resolveDueAt = dueFrom(Date.now(), limitsFor(db, c.categoryId, c.categoryName, c.urgency).resolve);
  }
  if (to === "resolved") {
    c.resolvedAt = now;
    c.resolution = clip(req.resolution);
    changes.push({ field: "resolution", before: null, after: c.resolution });
  }
  if (to === "closed") c.closedAt = now;
  if (to === "on_hold") {
    c.holdReason = clip(req.holdReason);
    c.holdUntil = req.holdUntil ?? null;
    c.statusBeforeHold = from;
    changes.push({ field: "holdReason", before: null, after: c.holdReason });
  }
  if (to === "referred") {
    c.referredTo = clip(req.referredTo);
    changes.push({ field: "referredTo", before: null, after: c.referredTo });
  }
  if (primary) {
    c.duplicateOf = link(primary);
    changes.push({ field: "duplicateOf", before: null, after: primary.number });
  }
  c.status = to;
  audit(db, staff, c, "transition", changes, note);
  if (primary)
    audit(
      db,
      staff,
      primary,
      "duplicate_linked",
      [{ field: "duplicates", before: null, after: c.number }],
      `${c.number} 标记为本件的重复件（又一位居民反映同一问题）`,
    );
  return c;
}

function followUp(db: Db, staff: Staff, c: Case, input: NewFollowUp): Case {
  if (c.status !== "resolved")
    invalid([
      { field: "status", message: `只有“办结”的诉求才能回访，这件诉求目前是“${STATUS_NAMES[c.status]}”` },
    ]);
  const errors: FieldError[] = [];
  const comment = clip(input.comment);
  let to: CaseStatus = "followed_up";
  if (input.withoutCallback) {
    if (c.phone)
      errors.push({
        field: "withoutCallback",
        message: "这件诉求留有电话，请先回访；只有匿名且无电话的来件才能不回访直接关闭",
      });
    to = "closed";
  } else if (!input.reached) {
    to = "resolved";
  } else {
    if (input.resolved == null) errors.push({ field: "resolved", message: "请选择居民认为问题是否已解决" });
    if (!input.satisfaction)
      errors.push({ field: "satisfaction", message: "请选择居民的满意程度：满意、基本满意或不满意" });
    if (input.reopen && !comment)
      errors.push({ field: "comment", message: "重新处理请在回访意见中写明居民反映的问题" });
    if (input.reopen) to = "in_progress";
  }
  if (errors.length > 0) invalid(errors);
  db.followUps.push({
    caseId: c.id,
    id: db.nextRowId++,
    at: new Date().toISOString(),
    withoutCallback: input.withoutCallback ?? false,
    reached: Boolean(input.reached) && !input.withoutCallback,
    resolved: input.reached ? (input.resolved ?? null) : null,
    satisfaction: input.reached ? (input.satisfaction ?? null) : null,
    comment,
    staffName: staff.name,
  });
  const before = c.status;
  if (to === "in_progress") {
    c.reopenCount += 1;
    c.resolvedAt = null;
  }
  if (to === "closed") c.closedAt = new Date().toISOString();
  c.status = to;
  audit(db, staff, c, "follow_up", [{ field: "status", before, after: to }], comment);
  return c;
}

function survey(db: Db, staff: Staff, c: Case, input: NewSurvey): Case {
  const errors: FieldError[] = [];
  if (!clip(input.people))
    errors.push({ field: "people", message: "请填写参加勘查的人员（例如：张敏、物业经理李强）" });
  if (!clip(input.findings)) errors.push({ field: "findings", message: "请填写勘查发现的情况" });
  if (errors.length > 0) invalid(errors);
  const at = input.surveyedAt ?? new Date().toISOString();
  db.surveys.push({
    caseId: c.id,
    id: db.nextRowId++,
    surveyedAt: at,
    people: (input.people ?? "").trim(),
    findings: (input.findings ?? "").trim(),
    createdBy: staff.name,
  });
  const changes: FieldChange[] = [
    { field: "people", before: null, after: (input.people ?? "").trim() },
    { field: "surveyedAt", before: null, after: at },
  ];
  if (c.status === "accepted") {
    changes.push({ field: "status", before: "accepted", after: "investigating" });
    c.status = "investigating";
    c.respondedAt ??= at;
  }
  audit(db, staff, c, "survey", changes, (input.findings ?? "").trim());
  return c;
}

function detail(db: Db, c: Case) {
  c.dueState = dueState(c);
  return {
    case: c,
    next: ALLOWED_NEXT[c.status],
    canFollowUp: c.status === "resolved",
    anonymous: c.phone === null,
    parties: db.caseParties
      .filter((p) => p.caseId === c.id)
      .map((p) => ({ party: db.parties.find((x) => x.id === p.partyId) as Party, role: p.role })),
    surveys: db.surveys.filter((x) => x.caseId === c.id),
    followUps: db.followUps.filter((x) => x.caseId === c.id),
    attachments: db.attachments.filter((a) => a.caseId === c.id && !a.removed),
    duplicates: db.cases.filter((x) => x.duplicateOf?.id === c.id).map(link),
    history: db.history.filter((h) => h.entity === "case" && h.entityId === c.id),
  };
}

/** A stand-in photo: a coloured card with the file name. */
function fakePhoto(a: Attachment): string {
  const color = a.kind === "after" ? "#5ad8a6" : "#8c9bb5";
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="300"><rect width="400" height="300" fill="${color}"/><text x="200" y="160" font-size="28" text-anchor="middle" fill="white">${a.kind === "after" ? "整改后" : "整改前"}</text></svg>`;
  return `data:image/svg+xml;base64,${btoa(String.fromCharCode(...new TextEncoder().encode(svg)))}`;
}

function figures(db: Db, cases: Case[], from: number, to: number): Figures {
  const inPeriod = (iso: string | null) =>
    iso !== null && new Date(iso).getTime() >= from && new Date(iso).getTime() < to;
  const received = cases.filter((c) => inPeriod(c.receivedAt) && c.status !== "duplicate");
  const respondedInTime = received.filter(
    (c) => c.respondedAt && c.respondDueAt && c.respondedAt <= c.respondDueAt,
  ).length;
  const ids = new Set(cases.map((c) => c.id));
  const latest = new Map<number, FollowUp>();
  for (const f of db.followUps) if (ids.has(f.caseId) && f.reached && inPeriod(f.at)) latest.set(f.caseId, f);
  const calls = [...latest.values()];
  const resolved = cases.filter((c) => inPeriod(c.resolvedAt));
  const durations = resolved
    .map(
      (c) =>
        Math.round(
          ((new Date(c.resolvedAt as string).getTime() - new Date(c.receivedAt).getTime()) / DAY) * 10,
        ) / 10,
    )
    .sort((a, b) => a - b);
  const n = durations.length;
  const rate = (a: number, b: number) => (b > 0 ? a / b : null);
  const resolvedByResident = calls.filter((f) => f.resolved).length;
  const satisfied = calls.filter((f) => f.satisfaction && f.satisfaction !== "dissatisfied").length;
  return {
    received: received.length,
    duplicates: cases.filter((c) => inPeriod(c.receivedAt) && c.status === "duplicate").length,
    respondedInTime,
    responseRate: rate(respondedInTime, received.length),
    followedUp: calls.length,
    resolvedByResident,
    resolutionRate: rate(resolvedByResident, calls.length),
    satisfied,
    satisfactionRate: rate(satisfied, calls.length),
    resolved: resolved.length,
    overdue: received.filter((c) =>
      c.resolveDueAt && !["referred"].includes(c.status)
        ? (c.resolvedAt ?? new Date().toISOString()) > c.resolveDueAt
        : false,
    ).length,
    reopened: received.filter((c) => c.reopenCount > 0).length,
    medianDaysToResolve:
      n === 0 ? null : n % 2 ? durations[(n - 1) / 2] : (durations[n / 2 - 1] + durations[n / 2]) / 2,
  };
}

function rates(db: Db, q: RateQuery): RatesReport {
  const today = new Date();
  const to = q.to ?? today.toISOString().slice(0, 10);
  const from = q.from ?? `${to.slice(0, 4)}-01-01`;
  if (from > to) invalid([{ field: "from", message: "开始日期晚于结束日期，请检查统计期间" }]);
  const start = new Date(`${from}T00:00:00+08:00`).getTime();
  const end = new Date(`${to}T00:00:00+08:00`).getTime() + DAY;
  const group = (key: (c: Case) => string, label: (c: Case) => string): Breakdown[] => {
    const keys = new Map<string, string>();
    for (const c of db.cases) keys.set(key(c), label(c));
    return [...keys]
      .map(([k, l]) => ({
        key: k,
        label: l,
        figures: figures(
          db,
          db.cases.filter((c) => key(c) === k),
          start,
          end,
        ),
      }))
      .filter((b) => b.figures.received + b.figures.resolved + b.figures.followedUp > 0)
      .sort((a, b) => b.figures.received - a.figures.received);
  };
  const month = (c: Case) => c.receivedAt.slice(0, 7);
  return {
    from,
    to,
    total: figures(db, db.cases, start, end),
    byCategory: group(
      (c) => String(c.categoryId ?? 0),
      (c) => c.categoryName ?? "未分类",
    ),
    byAssignee: group(
      (c) => String(c.assigneeId ?? 0),
      (c) => c.assigneeName ?? "未指定承办人",
    ),
    byMonth: group(month, month).sort((a, b) => a.key.localeCompare(b.key)),
  };
}

function timeLimits(db: Db): TimeLimit[] {
  const out: TimeLimit[] = [];
  const urgencies: Urgency[] = ["urgent", "normal", "complex"];
  for (const u of urgencies) {
    const own = db.timeLimits.find((t) => t.categoryId === 0 && t.urgency === u);
    out.push({
      categoryId: null,
      categoryName: null,
      urgency: u,
      limits: own?.limits ?? builtInLimits(null, u),
      builtIn: !own,
    });
  }
  for (const c of db.categories.filter((x) => x.active)) {
    for (const u of urgencies) {
      const own = db.timeLimits.find((t) => t.categoryId === c.id && t.urgency === u);
      const builtIn = builtInLimits(c.name, u);
      const general = builtInLimits(null, u);
      const same = JSON.stringify(builtIn) === JSON.stringify(general);
      if (!own && same) continue;
      out.push({
        categoryId: c.id,
        categoryName: c.name,
        urgency: u,
        limits: own?.limits ?? builtIn,
        builtIn: !own,
      });
    }
  }
  return out;
}

const OFFICIAL_2026: [string, DayKind, string][] = [
  ["2026-01-01", "holiday", "元旦"],
  ["2026-01-02", "holiday", "元旦"],
  ["2026-01-03", "holiday", "元旦"],
  ["2026-01-04", "workday", "元旦调休上班"],
  ["2026-02-14", "workday", "春节调休上班"],
  ...["15", "16", "17", "18", "19", "20", "21", "22", "23"].map(
    (d) => [`2026-02-${d}`, "holiday", "春节"] as [string, DayKind, string],
  ),
  ["2026-02-28", "workday", "春节调休上班"],
  ["2026-04-04", "holiday", "清明节"],
  ["2026-04-05", "holiday", "清明节"],
  ["2026-04-06", "holiday", "清明节"],
  ...["01", "02", "03", "04", "05"].map(
    (d) => [`2026-05-${d}`, "holiday", "劳动节"] as [string, DayKind, string],
  ),
  ["2026-05-09", "workday", "劳动节调休上班"],
  ["2026-06-19", "holiday", "端午节"],
  ["2026-06-20", "holiday", "端午节"],
  ["2026-06-21", "holiday", "端午节"],
  ["2026-09-20", "workday", "国庆节调休上班"],
  ["2026-09-25", "holiday", "中秋节"],
  ["2026-09-26", "holiday", "中秋节"],
  ["2026-09-27", "holiday", "中秋节"],
  ...["01", "02", "03", "04", "05", "06", "07"].map(
    (d) => [`2026-10-${d}`, "holiday", "国庆节"] as [string, DayKind, string],
  ),
  ["2026-10-10", "workday", "国庆节调休上班"],
];

function calendarDays(db: Db, year: number): CalendarDay[] {
  const official = OFFICIAL_2026.map(([day, kind, name]) => ({ day, kind, name, builtIn: true }));
  const own = db.calendar;
  return [...official.filter((d) => !own.some((o) => o.day === d.day)), ...own]
    .filter((d) => d.day.startsWith(String(year)))
    .sort((a, b) => a.day.localeCompare(b.day));
}

function categoryName(db: Db, raw: string, exceptId?: number): string {
  const name = raw.trim();
  if (!name) invalid([{ field: "name", message: "请填写分类名称" }]);
  if ([...name].length > 12) invalid([{ field: "name", message: "分类名称过长，最多 12 字" }]);
  if (db.categories.some((c) => c.name === name && c.id !== exceptId))
    invalid([{ field: "name", message: `已有分类“${name}”` }]);
  return name;
}

// ---- Printed notices ----------------------------------------------------------------------
// Templates as the engine has them (crates/notice/src/documents.rs), a placeholder check like
// the engine's, and a small stand-in PDF (grey lines where the text would be: the browser
// preview has no Chinese PDF fonts) so the preview, save and print buttons can be looked at.

const NOTICE_LABELS: Record<string, string> = {
  meeting: "会议通知",
  event: "活动通知",
  receipt: "受理回执",
  reply: "答复函",
};

const CASE_PLACEHOLDERS = [
  "诉求编号",
  "受理时间",
  "受理渠道",
  "诉求标题",
  "诉求内容",
  "居民称呼",
  "地址",
  "答复期限",
  "查询方式",
  "办理结果",
  "联系人",
  "联系电话",
  "发文机关",
  "成文日期",
];

const NOTICE_PLACEHOLDERS: Record<string, { inline: string[]; blocks: string[] }> = {
  meeting: {
    inline: [
      "会议名称",
      "主送",
      "会议目的",
      "会议时间",
      "会议地点",
      "参会人员",
      "联系人",
      "联系电话",
      "补充说明",
      "回执截止",
      "发文机关",
      "成文日期",
    ],
    blocks: ["参会人员表", "会议议程", "有关要求"],
  },
  event: {
    inline: [
      "活动名称",
      "主送",
      "活动简介",
      "活动时间",
      "活动地点",
      "服务对象",
      "携带物品",
      "报名方式",
      "二维码内容",
      "联系人",
      "联系电话",
      "发文机关",
      "成文日期",
    ],
    blocks: ["二维码"],
  },
  receipt: { inline: CASE_PLACEHOLDERS, blocks: [] },
  reply: { inline: CASE_PLACEHOLDERS, blocks: [] },
};

const DEFAULT_TEMPLATES: Record<string, string> = {
  meeting: `# 关于召开{会议名称}的通知
> {主送}：
为{会议目的}，经研究，定于{会议时间}在{会议地点}召开{会议名称}。现将有关事项通知如下：
## 会议时间
{会议时间}。
## 会议地点
{会议地点}。
## 参会人员
{参会人员}
{参会人员表}
## 会议议程
{会议议程}
## 有关要求
{有关要求}
## 联系方式
联系人：{联系人}，联系电话：{联系电话}。
{补充说明}
`,
  event: `# {活动名称}
> {主送}：
{活动简介}
- 活动时间：{活动时间}
- 活动地点：{活动地点}
- 服务对象：{服务对象}
- 请您携带：{携带物品}
- 报名方式：{报名方式}
{二维码}
- 联系方式：{联系人}，{联系电话}
`,
  receipt: `# 受理回执
> {居民称呼}：
您于{受理时间}通过{受理渠道}反映的“{诉求标题}”，本站已受理，受理编号为{诉求编号}。
## 反映内容
{诉求内容}
## 涉及地址
{地址}
## 答复时限
本站将于{答复期限}向您答复办理情况。
## 查询方式
{查询方式}
查询时请告知受理编号{诉求编号}。联系人：{联系人}，联系电话：{联系电话}。
`,
  reply: `# 关于“{诉求标题}”的答复
> {居民称呼}：
您于{受理时间}反映的“{诉求标题}”（受理编号：{诉求编号}）收悉。经调查核实，现将办理情况答复如下：
{办理结果}
如对本答复有疑问，请与我站联系。联系人：{联系人}，联系电话：{联系电话}。
感谢您对社区工作的理解和支持！
`,
};

function noticeKind(raw: unknown, allowed: string[]): string {
  const kind = String(raw);
  if (!allowed.includes(kind))
    fail("invalid_input", `没有“${kind}”这种通知`, [{ field: "kind", message: `没有“${kind}”这种通知` }]);
  return kind;
}

function noticeTemplates(db: Db): NoticeTemplate[] {
  return Object.keys(NOTICE_LABELS).map((kind) => {
    const own = db.noticeTemplates[kind];
    const names = NOTICE_PLACEHOLDERS[kind];
    return {
      kind: kind as NoticeKind,
      label: NOTICE_LABELS[kind],
      body: own?.body ?? DEFAULT_TEMPLATES[kind],
      isDefault: !own,
      placeholders: [...names.inline, ...names.blocks].map((n) => `{${n}}`),
      updatedAt: own?.at ?? null,
    };
  });
}

/** The engine's template check: unknown names, unpaired braces, blocks inside a sentence. */
function checkTemplate(kind: string, body: string) {
  const bad = (message: string): never => invalid([{ field: "body", message }]);
  if (body.trim() === "") bad("模板不能为空；要用默认措辞请点“恢复默认”");
  const names = NOTICE_PLACEHOLDERS[kind];
  body.split("\n").forEach((raw, i) => {
    const line = i + 1;
    const text = raw.replaceAll("{{", "").replaceAll("}}", "");
    const found = [...text.matchAll(/\{([^{}]*)\}/g)];
    const rest = text.replace(/\{[^{}]*\}/g, "");
    for (const brace of ["{", "}"])
      if (rest.includes(brace))
        bad(
          `模板第 ${line} 行有一个“${brace}”没有配对，请补全占位符，或把它写成“${brace}${brace}”表示字面的括号`,
        );
    for (const [whole, name] of found) {
      if (names.blocks.includes(name)) {
        if (raw.trim() !== whole) bad(`模板第 ${line} 行的“{${name}}”是表格或二维码，只能单独占一行`);
      } else if (!names.inline.includes(name)) {
        const known = [...names.inline, ...names.blocks].map((n) => `{${n}}`).join(" ");
        bad(`模板第 ${line} 行的占位符“{${name}}”不认识，请改成可用的占位符之一：${known}`);
      }
    }
  });
}

/**
 * A small A4 PDF, one page per label: grey bars where a notice's title, paragraphs and
 * issuer would be, and the label (ASCII: the standard fonts have no Chinese) at the top.
 */
export function mockPdf(labels: string[]): string {
  const objects: string[] = [];
  const kids: number[] = [];
  // 1 catalog, 2 pages, 3 font; then a page and its content for each label.
  labels.forEach((label, i) => {
    const page = 4 + i * 2;
    kids.push(page);
    const bars: string[] = ["0.2 g 200 735 195 16 re f", "0.55 g"];
    let y = 690;
    for (let p = 0; p < 4; p++) {
      for (let l = 0; l < 4 - (p % 2); l++) {
        const x = l === 0 ? 111 : 79;
        const w = l === 3 - (p % 2) ? 190 + ((p * 37) % 150) : 516 - x;
        bars.push(`${x} ${y} ${w} 9 re f`);
        y -= 29;
      }
      y -= 6;
    }
    bars.push(`340 ${y - 40} 150 9 re f`, `352 ${y - 69} 126 9 re f`);
    const text = label.replace(/[^\x20-\x7e]/g, "?").replace(/[\\()]/g, "\\$&");
    const content = `${bars.join("\n")}\nBT /F1 9 Tf 0.6 g 79 800 Td (${text}) Tj ET\nBT /F1 9 Tf 0.6 g 280 40 Td (- ${i + 1} -) Tj ET`;
    objects[page] =
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents ${page + 1} 0 R >>`;
    objects[page + 1] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
  });
  objects[1] = "<< /Type /Catalog /Pages 2 0 R >>";
  objects[2] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(" ")}] /Count ${kids.length} >>`;
  objects[3] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>";
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

/** Emoji and the like: what the engine prints as □ and reports. */
function boxWarnings(fields: Record<string, string>): string[] {
  const out: string[] = [];
  for (const [field, value] of Object.entries(fields)) {
    for (const ch of value.match(/\p{Extended_Pictographic}/gu) ?? []) {
      const cp = `U+${ch.codePointAt(0)?.toString(16).toUpperCase()}`;
      out.push(`“${field}”里的字符“${ch}”（${cp}）没有字体可以显示，已印成“□”，请改用文字`);
    }
  }
  return out;
}

function printCaseNotice(db: Db, staff: Staff, c: Case, kind: string): PrintedNotice {
  if (kind === "reply" && (!["resolved", "followed_up", "closed"].includes(c.status) || !c.resolution)) {
    fail(
      "invalid_input",
      `答复函要在“办结”并填写办理结果之后才能打印；这件诉求目前是“${STATUS_NAMES[c.status]}”`,
      [],
    );
  }
  const label = NOTICE_LABELS[kind];
  const printed: PrintedNotice = {
    fileName: `${label}-${c.number}.pdf`,
    id: 0,
    pages: 1,
    warnings: boxWarnings({ 诉求标题: c.title, 诉求内容: c.description ?? "" }),
  };
  audit(db, staff, c, "print", [{ field: "printed", before: null, after: `${label}（1 页）` }], label);
  return printed;
}

const REQUIRED_FIELDS: Record<string, [string, string][]> = {
  meeting: [
    ["meeting_name", "会议名称"],
    ["time", "会议时间"],
    ["place", "会议地点"],
    ["issuer", "发文机关"],
  ],
  event: [
    ["title", "活动名称"],
    ["time", "活动时间"],
    ["place", "活动地点"],
    ["issuer", "发文机关"],
  ],
};

async function printNotice(args: Record<string, unknown>): Promise<PrintedNotice> {
  const kind = noticeKind(args.kind, ["meeting", "event"]);
  let input: Record<string, unknown>;
  try {
    input = JSON.parse(String(args.input));
  } catch {
    return fail("invalid_input", "通知内容不是有效的 JSON", [
      { field: "input", message: "通知内容不是有效的 JSON" },
    ]);
  }
  for (const [field, name] of REQUIRED_FIELDS[kind]) {
    if (!String(input[field] ?? "").trim())
      fail("invalid_input", `请填写“${name}”`, [{ field: "input", message: `请填写“${name}”` }]);
  }
  const addressees = ((args.addressees as string[]) ?? []).filter((a) => a.trim() !== "");
  const progress = args.progress as { onmessage?: (p: NoticeProgress) => void } | undefined;
  const copies = Math.max(addressees.length, 1);
  const perCopy = kind === "meeting" && input.reply_slip ? 2 : 1;
  const labels: string[] = [];
  for (let i = 0; i < copies; i++) {
    if (addressees.length > 0) {
      await new Promise((r) => setTimeout(r, 40));
      progress?.onmessage?.({ done: i + 1, total: copies + 1 });
    }
    for (let p = 0; p < perCopy; p++) labels.push(`StationDesk mock: ${kind}, copy ${i + 1} of ${copies}`);
  }
  if (addressees.length > 0) progress?.onmessage?.({ done: copies + 1, total: copies + 1 });
  const names: Record<string, string> = {
    meeting_name: "会议名称",
    title: "活动名称",
    purpose: "会议目的",
    summary: "活动简介",
    time: kind === "meeting" ? "会议时间" : "活动时间",
    place: kind === "meeting" ? "会议地点" : "活动地点",
  };
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(input)) if (typeof v === "string") fields[names[k] ?? k] = v;
  return {
    fileName: `${NOTICE_LABELS[kind]}.pdf`,
    id: 0,
    pages: labels.length,
    warnings: boxWarnings(fields),
  };
}

/** The Windows office fonts as a station PC has them. */
const MOCK_FONT_FILES: Record<string, string> = {
  仿宋: "C:\\Windows\\Fonts\\simfang.ttf",
  宋体: "C:\\Windows\\Fonts\\simsun.ttc",
  黑体: "C:\\Windows\\Fonts\\simhei.ttf",
};

function noticeFonts(db: Db) {
  const roles: [string, string, string][] = [
    ["fangsong", "正文（仿宋）", "仿宋"],
    ["songti", "缺字补充（宋体）", "宋体"],
    ["heiti", "小标题（黑体）", "黑体"],
    ["title", "文件标题（方正小标宋）", "方正小标宋简体"],
  ];
  return roles.map(([role, label, suggested]) => {
    const choice = db.noticeFonts[role] ?? null;
    return {
      role,
      label,
      suggested,
      choice,
      path: choice === null ? null : (MOCK_FONT_FILES[choice] ?? choice),
      problem: null,
    };
  });
}

function handle(db: Db, cmd: string, args: Record<string, unknown>): unknown {
  const on = () => db.current ?? fail("no_staff", "请先选择当班工作人员");
  switch (cmd) {
    case "app_state":
      return appState(db);
    case "setup_station": {
      const code = String(args.code ?? "").trim();
      const name = String(args.name ?? "").trim();
      const staffName = String(args.staffName ?? "").trim();
      const fields: FieldError[] = [];
      if (!/^[A-Za-z][A-Za-z0-9]{0,7}$/.test(code))
        fields.push({ field: "code", message: "服务站代码须为 1–8 位英文字母或数字，以字母开头，如 RA" });
      if (!name) fields.push({ field: "name", message: "请填写服务站名称" });
      if (!staffName) fields.push({ field: "staffName", message: "请填写工作人员姓名" });
      if (fields.length > 0) invalid(fields);
      db.station = { id: 1, code: code.toUpperCase(), name, phone: null };
      db.staff = [{ id: 1, name: staffName, active: true }];
      db.current = db.staff[0];
      db.categories = CATEGORY_NAMES.map((n, i) => ({ id: i + 1, name: n, sortOrder: i + 1, active: true }));
      return appState(db);
    }
    case "choose_staff": {
      const name = String(args.name ?? "").trim();
      if (!name) invalid([{ field: "name", message: "请填写工作人员姓名" }]);
      let s = db.staff.find((x) => x.name === name);
      if (!s) {
        s = { id: db.staff.length + 1, name, active: true };
        db.staff.push(s);
      }
      db.current = s;
      return appState(db);
    }
    case "update_station": {
      const d = args.details as { name: string; phone: string | null };
      const name = d.name.trim();
      const fields: FieldError[] = [];
      if (!name) fields.push({ field: "name", message: "请填写服务站名称" });
      const phone = d.phone?.trim() ? d.phone.replace(/[\s-]/g, "") : null;
      if (phone !== null && !/^(1[3-9]\d{9}|0\d{9,11})$/.test(phone))
        fields.push({
          field: "phone",
          message:
            "服务站电话格式不正确：请填写 11 位手机号（如 13812341234）或带区号的固定电话（如 0311-86012345）",
        });
      if (fields.length > 0) invalid(fields);
      if (!db.station) fail("not_found", "服务站尚未初始化");
      db.station = { ...db.station, name, phone };
      return appState(db);
    }
    case "list_categories":
      return db.categories;
    case "add_category": {
      const name = categoryName(db, String(args.name ?? ""));
      const c: Category = {
        id: db.categories.length + 1,
        name,
        sortOrder: db.categories.length + 1,
        active: true,
      };
      db.categories.push(c);
      return c;
    }
    case "update_category": {
      const c = db.categories.find((x) => x.id === args.id) ?? fail("not_found", "没有找到这个分类");
      c.name = categoryName(db, String(args.name ?? ""), c.id);
      c.active = Boolean(args.active);
      return c;
    }
    case "create_case": {
      const input = args.input as NewCase;
      if (!(CHANNELS as readonly string[]).includes(input.channel))
        invalid([{ field: "channel", message: "请选择来源" }]);
      return addCase(db, input, on(), new Date());
    }
    case "list_cases":
      return listCases(db, args.query as CaseQuery);
    case "get_case":
      return detail(db, findCase(db, args.id));
    case "list_attention":
      return attention(db, Number(args.page ?? 1), Number(args.pageSize ?? 20));
    case "similar_cases":
      return similar(db, args.query as SimilarQuery);
    case "transition_case":
      return transition(db, on(), findCase(db, args.id), args.request as TransitionRequest);
    case "follow_up_case":
      return followUp(db, on(), findCase(db, args.id), args.input as NewFollowUp);
    case "add_survey":
      return survey(db, on(), findCase(db, args.id), args.input as NewSurvey);
    case "record_contact": {
      const c = findCase(db, args.id);
      const note = clip(String(args.note ?? ""));
      if (!note)
        invalid([{ field: "note", message: "请写明联系情况（例如：电话联系居民，约定明天上午现场查看）" }]);
      const changes: FieldChange[] = [];
      if (!c.respondedAt) {
        c.respondedAt = new Date().toISOString();
        changes.push({ field: "respondedAt", before: null, after: c.respondedAt });
      }
      audit(db, on(), c, "contact", changes, note);
      return c;
    }
    case "update_case_handling": {
      const c = findCase(db, args.id);
      const input = args.input as CaseHandling;
      const changes: FieldChange[] = [];
      if (input.assigneeId != null && input.assigneeId !== c.assigneeId) {
        const s =
          db.staff.find((x) => x.id === input.assigneeId) ??
          invalid([{ field: "assigneeId", message: "承办人不是本站在岗的工作人员" }]);
        changes.push({ field: "assignee", before: c.assigneeName, after: s.name });
        c.assigneeId = s.id;
        c.assigneeName = s.name;
      }
      if (input.urgency && input.urgency !== c.urgency) {
        const names = { urgent: "紧急", normal: "一般", complex: "复杂" };
        changes.push({ field: "urgency", before: names[c.urgency], after: names[input.urgency] });
        c.urgency = input.urgency;
        const l = limitsFor(db, c.categoryId, c.categoryName, c.urgency);
        const received = new Date(c.receivedAt).getTime();
        c.respondDueAt = dueFrom(received, l.respond);
        c.resolveDueAt = dueFrom(received, l.resolve);
      }
      if (changes.length > 0) audit(db, on(), c, "update", changes, null);
      return c;
    }
    case "list_parties":
      return db.parties;
    case "save_party": {
      const input = args.input as PartyInput;
      const name = clip(input.name);
      if (!name)
        invalid([{ field: "name", message: "请填写单位或代表的名称（例如：润都荣园物业服务中心）" }]);
      let phone = clip(input.phone);
      if (phone) {
        phone = normalizePhone(phone);
        if (!phone)
          invalid([
            {
              field: "phone",
              message:
                "电话号码格式不正确：请填写 11 位手机号（如 13812341234）或带区号的固定电话（如 0311-86012345）",
            },
          ]);
      }
      const p: Party = {
        id: input.id ?? db.parties.length + 1,
        kind: input.kind,
        name,
        contactPerson: clip(input.contactPerson),
        phone,
        note: clip(input.note),
        active: input.active ?? true,
      };
      const i = db.parties.findIndex((x) => x.id === p.id);
      if (i >= 0) db.parties[i] = p;
      else db.parties.push(p);
      return p;
    }
    case "link_party": {
      const c = findCase(db, args.caseId);
      const p = db.parties.find((x) => x.id === args.partyId) ?? fail("not_found", "没有找到这个相关方");
      db.caseParties = db.caseParties.filter((x) => !(x.caseId === c.id && x.partyId === p.id));
      db.caseParties.push({ caseId: c.id, partyId: p.id, role: clip(args.role as string | null) });
      audit(db, on(), c, "party", [{ field: "party", before: null, after: p.name }], null);
      return null;
    }
    case "unlink_party": {
      const c = findCase(db, args.caseId);
      const p = db.parties.find((x) => x.id === args.partyId);
      db.caseParties = db.caseParties.filter((x) => !(x.caseId === c.id && x.partyId === args.partyId));
      audit(db, on(), c, "party", [{ field: "party", before: p?.name ?? null, after: null }], null);
      return null;
    }
    case "add_attachments":
      return fail("not_supported", "浏览器预览中不能添加本机文件");
    case "attachment_content": {
      const a = db.attachments.find((x) => x.id === args.id) ?? fail("not_found", "没有找到这个附件");
      return {
        id: a.id,
        fileName: a.fileName,
        mediaType: a.mediaType,
        dataUrl: a.mediaType.startsWith("image/") ? fakePhoto(a) : "data:application/pdf;base64,",
      };
    }
    case "remove_attachment": {
      const a = db.attachments.find((x) => x.id === args.id) ?? fail("not_found", "没有找到这个附件");
      a.removed = true;
      audit(
        db,
        on(),
        findCase(db, a.caseId),
        "attachment",
        [{ field: "attachment", before: a.fileName, after: null }],
        null,
      );
      return null;
    }
    case "rates_report":
      return rates(db, args.query as RateQuery);
    case "list_time_limits":
      return timeLimits(db);
    case "save_time_limit": {
      const categoryId = (args.categoryId as number | null) ?? 0;
      const urgency = args.urgency as Urgency;
      const limits = args.limits as Limits | null;
      if (limits) {
        const fields: FieldError[] = [];
        for (const k of ["respond", "resolve"] as const)
          if (limits[k].amount < 1 || limits[k].amount > 1000)
            fields.push({ field: k, message: "时限须在 1 到 1000 之间" });
        if (
          fields.length === 0 &&
          limits.respond.unit === limits.resolve.unit &&
          limits.respond.amount > limits.resolve.amount
        )
          fields.push({ field: "respond", message: "响应时限不能长于办结时限" });
        if (fields.length > 0) invalid(fields);
      }
      db.timeLimits = db.timeLimits.filter((t) => !(t.categoryId === categoryId && t.urgency === urgency));
      if (limits) db.timeLimits.push({ categoryId, urgency, limits });
      return timeLimits(db);
    }
    case "list_calendar_days":
      return calendarDays(db, Number(args.year));
    case "save_calendar_day": {
      const day = String(args.day);
      const kind = args.kind as DayKind;
      db.calendar = db.calendar.filter((d) => d.day !== day);
      const official = OFFICIAL_2026.find(([d]) => d === day)?.[1] ?? "normal";
      if (official !== kind) {
        const name =
          clip(String(args.name ?? "")) ?? { holiday: "放假", workday: "调休上班", normal: "按平常" }[kind];
        db.calendar.push({ day, kind, name, builtIn: false });
      }
      return null;
    }
    case "list_notice_fonts":
      return noticeFonts(db);
    case "save_notice_font": {
      on();
      const role = String(args.role);
      const choice = typeof args.choice === "string" ? args.choice.trim() : "";
      if (choice === "") delete db.noticeFonts[role];
      else if (!MOCK_FONT_FILES[choice] && !/\.(ttf|otf|ttc)$/i.test(choice))
        fail("invalid_input", `找不到或无法读取字体“${choice}”，请检查字体设置，或改用内置字体`, [
          { field: "choice", message: `找不到或无法读取字体“${choice}”，请检查字体设置，或改用内置字体` },
        ]);
      else db.noticeFonts[role] = choice;
      return noticeFonts(db);
    }
    case "list_notice_templates":
      return noticeTemplates(db);
    case "save_notice_template": {
      const kind = noticeKind(args.kind, Object.keys(NOTICE_LABELS));
      const body = args.body as string | null;
      if (body === null) delete db.noticeTemplates[kind];
      else {
        checkTemplate(kind, body);
        db.noticeTemplates[kind] = { body, at: new Date().toISOString() };
      }
      on();
      return noticeTemplates(db).find((t) => t.kind === kind);
    }
    case "print_case_notice":
      return printCaseNotice(
        db,
        on(),
        findCase(db, args.caseId),
        noticeKind(args.kind, ["receipt", "reply"]),
      );
    case "print_notice":
      on();
      return printNotice(args);
    case "save_notice_pdf":
    case "open_notice_pdf":
      return null;
    case "plugin:dialog|save": {
      const options = (args.options ?? {}) as { defaultPath?: string };
      return `/home/zhaozikun/文档/${options.defaultPath ?? "通知.pdf"}`;
    }
    default: {
      for (const part of [schedule.handle, meetings.handle]) {
        const answer = part(db, cmd, args);
        if (answer !== NOT_MINE) return answer;
      }
      // Tauri answers an unknown command with a plain string, not an AppError.
      throw `command ${cmd} not found`;
    }
  }
}

export function installMockBackend(mode: string) {
  const db = makeDb(mode);
  // The window "main" and its events (the drop listener of the case drawer), as in the app.
  mockWindows("main");
  mockIPC(
    async (cmd, args) => {
      await new Promise((r) => setTimeout(r, 120));
      // Copies, as over real IPC: the UI must never share objects with the store.
      return structuredClone(await handle(db, cmd, (args ?? {}) as Record<string, unknown>));
    },
    { shouldMockEvents: true },
  );
  console.info(`StationDesk: mock backend (${mode || "on duty"}) with ${db.cases.length} cases`);
}
