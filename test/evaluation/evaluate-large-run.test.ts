import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createApiClient } from "../../packages/honeyhive/src/api-client/create-api-client";
import { evaluate } from "../../packages/honeyhive/src/script/evaluate";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";

/**
 * Req: a large run is reported as uploaded. The answers about a run of 20,000 datapoints are larger than the
 * transport's former 1 MB cut; evaluate() must read them whole and report `uploaded: true`.
 */
const KEY = "local";
const N = 20_000;
let server: DevServer;

beforeAll(async () => {
  server = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
});
afterAll(() => server.close());

describe("evaluate() over 20,000 datapoints against the dev server", () => {
  it("reports uploaded: true and the server holds every session", async () => {
    const result = await evaluate<{ i: number }, undefined, number>({
      name: "large",
      apiKey: KEY,
      serverUrl: server.url,
      maxConcurrency: 200,
      progress: false,
      dataset: Array.from({ length: N }, (_, i) => ({ inputs: { i } })),
      function: (inputs) => inputs.i,
      evaluators: [function even(outputs: number) { return outputs % 2 === 0; }],
    });
    expect(result.uploadError).toBeUndefined();
    expect(result).toMatchObject({ status: "completed", uploaded: true });
    expect(result.datapoints).toHaveLength(N);
    const api = createApiClient({ serverUrl: server.url, apiKey: KEY });
    const run = await api.runs.get(result.runId);
    expect(run.ok && run.data.evaluation?.event_ids).toHaveLength(N);
  }, 240_000);
});
