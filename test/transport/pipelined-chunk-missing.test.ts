/**
 * Req (never break the user's app; no mistake switches anything off for good): the pipelining transport is a chunk
 * of its own, loaded with the first session request. When that chunk cannot be loaded (a disk hiccup, a package
 * replaced under the running process), the request still goes out through node:http, and the next request loads the
 * chunk again. The built SDK is installed in a project of its own, whose child process hides the chunk for its first
 * session start and puts it back before its second; both sessions must reach the dev server.
 */
import { readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { projectWithInstalledSdk } from "../helpers/installed-sdk";
import { runChild } from "../helpers/run-child";

const CHILD = `
const { renameSync } = require("node:fs");
const { HoneyHiveTracer } = require("honeyhive");
const [serverUrl, chunk] = process.argv.slice(2);
const loaded = () => Object.keys(require.cache).some((file) => file.endsWith(chunk));
async function start(name) {
  const tracer = new HoneyHiveTracer({ apiKey: "local", serverUrl, project: "chunk", sessionName: name, setAsDefault: false });
  const started = await tracer.whenSessionStarted();
  await tracer.shutdown();
  return { sessionId: tracer.sessionId, started, chunkLoaded: loaded() };
}
(async () => {
  const path = require("node:path").join(__dirname, "node_modules/honeyhive/dist", chunk);
  renameSync(path, path + ".hidden");
  const first = await start("chunk hidden");
  renameSync(path + ".hidden", path);
  const second = await start("chunk back");
  process.stdout.write(JSON.stringify({ first, second }) + "\\n");
})();
`;

let server: DevServer;
let project = "";
beforeAll(async () => {
  server = await createDevServer({ inMemory: true, logger: createLogger({ sink: () => undefined }) });
  project = projectWithInstalledSdk("hh-chunk-missing-");
  writeFileSync(join(project, "child.cjs"), CHILD);
});
afterAll(async () => {
  await server.close();
  rmSync(project, { recursive: true, force: true });
});

interface Started {
  sessionId: string;
  started: boolean;
  chunkLoaded: boolean;
}

describe("the pipelining chunk missing once", () => {
  it("the session start goes out through node:http, and the next one loads the chunk again", async () => {
    const chunk = readdirSync(join(project, "node_modules/honeyhive/dist")).find((f) => /^pipelined-fetch-.*\.cjs$/.test(f));
    expect(chunk, "the build has a pipelined-fetch chunk").toBeDefined();
    const run = await runChild(join(project, "child.cjs"), [server.url, chunk!]);
    expect(run.code, run.stderr).toBe(0);
    const { first, second } = run.events[0] as unknown as { first: Started; second: Started };
    expect(first).toMatchObject({ started: true, chunkLoaded: false });
    expect(second).toMatchObject({ started: true, chunkLoaded: true });
    for (const { sessionId } of [first, second]) {
      const held = await fetch(`${server.url}/v1/sessions/${sessionId}`, { headers: { authorization: "Bearer local" } });
      expect(held.status, `session ${sessionId}`).toBe(200);
    }
  }, 60_000);
});
