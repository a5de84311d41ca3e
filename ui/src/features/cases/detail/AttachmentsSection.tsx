import { DeleteOutlined, FileOutlined, PaperClipOutlined } from "@ant-design/icons";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { App, Button, Empty, Flex, Image, Popconfirm, Segmented, Spin, Tooltip, Typography } from "antd";
import { useEffect, useRef, useState } from "react";
import { type Attachment, type AttachmentKind, commands } from "../../../bindings";
import { scaled } from "../../../lib/display";
import { call, errorMessage } from "../../../lib/ipc";
import { PRIMARY } from "../../../lib/theme";
import { formatDateTime } from "../../../lib/time";
import { ATTACHMENT_KIND_LABELS, ATTACHMENT_KINDS } from "../labels";

const inTauri = () => "__TAURI_INTERNALS__" in window;

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * An attachment's bytes (raw over IPC, no base64) as an object URL; read once and kept
 * while the window is open: the bytes never change (they are named by their hash).
 */
function contentQuery(a: Attachment) {
  return {
    queryKey: ["attachmentBytes", a.id] as const,
    queryFn: async () => {
      const bytes = await call(commands.attachmentBytes(a.id));
      return URL.createObjectURL(new Blob([bytes], { type: a.mediaType }));
    },
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: Number.POSITIVE_INFINITY,
  };
}

function useContent(a: Attachment, load: boolean): string | null | "error" {
  const content = useQuery({ ...contentQuery(a), enabled: load });
  if (content.isError) return "error";
  return content.data ?? null;
}

function Thumb({ a, onRemove }: { a: Attachment; onRemove: (a: Attachment) => void }) {
  const image = a.mediaType.startsWith("image/");
  const url = useContent(a, image);
  const title = `${a.fileName}（${sizeText(a.size)}，${a.createdBy} ${formatDateTime(a.createdAt)}）`;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const download = async () => {
    try {
      const url = await queryClient.fetchQuery(contentQuery(a));
      const link = document.createElement("a");
      link.href = url;
      link.download = a.fileName;
      link.click();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };
  return (
    <div className="sd-thumb" data-testid={`attachment-${a.id}`}>
      <div className="sd-thumb-box">
        {image ? (
          url === null ? (
            <Spin size="small" />
          ) : url === "error" ? (
            <Typography.Text type="danger" style={{ fontSize: scaled(12), padding: 4 }}>
              文件无法读取
            </Typography.Text>
          ) : (
            <Image src={url} alt={a.fileName} width={112} height={84} style={{ objectFit: "cover" }} />
          )
        ) : (
          <Tooltip title="点击保存到本机">
            <Button type="text" onClick={() => void download()} style={{ height: "100%", width: "100%" }}>
              <FileOutlined style={{ fontSize: scaled(28), color: PRIMARY }} />
            </Button>
          </Tooltip>
        )}
      </div>
      <Flex align="center" gap={2} style={{ width: 112 }}>
        <Typography.Text ellipsis={{ tooltip: title }} style={{ fontSize: scaled(12), flex: 1 }}>
          {a.fileName}
        </Typography.Text>
        <Popconfirm
          title="移除这个附件？"
          description="移除后不再显示在诉求里；文件仍随诉求档案保存，不会丢失。"
          okText="移除"
          cancelText="不移除"
          onConfirm={() => onRemove(a)}
        >
          <Button
            type="text"
            size="small"
            danger
            icon={<DeleteOutlined />}
            aria-label="移除"
            data-testid={`attachment-remove-${a.id}`}
          />
        </Popconfirm>
      </Flex>
    </div>
  );
}

/**
 * 附件: before/after photos and documents as thumbnails. Files are added with the file
 * dialog or by dropping them anywhere on the window while the case is open.
 */
export default function AttachmentsSection({
  caseId,
  attachments,
  onChanged,
}: {
  caseId: number;
  attachments: Attachment[];
  onChanged: () => void;
}) {
  const { message } = App.useApp();
  const [kind, setKind] = useState<AttachmentKind>("before");
  const [busy, setBusy] = useState(false);
  const [dragging, setDragging] = useState(false);
  const kindRef = useRef(kind);
  kindRef.current = kind;
  const changedRef = useRef(onChanged);
  changedRef.current = onChanged;

  /** Attaches through the program's file dialog (`pick`) or what was just dropped. */
  const add = async (how: "pick" | "drop") => {
    setBusy(true);
    try {
      const kind = kindRef.current;
      const added = await call(
        how === "pick" ? commands.addAttachments(caseId, kind) : commands.addDroppedAttachments(caseId, kind),
      );
      if (added.length === 0) return; // the dialog was cancelled
      message.success(`已添加 ${added.length} 个${ATTACHMENT_KIND_LABELS[kind]}附件`);
    } catch (e) {
      message.error(errorMessage(e));
    } finally {
      setBusy(false);
      changedRef.current();
    }
  };
  const addRef = useRef(add);
  addRef.current = add;

  // Files dropped on the window while this case is open are attached to it.
  useEffect(() => {
    if (!inTauri()) return;
    let unlisten: (() => void) | null = null;
    let stopped = false;
    void import("@tauri-apps/api/webview").then(({ getCurrentWebview }) =>
      getCurrentWebview()
        .onDragDropEvent((event) => {
          const p = event.payload;
          if (p.type === "enter" || p.type === "over") setDragging(true);
          else if (p.type === "leave") setDragging(false);
          else if (p.type === "drop") {
            setDragging(false);
            // The paths stay with the program, which kept them when they were dropped.
            if (p.paths.length > 0) void addRef.current("drop");
          }
        })
        .then((f) => {
          if (stopped) f();
          else unlisten = f;
        }),
    );
    return () => {
      stopped = true;
      unlisten?.();
    };
  }, []);

  const pick = async () => {
    if (!inTauri()) {
      message.info("浏览器预览中不能选择本机文件，请在工作台程序里添加附件");
      return;
    }
    await add("pick");
  };

  const remove = async (a: Attachment) => {
    try {
      await call(commands.removeAttachment(a.id));
      message.success(`已移除「${a.fileName}」`);
      onChanged();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <div data-testid="case-attachments" className={dragging ? "sd-drop-active" : undefined}>
      <Flex gap={12} align="center" wrap style={{ marginBottom: 12 }}>
        <Segmented<AttachmentKind>
          value={kind}
          onChange={setKind}
          options={ATTACHMENT_KINDS.map((k) => ({ value: k, label: ATTACHMENT_KIND_LABELS[k] }))}
          data-testid="attachment-kind"
        />
        <Button
          icon={<PaperClipOutlined />}
          loading={busy}
          onClick={() => void pick()}
          data-testid="attachment-add"
        >
          选择文件…
        </Button>
        <Typography.Text type="secondary">也可以把文件直接拖到窗口里；单个文件不超过 20 MB</Typography.Text>
      </Flex>
      {dragging && (
        <div className="sd-drop-hint">松开鼠标，文件将作为「{ATTACHMENT_KIND_LABELS[kind]}」添加到本诉求</div>
      )}
      {attachments.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="还没有照片或文件" />
      ) : (
        <Image.PreviewGroup>
          {ATTACHMENT_KINDS.map((k) => {
            const list = attachments.filter((a) => a.kind === k);
            if (list.length === 0) return null;
            return (
              <div key={k} style={{ marginBottom: 8 }}>
                <Typography.Text type="secondary">
                  {ATTACHMENT_KIND_LABELS[k]}（{list.length}）
                </Typography.Text>
                <Flex wrap gap={10} style={{ marginTop: 4 }}>
                  {list.map((a) => (
                    <Thumb key={a.id} a={a} onRemove={(x) => void remove(x)} />
                  ))}
                </Flex>
              </div>
            );
          })}
        </Image.PreviewGroup>
      )}
    </div>
  );
}

/** The attachments by name, size and who added them, for a reader who does not open them. */
export function AttachmentNames({ attachments }: { attachments: Attachment[] }) {
  if (attachments.length === 0) {
    return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有照片或文件" />;
  }
  return (
    <div data-testid="case-attachments">
      {ATTACHMENT_KINDS.map((k) => {
        const list = attachments.filter((a) => a.kind === k);
        if (list.length === 0) return null;
        return (
          <div key={k} style={{ marginBottom: 6 }}>
            <Typography.Text type="secondary">
              {ATTACHMENT_KIND_LABELS[k]}（{list.length}）：
            </Typography.Text>
            {list.map((a) => (
              <span key={a.id} style={{ marginInlineEnd: 16, whiteSpace: "nowrap" }}>
                <FileOutlined style={{ color: PRIMARY }} /> {a.fileName}
                <Typography.Text type="secondary" style={{ fontSize: scaled(12) }}>
                  （{sizeText(a.size)}，{a.createdBy} {formatDateTime(a.createdAt)}）
                </Typography.Text>
              </span>
            ))}
          </div>
        );
      })}
    </div>
  );
}
