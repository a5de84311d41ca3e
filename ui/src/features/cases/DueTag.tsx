import { Tag } from "antd";
import { scaled } from "../../lib/display";
import { type DueCode, dueVar } from "../../lib/dueColors";
import { DUE_LABELS, URGENCY_COLORS, URGENCY_LABELS, type UrgencyCode } from "./labels";

/** A tag in a due state's colours (lib/dueColors.ts: standard or high contrast). */
export function DueColorTag({
  code,
  children,
  testId,
}: {
  code: DueCode;
  children: React.ReactNode;
  testId?: string;
}) {
  return (
    <Tag
      style={{
        marginInlineEnd: 0,
        fontSize: scaled(14),
        color: dueVar(code, "tagText"),
        background: dueVar(code, "tagBg"),
        borderColor: dueVar(code, "tagBorder"),
      }}
      data-testid={testId}
    >
      {children}
    </Tag>
  );
}

/** 已超期 / 临近时限 / 待回访 …: how a case stands against its deadlines. */
export function DueTag({ state }: { state: string }) {
  const code = (state in DUE_LABELS ? state : "on_track") as DueCode;
  return (
    <DueColorTag code={code} testId="case-due">
      {DUE_LABELS[state as DueCode] ?? state}
    </DueColorTag>
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
