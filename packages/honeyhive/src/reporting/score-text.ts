/**
 * A datapoint's scores as `name=value` text, as a test runner's case message shows them: text quoted, other values
 * as they are (exact, beside the passing range); entries named `_…` (explanations) left out. The reports' failure
 * lines round numbers as the result table does (`failure-line.ts`).
 * `suffix` adds text after a score (a runner's passing range).
 */
export function scoreAssignments(metrics: Readonly<Record<string, unknown>>, suffix?: (name: string) => string): string[] {
  return Object.entries(metrics)
    .filter(([name]) => !name.startsWith("_"))
    .map(([name, value]) => `${name}=${typeof value === "string" ? JSON.stringify(value) : String(value)}${suffix?.(name) ?? ""}`);
}
