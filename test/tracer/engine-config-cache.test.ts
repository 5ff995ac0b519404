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
      expect({ ...cached.config, sessionId: "x" }).toEqual({ ...full.config, sessionId: "x" });
      expect(cached.config.sessionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(cached.config.sessionId).not.toBe(first.config.sessionId);
      expect(Object.isFrozen(cached.config)).toBe(true);
      expect(cached.logger).toBe(first.logger); // same verbosity, sink and secrets
    }
    expect(cache.resolve({ ...options(5), isEvaluation: undefined }).config.isEvaluation).toBe(true); // derived from the ids again
    expect(log.lines).toEqual([]);
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
