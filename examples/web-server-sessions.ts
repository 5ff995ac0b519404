// One tracer serving a web server: every request gets its own session with withSession(), concurrent
// requests never mix, and a distributed caller's trace is continued from the request headers.
// Nothing on the request path waits for HoneyHive: the session update is sent in the background (not awaited),
// so a slow or unreachable backend never slows a reply; flush()/shutdown() (and the exit flush) wait for it.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { localBackend } from "./support/local-backend"; // first: starts a local server and points HH_API_URL/HH_API_KEY at it
import { HoneyHiveTracer, enrichSession, trace } from "honeyhive";

const tracer = new HoneyHiveTracer({ apiKey: process.env.HH_API_KEY, sessionName: "api" });

const handle = trace(
  async function handle(path: string): Promise<string> {
    // This request's session. Not awaited: awaiting would wait for the backend's answer (up to the retry schedule
    // when it does not answer) before replying. Await it where you need the result (a script's last step).
    void enrichSession({ metadata: { path } });
    return `hello from ${path}`;
  },
  { eventType: "chain" },
);

export const server = createServer((req, res) => {
  void tracer.withExtractedContext(req.headers as Record<string, string>, () =>
    tracer.withSession({ sessionName: `request ${req.url}` }, async () => {
      res.end(await handle(req.url ?? "/"));
    }),
  );
});

// Serve two concurrent requests, then stop.
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const replies = await Promise.all(["/orders", "/users"].map(async (path) => (await fetch(`${base}${path}`)).text()));
console.log(`replies: ${replies.join(" | ")}`);
await new Promise((resolve) => server.close(resolve));
await tracer.flush();
await localBackend.report();
