import type { AppState } from "../../bindings";

export type Props = { state: AppState; active: boolean; onOpenCase: (id: number) => void };

/** 日程: to be built. */
export default function CalendarPage(_props: Props) {
  return <div>日程</div>;
}
