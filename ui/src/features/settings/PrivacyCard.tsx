import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Descriptions, Flex, Input, InputNumber, List, Space, Typography } from "antd";
import { useState } from "react";
import { commands, type ResidentRecords, type RetentionStatus } from "../../bindings";
import { scaled } from "../../lib/display";
import { call, errorMessage } from "../../lib/ipc";
import { when } from "./BackupCard";

const STATUS_KEY = ["retentionStatus"] as const;

/**
 * 个人信息保护 (站长): how many years personal data is kept, what is due now, what the last
 * run did, 立即执行 after a dry-run count, and a resident's records found by phone with
 * 删除个人信息. The rules, counts and sentences are the core's; the daily run is the shell's.
 */
export default function PrivacyCard() {
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const status = useQuery({
    queryKey: STATUS_KEY,
    queryFn: () => call(commands.retentionStatus()),
    retry: false,
  });
  const [years, setYears] = useState<{ cases?: number; signups?: number }>({});
  const [error, setError] = useState<string | null>(null);
  const [phone, setPhone] = useState("");
  const [found, setFound] = useState<ResidentRecords | null>(null);

  const refresh = (next?: RetentionStatus) => {
    if (next) queryClient.setQueryData(STATUS_KEY, next);
    else void queryClient.invalidateQueries({ queryKey: STATUS_KEY });
  };

  const save = useMutation({
    mutationFn: (s: RetentionStatus) =>
      call(
        commands.saveRetention({
          casesYears: years.cases ?? s.settings.casesYears,
          signupsYears: years.signups ?? s.settings.signupsYears,
        }),
      ),
    onMutate: () => setError(null),
    onSuccess: (next) => {
      message.success("保存期限已更新");
      setYears({});
      refresh(next);
    },
    onError: (e) => setError(errorMessage(e)),
  });

  const runNow = async () => {
    setError(null);
    try {
      const dry = await call(commands.runRetention(true));
      modal.confirm({
        title: "立即执行个人信息匿名化？",
        width: 560,
        okText: "执行",
        okButtonProps: { danger: true, ...{ "data-testid": "privacy-run-ok" } },
        cancelText: "取消",
        content: <span data-testid="privacy-run-confirm">将匿名：{dry.summary}。匿名后无法恢复。</span>,
        onOk: async () => {
          try {
            const done = await call(commands.runRetention(false));
            message.success(`已匿名：${done.summary}`);
          } catch (e) {
            setError(errorMessage(e));
          } finally {
            refresh();
          }
        },
      });
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const find = async () => {
    setError(null);
    try {
      setFound(await call(commands.findPersonalData(phone)));
    } catch (e) {
      setFound(null);
      setError(errorMessage(e));
    }
  };

  const exportFound = async () => {
    setError(null);
    try {
      const path = await call(commands.savePersonalData(phone));
      if (path !== null) message.success(`已导出到 ${path}`);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  const erase = () => {
    if (!found) return;
    modal.confirm({
      title: `删除电话 ${found.phoneMasked} 的个人信息？`,
      width: 560,
      okText: "删除个人信息",
      okButtonProps: { danger: true, ...{ "data-testid": "privacy-erase-ok" } },
      cancelText: "取消",
      content: "姓名、电话、门牌、附件等将被移除，诉求内容和统计数字保留。删除后无法恢复。",
      onOk: async () => {
        try {
          const done = await call(commands.anonymisePersonalData(phone));
          message.success(`已删除该居民的个人信息：${done.summary}`);
          setFound(await call(commands.findPersonalData(phone)));
        } catch (e) {
          setError(errorMessage(e));
        } finally {
          refresh();
        }
      },
    });
  };

  if (status.error) return <Alert type="warning" showIcon message={errorMessage(status.error)} />;
  const s = status.data;
  if (!s) return null;
  const lines = found
    ? [
        ...found.cases.map(
          (c) => `诉求 ${c.number} ${c.statusLabel} ${c.title}${c.open ? "（未办结）" : ""}`,
        ),
        ...found.signups.map((x) => `活动报名 ${when(x.occurrenceStart)} ${x.eventTitle} ${x.name}`),
        ...found.errands.map((x) => `代办 ${when(x.at)} ${x.typeName} ${x.residentName ?? ""}`),
      ]
    : [];
  return (
    <Flex vertical gap={12} data-testid="privacy-card">
      {error && <Alert type="error" showIcon message={error} data-testid="privacy-error" />}
      <Space wrap>
        <span>办结诉求保存</span>
        <InputNumber
          min={1}
          max={30}
          value={years.cases ?? s.settings.casesYears}
          onChange={(v) => setYears((y) => ({ ...y, cases: v ?? undefined }))}
          style={{ width: scaled(80) }}
          data-testid="privacy-cases-years"
        />
        <span>年，活动报名和代办保存</span>
        <InputNumber
          min={1}
          max={10}
          value={years.signups ?? s.settings.signupsYears}
          onChange={(v) => setYears((y) => ({ ...y, signups: v ?? undefined }))}
          style={{ width: scaled(80) }}
          data-testid="privacy-signups-years"
        />
        <span>年</span>
        <Button onClick={() => save.mutate(s)} loading={save.isPending} data-testid="privacy-save">
          保存
        </Button>
      </Space>
      <Descriptions size="small" column={1} bordered data-testid="privacy-status">
        <Descriptions.Item label="现在到期">
          {s.casesCutoff} 之前办结的诉求、{s.signupsCutoff} 之前的报名和代办：{s.due.summary}
        </Descriptions.Item>
        <Descriptions.Item label="上次执行">
          {s.lastRunAt && s.lastRun
            ? `${when(s.lastRunAt)}（${s.lastRunBy ?? ""}）${s.lastRun.summary}`
            : "还没有执行过（程序每天自动执行一次）"}
        </Descriptions.Item>
      </Descriptions>
      <div>
        <Button danger onClick={() => void runNow()} data-testid="privacy-run">
          立即执行
        </Button>
      </div>
      <Typography.Text strong>居民查询本人信息</Typography.Text>
      <Space.Compact>
        <Input
          placeholder="居民电话"
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          onPressEnter={() => void find()}
          style={{ width: scaled(220) }}
          data-testid="privacy-phone"
        />
        <Button onClick={() => void find()} data-testid="privacy-find">
          查询
        </Button>
      </Space.Compact>
      {found && (
        <>
          <List
            size="small"
            bordered
            dataSource={lines}
            locale={{ emptyText: `电话 ${found.phoneMasked} 下没有记录` }}
            renderItem={(line) => <List.Item>{line}</List.Item>}
            data-testid="privacy-found"
          />
          {lines.length > 0 && (
            <Space wrap>
              <Button onClick={() => void exportFound()} data-testid="privacy-export">
                导出给居民本人
              </Button>
              <Button danger onClick={erase} data-testid="privacy-erase">
                删除该居民的个人信息
              </Button>
            </Space>
          )}
        </>
      )}
    </Flex>
  );
}
