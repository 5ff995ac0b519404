/**
 * `instrumentModules` with a module no installed instrumentation can patch. With only
 * `@traceloop/instrumentation-anthropic` installed (0.27, which wraps the legacy `Completions` API gone from
 * `@anthropic-ai/sdk` 1.x), the SDK printed the raw `TypeError: Cannot read properties of undefined (reading
 * 'prototype')` and `diagnose()` said "No instrumentations were given to HoneyHive". Now: one warning line naming what
 * failed and what to install, and `diagnose()` reports the unpatched module as a problem with that fix.
 *
 * The real `@anthropic-ai/sdk` and Traceloop's real instrumentation; OpenInference's (installed in this repository)
 * is hidden from the SDK's package loader, as in an application that did not install it.
 */
import * as AnthropicModule from "@anthropic-ai/sdk";
import { afterEach, describe, expect, it, vi } from "vitest";
import { diagnose } from "../../packages/honeyhive/src/diagnose/index";
import { describeUnpatched } from "../../packages/honeyhive/src/integrations/unpatched-modules";
import { runtime } from "../../packages/honeyhive/src/runtime/platform";
import { createTestTracer, resetHoneyHiveGlobals } from "../../packages/honeyhive/src/testing";

const TRACELOOP = "@traceloop/instrumentation-anthropic";
const OPENINFERENCE = "@arizeai/openinference-instrumentation-anthropic";

/** Makes the SDK's loader of optional packages find none of `hidden`, as when they are not installed. */
function notInstalled(...hidden: string[]): void {
  const node = runtime.node!;
  const load = node.loadModule.bind(node);
  vi.spyOn(node, "loadModule").mockImplementation((name: string) => (hidden.includes(name) ? undefined : load(name)));
}

function warningsOf(instrumentModules: Record<string, unknown>): string[] {
  const lines: string[] = [];
  createTestTracer({ instrumentModules, logSink: (level, message) => void (level === "warn" && lines.push(message)) });
  return lines;
}

async function instrumentationCheck(): Promise<{ status: string; summary: string; fix?: string }> {
  return (await diagnose({ backend: false })).checks.find((c) => c.id === "instrumentations")!;
}

afterEach(() => {
  vi.restoreAllMocks();
  resetHoneyHiveGlobals();
});

describe("instrumentModules: a module no installed instrumentation can patch", () => {
  it("only Traceloop's Anthropic instrumentation (fails on 1.x): one warning naming the failure and what to install; diagnose() reports it", async () => {
    notInstalled(OPENINFERENCE);
    const warnings = warningsOf({ anthropic: AnthropicModule });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).not.toContain("\n");
    expect(warnings[0]).toMatch(/^instrumentModules\.anthropic was not patched, its calls are not instrumented: @traceloop\/instrumentation-anthropic could not patch this version of the module \(TypeError: .+\)\. /);
    expect(warnings[0]).toContain(`npm install ${OPENINFERENCE}`);
    const check = await instrumentationCheck();
    expect(check.status).toBe("problem");
    expect(check.summary).toContain(`instrumentModules.anthropic (${TRACELOOP} could not patch this version of the module (TypeError:`);
    expect(check.summary).not.toContain("No instrumentations were given");
    expect(check.fix).toContain(`npm install ${OPENINFERENCE}`);
  });

  it("no Anthropic instrumentation installed: the warning and diagnose() name both packages", async () => {
    notInstalled(OPENINFERENCE, TRACELOOP);
    expect(warningsOf({ anthropic: AnthropicModule })).toEqual([
      `instrumentModules.anthropic was not patched, its calls are not instrumented: no instrumentation package for it is installed (${TRACELOOP}, ${OPENINFERENCE}). Install one: npm install ${TRACELOOP} or ${OPENINFERENCE}.`,
    ]);
    const check = await instrumentationCheck();
    expect(check.status).toBe("problem");
    expect(check.summary).toContain("instrumentModules.anthropic (no instrumentation package for it is installed");
  });

  it("once OpenInference's is installed, a later instrumentModules patches the module and diagnose() forgets the failure", async () => {
    notInstalled(OPENINFERENCE);
    expect(warningsOf({ anthropic: AnthropicModule })).toHaveLength(1);
    vi.restoreAllMocks();
    expect(warningsOf({ anthropic: AnthropicModule })).toEqual([]); // Traceloop's failure is only a debug line now
    const check = await instrumentationCheck();
    expect(check.status).toBe("ok");
    expect(check.summary).toContain(OPENINFERENCE);
  });

  it("a key the SDK does not know (together): the warning names the closest key; diagnose() reports it with the openai-client fix", async () => {
    const TogetherModule = { Together: class Together {} };
    const warnings = warningsOf({ together: TogetherModule });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^instrumentModules: unknown key "together"/);
    const check = await instrumentationCheck();
    expect(check.status).toBe("problem");
    expect(check.summary).toContain('instrumentModules.together (unknown key "together"');
    expect(check.summary).not.toContain("No instrumentations were given");
    expect(check.fix).toContain("call it through the `openai` client with the provider's `baseURL` and pass `instrumentModules: { openAI: OpenAI }`");
  });

  it("groq-sdk as `groq` is a known key, patched by the OpenAI instrumentations: with neither installed, diagnose() says which to install", async () => {
    notInstalled("@traceloop/instrumentation-openai", "@arizeai/openinference-instrumentation-openai");
    const warnings = warningsOf({ groq: class Groq {} });
    expect(warnings).toEqual([
      "instrumentModules.groq was not patched, its calls are not instrumented: no instrumentation package for it is installed " +
        "(@arizeai/openinference-instrumentation-openai, @traceloop/instrumentation-openai). " +
        "Install one: npm install @arizeai/openinference-instrumentation-openai or @traceloop/instrumentation-openai.",
    ]);
    const check = await instrumentationCheck();
    expect(check.status).toBe("problem");
    expect(check.summary).toContain("instrumentModules.groq");
    expect(check.fix).toContain("npm install @arizeai/openinference-instrumentation-openai");
  });

  it("every installed package failing: the fix says to use versions that support the module", () => {
    const record = describeUnpatched("openai", ["a", "b"], [{ pkg: "a", error: new TypeError("x\ny") }, { pkg: "b", error: "z" }]);
    expect(record).toEqual({
      option: "instrumentModules.openai",
      reason: "a could not patch this version of the module (TypeError: x); b could not patch this version of the module (z)",
      fix: "Use versions of a and b that support the installed version of the module (see their changelogs).",
    });
  });
});
