// getPrompt() against the real dev server through the spec-checking proxy: versions, the in-memory cache
// (stale-while-revalidate, single-flight), the file cache, the fallback, the not-found error, timeouts and aborts.
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { inStrictMode } from "../helpers/option-rule";
import { createDevServer, type DevServer } from "../../packages/dev-server/src/index";
import {
  HoneyHive, HoneyHiveTracer, PromptNotFoundError, PromptUnavailableError, createApiClient, promptServingNotes, type ApiClient,
} from "../../packages/honeyhive/src/index";
import { createLogger } from "../../packages/honeyhive/src/internal/logger";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { SKIP_PYTHON_ORACLE, docsRecipe, runPython } from "../helpers/python3";
import { startSpecCheckingProxy, type SpecCheckingProxy } from "../helpers/spec-checking-proxy";

const KEY = "hh_get_prompt_key";
const checked = useCheckedDevServer();
let api: ApiClient;
const quiet = createLogger({ sink: () => undefined });

const parameters = {
  call_type: "chat" as const,
  model: "gpt-4o-mini",
  hyperparameters: { temperature: 0.7, max_tokens: 256 },
  template: [{ role: "system", content: "You help with {{topic}}. Café ✓" }, { role: "user", content: "{{question}}" }],
  responseFormat: { type: "json_object" as const },
};

/** Creates a configuration; its id. */
async function createPrompt(name: string, env: ("dev" | "staging" | "prod")[], params = parameters, client = api): Promise<string> {
  const created = await client.configurations.create({ name, provider: "openai", parameters: params, env });
  if (!created.ok) throw new Error(created.error);
  return created.data.insertedId;
}

/** Spec problems other than the deprecation every `/v1/configurations` operation carries (there is no other route). */
function violations(proxy: SpecCheckingProxy): string[] {
  return proxy.violations().filter((v) => !/Configurations?\) is deprecated$/.test(v));
}

function listRequests(proxy: SpecCheckingProxy, name: string): number {
  return proxy.requests.filter((r) => r.method === "GET" && r.url.startsWith("/v1/configurations?") && new URL(r.url, "http://x").searchParams.get("name") === name).length;
}

/** A dev server and its proxy of this test's own, to kill. */
async function ownServer(): Promise<{ server: DevServer; proxy: SpecCheckingProxy; kill: () => Promise<void> }> {
  const server = await createDevServer({ port: 0, host: "127.0.0.1", inMemory: true, logger: quiet });
  const proxy = await startSpecCheckingProxy(server.url);
  return { server, proxy, kill: async () => { await proxy.close(); await server.close(); } };
}

/** A server that never answers (for timeouts). */
let silent: Server;
let silentUrl: string;

beforeAll(async () => {
  api = createApiClient({ apiKey: KEY, serverUrl: checked.proxy.url });
  silent = createServer(() => undefined);
  await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  silentUrl = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});
afterAll(async () => {
  silent.closeAllConnections();
  await new Promise((resolve) => silent.close(resolve));
});

const client = (options: Record<string, unknown> = {}) => new HoneyHive({ apiKey: KEY, serverUrl: checked.proxy.url, logger: quiet, ...options });

describe("getPrompt", () => {
  it("returns the prompt of the env with its fields; the version is stable for the same content and changes on edit", async () => {
    const id = await createPrompt("support", ["prod", "staging"]);
    const prompt = await client().getPrompt("support");
    expect(prompt).toMatchObject({
      name: "support", env: "prod", configId: id, model: "gpt-4o-mini", provider: "openai", source: "api",
      parameters: { temperature: 0.7, max_tokens: 256 }, tools: [], responseFormat: { type: "json_object" }, template: parameters.template,
    });
    expect(prompt.version).toMatch(/^[0-9a-f]{16}$/);
    expect(typeof prompt.updatedAt).toBe("string");
    expect((await client().getPrompt("support", { env: "staging" })).version).toBe(prompt.version);
    await api.configurations.update(id, { name: "support", tags: ["not-content"] });
    expect((await client().getPrompt("support")).version).toBe(prompt.version);
    await api.configurations.update(id, { name: "support", parameters: { ...parameters, hyperparameters: { temperature: 0.8, max_tokens: 256 } } });
    const edited = await client().getPrompt("support");
    expect(edited.version).not.toBe(prompt.version);
    await api.configurations.update(id, { name: "support", parameters });
    expect((await client().getPrompt("support")).version).toBe(prompt.version);
    expect((await client().getPrompt("support", { version: prompt.version })).version).toBe(prompt.version);
    await expect(client().getPrompt("support", { version: edited.version })).rejects.toThrow(PromptNotFoundError);
    expect(violations(checked.proxy)).toEqual([]);
  });

  it.skipIf(SKIP_PYTHON_ORACLE)("the version is what the guide's Python recipe computes, 1.0-style floats included (and what the dev server records)", async () => {
    // a configuration as a JSON file spells it: 1.0 and 256.0 stay floats for Python's json.loads, 1 and 256 for JavaScript
    const text = `{"provider": "openai", "parameters": {"call_type": "chat", "model": "gpt-4o-mini", "template": "Hi {{name}}",
      "hyperparameters": {"temperature": 1.0, "max_tokens": 256.0, "top_p": 0.95, "presence_penalty": 0.0, "stop": ["\\n"]},
      "responseFormat": {"type": "text"}}}`;
    const { parameters: floats } = JSON.parse(text) as { parameters: typeof parameters };
    const id = await createPrompt("oracle", ["prod"], floats);
    const prompt = await client().getPrompt("oracle");
    const script = `${docsRecipe("docs/guide/prompts.md", "prompt_version")}\nimport sys\nprint(prompt_version(json.loads(sys.stdin.read())))`;
    const python = runPython(script, text).trim();
    expect(python).toMatch(/^[0-9a-f]{16}$/);
    expect(prompt.version).toBe(python);
    const history = await fetch(`${checked.server.url}/v1/configurations/${id}/versions`, { headers: { Authorization: `Bearer ${KEY}` } });
    expect(((await history.json()) as { versions: { version: string }[] }).versions.map((v) => v.version)).toEqual([python]);
  });

  it("a missing prompt throws PromptNotFoundError naming the environments that have it", async () => {
    await createPrompt("dev-only", ["dev", "staging"]);
    const error = await client().getPrompt("dev-only").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PromptNotFoundError);
    expect(error).toMatchObject({ promptName: "dev-only", env: "prod", availableEnvs: ["dev", "staging"] });
    expect((error as Error).message).toMatch(/exists in dev, staging/);
    const none = await client().getPrompt("no-such-prompt").catch((e: unknown) => e);
    expect(none).toMatchObject({ availableEnvs: [] });
    const fallback = await client().getPrompt("dev-only", { fallback: "Hi {{name}}" });
    expect(fallback).toMatchObject({ source: "fallback", version: "fallback", template: "Hi {{name}}", env: "prod" });
  });

  it("a stale entry is returned at once and refreshed in the background (stale-while-revalidate)", async () => {
    const id = await createPrompt("swr", ["prod"]);
    const hh = client();
    const first = await hh.getPrompt("swr");
    await api.configurations.update(id, { name: "swr", parameters: { ...parameters, model: "gpt-4o" } });
    const fresh = await hh.getPrompt("swr"); // within ttlMs: the cache, no request
    expect([fresh.source, fresh.version]).toEqual(["cache", first.version]);
    const before = listRequests(checked.proxy, "swr");
    const stale = await hh.getPrompt("swr", { ttlMs: 0 });
    expect([stale.source, stale.version, stale.model]).toEqual(["cache", first.version, "gpt-4o-mini"]);
    await vi.waitFor(async () => expect((await hh.getPrompt("swr")).model).toBe("gpt-4o"));
    expect(listRequests(checked.proxy, "swr")).toBe(before + 1);
  });

  it("concurrent calls for one prompt share one request (single-flight)", async () => {
    await createPrompt("flight", ["prod"]);
    const hh = client();
    const before = listRequests(checked.proxy, "flight");
    const prompts = await Promise.all(Array.from({ length: 25 }, () => hh.getPrompt("flight")));
    expect(new Set(prompts.map((p) => p.version)).size).toBe(1);
    expect(listRequests(checked.proxy, "flight")).toBe(before + 1);
  });

  it("with the server killed, a cached prompt is still returned, and diagnostics list it as served stale", async () => {
    const own = await ownServer();
    await createPrompt("killed", ["prod"], parameters, createApiClient({ apiKey: KEY, serverUrl: own.proxy.url }));
    const hh = new HoneyHive({ apiKey: KEY, serverUrl: own.proxy.url, logger: quiet });
    const warm = await hh.getPrompt("killed");
    await own.kill();
    const cached = await hh.getPrompt("killed", { ttlMs: 0 });
    expect([cached.source, cached.version]).toEqual(["cache", warm.version]);
    await vi.waitFor(() => expect(promptServingNotes().find((n) => n.name === "killed")).toMatchObject({ served: "stale", version: warm.version }));
  });

  it("a fresh client with the file cache and a dead server serves the last good prompt (source: file)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hh-prompts-"));
    const own = await ownServer();
    await createPrompt("filed", ["prod"], parameters, createApiClient({ apiKey: KEY, serverUrl: own.proxy.url }));
    const warm = await new HoneyHive({ apiKey: KEY, serverUrl: own.proxy.url, logger: quiet, promptCacheDir: dir }).getPrompt("filed");
    await vi.waitFor(() => expect(readdirSync(dir).filter((f) => f.endsWith(".json"))).toHaveLength(1));
    await own.kill();
    const offline = await new HoneyHive({ apiKey: KEY, serverUrl: own.proxy.url, logger: quiet, promptCacheDir: dir }).getPrompt("filed");
    expect(offline.toJSON()).toEqual({ ...warm.toJSON(), source: "file" });
    expect(promptServingNotes().find((n) => n.name === "filed")).toMatchObject({ served: "file" });
  });

  it("a corrupt cache file is ignored with a warning", async () => {
    const dir = mkdtempSync(join(tmpdir(), "hh-prompts-"));
    const own = await ownServer();
    await createPrompt("corrupt", ["prod"], parameters, createApiClient({ apiKey: KEY, serverUrl: own.proxy.url }));
    await new HoneyHive({ apiKey: KEY, serverUrl: own.proxy.url, logger: quiet, promptCacheDir: dir }).getPrompt("corrupt");
    await vi.waitFor(() => expect(readdirSync(dir)).toHaveLength(1));
    writeFileSync(join(dir, readdirSync(dir)[0]!), "{ not json");
    await own.kill();
    const lines: string[] = [];
    const logger = createLogger({ sink: (_level, line) => lines.push(line) });
    const prompt = await new HoneyHive({ apiKey: KEY, serverUrl: own.proxy.url, logger, promptCacheDir: dir }).getPrompt("corrupt", { fallback: "fallback {{x}}" });
    expect(prompt.source).toBe("fallback");
    expect(lines.join("\n")).toMatch(/is not a cached prompt: ignored/);
  });

  it("with neither a cache nor a file, the fallback is returned (a function only when needed), else PromptUnavailableError", async () => {
    const dead = await ownServer();
    await dead.kill();
    const hh = new HoneyHive({ apiKey: KEY, serverUrl: dead.proxy.url, logger: quiet });
    let calls = 0;
    const fallback = () => ((calls += 1), { template: "Answer {{q}}", model: "gpt-4o-mini" });
    const prompt = await hh.getPrompt("unreachable", { fallback });
    expect(prompt).toMatchObject({ source: "fallback", version: "fallback", configId: null, model: "gpt-4o-mini", template: "Answer {{q}}" });
    expect(calls).toBe(1);
    expect(promptServingNotes().find((n) => n.name === "unreachable")).toMatchObject({ served: "fallback", version: "fallback" });
    await expect(hh.getPrompt("unreachable")).rejects.toThrow(PromptUnavailableError);
    await createPrompt("reachable", ["prod"]);
    await client().getPrompt("reachable", { fallback });
    expect(calls).toBe(1);
  });

  it("honours timeoutMs and signal", async () => {
    const hh = new HoneyHive({ apiKey: KEY, serverUrl: silentUrl, logger: quiet });
    const late = await hh.getPrompt("slow", { timeoutMs: 50, fallback: "quick" });
    expect([late.source, late.template]).toEqual(["fallback", "quick"]);
    await expect(hh.getPrompt("slow", { timeoutMs: 50 })).rejects.toThrow(/no answer within 50 ms/);
    const controller = new AbortController();
    const pending = hh.getPrompt("slow-abort", { timeoutMs: 60_000, fallback: "never used" });
    const aborted = hh.getPrompt("slow-abort", { timeoutMs: 60_000, signal: controller.signal });
    controller.abort();
    await expect(aborted).rejects.toMatchObject({ name: "AbortError" });
    await expect(hh.getPrompt("x", { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: "AbortError" });
    void pending.catch(() => undefined);
  });

  it("bad values are a TypeError naming the fix; an unknown option throws only in strict mode", async () => {
    await inStrictMode(() => expect(client().getPrompt("support", { tllMs: 5 } as never)).rejects.toThrow(/unknown option "tllMs" \(did you mean "ttlMs"\?\)/));
    await expect(client().getPrompt("support", { env: "production" } as never)).rejects.toThrow(/env must be one of dev, staging, prod/);
    await expect(client().getPrompt("")).rejects.toThrow(TypeError);
  });

  it("the tracer's getPrompt uses its server and key", async () => {
    await createPrompt("traced", ["prod"]);
    const tracer = new HoneyHiveTracer({ apiKey: KEY, serverUrl: checked.proxy.url, setAsDefault: false, activate: false, logSink: () => undefined });
    const prompt = await tracer.getPrompt("traced");
    expect([prompt.name, prompt.source, prompt.model]).toEqual(["traced", "api", "gpt-4o-mini"]);
    expect(violations(checked.proxy)).toEqual([]);
  });
});

describe("diagnose()", () => {
  it("lists the prompts served stale or from the fallback", async () => {
    const { diagnose } = await import("../../packages/honeyhive/src/index");
    const dead = await ownServer();
    await dead.kill();
    await new HoneyHive({ apiKey: KEY, serverUrl: dead.proxy.url, logger: quiet }).getPrompt("diagnosed", { fallback: "x" });
    const diagnosis = await diagnose({ backend: false });
    const check = diagnosis.checks.find((c) => c.id === "prompts");
    expect(check).toMatchObject({ status: "problem" });
    expect(check?.summary).toMatch(/"diagnosed" \(prod\) served from the fallback 1× at version fallback/);
  });
});
