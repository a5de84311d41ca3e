// Mock handlers for a part of the commands (see mockBackend.ts); NOT_MINE passes the
// command on.
import type { Db } from "./mockBackend";

import { NOT_MINE } from "./mockSchedule";

export { NOT_MINE };

export function handle(_db: Db, _cmd: string, _args: Record<string, unknown>): unknown {
  return NOT_MINE;
}
