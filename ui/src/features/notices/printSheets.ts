// 打印: every page of a notice drawn by pdf.js at print resolution into a print-only
// container (`#print-sheets`, shown only by `@media print` in print.css), then the system's
// print dialog for the page: in the desktop window through the shell (`print_window`, the GTK
// print dialog — WebKitGTK shows nothing for `window.print()` there), in a browser through
// `window.print()`. Loaded lazily with pdf.js, like the preview.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { commands } from "../../bindings";
import { call } from "../../lib/ipc";
import "./print.css";
import { sharedWorker } from "./pdfWorker";
import { A4_MM, printScale } from "./printSize";

const CONTAINER_ID = "print-sheets";

/** Removes the last print's sheets and gives back their images' memory. */
export function clearPrintSheets(): void {
  const old = document.getElementById(CONTAINER_ID);
  if (!old) return;
  for (const img of old.querySelectorAll("img")) URL.revokeObjectURL(img.src);
  old.remove();
}

function canvasPng(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error("canvas.toBlob gave nothing"))), "image/png"),
  );
}

function loaded(img: HTMLImageElement): Promise<void> {
  return img.decode ? img.decode() : new Promise((resolve) => img.addEventListener("load", () => resolve()));
}

/**
 * Draws every page of the kept notice `noticeId` into `#print-sheets` (one image per page,
 * an A4 sheet each), reporting `progress(done, total)`; returns the number of pages.
 */
export async function preparePrintSheets(
  noticeId: number,
  progress: (done: number, total: number) => void = () => {},
): Promise<number> {
  clearPrintSheets();
  const bytes = await call(commands.noticePdf(noticeId));
  const doc = await getDocument({ data: new Uint8Array(bytes), worker: sharedWorker() }).promise;
  const container = document.createElement("div");
  container.id = CONTAINER_ID;
  container.setAttribute("data-testid", "print-sheets");
  container.setAttribute("aria-hidden", "true");
  const canvas = document.createElement("canvas");
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      progress(n - 1, doc.numPages);
      const page = await doc.getPage(n);
      const viewport = page.getViewport({ scale: printScale(page.getViewport({ scale: 1 }).width) });
      canvas.width = Math.round(viewport.width);
      canvas.height = Math.round(viewport.height);
      const ctx = canvas.getContext("2d");
      if (!ctx) throw new Error("no 2d context");
      ctx.fillStyle = "#fff";
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      await page.render({ canvas, viewport }).promise;
      page.cleanup();
      const sheet = document.createElement("div");
      sheet.className = "print-sheet";
      const img = document.createElement("img");
      img.alt = `第 ${n} 页`;
      img.src = URL.createObjectURL(await canvasPng(canvas));
      await loaded(img);
      sheet.appendChild(img);
      container.appendChild(sheet);
    }
    progress(doc.numPages, doc.numPages);
  } catch (e) {
    for (const img of container.querySelectorAll("img")) URL.revokeObjectURL(img.src);
    throw e;
  } finally {
    canvas.width = 0;
    canvas.height = 0;
    void doc.destroy();
  }
  document.body.appendChild(container);
  return container.childElementCount;
}

/** The sheet a page prints on, for the dialog's hint. */
export const SHEET = `A4（${A4_MM.width}×${A4_MM.height} 毫米）`;

/** The system's print dialog for the page with its print sheets. */
export async function openPrintDialog(): Promise<void> {
  if ("__TAURI_INTERNALS__" in window) await call(commands.printWindow());
  else window.print();
}
