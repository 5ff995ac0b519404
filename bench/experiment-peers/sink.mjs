// The loopback sink of the experiment peer benchmark (bench/experiment-peers.mjs), run in a process of its own so its
// CPU is never a runner's. Each runner talks to it under its own path prefix (`/honeyhive`, `/braintrust`,
// `/langsmith`, `/langfuse`): the prefix is cut off, the rest answered from that runner's canned replies (what its
// SDK reads back: a login, an experiment, a project), anything else with `{}` and status 200. It counts requests and
// body bytes per runner, and keeps the routes it saw (method and path, ids replaced by `:id`) so a report can say
// what each runner sent.
import { createServer } from "node:http";

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const PROJECT_ID = "00000000-0000-4000-8000-000000000001";
const TENANT_ID = "00000000-0000-4000-8000-000000000003";
const EXPERIMENT_ID = "00000000-0000-4000-8000-000000000002";

/** Canned replies by runner, then by "METHOD /path" (after the prefix); `base` is the runner's URL on the sink. */
function cannedReplies(base) {
  const now = new Date().toISOString();
  return {
    honeyhive: {
      "POST /v1/sessions": { session_id: "00000000-0000-4000-8000-000000000000", event_id: "e", org_id: "o", workspace_id: "w", project_id: "p" },
    },
    braintrust: {
      "POST /api/apikey/login": { org_info: [{ id: "org-bench", name: "bench-org", api_url: base, proxy_url: base, git_metadata: { collect: "none" } }] },
      "POST /api/project/register": { project: { id: PROJECT_ID, name: "experiment-peers", org_id: "org-bench" } },
      "POST /api/experiment/register": {
        project: { id: PROJECT_ID, name: "experiment-peers", org_id: "org-bench" },
        experiment: { id: EXPERIMENT_ID, name: "bench", project_id: PROJECT_ID, created: now, public: false },
      },
    },
    langsmith: {
      "GET /info": { version: "bench", batch_ingest_config: { use_multipart_endpoint: true, scale_up_qsize_trigger: 1000, scale_up_nthreads_limit: 16, scale_down_nempty_trigger: 4, size_limit: 100, size_limit_bytes: 20971520 } },
      "POST /sessions": { id: PROJECT_ID, name: "bench", tenant_id: TENANT_ID, start_time: now },
      "GET /sessions": [{ id: PROJECT_ID, name: "bench", tenant_id: TENANT_ID, start_time: now }],
    },
    langfuse: {},
  };
}

/** Starts the sink; `{ url, stats(), close() }`. */
export async function startSink() {
  const stats = {};
  let canned;
  const server = createServer((req, res) => {
    const match = /^\/([a-z]+)(\/[^?]*)?/.exec(req.url ?? "/");
    const runner = match?.[1] ?? "";
    const path = match?.[2] ?? "/";
    const own = (stats[runner] ??= { requests: 0, bytes: 0, routes: {} });
    let size = 0;
    req.on("data", (chunk) => (size += chunk.length));
    req.on("end", () => {
      own.requests++;
      own.bytes += size;
      const route = `${req.method} ${path}`;
      const key = route.replace(UUID, ":id");
      own.routes[key] = (own.routes[key] ?? 0) + 1;
      const reply = canned[runner]?.[route] ?? {};
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(reply));
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  canned = Object.fromEntries(Object.entries(cannedReplies("")).map(([runner]) => [runner, cannedReplies(`${url}/${runner}`)[runner]]));
  return { url, stats: () => JSON.parse(JSON.stringify(stats)), close: () => new Promise((resolve) => server.close(resolve)) };
}

// As a child process (bench/experiment-peers.mjs forks it): the URL first, then the stats on request.
if (process.send && process.argv[1] && import.meta.url.endsWith(process.argv[1].split("/").pop())) {
  const sink = await startSink();
  process.send({ url: sink.url });
  process.on("message", (m) => {
    if (m === "stats") process.send({ stats: sink.stats() });
  });
  process.on("disconnect", () => void sink.close().then(() => process.exit(0)));
}
