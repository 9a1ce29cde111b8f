import type { SessionState } from "../../server/session/engine.ts";

/** A session's state as plain data (Maps as entry lists), to compare a live state with its replayed log. */
export function plain(state: SessionState): unknown {
  return JSON.parse(JSON.stringify(state, (_k, v: unknown) => (v instanceof Map ? [...v.entries()] : v)));
}
