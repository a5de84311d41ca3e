// Issue 14 in the real window: the poster (活动通知) of a 义诊 says who it is for and what
// to bring, and carries a QR code a phone can scan. The station's default link is set in
// 设置 → 服务站; the event is scheduled in the window with its own audience, what to bring
// and sign-up link, the drawer shows them, and the printed PDF says them and its QR code
// decodes to the event's link (read off the page rendered by pdftoppm, with jsQR).
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import jsQR from "jsqr";
import { By, Key } from "selenium-webdriver";
import { cli, freshDatabase, initStation, openApp, tempFolder } from "./harness.mjs";

// The window runs on China time, as on a station's PC, so the day typed and the day the
// core prints agree.
process.env.TZ = "Asia/Shanghai";

const TITLE = "社区卫生服务中心义诊";
const AUDIENCE = "辖区60岁以上老人";
const BRING = "身份证、医保卡";
const LINK = "https://wj.qq.com/s2/20261219/yizhen";
const STATION_LINK = "https://ra.example.cn/zixun";
const DPI = 150;

/** The China date three days ahead, `YYYY-MM-DD`. */
function chinaDay() {
  return new Date(Date.now() + 8 * 3600_000 + 3 * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The QR code on a PDF's first page as a phone would read it: the page rendered in grey
 * at 150 dpi, decoded by jsQR. Returns its text and its width in millimetres.
 */
function scanQr(pdf) {
  const prefix = join(tempFolder("stationdesk-qr-"), "page");
  execFileSync("pdftoppm", ["-gray", "-r", String(DPI), "-f", "1", "-l", "1", "-singlefile", pdf, prefix]);
  const pgm = readFileSync(`${prefix}.pgm`);
  // P5 header: magic, width, height, maxval, each after whitespace; one whitespace byte,
  // then one byte a pixel.
  const fields = [];
  let i = 0;
  const space = (b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
  while (fields.length < 4) {
    while (space(pgm[i])) i++;
    const start = i;
    while (!space(pgm[i])) i++;
    fields.push(pgm.subarray(start, i).toString("latin1"));
  }
  i++;
  const [magic, w, h] = [fields[0], Number(fields[1]), Number(fields[2])];
  assert.equal(magic, "P5", "pdftoppm -gray writes a binary PGM");
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let p = 0; p < w * h; p++) {
    const v = pgm[i + p];
    rgba.set([v, v, v, 255], p * 4);
  }
  const code = jsQR(rgba, w, h);
  if (!code) return null;
  const { topLeftCorner: a, topRightCorner: b } = code.location;
  return { text: code.data, widthMm: (Math.hypot(b.x - a.x, b.y - a.y) / DPI) * 25.4 };
}

describe("an event poster with its audience, what to bring and a QR code", () => {
  let win;
  let db;
  const day = chinaDay();
  before(async () => {
    db = freshDatabase((path) => {
      initStation(path);
    });
    win = await openApp(db);
    await win.login("赵子坤");
  });
  after(async () => {
    await win?.close();
  });

  it("sets the station's default QR link in 设置 → 服务站, refusing one that is not a whole address", async () => {
    await win.click("nav-settings");
    await win.type("station-poster-link", "https://");
    await win.click("station-save");
    await win.session.wait(
      async () => (await win.fieldErrors()).some((m) => m.includes("不是完整的网址")),
      10000,
      "the half address is refused next to the field",
    );
    assert.equal(JSON.parse(cli(db, "--json", "station", "show")).posterLink, null, "a refused link was saved");
    await win.type("station-poster-link", STATION_LINK);
    await win.click("station-save");
    await win.session.wait(
      async () => JSON.parse(cli(db, "--json", "station", "show")).posterLink === STATION_LINK,
      10000,
      "the station's link is saved",
    );
  });

  it("schedules the 义诊 in the window with who it is for, what to bring and its sign-up link", async () => {
    await win.click("nav-calendar");
    await win.click("cal-new");
    await win.type("event-title", TITLE);
    for (const [id, text] of [["event-date", day], ["event-start", "08:30"], ["event-end", "11:30"]]) {
      const input = await win.type(id, text);
      await input.sendKeys(Key.ENTER);
    }
    await win.type("event-place", "服务站一楼大厅");
    await win.type("event-capacity", "40");
    await win.type("event-audience", AUDIENCE);
    await win.type("event-bring", BRING);
    await win.type("event-link", "http:// 报名");
    await win.click("event-submit");
    await win.session.wait(
      async () => (await win.fieldErrors()).some((m) => m.includes("报名/咨询链接") && m.includes("网址")),
      10000,
      "a broken link is refused next to its field",
    );
    await win.type("event-link", LINK);
    console.log(`screenshot: ${await win.screenshot("poster-event-form.png")}`);
    await win.click("event-submit");

    const selector = `[data-testid^='cal-item-event-'][data-testid$='-${day.replaceAll("-", "")}']`;
    await win.session.wait(async () => (await win.session.findElements(By.css(selector))).length === 1, 15000, "the event is on the calendar");
    await (await win.session.findElement(By.css(selector))).click();
    const detail = await win.waitForText("occurrence-detail", (t) => t.includes(AUDIENCE), "the drawer shows the audience");
    // Waited for, not read once: under load the drawer's rows may still be coming in.
    await win.waitForText("occurrence-audience", (t) => t === AUDIENCE, "the audience row");
    await win.waitForText("occurrence-bring", (t) => t === BRING, "the bring row");
    await win.waitForText("occurrence-link", (t) => t.includes(LINK), `the drawer shows the link:\n${detail}`);
    console.log(`screenshot: ${await win.screenshot("poster-drawer.png")}`);
  });

  it("prints the poster: the PDF says them and its QR code scans to the event's link", async () => {
    await win.click("occurrence-print");
    await win.waitForText("notice-pages", (t) => t.includes("共 1 页"), "a one-page poster", 30000);
    await win.waitForText("notice-preview", (t) => !t.includes("正在显示预览"), "the preview finishes loading", 30000);
    await new Promise((r) => setTimeout(r, 1500)); // the page finishes drawing, as a person waits
    console.log(`screenshot: ${await win.screenshot("poster-preview.png")}`);

    // The same command the button calls, asked again for its bytes (see meeting.test.mjs).
    const ids = JSON.parse(cli(db, "--json", "event", "list", "--from", day, "--to", day));
    assert.equal(ids.length, 1, "one occurrence that day");
    const { path: pdf } = await win.printedPdf("print_event_notice", {
      eventId: ids[0].id,
      occurrenceStart: ids[0].occurrenceStart,
    });
    const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
    for (const expected of [TITLE, `服务对象：${AUDIENCE}`, `请您携带：${BRING}`, "扫码报名", "服务站一楼大厅"]) {
      assert.ok(text.includes(expected), `the poster lacks ${expected}:\n${text.slice(0, 1500)}`);
    }
    assert.ok(!text.includes("本社区居民"), "the event's audience replaces the default");
    const qr = scanQr(pdf);
    assert.ok(qr, "a QR code is found on the page");
    assert.equal(qr.text, LINK, "the code is the event's own link, not the station's");
    assert.ok(qr.widthMm >= 20, `the code is big enough to scan from a notice board (${qr.widthMm.toFixed(1)} mm)`);
    await win.session.actions().sendKeys(Key.ESCAPE).perform(); // closes the preview
  });
});
