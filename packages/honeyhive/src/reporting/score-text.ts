/**
 * A datapoint's scores as `name=value` text: text quoted, numbers by `numberText`, other values as they are; entries
 * named `_…` (explanations) left out. A test runner's case message shows numbers exact, beside the passing range
 * (`suffix` adds text after a score); the reports' failure lines round them as the result table does
 * (`failure-line.ts`).
 */
export function scoreAssignments(
  metrics: Readonly<Record<string, unknown>>, suffix?: (name: string) => string, numberText: (value: number) => string = String,
): string[] {
  return Object.entries(metrics)
    .filter(([name]) => !name.startsWith("_"))
    .map(([name, value]) => `${name}=${valueText(value, numberText)}${suffix?.(name) ?? ""}`);
}

function valueText(value: unknown, numberText: (value: number) => string): string {
  if (typeof value === "number") return numberText(value);
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}
