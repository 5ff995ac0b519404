import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveTracer, enrichSession, enrichSpan, trace } from "../../packages/honeyhive/src/index";
import { FaultServer } from "../helpers/fault-server";

/**
 * Req (README, failure behaviour): with a backend that accepts connections and never answers, a request handler
 * written as examples/web-server-sessions.ts is (withSession, trace, enrichSpan, `void enrichSession`) replies without
 * waiting for the backend. The per-request timeout is 10 minutes, so a handler that waited for any backend answer
 * (the session start, the update, an export) would not reply before the test's own timeout.
 */
let hanging: FaultServer;
beforeAll(async () => {
  hanging = await FaultServer.start("hang");
});
afterAll(async () => {
  await hanging.close();
});

describe("a backend that never answers", () => {
  it("is not on the request path: concurrent requests are answered while every backend request is unanswered", async () => {
    const warnings: string[] = [];
    const tracer = new HoneyHiveTracer({
      apiKey: "hh_request_path_key", serverUrl: hanging.url, sessionName: "api", timeoutMs: 600_000, setAsDefault: false,
      logSink: (level, message) => void warnings.push(`${level}: ${message}`),
    });
    const handle = trace(async function handle(path: string): Promise<string> {
      enrichSpan({ metadata: { path } });
      void enrichSession({ metadata: { path } }, tracer);
      return `hello from ${path}`;
    }, { tracer, eventType: "chain" });
    const server = createServer((req, res) => {
      void tracer.withSession({ sessionName: `request ${req.url}` }, async () => res.end(await handle(req.url ?? "/")));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const paths = ["/a", "/b", "/c", "/d", "/e"];
      const replies = await Promise.all(paths.map(async (path) => (await fetch(`${base}${path}`)).text()));
      expect(replies).toEqual(paths.map((path) => `hello from ${path}`));
      expect(hanging.log.accepted).toEqual([]); // the backend has answered nothing
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await tracer.shutdown(500); // bounded, whatever the backend does
    }
    // shutdown gave up on the export and the session requests (one start and one update per request) nobody answered, and said so
    expect(warnings).toEqual([
      expect.stringMatching(/^warn: shutdown: \d+ spans? (was|were) still being sent; the requests were aborted unanswered/),
      "warn: shutdown: 5 session starts and 5 session updates were still being sent; the requests were aborted and are not retried",
    ]);
  }, 20_000);
});
