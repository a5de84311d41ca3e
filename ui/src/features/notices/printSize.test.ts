import { describe, expect, it } from "vitest";
import { A4_MM, a4Pixels, PRINT_DPI, printScale } from "./printSize";

describe("print sheets: A4 at print resolution", () => {
  it("draws at 200 dpi or more, an A4 sheet's pixels in its proportions", () => {
    expect(PRINT_DPI).toBeGreaterThanOrEqual(200);
    const { width, height } = a4Pixels();
    expect([width, height]).toEqual([1654, 2339]);
    expect(height / width).toBeCloseTo(A4_MM.height / A4_MM.width, 3);
  });

  it("scales an A4 page (595.28 pt wide) to the sheet's width", () => {
    expect(595.28 * printScale(595.28)).toBeCloseTo(1654, 6);
    expect(printScale(595.28, 300)).toBeCloseTo(300 / 72, 2);
    // A page with no width still prints at the resolution.
    expect(printScale(0)).toBeCloseTo(200 / 72, 6);
  });
});
