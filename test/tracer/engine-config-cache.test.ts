import { describe, expect, it } from "vitest";
import { resolveTracerConfig } from "../../packages/honeyhive/src/config/resolve-config";
import type { LogSink } from "../../packages/honeyhive/src/internal/logger";
import { EngineConfigCache } from "../../packages/honeyhive/src/tracer/engine-config";

const ENV = { HH_PROJECT: "from-env" };
const run = { apiKey: "hh_cache_key_0123456789", serverUrl: "http://127.0.0.1:1/", source: "evaluation", sessionName: "run", runId: "r1", datasetId: "d1", isEvaluation: true, setAsDefault: false };

function capture(): { sink: LogSink; lines: string[] } {
  const lines: string[] = [];
  return { lines, sink: (level, message) => void lines.push(`${level}: ${message}`) };
}

describe("EngineConfigCache: a run's tracer options resolved once, the session fields per tracer", () => {
  it("gives what a full resolution gives, for every datapoint (session ids are new UUIDs each)", () => {
    const log = capture();
    const cache = new EngineConfigCache(ENV);
    const options = (i: number) => ({ ...run, logSink: log.sink, inputs: { i }, metadata: { i }, datapointId: ` dp-${i} ` });
    const first = cache.resolve(options(0));
    for (let i = 1; i < 4; i++) {
      const cached = cache.resolve(options(i));
      const full = resolveTracerConfig(options(i), ENV);
      expect(full.errors).toEqual([]);
      // read by field name: a cached configuration inherits the run's fields (a spread would miss them)
      for (const key of Object.keys(full.config) as (keyof typeof full.config)[]) {
        if (key !== "sessionId") expect(cached.config[key], key).toEqual(full.config[key]);
      }
      expect(cached.config.sessionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(cached.config.sessionId).not.toBe(first.config.sessionId);
      expect(Object.isFrozen(cached.config)).toBe(true);
      expect(cached.logger).toBe(first.logger); // same verbosity, sink and secrets
    }
    expect(cache.resolve({ ...options(5), isEvaluation: undefined }).config.isEvaluation).toBe(true); // derived from the ids again
    expect(log.lines).toEqual([]);
  });

  it("keeps each tracer's session fields its own: a configuration cannot be written, the run's fields are shared", () => {
    const cache = new EngineConfigCache(ENV);
    const configs = [0, 1, 2].map((i) => cache.resolve({ ...run, inputs: { i }, metadata: { m: i }, datapointId: `dp-${i}` }).config);
    const [, second, third] = configs as [never, (typeof configs)[number], (typeof configs)[number]];
    expect(() => Object.assign(second, { inputs: { i: 99 }, sessionId: third.sessionId })).toThrow(TypeError);
    expect(() => Object.assign(second, { project: "changed", serverUrl: "http://elsewhere/" })).toThrow(TypeError);
    expect(Object.isFrozen(Object.getPrototypeOf(second))).toBe(true); // the run's fields, shared by its tracers
    expect(Object.getPrototypeOf(second)).toBe(Object.getPrototypeOf(third));
    for (const [i, config] of configs.entries()) {
      expect(config.inputs).toEqual({ i });
      expect(config.metadata).toEqual({ m: i });
      expect(config.datapointId).toBe(`dp-${i}`);
      expect(config.project).toBe("from-env");
      expect(config.serverUrl).toBe("http://127.0.0.1:1");
    }
    expect(new Set(configs.map((c) => c.sessionId)).size).toBe(3);
  });

  it("resolves in full, with the same messages, when a session field or another option has a problem", () => {
    const log = capture();
    const cache = new EngineConfigCache(ENV);
    cache.resolve({ ...run, logSink: log.sink, datapointId: "dp-0" });
    const bad = cache.resolve({ ...run, logSink: log.sink, datapointId: "dp-1", sessionId: "not-a-uuid", inputs: [1] as never });
    expect(bad.config.inputs).toBeUndefined();
    expect(log.lines).toEqual([
      "warn: sessionId is not a valid UUID; a new session id was generated",
      'warn: option "inputs" must be an object (got an array); ignored',
    ]);
    const other = cache.resolve({ ...run, logSink: log.sink, datapointId: "dp-2", project: "another" });
    expect(other.config.project).toBe("another");
    expect(other.config.serviceName).toBe("another");
  });
});
