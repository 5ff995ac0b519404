import { describe, expect, it } from "vitest";
import { DEFAULT_SERVER_URL, HoneyHiveConfigError, HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import { resolveTracerConfig } from "../../packages/honeyhive/src/config/resolve-config";
import { readEnv } from "../../packages/honeyhive/src/internal/env";

describe("configuration: option > HH_* env > default, resolved once", () => {
  it("uses defaults when nothing is given", () => {
    const { config, errors } = resolveTracerConfig({}, {});
    expect(errors).toEqual([]);
    expect(config).toMatchObject({ serverUrl: DEFAULT_SERVER_URL, source: "dev", otlpProtocol: "http/protobuf", disableBatch: false, verbose: false, testMode: false, resilience: "balanced", apiKey: undefined });
    expect(config.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(config.otlpEndpoint).toBe(`${DEFAULT_SERVER_URL}/opentelemetry/v1/traces`);
  });

  it("env fills what options leave out; options win", () => {
    const env = readEnv({ HH_API_KEY: "hh_env_key_1234", HH_API_URL: "http://127.0.0.1:9/", HH_SOURCE: "staging", HH_PROJECT: "p-env", HH_DISABLE_BATCH: "true", HH_OTLP_PROTOCOL: "http/json", HH_VERBOSE: "1" });
    const fromEnv = resolveTracerConfig({}, env).config;
    expect(fromEnv).toMatchObject({ apiKey: "hh_env_key_1234", serverUrl: "http://127.0.0.1:9", source: "staging", project: "p-env", disableBatch: true, otlpProtocol: "http/json", verbose: true });
    const fromOptions = resolveTracerConfig({ apiKey: "hh_opt_key_5678", source: "prod", disableBatch: false, otlpProtocol: "http/protobuf" }, env).config;
    expect(fromOptions).toMatchObject({ apiKey: "hh_opt_key_5678", source: "prod", disableBatch: false, otlpProtocol: "http/protobuf" });
  });

  it("never reads unprefixed variables", () => {
    const env = readEnv({ API_KEY: "leak", SOURCE: "leak", SESSION_NAME: "leak", RUN_ID: "leak", SERVER_URL: "http://leak" });
    const { config } = resolveTracerConfig({}, env);
    expect(JSON.stringify(config)).not.toContain("leak");
  });

  it("a valid caller-given session id is used lowercased; an invalid one is replaced with a warning", () => {
    const given = "3F1C0F8E-1111-4222-8333-444455556666";
    expect(resolveTracerConfig({ sessionId: given }, {}).config.sessionId).toBe(given.toLowerCase());
    const bad = resolveTracerConfig({ sessionId: "nope" }, {});
    expect(bad.config.sessionId).not.toBe("nope");
    expect(bad.warnings.join()).toMatch(/sessionId/);
  });

  it("AWS Lambda: immediate export and short timeouts by default", () => {
    const { config } = resolveTracerConfig({}, readEnv({ AWS_LAMBDA_FUNCTION_NAME: "fn" }));
    expect(config).toMatchObject({ environment: "lambda", disableBatch: true, timeoutMs: 3000 });
  });

  it("bad input: a warning and a working no-op tracer; strict mode throws a clear error without the key", () => {
    const lines: string[] = [];
    const tracer = new HoneyHiveTracer({ apiKey: "hh_secret_key_0000", serverUrl: "not a url", logSink: (_l, m) => lines.push(m), setAsDefault: false });
    expect(tracer.diagnostics().enabled).toBe(false);
    expect(tracer.startSpan("x", () => 42)).toBe(42);
    expect(lines.join("\n")).toMatch(/serverUrl/);
    expect(() => new HoneyHiveTracer({ apiKey: "hh_secret_key_0000", serverUrl: "ftp://x", resilience: "strict" })).toThrow(HoneyHiveConfigError);
    try {
      new HoneyHiveTracer({ apiKey: "hh_secret_key_0000", otlpProtocol: "grpc" as never, resilience: "strict" });
    } catch (error) {
      expect(String(error)).toMatch(/otlpProtocol/);
      expect(String(error)).not.toContain("hh_secret_key_0000");
    }
    const resilientLines: string[] = [];
    const resilient = new HoneyHiveTracer({ otlpProtocol: "grpc" as never, resilience: "resilient", testMode: true, setAsDefault: false, logSink: (_l, m) => resilientLines.push(m) });
    expect(resilient.diagnostics()).toMatchObject({ enabled: true, protocol: "http/protobuf" });
    expect(resilientLines).toEqual(["configuration problem(s): otlpProtocol must be one of http/protobuf, http/json; invalid values were replaced by defaults"]);
  });

  it("the API key never appears in a log line, JSON or inspection of the tracer", async () => {
    const lines: string[] = [];
    const key = "hh_very_secret_key_123456";
    const tracer = new HoneyHiveTracer({ apiKey: key, serverUrl: "http://127.0.0.1:1", verbose: true, logSink: (_l, m) => lines.push(m), timeoutMs: 200, setAsDefault: false });
    tracer.startSpan("x", () => 1);
    await tracer.flush(2000);
    await tracer.enrichSession({ metadata: { a: 1 } });
    await tracer.shutdown();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain(key);
    expect(JSON.stringify(tracer)).not.toContain(key);
    const { inspect } = await import("node:util");
    expect(inspect(tracer)).not.toContain(key);
  });
});
