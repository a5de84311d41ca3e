// Tag colours of case codes and the labels of audit records; the codes' Chinese names
// come from the core.
import type {
  AttachmentKind,
  Case,
  CaseStatus,
  DayKind,
  PartyKind,
  Satisfaction,
  Urgency,
} from "../../bindings";
import { CHANNEL_LABELS, STATUS_LABELS } from "../../vocabulary";

// The labels and code lists are generated from the core (ui/src/vocabulary.ts); this
// module adds what only the window needs: colours, and labels of audit records.
export {
  ATTACHMENT_KIND_LABELS,
  ATTACHMENT_KINDS,
  CHANNEL_LABELS,
  CHANNELS,
  DAY_KIND_LABELS,
  DUE_LABELS,
  PARTY_KIND_LABELS,
  PARTY_KINDS,
  SATISFACTION_LABELS,
  SATISFACTIONS,
  STATUS_LABELS,
  STATUSES,
  URGENCIES,
  URGENCY_LABELS,
} from "../../vocabulary";

export type SatisfactionCode = Satisfaction;
export type PartyKindCode = PartyKind;
export type AttachmentKindCode = AttachmentKind;
export type DayKindCode = DayKind;

/** A case's channel (来源). Derived so it reads the same whatever bindings.ts calls it. */
export type Channel = Case["channel"];

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

/** 紧急程度 codes, as the core's `Urgency`. */
export type UrgencyCode = Urgency;
export const URGENCY_COLORS: Record<UrgencyCode, string> = {
  urgent: "red",
  normal: "default",
  complex: "gold",
};

/** How a case stands against its deadlines; its colours are in lib/dueColors.ts. */
export type { DueCode } from "../../lib/dueColors";

export const TIME_UNIT_LABELS = { hours: "小时", days: "天", working_days: "工作日" } as const;
export type TimeUnitCode = keyof typeof TIME_UNIT_LABELS;

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
  duplicates: "关联重复件",
  note: "说明",
  people: "勘查人员",
  findings: "勘查情况",
  surveyedAt: "勘查时间",
  withResident: "居民在场",
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
