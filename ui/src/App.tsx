import {
  BarChartOutlined,
  CalendarOutlined,
  CarryOutOutlined,
  FileTextOutlined,
  FormOutlined,
  HomeOutlined,
  SettingOutlined,
  SolutionOutlined,
  TableOutlined,
  UserOutlined,
} from "@ant-design/icons";
import { QueryClientProvider } from "@tanstack/react-query";
import { App as AntApp, Button, ConfigProvider, Layout, Menu, Result, Spin, Typography, theme } from "antd";
import zhCN from "antd/locale/zh_CN";
import { useCallback, useEffect, useState } from "react";
import { type AppState, type Category, commands, events, type ReminderShown } from "./bindings";
import CaseDetailDrawer from "./features/cases/CaseDetailDrawer";
import IntakePage from "./features/cases/IntakePage";
import RegisterPage from "./features/cases/RegisterPage";
import DashboardPage from "./features/dashboard/DashboardPage";
import ErrandsPage from "./features/errands/ErrandsPage";
import MeetingsPage from "./features/meetings/MeetingsPage";
import NoticesPage from "./features/notices/NoticesPage";
import CalendarPage from "./features/schedule/CalendarPage";
import TodayPage from "./features/schedule/TodayPage";
import SettingsPage from "./features/station/SettingsPage";
import SetupPage from "./features/station/SetupPage";
import StaffPicker from "./features/station/StaffPicker";
import { call, errorMessage } from "./lib/ipc";
import { createQueryClient } from "./lib/queryClient";

const FONT_FAMILY =
  '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif';

const appTheme = {
  algorithm: theme.defaultAlgorithm,
  token: {
    fontFamily: FONT_FAMILY,
    fontSize: 15,
    colorPrimary: "#1d5fb4",
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

export default function Root() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider locale={zhCN} theme={appTheme}>
        <AntApp style={{ height: "100%" }}>
          <StationDesk />
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}

type Load = { kind: "loading" } | { kind: "error"; message: string } | { kind: "ready"; state: AppState };

/** Decides between first-run setup, the on-duty picker and the workbench. */
function StationDesk() {
  const [load, setLoad] = useState<Load>({ kind: "loading" });
  const [choosingStaff, setChoosingStaff] = useState(false);

  const reload = useCallback(async () => {
    setLoad({ kind: "loading" });
    try {
      setLoad({ kind: "ready", state: await call(commands.appState()) });
    } catch (e) {
      setLoad({ kind: "error", message: errorMessage(e) });
    }
  }, []);

  useEffect(() => {
    void reload();
  }, [reload]);

  if (load.kind === "loading") {
    return (
      <div className="sd-center-page">
        <Spin size="large" description="正在打开工作台…" />
      </div>
    );
  }
  if (load.kind === "error") {
    return (
      <div className="sd-center-page">
        <Result
          status="error"
          title="无法打开工作台"
          subTitle={load.message}
          extra={
            <Button type="primary" onClick={() => void reload()}>
              重试
            </Button>
          }
        />
      </div>
    );
  }

  const { state } = load;
  const ready = (next: AppState) => {
    setChoosingStaff(false);
    setLoad({ kind: "ready", state: next });
  };
  if (state.station === null) {
    return <SetupPage onDone={ready} />;
  }
  if (state.currentStaff === null) {
    return <StaffPicker state={state} onDone={ready} />;
  }
  // While the next person on duty is picked, the workbench stays mounted (hidden), so a
  // half-typed form survives the hand-over.
  return (
    <>
      {choosingStaff && <StaffPicker state={state} onDone={ready} onCancel={() => setChoosingStaff(false)} />}
      <div hidden={choosingStaff} style={{ height: "100%" }}>
        <Workbench
          state={state}
          onSwitchStaff={() => setChoosingStaff(true)}
          onStateChanged={(next) => setLoad({ kind: "ready", state: next })}
        />
      </div>
    </>
  );
}

type PageKey =
  | "today"
  | "intake"
  | "register"
  | "errands"
  | "calendar"
  | "meetings"
  | "dashboard"
  | "notices"
  | "settings";

const MENU_ITEMS = [
  { key: "today", icon: <HomeOutlined />, label: <span data-testid="nav-today">今日</span> },
  { key: "intake", icon: <FormOutlined />, label: <span data-testid="nav-intake">登记诉求</span> },
  { key: "register", icon: <TableOutlined />, label: <span data-testid="nav-register">诉求台账</span> },
  { key: "errands", icon: <CarryOutOutlined />, label: <span data-testid="nav-errands">办事登记</span> },
  { key: "calendar", icon: <CalendarOutlined />, label: <span data-testid="nav-calendar">日程活动</span> },
  { key: "meetings", icon: <SolutionOutlined />, label: <span data-testid="nav-meetings">恳谈会</span> },
  { key: "dashboard", icon: <BarChartOutlined />, label: <span data-testid="nav-dashboard">统计</span> },
  { key: "notices", icon: <FileTextOutlined />, label: <span data-testid="nav-notices">通知</span> },
  { key: "settings", icon: <SettingOutlined />, label: <span data-testid="nav-settings">设置</span> },
];

function Workbench({
  state,
  onSwitchStaff,
  onStateChanged,
}: {
  state: AppState;
  onSwitchStaff: () => void;
  onStateChanged: (next: AppState) => void;
}) {
  const { message, notification } = AntApp.useApp();
  const [page, setPage] = useState<PageKey>("today");
  // Pages stay mounted once visited, so a half-typed form or the register's filters survive
  // a trip to another page.
  const [visited, setVisited] = useState<ReadonlySet<PageKey>>(new Set(["today"]));
  const [categories, setCategories] = useState<Category[]>([]);
  const [openCaseId, setOpenCaseId] = useState<number | null>(null);
  // Bumped when a case is logged or the register is shown again, so it re-reads.
  const [registerVersion, setRegisterVersion] = useState(0);

  const reloadCategories = useCallback(async () => {
    try {
      setCategories(await call(commands.listCategories()));
    } catch (e) {
      message.error(errorMessage(e));
    }
  }, [message]);

  useEffect(() => {
    void reloadCategories();
  }, [reloadCategories]);

  const go = useCallback((key: PageKey) => {
    setPage(key);
    setVisited((v) => new Set(v).add(key));
    if (key === "register") setRegisterVersion((n) => n + 1);
  }, []);

  // Reminders from the shell (also shown as desktop notifications): what starts within
  // the hour, cases about to go overdue. They stay until closed.
  useEffect(() => {
    const show = (r: ReminderShown) => {
      const open = () => {
        if (r.kind === "case") setOpenCaseId(r.id);
        else go(r.kind === "meeting" ? "meetings" : "calendar");
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
  }, [go, notification]);

  const station = state.station;
  return (
    <Layout style={{ minHeight: "100%" }}>
      <Layout.Header style={{ display: "flex", alignItems: "center", gap: 16, color: "#fff" }}>
        <Typography.Text strong style={{ color: "#fff", fontSize: 18, whiteSpace: "nowrap" }}>
          {station?.name}
        </Typography.Text>
        <span style={{ color: "rgba(255,255,255,0.65)", whiteSpace: "nowrap" }}>社区服务站工作台</span>
        <span style={{ flex: 1 }} />
        <span style={{ whiteSpace: "nowrap" }} data-testid="current-staff">
          <UserOutlined /> 当班：{state.currentStaff?.name}
        </span>
        <Button
          type="link"
          size="small"
          style={{ color: "#bcd7ff", padding: 0 }}
          onClick={onSwitchStaff}
          data-testid="staff-switch"
        >
          切换
        </Button>
      </Layout.Header>
      <Layout>
        <Layout.Sider width={160} theme="light" style={{ borderRight: "1px solid #e5e8ee" }}>
          <Menu
            mode="inline"
            selectedKeys={[page]}
            items={MENU_ITEMS}
            onClick={({ key }) => go(key as PageKey)}
            style={{ borderInlineEnd: "none", paddingTop: 8, fontSize: 15 }}
          />
        </Layout.Sider>
        <Layout.Content style={{ padding: 16, overflow: "auto" }}>
          {visited.has("today") && (
            <div hidden={page !== "today"}>
              <TodayPage state={state} active={page === "today"} onOpenCase={setOpenCaseId} />
            </div>
          )}
          {visited.has("errands") && (
            <div hidden={page !== "errands"}>
              <ErrandsPage state={state} active={page === "errands"} onOpenCase={setOpenCaseId} />
            </div>
          )}
          {visited.has("calendar") && (
            <div hidden={page !== "calendar"}>
              <CalendarPage state={state} active={page === "calendar"} onOpenCase={setOpenCaseId} />
            </div>
          )}
          {visited.has("meetings") && (
            <div hidden={page !== "meetings"}>
              <MeetingsPage state={state} active={page === "meetings"} onOpenCase={setOpenCaseId} />
            </div>
          )}
          {visited.has("intake") && (
            <div hidden={page !== "intake"}>
              <IntakePage
                active={page === "intake"}
                categories={categories}
                staff={state.staff}
                onCreated={() => setRegisterVersion((n) => n + 1)}
                onOpenCase={setOpenCaseId}
              />
            </div>
          )}
          {visited.has("register") && (
            <div hidden={page !== "register"}>
              <RegisterPage categories={categories} version={registerVersion} onOpenCase={setOpenCaseId} />
            </div>
          )}
          {visited.has("dashboard") && (
            <div hidden={page !== "dashboard"}>
              <DashboardPage active={page === "dashboard"} />
            </div>
          )}
          {visited.has("notices") && (
            <div hidden={page !== "notices"}>
              <NoticesPage state={state} />
            </div>
          )}
          {visited.has("settings") && (
            <div hidden={page !== "settings"}>
              <SettingsPage
                state={state}
                categories={categories}
                onCategoriesChanged={() => void reloadCategories()}
                onStateChanged={onStateChanged}
              />
            </div>
          )}
        </Layout.Content>
      </Layout>
      <CaseDetailDrawer
        caseId={openCaseId}
        staff={state.staff}
        onClose={() => setOpenCaseId(null)}
        onOpenCase={setOpenCaseId}
        onChanged={() => setRegisterVersion((n) => n + 1)}
      />
    </Layout>
  );
}
