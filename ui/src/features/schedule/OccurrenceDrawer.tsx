import { EditOutlined, PrinterOutlined, StopOutlined, UserAddOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import {
  Alert,
  App,
  Button,
  type ButtonProps,
  Checkbox,
  Descriptions,
  Divider,
  Drawer,
  Flex,
  Form,
  Input,
  Modal,
  Radio,
  Spin,
  Table,
  Tag,
  Typography,
} from "antd";
import dayjs from "dayjs";
import { useCallback, useState } from "react";
import {
  type AppState,
  type Conflict,
  commands,
  type EditScope,
  type PrintedNotice,
  type Signup,
} from "../../bindings";
import { scaled } from "../../lib/display";
import { call, errorMessage, IpcError } from "../../lib/ipc";
import { invalidateSchedule, useOccurrence } from "../../lib/queries";
import { CONSENT_EVENT_KINDS, CONSENT_TEXT, POSTER_AUDIENCE } from "../../vocabulary";
import NoticePreviewModal from "../notices/NoticePreviewModal";
import ConflictAlert from "./ConflictAlert";
import EventForm, { SCOPE_LABELS } from "./EventForm";
import { cn, KIND_COLORS, kindLabel, signupText, whenText } from "./labels";
import { ServedSection, type ServedValues, signupColumns, WalkInSection } from "./OccurrenceSections";
import RosterImport from "./RosterImport";
import { describeRule } from "./recurrence";

export type OccurrenceRef = { eventId: number; occurrenceStart: string };

type Props = {
  target: OccurrenceRef | null;
  state: AppState;
  places: string[];
  onClose: () => void;
};

/** Field errors of a refused command as one sentence. */
function sentence(e: unknown): string {
  if (e instanceof IpcError && e.fields.length > 0) return e.fields.map((f) => f.message).join("；");
  return errorMessage(e);
}

/** One occurrence: details, sign-ups and waitlist, check-in, walk-ins, person-times served. */
export default function OccurrenceDrawer({ target, state, places, onClose }: Props) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  // The occurrence shown: the one opened, or where an edit moved it.
  const [shown, setShown] = useState<OccurrenceRef | null>(target);
  const [busy, setBusy] = useState<string | null>(null);
  const [promoted, setPromoted] = useState<string | null>(null);
  const [conflicts, setConflicts] = useState<Conflict[]>([]);
  const [asking, setAsking] = useState<"edit" | "cancel" | null>(null);
  const [scope, setScope] = useState<EditScope>("this");
  const [editing, setEditing] = useState<EditScope | null>(null);
  const [notice, setNotice] = useState<PrintedNotice | null>(null);
  const [signupForm] = Form.useForm<{ name?: string; phone?: string; consent?: boolean }>();

  const occurrence = useOccurrence(shown, shown !== target);
  const detail = occurrence.data ?? null;
  const loadError = occurrence.error ? errorMessage(occurrence.error) : null;

  /** Shows `t` (read afresh), and has today, the calendar and the service figures read again. */
  const load = useCallback(
    async (t: OccurrenceRef) => {
      setShown(t);
      await invalidateSchedule(queryClient);
    },
    [queryClient],
  );

  // Another occurrence opened (or the drawer closed): start afresh.
  const [opened, setOpened] = useState(target);
  if (opened !== target) {
    setOpened(target);
    setShown(target);
    setPromoted(null);
    setConflicts([]);
    setEditing(null);
    setAsking(null);
  }

  const d = detail;
  const item = d?.item;
  const ref: OccurrenceRef | null = d
    ? { eventId: d.event.id, occurrenceStart: d.item.occurrenceStart }
    : null;

  /** Runs a command that changes the occurrence, then re-reads it and the calendar. */
  const run = async (key: string, action: () => Promise<void>) => {
    if (!ref) return;
    setBusy(key);
    try {
      await action();
      await load(ref);
    } catch (e) {
      message.error(sentence(e));
    } finally {
      setBusy(null);
    }
  };

  const needsConsent = item != null && (CONSENT_EVENT_KINDS as readonly string[]).includes(item.kind);

  const signUp = async (v: { name?: string; phone?: string; consent?: boolean }) => {
    if (!ref) return;
    setBusy("signup");
    try {
      const s = await call(
        commands.signUp({
          ...ref,
          name: v.name ?? "",
          phone: v.phone?.trim() || null,
          note: null,
          consent: v.consent === true,
        }),
      );
      message.success(
        s.status === "confirmed"
          ? `${s.name} 已报名`
          : `名额已满，${s.name} 排在候补第 ${s.waitlistPosition} 位`,
      );
      signupForm.resetFields();
      await load(ref);
    } catch (e) {
      if (e instanceof IpcError && e.code === "invalid_input") {
        signupForm.setFields(
          e.fields
            .filter((f) => f.field === "name" || f.field === "phone" || f.field === "consent")
            .map((f) => ({ name: f.field as "name" | "phone" | "consent", errors: [f.message] })),
        );
        const other = e.fields.filter(
          (f) => f.field !== "name" && f.field !== "phone" && f.field !== "consent",
        );
        if (other.length > 0 || e.fields.length === 0) message.error(sentence(e));
      } else message.error(sentence(e));
    } finally {
      setBusy(null);
      document.querySelector<HTMLInputElement>("[data-testid='signup-name']")?.focus();
    }
  };

  const cancelSignup = (s: Signup) =>
    run(`cancel-${s.id}`, async () => {
      const r = await call(commands.cancelSignup(s.id));
      if (r.promoted) {
        const text = `已取消 ${r.cancelled.name} 的报名；候补第1位 ${r.promoted.name} 已转为已报名${
          r.promotedPhone ? `，请电话通知：${r.promotedPhone}` : ""
        }`;
        // Shown in the drawer above the list, where it stays until closed.
        setPromoted(text);
      } else {
        setPromoted(null);
        message.success(`已取消 ${r.cancelled.name} 的报名`);
      }
    });

  const checkIn = (s: Signup) =>
    run(`checkin-${s.id}`, async () => {
      await call(commands.checkIn(s.id));
      message.success(`${s.name} 已签到`);
    });

  const walkIn = (name: string | null, done: () => void) =>
    run("walkin", async () => {
      if (!ref) return;
      await call(commands.walkIn({ ...ref, name, people: 1 }));
      done();
      message.success(name ? `已登记现场参加：${name}` : "现场参加 +1");
    });

  const recordServed = (v: ServedValues) =>
    run("served", async () => {
      if (!ref) return;
      const hours = Object.entries(v.hours ?? {})
        .filter(([, h]) => h !== null && h !== undefined && h > 0)
        .map(([volunteer, h]) => ({ volunteer, hours: h }));
      await call(
        commands.recordServed({
          ...ref,
          served: v.served ?? null,
          volunteerHours: hours,
          note: v.note?.trim() || null,
        }),
      );
      message.success("受益人次和志愿服务时长已保存");
    });

  const print = async () => {
    if (!ref) return;
    setBusy("print");
    try {
      setNotice(await call(commands.printEventNotice(ref.eventId, ref.occurrenceStart)));
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const cancelOccurrence = async () => {
    if (!ref || !item) return;
    const chosen: EditScope = item.recurring ? scope : "all";
    setBusy("cancel");
    try {
      await call(commands.cancelEvent(ref.eventId, ref.occurrenceStart, chosen));
      setAsking(null);
      message.success(
        item.recurring
          ? `已取消（${SCOPE_LABELS[chosen]}）；已报名的居民请另行通知`
          : "活动已取消；已报名的居民请另行通知",
      );
      await load(ref);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const startEdit = () => {
    if (!item) return;
    if (item.recurring) {
      setScope("this");
      setAsking("edit");
    } else setEditing("all");
  };

  const active = d?.signups.filter((s) => s.status !== "cancelled") ?? [];
  const started = item ? dayjs(item.start).isBefore(dayjs()) : false;
  const ended = item ? dayjs(item.end).isBefore(dayjs()) : false;

  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size={780}
      title={item ? item.title : "活动"}
      destroyOnHidden
      extra={
        item && (
          <Flex gap={6}>
            <Tag color={KIND_COLORS[item.kind]} style={{ fontSize: scaled(14), marginInlineEnd: 0 }}>
              {kindLabel(item)}
            </Tag>
            {item.cancelled && (
              <Tag style={{ fontSize: scaled(14) }} data-testid="occurrence-cancelled">
                已取消
              </Tag>
            )}
          </Flex>
        )
      }
    >
      {loadError && <Alert type="error" showIcon title={loadError} />}
      {!d && !loadError && (
        <div style={{ textAlign: "center", padding: 48 }}>
          <Spin />
        </div>
      )}
      {d && item && (
        <div data-testid="occurrence-detail">
          <ConflictAlert
            conflicts={conflicts}
            onClose={() => setConflicts([])}
            testId="occurrence-conflicts"
          />
          <Flex gap={8} wrap style={{ marginBottom: 12 }}>
            <Button
              type="primary"
              icon={<PrinterOutlined />}
              loading={busy === "print"}
              onClick={() => void print()}
              disabled={item.cancelled}
              data-testid="occurrence-print"
            >
              打印活动通知
            </Button>
            {!item.cancelled && (
              <>
                <Button
                  autoInsertSpace={false}
                  icon={<EditOutlined />}
                  onClick={startEdit}
                  data-testid="occurrence-edit"
                >
                  修改
                </Button>
                <Button
                  danger
                  icon={<StopOutlined />}
                  onClick={() => {
                    setScope("this");
                    setAsking("cancel");
                  }}
                  data-testid="occurrence-cancel"
                >
                  取消活动
                </Button>
              </>
            )}
          </Flex>

          <Descriptions column={1} size="small" bordered styles={{ label: { width: 110 } }}>
            <Descriptions.Item label="时间">
              <span data-testid="occurrence-time">{whenText(item)}</span>
              {item.modified && <Tag style={{ marginInlineStart: 8 }}>本次已单独调整</Tag>}
            </Descriptions.Item>
            <Descriptions.Item label="地点">{item.place}</Descriptions.Item>
            {item.recurring && (
              <Descriptions.Item label="重复">
                {describeRule(d.event.rrule)}
                {d.event.skipHolidays && "，节假日不举办"}
              </Descriptions.Item>
            )}
            {item.partners.length > 0 && (
              <Descriptions.Item label="合作单位">{item.partners.join("、")}</Descriptions.Item>
            )}
            <Descriptions.Item label="当班人员">
              {item.staff.map((s) => s.name).join("、") || "—"}
            </Descriptions.Item>
            {item.volunteers.length > 0 && (
              <Descriptions.Item label="志愿者">{item.volunteers.join("、")}</Descriptions.Item>
            )}
            <Descriptions.Item label="报名">
              <span data-testid="occurrence-counts">{signupText(item) || "暂无报名"}</span>
              {item.capacity === null && <Typography.Text type="secondary">（不限名额）</Typography.Text>}
            </Descriptions.Item>
            {item.description && (
              <Descriptions.Item label="说明">
                <div className="sd-pre">{item.description}</div>
              </Descriptions.Item>
            )}
            <Descriptions.Item label="面向对象">
              <span data-testid="occurrence-audience">{d.event.audience ?? POSTER_AUDIENCE}</span>
            </Descriptions.Item>
            {d.event.bring && (
              <Descriptions.Item label="请携带">
                <span data-testid="occurrence-bring">{d.event.bring}</span>
              </Descriptions.Item>
            )}
            {d.event.link && (
              <Descriptions.Item label="报名/咨询链接">
                <Typography.Text copyable={{ tooltips: ["复制", "已复制"] }} data-testid="occurrence-link">
                  {d.event.link}
                </Typography.Text>
              </Descriptions.Item>
            )}
          </Descriptions>

          <Divider titlePlacement="start" style={{ marginTop: 20 }}>
            报名{" "}
            {active.length > 0 && <Typography.Text type="secondary">（{active.length} 人）</Typography.Text>}
          </Divider>
          {promoted && (
            <Alert
              type="success"
              showIcon
              closable
              onClose={() => setPromoted(null)}
              title={promoted}
              style={{ marginBottom: 12 }}
              data-testid="signup-promoted"
            />
          )}
          {!item.cancelled && !ended && (
            <Form
              form={signupForm}
              layout="inline"
              onFinish={(v) => void signUp(v)}
              autoComplete="off"
              style={{ marginBottom: 12, rowGap: 8 }}
            >
              <Form.Item
                name="name"
                rules={[{ required: true, whitespace: true, message: "请填写报名人姓名" }]}
              >
                <Input
                  placeholder="报名人姓名"
                  maxLength={30}
                  style={{ width: scaled(150) }}
                  data-testid="signup-name"
                />
              </Form.Item>
              <Form.Item name="phone">
                <Input
                  placeholder="联系电话（可不填）"
                  style={{ width: scaled(190) }}
                  data-testid="signup-phone"
                />
              </Form.Item>
              {needsConsent && (
                <Form.Item name="consent" valuePropName="checked">
                  <Checkbox>
                    <span data-testid="signup-consent">居民已同意：{CONSENT_TEXT}</span>
                  </Checkbox>
                </Form.Item>
              )}
              <Form.Item>
                <Button
                  autoInsertSpace={false}
                  type="primary"
                  htmlType="submit"
                  icon={<UserAddOutlined />}
                  loading={busy === "signup"}
                  data-testid="signup-submit"
                >
                  报名
                </Button>
              </Form.Item>
              {ref && (
                <Form.Item>
                  <RosterImport
                    eventId={ref.eventId}
                    occurrenceStart={ref.occurrenceStart}
                    onImported={() => void load(ref)}
                  />
                </Form.Item>
              )}
            </Form>
          )}
          <Table<Signup>
            rowKey="id"
            size="small"
            columns={signupColumns({ ended, cancelled: item.cancelled, busy, checkIn, cancelSignup })}
            dataSource={d.signups}
            pagination={false}
            rowClassName={(s) => (s.status === "cancelled" ? "sd-signup-cancelled" : "")}
            locale={{ emptyText: "还没有人报名" }}
            data-testid="signup-table"
          />

          <WalkInSection
            detail={d}
            busy={busy === "walkin"}
            onWalkIn={(name, done) => void walkIn(name, done)}
          />

          <ServedSection
            detail={d}
            started={started}
            busy={busy === "served"}
            onSave={(v) => void recordServed(v)}
          />

          <Modal
            open={asking !== null}
            title={asking === "edit" ? "修改哪几次活动？" : "取消哪几次活动？"}
            onCancel={() => setAsking(null)}
            okText={asking === "edit" ? "下一步" : "确认取消"}
            cancelText="返回"
            okButtonProps={
              {
                danger: asking === "cancel",
                loading: busy === "cancel",
                "data-testid": "scope-ok",
              } as ButtonProps
            }
            onOk={() => {
              if (asking === "edit") {
                setAsking(null);
                setEditing(scope);
              } else void cancelOccurrence();
            }}
          >
            {item.recurring ? (
              <Radio.Group
                value={scope}
                onChange={(e) => setScope(e.target.value)}
                style={{ display: "flex", flexDirection: "column", gap: 10, margin: "8px 0" }}
                data-testid="scope-choice"
              >
                <Radio value="this" data-testid="scope-this">
                  仅此次（{cn(item.start).format("M月D日")}）
                </Radio>
                <Radio value="following" data-testid="scope-following">
                  此次及以后
                </Radio>
                <Radio value="all" data-testid="scope-all">
                  全部（整个系列）
                </Radio>
              </Radio.Group>
            ) : (
              <Typography.Paragraph>取消后不能再报名；已报名的居民请另行通知。</Typography.Paragraph>
            )}
            {asking === "cancel" && item.recurring && (
              <Typography.Text type="secondary">已报名的居民请另行通知，报名记录会保留。</Typography.Text>
            )}
          </Modal>
          {editing && (
            <EventForm
              edit={{ detail: d, scope: editing }}
              staff={state.staff}
              currentStaff={state.currentStaff}
              places={places}
              onClose={() => setEditing(null)}
              onSaved={(saved) => {
                setEditing(null);
                setConflicts(saved.conflicts);
                const notes = [
                  saved.movedSignups > 0 ? `${saved.movedSignups} 条报名随活动调整` : "",
                  saved.orphanedSignups > 0
                    ? `${saved.orphanedSignups} 条报名对应的活动已不存在，请联系报名人`
                    : "",
                ].filter(Boolean);
                message.success(["活动已修改", ...notes].join("；"), notes.length > 0 ? 8 : 3);
                // Follow the occurrence where the edit put it: a split starts a new series,
                // a change to the whole series moves every occurrence by the same amount.
                if (!ref) return;
                if (editing === "following") {
                  void load({ eventId: saved.event.id, occurrenceStart: saved.event.start });
                } else if (editing === "all") {
                  const delta = dayjs(saved.event.start).diff(dayjs(d.event.start));
                  const at = dayjs(ref.occurrenceStart).add(delta, "millisecond").toISOString();
                  void load({ eventId: saved.event.id, occurrenceStart: at });
                } else void load(ref);
              }}
            />
          )}
          <NoticePreviewModal
            notice={notice}
            title={`活动通知　${item.title}`}
            onClose={() => setNotice(null)}
          />
        </div>
      )}
    </Drawer>
  );
}
