import { type DecodedSpan, decodeTraceRequest } from "../../packages/dev-server/src/otlp/index";
import type { LoopbackHandler, RecordedRequest } from "../api-client/loopback-server";

/** State of {@link createFakeBackend}: what the REST endpoints received. */
export interface FakeBackend {
  handler: LoopbackHandler;
  runs: Map<string, Record<string, unknown>>;
  sessions: Map<string, Record<string, unknown>>;
  sessionUpdates: Record<string, unknown>[];
  datasets: Map<string, { id: string; datapoints: string[] }>;
  datapoints: Map<string, Record<string, unknown>>;
  /** Spans received on `POST /opentelemetry/v1/traces`, decoded. */
  spans: DecodedSpan[];
  /** Overrides one route's answer, e.g. `fail["POST /v1/runs"] = 500`. */
  fail: Record<string, number>;
}

/**
 * A minimal HoneyHive-compatible REST backend (runs, sessions, events, datasets, datapoints, OTLP sink). Like
 * an older deployment, it serves the legacy session/event routes only (404 on `/v1/sessions`, `PUT /v1/events/{id}`),
 * so the SDK falls back to them.
 */
export function createFakeBackend(): FakeBackend {
  const state: FakeBackend = {
    runs: new Map(), sessions: new Map(), sessionUpdates: [], datasets: new Map(), datapoints: new Map(), spans: [], fail: {},
    handler: () => ({ body: {} }),
  };
  state.handler = (req: RecordedRequest) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const route = `${req.method} ${req.path.replace(/^\/v1\/runs\/[^/]+/, "/v1/runs/:id").replace(/^\/v1\/datapoints\/[^/]+/, "/v1/datapoints/:id")}`;
    const failure = state.fail[route];
    if (failure) return { status: failure, body: { error: "injected" } };
    const runId = decodeURIComponent(req.path.split("/")[3] ?? "");
    switch (route) {
      case "POST /session/start": {
        const session = body.session as Record<string, unknown>;
        state.sessions.set(String(session.session_id), session);
        return { body: { session_id: session.session_id, event_id: session.session_id } };
      }
      case "PUT /events":
        state.sessionUpdates.push(body);
        return { body: { success: true } };
      case "POST /v1/runs": {
        const id = String(body.run_id ?? "server-run");
        state.runs.set(id, { ...body, updates: [] });
        return { body: { run_id: id, evaluation: { run_id: id, ...body } } };
      }
      case "PUT /v1/runs/:id": {
        const run = state.runs.get(runId);
        if (!run) return { status: 404, body: { error: "no run" } };
        (run.updates as unknown[]).push(body);
        return { body: { evaluation: { run_id: runId, ...run } } };
      }
      case "GET /v1/runs/:id":
        return state.runs.has(runId) ? { body: { evaluation: state.runs.get(runId) } } : { status: 404, body: {} };
      case "GET /v1/datasets": {
        const id = req.query.get("dataset_id") ?? "";
        const ds = state.datasets.get(id);
        return { body: { datasets: ds ? [ds] : [] } };
      }
      case "GET /v1/datapoints": {
        const ids = req.query.getAll("datapoint_ids");
        return { body: { datapoints: ids.map((id) => state.datapoints.get(id)).filter(Boolean) } };
      }
      case "GET /v1/datapoints/:id": {
        const dp = state.datapoints.get(decodeURIComponent(req.path.split("/")[3] ?? ""));
        return dp ? { body: { datapoint: [dp] } } : { status: 404, body: {} };
      }
      case "POST /opentelemetry/v1/traces":
        state.spans.push(...decodeTraceRequest(req.bytes, String(req.headers["content-type"] ?? "")));
        return { body: {} };
      default:
        if (req.method === "GET" && /\/result$/.test(req.path)) return { body: { status: "completed", success: true, run_id: runId } };
        return { status: 404, body: { error: `no route ${route}` } };
    }
  };
  return state;
}
