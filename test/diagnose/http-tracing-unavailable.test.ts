/**
 * `httpTracing: true` in a project without `@opentelemetry/instrumentation-http` or `@opentelemetry/instrumentation-undici`:
 * the tracer warned at construction, but `diagnose()` said "No instrumentations were given to HoneyHive" and found no
 * problem. Now the tracer records the option it could not honour, and the `instrumentations` check reports it as a
 * problem whose fix names both packages. With one of the two installed, httpTracing works for that client (the README's
 * "and/or"), so it is not a problem; with both, the check names both instrumentations.
 *
 * The real instrumentation packages (root devDependencies); "not installed" is made real by hiding them from the SDK's
 * loader of optional packages (`runtime.node.loadModule`, the seam every optional package is loaded through).
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { diagnose } from "../../packages/honeyhive/src/diagnose/index";
import { enabledInstrumentations } from "../../packages/honeyhive/src/integrations/register-instrumentations";
import { runtime } from "../../packages/honeyhive/src/runtime/platform";
import { createTestTracer, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";

const HTTP = "@opentelemetry/instrumentation-http";
const UNDICI = "@opentelemetry/instrumentation-undici";
const WARNING = `httpTracing needs ${HTTP} and/or ${UNDICI} installed`;

/** Makes the SDK's loader of optional packages find none of `hidden`, as when they are not installed. */
function notInstalled(...hidden: string[]): void {
  const node = runtime.node!;
  const load = node.loadModule.bind(node);
  vi.spyOn(node, "loadModule").mockImplementation((name: string) => (hidden.includes(name) ? undefined : load(name)));
}

/** Creates a tracer with `options` and returns the warnings it logged (captured: the test output stays quiet). */
function warningsOf(options: { httpTracing?: boolean; disableHttpTracing?: boolean }): string[] {
  const lines: string[] = [];
  createTestTracer({ ...options, logSink: (level, message) => void (level === "warn" && lines.push(message)) });
  return lines;
}

async function instrumentationCheck(): Promise<{ status: string; summary: string; fix?: string }> {
  return (await diagnose({ backend: false })).checks.find((c) => c.id === "instrumentations")!;
}

afterEach(() => {
  vi.restoreAllMocks();
  for (const instrumentation of enabledInstrumentations()) instrumentation.disable?.(); // unpatch node:http for the next test
  resetHoneyHiveGlobals();
});

describe("diagnose(): httpTracing requested", () => {
  it("neither package installed: the construction warning, and a problem whose fix names both packages", async () => {
    notInstalled(HTTP, UNDICI);
    expect(warningsOf({ httpTracing: true })).toEqual([WARNING]);
    const check = await instrumentationCheck();
    expect(check.status).toBe("problem");
    expect(check.summary).not.toContain("No instrumentations were given");
    expect(check.summary).toContain("httpTracing");
    expect(check.summary).toContain(HTTP);
    expect(check.summary).toContain(UNDICI);
    expect(check.fix).toContain(`npm install ${HTTP} ${UNDICI}`);
    expect(check.fix).toContain("httpTracing");
  });

  it("the old option `disableHttpTracing: false` is the same request, and the same problem", async () => {
    notInstalled(HTTP, UNDICI);
    expect(warningsOf({ disableHttpTracing: false })).toEqual([WARNING]);
    expect((await instrumentationCheck()).status).toBe("problem");
  });

  it("nothing given: ok, and the summary says so", async () => {
    notInstalled(HTTP, UNDICI);
    expect(warningsOf({})).toEqual([]);
    expect(await instrumentationCheck()).toMatchObject({
      status: "ok",
      summary: "No instrumentations were given to HoneyHive (`instrumentations`, `instrumentModules`, `httpTracing`).",
    });
  });

  it.each([
    ["only the undici instrumentation installed", HTTP, UNDICI],
    ["only the http instrumentation installed", UNDICI, HTTP],
  ])("%s: httpTracing traces that client, no warning, ok", async (_, hidden, present) => {
    notInstalled(hidden);
    expect(warningsOf({ httpTracing: true })).toEqual([]);
    const check = await instrumentationCheck();
    expect(check.status).toBe("ok");
    expect(check.summary).toContain(present);
    expect(check.summary).not.toContain(hidden);
  });

  it("both installed: no warning, ok, both instrumentations at work", async () => {
    expect(warningsOf({ httpTracing: true })).toEqual([]);
    const check = await instrumentationCheck();
    expect(check.status).toBe("ok");
    expect(check.summary).toContain(`Instrumentations at work: ${HTTP}`);
    expect(check.summary).toContain(UNDICI);
  });

  it("installed later: a later tracer with httpTracing enables them and diagnose() forgets the earlier failure", async () => {
    notInstalled(HTTP, UNDICI);
    expect(warningsOf({ httpTracing: true })).toEqual([WARNING]);
    vi.restoreAllMocks();
    expect(warningsOf({ httpTracing: true })).toEqual([]);
    const check = await instrumentationCheck();
    expect(check.status).toBe("ok");
    expect(check.summary).toContain(HTTP);
  });
});

describe("httpTracing beside an HTTP instrumentation the application registered itself", () => {
  it("undici registered first: httpTracing adds the http instrumentation, once, and never builds a second undici", async () => {
    const { UndiciInstrumentation } = await import(UNDICI);
    createTestTracer({ instrumentations: [new UndiciInstrumentation()] });
    expect(enabledInstrumentations().map((i) => i.instrumentationName)).toEqual([UNDICI]);
    expect(warningsOf({ httpTracing: true })).toEqual([]);
    expect(warningsOf({ httpTracing: true })).toEqual([]);
    expect(enabledInstrumentations().map((i) => i.instrumentationName)).toEqual([UNDICI, HTTP]);
    expect((await instrumentationCheck()).status).toBe("ok");
  });
});
