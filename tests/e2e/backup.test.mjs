// Issue 11 end to end: 设置 → 备份与恢复. A worker backs up now, sees the backup in the
// card, logs a case afterwards, restores the backup, and the window goes on with the
// restored data: the later case is gone, the earlier one is there, and the automatic copy
// taken before the restore is listed.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { cli, freshDatabase, initStation, openApp } from "./harness.mjs";

describe("backup and restore in 设置", () => {
  let win;
  before(async () => {
    const db = freshDatabase((file) => {
      initStation(file);
      cli(file, "case", "add", "--channel", "来访", "--title", "楼道灯不亮，晚上上下楼看不清", "--compound", "润都荣园");
    });
    win = await openApp(db);
    await win.login("赵子坤");
  });
  after(async () => {
    await win?.close();
  });

  it("backs up now and shows the new backup in the card", async () => {
    await win.click("nav-settings");
    await win.find("backup-card");
    const before = await win.text("backup-list");
    assert.match(before, /还没有备份/, `a fresh station has no backup:\n${before}`);
    await win.click("backup-now");
    const list = await win.waitForText("backup-list", (t) => t.includes("诉求 1 件"), "the new backup is listed");
    // antd spaces a two-character button's label: 恢 复.
    assert.match(list, /恢\s*复/);
    const status = await win.text("backup-card-status");
    assert.ok(!/失败/.test(status), `the status line reports a failure: ${status}`);
    await win.session.executeScript("arguments[0].scrollIntoView({ block: 'end' })", await win.find("backup-list"));
    console.log(`screenshot: ${await win.screenshot("backup-done.png")}`);
  });

  it("restores it and the window goes on with the restored data", async () => {
    await win.click("nav-intake");
    await win.choose("intake-channel", "来访");
    await win.type("intake-compound", "润都荣园");
    await win.type("intake-title", "备份之后登记的诉求：南门积水");
    await win.click("intake-submit");
    await win.waitForText("intake-success", (t) => t.includes("RA-"), "the later case is saved");
    await win.click("nav-register");
    await win.waitForText("register-table", (t) => t.includes("备份之后登记的诉求"), "the later case is listed");

    await win.click("nav-settings");
    await win.find("backup-list");
    await win.click("backup-restore");
    const confirm = await win.waitForText("backup-restore-confirm", (t) => t.includes("备份时间"), "the restore is confirmed first");
    assert.match(confirm, /荣傲家园社区微言服务站/);
    await win.click("backup-restore-ok");
    // The current database is backed up first: that copy is listed as 恢复前.
    await win.waitForText("backup-list", (t) => t.includes("恢复前"), "the copy taken before the restore is listed", 20000);
    await win.session.executeScript("arguments[0].scrollIntoView({ block: 'end' })", await win.find("backup-list"));
    console.log(`screenshot: ${await win.screenshot("backup-restored.png")}`);

    await win.click("nav-register");
    const table = await win.waitForText(
      "register-table",
      (t) => t.includes("楼道灯不亮") && !t.includes("备份之后登记的诉求"),
      "the register shows the restored data",
    );
    assert.ok(table.includes("楼道灯不亮"), table);
  });
});
