import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type HoneyHiveRecorder, startHoneyHiveRecorder } from "../helpers/honeyhive-recorder";

const SRC = resolve(import.meta.dirname, "../../packages/honeyhive/src");

/**
 * The SDK as a minifying bundler ships it (Next.js, a Worker bundle): the SDK, the OpenTelemetry API and the
 * application's code in one minified file, so class, function and parameter names are all renamed.
 */
async function minifiedApp(dir: string): Promise<any> {
  const entry = `
    export { HoneyHiveTracer, trace } from ${JSON.stringify(join(SRC, "index.ts"))};
    export { captureSdkLogs } from ${JSON.stringify(join(SRC, "testing.ts"))};
    export { ProxyTracerProvider } from "@opentelemetry/api";
    import { trace } from ${JSON.stringify(join(SRC, "index.ts"))};
    export function makeApp(tracer) {
      const lookup = trace(async function lookupDocument(documentQuery) { return documentQuery.length; }, { tracer, eventName: "lookupDocument" });
      const answer = trace(async function answerQuestion(userQuestion, answerStyle) { return (await lookup(userQuestion)) + answerStyle; }, { tracer, eventName: "answerQuestion" });
      const named = trace(async function namedAnswer(userQuestion) { return userQuestion; }, { tracer, eventName: "namedAnswer", inputNames: ["question"] });
      return { answer, named };
    }
  `;
  const out = join(dir, "app.min.mjs");
  await build({
    stdin: { contents: entry, resolveDir: SRC, loader: "ts" }, bundle: true, minify: true, format: "esm", platform: "node",
    target: "node20", outfile: out, logLevel: "silent",
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  return import(pathToFileURL(out).href);
}

describe("a minified bundle behaves like plain Node", () => {
  let recorder: HoneyHiveRecorder;
  let dir: string;
  beforeAll(async () => {
    recorder = await startHoneyHiveRecorder();
    dir = mkdtempSync(join(tmpdir(), "hh-minified-"));
    writeFileSync(join(dir, "package.json"), "{}");
  });
  afterAll(async () => {
    await recorder.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("registers its provider (detected by identity), nests spans, and keeps input names given with inputNames", async () => {
    const app = await minifiedApp(dir);
    // The case the name check got wrong: the API's no-op provider is not called NoopTracerProvider any more.
    expect(new app.ProxyTracerProvider().getDelegate().constructor.name).not.toBe("NoopTracerProvider");
    const logs = app.captureSdkLogs();
    const tracer = new app.HoneyHiveTracer({ apiKey: "hh-min", serverUrl: recorder.url, sessionName: "minified" });
    expect(tracer.diagnostics().globalProvider).toBe("registered-by-honeyhive");
    const { answer, named } = app.makeApp(tracer);
    expect(await answer("abc", 1)).toBe(4);
    expect(await named("why?")).toBe("why?");
    expect((await tracer.flushReport(5000)).delivered).toBe(3);
    logs.restore();

    const spans = recorder.spans();
    // function names were renamed too (so spans are named with eventName here, as the README says)
    expect(spans.some((s) => s.name === "answerQuestion")).toBe(true);
    const outer = spans.find((s) => s.name === "answerQuestion");
    const inner = spans.find((s) => s.name === "lookupDocument");
    expect(outer?.parentSpanId).toBeUndefined();
    expect(inner?.parentSpanId).toBe(outer?.spanId);
    expect(inner?.traceId).toBe(outer?.traceId);
    expect(inner?.traceId).not.toMatch(/^0+$/);
    // parameters were renamed by the minifier: keyed by what is left, and one line says how to keep names
    const outerInputs = Object.keys(outer?.attributes ?? {}).filter((k) => k.startsWith("honeyhive_inputs."));
    expect(outerInputs).toHaveLength(2);
    expect(outerInputs).not.toContain("honeyhive_inputs.userQuestion");
    expect(spans.find((s) => s.name === "namedAnswer")?.attributes["honeyhive_inputs.question"]).toBe("why?");
    const minifiedLines = logs.lines.filter((l: { message: string }) => l.message.includes("inputNames"));
    expect(minifiedLines).toHaveLength(1);
    expect(logs.lines.filter((l: { level: string }) => l.level === "warn")).toHaveLength(1);
    await tracer.shutdown(1000);
  });
});
