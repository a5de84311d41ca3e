import { useMutation } from "@tanstack/react-query";
import { Alert, Button, Flex, Typography } from "antd";
import { useState } from "react";
import { commands, type Generation } from "../../bindings";
import { call, errorMessage } from "../../lib/ipc";
import { holds, when } from "./backupText";

/**
 * 备份与恢复 for a station on the district server: the server is backed up by the district,
 * and the station can keep a copy of its own records and attachments on a USB disk
 * (备份本站数据到文件夹…), which the district's administrator can restore onto the server.
 */
export default function ServerBackup({ summary }: { summary: string }) {
  const [done, setDone] = useState<Generation | null>(null);
  const [error, setError] = useState<string | null>(null);
  const backup = useMutation({
    mutationFn: () => call(commands.backupStationToFolder()),
    onMutate: () => setError(null),
    onSuccess: (g) => g && setDone(g),
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <Flex vertical gap={12} data-testid="server-backup">
      <Typography.Text>{summary}</Typography.Text>
      <Typography.Text type="secondary">
        还可以把本站的记录和附件另存一份到移动硬盘或网络盘：这份备份只含本站的数据，需要时由街道管理员在服务器上恢复（stationdesk-cli
        restore）。
      </Typography.Text>
      <Flex gap={8}>
        <Button
          type="primary"
          data-testid="server-backup-now"
          loading={backup.isPending}
          onClick={() => backup.mutate()}
        >
          备份本站数据到文件夹…
        </Button>
      </Flex>
      {done && (
        <Alert
          type="success"
          showIcon
          data-testid="server-backup-done"
          message={`已于 ${when(done.takenAt)} 备份到：${done.path}`}
          description={holds(done)}
        />
      )}
      {error && <Alert type="error" showIcon data-testid="server-backup-error" message={error} />}
    </Flex>
  );
}
