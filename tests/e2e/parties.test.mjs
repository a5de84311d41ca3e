// Issue 11 end to end: 设置 → 相关方名录 → 从表格导入. A worker picks the station's parties
// directory (a CSV as staff save one from Excel), sees a wrong row refused with its row
// number and nothing saved, then imports the corrected sheet and finds the parties listed.
// The file dialog is answered through STATIONDESK_TEST_DIALOGS (src-tauri's dialogs.rs).
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { cli, freshDatabase, initStation, openApp, tempFolder } from "./harness.mjs";

const csv = (rows) =>
  ["荣傲家园社区相关方名录", "序号,单位名称,类型,联系人,联系电话,备注", ...rows.map((r) => r.join(","))].join("\r\n");
const GOOD = [
  ["1", "润都荣园物业服务中心", "物业公司", "王经理", "13812345678", "每周二例会"],
  ["2", "荣盛房地产开发有限公司", "开发商", "李工", "", ""],
];

describe("the parties directory in from a sheet", () => {
  let win;
  let db;
  const dialogs = tempFolder("stationdesk-e2e-dialogs-");
  const pick = (path) => writeFileSync(join(dialogs, "pick"), path);
  before(async () => {
    db = freshDatabase((file) => initStation(file));
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

  it("refuses a sheet with a wrong row, naming it, and saves nothing", async () => {
    const bad = join(dialogs, "相关方名录-有误.csv");
    writeFileSync(bad, csv([...GOOD, ["3", "某某公司", "合作伙伴", "", "", ""]]));
    await win.click("nav-settings");
    await win.find("settings-parties");
    pick(bad);
    await win.click("party-import");
    const errors = await win.waitForText("party-import-errors", (t) => t.includes("第 5 行"), "the wrong row is named");
    assert.match(errors, /类型“合作伙伴”不认识/);
    assert.match(errors, /整个名录未导入任何一行/);
    console.log(`screenshot: ${await win.screenshot("parties-import-refused.png")}`);
    await win.session.executeScript(
      "[...document.querySelectorAll('.ant-modal button')].find((b) => b.innerText.replace(/\\s/g, '') === '知道了')?.click()",
    );
    await win.waitGone("party-import-errors", "the message did not close");
    const list = await win.text("settings-parties");
    assert.ok(!list.includes("润都荣园物业服务中心"), `a refused sheet saved a party:\n${list}`);
  });

  it("imports the corrected sheet and lists the parties", async () => {
    const good = join(dialogs, "相关方名录.csv");
    writeFileSync(good, csv(GOOD));
    pick(good);
    await win.click("party-import");
    const preview = await win.waitForText("party-import-preview", (t) => t.includes("荣盛房地产开发有限公司"), "the preview lists the parties");
    assert.match(preview, /润都荣园物业服务中心/);
    console.log(`screenshot: ${await win.screenshot("parties-import-preview.png")}`);
    await win.session.executeScript("document.querySelector('.ant-modal-footer .ant-btn-primary')?.click()");
    const list = await win.waitForText("settings-parties", (t) => t.includes("荣盛房地产开发有限公司"), "the imported parties are listed");
    for (const expected of ["润都荣园物业服务中心", "物业", "开发商", "王经理", "13812345678"]) {
      assert.ok(list.includes(expected), `the directory lacks ${expected}:\n${list}`);
    }
    console.log(`screenshot: ${await win.screenshot("parties-imported.png")}`);
    // The directory is in the database, as the CLI sees it.
    const out = cli(db, "party", "list");
    assert.match(out, /润都荣园物业服务中心/);
    assert.match(out, /荣盛房地产开发有限公司/);
  });
});
