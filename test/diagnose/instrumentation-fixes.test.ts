/**
 * The fix `diagnose()` offers for an instrumentation that never patched its loaded library names that
 * instrumentation's own module (it offered OpenAI's `instrumentModules: { openAI: OpenAI }` for every one). The
 * observations are built here: the OpenAI Agents SDK is not installed at the root (test/frameworks runs it for
 * real); observed-setups.test.ts runs the LangChain and OpenAI cases in real processes.
 */
import { describe, expect, it } from "vitest";
import { checkInstrumentations } from "../../packages/honeyhive/src/diagnose/check-instrumentations";
import type { ObservedInstrumentation, SetupObservation } from "../../packages/honeyhive/src/diagnose/observe-setup";

/** An instrumentation with no span and no patch, declaring `module` of `packageName`. */
function idle(name: string, packageName: string, module = packageName): ObservedInstrumentation {
  return { name, spans: 0, manual: [], modules: [{ name: module, packageName, subpath: module.slice(packageName.length + 1), supportedVersions: [] }] };
}

/** The observation of `instrumentations`, with `loaded` packages loaded (one unpatched copy each). */
function observation(instrumentations: ObservedInstrumentation[], loaded: string[]): SetupObservation {
  const copies = new Map(loaded.map((name) => [name, [{ name, root: `/app/node_modules/${name}`, version: "1.0.0", files: [], patched: false, unpatchedEntries: [] }]]));
  return { spansByScope: {}, instrumentations, loaded: copies };
}

const AGENTS = idle("@arizeai/openinference-instrumentation-openai-agents", "@openai/agents");
const LANGCHAIN = idle("@arizeai/openinference-instrumentation-langchain", "@langchain/core", "@langchain/core/dist/callbacks/manager.cjs");
const ANTHROPIC = idle("@traceloop/instrumentation-anthropic", "@anthropic-ai/sdk");
const OTHER = idle("@example/instrumentation-foo", "foo-client");

describe("the fix for an instrumentation that never patched its loaded library", () => {
  it("OpenAI Agents SDK: its namespace to the agents instrumentation's manuallyInstrument, not OpenAI's instrumentModules", () => {
    const found = checkInstrumentations(observation([AGENTS], ["@openai/agents"]));
    expect(found.status).toBe("problem");
    expect(found.summary).toContain("@arizeai/openinference-instrumentation-openai-agents (@openai/agents loaded, never patched, 0 spans)");
    expect(found.fix).toContain('`import * as agents from "@openai/agents"`, then `oia.manuallyInstrument(agents)`');
    expect(found.fix).not.toContain("openAI: OpenAI");
  });

  it("LangChain: the callback manager module; Anthropic: instrumentModules.anthropic; any other: its own package", () => {
    const found = checkInstrumentations(observation([LANGCHAIN, ANTHROPIC, OTHER], ["@langchain/core", "@anthropic-ai/sdk", "foo-client"]));
    expect(found.fix).toContain("`lc.manuallyInstrument(CallbackManagerModule)`");
    expect(found.fix).toContain("`new HoneyHiveTracer({ instrumentModules: { anthropic: Anthropic } })`");
    expect(found.fix).toContain("import `foo-client` and pass it to `manuallyInstrument(module)` of your @example/instrumentation-foo");
    expect(found.fix).not.toContain("openAI");
  });

  it("names the module in the fix for a library not loaded (yet) too", () => {
    const found = checkInstrumentations(observation([AGENTS], []));
    expect(found.summary).toContain("(@openai/agents not loaded, 0 spans)");
    expect(found.fix).toContain("`oia.manuallyInstrument(agents)`");
    expect(found.fix).toContain("remove the instrumentation");
    expect(found.fix).not.toContain("openAI: OpenAI");
  });
});
