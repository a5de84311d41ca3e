// A report's period: 月报 or 年报, and the month or year, as the station's 工作报告 and the
// street office's report pick it.
import { DatePicker, Segmented } from "antd";
import type { Dayjs } from "dayjs";
import type { ReportPeriod } from "../../bindings";

export type ReportKind = "month" | "year";

export function reportPeriod(kind: ReportKind, day: Dayjs): ReportPeriod {
  return kind === "month"
    ? { kind: "month", year: day.year(), month: day.month() + 1 }
    : { kind: "year", year: day.year() };
}

export default function ReportPeriodPicker({
  kind,
  day,
  onKind,
  onDay,
  testId,
}: {
  kind: ReportKind;
  day: Dayjs;
  onKind: (kind: ReportKind) => void;
  onDay: (day: Dayjs) => void;
  /** `report` gives `report-kind` and `report-period`. */
  testId: string;
}) {
  return (
    <>
      <Segmented<ReportKind>
        value={kind}
        onChange={onKind}
        options={[
          { value: "month", label: "月报" },
          { value: "year", label: "年报" },
        ]}
        data-testid={`${testId}-kind`}
      />
      <DatePicker
        picker={kind}
        value={day}
        allowClear={false}
        onChange={(d) => d && onDay(d)}
        data-testid={`${testId}-period`}
      />
    </>
  );
}
