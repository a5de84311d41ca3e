// Reminders (issue 5): a 义诊 starting within the hour and an urgent case due within a
// day each show a reminder in the window once someone is on duty — and after a restart
// the same reminders do not come back.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { after, describe, it } from "node:test";
import { By } from "selenium-webdriver";
import { cli, freshDatabase, initStation, openApp } from "./harness.mjs";

/** `2026-12-03 09:00` in China time, `minutes` from now. */
function chinaTime(minutes) {
  const t = new Date(Date.now() + minutes * 60_000 + 8 * 3_600_000);
  return t.toISOString().slice(0, 16).replace("T", " ");
}

async function reminderHeadings(win) {
  const out = [];
  for (const el of await win.session.findElements(By.css("[data-testid='reminder-heading']"))) {
    out.push(await el.getText());
  }
  return out;
}

describe("reminders in the window, once each, even across a restart", () => {
  let win;
  const db = freshDatabase((path) => {
    initStation(path);
    cli(path, "--staff", "赵子坤", "event", "add", "--kind", "义诊", "--title", "社区卫生服务中心义诊",
      "--start", chinaTime(25), "--end", chinaTime(145), "--place", "社区活动室");
    cli(path, "--staff", "赵子坤", "case", "add", "--channel", "电话", "--name", "张国强", "--phone", "13931185520",
      "--compound", "润都荣园", "--building", "3", "--entrance", "2", "--category", "电梯", "--urgency", "紧急",
      "--title", "3号楼2单元电梯停运，高层老人下不了楼");
  });
  after(async () => {
    await win?.close();
  });

  it("shows the 义诊 and the urgent case soon after someone is on duty", async () => {
    win = await openApp(db);
    await win.login("赵子坤");
    const shown = await win.session.wait(async () => {
      const headings = await reminderHeadings(win);
      return headings.some((h) => h.includes("社区卫生服务中心义诊")) && headings.some((h) => h.includes("电梯停运"))
        ? headings
        : false;
    }, 75_000, "both reminders appear within a check or two");
    assert.ok(shown.some((h) => /\d+分钟后：社区卫生服务中心义诊/.test(h)), shown.join(" | "));
    assert.ok(shown.some((h) => /诉求\d+小时后超期/.test(h)), shown.join(" | "));
    console.log(`screenshot: ${await win.screenshot("reminders.png")}`);
  });

  it("does not show them again after a restart", async () => {
    await win.close();
    win = await openApp(db);
    await win.login("赵子坤");
    await win.find("nav-today");
    // Two checks' worth (every 30 s) with someone on duty.
    await sleep(70_000);
    assert.deepEqual(await reminderHeadings(win), [], "nothing is reminded twice");
  });
});
