// The one QueryClient of the window. Every read is a local IPC call to the core, so there is
// nothing to retry over a network and no other tab to catch up with on focus; a read is
// stale at once, so a page shown again (its queries re-enabled) reads afresh. Nor does the
// computer's own network decide whether a call can run (networkMode "always"): by default
// TanStack Query holds every read and save back after the browser's "offline" event, so
// a pulled cable froze a station working on its own file, and a district server's outage
// is the core's to tell (the banner), not the browser's.
import { QueryClient } from "@tanstack/react-query";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        staleTime: 0,
        networkMode: "always",
      },
      mutations: { retry: false, networkMode: "always" },
    },
  });
}
