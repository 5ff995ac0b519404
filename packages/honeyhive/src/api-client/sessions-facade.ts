/**
 * The `HoneyHive` class's `session` group with the 1.x client's names: `startSession({ session })` with 1.x's
 * camelCase session (`sessionName`, `userProperties`, …) or the wire's, and `getSession(sessionId)`. The `project` the
 * 1.x body names is not sent: the API key decides the project.
 */
import { wireKeys } from "./case-keys";
import type { ApiClient } from "./create-api-client";
import { unwrap } from "./facade-helpers";
import type { JsonObject, SessionStartRequest, SessionStartResponse } from "./types";

/** The `session` group of {@link HoneyHive}. Every method throws `HoneyHiveApiError` when the request fails. */
export interface SessionGroup {
  /**
   * Starts a session: `{ session: { sessionName, source, sessionId?, inputs?, metadata?, userProperties?, … } }` (1.x)
   * or the wire's snake_case names. → the session, its id as `session_id` and as 1.x's `sessionId`.
   */
  startSession(body: SessionStartRequest | { session: JsonObject }): Promise<SessionStartResponse & { sessionId: string }>;
  /** The session event (read through the event search; no child tree), with 1.x's camelCase names beside the wire's. */
  getSession(sessionId: string): Promise<JsonObject>;
}

/** Builds the `session` group on a client. */
export function sessionGroup(api: ApiClient): SessionGroup {
  return {
    startSession: async (body) => {
      const { session } = wireKeys(body as unknown as JsonObject, ["session"]);
      return unwrap(await api.sessions.start({ session: (session ?? {}) as JsonObject })) as SessionStartResponse & { sessionId: string };
    },
    getSession: async (sessionId) => unwrap(await api.sessions.get(sessionId)),
  };
}
