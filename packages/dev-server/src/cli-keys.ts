/**
 * The API keys of `honeyhive serve`: `--api-key KEY` (the key its own project), `--api-key KEY=PROJECT` (the key in
 * project PROJECT: keys given the same project share it, as a project key and its ingestion and data plane keys do on
 * HoneyHive), repeatable, and `--keys-file FILE`, a JSON file holding what `createDevServer`'s `apiKeys` takes (a
 * list of keys, or an object from key to project name), which keeps the keys out of the process list. The value of
 * `--api-key` is split at its last `=` when a name follows it (a key ending in `=`, as base64 padding does, stays
 * whole); a project name has no `=`.
 */
import { readFileSync } from "node:fs";
import type { ApiKeyConfig } from "./routes/auth";

/** `KEY` or `KEY=PROJECT` (see the module comment); throws a one-line error for an empty key. */
function keyEntry(value: string): [string, string] {
  const at = value.lastIndexOf("=");
  const name = at >= 0 ? value.slice(at + 1).trim() : "";
  const key = (name === "" ? value : value.slice(0, at)).trim();
  if (key === "") throw new Error("an --api-key value has no key: give --api-key KEY or --api-key KEY=PROJECT");
  return [key, name];
}

/** The keys file's content, checked: a list of keys or an object from key to project name. */
function keysFromFile(path: string): [string, string][] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    const reason = error instanceof SyntaxError ? "it is not valid JSON" : (error as NodeJS.ErrnoException).code ?? "it cannot be read";
    throw new Error(`keys file ${path}: ${reason}`);
  }
  const entries: [unknown, unknown][] = Array.isArray(parsed)
    ? parsed.map((key) => [key, ""])
    : typeof parsed === "object" && parsed !== null ? Object.entries(parsed) : [];
  if (entries.length === 0) throw new Error(`keys file ${path} must hold a list of keys or an object from key to project name, with at least one key`);
  return entries.map(([key, name], i) => {
    if (typeof key !== "string" || key.trim() === "" || typeof name !== "string") {
      throw new Error(`keys file ${path}: entry ${i + 1} is not a key (a non-empty string) with a project name (a string)`);
    }
    return [key.trim(), name.trim()];
  });
}

/** The `--api-key` values as key and project name ("" for none); throws a one-line error (a usage error) for an empty key. */
export function apiKeyEntries(values: readonly string[]): [string, string][] {
  return values.filter((v) => v.trim() !== "").map(keyEntry);
}

/**
 * The `apiKeys` of the command line's `--api-key` entries and keys file (undefined when there is none): a plain list
 * when no key names a project, else a map from key to project name. Throws a one-line error for a bad file, or one
 * key given two projects.
 */
export function commandLineApiKeys(entries: readonly [string, string][], keysFile: string | undefined): ApiKeyConfig | undefined {
  const all = [...entries, ...(keysFile === undefined ? [] : keysFromFile(keysFile))];
  if (all.length === 0) return undefined;
  const byKey = new Map<string, string>();
  for (const [key, name] of all) {
    const known = byKey.get(key);
    if (known !== undefined && known !== name) throw new Error(`one API key is given two projects ("${known || "its own"}" and "${name || "its own"}")`);
    byKey.set(key, name);
  }
  return [...byKey.values()].every((name) => name === "") ? [...byKey.keys()] : Object.fromEntries(byKey);
}

/** The keys of an `apiKeys` value (the logger's secrets). */
export function keysOf(config: ApiKeyConfig | undefined): string[] {
  if (config === undefined) return [];
  return Array.isArray(config) ? [...(config as readonly string[])] : Object.keys(config);
}
