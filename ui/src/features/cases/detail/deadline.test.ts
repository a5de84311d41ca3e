import dayjs from "dayjs";
import { describe, expect, it } from "vitest";
import { clockState, clockTag, spanText } from "./deadline";

const now = dayjs("2026-12-02T10:00:00+08:00");
const tagOf = (due: string | null, doneAt: string | null, paused = false) =>
  clockTag(clockState(due, doneAt, paused, now));

describe("spanText: a span as a worker says it", () => {
  it("says days and hours, hours, or minutes", () => {
    expect(spanText((3 * 24 + 4) * 3600_000)).toBe("3 天 4 小时");
    expect(spanText(2 * 24 * 3600_000)).toBe("2 天");
    expect(spanText(5 * 3600_000 + 10 * 60_000)).toBe("5 小时");
    expect(spanText(20 * 60_000)).toBe("20 分钟");
  });

  it("never says 0 分钟, and ignores the sign", () => {
    expect(spanText(5_000)).toBe("1 分钟");
    expect(spanText(-90 * 60_000)).toBe("1 小时");
  });
});

describe("a deadline's tag in the case drawer", () => {
  it("shows nothing when no deadline is set", () => {
    expect(tagOf(null, null)).toBeNull();
  });

  it("counts down the time left, in warning colour within a day", () => {
    expect(tagOf("2026-12-05T14:00:00+08:00", null)).toEqual({
      text: "剩余 3 天 4 小时",
      due: "on_track",
    });
    expect(tagOf("2026-12-02T15:00:00+08:00", null)).toEqual({ text: "剩余 5 小时", due: "near_due" });
  });

  it("is not yet overdue at the deadline itself", () => {
    expect(tagOf("2026-12-02T10:00:00+08:00", null)).toEqual({ text: "剩余 1 分钟", due: "near_due" });
  });

  it("says how long it is overdue", () => {
    expect(tagOf("2026-12-01T08:00:00+08:00", null)).toEqual({ text: "已超期 1 天 2 小时", due: "overdue" });
  });

  it("says whether a met deadline was met in time", () => {
    expect(tagOf("2026-12-01T08:00:00+08:00", "2026-11-30T09:00:00+08:00")).toEqual({
      text: "按时",
      due: "done",
    });
    expect(tagOf("2026-12-01T08:00:00+08:00", "2026-12-01T09:00:00+08:00")).toEqual({
      text: "超时",
      due: "overdue",
    });
  });

  it("stops the clock while the case is on hold", () => {
    expect(tagOf("2026-12-01T08:00:00+08:00", null, true)).toEqual({
      text: "挂起中，暂停计时",
      due: "on_hold",
    });
  });
});
