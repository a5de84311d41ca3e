import { describe, expect, it } from "vitest";
import {
  basePx,
  DEFAULT_DISPLAY,
  DISPLAY_STORAGE_KEY,
  loadDisplay,
  saveDisplay,
  scaled,
  scaleOf,
  TEXT_SIZES,
} from "./display";
import { themeFor } from "./theme";

/** A Storage stand-in: this computer's localStorage in the window. */
function memoryStorage(initial: Record<string, string> = {}) {
  const kept = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => kept.get(k) ?? null,
    setItem: (k: string, v: string) => void kept.set(k, v),
    kept,
  };
}

describe("设置 → 显示: kept on this computer", () => {
  it("starts at 标准, standard colours, when nothing was chosen", () => {
    expect(loadDisplay(memoryStorage())).toEqual({ textSize: "standard", highContrast: false });
  });

  it("reads back what was chosen, as the next start of the window does", () => {
    const storage = memoryStorage();
    expect(saveDisplay({ textSize: "xlarge", highContrast: true }, storage)).toBe(true);
    expect(storage.kept.has(DISPLAY_STORAGE_KEY)).toBe(true);
    expect(loadDisplay(storage)).toEqual({ textSize: "xlarge", highContrast: true });
    saveDisplay({ textSize: "large", highContrast: false }, storage);
    expect(loadDisplay(storage)).toEqual({ textSize: "large", highContrast: false });
  });

  it("falls back to the defaults for what it cannot read", () => {
    expect(loadDisplay(memoryStorage({ [DISPLAY_STORAGE_KEY]: "{not json" }))).toEqual(DEFAULT_DISPLAY);
    expect(
      loadDisplay(
        memoryStorage({ [DISPLAY_STORAGE_KEY]: JSON.stringify({ textSize: "huge", highContrast: 1 }) }),
      ),
    ).toEqual(DEFAULT_DISPLAY);
    expect(
      loadDisplay(memoryStorage({ [DISPLAY_STORAGE_KEY]: JSON.stringify({ textSize: "large" }) })),
    ).toEqual({ textSize: "large", highContrast: false });
    expect(loadDisplay(null)).toEqual(DEFAULT_DISPLAY);
  });

  it("says so when the storage refuses (the choice still applies until the window closes)", () => {
    const full = {
      setItem: () => {
        throw new Error("QuotaExceededError");
      },
    };
    expect(saveDisplay({ textSize: "large", highContrast: false }, full)).toBe(false);
    expect(saveDisplay({ textSize: "large", highContrast: false }, null)).toBe(false);
  });
});

describe("the text sizes reach the whole window", () => {
  it("are 15, 18 and 21 px: 标准, 大字, 特大字", () => {
    expect(TEXT_SIZES.map((s) => [s.label, s.px])).toEqual([
      ["标准", 15],
      ["大字", 18],
      ["特大字", 21],
    ]);
    expect(scaleOf("xlarge")).toBeCloseTo(1.4);
  });

  it("set antd's base size and grow its controls", () => {
    for (const s of TEXT_SIZES) {
      const theme = themeFor({ textSize: s.value, highContrast: false });
      expect(theme.token?.fontSize).toBe(basePx(s.value));
      expect(theme.token?.controlHeight).toBe(Math.round(32 * scaleOf(s.value)));
    }
    expect(themeFor().token?.fontSize).toBe(15);
    expect(themeFor({ textSize: "standard", highContrast: true }).token?.colorLink).toBe("#0b4a9e");
  });

  it("scale the pages' own sizes through one CSS variable", () => {
    expect(scaled(13)).toBe("calc(13px * var(--sd-scale, 1))");
  });
});
