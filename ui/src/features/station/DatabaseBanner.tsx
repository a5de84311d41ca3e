import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Alert, App } from "antd";
import { useEffect, useRef } from "react";
import { commands } from "../../bindings";
import { call } from "../../lib/ipc";

/** How often a shared server is asked whether it still answers. */
const EVERY_MS = 4000;

/**
 * While the district's server does not answer (a cable pulled, the server restarting), a
 * banner says so at the top of the window; what is being typed stays where it is, and a
 * save is refused with the core's message instead of half saving. When the server answers
 * again the banner goes, a message says so, and every page reloads its data.
 */
export default function DatabaseBanner({ watch }: { watch: boolean }) {
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const health = useQuery({
    queryKey: ["databaseHealth"],
    queryFn: () => call(commands.databaseHealth()),
    enabled: watch,
    refetchInterval: EVERY_MS,
    refetchIntervalInBackground: true,
    retry: false,
  });
  const down = watch && (health.isError || health.data?.ok === false);
  const wasDown = useRef(false);
  useEffect(() => {
    if (down) {
      wasDown.current = true;
    } else if (wasDown.current && health.data?.ok) {
      wasDown.current = false;
      message.success("已重新连接街道服务器");
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== "databaseHealth" });
    }
  }, [down, health.data, message, queryClient]);
  if (!down) return null;
  return (
    <Alert
      type="error"
      banner
      data-testid="database-banner"
      message={`与街道服务器的连接断开了，正在自动重连……${health.data?.message ? `（${health.data.message}）` : ""}`}
      description="正在填写的内容仍在页面上；连接恢复前的保存不会生效，恢复后请再保存一次。"
    />
  );
}
