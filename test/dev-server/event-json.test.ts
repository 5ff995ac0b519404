// An event's API form written as JSON text from its stored text (model/event-json.ts) is byte for byte
// JSON.stringify of the API event object (apiEvent), for any string in its text fields — quotes, backslashes, control
// characters, lone and paired surrogates, U+2028 — and any number or null in its time fields: plain strings and
// finite numbers are written without the serialiser, everything else through it.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { EventRecord, ProjectRecord } from "../../packages/dev-server/src/domain/records";
import { apiEvent } from "../../packages/dev-server/src/model/event-model";
import { apiEventJson, apiEventTail } from "../../packages/dev-server/src/model/event-json";
import { eventAsText } from "../../packages/dev-server/src/routes/session-tree";

const project: ProjectRecord = { id: "proj-\"1\"", name: "p", created_at: "2026-01-01T00:00:00.000Z" };
const stringArb = fc.oneof(
  fc.string({ unit: "binary" }),
  fc.string({ unit: fc.constantFrom("a", "\"", "\\", "\n", "\u0000", "\u001f", "\u007f", "\u2028", "\ud800", "\udc00", "é", "😀") }),
  fc.uuid(),
);
const numberArb = fc.oneof(fc.constant(null), fc.double(), fc.integer(), fc.constantFrom(-0, 1e21, 5e-7, Number.MAX_VALUE));
const objectArb = fc.dictionary(stringArb, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 });
const eventArb: fc.Arbitrary<EventRecord> = fc.record({
  event_id: stringArb, session_id: stringArb, parent_id: fc.option(stringArb), children_ids: fc.array(stringArb, { maxLength: 3 }),
  event_type: stringArb, event_name: stringArb, source: stringArb,
  inputs: fc.option(objectArb), outputs: fc.option(objectArb), config: objectArb, metadata: objectArb, metrics: objectArb,
  feedback: objectArb, user_properties: objectArb, error: fc.option(stringArb),
  start_time: numberArb, end_time: numberArb, duration: numberArb,
}) as fc.Arbitrary<EventRecord>;

describe("apiEventJson", () => {
  it("writes what JSON.stringify writes of the API event", () => {
    const tail = apiEventTail(project);
    fc.assert(fc.property(eventArb, (event) => {
      const text = { ...eventAsText(event), inputs: JSON.stringify(event.inputs), outputs: JSON.stringify(event.outputs) };
      expect(apiEventJson(text, tail)).toBe(JSON.stringify(apiEvent(event, project)));
    }), { numRuns: 3000 });
  });

  it("escapes a quote, a backslash, a control character and a lone surrogate in an id", () => {
    const event = { ...eventAsText({} as EventRecord), event_id: "a\"b\\c\nd\ud800", session_id: "s", parent_id: null, children_ids: [],
      event_type: "model", event_name: "x", source: "y", error: null, start_time: Number.NaN, end_time: 1.5, duration: null };
    const json = apiEventJson(event, apiEventTail(project));
    expect(json).toContain(String.raw`{"event_id":"a\"b\\c\nd\ud800",`);
    expect(JSON.parse(json)).toMatchObject({ event_id: event.event_id, start_time: null, end_time: 1.5, duration: null });
  });
});
