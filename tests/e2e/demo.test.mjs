// The register as a station sees it after two years of work: 2 000 demo cases. Saves a
// screenshot for people to look at, and checks the page reads right.
import assert from "node:assert/strict";
import { after, before, it } from "node:test";
import { cli, freshDatabase, initStation, openApp } from "./harness.mjs";

let win;
before(async () => {
  const db = freshDatabase((path) => {
    initStation(path);
    cli(path, "demo", "--cases", "2000");
  });
  win = await openApp(db);
  await win.login("赵子坤");
});
after(async () => {
  await win?.close();
});

it("lists the newest demo cases with masked phones and a total", async () => {
  await win.click("nav-register");
  const table = await win.waitForText("register-table", (t) => /RA-\d{4}-\d{4}/.test(t), "demo cases are listed");
  assert.match(table, /1[3-9]\d\*{4}\d{4}/, "phones are masked");
  assert.doesNotMatch(table, /1[3-9]\d{9}/, "no full phone number in the list");
  const page = await win.visibleText(await win.session.findElement({ css: "body" }));
  assert.match(page, /共\s*2,?000\s*条/);
  console.log(`screenshot: ${await win.screenshot("register-demo.png")}`);
});

it("finds a one-character word among 2 000 cases", async () => {
  await win.type("register-search", "噪");
  await win.waitForText("register-table", (t) => t.includes("噪"), "cases with 噪 are listed");
  // Every demo case with 噪 has it in the title (噪音, 噪声), so each listed row shows it.
  await win.session.wait(
    async () => {
      try {
        const rows = await win.session.findElements({ css: "[data-testid='register-table'] tr.ant-table-row" });
        const texts = await Promise.all(rows.map((r) => win.visibleText(r)));
        return texts.length > 0 && texts.every((t) => t.includes("噪"));
      } catch (e) {
        // The page of hits was drawn again while it was read: read it afresh.
        if (e.name === "StaleElementReferenceError") return false;
        throw e;
      }
    },
    10000,
    "a listed row lacks 噪",
  );
  console.log(`screenshot: ${await win.screenshot("register-search.png")}`);
});
