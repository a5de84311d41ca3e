import { describe, expect, it } from "vitest";
import { MENU_ITEMS, PAGE_KEYS, parseDistrictRoute, parseRoute } from "./routes";

describe("parseRoute: what a URL shows", () => {
  it("gives every page of the side menu its own URL", () => {
    expect(MENU_ITEMS.map((m) => m.key)).toEqual([...PAGE_KEYS]);
    for (const key of PAGE_KEYS) {
      expect(parseRoute(`/${key}`, null)).toEqual({ page: key, caseNumber: null, caseId: null, known: true });
    }
  });

  it("opens a case typed by its number over the register", () => {
    expect(parseRoute("/cases/RA-2026-0001", null)).toEqual({
      page: "register",
      caseNumber: "RA-2026-0001",
      caseId: null,
      known: true,
    });
  });

  it("opens a case from inside the window over the page it was opened from, with its id", () => {
    const state = { background: "meetings", caseId: 7, number: "RA-2026-0001" };
    expect(parseRoute("/cases/RA-2026-0001", state)).toEqual({
      page: "meetings",
      caseNumber: "RA-2026-0001",
      caseId: 7,
      known: true,
    });
  });

  it("does not trust an id remembered for another number", () => {
    const state = { background: "today", caseId: 7, number: "RA-2026-0002" };
    expect(parseRoute("/cases/RA-2026-0001", state).caseId).toBeNull();
  });

  it("sends an empty or unknown URL to 今日", () => {
    expect(parseRoute("/", null)).toMatchObject({ page: "today", known: false });
    expect(parseRoute("/nowhere", null)).toMatchObject({ page: "today", known: false });
  });
});

describe("the street office's routes", () => {
  it("reads the ranking, a station's register and a case over it", () => {
    expect(parseDistrictRoute("/district")).toEqual({ stationId: null, caseId: null, known: true });
    expect(parseDistrictRoute("/district/3")).toEqual({ stationId: 3, caseId: null, known: true });
    expect(parseDistrictRoute("/district/3/cases/17")).toEqual({ stationId: 3, caseId: 17, known: true });
  });

  it("sends anything else to the ranking", () => {
    for (const path of [
      "/",
      "/today",
      "/district/abc",
      "/district/0",
      "/district/3/cases/x",
      "/district/3/x/1",
    ]) {
      expect(parseDistrictRoute(path).known, path).toBe(false);
    }
  });
});
