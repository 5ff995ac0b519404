// A user object's own "__proto__" key (JSON.parse makes one) stays a key wherever evaluate() copies the object on its
// per-datapoint path: the session's metadata (run-datapoint, session-client) and a startSpan's attributes. Those copies
// start with `...NO_FIELDS` for speed (internal/no-fields.ts); the copy must keep the spread's define semantics.
import { afterEach, beforeEach, expect, it } from "vitest";
import { evaluate } from "../../packages/honeyhive/src/index";
import { startHoneyHiveRecorder, type HoneyHiveRecorder } from "../helpers/honeyhive-recorder";

let recorder: HoneyHiveRecorder;
beforeEach(async () => {
  recorder = await startHoneyHiveRecorder();
});
afterEach(() => recorder.close());

it("an own __proto__ key of a datapoint's metadata reaches the session start as a key, and changes no prototype", async () => {
  const metadata = JSON.parse('{"__proto__": {"polluted": true}, "tag": "a"}') as Record<string, unknown>;
  const result = await evaluate({
    name: "own-proto-keys", apiKey: "hh_proto_key", serverUrl: recorder.url, printResults: false,
    dataset: [{ inputs: { q: 1 }, metadata }],
    function: async (inputs: { q: number }) => inputs.q + 1,
  });
  expect(result.datapoints[0]!.status).toBe("success");
  const start = recorder.requestsTo("/v1/sessions")[0]!.json as { metadata: Record<string, unknown> };
  expect(Object.keys(start.metadata)).toEqual(expect.arrayContaining(["__proto__", "tag", "run_id", "dataset_id", "datapoint_id"]));
  expect(start.metadata.tag).toBe("a");
  expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
});
