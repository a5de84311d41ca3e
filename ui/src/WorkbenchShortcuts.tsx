// The workbench's own shortcuts (lib/shortcuts.ts): a page each (Alt+1 … Alt+0), 登记新诉求
// (Ctrl+N) and 查找 (Ctrl+F or /). The pages and dialogs bind theirs where they are.
import { QuestionCircleOutlined } from "@ant-design/icons";
import { Button } from "antd";
import { useOpenShortcutHelp, useShortcut } from "./lib/ShortcutProvider";
import { pageShortcutId } from "./lib/shortcuts";
import { PAGE_KEYS, type PageKey } from "./routes";

/** The marked search box (`data-sd-search`) of a page, once it is on screen. */
function searchBoxOf(page: PageKey): HTMLInputElement | null {
  return document.querySelector<HTMLInputElement>(`[data-sd-page="${page}"]:not([hidden]) [data-sd-search]`);
}

/** Focuses what `find` finds, waiting up to a second for a page being shown to render. */
function focusWhenShown(find: () => HTMLElement | null, tries = 20): void {
  const el = find();
  if (el) {
    el.focus();
    if (el instanceof HTMLInputElement) el.select();
  } else if (tries > 0) {
    window.setTimeout(() => focusWhenShown(find, tries - 1), 50);
  }
}

function PageShortcut({ page, go }: { page: PageKey; go: (key: PageKey) => void }) {
  useShortcut(pageShortcutId(page), () => go(page));
  return null;
}

export default function WorkbenchShortcuts({ page, go }: { page: PageKey; go: (key: PageKey) => void }) {
  useShortcut("new-case", () => {
    if (page !== "intake") go("intake");
    else focusWhenShown(() => document.querySelector<HTMLElement>('[data-sd-page="intake"] input'));
  });
  useShortcut("search", () => {
    if (searchBoxOf(page)) {
      focusWhenShown(() => searchBoxOf(page));
      return;
    }
    go("register");
    focusWhenShown(() => searchBoxOf("register"));
  });
  return (
    <>
      {PAGE_KEYS.map((p) => (
        <PageShortcut key={p} page={p} go={go} />
      ))}
    </>
  );
}

/** 快捷键 in the header: the list of shortcuts, also for who does not know F1. */
export function ShortcutHelpButton() {
  const open = useOpenShortcutHelp();
  return (
    <Button
      type="link"
      size="small"
      icon={<QuestionCircleOutlined />}
      style={{ color: "#bcd7ff", padding: 0, flexShrink: 0 }}
      onClick={open}
      data-testid="shortcut-help-open"
    >
      快捷键 F1
    </Button>
  );
}
