import type { Generation } from "../../bindings";

/** `2026-12-02 17:53` in the computer's (China) time. */
export function when(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** What a backup holds, in one line. */
export function holds(g: Generation): string {
  const c = g.counts;
  return `诉求 ${c.cases} 件，附件 ${c.attachments} 个，活动 ${c.events} 场，会议 ${c.meetings} 次，代办 ${c.errands} 件，操作记录 ${c.auditRows} 条`;
}
