import { Select, Spin, Typography } from "antd";
import { useMemo, useState } from "react";
import type { CaseStatus, LinkedCase } from "../../bindings";
import { useCaseList } from "../../lib/queries";
import { useDebounced } from "../../lib/useDebounced";
import StatusTag from "../cases/StatusTag";

/** Closed and duplicate cases are not on any agenda any more. */
const FINISHED: readonly CaseStatus[] = ["closed", "duplicate"];
const SEARCH_DELAY_MS = 300;

type Props = {
  value?: number | null;
  onChange?: (id: number | null, picked: LinkedCase | null) => void;
  /** Cases to offer before anything is typed (the agenda's, the one already linked). */
  known?: LinkedCase[];
  placeholder?: string;
  testId?: string;
  style?: React.CSSProperties;
};

/** Picks a case by typing words of its title or address, or its number. */
export default function CasePicker({ value, onChange, known = [], placeholder, testId, style }: Props) {
  const [typed, setTyped] = useState("");
  const words = useDebounced(typed.trim(), SEARCH_DELAY_MS);
  const query = useCaseList({ text: words, page: 1, pageSize: 20 }, words !== "");
  const searching = query.isFetching;
  const items = typed.trim() === "" || words === "" ? undefined : query.data?.items;
  const found = useMemo(
    () =>
      (items ?? [])
        .filter((c) => !FINISHED.includes(c.status))
        .map((c): LinkedCase => ({ id: c.id, number: c.number, title: c.title, status: c.status })),
    [items],
  );

  const all = useMemo(() => {
    const byId = new Map<number, LinkedCase>();
    for (const c of [...known, ...found]) byId.set(c.id, c);
    return byId;
  }, [known, found]);

  const options = [...all.values()].map((c) => ({
    value: c.id,
    title: c.number,
    label: (
      <span data-testid={`case-option-${c.number}`}>
        <Typography.Text strong>{c.number}</Typography.Text> {c.title} <StatusTag status={c.status} />
      </span>
    ),
  }));

  return (
    <Select<number>
      value={value ?? undefined}
      onChange={(id) => onChange?.(id ?? null, id == null ? null : (all.get(id) ?? null))}
      showSearch={{ filterOption: false, onSearch: setTyped }}
      allowClear
      options={options}
      placeholder={placeholder ?? "输入诉求标题中的词或编号查找，如 地库"}
      notFoundContent={
        searching ? (
          <Spin size="small" />
        ) : typed.trim() ? (
          "没有找到未关闭的诉求"
        ) : (
          "输入标题中的词或编号查找诉求"
        )
      }
      style={{ width: "100%", ...style }}
      data-testid={testId}
      virtual={false}
    />
  );
}
