import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Flex, InputNumber, Space, Table, Tag, Typography } from "antd";
import { useState } from "react";
import { type AppState, type BackupStatus, commands, type Generation } from "../../bindings";
import { scaled } from "../../lib/display";
import { call, errorMessage } from "../../lib/ipc";
import { holds, when } from "./backupText";
import ServerBackup from "./ServerBackup";

export { holds, when };

export const BACKUP_STATUS_KEY = ["backupStatus"] as const;
const LIST_KEY = ["backups"] as const;

function size(bytes: number): string {
  return bytes >= 1048576
    ? `${(bytes / 1048576).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/**
 * 备份与恢复: where backups go (a folder picked in the system's dialog), how many are kept,
 * 立即备份, the backups kept with what each holds, and 恢复 after a confirmation that shows
 * what the backup holds. The daily backup itself runs in the shell.
 */
export default function BackupCard({ onStateChanged }: { onStateChanged: (next: AppState) => void }) {
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: BACKUP_STATUS_KEY, queryFn: () => call(commands.backupStatus()) });
  const list = useQuery({
    queryKey: LIST_KEY,
    queryFn: () => call(commands.listBackups()),
    enabled: status.data !== undefined && !status.data.onServer,
    retry: false,
  });
  const [error, setError] = useState<string | null>(null);
  const changed = (next?: BackupStatus) => {
    if (next) queryClient.setQueryData(BACKUP_STATUS_KEY, next);
    void queryClient.invalidateQueries({ queryKey: BACKUP_STATUS_KEY });
    void queryClient.invalidateQueries({ queryKey: LIST_KEY });
  };
  const failed = (e: unknown) => {
    setError(errorMessage(e));
    changed();
  };

  const backupNow = useMutation({
    mutationFn: () => call(commands.backupNow()),
    onMutate: () => setError(null),
    onSuccess: (g) => {
      message.success(`已备份：${holds(g)}`);
      changed();
    },
    onError: failed,
  });
  const chooseFolder = useMutation({
    mutationFn: () => call(commands.chooseBackupFolder()),
    onMutate: () => setError(null),
    onSuccess: (next) => next && changed(next),
    onError: failed,
  });
  const defaultFolder = useMutation({
    mutationFn: () => call(commands.defaultBackupFolder()),
    onSuccess: changed,
    onError: failed,
  });
  const keep = useMutation({
    mutationFn: ({ daily, monthly }: { daily: number; monthly: number }) =>
      call(commands.saveBackupKeep(daily, monthly)),
    onMutate: () => setError(null),
    onSuccess: changed,
    onError: failed,
  });

  const restore = async (g: Generation) => {
    setError(null);
    let checked: Generation;
    try {
      checked = await call(commands.previewBackup(g.name));
    } catch (e) {
      setError(errorMessage(e));
      return;
    }
    modal.confirm({
      title: "恢复这份备份？",
      width: 560,
      okText: "恢复",
      okButtonProps: { danger: true, ...{ "data-testid": "backup-restore-ok" } },
      cancelText: "取消",
      content: (
        <Flex vertical gap={8} data-testid="backup-restore-confirm">
          <span>
            备份时间：{when(checked.takenAt)}（{checked.stationName}）
          </span>
          <span>{holds(checked)}</span>
          <Typography.Text type="secondary">
            当前数据库会先自动备份一份，然后整体换成这份备份里的记录；备份之后新录入的内容将不在恢复后的数据中（可从“恢复前的自动备份”找回）。
          </Typography.Text>
        </Flex>
      ),
      onOk: async () => {
        try {
          const done = await call(commands.restoreBackup(g.name));
          message.success(`已恢复 ${when(done.restored.takenAt)} 的备份：${holds(done.restored)}`);
          onStateChanged(await call(commands.appState()));
          await queryClient.invalidateQueries();
        } catch (e) {
          failed(e);
        }
      },
    });
  };

  const s = status.data;
  if (!s) return null;
  if (s.onServer) return <ServerBackup summary={s.summary} />;
  return (
    <Flex vertical gap={12} data-testid="backup-card">
      {s.upgradeCopy && (
        <Alert
          type="info"
          showIcon
          message={`本次启动时数据库已升级，升级前的副本保存在：${s.upgradeCopy}`}
        />
      )}
      <Alert
        type={s.warn ? "error" : "success"}
        showIcon
        data-testid="backup-card-status"
        message={s.summary}
        description={s.lastError && s.warn ? `上次备份失败：${s.lastError}` : undefined}
      />
      <Flex gap={8} align="center" wrap>
        <span>备份文件夹：</span>
        <Typography.Text code data-testid="backup-folder">
          {s.folder}
        </Typography.Text>
        <Button onClick={() => chooseFolder.mutate()} loading={chooseFolder.isPending}>
          选择文件夹…
        </Button>
        {s.settings.folder && (
          <Button type="link" onClick={() => defaultFolder.mutate()}>
            改回默认
          </Button>
        )}
      </Flex>
      <Space wrap>
        <span>保留最近</span>
        <InputNumber
          min={1}
          max={366}
          value={s.settings.keepDaily}
          onChange={(v) => v && keep.mutate({ daily: v, monthly: s.settings.keepMonthly })}
          style={{ width: scaled(80) }}
        />
        <span>天的每日备份，以及最近</span>
        <InputNumber
          min={0}
          max={120}
          value={s.settings.keepMonthly}
          onChange={(v) => v !== null && keep.mutate({ daily: s.settings.keepDaily, monthly: v })}
          style={{ width: scaled(80) }}
        />
        <span>个月的每月备份</span>
      </Space>
      <Typography.Text type="secondary">
        工作台打开期间每天自动备份一次，关闭时如有新的记录再备份一次；备份含数据库和全部附件，先写入临时文件、核对无误后才启用。
      </Typography.Text>
      <div>
        <Button
          type="primary"
          onClick={() => backupNow.mutate()}
          loading={backupNow.isPending}
          data-testid="backup-now"
        >
          立即备份
        </Button>
      </div>
      {error && <Alert type="error" showIcon message={error} data-testid="backup-error" />}
      {list.isError && <Alert type="warning" showIcon message={errorMessage(list.error)} />}
      <Table<Generation>
        size="small"
        rowKey="name"
        loading={list.isLoading}
        dataSource={list.data ?? []}
        pagination={false}
        data-testid="backup-list"
        locale={{ emptyText: "还没有备份" }}
        columns={[
          {
            title: "备份时间",
            key: "at",
            width: 170,
            render: (_, g) => (
              <Space size={4}>
                {when(g.takenAt)}
                {g.kind === "beforeRestore" && <Tag>恢复前</Tag>}
              </Space>
            ),
          },
          { title: "内容", key: "holds", render: (_, g) => holds(g) },
          { title: "大小", key: "size", width: 90, render: (_, g) => size(g.bytes) },
          {
            title: "",
            key: "restore",
            width: 80,
            render: (_, g) => (
              <Button size="small" danger onClick={() => void restore(g)} data-testid="backup-restore">
                恢复
              </Button>
            ),
          },
        ]}
      />
    </Flex>
  );
}
