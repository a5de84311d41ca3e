// The one QueryClient of the window. Every read is a local IPC call to the core, so there is
// nothing to retry over a network and no other tab to catch up with on focus; a read is
// stale at once, so a page shown again (its queries re-enabled) reads afresh.
import { QueryClient } from "@tanstack/react-query";

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        retry: false,
        refetchOnWindowFocus: false,
        refetchOnReconnect: false,
        staleTime: 0,
      },
      mutations: { retry: false },
    },
  });
}
