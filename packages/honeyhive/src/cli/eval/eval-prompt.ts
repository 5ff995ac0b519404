/** `honeyhive eval --prompt name@env`: the argument, and the prompt fetched once for every evaluation of the run. */
import { UsageError } from "@honeyhive/core/cli/usage-error";
import { HoneyHive } from "../../facade/honeyhive";
import type { Prompt } from "../../prompts/prompt";
import { PROMPT_ENVS } from "../../prompts/get-prompt-options";
import { DEFAULT_SERVER_URL } from "../../config/resolve-config";
import { createLogger } from "../../internal/logger";
import { scrubSecrets } from "@honeyhive/core/log/logger";

/** A prompt named on the command line: its name and environment (`prod` when no `@env` is given). */
export interface PromptArg {
  name: string;
  env: (typeof PROMPT_ENVS)[number];
}

/** Parses `name@env` (or `name`); throws a {@link UsageError} for an empty name or environment. */
export function parsePromptArg(text: string): PromptArg {
  const at = text.lastIndexOf("@");
  const name = (at < 0 ? text : text.slice(0, at)).trim();
  const env = (at < 0 ? "prod" : text.slice(at + 1)).trim();
  if (name === "" || env === "") throw new UsageError(`--prompt expects name@env, e.g. --prompt support-answer@staging (got "${text}")`);
  const known = PROMPT_ENVS.find((e) => e === env);
  if (known === undefined) throw new UsageError(`--prompt: the environment must be one of ${PROMPT_ENVS.join(", ")} (got "${env}")`);
  return { name, env: known };
}

/** Fetches the prompt with `getPrompt` (no fallback): the prompt, or the problem to print (exit 2). */
export async function fetchEvalPrompt(arg: PromptArg, apiKey: string | undefined, serverUrl: string | undefined): Promise<{ prompt: Prompt } | { problem: string }> {
  if (!apiKey) return { problem: "--prompt needs HH_API_KEY (and HH_API_URL for a local server)" };
  const client = new HoneyHive({ apiKey, serverUrl: serverUrl ?? DEFAULT_SERVER_URL, logger: createLogger({ sink: () => undefined }) });
  try {
    return { prompt: await client.getPrompt(arg.name, { env: arg.env }) };
  } catch (error) {
    return { problem: `--prompt ${arg.name}@${arg.env}: ${scrubSecrets(error instanceof Error ? error.message : String(error), [apiKey])}` };
  }
}
