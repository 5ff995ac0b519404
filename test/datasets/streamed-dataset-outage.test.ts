/**
 * A server dataset read page by page keeps no failed read: a page read ahead while the server answered 503 is read
 * once more when the run reaches it, so an outage over by then loses no datapoint, and the content version is still
 * the whole dataset's. A datapoint the server still lacks then is reported missing (undefined, and no version).
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { streamRemoteDataset } from "../../packages/honeyhive/src/datasets/streamed-remote-dataset";
import { entryOfDatapoint } from "../../packages/honeyhive/src/datasets/dataset-entry";
import { versionOfEntries } from "../../packages/honeyhive/src/datasets/dataset-version";
import { createApiClient } from "../../packages/honeyhive/src/index";
import { startLoopbackServer, type LoopbackServer } from "../api-client/loopback-server";
import { createFakeBackend } from "../evaluation/fake-backend";

const SIZE = 250;
const datapoints = Array.from({ length: SIZE }, (_, i) => ({ id: `dp-${i}`, inputs: { q: `q-${i}` }, ground_truth: { a: i }, metadata: {} }));
/** The second page's ids (positions 100–199), which the outage fails. */
const secondPage = new Set(datapoints.slice(100, 200).map((d) => d.id));
let server: LoopbackServer;
let outage = false;
let refused = 0;

/** Whether `path` and `query` read a datapoint of the second page (the bulk list or a single read). */
function readsSecondPage(path: string, query: URLSearchParams): boolean {
  if (path === "/v1/datapoints") return query.getAll("datapoint_ids").some((id) => secondPage.has(id)) || query.getAll("ids").some((id) => secondPage.has(id));
  return path.startsWith("/v1/datapoints/") && secondPage.has(decodeURIComponent(path.split("/")[3] ?? ""));
}

beforeAll(async () => {
  const backend = createFakeBackend();
  backend.datasets.set("big", { id: "big", datapoints: datapoints.map((d) => d.id) });
  for (const d of datapoints) backend.datapoints.set(d.id, d);
  server = await startLoopbackServer((req) => {
    if (outage && req.method === "GET" && readsSecondPage(req.path, req.query)) {
      refused += 1;
      return { status: 503, body: { error: "unavailable" } };
    }
    return backend.handler(req);
  });
});
afterAll(() => server.close());
beforeEach(() => {
  outage = false;
  refused = 0;
});

async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
}

describe("a server dataset read page by page, with a page read ahead during an outage", () => {
  it("reads the page once more when the run reaches it: every datapoint runs, and the version is the whole dataset's", async () => {
    const api = createApiClient({ serverUrl: server.url, apiKey: "hh_outage_key", maxRetries: 0 });
    const dataset = await streamRemoteDataset(api, "big");
    outage = true;
    expect((await dataset.at(0))?.datapointId).toBe("dp-0"); // reads page 1, and page 2 ahead: refused whole
    await until(() => refused >= 1 + secondPage.size); // the bulk read and each single read of its 100 datapoints
    expect(refused).toBe(1 + secondPage.size);
    outage = false;
    const before = server.requests.length;
    for (let i = 1; i < SIZE; i++) expect((await dataset.at(i))?.datapointId, `position ${i}`).toBe(`dp-${i}`);
    // the page's datapoints are read again in one bulk read, the third page as usual
    expect(server.requests.slice(before).map((r) => r.path)).toEqual(["/v1/datapoints", "/v1/datapoints"]);
    expect(dataset.version()).toBe(versionOfEntries(datapoints.map((d) => entryOfDatapoint(d))));
  });

  it("a datapoint the server still lacks when the run reaches it is missing, and the dataset has no version", async () => {
    const api = createApiClient({ serverUrl: server.url, apiKey: "hh_outage_key", maxRetries: 0 });
    const dataset = await streamRemoteDataset(api, "big");
    outage = true;
    await dataset.at(0);
    await until(() => refused >= 1 + secondPage.size);
    const missing = await Promise.all([dataset.at(100), dataset.at(100)]); // two trials at once share the read
    expect(missing).toEqual([undefined, undefined]);
    outage = false;
    expect(await dataset.at(100)).toBeUndefined(); // read once more only, not at every trial
    for (let i = 200; i < SIZE; i++) expect((await dataset.at(i))?.datapointId).toBe(`dp-${i}`);
    expect(dataset.version()).toBeUndefined();
  });
});
