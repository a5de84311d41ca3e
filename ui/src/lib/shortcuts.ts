// The window's keyboard shortcuts: one table, from which the keys are bound (ShortcutProvider
// and `useShortcut`) and the list is drawn (F1 or ?, ShortcutHelp). A key that is only
// listed here (`bound: "form"` or `"antd"`) is handled where the focus is (a form's
// Ctrl+Enter, antd's Esc), and listed so the list is complete.
import { PAGE_KEYS, PAGE_LABELS, type PageKey } from "../routes";

/** One key with its modifiers. Ctrl also matches ⌘ (macOS). */
export type Combo = {
  /** `KeyboardEvent.key`, lower case for letters: "n", "1", "F1", "ArrowLeft", "?", "/". */
  key: string;
  ctrl?: boolean;
  alt?: boolean;
  /** Shift must be up unless "any" (a "?" is typed with Shift on most keyboards). */
  shift?: "any";
};

export type ShortcutGroup = "切换页面" | "常用操作" | "日程活动" | "表单和对话框";

export type Shortcut = {
  /** The action a component binds with `useShortcut(id, …)`. */
  id: string;
  keys: Combo[];
  /** What it does, as the list says it. */
  label: string;
  group: ShortcutGroup;
  /** "app": bound through this table; "form" / "antd": handled where the focus is, only listed. */
  bound: "app" | "form" | "antd";
  /** Also with a dialog or drawer open and the focus in it (others wait until it is closed). */
  inDialogs?: boolean;
  /** How the list writes the keys, when not one by one ("1–9"). */
  keysText?: string;
};

/** Alt+1 … Alt+9, Alt+0: the menu's first ten pages in the menu's order (操作记录, the
 * eleventh, has none). */
const PAGE_DIGITS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0"];

export const pageShortcutId = (page: PageKey) => `page-${page}`;

export const SHORTCUTS: readonly Shortcut[] = [
  ...PAGE_KEYS.slice(0, PAGE_DIGITS.length).map(
    (page, i): Shortcut => ({
      id: pageShortcutId(page),
      keys: [{ key: PAGE_DIGITS[i], alt: true }],
      label: `打开「${PAGE_LABELS[page]}」`,
      group: "切换页面",
      bound: "app",
    }),
  ),
  {
    id: "new-case",
    keys: [{ key: "n", ctrl: true }],
    label: "登记新诉求（打开「登记诉求」）",
    group: "常用操作",
    bound: "app",
  },
  {
    id: "search",
    keys: [{ key: "f", ctrl: true }, { key: "/" }],
    label: "查找：光标到本页的搜索框（没有时到「诉求台账」的）",
    group: "常用操作",
    bound: "app",
  },
  {
    id: "print",
    keys: [{ key: "p", ctrl: true }],
    label: "打印（通知预览中）",
    group: "常用操作",
    bound: "app",
    inDialogs: true,
  },
  {
    id: "help",
    keys: [{ key: "F1" }, { key: "?", shift: "any" }],
    label: "快捷键一览（本表）",
    group: "常用操作",
    bound: "app",
    inDialogs: true,
  },
  {
    id: "calendar-prev",
    keys: [{ key: "ArrowLeft" }],
    label: "上一月（周）",
    group: "日程活动",
    bound: "app",
  },
  {
    id: "calendar-next",
    keys: [{ key: "ArrowRight" }],
    label: "下一月（周）",
    group: "日程活动",
    bound: "app",
  },
  { id: "calendar-today", keys: [{ key: "t" }], label: "回到今天", group: "日程活动", bound: "app" },
  { id: "calendar-new", keys: [{ key: "n" }], label: "新建日程", group: "日程活动", bound: "app" },
  {
    id: "submit",
    keys: [{ key: "Enter", ctrl: true }],
    label: "提交正在填的表（登记诉求、办理步骤、办事登记、日程）",
    group: "表单和对话框",
    bound: "form",
  },
  {
    id: "errand-type",
    keys: [{ key: "1" }],
    keysText: "1 … 9",
    label: "办事登记：选第 1–9 个事项（光标不在文字框里时）",
    group: "表单和对话框",
    bound: "form",
  },
  {
    id: "close",
    keys: [{ key: "Escape" }],
    label: "关闭对话框、诉求详情等抽屉",
    group: "表单和对话框",
    bound: "antd",
  },
  {
    id: "move",
    keys: [{ key: "Tab" }],
    keysText: "Tab / Shift+Tab",
    label: "到下一个 / 上一个按钮或输入框；回车或空格按下按钮",
    group: "表单和对话框",
    bound: "antd",
  },
];

/** How the list writes a key: "Ctrl+N", "Alt+1", "F1", "←". */
export function comboText(c: Combo): string {
  const names: Record<string, string> = {
    ArrowLeft: "←",
    ArrowRight: "→",
    Escape: "Esc",
  };
  const key = names[c.key] ?? (c.key.length === 1 ? c.key.toUpperCase() : c.key);
  return [c.ctrl ? "Ctrl" : null, c.alt ? "Alt" : null, key].filter(Boolean).join("+");
}

/** What of a keydown event the table reads (a plain object in the tests). */
export type KeyLike = {
  key: string;
  code?: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
  isComposing?: boolean;
  target: unknown;
};

type ElementLike = {
  tagName?: string;
  type?: string;
  isContentEditable?: boolean;
  closest?: (selector: string) => unknown;
};

/** Keys a text box does not type into: they may fire while typing. */
const isFunctionKey = (key: string) => /^F\d{1,2}$/.test(key) || key === "Escape";

/**
 * Inputs that take no keys of their own: a plain key there is still a shortcut. (A radio,
 * a checkbox or a slider does: the arrows move it, Space ticks it.)
 */
const NOT_TEXT = new Set(["button", "submit", "reset", "image"]);

/** True when the focus is where plain keys belong to a field: a text box, a radio, a select, an editor. */
export function isTyping(target: unknown): boolean {
  const el = target as ElementLike | null;
  if (!el || typeof el !== "object") return false;
  if (el.isContentEditable) return true;
  const tag = el.tagName?.toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag === "INPUT") return !NOT_TEXT.has((el.type ?? "text").toLowerCase());
  return (
    typeof el.closest === "function" && el.closest(".ant-select, .ant-picker, [contenteditable]") != null
  );
}

/** True when the focus is in a dialog or a drawer. */
export function inDialog(target: unknown): boolean {
  const el = target as ElementLike | null;
  return (
    !!el && typeof el.closest === "function" && el.closest(".ant-modal-wrap, .ant-modal, .ant-drawer") != null
  );
}

function keyMatches(c: Combo, e: KeyLike): boolean {
  if (c.key.length === 1 && /[a-z]/.test(c.key)) {
    // A letter by its key, or by its place when a layout or an IME gives another character.
    return e.key.toLowerCase() === c.key || e.code === `Key${c.key.toUpperCase()}`;
  }
  if (/^[0-9]$/.test(c.key)) return e.key === c.key || e.code === `Digit${c.key}`;
  if (c.key === "?") return e.key === "?" || e.key === "？";
  return e.key === c.key;
}

export function comboMatches(c: Combo, e: KeyLike): boolean {
  if (!!c.ctrl !== (e.ctrlKey || e.metaKey)) return false;
  if (!!c.alt !== e.altKey) return false;
  if (c.shift !== "any" && e.shiftKey) return false;
  return keyMatches(c, e);
}

/**
 * The shortcut a keydown means, among those with an action now (`has`), or null. A plain key
 * (no Ctrl or Alt) never fires while typing in a text box, and only shortcuts marked
 * `inDialogs` fire with the focus in a dialog or drawer.
 */
export function pickShortcut(
  e: KeyLike,
  has: (id: string) => boolean,
  table: readonly Shortcut[] = SHORTCUTS,
): Shortcut | null {
  // A key pressed while a Chinese input method is composing belongs to the IME.
  if (e.isComposing || e.key === "Process") return null;
  const typing = isTyping(e.target);
  const dialog = inDialog(e.target);
  for (const s of table) {
    if (s.bound !== "app" || !has(s.id)) continue;
    const combo = s.keys.find((c) => comboMatches(c, e));
    if (!combo) continue;
    const plain = !combo.ctrl && !combo.alt && !isFunctionKey(combo.key);
    if (plain && typing) continue;
    if (dialog && !s.inDialogs) continue;
    return s;
  }
  return null;
}

/** Runs the action of a keydown, if it means one: true when it did (the key is then used up). */
export function runShortcut(
  e: KeyLike & { preventDefault: () => void },
  actions: ReadonlyMap<string, () => void>,
  table: readonly Shortcut[] = SHORTCUTS,
): boolean {
  const s = pickShortcut(e, (id) => actions.has(id), table);
  if (!s) return false;
  e.preventDefault();
  actions.get(s.id)?.();
  return true;
}
