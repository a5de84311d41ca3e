import { describe, expect, it } from "vitest";
import {
  contrastRatio,
  DUE_CODES,
  duePaletteVariables,
  HIGH_CONTRAST_PALETTE,
  STANDARD_PALETTE,
} from "./dueColors";

// WCAG 2.1 AA: 4.5:1 for text of normal size (Chinese characters at 14–21 px are).
const AA_TEXT = 4.5;
// WCAG 2.1 1.4.11: 3:1 for the stripe that marks a row's state.
const AA_NON_TEXT = 3;

describe("the high-contrast due colours read at WCAG AA", () => {
  for (const code of DUE_CODES) {
    const c = HIGH_CONTRAST_PALETTE.states[code];
    it(`${code}: the row's text, its secondary text and the tag`, () => {
      expect(contrastRatio(c.rowText, c.row)).toBeGreaterThanOrEqual(AA_TEXT);
      expect(contrastRatio(c.rowMuted, c.row)).toBeGreaterThanOrEqual(AA_TEXT);
      expect(contrastRatio(c.tagText, c.tagBg)).toBeGreaterThanOrEqual(AA_TEXT);
      expect(contrastRatio(HIGH_CONTRAST_PALETTE.danger, c.row)).toBeGreaterThanOrEqual(AA_TEXT);
      // The case's 编号 is a link on every row.
      expect(contrastRatio(HIGH_CONTRAST_PALETTE.link, c.row)).toBeGreaterThanOrEqual(AA_TEXT);
      if (c.mark !== "transparent") expect(contrastRatio(c.mark, c.row)).toBeGreaterThanOrEqual(AA_NON_TEXT);
    });
  }

  it("is stronger than the standard palette where the standard one falls short", () => {
    for (const code of DUE_CODES) {
      const s = STANDARD_PALETTE.states[code];
      const h = HIGH_CONTRAST_PALETTE.states[code];
      const standard = contrastRatio(s.tagText, s.tagBg);
      if (standard < AA_TEXT) expect(contrastRatio(h.tagText, h.tagBg)).toBeGreaterThan(standard);
    }
    // The standard overdue tag (antd's red on pink) is one of those that fall short.
    const overdue = STANDARD_PALETTE.states.overdue;
    expect(contrastRatio(overdue.tagText, overdue.tagBg)).toBeLessThan(AA_TEXT);
  });

  it("tells the states apart by their rows", () => {
    const rows = DUE_CODES.map((code) => HIGH_CONTRAST_PALETTE.states[code].row);
    expect(new Set(rows).size).toBe(rows.length);
  });
});

describe("the palettes are written as CSS variables", () => {
  it("gives every state every colour, in both palettes", () => {
    for (const palette of [STANDARD_PALETTE, HIGH_CONTRAST_PALETTE]) {
      const vars = duePaletteVariables(palette);
      expect(vars["--sd-danger"]).toBe(palette.danger);
      expect(vars["--sd-due-overdue-row"]).toBe(palette.states.overdue.row);
      expect(Object.keys(vars)).toHaveLength(1 + DUE_CODES.length * 8);
    }
  });

  it("computes WCAG ratios as the standard does", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21);
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
  });
});
