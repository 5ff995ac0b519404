// captureSdkLogs(): the test seam for SDK lines that would go to stderr (free functions, tracers without logSink).
import { afterEach, describe, expect, it } from "vitest";
import { HoneyHiveTracer, setDefaultTracer, trace } from "../../packages/honeyhive/src/index";
import { captureSdkLogs, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";

function stderrDuring(fn: () => void): string {
  const original = process.stderr.write.bind(process.stderr);
  let text = "";
  process.stderr.write = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    fn();
  } finally {
    process.stderr.write = original;
  }
  return text;
}

const untraced = (): unknown => trace(function lonely() { return 1; })();
/** Another function: the warning about `lonely` is given once per process, so it would print nothing after restore(). */
const untracedToo = (): unknown => trace(function alone() { return 1; })();

describe("captureSdkLogs()", () => {
  afterEach(() => resetHoneyHiveGlobals());

  it("catches the process-wide logger's lines instead of writing them to stderr, and restore() ends the capture", () => {
    setDefaultTracer(undefined);
    const logs = captureSdkLogs();
    const during = stderrDuring(untraced);
    logs.restore();
    expect(during).toBe("");
    expect(logs.lines).toEqual([{ level: "warn", message: 'trace("lonely"): no HoneyHive tracer in context and no default tracer; the function runs untraced' }]);
    // Restored: the default goes to stderr again, unchanged (and the same warning is not repeated).
    expect(stderrDuring(untraced)).toBe("");
    expect(stderrDuring(untracedToo)).toBe('[honeyhive] warn: trace("alone"): no HoneyHive tracer in context and no default tracer; the function runs untraced\n');
    expect(logs.lines).toHaveLength(1);
  });

  it("catches tracers without logSink (scrubbed of the API key), leaves tracers with logSink alone, and nests", () => {
    const key = "hh_capture_secret_key_98765";
    const outer = captureSdkLogs();
    const inner = captureSdkLogs();
    const own: string[] = [];
    new HoneyHiveTracer({ apiKey: key, serverUrl: `not a url ${key}`, otlpProtocol: "grpc" as never, setAsDefault: false, testMode: true });
    new HoneyHiveTracer({ otlpProtocol: "grpc" as never, setAsDefault: false, testMode: true, logSink: (_l, m) => own.push(m) });
    inner.restore();
    new HoneyHiveTracer({ otlpProtocol: "grpc" as never, setAsDefault: false, testMode: true });
    outer.restore();
    expect(inner.lines).toHaveLength(1);
    expect(inner.text()).toMatch(/otlpProtocol must be one of.*serverUrl "not a url \[redacted\]"/);
    expect(inner.text()).not.toContain(key);
    expect(own).toHaveLength(1);
    expect(outer.lines).toHaveLength(1);
  });

  it("resetHoneyHiveGlobals() ends a capture that was never restored", () => {
    setDefaultTracer(undefined);
    const logs = captureSdkLogs();
    resetHoneyHiveGlobals();
    expect(stderrDuring(untraced)).toContain("[honeyhive] warn: trace(\"lonely\")");
    expect(logs.lines).toEqual([]);
  });
});
