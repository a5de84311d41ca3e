import { Tag } from "antd";
import { scaled } from "../../lib/display";
import { statusColor, statusLabel } from "./labels";

export default function StatusTag({ status }: { status: string }) {
  return (
    <Tag color={statusColor(status)} style={{ marginInlineEnd: 0, fontSize: scaled(14) }}>
      {statusLabel(status)}
    </Tag>
  );
}
