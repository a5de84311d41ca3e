import { describe, expect, it } from "vitest";
import type { CalendarDay } from "../../bindings";
import { holidayRanges, rangeLabel } from "./holidayRanges";

const day = (d: string, kind: CalendarDay["kind"], name: string): CalendarDay => ({
  day: d,
  kind,
  name,
  builtIn: true,
});

describe("holidayRanges", () => {
  it("folds consecutive days of one holiday into the notice's line, across a month end", () => {
    const days = [
      day("2026-12-31", "holiday", "元旦"),
      day("2027-01-01", "holiday", "元旦"),
      day("2027-01-02", "workday", "元旦调休上班"),
      day("2027-01-30", "holiday", "春节"),
      day("2027-01-31", "holiday", "春节"),
      day("2027-02-01", "holiday", "春节"),
      day("2027-02-03", "holiday", "春节"),
      day("2027-02-04", "holiday", "元宵"),
    ];
    expect(holidayRanges(days).map(rangeLabel)).toEqual([
      "元旦 12月31日至1月1日（2天）",
      "调休上班 1月2日（元旦调休上班）",
      "春节 1月30日至2月1日（3天）",
      "春节 2月3日（1天）",
      "元宵 2月4日（1天）",
    ]);
  });

  it("keeps two make-up days apart even when they follow each other", () => {
    const days = [day("2027-02-13", "workday", "春节调休上班"), day("2027-02-14", "workday", "春节调休上班")];
    expect(holidayRanges(days)).toHaveLength(2);
  });
});
