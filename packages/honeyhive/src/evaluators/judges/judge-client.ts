import { isRetryableFailure, parseRetryAfter, retryDelayMs } from "../../transport/retry-policy";

/** One chat message sent to the judge. */
export interface JudgeMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/**
 * Any OpenAI-compatible client: the `openai` package's `OpenAI` (or `AzureOpenAI`), or any object with
 * `chat.completions.create({ model, messages, temperature })` resolving to `{ choices: [{ message: { content } }] }`
 * (many providers and gateways offer this API).
 */
export interface OpenAICompatibleClient {
  chat: {
    completions: {
      create(body: { model: string; messages: JudgeMessage[]; temperature?: number }): PromiseLike<{ choices?: readonly { message?: { content?: string | null } | null }[] | null }>;
    };
  };
}

/** How 429 / 503 answers from the judge's client are retried. */
export interface JudgeRetryPolicy {
  /** Retries after the first attempt. @defaultValue 4 */
  maxRetries: number;
  /** First backoff, doubled each retry, with jitter; a Retry-After header wins. @defaultValue 500 */
  initialBackoffMs: number;
  /** Cap of one wait. @defaultValue 20000 */
  maxBackoffMs: number;
}

function statusOf(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" ? status : undefined;
}

function retryAfterOf(error: unknown): number | undefined {
  const headers = (error as { headers?: unknown } | null)?.headers;
  try {
    if (headers && typeof (headers as Headers).get === "function") return parseRetryAfter((headers as Headers).get("retry-after"));
    if (headers && typeof headers === "object") return parseRetryAfter((headers as Record<string, string | undefined>)["retry-after"]);
  } catch {
    return undefined;
  }
  return undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One chat completion with the SDK's retry rule for a request that is not idempotent (`retry-policy.ts`):
 * only "not processed" answers (429, 503) are retried, with backoff. Returns the reply text (null when the
 * model returned none); other errors are thrown as they are.
 */
export async function completeWithRetry(client: OpenAICompatibleClient, body: { model: string; messages: JudgeMessage[]; temperature?: number }, policy: JudgeRetryPolicy): Promise<string | null> {
  let backoff = policy.initialBackoffMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const response = await client.chat.completions.create(body);
      const content = response?.choices?.[0]?.message?.content;
      return typeof content === "string" ? content : null;
    } catch (error) {
      const status = statusOf(error);
      if (status === undefined || !isRetryableFailure({ kind: "status", status }, false) || attempt >= policy.maxRetries) throw error;
      await sleep(retryDelayMs(backoff, policy.maxBackoffMs, retryAfterOf(error)));
      backoff = Math.min(policy.maxBackoffMs, backoff * 2);
    }
  }
}
