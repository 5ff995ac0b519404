// A loopback OTLP/HoneyHive sink for benchmarks: answers every request with 200 and counts bytes and requests (all,
// and OTLP span exports alone: bytes as sent, compressed or not).
import { createServer } from "node:http";

/** What the sink answers to a session start (every other request gets `{}`). */
export const SESSION_START_ANSWER = JSON.stringify({ session_id: "00000000-0000-4000-8000-000000000000", event_id: "e", org_id: "o", workspace_id: "w", project_id: "p" });

export async function startSink() {
  const stats = { requests: 0, bytes: 0, otlpRequests: 0, otlpBytes: 0, otlpGzipped: 0 };
  const server = createServer((req, res) => {
    let size = 0;
    req.on("data", (c) => (size += c.length));
    req.on("end", () => {
      stats.requests++;
      stats.bytes += size;
      if (req.url?.includes("/traces")) {
        stats.otlpRequests++;
        stats.otlpBytes += size;
        if (req.headers["content-encoding"] === "gzip") stats.otlpGzipped++;
      }
      res.setHeader("content-type", "application/json");
      if (req.url?.endsWith("/session/start")) {
        res.end(SESSION_START_ANSWER);
      } else res.end("{}");
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { url: `http://127.0.0.1:${server.address().port}`, stats, close: () => new Promise((r) => server.close(r)) };
}
