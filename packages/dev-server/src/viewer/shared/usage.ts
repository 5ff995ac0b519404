/**
 * Token counts and cost of a model call, read from whichever convention wrote them: OpenTelemetry
 * GenAI (`gen_ai.usage.input_tokens`, `output_tokens`, legacy `prompt_tokens` / `completion_tokens`),
 * OpenInference (`llm.token_count.prompt` / `completion` / `total`), Traceloop (`llm.usage.total_tokens`),
 * HoneyHive metadata (`total_tokens`, `prompt_tokens`, `completion_tokens`, `cost`: read first, as the dev server's
 * ingest writes the canonical model event's counts there, corrected where a dialect misreports) and an OpenAI-style
 * `usage` object — in metadata, metrics, config or outputs, stored flat or nested. Numbers and numeric
 * strings count; anything else is ignored.
 */
import { flatten } from "./flatten";

/** Tokens and cost; null where unknown. */
export interface Usage {
  input_tokens: number | null;
  output_tokens: number | null;
  total_tokens: number | null;
  cost: number | null;
}

const INPUT = ["prompt_tokens", "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens", "llm.token_count.prompt", "llm.usage.prompt_tokens", "input_tokens", "usage.prompt_tokens", "usage.input_tokens"];
const OUTPUT = ["completion_tokens", "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens", "llm.token_count.completion", "llm.usage.completion_tokens", "output_tokens", "usage.completion_tokens", "usage.output_tokens"];
const TOTAL = ["total_tokens", "gen_ai.usage.total_tokens", "llm.token_count.total", "llm.usage.total_tokens", "usage.total_tokens"];
const COST = ["gen_ai.usage.cost", "llm.usage.cost", "llm.cost.total", "cost", "total_cost", "usage.cost"];

/** The parts of an event usage is read from. */
export interface UsageSource {
  metadata?: unknown;
  metrics?: unknown;
  config?: unknown;
  outputs?: unknown;
}

function number(value: unknown): number | null {
  const n = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 0 ? n : null;
}

function pick(maps: readonly Map<string, unknown>[], keys: readonly string[]): number | null {
  for (const map of maps) {
    for (const key of keys) {
      const n = number(map.get(key));
      if (n !== null) return n;
    }
  }
  return null;
}

/** The usage of one event, or null when it records none. */
export function eventUsage(event: UsageSource): Usage | null {
  const maps = [event.metadata, event.metrics, event.config, event.outputs]
    .filter((v) => typeof v === "object" && v !== null)
    .map((v) => flatten(v, 2000));
  const input = pick(maps, INPUT);
  const output = pick(maps, OUTPUT);
  const total = pick(maps, TOTAL) ?? (input !== null || output !== null ? (input ?? 0) + (output ?? 0) : null);
  const cost = pick(maps, COST);
  if (input === null && output === null && total === null && cost === null) return null;
  return { input_tokens: input, output_tokens: output, total_tokens: total, cost };
}

/** The sum of several usages (a field is null only when no usage has it); null for none. */
export function sumUsage(usages: Iterable<Usage | null | undefined>): Usage | null {
  let out: Usage | null = null;
  const add = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);
  for (const u of usages) {
    if (!u) continue;
    out = out
      ? { input_tokens: add(out.input_tokens, u.input_tokens), output_tokens: add(out.output_tokens, u.output_tokens), total_tokens: add(out.total_tokens, u.total_tokens), cost: add(out.cost, u.cost) }
      : { ...u };
  }
  return out;
}
