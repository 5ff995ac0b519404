import type { EvaluationResult } from "../../evaluation/types";
import type { ThresholdCheck } from "./thresholds";

/** A file that failed to load or an evaluation that failed to run. */
export interface ExecutionFailure {
  file: string;
  error: string;
}

/** Escapes text for XML attributes and content (and drops characters XML 1.0 cannot hold). */
export function xmlEscape(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function testcase(name: string, className: string, seconds: number, failure?: { type: string; message: string }): string {
  const open = `    <testcase name="${xmlEscape(name)}" classname="${xmlEscape(className)}" time="${seconds.toFixed(3)}"`;
  if (!failure) return `${open}/>`;
  return `${open}>\n      <failure type="${xmlEscape(failure.type)}" message="${xmlEscape(failure.message)}"/>\n    </testcase>`;
}

/**
 * A JUnit XML report: one `<testsuite>` per experiment with one `<testcase>` per datapoint run (failed when
 * the datapoint failed, timed out, was cancelled, or did not pass) and one per threshold; files that could
 * not run become a failed `<testsuite name="honeyhive eval">` case. Pure.
 */
export function formatJUnitReport(results: readonly EvaluationResult[], thresholds: readonly ThresholdCheck[], failures: readonly ExecutionFailure[]): string {
  const suites: string[] = [];
  for (const result of results) {
    const cases = result.datapoints.map((d) => {
      const name = `${d.datapointId}${d.trial > 0 ? `#${d.trial}` : ""}`;
      let failure: { type: string; message: string } | undefined;
      if (d.status !== "success") failure = { type: d.status, message: d.error ?? d.status };
      else if (Object.keys(d.evaluatorErrors).length > 0) failure = { type: "evaluator_error", message: Object.entries(d.evaluatorErrors).map(([k, v]) => `${k}: ${v}`).join("; ") };
      else if (!d.passed) failure = { type: "not_passed", message: `metrics ${JSON.stringify(d.metrics)}` };
      return testcase(name, result.name, d.durationMs / 1000, failure);
    });
    for (const check of thresholds.filter((t) => t.experiment === result.name)) {
      const message = check.reason ?? `average ${check.actual} < ${check.min}`;
      cases.push(testcase(`threshold ${check.metric} >= ${check.min}`, result.name, 0, check.passed ? undefined : { type: "threshold", message }));
    }
    const failed = cases.filter((c) => c.includes("<failure")).length;
    suites.push(
      `  <testsuite name="${xmlEscape(result.name)}" id="${xmlEscape(result.runId)}" tests="${cases.length}" failures="${failed}" errors="0" time="${result.stats.duration_s.toFixed(3)}">\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  if (failures.length > 0) {
    const cases = failures.map((f) => testcase(f.file, "honeyhive eval", 0, { type: "execution_error", message: f.error }));
    suites.push(`  <testsuite name="honeyhive eval" tests="${cases.length}" failures="0" errors="${cases.length}" time="0.000">\n${cases.join("\n").replace(/<failure /g, "<error ")}\n  </testsuite>`);
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="honeyhive eval">\n${suites.join("\n")}\n</testsuites>\n`;
}
