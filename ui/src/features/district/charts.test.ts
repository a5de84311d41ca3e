import { describe, expect, it } from "vitest";
import type { Figures, StationLine } from "../../bindings";
import { months, monthValue, ratePercent, ratesOption, trendOption } from "./charts";

const figures = (over: Partial<Figures>): Figures => ({
  received: 0,
  duplicates: 0,
  respondedInTime: 0,
  responseRate: null,
  followedUp: 0,
  resolvedByResident: 0,
  resolutionRate: null,
  satisfied: 0,
  satisfactionRate: null,
  resolved: 0,
  overdue: 0,
  reopened: 0,
  medianDaysToResolve: null,
  ...over,
});

const line = (
  code: string,
  byMonth: [string, Partial<Figures>][],
  total: Partial<Figures> = {},
): StationLine => ({
  rank: 1,
  station: {
    id: code.charCodeAt(1),
    code,
    name: `${code}社区服务站`,
    phone: null,
    posterLink: null,
    idleLockMinutes: 0,
  },
  figures: figures(total),
  services: 0,
  personTimes: 0,
  byMonth: byMonth.map(([key, f]) => ({ key, label: key, figures: figures(f) })),
});

const ra = line(
  "RA",
  [
    ["2026-03", { received: 4, satisfactionRate: 0.875 }],
    ["2026-01", { received: 2 }],
  ],
  {
    responseRate: 1,
    satisfactionRate: 0.5,
  },
);
const rb = line("RB", [["2026-02", { received: 7, satisfactionRate: 1 }]]);

describe("the street office's charts", () => {
  it("walks every month any station has, in order", () => {
    expect(months([ra, rb])).toEqual(["2026-01", "2026-02", "2026-03"]);
  });

  it("counts a month without figures as nothing received and its rates as unknown", () => {
    expect(monthValue(rb, "2026-01", "received")).toBe(0);
    expect(monthValue(rb, "2026-01", "satisfactionRate")).toBeNull();
    expect(monthValue(ra, "2026-03", "satisfactionRate")).toBe(87.5);
    expect(monthValue(ra, "2026-03", "received")).toBe(4);
  });

  it("shows rates as percentages with one decimal, a dash where none", () => {
    expect(ratePercent(0.12345)).toBe(12.3);
    expect(ratePercent(null)).toBeNull();
    const option = ratesOption([ra, rb]) as { series: { name: string; data: unknown[] }[] };
    expect(option.series.map((s) => s.name)).toEqual(["响应率", "解决率", "满意率"]);
    expect(option.series[0].data).toEqual([100, "-"]);
    expect(option.series[2].data).toEqual([50, "-"]);
  });

  it("draws one line per station in the ranking's order", () => {
    const option = trendOption([rb, ra], "received") as {
      series: { name: string; data: unknown[] }[];
      xAxis: { data: string[] };
    };
    expect(option.xAxis.data).toEqual(["1月", "2月", "3月"]);
    expect(option.series.map((s) => s.name)).toEqual(["RB社区服务站", "RA社区服务站"]);
    expect(option.series[1].data).toEqual([2, 0, 4]);
  });
});
