import { Tag } from "antd";
import {
  DUE_COLORS,
  DUE_LABELS,
  type DueCode,
  URGENCY_COLORS,
  URGENCY_LABELS,
  type UrgencyCode,
} from "./labels";

/** 已超期 / 临近时限 / 待回访 …: how a case stands against its deadlines. */
export function DueTag({ state }: { state: string }) {
  const code = state as DueCode;
  return (
    <Tag
      color={DUE_COLORS[code] ?? "default"}
      style={{ marginInlineEnd: 0, fontSize: 14 }}
      data-testid="case-due"
    >
      {DUE_LABELS[code] ?? state}
    </Tag>
  );
}

export function UrgencyTag({ urgency }: { urgency: string }) {
  const code = urgency as UrgencyCode;
  return (
    <Tag color={URGENCY_COLORS[code] ?? "default"} style={{ marginInlineEnd: 0 }}>
      {URGENCY_LABELS[code] ?? urgency}
    </Tag>
  );
}
