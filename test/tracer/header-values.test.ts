// Header values built from configuration: a value HTTP cannot carry as it is never costs the spans.
import { afterEach, describe, expect, it } from "vitest";
import { HoneyHiveTracer, trace } from "../../packages/honeyhive/src/index";
import { captureSdkLogs, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";

let recorder: HoneyHiveRecorder | undefined;
afterEach(async () => {
  await recorder?.close();
  recorder = undefined;
  resetHoneyHiveGlobals();
});

/** A tracer with `source` exporting to a loopback recorder through the default node:http transport; its spans' requests. */
async function exportWithSource(source: string): Promise<{ recorder: HoneyHiveRecorder; lines: string[]; tracer: HoneyHiveTracer }> {
  recorder = await startHoneyHiveRecorder();
  const logs = captureSdkLogs();
  const tracer = new HoneyHiveTracer({ apiKey: "hh_header_key", serverUrl: recorder.url, source, sessionName: "headers", setAsDefault: false, verbose: true });
  await tracer.trace(() => trace(function step(n: number) { return n + 1; })(1));
  expect(await tracer.flush(5000)).toBe(true);
  await tracer.shutdown();
  logs.restore();
  return { recorder, lines: logs.lines.map((l) => `${l.level}: ${l.message}`), tracer };
}

describe("header values from configuration", () => {
  it("source outside Latin-1 (HH_SOURCE=生产 with U+202E): the spans are delivered, X-Source is left out, the attribute keeps the value", async () => {
    const source = "生产\u202e";
    const { recorder: server, lines, tracer } = await exportWithSource(source);
    const exports = server.requestsTo("/opentelemetry/");
    expect(exports.length).toBeGreaterThan(0);
    expect(exports.every((r) => r.headers["x-source"] === undefined)).toBe(true);
    const spans = server.spans();
    expect(spans.map((s) => s.name)).toContain("step");
    expect(spans.every((s) => s.attributes["honeyhive.source"] === source)).toBe(true);
    expect(tracer.diagnostics()).toMatchObject({ spansExported: spans.length, dropped: { exportFailed: 0 } });
    // the session start still names the source, in its JSON body
    expect(server.requestsTo("/session")[0]?.json).toMatchObject({ source });
    expect(lines).toContain("debug: span export: the X-Source header is left out: its value is not plain ASCII text, which an HTTP header cannot carry as it is");
    expect(lines.filter((l) => l.startsWith("warn"))).toEqual([]);
  });

  it("a newline in the source injects no header and breaks no request", async () => {
    const source = "prod\r\nX-Injected: yes";
    const { recorder: server } = await exportWithSource(source);
    const exports = server.requestsTo("/opentelemetry/");
    expect(exports.length).toBeGreaterThan(0);
    for (const request of exports) {
      expect(request.headers["x-source"]).toBeUndefined();
      expect(request.headers["x-injected"]).toBeUndefined();
    }
    expect(server.spans().every((s) => s.attributes["honeyhive.source"] === source)).toBe(true);
  });

  it("a plain ASCII source is sent as it is", async () => {
    const { recorder: server } = await exportWithSource("staging eu-1");
    const exports = server.requestsTo("/opentelemetry/");
    expect(exports.length).toBeGreaterThan(0);
    expect(exports.every((r) => r.headers["x-source"] === "staging eu-1")).toBe(true);
  });
});
