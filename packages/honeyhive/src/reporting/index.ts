/** Front ends of evaluate(): the public evaluate() for scripts, its reporter, progress display and result text. */
export { evaluate, evaluateWithTracers } from "./evaluate";
export { formatEvaluationResult, formatNumber, formatTable } from "./format-result";
export { createProgressDisplay, scriptProgressMode, type ProgressDisplay, type ProgressMode } from "./progress-display";
export { scriptReporter } from "./script-reporter";
