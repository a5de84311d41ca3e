import { describe, expect, it } from "vitest";
import { days, percent } from "./parts";

describe("the dashboard's figures", () => {
  it("shows a rate as a percentage with one decimal", () => {
    expect(percent(1)).toBe("100.0%");
    expect(percent(0.875)).toBe("87.5%");
    expect(percent(0)).toBe("0.0%");
  });

  it("shows a dash for a rate with nothing to divide by", () => {
    expect(percent(null)).toBe("—");
    expect(days(null)).toBe("—");
  });

  it("shows days with one decimal", () => {
    expect(days(3.64)).toBe("3.6");
  });
});
