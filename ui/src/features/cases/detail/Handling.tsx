import { useMutation, useQueryClient } from "@tanstack/react-query";
import { App, Flex, Select, Typography } from "antd";
import { type Case, commands, type Staff, type Urgency } from "../../../bindings";
import { scaled } from "../../../lib/display";
import { call, errorMessage } from "../../../lib/ipc";
import { invalidateCases } from "../../../lib/queries";
import { UrgencyTag } from "../DueTag";
import { URGENCIES, URGENCY_LABELS } from "../labels";

/** 承办人 and 紧急程度, saved as soon as they are picked. */
export default function Handling({ c, staff }: { c: Case; staff: Staff[] }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const save = useMutation({
    mutationFn: (v: { what: "assignee" | "urgency"; assigneeId: number | null; urgency: Urgency }) =>
      call(commands.updateCaseHandling(c.id, { assigneeId: v.assigneeId, urgency: v.urgency })),
    onSuccess: (_, v) => {
      message.success(
        v.what === "assignee" ? "已更换承办人" : "已修改紧急程度，时限已按新的紧急程度重新计算",
      );
      void invalidateCases(queryClient);
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const busy = save.isPending ? save.variables.what : null;
  const options = staff
    .filter((s) => s.active || s.id === c.assigneeId)
    .map((s) => ({ value: s.id, label: s.name }));
  if (c.assigneeId !== null && !options.some((o) => o.value === c.assigneeId)) {
    options.push({ value: c.assigneeId, label: c.assigneeName ?? "（未知）" });
  }
  return (
    <Flex gap={24} wrap align="center" style={{ marginTop: 12 }}>
      <Flex align="center" gap={8}>
        <Typography.Text type="secondary">承办人</Typography.Text>
        <Select<number>
          value={c.assigneeId ?? undefined}
          placeholder="未指定"
          options={options}
          loading={busy === "assignee"}
          onChange={(v) => save.mutate({ what: "assignee", assigneeId: v, urgency: c.urgency })}
          style={{ width: scaled(140) }}
          data-testid="case-assignee"
        />
      </Flex>
      <Flex align="center" gap={8}>
        <Typography.Text type="secondary">紧急程度</Typography.Text>
        <Select<Urgency>
          value={c.urgency}
          options={URGENCIES.map((u) => ({ value: u, label: URGENCY_LABELS[u] }))}
          loading={busy === "urgency"}
          onChange={(v) => save.mutate({ what: "urgency", assigneeId: c.assigneeId, urgency: v })}
          style={{ width: scaled(110) }}
          data-testid="case-urgency"
          labelRender={({ value }) => <UrgencyTag urgency={String(value)} />}
        />
      </Flex>
    </Flex>
  );
}

/** 承办人 and 紧急程度 as text, for a reader who may not change them. */
export function HandlingText({ c }: { c: Case }) {
  return (
    <Flex gap={24} wrap align="center" style={{ marginTop: 12 }} data-testid="case-handling">
      <span>
        <Typography.Text type="secondary">承办人　</Typography.Text>
        {c.assigneeName ?? "未指定"}
      </span>
      <span>
        <Typography.Text type="secondary">紧急程度　</Typography.Text>
        <UrgencyTag urgency={c.urgency} />
      </span>
    </Flex>
  );
}
