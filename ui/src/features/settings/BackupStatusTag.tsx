import { useQuery } from "@tanstack/react-query";
import { App, Tag, Tooltip } from "antd";
import { useEffect, useRef } from "react";
import { commands } from "../../bindings";
import { call } from "../../lib/ipc";
import { BACKUP_STATUS_KEY } from "./BackupCard";

/** How often the header asks again (the daily backup runs in the shell). */
const EVERY_MS = 60_000;

/**
 * The header's backup line: when the last good backup was made, red after three days
 * without one or while the folder cannot be reached; a click opens 设置 → 备份与恢复. At the
 * first start after an upgrade it also says where the copy made before the upgrade is.
 */
export default function BackupStatusTag({ onOpen }: { onOpen: () => void }) {
  const { notification } = App.useApp();
  const status = useQuery({
    queryKey: BACKUP_STATUS_KEY,
    queryFn: () => call(commands.backupStatus()),
    refetchInterval: EVERY_MS,
    retry: false,
  });
  const told = useRef(false);
  const copy = status.data?.upgradeCopy;
  useEffect(() => {
    if (copy && !told.current) {
      told.current = true;
      notification.info({
        key: "upgrade-copy",
        title: "数据库已升级",
        description: `升级前的数据库副本保存在：${copy}`,
        duration: 0,
        placement: "bottomRight",
      });
    }
  }, [copy, notification]);
  const s = status.data;
  if (!s || s.onServer) return null;
  return (
    <Tooltip title={`${s.summary}。备份文件夹：${s.folder}（点击打开 设置 → 备份与恢复）`}>
      <Tag
        color={s.warn ? "red" : "green"}
        onClick={onOpen}
        style={{
          cursor: "pointer",
          whiteSpace: "nowrap",
          marginInlineEnd: 0,
          maxWidth: 420,
          overflow: "hidden",
          textOverflow: "ellipsis",
        }}
        data-testid="backup-status"
        data-warn={s.warn ? "true" : "false"}
      >
        {s.summary}
      </Tag>
    </Tooltip>
  );
}
