/**
 * `honeyhive datasets push | pull | diff`: keeps a HoneyHive dataset in sync with a dataset file in the
 * repository (the formats `loadDataset` reads), and pins its content version in a lock file.
 * Exit codes: 0 done (diff: the contents are equal), 1 failed (push: any write failed; diff: they differ),
 * 2 a usage or input error (a file that cannot be read, invalid JSON or rows; diff: it could not compare).
 */
import { writeFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { UsageError, formatUsageError } from "@honeyhive/core/cli/usage-error";
import { parseArgsMessage } from "@honeyhive/core/cli/parse-args-message";
import { HoneyHive } from "../../facade/honeyhive";
import { checkServerUrl, serverUrlSource } from "../../config/server-url";
import { HoneyHiveApiError } from "../../api-client/honeyhive-api-error";
import { EvaluationConfigError } from "../../config/evaluation-config-error";
import { DatasetPushError } from "../../datasets/dataset-push-error";
import { pushDataset } from "../../datasets/push-dataset";
import { diffDataset, pullDataset } from "../../datasets/pull-dataset";
import { lockFilePath } from "../../datasets/lock-file";

const COMMAND = "honeyhive datasets";

const DATASETS_USAGE = `Usage: honeyhive datasets <push|pull|diff> <name> [file] [options]

  push <name> <file>   Make dataset <name> hold the rows of <file> (.jsonl or .json), creating it when
                       missing. Only what differs is written: new rows in batches, a changed row one
                       update; with --mode replace a row gone from the file is one delete. Extra copies
                       of a row (one external id held twice) are deleted. The counts printed are writes
                       the server acknowledged, and the version is read back from the server. When a
                       write fails, push prints what was acknowledged and each failed row, and exits 1:
                       run it again to finish (it writes only what is still missing).
  pull <name> <file>   Write dataset <name> to <file> (.json: a JSON array, else JSON Lines), each row once.
  diff <name> <file>   Print the rows a replace push would add (+), change (~) and remove (-), and the
                       extra copies it would delete (!); exit 0 only when the contents are equal.

Options:
  --key <field>        The row field holding each row's external id (default: the row's "id" or
                       "datapoint_id", else a hash of the row)
  --mode <mode>        push: upsert (default, never deletes) or replace
  --lock               pull: also write the content version to <file without extension>.lock.json
  --server-url <url>   Server (default: HH_API_URL, then HoneyHive's API)
  --json               Print the outcome as JSON
  -h, --help           Show this help

The API key is read from HH_API_KEY and is never printed.
Exit codes: 0 done (diff: the contents are equal), 1 failed: a request failed, or diff found differences,
2 a usage or input error: a bad option, a file that cannot be read or holds invalid JSON or rows, no dataset
of that name to pull (diff: the comparison could not be made).`;

const OPTIONS = {
  key: { type: "string" },
  mode: { type: "string" },
  lock: { type: "boolean" },
  "server-url": { type: "string" },
  json: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

type Values = ReturnType<typeof parseArgs<{ args: string[]; strict: true; allowPositionals: true; options: typeof OPTIONS }>>["values"];

function parse(args: string[]): { values: Values; positionals: string[] } {
  try {
    return parseArgs({ args, strict: true, allowPositionals: true, options: OPTIONS });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error, OPTIONS));
  }
}

function clientOf(values: Values): HoneyHive {
  if (!process.env.HH_API_KEY) throw new UsageError("HH_API_KEY is not set (the API key of the project holding the dataset)");
  const source = serverUrlSource(values["server-url"], "--server-url");
  const refused = checkServerUrl(source.raw, source.name).errors;
  if (refused.length > 0) throw new UsageError(refused.join("; "));
  return new HoneyHive({ serverUrl: source.raw });
}

function modeOf(text: string | undefined): "upsert" | "replace" | undefined {
  if (text === undefined || text === "upsert" || text === "replace") return text;
  throw new UsageError(`--mode must be upsert or replace, got "${text}"`);
}

/** Failed rows printed before "… and N more". */
const FAILURES_SHOWN = 20;

function writtenText(w: { added: string[]; changed: string[]; removed: string[]; duplicatesRemoved: number }): string {
  const copies = w.duplicatesRemoved > 0 ? `, ${w.duplicatesRemoved} extra ${w.duplicatesRemoved === 1 ? "copy" : "copies"} removed` : "";
  return `${w.added.length} added, ${w.changed.length} changed, ${w.removed.length} removed${copies}`;
}

/** A push that did not finish: what the server acknowledged, then each failed write (on stderr). */
function reportPushFailure(name: string, error: DatasetPushError, json: boolean | undefined): number {
  if (json) console.log(JSON.stringify({ error: error.message, written: error.written, failures: error.failures }, null, 2));
  const { written, failures } = error;
  const where = written.datasetId ? ` (${written.datasetId})` : "";
  console.error(`${COMMAND}: push of "${name}"${where} did not finish: ${writtenText(written)} (acknowledged by the server), ${failures.length} write(s) failed`);
  for (const failure of failures.slice(0, FAILURES_SHOWN)) console.error(`  ${failure.action} "${failure.key}": ${failure.error}`);
  if (failures.length > FAILURES_SHOWN) console.error(`  … and ${failures.length - FAILURES_SHOWN} more`);
  if (failures.length === 0) console.error(`  ${error.message}`);
  console.error("Run the same push again to finish: it writes only what the server does not hold yet.");
  return 1;
}

async function push(name: string, file: string, values: Values): Promise<number> {
  let pushed;
  try {
    pushed = await pushDataset(clientOf(values), name, file, { key: values.key, mode: modeOf(values.mode) });
  } catch (error) {
    if (error instanceof DatasetPushError) return reportPushFailure(name, error, values.json);
    throw error;
  }
  if (values.json) console.log(JSON.stringify(pushed, null, 2));
  else console.log(`${pushed.created ? "created" : "updated"} dataset "${name}" (${pushed.datasetId}): ${writtenText(pushed)}, ${pushed.unchanged} unchanged; version ${pushed.version}`);
  return 0;
}

async function pull(name: string, file: string, values: Values): Promise<number> {
  const pulled = await pullDataset(clientOf(values), name, { key: values.key });
  const text = /\.json$/i.test(file) ? `${JSON.stringify(pulled.items, null, 2)}\n` : pulled.items.map((item) => `${JSON.stringify(item)}\n`).join("");
  await writeFile(file, text);
  const lock = values.lock ? lockFilePath(file) : undefined;
  if (lock !== undefined) await writeFile(lock, `${JSON.stringify(pulled.lock, null, 2)}\n`);
  if (values.json) console.log(JSON.stringify({ datasetId: pulled.datasetId, file, lock, version: pulled.version, datapoints: pulled.items.length, duplicates: pulled.duplicates }, null, 2));
  else console.log(`wrote ${pulled.items.length} row(s) of dataset "${name}" to ${file}${lock ? ` and ${lock}` : ""}; version ${pulled.version}`);
  if (pulled.duplicates.length > 0 && !values.json) {
    console.error(`${COMMAND}: the dataset holds ${pulled.duplicates.length} extra copies of rows (${[...new Set(pulled.duplicates)].slice(0, 5).join(", ")}); ${file} has each row once, and pushing it removes the copies`);
  }
  return 0;
}

async function diff(name: string, file: string, values: Values): Promise<number> {
  const found = await diffDataset(clientOf(values), name, file, { key: values.key });
  if (values.json) console.log(JSON.stringify(found, null, 2));
  else {
    for (const key of found.added) console.log(`+ ${key}`);
    for (const key of found.changed) console.log(`~ ${key}`);
    for (const key of found.removed) console.log(`- ${key}`);
    for (const key of found.duplicates) console.log(`! ${key} (an extra copy)`);
    const copies = found.duplicates.length > 0 ? `, ${found.duplicates.length} extra copies` : "";
    const summary = `${found.added.length} added, ${found.changed.length} changed, ${found.removed.length} removed${copies}`;
    console.log(`${summary}; local ${found.localVersion}, server ${found.remoteVersion ?? "(no such dataset)"}${found.equal ? " (equal)" : ""}`);
  }
  return found.equal ? 0 : 1;
}

const ACTIONS = { push, pull, diff } as const;

/**
 * The exit code and message of an error the command reports: 2 for an input error (a dataset file that cannot be
 * read or holds invalid JSON or rows, an invalid key, a dataset name the server does not hold), as for a usage error;
 * a request that failed is 1 (diff: 2, it could not compare). Undefined for anything else (rethrown).
 */
function failure(error: unknown, action: string | undefined): { message: string; code: number } | undefined {
  if (error instanceof EvaluationConfigError) return { message: error.message, code: 2 }; // DatasetFileError included
  if (error instanceof HoneyHiveApiError) return { message: error.message, code: action === "diff" ? 2 : 1 };
  return undefined;
}

/** Runs `honeyhive datasets`; resolves with the exit code. */
export async function runDatasetsCommand(args: string[]): Promise<number> {
  let action: string | undefined;
  try {
    const { values, positionals } = parse(args);
    if (values.help || positionals.length === 0) {
      console.log(DATASETS_USAGE);
      return values.help ? 0 : 2;
    }
    const [given, name, file, ...extra] = positionals;
    action = given;
    if (!(action! in ACTIONS)) throw new UsageError(`unknown action "${action}" (actions: push, pull, diff)`);
    if (name === undefined || file === undefined) throw new UsageError(`${action} needs a dataset name and a file: honeyhive datasets ${action} <name> <file>`);
    if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
    if (values.lock && action !== "pull") throw new UsageError("--lock is an option of pull");
    return await ACTIONS[action as keyof typeof ACTIONS](name, file, values);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(formatUsageError(COMMAND, error.message));
      return 2;
    }
    const failed = failure(error, action);
    if (failed === undefined) throw error;
    console.error(`${COMMAND}: ${failed.message}`);
    return failed.code;
  }
}
