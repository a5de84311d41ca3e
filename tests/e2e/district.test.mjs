// Issue 10 end to end, on a real PostgreSQL server: two stations (RA, RB) and the street
// office (街道) share one district database. RA's worker sees RA's cases only and logs one
// through the window; the street office sees both stations ranked, with the counts the
// CLI's `report district` gives, and looks into RB's register with the phones masked.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { By } from "selenium-webdriver";
import { cli, freshPgDatabase, openApp, pgLogin, tempFolder } from "./harness.mjs";

const RA = { code: "RA", name: "荣傲家园社区微言服务站", firstStaff: "赵子坤" };
const RB = { code: "RB", name: "润都荣园社区服务站", firstStaff: "李梅" };
const RB_PHONE = "13812341234";
const RB_MASKED = "138****1234";
const year = new Date().getFullYear();

let admin;
let raUrl;
let rbUrl;
let officeUrl;

before(() => {
  admin = freshPgDatabase();
  // Logins start with sdt_ so the run's cleanup finds them; the pid keeps runs apart.
  raUrl = pgLogin(admin, `sdt_ra_${process.pid}`, RA);
  rbUrl = pgLogin(admin, `sdt_rb_${process.pid}`, RB);
  officeUrl = pgLogin(admin, `sdt_jd_${process.pid}`);
  cli(raUrl, "--staff", RA.firstStaff, "demo", "--cases", "30", "--seed", "7");
  cli(raUrl, "--staff", RA.firstStaff, "case", "add", "--channel", "意见箱", "--title", "南门广场路面坑洼，雨后积水",
    "--category", "市政设施", "--compound", "润都荣园", "--place", "南门广场");
  cli(rbUrl, "--staff", RB.firstStaff, "demo", "--cases", "45", "--seed", "11");
  cli(raUrl, "--staff", RA.firstStaff, "errand", "add", "--type", "社保认证", "--name", "王秀英");
  cli(rbUrl, "--staff", RB.firstStaff, "case", "add", "--channel", "来访", "--title", "楼顶鸽子笼堵住消防通道",
    "--name", "王建国", "--phone", RB_PHONE, "--building", "1", "--entrance", "2");
});

/** Every case number the register's table shows now. */
async function numbersShown(win, tableId) {
  const text = await win.text(tableId);
  return text.match(/\b[A-Z]{2}-\d{4}-\d{4}\b/g) ?? [];
}

describe("a station's worker on the district server", () => {
  let win;
  before(async () => {
    win = await openApp(raUrl);
    await win.login(RA.firstStaff);
  });
  after(async () => {
    await win?.close();
  });

  it("sees RA's cases in the register and none of RB's", async () => {
    await win.click("nav-register");
    await win.waitForText("register-table", (t) => t.includes("共 31 条"), "RA's 31 cases are counted");
    const numbers = await numbersShown(win, "register-table");
    assert.ok(numbers.length >= 20, `a page of cases is shown: ${numbers}`);
    assert.deepEqual(numbers.filter((n) => !n.startsWith("RA-")), [], "another station's case is listed");
    // RB's case is not found even by a word it has.
    await win.type("register-search", "鸽子笼");
    await win.waitForText("register-table", (t) => t.includes("没有找到符合条件的诉求"), "RB's case stays hidden");
    await win.type("register-search", "积水");
    await win.waitForText("register-table", (t) => t.includes("南门广场路面坑洼"), "RA's own case is found");
    console.log(`screenshot: ${await win.screenshot("district-station-register.png")}`);
  });

  it("logs a case through the window and sees it in the register", async () => {
    await win.click("nav-intake");
    await win.choose("intake-channel", "电话");
    await win.type("intake-resident", "刘涵");
    await win.type("intake-phone", "13912345678");
    await win.choose("intake-category", "市政设施");
    await win.type("intake-title", "西门路灯不亮，夜间出行不便");
    await win.click("intake-submit");
    const shown = await win.waitForText("intake-success", (t) => /RA-\d{4}-\d{4}/.test(t), "the new case number is shown");
    const number = shown.match(/RA-\d{4}-\d{4}/)[0];
    await win.click("nav-register");
    await win.type("register-search", "路灯");
    const table = await win.waitForText("register-table", (t) => t.includes("西门路灯不亮"), "the new case is listed");
    assert.ok(table.includes(number), `the register shows ${number}:\n${table}`);
    const listed = JSON.parse(cli(raUrl, "--json", "case", "search", "路灯"));
    assert.ok(JSON.stringify(listed).includes(number), "the CLI finds the case on the server");
    console.log(`screenshot: ${await win.screenshot("district-station-new-case.png")}`);
  });
});

describe("the street office", () => {
  let win;
  let report;
  before(async () => {
    report = JSON.parse(cli(officeUrl, "--json", "report", "district"));
    win = await openApp(officeUrl);
  });
  after(async () => {
    await win?.close();
  });

  it("goes straight to the ranking, without setup or a staff picker", async () => {
    await win.find("district-table");
    assert.match(await win.text("district-mode"), /只读/);
    const body = await win.visibleText(await win.session.findElement(By.css("body")));
    assert.ok(!body.includes("登记诉求"), "the station's menu is shown to the street office");
  });

  it("ranks both stations with the received counts of report district", async () => {
    assert.equal(report.stations.length, 2);
    const received = Object.fromEntries(report.stations.map((s) => [s.station.code, s.figures.received]));
    assert.ok(received.RA >= 2 && received.RB >= 1, `this year's cases are counted: ${JSON.stringify(received)}`);
    assert.ok(report.stations.find((s) => s.station.code === "RA").services >= 1, "RA's errand is counted");
    for (const s of report.stations) {
      await win.waitForText(`district-row-${s.station.code}`, (t) => t.includes(s.station.name), `${s.station.code} is listed`);
      const cells = await win.session.executeScript(
        "return [...arguments[0].querySelectorAll('td')].map((td) => td.innerText.trim())",
        await win.find(`district-row-${s.station.code}`),
      );
      const pct = (r) => (r === null ? "—" : `${(r * 100).toFixed(1)}%`);
      const expected = [s.rank, s.figures.received, s.figures.resolved, s.figures.overdue, pct(s.figures.responseRate),
        pct(s.figures.resolutionRate), pct(s.figures.satisfactionRate), s.services, s.personTimes].map(String);
      assert.deepEqual([cells[0], ...cells.slice(2)], expected, `${s.station.code}'s row: ${cells}`);
    }
    // The rows stand in the report's order.
    const order = await win.session.executeScript(
      `return [...document.querySelectorAll('[data-testid^="district-row-"]')].map((r) => r.dataset.testid.slice(13));`,
    );
    assert.deepEqual(order, report.stations.map((s) => s.station.code));
    const total = await win.text("district-total");
    assert.ok(total.includes(String(report.total.received)), `the total row shows ${report.total.received}: ${total}`);
    await win.session.wait(
      async () => (await win.session.findElements(By.css('[data-testid="district-chart-rates"] canvas'))).length > 0,
      10000,
      "the rates chart is drawn",
    );
    console.log(`screenshot: ${await win.screenshot("district-dashboard.png")}`);
  });

  it("explains the ranking and the rates from the core's own words", async () => {
    const header = await win.find("district-ranking-rule");
    await win.session.actions().move({ origin: header }).perform();
    const tip = await win.session.wait(
      async () => {
        for (const el of await win.session.findElements(By.css(".ant-tooltip"))) {
          const t = await win.visibleText(el).catch(() => "");
          if (t.includes("满意率")) return t;
        }
        return false;
      },
      5000,
      "the ranking rule shows on the 排名 header",
    );
    assert.ok(report.rankingRule.includes(tip.trim()) || tip.includes(report.rankingRule), tip);
    console.log(`screenshot: ${await win.screenshot("district-ranking-rule.png")}`);
  });

  it("prints the district's year report, signed, with both stations", async () => {
    const card = await win.find("district-report");
    await card.findElement(By.xpath(".//*[@data-testid='district-report-kind']//*[normalize-space(text())='年报']")).click();
    await win.session.executeScript("arguments[0].scrollIntoView({block: 'center'})", card);
    // Unsigned (this computer may remember an earlier signature: emptied first): the core
    // says what to fill in.
    await win.type("district-report-issuer", "");
    await win.click("district-report-preview");
    await win.session.wait(
      async () => (await win.visibleText(await win.session.findElement(By.css("body")))).includes("请填写报告的署名"),
      10000,
      "an unsigned report is refused in words",
    );
    await win.type("district-report-issuer", "荣华街道办事处");
    await win.click("district-report-preview");
    const pages = await win.waitForText("notice-pages", (t) => /共 \d+ 页/.test(t), "the page count is shown", 30000);
    assert.ok(await win.previewDrawn("the report's first page is drawn"));
    await win.waitForText("notice-preview", (t) => !t.includes("正在显示预览"), "the preview finishes loading", 30000);
    await new Promise((r) => setTimeout(r, 1500)); // the first page finishes drawing, as a person waits
    console.log(`${pages}; screenshot: ${await win.screenshot("district-report-preview.png")}`);

    // The same command the button calls, asked again for its bytes, read back as text.
    const printed = await win.printedPdf("print_district_report", { period: { kind: "year", year }, issuer: "荣华街道办事处" });
    const text = execFileSync("pdftotext", [printed.path, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    for (const words of [`荣华街道办事处${year}年社区服务站工作情况报告`, `辖区2个社区服务站共受理居民诉求${report.total.received}件`,
      RA.name, RB.name, "各服务站开展服务情况"]) {
      assert.ok(text.includes(words), `the report lacks ${words}:\n${text.slice(0, 1500)}`);
    }
    await win.closePreview();
  });

  it("opens RB's register read-only, phones masked, and a case without any action", async () => {
    // A person clicks the station's name in its row.
    const row = await win.find(`district-row-${RB.code}`);
    await win.press(await row.findElement(By.xpath(`.//*[normalize-space(text())='${RB.name}']`)));
    await win.waitForText("district-station-name", (t) => t.includes(RB.name), "RB's register opens");
    await win.waitForText("district-register-table", (t) => t.includes("共 46 条"), "RB's 46 cases are counted");
    const numbers = await numbersShown(win, "district-register-table");
    assert.deepEqual(numbers.filter((n) => !n.startsWith("RB-")), [], "another station's case is listed");
    await win.type("district-register-search", "鸽子笼");
    const table = await win.waitForText(
      "district-register-table",
      (t) => t.includes("楼顶鸽子笼") && t.includes("共 1 条"),
      "RB's case is found, alone",
    );
    assert.ok(table.includes(RB_MASKED), `the phone is masked: ${table}`);
    assert.ok(!table.includes(RB_PHONE), "the full phone number is shown");
    const body = await win.visibleText(await win.session.findElement(By.css("body")));
    assert.ok(!body.includes("登记诉求"), "a 登记 button is offered");
    console.log(`screenshot: ${await win.screenshot("district-rb-register.png")}`);

    const caseRow = await win.session.findElement(By.xpath("//*[@data-testid='district-register-table']//*[contains(text(),'楼顶鸽子笼')]"));
    await win.press(caseRow);
    const detail = await win.waitForText("case-detail", (t) => t.includes("王建国"), "the case opens");
    assert.ok(detail.includes(RB_MASKED), `the detail masks the phone: ${detail}`);
    if (detail.includes(RB_PHONE)) await win.screenshot("district-rb-case-FAILED.png");
    assert.ok(!detail.includes(RB_PHONE), `the detail shows the full phone number:\n${detail}`);
    assert.equal((await win.session.findElements(By.css('[data-testid="case-actions"]'))).length, 0, "step buttons are offered");
    for (const id of ["survey-add", "party-add", "attachment-add", "case-assignee"]) {
      assert.equal((await win.session.findElements(By.css(`[data-testid="${id}"]`))).length, 0, `${id} is offered`);
    }
    assert.match(await win.text("case-history"), new RegExp(RB.firstStaff));
    const title = await win.visibleText(await win.session.findElement(By.css(".ant-drawer-title")));
    assert.match(title, new RegExp(`RB-${year}-\\d{4}`), "the drawer names the case");
    console.log(`screenshot: ${await win.screenshot("district-rb-case.png")}`);
  });
});

describe("a station's own backup from the district server", () => {
  let win;
  let dialogs;
  before(async () => {
    dialogs = tempFolder("stationdesk-e2e-dialogs-");
    process.env.STATIONDESK_TEST_DIALOGS = dialogs;
    try {
      win = await openApp(raUrl);
      await win.login(RA.firstStaff);
    } finally {
      delete process.env.STATIONDESK_TEST_DIALOGS;
    }
  });
  after(async () => {
    await win?.close();
  });

  it("backs RA up from 设置 → 备份与恢复, and the administrator's restore brings those records back", async () => {
    const usb = tempFolder("stationdesk-e2e-usb-");
    writeFileSync(join(dialogs, "pick"), usb);
    await win.click("nav-settings");
    const card = await win.waitForText("server-backup", (t) => t.includes("街道"), "the server's backup is explained");
    assert.match(card, /由街道统一备份/);
    await win.click("server-backup-now");
    const done = await win.waitForText("server-backup-done", (t) => t.includes("备份到"), "the backup is reported", 30000);
    assert.match(done, /诉求 3\d 件/, `RA's cases are in it:\n${done}`);
    assert.ok(done.includes(usb), `it names the folder picked:\n${done}`);
    const shown = await win.find("server-backup-done");
    await win.session.executeScript("arguments[0].scrollIntoView({ block: 'center' })", shown);
    await win.settled(shown);
    console.log(`screenshot: ${await win.screenshot("district-station-backup.png")}`);
    const generation = readdirSync(usb).find((n) => n.startsWith("stationdesk-RA-"));
    assert.ok(generation, `a backup folder in ${usb}: ${readdirSync(usb)}`);

    // A case logged after the backup; then the district's administrator restores it.
    cli(raUrl, "--staff", RA.firstStaff, "case", "add", "--channel", "来访", "--title", "备份之后登记：东门垃圾未清运");
    const restored = cli(admin, "restore", join(usb, generation));
    assert.match(restored, /已在街道服务器上恢复 荣傲家园社区微言服务站（RA）/);
    await win.click("nav-register");
    await win.type("register-search", "东门垃圾");
    await win.waitForText("register-table", (t) => t.includes("没有找到符合条件的诉求"), "the later case is gone");
    await win.type("register-search", "南门广场");
    await win.waitForText("register-table", (t) => t.includes("南门广场路面坑洼"), "the backup's cases are there");
  });
});
