// Store.sessionEventTexts (decision record 0097): a row whose objects the server wrote comes with them as their block
// of the API text, joined by SQLite, byte for byte what apiEventObjects writes of the same row read as text (non-ASCII
// text, a lone surrogate, null inputs and outputs included); a row another tool changed is read as queryEventTexts
// reads it, in its place in the event order.
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_FILE, loadSqliteDriver, openSqliteStore, type EventRecord, type Store } from "../../packages/dev-server/src/index";
import type { EventTextRecord, SessionEventText } from "../../packages/dev-server/src/domain/records";
import { apiEventObjects } from "../../packages/dev-server/src/model/event-json";
import { mergeEvents } from "../../packages/dev-server/src/model/event-model";
import { tempDir } from "./helpers";

const SESSION = "00000000-0000-4000-8000-0000000000aa";
const MIXED = "00000000-0000-4000-8000-0000000000bb"; // a session whose start times another tool wrote as any type
const idOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
const event = (i: number, fields: Partial<EventRecord>): EventRecord => ({
  event_id: idOf(i), session_id: SESSION, parent_id: SESSION, children_ids: [], event_type: "tool", event_name: `e${i}`, source: "t",
  inputs: {}, outputs: {}, config: {}, metadata: {}, metrics: {}, feedback: {}, user_properties: {}, error: null,
  start_time: 100 - i, end_time: 200, duration: 100 + i, ...fields,
});

let dir: string;
let cleanup: () => void;
let store: Store;
let projectId: string;

beforeAll(async () => {
  ({ dir, cleanup } = tempDir());
  store = await openSqliteStore({ dataDir: dir });
  projectId = (await store.projectForKey("hash", "session-texts")).id;
  const events = [
    event(0, { event_id: SESSION, parent_id: null, event_type: "session", event_name: "s", start_time: 0 }),
    event(1, { inputs: { text: "é ☃ 😀 \u2028 \"q\" \\ \ud800 \u0007" }, outputs: null }),
    event(2, { inputs: null, outputs: { a: [1, { b: null }] }, metadata: { prompt_tokens: 3 }, event_type: "model" }),
    event(3, { metadata: { prompt_tokens: 4 } }),
    event(4, { metrics: { total_tokens: 5 }, event_type: "model", error: "bad \"thing\"" }),
    event(5, { config: { model: "m" } }),
  ];
  const mixed = [10, 11, 12, 13, 14, 15, 16, 17].map((i) => event(i, { session_id: MIXED, parent_id: MIXED, start_time: 5 }));
  await store.writeEvents(projectId, { sessions: [], events: [...events, ...mixed].map((e) => ({ event: e })), merge: mergeEvents });
  await store.close();
  const db = (await loadSqliteDriver()).open(join(dir, DATABASE_FILE), { timeout: 5000 });
  try {
    db.prepare("UPDATE events SET metadata = '{\"cut\":' WHERE event_id = ?").run(idOf(3)); // damaged: opens an object, is not JSON
    db.prepare("UPDATE events SET config = '[1]' WHERE event_id = ?").run(idOf(5)); // not an object
    // A record the server did not write beside objects it did (the count moved with it, so it stands).
    db.prepare("UPDATE events SET roll_up = 'garbage', own_writes = own_writes + 1 WHERE event_id = ?").run(idOf(4));
    // Start times of every SQLite type, out of insertion order (ORDER BY: NULL, numbers, text by bytes, blobs).
    const starts: [number, string][] = [[10, "'zz'"], [11, "x'01'"], [12, "NULL"], [13, "'é'"], [14, "-3.5"], [15, "'a'"], [16, "NULL"], [17, "x'00ff'"]];
    for (const [i, value] of starts) db.prepare(`UPDATE events SET start_time = ${value} WHERE event_id = ?`).run(idOf(i));
  } finally {
    db.close();
  }
  store = await openSqliteStore({ dataDir: dir });
});
afterAll(async () => {
  await store?.close();
  cleanup?.();
});

describe("Store.sessionEventTexts", () => {
  it("gives the server's objects as their API block and reads any other row as text, in the event order", async () => {
    const got: SessionEventText[] = await store.sessionEventTexts(projectId, SESSION, (e) => e);
    const texts: EventTextRecord[] = (await store.queryEventTexts(projectId, { where: { session_id: SESSION } })).events;
    expect(got.map((e) => e.event_id)).toEqual(texts.map((e) => e.event_id));
    expect(got.map((e) => e.objects === undefined)).toEqual(texts.map((e) => e.event_id === idOf(3) || e.event_id === idOf(5)));
    got.forEach((row, i) => {
      const text = texts[i]!;
      const scalars = (e: object) => Object.fromEntries(["event_id", "session_id", "parent_id", "event_type", "event_name", "source", "error", "start_time", "end_time", "duration"].map((k) => [k, (e as Record<string, unknown>)[k]]));
      expect(scalars(row)).toEqual(scalars(text));
      if (row.objects !== undefined) expect(row.objects).toBe(apiEventObjects(text));
      else expect(row).toEqual({ ...text, children_ids: [] }); // its stored list: the route adds the children itself
    });
    expect(got.find((e) => e.event_id === idOf(4))?.roll_up).toBe("garbage");
  });

  it("gives rows in SQLite's event order whatever type another tool stored as their start time", async () => {
    const got = (await store.sessionEventTexts(projectId, MIXED, (e) => e.event_id));
    const texts = (await store.queryEventTexts(projectId, { where: { session_id: MIXED } })).events;
    expect(got).toEqual(texts.map((e) => e.event_id));
    expect(got).toEqual([12, 16, 14, 15, 10, 13, 17, 11].map(idOf));
  });
});
