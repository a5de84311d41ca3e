// A table's columns at the window's text size (设置 → 显示): fixed widths grow with the text,
// and when the page is too narrow for them all, the least needed columns give way, so the
// one column without a width (a title) keeps room to be read.
import type { TableColumnType as ColumnType } from "antd";
import { useEffect, useState } from "react";
import { scaled } from "./display";

/** The window's inner width, kept up to date. */
export function useWindowWidth(): number {
  const [width, setWidth] = useState(() => (typeof window === "undefined" ? 1280 : window.innerWidth));
  useEffect(() => {
    const onResize = () => setWidth(window.innerWidth);
    window.addEventListener("resize", onResize);
    return () => window.removeEventListener("resize", onResize);
  }, []);
  return width;
}

/**
 * `columns` with widths in px at 标准 (15 px); `dropOrder` the keys of the columns that may
 * go, the first to go first; `room` the px the table has; `minFlexible` the px at 标准 the
 * column without a width must keep. Widths become `scaled(…)`.
 */
export function fitColumns<T>(
  columns: (ColumnType<T> & { key: string })[],
  dropOrder: readonly string[],
  room: number,
  scale: number,
  minFlexible: number,
): ColumnType<T>[] {
  const fixed = (cols: typeof columns) =>
    cols.reduce((sum, c) => sum + (typeof c.width === "number" ? c.width : 0), 0);
  let kept = columns;
  for (const key of dropOrder) {
    if ((fixed(kept) + minFlexible) * scale <= room) break;
    kept = kept.filter((c) => c.key !== key);
  }
  return kept.map((c) => (typeof c.width === "number" ? { ...c, width: scaled(c.width) } : c));
}
