// The work every row's app does per request, written as a user would: one session per request (`withSession`), a
// traced handler with a nested traced call, `enrichSpan` in both. The harness checks what arrives
// (test/runtimes/harness/check-row.ts). Span and input names are given explicitly (`eventName`, `inputNames`), so
// minifying bundlers (Next.js) keep them.
import { HoneyHiveTracer, diagnose, enrichSpan, trace } from "honeyhive";

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const lookup = trace(
  async function lookup(request) {
    await pause(1 + (request % 3));
    enrichSpan({ metadata: { request, step: "child" } });
    return request * 2;
  },
  { eventName: "lookup", eventType: "tool", inputNames: ["request"] },
);

const handle = trace(
  async function handle(request) {
    enrichSpan({ metadata: { request, step: "parent" } });
    await pause(2 + (request % 5)); // requests interleave: each must keep its own session across the awaits
    return { request, value: await lookup(request) };
  },
  { eventName: "handle", eventType: "chain", inputNames: ["request"] },
);

/** The API key of a row: the recorder files what it receives by key, so rows sharing a process stay apart. */
export function rowKey(row) {
  return `matrix-${row}`;
}

/** The tracer of one row, sending to the loopback recorder at `url`. */
export function createRowTracer({ url, row }) {
  return new HoneyHiveTracer({ apiKey: rowKey(row), serverUrl: url, project: "runtime-matrix", source: row, sessionName: row });
}

/** Runs request `request` in its own session `req-<request>`; resolves with a small JSON-able answer. */
export function runRequest(tracer, request) {
  return tracer.withSession({ sessionName: `req-${request}`, inputs: { request } }, () => handle(request));
}

/** `?diagnose=1`: the app answers with `diagnose()`'s result (checked against the row's recorder key). */
export function wantsDiagnosis(url) {
  return new URL(url, "http://localhost").searchParams.has("diagnose");
}

/** What `/run?diagnose=1` answers: the diagnosis of this app's setup, the backend being the recorder. */
export function diagnoseRow({ url, row }) {
  return diagnose({ apiKey: rowKey(row), serverUrl: url, timeoutMs: 5_000 });
}

/** The request number of `/run?i=N` (NaN when absent). */
export function requestNumber(url) {
  return Number(new URL(url, "http://localhost").searchParams.get("i"));
}
