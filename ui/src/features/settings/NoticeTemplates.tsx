import { useQueryClient } from "@tanstack/react-query";
import { App, Button, Card, Flex, Input, Popconfirm, Spin, Tabs, Tag, Tooltip, Typography } from "antd";
import type { TextAreaRef } from "antd/es/input/TextArea";
import { useEffect, useRef, useState } from "react";
import { commands, type NoticeTemplate } from "../../bindings";
import { call, errorMessage } from "../../lib/ipc";
import { keys, useNoticeTemplates } from "../../lib/queries";
import { formatDateTime } from "../../lib/time";

/** Placeholders that stand for a whole block (table, numbered list, QR code): alone on a line. */
const BLOCKS = new Set(["{参会人员表}", "{会议议程}", "{有关要求}", "{二维码}"]);

/** 通知模板: the wording of each printed notice, with its placeholders and a reset. */
export default function NoticeTemplates() {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const query = useNoticeTemplates();
  const templates = query.data ?? null;
  const loadError = query.error ? errorMessage(query.error) : null;
  const load = () => query.refetch();

  const saved = (t: NoticeTemplate, what: string) => {
    queryClient.setQueryData<NoticeTemplate[]>(
      keys.noticeTemplates,
      (all) => all?.map((x) => (x.kind === t.kind ? t : x)) ?? [t],
    );
    message.success(`${t.label}模板${what}`);
  };

  return (
    <Card title="通知模板" data-testid="notice-templates">
      <Typography.Paragraph type="secondary">
        打印通知、回执时使用的措辞。花括号中的占位符会换成实际内容（点击下方占位符插入到光标处）；某行的占位符都没有内容时，这一行不打印。
        以 <Typography.Text code>#</Typography.Text> 开头的行是标题，
        <Typography.Text code>&gt;</Typography.Text> 是主送，
        <Typography.Text code>##</Typography.Text> 是小标题，
        <Typography.Text code>-</Typography.Text> 开头是“标签：内容”一行；要印出花括号本身请写{" "}
        <Typography.Text code>{"{{"}</Typography.Text> 和 <Typography.Text code>{"}}"}</Typography.Text>。
      </Typography.Paragraph>
      {loadError && (
        <Typography.Text type="danger">
          {loadError}{" "}
          <Button type="link" size="small" onClick={() => void load()}>
            重试
          </Button>
        </Typography.Text>
      )}
      {!templates && !loadError && (
        <div style={{ textAlign: "center", padding: 24 }}>
          <Spin />
        </div>
      )}
      {templates && (
        <Tabs
          items={templates.map((t) => ({
            key: t.kind,
            label: <span data-testid={`template-tab-${t.kind}`}>{t.label}</span>,
            forceRender: true,
            children: <TemplateEditor template={t} onSaved={saved} />,
          }))}
        />
      )}
    </Card>
  );
}

function TemplateEditor({
  template,
  onSaved,
}: {
  template: NoticeTemplate;
  onSaved: (t: NoticeTemplate, what: string) => void;
}) {
  const { kind } = template;
  const [body, setBody] = useState(template.body);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<"save" | "reset" | null>(null);
  const areaRef = useRef<TextAreaRef>(null);

  // A save or reset brings the stored text back.
  useEffect(() => {
    setBody(template.body);
  }, [template.body]);

  const dirty = body !== template.body;

  const submit = async (next: string | null) => {
    setBusy(next === null ? "reset" : "save");
    setError(null);
    try {
      const t = await call(commands.saveNoticeTemplate(kind, next));
      setBody(t.body);
      onSaved(t, next === null ? "已恢复默认措辞" : "已保存");
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };

  /** Puts `{名称}` where the cursor is; a block placeholder on a line of its own. */
  const insert = (placeholder: string) => {
    const area = areaRef.current?.resizableTextArea?.textArea;
    const start = area?.selectionStart ?? body.length;
    const end = area?.selectionEnd ?? body.length;
    let text = placeholder;
    if (BLOCKS.has(placeholder)) {
      if (start > 0 && body[start - 1] !== "\n") text = `\n${text}`;
      if (body[end] !== "\n") text = `${text}\n`;
    }
    setBody(body.slice(0, start) + text + body.slice(end));
    setError(null);
    requestAnimationFrame(() => {
      if (!area) return;
      area.focus();
      area.setSelectionRange(start + text.length, start + text.length);
    });
  };

  return (
    <div>
      <Flex align="center" gap={8} style={{ marginBottom: 8 }}>
        {template.isDefault && !dirty ? <Tag>默认措辞</Tag> : <Tag color="blue">本站修改</Tag>}
        {dirty && <Tag color="orange">未保存</Tag>}
        {template.updatedAt && !template.isDefault && (
          <Typography.Text type="secondary">上次保存 {formatDateTime(template.updatedAt)}</Typography.Text>
        )}
      </Flex>
      <Input.TextArea
        ref={areaRef}
        value={body}
        onChange={(e) => {
          setBody(e.target.value);
          setError(null);
        }}
        status={error ? "error" : undefined}
        autoSize={{ minRows: 8, maxRows: 22 }}
        spellCheck={false}
        style={{ fontFamily: "var(--sd-font)", lineHeight: 1.7 }}
        data-testid={`template-body-${kind}`}
      />
      {error && (
        <div
          role="alert"
          style={{ color: "#ff4d4f", marginTop: 4 }}
          className="ant-form-item-explain-error"
          data-testid={`template-error-${kind}`}
        >
          {error}
        </div>
      )}
      <div style={{ marginTop: 12 }}>
        <Typography.Text type="secondary">可用的占位符：</Typography.Text>
        <Flex wrap gap={6} style={{ marginTop: 6 }} data-testid={`template-placeholders-${kind}`}>
          {template.placeholders.map((p) => (
            <Tooltip key={p} title={BLOCKS.has(p) ? "表格、编号列表或二维码，须单独占一行" : undefined}>
              <Button
                size="small"
                color={BLOCKS.has(p) ? "purple" : "default"}
                variant={BLOCKS.has(p) ? "outlined" : "filled"}
                onClick={() => insert(p)}
              >
                {p}
              </Button>
            </Tooltip>
          ))}
        </Flex>
      </div>
      <Flex gap={8} style={{ marginTop: 16 }}>
        <Button
          type="primary"
          loading={busy === "save"}
          disabled={!dirty || busy !== null}
          onClick={() => void submit(body)}
          data-testid={`template-save-${kind}`}
        >
          保存
        </Button>
        {dirty && (
          <Button disabled={busy !== null} onClick={() => setBody(template.body)}>
            放弃修改
          </Button>
        )}
        <Popconfirm
          title="恢复默认措辞？"
          description="本站对这份模板的修改将被删除。"
          okText="恢复默认"
          cancelText="取消"
          onConfirm={() => void submit(null)}
          disabled={template.isDefault && !dirty}
        >
          <Button
            loading={busy === "reset"}
            disabled={(template.isDefault && !dirty) || busy !== null}
            data-testid={`template-reset-${kind}`}
          >
            恢复默认
          </Button>
        </Popconfirm>
      </Flex>
    </div>
  );
}
