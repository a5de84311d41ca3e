import type { App } from "antd";
import { errorMessage, IpcError } from "./ipc";

type Modal = ReturnType<typeof App.useApp>["modal"];

/**
 * A refused import as the core said it: every wrong row the core named (one line each), or
 * its one message, in a dialog titled `title` (…有误，未导入). `testId` marks the lines.
 */
export function showImportErrors(modal: Modal, title: string, testId: string, e: unknown) {
  const lines =
    e instanceof IpcError && e.fields.length > 0 ? e.fields.map((f) => f.message) : [errorMessage(e)];
  modal.error({
    title,
    width: 560,
    content: (
      <div data-testid={testId}>
        {lines.map((l) => (
          <div key={l}>{l}</div>
        ))}
      </div>
    ),
  });
}
