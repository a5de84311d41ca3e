// The period a page of figures covers: 本月 / 本季度 / 今年 / 去年 or two dates, and a
// button that counts again. The station's 统计 and the street office's ranking share it.
import { ReloadOutlined } from "@ant-design/icons";
import { Button, DatePicker, Flex, Tooltip } from "antd";
import dayjs, { type Dayjs } from "dayjs";
import { scaled } from "../../lib/display";

export type Period = { from: Dayjs; to: Dayjs };

export const PRESETS: { key: string; label: string; period: () => Period }[] = [
  { key: "month", label: "本月", period: () => ({ from: dayjs().startOf("month"), to: dayjs() }) },
  {
    key: "quarter",
    label: "本季度",
    period: () => ({
      from: dayjs()
        .month(Math.floor(dayjs().month() / 3) * 3)
        .startOf("month"),
      to: dayjs(),
    }),
  },
  { key: "year", label: "今年", period: () => ({ from: dayjs().startOf("year"), to: dayjs() }) },
  {
    key: "last-year",
    label: "去年",
    period: () => ({
      from: dayjs().subtract(1, "year").startOf("year"),
      to: dayjs().subtract(1, "year").endOf("year"),
    }),
  },
];

/** This year so far, where both pages start. */
export function thisYear(): Period {
  return PRESETS[2].period();
}

/** The period as the core's `RateQuery` wants it. */
export function periodQuery(period: Period): { from: string; to: string } {
  return { from: period.from.format("YYYY-MM-DD"), to: period.to.format("YYYY-MM-DD") };
}

export default function PeriodBar({
  period,
  onChange,
  onReload,
  loading,
  testId,
}: {
  period: Period;
  onChange: (next: Period) => void;
  onReload: () => void;
  loading: boolean;
  /** Prefix of the date pickers' test ids: `<testId>-from`, `<testId>-to`. */
  testId: string;
}) {
  const presetKey = PRESETS.find((p) => {
    const q = p.period();
    return q.from.isSame(period.from, "day") && q.to.isSame(period.to, "day");
  })?.key;
  return (
    <>
      <Flex gap={4}>
        {PRESETS.map((p) => (
          <Button
            key={p.key}
            size="small"
            type={presetKey === p.key ? "primary" : "default"}
            autoInsertSpace={false}
            onClick={() => onChange(p.period())}
          >
            {p.label}
          </Button>
        ))}
      </Flex>
      <Flex gap={6} align="center">
        <DatePicker
          value={period.from}
          allowClear={false}
          format="YYYY-MM-DD"
          onChange={(d) => d && onChange({ ...period, from: d })}
          disabledDate={(d) => d.isAfter(period.to, "day")}
          style={{ width: scaled(140) }}
          data-testid={`${testId}-from`}
        />
        <span>至</span>
        <DatePicker
          value={period.to}
          allowClear={false}
          format="YYYY-MM-DD"
          onChange={(d) => d && onChange({ ...period, to: d })}
          disabledDate={(d) => d.isBefore(period.from, "day")}
          style={{ width: scaled(140) }}
          data-testid={`${testId}-to`}
        />
      </Flex>
      <Tooltip title="重新统计">
        <Button icon={<ReloadOutlined />} onClick={onReload} loading={loading} />
      </Tooltip>
    </>
  );
}
