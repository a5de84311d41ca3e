// Issue 12 end to end, 操作记录: the 站长 opens 刘涵's case, sees only the masked phone,
// presses 显示完整号码, and finds the look in 操作记录 filtered by 查看完整电话; the filtered
// log is exported to .xlsx through the save dialog (STATIONDESK_TEST_DIALOGS answers it)
// and read back, and the export itself is in the log (read with the CLI).
// The 站长 logs in through the login screen (`win.login`).
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import JSZip from "jszip";
import { By, Key, until } from "selenium-webdriver";
import { cli, freshDatabase, initStation, openApp, tempFolder } from "./harness.mjs";

const PHONE = "13812341234";

describe("操作记录: a phone reveal is logged, filtered and exported", () => {
  let win;
  let db;
  let number;
  const dialogs = tempFolder("stationdesk-e2e-audit-");
  before(async () => {
    db = freshDatabase((path) => {
      initStation(path);
      const add = (staff, name, phone, title, description) =>
        cli(path, "--staff", staff, "case", "add", "--channel", "来访", "--name", name, "--phone", phone,
          "--compound", "荣傲家园", "--category", "物业管理", "--title", title, "--description", description).trim();
      number = add("赵子坤", "刘涵", PHONE, "3号楼2单元楼道灯不亮", "3号楼2单元楼道灯坏了一周，晚上老人上下楼看不清。");
      const other = add("钱晓梅", "王建国", "13900001111", "地库入口积水", "雨后地库入口积水，车辆进出困难。");
      cli(path, "--staff", "钱晓梅", "case", "set-status", other, "核查", "--note", "已联系物业到现场查看");
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

  it("shows the masked phone in the case, and the full one after 显示完整号码", async () => {
    await win.click("nav-register");
    await win.waitForText("register-table", (t) => t.includes(number), "the case is listed");
    const row = await win.session.findElement({ xpath: `//*[@data-testid='register-table']//*[normalize-space(text())='${number}']` });
    await row.click();
    const masked = await win.waitForText("case-phone", (t) => t.includes("138****1234"), "the drawer shows the mask");
    assert.ok(!masked.includes(PHONE), masked);
    const detail = await win.text("case-detail");
    assert.ok(!detail.includes(PHONE), "the full number is in the drawer before the reveal");
    await win.click("case-phone-reveal");
    await win.waitForText("case-phone", (t) => t.includes(PHONE), "the full number after 显示完整号码");
    await win.waitForText("case-history", (t) => t.includes("查看完整电话"), "the look is on the timeline");
    console.log(`screenshot: ${await win.screenshot("auditlog-revealed.png")}`);
  });

  it("lists the reveal in 操作记录, filtered by kind", async () => {
    // The case drawer covers the menu: close it as the register does, by its route.
    await win.session.executeScript(`location.hash = "#/register";`);
    await win.waitGone("case-detail");
    await win.click("nav-audit");
    const all = await win.waitForText("audit-page", (t) => t.includes("查看完整电话") && t.includes("钱晓梅"), "the log lists every step");
    for (const expected of ["新建", "变更状态", "状态：受理 → 核查", "已联系物业到现场查看", `诉求 ${number}`, "联系电话：已填写"]) {
      assert.ok(all.includes(expected), `操作记录 lacks ${expected}:\n${all}`);
    }
    for (const secret of [PHONE, "13900001111", "刘涵", "王建国"]) {
      assert.ok(!all.includes(secret), `${secret} is shown in 操作记录`);
    }
    console.log(`screenshot: ${await win.screenshot("auditlog-all.png")}`);
    // The list of kinds is long and antd draws only the visible part: type to narrow it,
    // as a worker would, then pick the kind.
    const kind = await win.find("audit-filter-kind");
    await kind.click();
    const search = await kind.findElement(By.css("input"));
    await search.sendKeys("完整电话");
    const option = By.xpath("//*[contains(@class,'ant-select-item-option') and @title='查看完整电话']");
    await win.session.wait(until.elementLocated(option), 5000, "the kind 查看完整电话 is offered");
    await search.sendKeys(Key.ENTER);
    const only = await win.waitForText("audit-page", (t) => /共\s*1\s*条/.test(t) && !t.includes("钱晓梅"), "only the reveal is left");
    assert.ok(only.includes("赵子坤") && only.includes(`诉求 ${number}`) && only.includes("号码不记入操作记录"), only);
    assert.ok(!only.includes("新建"), only);
    console.log(`screenshot: ${await win.screenshot("auditlog-filtered.png")}`);
  });

  it("exports the filtered log to .xlsx, and the export is recorded", async () => {
    await win.click("audit-export");
    const day = new Date();
    const stamp = `${day.getFullYear()}${String(day.getMonth() + 1).padStart(2, "0")}${String(day.getDate()).padStart(2, "0")}`;
    const out = join(dialogs, `操作记录-${stamp}.xlsx`);
    await win.session.wait(async () => existsSync(out), 15000, `${out} was not written`);
    let book;
    await win.session.wait(async () => {
      try {
        book = await JSZip.loadAsync(readFileSync(out));
        return true;
      } catch {
        return false;
      }
    }, 5000, "the export is not a complete .xlsx");
    const sheet = await book.file("xl/worksheets/sheet1.xml").async("string");
    const strings = await book.file("xl/sharedStrings.xml").async("string");
    // The title, the header and the one reveal.
    assert.equal((sheet.match(/<row /g) ?? []).length, 3, sheet);
    for (const expected of ["时间", "操作人", "变更摘要", "查看完整电话", "赵子坤", `诉求 ${number}`, "共 1 条"]) {
      assert.ok(strings.includes(expected), `the export lacks ${expected}`);
    }
    assert.ok(!strings.includes("钱晓梅") && !strings.includes(PHONE), "the export holds more than the filter");
    const logged = cli(db, "audit", "list", "--kind", "导出操作记录");
    assert.match(logged, /赵子坤\s+导出操作记录\s+操作记录\s+行数：1；筛选条件：操作 查看完整电话/);
    assert.match(logged, /共 1 条/);
  });
});
