// An in-memory stand-in for the Rust side, for looking at the UI in a plain browser:
// open the built page with `?mock` (on duty: 赵子坤), `?mock=setup` (first run),
// `?mock=staff` (nobody on duty) or `?mock=empty` (no cases yet). main.tsx imports this
// module dynamically and only then, so the real window never loads it.
import { mockIPC } from "@tauri-apps/api/mocks";
import type {
  Address,
  AppError,
  AppState,
  AuditEntry,
  Case,
  CaseQuery,
  CaseRow,
  CaseStatus,
  Category,
  FieldError,
  NewCase,
  Page,
  Staff,
  Station,
} from "../bindings";
import { formatAddress } from "../features/cases/address";
import { CHANNELS, type Channel } from "../features/cases/labels";

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

type Db = {
  station: Station | null;
  staff: Staff[];
  current: Staff | null;
  categories: Category[];
  cases: Case[];
  history: AuditEntry[];
  nextId: number;
};

function fail(code: string, message: string, fields: FieldError[] = []): never {
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
  };
  db.cases.push(c);
  const set = (field: string, after: string | null) => (after ? [{ field, before: null, after }] : []);
  db.history.push({
    id: db.history.length + 1,
    at: c.createdAt,
    staffName: staff.name,
    entity: "case",
    entityId: c.id,
    action: "create",
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
      ...set("receivedAt", c.receivedAt),
    ],
  });
  return c;
}

function seed(db: Db) {
  const now = Date.now();
  // Oldest first, so serial numbers follow received time.
  const ordered = SEEDS.map((s, i) => ({
    s,
    i,
    received: new Date(now - s.daysAgo * 86_400_000 - ((i * 7919) % 600) * 60_000 - 30 * 60_000),
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
      },
      staff,
      new Date(received.getTime() + 3 * 60_000),
    );
    let before: CaseStatus = "accepted";
    let t = received.getTime();
    for (const [step, next] of PATHS[s.status].entries()) {
      t = Math.min(now - 60_000, t + (0.3 + step * 0.9) * 86_400_000);
      const who = db.staff[(i + step + 1) % db.staff.length];
      db.history.push({
        id: db.history.length + 1,
        at: new Date(t).toISOString(),
        staffName: who.name,
        entity: "case",
        entityId: c.id,
        action: "update",
        changes: [{ field: "status", before, after: next }],
      });
      before = next;
    }
    c.status = s.status;
    c.updatedAt = new Date(t).toISOString();
  }
}

function makeDb(mode: string): Db {
  const db: Db = {
    station: null,
    staff: [],
    current: null,
    categories: [],
    cases: [],
    history: [],
    nextId: 1,
  };
  if (mode === "setup") return db;
  db.station = { id: 1, code: "RA", name: "荣傲家园社区微言服务站" };
  db.staff = [
    { id: 1, name: "赵子坤", active: true },
    { id: 2, name: "王丽", active: true },
    { id: 3, name: "陈建国", active: true },
  ];
  db.categories = CATEGORY_NAMES.map((name, i) => ({ id: i + 1, name, sortOrder: i + 1, active: true }));
  db.current = mode === "staff" ? null : db.staff[0];
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
    items: hits.slice((page - 1) * pageSize, page * pageSize).map((c) => ({
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
    })),
    total: hits.length,
    totalCapped: false,
    page,
    pageSize,
  };
}

function categoryName(db: Db, raw: string, exceptId?: number): string {
  const name = raw.trim();
  if (!name) invalid([{ field: "name", message: "请填写分类名称" }]);
  if ([...name].length > 12) invalid([{ field: "name", message: "分类名称过长，最多 12 字" }]);
  if (db.categories.some((c) => c.name === name && c.id !== exceptId))
    invalid([{ field: "name", message: `已有分类“${name}”` }]);
  return name;
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
      db.station = { id: 1, code: code.toUpperCase(), name };
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
    case "get_case": {
      const c = db.cases.find((x) => x.id === args.id) ?? fail("not_found", "没有找到这条诉求，可能已被删除");
      return { case: c, history: db.history.filter((h) => h.entity === "case" && h.entityId === c.id) };
    }
    default:
      // Tauri answers an unknown command with a plain string, not an AppError.
      throw `command ${cmd} not found`;
  }
}

export function installMockBackend(mode: string) {
  const db = makeDb(mode);
  mockIPC(async (cmd, args) => {
    await new Promise((r) => setTimeout(r, 120));
    // Copies, as over real IPC: the UI must never share objects with the store.
    return structuredClone(handle(db, cmd, (args ?? {}) as Record<string, unknown>));
  });
  console.info(`StationDesk: mock backend (${mode || "on duty"}) with ${db.cases.length} cases`);
}
