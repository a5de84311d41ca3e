// One window per database, a window that reopens where it was left, and a database from a
// newer program refused. The second start must find the first on the session bus: when this
// run has none, the test starts its own dbus-daemon (and stops it after).
import assert from "node:assert/strict";
import { spawn, execFileSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { after, before, it } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { cli, freshDatabase, openApp, tempFolder } from "./harness.mjs";

const APP = process.env.STATIONDESK_APP;
let bus;
before(async () => {
  if (process.env.DBUS_SESSION_BUS_ADDRESS) return;
  bus = spawn("dbus-daemon", ["--session", "--nofork", "--print-address=1"], { stdio: ["ignore", "pipe", "inherit"] });
  const address = await new Promise((resolve, reject) => {
    bus.stdout.once("data", (d) => resolve(String(d).trim()));
    bus.once("error", reject);
  });
  process.env.DBUS_SESSION_BUS_ADDRESS = address;
});
after(() => {
  if (bus) process.kill(bus.pid, "SIGTERM");
});

function station(db) {
  cli(db, "init", "--station-code", "RA", "--station-name", "荣傲家园社区微言服务站");
}

/** Starts the app by itself, as a double click does; resolves with its exit code, or null if still running after `ms`. */
function startAgain(db, env, ms) {
  const child = spawn(APP, ["--db", db], { stdio: "ignore", env: { ...process.env, ...env } });
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve({ code: null, child }), ms);
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, child });
    });
  });
}

it("a second start on the same database hands over to the open window and exits", async () => {
  const db = freshDatabase(station);
  const configHome = tempFolder("stationdesk-e2e-config-");
  const win = await openApp(db, { configHome });
  try {
    await win.login("管理员");
    await win.find("nav-register");
    const started = Date.now();
    const second = await startAgain(db, { XDG_CONFIG_HOME: configHome }, 15000);
    assert.equal(second.code, 0, "the second start did not exit by itself within 15 s");
    const took = Date.now() - started;
    assert.ok(took < 10000, `the second start took ${took} ms`);
    // The first window is still there and answers.
    await win.click("nav-register");
    await win.find("register-table");
    console.log(`second start exited in ${took} ms; screenshot: ${await win.screenshot("instance-first-window.png")}`);

    // Another station's file is a window of its own.
    const other = freshDatabase(station);
    const third = await startAgain(other, { XDG_CONFIG_HOME: configHome }, 5000);
    assert.equal(third.code, null, "a start on another database exited");
    third.child.kill("SIGKILL");
  } finally {
    await win.close();
  }
});

it("reopens at the size and place it was left, even when the program did not close itself", async () => {
  const db = freshDatabase(station);
  const configHome = tempFolder("stationdesk-e2e-config-");
  const saved = join(configHome, "cn.stationdesk.desktop", "window.json");
  let win = await openApp(db, { configHome });
  let left;
  try {
    await win.login("管理员");
    await win.find("nav-register");
    await win.session.manage().window().setRect({ x: 40, y: 30, width: 1100, height: 700 });
    await sleep(500);
    left = await win.session.manage().window().getRect();
    // Kept about a second after the move, before any exit: the window is killed below.
    const deadline = Date.now() + 8000;
    const kept = () => (existsSync(saved) ? JSON.parse(readFileSync(saved, "utf8")) : null);
    while (kept()?.width !== left.width && Date.now() < deadline) await sleep(200);
    assert.equal(kept()?.width, left.width, `kept ${JSON.stringify(kept())}, left at ${JSON.stringify(left)}`);
    assert.equal(kept().height, left.height, `kept ${JSON.stringify(kept())}`);
  } finally {
    await win.close();
  }

  win = await openApp(db, { configHome });
  try {
    await win.login("管理员");
    await win.find("nav-register");
    const again = await win.session.manage().window().getRect();
    assert.equal(again.width, left.width, `reopened at ${JSON.stringify(again)}, left at ${JSON.stringify(left)}`);
    assert.equal(again.height, left.height, `reopened at ${JSON.stringify(again)}, left at ${JSON.stringify(left)}`);
    console.log(`left at ${JSON.stringify(left)}, reopened at ${JSON.stringify(again)}; screenshot: ${await win.screenshot("instance-reopened.png")}`);
  } finally {
    await win.close();
  }
});

it("refuses a database written by a newer program and leaves it as it was", async () => {
  const db = freshDatabase(station);
  execFileSync("sqlite3", [db, "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) VALUES (29991231000001, 'added by a newer program', 1, x'00', 1); PRAGMA wal_checkpoint(TRUNCATE);"]);
  const hash = () => createHash("sha256").update(readFileSync(db)).digest("hex");
  const before = hash();
  const win = await openApp(db);
  try {
    const body = await win.session.wait(
      async () => {
        const text = await win.visibleText(await win.session.findElement({ css: "body" }));
        return text.includes("更新版本") ? text : false;
      },
      15000,
      "no message about a newer database appeared",
    );
    assert.match(body, /由更新版本的社区服务站工作台/);
    assert.match(body, /请安装新版本/);
    console.log(`screenshot: ${await win.screenshot("instance-newer-database.png")}`);
  } finally {
    await win.close();
  }
  assert.equal(hash(), before, "the newer database was changed");
  assert.ok(statSync(db).size > 0);
});
