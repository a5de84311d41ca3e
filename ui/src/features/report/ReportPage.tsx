// 工作报告: a month's or a year's figures as the street office asks for them, typical cases
// drafted from case timelines and edited here, the PDF previewed (the notices' preview,
// save and print) and the figures saved as Excel. The program shows the save dialogs.
import { DeleteOutlined, EyeOutlined, FileExcelOutlined, PlusOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Flex,
  Input,
  Row,
  Select,
  Spin,
  Tooltip,
  Typography,
} from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { useState } from "react";
import { commands, type PrintedNotice, type TypicalCase } from "../../bindings";
import { useDisplay } from "../../lib/DisplayContext";
import { scaled } from "../../lib/display";
import { call, errorMessage } from "../../lib/ipc";
import { keys } from "../../lib/queries";
import NoticePreviewModal from "../notices/NoticePreviewModal";
import ReportPeriodPicker, { type ReportKind, reportPeriod } from "./ReportPeriodPicker";

/** As the core bounds them (`stationdesk_model::report`). */
const MAX_CASES = 5;
const MAX_TITLE = 40;
const MAX_TEXT = 1000;

function CasePicker({ onPick, disabled }: { onPick: (caseId: number) => void; disabled: boolean }) {
  const [text, setText] = useState("");
  const found = useQuery({
    queryKey: keys.cases({ text, page: 1, pageSize: 20 }),
    queryFn: () =>
      call(commands.listCases({ text: text.trim() === "" ? null : text, page: 1, pageSize: 20 })),
  });
  return (
    <Select<number>
      showSearch={{ filterOption: false, onSearch: setText }}
      value={null}
      placeholder="输入编号或标题中的字词，选一件诉求加入典型案例"
      style={{ width: scaled(460), maxWidth: "100%" }}
      disabled={disabled}
      loading={found.isFetching}
      notFoundContent={found.isFetching ? <Spin size="small" /> : "没有找到诉求"}
      options={(found.data?.items ?? []).map((c) => ({
        value: c.id,
        label: `${c.number}　${c.title}`,
      }))}
      onChange={(id) => onPick(id)}
      data-testid="report-case-picker"
    />
  );
}

export default function ReportPage({ active }: { active: boolean }) {
  const wide = useDisplay().prefs.textSize === "standard" ? 12 : 24;
  const { message } = App.useApp();
  const [kind, setKind] = useState<ReportKind>("month");
  const [day, setDay] = useState<Dayjs>(() => dayjs().subtract(1, "month"));
  const [cases, setCases] = useState<TypicalCase[]>([]);
  const [printed, setPrinted] = useState<PrintedNotice | null>(null);
  const [busy, setBusy] = useState<"draft" | "pdf" | "xlsx" | null>(null);
  const period = reportPeriod(kind, day);
  const report = useQuery({
    queryKey: ["workReport", period],
    queryFn: () => call(commands.workReport(period)),
    enabled: active,
  });

  const addCase = async (caseId: number) => {
    if (cases.some((c) => c.caseId === caseId)) {
      message.info("这件诉求已在典型案例中");
      return;
    }
    setBusy("draft");
    try {
      const drafted = await call(commands.draftTypicalCase(caseId));
      setCases((list) => [...list, drafted]);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const edit = (i: number, change: Partial<TypicalCase>) =>
    setCases((list) => list.map((c, j) => (j === i ? { ...c, ...change } : c)));

  const preview = async () => {
    setBusy("pdf");
    try {
      setPrinted(await call(commands.printWorkReport(period, cases)));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const saveXlsx = async () => {
    setBusy("xlsx");
    try {
      const path = await call(commands.saveReportXlsx(period));
      if (path !== null) message.success(`已保存到 ${path}`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const r = report.data;
  const f = r?.figures;
  const s = r?.services;
  return (
    <div>
      <Flex align="center" gap={16} wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          工作报告
        </Typography.Title>
        <ReportPeriodPicker kind={kind} day={day} onKind={setKind} onDay={setDay} testId="report" />
        <Button
          type="primary"
          icon={<EyeOutlined />}
          loading={busy === "pdf"}
          disabled={busy !== null || !r}
          onClick={() => void preview()}
          data-testid="report-preview"
        >
          预览 PDF
        </Button>
        <Button
          icon={<FileExcelOutlined />}
          loading={busy === "xlsx"}
          disabled={busy !== null || !r}
          onClick={() => void saveXlsx()}
          data-testid="report-xlsx"
        >
          保存 Excel
        </Button>
      </Flex>

      {report.error && (
        <Alert type="error" showIcon title={errorMessage(report.error)} style={{ marginBottom: 12 }} />
      )}
      {!r && report.isFetching && (
        <div style={{ textAlign: "center", padding: 64 }}>
          <Spin size="large" />
        </div>
      )}
      {r && f && s && (
        // Side by side from 992 px at 标准; with larger text only from 1200 px.
        <Row gutter={[16, 16]}>
          <Col xs={24} lg={wide} xl={12}>
            <Card title={r.title} size="small" data-testid="report-figures">
              <Descriptions column={2} size="small" bordered>
                <Descriptions.Item label="受理诉求">{f.received} 件</Descriptions.Item>
                <Descriptions.Item label="办结">{f.resolved} 件</Descriptions.Item>
                <Descriptions.Item label="超期">{f.overdue} 件</Descriptions.Item>
                <Descriptions.Item label="重新处理">{f.reopened} 件</Descriptions.Item>
                {r.rates.map((l) => (
                  <Descriptions.Item
                    key={l.name}
                    label={
                      <Tooltip title={l.formula}>
                        <span style={{ borderBottom: "1px dashed" }}>{l.name}</span>
                      </Tooltip>
                    }
                  >
                    {l.text}（{l.numerator}/{l.denominator}）
                  </Descriptions.Item>
                ))}
                <Descriptions.Item label="开展服务">{s.services} 次</Descriptions.Item>
                <Descriptions.Item label="服务群众">{s.personTimes} 人次</Descriptions.Item>
                <Descriptions.Item label="会议">{s.meetings} 场</Descriptions.Item>
                <Descriptions.Item label="代办服务">{s.errands} 件</Descriptions.Item>
              </Descriptions>
            </Card>
          </Col>
          <Col xs={24} lg={wide} xl={12}>
            <Card title="诉求类别" size="small">
              {r.topCategories.length === 0 ? (
                <Empty description="本期没有受理诉求" />
              ) : (
                <Descriptions column={1} size="small">
                  {r.topCategories.map((c) => (
                    <Descriptions.Item key={c.name} label={c.name}>
                      {c.received} 件
                    </Descriptions.Item>
                  ))}
                </Descriptions>
              )}
            </Card>
          </Col>
          <Col span={24}>
            <Card
              title={`典型案例（${cases.length}/${MAX_CASES}）`}
              size="small"
              extra={
                <CasePicker
                  onPick={(id) => void addCase(id)}
                  disabled={busy !== null || cases.length >= MAX_CASES}
                />
              }
            >
              {cases.length === 0 && (
                <Typography.Text type="secondary">
                  <PlusOutlined /> 选一件诉求，程序按其办理经过起草一段文字，可在这里修改后再生成报告。
                </Typography.Text>
              )}
              <Flex vertical gap={16}>
                {cases.map((c, i) => (
                  <Flex key={c.caseId} vertical gap={8} data-testid="report-typical-case">
                    <Flex gap={8}>
                      <Input
                        value={c.title}
                        maxLength={MAX_TITLE}
                        onChange={(e) => edit(i, { title: e.target.value })}
                        addonBefore="标题"
                      />
                      <Button
                        danger
                        icon={<DeleteOutlined />}
                        onClick={() => setCases((list) => list.filter((_, j) => j !== i))}
                      >
                        移除
                      </Button>
                    </Flex>
                    <Input.TextArea
                      value={c.text}
                      maxLength={MAX_TEXT}
                      showCount
                      autoSize={{ minRows: 3, maxRows: 10 }}
                      onChange={(e) => edit(i, { text: e.target.value })}
                    />
                  </Flex>
                ))}
              </Flex>
            </Card>
          </Col>
        </Row>
      )}
      <NoticePreviewModal notice={printed} title={r?.title ?? "工作报告"} onClose={() => setPrinted(null)} />
    </div>
  );
}
