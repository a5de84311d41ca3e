import { PhoneOutlined, ReloadOutlined } from "@ant-design/icons";
import {
  Alert,
  App,
  Button,
  Descriptions,
  type DescriptionsProps,
  Drawer,
  Flex,
  List,
  Select,
  Spin,
  Tag,
  Tooltip,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { type ReactNode, useCallback, useEffect, useState } from "react";
import {
  type Case,
  type CaseDetail,
  type CaseStatus,
  commands,
  type Staff,
  type Urgency,
} from "../../bindings";
import { call, errorMessage } from "../../lib/ipc";
import { formatDateTime } from "../../lib/time";
import CaseNoticeButtons from "../notices/CaseNoticeButtons";
import { formatAddress } from "./address";
import { DueTag, UrgencyTag } from "./DueTag";
import AttachmentsSection from "./detail/AttachmentsSection";
import { clockState, spanText } from "./detail/deadline";
import FollowUpModal from "./detail/FollowUpModal";
import History from "./detail/History";
import PartiesSection from "./detail/PartiesSection";
import { ContactModal, SurveyModal } from "./detail/StepModals";
import TransitionModal, { isReopen } from "./detail/TransitionModal";
import {
  channelLabel,
  labelOf,
  SATISFACTION_LABELS,
  STATUS_LABELS,
  URGENCIES,
  URGENCY_LABELS,
} from "./labels";
import StatusTag from "./StatusTag";

const EMPTY = <Typography.Text type="secondary">未填写</Typography.Text>;

type Load = { kind: "loading" } | { kind: "error"; message: string } | { kind: "ready"; detail: CaseDetail };

type Props = {
  caseId: number | null;
  /** The station's staff, for 承办人. */
  staff: Staff[];
  onClose: () => void;
  /** Opens another case (a duplicate, the case this one repeats). */
  onOpenCase: (id: number) => void;
  /** Something about the case changed: the register should read again. */
  onChanged: () => void;
};

/** 诉求详情: every field of one case, its workflow steps, and who did what to it. */
export default function CaseDetailDrawer({ caseId, staff, onClose, onOpenCase, onChanged }: Props) {
  const [load, setLoad] = useState<Load>({ kind: "loading" });

  const reload = useCallback(
    async (id: number, quiet: boolean) => {
      if (!quiet) setLoad({ kind: "loading" });
      try {
        const detail = await call(commands.getCase(id));
        setLoad((l) => (id === caseId || l.kind !== "ready" ? { kind: "ready", detail } : l));
      } catch (e) {
        setLoad({ kind: "error", message: errorMessage(e) });
      }
    },
    [caseId],
  );

  useEffect(() => {
    if (caseId !== null) void reload(caseId, false);
  }, [caseId, reload]);

  // Escape closes the drawer even when the focus has left it (e.g. after a step's dialog
  // closed and the button that opened it is gone). Dialogs inside stop their own Escape.
  useEffect(() => {
    if (caseId === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (
        e.key === "Escape" &&
        !e.defaultPrevented &&
        !document.querySelector(".ant-modal-wrap, .ant-image-preview")
      ) {
        onClose();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [caseId, onClose]);

  const changed = useCallback(() => {
    if (caseId !== null) void reload(caseId, true);
    onChanged();
  }, [caseId, reload, onChanged]);

  const title = load.kind === "ready" ? `诉求详情　${load.detail.case.number}` : "诉求详情";
  return (
    <Drawer
      open={caseId !== null}
      onClose={onClose}
      title={title}
      size={880}
      destroyOnHidden
      extra={
        caseId !== null && (
          <Tooltip title="重新读取">
            <Button type="text" icon={<ReloadOutlined />} onClick={() => void reload(caseId, true)} />
          </Tooltip>
        )
      }
    >
      <div data-testid="case-detail">
        {load.kind === "loading" && (
          <div style={{ textAlign: "center", padding: 48 }}>
            <Spin size="large" />
          </div>
        )}
        {load.kind === "error" && <Alert type="error" showIcon title={load.message} />}
        {load.kind === "ready" && (
          <DetailBody detail={load.detail} staff={staff} onChanged={changed} onOpenCase={onOpenCase} />
        )}
      </div>
    </Drawer>
  );
}

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

function DetailBody({
  detail,
  staff,
  onChanged,
  onOpenCase,
}: {
  detail: CaseDetail;
  staff: Staff[];
  onChanged: () => void;
  onOpenCase: (id: number) => void;
}) {
  const { message } = App.useApp();
  const c = detail.case;
  const [step, setStep] = useState<CaseStatus | null>(null);
  const [modal, setModal] = useState<"contact" | "survey" | "followup" | null>(null);

  const done = (what: string) => (next: Case) => {
    setStep(null);
    setModal(null);
    message.success(`${what}，诉求现为“${STATUS_LABELS[next.status]}”`);
    onChanged();
  };

  const open = !["closed", "duplicate", "referred", "followed_up"].includes(c.status);
  const address = formatAddress(c.address);
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
    { key: "phone", label: "联系电话", children: c.phone ?? EMPTY },
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
        <Typography.Text strong style={{ fontSize: 17, marginInlineStart: 4 }}>
          {c.title}
        </Typography.Text>
      </Flex>

      <StatusNotes detail={detail} onOpenCase={onOpenCase} />

      <div className="sd-case-actions" data-testid="case-actions">
        <Typography.Text type="secondary" style={{ whiteSpace: "nowrap" }}>
          办理：
        </Typography.Text>
        <Flex wrap gap={8}>
          {detail.next.map((to) => (
            <Button
              key={to}
              type={primaryNext(c.status) === to ? "primary" : "default"}
              danger={isReopen(c.status, to)}
              onClick={() => setStep(to)}
              autoInsertSpace={false}
              data-testid={`case-action-${to}`}
            >
              {actionText(c.status, to)}
            </Button>
          ))}
          {detail.canFollowUp && (
            <Button type="primary" onClick={() => setModal("followup")} data-testid="followup-open">
              回访登记
            </Button>
          )}
          {open && (
            <Button icon={<PhoneOutlined />} onClick={() => setModal("contact")} data-testid="contact-open">
              联系居民
            </Button>
          )}
          {detail.next.length === 0 && !detail.canFollowUp && (
            <Typography.Text type="secondary">本件已结束，无需继续办理</Typography.Text>
          )}
        </Flex>
      </div>
      <CaseNoticeButtons c={c} onPrinted={onChanged} />

      <Deadlines c={c} />
      <Handling c={c} staff={staff} onChanged={onChanged} />

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

      <Section
        title={`现场勘查（${detail.surveys.length}）`}
        extra={
          open && (
            <Button size="small" onClick={() => setModal("survey")} data-testid="survey-add">
              登记现场勘查
            </Button>
          )
        }
      >
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

      {(detail.followUps.length > 0 || detail.canFollowUp) && (
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
        <PartiesSection caseId={c.id} parties={detail.parties} onChanged={onChanged} />
      </Section>

      <Section title={`照片和附件（${detail.attachments.length}）`}>
        <AttachmentsSection caseId={c.id} attachments={detail.attachments} onChanged={onChanged} />
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
                    <Typography.Link onClick={() => onOpenCase(d.id)}>{d.number}</Typography.Link>
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
        <History history={detail.history} />
      </Section>

      <TransitionModal caseValue={c} to={step} onClose={() => setStep(null)} onDone={done("已保存")} />
      <ContactModal
        caseValue={c}
        open={modal === "contact"}
        onClose={() => setModal(null)}
        onDone={done("已记录联系情况")}
      />
      <SurveyModal
        caseValue={c}
        open={modal === "survey"}
        onClose={() => setModal(null)}
        onDone={done("已登记现场勘查")}
      />
      <FollowUpModal
        caseValue={c}
        anonymous={detail.anonymous}
        open={modal === "followup"}
        onClose={() => setModal(null)}
        onDone={done("已登记回访")}
      />
    </>
  );
}

/** The usual next step gets the primary button. */
function primaryNext(from: CaseStatus): CaseStatus | null {
  switch (from) {
    case "accepted":
      return "investigating";
    case "investigating":
      return "in_progress";
    case "in_progress":
      return "resolved";
    case "followed_up":
      return "closed";
    case "on_hold":
      return null;
    default:
      return null;
  }
}

/** A button's words: the step, as a worker says it. */
function actionText(from: CaseStatus, to: CaseStatus): string {
  if (isReopen(from, to)) return "重新处理";
  if (from === "on_hold") return `恢复办理（${STATUS_LABELS[to]}）`;
  switch (to) {
    case "investigating":
      return "转为核查";
    case "in_progress":
      return "转为处理中";
    case "resolved":
      return "办结";
    case "closed":
      return "关闭";
    case "on_hold":
      return "挂起";
    case "referred":
      return "转办";
    case "duplicate":
      return "标记为重复";
    case "accepted":
      return "退回受理";
    default:
      return STATUS_LABELS[to];
  }
}

/** On hold, referred, a duplicate: what and why, in one line. */
function StatusNotes({ detail, onOpenCase }: { detail: CaseDetail; onOpenCase: (id: number) => void }) {
  const c = detail.case;
  if (c.status === "on_hold") {
    return (
      <Alert
        style={{ marginTop: 12 }}
        type="warning"
        showIcon
        title={`已挂起：${c.holdReason ?? "未写原因"}`}
        description={
          c.holdUntil
            ? `预计 ${dayjs(c.holdUntil).format("YYYY年M月D日")} 恢复办理；挂起期间时限暂停计算`
            : "挂起期间时限暂停计算"
        }
      />
    );
  }
  if (c.status === "referred") {
    return (
      <Alert style={{ marginTop: 12 }} type="info" showIcon title={`已转办至：${c.referredTo ?? "—"}`} />
    );
  }
  if (c.status === "duplicate" && c.duplicateOf) {
    const of = c.duplicateOf;
    return (
      <Alert
        style={{ marginTop: 12 }}
        type="info"
        showIcon
        title={
          <span>
            本件是{" "}
            <Typography.Link onClick={() => onOpenCase(of.id)} data-testid="case-duplicate-of">
              {of.number}
            </Typography.Link>{" "}
            「{of.title}」的重复件，计为又一位居民反映，办理情况见原诉求
          </span>
        }
      />
    );
  }
  return null;
}

function Clock({
  label,
  due,
  doneAt,
  doneWord,
  paused,
  testId,
}: {
  label: string;
  due: string | null;
  doneAt: string | null;
  doneWord: string;
  paused: boolean;
  testId: string;
}) {
  const s = clockState(due, doneAt, paused);
  let state: ReactNode;
  switch (s.kind) {
    case "none":
      state = <Typography.Text type="secondary">未设定</Typography.Text>;
      break;
    case "met":
      state = (
        <>
          <Tag color={s.late ? "error" : "success"}>{s.late ? "超时" : "按时"}</Tag>
          <Typography.Text type="secondary">
            {formatDateTime(s.at)} {doneWord}
          </Typography.Text>
        </>
      );
      break;
    case "paused":
      state = <Tag>挂起中，暂停计时</Tag>;
      break;
    case "running":
      state = (
        <Tag color={s.leftMs <= 24 * 3600_000 ? "warning" : "processing"}>剩余 {spanText(s.leftMs)}</Tag>
      );
      break;
    case "overdue":
      state = <Tag color="error">已超期 {spanText(s.overMs)}</Tag>;
      break;
  }
  return (
    <Flex align="center" gap={8} wrap data-testid={testId}>
      <Typography.Text type="secondary" style={{ width: 64 }}>
        {label}
      </Typography.Text>
      <Typography.Text strong>{due ? formatDateTime(due) : "—"}</Typography.Text>
      {state}
    </Flex>
  );
}

/** 响应时限 and 办结时限, each with where it stands. */
function Deadlines({ c }: { c: Case }) {
  const paused = c.status === "on_hold";
  const stopped = ["referred", "duplicate"].includes(c.status);
  return (
    <div className="sd-deadlines">
      <Clock
        label="响应时限"
        due={c.respondDueAt}
        doneAt={c.respondedAt}
        doneWord="已响应"
        paused={paused || stopped}
        testId="case-respond-due"
      />
      <Clock
        label="办结时限"
        due={c.resolveDueAt}
        doneAt={c.resolvedAt ?? (stopped ? c.updatedAt : null)}
        doneWord={c.resolvedAt ? "办结" : STATUS_LABELS[c.status]}
        paused={paused}
        testId="case-resolve-due"
      />
    </div>
  );
}

/** 承办人 and 紧急程度, saved as soon as they are picked. */
function Handling({ c, staff, onChanged }: { c: Case; staff: Staff[]; onChanged: () => void }) {
  const { message } = App.useApp();
  const [busy, setBusy] = useState<"assignee" | "urgency" | null>(null);
  const save = async (what: "assignee" | "urgency", assigneeId: number | null, urgency: Urgency) => {
    setBusy(what);
    try {
      await call(commands.updateCaseHandling(c.id, { assigneeId, urgency }));
      message.success(what === "assignee" ? "已更换承办人" : "已修改紧急程度，时限已按新的紧急程度重新计算");
      onChanged();
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const options = staff
    .filter((s) => s.active || s.id === c.assigneeId)
    .map((s) => ({ value: s.id, label: s.name }));
  if (c.assigneeId !== null && !options.some((o) => o.value === c.assigneeId)) {
    options.push({ value: c.assigneeId, label: c.assigneeName ?? "（未知）" });
  }
  return (
    <Flex gap={24} wrap align="center" style={{ marginTop: 12 }}>
      <Flex align="center" gap={8}>
        <Typography.Text type="secondary">承办人</Typography.Text>
        <Select<number>
          value={c.assigneeId ?? undefined}
          placeholder="未指定"
          options={options}
          loading={busy === "assignee"}
          onChange={(v) => void save("assignee", v, c.urgency)}
          style={{ width: 140 }}
          data-testid="case-assignee"
        />
      </Flex>
      <Flex align="center" gap={8}>
        <Typography.Text type="secondary">紧急程度</Typography.Text>
        <Select<Urgency>
          value={c.urgency}
          options={URGENCIES.map((u) => ({ value: u, label: URGENCY_LABELS[u] }))}
          loading={busy === "urgency"}
          onChange={(v) => void save("urgency", c.assigneeId, v)}
          style={{ width: 110 }}
          data-testid="case-urgency"
          labelRender={({ value }) => <UrgencyTag urgency={String(value)} />}
        />
      </Flex>
    </Flex>
  );
}
