// Issue 12's personal data in the real window, 设置 → 个人信息保护 as the 站长 uses it: the
// retention settings saved, 立即执行 after a dry-run count, the last run shown, and a
// resident's request — their records found by phone, exported for them as a file (the save
// dialog answered through STATIONDESK_TEST_DIALOGS) and the export logged, then their personal
// data removed (the case stays, no longer found by the name).
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cli, freshDatabase, initStation, openApp, tempFolder } from "./harness.mjs";

describe("设置 → 个人信息保护: retention and a resident's data request", () => {
  let win;
  let db;
  let number;
  const dialogs = tempFolder("stationdesk-e2e-privacy-");
  before(async () => {
    db = freshDatabase((path) => {
      initStation(path);
      number = cli(path, "--staff", "赵子坤", "case", "add", "--channel", "来访", "--title", "楼道灯不亮",
        "--name", "刘涵", "--phone", "13912345678", "--compound", "润都荣园", "--building", "3", "--room", "301").trim();
      cli(path, "--staff", "赵子坤", "case", "set-status", number, "办结", "--resolution", "物业已更换灯具");
    });
    process.env.STATIONDESK_TEST_DIALOGS = dialogs;
    try {
      win = await openApp(db);
      await win.login("赵子坤");
    } finally {
      delete process.env.STATIONDESK_TEST_DIALOGS;
    }
  });
  after(async () => {
    await win?.close();
  });

  it("shows the settings and that nothing has run yet", async () => {
    await win.click("nav-settings");
    const status = await win.waitForText("privacy-status", (t) => t.includes("上次执行"), "the status is shown");
    assert.ok(status.includes("还没有执行过"), status);
    await win.type("privacy-cases-years", "5");
    await win.click("privacy-save");
    await win.waitForText("privacy-status", (t) => t.includes(`${new Date().getFullYear() - 5}-`), "the cutoff moves 5 years back");
  });

  it("counts first, then runs and shows the last run", async () => {
    await win.click("privacy-run");
    const confirm = await win.waitForText("privacy-run-confirm", (t) => t.includes("将匿名"), "the dry run's count");
    assert.ok(confirm.includes("诉求 0 件"), confirm);
    await win.click("privacy-run-ok");
    await win.waitForText("privacy-status", (t) => t.includes("赵子坤") && !t.includes("还没有执行过"), "the last run");
  });

  it("finds a resident's records by phone and removes their personal data", async () => {
    await win.type("privacy-phone", "13912345678");
    await win.click("privacy-find");
    const found = await win.waitForText("privacy-found", (t) => t.includes(number), "the case is listed");
    assert.ok(found.includes("楼道灯不亮") && found.includes("办结"), found);
    console.log(`screenshot: ${await win.screenshot("privacy-found.png")}`);

    // The resident's own copy, saved where the 站长 chooses, owner-only, and logged.
    await win.click("privacy-export");
    const day = new Date();
    const stamp = `${day.getFullYear()}${String(day.getMonth() + 1).padStart(2, "0")}${String(day.getDate()).padStart(2, "0")}`;
    const out = join(dialogs, `居民个人信息-${stamp}.json`);
    let exported;
    await win.session.wait(async () => {
      try {
        exported = JSON.parse(readFileSync(out, "utf8"));
        return true;
      } catch {
        return false;
      }
    }, 15000, `${out} was not written`);
    assert.ok(existsSync(out));
    assert.equal(statSync(out).mode & 0o777, 0o600, "the export is owner-only");
    assert.equal(exported.phone, "13912345678");
    assert.equal(exported.station, "荣傲家园社区微言服务站");
    assert.deepEqual(exported.cases.map((c) => c.case.number), [number]);
    assert.equal(exported.cases[0].case.residentName, "刘涵");
    const logged = cli(db, "audit", "list", "--kind", "导出居民个人信息");
    assert.match(logged, /赵子坤\s+导出居民个人信息\s+服务站/);
    assert.ok(!logged.includes("13912345678") && !logged.includes("刘涵"), logged);

    await win.click("privacy-erase");
    await win.click("privacy-erase-ok");
    await win.waitForText("privacy-found", (t) => t.includes("没有记录"), "nothing is left under the phone");
    console.log(`screenshot: ${await win.screenshot("privacy-erased.png")}`);
    const search = cli(db, "case", "search", "刘涵");
    assert.ok(!search.includes("楼道灯不亮"), search);
    const show = cli(db, "case", "show", number);
    assert.ok(show.includes("楼道灯不亮") && !show.includes("刘涵") && !show.includes("13912345678"), show);
  });
});
