// Issue 11 end to end: 从表格导入报名. The building leader's roster for next Thursday's 义诊
// (a CSV saved from Excel as "CSV UTF-8", with its BOM) is picked in the occurrence's drawer.
// A roster with a wrong row is refused, naming the row, and signs up nobody; the corrected
// roster shows who would be signed up and who would wait before anything is saved, skips
// the resident already signed up at the desk, and the list fills in sheet order.
// The file dialog is answered through STATIONDESK_TEST_DIALOGS (src-tauri's dialogs.rs).
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cli, freshDatabase, initStation, openApp, tempFolder } from "./harness.mjs";

const TITLE = "社区卫生服务中心义诊";

/** The next Thursday after today, China date. */
function thursday() {
  const now = new Date(Date.now() + 8 * 3600_000);
  const ahead = (4 - now.getUTCDay() + 7) % 7 || 7;
  return new Date(now.getTime() + ahead * 86_400_000).toISOString().slice(0, 10);
}

const csv = (rows) =>
  `\ufeff${["12月义诊报名名单（3号楼）", "序号,姓名,楼栋,联系电话,是否同意,备注", ...rows.map((r) => r.join(","))].join("\r\n")}`;
const GOOD = [
  ["1", "刘涵", "3-2-301", "13912345678", "同意", "行动不便"],
  ["2", "张桂兰", "3-1-102", "138 0000 1111", "同意", ""],
  ["3", "李秀英", "3-1-201", "", "是", "要测血糖"],
];

describe("an event's sign-up roster in from a sheet", () => {
  let win;
  let db;
  const day = thursday();
  let eventId;
  const dialogs = tempFolder("stationdesk-e2e-roster-");
  const pick = (path) => writeFileSync(join(dialogs, "pick"), path);
  before(async () => {
    db = freshDatabase((path) => {
      initStation(path);
      eventId = cli(path, "--staff", "赵子坤", "event", "add", "--kind", "义诊", "--title", TITLE,
        "--start", `${day} 09:00`, "--end", "11:00", "--place", "社区活动室", "--capacity", "2")
        .trim().split("\n")[0].trim();
      cli(path, "--staff", "赵子坤", "event", "signup", "--event", eventId, "--at", `${day} 09:00`,
        "--name", "刘涵", "--phone", "13912345678", "--consent");
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

  it("opens next Thursday's 义诊 with the one desk sign-up", async () => {
    await win.click("nav-calendar");
    const id = `cal-item-event-${eventId}-${day.replaceAll("-", "")}`;
    for (let i = 0; i < 3; i++) {
      await win.session.sleep(800);
      const found = await win.session.findElements(win.byTestId(id));
      if (found.length > 0 && (await found[0].isDisplayed())) break;
      await win.click("cal-next");
    }
    await win.waitForText(id, (t) => t.includes(TITLE), "the occurrence is on the calendar");
    await win.click(id);
    await win.waitForText("occurrence-counts", (t) => t.includes("已报名 1/容量 2"), "the desk sign-up is counted");
  });

  it("refuses a roster with a wrong row, naming it, and signs up nobody", async () => {
    const bad = join(dialogs, "报名名单-有误.csv");
    writeFileSync(bad, csv([...GOOD, ["4", "王建国", "3-2-502", "1234", "同意", ""]]));
    pick(bad);
    await win.click("roster-import");
    const errors = await win.waitForText("roster-import-errors", (t) => t.includes("第 6 行"), "the wrong row is named");
    assert.match(errors, /电话号码格式不正确/);
    assert.match(errors, /整个名单未导入任何一人/);
    console.log(`screenshot: ${await win.screenshot("roster-refused.png")}`);
    await win.session.executeScript(
      "[...document.querySelectorAll('.ant-modal button')].find((b) => b.innerText.replace(/\\s/g, '') === '知道了')?.click()",
    );
    await win.waitGone("roster-import-errors", "the message did not close");
    const counts = await win.text("occurrence-counts");
    assert.ok(counts.includes("已报名 1/容量 2"), `a refused roster signed someone up: ${counts}`);
  });

  it("shows who would sign up and who would wait, then signs them up in sheet order", async () => {
    const good = join(dialogs, "报名名单.csv");
    writeFileSync(good, csv(GOOD));
    pick(good);
    await win.click("roster-import");
    const preview = await win.waitForText("roster-import-preview", (t) => t.includes("候补"), "the preview says who waits");
    assert.match(preview, /前 1 人占用剩余名额，后 1 人名额已满、排入候补/);
    assert.match(preview, /已报过名而略过 1 行/);
    console.log(`screenshot: ${await win.screenshot("roster-preview.png")}`);
    await win.click("roster-import-ok");
    assert.match(await win.waitForText("signup-status-李秀英", (t) => t.includes("候补"), "李秀英 waits"), /候补第1位/);
    assert.match(await win.text("signup-status-张桂兰"), /已报名/);
    await win.waitForText("occurrence-counts", (t) => t.includes("已报名 2/容量 2，候补 1"), "two confirmed, one waiting");
    console.log(`screenshot: ${await win.screenshot("roster-imported.png")}`);
    // The CLI reads the same list: nobody twice.
    const again = cli(db, "--staff", "赵子坤", "import", "roster", "--event", eventId, "--at", `${day} 09:00`, good);
    assert.match(again, /已报名 0 人，已报过名而略过 3 行/);
  });
});
