// Issue 13's 从另一台电脑导入设置 in the real window: the 站长 of a configured station adds
// a category and exports the station's settings file (设置 → 设置文件); on a second PC the
// first-start screen picks that file, shows what it holds, and the new station starts with
// the same categories, parties directory and retention. Importing the file again in 设置
// shows that nothing would change. Dialogs are answered through STATIONDESK_TEST_DIALOGS.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cli, freshDatabase, initStation, openApp, PASSWORD, tempFolder } from "./harness.mjs";

const PROPERTY = "润都荣园物业服务中心";

describe("settings carried from one PC to the next", () => {
  let win;
  let source;
  let target;
  let file;
  const dialogs = tempFolder("stationdesk-e2e-settings-");
  const pick = (path) => writeFileSync(join(dialogs, "pick"), path);
  const open = async (db, options = {}) => {
    process.env.STATIONDESK_TEST_DIALOGS = dialogs;
    try {
      return await openApp(db, options);
    } finally {
      delete process.env.STATIONDESK_TEST_DIALOGS;
    }
  };
  before(async () => {
    source = freshDatabase((path) => {
      initStation(path);
      cli(path, "--staff", "赵子坤", "party", "add", "--kind", "物业", "--name", PROPERTY, "--contact", "王经理",
        "--phone", "13812345678");
      cli(path, "--staff", "赵子坤", "retention", "set", "--cases-years", "5", "--signups-years", "2");
    });
    target = freshDatabase();
    win = await open(source);
    await win.login("赵子坤");
  });
  after(async () => {
    await win?.close();
  });

  it("exports the configured station's settings file", async () => {
    await win.click("nav-settings");
    await win.type("category-new-name", "加装电梯");
    await win.click("category-add");
    await win.waitForText("settings-file", (t) => t.includes("导出设置文件"), "the card is shown");
    await win.click("settings-file-export");
    await win.session.wait(
      () => readdirSync(dialogs).some((n) => n.startsWith("服务站设置-RA-") && n.endsWith(".json")),
      10000,
      "no settings file was saved",
    );
    file = join(dialogs, readdirSync(dialogs).find((n) => n.startsWith("服务站设置-RA-")));
    const text = readFileSync(file, "utf8");
    for (const expected of ["stationdesk-settings", "加装电梯", PROPERTY]) {
      assert.ok(text.includes(expected), `the file lacks ${expected}`);
    }
    // The directory's phone numbers are in it: only the owner may read it.
    assert.equal(statSync(file).mode & 0o077, 0, "the settings file is readable by others");
    await win.close();
    win = undefined;
  });

  it("starts the next PC's station with those settings", async () => {
    win = await open(target, { create: true });
    await win.type("setup-code", "RB");
    await win.type("setup-name", "荣盛社区服务站");
    await win.type("setup-staff", "李敏");
    await win.type("setup-password", PASSWORD);
    await win.type("setup-password2", PASSWORD);
    pick(file);
    await win.click("setup-import-settings");
    const summary = await win.waitForText("setup-settings-summary", (t) => t.includes("相关方名录 1 家"), "what the file holds");
    assert.match(summary, /来自 RA 荣傲家园社区微言服务站/);
    assert.match(summary, /个人信息保存期限：诉求 5 年，报名与代办 2 年/);
    console.log(`screenshot: ${await win.screenshot("settings-file-setup.png")}`);
    await win.click("setup-submit");
    await win.waitForText("current-staff", (t) => t.includes("李敏（站长）"), "the 站长 is logged in");

    await win.click("nav-settings");
    const parties = await win.waitForText("settings-parties", (t) => t.includes(PROPERTY), "the directory came along");
    assert.match(parties, /王经理/);
    const categories = await win.text("settings-file");
    assert.ok(categories.includes("设置文件"), categories);
    // As the CLI reads the new station's database.
    assert.match(cli(target, "--staff", "李敏", "station", "show"), /RB/);
    assert.match(cli(target, "--staff", "李敏", "party", "list"), new RegExp(PROPERTY));
    assert.match(cli(target, "--staff", "李敏", "retention", "show"), /5/);
    const log = cli(target, "--staff", "李敏", "audit", "list");
    assert.match(log, /导入设置文件/);
    const registered = cli(target, "--staff", "李敏", "case", "add", "--channel", "来访", "--title", "3号楼想加装电梯",
      "--category", "加装电梯");
    assert.match(registered, /RB-\d{4}-0001/);
  });

  it("shows in 设置 that the same file changes nothing", async () => {
    pick(file);
    await win.click("nav-settings");
    await win.click("settings-file-import");
    const preview = await win.waitForText("settings-file-preview", (t) => t.includes("来自"), "the preview");
    assert.match(preview, /与本机现有设置相同/);
    console.log(`screenshot: ${await win.screenshot("settings-file-preview.png")}`);
    await win.click("settings-file-ok");
    await win.waitHidden("settings-file-preview", "知道了 closes the preview");
  });
});
