import { describe, expect, it } from "vitest";
import { formatAddress } from "./address";

describe("formatAddress: an address as the register and the drawer show it", () => {
  it("joins compound, building, entrance and room", () => {
    expect(formatAddress({ compound: "润都荣园", building: "1", entrance: "2", room: "301" })).toBe(
      "润都荣园1栋2单元301室",
    );
  });

  it("puts a place after the flat, with a space", () => {
    expect(formatAddress({ compound: "润都荣园", building: "3", place: "南门广场" })).toBe(
      "润都荣园3栋 南门广场",
    );
  });

  it("shows a place alone when there is no flat", () => {
    expect(formatAddress({ place: "南门广场" })).toBe("南门广场");
  });

  it("leaves out what is not filled in", () => {
    expect(formatAddress({ compound: "润都荣园", building: null, entrance: "2", room: "" })).toBe(
      "润都荣园2单元",
    );
  });

  it("is empty for no address", () => {
    expect(formatAddress(null)).toBe("");
    expect(formatAddress(undefined)).toBe("");
    expect(formatAddress({})).toBe("");
  });
});
