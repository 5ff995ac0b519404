// TypeScript 5 standard (TC39) decorators: this file is compiled without experimentalDecorators.
import { describe, expect, it } from "vitest";
import { enrichSpan, trace, traceClass } from "../../packages/honeyhive/src/index";
import { createTestTracer } from "../../packages/honeyhive/src/testing";

const { tracer, spans } = createTestTracer();

class Bot {
  prefix = "bot:";
  @trace({ eventType: "tool", tracer })
  lookup(q: string) {
    enrichSpan({ metadata: { hits: 3 } });
    return this.prefix + q;
  }
  @trace
  async bare(n: number) {
    return n * 2;
  }
}

@traceClass({ tracer, eventType: "chain" })
class Pipeline {
  static create() { return new Pipeline(); }
  run(x: number) { return x + 1; }
  get name() { return "pipeline"; }
}

describe("standard decorators", () => {
  it("@trace(options) on a method keeps this, names the span after the method and records enrichment", async () => {
    expect(new Bot().lookup("q")).toBe("bot:q");
    const [span] = await spans();
    expect(span!.name).toBe("lookup");
    expect(span!.attributes).toMatchObject({ honeyhive_event_type: "tool", "honeyhive_inputs.q": "q", "honeyhive_outputs.result": "bot:q", "honeyhive_metadata.hits": 3 });
  });

  it("bare @trace finds the tracer in context", async () => {
    await tracer.trace(() => new Bot().bare(2));
    const names = (await spans()).map((s) => s.name);
    expect(names).toContain("bare");
  });

  it("@traceClass traces static and instance methods, not getters", async () => {
    const p = Pipeline.create();
    expect(p.run(1)).toBe(2);
    expect(p.name).toBe("pipeline");
    const names = (await spans()).map((s) => s.name);
    expect(names).toEqual(expect.arrayContaining(["Pipeline.create", "Pipeline.run"]));
    expect(names).not.toContain("Pipeline.name");
  });
});
