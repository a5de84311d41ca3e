import { EditOutlined, FormOutlined, PrinterOutlined, StopOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Drawer, Flex, Popconfirm, Spin, Tag, Typography } from "antd";
import dayjs from "dayjs";
import { useState } from "react";
import { type AppState, type Conflict, commands, type Meeting, type PrintedNotice } from "../../bindings";
import { scaled } from "../../lib/display";
import { call, errorMessage } from "../../lib/ipc";
import { keys, useMeeting } from "../../lib/queries";
import { formatDateTime } from "../../lib/time";
import NoticePreviewModal from "../notices/NoticePreviewModal";
import ConflictAlert from "../schedule/ConflictAlert";
import { MEETING_STATUS_COLORS, MEETING_STATUS_LABELS } from "./labels";
import MeetingForm from "./MeetingForm";
import MeetingRecord from "./MeetingRecord";
import OutcomeModal from "./OutcomeModal";

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
  // Which print is under way: the one notice, or a copy for each invited organisation.
  const [printing, setPrinting] = useState<"one" | "each" | null>(null);
  const [notice, setNotice] = useState<PrintedNotice | null>(null);
  const [cancelling, setCancelling] = useState(false);

  // Another meeting opened (or the drawer closed): no dialog stays open.
  const [opened, setOpened] = useState(meetingId);
  if (opened !== meetingId) {
    setOpened(meetingId);
    setModal(null);
  }

  const print = async (copies: "one" | "each") => {
    if (!meeting) return;
    setPrinting(copies);
    try {
      const id = meeting.id;
      setNotice(
        await call(copies === "one" ? commands.printMeetingNotice(id) : commands.printMeetingNotices(id)),
      );
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setPrinting(null);
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
          <Tag
            color={MEETING_STATUS_COLORS[m.status]}
            style={{ fontSize: scaled(14) }}
            data-testid="meeting-status"
          >
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
              loading={printing === "one"}
              onClick={() => void print("one")}
              disabled={m.status === "cancelled"}
              data-testid="meeting-print"
            >
              打印会议通知
            </Button>
            {m.parties.length > 1 && (
              <Button
                icon={<PrinterOutlined />}
                loading={printing === "each"}
                onClick={() => void print("each")}
                disabled={m.status === "cancelled"}
                data-testid="meeting-print-each"
              >
                {`各单位一份（${m.parties.length} 份）`}
              </Button>
            )}
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

          <MeetingRecord meeting={m} onOpenCase={onOpenCase} />
          <Typography.Paragraph type="secondary" style={{ marginTop: 20, fontSize: scaled(13) }}>
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
