// What the intake page shows once a case is logged: its number, whether it was linked as
// a repeat, the receipt to hand the resident (Enter prints it), and the way to its detail
// or to the next case.
import { CheckCircleFilled, PrinterOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { Alert, App, Button, Card, Result } from "antd";
import { type Case, commands } from "../../bindings";
import { call, errorMessage } from "../../lib/ipc";
import NoticePreviewModal from "../notices/NoticePreviewModal";

export default function IntakeSuccess({
  created,
  onOpenCase,
  onNext,
}: {
  created: Case;
  onOpenCase: (id: number, number?: string) => void;
  onNext: () => void;
}) {
  const { message } = App.useApp();
  const receipt = useMutation({
    mutationFn: () => call(commands.printCaseNotice(created.id, "receipt")),
    onError: (e) => message.error(errorMessage(e)),
  });
  return (
    <Card>
      <div data-testid="intake-success">
        <Result
          icon={<CheckCircleFilled style={{ color: "#389e0d" }} />}
          title={
            <span>
              已登记，编号 <span data-testid="intake-success-number">{created.number}</span>
            </span>
          }
          subTitle={
            <div>
              <div>{created.title}</div>
              {created.duplicateOf && (
                <Alert
                  style={{ marginTop: 12, display: "inline-flex" }}
                  type="info"
                  showIcon
                  title={`已标记为 ${created.duplicateOf.number} 的重复件，计为又一位居民反映`}
                  data-testid="intake-linked"
                />
              )}
            </div>
          }
          extra={[
            <Button
              key="receipt"
              type="primary"
              icon={<PrinterOutlined />}
              loading={receipt.isPending}
              onClick={() => receipt.mutate()}
              data-testid="intake-print-receipt"
              autoFocus
            >
              打印受理回执
            </Button>,
            <Button
              key="detail"
              onClick={() => onOpenCase(created.id, created.number)}
              data-testid="intake-view-detail"
            >
              查看详情
            </Button>,
            <Button key="next" onClick={onNext} data-testid="intake-next">
              继续登记
            </Button>,
          ]}
        />
      </div>
      <NoticePreviewModal
        notice={receipt.data ?? null}
        title={`受理回执　${created.number}`}
        onClose={() => receipt.reset()}
      />
    </Card>
  );
}
