import { useQueryClient } from "@tanstack/react-query";
import {
  App,
  AutoComplete,
  Button,
  Card,
  Space,
  Spin,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { commands, type NoticeFont } from "../../bindings";
import { scaled } from "../../lib/display";
import { call, errorMessage } from "../../lib/ipc";
import { keys, useNoticeFonts } from "../../lib/queries";

/** Family names the engine knows the usual files of, per role. */
const FAMILIES: Record<string, string[]> = {
  fangsong: ["仿宋", "仿宋_GB2312", "FangSong"],
  songti: ["宋体", "SimSun"],
  heiti: ["黑体", "SimHei"],
  title: ["方正小标宋简体", "方正小标宋_GBK"],
};

/** 通知字体: the system fonts the station prefers over the bundled ones, and whether each is found. */
export default function NoticeFontsCard() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const query = useNoticeFonts();
  const rows = query.data ?? null;
  const loadError = query.error ? errorMessage(query.error) : null;
  const setRows = (next: NoticeFont[]) => queryClient.setQueryData(keys.noticeFonts, next);
  const [typed, setTyped] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<string | null>(null);

  const save = async (font: NoticeFont, choice: string | null) => {
    setBusy(font.role);
    try {
      const next = await call(commands.saveNoticeFont(font.role, choice));
      setRows(next);
      setErrors((e) => ({ ...e, [font.role]: "" }));
      setTyped((t) => ({ ...t, [font.role]: "" }));
      message.success(choice ? `${font.label}改用“${choice}”` : `${font.label}恢复为内置字体`);
    } catch (e) {
      setErrors((all) => ({ ...all, [font.role]: errorMessage(e) }));
    } finally {
      setBusy(null);
    }
  };

  /** The program shows the file dialog and saves the font file picked. */
  const pickFile = async (font: NoticeFont) => {
    setBusy(font.role);
    try {
      const next = await call(commands.pickNoticeFontFile(font.role));
      if (next === null) return; // cancelled
      setRows(next);
      setErrors((e) => ({ ...e, [font.role]: "" }));
      const chosen = next.find((f) => f.role === font.role)?.choice;
      message.success(`${font.label}改用“${chosen ?? ""}”`);
    } catch (e) {
      setErrors((all) => ({ ...all, [font.role]: errorMessage(e) }));
    } finally {
      setBusy(null);
    }
  };

  const columns: TableColumnsType<NoticeFont> = [
    { title: "用途", dataIndex: "label", width: 170 },
    {
      title: "当前使用",
      render: (_, f) =>
        f.choice === null ? (
          <Tag>内置字体</Tag>
        ) : f.problem ? (
          <Space orientation="vertical" size={0}>
            <Tag color="warning">{f.choice}</Tag>
            <Typography.Text type="warning">{f.problem}；打印时改用内置字体</Typography.Text>
          </Space>
        ) : (
          <Space orientation="vertical" size={0}>
            <Tag color="success">{f.choice}</Tag>
            <Typography.Text type="secondary" style={{ fontSize: scaled(12) }}>
              {f.path}
            </Typography.Text>
          </Space>
        ),
    },
    {
      title: "改用系统字体",
      width: 380,
      render: (_, f) => (
        <Space orientation="vertical" size={2} style={{ width: "100%" }}>
          <Space.Compact style={{ width: "100%" }}>
            <AutoComplete
              style={{ flex: 1 }}
              value={typed[f.role] ?? ""}
              options={(FAMILIES[f.role] ?? []).map((v) => ({ value: v }))}
              placeholder={`字体名称，如：${f.suggested}`}
              onChange={(v) => setTyped((t) => ({ ...t, [f.role]: v }))}
              data-testid={`font-choice-${f.role}`}
            />
            <Button
              type="primary"
              loading={busy === f.role}
              disabled={!(typed[f.role] ?? "").trim()}
              onClick={() => void save(f, (typed[f.role] ?? "").trim())}
              data-testid={`font-save-${f.role}`}
            >
              使用
            </Button>
          </Space.Compact>
          <Space size={4}>
            <Button size="small" onClick={() => void pickFile(f)}>
              选择字体文件…
            </Button>
            {f.choice !== null && (
              <Button size="small" onClick={() => void save(f, null)} data-testid={`font-reset-${f.role}`}>
                恢复内置字体
              </Button>
            )}
          </Space>
          {errors[f.role] && <Typography.Text type="danger">{errors[f.role]}</Typography.Text>}
        </Space>
      ),
    },
  ];

  return (
    <Card title="通知字体" data-testid="notice-fonts">
      <Typography.Paragraph type="secondary">
        本程序自带仿宋、黑体和宋体字体，任何电脑都能正确打印。如果这台电脑装有公文常用的仿宋、宋体、黑体或方正小标宋，可在这里改用它们；
        找不到的字体不会被保存，已保存的字体被卸载后，打印时自动改用内置字体并给出提示。内置字体缺少的字会继续由内置宋体补齐。
      </Typography.Paragraph>
      {loadError && <Typography.Text type="danger">{loadError}</Typography.Text>}
      {!rows && !loadError && <Spin />}
      {rows && <Table rowKey="role" size="middle" pagination={false} columns={columns} dataSource={rows} />}
    </Card>
  );
}
