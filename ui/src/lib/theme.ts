// The window's Ant Design theme, and the few colours the pages use outside antd's tokens.
import { type ThemeConfig, theme } from "antd";
import type { CSSProperties } from "react";
import { basePx, DEFAULT_DISPLAY, type DisplayPrefs, scaleOf } from "./display";
import { DANGER_VAR, duePalette } from "./dueColors";

const FONT_FAMILY =
  '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';

export const PRIMARY = "#1d5fb4";

/**
 * The theme at a text size (设置 → 显示): antd derives its small, large and heading sizes
 * from `fontSize`; the control heights and the few component sizes set here grow with it.
 */
export function themeFor(prefs: DisplayPrefs = DEFAULT_DISPLAY): ThemeConfig {
  const k = scaleOf(prefs.textSize);
  const at = (px: number) => Math.round(px * k);
  // The header and the menu's rows grow by the text's growth only, not in proportion: ten
  // pages' rows still fit a 640 px high window at 特大字.
  const grown = (px: number, per = 1) => px + per * (basePx(prefs.textSize) - basePx("standard"));
  return {
    algorithm: theme.defaultAlgorithm,
    token: {
      fontFamily: FONT_FAMILY,
      fontSize: basePx(prefs.textSize),
      controlHeight: at(32),
      colorPrimary: PRIMARY,
      // antd's link blue reads below 4.5:1 on the due rows; the high-contrast one does not.
      colorLink: duePalette(prefs.highContrast).link,
      borderRadius: 4,
      colorBgLayout: "#f0f2f5",
    },
    components: {
      Layout: {
        headerBg: "#1d3f6e",
        headerHeight: grown(56, 2),
        headerPadding: "0 20px",
        siderBg: "#ffffff",
      },
      Menu: { itemHeight: grown(46), iconSize: at(16) },
      Table: { headerBg: "#f3f6fa", cellFontSizeMD: at(14), cellPaddingInlineMD: 8 },
      Descriptions: { labelBg: "#f6f8fb" },
    },
  };
}

/** The light rule between the menu and the page, and around form groups. */
export const BORDER = "1px solid #e5e8ee";

/** Secondary words next to a value (现为, an agenda note, a retired entry). */
export const MUTED: CSSProperties = { color: "#8c8c8c" };

/** A figure or note that is late or wrong (超期, 响应已超时); stronger in high contrast. */
export const DANGER: CSSProperties = { color: DANGER_VAR };
