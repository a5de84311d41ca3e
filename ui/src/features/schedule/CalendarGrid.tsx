// The calendar's month or week grid and its entries.
import { Popover, Tag, Typography } from "antd";
import type { Dayjs } from "dayjs";
import type { CalendarItem } from "../../bindings";
import { scaled } from "../../lib/display";
import {
  cn,
  entryFigures,
  hm,
  itemTestId,
  KIND_COLORS,
  kindLabel,
  WEEKDAY_LABELS,
  WEEKDAYS,
  whenText,
} from "./labels";

export type View = "month" | "week";

/** Monday of the week `date` is in. */
function monday(date: Dayjs): Dayjs {
  return date.subtract((date.day() + 6) % 7, "day");
}

/** The days shown: whole weeks covering the month, or the week. */
export function visibleDays(view: View, anchor: Dayjs): Dayjs[] {
  const first = view === "month" ? monday(anchor.startOf("month")) : monday(anchor);
  const last = view === "month" ? monday(anchor.endOf("month")).add(6, "day") : first.add(6, "day");
  const days: Dayjs[] = [];
  for (let d = first; !d.isAfter(last, "day"); d = d.add(1, "day")) days.push(d);
  return days;
}

function MeetingPopover({ item }: { item: CalendarItem }) {
  return (
    <div style={{ maxWidth: 300 }} data-testid="meeting-popover">
      <Typography.Text strong>{item.title}</Typography.Text>
      <div>{whenText(item)}</div>
      <div>地点：{item.place}</div>
      {item.partners.length > 0 && <div>邀请：{item.partners.join("、")}</div>}
      <Typography.Text type="secondary">在“恳谈会”页查看</Typography.Text>
    </div>
  );
}

/** One entry: compact in a month cell, with its figures in the week view. */
function Entry({
  item,
  full,
  onOpen,
}: {
  item: CalendarItem;
  full: boolean;
  onOpen: (i: CalendarItem) => void;
}) {
  const counts = entryFigures(item);
  const full_ = item.capacity !== null && item.confirmed >= item.capacity;
  const body = (
    <button
      type="button"
      className={`sd-cal-item${item.cancelled ? " sd-cal-cancelled" : ""}${full ? " sd-cal-full" : ""}`}
      style={{ borderInlineStartColor: KIND_COLORS[item.kind] ?? "#868e96" }}
      onClick={item.source === "event" ? () => onOpen(item) : undefined}
      data-testid={itemTestId(item)}
      title={`${hm(item)} ${item.title}（${item.place}）${counts ? `\n${counts}` : ""}`}
    >
      <span className="sd-cal-line sd-cal-wrap">
        <span className="sd-cal-time">{full ? hm(item) : cn(item.start).format("HH:mm")}</span>
        <span className="sd-cal-title">{item.title}</span>
      </span>
      {full && (
        <span className="sd-cal-line">
          <Tag
            color={KIND_COLORS[item.kind]}
            style={{ marginInlineEnd: 4, fontSize: scaled(12), lineHeight: "18px" }}
          >
            {kindLabel(item)}
          </Tag>
          {item.cancelled && <Tag style={{ fontSize: scaled(12), lineHeight: "18px" }}>已取消</Tag>}
        </span>
      )}
      <span className="sd-cal-line sd-cal-sub">{item.place}</span>
      {counts && (
        <span
          className={`sd-cal-line sd-cal-wrap sd-cal-sub${full_ ? " sd-cal-counts-full" : ""}`}
          data-testid="cal-item-counts"
        >
          {counts}
        </span>
      )}
      {full && item.staff.length > 0 && (
        <span className="sd-cal-line sd-cal-sub">当班：{item.staff.map((s) => s.name).join("、")}</span>
      )}
    </button>
  );
  if (item.source === "meeting")
    return (
      <Popover trigger="click" content={<MeetingPopover item={item} />} title={kindLabel(item)}>
        {body}
      </Popover>
    );
  return body;
}

/** The days of the month (whole weeks) or of the week, each with its entries. */
export default function CalendarGrid({
  view,
  anchor,
  days,
  byDay,
  today,
  onOpen,
}: {
  view: View;
  anchor: Dayjs;
  days: Dayjs[];
  byDay: Map<string, CalendarItem[]>;
  today: string;
  onOpen: (i: CalendarItem) => void;
}) {
  return (
    <div className={`sd-cal sd-cal-${view}`} data-testid="cal-grid">
      {WEEKDAYS.map((w) => (
        <div key={w} className="sd-cal-head">
          {WEEKDAY_LABELS[w]}
        </div>
      ))}
      {days.map((d) => {
        const key = d.format("YYYY-MM-DD");
        const list = byDay.get(key) ?? [];
        const outside = view === "month" && !d.isSame(anchor, "month");
        return (
          <div
            key={key}
            className={`sd-cal-day${outside ? " sd-cal-outside" : ""}${key === today ? " sd-cal-today" : ""}`}
            data-testid={`cal-day-${key}`}
          >
            <div className="sd-cal-date">
              {view === "week" || d.date() === 1 ? d.format("M月D日") : d.date()}
              {key === today && <span className="sd-cal-today-mark">今天</span>}
            </div>
            {list.map((i) => (
              <Entry
                key={`${i.source}-${i.id}-${i.occurrenceStart}`}
                item={i}
                full={view === "week"}
                onOpen={onOpen}
              />
            ))}
          </div>
        );
      })}
    </div>
  );
}
