/**
 * A datapoint's scores as `name=value` text, as failure lines show them (the result table's "Failures:" and a test
 * runner's case message): text quoted, other values as they are; entries named `_…` (explanations) left out.
 * `suffix` adds text after a score (a runner's passing range).
 */
export function scoreAssignments(metrics: Readonly<Record<string, unknown>>, suffix?: (name: string) => string): string[] {
  return Object.entries(metrics)
    .filter(([name]) => !name.startsWith("_"))
    .map(([name, value]) => `${name}=${typeof value === "string" ? JSON.stringify(value) : String(value)}${suffix?.(name) ?? ""}`);
}
