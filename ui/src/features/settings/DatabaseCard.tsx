import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App, Button, Flex, Radio, Space, Typography } from "antd";
import { useEffect, useState } from "react";
import { type AppState, commands } from "../../bindings";
import { call } from "../../lib/ipc";
import MoveToServer from "./MoveToServer";
import ServerForm, { useServerForm } from "./ServerForm";

type Mode = "local" | "server";

/**
 * 数据库: this PC's own file (the default) or the district's shared server. Connecting to a
 * server takes effect at once (and is kept for the next start); going back to this PC's file
 * takes effect at the next start. While on this PC's file, its records can be moved onto
 * the server (`MoveToServer`).
 */
export default function DatabaseCard({
  state,
  onStateChanged,
}: {
  state: AppState;
  onStateChanged: (next: AppState) => void;
}) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const server = useServerForm();
  const [mode, setMode] = useState<Mode>("local");
  const [savedLocal, setSavedLocal] = useState(false);
  const onServer = state.dbLocation.startsWith("postgres://");
  const choice = useQuery({ queryKey: ["databaseChoice"], queryFn: () => call(commands.databaseChoice()) });
  const { form } = server;

  useEffect(() => {
    if (choice.data) {
      setMode("server");
      form.setFieldsValue(choice.data);
    }
  }, [choice.data, form]);

  const connected = (next: AppState) => {
    onStateChanged(next);
    // Every page reads again: the records are now the server's.
    void queryClient.invalidateQueries();
  };

  const connect = useMutation({
    mutationFn: () => call(commands.connectServer(server.address())),
    onMutate: () => {
      server.reset();
      setSavedLocal(false);
    },
    onSuccess: (next) => {
      form.setFieldValue("password", "");
      message.success("已连接街道服务器，下次启动也将使用它");
      connected(next);
    },
    onError: server.refused,
  });

  const chooseLocal = useMutation({
    mutationFn: () => call(commands.chooseDatabase(null)),
    onMutate: () => server.reset(),
    onSuccess: () => {
      setSavedLocal(true);
      void queryClient.invalidateQueries({ queryKey: ["databaseChoice"] });
    },
    onError: server.refused,
  });

  return (
    <Flex vertical gap={12} style={{ maxWidth: 600 }} data-testid="database-card">
      <Typography.Text type="secondary" data-testid="database-in-use">
        正在使用：{state.dbLocation}
      </Typography.Text>
      <Radio.Group
        value={mode}
        onChange={(e) => {
          setMode(e.target.value as Mode);
          server.reset();
          setSavedLocal(false);
        }}
        data-testid="database-mode"
      >
        <Space direction="vertical">
          <Radio value="local">只在本机使用（默认）：记录保存在这台电脑上</Radio>
          <Radio value="server">连接街道服务器：全街道各服务站共用一台服务器，各站只看到本站记录</Radio>
        </Space>
      </Radio.Group>
      {mode === "server" && <ServerForm state={server} />}
      {mode === "local" && savedLocal && (
        <Alert type="info" showIcon title="已保存。请关闭并重新打开工作台，改用本机的数据库文件。" />
      )}
      {mode === "local" && server.error && <Alert type="error" showIcon title={server.error} />}
      <div>
        {mode === "server" ? (
          <Button
            type="primary"
            onClick={() => connect.mutate()}
            loading={connect.isPending}
            data-testid="database-save"
          >
            连接并使用此服务器
          </Button>
        ) : (
          (onServer || choice.data) && (
            <Button
              type="primary"
              onClick={() => chooseLocal.mutate()}
              loading={chooseLocal.isPending}
              data-testid="database-save"
            >
              改回本机数据库（重新启动后生效）
            </Button>
          )
        )}
      </div>
      {!state.district && <MoveToServer onServer={onServer} onMoved={connected} />}
    </Flex>
  );
}
