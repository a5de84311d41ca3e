// The window's routes: a hash URL per page of the side menu, and #/cases/<number> for a
// case's drawer over a page.
import {
  BarChartOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  FileDoneOutlined,
  FileTextOutlined,
  FormOutlined,
  HistoryOutlined,
  HomeOutlined,
  SettingOutlined,
  SolutionOutlined,
  TableOutlined,
} from "@ant-design/icons";
import { matchPath, useLocation } from "react-router";
import type { Action } from "./bindings";

export const PAGE_KEYS = [
  "today",
  "intake",
  "register",
  "errands",
  "calendar",
  "meetings",
  "dashboard",
  "report",
  "notices",
  "settings",
  "audit",
] as const;
export type PageKey = (typeof PAGE_KEYS)[number];

function isPageKey(key: unknown): key is PageKey {
  return typeof key === "string" && (PAGE_KEYS as readonly string[]).includes(key);
}

/** The menu's names of the pages (also the shortcut list's). */
export const PAGE_LABELS: Record<PageKey, string> = {
  today: "今日",
  intake: "登记诉求",
  register: "诉求台账",
  errands: "办事登记",
  calendar: "日程活动",
  meetings: "恳谈会",
  dashboard: "统计",
  report: "工作报告",
  notices: "通知",
  settings: "设置",
  audit: "操作记录",
};

/**
 * What a page is for, as the core's permission table names it: the menu shows a page only
 * when the role on duty may do that (the core's `allowed` list), and the core refuses the
 * page's commands anyway. 今日 and 设置 (修改密码, 显示) are everyone's.
 */
export const PAGE_NEEDS: Record<PageKey, Action | null> = {
  today: null,
  intake: "cases_write",
  register: "cases_read",
  errands: "errands",
  calendar: "schedule_read",
  meetings: "schedule_read",
  dashboard: "reports_read",
  report: "reports_read",
  notices: "notices",
  settings: null,
  audit: "audit_read",
};

const PAGE_ICONS: Record<PageKey, React.ReactNode> = {
  today: <HomeOutlined />,
  intake: <FormOutlined />,
  register: <TableOutlined />,
  errands: <CarryOutOutlined />,
  calendar: <CalendarOutlined />,
  meetings: <SolutionOutlined />,
  dashboard: <BarChartOutlined />,
  report: <FileDoneOutlined />,
  notices: <FileTextOutlined />,
  settings: <SettingOutlined />,
  audit: <HistoryOutlined />,
};

export const MENU_ITEMS = PAGE_KEYS.map((key) => ({
  key,
  icon: PAGE_ICONS[key],
  label: <span data-testid={`nav-${key}`}>{PAGE_LABELS[key]}</span>,
}));

/**
 * What a `#/cases/<number>` URL carries when a case is opened from inside the window: the
 * page it was opened over, and its id (a URL typed or pasted has neither: it opens over the
 * register, and the number is looked up).
 */
export type CaseRouteState = { background?: PageKey; caseId?: number; number?: string };

export type Route = {
  /** The page shown (under the case drawer, when one is open). */
  page: PageKey;
  /** The case of `#/cases/<number>`, or null. */
  caseNumber: string | null;
  /** Its id, when it was opened from inside the window. */
  caseId: number | null;
  /** False for a URL that names no page: the window goes to 今日. */
  known: boolean;
};

/** Where a URL puts the window: `/register`, or `/cases/RA-2026-0001` over a page. */
export function parseRoute(pathname: string, locationState: unknown): Route {
  const caseMatch = matchPath("/cases/:number", pathname);
  const state = (locationState ?? {}) as CaseRouteState;
  if (caseMatch) {
    const number = caseMatch.params.number ?? "";
    return {
      page: isPageKey(state.background) ? state.background : "register",
      caseNumber: number,
      caseId: state.number === number ? (state.caseId ?? null) : null,
      known: true,
    };
  }
  const first = pathname.split("/")[1];
  return {
    page: isPageKey(first) ? first : "today",
    caseNumber: null,
    caseId: null,
    known: isPageKey(first),
  };
}

/** Where the window is now. */
export function useRoute(): Route {
  const location = useLocation();
  return parseRoute(location.pathname, location.state);
}

/** Where a street-office (街道) login's window is: the ranking, a station's register, a case. */
export type DistrictRoute = {
  /** The station of `#/district/<stationId>`, or null for the ranking. */
  stationId: number | null;
  /** The case of `#/district/<stationId>/cases/<id>`, opened over that station's register. */
  caseId: number | null;
  /** False for a URL the district area does not know: the window goes to the ranking. */
  known: boolean;
};

function positiveId(text: string | undefined): number | null {
  if (text === undefined || !/^[1-9][0-9]{0,14}$/.test(text)) return null;
  return Number(text);
}

/** `/district`, `/district/3` or `/district/3/cases/17`. */
export function parseDistrictRoute(pathname: string): DistrictRoute {
  if (matchPath("/district", pathname)) return { stationId: null, caseId: null, known: true };
  const station = matchPath("/district/:stationId", pathname);
  if (station) {
    const stationId = positiveId(station.params.stationId);
    return { stationId, caseId: null, known: stationId !== null };
  }
  const opened = matchPath("/district/:stationId/cases/:caseId", pathname);
  if (opened) {
    const stationId = positiveId(opened.params.stationId);
    const caseId = positiveId(opened.params.caseId);
    const known = stationId !== null && caseId !== null;
    return { stationId: known ? stationId : null, caseId: known ? caseId : null, known };
  }
  return { stationId: null, caseId: null, known: false };
}

/** Where the district area is now. */
export function useDistrictRoute(): DistrictRoute {
  return parseDistrictRoute(useLocation().pathname);
}
