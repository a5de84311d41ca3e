// The window's Ant Design theme, and the few colours the pages use outside antd's tokens.
import { theme } from "antd";
import type { CSSProperties } from "react";

const FONT_FAMILY =
  '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';

export const PRIMARY = "#1d5fb4";

export const appTheme = {
  algorithm: theme.defaultAlgorithm,
  token: {
    fontFamily: FONT_FAMILY,
    fontSize: 15,
    colorPrimary: PRIMARY,
    borderRadius: 4,
    colorBgLayout: "#f0f2f5",
  },
  components: {
    Layout: { headerBg: "#1d3f6e", headerHeight: 56, headerPadding: "0 20px", siderBg: "#ffffff" },
    Menu: { itemHeight: 46, iconSize: 16 },
    Table: { headerBg: "#f3f6fa", cellFontSizeMD: 14, cellPaddingInlineMD: 8 },
    Descriptions: { labelBg: "#f6f8fb" },
  },
};

/** The light rule between the menu and the page, and around form groups. */
export const BORDER = "1px solid #e5e8ee";

/** Secondary words next to a value (现为, an agenda note, a retired entry). */
export const MUTED: CSSProperties = { color: "#8c8c8c" };

/** A figure or note that is late or wrong (超期, 响应已超时). */
export const DANGER: CSSProperties = { color: "#cf1322" };
