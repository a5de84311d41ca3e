import { Select, Spin, Typography } from "antd";
import { useEffect, useMemo, useRef, useState } from "react";
import { type CaseStatus, commands, type LinkedCase } from "../../bindings";
import { call } from "../../lib/ipc";
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
  const [found, setFound] = useState<LinkedCase[]>([]);
  const [searching, setSearching] = useState(false);
  const [typed, setTyped] = useState("");
  const timer = useRef<number | undefined>(undefined);

  useEffect(() => () => window.clearTimeout(timer.current), []);

  const search = (words: string) => {
    setTyped(words);
    window.clearTimeout(timer.current);
    if (words.trim() === "") {
      setFound([]);
      return;
    }
    timer.current = window.setTimeout(async () => {
      setSearching(true);
      try {
        const page = await call(commands.listCases({ text: words.trim(), page: 1, pageSize: 20 }));
        setFound(
          page.items
            .filter((c) => !FINISHED.includes(c.status))
            .map((c) => ({ id: c.id, number: c.number, title: c.title, status: c.status })),
        );
      } catch {
        setFound([]);
      } finally {
        setSearching(false);
      }
    }, SEARCH_DELAY_MS);
  };

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
      showSearch={{ filterOption: false, onSearch: search }}
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
