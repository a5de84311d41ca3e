import { Alert } from "antd";
import type { Conflict } from "../../bindings";

/** The double bookings the core found on saving an event or a meeting, one line each. */
export default function ConflictAlert({
  conflicts,
  title = "已保存，但有时间冲突，请确认",
  onClose,
  testId,
}: {
  conflicts: Conflict[];
  title?: string;
  onClose?: () => void;
  testId: string;
}) {
  if (conflicts.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      closable={onClose !== undefined}
      onClose={onClose}
      style={{ marginBottom: 12 }}
      title={title}
      description={
        <ul style={{ margin: 0, paddingInlineStart: 18 }}>
          {conflicts.map((c) => (
            <li key={`${c.reason}-${c.otherSource}-${c.otherId}-${c.at}`}>{c.message}</li>
          ))}
        </ul>
      }
      data-testid={testId}
    />
  );
}
