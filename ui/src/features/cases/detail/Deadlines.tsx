import { Flex, Typography } from "antd";
import type { ReactNode } from "react";
import type { Case } from "../../../bindings";
import { scaled } from "../../../lib/display";
import { formatDateTime } from "../../../lib/time";
import { DueColorTag } from "../DueTag";
import { STATUS_LABELS } from "../labels";
import { clockState, clockTag } from "./deadline";

function Clock({
  label,
  due,
  doneAt,
  doneWord,
  paused,
  testId,
}: {
  label: string;
  due: string | null;
  doneAt: string | null;
  doneWord: string;
  paused: boolean;
  testId: string;
}) {
  const s = clockState(due, doneAt, paused);
  const tag = clockTag(s);
  const state: ReactNode =
    tag === null ? (
      <Typography.Text type="secondary">未设定</Typography.Text>
    ) : (
      <>
        <DueColorTag code={tag.due}>{tag.text}</DueColorTag>
        {s.kind === "met" && (
          <Typography.Text type="secondary">
            {formatDateTime(s.at)} {doneWord}
          </Typography.Text>
        )}
      </>
    );
  return (
    <Flex align="center" gap={8} wrap data-testid={testId}>
      <Typography.Text type="secondary" style={{ width: scaled(64) }}>
        {label}
      </Typography.Text>
      <Typography.Text strong>{due ? formatDateTime(due) : "—"}</Typography.Text>
      {state}
    </Flex>
  );
}

/**
 * 响应时限 and 办结时限, each with where it stands; `note` is Rust's word when the resolve
 * deadline was counted into a year whose holiday calendar is missing.
 */
export default function Deadlines({ c, note }: { c: Case; note?: string | null }) {
  const paused = c.status === "on_hold";
  const stopped = ["referred", "duplicate"].includes(c.status);
  return (
    <div className="sd-deadlines">
      <Clock
        label="响应时限"
        due={c.respondDueAt}
        doneAt={c.respondedAt}
        doneWord="已响应"
        paused={paused || stopped}
        testId="case-respond-due"
      />
      <Clock
        label="办结时限"
        due={c.resolveDueAt}
        doneAt={c.resolvedAt ?? (stopped ? c.updatedAt : null)}
        doneWord={c.resolvedAt ? "办结" : STATUS_LABELS[c.status]}
        paused={paused}
        testId="case-resolve-due"
      />
      {note && (
        <Typography.Text type="warning" data-testid="case-due-note">
          {note}
        </Typography.Text>
      )}
    </div>
  );
}
