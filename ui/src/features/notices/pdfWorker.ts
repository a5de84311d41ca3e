// pdf.js's worker, shared by the preview and the print sheets. The legacy build: the
// modern one calls Map.prototype.getOrInsertComputed and other brand-new built-ins that
// WebKitGTK (Linux) and older WebView2 do not have yet.
import { GlobalWorkerOptions, PDFWorker } from "pdfjs-dist/legacy/build/pdf.mjs";
import workerUrl from "pdfjs-dist/legacy/build/pdf.worker.min.mjs?url";

GlobalWorkerOptions.workerSrc = workerUrl;

/** One worker for every document: starting pdf.js's worker costs more than a notice's layout. */
let worker: PDFWorker | null = null;
export function sharedWorker(): PDFWorker {
  if (worker === null || worker.destroyed) worker = new PDFWorker();
  return worker;
}
