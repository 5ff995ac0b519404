/**
 * `honeyhive prompts pull|push|diff`: keeps prompts (HoneyHive configurations) in the repository, one JSON file per
 * prompt and environment. Exit codes: 0 done (diff: no difference), 1 diff found a difference or a request failed,
 * 2 a usage or input error (a folder that cannot be read, a `--name` the server does not hold).
 */
import { parseArgs } from "node:util";
import { createApiClientIn } from "../../api-client/create-api-client";
import { checkServerUrl, serverUrlSource } from "../../config/server-url";
import { readEnv } from "../../internal/env";
import { UsageError, formatUsageError } from "@honeyhive/core/cli/usage-error";
import { parseArgsMessage } from "@honeyhive/core/cli/parse-args-message";
import { scrubSecrets } from "@honeyhive/core/log/logger";
import { diffPrompts, pullPrompts, pushPrompts } from "../prompts/prompt-sync";

const COMMAND = "honeyhive prompts";

const PROMPTS_USAGE = `Usage: honeyhive prompts <pull|push|diff> [options]

Keeps prompts in the repository: one JSON file per prompt and environment, <dir>/<name>.<env>.json
(characters of the name other than letters, digits, _ - . as %XX; the format: the Prompts guide, "Files").
  pull   Write every prompt of the server (or --name) to its files; unchanged files are not rewritten
  push   Save each file whose content differs from the server's (an unchanged file writes nothing)
  diff   List the prompts whose file and server differ (exit 1 when any do)

Options:
  --dir <dir>     Folder of the prompt files (default: prompts)
  --name <name>   pull: only this prompt
  -h, --help      Show this help

Server and key: HH_API_URL and HH_API_KEY (the key is never printed).`;

const OPTIONS = { dir: { type: "string" }, name: { type: "string" }, help: { type: "boolean", short: "h" } } as const;

function parse(args: string[]): { action: string; dir: string; name?: string } | "help" {
  let parsed;
  try {
    parsed = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error, OPTIONS));
  }
  if (parsed.values.help) return "help";
  const [action, ...extra] = parsed.positionals;
  if (action === undefined || !["pull", "push", "diff"].includes(action)) throw new UsageError(`give pull, push or diff${action ? ` (got "${action}")` : ""}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  return { action, dir: parsed.values.dir ?? "prompts", ...(parsed.values.name ? { name: parsed.values.name } : {}) };
}

/** Runs `honeyhive prompts`; the exit code. */
export async function runPromptsCommand(args: string[]): Promise<number> {
  let options;
  try {
    options = parse(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(formatUsageError(COMMAND, error.message));
    return 2;
  }
  if (options === "help") {
    console.log(PROMPTS_USAGE);
    return 0;
  }
  const env = readEnv();
  if (!env.HH_API_KEY) {
    console.error(`${COMMAND}: needs HH_API_KEY (and HH_API_URL for a local server)`);
    return 2;
  }
  const source = serverUrlSource(undefined);
  const refused = checkServerUrl(source.raw, source.name).errors;
  if (refused.length > 0) {
    console.error(formatUsageError(COMMAND, refused.join("; ")));
    return 2;
  }
  const api = createApiClientIn({ apiKey: env.HH_API_KEY, serverUrl: source.raw }, { serverUrlName: source.name });
  try {
    if (options.action === "diff") {
      const { lines, changed } = await diffPrompts(api, options.dir);
      for (const line of lines) console.log(line);
      if (!changed) console.log("no differences");
      return changed ? 1 : 0;
    }
    if (options.action === "push") {
      await pushPrompts(api, options.dir, (line) => console.log(line)); // each file once the server acknowledged it
      return 0;
    }
    for (const line of await pullPrompts(api, options.dir, options.name)) console.log(line);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(formatUsageError(`${COMMAND} ${options.action}`, scrubSecrets(error.message, [env.HH_API_KEY])));
      return 2;
    }
    console.error(`${COMMAND} ${options.action}: ${scrubSecrets(error instanceof Error ? error.message : String(error), [env.HH_API_KEY])}`);
    return 1;
  }
}
