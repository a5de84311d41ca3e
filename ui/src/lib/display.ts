// 设置 → 显示: the size of the window's text (标准 / 大字 / 特大字) and the high-contrast
// due colours.
//
// These are a preference of the computer (and of the eyes in front of it), not station
// data: the desk PC by the door may want 特大字 while the back office keeps 标准, and a
// district database shared by many stations must not carry one PC's choice. So they live
// in this computer's localStorage (the window's WebView keeps it in the user's profile),
// not in the database, and need no migration.
//
// How a size reaches every page: antd's theme token `fontSize` (from which antd derives its
// small, large and heading sizes) and the control heights, set in lib/theme.ts; and the
// CSS variable `--sd-scale` on <html>, by which index.css and the pages' inline sizes
// (`scaled(13)`) grow. No page keeps its own copy of a size per setting.
import { applyDuePalette, duePalette } from "./dueColors";

export type TextSize = "standard" | "large" | "xlarge";

export const TEXT_SIZES: readonly { value: TextSize; label: string; px: number }[] = [
  { value: "standard", label: "标准", px: 15 },
  { value: "large", label: "大字", px: 18 },
  { value: "xlarge", label: "特大字", px: 21 },
];

export type DisplayPrefs = { textSize: TextSize; highContrast: boolean };

export const DEFAULT_DISPLAY: DisplayPrefs = { textSize: "standard", highContrast: false };

/** The localStorage key (one per computer and user profile). */
export const DISPLAY_STORAGE_KEY = "stationdesk.display";

/** The window's base text size in px: 15, 18 or 21. */
export function basePx(size: TextSize): number {
  return (TEXT_SIZES.find((s) => s.value === size) ?? TEXT_SIZES[0]).px;
}

/** How much larger than 标准 (15 px): 1, 1.2 or 1.4. */
export function scaleOf(size: TextSize): number {
  return basePx(size) / basePx("standard");
}

/**
 * A length that grows with the text size: `scaled(13)` is 13 px at 标准, 15.6 px at 大字,
 * 18.2 px at 特大字. For font sizes and for widths that hold text, in inline styles.
 */
export function scaled(px: number): string {
  return `calc(${px}px * var(--sd-scale, 1))`;
}

/** The side menu's width: 160 px at 标准, 172 at 大字, 184 at 特大字 (its words need no more). */
export function siderWidth(size: TextSize): number {
  return Math.round(100 + 60 * scaleOf(size));
}

/**
 * The px a page's full-width card has for its content in a window `windowWidth` wide: less
 * the menu, the page's and the card's padding (16 px each side) and a scroll bar.
 */
export function pageRoom(windowWidth: number, size: TextSize): number {
  return windowWidth - siderWidth(size) - 4 * 16 - 12;
}

type ReadStorage = Pick<Storage, "getItem">;
type WriteStorage = Pick<Storage, "setItem">;

function browserStorage(): Storage | null {
  try {
    return typeof localStorage === "undefined" ? null : localStorage;
  } catch {
    // A WebView with storage switched off throws on the first touch.
    return null;
  }
}

/** This computer's choice; the defaults when none was made or what is kept is unreadable. */
export function loadDisplay(storage: ReadStorage | null = browserStorage()): DisplayPrefs {
  let raw: string | null = null;
  try {
    raw = storage?.getItem(DISPLAY_STORAGE_KEY) ?? null;
  } catch {
    return DEFAULT_DISPLAY;
  }
  if (raw === null) return DEFAULT_DISPLAY;
  try {
    const kept = JSON.parse(raw) as Partial<Record<keyof DisplayPrefs, unknown>> | null;
    const textSize = TEXT_SIZES.some((s) => s.value === kept?.textSize)
      ? (kept?.textSize as TextSize)
      : DEFAULT_DISPLAY.textSize;
    const highContrast = typeof kept?.highContrast === "boolean" ? kept.highContrast : false;
    return { textSize, highContrast };
  } catch {
    return DEFAULT_DISPLAY;
  }
}

/** Keeps the choice on this computer; false when it could not be kept (it still applies now). */
export function saveDisplay(prefs: DisplayPrefs, storage: WriteStorage | null = browserStorage()): boolean {
  if (storage === null) return false;
  try {
    storage.setItem(DISPLAY_STORAGE_KEY, JSON.stringify(prefs));
    return true;
  } catch {
    return false;
  }
}

/**
 * Writes the choice onto <html>: `--sd-scale`, `--sd-font-size`, the due colours' variables,
 * and `data-sd-contrast="high"` for the few rules only the high-contrast palette has.
 */
export function applyDisplay(prefs: DisplayPrefs, root: HTMLElement = document.documentElement): void {
  root.style.setProperty("--sd-scale", String(scaleOf(prefs.textSize)));
  root.style.setProperty("--sd-font-size", `${basePx(prefs.textSize)}px`);
  root.dataset.sdTextSize = prefs.textSize;
  if (prefs.highContrast) root.dataset.sdContrast = "high";
  else delete root.dataset.sdContrast;
  applyDuePalette(duePalette(prefs.highContrast), root);
}
