// 设置 → 显示: 大字 and 特大字 change the window's base text size at once, and the choice
// (this computer's, kept in the WebView's storage) is still there after a restart.
import assert from "node:assert/strict";
import { join } from "node:path";
import { it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { cli, freshDatabase, freshDataHome, openApp, tempFolder } from "./harness.mjs";

/** The menu's text size in px, as the worker sees it. */
async function menuPx(win) {
  const el = await win.find("nav-register");
  return parseFloat(await win.session.executeScript("return getComputedStyle(arguments[0]).fontSize", el));
}

it("大字 and 特大字 enlarge the text and survive a restart", async () => {
  const db = freshDatabase((path) => cli(path, "init", "--station-code", "RA", "--station-name", "荣傲家园社区微言服务站"));
  const dataHome = freshDataHome();
  const configHome = tempFolder("stationdesk-e2e-config-");
  let win = await openApp(db, { dataHome, configHome });
  try {
    await win.login("管理员");
    const standard = await menuPx(win);
    assert.equal(standard, 15, "标准 is 15 px");
    await win.click("nav-settings");
    await win.find("display-card");
    await win.click("display-size-large");
    await win.session.wait(async () => (await menuPx(win)) === 18, 5000, "大字 did not make the text 18 px");
    await win.click("display-size-xlarge");
    await win.session.wait(async () => (await menuPx(win)) === 21, 5000, "特大字 did not make the text 21 px");
    console.log(`screenshot: ${await win.screenshot("display-xlarge.png")}`);
    await win.session.close().catch(() => {});
    await sleep(1500);
  } finally {
    await win.close();
  }
  win = await openApp(db, { dataHome, configHome });
  try {
    await win.login("管理员");
    await win.session.wait(async () => (await menuPx(win)) === 21, 10000, "特大字 was not kept after a restart");
    console.log(`screenshot: ${await win.screenshot("display-xlarge-after-restart.png")}`);
  } finally {
    await win.close();
  }
});
