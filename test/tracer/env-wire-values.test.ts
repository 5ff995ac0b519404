// HH_OTLP_PROTOCOL and HH_COMPRESSION follow the one rule for environment variables: a value that cannot be used is
// ignored with one warning naming the variable, the value, the accepted spellings and what is used instead, and the
// tracer keeps tracing (it used to be a configuration error that made the tracer a no-op). Values are any case.
// A bad *option* keeps its documented handling (an error under `resilience`).
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveTracer, trace } from "../../packages/honeyhive/src/index";
import { resolveTracerConfig } from "../../packages/honeyhive/src/config/resolve-config";
import { readEnv } from "../../packages/honeyhive/src/internal/env";
import { type OtlpReceiver, startOtlpReceiver } from "../helpers/otlp-receiver";

const WIRE_VARS = ["HH_OTLP_PROTOCOL", "HH_COMPRESSION"] as const;
let receiver: OtlpReceiver;

beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterEach(() => {
  for (const name of WIRE_VARS) delete process.env[name];
  receiver.clear();
});
afterAll(async () => {
  await receiver.close();
});

/** A tracer created with `env` set, one traced call, a flush: what it warned and what the receiver got. */
async function traceWith(env: Partial<Record<(typeof WIRE_VARS)[number], string>>) {
  Object.assign(process.env, env);
  const warnings: string[] = [];
  const tracer = new HoneyHiveTracer({
    apiKey: "hh-env-values-key", serverUrl: receiver.url, skipSessionStart: true, setAsDefault: false, disableBatch: true,
    logSink: (level, message) => void (level === "warn" && warnings.push(message)),
  });
  try {
    await trace(async () => "ok", { tracer, eventName: "env-values-call" })();
    const flushed = await tracer.flush(5000);
    const spans = await receiver.waitForSpans(1, 5000);
    return { warnings, flushed, spans, request: receiver.requests[0]!, diagnostics: tracer.diagnostics(), };
  } finally {
    await tracer.shutdown(2000);
  }
}

describe("HH_OTLP_PROTOCOL and HH_COMPRESSION values that cannot be used", () => {
  it("HH_OTLP_PROTOCOL=grpc: one warning (gRPC is not supported, http/protobuf is used), spans still exported", async () => {
    const run = await traceWith({ HH_OTLP_PROTOCOL: "grpc" });
    expect(run.warnings).toEqual([
      'environment variable HH_OTLP_PROTOCOL="grpc" is not one of http/protobuf, http/json (any case): ignored, using otlpProtocol = http/protobuf; OTLP over gRPC is not supported (spans are exported over HTTP)',
    ]);
    expect(run.flushed).toBe(true);
    expect(run.diagnostics.spansStarted).toBe(1);
    expect(run.spans.map((s) => s.name)).toEqual(["env-values-call"]);
    expect(run.request.contentType).toBe("application/x-protobuf");
  });

  it("HH_OTLP_PROTOCOL=HTTP/JSON is http/json (any case), without a warning", async () => {
    const run = await traceWith({ HH_OTLP_PROTOCOL: "HTTP/JSON" });
    expect(run.warnings).toEqual([]);
    expect(run.diagnostics.protocol).toBe("http/json");
    expect(run.request.contentType).toBe("application/json");
    expect(run.spans.map((s) => s.name)).toEqual(["env-values-call"]);
  });

  it("HH_COMPRESSION=brotli: one warning (gzip is used), spans still exported", async () => {
    const run = await traceWith({ HH_COMPRESSION: "brotli" });
    expect(run.warnings).toEqual([
      'environment variable HH_COMPRESSION="brotli" is not one of gzip, none (any case): ignored, using compression = gzip',
    ]);
    expect(run.flushed).toBe(true);
    expect(run.diagnostics.spansStarted).toBe(1);
    expect(run.spans.map((s) => s.name)).toEqual(["env-values-call"]);
  });

  it("a near miss names the closest value; NONE is none", () => {
    const { config, errors, envWarnings } = resolveTracerConfig({ testMode: true }, readEnv({ HH_OTLP_PROTOCOL: "http/protobuff", HH_COMPRESSION: "NONE" }));
    expect(errors).toEqual([]);
    expect(config).toMatchObject({ otlpProtocol: "http/protobuf", compression: "none" });
    expect(envWarnings).toEqual([
      'environment variable HH_OTLP_PROTOCOL="http/protobuff" is not one of http/protobuf, http/json (any case): ignored, using otlpProtocol = http/protobuf; did you mean "http/protobuf"?',
    ]);
  });

  it("a bad option keeps its documented handling: a configuration error (strict throws, balanced is a no-op)", () => {
    const env = readEnv({ HH_OTLP_PROTOCOL: "grpc" });
    const bad = resolveTracerConfig({ testMode: true, otlpProtocol: "grpc" as never, compression: "brotli" as never }, env);
    expect(bad.errors).toEqual(["otlpProtocol must be one of http/protobuf, http/json", "compression must be one of gzip, none"]);
    expect(bad.envWarnings).toEqual([]); // the option wins: the variable is not read
    expect(() => new HoneyHiveTracer({ testMode: true, setAsDefault: false, resilience: "strict", compression: "brotli" as never })).toThrow(/compression must be one of gzip, none/);
  });
});
