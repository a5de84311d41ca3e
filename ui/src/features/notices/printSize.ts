// Sizes of the print sheets: pure, so they are tested without a canvas.

/** The resolution pages are drawn at for printing (an A4 sheet is 1654 × 2339 pixels). */
export const PRINT_DPI = 200;

/** A4 in millimetres, the sheet every page prints on. */
export const A4_MM = { width: 210, height: 297 } as const;

const MM_PER_INCH = 25.4;
const POINTS_PER_INCH = 72;

/** The pixel size of an A4 sheet at `dpi`. */
export function a4Pixels(dpi = PRINT_DPI): { width: number; height: number } {
  return {
    width: Math.round((A4_MM.width / MM_PER_INCH) * dpi),
    height: Math.round((A4_MM.height / MM_PER_INCH) * dpi),
  };
}

/**
 * pdf.js's scale for a page `widthPt` points wide so that it fills an A4 sheet's width at
 * `dpi` (a page of another size is scaled to the sheet's width).
 */
export function printScale(widthPt: number, dpi = PRINT_DPI): number {
  if (!(widthPt > 0)) return dpi / POINTS_PER_INCH;
  return a4Pixels(dpi).width / widthPt;
}
