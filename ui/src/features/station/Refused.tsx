import { useQuery } from "@tanstack/react-query";
import { Result } from "antd";
import { type Action, commands } from "../../bindings";
import { call, errorMessage } from "../../lib/ipc";

/** A page the role on duty may not use, opened by its URL: the core's refusal, in its words. */
export default function Refused({ action }: { action: Action | null }) {
  const refusal = useQuery({
    queryKey: ["refusal", action],
    queryFn: () => call(commands.refusal(action ?? "settings")),
    enabled: action !== null,
  });
  const text = refusal.error ? errorMessage(refusal.error) : (refusal.data ?? "");
  return <Result status="403" title="没有权限" subTitle={<span data-testid="refusal">{text}</span>} />;
}
