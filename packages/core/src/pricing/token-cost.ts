/**
 * A call's token counts × a model's prices (US dollars per million tokens). Input counts every input token and
 * output every output token; cache reads and writes, audio and image tokens are parts of the input, reasoning, audio
 * and image tokens parts of the output, each priced at its own rate (default: the plain rate) and never twice. A
 * tiered price is taken at the call's input token count.
 */
import { tokenPriceFor, type DatasetModelPrice, type TokenPrice } from "./price-dataset";

/** Token counts of one call (canonical meaning: see above). Absent or null means "not reported". */
export interface CallTokenUsage {
  readonly inputTokens?: number | null;
  readonly outputTokens?: number | null;
  readonly cacheReadTokens?: number | null;
  readonly cacheWriteTokens?: number | null;
  readonly reasoningTokens?: number | null;
  readonly inputAudioTokens?: number | null;
  readonly outputAudioTokens?: number | null;
  readonly inputImageTokens?: number | null;
  readonly outputImageTokens?: number | null;
}

const PER_TOKEN = 1 / 1_000_000;
/** More tokens than any call can have: such a count is corrupt data, read as "not reported". */
const MAX_TOKEN_COUNT = 1e12;

function count(value: number | null | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= MAX_TOKEN_COUNT ? value : null;
}

/** A part of a total: the usage field holding its tokens and the price field of its rate. */
type Part = readonly [tokens: keyof CallTokenUsage, price: keyof DatasetModelPrice];

/** The parts of the input (each priced at its own rate), in the order their terms are summed. */
const INPUT_PARTS: readonly Part[] = [
  ["cacheReadTokens", "cacheRead"], ["cacheWriteTokens", "cacheWrite"], ["inputAudioTokens", "inputAudio"], ["inputImageTokens", "inputImage"],
];
/** The parts of the output, likewise. */
const OUTPUT_PARTS: readonly Part[] = [["reasoningTokens", "reasoning"], ["outputAudioTokens", "outputAudio"], ["outputImageTokens", "outputImage"]];

/** The tokens of `part` a total of `left` tokens still has room for. */
function partTokens(usage: CallTokenUsage, part: Part, left: number): number {
  return Math.min(count(usage[part[0]]) ?? 0, left);
}

/**
 * `sum` plus the priced terms (tokens × dollars per million) of a total split into `parts`, each part capped by what
 * is left: the rest at `plain` first, then each part in order (the order the sum has always been taken, so figures
 * stay stable). Adds term by term, building no list: a model span is priced at every ingest.
 */
function addSplitTerms(sum: number, total: number | null, plain: TokenPrice, parts: readonly Part[], usage: CallTokenUsage, price: DatasetModelPrice, inputTokens: number): number {
  let left = total ?? Infinity;
  for (let i = 0; i < parts.length; i++) left -= partTokens(usage, parts[i]!, left);
  const rest = total === null ? 0 : left; // what no part took (never below 0: each part is capped by what is left)
  let out = sum + rest * tokenPriceFor(plain, inputTokens);
  left = total ?? Infinity;
  for (let i = 0; i < parts.length; i++) {
    const n = partTokens(usage, parts[i]!, left);
    left -= n;
    out += n * tokenPriceFor(price[parts[i]![1]] ?? plain, inputTokens);
  }
  return out;
}

/** The cost in US dollars, or null when the call reports neither input nor output tokens. */
export function tokenCost(price: DatasetModelPrice, usage: CallTokenUsage): number | null {
  const input = count(usage.inputTokens);
  const output = count(usage.outputTokens);
  if (input === null && output === null) return null;
  const tier = input ?? 0;
  const dollars = addSplitTerms(addSplitTerms(0, input, price.input, INPUT_PARTS, usage, price, tier), output, price.output, OUTPUT_PARTS, usage, price, tier);
  return Number.isFinite(dollars) ? dollars * PER_TOKEN : null;
}
