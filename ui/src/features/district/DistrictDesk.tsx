// The window of a street-office (街道) login on a district server: no station, no one on
// duty, nothing to write. The ranking of every station (#/district), a station's register
// (#/district/<stationId>) and a case over it (#/district/<stationId>/cases/<id>).
import { EyeOutlined } from "@ant-design/icons";
import { Layout, Typography } from "antd";
import { useCallback, useState } from "react";
import { Navigate, useNavigate } from "react-router";
import type { AppState } from "../../bindings";
import { scaled } from "../../lib/display";
import { useDistrictDashboard } from "../../lib/queries";
import { useDistrictRoute } from "../../routes";
import { type Period, periodQuery, thisYear } from "../dashboard/PeriodBar";
import DatabaseBanner from "../station/DatabaseBanner";
import DistrictCaseDrawer from "./DistrictCaseDrawer";
import DistrictPage from "./DistrictPage";
import StationRegisterPage from "./StationRegisterPage";

export default function DistrictDesk({ state }: { state: AppState }) {
  const navigate = useNavigate();
  const route = useDistrictRoute();
  const [period, setPeriod] = useState<Period>(thisYear);
  // The ranking's stations name the one whose register is open (the same query, cached).
  const stations = useDistrictDashboard(periodQuery(period)).data?.stations ?? [];
  const station = stations.find((s) => s.station.id === route.stationId)?.station ?? null;

  const openStation = useCallback((id: number) => navigate(`/district/${id}`), [navigate]);
  const openCase = useCallback(
    (id: number) => route.stationId !== null && navigate(`/district/${route.stationId}/cases/${id}`),
    [navigate, route.stationId],
  );
  const closeCase = useCallback(
    () => route.stationId !== null && navigate(`/district/${route.stationId}`),
    [navigate, route.stationId],
  );

  return (
    <Layout style={{ minHeight: "100%" }}>
      {!route.known && <Navigate to="/district" replace />}
      <Layout.Header style={{ display: "flex", alignItems: "center", gap: 16, color: "#fff" }}>
        <Typography.Text strong style={{ color: "#fff", fontSize: scaled(18), whiteSpace: "nowrap" }}>
          街道工作台
        </Typography.Text>
        <span style={{ color: "rgba(255,255,255,0.65)", whiteSpace: "nowrap" }}>各服务站诉求办理情况</span>
        <span style={{ flex: 1 }} />
        <span style={{ whiteSpace: "nowrap" }} data-testid="district-mode">
          <EyeOutlined /> 只读查看
        </span>
        <Typography.Text
          style={{ color: "rgba(255,255,255,0.65)", maxWidth: 360 }}
          ellipsis={{ tooltip: state.dbLocation }}
        >
          {state.dbLocation}
        </Typography.Text>
      </Layout.Header>
      <DatabaseBanner watch />
      <Layout.Content style={{ padding: 16, overflow: "auto" }}>
        {/* The ranking stays mounted under a station's register, so going back is instant. */}
        <div hidden={route.stationId !== null}>
          <DistrictPage period={period} onPeriodChange={setPeriod} onOpenStation={openStation} />
        </div>
        {route.stationId !== null && (
          <StationRegisterPage
            key={route.stationId}
            stationId={route.stationId}
            station={station}
            active
            onBack={() => navigate("/district")}
            onOpenCase={openCase}
          />
        )}
      </Layout.Content>
      <DistrictCaseDrawer
        stationId={route.stationId}
        caseId={route.caseId}
        onClose={closeCase}
        onOpenCase={openCase}
      />
    </Layout>
  );
}
