// Hostile option objects (typos at every level, values of every type) never throw into user code in non-strict mode
// and never turn tracing off silently: after one span and a flush, either the span was delivered and flush() said
// true, or flush() said false; a tracer its options made a no-op says so in a warning, and its flush() is false.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { HoneyHiveTracer } from "../../packages/honeyhive/src/index";
import { TRACER_OPTION_KEYS } from "../../packages/honeyhive/src/config/options-snapshot";

/** Keys the harness sets itself: where spans go and where warnings go (and what would write outside the test). */
const FIXED = new Set(["exporter", "logSink", "fetch", "testMode", "resilience", "instrumentations", "instrumentModules", "spool", "setAsDefault", "activate", "mask", "httpTracing", "disableHttpTracing"]);
const KEYS = TRACER_OPTION_KEYS.filter((k) => !FIXED.has(k));
const NESTED: Record<string, string[]> = {
  attachments: ["thresholdBytes", "maxBytes", "store", "presign", "presignGet"],
  onlineEvaluation: ["evaluators", "sampleRate", "filter", "target", "sessionQuietMs", "concurrency", "budget", "maxPending", "timeoutMs"],
};

/** A typo of `key`: one character dropped, doubled or swapped with the next. */
const typoOf = (keys: readonly string[]): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom(...keys), fc.nat(), fc.constantFrom("drop", "double", "swap")).map(([key, at, how]) => {
    const i = at % key.length;
    if (how === "drop") return key.slice(0, i) + key.slice(i + 1);
    if (how === "double") return key.slice(0, i) + key[i] + key.slice(i);
    return i + 1 < key.length ? key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2) : `${key}s`;
  });

const anyValue = fc.oneof(
  fc.anything({ maxDepth: 2 }),
  fc.constantFrom(undefined, null, 0, -1, 1, 1.5, 1e9, "", "x", "http://127.0.0.1:9", true, false, [], {}, () => 1),
);

/** A nested options object: known keys with any value, plus typos of them. */
function nested(keys: string[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.tuple(fc.dictionary(fc.constantFrom(...keys), anyValue, { maxKeys: 3 }), fc.dictionary(typoOf(keys), anyValue, { maxKeys: 2 }))
    .map(([known, typos]) => ({ ...typos, ...known }));
}

const hostileOptions: fc.Arbitrary<Record<string, unknown>> = fc.tuple(
  fc.dictionary(fc.constantFrom(...KEYS), anyValue, { maxKeys: 4 }),
  fc.dictionary(typoOf(KEYS), anyValue, { maxKeys: 2 }),
  fc.option(nested(NESTED.attachments!), { nil: undefined }),
  fc.option(nested(NESTED.onlineEvaluation!).map((o) => ({ evaluators: [() => 1], ...o })), { nil: undefined }),
).map(([known, typos, attachments, onlineEvaluation]) => ({
  ...typos, ...known, ...(attachments ? { attachments } : {}), ...(onlineEvaluation ? { onlineEvaluation } : {}),
}));

describe("hostile tracer options (non-strict)", () => {
  it("never throw, and never turn tracing off while flush() says true", async () => {
    await fc.assert(
      fc.asyncProperty(hostileOptions, async (options) => {
        const exporter = new InMemorySpanExporter();
        const warnings: string[] = [];
        let tracer: HoneyHiveTracer | undefined;
        expect(() => {
          tracer = new HoneyHiveTracer({
            ...options, exporter, testMode: false, setAsDefault: false, resilience: "balanced",
            logSink: (level: string, message: string) => void (level === "warn" && warnings.push(message)),
          } as never);
        }).not.toThrow();
        const t = tracer!;
        try {
          t.startSpan("probe", () => 1);
          const flushed = await t.flush(3000);
          const delivered = exporter.getFinishedSpans().some((s) => s.name === "probe");
          if (flushed) expect(delivered).toBe(true); // true only when tracing recorded and delivered
          if (!t.diagnostics().enabled) {
            expect(flushed).toBe(false);
            expect(warnings.join("\n")).toContain("this tracer is a no-op");
          }
          for (const typo of Object.keys(options).filter((k) => !(TRACER_OPTION_KEYS as readonly string[]).includes(k))) {
            expect(warnings.join("\n")).toContain(`unknown option ${JSON.stringify(typo)}`);
          }
        } finally {
          await t.shutdown(500);
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
