import { Alert } from "antd";
import dayjs from "dayjs";
import type { CaseDetail } from "../../../bindings";
import ActionLink from "../../../lib/ActionLink";

/** On hold, referred, a duplicate: what and why, in one line. */
export default function StatusNotes({
  detail,
  onOpenCase,
}: {
  detail: CaseDetail;
  onOpenCase: (id: number, number?: string) => void;
}) {
  const c = detail.case;
  if (c.status === "on_hold") {
    return (
      <Alert
        style={{ marginTop: 12 }}
        type="warning"
        showIcon
        title={`已挂起：${c.holdReason ?? "未写原因"}`}
        description={
          c.holdUntil
            ? `预计 ${dayjs(c.holdUntil).format("YYYY年M月D日")} 恢复办理；挂起期间时限暂停计算`
            : "挂起期间时限暂停计算"
        }
      />
    );
  }
  if (c.status === "referred") {
    return (
      <Alert style={{ marginTop: 12 }} type="info" showIcon title={`已转办至：${c.referredTo ?? "—"}`} />
    );
  }
  if (c.status === "duplicate" && c.duplicateOf) {
    const of = c.duplicateOf;
    return (
      <Alert
        style={{ marginTop: 12 }}
        type="info"
        showIcon
        title={
          <span>
            本件是{" "}
            <ActionLink onClick={() => onOpenCase(of.id, of.number)} data-testid="case-duplicate-of">
              {of.number}
            </ActionLink>{" "}
            「{of.title}」的重复件，计为又一位居民反映，办理情况见原诉求
          </span>
        }
      />
    );
  }
  return null;
}
