// The one place for the Chinese names (and tag colours) of case codes that cross IPC.
import type { Case, CaseStatus } from "../../bindings";

/** A case's channel (来源). Derived so it reads the same whatever bindings.ts calls it. */
export type Channel = Case["channel"];

export const CHANNELS: readonly Channel[] = [
  "visit",
  "suggestion_box",
  "phone",
  "wechat",
  "live_stream",
  "hotline_12345",
  "grid_patrol",
];

export const CHANNEL_LABELS: Record<Channel, string> = {
  visit: "来访",
  suggestion_box: "意见箱",
  phone: "电话",
  wechat: "微信",
  live_stream: "直播",
  hotline_12345: "12345转办",
  grid_patrol: "网格巡查",
};

export const STATUSES: readonly CaseStatus[] = [
  "accepted",
  "investigating",
  "in_progress",
  "resolved",
  "followed_up",
  "closed",
  "on_hold",
  "referred",
  "duplicate",
];

export const STATUS_LABELS: Record<CaseStatus, string> = {
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

/** antd Tag colours; "default" is the grey tag. */
export const STATUS_COLORS: Record<CaseStatus, string> = {
  accepted: "blue",
  investigating: "cyan",
  in_progress: "orange",
  resolved: "green",
  followed_up: "green",
  closed: "default",
  on_hold: "default",
  referred: "purple",
  duplicate: "default",
};

export const SORT_LABELS = {
  received_desc: "受理时间 新→旧",
  received_asc: "受理时间 旧→新",
} as const;

/** Audit actions. */
export const ACTION_LABELS: Record<string, string> = {
  create: "新建",
  update: "修改",
  transition: "变更状态",
  survey: "现场勘查",
  contact: "联系居民",
  follow_up: "回访",
  duplicate_linked: "关联重复件",
  party: "相关方",
  party_linked: "添加相关方",
  party_unlinked: "移除相关方",
  attachment: "附件",
  attachment_added: "添加附件",
  attachment_removed: "移除附件",
  handling: "修改承办",
};

/** Timeline dot colours by audit action. */
export const ACTION_COLORS: Record<string, string> = {
  create: "blue",
  transition: "orange",
  follow_up: "green",
  survey: "cyan",
  contact: "cyan",
  duplicate_linked: "purple",
};

/** 紧急程度. Codes match the core's `Urgency`. */
export const URGENCY_LABELS = { urgent: "紧急", normal: "一般", complex: "复杂" } as const;
export type UrgencyCode = keyof typeof URGENCY_LABELS;
export const URGENCIES: readonly UrgencyCode[] = ["urgent", "normal", "complex"];
export const URGENCY_COLORS: Record<UrgencyCode, string> = {
  urgent: "red",
  normal: "default",
  complex: "gold",
};

/** How a case stands against its deadlines; the register colours its rows by it. */
export const DUE_LABELS = {
  done: "已办结",
  awaiting_follow_up: "待回访",
  on_track: "时限内",
  near_due: "临近时限",
  overdue: "已超期",
  on_hold: "已挂起",
} as const;
export type DueCode = keyof typeof DUE_LABELS;
export const DUE_COLORS: Record<DueCode, string> = {
  done: "success",
  awaiting_follow_up: "processing",
  on_track: "default",
  near_due: "warning",
  overdue: "error",
  on_hold: "default",
};

/** 满意 / 基本满意 / 不满意. */
export const SATISFACTION_LABELS = {
  satisfied: "满意",
  basically_satisfied: "基本满意",
  dissatisfied: "不满意",
} as const;
export type SatisfactionCode = keyof typeof SATISFACTION_LABELS;
export const SATISFACTIONS: readonly SatisfactionCode[] = [
  "satisfied",
  "basically_satisfied",
  "dissatisfied",
];

/** 相关方 kinds. */
export const PARTY_KIND_LABELS = {
  property: "物业",
  developer: "开发商",
  hospital: "医院",
  street_office: "街道",
  utility: "供水供电",
  government: "政府部门",
  company: "企业",
  resident_rep: "居民代表",
  other: "其他",
} as const;
export type PartyKindCode = keyof typeof PARTY_KIND_LABELS;
export const PARTY_KINDS = Object.keys(PARTY_KIND_LABELS) as PartyKindCode[];

export const ATTACHMENT_KIND_LABELS = { before: "整改前", after: "整改后", document: "文档" } as const;
export type AttachmentKindCode = keyof typeof ATTACHMENT_KIND_LABELS;
export const ATTACHMENT_KINDS: readonly AttachmentKindCode[] = ["before", "after", "document"];

export const TIME_UNIT_LABELS = { hours: "小时", days: "天", working_days: "工作日" } as const;
export type TimeUnitCode = keyof typeof TIME_UNIT_LABELS;

export const DAY_KIND_LABELS = { holiday: "放假", workday: "调休上班", normal: "按平常" } as const;
export type DayKindCode = keyof typeof DAY_KIND_LABELS;

export function labelOf<T extends Record<string, string>>(
  labels: T,
  code: string | null | undefined,
): string {
  if (code === null || code === undefined) return "";
  return (labels as Record<string, string>)[code] ?? code;
}

/** Field names as the audit history records them. */
export const FIELD_LABELS: Record<string, string> = {
  number: "编号",
  status: "状态",
  channel: "来源",
  title: "标题",
  description: "问题描述",
  residentName: "居民姓名",
  phone: "联系电话",
  address: "地址",
  category: "分类",
  categoryId: "分类",
  receivedAt: "受理时间",
  name: "名称",
  code: "代码",
  active: "启用状态",
  urgency: "紧急程度",
  assignee: "承办人",
  assigneeId: "承办人",
  assigneeName: "承办人",
  respondDueAt: "响应时限",
  resolveDueAt: "办结时限",
  respondedAt: "首次联系",
  resolvedAt: "办结时间",
  resolution: "办理结果",
  closedAt: "关闭时间",
  holdReason: "挂起原因",
  holdUntil: "恢复日期",
  referredTo: "接收单位",
  duplicateOf: "重复于",
  note: "说明",
  people: "勘查人员",
  findings: "勘查情况",
  surveyedAt: "勘查时间",
  reached: "联系上居民",
  resolved: "是否解决",
  satisfaction: "满意程度",
  comment: "回访意见",
  withoutCallback: "无法回访直接关闭",
  reopen: "重新处理",
  party: "相关方",
  role: "角色",
  fileName: "文件名",
  kind: "类别",
};

export function channelLabel(code: string): string {
  return (CHANNEL_LABELS as Record<string, string>)[code] ?? code;
}

export function statusLabel(code: string): string {
  return (STATUS_LABELS as Record<string, string>)[code] ?? code;
}

export function statusColor(code: string): string {
  return (STATUS_COLORS as Record<string, string>)[code] ?? "default";
}

export function fieldLabel(field: string): string {
  return FIELD_LABELS[field] ?? field;
}

export function actionLabel(action: string): string {
  return ACTION_LABELS[action] ?? action;
}
