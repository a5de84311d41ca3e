import { useMutation } from "@tanstack/react-query";
import { Channel } from "@tauri-apps/api/core";
import { Alert, Button, Divider, Flex, Form, Input, Progress, Table, Typography } from "antd";
import { useState } from "react";
import { type AppState, commands, type MoveReport, type MoveStep, type TableCheck } from "../../bindings";
import { call } from "../../lib/ipc";
import ServerForm, { useServerForm } from "./ServerForm";

const STATION_FIELDS = ["stationLogin", "stationPassword"] as const;

/**
 * 把本站数据迁到街道服务器: the same move as `stationdesk-cli migrate`, from the window. The
 * district administrator types the server's owner login here and gives the station its new
 * login; a progress bar follows each table as it is copied (one server transaction) and
 * checked, then the per-table check is shown and, when every table agrees, the window goes
 * on with the server. This PC's file is only read.
 */
export default function MoveToServer({
  onServer,
  onMoved,
}: {
  onServer: boolean;
  onMoved: (next: AppState) => void;
}) {
  const server = useServerForm(STATION_FIELDS);
  const [step, setStep] = useState<MoveStep | null>(null);
  const [report, setReport] = useState<MoveReport | null>(null);

  const move = useMutation({
    mutationFn: async () => {
      const progress = new Channel<MoveStep>();
      progress.onmessage = (s) => setStep(s);
      const target = {
        server: server.address(),
        stationLogin: (server.form.getFieldValue("stationLogin") as string | undefined) ?? "",
        stationPassword: (server.form.getFieldValue("stationPassword") as string | undefined) ?? "",
      };
      const moved = await call(commands.moveToServer(target, progress));
      return { moved, state: moved.verified ? await call(commands.appState()) : null };
    },
    onMutate: () => {
      server.reset();
      setStep(null);
      setReport(null);
    },
    onSuccess: ({ moved, state }) => {
      setReport(moved);
      server.form.setFieldsValue({ password: "", stationPassword: "" });
      if (state) onMoved(state);
    },
    onError: server.refused,
  });

  // Once on the server, only a finished move's result is left to show.
  if (onServer && !report) return null;
  const percent = step && step.total > 0 ? Math.round((step.done / step.total) * 100) : 0;
  return (
    <Flex vertical gap={12} data-testid="move-section">
      <Divider style={{ margin: "8px 0" }} />
      <Typography.Title level={5} style={{ margin: 0 }}>
        把本站数据迁到街道服务器
      </Typography.Title>
      {!report && (
        <>
          <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
            本机的全部记录（诉求、操作记录、附件、活动、会议等）一次复制到服务器，再逐表核对行数和校验值；
            中途失败时服务器上不会留下半份数据。核对一致后本机改用服务器，本机的数据库文件保持不变。
            请街道管理员在此输入服务器的管理账号（数据库所有者），并为本站设一个新的登录名和密码。
          </Typography.Paragraph>
          <ServerForm
            state={server}
            idPrefix="move"
            loginLabel="街道管理员账号"
            loginPlaceholder="数据库所有者，如 jd_admin"
          >
            <Flex gap={12}>
              <Form.Item label="本站新登录名" name="stationLogin" style={{ flex: 1 }}>
                <Input placeholder="如 ra_station" autoComplete="off" data-testid="move-station-login" />
              </Form.Item>
              <Form.Item label="本站新密码（至少 8 位）" name="stationPassword" style={{ flex: 1 }}>
                <Input.Password autoComplete="new-password" data-testid="move-station-password" />
              </Form.Item>
            </Flex>
          </ServerForm>
          <div>
            <Button
              type="primary"
              onClick={() => move.mutate()}
              loading={move.isPending}
              data-testid="move-start"
            >
              开始迁移
            </Button>
          </div>
        </>
      )}
      {(move.isPending || step) && !report && (
        <div data-testid="move-progress">
          <Progress percent={percent} status={move.isPending ? "active" : "normal"} />
          {step && (
            <Typography.Text type="secondary">
              {step.phase === "copying" ? "正在复制" : "正在核对"}：{step.label}（{step.rows} 行），第{" "}
              {step.done}/{step.total} 步
            </Typography.Text>
          )}
        </div>
      )}
      {report && <MoveResult report={report} />}
    </Flex>
  );
}

function MoveResult({ report }: { report: MoveReport }) {
  const verdict = report.verified
    ? `${report.copied ? "迁移完成" : "本站此前已迁到服务器，本次只核对"}：逐表核对一致，本机已改用街道服务器。本机的数据库文件未作任何修改。`
    : "核对发现不一致：本机仍使用本机的数据库文件，请勿删除它，并联系街道管理员";
  return (
    <Flex vertical gap={12} data-testid="move-result">
      <Alert type={report.verified ? "success" : "error"} showIcon title={verdict} />
      <Table<TableCheck>
        size="small"
        rowKey="table"
        pagination={false}
        scroll={{ y: 320 }}
        dataSource={report.tables}
        columns={[
          { title: "内容", dataIndex: "label" },
          { title: "本机行数", dataIndex: "sourceRows", align: "right", width: 90 },
          { title: "服务器行数", dataIndex: "targetRows", align: "right", width: 100 },
          {
            title: "校验值",
            dataIndex: "checksum",
            width: 160,
            render: (c: string) => <span style={{ fontFamily: "monospace", whiteSpace: "nowrap" }}>{c}</span>,
          },
          {
            title: "核对",
            dataIndex: "matches",
            width: 64,
            render: (m: boolean) =>
              m ? (
                <Typography.Text type="success">一致</Typography.Text>
              ) : (
                <Typography.Text type="danger">不一致</Typography.Text>
              ),
          },
        ]}
      />
      <Typography.Text type="secondary">附件 {report.attachments} 个已存入服务器。</Typography.Text>
    </Flex>
  );
}
