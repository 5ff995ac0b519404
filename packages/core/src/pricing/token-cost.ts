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

type Part = readonly [tokens: number | null | undefined, price: TokenPrice | undefined];

/**
 * The priced terms (tokens × dollars per million) of a total split into parts, each part capped by what is left:
 * the rest at `plain` first, then each part (in the order the sum has always been taken, so figures stay stable).
 */
function splitTerms(total: number | null, plain: TokenPrice, parts: readonly Part[], inputTokens: number): number[] {
  let left = total ?? Infinity;
  const terms: number[] = [];
  for (const [tokens, price] of parts) {
    const n = Math.min(count(tokens) ?? 0, left);
    left -= n;
    terms.push(n * tokenPriceFor(price ?? plain, inputTokens));
  }
  const rest = total === null ? 0 : left; // what no part took (never below 0: each part is capped by what is left)
  return [rest * tokenPriceFor(plain, inputTokens), ...terms];
}

/** The cost in US dollars, or null when the call reports neither input nor output tokens. */
export function tokenCost(price: DatasetModelPrice, usage: CallTokenUsage): number | null {
  const input = count(usage.inputTokens);
  const output = count(usage.outputTokens);
  if (input === null && output === null) return null;
  const tier = input ?? 0;
  const inputTerms = splitTerms(input, price.input, [
    [usage.cacheReadTokens, price.cacheRead],
    [usage.cacheWriteTokens, price.cacheWrite],
    [usage.inputAudioTokens, price.inputAudio],
    [usage.inputImageTokens, price.inputImage],
  ], tier);
  const outputTerms = splitTerms(output, price.output, [
    [usage.reasoningTokens, price.reasoning],
    [usage.outputAudioTokens, price.outputAudio],
    [usage.outputImageTokens, price.outputImage],
  ], tier);
  let dollars = 0;
  for (const term of [...inputTerms, ...outputTerms]) dollars += term;
  return Number.isFinite(dollars) ? dollars * PER_TOKEN : null;
}
