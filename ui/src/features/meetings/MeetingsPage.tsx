import type { AppState } from "../../bindings";

export type Props = { state: AppState; active: boolean; onOpenCase: (id: number) => void };

/** 会议: to be built. */
export default function MeetingsPage(_props: Props) {
  return <div>会议</div>;
}
