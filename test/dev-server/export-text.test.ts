// Event queries answer without projections from the events' stored JSON text, unparsed (decision record 0038); with
// projections they build objects and JSON.stringify them. Asking for every field as projections (in the API form's
// order) therefore gives the object path's bytes: both must be the same text, for any stored values, damaged ones
// included.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, DATABASE_FILE, loadSqliteDriver, type DevServer } from "../../packages/dev-server/src/index";
import { client, quietLogger, tempDir, type Client } from "./helpers";

const SESSION = "cdcdcdcd-0000-4000-8000-00000000c0de";
/** Every field of an event's API form, in its order. */
const ALL_FIELDS = [
  "event_id", "session_id", "parent_id", "children_ids", "event_type", "event_name", "source", "inputs", "outputs",
  "config", "metadata", "metrics", "feedback", "user_properties", "error", "start_time", "end_time", "duration",
  "project_id", "org_id", "workspace_id",
];
const TRICKY = {
  text: "quote \" backslash \\ slash / tab \t newline \n nul \u0000 bell \u0007 del \u007f line sep \u2028 é 🙂 \ud800",
  "10": "integer-like keys", "2": "come first", ["__proto__"]: { polluted: false }, "": "empty key",
  numbers: [0, -0, 1.5, 1e21, 1e-7, 123456789012345680000, -3.25e-10, Number.MAX_SAFE_INTEGER],
  nested: { a: [{ b: null, c: true, d: [] }, {}], deep: { deeper: { deepest: "x" } } },
};

let server: DevServer;
let api: Client;
let cleanup: () => void;
let dir: string;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  server = await createDevServer({ dataDir: dir, logger: quietLogger() });
  api = client(server);
  const root = "cdcdcdcd-0000-4000-8000-000000000001";
  const events = [
    { event_id: root, event_type: "chain", event_name: "root", session_id: SESSION, start_time: 1_700_000_000_000, inputs: TRICKY },
    ...Array.from({ length: 40 }, (_, i) => ({
      event_type: i % 3 === 0 ? "model" : "tool", event_name: `step ${i}`, session_id: SESSION, parent_id: root,
      start_time: 1_700_000_000_000 + Math.floor(i / 4) + 0.125, duration: i * 1.1, error: i === 5 ? "boom \"quoted\"" : undefined,
      inputs: { i, text: TRICKY.text }, outputs: i % 2 ? { out: TRICKY.nested } : {}, config: { model: "m", temperature: 0.7 },
      metadata: { n: i, flag: i % 2 === 0, tags: ["a", "b"] }, metrics: { score: i / 7 }, feedback: i === 3 ? { rating: 5 } : {},
      user_properties: i === 4 ? { user: "ü" } : {},
    })),
  ];
  expect((await api.call("POST", "/events/batch", { events })).status).toBe(200);
});
afterAll(async () => {
  await server.close();
  cleanup();
});

/** The raw texts of a query's pages (following next_cursor), without and with every field as projections. */
async function bothForms(path: string, body: Record<string, unknown>): Promise<[string, string]> {
  const pages = async (extra: Record<string, unknown>): Promise<string> => {
    const texts: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await fetch(server.url + path, {
        method: "POST", body: JSON.stringify({ ...body, ...extra, ...(cursor ? { cursor } : {}) }),
        headers: { authorization: "Bearer local", "content-type": "application/json" },
      });
      const text = await res.text();
      expect(res.status).toBe(200);
      texts.push(text);
      cursor = (JSON.parse(text) as { next_cursor: string | null }).next_cursor ?? undefined;
    } while (cursor && texts.length < 100);
    return texts.join("\n");
  };
  return [await pages({}), await pages({ projections: ALL_FIELDS })];
}

const bySession = [{ field: "session_id", operator: "is", value: SESSION, type: "string" }];

describe("event queries written from stored JSON text", () => {
  it("answer export, search and a JS-filtered export with the bytes of the object path", async () => {
    for (const [path, body] of [
      ["/v1/events/export", { filters: bySession, limit: 7 }],
      ["/v1/events/search", { filters: bySession, limit: 9 }],
      ["/v1/events/export", { filters: [{ field: "metadata.flag", operator: "is", value: "true", type: "boolean" }], limit: 5 }],
      ["/v1/events/export", { limit: 1000, page: 1 }],
    ] as const) {
      const [text, objects] = await bothForms(path, body);
      expect(text).toBe(objects);
    }
    const [whole] = await bothForms("/v1/events/export", { filters: bySession });
    const root = (JSON.parse(whole) as { events: { event_name: string; children_ids: string[]; inputs: unknown }[] }).events
      .find((e) => e.event_name === "root");
    expect(root?.children_ids).toHaveLength(40);
    expect(root?.inputs).toEqual(JSON.parse(JSON.stringify(TRICKY)));
  });

  it("read damaged or foreign stored objects as the object path does", async () => {
    const db = (await loadSqliteDriver()).open(join(dir, DATABASE_FILE), { timeout: 5000 });
    try {
      const damage = db.prepare(`UPDATE events SET inputs = ?, outputs = ?, config = ?, metadata = ?, metrics = ?,
        feedback = ?, user_properties = ?, children_ids = ? WHERE event_name = ?`);
      damage.run('{"cut":', "[1, 2]", ' {"spaced" : 1}', "null", "42", '"text"', "{not json}", "[oops", "step 1");
      damage.run("", "{}", "{}", '{"a":1}x', "[]", "{}", "{}", '["x", 3]', "step 2");
    } finally {
      db.close();
    }
    const [text, objects] = await bothForms("/v1/events/export", { filters: bySession, limit: 6 });
    expect(text).toBe(objects);
    const events = (JSON.parse(text.split("\n")[0] ?? "") as { events: Record<string, unknown>[] }).events;
    const step1 = events.find((e) => e.event_name === "step 1");
    expect(step1).toMatchObject({ inputs: null, outputs: null, config: { spaced: 1 }, metadata: {}, metrics: {}, feedback: {}, user_properties: {} });
  });
});
