// The off switch of pipelined session requests: `httpPipelining` (option > HH_HTTP_PIPELINING > default true) decides
// whether session starts go through the pipelining client or the ordinary node:http pool, checked as every tracer
// option is. Where Node is told to use a proxy from the environment the pipelining client is not used (it would bypass
// it); a `fetch` of yours (how a proxy is given to the SDK) carries them either way, never the pipelining client.
import { afterEach, describe, expect, it } from "vitest";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import { resolveTracerConfig } from "../../packages/honeyhive/src/config/resolve-config";
import type { HoneyHiveTracerOptions } from "../../packages/honeyhive/src/config/tracer-options";
import { processStateSizes } from "../../packages/honeyhive/src/internal/process-state";
import type { FetchLike } from "../../packages/honeyhive/src/runtime/fetch-like";
import { resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import { useSessionBackend } from "../helpers/session-backend";

const SESSIONS = 20;
const backend = useSessionBackend(0);
afterEach(() => resetHoneyHiveGlobals());

/** Origins the pipelining client has served since the last reset (0 when it was not used, or never loaded). */
const pipelinedOrigins = (): number => processStateSizes().caches["transport/pipelines"] ?? 0;

/** Starts {@link SESSIONS} sessions through a tracer made with `options`, flushes: what flush() said and the ids. */
async function startSessions(options: HoneyHiveTracerOptions): Promise<{ flushed: boolean; ids: string[] }> {
  const tracer = new HoneyHiveTracer({ apiKey: "hh_switch_key", serverUrl: backend().url, sessionName: "switch", setAsDefault: false, ...options });
  try {
    const ids = await Promise.all(Array.from({ length: SESSIONS }, (_, i) => tracer.withSession({ sessionName: `switch-${i}` }, async (id) => id)));
    return { flushed: await tracer.flush(30_000), ids };
  } finally {
    await tracer.shutdown(5_000);
  }
}

describe("httpPipelining is resolved once, as the other transport options", () => {
  it("option > HH_HTTP_PIPELINING > default (on)", () => {
    expect(resolveTracerConfig({}, {}).config.httpPipelining).toBe(true);
    expect(resolveTracerConfig({}, { HH_HTTP_PIPELINING: "false" }).config.httpPipelining).toBe(false);
    expect(resolveTracerConfig({}, { HH_HTTP_PIPELINING: "OFF" }).config.httpPipelining).toBe(false);
    expect(resolveTracerConfig({ httpPipelining: false }, {}).config.httpPipelining).toBe(false);
    expect(resolveTracerConfig({ httpPipelining: true }, { HH_HTTP_PIPELINING: "false" }).config.httpPipelining).toBe(true);
  });

  it("a variable that is no boolean is ignored with one warning; such an option is an error", () => {
    const fromEnv = resolveTracerConfig({}, { HH_HTTP_PIPELINING: "sometimes" });
    expect(fromEnv.config.httpPipelining).toBe(true);
    expect(fromEnv.errors).toEqual([]);
    expect(fromEnv.envWarnings).toEqual([expect.stringMatching(/^environment variable HH_HTTP_PIPELINING="sometimes" .*using httpPipelining = true/)]);
    expect(resolveTracerConfig({ httpPipelining: "no" as unknown as boolean }, {}).errors).toEqual([expect.stringContaining("httpPipelining")]);
  });

  it("a misspelt key names httpPipelining (warned and ignored; an error when strict)", () => {
    const typo = { httpPipeline: false } as HoneyHiveTracerOptions;
    expect(resolveTracerConfig(typo, {}).warnings).toEqual(['unknown option "httpPipeline" (did you mean "httpPipelining"?); ignored']);
    expect(resolveTracerConfig({ ...typo, resilience: "strict" }, {}).errors).toEqual(['unknown option "httpPipeline" (did you mean "httpPipelining"?)']);
  });
});

describe("which transport carries session starts", () => {
  it.each([true, false])("httpPipelining: %s: every session stored, through the pipelining client only when on", async (httpPipelining) => {
    const before = backend().sessions.size;
    const { flushed, ids } = await startSessions({ httpPipelining });
    expect(flushed).toBe(true);
    expect(ids.map((id) => backend().sessions.get(id)?.name)).toEqual(ids.map((_, i) => `switch-${i}`));
    expect(backend().sessions.size).toBe(before + SESSIONS);
    expect(pipelinedOrigins()).toBe(httpPipelining ? 1 : 0);
  });

  it("where Node is told to use a proxy from the environment, session starts take the ordinary path, whatever the option says", async () => {
    expect(resolveTracerConfig({ httpPipelining: true }, { NODE_USE_ENV_PROXY: "1", HTTPS_PROXY: "http://proxy.test:3128" }).config.httpPipelining).toBe(false);
    expect(resolveTracerConfig({}, { NODE_OPTIONS: "--max-old-space-size=512 --use-env-proxy", http_proxy: "http://proxy.test:3128" }).config.httpPipelining).toBe(false);
    // proxy variables Node is not told to read change nothing
    expect(resolveTracerConfig({}, { HTTPS_PROXY: "http://proxy.test:3128" }).config.httpPipelining).toBe(true);
    const saved = { NODE_USE_ENV_PROXY: process.env.NODE_USE_ENV_PROXY, HTTP_PROXY: process.env.HTTP_PROXY, NO_PROXY: process.env.NO_PROXY };
    // the backend is exempt (NO_PROXY) for a Node whose own clients read these variables: the requests still reach it
    Object.assign(process.env, { NODE_USE_ENV_PROXY: "1", HTTP_PROXY: "http://127.0.0.1:9", NO_PROXY: "127.0.0.1" });
    try {
      const { flushed, ids } = await startSessions({ httpPipelining: true });
      expect(flushed).toBe(true);
      expect(ids.every((id) => backend().sessions.has(id))).toBe(true);
      expect(pipelinedOrigins()).toBe(0);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });

  it("a fetch of yours (how a proxy is used) carries every session start; the pipelining client is never used", async () => {
    const seen: string[] = [];
    const viaCaller: FetchLike = (url, init) => {
      seen.push(url);
      return globalThis.fetch(url, init as RequestInit) as unknown as ReturnType<FetchLike>;
    };
    const { flushed, ids } = await startSessions({ fetch: viaCaller });
    expect(flushed).toBe(true);
    expect(ids.every((id) => backend().sessions.has(id))).toBe(true);
    expect(seen.filter((url) => url.endsWith("/v1/sessions"))).toHaveLength(SESSIONS);
    expect(pipelinedOrigins()).toBe(0);
  });
});
