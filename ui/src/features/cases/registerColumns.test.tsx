import { isValidElement, type ReactElement } from "react";
import { describe, expect, it } from "vitest";
import type { CaseRow } from "../../bindings";
import { NUMBER_COLUMN_WIDTH, registerColumns } from "./registerColumns";

// Widths measured with ImageMagick in Noto Sans CJK SC at the window's 15 px.
const WIDEST_NUMBER_PX = 108; // "WW-2026-99999"
const CELL_PADDING_PX = 2 * 8; // antd's middle-size table

describe("the register's 编号 column", () => {
  const number = registerColumns(() => {}).find((c) => c.title === "编号");

  it("is wide enough for a five-digit serial", () => {
    expect(number?.width).toBe(NUMBER_COLUMN_WIDTH);
    expect(NUMBER_COLUMN_WIDTH - CELL_PADDING_PX).toBeGreaterThanOrEqual(WIDEST_NUMBER_PX);
  });

  it("never wraps the number", () => {
    const render = number && "render" in number ? number.render : undefined;
    const cell = render?.("RA-2026-45968", { id: 1, number: "RA-2026-45968" } as CaseRow, 0);
    expect(isValidElement(cell)).toBe(true);
    const props = (cell as ReactElement<{ style?: { whiteSpace?: string }; children?: unknown }>).props;
    expect(props.style?.whiteSpace).toBe("nowrap");
    expect(props.children).toBe("RA-2026-45968");
  });
});
