// GET /v1/sessions/{id} of a 10,000-event session answers exactly the oracle's bytes (session-oracle.ts: the tree of
// API events and the roll-ups summed from the parsed events), for a plain and a gzip client, while its roll-ups are
// summed from what the store recorded of each event at write (the `roll_up` column) and its text unchecked where only
// the server wrote it (`own_writes`): model calls with usage in each place it can be stored, calls nested in calls,
// evaluation work, and rows whose objects or record were damaged in the file (the text checked again), or that an
// earlier schema wrote without either (upgraded in place).
import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_FILE, loadSqliteDriver, type DevServer } from "../../packages/dev-server/src/index";
import { client, startServer, tempDir, type Client } from "./helpers";
import { oracleBody, type Node } from "./session-oracle";

const KEY = "session-route-10k-key";
const SESSION = randomUUID();
const CHAINS = 1250; // 8 events each: 10,000 events under the session

let dir: string;
let cleanup: () => void;
let server: DevServer;
let api: Client;

const event = (fields: Record<string, unknown>) => ({ event_type: "tool", event_name: "step", session_id: SESSION, inputs: {}, ...fields });

/** A chain and its seven events: usage in metadata, metrics, outputs and a dialect's keys, a call nested in a call, a judge. */
function chainEvents(c: number): Record<string, unknown>[] {
  const [chain, outer, judge] = [randomUUID(), randomUUID(), randomUUID()];
  const at = 1_700_000_000_000 + c * 10;
  return [
    event({ event_id: chain, parent_id: SESSION, event_type: "chain", event_name: `chain ${c}`, start_time: at, metadata: { prompt_tokens: 999 } }),
    event({ event_id: randomUUID(), parent_id: chain, event_type: "model", start_time: at + 1, metadata: { prompt_tokens: 10 + c, completion_tokens: 5, cost: 0.001 * c, cost_basis: "priced" } }),
    event({ event_id: outer, parent_id: chain, event_type: "model", start_time: at + 2, config: { model: "outer" } }),
    event({ event_id: randomUUID(), parent_id: outer, event_type: "model", start_time: at + 3, metrics: { cost: 0.25 }, outputs: { usage: { prompt_tokens: 3, completion_tokens: 4 } } }),
    event({ event_id: judge, parent_id: chain, start_time: at + 4, metadata: { evaluator: "judge" } }),
    event({ event_id: randomUUID(), parent_id: judge, event_type: "model", start_time: at + 5, config: { model: "unpriced-model" }, metadata: { "gen_ai.usage.input_tokens": 7 } }),
    event({ event_id: randomUUID(), parent_id: chain, event_type: "model", start_time: at + 6, metrics: { total_tokens: 12 } }),
    event({ event_id: randomUUID(), parent_id: chain, start_time: at + 7, outputs: { text: `done "${c}" \u2028 é` } }),
  ];
}

/** Every event of the session as the export gives them (API events, in the queries' order), following the cursor. */
async function exported(): Promise<Node[]> {
  const events: Node[] = [];
  let cursor: string | undefined;
  do {
    const filters = [{ field: "session_id", operator: "is", value: SESSION, type: "string" }];
    const res = await api.call("POST", "/v1/events/export", { filters, limit: 7500, ...(cursor ? { cursor } : {}) });
    expect(res.status).toBe(200);
    events.push(...(res.body.events as Node[]));
    cursor = res.body.next_cursor ?? undefined;
  } while (cursor);
  return events;
}

/** The session's body as a client that accepts no encoding reads it (node:http sends no Accept-Encoding). */
function plainBody(): Promise<string> {
  return new Promise((resolve, reject) => {
    request(`${server.url}/v1/sessions/${SESSION}`, { headers: { authorization: `Bearer ${KEY}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("end", () => (res.headers["content-encoding"] === undefined ? resolve(Buffer.concat(chunks).toString("utf8")) : reject(new Error("encoded"))));
    }).on("error", reject).end();
  });
}

/** The session's body as fetch reads it (gzipped on the wire, decoded by fetch), after checking both forms agree. */
async function sessionBody(): Promise<string> {
  const res = await fetch(`${server.url}/v1/sessions/${SESSION}`, { headers: { authorization: `Bearer ${KEY}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get("content-encoding")).toBe("gzip");
  const text = await res.text();
  expect(await plainBody()).toBe(text);
  return text;
}

/** The oracle's body of the session as its events read back now. */
async function expectedBody(text: string): Promise<string> {
  const events = await exported();
  expect(events).toHaveLength(CHAINS * 8 + 1);
  const callers = new Map<string, unknown>(); // none: every parent is in the session
  expect(text).not.toContain('"called_from"');
  return oracleBody(events.find((e) => e.event_id === SESSION)!, events, callers);
}

/** Runs `sql` statements on the server's database file through a second connection. */
async function onFile(...statements: [sql: string, ...params: unknown[]][]): Promise<void> {
  const db = (await loadSqliteDriver()).open(join(dir, DATABASE_FILE), { timeout: 5000 });
  try {
    for (const [sql, ...params] of statements) db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  server = await startServer({ dataDir: dir });
  api = client(server, KEY);
  expect((await api.call("POST", "/session/start", { session: { session_id: SESSION, session_name: "ten thousand" } })).status).toBe(200);
  const events = Array.from({ length: CHAINS }, (_, c) => chainEvents(c)).flat();
  for (let i = 0; i < events.length; i += 2500) {
    expect((await api.call("POST", `/v1/sessions/${SESSION}/events/batch`, { events: events.slice(i, i + 2500) })).status).toBe(200);
  }
}, 120_000);
afterAll(async () => {
  await server?.close();
  cleanup?.();
});

describe("GET /v1/sessions/{id} of a 10,000-event session", () => {
  it("answers the oracle's bytes, its roll-ups summed from the recorded inputs", async () => {
    const text = await sessionBody();
    expect(text).toBe(await expectedBody(text));
    const body = JSON.parse(text) as Record<string, Record<string, unknown>> & { num_events: number };
    expect(body.num_events).toBe(CHAINS * 8);
    expect(body.app_usage!.prompt_tokens).toBeGreaterThan(0);
    expect(body.evaluation_usage!.prompt_tokens).toBe(7 * CHAINS);
  }, 120_000);

  it("reads a damaged or foreign row from its objects, and sums the record of an intact one", async () => {
    const model = (c: number, k: number) => `(SELECT event_id FROM events WHERE event_name = 'step' AND start_time = ${1_700_000_000_000 + c * 10 + k})`;
    await onFile(
      [`UPDATE events SET metadata = '{"cut":' WHERE event_id = ${model(1, 1)}`], // not JSON: no usage
      [`UPDATE events SET metadata = ' {"prompt_tokens": 5000}' WHERE event_id = ${model(2, 1)}`], // JSON another tool wrote
      [`UPDATE events SET metrics = '[1, 2]' WHERE event_id = ${model(3, 3)}`], // not an object
      [`UPDATE events SET metadata = '{not json}' WHERE event_id = ${model(4, 4)}`], // the judge's mark lost
      [`UPDATE events SET roll_up = 'garbage' WHERE event_id = ${model(5, 1)}`],
      [`UPDATE events SET roll_up = '{"usage":{"input_tokens":"many"}}' WHERE event_id = ${model(6, 1)}`],
      [`UPDATE events SET roll_up = NULL WHERE event_id = ${model(7, 6)}`], // as an earlier schema wrote it
      // A record the server did not write beside objects it did (the count moved with it): the usage read from them.
      [`UPDATE events SET roll_up = 'garbage', own_writes = own_writes + 1 WHERE event_id = ${model(9, 1)}`],
    );
    const text = await sessionBody();
    expect(text).toBe(await expectedBody(text));
    // An intact row's record is what is summed (its objects are not read again).
    const before = (JSON.parse(text) as { prompt_tokens: number }).prompt_tokens;
    await onFile([`UPDATE events SET roll_up = ? WHERE event_id = ${model(8, 1)}`,
      JSON.stringify({ usage: { input_tokens: 1_000_018, output_tokens: 5, total_tokens: 1_000_023, cost: 0.008 } })]);
    expect((JSON.parse(await sessionBody()) as { prompt_tokens: number }).prompt_tokens).toBe(before + 1_000_000);
  }, 120_000);

  it("reads the rows of a schema 4 file (no record) from their objects after the upgrade, and records new rows", async () => {
    await server.close();
    await onFile(["DROP TRIGGER events_foreign_text"], ["ALTER TABLE events DROP COLUMN roll_up"], ["ALTER TABLE events DROP COLUMN own_writes"],
      ["PRAGMA user_version = 4"]);
    server = await startServer({ dataDir: dir });
    api = client(server, KEY);
    const text = await sessionBody();
    expect(text).toBe(await expectedBody(text));
    const added = await api.call("POST", `/v1/sessions/${SESSION}/events/batch`, { events: [event({ event_type: "model", parent_id: SESSION, metadata: { prompt_tokens: 1 } })] });
    expect(added.status).toBe(200);
    const db = (await loadSqliteDriver()).open(join(dir, DATABASE_FILE), { timeout: 5000 });
    try {
      expect(db.pragma("user_version", { simple: true })).toBe(5);
      const recorded = db.prepare("SELECT COUNT(*) FROM events WHERE roll_up IS NOT NULL AND own_writes IS NOT NULL").pluck(true).get();
      expect(Number(recorded)).toBe(1);
    } finally {
      db.close();
    }
  }, 120_000);
});
