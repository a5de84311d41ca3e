import { ReloadOutlined } from "@ant-design/icons";
import { Alert, Button, Drawer, Spin, Tag, Tooltip } from "antd";
import { useEffect, useState } from "react";
import { errorMessage } from "../../lib/ipc";
import { useDistrictCase } from "../../lib/queries";
import DetailBody from "../cases/detail/DetailBody";

const NOTHING = () => {};

/** A station's case as the street office reads it: every record, no step, edit or print. */
export default function DistrictCaseDrawer({
  stationId,
  caseId,
  onClose,
  onOpenCase,
}: {
  stationId: number | null;
  /** Null: the drawer is closed. */
  caseId: number | null;
  onClose: () => void;
  /** Opens another case of the same station (a duplicate, the case this one repeats). */
  onOpenCase: (id: number) => void;
}) {
  const open = stationId !== null && caseId !== null;
  // While the drawer slides away it keeps showing the case it showed.
  const [shown, setShown] = useState<{ stationId: number; caseId: number } | null>(null);
  if (open && (shown?.stationId !== stationId || shown?.caseId !== caseId)) setShown({ stationId, caseId });
  const detail = useDistrictCase(shown?.stationId ?? null, shown?.caseId ?? null);

  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape" && !e.defaultPrevented) onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, onClose]);

  const data = detail.data && detail.data.case.id === shown?.caseId ? detail.data : undefined;
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={
        <span>
          {data ? `诉求详情　${data.case.number}` : "诉求详情"}
          <Tag color="blue" style={{ marginInlineStart: 8 }}>
            只读
          </Tag>
        </span>
      }
      size={880}
      destroyOnHidden
      extra={
        <Tooltip title="重新读取">
          <Button type="text" icon={<ReloadOutlined />} onClick={() => void detail.refetch()} />
        </Tooltip>
      }
    >
      <div data-testid="case-detail">
        {detail.error ? (
          <Alert type="error" showIcon title={errorMessage(detail.error)} />
        ) : data ? (
          <DetailBody detail={data} staff={[]} onChanged={NOTHING} onOpenCase={onOpenCase} readOnly />
        ) : (
          <div style={{ textAlign: "center", padding: 48 }}>
            <Spin size="large" />
          </div>
        )}
      </div>
    </Drawer>
  );
}
