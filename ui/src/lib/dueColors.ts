// The colours of how a case stands on its deadlines (超期 red, 临近时限 yellow, 待回访 blue,
// 已办结 green, 挂起 grey), in one place: the register's rows (and 今日's and a district
// station's), the legend above the register, the tags (DueTag, the case's clocks) and the
// red of a late figure. Two palettes: the standard one, and a high-contrast one (设置 → 显示)
// whose every text reads at WCAG AA (4.5:1) on its background, tested in dueColors.test.ts.
//
// The pages never name a colour: the palette is written into CSS variables on <html>
// (`--sd-due-overdue-row` …) by `applyDuePalette`, and index.css and the tags read those.
import type { DueState } from "../bindings";

export type DueCode = DueState;

export const DUE_CODES: readonly DueCode[] = [
  "overdue",
  "near_due",
  "awaiting_follow_up",
  "on_track",
  "on_hold",
  "done",
];

export type DueColors = {
  /** The row's background. */
  row: string;
  /** Text on the row. */
  rowText: string;
  /** Secondary text on the row (the masked phone under a name). */
  rowMuted: string;
  /**
   * A stripe at the row's start, so a row's state shows in more than a tint ("transparent"
   * in the standard palette). Non-text: 3:1 against the row is enough (WCAG 1.4.11).
   */
  mark: string;
  /** The legend's square (a shade darker than the row, to read at legend size). */
  swatch: string;
  tagText: string;
  tagBg: string;
  tagBorder: string;
};

export type DuePalette = {
  states: Record<DueCode, DueColors>;
  /** A late figure or a 响应已超时 note, on white or on any row. */
  danger: string;
  /** Links (a case's 编号 on every row): antd's colorLink. */
  link: string;
};

// antd's own text colours on white, written solid: colorText and colorTextDescription.
const TEXT = "#1f1f1f";
const TEXT_MUTED = "#8c8c8c";

/** What the window showed before the high-contrast option: antd's status tags, pale rows. */
export const STANDARD_PALETTE: DuePalette = {
  states: {
    overdue: {
      row: "#ffe9e7",
      rowText: TEXT,
      rowMuted: TEXT_MUTED,
      mark: "transparent",
      swatch: "#ffb3ab",
      tagText: "#ff4d4f",
      tagBg: "#fff2f0",
      tagBorder: "#ffccc7",
    },
    near_due: {
      row: "#fff8d6",
      rowText: TEXT,
      rowMuted: TEXT_MUTED,
      mark: "transparent",
      swatch: "#ffe58f",
      tagText: "#faad14",
      tagBg: "#fffbe6",
      tagBorder: "#ffe58f",
    },
    awaiting_follow_up: {
      row: "#e8f2ff",
      rowText: TEXT,
      rowMuted: TEXT_MUTED,
      mark: "transparent",
      swatch: "#a8d1ff",
      tagText: "#1677ff",
      tagBg: "#e6f4ff",
      tagBorder: "#91caff",
    },
    on_track: {
      row: "#ffffff",
      rowText: TEXT,
      rowMuted: TEXT_MUTED,
      mark: "transparent",
      swatch: "#ffffff",
      tagText: TEXT,
      tagBg: "#fafafa",
      tagBorder: "#d9d9d9",
    },
    on_hold: {
      row: "#f0f0f0",
      rowText: "#6b6b6b",
      rowMuted: TEXT_MUTED,
      mark: "transparent",
      swatch: "#d0d0d0",
      tagText: TEXT,
      tagBg: "#fafafa",
      tagBorder: "#d9d9d9",
    },
    done: {
      row: "#f0f9eb",
      rowText: TEXT,
      rowMuted: TEXT_MUTED,
      mark: "transparent",
      swatch: "#b7eb8f",
      tagText: "#52c41a",
      tagBg: "#f6ffed",
      tagBorder: "#b7eb8f",
    },
  },
  danger: "#cf1322",
  link: "#1677ff",
};

/**
 * Stronger rows with a dark stripe at the start, solid tags with white (or, on yellow, black)
 * text, and black text everywhere on the rows: every pair at least 4.5:1.
 */
export const HIGH_CONTRAST_PALETTE: DuePalette = {
  states: {
    overdue: {
      row: "#ffd6d1",
      rowText: "#000000",
      rowMuted: "#434343",
      mark: "#a8071a",
      swatch: "#ff7875",
      tagText: "#ffffff",
      tagBg: "#a8071a",
      tagBorder: "#a8071a",
    },
    near_due: {
      row: "#ffec8c",
      rowText: "#000000",
      rowMuted: "#434343",
      mark: "#ad6800",
      swatch: "#fadb14",
      tagText: "#000000",
      tagBg: "#ffd21f",
      tagBorder: "#ad6800",
    },
    awaiting_follow_up: {
      row: "#cfe3ff",
      rowText: "#000000",
      rowMuted: "#434343",
      mark: "#0b4a9e",
      swatch: "#69a7f5",
      tagText: "#ffffff",
      tagBg: "#0b4a9e",
      tagBorder: "#0b4a9e",
    },
    on_track: {
      row: "#ffffff",
      rowText: "#000000",
      rowMuted: "#434343",
      mark: "transparent",
      swatch: "#ffffff",
      tagText: "#000000",
      tagBg: "#ffffff",
      tagBorder: "#434343",
    },
    on_hold: {
      row: "#dcdcdc",
      rowText: "#000000",
      rowMuted: "#3a3a3a",
      mark: "#434343",
      swatch: "#a6a6a6",
      tagText: "#ffffff",
      tagBg: "#4d4d4d",
      tagBorder: "#4d4d4d",
    },
    done: {
      row: "#c9efb0",
      rowText: "#000000",
      rowMuted: "#3a3a3a",
      mark: "#1f6b04",
      swatch: "#73d13d",
      tagText: "#ffffff",
      tagBg: "#1f6b04",
      tagBorder: "#1f6b04",
    },
  },
  danger: "#a8071a",
  link: "#0b4a9e",
};

export function duePalette(highContrast: boolean): DuePalette {
  return highContrast ? HIGH_CONTRAST_PALETTE : STANDARD_PALETTE;
}

/** The CSS variable of a state's colour, e.g. `var(--sd-due-overdue-row)`. */
export function dueVar(code: DueCode, part: keyof DueColors): string {
  return `var(--sd-due-${code}-${part})`;
}

/** The red of a late figure: `DANGER` in lib/theme reads it. */
export const DANGER_VAR = "var(--sd-danger)";

/** The variables `applyDuePalette` writes, by name. */
export function duePaletteVariables(palette: DuePalette): Record<string, string> {
  const vars: Record<string, string> = { "--sd-danger": palette.danger };
  for (const code of DUE_CODES) {
    for (const [part, value] of Object.entries(palette.states[code])) {
      vars[`--sd-due-${code}-${part}`] = value;
    }
  }
  return vars;
}

export function applyDuePalette(palette: DuePalette, root: { style: CSSStyleDeclaration }): void {
  for (const [name, value] of Object.entries(duePaletteVariables(palette))) {
    root.style.setProperty(name, value);
  }
}

// WCAG 2 relative luminance and contrast ratio, of #rrggbb colours.
function channel(hex: string, at: number): number {
  const c = Number.parseInt(hex.slice(at, at + 2), 16) / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

export function luminance(hex: string): number {
  if (!/^#[0-9a-f]{6}$/i.test(hex)) throw new Error(`not a #rrggbb colour: ${hex}`);
  return 0.2126 * channel(hex, 1) + 0.7152 * channel(hex, 3) + 0.0722 * channel(hex, 5);
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
