import {
  CheckCircleFilled,
  EditOutlined,
  FormOutlined,
  PrinterOutlined,
  StopOutlined,
} from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  Descriptions,
  Divider,
  Drawer,
  Empty,
  Flex,
  Popconfirm,
  Spin,
  Tag,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import {
  type AppState,
  type Conflict,
  commands,
  type LinkedCase,
  type Meeting,
  type PrintedNotice,
} from "../../bindings";
import { call, errorMessage } from "../../lib/ipc";
import { keys, useMeeting } from "../../lib/queries";
import { formatDateTime } from "../../lib/time";
import { labelOf, PARTY_KIND_LABELS, STATUS_LABELS } from "../cases/labels";
import StatusTag from "../cases/StatusTag";
import NoticePreviewModal from "../notices/NoticePreviewModal";
import ConflictAlert from "../schedule/ConflictAlert";
import { cn } from "../schedule/labels";
import { MEETING_KIND_LABELS, MEETING_STATUS_COLORS, MEETING_STATUS_LABELS } from "./labels";
import MeetingForm from "./MeetingForm";
import OutcomeModal from "./OutcomeModal";

/** `2026-12-03（周四）14:30–16:00`, in China time like the calendar. */
export function meetingTime(start: string, end: string): string {
  const s = cn(start);
  const e = cn(end);
  const week = "日一二三四五六"[s.day()];
  return `${s.format("YYYY-MM-DD")}（周${week}）${s.format("HH:mm")}–${e.format(
    e.isSame(s, "day") ? "HH:mm" : "MM-DD HH:mm",
  )}`;
}

function CaseLink({
  c,
  onOpenCase,
  testId,
}: {
  c: LinkedCase;
  onOpenCase: (id: number, number?: string) => void;
  testId: string;
}) {
  return (
    <Typography.Link onClick={() => onOpenCase(c.id, c.number)} data-testid={testId}>
      {c.number}
    </Typography.Link>
  );
}

type Props = {
  meetingId: number | null;
  /** Double bookings reported when the meeting was just saved. */
  conflicts: Conflict[];
  state: AppState;
  places: string[];
  onClose: () => void;
  onChanged: (conflicts?: Conflict[]) => void;
  onOpenCase: (id: number, number?: string) => void;
};

/** One meeting with everything: print its notice, edit, cancel, record what was decided. */
export default function MeetingDrawer({
  meetingId,
  conflicts,
  state,
  places,
  onClose,
  onChanged,
  onOpenCase,
}: Props) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const query = useMeeting(meetingId);
  const meeting = query.data ?? null;
  const loadError = query.error ? errorMessage(query.error) : null;
  /** A saved meeting as the command returned it: shown at once, then read again. */
  const setMeeting = (m: Meeting) => queryClient.setQueryData(keys.meeting(m.id), m);
  const [modal, setModal] = useState<"edit" | "outcome" | null>(null);
  const [printing, setPrinting] = useState(false);
  const [notice, setNotice] = useState<PrintedNotice | null>(null);
  const [cancelling, setCancelling] = useState(false);

  // Another meeting opened (or the drawer closed): no dialog stays open.
  const [opened, setOpened] = useState(meetingId);
  if (opened !== meetingId) {
    setOpened(meetingId);
    setModal(null);
  }

  const print = async () => {
    if (!meeting) return;
    setPrinting(true);
    try {
      setNotice(await call(commands.printMeetingNotice(meeting.id)));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setPrinting(false);
    }
  };

  const cancel = async () => {
    if (!meeting) return;
    setCancelling(true);
    try {
      setMeeting(await call(commands.cancelMeeting(meeting.id)));
      message.success("会议已取消");
      onChanged();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setCancelling(false);
    }
  };

  const m = meeting;
  const open = meetingId !== null;
  const started = m !== null && dayjs(m.start).isBefore(dayjs().add(30, "minute"));
  return (
    <Drawer
      open={open}
      onClose={onClose}
      size={760}
      zIndex={990}
      title={m ? m.title : "会议"}
      destroyOnHidden
      extra={
        m && (
          <Tag color={MEETING_STATUS_COLORS[m.status]} style={{ fontSize: 14 }} data-testid="meeting-status">
            {MEETING_STATUS_LABELS[m.status]}
          </Tag>
        )
      }
    >
      {loadError && <Alert type="error" showIcon title={loadError} />}
      {!m && !loadError && (
        <div style={{ textAlign: "center", padding: 48 }}>
          <Spin />
        </div>
      )}
      {m && (
        <div data-testid="meeting-detail">
          <ConflictAlert conflicts={conflicts} testId="meeting-conflicts" />
          <Flex gap={8} wrap style={{ marginBottom: 12 }}>
            <Button
              type="primary"
              icon={<PrinterOutlined />}
              loading={printing}
              onClick={() => void print()}
              disabled={m.status === "cancelled"}
              data-testid="meeting-print"
            >
              打印会议通知
            </Button>
            {m.status !== "cancelled" && (
              <Button
                icon={<FormOutlined />}
                onClick={() => setModal("outcome")}
                disabled={!started}
                title={started ? undefined : "开会后再记录参会情况、纪要和决定"}
                data-testid="meeting-outcome-open"
              >
                {m.status === "held" ? "补充会后记录" : "会后记录"}
              </Button>
            )}
            {m.status === "scheduled" && (
              <>
                <Button icon={<EditOutlined />} onClick={() => setModal("edit")} data-testid="meeting-edit">
                  修改
                </Button>
                <Popconfirm
                  title="取消这次会议？"
                  description="取消后不能再修改或记录纪要；已发出的通知请另行告知各方。"
                  okText="取消会议"
                  cancelText="不取消"
                  okButtonProps={{ danger: true }}
                  onConfirm={() => void cancel()}
                >
                  <Button danger icon={<StopOutlined />} loading={cancelling} data-testid="meeting-cancel">
                    取消会议
                  </Button>
                </Popconfirm>
              </>
            )}
          </Flex>
          {m.status === "scheduled" && !started && (
            <Typography.Paragraph type="secondary" style={{ marginTop: -4 }}>
              会议开始后可填写“会后记录”：参会情况、纪要和决定。
            </Typography.Paragraph>
          )}

          <Descriptions column={1} size="small" bordered styles={{ label: { width: 128 } }}>
            <Descriptions.Item label="会议类型">{MEETING_KIND_LABELS[m.kind]}</Descriptions.Item>
            <Descriptions.Item label="会议时间">
              <span data-testid="meeting-time">{meetingTime(m.start, m.end)}</span>
            </Descriptions.Item>
            <Descriptions.Item label="会议地点">
              <span data-testid="meeting-place-text">{m.place}</span>
            </Descriptions.Item>
            {m.purpose && (
              <Descriptions.Item label="会议目的">
                <div className="sd-pre">为{m.purpose}</div>
              </Descriptions.Item>
            )}
            <Descriptions.Item label="联系人">
              {[m.contactPerson, m.contactPhone].filter(Boolean).join("　") || "—"}
            </Descriptions.Item>
            <Descriptions.Item label="邀请单位和代表">
              {m.parties.length === 0 ? (
                "—"
              ) : (
                <Flex wrap gap={6} data-testid="meeting-parties-list">
                  {m.parties.map((p) => (
                    <Tag
                      key={p.partyId}
                      color={p.attended === false ? "default" : p.attended ? "green" : "blue"}
                      style={{ marginInlineEnd: 0 }}
                    >
                      {labelOf(PARTY_KIND_LABELS, p.partyKind)}：{p.name}
                      {p.attended === true && "（到会）"}
                      {p.attended === false && "（未到）"}
                    </Tag>
                  ))}
                </Flex>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="工作人员">
              {m.staff.length === 0
                ? "—"
                : m.staff
                    .map(
                      (s) =>
                        `${s.staff.name}${s.attended === true ? "（到会）" : s.attended === false ? "（未到）" : ""}`,
                    )
                    .join("、")}
            </Descriptions.Item>
            {m.otherAttendees.length > 0 && (
              <Descriptions.Item label="其他参会人员">{m.otherAttendees.join("、")}</Descriptions.Item>
            )}
          </Descriptions>

          <Divider titlePlacement="start" style={{ marginTop: 20 }}>
            议程
          </Divider>
          {m.agenda.length === 0 ? (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有填写议程" />
          ) : (
            <ol style={{ paddingInlineStart: 22, margin: 0 }} data-testid="meeting-agenda-list">
              {m.agenda.map((a) => (
                <li key={a.id} style={{ marginBottom: 6 }}>
                  {a.title}
                  {a.case && (
                    <span style={{ marginInlineStart: 8 }}>
                      <CaseLink
                        c={a.case}
                        onOpenCase={onOpenCase}
                        testId={`meeting-agenda-case-${a.case.number}`}
                      />{" "}
                      <StatusTag status={a.case.status} />
                    </span>
                  )}
                  {a.note && <div style={{ color: "#8c8c8c", fontSize: 13 }}>{a.note}</div>}
                </li>
              ))}
            </ol>
          )}

          {(m.status === "held" || m.minutes || m.decisions.length > 0) && (
            <>
              <Divider titlePlacement="start">会议纪要</Divider>
              {m.minutes ? (
                <div className="sd-pre" data-testid="meeting-minutes">
                  {m.minutes}
                </div>
              ) : (
                <Typography.Text type="secondary">没有填写纪要</Typography.Text>
              )}
              <Divider titlePlacement="start">会议决定</Divider>
              {m.decisions.length === 0 ? (
                <Typography.Text type="secondary">没有记录决定</Typography.Text>
              ) : (
                <ol style={{ paddingInlineStart: 22, margin: 0 }} data-testid="meeting-decisions">
                  {m.decisions.map((d) => (
                    <li key={d.id} style={{ marginBottom: 10 }}>
                      <div className="sd-pre">{d.text}</div>
                      {d.case && (
                        <Flex gap={6} align="center" wrap style={{ marginTop: 4, fontSize: 13 }}>
                          <span>诉求</span>
                          <CaseLink
                            c={d.case}
                            onOpenCase={onOpenCase}
                            testId={`meeting-decision-case-${d.case.number}`}
                          />
                          <Typography.Text ellipsis style={{ maxWidth: 300 }}>
                            {d.case.title}
                          </Typography.Text>
                          {d.caseToStatus && d.caseMoved && (
                            <Tag
                              color="orange"
                              icon={<CheckCircleFilled />}
                              data-testid="meeting-decision-moved"
                            >
                              诉求已转为{STATUS_LABELS[d.caseToStatus]}
                            </Tag>
                          )}
                          {d.caseToStatus && !d.caseMoved && (
                            <Tag>拟转为{STATUS_LABELS[d.caseToStatus]}（未执行）</Tag>
                          )}
                          {d.case.status !== d.caseToStatus && (
                            <>
                              <span style={{ color: "#8c8c8c" }}>现为</span>
                              <StatusTag status={d.case.status} />
                            </>
                          )}
                        </Flex>
                      )}
                    </li>
                  ))}
                </ol>
              )}
            </>
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 20, fontSize: 13 }}>
            {m.createdBy} 于 {formatDateTime(m.createdAt)} 创建
            {m.updatedAt !== m.createdAt && `，最后修改于 ${formatDateTime(m.updatedAt)}`}
          </Typography.Paragraph>

          {modal === "edit" && (
            <MeetingForm
              meeting={m}
              staff={state.staff}
              currentStaff={state.currentStaff}
              places={places}
              onClose={() => setModal(null)}
              onSaved={(saved) => {
                setModal(null);
                setMeeting(saved.meeting);
                message.success("会议已修改");
                onChanged(saved.conflicts);
              }}
            />
          )}
          {modal === "outcome" && (
            <OutcomeModal
              meeting={m}
              onClose={() => setModal(null)}
              onSaved={(saved) => {
                setModal(null);
                setMeeting(saved);
                const moved =
                  saved.decisions.filter((d) => d.caseMoved).length -
                  m.decisions.filter((d) => d.caseMoved).length;
                message.success(moved > 0 ? `会后记录已保存，${moved} 件诉求已按决定推进` : "会后记录已保存");
                onChanged();
              }}
            />
          )}
          <NoticePreviewModal
            notice={notice}
            title={`会议通知　${m.title}`}
            onClose={() => setNotice(null)}
          />
        </div>
      )}
    </Drawer>
  );
}
