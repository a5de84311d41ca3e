import { describe, expect, it } from "vitest";
import { actionText, primaryNext } from "./actions";

describe("the case drawer's step buttons", () => {
  it("names each step as a worker says it", () => {
    expect(actionText("accepted", "investigating")).toBe("转为核查");
    expect(actionText("investigating", "in_progress")).toBe("转为处理中");
    expect(actionText("in_progress", "resolved")).toBe("办结");
    expect(actionText("in_progress", "on_hold")).toBe("挂起");
    expect(actionText("accepted", "referred")).toBe("转办");
    expect(actionText("accepted", "duplicate")).toBe("标记为重复");
    expect(actionText("investigating", "accepted")).toBe("退回受理");
    expect(actionText("followed_up", "closed")).toBe("关闭");
  });

  it("calls going back from 办结 or 已回访 to 处理中 重新处理", () => {
    expect(actionText("resolved", "in_progress")).toBe("重新处理");
    expect(actionText("followed_up", "in_progress")).toBe("重新处理");
  });

  it("names the status a held case resumes at", () => {
    expect(actionText("on_hold", "in_progress")).toBe("恢复办理（处理中）");
    expect(actionText("on_hold", "investigating")).toBe("恢复办理（核查）");
  });

  it("makes the usual next step the primary button", () => {
    expect(primaryNext("accepted")).toBe("investigating");
    expect(primaryNext("investigating")).toBe("in_progress");
    expect(primaryNext("in_progress")).toBe("resolved");
    expect(primaryNext("followed_up")).toBe("closed");
    expect(primaryNext("on_hold")).toBeNull();
  });
});
