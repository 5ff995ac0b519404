/**
 * The local verdict against the server's run summary: `evaluate()` decides its verdict locally (the shared rule of
 * `@honeyhive/core/verdict`) and also reads the server's summary of the run; when the two count passed or failed
 * datapoints differently (a datapoint's session or a deciding metric the server did not store, a server computing a
 * metric differently), the user is told, in a warning and in the result.
 */
import type { Logger } from "../internal/logger";
import type { EvaluationResult, PassFailCounts, ServerSummaryMismatch } from "./types";

/** Each datapoint id once (a datapoint run several times, `trials`, is listed once per run by some servers). */
function distinctCount(ids: readonly unknown[]): number {
  return new Set(ids).size;
}

/** The server summary's figures, or undefined when it has no `passed` and `failed` lists. */
function serverCounts(summary: EvaluationResult["serverSummary"]): PassFailCounts | undefined {
  const passed: unknown = summary?.passed;
  const failed: unknown = summary?.failed;
  if (!Array.isArray(passed) || !Array.isArray(failed)) return undefined;
  return { passed: distinctCount(passed), failed: distinctCount(failed) };
}

/**
 * How the server's summary of `result`'s run and its local verdict differ in passed and failed datapoints; undefined
 * when they agree, when there is no summary to compare with, or for a shard (`shard`: the summary covers every shard).
 */
export function serverSummaryMismatch(result: EvaluationResult, shard: boolean): ServerSummaryMismatch | undefined {
  if (shard) return undefined;
  const server = serverCounts(result.serverSummary);
  if (server === undefined) return undefined;
  const local = { passed: distinctCount(result.passed), failed: distinctCount(result.failed) };
  return local.passed === server.passed && local.failed === server.failed ? undefined : { local, server };
}

/** The warning naming both figures. */
export function serverSummaryMismatchWarning(m: ServerSummaryMismatch): string {
  const figures = (c: PassFailCounts): string => `${c.passed} passed, ${c.failed} failed`;
  return `the server's run summary disagrees with the local verdict: the server counts ${figures(m.server)}, the local verdict ` +
    `${figures(m.local)} (datapoints); the server did not store a datapoint or a metric that decides it, or computes a metric ` +
    "differently. The result's verdict is the local one (result.serverSummaryMismatch)";
}

/** Sets `result.serverSummaryMismatch` and warns when the server's summary and the local verdict disagree. */
export function noteServerSummaryMismatch(result: EvaluationResult, shard: boolean, logger: Logger): void {
  const mismatch = serverSummaryMismatch(result, shard);
  if (mismatch === undefined) return;
  result.serverSummaryMismatch = mismatch;
  logger.warn(serverSummaryMismatchWarning(mismatch));
}
