import type { AppState } from "../../bindings";

export type Props = { state: AppState; active: boolean; onOpenCase: (id: number) => void };

/** 办事登记: to be built. */
export default function ErrandsPage(_props: Props) {
  return <div>办事登记</div>;
}
