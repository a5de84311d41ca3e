// The PDF of a notice drawn in the window with pdf.js, one canvas per page. Loaded lazily
// (React.lazy in NoticePreviewModal), so pdf.js stays out of the main chunk.
// The legacy build of pdf.js (see pdfWorker.ts).
import { Alert, Spin, Typography } from "antd";
import {
  getDocument,
  type PDFDocumentProxy,
  RenderingCancelledException,
  type RenderTask,
} from "pdfjs-dist/legacy/build/pdf.mjs";
import { type RefObject, useEffect, useRef, useState } from "react";
import { commands } from "../../bindings";
import { scaled } from "../../lib/display";
import { call } from "../../lib/ipc";
import { sharedWorker } from "./pdfWorker";

/** A4 portrait, until the page says otherwise. */
const A4_RATIO = 297 / 210;

/** Documents longer than this let pages far off screen give back their canvas memory. */
const KEEP_ALL_PAGES = 6;

type Load = { kind: "loading" } | { kind: "error" } | { kind: "ready"; doc: PDFDocumentProxy };

type Props = {
  /** The rendered notice's id: its bytes come from `notice_pdf`. */
  noticeId: number;
  /** Characters printed as □ (no font has them), one sentence each. */
  warnings: string[];
  /** CSS width of a page. */
  pageWidth?: number;
  /** The element that scrolls the pages (pages off screen are drawn when scrolled to). */
  scrollRoot?: RefObject<HTMLElement | null>;
};

/** The notice as it will print: every page on a sheet, with □ warnings above. */
export default function PdfPreview({ noticeId, warnings, pageWidth = 760, scrollRoot }: Props) {
  const [load, setLoad] = useState<Load>({ kind: "loading" });

  useEffect(() => {
    setLoad({ kind: "loading" });
    let task: ReturnType<typeof getDocument> | null = null;
    let live = true;
    const failed = (e: unknown) => {
      if (!live) return;
      console.error("PDF preview", e);
      setLoad({ kind: "error" });
    };
    // The PDF's bytes cross as an ArrayBuffer, handed to pdf.js as they are.
    call(commands.noticePdf(noticeId)).then((bytes) => {
      if (!live) return;
      try {
        task = getDocument({ data: new Uint8Array(bytes), worker: sharedWorker() });
      } catch (e) {
        failed(e);
        return;
      }
      task.promise.then((doc) => live && setLoad({ kind: "ready", doc }), failed);
    }, failed);
    return () => {
      live = false;
      void task?.destroy();
    };
  }, [noticeId]);

  return (
    <div>
      {warnings.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="notice-warnings"
          title="有字符打印不出来，在通知里显示为 □，请改用其他写法后重新生成"
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {warnings.map((w) => (
                <li key={w}>{w}</li>
              ))}
            </ul>
          }
        />
      )}
      {load.kind === "loading" && (
        <div style={{ textAlign: "center", padding: 64 }}>
          <Spin size="large" description="正在显示预览…" />
        </div>
      )}
      {load.kind === "error" && (
        <Alert
          type="error"
          showIcon
          title="预览无法显示"
          description="这份通知仍可以保存或打印；如果打开后内容不对，请重新生成。"
        />
      )}
      {load.kind === "ready" && (
        <div style={{ display: "flex", flexDirection: "column", alignItems: "center", gap: 16 }}>
          {Array.from({ length: load.doc.numPages }, (_, i) => (
            <PageSheet
              // biome-ignore lint/suspicious/noArrayIndexKey: pages are numbered, never reordered
              key={i}
              doc={load.doc}
              pageNumber={i + 1}
              width={pageWidth}
              release={load.doc.numPages > KEEP_ALL_PAGES}
              scrollRoot={scrollRoot}
            />
          ))}
        </div>
      )}
    </div>
  );
}

/** One page: a white sheet that draws itself when it comes near the visible area. */
function PageSheet({
  doc,
  pageNumber,
  width,
  release,
  scrollRoot,
}: {
  doc: PDFDocumentProxy;
  pageNumber: number;
  width: number;
  release: boolean;
  scrollRoot?: RefObject<HTMLElement | null>;
}) {
  const boxRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [near, setNear] = useState(pageNumber <= 2);
  const [ratio, setRatio] = useState(A4_RATIO);
  const [drawn, setDrawn] = useState(false);
  const [failed, setFailed] = useState(false);

  useEffect(() => {
    const box = boxRef.current;
    if (!box || typeof IntersectionObserver === "undefined") {
      setNear(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        const hit = entries.some((e) => e.isIntersecting);
        if (hit) setNear(true);
        else if (release) setNear(false);
      },
      { root: scrollRoot?.current ?? null, rootMargin: "1200px 0px" },
    );
    observer.observe(box);
    return () => observer.disconnect();
  }, [release, scrollRoot]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!near || !canvas) return;
    let live = true;
    let render: RenderTask | null = null;
    void (async () => {
      try {
        const page = await doc.getPage(pageNumber);
        if (!live) return;
        const base = page.getViewport({ scale: 1 });
        setRatio(base.height / base.width);
        const scale = (width / base.width) * Math.min(window.devicePixelRatio || 1, 2);
        const viewport = page.getViewport({ scale });
        canvas.width = Math.floor(viewport.width);
        canvas.height = Math.floor(viewport.height);
        render = page.render({ canvas, viewport });
        await render.promise;
        if (live) setDrawn(true);
      } catch (e) {
        if (e instanceof RenderingCancelledException || !live) return;
        console.error(`PDF preview page ${pageNumber}`, e);
        setFailed(true);
      }
    })();
    return () => {
      live = false;
      render?.cancel();
      if (release) {
        // Gives the bitmap back; the page is drawn again when scrolled to.
        canvas.width = 0;
        canvas.height = 0;
        setDrawn(false);
      }
    };
  }, [near, doc, pageNumber, width, release]);

  const total = doc.numPages;
  return (
    <div>
      <div
        ref={boxRef}
        data-testid="notice-page"
        style={{
          position: "relative",
          width,
          height: Math.round(width * ratio),
          background: "#fff",
          boxShadow: "0 1px 4px rgba(0, 0, 0, 0.18)",
        }}
      >
        <canvas
          ref={canvasRef}
          aria-label={`第 ${pageNumber} 页`}
          style={{ width: "100%", height: "100%", display: "block" }}
        />
        {!drawn && !failed && (
          <div style={{ position: "absolute", inset: 0, display: "grid", placeItems: "center" }}>
            <Spin />
          </div>
        )}
        {failed && (
          <div style={{ position: "absolute", inset: 0, display: "grid", placeItems: "center" }}>
            <Typography.Text type="danger">第 {pageNumber} 页无法显示</Typography.Text>
          </div>
        )}
      </div>
      {total > 1 && (
        <div style={{ textAlign: "center", marginTop: 4, color: "#8c8c8c", fontSize: scaled(13) }}>
          第 {pageNumber} 页 / 共 {total} 页
        </div>
      )}
    </div>
  );
}
