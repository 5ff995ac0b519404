/**
 * Prompt files of `honeyhive prompts pull|push|diff`: one JSON file per prompt and environment,
 * `<dir>/<name>.<env>.json`, holding what HoneyHive's configuration holds (name, env, provider, parameters) and the
 * content version (informational: recomputed on push).
 */
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Configuration, ConfigurationParameters } from "../../api-client/configurations-api";
import { configurationVersion } from "../../prompts/prompt-from-configuration";

/** One prompt file's content. */
export interface PromptFile {
  name: string;
  env: string;
  /** The content version (README "Prompts"); recomputed from the content, never trusted. */
  version: string;
  provider: string;
  parameters: ConfigurationParameters;
}

/** The file name of a prompt in an environment (`/` and other unsafe characters of the name replaced by `_`). */
export function promptFileName(name: string, env: string): string {
  return `${name.replace(/[^\w.-]/g, "_")}.${env}.json`;
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

function checkedFile(value: unknown, path: string): PromptFile {
  const f = value as Partial<PromptFile> | null;
  const ok = typeof f === "object" && f !== null && typeof f.name === "string" && f.name !== "" && typeof f.env === "string" && f.env !== "" &&
    typeof f.provider === "string" && typeof f.parameters === "object" && f.parameters !== null && !Array.isArray(f.parameters);
  if (!ok) throw new Error(`${path}: not a prompt file (needs name, env, provider and parameters)`);
  return { name: f.name!, env: f.env!, provider: f.provider!, parameters: f.parameters!, version: configurationVersion({ provider: f.provider!, parameters: f.parameters! }) };
}

/** Every `*.json` prompt file under `dir` (none when it does not exist); throws naming a file that is not one. */
export async function readPromptFiles(dir: string): Promise<PromptFile[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const files: PromptFile[] = [];
  for (const name of names.filter((n) => n.endsWith(".json")).sort()) {
    const path = join(dir, name);
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(path, "utf8"));
    } catch (error) {
      throw new Error(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
    files.push(checkedFile(parsed, path));
  }
  return files;
}
