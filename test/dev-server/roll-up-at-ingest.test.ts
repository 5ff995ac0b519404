// A model span's objects are read for usage once at ingest (decision record 0090, "usage read once"): the pricing's
// reading, brought up to date with the cost it writes (afterMetadataWrite), makes the roll-up record. Held here to
// reading the event again: per write of any metadata key (property test), per span through the ingest's mapping, and
// per stored row of a real ingest (priced, reported, unpriced, evaluator, evaluation-result and repeated spans).
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_FILE, loadSqliteDriver, type DevServer } from "../../packages/dev-server/src/index";
import { afterMetadataWrite, callOfReading, readUsage, usageOfReading, USAGE_KEYS } from "../../packages/dev-server/src/domain/call-usage";
import { rollUpText } from "../../packages/dev-server/src/domain/roll-up-input";
import { eventFromRow, type EventRow } from "../../packages/dev-server/src/store/sqlite-event-rows";
import { decodeTraceRequest } from "../../packages/dev-server/src/otlp/decode-trace-request";
import { spansToBatch } from "../../packages/dev-server/src/ingest/span-batch";
import { createPriceTable } from "@honeyhive/core/pricing/call-cost";
import { client, startServer, tempDir } from "./helpers";
import { protobufBody, recordSpans } from "./spans";

const segments = [...new Set(USAGE_KEYS.flatMap((key) => key.split(".")))];
const keyArb = fc.oneof(
  fc.constantFrom(...USAGE_KEYS, "cost_price_key", "evaluator"),
  fc.array(fc.constantFrom(...segments), { minLength: 1, maxLength: 3 }).map((parts) => parts.join(".")),
);
const leafArb = fc.oneof(fc.integer({ min: -5, max: 5000 }), fc.double({ noNaN: true }), fc.constantFrom("12", "x", "priced", "reported", true, null), fc.constant({}));
const { tree } = fc.letrec((tie) => ({
  tree: fc.dictionary(keyArb, fc.oneof({ depthSize: "small" }, leafArb, tie("tree"), fc.array(tie("tree"), { maxLength: 2 })), { maxKeys: 6 }),
}));
const objectsArb = fc.record({ metadata: tree, metrics: tree, config: tree, outputs: tree });

/** What pricing and the roll-ups read of `reading`, for `event`. */
const readBoth = (reading: ReturnType<typeof readUsage>, event: object) => ({ call: callOfReading(reading), usage: usageOfReading(reading, event) });

describe("afterMetadataWrite", () => {
  it("reads as the event read again, after any write of a top-level metadata key", () => {
    fc.assert(fc.property(objectsArb, fc.array(fc.tuple(keyArb, fc.oneof(leafArb, tree)), { minLength: 1, maxLength: 3 }), (objects, writes) => {
      const event = { event_type: "model", ...objects };
      const reading = readUsage(event);
      for (const [key, value] of writes) {
        Object.defineProperty(event.metadata, key, { value, enumerable: true, writable: true, configurable: true });
        afterMetadataWrite(reading, event.metadata, key);
      }
      expect(readBoth(reading, event)).toEqual(readBoth(readUsage(event), event));
    }), { numRuns: 1000 });
  });

  it("reads a metadata object at the leaf bound again whole", () => {
    const metadata: Record<string, unknown> = { usage: Object.fromEntries(Array.from({ length: 2100 }, (_, i) => [`n${i}`, i])) };
    const event = { event_type: "model", metadata, metrics: { prompt_tokens: 3 } };
    const reading = readUsage(event);
    metadata.cost = 0.25;
    afterMetadataWrite(reading, metadata, "cost");
    expect(readBoth(reading, event)).toEqual(readBoth(readUsage(event), event));
    expect(usageOfReading(reading, event)?.cost).toBe(0.25);
  });
});

const SESSION = "aaaaaaaa-0000-4000-8000-00000000f00d";
/** Spans of every kind of roll-up record: priced, reported, preset basis, unpriced, evaluation work, evaluation results. */
const spans = recordSpans((tracer) => {
  const model = (name: string, attributes: Record<string, string | number>, result?: number) => {
    const span = tracer.startSpan(name, {
      attributes: { "honeyhive.session_id": SESSION, honeyhive_event_type: "model", "gen_ai.system": "openai", ...attributes },
    });
    if (result !== undefined) span.addEvent("gen_ai.evaluation.result", { "gen_ai.evaluation.name": "cost", "gen_ai.evaluation.score.value": result });
    span.end();
  };
  model("priced", { "gen_ai.request.model": "gpt-4o-mini", "gen_ai.usage.input_tokens": 120, "gen_ai.usage.output_tokens": 40 });
  model("reported", { "gen_ai.request.model": "gpt-4o-mini", "gen_ai.usage.input_tokens": 5, "honeyhive_metrics.cost": 0.5 });
  model("object cost", { "gen_ai.request.model": "gpt-4o", "gen_ai.usage.input_tokens": 7, "honeyhive_metadata.cost.total": 9 });
  model("preset basis", { "gen_ai.request.model": "gpt-4o", "gen_ai.usage.output_tokens": 7, "honeyhive_metadata.cost_basis": "estimated" });
  model("unpriced", { "gen_ai.request.model": "no-such-model-x", "gen_ai.usage.input_tokens": 3 });
  model("judge", { "gen_ai.request.model": "gpt-4o-mini", "gen_ai.usage.input_tokens": 11, "honeyhive_metadata.evaluator": "judge" });
  // No price: the evaluation result named `cost` (added to metrics after pricing) is the cost the roll-ups read.
  model("evaluated", { "gen_ai.request.model": "no-such-model-y", "gen_ai.usage.input_tokens": 13 }, 0.75);
  const chain = tracer.startSpan("chain", { attributes: { "honeyhive.session_id": SESSION, honeyhive_event_type: "chain", "honeyhive_metadata.prompt_tokens": 4 } });
  chain.end();
});
const body = Buffer.from(protobufBody(spans));

describe("the roll-up record made from the pricing's reading", () => {
  it("is the record of the mapped event, for each model span whose objects did not change after pricing", () => {
    const batch = spansToBatch(decodeTraceRequest(body, "application/x-protobuf"), undefined, createPriceTable());
    const made = batch.events.filter((w) => w.rollUp !== undefined);
    expect(made.map((w) => w.event.event_name).sort()).toEqual(["judge", "object cost", "preset basis", "priced", "reported", "unpriced"].sort());
    for (const write of batch.events) if (write.rollUp !== undefined) expect(write.rollUp).toBe(rollUpText(write.event));
  });

  let server: DevServer;
  let dir: string;
  let cleanup: () => void;
  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    server = await startServer({ dataDir: dir });
  });
  afterAll(async () => {
    await server?.close();
    cleanup?.();
  });

  /** Every stored row's `roll_up` beside what the store makes of the stored event (read while the server runs: WAL). */
  async function recordedAndMade(): Promise<{ name: unknown; recorded: unknown; made: string }[]> {
    const db = (await loadSqliteDriver()).open(join(dir, DATABASE_FILE), { timeout: 5000 });
    try {
      const rows = db.prepare("SELECT * FROM events").all() as EventRow[];
      return rows.map((row) => ({ name: row.event_name, recorded: row.roll_up, made: rollUpText(eventFromRow(row)) }));
    } finally {
      db.close();
    }
  }

  it("is stored for every event as the store would make it of the stored event, and again after a repeat's merge", async () => {
    const api = client(server);
    for (let i = 0; i < 2; i++) {
      expect((await api.raw("POST", "/opentelemetry/v1/traces", body, { "content-type": "application/x-protobuf" })).status).toBe(200);
      const rows = await recordedAndMade();
      expect(rows.length).toBe(spans.length + 1); // and the session
      for (const row of rows) expect({ name: row.name, recorded: row.recorded }).toEqual({ name: row.name, recorded: row.made });
      const priced = rows.find((r) => r.name === "priced")!;
      expect(JSON.parse(String(priced.recorded)).usage).toMatchObject({ input_tokens: 120, output_tokens: 40, cost_basis: "priced" });
    }
  });
});
