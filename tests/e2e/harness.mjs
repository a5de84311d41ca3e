// Starts the real StationDesk window through tauri-driver (WebKitWebDriver) on a fresh
// database and offers the few actions the tests need, written the way a worker uses
// the app: click, type with the keyboard, read what is on screen.
import { spawn, execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { Builder, By, Key, until } from "selenium-webdriver";

const APP = process.env.STATIONDESK_APP;
const CLI = process.env.STATIONDESK_CLI;
export const OUTPUT = process.env.TEST_OUTPUT ?? tmpdir();
const DRIVER = process.env.TAURI_DRIVER ?? join(process.env.HOME ?? "/root", ".cargo/bin/tauri-driver");

/**
 * `count` different ports nobody on this machine is listening on, so two test runs never
 * share a driver. All are held open until every one is known: asked one after another,
 * the system handed out the same port twice, tauri-driver and WebKitWebDriver were both
 * told to listen on it, and the window never opened (the file timed out after 180 s).
 */
function freePorts(count) {
  return new Promise((resolve, reject) => {
    const probes = Array.from({ length: count }, () => createServer());
    const ports = [];
    for (const probe of probes) {
      probe.once("error", reject);
      probe.listen(0, "127.0.0.1", () => {
        ports.push(probe.address().port);
        if (ports.length < count) return;
        let closed = 0;
        for (const p of probes) p.close(() => ++closed === count && resolve(ports));
      });
    }
  });
}

/**
 * A fresh folder under the system's temporary folder, removed with everything in it when
 * this test file's process ends (the databases in it hold residents' names and phones,
 * if made-up ones): set STATIONDESK_E2E_KEEP=1 to keep them for a look after a failure.
 */
const made = [];
export function tempFolder(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  if (made.length === 0 && process.env.STATIONDESK_E2E_KEEP !== "1") {
    process.once("exit", () => {
      for (const d of made) rmSync(d, { recursive: true, force: true });
    });
  }
  made.push(dir);
  return dir;
}

/** A fresh database file; `prepare(db)` may fill it with the CLI first. */
export function freshDatabase(prepare) {
  const dir = tempFolder("stationdesk-e2e-");
  const db = join(dir, "station.db");
  if (prepare) prepare(db);
  return db;
}

/**
 * The password every 站长 made by the tests' `init` gets (STATIONDESK_ADMIN_PASSWORD), and
 * the one `login` types by default; the 为站长设置密码 screen (a station added on the district
 * server) is given it too.
 */
export const PASSWORD = "e2e-station-2026";

/** Sets up the station every test starts from: 荣傲家园社区微言服务站 (RA), with 赵子坤 as its 站长. */
export function initStation(db) {
  return cli(db, "init", "--station-code", "RA", "--station-name", "荣傲家园社区微言服务站", "--staff", "赵子坤");
}

export function cli(db, ...args) {
  return execFileSync(CLI, ["--db", db, ...args], {
    encoding: "utf8",
    timeout: 120000, // a hung command fails its test with its output, not the whole file's 180 s
    env: { ...process.env, STATIONDESK_ADMIN_PASSWORD: process.env.STATIONDESK_ADMIN_PASSWORD ?? PASSWORD },
  });
}

/**
 * A fresh database on the district's PostgreSQL server (STATIONDESK_TEST_PG, which
 * scripts/pg-test.sh sets for the run and cleans up after): returns its owner's address,
 * `postgres://owner:password@127.0.0.1:5432/sdt_…`, for the CLI's admin commands. The
 * window and the CLI take such an address wherever they take a file (`openApp`, `cli`).
 */
let pgDatabases = 0;
export function freshPgDatabase() {
  const server = process.env.STATIONDESK_TEST_PG;
  if (!server) throw new Error("STATIONDESK_TEST_PG is not set (run through scripts/e2e.sh, which runs under scripts/pg-test.sh)");
  // Names start with sdt_ so the run's cleanup finds them.
  const name = `sdt_e2e_${process.pid}_${++pgDatabases}`;
  execFileSync("psql", [`${server}/postgres`, "-qAtX", "-v", "ON_ERROR_STOP=1", "-c",
    `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'`]);
  return `${server}/${name}`;
}

/**
 * Adds a login to the district database `admin` names (as its owner) and returns the
 * address that connects as it: `station add` for a station (`station` its code, name and
 * first staff member), `add-district-login` for the street office (`station` omitted).
 */
export function pgLogin(admin, login, station) {
  const password = randomBytes(9).toString("hex");
  const env = { ...process.env, STATIONDESK_NEW_PASSWORD: password };
  const args = station
    ? ["station", "add", "--code", station.code, "--name", station.name, "--first-staff", station.firstStaff, "--login", login]
    : ["station", "add-district-login", "--login", login];
  execFileSync(CLI, ["--db", admin, ...args], { encoding: "utf8", env });
  const url = new URL(admin);
  url.username = login;
  url.password = password;
  return url.toString();
}

/**
 * A fresh per-user app-data folder (`XDG_DATA_HOME`) for a window that keeps its database
 * choice (`stationdesk/database.json`), so a test never writes to this user's own.
 */
export function freshDataHome() {
  return tempFolder("stationdesk-e2e-home-");
}

/** `create: true` lets the window set up a database file that does not exist yet (`--create`);
 * without it a missing file is refused, as for a mistyped path. `dataHome` (see
 * `freshDataHome`) is the app-data folder the window keeps its database choice in. */
/**
 * The print dialog as the tests see it: the GTK dialog cannot be pressed through WebDriver,
 * so an app opened with `openApp(db, { prints })` notes each 打印 in `prints.dir/printed`
 * (src-tauri's `print_window` under STATIONDESK_TEST_DIALOGS) instead of showing it.
 */
export function printDialogs() {
  const dir = tempFolder("stationdesk-e2e-print-");
  const file = join(dir, "printed");
  return { dir, count: () => (existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean).length : 0) };
}

/**
 * `configHome` is the config folder (`XDG_CONFIG_HOME`) where the window keeps its size and
 * position; each window gets a fresh one unless a test passes the same folder again (as after
 * a restart), so one test's window size never carries into another's.
 */
export async function openApp(db, { create = false, dataHome, prints, configHome, idleSeconds } = {}) {
  if (!APP) throw new Error("STATIONDESK_APP is not set (run through scripts/e2e.sh)");
  const [port, nativePort] = await freePorts(2);
  // Its own process group, so closing kills the driver, WebKitWebDriver and the app
  // together even when the app outlives the WebDriver session.
  const driver = spawn(DRIVER, ["--port", String(port), "--native-port", String(nativePort), "--native-driver", "/usr/bin/WebKitWebDriver"], {
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
    // The app inherits the driver's environment.
    env: {
      ...process.env,
      ...(dataHome ? { XDG_DATA_HOME: dataHome } : {}),
      XDG_CONFIG_HOME: configHome ?? tempFolder("stationdesk-e2e-config-"),
      ...(prints ? { STATIONDESK_TEST_DIALOGS: prints.dir } : {}),
      // The idle lock after this many seconds instead of the station's minutes (test hook).
      ...(idleSeconds ? { STATIONDESK_TEST_IDLE_SECONDS: String(idleSeconds) } : {}),
    },
  });
  let driverLog = "";
  driver.stderr.on("data", (d) => {
    driverLog += d;
  });
  let session;
  // A window that does not open in a minute will not open: said with the driver's log,
  // instead of the test file timing out with nothing to show.
  const started = Date.now();
  for (let i = 0; i < 50 && !session; i++) {
    try {
      const building = new Builder()
        .usingServer(`http://127.0.0.1:${port}/`)
        .withCapabilities({ browserName: "wry", "tauri:options": { application: APP, args: ["--db", db, ...(create ? ["--create"] : [])] } })
        .build();
      const left = Math.max(1000, 60000 - (Date.now() - started));
      session = await Promise.race([
        building,
        sleep(left, undefined, { ref: false }).then(() => {
          throw new Error("the window did not open within 60 s");
        }),
      ]);
    } catch (e) {
      if (i === 49 || Date.now() - started >= 60000) {
        stopDriver(driver);
        throw new Error(`tauri-driver did not start: ${e}\n${driverLog}`);
      }
      await sleep(200);
    }
  }
  return new Window(session, driver);
}

/** Kills the driver's process group (driver, WebKitWebDriver, app) and stops reading it. */
function stopDriver(driver) {
  try {
    process.kill(-driver.pid, "SIGKILL");
  } catch {
    // Already gone.
  }
  // The app inherits the driver's stderr; stop reading it so this process can exit.
  driver.stderr?.destroy();
}

/**
 * Presses `el`, waiting (up to 5 s) while something fading out still covers it: a closing
 * confirmation or a message toast takes the press otherwise.
 */
async function pressWhenFree(el) {
  for (let i = 0; ; i++) {
    try {
      await el.click();
      return;
    } catch (e) {
      // Covered by something fading out, or not yet shown or enabled (a field of a form
      // still mounting): a person waits a moment and presses again.
      const waits = e.name === "ElementClickInterceptedError" || e.name === "ElementNotInteractableError";
      if (!waits || i >= 25) throw e;
      await sleep(200);
    }
  }
}

export class Window {
  constructor(session, driver) {
    this.session = session;
    this.driver = driver;
  }

  async close() {
    try {
      await Promise.race([this.session.quit(), sleep(10000, undefined, { ref: false })]);
    } catch {
      // The group kill below ends whatever is left.
    } finally {
      stopDriver(this.driver);
    }
  }

  /**
   * Logs in through the real login screen as `login` (the 站长 made by `init --staff NAME`
   * logs in with NAME); when the station has no 站长 who can log in yet, sets the 站长's
   * password on the one-time 为站长设置密码 screen instead. Waits for the workbench.
   */
  async login(login, password = PASSWORD) {
    await this.session.wait(
      async () =>
        (await this.session.findElements(this.byTestId("login-user"))).length > 0 ||
        (await this.session.findElements(this.byTestId("head-password"))).length > 0,
      20000,
      "neither the login screen nor 为站长设置密码 appeared",
    );
    if ((await this.session.findElements(this.byTestId("head-password"))).length > 0) {
      await this.type("head-password", password);
      await this.type("head-password2", password);
      await this.click("head-submit");
    } else {
      await this.type("login-user", login);
      await this.type("login-password", password);
      await this.click("login-submit");
    }
    await this.waitForText("current-staff", (t) => t.includes("当班"), `${login} is logged in`, 20000);
  }

  byTestId(id) {
    return By.css(`[data-testid="${id}"]`);
  }

  async find(id, timeout = 15000) {
    return this.session.wait(until.elementLocated(this.byTestId(id)), timeout, `nothing with data-testid=${id} appeared`);
  }

  /**
   * Clicks like a person, who waits for a sliding drawer or a growing text box to come to
   * rest, and for a closing dialog's fade-out to finish, before pressing.
   */
  async click(id) {
    await this.press(await this.find(id));
  }

  /** Presses an element already found (a row, a link in a table) the way `click` does. */
  async press(el) {
    await this.session.wait(until.elementIsVisible(el), 5000);
    await this.settled(el);
    await pressWhenFree(el);
  }

  /**
   * Types like a person: focus, select all, delete, then the keys. A field re-drawn while it
   * is being found or typed into (the page still settling after a start or a login) is
   * found again and typed into afresh, up to three times; clearing first makes that safe.
   */
  async type(id, text) {
    for (let attempt = 1; ; attempt++) {
      try {
        const el = await this.find(id);
        const tag = await el.getTagName();
        const input = tag === "input" || tag === "textarea" ? el : await el.findElement(By.css("input, textarea"));
        await this.session.wait(until.elementIsVisible(input), 5000);
        // A press on a field of a dialog still zooming in can land on the mask and close it.
        await this.settled(input);
        await pressWhenFree(input);
        await input.sendKeys(Key.chord(Key.CONTROL, "a"), Key.BACK_SPACE);
        if (text) await input.sendKeys(text);
        return input;
      } catch (e) {
        const redrawn = ["StaleElementReferenceError", "ElementNotInteractableError", "WebDriverError"].includes(e.name);
        if (!redrawn || attempt >= 3) throw e;
        await sleep(500);
      }
    }
  }

  /**
   * Waits (up to 3 s) until the element has stood still for three painted frames. WebDriver
   * computes where to press and then presses; if a drawer is still sliding in, or a text box
   * is still growing to fit what was pasted, the press lands beside the button.
   */
  async settled(el) {
    await this.session.executeAsyncScript(
      `const [el, done] = arguments;
       const started = performance.now();
       let last = "", still = 0;
       const frame = () => {
         const r = el.getBoundingClientRect();
         const now = [r.x, r.y, r.width, r.height].join();
         still = now === last ? still + 1 : 0;
         last = now;
         if (still >= 3 || performance.now() - started > 3000) done();
         else requestAnimationFrame(frame);
       };
       requestAnimationFrame(frame);`,
      el,
    );
  }

  /**
   * Asks a print command again, as its button does (`invoke(command, args)`), fetches the
   * notice's bytes raw from `notice_pdf` (an ArrayBuffer, turned into base64 inside the page
   * to cross WebDriver) and writes them to a fresh temporary folder: the printed notice's
   * fields with `path`, the PDF's place.
   */
  async printedPdf(command, args) {
    const printed = await this.session.executeAsyncScript(`
      const done = arguments[arguments.length - 1];
      const invoke = window.__TAURI_INTERNALS__.invoke;
      invoke(arguments[0], arguments[1])
        .then((p) => invoke("notice_pdf", { id: p.id }).then((buf) => {
          const bytes = new Uint8Array(buf);
          let bin = "";
          for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
          return { ...p, pdfBase64: btoa(bin) };
        }))
        .then(done, (e) => done({ error: e }));`, command, args);
    if (!printed || printed.error) throw new Error(`${command} failed: ${JSON.stringify(printed?.error)}`);
    const { pdfBase64, ...notice } = printed;
    const path = join(tempFolder("stationdesk-pdf-"), notice.fileName);
    writeFileSync(path, Buffer.from(pdfBase64, "base64"));
    return { ...notice, path };
  }

  /** Closes the notice preview with Esc, as a person does, and waits until it is gone. */
  async closePreview() {
    await this.session.actions().sendKeys(Key.ESCAPE).perform();
    // Closed means the dialog and its fading mask are both gone: a click right after would
    // otherwise land on the mask (ElementClickInterceptedError). A mask at opacity 0 is "not
    // displayed" to WebDriver yet still takes the click, so what counts is whether the page
    // still lays it out.
    await this.session.wait(
      () =>
        this.session.executeScript(`
          for (const el of document.querySelectorAll("[data-testid='notice-preview'], .ant-modal-mask, .ant-modal-wrap"))
            if (el.getClientRects().length > 0) return false; // laid out, even if see-through
          return true;`),
      10000,
      "the preview closes",
    );
  }

  /** Waits until pdf.js has drawn the preview's page: a canvas with ink on it. */
  async previewDrawn(what) {
    return this.session.wait(
      async () =>
        this.session.executeScript(`
          const c = document.querySelector("[data-testid='notice-preview'] canvas");
          if (!c || c.width === 0) return false;
          const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
          for (let i = 0; i < d.length; i += 4) if (d[i] < 128) return true;
          return false;`),
      30000,
      what,
    );
  }

  /** Pastes a long text at once (as Ctrl+V would), firing React's input event. */
  async paste(id, text) {
    const el = await this.find(id);
    await this.session.executeScript(
      `const el = arguments[0].matches('input,textarea') ? arguments[0] : arguments[0].querySelector('input,textarea');
       const proto = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
       Object.getOwnPropertyDescriptor(proto, 'value').set.call(el, arguments[1]);
       el.dispatchEvent(new Event('input', { bubbles: true }));`,
      el,
      text,
    );
  }

  /** Picks an option by its visible text in an antd Select or a radio group. */
  async choose(id, label) {
    const root = await this.find(id);
    for (const el of await root.findElements(By.xpath(`.//*[normalize-space(text())='${label}']`))) {
      if (await el.isDisplayed()) {
        await el.click();
        return;
      }
    }
    await root.click();
    const xpath = `//*[contains(@class,'ant-select-item-option') and (@title='${label}' or .//*[normalize-space(text())='${label}'])]`;
    let option;
    await this.session.wait(
      async () => {
        for (const el of await this.session.findElements(By.xpath(xpath))) {
          if (await el.isDisplayed()) {
            option = el;
            return true;
          }
        }
        return false;
      },
      5000,
      `option ${label} did not appear in ${id}`,
    );
    await option.click();
  }

  /**
   * The text as rendered on screen (`innerText`). WebDriver's own getText drops cells that
   * antd clips with an ellipsis, though a person sees them. Empty while hidden.
   */
  async visibleText(el) {
    if (!(await el.isDisplayed())) return "";
    return this.session.executeScript("return arguments[0].innerText", el);
  }

  async text(id) {
    return this.visibleText(await this.find(id));
  }

  /** Waits until the element's text satisfies `predicate`, returning the text. */
  async waitForText(id, predicate, what, timeout = 10000) {
    let last = "";
    await this.session.wait(
      async () => {
        try {
          last = await this.visibleText(await this.session.findElement(this.byTestId(id)));
          return predicate(last);
        } catch {
          return false;
        }
      },
      timeout,
      `${what}; last text of ${id}: ${last.slice(0, 400)}`,
    );
    return last;
  }

  /**
   * Waits until no element with this test id is left in the window. WebKitWebDriver may
   * report an element removed during the query as stale; that is asked again.
   */
  async waitGone(id, what = `${id} did not go`, timeout = 5000) {
    await this.session.wait(
      async () => {
        try {
          return (await this.session.findElements(this.byTestId(id))).length === 0;
        } catch (e) {
          if (e.name === "StaleElementReferenceError" || /was not found/.test(e.message)) return false;
          throw e;
        }
      },
      timeout,
      what,
    );
  }

  /**
   * Waits until nothing with this test id is on screen: removed, or kept hidden in the page
   * (a closed antd dialog keeps its last content in the DOM, out of sight).
   */
  async waitHidden(id, what = `${id} is still shown`, timeout = 5000) {
    await this.session.wait(
      async () => {
        try {
          for (const el of await this.session.findElements(this.byTestId(id))) {
            if (await el.isDisplayed()) return false;
          }
          return true;
        } catch (e) {
          if (e.name === "StaleElementReferenceError" || /was not found/.test(e.message)) return false;
          throw e;
        }
      },
      timeout,
      what,
    );
  }

  /**
   * The messages shown under form fields; one that goes away while being read is gone.
   * WebKitWebDriver may also fail the query itself when a message leaves during it: asked again.
   */
  async fieldErrors() {
    const stale = (err) => err.name === "StaleElementReferenceError" || /was not found/.test(err.message);
    let els = [];
    for (let attempt = 1; ; attempt++) {
      try {
        els = await this.session.findElements(By.css(".ant-form-item-explain-error"));
        break;
      } catch (err) {
        if (!stale(err) || attempt >= 5) throw err;
        await sleep(100);
      }
    }
    const texts = await Promise.all(
      els.map((e) =>
        // WebKitWebDriver reports a message removed mid-read as stale, or as "Node with
        // identifier … was not found" under other error names.
        this.visibleText(e).catch((err) => {
          if (stale(err)) return "";
          throw err;
        }),
      ),
    );
    return texts.filter((t) => t !== "");
  }

  async screenshot(name) {
    const png = await this.session.takeScreenshot();
    const path = join(OUTPUT, name);
    writeFileSync(path, png, "base64");
    return path;
  }
}
