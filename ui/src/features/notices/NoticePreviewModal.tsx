import { ExportOutlined, PrinterOutlined, SaveOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { App, Button, Flex, Modal, Spin, Typography } from "antd";
import { lazy, Suspense, useEffect, useRef, useState } from "react";
import { commands, type NoticePrint, type PrintedNotice, type PrintVia } from "../../bindings";
import { call, errorMessage } from "../../lib/ipc";
import { useShortcut } from "../../lib/ShortcutProvider";

// pdf.js is large: it loads the first time a notice is previewed, never with the main page.
const PdfPreview = lazy(() => import("./PdfPreview"));

type Props = {
  /** The notice to show; `null` closes the dialog. */
  notice: PrintedNotice | null;
  /** The dialog's title, e.g. 受理回执　RA-2026-0001. */
  title: string;
  onClose: () => void;
  /** After a print is recorded: the print history's new row for a notice of the notices page. */
  onPrinted?: (row: NoticePrint | null) => void;
};

/** The print module (and pdf.js with it) loads the first time 打印 is pressed. */
const printModule = () => import("./printSheets");

/**
 * 预览: the PDF as it will print, with 保存 PDF, 用系统查看器打开 and 打印 (the system print
 * dialog). A preview is not a print: 打印 and 用系统查看器打开 record one print each time
 * they are pressed (the record's history, or the notices page's 打印记录); saving the PDF
 * does not.
 */
export default function NoticePreviewModal({ notice, title, onClose, onPrinted }: Props) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState<"save" | "print" | "viewer" | null>(null);
  const [preparing, setPreparing] = useState<string | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);

  // The sheets drawn for the last print go with the dialog.
  useEffect(() => {
    if (notice !== null) return;
    void printModule().then((m) => m.clearPrintSheets());
  }, [notice]);

  const recorded = async (id: number, via: PrintVia) => {
    const row = await call(commands.recordNoticePrint(id, via));
    void queryClient.invalidateQueries({ queryKey: ["noticePrints"] });
    onPrinted?.(row);
  };

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
      const m = await printModule();
      setPreparing(`正在准备打印…`);
      await m.preparePrintSheets(notice.id, (done, total) =>
        setPreparing(total > 1 ? `正在准备打印 ${done}/${total} 页…` : "正在准备打印…"),
      );
      // Recorded when the dialog opens: whether the printer then printed, the program
      // cannot know.
      await recorded(notice.id, "dialog");
      await m.openPrintDialog();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setPreparing(null);
      setBusy(null);
    }
  };

  // Ctrl+P prints the notice previewed (the shortcut table, lib/shortcuts.ts), as 打印 does.
  useShortcut(
    "print",
    () => {
      if (busy === null) void print();
    },
    notice !== null,
  );

  const openInViewer = async () => {
    if (!notice) return;
    setBusy("viewer");
    try {
      await call(commands.openNoticePdf(notice.id));
      await recorded(notice.id, "viewer");
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
            {preparing ?? (notice ? `共 ${notice.pages} 页，A4 纸` : "")}
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
              icon={<ExportOutlined />}
              loading={busy === "viewer"}
              disabled={busy !== null && busy !== "viewer"}
              onClick={() => void openInViewer()}
              data-testid="notice-open-viewer"
              autoInsertSpace={false}
            >
              用系统查看器打开
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
