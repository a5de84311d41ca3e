// Issue 4 in the real window: a case's 受理回执 is laid out by the notice engine, shown
// page by page in the window (pdf.js), and its print (打印, not the preview) is recorded in
// the case's history.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { cli, freshDatabase, initStation, openApp, printDialogs } from "./harness.mjs";

let win;
const prints = printDialogs();
let number;
before(async () => {
  const db = freshDatabase((path) => {
    initStation(path);
    number = cli(path, "--staff", "赵子坤", "case", "add", "--channel", "来访", "--name", "王建国", "--phone", "13812341234",
      "--building", "1", "--entrance", "2", "--title", "地库台阶过多，老人上下困难").trim();
  });
  win = await openApp(db, { prints });
  await win.login("赵子坤");
});
after(async () => {
  await win?.close();
});

it("previews the receipt of a case in the window and records the print", async () => {
  await win.click("nav-register");
  await win.waitForText("register-table", (t) => t.includes(number), "the case is listed");
  const row = await win.session.findElement({ xpath: `//*[@data-testid='register-table']//*[normalize-space(text())='${number}']` });
  await row.click();
  // The drawer has finished opening on this case before its print button is pressed.
  await win.waitForText("case-detail", (t) => t.includes(number) && t.includes("打印受理回执"), "the case is open");
  // The drawer may still redraw once it has read the case; a click that lands on the
  // outgoing button does nothing, and a person would simply click again.
  for (let attempt = 1; ; attempt++) {
    await win.click("case-print-receipt");
    try {
      await win.waitForText("notice-pages", (t) => t.includes("1"), "the page count is shown", attempt < 3 ? 10000 : 30000);
      break;
    } catch (e) {
      if (attempt >= 3) {
        console.log(`screenshot: ${await win.screenshot("notice-receipt-missing.png")}`);
        throw e;
      }
    }
  }
  // pdf.js drew the page: a canvas with something on it.
  const drawn = await win.previewDrawn("the receipt page is drawn");
  assert.ok(drawn);
  await win.waitForText("notice-preview", (t) => !t.includes("正在显示预览"), "the preview finishes loading", 30000);
  console.log(`screenshot: ${await win.screenshot("notice-receipt-preview.png")}`);
  assert.ok(!(await win.text("case-history")).includes("打印受理回执"), "the preview is not a print");
  // 打印: the GTK dialog is noted, not shown (harness.printDialogs).
  assert.equal(prints.count(), 0);
  await win.click("notice-print");
  await win.session.wait(async () => prints.count() === 1, 30000, "打印 opens the print dialog");
  await win.session.actions().sendKeys("\uE00C").perform(); // Escape closes the preview
  await win.waitForText("case-history", (t) => t.includes("打印受理回执（1 页）"), "the print is in the history");
});
