/**
 * Sends a GenAI fixture's OTLP spans to a dev server through its real ingest and compares the model events its
 * export returns with the fixture's reviewed expected events (test/fixtures/genai/expected/).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { client } from "../dev-server/helpers";

/** The corpus root. */
export const GENAI_FIXTURES = join(__dirname, "../fixtures/genai");
const CANONICAL_METADATA = [
  "prompt_tokens", "completion_tokens", "total_tokens", "cache_read_input_tokens", "cache_write_input_tokens", "reasoning_tokens",
  "time_to_first_token", "streamed", "genai_dialects",
];
const MODEL_ONLY = { field: "event_type", operator: "is", value: "model", type: "string" };

/** A reviewed expected file. */
export interface ExpectedEvents {
  stack: string;
  review: string;
  events: { call: string; event_name: string; inputs: unknown; outputs: unknown; config: unknown; metadata: Record<string, unknown> }[];
}

/** The expected events of fixture file `file`. */
export function expectedEvents(file: string): ExpectedEvents {
  return JSON.parse(readFileSync(join(GENAI_FIXTURES, "expected", file), "utf8")) as ExpectedEvents;
}

function canonicalMetadata(metadata: Record<string, unknown>, expected: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of CANONICAL_METADATA) {
    if (!(key in metadata)) continue;
    // A captured time to first token differs on every capture: the expected file says only that it is positive.
    out[key] = expected[key] === "<positive>" && typeof metadata[key] === "number" && (metadata[key] as number) > 0 ? "<positive>" : metadata[key];
  }
  return out;
}

/** Ingests `fixture` into the project of `key` and returns the model events the export gives back. */
export async function ingestAndExport(server: DevServer, fixture: any, key: string): Promise<any[]> {
  const api = client(server, key);
  const posted = await api.call("POST", "/opentelemetry/v1/traces", JSON.stringify(fixture.otlp), { "content-type": "application/json" });
  expect(posted.status).toBe(200);
  const exported = await api.call("POST", "/v1/events/export", { filters: [MODEL_ONLY], limit: 100 });
  expect(exported.status).toBe(200);
  return exported.body.events;
}

/** Asserts that `fixture`, through the ingest, gives exactly the expected model events. */
export async function expectCanonicalEvents(server: DevServer, fixture: any, expected: ExpectedEvents, key: string): Promise<void> {
  const events = await ingestAndExport(server, fixture, key);
  expect(events.map((e) => e.event_name)).toEqual(expected.events.map((e) => e.event_name));
  expect(events).toHaveLength(fixture.calls.length);
  events.forEach((event, i) => {
    const want = expected.events[i]!;
    expect({ call: want.call, inputs: event.inputs, outputs: event.outputs, config: event.config, metadata: canonicalMetadata(event.metadata, want.metadata) })
      .toEqual({ call: fixture.calls[i].call, inputs: want.inputs, outputs: want.outputs, config: want.config, metadata: want.metadata });
  });
}
