/**
 * `diagnose()` by observation (issue 23, requirement 8): each setup runs in its own Node process (instrumentations,
 * require hooks and loaded modules are process-wide) from `setups/`, with the real packages of the root
 * node_modules against loopback fakes, and prints its diagnosis. Working setups — including those that patch through
 * `manuallyInstrument` — report no problem before and after their calls, and their spans per instrumentation scope;
 * each broken one reports the right problem and its fix. `cjs-build-manual-first.cjs` runs the built CommonJS package
 * (dist/, as doctor.test.ts does).
 */
import { execFile } from "node:child_process";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import type { Diagnosis } from "../../packages/honeyhive/src/diagnose";

const ROOT = resolve(__dirname, "../..");

interface Reported {
  label: string;
  diagnosis: Diagnosis;
}

const runs = new Map<string, Promise<Reported[]>>();
let running = 0;
const waiting: (() => void)[] = [];

/** Runs a setup script (three at a time: the machine is shared) and parses its reports. */
function runSetup(name: string): Promise<Reported[]> {
  let run = runs.get(name);
  if (!run) {
    run = (async () => {
      if (running >= 3) await new Promise<void>((go) => waiting.push(go));
      running++;
      try {
        return await new Promise<Reported[]>((done, fail) => {
          const args = name.endsWith(".cjs") ? [join(__dirname, "setups", name)] : ["--import", "tsx", join(__dirname, "setups", `${name}.ts`)];
          execFile(process.execPath, args, { cwd: ROOT, timeout: 90_000 }, (error, stdout, stderr) => {
            if (error) return fail(new Error(`${name}: ${error.message}\n${stderr}`));
            done(stdout.split("\n").filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as Reported));
          });
        });
      } finally {
        running--;
        waiting.shift()?.();
      }
    })();
    runs.set(name, run);
  }
  return run;
}

const problemsOf = (d: Diagnosis): string[] => d.checks.filter((c) => c.status === "problem").map((c) => c.id);
const check = (d: Diagnosis, id: string) => d.checks.find((c) => c.id === id)!;

const WORKING: [setup: string, scope: string, spans: number][] = [
  ["openai-openinference-require", "@arizeai/openinference-instrumentation-openai", 2],
  ["openai-openinference-manual", "@arizeai/openinference-instrumentation-openai", 2],
  ["anthropic-openinference-manual", "@arizeai/openinference-instrumentation-anthropic", 2],
  ["langchain-openinference-manual", "@arizeai/openinference-instrumentation-langchain", 2],
  ["anthropic-modules", "@arizeai/openinference-instrumentation-anthropic", 2],
  ["ai6-telemetry", "ai", 4],
  ["http-tracing", "@opentelemetry/instrumentation-undici", 1],
];

describe("diagnose() on working setups: no problem, and the spans each scope produced", () => {
  for (const name of WORKING.map(([setup]) => setup)) void runSetup(name);

  // instrumentModules patches the nested @langchain/openai copy too (in the background under tsx, which compiles ES
  // modules for require): diagnose() asks instrumentModules' record of the copies, and waits for a patch in flight.
  it("openai-instrument-modules: no problem, the nested copy of openai included", async () => {
    const [before, after] = await runSetup("openai-instrument-modules");
    expect(problemsOf(before!.diagnosis)).toEqual([]);
    expect(problemsOf(after!.diagnosis)).toEqual([]);
    expect(check(before!.diagnosis, "module-copies").summary).toContain("Every loaded copy of the instrumented packages is patched");
    expect(after!.diagnosis.spansByScope["@arizeai/openinference-instrumentation-openai"]).toEqual({ started: 2, routed: 2 });
  }, 120_000);

  it.each(WORKING)("%s", async (setup, scope, spans) => {
    const [before, after] = await runSetup(setup);
    expect(before!.label).toBe("before calls");
    expect(problemsOf(before!.diagnosis)).toEqual([]);
    expect(problemsOf(after!.diagnosis)).toEqual([]);
    expect(after!.diagnosis.spansByScope[scope]).toEqual({ started: spans, routed: spans });
    expect(before!.diagnosis.spansByScope[scope]).toBeUndefined();
  }, 120_000);
});

describe("diagnose() through the CommonJS build", () => {
  // Patched before the tracer existed, so outside the promise guard (decision record 0068): OpenInference's wrapper on
  // the ES module copy (not the CommonJS one it loaded) hands back a plain promise and `parse()` throws. That is the
  // one problem reported; the patch itself is found through the native import().
  it("an ES module patched by manuallyInstrument before the instrumentation was registered: read through a native import(), only client-helpers", async () => {
    const [{ diagnosis }] = (await runSetup("cjs-build-manual-first.cjs")) as [Reported];
    expect(problemsOf(diagnosis)).toEqual(["client-helpers"]);
    expect(check(diagnosis, "client-helpers").summary).toMatch(/openai 6\.49\.0 at \S*node_modules\/openai: its methods were wrapped by an instrumentation HoneyHive did not patch with/);
    expect(check(diagnosis, "instrumentations").summary).toContain("@arizeai/openinference-instrumentation-openai (0 spans)");
  }, 120_000);
});

describe("diagnose() on broken setups: the right problem and its fix", () => {
  it("an instrumentation enabled after its library was imported (ESM): loaded, never patched, 0 spans", async () => {
    const [{ diagnosis }] = (await runSetup("broken-esm-late")) as [Reported];
    expect(problemsOf(diagnosis)).toEqual(["instrumentations"]);
    expect(check(diagnosis, "instrumentations").summary).toContain("@arizeai/openinference-instrumentation-openai (openai loaded, never patched, 0 spans)");
    expect(check(diagnosis, "instrumentations").fix).toContain("`new HoneyHiveTracer({ instrumentModules: { openAI: OpenAI } })`");
    expect(diagnosis.spansByScope["@arizeai/openinference-instrumentation-openai"]).toBeUndefined();
  }, 120_000);

  it("LangChain's instrumentation without manuallyInstrument (ESM): the fix names LangChain's module, not OpenAI's", async () => {
    const [{ diagnosis }] = (await runSetup("broken-langchain-esm")) as [Reported];
    expect(problemsOf(diagnosis)).toEqual(["instrumentations"]);
    const found = check(diagnosis, "instrumentations");
    expect(found.summary).toContain("@arizeai/openinference-instrumentation-langchain (@langchain/core loaded, never patched, 0 spans)");
    expect(found.fix).toContain('`import * as CallbackManagerModule from "@langchain/core/callbacks/manager"`, then `lc.manuallyInstrument(CallbackManagerModule)`');
    expect(found.fix).not.toContain("openAI");
  }, 120_000);

  it("an instrumentation for a library never loaded", async () => {
    const [{ diagnosis }] = (await runSetup("broken-never-loaded")) as [Reported];
    expect(problemsOf(diagnosis)).toEqual(["instrumentations"]);
    expect(check(diagnosis, "instrumentations").summary).toContain("(@anthropic-ai/sdk not loaded, 0 spans)");
    expect(check(diagnosis, "instrumentations").fix).toContain("remove the instrumentation");
  }, 120_000);

  it("a framework's own copy of openai (@langchain/openai's) left unpatched by the app's own registration; instrumentModules patches it", async () => {
    const [broken, fixed, called] = await runSetup("broken-second-copy");
    expect(problemsOf(broken!.diagnosis)).toEqual(["module-copies"]);
    const copies = check(broken!.diagnosis, "module-copies");
    expect(copies.summary).toContain("openai 7.57.0 at ");
    expect(copies.summary).toContain("node_modules/@langchain/openai/node_modules/openai/index.mjs (loaded by @langchain/openai)");
    expect(copies.summary).not.toContain("openai 6.49.0");
    expect(copies.fix).toContain("`instrumentModules: { openAI: OpenAI }`");
    expect(copies.fix).toContain("overrides");
    expect(broken!.diagnosis.spansByScope).toEqual({}); // ChatOpenAI's call went through the unpatched copy
    expect(problemsOf(fixed!.diagnosis)).toEqual([]);
    expect(problemsOf(called!.diagnosis)).toEqual([]);
    // The framework's copy is patched with the package the app chose (OpenInference), not the SDK's first preference
    // (OpenLLMetry, installed too): one call, one span, so no copy was patched twice.
    expect(called!.diagnosis.spansByScope["@arizeai/openinference-instrumentation-openai"]).toEqual({ started: 1, routed: 1 });
    expect(called!.diagnosis.spansByScope["@traceloop/instrumentation-openai"]).toBeUndefined();
  }, 120_000);

  it("OpenLLMetry's OpenAI instrumentation patched before the tracer (no promise guard): stream() throws, client-helpers names the combination and the fix", async () => {
    const [{ label, diagnosis }] = (await runSetup("broken-openai-helpers")) as [Reported];
    expect(label).toMatch(/^stream helper: throws: /);
    expect(problemsOf(diagnosis)).toEqual(["client-helpers"]);
    const found = check(diagnosis, "client-helpers");
    expect(found.summary).toMatch(/openai 6\.49\.0 at .*node_modules\/openai: its methods were wrapped by an instrumentation HoneyHive did not patch with/);
    expect(found.fix).toContain("`new HoneyHiveTracer({ instrumentModules: { openAI: OpenAI } })`");
  }, 120_000);

  it("an instrumentation whose supported range misses the loaded version (OpenLLMetry openai 0.27: >=4 <7; openai 7.57.0)", async () => {
    const [{ diagnosis }] = (await runSetup("broken-version-range")) as [Reported];
    expect(problemsOf(diagnosis)).toEqual(["version-ranges"]);
    expect(check(diagnosis, "version-ranges").summary).toContain("@traceloop/instrumentation-openai supports openai >=4 <7, the installed openai is 7.57.0");
    expect(check(diagnosis, "version-ranges").fix).toContain("@latest");
  }, 120_000);
});
