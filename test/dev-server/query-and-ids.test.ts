import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hash128Hex } from "../../packages/dev-server/src/domain/fast-hash";
import { spanEventId } from "../../packages/dev-server/src/domain/ids";
import { compileFilters, matchesFilter, parseFilter } from "../../packages/dev-server/src/query/filters";
import { openSqliteStore, type EventRecord, type Store } from "../../packages/dev-server/src/index";
import { mergeEvents } from "../../packages/dev-server/src/model/event-model";

describe("span event ids", () => {
  it("hash128Hex is MurmurHash3 x86_128", () => {
    expect(hash128Hex("")).toBe("00000000000000000000000000000000");
    expect(hash128Hex("The quick brown fox jumps over the lazy dog")).toBe("2f1583c3ecee2c675d7bf66ce5e91d2c");
  });

  it("derives stable, distinct version-8 UUIDs from trace and span ids", () => {
    const a = spanEventId("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331");
    // Pinned: stored events keep these ids across versions (a re-sent span must update, never duplicate).
    expect(a).toBe("1d0b6e64-4e7b-860c-a120-913792673499");
    expect(spanEventId("ffffffffffffffffffffffffffffffff", "0000000000000001")).toBe("757bca88-04b9-8b93-8466-68b52ba85ec9");
    expect(a).toBe(spanEventId("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331"));
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ids = new Set<string>();
    for (let t = 0; t < 50; t++) for (let s = 0; s < 200; s++) ids.add(spanEventId(t.toString(16).padStart(32, "0"), s.toString(16).padStart(16, "0")));
    expect(ids.size).toBe(10_000);
  });
});

describe("filter pushdown", () => {
  let store: Store;
  let projectId: string;
  const events: EventRecord[] = [];
  const types = ["model", "tool", "chain", "session"];
  const names = ["a", "b", "c"];
  beforeAll(async () => {
    store = await openSqliteStore({ inMemory: true });
    projectId = (await store.projectForKey("hash", "pushdown")).id;
    for (let i = 0; i < 60; i++) {
      const id = `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;
      events.push({
        event_id: id, session_id: `s${i % 4}`, parent_id: i % 5 === 0 ? null : `p${i % 3}`, children_ids: [],
        event_type: types[i % 4]!, event_name: names[i % 3]!, source: i % 2 ? "x" : "y", inputs: {}, outputs: {}, config: {},
        metadata: i % 7 === 0 ? {} : { run_id: `r${i % 2}`, datapoint_id: i % 11 === 0 ? 3 : `d${i % 5}`, n: i }, metrics: {}, feedback: {},
        user_properties: {}, error: null, start_time: i, end_time: i + 1, duration: 1,
      });
    }
    await store.writeEvents(projectId, { sessions: [], events: events.map((event) => ({ event: { ...event } })), merge: mergeEvents });
  });
  afterAll(() => store.close());

  const fields = ["event_type", "event_name", "source", "session_id", "parent_id", "metadata.run_id", "metadata.datapoint_id", "metadata.n"];
  const filter = fc.record({
    field: fc.constantFrom(...fields),
    operator: fc.constantFrom("is", "is not", "contains", "not contains", "exists", "not exists", "greater than", "less than"),
    value: fc.constantFrom("model", "tool", "a", "b", "x", "s1", "p2", "r0", "r1", "d3", "3", "10", "30"),
    type: fc.constantFrom("string", "number"),
  });

  it("the store (indexed conditions + predicate) agrees with evaluating every filter in memory", async () => {
    await fc.assert(fc.asyncProperty(fc.array(filter, { maxLength: 3 }), async (raw) => {
      let parsed;
      try {
        parsed = raw.map((f, i) => parseFilter(f, i));
      } catch {
        return;
      }
      const { where, predicate } = compileFilters(parsed);
      const page = await store.queryEvents(projectId, { where, ...(predicate ? { predicate } : {}) });
      const expected = events.filter((e) => parsed.every((f) => matchesFilter(e, f))).map((e) => e.event_id);
      expect(page.events.map((e) => e.event_id)).toEqual(expected);
      expect(page.total).toBe(expected.length);
    }), { numRuns: 300 });
  });
  it("a predicate's raw-row scan gives the same pages whether it names its fields or not, records and texts alike", async () => {
    await fc.assert(fc.asyncProperty(fc.array(filter, { minLength: 1, maxLength: 2 }), fc.nat(4), fc.integer({ min: 1, max: 9 }), async (raw, offset, limit) => {
      let parsed;
      try {
        parsed = raw.map((f, i) => parseFilter(f, i));
      } catch {
        return;
      }
      const { where, predicate, predicateFields } = compileFilters(parsed);
      if (!predicate) return;
      const named = { where, predicate, ...(predicateFields ? { predicateFields } : {}), offset, limit };
      const whole = { where, predicate, offset, limit };
      const pages = [
        await store.queryEvents(projectId, named), await store.queryEvents(projectId, whole),
        await store.queryEventTexts(projectId, named), await store.queryEventTexts(projectId, whole),
      ];
      const [first] = pages;
      for (const page of pages) {
        expect(page.events.map((e) => e.event_id)).toEqual(first?.events.map((e) => e.event_id));
        expect({ total: page.total, next: page.next }).toEqual({ total: first?.total, next: first?.next });
      }
      expect(pages[1]?.events).toEqual(pages[0]?.events);
      expect(pages[3]?.events).toEqual(pages[2]?.events);
    }), { numRuns: 150 });
  });
});
