/**
 * Decision record 0036, end to end: the SDK's own spans (`trace()`, `tracer.startSpan()`) and an instrumentation's
 * spans (started through the real OpenTelemetry SDK tracer the tracer registers globally) nested in each other and
 * side by side, exported over OTLP to the real dev server on 127.0.0.1 and read back as the stored session tree.
 * Nested steps run synchronously, so most of them start within the same millisecond: the case two clocks got wrong.
 */
import { type Span, trace as otelTrace } from "@opentelemetry/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DevServer } from "../../packages/dev-server/src/index";
import { HoneyHiveTracer, trace } from "../../packages/honeyhive/src/index";
import { HoneyHiveSpan } from "../../packages/honeyhive/src/span/honeyhive-span";
import { call, startViewerServer } from "../viewer/helpers/viewer-server";

const KEY = "hh_span_clock_key";
const ROUNDS = 40;
let server: DevServer;

beforeAll(async () => {
  server = await startViewerServer();
});
afterAll(async () => {
  await server.close();
});

interface TreeNode {
  event_name: string;
  start_time: number;
  children?: TreeNode[];
}

/** The stored session with its event tree, read back from the dev server. */
async function storedTree(sessionId: string): Promise<TreeNode> {
  return (await call(server, "GET", `/v1/sessions/${sessionId}`, undefined, { key: KEY })).body;
}

/** Every parent → child pair below the session node. */
function pairs(node: TreeNode, out: [TreeNode, TreeNode][] = []): [TreeNode, TreeNode][] {
  for (const child of node.children ?? []) {
    out.push([node, child]);
    pairs(child, out);
  }
  return out;
}

/** An instrumentation's span: the official SDK tracer from the global provider, as OpenInference and others use it. */
const library = () => otelTrace.getTracer("instrumentation-like", "1.0.0");
const libraryStep = (name: string, inside?: () => void): void =>
  library().startActiveSpan(name, { attributes: { "openinference.span.kind": "TOOL" } }, (span: Span) => {
    inside?.();
    span.end();
  });

function newTracer(sessionName: string): HoneyHiveTracer {
  return new HoneyHiveTracer({ apiKey: KEY, serverUrl: server.url, sessionName, setAsDefault: false });
}

describe("own spans and instrumentation spans share one clock (stored by the dev server)", () => {
  it("a child never starts before its parent, whichever provider made either", async () => {
    const tracer = newTracer("nesting");
    const kinds = new Set<string>();
    const ownStep = trace(function own(round: number, inside?: () => void) {
      kinds.add(otelTrace.getActiveSpan() instanceof HoneyHiveSpan ? "light" : "other");
      inside?.();
      return round;
    });
    tracer.trace(() => {
      for (let i = 0; i < ROUNDS; i++) {
        // own → library → own → library, and library → own → library
        ownStep(i, () => libraryStep(`lib-in-own-${i}`, () => ownStep(i, () => libraryStep(`lib-leaf-${i}`))));
        libraryStep(`lib-root-${i}`, () => ownStep(i, () => libraryStep(`lib-in-own-in-lib-${i}`)));
      }
    });
    expect(kinds).toEqual(new Set(["light"])); // the SDK's own light spans, not spans of the OpenTelemetry SDK
    expect(await tracer.flush()).toBe(true);
    const session = await storedTree(tracer.sessionId);
    const all = pairs(session).filter(([parent]) => parent !== session);
    expect(all).toHaveLength(ROUNDS * 5);
    const earlier = all.filter(([parent, child]) => child.start_time < parent.start_time);
    expect(earlier.map(([p, c]) => `${c.event_name} ${c.start_time} < ${p.event_name} ${p.start_time}`)).toEqual([]);
    await tracer.shutdown();
  });

  // Calls shorter than a millisecond start within one (their start times tie, and the tree keeps the order the spans
  // were received in: the order they ended); calls over a millisecond, as model and tool calls take, do not.
  it.each([["shorter than a millisecond", 0.05], ["over a millisecond", 1.2]])("own → library → own side by side, calls %s: the session tree lists them in call order", async (_, callMs) => {
    const tracer = newTracer(`siblings-${callMs}`);
    const work = (): void => {
      const until = performance.now() + callMs;
      while (performance.now() < until) {
        // the call's work
      }
    };
    tracer.trace(() => {
      for (let i = 0; i < ROUNDS; i++) {
        tracer.startSpan(`turn-${i}`, () => {
          tracer.startSpan("model", work, { eventType: "model" });
          libraryStep("tool", work);
          tracer.startSpan("model", work, { eventType: "model" });
        });
      }
    });
    expect(await tracer.flush()).toBe(true);
    const session = await storedTree(tracer.sessionId);
    const turns = session.children ?? [];
    expect(turns.map((t) => t.event_name)).toEqual(Array.from({ length: ROUNDS }, (_, i) => `turn-${i}`));
    const wrong = turns.filter((t) => (t.children ?? []).map((c) => c.event_name).join(",") !== "model,tool,model");
    expect(wrong.map((t) => `${t.event_name}: ${(t.children ?? []).map((c) => `${c.event_name}@${c.start_time}`).join(", ")}`)).toEqual([]);
    await tracer.shutdown();
  });

  it("explicit start times given to the registered tracer's spans are kept", async () => {
    const tracer = newTracer("explicit");
    const at = Date.now() - 60_000;
    tracer.trace(() => {
      library().startSpan("from-date", { startTime: new Date(at) }).end();
      library().startSpan("from-hrtime", { startTime: [Math.floor(at / 1000), (at % 1000) * 1e6 + 250_000] }).end();
    });
    expect(await tracer.flush()).toBe(true);
    const byName = new Map((await storedTree(tracer.sessionId)).children?.map((c) => [c.event_name, c.start_time]));
    expect(byName.get("from-date")).toBe(at);
    expect(byName.get("from-hrtime")).toBe(at + 0.25);
    await tracer.shutdown();
  });
});
