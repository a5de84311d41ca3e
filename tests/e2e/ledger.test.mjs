// Issue 11 end to end: a worker imports the station's Excel ledger through 导入台账, sees
// the refused row with its row number and reason, corrects the file and imports it, finds
// the rows in the register, and exports the register (导出Excel) and the Open311 file.
// The system's file dialogs are answered through STATIONDESK_TEST_DIALOGS (src-tauri's
// dialogs.rs): the test writes the path to pick into DIR/pick, and saves land in DIR.
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import JSZip from "jszip";
import { freshDatabase, initStation, openApp, tempFolder } from "./harness.mjs";

const HEADER = ["序号", "受理日期", "来源", "姓名", "联系电话", "地址", "诉求内容", "类别", "办理情况", "办结时间"];

const esc = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
const col = (i) => String.fromCharCode(65 + i);

/** A minimal .xlsx as staff keep one: a title row, the header on row 2, then the rows
 * (inline strings, which Excel and calamine read like any other). */
async function ledgerXlsx(rows) {
  const sheetRows = [["荣傲家园社区微言服务站诉求台账（2025年）"], HEADER, ...rows]
    .map((cells, r) => {
      const cs = cells
        .map((v, c) => (v === "" ? "" : `<c r="${col(c)}${r + 1}" t="inlineStr"><is><t>${esc(v)}</t></is></c>`))
        .join("");
      return `<row r="${r + 1}">${cs}</row>`;
    })
    .join("");
  const zip = new JSZip();
  zip.file(
    "[Content_Types].xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
  );
  zip.file(
    "_rels/.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  zip.file(
    "xl/workbook.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  );
  zip.file(
    "xl/_rels/workbook.xml.rels",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
  );
  zip.file(
    "xl/worksheets/sheet1.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${sheetRows}</sheetData></worksheet>`,
  );
  return zip.generateAsync({ type: "nodebuffer" });
}

const GOOD = [
  ["1", "2025-03-05", "意见箱", "刘涵", "13812341234", "润都荣园1栋2单元301室", "南门广场坑洼积水，老人出入不便", "市政设施", "已办结", "2025-03-09"],
  ["2", "2025-03-06", "电话", "王建国", "13900001111", "荣傲家园3栋1单元", "地库楼梯台阶过多，上下困难", "物业管理", "处理中", ""],
];
// Row 5 of the file: 2 February has no 30th.
const BAD = ["3", "2025-02-30", "微信", "", "", "南门广场", "夜间广场舞噪音大", "", "受理", ""];

describe("the station's Excel ledger in and out", () => {
  let win;
  const dialogs = tempFolder("stationdesk-e2e-dialogs-");
  const pick = (path) => writeFileSync(join(dialogs, "pick"), path);
  before(async () => {
    const db = freshDatabase((file) => initStation(file));
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

  it("shows the refused row with its number and reason, and imports nothing", async () => {
    const bad = join(dialogs, "诉求台账-有误.xlsx");
    writeFileSync(bad, await ledgerXlsx([...GOOD, BAD]));
    await win.click("nav-register");
    await win.click("register-import");
    pick(bad);
    await win.click("ledger-pick");
    const summary = await win.waitForText("ledger-summary", (t) => t.includes("有误 1 行"), "the summary counts the bad row");
    assert.match(summary, /可导入\s*2\s*行/);
    const refused = await win.waitForText("ledger-refused", (t) => t.includes("2025-02-30"), "the refused row is listed");
    assert.match(refused, /\b5\b/, `row 5 is named:\n${refused}`);
    assert.match(refused, /B（受理日期）/);
    assert.match(refused, /不存在/, `the reason is in Chinese:\n${refused}`);
    const run = await win.find("ledger-import-run");
    assert.equal(await run.isEnabled(), false, "import is offered while a row is refused");
    console.log(`screenshot: ${await win.screenshot("ledger-refused-row.png")}`);
  });

  it("imports the corrected file and shows its rows in the register", async () => {
    const good = join(dialogs, "诉求台账.xlsx");
    writeFileSync(good, await ledgerXlsx([...GOOD, [...BAD.slice(0, 1), "2025-02-28", ...BAD.slice(2)]]));
    pick(good);
    await win.click("ledger-pick");
    await win.waitForText("ledger-summary", (t) => /可导入\s*3\s*行/.test(t) && !t.includes("有误"), "the corrected file is ready");
    await win.click("ledger-import-run");
    const table = await win.waitForText("register-table", (t) => t.includes("地库楼梯台阶过多"), "imported rows are listed");
    for (const expected of ["RA-2025-0001", "RA-2025-0003", "南门广场坑洼积水", "夜间广场舞噪音大", "办结"]) {
      assert.ok(table.includes(expected), `the register lacks ${expected}:\n${table}`);
    }
    console.log(`screenshot: ${await win.screenshot("ledger-imported.png")}`);
  });

  it("exports the register as an .xlsx with the imported rows", async () => {
    await win.click("register-export");
    const day = new Date();
    const stamp = `${day.getFullYear()}${String(day.getMonth() + 1).padStart(2, "0")}${String(day.getDate()).padStart(2, "0")}`;
    const out = join(dialogs, `诉求台账-${stamp}.xlsx`);
    await win.session.wait(async () => existsSync(out), 15000, `${out} was not written`);
    await win.session.wait(async () => {
      try {
        await JSZip.loadAsync(readFileSync(out));
        return true;
      } catch {
        return false;
      }
    }, 5000, "the export is not a complete .xlsx");
    const book = await JSZip.loadAsync(readFileSync(out));
    const workbook = await book.file("xl/workbook.xml").async("string");
    assert.match(workbook, /诉求台账/);
    assert.match(workbook, /三率统计/);
    const strings = await book.file("xl/sharedStrings.xml").async("string");
    for (const expected of ["RA-2025-0002", "地库楼梯台阶过多，上下困难", "139****1111"]) {
      assert.ok(strings.includes(expected), `the exported register lacks ${expected}`);
    }
    assert.ok(!strings.includes("13900001111"), "a full phone was exported without 含完整电话");
  });

  it("exports the requests as Open311 JSON without names or phones", async () => {
    await win.click("register-open311");
    await win.settled(await win.find("register-open311-requests-json"));
    console.log(`screenshot: ${await win.screenshot("ledger-open311-menu.png")}`);
    await win.click("register-open311-requests-json");
    const day = new Date();
    const stamp = `${day.getFullYear()}${String(day.getMonth() + 1).padStart(2, "0")}${String(day.getDate()).padStart(2, "0")}`;
    const out = join(dialogs, `requests-${stamp}.json`);
    let list;
    await win.session.wait(async () => {
      try {
        list = JSON.parse(readFileSync(out, "utf8"));
        return true;
      } catch {
        return false;
      }
    }, 15000, `${out} was not written`);
    assert.equal(list.length, 3);
    const first = list.find((r) => r.service_request_id === "RA-2025-0001");
    assert.equal(first.status, "closed");
    assert.equal(first.address, "润都荣园1栋");
    assert.equal(first.requested_datetime, "2025-03-05T00:00:00+08:00");
    const text = readFileSync(out, "utf8");
    for (const secret of ["刘涵", "王建国", "13812341234", "13900001111", "301"]) {
      assert.ok(!text.includes(secret), `${secret} is in the Open311 export`);
    }
  });
});
