// The street office's two charts, as ECharts options built from the core's figures: the
// three rates side by side per station, and one figure month by month per station.
import type { Figures, StationLine } from "../../bindings";
import type { EChartOption } from "../../lib/EChart";
import { COLORS } from "../dashboard/parts";

/** What the trend chart follows month by month. */
export type TrendMetric = "received" | "responseRate" | "resolutionRate" | "satisfactionRate";

export const TREND_METRICS: { value: TrendMetric; label: string }[] = [
  { value: "received", label: "受理" },
  { value: "responseRate", label: "响应率" },
  { value: "resolutionRate", label: "解决率" },
  { value: "satisfactionRate", label: "满意率" },
];

/** A rate as a percentage with one decimal, or null when there was nothing to divide. */
export function ratePercent(rate: number | null): number | null {
  return rate === null ? null : Math.round(rate * 1000) / 10;
}

/** A station as the charts name it (axis, legend and tooltip). */
export function stationLabel(line: StationLine): string {
  return line.station.name;
}

/** Every month any station has figures for, in order (`2026-01`, `2026-02`, …). */
export function months(stations: StationLine[]): string[] {
  return [...new Set(stations.flatMap((s) => s.byMonth.map((m) => m.key)))].sort();
}

/** The figure a station had in a month: a count, a percentage, or null (no figures). */
export function monthValue(line: StationLine, month: string, metric: TrendMetric): number | null {
  const figures: Figures | undefined = line.byMonth.find((m) => m.key === month)?.figures;
  if (!figures) return metric === "received" ? 0 : null;
  return metric === "received" ? figures.received : ratePercent(figures[metric]);
}

const percentTooltip = (v: unknown) => (typeof v === "number" ? `${v.toFixed(1)}%` : "—");
const dash = (v: number | null) => v ?? "-";

/** 三率对比: a group of three bars per station, in ranking order. */
export function ratesOption(stations: StationLine[]): EChartOption {
  const names = stations.map(stationLabel);
  const crowded = stations.length > 6;
  const series = (name: string, pick: (f: Figures) => number | null) => ({
    name,
    type: "bar",
    barMaxWidth: 18,
    data: stations.map((s) => dash(ratePercent(pick(s.figures)))),
    tooltip: { valueFormatter: percentTooltip },
  });
  return {
    color: [COLORS.response, COLORS.resolution, COLORS.satisfaction],
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    legend: { top: 0 },
    grid: { left: 44, right: 16, top: 36, bottom: crowded ? 72 : 32 },
    xAxis: {
      type: "category",
      data: names,
      axisLabel: { interval: 0, rotate: crowded ? 30 : 0, width: crowded ? 96 : 180, overflow: "truncate" },
    },
    yAxis: { type: "value", name: "%", min: 0, max: 100 },
    series: [
      series("响应率", (f) => f.responseRate),
      series("解决率", (f) => f.resolutionRate),
      series("满意率", (f) => f.satisfactionRate),
    ],
  };
}

/** 按月趋势: one line per station of the chosen figure. */
export function trendOption(stations: StationLine[], metric: TrendMetric): EChartOption {
  const keys = months(stations);
  const rate = metric !== "received";
  return {
    tooltip: {
      trigger: "axis",
      valueFormatter: rate ? percentTooltip : (v: unknown) => (typeof v === "number" ? `${v} 件` : "—"),
    },
    legend: { top: 0, type: "scroll" },
    grid: { left: 44, right: 24, top: 36, bottom: 28 },
    xAxis: { type: "category", data: keys.map((k) => `${Number(k.slice(5))}月`) },
    yAxis: rate
      ? { type: "value", name: "%", min: 0, max: 100 }
      : { type: "value", name: "件", minInterval: 1 },
    series: stations.map((s) => ({
      name: stationLabel(s),
      type: "line",
      connectNulls: true,
      symbolSize: 6,
      data: keys.map((k) => dash(monthValue(s, k, metric))),
    })),
  };
}
