// A run that could not be created: the run says why once, evaluate() attempts no session update of its own (nothing
// would be sent), and an update the function makes says why it was not sent (not "no API key or test mode").
import { afterEach, describe, expect, it } from "vitest";
import { HoneyHiveTracer, enrichSession, evaluate } from "../../packages/honeyhive/src/index";
import { captureSdkLogs, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";

let recorder: HoneyHiveRecorder | undefined;
afterEach(async () => {
  await recorder?.close();
  recorder = undefined;
  resetHoneyHiveGlobals();
});

/** The debug lines about session updates of an evaluate() whose `POST /v1/runs` is answered with `status`. */
async function skippedUpdates(status: number): Promise<{ updates: string[]; warnings: string[] }> {
  recorder = await startHoneyHiveRecorder();
  recorder.failWith(status);
  const logs = captureSdkLogs();
  const result = await evaluate({
    name: "local-reason", apiKey: "hh_local_reason_key", serverUrl: recorder.url, verbose: true, maxConcurrency: 1,
    dataset: [{ inputs: { n: 1 } }, { inputs: { n: 2 } }],
    function: (inputs: { n: number }) => {
      void enrichSession({ metadata: { n: inputs.n } }); // the function's own update
      return inputs.n;
    },
  });
  logs.restore();
  expect(result.uploaded).toBe(false);
  const updates = logs.lines.filter((l) => l.message.startsWith("session update not sent")).map((l) => `${l.level}: ${l.message}`);
  return { updates, warnings: logs.lines.filter((l) => l.level === "warn").map((l) => l.message) };
}

describe("session updates of a run that could not be created", () => {
  it.each([401, 500])("POST /v1/runs answered %i: the function's own updates name the run's failure and its status", async (status) => {
    const { updates, warnings } = await skippedUpdates(status);
    const reason = `POST /v1/runs failed after 1 attempt(s): HTTP ${status}: failing on purpose`; // the server's message, read from its body
    expect(updates).toEqual([ // one per datapoint: the function's; evaluate()'s own closing update is not made
      `debug: session update not sent: the experiment runs locally (the run was not created: ${reason})`,
      `debug: session update not sent: the experiment runs locally (the run was not created: ${reason})`,
    ]);
    expect(warnings).toEqual([`could not create the run; the experiment runs locally and is not uploaded (${reason})`]);
    expect(recorder!.requestsTo("/v1/events")).toEqual([]); // nothing else was tried
  });

  it("a tracer of its own says which it is: test mode, or no API key", async () => {
    const logs = captureSdkLogs();
    const testMode = new HoneyHiveTracer({ apiKey: "hh_local_reason_key", testMode: true, setAsDefault: false, verbose: true });
    const noKey = new HoneyHiveTracer({ setAsDefault: false, verbose: true });
    expect(await testMode.enrichSession({ metadata: { a: 1 } })).toBe(false);
    expect(await noKey.enrichSession({ metadata: { a: 1 } })).toBe(false);
    await Promise.all([testMode.shutdown(), noKey.shutdown()]);
    logs.restore();
    expect(logs.lines.filter((l) => l.message.startsWith("session update not sent")).map((l) => l.message)).toEqual([
      "session update not sent: test mode (testMode / HH_TEST_MODE)",
      "session update not sent: no API key (apiKey / HH_API_KEY)",
    ]);
  });
});
