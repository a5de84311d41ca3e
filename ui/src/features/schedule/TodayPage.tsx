import type { AppState } from "../../bindings";

export type Props = { state: AppState; active: boolean; onOpenCase: (id: number) => void };

/** 今日: to be built. */
export default function TodayPage(_props: Props) {
  return <div>今日</div>;
}
