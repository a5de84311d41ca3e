// A database file that is not a database (a copy gone wrong, a full disk) must not make the
// program vanish: the window says what is wrong and the file is left as it was.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { after, before, it } from "node:test";
import { freshDatabase, openApp } from "./harness.mjs";

const GARBAGE = "这不是数据库文件 — 台账2025.xlsx 被误改了扩展名\n".repeat(200);
let win;
let db;
before(async () => {
  db = freshDatabase((path) => writeFileSync(path, GARBAGE));
  win = await openApp(db);
});
after(async () => {
  await win?.close();
});

it("shows why the database cannot be opened and leaves the file alone", async () => {
  const body = await win.session.wait(
    async () => {
      const text = await win.visibleText(await win.session.findElement({ css: "body" }));
      return text.includes("无法打开") ? text : false;
    },
    15000,
    "no message about the database appeared",
  );
  assert.match(body, /无法打开数据库/);
  assert.match(body, /不是本程序的数据库/, "the reason is named");
  assert.ok(body.includes(db), `the message names the file: ${body}`);
  assert.equal(readFileSync(db, "utf8"), GARBAGE, "the file was changed");
  console.log(`screenshot: ${await win.screenshot("damaged-database.png")}`);
});
