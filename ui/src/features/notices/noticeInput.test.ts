import dayjs from "dayjs";
import { describe, expect, it } from "vitest";
import {
  batchAddressees,
  ENTRANCES,
  ENTRANCES_LABEL,
  type EventValues,
  eventInput,
  eventValues,
  lines,
  type MeetingValues,
  meetingInput,
  meetingValues,
  noticeTime,
} from "./noticeInput";

describe("noticeTime: a picked time as a notice writes it", () => {
  it("writes the date, the weekday and the part of the day", () => {
    expect(noticeTime(dayjs("2025-07-15T15:00"))).toBe("2025年7月15日（星期二）下午3:00");
    expect(noticeTime(dayjs("2026-12-06T09:30"))).toBe("2026年12月6日（星期日）上午9:30");
    expect(noticeTime(dayjs("2026-12-07T12:15"))).toBe("2026年12月7日（星期一）中午12:15");
    expect(noticeTime(dayjs("2026-12-08T19:00"))).toBe("2026年12月8日（星期二）晚上7:00");
  });
});

describe("主送: who a notice goes to", () => {
  it("offers every entrance of the compound, 1栋1单元 to 4栋6单元", () => {
    expect(ENTRANCES).toHaveLength(24);
    expect(ENTRANCES_LABEL).toBe("全部单元（1栋1单元…4栋6单元）");
  });

  it("prints one copy per entrance, with no names in the 主送 line", () => {
    const v = { addresseeMode: "entrances" as const };
    expect(batchAddressees(v)).toEqual(ENTRANCES);
    expect(eventInput(v).addressees).toEqual([]);
  });

  it("names the typed addressees in one notice, blank ones dropped", () => {
    const v = {
      addresseeMode: "custom" as const,
      addresseeList: [" 润都荣园物业服务中心 ", "", "荣盛房地产开发有限公司"],
    };
    expect(batchAddressees(v)).toEqual([]);
    expect(meetingInput(v).addressees).toEqual(["润都荣园物业服务中心", "荣盛房地产开发有限公司"]);
  });

  it("prints one copy per name when asked, each naming its own addressee", () => {
    const v = { addresseeMode: "custom" as const, perAddressee: true, addresseeList: ["李强", "孙经理"] };
    expect(batchAddressees(v)).toEqual(["李强", "孙经理"]);
    expect(meetingInput(v).addressees).toEqual([]);
  });
});

describe("the engine's input for a 会议通知", () => {
  it("trims the fields, splits lists by line and drops empty attendee rows", () => {
    const input = meetingInput({
      addresseeMode: "custom",
      addresseeList: ["润都荣园物业服务中心"],
      meeting_name: "  关于1-4号楼地下车库楼梯改造的恳谈会 ",
      purpose: "解决老人推车困难的问题。",
      agenda: "听取居民代表意见\n\n  商定改造方案  \r\n",
      attendees: [
        { name: " 李强 ", unit: "物业", role: "", phone: "13903118866" },
        {},
        { name: "  " },
        { role: "居民代表", phone: "13803112456" },
      ],
      place: " 社区服务站二楼会议室 ",
      contact_phone: "0311-86012345",
      date: dayjs("2026-12-02T10:00"),
    });
    expect(input.meeting_name).toBe("关于1-4号楼地下车库楼梯改造的恳谈会");
    expect(input.agenda).toEqual(["听取居民代表意见", "商定改造方案"]);
    expect(input.attendees).toEqual([
      { name: "李强", unit: "物业", role: "", phone: "13903118866" },
      { name: "", unit: "", role: "居民代表", phone: "13803112456" },
    ]);
    expect(input.place).toBe("社区服务站二楼会议室");
    expect(input.date).toBe("2026-12-02");
    expect(input.contact_person).toBe("");
    expect(input.reply_slip).toBeNull();
  });

  it("adds the reply slip only when asked", () => {
    const input = meetingInput({
      addresseeMode: "entrances",
      withReplySlip: true,
      reply_deadline: " 12月5日前 ",
      reply_return_to: "社区服务站",
    });
    expect(input.reply_slip).toEqual({ deadline: "12月5日前", return_to: "社区服务站" });
    expect(input.date).toBe("");
  });
});

describe("the engine's input for a 活动通知", () => {
  it("carries the event's fields, trimmed", () => {
    const input = eventInput({
      addresseeMode: "entrances",
      title: " 社区卫生服务中心义诊 ",
      bring: "医保卡",
    });
    expect(input.title).toBe("社区卫生服务中心义诊");
    expect(input.bring).toBe("医保卡");
    expect(input.summary).toBe("");
  });
});

describe("lines", () => {
  it("keeps the non-blank lines of a text box, trimmed", () => {
    expect(lines(" 一、签到 \n\n二、发言\r\n  ")).toEqual(["一、签到", "二、发言"]);
    expect(lines(undefined)).toEqual([]);
  });
});

describe("a kept print back as its form (打印记录 → 编辑为新通知)", () => {
  const day = (iso: string) => dayjs(iso);

  it("gives back a 会议通知's fields, and the same input when generated again", () => {
    const typed: MeetingValues = {
      addresseeMode: "custom",
      addresseeList: ["各楼门长", "物业服务中心"],
      perAddressee: false,
      meeting_name: "加装电梯议事协商会",
      purpose: "听取居民意见",
      time: "2026年12月10日（星期四）下午3:00",
      place: "二楼会议室",
      attendees: [{ name: "王建国", unit: "3栋1单元", role: "楼门长", phone: "13800001111" }],
      agenda: "通报进展\n协商费用",
      requirements: "提前10分钟签到",
      withReplySlip: true,
      reply_deadline: "12月9日17:00",
      reply_return_to: "接待台",
      extra: "",
      contact_person: "刘晓燕",
      contact_phone: "0311-85961234",
      issuer: "荣傲家园社区服务站",
      date: dayjs("2026-12-03"),
    };
    const input = meetingInput(typed);
    const back = meetingValues(input, batchAddressees(typed), day);
    expect(back.addresseeList).toEqual(["各楼门长", "物业服务中心"]);
    expect(back.perAddressee).toBe(false);
    expect(back.agenda).toBe("通报进展\n协商费用");
    expect(back.withReplySlip).toBe(true);
    expect(back.date?.format("YYYY-MM-DD")).toBe("2026-12-03");
    expect(meetingInput(back)).toEqual(input);
  });

  it("knows a print to every entrance and a print of one copy per name", () => {
    const input = meetingInput({ addresseeMode: "entrances", meeting_name: "议事会" });
    expect(meetingValues(input, [...ENTRANCES], day).addresseeMode).toBe("entrances");
    const perName = meetingValues(input, ["张三", "李四"], day);
    expect(perName).toMatchObject({
      addresseeMode: "custom",
      perAddressee: true,
      addresseeList: ["张三", "李四"],
    });
    expect(batchAddressees(perName)).toEqual(["张三", "李四"]);
  });

  it("gives back a 活动通知's fields; a notice without a date stays undated", () => {
    const typed: EventValues = {
      addresseeMode: "custom",
      addresseeList: ["各位居民朋友"],
      title: "夏季义诊进社区",
      summary: "免费测血压",
      time: "12月12日上午9:00",
      place: "社区广场",
      qr_text: "https://example.cn/a",
      date: null,
    };
    const input = eventInput(typed);
    const back = eventValues(input, [], day);
    expect(back.date).toBeNull();
    expect(back.qr_text).toBe("https://example.cn/a");
    expect(eventInput(back)).toEqual(input);
    // A kept form whose fields were left out (the engine's defaults) reads as empty.
    expect(eventValues({}, [], day)).toMatchObject({ title: "", addresseeList: [], date: null });
  });
});
