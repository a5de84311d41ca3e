// The drawer's content for one read case: status, steps, deadlines, fields, records.
import { Descriptions, type DescriptionsProps, Flex, List, Tag, Typography } from "antd";
import type { ReactNode } from "react";
import type { CaseDetail, Staff } from "../../../bindings";
import ActionLink from "../../../lib/ActionLink";
import { scaled } from "../../../lib/display";
import { formatDateTime } from "../../../lib/time";
import CaseNoticeButtons from "../../notices/CaseNoticeButtons";
import { DueTag } from "../DueTag";
import { channelLabel, labelOf, SATISFACTION_LABELS } from "../labels";
import StatusTag from "../StatusTag";
import ActionBar from "./ActionBar";
import AttachmentsSection, { AttachmentNames } from "./AttachmentsSection";
import Deadlines from "./Deadlines";
import Handling, { HandlingText } from "./Handling";
import History from "./History";
import PartiesSection from "./PartiesSection";
import PhoneReveal from "./PhoneReveal";
import StatusNotes from "./StatusNotes";

const EMPTY = <Typography.Text type="secondary">未填写</Typography.Text>;

function Section({ title, extra, children }: { title: ReactNode; extra?: ReactNode; children: ReactNode }) {
  return (
    <section style={{ marginTop: 28 }}>
      <Flex align="baseline" justify="space-between" style={{ marginBottom: 10 }}>
        <Typography.Title level={5} style={{ margin: 0 }}>
          {title}
        </Typography.Title>
        {extra}
      </Flex>
      {children}
    </section>
  );
}

export default function DetailBody({
  detail,
  staff,
  onChanged,
  onOpenCase,
  readOnly = false,
}: {
  detail: CaseDetail;
  staff: Staff[];
  onChanged: () => void;
  onOpenCase: (id: number, number?: string) => void;
  /** The street office's look into a station's case: every field, no step, no edit, no print. */
  readOnly?: boolean;
}) {
  const c = detail.case;
  const address = detail.addressText;
  const items: DescriptionsProps["items"] = [
    { key: "channel", label: "来源", children: channelLabel(c.channel) },
    { key: "category", label: "分类", children: c.categoryName ?? EMPTY },
    {
      key: "description",
      label: "问题描述",
      span: 2,
      children: c.description ? <div className="sd-pre">{c.description}</div> : EMPTY,
    },
    { key: "resident", label: "居民姓名", children: c.residentName ?? EMPTY },
    {
      key: "phone",
      label: "联系电话",
      children: c.phone ? <PhoneReveal caseId={c.id} masked={c.phone} readOnly={readOnly} /> : EMPTY,
    },
    { key: "address", label: "地址", span: 2, children: address || EMPTY },
    { key: "receivedAt", label: "受理时间", children: formatDateTime(c.receivedAt) },
    { key: "createdBy", label: "登记人", children: c.createdBy },
    { key: "createdAt", label: "登记时间", children: formatDateTime(c.createdAt) },
    { key: "updatedAt", label: "最后更新", children: formatDateTime(c.updatedAt) },
  ];

  return (
    <>
      <Flex align="center" gap={8} wrap>
        <span data-testid="case-status">
          <StatusTag status={c.status} />
        </span>
        {c.dueState !== "done" && <DueTag state={c.dueState} />}
        {c.reopenCount > 0 && <Tag color="magenta">重新处理 {c.reopenCount} 次</Tag>}
        {detail.duplicates.length > 0 && <Tag color="purple">{detail.duplicates.length + 1} 位居民反映</Tag>}
        <Typography.Text strong style={{ fontSize: scaled(17), marginInlineStart: 4 }}>
          {c.title}
        </Typography.Text>
      </Flex>

      <StatusNotes detail={detail} onOpenCase={onOpenCase} />

      {/* A fresh bar and form for each stage of the case: the focus goes to what it asks next.
          The street office's look (readOnly) has no bar and no print. */}
      {!readOnly && (
        <>
          <ActionBar
            key={`${c.id}:${c.status}:${detail.followUps.length}:${detail.surveys.length}`}
            detail={detail}
            onChanged={onChanged}
          />
          <CaseNoticeButtons c={c} replyLetter={detail.replyLetter} onPrinted={onChanged} />
        </>
      )}

      <Deadlines c={c} note={detail.dueNote} />
      {readOnly ? <HandlingText c={c} /> : <Handling c={c} staff={staff} />}

      {c.resolution && (
        <Section title={c.resolvedAt ? "办理结果" : "上次办理结果（已重新处理）"}>
          <div className="sd-pre" data-testid="case-resolution">
            {c.resolution}
          </div>
        </Section>
      )}

      <Section title="基本信息">
        <Descriptions
          bordered
          column={2}
          size="small"
          items={items}
          styles={{ label: { width: 96, whiteSpace: "nowrap" } }}
        />
      </Section>

      <Section title={`现场勘查（${detail.surveys.length}）`}>
        <div data-testid="case-surveys">
          {detail.surveys.length === 0 ? (
            <Typography.Text type="secondary">还没有现场勘查记录</Typography.Text>
          ) : (
            <List
              size="small"
              bordered
              dataSource={detail.surveys}
              renderItem={(s) => (
                <List.Item>
                  <div style={{ width: "100%" }}>
                    <Flex gap={12} wrap>
                      <Typography.Text strong>{formatDateTime(s.surveyedAt)}</Typography.Text>
                      <span>参加：{s.people}</span>
                      {s.withResident && <Tag color="blue">居民在场</Tag>}
                      <Typography.Text type="secondary">登记人 {s.createdBy}</Typography.Text>
                    </Flex>
                    <div className="sd-pre" style={{ marginTop: 4 }}>
                      {s.findings}
                    </div>
                  </div>
                </List.Item>
              )}
            />
          )}
        </div>
      </Section>

      {(detail.followUps.length > 0 || (detail.canFollowUp && !readOnly)) && (
        <Section title={`回访记录（${detail.followUps.length}）`}>
          <div data-testid="case-followups">
            {detail.followUps.length === 0 ? (
              <Typography.Text type="secondary">已办结，等待回访居民</Typography.Text>
            ) : (
              <List
                size="small"
                bordered
                dataSource={detail.followUps}
                renderItem={(f) => (
                  <List.Item>
                    <div style={{ width: "100%" }}>
                      <Flex gap={12} wrap align="center">
                        <Typography.Text strong>{formatDateTime(f.at)}</Typography.Text>
                        <span>{f.staffName}</span>
                        {f.withoutCallback ? (
                          <Tag>匿名来件，无法回访，直接关闭</Tag>
                        ) : !f.reached ? (
                          <Tag color="warning">未联系上</Tag>
                        ) : (
                          <>
                            <Tag color={f.resolved ? "success" : "error"}>
                              {f.resolved ? "已解决" : "未解决"}
                            </Tag>
                            {f.satisfaction && (
                              <Tag color={f.satisfaction === "dissatisfied" ? "error" : "success"}>
                                {labelOf(SATISFACTION_LABELS, f.satisfaction)}
                              </Tag>
                            )}
                          </>
                        )}
                      </Flex>
                      {f.comment && (
                        <div className="sd-pre" style={{ marginTop: 4 }}>
                          {f.comment}
                        </div>
                      )}
                    </div>
                  </List.Item>
                )}
              />
            )}
          </div>
        </Section>
      )}

      <Section title={`相关方（${detail.parties.length}）`}>
        <PartiesSection caseId={c.id} parties={detail.parties} onChanged={onChanged} readOnly={readOnly} />
      </Section>

      <Section title={`照片和附件（${detail.attachments.length}）`}>
        {readOnly ? (
          <AttachmentNames attachments={detail.attachments} />
        ) : (
          <AttachmentsSection caseId={c.id} attachments={detail.attachments} onChanged={onChanged} />
        )}
      </Section>

      {detail.duplicates.length > 0 && (
        <Section title={`重复件：共 ${detail.duplicates.length + 1} 位居民反映`}>
          <div data-testid="case-duplicates">
            <List
              size="small"
              bordered
              dataSource={detail.duplicates}
              renderItem={(d) => (
                <List.Item>
                  <Flex gap={12} align="center">
                    <ActionLink onClick={() => onOpenCase(d.id, d.number)}>{d.number}</ActionLink>
                    <span>{d.title}</span>
                    <StatusTag status={d.status} />
                  </Flex>
                </List.Item>
              )}
            />
          </div>
        </Section>
      )}

      <Section title="操作记录">
        <History history={detail.timeline} />
      </Section>
    </>
  );
}
