// Outside Tauri (a plain browser, `make dev`), the generated bindings' `invoke` goes to the
// dev server (`stationdesk-server`, `POST /invoke/<command>` through Vite's proxy): the real
// core on a demo database, not a copy of it in TypeScript. Event listeners become no-ops.
import { mockIPC, mockWindows } from "@tauri-apps/api/mocks";
import type { AppError } from "../bindings";

const UNREACHABLE: AppError = {
  code: "internal",
  message: "连不上开发服务器：请先运行 make dev（或 cargo run -p stationdesk-server）",
  fields: [],
};

async function forward(cmd: string, args: unknown): Promise<unknown> {
  let res: Response;
  try {
    res = await fetch(`/invoke/${encodeURIComponent(cmd)}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      // A Channel argument becomes its `__CHANNEL__:id` string; the server ignores it.
      body: JSON.stringify(args ?? {}),
    });
  } catch {
    throw UNREACHABLE;
  }
  const type = res.headers.get("Content-Type") ?? "";
  if (res.ok) return type.startsWith("application/octet-stream") ? res.arrayBuffer() : res.json();
  // The server's AppError, thrown as Tauri's invoke rejects with it.
  throw type.startsWith("application/json") ? await res.json() : UNREACHABLE;
}

export function installDevServerIpc(): void {
  mockWindows("main");
  mockIPC((cmd, args) => forward(cmd, args), { shouldMockEvents: true });
}
