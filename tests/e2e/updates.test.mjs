// Issue 13's 软件更新 in the real window: the 站长 fills in the district's shared folder
// (设置 → 软件更新), a refused address is said in Chinese, 检查更新 says which version the
// district publishes and where its installer is, the blue line under the header tells of it
// again after the next start, and 打开安装包位置 opens exactly the installer the district's
// latest.json names (noted in DIR/opened under STATIONDESK_TEST_DIALOGS). Nothing installs.
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { cli, freshDatabase, freshDataHome, openApp, printDialogs, tempFolder } from "./harness.mjs";

describe("a newer version published by the district", () => {
  const share = tempFolder("stationdesk-e2e-share-");
  writeFileSync(
    join(share, "latest.json"),
    JSON.stringify({
      version: "99.0.0",
      notes: "2027 年节假日安排；台账导出更快",
      pub_date: "2027-01-05T08:00:00Z",
      platforms: { "linux-x86_64": { url: "stationdesk_99.0.0_amd64.deb" } },
    }),
  );
  const installer = join(share, "stationdesk_99.0.0_amd64.deb");
  const dataHome = freshDataHome();
  const dialogs = printDialogs();
  const opened = join(dialogs.dir, "opened");
  let win;
  const db = freshDatabase((path) => {
    cli(
      path,
      "init",
      "--station-code",
      "RA",
      "--station-name",
      "荣傲家园社区微言服务站",
      "--staff",
      "赵子坤",
    );
  });
  after(async () => {
    await win?.close();
  });

  it("is found in the shared folder the 站长 fills in", async () => {
    win = await openApp(db, { dataHome, prints: dialogs });
    await win.login("赵子坤");
    await win.click("nav-settings");
    await win.waitForText("updates-current", (t) => /^\d+\.\d+\.\d+/.test(t), "this version is shown");
    await win.type("updates-source", "ftp://jiedao/stationdesk");
    await win.click("updates-save");
    await win.waitForText(
      "updates-error",
      (t) => t.includes("http://"),
      "an ftp address is refused in Chinese",
    );
    assert.ok(!existsSync(join(dataHome, "stationdesk", "updates.json")), "a refused address was kept");

    await win.type("updates-source", share);
    await win.click("updates-save");
    await win.waitForText(
      "update-banner",
      (t) => t.includes("有新版本 99.0.0"),
      "the banner appears once the place is saved",
    );
    await win.click("updates-check");
    await win.waitForText("updates-result", (t) => t.includes("有新版本 99.0.0（本机 "), "检查更新 finds it");
    assert.equal(await win.text("updates-installer"), `安装包：${installer}`);
    await win.screenshot("updates-settings.png");
    await win.close();
    win = undefined;
  });

  it("is told again after the next start, and its installer is opened from the banner", async () => {
    win = await openApp(db, { dataHome, prints: dialogs });
    await win.login("赵子坤");
    await win.waitForText(
      "update-banner",
      (t) => t.includes("2027 年节假日安排"),
      "the banner says what is new",
      20000,
    );
    await win.screenshot("updates-banner.png");
    await win.click("update-banner-open");
    await win.session.wait(() => existsSync(opened), 10000, "打开安装包位置 opened nothing");
    assert.equal(readFileSync(opened, "utf8").trim(), installer);
    await win.click("update-banner-close");
    await win.waitGone("update-banner", "知道了 hides the banner");
  });
});
