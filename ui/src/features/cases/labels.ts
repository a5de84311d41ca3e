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
};

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
