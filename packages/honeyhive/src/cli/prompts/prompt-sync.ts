/**
 * What `honeyhive prompts pull|push|diff` do against the server: pull writes each configuration's file per environment;
 * push creates or updates the configuration of each file whose content differs (an unchanged file writes nothing);
 * diff tells, per prompt and environment, whether the file and the server agree.
 */
import type { ApiClient } from "../../api-client/create-api-client";
import type { Configuration, ConfigurationEnv } from "../../api-client/configurations-api";
import { pickConfiguration } from "../../prompts/prompt-from-configuration";
import { UsageError } from "@honeyhive/core/cli/usage-error";
import { lineDiff } from "@honeyhive/core/prompts/prompt-change";
import { checkFileNamesDistinct, promptFileOf, readPromptFiles, writePromptFile, type PromptFile } from "./prompt-file";

async function listConfigurations(api: ApiClient, name?: string): Promise<Configuration[]> {
  const listed = await api.configurations.list(name === undefined ? {} : { name });
  if (!listed.ok) throw new Error(`could not list the prompts: ${listed.error}`);
  return listed.data.configurations;
}

/**
 * `pull`: one file per prompt and environment (the configuration `getPrompt()` serves there), named one to one from
 * the prompt's name; the lines to print. Refuses, before writing, names whose files would be one on a case-insensitive
 * file system.
 */
export async function pullPrompts(api: ApiClient, dir: string, name?: string): Promise<string[]> {
  const listed = await listConfigurations(api, name);
  if (name !== undefined && !listed.some((c) => c.name === name)) throw new UsageError(`the server holds no prompt named "${name}"`);
  if (listed.length === 0) return ["the server holds no prompts: nothing to pull"];
  const files = new Map<string, PromptFile>(); // one per prompt and environment: what getPrompt() serves there
  for (const c of listed) {
    for (const env of Array.isArray(c.env) ? c.env : []) {
      const id = `${String(c.name)}\u0000${env}`;
      const current = files.has(id) ? undefined : pickConfiguration(listed, String(c.name), env, undefined);
      if (current !== undefined) files.set(id, promptFileOf(current, env));
    }
  }
  checkFileNamesDistinct([...files.values()]);
  const lines: string[] = [];
  for (const file of files.values()) {
    const written = await writePromptFile(dir, file);
    lines.push(`${file.name}@${file.env}: ${written ? "written" : "unchanged"}`);
  }
  return lines;
}

function check(result: { ok: boolean; error?: string }, file: PromptFile): void {
  if (!result.ok) throw new Error(`${file.name}@${file.env}: ${result.error}`);
}

/**
 * Saves one file. A configuration deployed to several environments is one record: a file of one of them that changed
 * moves that environment to a new record of its own (the others keep theirs), so files never overwrite each other.
 */
async function pushOne(api: ApiClient, file: PromptFile, listed: readonly Configuration[]): Promise<string> {
  const current = pickConfiguration(listed, file.name, file.env, undefined);
  if (current !== undefined && promptFileOf(current, file.env).version === file.version) return "unchanged";
  const body = { name: file.name, provider: file.provider, parameters: file.parameters };
  const env = file.env as ConfigurationEnv;
  const others = (current?.env ?? []).filter((e) => e !== env);
  if (current !== undefined && others.length === 0) {
    check(await api.configurations.update(String(current.id), { ...body, env: [env] }), file);
    return "updated";
  }
  if (current !== undefined) check(await api.configurations.update(String(current.id), { name: file.name, env: others }), file);
  check(await api.configurations.create({ ...body, env: [env] }), file);
  return current !== undefined ? `updated (now its own record; ${others.join(", ")} unchanged)` : "created";
}

/**
 * `push`: each file whose content differs from the server's is saved; each file's line is handed to `report` as soon
 * as the server acknowledged it (a later failure rejects, and the files saved before it were reported).
 */
export async function pushPrompts(api: ApiClient, dir: string, report: (line: string) => void): Promise<void> {
  const files = await readPromptFiles(dir);
  if (files.length === 0) report(`no prompt files (*.json) in ${dir}: nothing to push`);
  for (const file of files) {
    const listed = await listConfigurations(api, file.name);
    report(`${file.name}@${file.env}: ${await pushOne(api, file, listed)}`);
  }
}

/** `diff`: per prompt and environment, whether file and server agree (with the parameters' line diff); `changed` when any differ. */
export async function diffPrompts(api: ApiClient, dir: string): Promise<{ lines: string[]; changed: boolean }> {
  const files = await readPromptFiles(dir);
  const listed = await listConfigurations(api);
  const lines: string[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    seen.add(`${file.name}@${file.env}`);
    const current = pickConfiguration(listed, file.name, file.env, undefined);
    if (current === undefined) {
      lines.push(`${file.name}@${file.env}: only in ${dir}`);
      continue;
    }
    const server = promptFileOf(current, file.env);
    if (server.version === file.version) continue;
    lines.push(`${file.name}@${file.env}: differs (- server, + file)`);
    const diff = lineDiff(JSON.stringify({ provider: server.provider, parameters: server.parameters }, null, 2), JSON.stringify({ provider: file.provider, parameters: file.parameters }, null, 2));
    for (const l of diff ?? []) if (l.kind !== "same") lines.push(`  ${l.kind === "del" ? "-" : "+"} ${l.text.trim()}`);
  }
  for (const c of listed) for (const env of Array.isArray(c.env) ? c.env : []) if (!seen.has(`${c.name}@${env}`)) lines.push(`${c.name}@${env}: only on the server`);
  return { lines, changed: lines.length > 0 };
}
