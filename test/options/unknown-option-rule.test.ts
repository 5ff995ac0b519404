// One rule for every options object: an unknown key, at any level, warns once naming the closest key of its own level
// and is ignored; strict mode (`resilience: "strict"`, `HH_RESILIENCE=strict`) throws. A configuration mistake never
// turns tracing off while flush() says true. Options that decide a verdict or a permission (evaluator(), the ready
// evaluators, feedbackToken(), createFeedbackHandler()) throw whatever the mode. Each surface: the tracer's nested
// objects, getPrompt, feedback, the dataset functions, the HoneyHive client; evaluate()'s are in
// test/evaluation/unknown-options.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import {
  EvaluationConfigError, HoneyHive, HoneyHiveConfigError, HoneyHiveTracer, createFeedbackHandler, datasetVersion, evaluator, feedback,
  feedbackToken, pushDataset, addFromEvents, trace,
} from "../../packages/honeyhive/src/index";
import { trajectoryMatch } from "../../packages/honeyhive/src/evaluators";
import { strictOptionsOf } from "../../packages/honeyhive/src/config/unknown-options";
import { useCheckedDevServer } from "../helpers/checked-dev-server";
import { inStrictMode, sdkWarnings } from "../helpers/option-rule";
import { type OtlpReceiver, startOtlpReceiver } from "../helpers/otlp-receiver";

const KEY = "hh_option_rule_key";
const checked = useCheckedDevServer();
let receiver: OtlpReceiver;
beforeAll(async () => {
  receiver = await startOtlpReceiver();
});
afterAll(async () => {
  await receiver.close();
});

const tracers: HoneyHiveTracer[] = [];
afterEach(async () => {
  vi.unstubAllEnvs();
  await Promise.all(tracers.splice(0).map((t) => t.shutdown(1000)));
});

/** A tracer exporting to the OTLP receiver, its warnings collected. */
function tracerWith(options: Record<string, unknown>): { tracer: HoneyHiveTracer; warnings: string[] } {
  const warnings: string[] = [];
  const tracer = new HoneyHiveTracer({
    apiKey: KEY, serverUrl: receiver.url, setAsDefault: false, skipSessionStart: true,
    logSink: (level: string, message: string) => void (level === "warn" && warnings.push(message)), ...options,
  } as never);
  tracers.push(tracer);
  return { tracer, warnings };
}

/** Ends one span named `name` and flushes; whether flush said true and whether the receiver holds the span. */
async function traceOne(tracer: HoneyHiveTracer, name: string): Promise<{ flushed: boolean; received: boolean }> {
  tracer.startSpan(name, () => tracer.enrichSpan({ outputs: { answer: "4" } }));
  const flushed = await tracer.flush(10_000);
  return { flushed, received: receiver.requests.some((r) => r.spans.some((s) => s.name === name)) };
}

describe("tracer options: a typo at any level is warned and ignored, and tracing goes on", () => {
  const NESTED: [string, Record<string, unknown>, string][] = [
    ["attachments", { attachments: { treshold: 1024 } }, 'option "attachments": unknown option "treshold" (did you mean "thresholdBytes"?); ignored'],
    [
      "onlineEvaluation",
      { onlineEvaluation: { evaluators: [() => 1], filter: () => false, sampleRatee: 0.5 } },
      'option "onlineEvaluation": unknown option "sampleRatee" (did you mean "sampleRate"?); ignored',
    ],
    [
      "onlineEvaluation.budget",
      { onlineEvaluation: { evaluators: [() => 1], filter: () => false, budget: { callsPerMinut: 5 } } },
      'option "onlineEvaluation.budget": unknown option "callsPerMinut" (did you mean "callsPerMinute"?); ignored',
    ],
  ];
  it.each(NESTED)("%s: one warning naming the closest key of that level; the spans are delivered and flush() is true", async (level, options, warning) => {
    const { tracer, warnings } = tracerWith(options);
    expect(tracer.diagnostics().enabled).toBe(true);
    expect(await traceOne(tracer, `nested-${level}`)).toEqual({ flushed: true, received: true });
    expect(warnings.filter((w) => w.includes("unknown option"))).toEqual([warning]);
  });

  it("spool: a typo in it is warned about at its level, the spool still works", async () => {
    const { tracer, warnings } = tracerWith({ spool: { dir: `/tmp/hh-option-rule-${process.pid}`, maxBytez: 10 } });
    expect(await traceOne(tracer, "nested-spool")).toEqual({ flushed: true, received: true });
    expect(warnings).toContain('option "spool": unknown option "maxBytez" (did you mean "maxBytes"?); ignored');
  });

  it("strict: the same typos throw a HoneyHiveConfigError naming the key of that level; HH_RESILIENCE=strict is strict too", async () => {
    for (const [, options] of NESTED) expect(() => tracerWith({ ...options, resilience: "strict" })).toThrowError(HoneyHiveConfigError);
    expect(() => tracerWith({ resilience: "strict", attachments: { treshold: 1 } })).toThrowError(/unknown option "treshold" \(did you mean "thresholdBytes"\?\)/);
    await inStrictMode(() => expect(() => tracerWith({ attachments: { maxByte: 1 } })).toThrowError(/did you mean "maxBytes"/));
    expect(() => tracerWith({ resilience: "balanced", attachments: { maxByte: 1 } })).not.toThrow(); // the option wins over the variable
  });

  it("a wrong value makes the tracer a no-op, said once, and then flush() and shutdown() resolve false", async () => {
    const { tracer, warnings } = tracerWith({ onlineEvaluation: { evaluators: [() => 1], sampleRate: 5 } });
    expect(tracer.diagnostics().enabled).toBe(false);
    expect(warnings.join("\n")).toContain('option "onlineEvaluation.sampleRate" must be a number from 0 to 1 (got 5)');
    expect(await traceOne(tracer, "disabled-by-value")).toEqual({ flushed: false, received: false });
    expect(await tracer.shutdown(1000)).toBe(false);
  });
});

describe("the functions' options", () => {
  it("getPrompt({ ttl }): warns naming ttlMs, ignores it and still serves the prompt (the fallback here)", async () => {
    const hh = new HoneyHive({ apiKey: KEY, serverUrl: checked.proxy.url });
    const { value: prompt, warnings } = await sdkWarnings(() => hh.getPrompt("no-such-prompt", { ttl: 5, fallback: "Answer {{q}}" } as never));
    expect(prompt.source).toBe("fallback");
    expect(warnings).toContain('getPrompt(): unknown option "ttl" (did you mean "ttlMs"?); ignored');
    await inStrictMode(() => expect(hh.getPrompt("no-such-prompt", { ttl: 5 } as never)).rejects.toThrowError(HoneyHiveConfigError));
  });

  it("a strict tracer's getPrompt throws for a typo; its warnings go to the tracer's log otherwise", async () => {
    const strict = tracerWith({ serverUrl: checked.proxy.url, resilience: "strict" }).tracer;
    await expect(strict.getPrompt("p", { envv: "prod" } as never)).rejects.toThrowError(/unknown option "envv" \(did you mean "env"\?\)/);
    const { tracer, warnings } = tracerWith({ serverUrl: checked.proxy.url });
    expect((await tracer.getPrompt("p", { fallbak: "x", fallback: "Hi" } as never)).source).toBe("fallback");
    expect(warnings).toContain('getPrompt(): unknown option "fallbak" (did you mean "fallback"?); ignored');
  });

  it("feedback({ idempotency_key }): warns naming idempotencyKey, ignores it, records the feedback; strict throws", async () => {
    const { tracer, warnings } = tracerWith({ serverUrl: checked.proxy.url, skipSessionStart: false });
    const sessionId = tracer.sessionId;
    expect(await tracer.whenSessionStarted()).toBe(true);
    expect(await feedback(sessionId, { name: "thumbs", value: true }, { tracer, idempotency_key: "k1" } as never)).toBe(true);
    expect(await feedback(sessionId, { name: "rating", value: 3, coment: "ok" } as never, { tracer })).toBe(true);
    expect(warnings).toEqual(expect.arrayContaining([
      'feedback(): options: unknown option "idempotency_key" (did you mean "idempotencyKey"?); ignored',
      'feedback(): fields: unknown option "coment" (did you mean "comment"?); ignored',
    ]));
    const strict = tracerWith({ serverUrl: checked.proxy.url, resilience: "strict" }).tracer;
    expect(() => feedback(sessionId, { name: "thumbs", value: true }, { tracer: strict, idempotency_key: "k2" } as never)).toThrowError(HoneyHiveConfigError);
  });

  it("the dataset functions: a typo at any level warns naming the closest key of its level and the call goes on", async () => {
    const hh = new HoneyHive({ apiKey: KEY, serverUrl: checked.proxy.url });
    const rows = [{ id: "a", inputs: { q: 1 } }, { id: "b", inputs: { q: 2 } }];
    const pushed = await sdkWarnings(() => pushDataset(hh, "option-rule", rows, { mdoe: "replace" } as never));
    expect(pushed.value.added).toHaveLength(2);
    expect(pushed.warnings).toContain('pushDataset(): unknown option "mdoe" (did you mean "mode"?); ignored');
    const version = await sdkWarnings(() => datasetVersion(rows, { keyy: "id" } as never));
    expect(version.value).toBe(datasetVersion(rows));
    expect(version.warnings).toContain('datasetVersion(): unknown option "keyy" (did you mean "key"?); ignored');
    const added = await sdkWarnings(() => addFromEvents(hh, pushed.value.datasetId, { filters: [], dateRange: { form: 0 } } as never));
    expect(added.warnings).toContain('addFromEvents(): option "dateRange": unknown option "form" (did you mean "from"?); ignored');
  });

  it("strict mode is the tracer's resilience, else HH_RESILIENCE, for trace()'s options, feedback() and getPrompt() alike", async () => {
    const throwsSync = (f: () => unknown): boolean => {
      try {
        f();
        return false;
      } catch (error) {
        expect(error).toBeInstanceOf(HoneyHiveConfigError);
        return true;
      }
    };
    const cases = [
      { resilience: "strict", env: undefined, strict: true },
      { resilience: "balanced", env: "strict", strict: false }, // the tracer's option wins over the variable
      { resilience: undefined, env: "STRICT", strict: true }, // no tracer: the variable, in any case
      { resilience: undefined, env: "balanced", strict: false },
    ];
    for (const [i, c] of cases.entries()) {
      vi.stubEnv("HH_RESILIENCE", c.env);
      const tracer = c.resilience === undefined ? undefined : tracerWith({ serverUrl: checked.proxy.url, resilience: c.resilience }).tracer;
      const seen: Record<string, boolean> = { rule: strictOptionsOf(tracer === undefined ? undefined : { settings: { resilience: c.resilience! } }) };
      seen.trace = throwsSync(() => trace(() => 1, { tracer, evenType: "tool" } as never));
      seen.feedback = throwsSync(() => void feedback(`s-${i}`, { name: "n", value: 1 }, { tracer, idempotency_kee: `k${i}` } as never).catch(() => undefined));
      if (tracer !== undefined) seen.getPrompt = await tracer.getPrompt("p", { envv: "prod", fallback: "Hi" } as never).then(() => false, () => true);
      const expected = Object.fromEntries(Object.keys(seen).map((k) => [k, c.strict]));
      expect({ case: c, seen }).toEqual({ case: c, seen: expected });
      vi.unstubAllEnvs();
    }
  });

  it("startSpan(): a typo warns naming the closest option and never throws, even strict", () => {
    const { tracer, warnings } = tracerWith({ resilience: "strict" });
    expect(tracer.startSpan("typo-span", () => 7, { evenType: "model" } as never)).toBe(7);
    expect(warnings).toContain('startSpan("typo-span"): unknown option "evenType" (did you mean "eventType"?); ignored');
  });

  it("options that decide a verdict or a permission: a typo throws naming the closest key, whatever the resilience mode", async () => {
    vi.stubEnv("HH_RESILIENCE", "balanced");
    expect(() => evaluator((o: unknown) => o === 1, { wieght: 2 } as never)).toThrowError(new EvaluationConfigError('evaluator(): unknown option "wieght" (did you mean "weight"?)'));
    expect(() => trajectoryMatch({ modes: "strict" } as never)).toThrowError(new HoneyHiveConfigError(['trajectoryMatch: unknown option "modes" (did you mean "mode"?)']));
    const { tracer, warnings } = tracerWith({ serverUrl: checked.proxy.url, resilience: "balanced", skipSessionStart: false });
    const token = feedbackToken({ sessionId: tracer.sessionId }, { tracer, ttlMs: 60_000, nmes: ["thumbs"] } as never);
    await expect(token).rejects.toThrowError(HoneyHiveConfigError);
    await expect(token).rejects.toThrowError('feedbackToken(): unknown option "nmes" (did you mean "names"?)');
    expect(() => createFeedbackHandler({ apiKey: KEY, serverUrl: checked.proxy.url, secrte: "s" } as never)).toThrowError(/createFeedbackHandler\(\): unknown option "secrte" \(did you mean "secret"\?\)/);
    expect(warnings.filter((w) => w.includes("unknown option"))).toEqual([]);
  });

  it("the HoneyHive client's own options: a typo warns naming the closest option", async () => {
    const { warnings } = await sdkWarnings(() => new HoneyHive({ apiKey: KEY, serverUrl: checked.proxy.url, promptCacheDri: "/tmp" } as never));
    expect(warnings).toContain('new HoneyHive(): unknown option "promptCacheDri" (did you mean "promptCacheDir"?); ignored');
  });
});
