/**
 * Prompt files of `honeyhive prompts pull|push|diff`: one JSON file per prompt and environment,
 * `<dir>/<encoded name>.<env>.json`, holding what HoneyHive's configuration holds (name, env, provider, parameters) and
 * the content version (informational: recomputed on push). The format is documented in docs/guide/prompts.md ("Files").
 */
import { UsageError } from "@honeyhive/core/cli/usage-error";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Configuration, ConfigurationParameters } from "../../api-client/configurations-api";
import { configurationVersion } from "../../prompts/prompt-from-configuration";
import { encodeUtf8 } from "../../internal/utf8";

/** One prompt file's content. */
export interface PromptFile {
  name: string;
  env: string;
  /** The content version (the Prompts guide); recomputed from the content, never trusted. */
  version: string;
  provider: string;
  parameters: ConfigurationParameters;
}


/**
 * A prompt name as a file name part, one to one: letters, digits, `_`, `-` and `.` as they are, every other character
 * (`/`, `%`, spaces, non-ASCII) and a leading `.` as `%XX` per UTF-8 byte, so two names never share a file (`a/b` is
 * `a%2Fb`, `a_b` stays `a_b`).
 */
export function encodePromptName(name: string): string {
  let out = "";
  for (const char of name) {
    if (/^[A-Za-z0-9_.-]$/.test(char) && !(out === "" && char === ".")) out += char;
    else for (const byte of encodeUtf8(char)) out += `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

/** The file name of a prompt in an environment: `<encoded name>.<env>.json` (see {@link encodePromptName}). */
export function promptFileName(name: string, env: string): string {
  return `${encodePromptName(name)}.${env}.json`;
}

/**
 * Throws naming two prompts whose files would be one on a case-insensitive file system (macOS, Windows: `Support` and
 * `support`), before anything is written.
 */
export function checkFileNamesDistinct(files: readonly { name: string; env: string }[]): void {
  const seen = new Map<string, string>();
  for (const file of files) {
    const fileName = promptFileName(file.name, file.env);
    const folded = fileName.toLowerCase();
    const other = seen.get(folded);
    if (other !== undefined && other !== fileName) {
      throw new Error(`prompts "${file.name}" and the one written to ${other} would share a file on a case-insensitive file system (${fileName}); rename one of them`);
    }
    seen.set(folded, fileName);
  }
}

/** The file of configuration `c` in `env`. */
export function promptFileOf(c: Configuration, env: string): PromptFile {
  return { name: String(c.name), env, version: configurationVersion(c), provider: String(c.provider ?? ""), parameters: c.parameters };
}

/** The file's text: pretty JSON, a final newline. */
export function promptFileText(file: PromptFile): string {
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Writes `file` under `dir` unless it holds this text already (through a temporary file and a rename); true when written. */
export async function writePromptFile(dir: string, file: PromptFile): Promise<boolean> {
  const path = join(dir, promptFileName(file.name, file.env));
  const text = promptFileText(file);
  const existing = await readFile(path, "utf8").catch(() => undefined);
  if (existing === text) return false;
  await mkdir(dir, { recursive: true });
  await writeFile(`${path}.tmp`, text);
  await rename(`${path}.tmp`, path);
  return true;
}

const ENVS = ["dev", "staging", "prod"];
const CALL_TYPES = ["chat", "completion"];

/** The file's parameters with `call_type` defaulting to `"chat"`; throws naming what the server would refuse. */
function checkedParameters(parameters: Record<string, unknown>, path: string): ConfigurationParameters {
  const callType = parameters.call_type ?? "chat";
  if (!CALL_TYPES.includes(callType as string)) throw new Error(`${path}: parameters.call_type must be "chat" or "completion" (or left out: "chat")`);
  if (typeof parameters.model !== "string" || parameters.model === "") throw new Error(`${path}: parameters.model must name the model (a non-empty string)`);
  return { ...parameters, call_type: callType as ConfigurationParameters["call_type"], model: parameters.model };
}

function checkedFile(value: unknown, path: string): PromptFile {
  const f = value as Partial<PromptFile> | null;
  const ok = typeof f === "object" && f !== null && typeof f.name === "string" && f.name !== "" && typeof f.env === "string" && f.env !== "" &&
    typeof f.provider === "string" && typeof f.parameters === "object" && f.parameters !== null && !Array.isArray(f.parameters);
  if (!ok) throw new Error(`${path}: not a prompt file (needs name, env, provider and parameters)`);
  if (!ENVS.includes(f.env!)) throw new Error(`${path}: env must be one of ${ENVS.join(", ")} (got "${f.env}")`);
  const parameters = checkedParameters(f.parameters as Record<string, unknown>, path);
  return { name: f.name!, env: f.env!, provider: f.provider!, parameters, version: configurationVersion({ provider: f.provider!, parameters }) };
}

/**
 * Every `*.json` prompt file under `dir`; throws a {@link UsageError} when `dir` is not a folder (a mistyped `--dir`
 * must not push nothing in silence), and an error naming a file that is not a prompt file, or two files of one prompt
 * and environment (one would silently overwrite the other on the server).
 */
export async function readPromptFiles(dir: string): Promise<PromptFile[]> {
  const names = await readdir(dir).catch((error: unknown) => {
    throw new UsageError(`cannot read the folder "${dir}" (${(error as NodeJS.ErrnoException).code ?? String(error)}); give the prompt files' folder with --dir`);
  });
  const files: PromptFile[] = [];
  const pathOf = new Map<string, string>();
  for (const name of names.filter((n) => n.endsWith(".json")).sort()) {
    const path = join(dir, name);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(path, "utf8"));
    } catch (error) {
      throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    const file = checkedFile(parsed, path);
    const id = `${file.name}\u0000${file.env}`;
    const other = pathOf.get(id);
    if (other !== undefined) throw new Error(`${other} and ${path} both hold prompt "${file.name}" in env "${file.env}"; keep one`);
    pathOf.set(id, path);
    files.push(file);
  }
  return files;
}
