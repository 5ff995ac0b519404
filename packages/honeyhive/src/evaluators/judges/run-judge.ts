import { DECISIVE_OPTIONS, checkOptionKeys } from "../../config/unknown-options";
import { type FieldAccessor, asText, checkAccessor, defaultContext, defaultExpected, defaultOutput, defaultQuestion, named, pick, scorerName } from "../fields";
import { type Score, type Scorer, excerpt } from "../score";
import { type JudgeMessage, type JudgeRetryPolicy, type OpenAICompatibleClient, completeWithRetry } from "./judge-client";
import { canonicalLabel, parseVerdict } from "./parse-verdict";
import { PROMPT_TEXTS } from "./prompt-texts.generated";
import type { EvaluatorContext } from "../../config/evaluator-types";

/** Options every LLM judge takes. */
export interface JudgeOptions {
  /** An OpenAI-compatible client, e.g. `new OpenAI()` (see {@link OpenAICompatibleClient}). */
  client: OpenAICompatibleClient;
  /** The judge model, e.g. `"gpt-4o-mini"`. */
  model: string;
  /** Metric name. @defaultValue the judge's own name, e.g. `factuality` */
  name?: string;
  /** @defaultValue 0 */
  temperature?: number;
  /** Extra attempts when the judge's reply cannot be parsed (the reason is sent back to it). @defaultValue 2 */
  parseRetries?: number;
  /** Retries of 429 / 503 answers, with backoff (Retry-After honoured). @defaultValue 4 */
  maxRetries?: number;
  /** First 429 backoff, doubled each retry. @defaultValue 500 */
  initialBackoffMs?: number;
  /** Cap of one backoff. @defaultValue 20000 */
  maxBackoffMs?: number;
  /** Longer field texts are cut to this many characters, with a visible marker. @defaultValue 20000 */
  maxFieldChars?: number;
  /** Reads the question. @defaultValue `inputs.question`/`query`/`input`/`prompt`, else the inputs as JSON */
  question?: FieldAccessor;
  /** Reads the answer to grade. @defaultValue the outputs, or their `answer`/`output`/... field */
  answer?: FieldAccessor;
  /** Reads the reference answer. @defaultValue the ground truth, or its `answer`/`expected`/... field */
  expected?: FieldAccessor;
  /** Reads the context (faithfulness). @defaultValue `inputs.context`/`contexts`/`documents`, else the ground truth's */
  context?: FieldAccessor;
}

/** A judge's result: the score of its verdict, the verdict label and the judge's explanation. */
export type JudgeScore = Score & {
  score: number;
  explanation: string;
  verdict: string;
};

/** What differs between judges: the prompt file, the verdict labels with their scores, the fields it needs. */
interface JudgeDefinition {
  readonly where: string;
  readonly defaultName: string;
  readonly prompt: keyof typeof PROMPT_TEXTS;
  readonly labels: Readonly<Record<string, number>>;
  readonly required: readonly ("expected" | "context")[];
  readonly extraKeys?: readonly string[];
  readonly fixed?: Readonly<Record<string, string>>;
  /** Default readers replacing the shared ones (a reader option still wins). */
  readonly defaults?: Partial<Record<JudgeField, (o: unknown, i: unknown, g: unknown) => unknown>>;
  /** Fields computed from the fields read, the datapoint and the evaluator's fourth argument (the trajectory judge's). */
  readonly derived?: (raw: Readonly<Record<JudgeField, unknown>>, context: EvaluatorContext | undefined) => Record<string, unknown>;
}

/** The fields every judge reads from the datapoint. */
type JudgeField = "question" | "answer" | "expected" | "context";

const JUDGE_OPTION_KEYS = ["client", "model", "name", "temperature", "parseRetries", "maxRetries", "initialBackoffMs", "maxBackoffMs", "maxFieldChars", "question", "answer", "expected", "context"];
const TAGS = /<\/(?=(?:question|expert_answer|submitted_answer|answer|context|rubric|reference|task|conversation|trajectory|reference_trajectory|criteria)>)/gi;

function count(value: unknown, option: string, where: string, fallback: number): number {
  const n = value ?? fallback;
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) throw new TypeError(`${where}: ${option} must be a non-negative integer`);
  return n;
}

/** A field's text for the prompt: cut to `max` characters, with the prompt's closing tags defused. */
function fieldText(value: unknown, max: number): string {
  const text = asText(value);
  const cut = text.length > max ? `${text.slice(0, max)}\n[… ${text.length - max} more characters cut]` : text;
  return cut.replace(TAGS, "</ ");
}

/** Replaces every `{{key}}` in one pass (so `{{…}}` inside the values is never expanded). */
export function fillTemplate(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`prompt placeholder {{${key}}} has no value`);
    return value;
  });
}

function resolveJudge(options: JudgeOptions, def: JudgeDefinition) {
  checkOptionKeys(options, [...JUDGE_OPTION_KEYS, ...(def.extraKeys ?? [])], def.where, DECISIVE_OPTIONS);
  if (!options) throw new TypeError(`${def.where}: options { client, model } are required`);
  if (typeof options.client?.chat?.completions?.create !== "function") throw new TypeError(`${def.where}: client must be an OpenAI-compatible client (with chat.completions.create)`);
  if (typeof options.model !== "string" || options.model.trim() === "") throw new TypeError(`${def.where}: model must be a non-empty string`);
  const temperature = options.temperature ?? 0;
  if (typeof temperature !== "number" || !Number.isFinite(temperature)) throw new TypeError(`${def.where}: temperature must be a number`);
  const readers = Object.fromEntries((["question", "answer", "expected", "context"] as const).map((key) => [key, checkAccessor(options[key], key, def.where)]));
  const policy: JudgeRetryPolicy = {
    maxRetries: count(options.maxRetries, "maxRetries", def.where, 4),
    initialBackoffMs: count(options.initialBackoffMs, "initialBackoffMs", def.where, 500),
    maxBackoffMs: count(options.maxBackoffMs, "maxBackoffMs", def.where, 20_000),
  };
  return {
    name: scorerName(options.name, def.defaultName, def.where), client: options.client, model: options.model, temperature, policy, readers,
    parseRetries: count(options.parseRetries, "parseRetries", def.where, 2), maxFieldChars: count(options.maxFieldChars, "maxFieldChars", def.where, 20_000),
  };
}

/** Builds a judge evaluator from its definition (shared by factuality, relevance, faithfulness and rubric judges). */
export function createJudge(options: JudgeOptions, def: JudgeDefinition): Scorer<JudgeScore> {
  const j = resolveJudge(options, def);
  const labels = Object.keys(def.labels);
  const template = PROMPT_TEXTS[def.prompt];
  const defaults = { question: defaultQuestion, answer: defaultOutput, expected: defaultExpected, context: defaultContext, ...def.defaults };
  return named(async (o: unknown, i: unknown, g: unknown, evaluatorContext?: EvaluatorContext): Promise<JudgeScore> => {
    const args = [o, i, g] as const;
    const raw: Record<string, unknown> = {
      question: pick(j.readers.question, defaults.question, args),
      answer: pick(j.readers.answer, defaults.answer, args),
      expected: pick(j.readers.expected, defaults.expected, args),
      context: pick(j.readers.context, defaults.context, args),
    };
    if (def.derived !== undefined) Object.assign(raw, def.derived(raw as Record<JudgeField, unknown>, evaluatorContext));
    for (const field of def.required) {
      if (raw[field] === undefined || raw[field] === null || asText(raw[field]).trim() === "") throw new TypeError(`${def.where}: no ${field} for this datapoint (pass a ${field} accessor, or put "${field}" in the ground truth or inputs)`);
    }
    const values: Record<string, string> = { ...def.fixed };
    for (const [key, value] of Object.entries(raw)) values[key] = fieldText(value, j.maxFieldChars);
    const messages: JudgeMessage[] = [{ role: "system", content: PROMPT_TEXTS.system }, { role: "user", content: fillTemplate(template, values) }];
    let lastReason = "";
    let lastReply: string | null = null;
    for (let attempt = 0; attempt <= j.parseRetries; attempt++) {
      lastReply = await completeWithRetry(j.client, { model: j.model, messages: [...messages], temperature: j.temperature }, j.policy);
      const parsed = parseVerdict(lastReply, labels);
      if (parsed.ok) return { score: def.labels[parsed.verdict]!, explanation: parsed.explanation, verdict: parsed.verdict };
      lastReason = parsed.reason;
      messages.push({ role: "assistant", content: lastReply ?? "" }, { role: "user", content: `Your reply could not be read: ${parsed.reason}. Reply with only the JSON object described above.` });
    }
    throw new Error(`${def.where}: the judge's reply could not be parsed after ${j.parseRetries + 1} attempts (${lastReason}); last reply: ${excerpt(lastReply ?? "", 120)}`);
  }, j.name);
}

/** Checks a custom verdict → score table: non-empty labels, distinct when compared, finite scores. */
export function checkChoices(choices: unknown, where: string): Readonly<Record<string, number>> {
  if (typeof choices !== "object" || choices === null || Array.isArray(choices)) throw new TypeError(`${where}: choices must be an object of verdict -> score`);
  const entries = Object.entries(choices as Record<string, unknown>);
  if (entries.length < 2) throw new TypeError(`${where}: choices needs at least two verdicts`);
  const seen = new Set<string>();
  for (const [label, score] of entries) {
    const canonical = canonicalLabel(label);
    if (canonical === "" || seen.has(canonical)) throw new TypeError(`${where}: verdict ${JSON.stringify(label)} is empty or repeats another`);
    seen.add(canonical);
    if (typeof score !== "number" || !Number.isFinite(score)) throw new TypeError(`${where}: the score of ${JSON.stringify(label)} must be a finite number`);
  }
  return Object.freeze(Object.fromEntries(entries)) as Record<string, number>;
}
