import { useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Card, Descriptions, Flex, Input, Typography } from "antd";
import { useEffect, useState } from "react";
import { commands, type UpdateCheck } from "../../bindings";
import { call, errorMessage } from "../../lib/ipc";
import { keys, useUpdateSource } from "../../lib/queries";

/** 打开安装包位置: the file manager or the browser at the installer the manifest names. */
export async function openInstaller(onError: (text: string) => void): Promise<void> {
  try {
    await call(commands.openUpdateInstaller());
  } catch (e) {
    onError(errorMessage(e));
  }
}

/**
 * 设置 → 软件更新 (本机): where this computer looks for the versions the district publishes
 * (a shared folder, a latest.json, or an http:// address), checked by the core when saved;
 * 检查更新 reads it now and says what it found. Nothing is downloaded or installed.
 */
export default function UpdatesCard() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const kept = useUpdateSource();
  const [source, setSource] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [found, setFound] = useState<UpdateCheck | null>(null);
  const [busy, setBusy] = useState<"save" | "check" | null>(null);

  useEffect(() => {
    setSource(kept.data?.source ?? "");
  }, [kept.data?.source]);

  const save = async () => {
    setBusy("save");
    setError(null);
    setFound(null);
    try {
      const next = await call(commands.saveUpdateSource(source.trim() === "" ? null : source));
      queryClient.setQueryData(keys.updateSource, next);
      await queryClient.invalidateQueries({ queryKey: keys.updateCheck });
      message.success(next.source ? "已保存更新地址" : "已清除更新地址，不再检查新版本");
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  const check = async () => {
    setBusy("check");
    setError(null);
    setFound(null);
    try {
      const result = await call(commands.checkForUpdate());
      queryClient.setQueryData(keys.updateCheck, result);
      if (result) setFound(result);
      else setError("还没有填写更新地址：请先填写并保存");
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card title="软件更新（本机）" data-testid="updates-card">
      <Typography.Paragraph type="secondary">
        街道发布新版本时，把安装包和版本说明 latest.json
        放在共享文件夹或内网网址上；填写后，工作台每次登录都会查看一次，
        有新版本时在页面上方提示。不会自动下载或安装：请关闭工作台后自己运行安装包，数据会保留。
      </Typography.Paragraph>
      <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
        <Descriptions.Item label="本机版本">
          <span data-testid="updates-current">{kept.data?.current ?? "…"}</span>
        </Descriptions.Item>
      </Descriptions>
      <Flex gap={8} wrap>
        <Input
          value={source}
          onChange={(e) => setSource(e.target.value)}
          placeholder="如 \\街道服务器\stationdesk 或 http://10.1.2.3/stationdesk/"
          maxLength={500}
          style={{ flex: "1 1 360px" }}
          data-testid="updates-source"
          onPressEnter={() => void save()}
        />
        <Button
          type="primary"
          loading={busy === "save"}
          onClick={() => void save()}
          data-testid="updates-save"
        >
          保存
        </Button>
        <Button
          loading={busy === "check"}
          disabled={!kept.data?.source}
          onClick={() => void check()}
          data-testid="updates-check"
        >
          检查更新
        </Button>
      </Flex>
      {error && (
        <Alert type="error" showIcon style={{ marginTop: 12 }} title={error} data-testid="updates-error" />
      )}
      {found && (
        <Alert
          type={found.newer ? "info" : "success"}
          showIcon
          style={{ marginTop: 12 }}
          data-testid="updates-result"
          title={found.message}
          description={
            found.newer ? (
              <Flex vertical gap={4}>
                {found.notes && <span>更新内容：{found.notes}</span>}
                {found.installer && <span data-testid="updates-installer">安装包：{found.installer}</span>}
              </Flex>
            ) : undefined
          }
          action={
            found.newer && found.installer ? (
              <Button
                size="small"
                onClick={() => void openInstaller(message.error)}
                data-testid="updates-open"
              >
                打开安装包位置
              </Button>
            ) : undefined
          }
        />
      )}
    </Card>
  );
}
