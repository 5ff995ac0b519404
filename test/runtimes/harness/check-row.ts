/**
 * The verdict of one matrix row, from what its app sent to the recorder. Every request `i` (0 ≤ i < requests) ran in
 * its own session named `req-<i>`: a traced `handle(i)` span with a nested traced `lookup(i)` span, each enriched
 * with `enrichSpan({ metadata: { request: i, step } })`. The row passes when every span arrived exactly once, in the
 * session started for its request (0 misrouted), every `lookup` is the child of its request's `handle`, both
 * enrichments landed, every session start was made, nothing failed to decode, and the app wrote nothing to stderr.
 */
import type { DecodedSpan } from "../../../packages/dev-server/src/otlp/decoded-span";
import type { KeyRecord } from "./recorder";

export const SPANS_PER_REQUEST = 2;

export interface RowResult {
  expected: number;
  arrived: number;
  misrouted: number;
  nested: number;
  enriched: number;
  sessionsStarted: number;
  problems: string[];
}

function requestOf(span: DecodedSpan): number | undefined {
  const value = span.attributes["honeyhive_metadata.request"];
  return typeof value === "number" ? value : undefined;
}

function ownSpans(spans: DecodedSpan[]): DecodedSpan[] {
  return spans.filter((span) => span.name === "handle" || span.name === "lookup");
}

/** The request index of a session the app started for one request (`req-<i>`), undefined for any other session. */
function requestSessionIndex(sessionName: string): number | undefined {
  const match = /^req-(\d+)$/.exec(sessionName);
  return match ? Number(match[1]) : undefined;
}

/** How many of the record's sessions were started for a request (the ones a row's check counts). */
export function requestSessionCount(record: KeyRecord): number {
  return record.sessions.filter((session) => requestSessionIndex(session.sessionName) !== undefined).length;
}

/** Checks one row's record; `stderr` is what the app's processes wrote there while serving the row. */
export function checkRow(record: KeyRecord, requests: number, stderr: string): RowResult {
  const problems: string[] = [...record.errors];
  const sessionIds = new Map<number, string>();
  for (const session of record.sessions) {
    const i = requestSessionIndex(session.sessionName);
    if (i === undefined) continue;
    if (sessionIds.has(i)) problems.push(`session req-${i} started twice`);
    sessionIds.set(i, session.sessionId);
  }
  const spans = ownSpans(record.spans);
  const byRequest = new Map<string, DecodedSpan>();
  let misrouted = 0;
  let enriched = 0;
  for (const span of spans) {
    const i = requestOf(span);
    if (i === undefined) continue;
    const step = span.attributes["honeyhive_metadata.step"];
    if ((span.name === "handle" && step === "parent") || (span.name === "lookup" && step === "child")) enriched += 1;
    if (span.attributes["honeyhive.session_id"] !== sessionIds.get(i)) misrouted += 1;
    const slot = `${span.name}:${i}`;
    if (byRequest.has(slot)) problems.push(`${slot} arrived twice`);
    byRequest.set(slot, span);
  }
  let nested = 0;
  for (let i = 0; i < requests; i += 1) {
    const parent = byRequest.get(`handle:${i}`);
    const child = byRequest.get(`lookup:${i}`);
    if (parent && child && child.parentSpanId === parent.spanId && child.traceId === parent.traceId) nested += 1;
  }
  const expected = requests * SPANS_PER_REQUEST;
  const result: RowResult = { expected, arrived: spans.length, misrouted, nested, enriched, sessionsStarted: sessionIds.size, problems };
  if (result.arrived !== expected) problems.push(`${result.arrived}/${expected} spans arrived`);
  if (misrouted > 0) problems.push(`${misrouted} spans misrouted`);
  if (nested !== requests) problems.push(`${nested}/${requests} children nested under their parent`);
  if (enriched !== expected) problems.push(`enrichSpan landed on ${enriched}/${expected} spans`);
  if (sessionIds.size !== requests) problems.push(`${sessionIds.size}/${requests} session starts made`);
  if (stderr.trim() !== "") problems.push(`stderr: ${stderr.trim().split("\n").slice(0, 3).join(" | ").slice(0, 400)}`);
  return result;
}
