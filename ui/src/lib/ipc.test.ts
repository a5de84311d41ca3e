import type { FormInstance } from "antd";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { AppError } from "../bindings";
import { applyFieldErrors, call, clearFieldErrors, errorMessage, fieldPath, IpcError } from "./ipc";

const FALLBACK = "操作没有完成：程序内部出错，请重试；如仍失败请联系管理员";

const refused: AppError = {
  code: "invalid_input",
  message: "填写的内容有误",
  fields: [
    { field: "phone", message: "电话号码格式不正确" },
    { field: "address.room", message: "室号过长" },
    { field: "title", message: "请填写标题" },
    { field: "signature", message: "签名不能为空" },
  ],
};

afterEach(() => vi.restoreAllMocks());

describe("call: a command's data, or an error a worker may read", () => {
  it("returns the data of an ok result", async () => {
    await expect(call(Promise.resolve({ status: "ok" as const, data: 42 }))).resolves.toBe(42);
  });

  it("throws the server's sentence for an error result", async () => {
    const e = (await call(Promise.resolve({ status: "error" as const, error: refused })).catch(
      (x) => x,
    )) as IpcError;
    expect(e).toBeInstanceOf(IpcError);
    expect(e.message).toBe("填写的内容有误");
    expect(e.code).toBe("invalid_input");
    expect(errorMessage(e)).toBe("填写的内容有误");
  });

  it("shows a plain sentence, never the raw text, when the invoke itself fails", async () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    const e = await call(Promise.reject("command list_casez not found")).catch((x) => x);
    expect(e).toBeInstanceOf(IpcError);
    expect(errorMessage(e)).toBe(FALLBACK);
  });
});

describe("errorMessage", () => {
  it("never shows a stack or a JavaScript message", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(errorMessage(new TypeError("x is undefined"))).toBe(FALLBACK);
    expect(errorMessage("oops")).toBe(FALLBACK);
  });
});

describe("field messages next to the form's fields", () => {
  function fakeForm() {
    const set: { name: string[]; errors: string[] }[] = [];
    const scrolled: string[][] = [];
    const form = {
      setFields: (fields: { name: string[]; errors: string[] }[]) => set.push(...fields),
      scrollToField: (name: string[]) => scrolled.push(name),
    } as unknown as FormInstance;
    return { form, set, scrolled };
  }

  it("splits a nested field into its form path", () => {
    expect(fieldPath("address.room")).toEqual(["address", "room"]);
  });

  it("puts each known field's message under it and returns the others", () => {
    const { form, set, scrolled } = fakeForm();
    const e = new IpcError(refused);
    const rest = applyFieldErrors(form, e, ["phone", "address.room", "title"]);
    expect(set).toEqual([
      { name: ["phone"], errors: ["电话号码格式不正确"] },
      { name: ["address", "room"], errors: ["室号过长"] },
      { name: ["title"], errors: ["请填写标题"] },
    ]);
    expect(scrolled).toEqual([["phone"]]);
    expect(rest).toEqual(["签名不能为空"]);
  });

  it("leaves the form alone for an error that is not about the input", () => {
    const { form, set } = fakeForm();
    const rest = applyFieldErrors(
      form,
      new IpcError({ code: "not_found", message: "没有找到这件诉求", fields: [] }),
      ["phone"],
    );
    expect(rest).toEqual([]);
    expect(set).toEqual([]);
  });

  it("clears the messages under the given fields", () => {
    const { form, set } = fakeForm();
    clearFieldErrors(form, [["phone"], ["address", "room"]]);
    expect(set).toEqual([
      { name: ["phone"], errors: [] },
      { name: ["address", "room"], errors: [] },
    ]);
  });
});
