import { describe, expect, it, vi } from "vitest";
import { PAGE_KEYS } from "../routes";
import { comboText, type KeyLike, pageShortcutId, runShortcut, SHORTCUTS } from "./shortcuts";

/** A stand-in for the element the key went to: `inside` lists the selectors it is inside. */
function element(tagName: string, opts: { type?: string; inside?: string[]; editable?: boolean } = {}) {
  return {
    tagName,
    type: opts.type,
    isContentEditable: opts.editable ?? false,
    closest: (selector: string) =>
      selector
        .split(",")
        .map((s) => s.trim())
        .some((s) => opts.inside?.includes(s))
        ? {}
        : null,
  };
}

const BODY = element("BODY");

function press(
  key: string,
  target: unknown = BODY,
  mods: Partial<Pick<KeyLike, "ctrlKey" | "altKey" | "shiftKey" | "metaKey" | "isComposing" | "code">> = {},
) {
  return {
    key,
    target,
    ctrlKey: false,
    altKey: false,
    shiftKey: false,
    metaKey: false,
    preventDefault: vi.fn(),
    ...mods,
  };
}

/** Every action of the table offered, each a spy. */
function allActions() {
  const actions = new Map<string, ReturnType<typeof vi.fn<() => void>>>();
  for (const s of SHORTCUTS) if (s.bound === "app") actions.set(s.id, vi.fn<() => void>());
  return actions;
}

describe("the shortcut table binds its keys", () => {
  it("Alt+1 … Alt+0 open the menu's pages in order", () => {
    const actions = allActions();
    expect(runShortcut(press("3", BODY, { altKey: true }), actions)).toBe(true);
    expect(actions.get(pageShortcutId("register"))).toHaveBeenCalledOnce();
    runShortcut(press("0", BODY, { altKey: true }), actions);
    expect(actions.get(pageShortcutId(PAGE_KEYS[9]))).toHaveBeenCalledOnce();
  });

  it("Ctrl+N asks for a new case and uses the key up", () => {
    const actions = allActions();
    const e = press("n", BODY, { ctrlKey: true });
    expect(runShortcut(e, actions)).toBe(true);
    expect(actions.get("new-case")).toHaveBeenCalledOnce();
    expect(actions.get("calendar-new")).not.toHaveBeenCalled();
    expect(e.preventDefault).toHaveBeenCalled();
  });

  it("F1 and ? open the shortcut list", () => {
    const actions = allActions();
    runShortcut(press("F1"), actions);
    runShortcut(press("?", BODY, { shiftKey: true }), actions);
    expect(actions.get("help")).toHaveBeenCalledTimes(2);
  });

  it("a plain key does not fire while typing in a text box", () => {
    const actions = allActions();
    const input = element("INPUT", { type: "text" });
    const e = press("/", input);
    expect(runShortcut(e, actions)).toBe(false);
    expect(runShortcut(press("?", element("TEXTAREA"), { shiftKey: true }), actions)).toBe(false);
    expect(runShortcut(press("n", element("DIV", { editable: true })), actions)).toBe(false);
    // The search box of an antd Select is an input inside .ant-select.
    expect(runShortcut(press("ArrowLeft", element("SPAN", { inside: [".ant-select"] })), actions)).toBe(
      false,
    );
    for (const a of actions.values()) expect(a).not.toHaveBeenCalled();
    expect(e.preventDefault).not.toHaveBeenCalled();
  });

  it("but a Ctrl or Alt key, or F1, does", () => {
    const actions = allActions();
    const input = element("INPUT", { type: "text" });
    runShortcut(press("f", input, { ctrlKey: true }), actions);
    runShortcut(press("2", input, { altKey: true }), actions);
    runShortcut(press("F1", input), actions);
    expect(actions.get("search")).toHaveBeenCalledOnce();
    expect(actions.get(pageShortcutId("intake"))).toHaveBeenCalledOnce();
    expect(actions.get("help")).toHaveBeenCalledOnce();
  });

  it("a plain key on a button still fires, but an arrow on a radio moves the radio", () => {
    const actions = allActions();
    runShortcut(press("/", element("BUTTON")), actions);
    runShortcut(press("t", element("INPUT", { type: "submit" })), actions);
    expect(actions.get("search")).toHaveBeenCalledOnce();
    expect(actions.get("calendar-today")).toHaveBeenCalledOnce();
    // 月 / 周 is a radio group: its arrows do not page the calendar.
    expect(runShortcut(press("ArrowRight", element("INPUT", { type: "radio" })), actions)).toBe(false);
    expect(actions.get("calendar-next")).not.toHaveBeenCalled();
  });

  it("waits while a dialog or drawer has the focus, except the list and printing", () => {
    const actions = allActions();
    const inModal = element("BUTTON", { inside: [".ant-modal"] });
    expect(runShortcut(press("3", inModal, { altKey: true }), actions)).toBe(false);
    expect(runShortcut(press("ArrowRight", element("DIV", { inside: [".ant-drawer"] })), actions)).toBe(
      false,
    );
    expect(runShortcut(press("p", inModal, { ctrlKey: true }), actions)).toBe(true);
    expect(runShortcut(press("F1", inModal), actions)).toBe(true);
    expect(actions.get("print")).toHaveBeenCalledOnce();
    expect(actions.get("help")).toHaveBeenCalledOnce();
    expect(actions.get(pageShortcutId("register"))).not.toHaveBeenCalled();
  });

  it("fires only what is offered now (Ctrl+P without a notice previewed does nothing)", () => {
    const e = press("p", BODY, { ctrlKey: true });
    expect(runShortcut(e, new Map([["help", vi.fn()]]))).toBe(false);
    expect(e.preventDefault).not.toHaveBeenCalled();
  });

  it("leaves keys to a Chinese input method while it composes", () => {
    const actions = allActions();
    expect(runShortcut(press("/", BODY, { isComposing: true }), actions)).toBe(false);
    expect(runShortcut(press("Process", BODY, { altKey: true }), actions)).toBe(false);
  });

  it("needs the modifiers exactly: Ctrl+Shift+N is not Ctrl+N, Ctrl+1 is not Alt+1", () => {
    const actions = allActions();
    expect(runShortcut(press("N", BODY, { ctrlKey: true, shiftKey: true }), actions)).toBe(false);
    expect(runShortcut(press("1", BODY, { ctrlKey: true }), actions)).toBe(false);
  });

  it("finds a letter by its place when the layout gives another character", () => {
    const actions = allActions();
    runShortcut(press("н", BODY, { ctrlKey: true, code: "KeyN" }), actions);
    expect(actions.get("new-case")).toHaveBeenCalledOnce();
  });
});

describe("the list is drawn from the same table", () => {
  it("names every key in Chinese words and writes the keys as pressed", () => {
    for (const s of SHORTCUTS) {
      expect(s.label).toMatch(/[\u4e00-\u9fff]/);
      expect(s.keys.length).toBeGreaterThan(0);
    }
    expect(comboText({ key: "n", ctrl: true })).toBe("Ctrl+N");
    expect(comboText({ key: "1", alt: true })).toBe("Alt+1");
    expect(comboText({ key: "ArrowLeft" })).toBe("←");
  });

  it("gives no two bound shortcuts the same key", () => {
    const seen = new Set<string>();
    for (const s of SHORTCUTS.filter((x) => x.bound === "app")) {
      for (const k of s.keys) {
        const text = comboText(k);
        expect(seen.has(text), text).toBe(false);
        seen.add(text);
      }
    }
  });
});
