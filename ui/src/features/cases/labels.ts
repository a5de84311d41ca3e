// Tag colours of case codes; the codes' Chinese names, and the audit log's action and
// field names, come from the core (ui/src/vocabulary.ts, and `actionLabel` in each row).
import type {
  AttachmentKind,
  Case,
  CaseStatus,
  DayKind,
  PartyKind,
  Satisfaction,
  Urgency,
} from "../../bindings";
import { AUDIT_FIELD_LABELS, CHANNEL_LABELS, STATUS_LABELS } from "../../vocabulary";

// The labels and code lists are generated from the core (ui/src/vocabulary.ts); this
// module adds what only the window needs: colours.
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

export function channelLabel(code: string): string {
  return (CHANNEL_LABELS as Record<string, string>)[code] ?? code;
}

export function statusLabel(code: string): string {
  return (STATUS_LABELS as Record<string, string>)[code] ?? code;
}

export function statusColor(code: string): string {
  return (STATUS_COLORS as Record<string, string>)[code] ?? "default";
}

/** A field's name as the audit log records it (the model's table, generated). */
export function fieldLabel(field: string): string {
  return AUDIT_FIELD_LABELS[field] ?? field;
}
