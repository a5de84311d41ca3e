// A meeting's record as the drawer shows it: details, who was invited, agenda, minutes
// and decisions with the cases they moved.
import { CheckCircleFilled } from "@ant-design/icons";
import { Descriptions, Divider, Empty, Flex, Tag, Typography } from "antd";
import type { LinkedCase, Meeting } from "../../bindings";
import ActionLink from "../../lib/ActionLink";
import { scaled } from "../../lib/display";
import { MUTED } from "../../lib/theme";
import { labelOf, PARTY_KIND_LABELS, STATUS_LABELS } from "../cases/labels";
import StatusTag from "../cases/StatusTag";
import { MEETING_KIND_LABELS, meetingTime } from "./labels";

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
    <ActionLink onClick={() => onOpenCase(c.id, c.number)} data-testid={testId}>
      {c.number}
    </ActionLink>
  );
}

export default function MeetingRecord({
  meeting: m,
  onOpenCase,
}: {
  meeting: Meeting;
  onOpenCase: (id: number, number?: string) => void;
}) {
  return (
    <>
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
              {a.note && <div style={{ ...MUTED, fontSize: scaled(13) }}>{a.note}</div>}
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
                    <Flex gap={6} align="center" wrap style={{ marginTop: 4, fontSize: scaled(13) }}>
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
                        <Tag color="orange" icon={<CheckCircleFilled />} data-testid="meeting-decision-moved">
                          诉求已转为{STATUS_LABELS[d.caseToStatus]}
                        </Tag>
                      )}
                      {d.caseToStatus && !d.caseMoved && (
                        <Tag>拟转为{STATUS_LABELS[d.caseToStatus]}（未执行）</Tag>
                      )}
                      {d.case.status !== d.caseToStatus && (
                        <>
                          <span style={MUTED}>现为</span>
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
    </>
  );
}
