import { ReloadOutlined } from "@ant-design/icons";
import { Alert, Button, Drawer, Spin, Tooltip } from "antd";
import { useEffect, useState } from "react";
import type { Staff } from "../../bindings";
import { errorMessage } from "../../lib/ipc";
import { useCaseDetail, useCaseIdByNumber } from "../../lib/queries";
import DetailBody from "./detail/DetailBody";

type Props = {
  /** The case of `#/cases/<number>`; null: the drawer is closed. */
  caseNumber: string | null;
  /** Its id when opened from inside the window; otherwise looked up by the number. */
  caseId: number | null;
  /** The station's staff, for 承办人. */
  staff: Staff[];
  onClose: () => void;
  /** Opens another case (a duplicate, the case this one repeats). */
  onOpenCase: (id: number, number?: string) => void;
  /** Something about the case changed: what shows cases should read again. */
  onChanged: () => void;
};

/** 诉求详情: every field of one case, its workflow steps, and who did what to it. */
export default function CaseDetailDrawer({
  caseNumber,
  caseId,
  staff,
  onClose,
  onOpenCase,
  onChanged,
}: Props) {
  const open = caseNumber !== null;
  const lookup = useCaseIdByNumber(caseNumber, open && caseId === null);
  const id = caseId ?? lookup.data ?? null;
  // While the drawer slides away it keeps showing the case it showed.
  const [shownId, setShownId] = useState<number | null>(id);
  if (id !== null && id !== shownId) setShownId(id);
  const detail = useCaseDetail(open ? id : shownId);

  // Escape closes the drawer even when the focus has left it (e.g. after a step's dialog
  // closed and the button that opened it is gone). Dialogs inside stop their own Escape.
  useEffect(() => {
    if (!open) return;
    const onKey = (e: KeyboardEvent) => {
      if (
        e.key === "Escape" &&
        !e.defaultPrevented &&
        !document.querySelector(".ant-modal-wrap, .ant-image-preview")
      ) {
        onClose();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open, onClose]);

  const notFound = open && caseId === null && lookup.isSuccess && lookup.data === null;
  const failure = notFound
    ? `没有找到编号为 ${caseNumber} 的诉求`
    : lookup.error
      ? errorMessage(lookup.error)
      : detail.error
        ? errorMessage(detail.error)
        : null;
  const data = detail.data && detail.data.case.id === (open ? id : shownId) ? detail.data : undefined;
  const title = data ? `诉求详情　${data.case.number}` : "诉求详情";
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title}
      size={880}
      destroyOnHidden
      extra={
        id !== null && (
          <Tooltip title="重新读取">
            <Button type="text" icon={<ReloadOutlined />} onClick={() => void detail.refetch()} />
          </Tooltip>
        )
      }
    >
      <div data-testid="case-detail">
        {failure !== null ? (
          <Alert type="error" showIcon title={failure} />
        ) : data ? (
          <DetailBody detail={data} staff={staff} onChanged={onChanged} onOpenCase={onOpenCase} />
        ) : (
          <div style={{ textAlign: "center", padding: 48 }}>
            <Spin size="large" />
          </div>
        )}
      </div>
    </Drawer>
  );
}
