// The intake form's side panel: cases that look like the one being typed, to mark it a repeat.
import { LinkOutlined } from "@ant-design/icons";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { Alert, Button, Card, Empty, Flex, Spin, Tag, Typography, theme } from "antd";
import dayjs from "dayjs";
import { useMemo } from "react";
import { commands, type SimilarCase, type SimilarQuery } from "../../bindings";
import ActionLink from "../../lib/ActionLink";
import { scaled } from "../../lib/display";
import { call } from "../../lib/ipc";
import { useDebounced } from "../../lib/useDebounced";
import StatusTag from "./StatusTag";

const SIMILAR_DELAY_MS = 400;

export type AddressValues = {
  compound?: string;
  building?: string;
  entrance?: string;
  room?: string;
  place?: string;
};

function text(value: string | undefined): string | null {
  return value && value.trim() !== "" ? value : null;
}

type SimilarState = { kind: "idle" } | { kind: "loading" } | { kind: "ready"; items: SimilarCase[] };

/** Likely duplicates of what is being typed, looked up after a short pause. */
export function useSimilar(
  title: string,
  description: string,
  address: AddressValues | undefined,
  enabled: boolean,
): SimilarState {
  const long = [...title.trim()].length >= 2;
  const query: SimilarQuery = useDebounced(
    useMemo(
      () => ({
        title: title.trim(),
        description: text(description),
        address: {
          compound: text(address?.compound),
          building: text(address?.building),
          entrance: text(address?.entrance),
          room: text(address?.room),
          place: text(address?.place),
        },
      }),
      [title, description, address],
    ),
    SIMILAR_DELAY_MS,
  );
  const on = enabled && long && [...(query.title ?? "")].length >= 2;
  const similar = useQuery({
    queryKey: ["similarCases", query],
    queryFn: () => call(commands.similarCases(query)),
    enabled: on,
    placeholderData: keepPreviousData,
  });
  if (!enabled || !long || similar.isError) return { kind: "idle" };
  if (similar.data) return { kind: "ready", items: similar.data };
  return on ? { kind: "loading" } : { kind: "idle" };
}

export default function SimilarPanel({
  state,
  picked,
  onPick,
  onOpenCase,
}: {
  state: SimilarState;
  picked: SimilarCase | null;
  onPick: (c: SimilarCase | null) => void;
  onOpenCase: (id: number, number?: string) => void;
}) {
  const { token } = theme.useToken();
  const items = state.kind === "ready" ? state.items : [];
  // A picked case stays listed even when the words change.
  const shown = picked && !items.some((s) => s.case.id === picked.case.id) ? [picked, ...items] : items;
  return (
    <Card
      size="small"
      title={
        <span>
          可能重复的诉求
          {state.kind === "loading" && <Spin size="small" style={{ marginInlineStart: 8 }} />}
        </span>
      }
      style={{ width: 300, flex: "none", position: "sticky", top: 0 }}
      data-testid="intake-similar"
    >
      {shown.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={
            state.kind === "ready"
              ? "没有发现相似的诉求"
              : "填写标题和地点后，这里会列出同一地点、说法相近的诉求（未办结或 30 天内办结的）"
          }
        />
      ) : (
        <Flex vertical gap={10}>
          {picked && (
            <Alert
              type="info"
              showIcon
              title={`登记后将标记为 ${picked.case.number} 的重复件`}
              data-testid="intake-duplicate-picked"
            />
          )}
          {shown.map((s) => {
            const isPicked = picked?.case.id === s.case.id;
            return (
              <div
                key={s.case.id}
                className="sd-similar-item"
                style={isPicked ? { borderColor: token.colorPrimary, background: "#f0f6ff" } : undefined}
              >
                <Flex gap={6} align="center" wrap>
                  <ActionLink onClick={() => onOpenCase(s.case.id, s.case.number)}>
                    {s.case.number}
                  </ActionLink>
                  <StatusTag status={s.case.status} />
                  {s.samePlace && <Tag color="orange">同一地点</Tag>}
                </Flex>
                <div style={{ margin: "4px 0" }}>{s.case.title}</div>
                <Typography.Text type="secondary" style={{ fontSize: scaled(12) }}>
                  {s.case.address || "—"} · {dayjs(s.case.receivedAt).format("YYYY-MM-DD")} 受理
                </Typography.Text>
                <div style={{ marginTop: 6 }}>
                  <Button
                    size="small"
                    type={isPicked ? "primary" : "default"}
                    icon={<LinkOutlined />}
                    onClick={() => onPick(isPicked ? null : s)}
                    data-testid={`intake-similar-mark-${s.case.number}`}
                  >
                    {isPicked ? "已选，点此取消" : "标记为重复"}
                  </Button>
                </div>
              </div>
            );
          })}
        </Flex>
      )}
    </Card>
  );
}
