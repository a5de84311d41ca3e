import { describe, expect, it } from "vitest";
import { buildRule, defaultRepeat, describeRule, parseRule } from "./recurrence";

describe("describeRule: how a repeat reads in the drawer and the list", () => {
  it("says 不重复 for an event without a rule", () => {
    expect(describeRule(null)).toBe("不重复");
  });

  it("reads a weekly rule as its weekdays", () => {
    expect(describeRule("FREQ=WEEKLY;BYDAY=TH")).toBe("每周四");
    expect(describeRule("FREQ=WEEKLY;BYDAY=MO,WE,FR")).toBe("每周一、周三、周五");
  });

  it("reads a monthly rule as the nth weekday of the month", () => {
    expect(describeRule("FREQ=MONTHLY;BYDAY=2SA")).toBe("每月第二个周六");
    expect(describeRule("FREQ=MONTHLY;BYDAY=-1FR")).toBe("每月最后一个周五");
  });

  it("adds the last day (a China date) or the number of times", () => {
    // 15:59:59 UTC is 23:59:59 in China, the same day.
    expect(describeRule("FREQ=WEEKLY;BYDAY=TH;UNTIL=20261231T155959Z")).toBe("每周四，至 2026-12-31");
    // 16:30 UTC is already the next day in China.
    expect(describeRule("FREQ=WEEKLY;BYDAY=TH;UNTIL=20261231T163000Z")).toBe("每周四，至 2027-01-01");
    expect(describeRule("FREQ=MONTHLY;BYDAY=1MO;COUNT=6")).toBe("每月第一个周一，共 6 次");
  });

  it("shows what the presets cannot say as the rule itself", () => {
    expect(describeRule("FREQ=DAILY")).toBe("自定义：FREQ=DAILY");
    expect(describeRule("FREQ=WEEKLY;BYDAY=TH;INTERVAL=2")).toBe("自定义：FREQ=WEEKLY;BYDAY=TH;INTERVAL=2");
    expect(describeRule("FREQ=MONTHLY;BYDAY=5SA")).toBe("自定义：FREQ=MONTHLY;BYDAY=5SA");
  });
});

describe("buildRule and parseRule: the event form's presets", () => {
  it("suggests the start date's weekday and its place in the month", () => {
    // 2026-12-12 is the second Saturday of December.
    const r = defaultRepeat("2026-12-12");
    expect(r.kind).toBe("none");
    expect(r.weekdays).toEqual(["SA"]);
    expect(r.nth).toBe(2);
    expect(buildRule(r)).toBeNull();
    expect(describeRule(buildRule({ ...r, kind: "monthly" }))).toBe("每月第二个周六");
  });

  it("ends a rule at the end of the China day, in UTC", () => {
    const r = {
      ...defaultRepeat("2026-12-03"),
      kind: "weekly" as const,
      end: "until" as const,
      until: "2027-01-28",
    };
    expect(buildRule(r)).toBe("FREQ=WEEKLY;BYDAY=TH;UNTIL=20270128T155959Z");
  });

  it("gives back the form's choice for a rule it built", () => {
    const r = {
      ...defaultRepeat("2026-12-03"),
      kind: "weekly" as const,
      weekdays: ["TU" as const, "TH" as const],
      end: "count" as const,
      count: 10,
    };
    const rule = buildRule(r);
    expect(rule).toBe("FREQ=WEEKLY;BYDAY=TU,TH;COUNT=10");
    const back = parseRule(rule, "2026-12-03");
    expect(back.kind).toBe("weekly");
    expect(back.weekdays).toEqual(["TU", "TH"]);
    expect(back.count).toBe(10);
    expect(describeRule(rule)).toBe("每周二、周四，共 10 次");
  });

  it("keeps custom text as typed, trimmed", () => {
    expect(
      buildRule({ ...defaultRepeat("2026-12-03"), kind: "custom", custom: "  FREQ=DAILY;COUNT=3 " }),
    ).toBe("FREQ=DAILY;COUNT=3");
  });
});
