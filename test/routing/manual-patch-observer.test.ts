/**
 * The SDK watches `manuallyInstrument` on a registered instrumentation (for `diagnose()`, and to observe provider
 * streams). Some instrumentations take more than one module — OpenLLMetry's LlamaIndex instrumentation is
 * `manuallyInstrument(llamaindex, llamaOpenAI)` — so the watcher passes every argument on and notes each module.
 * (Passing only the first left @llamaindex/openai unpatched: 0 of 40 calls recorded.)
 */
import { InstrumentationBase } from "@opentelemetry/instrumentation";
import { describe, expect, it } from "vitest";
import { manualPatches } from "../../packages/honeyhive/src/integrations/register-instrumentations";
import { createTestTracer } from "../../packages/honeyhive/src/testing";

/** A real instrumentation (OpenTelemetry's base class) whose manual route patches two modules, named like an OpenAI one so the stream observer wraps it too. */
class TwoModuleInstrumentation extends InstrumentationBase {
  constructor() {
    super("test-openai-two-modules", "1.0.0", { enabled: false });
  }
  protected init(): [] {
    return [];
  }
  manuallyInstrument(framework: { run(): string }, provider?: { call(): string }): string {
    this._wrap(framework, "run", (original) => function run(this: unknown) { return `wrapped ${String(original.call(this))}`; });
    if (provider) this._wrap(provider, "call", (original) => function call(this: unknown) { return `wrapped ${String(original.call(this))}`; });
    return "patched";
  }
}

describe("manuallyInstrument on a registered instrumentation", () => {
  it("receives every module passed, returns its own result, and each module is noted as patched by hand", () => {
    const instrumentation = new TwoModuleInstrumentation();
    createTestTracer({ instrumentations: [instrumentation] });
    const framework = { run: () => "framework" };
    const provider = { call: () => "provider" };
    expect(instrumentation.manuallyInstrument(framework, provider)).toBe("patched");
    expect([framework.run(), provider.call()]).toEqual(["wrapped framework", "wrapped provider"]);
    const noted = manualPatches().filter((p) => p.instrumentation === instrumentation).map((p) => p.module);
    expect(noted).toEqual([framework, provider]);
  });
});
