// Memory for `make measure`: PSS (proportional set size, /proc/PID/smaps_rollup) of a
// process and all its descendants — the program and its WebKit web, network and GPU
// processes. Two cases, each printed as one line of JSON:
//   node pss.mjs app DB       the release app (through tauri-driver, as the e2e tests run
//                             it) with the register of DB open, after it has drawn its rows
//   node pss.mjs bare URL     MiniBrowser (the bare WebKitGTK window) showing URL
import { spawn } from "node:child_process";
import { readFileSync, readdirSync, readlinkSync, realpathSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

const SETTLE_MS = 5000;

function processes() {
  const all = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      let exe = "";
      try {
        exe = readlinkSync(`/proc/${name}/exe`);
      } catch {
        // A kernel thread or another user's process.
      }
      all.push({ pid: Number(name), ppid, exe });
    } catch {
      // Gone while listed.
    }
  }
  return all;
}

function descendants(root, all) {
  const out = [root];
  for (let i = 0; i < out.length; i++) out.push(...all.filter((p) => p.ppid === out[i].pid));
  return out;
}

function pssKb(pid) {
  try {
    const m = readFileSync(`/proc/${pid}/smaps_rollup`, "utf8").match(/^Pss:\s+(\d+) kB/m);
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function report(label, tree) {
  const parts = tree.map((p) => ({ pid: p.pid, exe: p.exe.split("/").pop(), mb: pssKb(p.pid) / 1024 }));
  const total = parts.reduce((s, p) => s + p.mb, 0);
  console.log(JSON.stringify({ label, totalMb: Math.round(total), parts: parts.filter((p) => p.mb > 0.5).map((p) => `${p.exe} ${p.mb.toFixed(0)} MB`) }));
}

const [what, arg] = process.argv.slice(2);
if (what === "app") {
  const { openApp } = await import("../../tests/e2e/harness.mjs");
  const app = realpathSync(process.env.STATIONDESK_APP);
  const win = await openApp(arg);
  try {
    await win.login("赵子坤");
    await win.click("nav-register");
    await win.waitForText("register-table", (t) => /RA-\d{4}-\d{4}/.test(t), "the register lists cases", 60000);
    await sleep(SETTLE_MS);
    const all = processes();
    const mine = descendants({ pid: win.driver.pid, ppid: 0, exe: "" }, all);
    const root = mine.find((p) => p.exe === app);
    if (!root) throw new Error(`the app ${app} was not found among the driver's processes`);
    report("app", descendants(root, all));
  } finally {
    await win.close();
  }
} else if (what === "bare") {
  const browser = spawn("/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser", [arg], { stdio: "ignore", detached: true });
  try {
    await sleep(SETTLE_MS + 3000);
    const all = processes();
    report("bare", descendants(all.find((p) => p.pid === browser.pid) ?? { pid: browser.pid, ppid: 0, exe: "MiniBrowser" }, all));
  } finally {
    process.kill(-browser.pid, "SIGKILL");
  }
} else {
  console.error("usage: node pss.mjs app DB | bare URL");
  process.exit(2);
}
