/** A metric value as recorded on spans and in results. */
export type MetricValue = number | boolean | string;

/** An evaluator's return value turned into metric entries. */
export interface NormalizedEvaluatorOutput {
  /** The score, or null when the evaluator returned nothing usable as a score. */
  readonly score: MetricValue | null;
  /** Entries to write as `honeyhive_metrics.<key>`: `<name>`, `<name>_explanation`, `<name>_<extra>`. */
  readonly metrics: Readonly<Record<string, MetricValue>>;
  /** Set when the return value had an unsupported type. */
  readonly problem?: string;
}

function isScalar(value: unknown): value is MetricValue {
  return typeof value === "number" || typeof value === "boolean" || typeof value === "string";
}

/**
 * NaN and ±Infinity are not scores: JSON has no such numbers, so a local result and the stored run would hold
 * different values (null here, text there). An evaluator returning one gets an evaluator error instead.
 */
function nonFiniteProblem(value: unknown, where: string): string | undefined {
  return typeof value === "number" && !Number.isFinite(value) ? `returned ${value}${where}, which is not a score (scores are finite numbers, booleans or strings)` : undefined;
}

function fromScalar(name: string, value: MetricValue): NormalizedEvaluatorOutput {
  const problem = nonFiniteProblem(value, "");
  return problem === undefined ? { score: value, metrics: { [name]: value } } : { score: null, metrics: {}, problem };
}

/** A one-element array of a scalar is that scalar's score; any other array is a problem. */
function fromArray(name: string, value: readonly unknown[]): NormalizedEvaluatorOutput {
  if (value.length === 1 && isScalar(value[0])) return fromScalar(name, value[0]);
  return { score: null, metrics: {}, problem: "returned an array (only a one-element array of a scalar is a score)" };
}

/** An object's `score`, `explanation` (as `<name>_explanation`) and scalar extras (as `<name>_<key>`). */
function fromRecord(name: string, record: Record<string, unknown>): NormalizedEvaluatorOutput {
  const metrics: Record<string, MetricValue> = {};
  let score: MetricValue | null = null;
  for (const [key, entry] of Object.entries(record)) {
    const problem = nonFiniteProblem(entry, ` as "${key}"`);
    if (problem !== undefined) return { score: null, metrics: {}, problem };
    if (key === "score") {
      if (isScalar(entry)) {
        score = entry;
        metrics[name] = entry;
      }
    } else if (key === "explanation") {
      if (entry !== null && entry !== undefined) metrics[`${name}_explanation`] = isScalar(entry) ? entry : String(entry);
    } else if (isScalar(entry)) {
      metrics[`${name}_${key}`] = entry;
    }
  }
  return { score, metrics };
}

/**
 * Normalises an evaluator's return value as the Python SDK does: a scalar (or a one-element array of one)
 * is the score; an object contributes `score`, `explanation` (as `<name>_explanation`) and scalar extras
 * (as `<name>_<key>`); `null`/`undefined` record nothing. Anything else, and NaN or ±Infinity anywhere, is
 * reported as a problem (the evaluator's error).
 */
export function normalizeEvaluatorOutput(name: string, value: unknown): NormalizedEvaluatorOutput {
  if (value === null || value === undefined) return { score: null, metrics: {} };
  if (isScalar(value)) return fromScalar(name, value);
  if (Array.isArray(value)) return fromArray(name, value);
  if (typeof value !== "object" || value instanceof Date) {
    return { score: null, metrics: {}, problem: `returned an unsupported ${typeof value} value` };
  }
  return fromRecord(name, value as Record<string, unknown>);
}
