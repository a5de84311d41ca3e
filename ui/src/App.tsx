import { UserOutlined } from "@ant-design/icons";
import { QueryClientProvider, useQuery, useQueryClient } from "@tanstack/react-query";
import { App as AntApp, Button, ConfigProvider, Layout, Menu, Result, Spin, Typography } from "antd";
import zhCN from "antd/locale/zh_CN";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { HashRouter, Navigate, useNavigate } from "react-router";
import { type AppState, commands, events, type ReminderShown } from "./bindings";
import AuditLogPage from "./features/audit/AuditLogPage";
import CaseDetailDrawer from "./features/cases/CaseDetailDrawer";
import IntakePage from "./features/cases/IntakePage";
import RegisterPage from "./features/cases/RegisterPage";
import DashboardPage from "./features/dashboard/DashboardPage";
import DistrictDesk from "./features/district/DistrictDesk";
import ErrandsPage from "./features/errands/ErrandsPage";
import MeetingsPage from "./features/meetings/MeetingsPage";
import NoticesPage from "./features/notices/NoticesPage";
import ReportPage from "./features/report/ReportPage";
import CalendarPage from "./features/schedule/CalendarPage";
import TodayPage from "./features/schedule/TodayPage";
import BackupStatusTag from "./features/settings/BackupStatusTag";
import HolidayBanner from "./features/settings/HolidayBanner";
import UpdateBanner from "./features/settings/UpdateBanner";
import AuditBanner from "./features/station/AuditBanner";
import DatabaseBanner from "./features/station/DatabaseBanner";
import HeadPasswordPage from "./features/station/HeadPasswordPage";
import IdleLockOverlay, { useIdleLock } from "./features/station/IdleLock";
import LoginPage from "./features/station/LoginPage";
import Refused from "./features/station/Refused";
import SettingsPage from "./features/station/SettingsPage";
import SetupPage from "./features/station/SetupPage";
import { DisplayContext, useDisplay } from "./lib/DisplayContext";
import { applyDisplay, type DisplayPrefs, loadDisplay, saveDisplay, scaled, siderWidth } from "./lib/display";
import { call, errorMessage } from "./lib/ipc";
import { invalidateCases, keys, useCategories } from "./lib/queries";
import { createQueryClient } from "./lib/queryClient";
import { ShortcutProvider } from "./lib/ShortcutProvider";
import { BORDER, themeFor } from "./lib/theme";
import { type CaseRouteState, MENU_ITEMS, PAGE_NEEDS, type PageKey, useRoute } from "./routes";
import { ROLE_LABELS } from "./vocabulary";
import WorkbenchShortcuts, { ShortcutHelpButton } from "./WorkbenchShortcuts";

export default function Root() {
  const [queryClient] = useState(createQueryClient);
  // 设置 → 显示: this computer's text size and due colours (lib/display.ts), applied to the
  // whole window at once through the theme and <html>'s CSS variables.
  const [prefs, setPrefs] = useState<DisplayPrefs>(loadDisplay);
  const [kept, setKept] = useState(true);
  useLayoutEffect(() => applyDisplay(prefs), [prefs]);
  const display = useMemo(
    () => ({
      prefs,
      kept,
      change: (next: DisplayPrefs) => {
        setPrefs(next);
        setKept(saveDisplay(next));
      },
    }),
    [prefs, kept],
  );
  const theme = useMemo(() => themeFor(prefs), [prefs]);
  return (
    <QueryClientProvider client={queryClient}>
      <DisplayContext.Provider value={display}>
        <ConfigProvider locale={zhCN} theme={theme}>
          <AntApp style={{ height: "100%" }}>
            {/* Hash URLs: the window's custom protocol has no server to fall back to index.html. */}
            <HashRouter>
              <StationDesk />
            </HashRouter>
          </AntApp>
        </ConfigProvider>
      </DisplayContext.Provider>
    </QueryClientProvider>
  );
}

/** Decides between first-run setup, the login screen and the workbench. */
function StationDesk() {
  const queryClient = useQueryClient();
  const appState = useQuery({
    queryKey: keys.appState,
    queryFn: () => call(commands.appState()),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const setState = useCallback(
    (next: AppState) => queryClient.setQueryData(keys.appState, next),
    [queryClient],
  );

  if (appState.isPending || (appState.isError && appState.isFetching)) {
    return (
      <div className="sd-center-page">
        <Spin size="large" description="正在打开工作台…" />
      </div>
    );
  }
  if (appState.isError) {
    return (
      <div className="sd-center-page">
        <Result
          status="error"
          title="无法打开工作台"
          subTitle={errorMessage(appState.error)}
          extra={
            <Button type="primary" onClick={() => void appState.refetch()}>
              重试
            </Button>
          }
        />
      </div>
    );
  }

  const state = appState.data;
  // A street-office login has no station and no one on duty: the district area instead.
  if (state.district) {
    return <DistrictDesk state={state} />;
  }
  if (state.station === null) {
    return <SetupPage onDone={setState} />;
  }
  if (state.currentStaff === null) {
    return state.needsHeadPassword ? (
      <HeadPasswordPage state={state} onDone={setState} />
    ) : (
      <LoginPage state={state} onDone={setState} />
    );
  }
  // A new login starts a fresh workbench (keyed by who is on duty): nothing typed by the
  // previous person, and no page or query of theirs, carries over. Keyed by the login name,
  // not the id: moving the station onto the district server gives its staff new ids, and
  // the move's result must stay on screen.
  return <LockableWorkbench key={state.currentStaff.name} state={state} onStateChanged={setState} />;
}

/**
 * The workbench under the idle lock: while locked it stays mounted (a half-typed form keeps
 * what was typed) but cannot be reached by mouse, keyboard or shortcut.
 */
function LockableWorkbench({
  state,
  onStateChanged,
}: {
  state: AppState;
  onStateChanged: (next: AppState) => void;
}) {
  const [locked, setLocked] = useIdleLock(state.idleLockSeconds, state.locked);
  const queryClient = useQueryClient();
  const { message } = AntApp.useApp();
  const navigate = useNavigate();
  /** 退出登录: the workbench (with anything typed in it) is left for the login screen, and
   * what it read is forgotten; the next person starts on 今日. */
  const logOut = useCallback(() => {
    void call(commands.logOut())
      .then((next) => {
        navigate("/today");
        onStateChanged(next);
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== keys.appState[0] });
      })
      .catch((e: unknown) => message.error(errorMessage(e)));
  }, [queryClient, onStateChanged, message, navigate]);
  return (
    <>
      <div style={{ height: "100%" }} inert={locked} aria-hidden={locked}>
        <ShortcutProvider enabled={!locked}>
          <Workbench state={state} onStateChanged={onStateChanged} onLogOut={logOut} />
        </ShortcutProvider>
      </div>
      {locked && (
        <IdleLockOverlay
          state={state}
          onUnlocked={(next) => {
            setLocked(false);
            onStateChanged(next);
          }}
          onLogOut={logOut}
        />
      )}
    </>
  );
}

function Workbench({
  state,
  onStateChanged,
  onLogOut: logOut,
}: {
  state: AppState;
  onStateChanged: (next: AppState) => void;
  onLogOut: () => void;
}) {
  const { message, notification } = AntApp.useApp();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const route = useRoute();
  const page = route.page;
  // Pages stay mounted once visited, so a half-typed form or the register's filters survive
  // a trip to another page.
  const [visited, setVisited] = useState<ReadonlySet<PageKey>>(() => new Set([page]));
  if (!visited.has(page)) setVisited(new Set(visited).add(page));

  const categoriesQuery = useCategories();
  const categories = categoriesQuery.data ?? [];
  useEffect(() => {
    if (categoriesQuery.error) message.error(errorMessage(categoriesQuery.error));
  }, [categoriesQuery.error, message]);

  const go = useCallback((key: PageKey) => navigate(`/${key}`), [navigate]);

  /** Opens a case over the page shown now; without its number, reads the case first. */
  const openCase = useCallback(
    async (id: number, number?: string) => {
      let known = number;
      if (known === undefined) {
        try {
          const detail = await queryClient.fetchQuery({
            queryKey: keys.caseDetail(id),
            queryFn: () => call(commands.getCase(id)),
          });
          known = detail.case.number;
        } catch (e) {
          message.error(errorMessage(e));
          return;
        }
      }
      const next: CaseRouteState = { background: page, caseId: id, number: known };
      navigate(`/cases/${encodeURIComponent(known)}`, { state: next });
    },
    [navigate, page, queryClient, message],
  );
  const onOpenCase = useCallback((id: number, number?: string) => void openCase(id, number), [openCase]);
  const closeCase = useCallback(() => navigate(`/${page}`), [navigate, page]);
  const casesChanged = useCallback(() => void invalidateCases(queryClient), [queryClient]);
  /** Categories added, renamed or retired: the lists, the time limits and the cases read again. */
  const categoriesChanged = useCallback(() => {
    void queryClient.invalidateQueries({ queryKey: keys.categories });
    void queryClient.invalidateQueries({ queryKey: keys.timeLimits });
    void invalidateCases(queryClient);
  }, [queryClient]);

  // The reminder listener is set up once: navigating changes `go` and `onOpenCase`, and a
  // listener set up again on each page change could miss a reminder sent in between.
  const latest = useRef({ go, onOpenCase });
  useEffect(() => {
    latest.current = { go, onOpenCase };
  });

  // Reminders from the shell (also shown as desktop notifications): what starts within
  // the hour, cases about to go overdue. They stay until closed.
  useEffect(() => {
    const show = (r: ReminderShown) => {
      const open = () => {
        if (r.kind === "case") latest.current.onOpenCase(r.id);
        else latest.current.go(r.kind === "meeting" ? "meetings" : "calendar");
        notification.destroy(`${r.kind}-${r.id}`);
      };
      notification.warning({
        key: `${r.kind}-${r.id}`,
        title: <span data-testid="reminder-heading">{r.heading}</span>,
        description: r.body,
        duration: 0,
        placement: "bottomRight",
        actions: (
          <Button size="small" type="primary" onClick={open}>
            {r.kind === "case" ? "查看诉求" : "查看日程"}
          </Button>
        ),
      });
    };
    const listening = events.reminderShown.listen((e) => show(e.payload));
    return () => {
      void listening.then((stop) => stop());
    };
  }, [notification]);

  // Only the pages the role may use are in the menu; one opened by its URL anyway shows
  // the core's refusal instead of its content.
  const allowed = new Set(state.allowed);
  const permitted = (key: PageKey) => {
    const needs = PAGE_NEEDS[key];
    return needs === null || allowed.has(needs);
  };
  const menuItems = MENU_ITEMS.filter((item) => permitted(item.key));
  const shown = (key: PageKey) => (visited.has(key) || key === page) && permitted(key);
  const sider = siderWidth(useDisplay().prefs.textSize);
  const station = state.station;
  return (
    // The window's height, not more: the page scrolls inside, so a page's action bar can stay
    // at the bottom of the window (position: sticky) and the header stays on top.
    <Layout style={{ height: "100%" }}>
      {/* A URL that names no page goes to 今日, without unmounting the pages visited. */}
      {!route.known && <Navigate to="/today" replace />}
      <WorkbenchShortcuts page={page} go={go} />
      <Layout.Header style={{ display: "flex", alignItems: "center", gap: 16, color: "#fff" }}>
        {/* In a narrow window with large text the subtitle gives way first, then the name. */}
        <Typography.Text
          strong
          ellipsis={{ tooltip: station?.name }}
          style={{
            color: "#fff",
            fontSize: scaled(18),
            whiteSpace: "nowrap",
            minWidth: "4em",
            flexShrink: 1,
          }}
        >
          {station?.name}
        </Typography.Text>
        <span className="sd-header-subtitle">社区服务站工作台</span>
        <span style={{ flex: 1 }} />
        <span style={{ flexShrink: 0 }}>
          <BackupStatusTag onOpen={() => go("settings")} />
        </span>
        <ShortcutHelpButton />
        <span style={{ whiteSpace: "nowrap", flexShrink: 0 }} data-testid="current-staff">
          <UserOutlined /> 当班：{state.currentStaff?.name}
          {state.currentStaff && `（${ROLE_LABELS[state.currentStaff.role]}）`}
        </span>
        <Button
          type="link"
          size="small"
          style={{ color: "#bcd7ff", padding: 0, flexShrink: 0 }}
          onClick={logOut}
          data-testid="logout"
        >
          退出登录
        </Button>
      </Layout.Header>
      <DatabaseBanner watch={state.dbLocation.startsWith("postgres://")} />
      <HolidayBanner onOpen={() => go("settings")} />
      <AuditBanner />
      <UpdateBanner />
      <Layout style={{ minHeight: 0 }}>
        <Layout.Sider width={sider} theme="light" style={{ borderRight: BORDER, overflow: "auto" }}>
          <Menu
            mode="inline"
            selectedKeys={[page]}
            items={menuItems}
            onClick={({ key }) => go(key as PageKey)}
            style={{ borderInlineEnd: "none", paddingTop: 8 }}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 16, overflow: "auto" }}>
          {!permitted(page) && <Refused action={PAGE_NEEDS[page]} />}
          {shown("today") && (
            <div hidden={page !== "today"} data-sd-page="today">
              <TodayPage state={state} active={page === "today"} onOpenCase={onOpenCase} />
            </div>
          )}
          {shown("errands") && (
            <div hidden={page !== "errands"} data-sd-page="errands">
              <ErrandsPage state={state} active={page === "errands"} onOpenCase={onOpenCase} />
            </div>
          )}
          {shown("calendar") && (
            <div hidden={page !== "calendar"} data-sd-page="calendar">
              <CalendarPage state={state} active={page === "calendar"} onOpenCase={onOpenCase} />
            </div>
          )}
          {shown("meetings") && (
            <div hidden={page !== "meetings"} data-sd-page="meetings">
              <MeetingsPage state={state} active={page === "meetings"} onOpenCase={onOpenCase} />
            </div>
          )}
          {shown("intake") && (
            <div hidden={page !== "intake"} data-sd-page="intake">
              <IntakePage
                active={page === "intake"}
                categories={categories}
                staff={state.staff}
                onCreated={casesChanged}
                onOpenCase={onOpenCase}
              />
            </div>
          )}
          {shown("register") && (
            <div hidden={page !== "register"} data-sd-page="register">
              <RegisterPage categories={categories} active={page === "register"} onOpenCase={onOpenCase} />
            </div>
          )}
          {shown("dashboard") && (
            <div hidden={page !== "dashboard"} data-sd-page="dashboard">
              <DashboardPage active={page === "dashboard"} />
            </div>
          )}
          {shown("report") && (
            <div hidden={page !== "report"} data-sd-page="report">
              <ReportPage active={page === "report"} />
            </div>
          )}
          {shown("notices") && (
            <div hidden={page !== "notices"} data-sd-page="notices">
              <NoticesPage state={state} />
            </div>
          )}
          {shown("audit") && (
            <div hidden={page !== "audit"} data-sd-page="audit">
              <AuditLogPage state={state} active={page === "audit"} />
            </div>
          )}
          {shown("settings") && (
            <div hidden={page !== "settings"} data-sd-page="settings">
              <SettingsPage
                state={state}
                categories={categories}
                onCategoriesChanged={categoriesChanged}
                onStateChanged={onStateChanged}
              />
            </div>
          )}
        </Layout.Content>
      </Layout>
      <CaseDetailDrawer
        caseNumber={allowed.has("cases_read") ? route.caseNumber : null}
        caseId={route.caseId}
        staff={state.staff}
        onClose={closeCase}
        onOpenCase={onOpenCase}
        onChanged={casesChanged}
      />
    </Layout>
  );
}
