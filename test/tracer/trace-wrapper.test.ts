import { describe, expect, it } from "vitest";
import { enrichSpan, trace, traceChain, traceClass } from "../../packages/honeyhive/src/index";
import { createTestTracer } from "../../packages/honeyhive/src/testing";

describe("trace() wrapper semantics", () => {
  it("keeps sync functions sync, runs them once, captures inputs by name and the output", async () => {
    const { tracer, spans } = createTestTracer();
    let calls = 0;
    const tracedAdd = trace(function add(a: number, b: { k: number }) {
      calls++;
      return { sum: a + b.k, nested: { ok: true } };
    }, { tracer, eventType: "tool", metadata: { team: "x" } });
    const result = tracedAdd(1, { k: 2 });
    expect(result).toEqual({ sum: 3, nested: { ok: true } });
    expect(result instanceof Promise).toBe(false);
    expect(calls).toBe(1);
    const [span] = await spans();
    expect(span!.name).toBe("add");
    expect(span!.attributes).toMatchObject({
      honeyhive_event_type: "tool",
      honeyhive_event_name: "add",
      "honeyhive_inputs.a": 1,
      "honeyhive_inputs.b": JSON.stringify({ k: 2 }),
      "honeyhive_outputs.result.sum": 3,
      "honeyhive_outputs.result.nested.ok": true,
      "honeyhive_metadata.team": "x",
    });
    expect(typeof span!.attributes.honeyhive_duration_ms).toBe("number");
  });

  it("skips a tracer argument and uses positional names when names cannot be known", async () => {
    const { tracer, spans } = createTestTracer();
    const f = trace(({ a }: { a: number }, t: unknown, ...rest: number[]) => a + rest.length + (t ? 0 : 0), { tracer, eventName: "destructured" });
    f({ a: 1 }, tracer, 5, 6);
    const [span] = await spans();
    expect(span!.attributes["honeyhive_inputs.arg0"]).toBe(JSON.stringify({ a: 1 }));
    expect(Object.keys(span!.attributes).some((k) => k.startsWith("honeyhive_inputs.t"))).toBe(false);
  });

  it("records a rest parameter's arguments together, as one array under its name", async () => {
    const { tracer, spans } = createTestTracer();
    const join = trace(function join(sep: string, ...parts: string[]) { return parts.join(sep); }, { tracer });
    const spread = trace((...values: unknown[]) => values.length, { tracer, eventName: "spread" });
    const destructured = trace((first: number, ...[second]: number[]) => first + (second ?? 0), { tracer, eventName: "destructured_rest" });
    expect(join("-", "a", "b", "c")).toBe("a-b-c");
    join("+");
    spread(1, tracer, { k: "v" });
    destructured(1, 2, 3);
    const [withParts, noParts, spreadSpan, destructuredSpan] = await spans();
    const inputs = (span: typeof withParts) =>
      Object.fromEntries(Object.entries(span!.attributes).filter(([k]) => k.startsWith("honeyhive_inputs.")));
    expect(inputs(withParts)).toEqual({ "honeyhive_inputs.sep": "-", "honeyhive_inputs.parts": JSON.stringify(["a", "b", "c"]) });
    expect(inputs(noParts)).toEqual({ "honeyhive_inputs.sep": "+" });
    expect(inputs(spreadSpan)).toEqual({ "honeyhive_inputs.values": JSON.stringify([1, { k: "v" }]) });
    expect(inputs(destructuredSpan)).toEqual({ "honeyhive_inputs.first": 1, "honeyhive_inputs.arg1": JSON.stringify([2, 3]) });
  });

  it("async: returns a promise with the same value; errors are recorded on the same span and rethrown unchanged", async () => {
    const { tracer, spans } = createTestTracer();
    const boom = new TypeError("bad input");
    const tracedFail = trace(async function fail(x: number) {
      await new Promise((r) => setTimeout(r, 1));
      if (x > 0) throw boom;
      return x;
    }, { tracer });
    await expect(tracedFail(0)).resolves.toBe(0);
    await expect(tracedFail(1)).rejects.toBe(boom);
    const tracedFailSync = trace(function failSync() { throw boom; }, { tracer });
    expect(() => tracedFailSync()).toThrow(boom);
    const all = await spans();
    expect(all).toHaveLength(3);
    const errored = all.filter((s) => s.attributes.honeyhive_error !== undefined);
    expect(errored).toHaveLength(2);
    for (const span of errored) {
      expect(span.attributes.honeyhive_error).toBe("bad input");
      expect(span.attributes.honeyhive_error_type).toBe("TypeError");
      expect(span.status.code).toBe(2);
      expect(span.events.some((e) => e.name === "exception")).toBe(true);
    }
    expect(all.some((s) => s.name.endsWith("_error"))).toBe(false);
  });

  it("returns Promise subclasses as they are (extra methods kept) and adopts other thenables once", async () => {
    const { tracer, spans } = createTestTracer();
    class Special<T> extends Promise<T> { extra() { return "kept"; } }
    const f = trace(() => new Special<number>((r) => r(7)), { tracer, eventName: "special" });
    const out = f();
    expect(out).toBeInstanceOf(Special);
    expect(out.extra()).toBe("kept");
    await expect(out).resolves.toBe(7);
    let thenCalls = 0;
    const thenable = { then(resolve: (v: number) => void) { thenCalls++; resolve(9); } };
    const g = trace(() => thenable, { tracer, eventName: "thenable" });
    await expect(g() as unknown as Promise<number>).resolves.toBe(9);
    expect(thenCalls).toBe(1);
    const names = (await spans()).map((s) => [s.name, s.attributes["honeyhive_outputs.result"]]);
    expect(names).toEqual(expect.arrayContaining([["special", 7], ["thenable", 9]]));
  });

  it("enrichSpan writes namespaces with precedence metadata < attributes < extra keys, lazy values once", async () => {
    const { tracer, spans } = createTestTracer();
    let lazyCalls = 0;
    const f = trace(() => {
      expect(enrichSpan({
        metadata: { k: "metadata", only: 1 },
        attributes: { k: "attributes", attr: 2 },
        k: "extra",
        metrics: () => { lazyCalls++; return { score: 0.5 }; },
        feedback: { rating: 5 },
        config: { model: "m" },
        userProperties: { user: "u" },
        outputs: "plain",
        error: "oops",
        eventName: "renamed",
      })).toBe(true);
    }, { tracer, eventName: "enriched" });
    f();
    expect(lazyCalls).toBe(1);
    const [span] = await spans();
    expect(span!.attributes).toMatchObject({
      "honeyhive_metadata.k": "extra",
      "honeyhive_metadata.only": 1,
      "honeyhive_metadata.attr": 2,
      "honeyhive_metrics.score": 0.5,
      "honeyhive_feedback.rating": 5,
      "honeyhive_config.model": "m",
      "honeyhive_user_properties.user": "u",
      "honeyhive_outputs.value": "plain",
      honeyhive_error: "oops",
      honeyhive_event_name: "renamed",
    });
    expect(enrichSpan({ metadata: { a: 1 } })).toBe(false);
  });

  it("legacy helpers and traceClass trace own instance and static methods, leaving getters alone", async () => {
    const { tracer, spans } = createTestTracer();
    const chainStep = traceChain(function chain(x: number) { return x; }, { tracer });
    chainStep(1);
    class Tools {
      static make() { return new Tools(); }
      get value() { return 3; }
      lookup(q: string) { return q.toUpperCase(); }
    }
    traceClass({ tracer, eventType: "tool" })(Tools);
    const tools = Tools.make();
    expect(tools.lookup("a")).toBe("A");
    expect(tools.value).toBe(3);
    const names = (await spans()).map((s) => `${s.name}:${s.attributes.honeyhive_event_type}`);
    expect(names).toEqual(["chain:chain", "Tools.make:tool", "Tools.lookup:tool"]);
  });
});
