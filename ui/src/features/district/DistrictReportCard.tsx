// 工作报告 for the street office: the district's month or year over every station (街道汇总),
// signed with the office's name, or one station's own work report as the station prints
// it. The PDF opens in the notices' preview (save, print); the district's figures are
// saved as Excel through the program's save dialog.
import { EyeOutlined, FileExcelOutlined } from "@ant-design/icons";
import { App, Button, Card, Flex, Input, Select } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { commands, type PrintedNotice, type StationLine } from "../../bindings";
import { scaled } from "../../lib/display";
import { call, errorMessage } from "../../lib/ipc";
import NoticePreviewModal from "../notices/NoticePreviewModal";
import ReportPeriodPicker, { type ReportKind, reportPeriod } from "../report/ReportPeriodPicker";

/** As the core bounds it (`stationdesk_model::report::MAX_ISSUER_CHARS`). */
const MAX_ISSUER = 30;
/** The signature is the office's, the same every month: this computer remembers it. */
const ISSUER_KEY = "stationdesk.districtReport.issuer";
/** The report over every station, in the station picker. */
const ALL = 0;

function rememberedIssuer(): string {
  try {
    return localStorage.getItem(ISSUER_KEY) ?? "";
  } catch {
    return "";
  }
}

export default function DistrictReportCard({ stations }: { stations: StationLine[] }) {
  const { message } = App.useApp();
  const [kind, setKind] = useState<ReportKind>("month");
  const [day, setDay] = useState<Dayjs>(() => dayjs().subtract(1, "month"));
  const [issuer, setIssuer] = useState(rememberedIssuer);
  const [stationId, setStationId] = useState<number>(ALL);
  const [busy, setBusy] = useState<"pdf" | "xlsx" | null>(null);
  const [printed, setPrinted] = useState<PrintedNotice | null>(null);
  const period = reportPeriod(kind, day);
  const whole = stationId === ALL;

  const keepIssuer = () => {
    try {
      localStorage.setItem(ISSUER_KEY, issuer.trim());
    } catch {
      // Not remembered: typed again next time.
    }
  };

  const preview = async () => {
    setBusy("pdf");
    try {
      if (whole) {
        const pdf = await call(commands.printDistrictReport(period, issuer));
        keepIssuer();
        setPrinted(pdf);
      } else {
        setPrinted(await call(commands.printStationReport(stationId, period)));
      }
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const saveXlsx = async () => {
    setBusy("xlsx");
    try {
      const path = await call(commands.saveDistrictReportXlsx(period, issuer));
      keepIssuer();
      if (path !== null) message.success(`已保存到 ${path}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const title = whole ? "街道汇总报告" : "服务站工作报告";
  return (
    <Card title="工作报告" size="small" style={{ marginTop: 16 }} data-testid="district-report">
      <Flex align="center" gap={12} wrap>
        <ReportPeriodPicker kind={kind} day={day} onKind={setKind} onDay={setDay} testId="district-report" />
        <Select<number>
          value={stationId}
          onChange={setStationId}
          style={{ width: scaled(260) }}
          options={[
            { value: ALL, label: "街道汇总（全部服务站）" },
            ...stations.map((s) => ({ value: s.station.id, label: s.station.name })),
          ]}
          data-testid="district-report-station"
        />
        {whole && (
          <Input
            value={issuer}
            maxLength={MAX_ISSUER}
            onChange={(e) => setIssuer(e.target.value)}
            placeholder="署名，如：荣华街道办事处"
            style={{ width: scaled(240) }}
            data-testid="district-report-issuer"
          />
        )}
        <Button
          type="primary"
          icon={<EyeOutlined />}
          loading={busy === "pdf"}
          disabled={busy !== null}
          onClick={() => void preview()}
          data-testid="district-report-preview"
        >
          预览 PDF
        </Button>
        {whole && (
          <Button
            icon={<FileExcelOutlined />}
            loading={busy === "xlsx"}
            disabled={busy !== null}
            onClick={() => void saveXlsx()}
            data-testid="district-report-xlsx"
          >
            保存 Excel
          </Button>
        )}
      </Flex>
      <NoticePreviewModal notice={printed} title={title} onClose={() => setPrinted(null)} />
    </Card>
  );
}
