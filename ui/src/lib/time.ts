import dayjs from "dayjs";

/** `2026-03-05 14:30` in the computer's local time; empty for no value. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "";
  const d = dayjs(iso);
  return d.isValid() ? d.format("YYYY-MM-DD HH:mm") : iso;
}
