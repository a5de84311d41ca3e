// Staff accounts in the window (issue 12): the 站长 logs in and adds a volunteer in
// 设置 → 账号; after 退出登录 the volunteer logs in and sees no cases; a page opened by its
// URL shows the core's refusal; a wrong password reads the core's message; and the idle
// lock covers a half-typed intake form, which keeps what was typed once unlocked.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { freshDatabase, initStation, openApp, PASSWORD } from "./harness.mjs";

const WRONG_LOGIN = "登录名或密码不对，请重新输入（注意大小写和输入法）";
const VOLUNTEER_PASSWORD = "qian-volunteer-2026";

describe("staff accounts", () => {
  const db = freshDatabase((path) => {
    initStation(path);
  });
  let win;
  after(async () => {
    await win?.close();
  });

  it("the 站长 logs in, a wrong password reads the core's message", async () => {
    win = await openApp(db);
    await win.find("login-user");
    await win.type("login-user", "赵子坤");
    await win.type("login-password", "not-the-password");
    await win.click("login-submit");
    await win.waitForText("login-error", (t) => t === WRONG_LOGIN, "the core's refusal is shown");
    await win.screenshot("accounts-login.png");
    await win.login("赵子坤");
    await win.waitForText("current-staff", (t) => t.includes("赵子坤（站长）"), "the 站长 is on duty");
  });

  it("the 站长 adds a volunteer in 设置 → 账号", async () => {
    await win.click("nav-settings");
    await win.click("account-add");
    await win.type("account-name", "钱志愿");
    await win.type("account-login", "qianzy");
    await win.choose("account-role", "志愿者");
    await win.type("account-password", VOLUNTEER_PASSWORD);
    await win.type("account-password2", VOLUNTEER_PASSWORD);
    await win.click("account-add-submit");
    const table = await win.waitForText("accounts-table", (t) => t.includes("钱志愿"), "the new account is listed");
    assert.match(table, /钱志愿\s+qianzy\s+志愿者\s+可登录/);
    assert.match(table, /赵子坤\s+赵子坤\s+站长\s+可登录/);
    // The screenshot shows the list, not the closing 添加账号 dialog.
    await win.waitHidden("account-add-submit", "the 添加账号 dialog closes");
    await win.session.executeScript(
      `document.querySelector('[data-testid="accounts-table"]').scrollIntoView({ block: "center" });`,
    );
    await win.screenshot("accounts-page.png");
  });

  it("after 退出登录 the volunteer logs in and sees no cases", async () => {
    await win.click("logout");
    await win.login("qianzy", VOLUNTEER_PASSWORD);
    await win.waitForText("current-staff", (t) => t.includes("钱志愿（志愿者）"), "the volunteer is on duty");
    await win.find("nav-errands");
    for (const page of ["intake", "register", "notices"]) {
      assert.equal((await win.session.findElements(win.byTestId(`nav-${page}`))).length, 0, `${page} is not in the menu`);
    }
    // The register opened by its URL: the core's refusal, not a crash.
    await win.session.executeScript("location.hash = '#/register'");
    await win.waitForText("refusal", (t) => t === "您的角色（志愿者）不能查看诉求；请让站长或工作人员操作", "the core refuses");
    // 设置 has only what a volunteer may do: no accounts, no station.
    await win.click("nav-settings");
    await win.find("own-current");
    assert.equal((await win.session.findElements(win.byTestId("account-add"))).length, 0);
    await win.close();
    win = undefined;
  });

  it("the idle lock covers a half-typed form, which keeps its text once unlocked", async () => {
    win = await openApp(db, { idleSeconds: 4 });
    await win.login("赵子坤");
    await win.click("nav-intake");
    await win.type("intake-resident", "刘涵");
    await win.type("intake-title", "楼道灯坏了");
    await win.find("lock-overlay", 20000);
    await win.screenshot("accounts-lock.png");
    // The lock is the core's too: a command sent past the overlay is refused.
    const answer = await win.session.executeAsyncScript(`
      const done = arguments[arguments.length - 1];
      window.__TAURI_INTERNALS__.invoke("list_parties").then(
        () => done("answered while locked"),
        (e) => done(typeof e === "object" && e !== null ? String(e.message) : String(e)));`);
    assert.match(answer, /工作台已锁定/);
    await win.type("lock-password", "wrong-password-1");
    await win.click("lock-submit");
    await win.waitForText("lock-error", (t) => t === WRONG_LOGIN, "a wrong password is refused by the core");
    await win.type("lock-password", PASSWORD);
    await win.click("lock-submit");
    await win.waitGone("lock-overlay", "the lock goes");
    const typed = await win.session.executeScript(
      `return ["intake-resident", "intake-title"].map((id) => {
         const el = document.querySelector('[data-testid="' + id + '"]');
         return (el.matches("input,textarea") ? el : el.querySelector("input,textarea")).value;
       });`,
    );
    assert.deepEqual(typed, ["刘涵", "楼道灯坏了"]);
  });
});
