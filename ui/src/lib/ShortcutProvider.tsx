// Binds the shortcut table (lib/shortcuts.ts) to the window: one keydown listener, the
// actions the mounted components offer (`useShortcut`), and the list opened by F1 or ?.
import { Modal, Table, Typography } from "antd";
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { comboText, runShortcut, SHORTCUTS, type Shortcut } from "./shortcuts";

type Register = (id: string, action: () => void) => () => void;

type ShortcutContextValue = { register: Register; openHelp: () => void };

const ShortcutContext = createContext<ShortcutContextValue>({ register: () => () => {}, openHelp: () => {} });

/**
 * Offers the action of a shortcut of the table while `enabled` (a page while it is shown, a
 * dialog while it is open). When two components offer the same one, the later wins.
 */
export function useShortcut(id: string, action: () => void, enabled = true): void {
  const { register } = useContext(ShortcutContext);
  const latest = useRef(action);
  useEffect(() => {
    latest.current = action;
  });
  useEffect(() => {
    if (!enabled) return;
    return register(id, () => latest.current());
  }, [register, id, enabled]);
}

/** Opens the shortcut list (the header's 快捷键 button). */
export function useOpenShortcutHelp(): () => void {
  return useContext(ShortcutContext).openHelp;
}

/** `enabled` false while the window shows something else over the pages (the on-duty picker). */
export function ShortcutProvider({ children, enabled = true }: { children: ReactNode; enabled?: boolean }) {
  // Each action's offers, the latest last.
  const offers = useRef(new Map<string, (() => void)[]>());
  const register = useCallback<Register>((id, action) => {
    const list = offers.current.get(id) ?? [];
    offers.current.set(id, [...list, action]);
    return () => {
      const now = (offers.current.get(id) ?? []).filter((a) => a !== action);
      if (now.length > 0) offers.current.set(id, now);
      else offers.current.delete(id);
    };
  }, []);
  const [helpOpen, setHelpOpen] = useState(false);
  const openHelp = useCallback(() => setHelpOpen(true), []);

  useEffect(() => {
    if (!enabled) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented) return;
      const actions = new Map<string, () => void>();
      for (const [id, list] of offers.current) {
        const last = list.at(-1);
        if (last) actions.set(id, last);
      }
      actions.set("help", () => setHelpOpen((open) => !open));
      runShortcut(e, actions);
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [enabled]);

  const value = useMemo(() => ({ register, openHelp }), [register, openHelp]);
  return (
    <ShortcutContext.Provider value={value}>
      {children}
      <ShortcutHelp open={helpOpen} onClose={() => setHelpOpen(false)} />
    </ShortcutContext.Provider>
  );
}

function keysOf(s: Shortcut): ReactNode {
  const texts = s.keysText ? [s.keysText] : s.keys.map(comboText);
  return texts.map((t, i) => (
    <span key={t}>
      {i > 0 && " 或 "}
      <kbd className="sd-kbd">{t}</kbd>
    </span>
  ));
}

/** 快捷键一览: the table, group by group. */
function ShortcutHelp({ open, onClose }: { open: boolean; onClose: () => void }) {
  const groups = [...new Set(SHORTCUTS.map((s) => s.group))];
  return (
    <Modal
      open={open}
      title="快捷键一览"
      onCancel={onClose}
      footer={null}
      width="min(760px, calc(100vw - 32px))"
      styles={{ body: { maxHeight: "calc(100vh - 200px)", overflow: "auto" } }}
      data-testid="shortcut-help"
    >
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        按 F1 或 ? 打开本表，Esc 关闭。带 Ctrl 或 Alt
        的键在输入框里也能用；单个字母、数字和符号键在输入框里照常打字。
      </Typography.Paragraph>
      {groups.map((g) => (
        <div key={g} style={{ marginTop: 12 }}>
          <Typography.Title level={5} style={{ margin: "0 0 6px" }}>
            {g}
          </Typography.Title>
          <Table<Shortcut>
            size="small"
            rowKey="id"
            pagination={false}
            showHeader={false}
            dataSource={SHORTCUTS.filter((s) => s.group === g)}
            columns={[
              { key: "keys", width: "34%", render: (_, s) => keysOf(s) },
              { key: "label", dataIndex: "label" },
            ]}
          />
        </div>
      ))}
    </Modal>
  );
}
