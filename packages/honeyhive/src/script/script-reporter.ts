import { runtime } from "../runtime/platform";
import type { EvaluationReporter } from "../evaluation/evaluation-reporter";
import type { EvaluateOptions } from "../evaluation/types";
import { safeInvoke } from "../internal/safe-invoke";
import { formatEvaluationResult } from "../reporting/format-result";
import { createProgressDisplay, scriptProgressMode } from "../reporting/progress-display";

/**
 * The reporter of `evaluate()` called from a script (no runner listening): the progress display on
 * `progressStream` as the `progress` option decides, and with `printResults` the result table on `writer`.
 */
export function scriptReporter(options: Pick<EvaluateOptions, "progress" | "progressStream" | "printResults" | "writer">): EvaluationReporter {
  const progressStream = options.progressStream ?? runtime.node?.stderr ?? DISCARD;
  const display = createProgressDisplay(progressStream, scriptProgressMode(options.progress, progressStream, processEnv()));
  return {
    onProgress: (progress) => display.update(progress),
    onFinish: (result) => {
      display.finish(result);
      if (options.printResults) {
        const writer = options.writer ?? runtime.node?.stdout ?? DISCARD;
        safeInvoke(() => writer.write(formatEvaluationResult(result)), undefined);
      }
    },
  };
}

/** Where progress and results go on a runtime without stdout/stderr (the runtime-neutral build). */
const DISCARD = { write: (): boolean => true };

function processEnv(): Record<string, string | undefined> {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env ?? {};
}
