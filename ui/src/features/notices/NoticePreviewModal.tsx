import { PrinterOutlined, SaveOutlined } from "@ant-design/icons";
import { App, Button, Flex, Modal, Spin, Typography } from "antd";
import { lazy, Suspense, useRef, useState } from "react";
import { commands, type PrintedNotice } from "../../bindings";
import { call, errorMessage } from "../../lib/ipc";

// pdf.js is large: it loads the first time a notice is previewed, never with the main page.
const PdfPreview = lazy(() => import("./PdfPreview"));

type Props = {
  /** The notice to show; `null` closes the dialog. */
  notice: PrintedNotice | null;
  /** The dialog's title, e.g. 受理回执　RA-2026-0001. */
  title: string;
  onClose: () => void;
};

/** 预览: the PDF as it will print, with 保存 PDF and 打印 (the system viewer's print dialog). */
export default function NoticePreviewModal({ notice, title, onClose }: Props) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<"save" | "print" | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  const save = async () => {
    if (!notice) return;
    setBusy("save");
    try {
      // The save dialog is shown by the program, which writes the file where it is told.
      const path = await call(commands.saveNoticePdf(notice.id));
      if (path !== null) message.success(`已保存到 ${path}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const print = async () => {
    if (!notice) return;
    setBusy("print");
    try {
      await call(commands.openNoticePdf(notice.id));
      message.info("已在 PDF 阅读器中打开，请在那里选择“打印”", 5);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Modal
      open={notice !== null}
      onCancel={onClose}
      title={title}
      width={880}
      centered
      destroyOnHidden
      styles={{ body: { padding: 0 } }}
      footer={
        <Flex align="center" justify="space-between" gap={8}>
          <Typography.Text type="secondary" data-testid="notice-pages">
            {notice ? `共 ${notice.pages} 页` : ""}
          </Typography.Text>
          <Flex gap={8}>
            <Button onClick={onClose} autoInsertSpace={false}>
              关闭
            </Button>
            <Button
              icon={<SaveOutlined />}
              loading={busy === "save"}
              disabled={busy !== null && busy !== "save"}
              onClick={() => void save()}
              data-testid="notice-save"
            >
              保存 PDF
            </Button>
            <Button
              type="primary"
              icon={<PrinterOutlined />}
              loading={busy === "print"}
              disabled={busy !== null && busy !== "print"}
              onClick={() => void print()}
              data-testid="notice-print"
              autoInsertSpace={false}
              // Enter prints: the preview is shown to be printed.
              autoFocus
            >
              打印
            </Button>
          </Flex>
        </Flex>
      }
    >
      <div
        ref={scrollRef}
        data-testid="notice-preview"
        style={{
          maxHeight: "calc(100vh - 200px)",
          minHeight: 320,
          overflow: "auto",
          padding: 20,
          background: "#e9ecf1",
          borderRadius: 4,
        }}
      >
        {notice && (
          <Suspense
            fallback={
              <div style={{ textAlign: "center", padding: 64 }}>
                <Spin size="large" description="正在显示预览…" />
              </div>
            }
          >
            <PdfPreview
              noticeId={notice.id}
              warnings={notice.warnings}
              pageWidth={760}
              scrollRoot={scrollRef}
            />
          </Suspense>
        )}
      </div>
    </Modal>
  );
}
