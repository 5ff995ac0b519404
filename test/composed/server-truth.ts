/**
 * What the dev server holds, read straight from its REST API with the source client on the server's own URL (no proxy,
 * no fault, no SDK sync function in between): the composed test compares every count the built SDK and CLI reported
 * with these reads. Also the loopback "model" the composed test's app and evaluations call, and the retry loop of a
 * step that reported its failure.
 */
import { createApiClient, type ApiClient } from "../../packages/honeyhive/src/index";
import type { HoneyHiveEvent } from "../../packages/honeyhive/src/api-client/types";

/** The reads the composed test makes of the server. */
export interface ServerTruth {
  api: ApiClient;
  /** Session events named `name` (a session's name is its event name). */
  sessionsNamed(name: string): Promise<HoneyHiveEvent[]>;
  /** The events of `sessionId` other than the session event itself. */
  eventsOf(sessionId: string): Promise<HoneyHiveEvent[]>;
  /** The session event of `sessionId`, undefined when the server has none. */
  session(sessionId: string): Promise<HoneyHiveEvent | undefined>;
  /** The configurations (prompts) named `name`. */
  configurationsNamed(name: string): Promise<{ id: string; name: string; parameters?: unknown }[]>;
  /** A run as stored: its session ids, status and metadata. */
  run(runId: string): Promise<{ event_ids: string[]; status?: string; metadata: Record<string, unknown> }>;
}

function ok<T>(result: { ok: true; data: T } | { ok: false; error: string }): T {
  if (!result.ok) throw new Error(`reading the server: ${result.error}`);
  return result.data;
}

/** The reads of the server at `serverUrl` for `apiKey`'s project. */
export function serverTruth(serverUrl: string, apiKey: string): ServerTruth {
  const api = createApiClient({ apiKey, serverUrl, maxRetries: 0 });
  const exported = async (filters: { field: string; value: string }[]) =>
    ok(await api.events.export({ filters: filters.map((f) => ({ ...f, operator: "is" as const, type: "string" as const })), limit: 5000 })).events;
  return {
    api,
    sessionsNamed: async (name) => exported([{ field: "event_type", value: "session" }, { field: "event_name", value: name }]),
    eventsOf: async (sessionId) => (await exported([{ field: "session_id", value: sessionId }])).filter((e) => e.event_type !== "session"),
    session: async (sessionId) => (await exported([{ field: "event_type", value: "session" }, { field: "session_id", value: sessionId }]))[0],
    configurationsNamed: async (name) => ok(await api.configurations.list({ name })).configurations.filter((c) => c.name === name) as { id: string; name: string }[],
    run: async (runId) => (ok(await api.runs.get(runId)) as unknown as { evaluation: { event_ids: string[]; status?: string; metadata: Record<string, unknown> } }).evaluation,
  };
}

/** The sum a question "what is A+B?" asks for, as text ("?" when it asks none). */
export function sumAsked(question: string): string {
  const found = /what is (\d+)\+(\d+)\?/.exec(question);
  return found ? String(Number(found[1]) + Number(found[2])) : "?";
}

/** The loopback model's answer to a chat request: the sum its last user message asks for. */
export function modelAnswer(body: { messages?: { role: string; content: unknown }[] }): string {
  const last = [...(body.messages ?? [])].reverse().find((m) => m.role === "user");
  return sumAsked(typeof last?.content === "string" ? last.content : JSON.stringify(last?.content ?? ""));
}

/**
 * Runs `step` until it succeeds (`attempts` times at most), as a user re-runs a call that reported its failure; the
 * failures seen are handed to `failed` (the test checks what each one said was written). Resolves the success.
 */
export async function untilConverged<T>(what: string, step: (attempt: number) => Promise<T>, failed: (error: unknown) => Promise<void> | void = () => undefined, attempts = 8): Promise<T> {
  const errors: unknown[] = [];
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await step(attempt);
    } catch (error) {
      errors.push(error);
      await failed(error);
    }
  }
  throw new Error(`${what}: still failing after ${attempts} attempts: ${errors.map(String).join(" | ")}`);
}
