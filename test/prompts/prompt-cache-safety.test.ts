// getPrompt()'s file cache and templates under what real use brings: one cache directory shared by two projects and
// two servers with the API down, a FIFO, a device or an oversized file at a cache path, and a template broken on the
// server. The real dev server (one project per API key) behind the spec-checking proxy, real files, real HTTP.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, vi } from "vitest";
import { createDevServer } from "../../packages/dev-server/src/index";
import {
  HoneyHive, PromptTemplateError, PromptUnavailableError, createApiClient, promptServingNotes,
} from "../../packages/honeyhive/src/index";
import { Prompt } from "../../packages/honeyhive/src/prompts/prompt";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { startSpecCheckingProxy } from "../helpers/spec-checking-proxy";

const KEY_A = "hh_prompt_cache_project_a";
const KEY_B = "hh_prompt_cache_project_b";
const quiet = createLogger({ sink: () => undefined });

/** A dev server behind its proxy, with `prompts` created under each key; `kill()` takes both down (the API is gone). */
async function serverWith(prompts: Record<string, { name: string; template: string }[]>) {
  const server = await createDevServer({ port: 0, host: "127.0.0.1", inMemory: true, logger: quiet });
  const proxy = await startSpecCheckingProxy(server.url);
  for (const [key, list] of Object.entries(prompts)) {
    const api = createApiClient({ apiKey: key, serverUrl: proxy.url });
    for (const { name, template } of list) {
      const created = await api.configurations.create({ name, provider: "openai", env: ["prod"], parameters: { call_type: "chat", model: "gpt-4o-mini", template } });
      if (!created.ok) throw new Error(created.error);
    }
  }
  return { url: proxy.url, api: (key: string) => createApiClient({ apiKey: key, serverUrl: proxy.url }), kill: async () => { await proxy.close(); await server.close(); } };
}

function clientIn(dir: string, apiKey: string, serverUrl: string, lines?: string[]): HoneyHive {
  const logger = lines === undefined ? quiet : createLogger({ sink: (_level, line) => void lines.push(line) });
  return new HoneyHive({ apiKey, serverUrl, logger, promptCacheDir: dir });
}

/** The one cache file in `dir` once the background write is done. */
async function onlyCacheFile(dir: string): Promise<string> {
  await vi.waitFor(() => expect(readdirSync(dir).filter((f) => f.endsWith(".json"))).toHaveLength(1));
  return join(dir, readdirSync(dir).find((f) => f.endsWith(".json"))!);
}

describe("the file cache is keyed by server and project", () => {
  it("with a shared directory and the API down, a project never reads another's entry, nor another server's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hh-prompt-scope-"));
    const up = await serverWith({ [KEY_A]: [{ name: "support", template: "Project A: {{q}}" }], [KEY_B]: [{ name: "support", template: "Project B: {{q}}" }] });
    expect((await clientIn(dir, KEY_A, up.url).getPrompt("support")).template).toBe("Project A: {{q}}");
    await onlyCacheFile(dir);
    await up.kill();

    const b = await clientIn(dir, KEY_B, up.url).getPrompt("support").catch((e: unknown) => e);
    expect(b).toBeInstanceOf(PromptUnavailableError);
    const bWithFallback = await clientIn(dir, KEY_B, up.url).getPrompt("support", { fallback: "B's own: {{q}}" });
    expect([bWithFallback.source, bWithFallback.template]).toEqual(["fallback", "B's own: {{q}}"]);

    const elsewhere = await clientIn(dir, KEY_A, "http://127.0.0.1:9").getPrompt("support", { timeoutMs: 2_000 }).catch((e: unknown) => e);
    expect(elsewhere).toBeInstanceOf(PromptUnavailableError);

    const a = await clientIn(dir, KEY_A, `${up.url}/`).getPrompt("support");
    expect([a.source, a.template]).toEqual(["file", "Project A: {{q}}"]);
    expect(readdirSync(dir).join("\n")).not.toContain(KEY_A); // the key is never in a file name
  });

  it("two projects warmed into one directory each get their own back", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hh-prompt-scope2-"));
    const up = await serverWith({ [KEY_A]: [{ name: "support", template: "A {{q}}" }], [KEY_B]: [{ name: "support", template: "B {{q}}" }] });
    await clientIn(dir, KEY_A, up.url).getPrompt("support");
    await clientIn(dir, KEY_B, up.url).getPrompt("support");
    await vi.waitFor(() => expect(readdirSync(dir).filter((f) => f.endsWith(".json"))).toHaveLength(2));
    await up.kill();
    expect((await clientIn(dir, KEY_A, up.url).getPrompt("support")).template).toBe("A {{q}}");
    expect((await clientIn(dir, KEY_B, up.url).getPrompt("support")).template).toBe("B {{q}}");
  });
});

describe("only a regular file of bounded size is read", () => {
  const cases: [string, (path: string) => void, RegExp][] = [
    ["a FIFO", (path) => execFileSync("mkfifo", [path]), /is not a regular file: ignored/],
    ["/dev/zero", (path) => symlinkSync("/dev/zero", path), /is not a regular file: ignored/],
    ["a directory", (path) => execFileSync("mkdir", [path]), /is not a regular file: ignored/],
    ["a 5 MB file", (path) => writeFileSync(path, " ".repeat(5 * 1024 * 1024)), /is larger than 4194304 bytes: ignored/],
  ];
  it.each(cases)("%s at the cache path is refused unread: the fallback is served, with a warning", async (_what, replace, warning) => {
    const dir = mkdtempSync(join(tmpdir(), "hh-prompt-special-"));
    const up = await serverWith({ [KEY_A]: [{ name: "special", template: "Good {{q}}" }] });
    await clientIn(dir, KEY_A, up.url).getPrompt("special");
    const path = await onlyCacheFile(dir);
    await up.kill();
    rmSync(path);
    replace(path);
    const lines: string[] = [];
    const prompt = await clientIn(dir, KEY_A, up.url, lines).getPrompt("special", { fallback: "Fallback {{q}}" });
    expect([prompt.source, prompt.template]).toEqual(["fallback", "Fallback {{q}}"]);
    expect(lines.join("\n")).toMatch(warning);
  });
});

describe("a template broken on the server is a typed error that uses the fallback", () => {
  const BROKEN = "Answer {{#items}}{{name}}"; // an unclosed section

  it("without a fallback getPrompt() rejects with PromptTemplateError; with one the fallback is served and noted", async () => {
    const up = await serverWith({ [KEY_A]: [{ name: "broken", template: BROKEN }] });
    const hh = new HoneyHive({ apiKey: KEY_A, serverUrl: up.url, logger: quiet });
    const error = await hh.getPrompt("broken").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PromptTemplateError);
    expect(error).toMatchObject({ name: "PromptTemplateError", promptName: "broken", env: "prod", version: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect((error as PromptTemplateError).problem).toMatch(/Unclosed section "items"/);
    const served = await hh.getPrompt("broken", { fallback: "Answer {{q}}" });
    expect([served.source, served.compile({ q: "x" })]).toEqual(["fallback", "Answer x"]);
    expect(promptServingNotes().find((n) => n.name === "broken")).toMatchObject({ served: "fallback", reason: expect.stringMatching(/cannot be compiled/) });
    await expect(hh.getPrompt("broken", { fallback: "Also {{#broken}}" })).rejects.toBeInstanceOf(PromptTemplateError);
    await up.kill();
  });

  it("a cached good version stays served when the server's becomes broken; a fresh process reads the last good file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hh-prompt-broken-"));
    const up = await serverWith({ [KEY_A]: [{ name: "edited", template: "Good {{q}}" }] });
    const hh = clientIn(dir, KEY_A, up.url);
    const good = await hh.getPrompt("edited");
    await onlyCacheFile(dir);
    const listed = await up.api(KEY_A).configurations.list({ name: "edited" });
    const id = listed.ok ? String(listed.data.configurations[0]!.id) : "";
    const updated = await up.api(KEY_A).configurations.update(id, { name: "edited", parameters: { call_type: "chat", model: "gpt-4o-mini", template: BROKEN } });
    expect(updated.ok).toBe(true);
    const stale = await hh.getPrompt("edited", { ttlMs: 0 });
    expect([stale.source, stale.version]).toEqual(["cache", good.version]);
    await vi.waitFor(() => expect(promptServingNotes().find((n) => n.name === "edited")).toMatchObject({ served: "stale", version: good.version }));
    const fresh = await clientIn(dir, KEY_A, up.url).getPrompt("edited");
    expect([fresh.source, fresh.version, fresh.compile({ q: "y" })]).toEqual(["file", good.version, "Good y"]);
    await up.kill();
  });

  it("compile() of a prompt whose template reached it broken throws PromptTemplateError, never a bare Error", () => {
    const prompt = new Prompt({ name: "p", env: "prod", version: "v1", configId: null, updatedAt: null, template: [{ role: "user", content: "{{/closed}}" }], model: null, provider: null, parameters: {}, tools: [], responseFormat: null }, "api");
    expect(() => prompt.compile({})).toThrow(PromptTemplateError);
    expect(() => prompt.toOpenAI({})).toThrow(/message 0 \(user\): Unopened section "closed"/);
  });
});
