import { PrinterOutlined } from "@ant-design/icons";
import { useMutation } from "@tanstack/react-query";
import { App, Button, Flex, Tooltip, Typography } from "antd";
import { useState } from "react";
import { type Case, commands, type PrintedNotice, type ReplyLetter } from "../../bindings";
import { call, errorMessage } from "../../lib/ipc";
import NoticePreviewModal from "./NoticePreviewModal";

type Kind = "receipt" | "reply";

const LABELS: Record<Kind, string> = { receipt: "受理回执", reply: "答复函" };

type Props = {
  c: Case;
  /** Whether the 答复函 can be printed yet: the core's rule. */
  replyLetter: ReplyLetter;
  /** A print (打印 in the preview, not the preview itself) is in the case's history: read it again. */
  onPrinted: () => void;
};

/** 打印受理回执 / 打印答复函 in the case drawer, each opening the preview. */
export default function CaseNoticeButtons({ c, replyLetter, onPrinted }: Props) {
  const { message } = App.useApp();
  const [shown, setShown] = useState<{ kind: Kind; notice: PrintedNotice } | null>(null);
  const printing = useMutation({
    mutationFn: (kind: Kind) => call(commands.printCaseNotice(c.id, kind)),
    onSuccess: (notice, kind) => setShown({ kind, notice }),
    onError: (e) => message.error(errorMessage(e)),
  });
  const busy = printing.isPending ? printing.variables : null;
  const print = (kind: Kind) => printing.mutate(kind);

  const replyAllowed = replyLetter !== "not_yet";
  const noResolution = replyLetter === "needs_resolution";
  return (
    <Flex gap={8} wrap align="center" style={{ marginTop: 8, paddingInline: 13 }} data-testid="case-print">
      <Typography.Text type="secondary" style={{ whiteSpace: "nowrap" }}>
        文书：
      </Typography.Text>
      <Button
        icon={<PrinterOutlined />}
        loading={busy === "receipt"}
        onClick={() => print("receipt")}
        data-testid="case-print-receipt"
      >
        打印受理回执
      </Button>
      {replyAllowed && (
        <Tooltip title={noResolution ? "请先填写办理结果，答复函要写明办理情况" : undefined}>
          <Button
            icon={<PrinterOutlined />}
            loading={busy === "reply"}
            disabled={noResolution}
            onClick={() => print("reply")}
            data-testid="case-print-reply"
          >
            打印答复函
          </Button>
        </Tooltip>
      )}
      <NoticePreviewModal
        notice={shown?.notice ?? null}
        title={shown ? `${LABELS[shown.kind]}　${c.number}` : ""}
        onClose={() => setShown(null)}
        onPrinted={() => onPrinted()}
      />
    </Flex>
  );
}
