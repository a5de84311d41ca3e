// Issue 2 end to end: a worker opens StationDesk on an empty database, sets up the
// station, logs a resident's request through the form, sees it in the register, finds
// it again by a two-character word and opens its detail. And bad input shows messages.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { cli, freshDatabase, initStation, openApp, PASSWORD } from "./harness.mjs";

describe("first day at the station", () => {
  let win;
  before(async () => {
    win = await openApp(freshDatabase(), { create: true });
  });
  after(async () => {
    await win?.close();
  });

  it("sets up the station on an empty database", async () => {
    await win.type("setup-code", "RA");
    await win.type("setup-name", "荣傲家园社区微言服务站");
    await win.type("setup-staff", "赵子坤");
    await win.type("setup-password", PASSWORD);
    await win.type("setup-password2", PASSWORD);
    await win.click("setup-submit");
    await win.find("nav-register");
    await win.waitForText("current-staff", (t) => t.includes("赵子坤（站长）"), "the 站长 is logged in");
  });

  it("logs a suggestion-box note through the form and shows its number", async () => {
    await win.click("nav-intake");
    await win.choose("intake-channel", "意见箱");
    await win.type("intake-resident", "刘涵");
    await win.type("intake-compound", "润都荣园");
    await win.type("intake-place", "南门广场");
    await win.choose("intake-category", "市政设施");
    await win.type("intake-title", "南门广场路面坑洼，雨后积水严重");
    await win.type("intake-description", "南门广场地面多处坑洼，下雨后积水没过脚面，老人孩子出入不便。");
    await win.click("intake-submit");
    const year = new Date().getFullYear();
    const text = await win.waitForText("intake-success", (t) => t.includes(`RA-${year}-0001`), "the new case number is shown");
    assert.match(text, new RegExp(`RA-${year}-0001`));
    console.log(`screenshot: ${await win.screenshot("intake-success.png")}`);
  });

  it("shows the case in the register and finds it by a two-character word", async () => {
    await win.click("nav-register");
    await win.waitForText("register-table", (t) => t.includes("南门广场路面坑洼"), "the new case is listed");
    await win.type("register-search", "楼梯");
    await win.waitForText("register-table", (t) => !t.includes("南门广场路面坑洼"), "a word it lacks hides it");
    await win.type("register-search", "积水");
    const table = await win.waitForText("register-table", (t) => t.includes("南门广场路面坑洼"), "searching 积水 finds it");
    assert.match(table, /意见箱/);
    assert.match(table, /受理/);
    console.log(`screenshot: ${await win.screenshot("register-first-case.png")}`);
  });

  it("opens the detail with every field and the history", async () => {
    const year = new Date().getFullYear();
    const row = await win.session.findElement({ xpath: `//*[@data-testid='register-table']//*[normalize-space(text())='RA-${year}-0001']` });
    await row.click();
    const detail = await win.waitForText("case-detail", (t) => t.includes("没过脚面"), "the description is shown");
    for (const expected of ["南门广场路面坑洼，雨后积水严重", "刘涵", "润都荣园", "南门广场", "市政设施", "意见箱", "受理", "赵子坤"]) {
      assert.ok(detail.includes(expected), `detail lacks ${expected}:\n${detail}`);
    }
    await win.waitForText("case-history", (t) => t.includes("赵子坤"), "the history names who logged it");
    console.log(`screenshot: ${await win.screenshot("case-detail.png")}`);
  });
});

describe("when the computer's network goes away", () => {
  let win;
  before(async () => {
    const db = freshDatabase((file) => {
      initStation(file);
      cli(file, "case", "add", "--channel", "来访", "--title", "南门广场路面坑洼，雨后积水", "--compound", "润都荣园");
    });
    win = await openApp(db);
    await win.login("赵子坤");
  });
  after(async () => {
    await win?.close();
  });

  it("still saves and searches on this PC's own file", async () => {
    // A pulled cable: the browser's offline event. The window's reads and saves are calls
    // to the program itself, so nothing may wait for the network to come back.
    await win.session.executeScript("window.dispatchEvent(new Event('offline'))");
    await win.click("nav-intake");
    await win.choose("intake-channel", "意见箱");
    await win.choose("intake-category", "市政设施");
    await win.type("intake-title", "三号楼楼道感应灯不亮");
    await win.click("intake-submit");
    const year = new Date().getFullYear();
    await win.waitForText("intake-success", (t) => t.includes(`RA-${year}-0002`), "the case is saved while offline", 15000);
    await win.click("nav-register");
    await win.type("register-search", "感应灯");
    const table = await win.waitForText(
      "register-table",
      (t) => t.includes("三号楼楼道感应灯不亮") && !t.includes("南门广场路面坑洼"),
      "the register searches while offline",
      15000,
    );
    assert.match(table, /共 1 条/);
    await win.session.executeScript("window.dispatchEvent(new Event('online'))");
  });
});

describe("bad input", () => {
  let win;
  let db;
  before(async () => {
    db = freshDatabase((path) => initStation(path));
    win = await openApp(db);
    await win.login("赵子坤");
    await win.click("nav-intake");
  });
  after(async () => {
    await win?.close();
  });

  it("refuses an empty title with a message next to the field", async () => {
    await win.type("intake-description", "楼道灯不亮");
    await win.click("intake-submit");
    await win.session.wait(async () => (await win.fieldErrors()).some((m) => m.includes("请填写标题")), 5000, "no title message");
  });

  it("refuses a malformed phone and a 100 000-character description, saving nothing", async () => {
    await win.type("intake-title", "楼道灯不亮");
    await win.type("intake-phone", "1381234");
    await win.paste("intake-description", "灯".repeat(100_000));
    await win.click("intake-submit");
    // A 100 000-character text takes WebKit a while to lay out; allow for a slow machine.
    let errors = [];
    try {
      await win.session.wait(
        async () => {
          errors = await win.fieldErrors();
          return errors.some((m) => m.includes("电话号码格式不正确")) && errors.some((m) => m.includes("问题描述过长"));
        },
        30000,
      );
    } catch (e) {
      await win.screenshot("intake-refused-FAILED.png");
      assert.fail(`the server's messages did not appear next to phone and description; shown: ${JSON.stringify(errors)} (${e})`);
    }
    console.log(`screenshot: ${await win.screenshot("intake-refused.png")}`);
    const listed = JSON.parse(cli(db, "--json", "case", "list").trim() || "{}");
    assert.equal(listed.total ?? 0, 0, "a refused case was saved");
  });

  it("gives the station its phone in 设置, refusing a malformed one", async () => {
    await win.click("nav-settings");
    await win.type("station-phone", "8601234");
    await win.click("station-save");
    await win.session.wait(
      async () => (await win.fieldErrors()).some((m) => m.includes("服务站电话格式不正确")),
      10000,
      "the malformed phone is refused next to the field",
    );
    assert.equal(JSON.parse(cli(db, "--json", "station", "show")).phone, null, "a refused phone was saved");

    await win.type("station-phone", "0311 86012345");
    await win.click("station-save");
    await win.session.wait(
      async () => (await (await win.find("station-phone")).getAttribute("value").catch(() => "")) === "0311-86012345",
      10000,
      "the saved number is shown tidied",
    );
    assert.equal(JSON.parse(cli(db, "--json", "station", "show")).phone, "0311-86012345");
    // The old refusal fades out; read the messages until it is gone, for up to 5 s. A read
    // that fails (the message leaving under it) is read again.
    let left = [];
    let lastError = null;
    for (const deadline = Date.now() + 5000; ; ) {
      try {
        left = await win.fieldErrors();
        if (!left.some((m) => m.includes("服务站电话"))) break;
      } catch (e) {
        lastError = e;
      }
      if (Date.now() > deadline) {
        await win.screenshot("station-phone-FAILED.png");
        assert.fail(`the old refusal is still shown after 5 s: ${left} (last read error: ${lastError})`);
      }
      await sleep(200);
    }
    console.log(`screenshot: ${await win.screenshot("station-phone.png")}`);
  });
});
