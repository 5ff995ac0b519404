/**
 * `diagnose()` in process: its probe span never reaches HoneyHive (and reaches the application's own exporter once),
 * unknown options name the closest key, the `fetch` seam is used, hostile options never make it reject.
 */
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-node";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HoneyHiveSpanProcessor, HoneyHiveTracer, diagnose } from "../../packages/honeyhive/src/index";
import { looksMinified } from "../../packages/honeyhive/src/instrument/minified-names";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";

let recorder: HoneyHiveRecorder;
let tracer: HoneyHiveTracer;
const appExporter = new InMemorySpanExporter();

beforeAll(async () => {
  recorder = await startHoneyHiveRecorder();
  // The documented setup with the application's own provider: it exports to its backend and routes to HoneyHive.
  new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(appExporter), new HoneyHiveSpanProcessor()] }).register();
  tracer = new HoneyHiveTracer({ apiKey: "k-diagnose", serverUrl: recorder.url, sessionName: "diagnose-api", logSink: () => undefined });
});
afterAll(async () => {
  await tracer.shutdown();
  await recorder.close();
});

describe("diagnose()", () => {
  it("finds no problem in the documented setup; the probe span goes to the app's exporter once and never to HoneyHive", async () => {
    const diagnosis = await diagnose({ apiKey: "k-diagnose", serverUrl: recorder.url });
    expect(diagnosis.checks.filter((c) => c.status === "problem")).toEqual([]);
    expect(diagnosis.ok).toBe(true);
    expect(diagnosis.checks.map((c) => c.id)).toEqual([
      "tracers", "async-local-storage", "context-manager", "global-provider", "opentelemetry-api", "instrumentations", "version-ranges",
      "module-copies", "client-helpers", "ai-sdk-telemetry", "untraced", "parameter-names", "prompts", "prices", "backend",
    ]);
    expect(diagnosis.spansByScope).toEqual({}); // no instrumentation span yet (the probe is not counted)
    await tracer.flush();
    expect(recorder.spans().filter((s) => s.name === "honeyhive.diagnose.probe")).toEqual([]);
    expect(appExporter.getFinishedSpans().filter((s) => s.name === "honeyhive.diagnose.probe")).toHaveLength(1);
  });

  it("uses the fetch seam, sends no span and never the key in a message", async () => {
    const seen: string[] = [];
    const diagnosis = await diagnose({
      apiKey: "secret-key-abcdef",
      serverUrl: "http://backend.invalid",
      fetch: async (url, init) => {
        seen.push(`${init.method} ${url} ${(init.body as Uint8Array).byteLength}`);
        throw new Error("connect ECONNREFUSED while sending secret-key-abcdef");
      },
    });
    expect(seen).toEqual(["POST http://backend.invalid/opentelemetry/v1/traces 0"]);
    const backend = diagnosis.checks.find((c) => c.id === "backend")!;
    expect(backend.status).toBe("problem");
    expect(backend.summary).toContain("unreachable");
    expect(JSON.stringify(diagnosis)).not.toContain("secret-key-abcdef");
  });

  it("a refused key: a remote backend's fix names HoneyHive's project keys, a server on this machine's names its --api-key list", async () => {
    const refuse = (async () => new Response("{}", { status: 401 })) as never;
    const remote = (await diagnose({ apiKey: "k-wrong", serverUrl: "https://api.example.invalid", fetch: refuse })).checks.find((c) => c.id === "backend")!;
    expect(remote.summary).toBe("The backend at https://api.example.invalid refused the API key (HTTP 401).");
    expect(remote.fix).toContain("project API key from HoneyHive's settings");
    for (const serverUrl of ["http://127.0.0.1:4318", "http://localhost:4318", "http://[::1]:4318"]) {
      const local = (await diagnose({ apiKey: "k-wrong", serverUrl, fetch: refuse })).checks.find((c) => c.id === "backend")!;
      expect(local.fix).toContain("accepts only the keys it was started with (`honeyhive serve --api-key`)");
    }
  });

  it("checks the key and server of the tracer in use when none is given (explicit tracer > active > default; options win)", async () => {
    const seen: string[] = [];
    const fetch = async (url: string, init: { headers?: Record<string, string> }) => {
      seen.push(`${url} ${init.headers?.authorization ?? "-"}`);
      return new Response("{}", { status: 200 });
    };
    const other = new HoneyHiveTracer({ apiKey: "k-other", serverUrl: "http://other.invalid", activate: false, logSink: () => undefined });
    const byDefault = await diagnose({ fetch: fetch as never });
    const explicit = await diagnose({ tracer: other, fetch: fetch as never });
    const active = await other.trace(() => diagnose({ fetch: fetch as never }));
    const option = await diagnose({ tracer: other, apiKey: "k-option", fetch: fetch as never });
    expect(seen).toEqual([
      `${recorder.url}/opentelemetry/v1/traces Bearer k-diagnose`,
      `${recorder.url}/viewer/whoami Bearer k-diagnose`, // a server on this machine: is its project empty while others are not?
      "http://other.invalid/opentelemetry/v1/traces Bearer k-other",
      "http://other.invalid/opentelemetry/v1/traces Bearer k-other",
      "http://other.invalid/opentelemetry/v1/traces Bearer k-option",
    ]);
    const backend = (d: Awaited<ReturnType<typeof diagnose>>) => d.checks.find((c) => c.id === "backend")!;
    expect(backend(byDefault)).toMatchObject({ status: "ok", summary: `The backend at ${recorder.url} accepted the tracer's API key (HTTP 200).` });
    expect(backend(explicit).summary).toBe("The backend at http://other.invalid accepted the tracer's API key (HTTP 200).");
    expect(backend(active).summary).toBe(backend(explicit).summary);
    expect(backend(option).summary).toBe("The backend at http://other.invalid accepted the API key (HTTP 200).");
    await other.shutdown();
  });

  it("names the closest key of an unknown option", async () => {
    const diagnosis = await diagnose({ backend: false, severUrl: "x" } as never);
    expect(diagnosis.checks[0]).toMatchObject({ id: "options", status: "problem" });
    expect(diagnosis.checks[0]!.summary).toContain(`unknown option "severUrl" (did you mean "serverUrl"?)`);
    expect(diagnosis.ok).toBe(false);
  });

  it("never rejects, whatever it is given", async () => {
    const revoked = Proxy.revocable({}, {});
    revoked.revoke();
    const hostile = [null, 42, "x", revoked.proxy, new Proxy({}, { get: () => { throw new Error("trap"); }, ownKeys: () => { throw new Error("trap"); } })];
    for (const options of hostile) {
      const diagnosis = await diagnose(options as never);
      expect(diagnosis.checks.length).toBeGreaterThanOrEqual(7);
    }
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string(), fc.anything()), async (options) => {
        const diagnosis = await diagnose({ ...options, backend: false } as never);
        expect(typeof diagnosis.ok).toBe("boolean");
      }),
      { numRuns: 50 },
    );
  });

  it("reports tracers a configuration error made no-ops (ok: false), with the fix, and counts each one", async () => {
    const warnings: string[] = [];
    const logSink = (level: string, message: string) => void warnings.push(`${level}: ${message}`);
    const noOp = new HoneyHiveTracer({ timeoutMs: -1, logSink } as never);
    expect(noOp.diagnostics().enabled).toBe(false);
    expect(warnings.join("\n")).toMatch(/timeoutMs.*this tracer is a no-op/);
    let diagnosis = await diagnose({ backend: false });
    const tracers = diagnosis.checks.find((c) => c.id === "tracers")!;
    expect(tracers).toEqual({
      id: "tracers", status: "problem",
      summary: "1 tracer was made a no-op by a configuration error: nothing of it is recorded or sent.",
      fix: "Fix the option its warning names (`[honeyhive] warn: configuration problem(s): …`); `resilience: \"strict\"` makes such errors throw instead.",
    });
    expect(diagnosis.ok).toBe(false);
    new HoneyHiveTracer({ maxQueueSize: "x", logSink } as never);
    diagnosis = await diagnose({ backend: false });
    expect(diagnosis.checks.find((c) => c.id === "tracers")!.summary).toBe("2 tracers were made a no-op by a configuration error: nothing of theirs is recorded or sent.");
  });

  it("minified parameter names: minifier letters yes, names people write no", () => {
    expect(looksMinified(["e", "t"])).toBe(true);
    expect(looksMinified(["e", "t", "n", "r"])).toBe(true);
    expect(looksMinified(["e"])).toBe(true);
    for (const names of [["a", "b"], ["x", "y"], ["i", "j"], ["question"], ["q", "context"], [], ["e", null]]) {
      expect(looksMinified(names)).toBe(false);
    }
  });
});
