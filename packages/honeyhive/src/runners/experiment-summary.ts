import { createHash } from "node:crypto";
import { join } from "node:path";
import type { EvaluationResult } from "../evaluation/types";
import { firstTimeInProcess } from "../internal/process-state";
import { formatEvaluationResult } from "../reporting/format-result";
import type { StorageIntent } from "@honeyhive/core/verdict/exit-rule";
import { previousRunLines, readPreviousRuns, writePreviousRuns } from "../reporting/previous-runs";

/** Where an experiment's previous metrics are kept (one file per experiment: test files run in parallel). */
export function experimentStateFile(stateDir: string | undefined, name: string): string {
  const dir = stateDir ?? join(process.cwd(), "node_modules", ".cache", "honeyhive", "experiments");
  return join(dir, `${createHash("sha256").update(name).digest("hex").slice(0, 16)}.json`);
}

const LOCAL_HINT = `HH_API_KEY is not set, so experiments run locally and nothing is uploaded.
To keep and compare runs without a HoneyHive account, start the local server in another terminal:
  npx honeyhive serve
and run the tests against it (use the port it prints; 4318 by default):
  HH_API_URL=http://127.0.0.1:4318 HH_API_KEY=local <your test command>`;

/**
 * The text a test runner prints after an experiment's run: the result table, the changes since the previous
 * run of the same experiment (kept in `stateFile`, then updated), and once per process the local-viewer hint
 * when nothing was uploaded because neither a key nor a server is set (or a note that the run was offline on purpose).
 */
export async function experimentSummary(result: EvaluationResult, stateFile: string, intent: StorageIntent): Promise<string> {
  const previous = (await readPreviousRuns(stateFile)).get(result.name);
  await writePreviousRuns(stateFile, [result]).catch(() => undefined);
  const lines = [formatEvaluationResult(result).trimEnd()];
  if (previous && previous.runId !== result.runId) lines.push(...previousRunLines(result, previous));
  if (intent.offline) lines.push("", "offline: true — this run was not stored, on purpose (the tests pass or fail on their verdicts alone).");
  // With a server set and no key, the run fails for that reason (said once, by the verdict): no hint to set the server.
  else if (!intent.apiKey && !intent.serverUrl && firstTimeInProcess("runner-local-hint")) lines.push("", LOCAL_HINT);
  return `${lines.join("\n")}\n`;
}
