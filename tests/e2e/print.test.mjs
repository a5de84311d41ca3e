// Issue 14 in the real window: 打印 on a free-form notice draws every page at print
// resolution into the print-only sheets and opens the system print dialog; the print (not
// the preview) is recorded, and 打印记录 lists it, opens it again and fills the form with it.
//
// The GTK print dialog cannot be driven through WebDriver: the app notes each request for it
// instead of showing it (harness.printDialogs); everything before it runs as in use.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { By, Key } from "selenium-webdriver";
import { freshDatabase, initStation, openApp, printDialogs } from "./harness.mjs";

process.env.TZ = "Asia/Shanghai";

const NAME = "2号楼加装电梯议事协商会";
const TITLE = `关于召开${NAME}的通知`;

describe("打印 a notice from the notices page, then find it in 打印记录", () => {
  let win;
  let printedPages;
  before(async () => {
    const db = freshDatabase((path) => {
      initStation(path);
    });
    win = await openApp(db, { prints: dialogs });
    await win.login("赵子坤");
  });
  after(async () => {
    await win?.close();
  });

  /** Each 打印 is noted instead of opening the GTK dialog (harness.printDialogs). */
  const dialogs = printDialogs();

  /** The print sheets: one entry per image, its pixel size and whether it has ink. */
  const sheets = () =>
    win.session.executeScript(`
      const box = document.getElementById("print-sheets");
      if (!box) return null;
      return [...box.querySelectorAll("img")].map((img) => {
        const c = document.createElement("canvas");
        c.width = 200; c.height = Math.round(200 * img.naturalHeight / img.naturalWidth);
        const g = c.getContext("2d");
        g.drawImage(img, 0, 0, c.width, c.height);
        const d = g.getImageData(0, 0, c.width, c.height).data;
        let ink = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i] < 128) ink++;
        return { w: img.naturalWidth, h: img.naturalHeight, ink, shown: getComputedStyle(box).display };
      });`);

  /** Presses 打印 in the preview; returns the number of pages printed. */
  async function pressPrint() {
    const before = dialogs.count();
    await win.click("notice-print");
    await win.session.wait(async () => dialogs.count() === before + 1, 60000, "打印 opens the print dialog");
    const pages = Number((await win.text("notice-pages")).match(/共 (\d+) 页/)?.[1]);
    const drawn = await sheets();
    assert.ok(drawn, "the print sheets are in the page");
    assert.equal(drawn.length, pages, `one image per page: ${JSON.stringify(drawn)}`);
    for (const s of drawn) {
      assert.ok(s.w >= 1600, `drawn at print resolution (≥ 200 dpi on A4): ${s.w} px wide`);
      assert.ok(Math.abs(s.h / s.w - 297 / 210) < 0.005, `an A4 sheet's proportions: ${s.w}×${s.h}`);
      assert.ok(s.ink > 200, `the page has the notice on it: ${s.ink} dark pixels`);
      assert.equal(s.shown, "none", "the sheets are for the printer, not the screen");
    }
    return pages;
  }

  /** Types into a field of the long form, scrolled to the middle (the bar of 生成 stays at the bottom). */
  async function fill(id, text) {
    await win.session.executeScript("arguments[0].scrollIntoView({ block: 'center' });", await win.find(id));
    await win.type(id, text);
  }

  async function closePreview() {
    await win.closePreview();
  }

  it("previews a 会议通知 without recording it, then prints it", async () => {
    await win.click("nav-notices");
    await fill("notice-field-meeting_name", NAME);
    await fill("notice-field-time", "2026年12月10日（星期四）下午3:00");
    await fill("notice-field-place", "社区服务站二楼会议室");
    // Two agenda lines, pasted as a block (WebDriver's typed "\n" is not a new line here).
    await win.paste("notice-field-agenda", "通报2号楼加装电梯方案\n协商费用分摊");
    await win.click("notice-generate");
    await win.waitForText("notice-pages", (t) => /共 \d+ 页/.test(t), "the notice is previewed", 30000);
    await win.waitForText("notice-preview", (t) => !t.includes("正在显示预览"), "the preview finishes loading", 30000);
    console.log(`screenshot: ${await win.screenshot("print-preview.png")}`);

    // Previewing is not printing: 打印记录 is still empty.
    await closePreview();
    await win.click("notice-tab-history");
    await win.waitForText("print-history", (t) => t.includes("还没有打印过通知"), "nothing printed yet", 15000);
    await win.click("notice-tab-new");
    await win.click("notice-generate");
    await win.waitForText("notice-pages", (t) => /共 \d+ 页/.test(t), "the notice is previewed again", 30000);
    printedPages = await pressPrint();
    await closePreview();
  });

  it("lists the print in 打印记录 and opens it again in the preview", async () => {
    await win.click("notice-tab-history");
    const listed = await win.waitForText(
      "print-history",
      (t) => t.includes(TITLE) && t.includes("共 1 次打印"),
      "the print is listed",
      15000,
    );
    const row = await win.visibleText(await win.session.findElement(By.css("[data-testid^='print-row-']")));
    for (const expected of [TITLE, "会议通知", "赵子坤", `1 份 / ${printedPages} 页`, "打印"]) {
      assert.ok(row.includes(expected), `the row lacks ${expected}:\n${row}\n${listed}`);
    }
    console.log(`screenshot: ${await win.screenshot("print-history.png")}`);

    // A search by title that matches nothing, then the title's words.
    const search = await win.type("print-history-search", "垃圾分类");
    await search.sendKeys(Key.ENTER);
    await win.waitForText("print-history", (t) => t.includes("没有标题含这些字的打印记录"), "the search finds nothing");
    const again = await win.type("print-history-search", "加装电梯");
    await again.sendKeys(Key.ENTER);
    await win.waitForText("print-history", (t) => t.includes(TITLE), "the search finds the print");

    // win.click waits while the search's loading mask still covers the row.
    const open = await win.session.findElement(By.css("[data-testid^='print-open-']"));
    await win.click(await open.getAttribute("data-testid"));
    await win.waitForText("notice-pages", (t) => /共 \d+ 页/.test(t), "the print opens in the preview", 30000);
    const drawn = await win.previewDrawn("the reopened notice is drawn");
    assert.ok(drawn);
    // Printing it again is a second print, listed on top.
    await pressPrint();
    await closePreview();
    await win.waitForText("print-history", (t) => t.includes("共 2 次打印"), "the reprint is listed");
  });

  it("fills the form with a print to edit it as a new notice", async () => {
    // The closing preview's mask may still cover the list: win.click waits it out.
    const edit = await win.session.findElement(By.css("[data-testid^='print-edit-']"));
    await win.click(await edit.getAttribute("data-testid"));
    // The form is drawn again for the print's kind: each look finds the field afresh.
    await win.session.wait(
      async () => {
        try {
          return (await (await win.find("notice-field-meeting_name")).getAttribute("value")) === NAME;
        } catch (e) {
          if (e.name === "StaleElementReferenceError") return false;
          throw e;
        }
      },
      10000,
      "the name is filled in",
    );
    const agenda = await win.find("notice-field-agenda");
    assert.equal(await agenda.getAttribute("value"), "通报2号楼加装电梯方案\n协商费用分摊");
  });
});
