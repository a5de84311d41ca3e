// Issue 5 in the real window, the 义诊 of DOMAIN.md: the 社区卫生服务中心's doctors come to
// the 社区活动室 every Thursday morning. With two places, the third resident to sign up
// waits; when a confirmed resident cancels, the first one waiting moves up and the window
// says so; on the morning a resident is checked in. 今日 lists what is on today.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { By } from "selenium-webdriver";
import { cli, freshDatabase, initStation, openApp } from "./harness.mjs";

const TITLE = "社区卫生服务中心义诊";
const TODAY_TITLE = "政务服务进小区";

/** China dates (UTC+8): today, and the next Thursday after today. */
function chinaDates() {
  const now = new Date(Date.now() + 8 * 3600_000);
  const today = now.toISOString().slice(0, 10);
  const ahead = (4 - now.getUTCDay() + 7) % 7 || 7;
  const thursday = new Date(now.getTime() + ahead * 86_400_000).toISOString().slice(0, 10);
  return { today, thursday };
}

describe("a weekly 义诊 with two places: sign-ups, the waitlist moving up, check-in", () => {
  let win;
  let eventId;
  const { today, thursday } = chinaDates();
  before(async () => {
    const db = freshDatabase((path) => {
      initStation(path);
      eventId = cli(path, "--staff", "赵子坤", "event", "add", "--kind", "义诊", "--title", TITLE,
        "--start", `${thursday} 09:00`, "--end", "11:00", "--place", "社区活动室",
        "--rrule", "FREQ=WEEKLY;BYDAY=TH", "--capacity", "2",
        "--partner", "社区卫生服务中心", "--on-duty", "赵子坤", "--volunteer", "李桂兰",
        "--description", "测血压、血糖，中医问诊。请带医保卡。").trim().split("\n")[0].trim();
      // Something on today, so 今日 has an entry whatever the hour.
      cli(path, "--staff", "赵子坤", "event", "add", "--kind", "政务服务进小区", "--title", TODAY_TITLE,
        "--start", `${today} 08:00`, "--end", "09:00", "--place", "南门广场");
    });
    win = await openApp(db);
    await win.login("赵子坤");
  });
  after(async () => {
    await win?.close();
  });

  it("opens on 今日 with today's event listed", async () => {
    const agenda = await win.waitForText("today-agenda", (t) => t.includes(TODAY_TITLE), "today's event is listed");
    assert.ok(agenda.includes("南门广场"), `the place is shown:\n${agenda}`);
    await win.find("today-attention");
    console.log(`screenshot: ${await win.screenshot("clinic-today.png")}`);
  });

  it("finds next Thursday's 义诊 on the calendar with its places", async () => {
    await win.click("nav-calendar");
    const id = `cal-item-event-${eventId}-${thursday.replaceAll("-", "")}`;
    for (let i = 0; i < 3; i++) {
      await win.session.sleep(800);
      const found = await win.session.findElements(win.byTestId(id));
      if (found.length > 0 && (await found[0].isDisplayed())) break;
      await win.click("cal-next");
    }
    const text = await win.waitForText(id, (t) => t.includes(TITLE), "the occurrence is on the calendar");
    assert.ok(text.includes("已报名 0/容量 2，候补 0"), `the entry shows its places:\n${text}`);
    await win.click(id);
    await win.waitForText("occurrence-detail", (t) => t.includes("社区活动室") && t.includes("每周四"), "the drawer shows the occurrence");
  });

  async function signUp(name, phone) {
    await win.type("signup-name", name);
    await win.type("signup-phone", phone);
    // A 义诊 records the resident only with their consent.
    await win.click("signup-consent");
    await win.click("signup-submit");
    return win.waitForText(`signup-status-${name}`, (t) => t.trim().length > 0, `${name} is listed`);
  }

  it("signs up three residents; the third waits", async () => {
    assert.match(await signUp("王秀英", "13803112456"), /已报名/);
    assert.match(await signUp("李淑珍", "13931185520"), /已报名/);
    assert.match(await signUp("张桂芳", "13512341234"), /候补第1位/);
    await win.waitForText("occurrence-counts", (t) => t.includes("已报名 2/容量 2，候补 1"), "two confirmed, one waiting");
  });

  it("moves the waiting resident up when a confirmed one cancels", async () => {
    await win.click("signup-cancel-王秀英");
    await win.click("signup-cancel-confirm");
    const note = await win.waitForText("signup-promoted", (t) => t.includes("张桂芳"), "the promotion is announced");
    assert.ok(note.includes("候补第1位 张桂芳 已转为已报名"), note);
    await win.waitForText("signup-status-张桂芳", (t) => t.includes("已报名"), "张桂芳 is confirmed");
    await win.waitForText("signup-status-王秀英", (t) => t.includes("已取消"), "王秀英 is cancelled");
    await win.waitForText("occurrence-counts", (t) => t.includes("已报名 2/容量 2，候补 0"), "two confirmed, none waiting");
  });

  it("checks a resident in", async () => {
    await win.click("signup-checkin-李淑珍");
    await win.waitForText("signup-checked-李淑珍", (t) => /\d\d:\d\d/.test(t), "李淑珍 is checked in");
    const rows = await win.session.findElements(By.css("[data-testid='signup-table'] tbody tr"));
    assert.equal(rows.length, 3, "three sign-ups are listed, the cancelled one included");
    // Let the window repaint after the last click before the picture is taken.
    await win.session.sleep(1500);
    console.log(`screenshot: ${await win.screenshot("clinic-signups.png")}`);
  });

  it("refuses a sign-up without the resident's consent", async () => {
    await win.type("signup-name", "赵敏");
    await win.click("signup-submit");
    await win.session.wait(async () => (await win.fieldErrors()).some((e) => e.includes("居民已同意")), 10000, "the consent error is shown");
    const rows = await win.session.findElements(By.css("[data-testid='signup-table'] tbody tr"));
    assert.equal(rows.length, 3, "nothing was saved");
  });

  it("refuses a bad phone number with a clear message", async () => {
    await win.type("signup-name", "刘涵");
    await win.type("signup-phone", "12345");
    await win.click("signup-submit");
    await win.session.wait(async () => (await win.fieldErrors()).some((e) => e.includes("电话号码格式不正确")), 10000, "the phone error is shown");
    const rows = await win.session.findElements(By.css("[data-testid='signup-table'] tbody tr"));
    assert.equal(rows.length, 3, "nothing was saved");
  });
});
