/**
 * What `evaluate()` imports on its first call: the run engine and the script reporter. Kept out of the module graph
 * that `import "honeyhive"` loads, so an application that only traces never compiles them (decision record 0041).
 */
export { runEvaluation } from "../evaluation/evaluate-core";
export { scriptReporter } from "./script-reporter";
