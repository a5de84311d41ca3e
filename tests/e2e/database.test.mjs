// Issue 10 in the window, on a real PostgreSQL server: 设置 → 数据库 connects a station's PC
// to the district server (测试连接 says in Chinese what is wrong), the first start offers
// the server, and a station's own file moves onto the server from the window with a
// progress bar and the per-table check. The server-restart banner test stops the shared
// test cluster, so it runs only with STATIONDESK_E2E_RESTART_PG=1.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { after, before, describe, it } from "node:test";
import { By } from "selenium-webdriver";
import { cli, freshDatabase, freshDataHome, freshPgDatabase, openApp, pgLogin } from "./harness.mjs";

const RA = { code: "RA", name: "荣傲家园社区微言服务站", firstStaff: "赵子坤" };
const SERVER_MODE = "连接街道服务器：全街道各服务站共用一台服务器，各站只看到本站记录";
const pid = process.pid;

/** The form's fields for an address `postgres://login:password@host:port/db`. */
function fields(url) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: u.port || "5432",
    database: u.pathname.slice(1),
    login: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
  };
}

async function fillServer(win, prefix, f) {
  await win.type(`${prefix}-host`, f.host);
  await win.type(`${prefix}-port`, f.port);
  await win.type(`${prefix}-database`, f.database);
  await win.type(`${prefix}-login`, f.login);
  await win.type(`${prefix}-password`, f.password);
}

/** The database choice the window kept in its app-data folder, and the file's mode. */
function keptChoice(home) {
  const path = join(home, "stationdesk", "database.json");
  return { choice: JSON.parse(readFileSync(path, "utf8")), mode: statSync(path).mode & 0o777 };
}

async function registerTotal(win, n) {
  await win.click("nav-register");
  return win.waitForText("register-table", (t) => t.includes(`共 ${n} 条`), `the register counts ${n} cases`, 20000);
}

describe("设置 → 数据库 on a station's own file", () => {
  let win;
  let raUrl;
  let home;
  before(async () => {
    const admin = freshPgDatabase();
    raUrl = pgLogin(admin, `sdt_dw_ra_${pid}`, RA);
    cli(raUrl, "--staff", RA.firstStaff, "demo", "--cases", "12", "--seed", "3");
    const db = freshDatabase((p) => cli(p, "init", "--station-code", "RA", "--station-name", RA.name, "--staff", RA.firstStaff));
    home = freshDataHome();
    win = await openApp(db, { dataHome: home });
    await win.login(RA.firstStaff);
  });
  after(async () => {
    await win?.close();
  });

  it("says in Chinese that the password is wrong", async () => {
    await win.click("nav-settings");
    // The settings page's cards above load their data as it opens and push this one down:
    // a click aimed while they grow can land beside the radio (one full run in three), as
    // a person's would. So the card is brought into view once still, and the choice made
    // until the server's form shows (a radio that never answers still fails here).
    for (let attempt = 1; ; attempt++) {
      const card = await win.find("database-card");
      await win.session.executeScript("arguments[0].scrollIntoView({block: 'center'})", card);
      await win.settled(card);
      await win.choose("database-mode", SERVER_MODE);
      const shown = await win.session
        .wait(async () => (await win.session.findElements(By.css('[data-testid="server-host"]'))).length > 0, 5000)
        .then(() => true, () => false);
      if (shown) break;
      if (attempt === 3) assert.fail("choosing 连接街道服务器 three times did not show the server's form");
      console.log(`choosing 连接街道服务器: attempt ${attempt} did not show the form, again`);
    }
    await fillServer(win, "server", { ...fields(raUrl), password: "wrong-password" });
    await win.click("server-test");
    const error = await win.waitForText("server-error", (t) => t.length > 0, "测试连接 reports the refusal");
    assert.match(error, /登录名或密码不对/);
    assert.ok(!error.includes("wrong-password"), `the password is not repeated: ${error}`);
    assert.equal((await win.session.findElements(By.css('[data-testid="server-check"]'))).length, 0);
    const card = await win.find("database-card");
    await win.session.executeScript("arguments[0].scrollIntoView({block: 'start'})", card);
    console.log(`screenshot: ${await win.screenshot("database-wrong-password.png")}`);
  });

  it("connects with the right details and the register shows the server's cases", async () => {
    await win.type("server-password", fields(raUrl).password);
    await win.click("server-test");
    const ok = await win.waitForText("server-check", (t) => t.includes("连接成功"), "测试连接 succeeds");
    assert.ok(ok.includes(`服务站：${RA.name}（RA）`), ok);
    assert.ok(!ok.includes(fields(raUrl).password), "the password is shown");
    await win.click("database-save");
    await win.waitForText("database-in-use", (t) => t.includes("postgres://"), "the window now uses the server");
    const inUse = await win.text("database-in-use");
    assert.ok(!inUse.includes(fields(raUrl).password), `the password is shown: ${inUse}`);
    const { choice, mode } = keptChoice(home);
    assert.equal(choice.kind, "server");
    assert.equal(mode, 0o600, "database.json holds a password: owner only");
    await registerTotal(win, 12);
    console.log(`screenshot: ${await win.screenshot("database-connected-register.png")}`);
  });
});

describe("the first start offers the district server", () => {
  let win;
  let raUrl;
  let noStation;
  let home;
  before(async () => {
    const admin = freshPgDatabase();
    raUrl = pgLogin(admin, `sdt_dw_fs_${pid}`, RA);
    cli(raUrl, "--staff", RA.firstStaff, "demo", "--cases", "7", "--seed", "5");
    // A login the district administrator made on the server but never gave a station.
    const password = randomBytes(9).toString("hex");
    const login = `sdt_dw_ns_${pid}`;
    execFileSync("psql", [admin, "-qAtX", "-v", "ON_ERROR_STOP=1", "-c", `CREATE ROLE ${login} LOGIN PASSWORD '${password}'`]);
    noStation = { ...fields(raUrl), login, password };
    home = freshDataHome();
    win = await openApp(freshDatabase(), { create: true, dataHome: home });
  });
  after(async () => {
    await win?.close();
  });

  it("refuses a login that has no station there, in Chinese", async () => {
    const choice = await win.waitForText("setup-mode", (t) => t.includes("只在本机使用（默认）"), "the choice is offered");
    assert.match(choice, /连接街道服务器/);
    await win.find("setup-code");
    console.log(`screenshot: ${await win.screenshot("first-start-choice.png")}`);
    await win.choose("setup-mode", "连接街道服务器（街道管理员已为本站开通登录名）");
    await fillServer(win, "server", noStation);
    await win.click("setup-connect");
    const error = await win.waitForText("server-error", (t) => t.length > 0, "the refusal is shown");
    assert.match(error, /请联系街道管理员为本站开通登录/);
    console.log(`screenshot: ${await win.screenshot("first-start-no-station.png")}`);
  });

  it("connects with the station's login and ends at the station's desk on the server", async () => {
    await fillServer(win, "server", fields(raUrl));
    await win.click("server-test");
    await win.waitForText("server-check", (t) => t.includes(`服务站：${RA.name}`), "测试连接 names the station");
    console.log(`screenshot: ${await win.screenshot("first-start-server.png")}`);
    await win.click("setup-connect");
    await win.login(RA.firstStaff);
    await registerTotal(win, 7);
    assert.equal(keptChoice(home).choice.kind, "server", "the choice is kept for the next start");
    console.log(`screenshot: ${await win.screenshot("first-start-server-desk.png")}`);
  });
});

describe("moving this station's file onto the server from the window", () => {
  let win;
  let db;
  let admin;
  let home;
  const stationLogin = `sdt_dw_mv_${pid}`;
  const stationPassword = randomBytes(9).toString("hex");
  before(async () => {
    db = freshDatabase((p) => {
      cli(p, "init", "--station-code", "RC", "--station-name", "宋营新苑社区服务站", "--staff", RA.firstStaff);
      cli(p, "--staff", RA.firstStaff, "demo", "--cases", "150", "--seed", "9");
    });
    admin = freshPgDatabase();
    // Another station already on the server: the moved one must not see its records.
    const other = pgLogin(admin, `sdt_dw_ot_${pid}`, { code: "RA", name: RA.name, firstStaff: "李梅" });
    cli(other, "--staff", "李梅", "demo", "--cases", "5", "--seed", "1");
    home = freshDataHome();
    win = await openApp(db, { dataHome: home });
    await win.login(RA.firstStaff);
    await win.click("nav-settings");
    await win.find("move-section");
  });
  after(async () => {
    await win?.close();
  });

  it("refuses a station's login in place of the administrator's, saying what to do", async () => {
    const station = pgLogin(admin, `sdt_dw_st_${pid}`, { code: "RB", name: "润都荣园社区服务站", firstStaff: "王芳" });
    await fillServer(win, "move", fields(station));
    await win.type("move-station-login", stationLogin);
    await win.type("move-station-password", stationPassword);
    await win.click("move-start");
    await win.session.wait(async () => (await win.fieldErrors()).length > 0, 15000, "the login field says why");
    const errors = (await win.fieldErrors()).join("\n");
    assert.match(errors, /街道管理员（数据库所有者）的账号/);
    assert.equal(JSON.parse(cli(admin, "--json", "station", "list")).length, 2, "nothing was added to the server");
  });

  it("copies every table with a progress bar, shows the check and switches to the server", async () => {
    await fillServer(win, "move", fields(admin));
    await win.type("move-station-login", stationLogin);
    await win.type("move-station-password", stationPassword);
    // Everything the progress line says, as it changes.
    await win.session.executeScript(`
      window.__moveSeen = [];
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="move-progress"]');
        const t = el ? el.innerText : "";
        if (t && window.__moveSeen[window.__moveSeen.length - 1] !== t) window.__moveSeen.push(t);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });`);
    const started = Date.now();
    await win.click("move-start");
    try {
      // Best effort: the move may be over before the bar is caught on screen.
      const bar = await win.find("move-progress", 3000);
      await win.session.executeScript("arguments[0].scrollIntoView({block: 'center'})", bar);
      console.log(`screenshot: ${await win.screenshot("move-progress.png")}`);
    } catch {
      console.log("the move ended before its progress bar could be photographed");
    }
    const result = await win.waitForText("move-result", (t) => t.includes("核对"), "the check is shown", 120000);
    console.log(`move took ${Date.now() - started} ms`);
    assert.match(result, /迁移完成：逐表核对一致，本机已改用街道服务器/);
    assert.ok(!result.includes("不一致"), `a table differs:\n${result}`);
    for (const label of ["诉求", "操作记录", "工作人员", "每日统计"]) assert.ok(result.includes(label), `${label} is listed`);
    const seen = await win.session.executeScript("return window.__moveSeen");
    // The line names each table as it goes; a fast step (150 cases take a few ms) may be
    // replaced before the window paints it, so any copy step with its row count will do.
    assert.ok(
      seen.some((t) => /正在复制：\S+（\d+ 行）/.test(t)),
      `a table's copy was shown with its rows: ${seen.join(" | ")}`,
    );
    assert.ok(seen.some((t) => t.includes("正在核对")), `the check was shown: ${seen.join(" | ")}`);
    const percents = seen.map((t) => Number(/(\d+)%/.exec(t)?.[1] ?? -1)).filter((p) => p >= 0);
    assert.ok(percents.length >= 3, `the bar moved: ${percents}`);
    assert.deepEqual(percents, [...percents].sort((a, b) => a - b), "the bar never goes back");
    const section = await win.find("move-section");
    await win.session.executeScript("arguments[0].scrollIntoView({block: 'start'})", section);
    console.log(`screenshot: ${await win.screenshot("move-result.png")}`);

    await win.waitForText("database-in-use", (t) => t.includes("postgres://") && t.includes(stationLogin), "the window uses the server");
    const { choice, mode } = keptChoice(home);
    assert.equal(choice.kind, "server");
    assert.ok(choice.url.includes(stationLogin), "the station's new login is kept, not the administrator's");
    assert.equal(mode, 0o600);
    await registerTotal(win, 150);
    // The file is still whole, and the server answers the station's new login.
    assert.equal(JSON.parse(cli(db, "--json", "case", "list", "--page-size", "1")).total, 150);
    const url = new URL(admin);
    url.username = stationLogin;
    url.password = stationPassword;
    assert.equal(JSON.parse(cli(url.toString(), "--json", "case", "list", "--page-size", "1")).total, 150);
  });
});

const restartReason =
  process.env.STATIONDESK_E2E_RESTART_PG === "1"
    ? false
    : "stops the shared PostgreSQL cluster, which would break other runs on it: set STATIONDESK_E2E_RESTART_PG=1 at a quiet moment";
if (restartReason) console.log(`skipping the server-restart banner test: ${restartReason}`);

describe("the banner while the server restarts", { skip: restartReason }, () => {
  let win;
  const cluster = (process.env.STATIONDESK_TEST_PG_CLUSTER ?? "").split(" ");
  const pgctl = (action) => execFileSync("pg_ctlcluster", [...cluster, action, ...(action === "stop" ? ["-m", "fast"] : [])]);
  before(async () => {
    const admin = freshPgDatabase();
    const raUrl = pgLogin(admin, `sdt_dw_bn_${pid}`, RA);
    win = await openApp(raUrl);
    await win.login(RA.firstStaff);
  });
  after(async () => {
    try {
      pgctl("start");
    } catch {
      // Already running.
    }
    await win?.close();
  });

  it("keeps what is typed, refuses the save with a message, and saves once reconnected", async () => {
    await win.click("nav-intake");
    await win.choose("intake-channel", "电话");
    await win.choose("intake-category", "市政设施");
    const title = "东门岗亭旁路灯不亮，夜间出行不便";
    await win.type("intake-title", title);
    pgctl("stop");
    try {
      const started = Date.now();
      const banner = await win.waitForText("database-banner", (t) => t.includes("连接断开"), "the banner appears", 20000);
      console.log(`banner after ${Date.now() - started} ms: ${banner}`);
      console.log(`screenshot: ${await win.screenshot("database-banner-down.png")}`);
      const typed = await win.session.executeScript(
        "return document.querySelector('[data-testid=\"intake-title\"]').value ?? document.querySelector('[data-testid=\"intake-title\"] textarea, [data-testid=\"intake-title\"] input').value",
      );
      assert.equal(typed, title, "the typed title is kept");
      await win.click("intake-submit");
      const refused = await win.waitForText("intake-error", (t) => t.length > 0, "the save is refused with a message", 20000);
      assert.match(refused, /服务器|连接|数据库/, refused);
      console.log(`refused: ${refused}`);
    } finally {
      pgctl("start");
    }
    await win.session.wait(
      async () => (await win.session.findElements(By.css('[data-testid="database-banner"]'))).length === 0,
      30000,
      "the banner goes once the server is back",
    );
    const reconnected = await win.session.wait(
      async () => {
        for (const el of await win.session.findElements(By.css(".ant-message"))) {
          const t = await win.visibleText(el).catch(() => "");
          if (t.includes("已重新连接")) return t;
        }
        return false;
      },
      10000,
      "a message says the server is back",
    );
    assert.match(reconnected, /已重新连接街道服务器/);
    await sleep(500);
    await win.click("intake-submit");
    await win.waitForText("intake-success", (t) => /RA-\d{4}-\d{4}/.test(t), "the save works after reconnecting", 20000);
    console.log(`screenshot: ${await win.screenshot("database-banner-reconnected.png")}`);
  });
});
